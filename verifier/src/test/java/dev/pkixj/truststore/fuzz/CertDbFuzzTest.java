package dev.pkixj.truststore.fuzz;

import static dev.pkixj.truststore.fuzz.ImporterFuzzTest.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.db.CertDbEvent;
import dev.pkixj.truststore.db.Check;
import dev.pkixj.truststore.db.Mode;
import dev.pkixj.truststore.db.NotACertDbException;
import dev.pkixj.truststore.db.Snapshot;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.Verifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Fuzz targets for the trust store's file loader, the certificate database ({@code CertDb}).
 *
 * <ul>
 *   <li>{@code file}: any bytes as the database file. Checksums make nearly every mutation a
 *       corruption, so this exercises detection, re-synchronisation, salvage and regeneration.</li>
 *   <li>{@code records}: the input is a list of records that the harness frames into a
 *       well-formed file with correct checksums (docs/certdb-format.md), so that the fuzzer
 *       reaches the record decoders and the rules for applying them.</li>
 * </ul>
 *
 * Rule, in both: a file that is not a database (no magic, no verifiable record) is refused by
 * every way of opening it and left byte for byte as it was, nothing created beside it; otherwise
 * opening never throws; the file it leaves behind is sound (a second open reports
 * nothing, has the same content and passes {@code check()}); a damaged file is kept aside byte
 * for byte; the content then builds a trust store that verifies a chain to a defined result.
 */
class CertDbFuzzTest {
  private static final TestPki PKI = TestPki.ec();

  @FuzzTest
  void file(byte[] data) {
    openAndCheck(data);
    // The same bytes behind the magic: recognised as a (damaged) database, so salvage runs.
    byte[] withMagic = new byte[MAGIC.length + data.length];
    System.arraycopy(MAGIC, 0, withMagic, 0, MAGIC.length);
    System.arraycopy(data, 0, withMagic, MAGIC.length, data.length);
    openAndCheck(withMagic);
  }

  private static final byte[] MAGIC = "PKIXJCDB".getBytes(StandardCharsets.US_ASCII);

  /**
   * Input: records back to back, each {@code [type][K][B hi][B lo][K key bytes][B body bytes]};
   * K = 0xFF means "no key bytes in the input: the key is the SHA-256 of the record's
   * certificate" (so that CERT and INTERMEDIATE records can pass the hash check).
   */
  @FuzzTest
  void records(byte[] data) {
    openAndCheck(frame(data));
  }

