package dev.pkixj.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the batch inputs in order and cuts them into {@link Chunk}s, with bounded memory whatever
 * their size. Each input is a file, a directory (its regular files, recursively, in name order,
 * hidden files skipped) or {@code -} (standard input); gzip is detected by its magic bytes. Each
 * file's format is recognized from its first bytes:
 * <ul>
 *   <li>a JSON object whose first field is {@code "entries"}: a CT {@code get-entries} response,
 *       one record per entry, named {@code FILE#INDEX} (0-based);</li>
 *   <li>other JSON (or anything else that is not a certificate): NDJSON, one record per non-blank
 *       line, named {@code FILE:LINE} when it has no id;</li>
 *   <li>PEM text or DER: one chain per file (leaf first), named by the file's path.</li>
 * </ul>
 * Records are numbered across all inputs; the first {@code skip} are not emitted (to resume).
 */
public final class InputReader {
  static final int CHUNK_BYTES = 1 << 18;
  static final int MAX_LINE = 64 << 20;
  static final int MAX_FILE = 64 << 20;
  private static final int ITEMS_PER_CHUNK = 128;
  private static final JsonFactory JSON = new JsonFactory();

  /** Where chunks go (blocking when the pipeline is full). */
  interface Sink {
    void accept(Chunk c) throws InterruptedException;
  }

  private final List<String> inputs;
  private final InputStream stdin;
  private final DerInterner derInterner;
  private final long skip;
  private final AtomicLong bytesRead = new AtomicLong();
  private final long totalBytes;
  private long records;

  public InputReader(List<String> inputs, InputStream stdin, DerInterner derInterner, long skip)
      throws IOException {
    this.inputs = inputs;
    this.stdin = stdin;
    this.derInterner = derInterner;
    this.skip = skip;
    long total = 0;
    for (String in : inputs) {
      if (in.equals("-")) {
        total = -1;
        break;
      }
      for (Path p : files(Path.of(in))) {
        total += Files.size(p);
      }
    }
    this.totalBytes = total;
  }

  /** Bytes read from the files so far (compressed bytes for gzip input). */
  public long bytesRead() {
    return bytesRead.get();
  }

  /** The total size of the inputs, or -1 when unknown (standard input). */
  public long totalBytes() {
    return totalBytes;
  }

  /** The regular files of {@code p}: itself, or a directory's, sorted, hidden ones skipped. */
  static List<Path> files(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> !p.relativize(f).toString().startsWith(".")
              && !f.getFileName().toString().startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** Reads every input into {@code sink}; stops early (between chunks) when {@code stop} says so. */
  void run(Sink sink, BooleanSupplier stop) throws IOException, InterruptedException {
    for (String in : inputs) {
      if (stop.getAsBoolean()) {
        return;
      }
      if (in.equals("-")) {
        read(stdin, "<stdin>", false, sink, stop);
        continue;
      }
      for (Path p : files(Path.of(in))) {
        if (stop.getAsBoolean()) {
          return;
        }
        try (InputStream f = new Counting(Files.newInputStream(p), bytesRead)) {
          read(f, p.toString(), true, sink, stop);
        } catch (IOException e) {
          // Name the file: "Unexpected end of ZLIB input stream" alone says nothing of where.
          throw new IOException(p + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private void read(InputStream raw, String name, boolean isFile, Sink sink, BooleanSupplier stop)
      throws IOException, InterruptedException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    byte[] head = new byte[4096];
    in.mark(head.length);
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    int first = 0;
    while (first < n && isSpace(head[first])) {
      first++;
    }
    if (first == n) {
      return; // empty
    }
    if (head[first] == '{') {
      if (isCtResponse(head, first + 1, n)) {
        ct(in, name, sink, stop);
      } else {
        ndjson(in, name, sink, stop);
      }
    } else if ((head[first] & 0xff) == 0x30
        || new String(head, 0, n, StandardCharsets.ISO_8859_1).contains("-----BEGIN ")) {
      certificateFile(in, name, sink);
    } else if (isFile && (looksLikeCertificateFile(name) || isBinary(head, n))) {
      // Neither NDJSON nor a recognisable certificate: say so rather than "invalid JSON".
      certificateFile(in, name, sink);
    } else {
      ndjson(in, name, sink, stop);
    }
  }

  private static boolean looksLikeCertificateFile(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".pem") || n.endsWith(".crt") || n.endsWith(".cer") || n.endsWith(".der")
        || n.endsWith(".pem.gz") || n.endsWith(".crt.gz") || n.endsWith(".der.gz");
  }

  /** Control bytes other than whitespace: not a text format. */
  private static boolean isBinary(byte[] head, int n) {
    for (int i = 0; i < n; i++) {
      int c = head[i] & 0xff;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return true;
      }
    }
    return false;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static boolean isCtResponse(byte[] b, int p, int n) {
    while (p < n && isSpace(b[p])) {
      p++;
    }
    byte[] key = "\"entries\"".getBytes(StandardCharsets.US_ASCII);
    return p + key.length <= n && Arrays.equals(b, p, p + key.length, key, 0, key.length);
  }

  /** True if this record is to be emitted (counts it). */
  private boolean take() {
    return records++ >= skip;
  }

  // ---- NDJSON ---------------------------------------------------------------------------------

  private void ndjson(InputStream in, String name, Sink sink, BooleanSupplier stop)
      throws IOException, InterruptedException {
    byte[] buf = new byte[CHUNK_BYTES];
    int len = 0;
    long lineNo = 1;
    boolean eof = false;
    while (true) {
      while (!eof && len < buf.length) {
        int r = in.read(buf, len, buf.length - len);
        if (r < 0) {
          eof = true;
        } else {
          len += r;
        }
      }
      if (len == 0 && eof) {
        return;
      }
      int cut = len - 1;
      while (cut >= 0 && buf[cut] != '\n') {
        cut--;
      }
      int boundary;
      if (cut >= 0) {
        boundary = cut + 1;
      } else if (eof) {
        boundary = len;
      } else if (buf.length < MAX_LINE) {
        buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
        continue;
      } else {
        // One line longer than the limit: report it and skip to its end.
        if (take()) {
          emitItems(sink, name, new Chunk.Item[] {new Chunk.Item(null, name + ":" + lineNo,
              lineNo, "line longer than " + (MAX_LINE >> 20) + " MiB")}, 1);
        }
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
          // skip
        }
        eof = c < 0;
        lineNo++;
        len = 0;
        continue;
      }
      lineNo = cutLines(buf, boundary, lineNo, name, sink);
      byte[] next = new byte[Math.max(CHUNK_BYTES, len - boundary)];
      System.arraycopy(buf, boundary, next, 0, len - boundary);
      len -= boundary;
      buf = next;
      if (stop.getAsBoolean()) {
        return;
      }
    }
  }

  /** Emits the non-blank lines of {@code buf[0, end)}; returns the next line number. */
  private long cutLines(byte[] buf, int end, long lineNo, String name, Sink sink)
      throws InterruptedException {
    int cap = 64;
    int[] offs = new int[cap];
    int[] lens = new int[cap];
    long[] nos = new long[cap];
    int count = 0;
    int p = 0;
    while (p < end) {
      int s = p;
      p = Swar.indexOf(buf, p, end, (byte) '\n');
      if (p < 0) {
        p = end;
      }
      int e = p;
      p++; // past the newline
      if (e > s && buf[e - 1] == '\r') {
        e--;
      }
      int q = s;
      while (q < e && isSpace(buf[q])) {
        q++;
      }
      if (q < e && take()) {
        if (count == cap) {
          cap *= 2;
          offs = Arrays.copyOf(offs, cap);
          lens = Arrays.copyOf(lens, cap);
          nos = Arrays.copyOf(nos, cap);
        }
        offs[count] = s;
        lens[count] = e - s;
        nos[count] = lineNo;
        count++;
      }
      lineNo++;
    }
    if (count > 0) {
      sink.accept(new Chunk(name, buf, offs, lens, nos, count));
    }
    return lineNo;
  }

  // ---- CT get-entries -------------------------------------------------------------------------

  private void ct(InputStream in, String name, Sink sink, BooleanSupplier stop)
      throws IOException, InterruptedException {
    Chunk.Item[] items = new Chunk.Item[ITEMS_PER_CHUNK];
    int count = 0;
    long index = 0;
    try (JsonParser jp = JSON.createParser(in)) {
      try {
        if (jp.nextToken() != JsonToken.START_OBJECT) {
          throw new MalformedRecordException("not a get-entries response");
        }
        while (jp.nextToken() == JsonToken.FIELD_NAME) {
          String field = jp.currentName();
          JsonToken v = jp.nextToken();
          if (!field.equals("entries")) {
            jp.skipChildren();
            continue;
          }
          if (v != JsonToken.START_ARRAY) {
            throw new MalformedRecordException("\"entries\" is not an array");
          }
          JsonToken t;
          while ((t = jp.nextToken()) != JsonToken.END_ARRAY) {
            // The index moves on only once the entry was read: a broken one is named by its own.
            Chunk.Item item = ctEntry(jp, t, name, index);
            index++;
            if (item != null) {
              items[count++] = item;
              if (count == items.length) {
                emitItems(sink, name, items, count);
                items = new Chunk.Item[ITEMS_PER_CHUNK];
                count = 0;
                if (stop.getAsBoolean()) {
                  return;
                }
              }
            }
          }
        }
      } catch (JsonProcessingException e) {
        // The rest of the file cannot be resynchronized: report where it broke.
        if (take()) {
          items[count++] = new Chunk.Item(null, name + "#" + index, index, "invalid JSON: "
              + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        }
      } catch (MalformedRecordException e) {
        if (take()) {
          items[count++] = new Chunk.Item(null, name, -1, e.getMessage());
        }
      }
    }
    if (count > 0) {
      emitItems(sink, name, items, count);
    }
  }

  private Chunk.Item ctEntry(JsonParser jp, JsonToken t, String name, long index)
      throws IOException {
    String id = name + "#" + index;
    if (t != JsonToken.START_OBJECT) {
      jp.skipChildren();
      return take() ? new Chunk.Item(null, id, index, "entry is not an object") : null;
    }
    byte[] leafInput = null;
    byte[] extraData = null;
    String error = null;
    while (jp.nextToken() == JsonToken.FIELD_NAME) {
      String field = jp.currentName();
      JsonToken v = jp.nextToken();
      if ((field.equals("leaf_input") || field.equals("extra_data"))) {
        if (v != JsonToken.VALUE_STRING) {
          error = "\"" + field + "\" is not a string";
          jp.skipChildren();
          continue;
        }
        try {
          byte[] value = jp.getBinaryValue();
          if (field.equals("leaf_input")) {
            leafInput = value;
          } else {
            extraData = value;
          }
        } catch (JsonProcessingException e) {
          error = "\"" + field + "\": invalid base64";
        }
      } else {
        jp.skipChildren();
      }
    }
    if (!take()) {
      return null;
    }
    if (error != null) {
      return new Chunk.Item(null, id, index, error);
    }
    try {
      return new Chunk.Item(CtEntry.decode(leafInput, extraData, derInterner::intern), id, index,
          null);
    } catch (MalformedRecordException e) {
      return new Chunk.Item(null, id, index, e.getMessage());
    }
  }

  // ---- PEM / DER files ------------------------------------------------------------------------

  private void certificateFile(InputStream in, String name, Sink sink)
      throws IOException, InterruptedException {
    byte[] data = in.readNBytes(MAX_FILE + 1);
    if (!take()) {
      return;
    }
    Chunk.Item item;
    if (data.length > MAX_FILE) {
      item = new Chunk.Item(null, name, -1, "file larger than " + (MAX_FILE >> 20) + " MiB");
    } else {
      item = certificates(data, name);
    }
    emitItems(sink, name, new Chunk.Item[] {item}, 1);
  }

  private Chunk.Item certificates(byte[] data, String name) {
    try {
      return new Chunk.Item(chainFile(data, derInterner), name, -1, null);
    } catch (MalformedRecordException e) {
      return new Chunk.Item(null, name, -1, e.getMessage());
    }
  }

  /**
   * A PEM or DER file as one record: its certificates in order (leaf first), with no id, host or
   * time. The command line and the Spark job read a certificate file with this.
   *
   * @param interner where the certificates' DER goes, so that repeated ones are shared
   * @throws MalformedRecordException when the PEM framing is bad, there is no CERTIFICATE block,
   *     or the bytes are neither PEM nor a run of DER SEQUENCEs
   */
  public static ParsedRecord chainFile(byte[] data, DerInterner interner)
      throws MalformedRecordException {
    List<byte[]> certs;
    if (Pem.looksLikePem(data)) {
      try {
        certs = Pem.certificates(new String(data, StandardCharsets.ISO_8859_1));
      } catch (Pem.PemException e) {
        throw new MalformedRecordException("bad PEM: " + e.getMessage());
      }
      if (certs.isEmpty()) {
        throw new MalformedRecordException("no CERTIFICATE block");
      }
    } else {
      certs = Pem.splitDer(data);
      if (certs == null) {
        throw new MalformedRecordException("neither PEM nor DER");
      }
    }
    List<byte[]> chain = new ArrayList<>(certs.size());
    for (byte[] c : certs) {
      chain.add(interner.intern(c));
    }
    return new ParsedRecord(null, null, ParsedRecord.NO_TIME, chain);
  }

  private static void emitItems(Sink sink, String name, Chunk.Item[] items, int count)
      throws InterruptedException {
    sink.accept(new Chunk(name, items, count));
  }

  /** Counts the bytes read from a file, for progress. */
  private static final class Counting extends FilterInputStream {
    private final AtomicLong counter;

    Counting(InputStream in, AtomicLong counter) {
      super(in);
      this.counter = counter;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counter.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        counter.addAndGet(n);
      }
      return n;
    }
  }
}
