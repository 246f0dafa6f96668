package dev.pkixj.truststore.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Salvage of each record type when that record is damaged (its record CRC fails, its header
 * verifies, so type and key are known): what is kept, what fails safe, and that a read-only open
 * reaches the same content without changing the file (docs/certdb-format.md §5).
 */
class CertDbSalvageByTypeTest {
  @TempDir Path dir;

  static final long CREATED = 1_700_000_000_000L;
  static final TrustEntry A = Fixtures.entry("a", Trust.ANCHOR);
  static final TrustEntry B = Fixtures.entry("b", Trust.DISTRUSTED);
  static final CertOverride O = Fixtures.override("o");
  static final byte[] I = Fixtures.der("inter", 700);

  static byte[] meta() {
    return Format.frame(RecordType.META.code(), new byte[0], Format.metaBody(1, CREATED));
  }

  static byte[] cert(TrustEntry e) {
    return Format.frame(RecordType.CERT.code(), Format.sha256(e.der()), Format.certBody(e));
  }

  static byte[] certTombstone(TrustEntry e) {
    return Format.frame(RecordType.CERT_TOMBSTONE.code(), Format.sha256(e.der()), new byte[0]);
  }

  static byte[] suspect(TrustEntry e) {
    return Format.frame(RecordType.SUSPECT.code(), Format.sha256(e.der()),
        Format.suspectBody(CREATED, "its latest record was lost"));
  }

  static byte[] override(CertOverride o) {
    return Format.frame(RecordType.OVERRIDE.code(), Format.overrideKey(o.host(), o.port()),
        Format.overrideBody(o));
  }

  static byte[] overrideTombstone(CertOverride o) {
    return Format.frame(RecordType.OVERRIDE_TOMBSTONE.code(),
        Format.overrideKey(o.host(), o.port()), new byte[0]);
  }

  static byte[] intermediate(byte[] der) {
    return Format.frame(RecordType.INTERMEDIATE.code(), Format.sha256(der), der);
  }

  static byte[] intermediateTombstone(byte[] der) {
    return Format.frame(RecordType.INTERMEDIATE_TOMBSTONE.code(), Format.sha256(der),
        new byte[0]);
  }

  static byte[] extension() {
    return Format.frame(0x80, "future".getBytes(StandardCharsets.US_ASCII),
        "written by a later version".getBytes(StandardCharsets.US_ASCII));
  }

  /** A committed file of these records, as {@code CertDb} writes a new file. */
  static byte[] image(List<byte[]> records) {
    int len = Format.RECORDS_START;
    for (byte[] r : records) {
      len += r.length;
    }
    byte[] img = new byte[len];
    System.arraycopy(Format.encodeSlot(0, 1, 2, len, records.size(), CREATED), 0, img, 0,
        Format.SLOT_SIZE);
    System.arraycopy(Format.encodeSlot(1, 1, 1, len, records.size(), CREATED), 0, img,
        Format.SLOT_STRIDE, Format.SLOT_SIZE);
    int o = Format.RECORDS_START;
    for (byte[] r : records) {
      System.arraycopy(r, 0, img, o, r.length);
      o += r.length;
    }
    return img;
  }

  /** The image with the record CRC of record {@code index} flipped. */
  static byte[] damaged(List<byte[]> records, int index) {
    byte[] img = image(records);
    int o = Format.RECORDS_START;
    for (int i = 0; i <= index; i++) {
      o += records.get(i).length;
    }
    img[o - 1] ^= 0x5A;
    return img;
  }

