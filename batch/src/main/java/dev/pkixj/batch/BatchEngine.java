package dev.pkixj.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The batch pipeline: one reader thread cuts the inputs into chunks, one worker per core parses
 * and verifies them, and the calling thread writes the results in input order.
 *
 * <p>Memory is bounded: the reader blocks when {@code 2 × threads + 2} chunks wait for a worker
 * or {@code 4 × threads + 4} wait to be written (a chunk is at most ~256 KiB of input plus its
 * output), and the certificate caches are bounded. Stopping (Ctrl-C) is clean: the reader stops
 * between chunks, workers drop the chunks they have not started, and the writer writes every
 * chunk up to the first dropped one, so the output is always a prefix of the input's records,
 * one whole line per record.
 */
public final class BatchEngine {
  private final RecordVerifier verifier;
  private final DerInterner base64Interner;
  private final int threads;
  private volatile String workerError;

  public BatchEngine(RecordVerifier verifier, DerInterner base64Interner, int threads) {
    this.verifier = verifier;
    this.base64Interner = base64Interner;
    this.threads = threads;
  }

  /**
   * How the run ended. {@code internalError}: a worker failed outside any record's verification
   * (a bug, not a problem with the input) and ended the run; {@code ioError} then says how.
   */
  public record Outcome(boolean completed, boolean interrupted, String ioError,
      boolean internalError) {}

  /**
   * Runs the pipeline until the input ends, {@code stop} is set, or an I/O error.
   *
   * @param onChunk called by the writer after each chunk is written (progress), may be null
   */
  public Outcome run(InputReader reader, OutputStream out, RunStats stats, AtomicBoolean stop,
      Runnable onChunk) {
    BlockingQueue<Chunk> work = new ArrayBlockingQueue<>(2 * threads + 2);
    BlockingQueue<Chunk> ordered = new ArrayBlockingQueue<>(4 * threads + 4);
    Chunk end = Chunk.marker();
    Chunk poison = Chunk.marker();
    String[] readError = new String[1];

    Thread readerThread = new Thread(() -> {
      try {
        reader.run(c -> {
          ordered.put(c);
          work.put(c);
        }, stop::get);
      } catch (IOException | RuntimeException e) {
        readError[0] = "reading the input: " + e.getMessage();
        stop.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        try {
          ordered.put(end);
          for (int i = 0; i < threads; i++) {
            work.put(poison);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }, "pkixj-batch-reader");
    readerThread.setDaemon(true);

    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread w = new Thread(() -> work(work, poison, stop), "pkixj-batch-worker-" + i);
      w.setDaemon(true);
      workers.add(w);
    }
    readerThread.start();
    workers.forEach(Thread::start);

    long start = System.nanoTime();
    long resumed = stats.records;
    String writeError = null;
    boolean dropped = false;
    stats.sample(0, 0);
    try {
      while (true) {
        Chunk c = ordered.take();
        if (c == end) {
          break;
        }
        c.await();
        if (c.cancelled || dropped || writeError != null) {
          dropped = true;
          continue;
        }
        try {
          out.write(c.out, 0, c.outLen);
        } catch (IOException e) {
          writeError = "writing the output: " + e.getMessage();
          stop.set(true);
          continue;
        }
        for (int i = 0; i < c.count; i++) {
          stats.add(c.results[i]);
        }
        stats.sample((System.nanoTime() - start) / 1_000_000, stats.records - resumed);
        if (onChunk != null) {
          onChunk.run();
        }
      }
      out.flush();
    } catch (IOException e) {
      writeError = "writing the output: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dropped = true;
    }
    for (Thread w : workers) {
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stats.sampleFinal((System.nanoTime() - start) / 1_000_000, stats.records - resumed);
    String ioError = writeError != null ? writeError
        : workerError != null ? workerError : readError[0];
    boolean interrupted = ioError == null && (stop.get() || dropped);
    return new Outcome(ioError == null && !interrupted, interrupted, ioError,
        writeError == null && workerError != null);
  }

  private void work(BlockingQueue<Chunk> work, Chunk poison, AtomicBoolean stop) {
    RecordParser parser = new RecordParser(base64Interner);
    ResultLine line = new ResultLine();
    while (true) {
      Chunk c;
      try {
        c = work.take();
      } catch (InterruptedException e) {
        return;
      }
      if (c == poison) {
        return;
      }
      if (stop.get()) {
        c.cancel();
        continue;
      }
      try {
        process(c, parser, line);
        c.complete();
      } catch (RuntimeException | Error e) {
        workerError = "internal error: " + e;
        c.cancel();
        stop.set(true);
      }
    }
  }

  private void process(Chunk c, RecordParser parser, ResultLine line) {
    RecordResult[] results = new RecordResult[c.count];
    line.reset();
    for (int i = 0; i < c.count; i++) {
      RecordResult r;
      if (c.items == null) {
        long no = c.lineNo[i];
        String fallback = c.input + ":" + no;
        try {
          ParsedRecord p = parser.parse(c.buf, c.off[i], c.len[i]);
          r = verifier.verify(p, fallback, no);
        } catch (MalformedRecordException e) {
          r = RecordResult.malformed(fallback, no, "line " + no + ": " + e.getMessage());
        }
      } else {
        Chunk.Item it = c.items[i];
        r = it.record() == null
            ? RecordResult.malformed(it.fallbackId(), it.line(), it.fallbackId() + ": " + it.error())
            : verifier.verify(it.record(), it.fallbackId(), it.line());
      }
      results[i] = r;
      line.append(r);
    }
    c.results = results;
    c.out = line.toByteArray();
    c.outLen = c.out.length;
  }
}
