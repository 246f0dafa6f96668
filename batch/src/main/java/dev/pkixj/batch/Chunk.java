package dev.pkixj.batch;

import java.util.concurrent.CountDownLatch;

/**
 * A run of consecutive input records, the unit of work: either raw NDJSON lines (slices of one
 * buffer, parsed by the worker) or records the reader already decoded (CT entries, PEM files,
 * records found malformed while reading). The worker fills {@link #results} and the encoded
 * output; the writer takes chunks in input order.
 */
final class Chunk {
  /** A record already read (or found malformed) by the reader. */
  record Item(ParsedRecord record, String fallbackId, long line, String error) {}

  final String input;
  // Raw NDJSON lines.
  final byte[] buf;
  final int[] off;
  final int[] len;
  final long[] lineNo;
  // Or decoded items.
  final Item[] items;
  final int count;

  RecordResult[] results;
  byte[] out;
  int outLen;
  volatile boolean cancelled;
  private final CountDownLatch done = new CountDownLatch(1);

  Chunk(String input, byte[] buf, int[] off, int[] len, long[] lineNo, int count) {
    this.input = input;
    this.buf = buf;
    this.off = off;
    this.len = len;
    this.lineNo = lineNo;
    this.items = null;
    this.count = count;
  }

  Chunk(String input, Item[] items, int count) {
    this.input = input;
    this.buf = null;
    this.off = null;
    this.len = null;
    this.lineNo = null;
    this.items = items;
    this.count = count;
  }

  /** An end marker. */
  static Chunk marker() {
    return new Chunk("", new Item[0], 0);
  }

  void complete() {
    done.countDown();
  }

  void cancel() {
    cancelled = true;
    done.countDown();
  }

  void await() throws InterruptedException {
    done.await();
  }
}