  Map<String, String> modelOf(byte[] img, String name) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, img);
    try (CertDb db = CertDb.openReadOnly(f, CertDbCorruptionTest.OPTS)) {
      assertTrue(db.damageFound().isEmpty(), db.events().toString());
      return Fixtures.model(db.snapshot());
    }
  }

  /**
   * Damages record {@code index} of {@code records} and checks, read-only then read-write, that
   * exactly that record is reported lost with its type and that the content equals
   * {@code expected}.
   */
  LostRecord salvage(String name, List<byte[]> records, int index, RecordType type,
      List<byte[]> expected) throws Exception {
    Map<String, String> want = modelOf(image(expected), name + "-expected");
    byte[] img = damaged(records, index);
    Path f = dir.resolve(name);
    Files.write(f, img);
    LostRecord lost;
    try (CertDb db = CertDb.openReadOnly(f, CertDbCorruptionTest.OPTS)) {
      CertDbEvent ev = db.damageFound().orElseThrow();
      assertEquals(EventCode.CERTDB_CORRUPT_SALVAGED, ev.code(), name);
      assertEquals(1, ev.lost().size(), ev.message());
      lost = ev.lost().get(0);
      assertEquals(type, lost.type(), ev.message());
      assertTrue(lost.headerVerified());
      assertEquals(records.size() - 1, ev.kept(), ev.message());
      assertNull(ev.quarantinedFile());
      assertEquals(want, Fixtures.model(db.snapshot()), name + " read-only");
    }
    assertArrayEquals(img, Files.readAllBytes(f), name + ": read-only changed the file");
    try (CertDb db = CertDb.open(f, CertDbCorruptionTest.OPTS)) {
      CertDbEvent ev = db.damageFound().orElseThrow();
      assertNotNull(ev.quarantinedFile());
      assertArrayEquals(img, Files.readAllBytes(ev.quarantinedFile()));
      assertEquals(want, Fixtures.model(db.snapshot()), name + " read-write");
    }
    try (CertDb db = CertDb.open(f, CertDbCorruptionTest.OPTS)) {
      assertTrue(db.events().isEmpty(), "regenerated file is clean: " + db.events());
      assertTrue(db.check().ok());
      assertEquals(want, Fixtures.model(db.snapshot()), name + " reopened");
    }
    return lost;
  }

  static List<byte[]> list(byte[]... r) {
    return new ArrayList<>(Arrays.asList(r));
  }

  @Test
  void metaDamagedLosesNothingElse() throws Exception {
    LostRecord l = salvage("meta", list(meta(), cert(A), cert(B), override(O), intermediate(I)),
        0, RecordType.META, list(meta(), cert(A), cert(B), override(O), intermediate(I)));
    assertFalse(l.mayHaveBeenDistrust());
  }

  @Test
  void overrideReplacedByADamagedOneIsDroppedNotResurrected() throws Exception {
    CertOverride newer = new CertOverride(O.host(), O.port(), Format.sha256(new byte[] {1}),
        Instant.ofEpochSecond(1_800_000_000L));
    LostRecord l = salvage("override", list(meta(), override(O), cert(A), override(newer)), 3,
        RecordType.OVERRIDE, list(meta(), cert(A)));
    assertEquals(O.host(), l.host());
    assertEquals(O.port(), l.port());
  }

  @Test
  void overrideTombstoneDamagedDropsTheException() throws Exception {
    salvage("override-tombstone", list(meta(), override(O), cert(A), overrideTombstone(O)), 3,
        RecordType.OVERRIDE_TOMBSTONE, list(meta(), cert(A)));
  }

  @Test
  void certTombstoneDamagedLeavesTheCertificateDistrusted() throws Exception {
    LostRecord l = salvage("cert-tombstone", list(meta(), cert(A), cert(B), certTombstone(A)), 3,
        RecordType.CERT_TOMBSTONE, list(meta(), cert(A), cert(B), suspect(A)));
    assertArrayEquals(Format.sha256(A.der()), l.sha256());
    assertTrue(l.mayHaveBeenDistrust());
  }

  @Test
  void suspectDamagedStaysSuspect() throws Exception {
    salvage("suspect", list(meta(), cert(A), suspect(A), cert(B)), 2, RecordType.SUSPECT,
        list(meta(), cert(A), suspect(A), cert(B)));
  }

  @Test
  void intermediateDamagedIsForgottenAndTrustIsUnchanged() throws Exception {
    salvage("intermediate", list(meta(), cert(A), intermediate(I), cert(B)), 2,
        RecordType.INTERMEDIATE, list(meta(), cert(A), cert(B)));
  }

  @Test
  void intermediateTombstoneDamagedChangesNoTrust() throws Exception {
    // Remembered intermediates are a cache, never trusted: the forgotten one may come back.
    salvage("intermediate-tombstone", list(meta(), intermediate(I), cert(A),
        intermediateTombstone(I)), 3, RecordType.INTERMEDIATE_TOMBSTONE,
        list(meta(), intermediate(I), cert(A)));
  }

  @Test
  void extensionDamagedIsLostAndNothingElse() throws Exception {
    salvage("extension", list(meta(), cert(A), extension(), override(O)), 2,
        RecordType.EXTENSION, list(meta(), cert(A), override(O)));
    byte[] regenerated = Files.readAllBytes(dir.resolve("extension"));
    List<Scanner.Item> items = new ArrayList<>();
    Scanner.scanRecords(regenerated, Format.RECORDS_START, regenerated.length, 0, items);
    assertTrue(items.stream().noneMatch(i -> i.rec().type() == RecordType.EXTENSION),
        "the damaged extension is not copied into the regenerated file");
  }

  @Test
  void aSoundExtensionIsKeptWhenAnotherRecordIsDamaged() throws Exception {
    salvage("extension-kept", list(meta(), extension(), cert(A), cert(B)), 2, RecordType.CERT,
        list(meta(), extension(), suspect(A), cert(B)));
    byte[] regenerated = Files.readAllBytes(dir.resolve("extension-kept"));
    List<Scanner.Item> items = new ArrayList<>();
    Scanner.scanRecords(regenerated, Format.RECORDS_START, regenerated.length, 0, items);
    assertEquals(1, items.stream().filter(i -> i.rec().type() == RecordType.EXTENSION).count());
  }
}