  private static void openAndCheck(byte[] image) {
    Path dir = Scratch.dir("certdb");
    Path f = dir.resolve("certdb");
    try {
      Files.write(f, image);
      Check before = CertDb.checkFile(f);
      require(before != null && before.problems() != null, "checkFile");
    } catch (NotACertDbException e) {
      refusedUntouched(dir, f, image);
      return;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> content;
    Mode mode;
    try (CertDb db = CertDb.open(f)) {
      mode = db.mode();
      for (CertDbEvent e : db.events()) {
        require(e.message() != null && !e.message().isBlank(), "event without a message");
        if (e.isCorruption() && e.quarantinedFile() != null) {
          require(Arrays.equals(image, read(e.quarantinedFile())),
              "damaged file not kept aside byte for byte: " + e);
        }
      }
      Snapshot s = db.snapshot();
      content = model(s);
      Check c = db.check();
      require(c != null, "check");
      verifyWith(s);
    }
    if (mode != Mode.READ_WRITE) {
      return; // e.g. a newer format version: the file is left as it was
    }
    try (CertDb db = CertDb.open(f)) {
      require(db.events().isEmpty(), "the file left behind is not clean: " + db.events());
      require(content.equals(model(db.snapshot())), "reopening changed the content");
      require(db.check().ok(), "the file left behind does not pass check: " + db.check());
    }
  }

  /**
   * A file that is not a database is refused by every way of opening it, and stays as it was:
   * same bytes, nothing created beside it.
   */
  private static void refusedUntouched(Path dir, Path f, byte[] image) {
    for (int i = 0; i < 2; i++) {
      try (CertDb db = i == 0 ? CertDb.open(f) : CertDb.openReadOnly(f)) {
        throw new IllegalStateException("checkFile refused the file but open accepted it");
      } catch (NotACertDbException e) {
        require(e.getMessage().contains(f.toString()), "the refusal names the file");
      }
    }
    require(Arrays.equals(image, read(f)), "a refused file was changed");
    try (var files = Files.list(dir)) {
      require(files.count() == 1, "something was created beside a refused file");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The database's content feeds path building: any content must give a defined verdict. */
  private static void verifyWith(Snapshot s) {
    List<byte[]> seen = new ArrayList<>();
    for (TrustEntry i : s.intermediates()) {
      seen.add(i.der());
    }
    TrustStore store = TrustStore.of(List.of(new TrustEntry(PKI.root().der(), Trust.ANCHOR, null,
        "root", Source.OS)), s.entries(), seen, s.suspects());
    Result r = new Verifier(store.trustDomains()).verifyServer(List.of(PKI.leaf().der()),
        TestPki.LEAF_HOST, TestClock.NOW).result();
    require(r != null && !r.isFatal(), "verification with the database's content: " + r);
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One string per live item, for comparing two opens. */
  static Map<String, String> model(Snapshot s) {
    Map<String, String> m = new TreeMap<>();
    HexFormat hex = HexFormat.of();
    for (TrustEntry e : s.entries()) {
      m.put("C " + hex.formatHex(CertDb.fingerprint(e.der())), e.trust() + " "
          + e.distrustAfter() + " " + e.label() + " " + e.source());
    }
    for (byte[] k : s.suspects()) {
      m.put("S " + hex.formatHex(k), "suspect");
    }
    for (CertOverride o : s.overrides()) {
      m.put("O " + o.host() + ":" + o.port(), hex.formatHex(o.sha256()) + " " + o.created());
    }
    for (TrustEntry e : s.intermediates()) {
      m.put("I " + hex.formatHex(CertDb.fingerprint(e.der())), "seen");
    }
    return m;
  }

  // ---- framing a well-formed file (docs/certdb-format.md §2) ----

  static final int SLOT_STRIDE = 4096;
  static final int RECORDS_START = 8192;
  static final long GENERATION = 7;
  static final long CREATED = 1_780_000_000_000L;

  /** A record as the fuzz input describes it. */
  record Rec(int type, byte[] key, byte[] body) {}

  static List<Rec> parseRecords(byte[] data) {
    List<Rec> out = new ArrayList<>();
    int p = 0;
    while (p + 4 <= data.length && out.size() < 64) {
      int type = data[p] & 0xff;
      int k = data[p + 1] & 0xff;
      int b = (data[p + 2] & 0xff) << 8 | (data[p + 3] & 0xff);
      p += 4;
      byte[] key = null;
      if (k != 0xff) {
        k = Math.min(k, data.length - p);
        key = Arrays.copyOfRange(data, p, p + k);
        p += k;
      }
      b = Math.min(b, data.length - p);
      byte[] body = Arrays.copyOfRange(data, p, p + b);
      p += b;
      if (key == null) {
        key = CertDb.fingerprint(certificateOf(type, body));
      }
      out.add(new Rec(type, key, body));
    }
    return out;
  }

  /** The DER a CERT (0x10) or INTERMEDIATE (0x30) body carries, else the whole body. */
  private static byte[] certificateOf(int type, byte[] body) {
    if (type == 0x10 && body.length >= 22) {
      int l = (body[16] & 0xff) << 8 | (body[17] & 0xff);
      int at = 18 + l;
      if (at + 4 <= body.length) {
        return Arrays.copyOfRange(body, at + 4, body.length);
      }
    }
    return body;
  }

  static byte[] frame(byte[] data) {
    List<Rec> recs = parseRecords(data);
    ByteArrayOutputStream records = new ByteArrayOutputStream();
    record(records, 0x01, new byte[0],
        ByteBuffer.allocate(16).putLong(GENERATION).putLong(CREATED).array());
    for (Rec r : recs) {
      record(records, r.type(), r.key(), r.body());
    }
    byte[] rec = records.toByteArray();
    long committed = RECORDS_START + rec.length;
    int count = recs.size() + 1;
    byte[] img = new byte[(int) committed];
    System.arraycopy(slot(2, committed, count), 0, img, 0, 64);
    System.arraycopy(slot(1, committed, count), 0, img, SLOT_STRIDE, 64);
    System.arraycopy(rec, 0, img, RECORDS_START, rec.length);
    return img;
  }

  private static byte[] slot(long seq, long committed, int count) {
    ByteBuffer b = ByteBuffer.allocate(64);
    b.put("PKIXJCDB".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1)
        .putShort((short) 64).putInt(0).putLong(GENERATION).putLong(seq).putLong(committed)
        .putInt(count).putInt(0).putLong(CREATED).putInt(0);
    b.putInt((int) crc(b.array(), 0, 60));
    return b.array();
  }

  static void record(ByteArrayOutputStream out, int type, byte[] key, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(16 + key.length + body.length);
    b.put((byte) 0xC7).put((byte) 0xDB).put((byte) type).put((byte) key.length)
        .putInt(body.length).put(key);
    b.putInt((int) crc(b.array(), 0, 8 + key.length));
    b.put(body);
    b.putInt((int) crc(b.array(), 0, 12 + key.length + body.length));
    out.writeBytes(b.array());
  }

  private static long crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return c.getValue();
  }
}
