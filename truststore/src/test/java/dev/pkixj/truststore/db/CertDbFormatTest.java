package dev.pkixj.truststore.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertDbFormatTest {
  @TempDir Path dir;

  @Test
  void createsAnEmptyDatabaseWithHeaderAndMeta() throws Exception {
    Path f = dir.resolve("sub/certdb");
    try (CertDb db = CertDb.open(f)) {
      assertEquals(Mode.READ_WRITE, db.mode());
      assertEquals(1, db.generation());
      assertEquals(1, db.formatVersion());
      assertEquals(1, db.recordCount()); // META
      assertTrue(db.events().isEmpty());
      assertTrue(db.snapshot().entries().isEmpty());
    }
    byte[] img = Files.readAllBytes(f);
    assertEquals("PKIXJCDB", new String(img, 0, 8, "US-ASCII"));
    assertEquals("PKIXJCDB", new String(img, 4096, 8, "US-ASCII"));
    assertEquals(0xC7, img[8192] & 0xff);
    assertEquals(0xDB, img[8193] & 0xff);
    assertEquals(RecordType.META.code(), img[8194]);
    assertTrue(Files.exists(dir.resolve("sub/certdb.lock")));
  }

  @Test
  void roundTripsEveryRecordKind() throws Exception {
    Path f = dir.resolve("certdb");
    TestPki pki = TestPki.ec();
    TrustEntry root = new TrustEntry(pki.root().der(), Trust.ANCHOR,
        Instant.parse("2026-04-15T00:00:00.5Z"), "Test root ü", Source.USER);
    TrustEntry ica = new TrustEntry(pki.intermediate().der(), Trust.DISTRUSTED, null, "",
        Source.FILE);
    TrustEntry inherit = Fixtures.entry("inherit", Trust.INHERIT);
    CertOverride ov = new CertOverride("Www.Example.Test", 8443,
        CertDb.fingerprint(pki.leaf().der()), Instant.parse("2025-01-02T03:04:05.678Z"));
    CertOverride v6 = new CertOverride("2001:db8::1", 443, CertDb.fingerprint(new byte[] {1}),
        Instant.EPOCH);
    Map<String, String> before;
    try (CertDb db = CertDb.open(f)) {
      db.put(root);
      db.put(ica);
      db.put(inherit);
      db.putOverride(ov);
      db.putOverride(v6);
      db.rememberIntermediate(pki.intermediate().der());
      before = Fixtures.model(db.snapshot());
      assertEquals(3, db.snapshot().entries().size());
    }
    try (CertDb db = CertDb.open(f)) {
      assertTrue(db.events().isEmpty(), db.events().toString());
      Snapshot s = db.snapshot();
      assertEquals(before, Fixtures.model(s));
      TrustEntry r = s.entry(CertDb.fingerprint(pki.root().der())).orElseThrow();
      assertArrayEquals(pki.root().der(), r.der());
      assertEquals(Trust.ANCHOR, r.trust());
      assertEquals(Instant.parse("2026-04-15T00:00:00.5Z"), r.distrustAfter());
      assertEquals("Test root ü", r.label());
      assertEquals(Source.USER, r.source());
      assertEquals(Trust.DISTRUSTED,
          s.entry(CertDb.fingerprint(pki.intermediate().der())).orElseThrow().trust());
      CertOverride o = s.override("www.example.test", 8443).orElseThrow();
      assertEquals(ov.created(), o.created());
      assertArrayEquals(ov.sha256(), o.sha256());
      assertTrue(s.override("2001:db8::1", 443).isPresent());
      assertEquals(Source.SEEN, s.intermediate(CertDb.fingerprint(pki.intermediate().der()))
          .orElseThrow().source());
      assertEquals(7, db.recordCount()); // META + 6
      assertTrue(db.check().ok());
    }
  }

  @Test
  void tombstonesRemoveAndSurviveReopen() throws Exception {
    Path f = dir.resolve("certdb");
    TrustEntry a = Fixtures.entry("a", Trust.ANCHOR);
    TrustEntry b = Fixtures.entry("b", Trust.DISTRUSTED);
    CertOverride o = Fixtures.override("o");
    try (CertDb db = CertDb.open(f)) {
      db.put(a);
      db.put(b);
      db.putOverride(o);
      db.rememberIntermediate(Fixtures.der("i", 900));
      assertTrue(db.remove(CertDb.fingerprint(a.der())));
      assertFalse(db.remove(CertDb.fingerprint(a.der())));
      assertTrue(db.removeOverride(o.host().toUpperCase(), o.port()));
      assertFalse(db.removeOverride(o.host(), o.port()));
      assertTrue(db.forgetIntermediate(CertDb.fingerprint(Fixtures.der("i", 900))));
      assertEquals(8, db.recordCount());
    }
    try (CertDb db = CertDb.open(f)) {
      Snapshot s = db.snapshot();
      assertEquals(List.of(CertDb.hex(CertDb.fingerprint(b.der()))),
          s.entries().stream().map(e -> CertDb.hex(CertDb.fingerprint(e.der()))).toList());
      assertTrue(s.overrides().isEmpty());
      assertTrue(s.intermediates().isEmpty());
      assertEquals(8, db.recordCount());
    }
  }

  @Test
  void putOfAnIdenticalEntryWritesNothing() throws Exception {
    try (CertDb db = CertDb.open(dir.resolve("certdb"))) {
      TrustEntry a = Fixtures.entry("a", Trust.ANCHOR);
      db.put(a);
      long size = Files.size(db.path());
      db.put(a);
      db.putOverride(Fixtures.override("x"));
      long size2 = Files.size(db.path());
      db.putOverride(Fixtures.override("x"));
      assertEquals(size2, Files.size(db.path()));
      assertTrue(size2 > size);
      db.put(new TrustEntry(a.der(), Trust.DISTRUSTED, null, a.label(), a.source()));
      assertEquals(Trust.DISTRUSTED, db.snapshot().entries().get(0).trust());
    }
  }

  @Test
  void refusesBuiltInRootsAndBadArguments() throws Exception {
    try (CertDb db = CertDb.open(dir.resolve("certdb"))) {
      TrustEntry builtin = new TrustEntry(Fixtures.der("x", 500), Trust.ANCHOR, null, "",
          Source.CERTDATA);
      assertThrows(IllegalArgumentException.class, () -> db.put(builtin));
      TrustEntry seen = new TrustEntry(Fixtures.der("x", 500), Trust.INHERIT, null, "",
          Source.SEEN);
      assertThrows(IllegalArgumentException.class, () -> db.put(seen));
      assertThrows(IllegalArgumentException.class, () -> db.remove(new byte[5]));
      assertThrows(IllegalArgumentException.class,
          () -> db.putOverride(new CertOverride("x".repeat(300), 443, new byte[32], Instant.EPOCH)));
    }
  }

  @Test
  void compactionPreservesContentDropsGarbageAndIncrementsGeneration() throws Exception {
    Path f = dir.resolve("certdb");
    Map<String, String> before;
    try (CertDb db = CertDb.open(f, CertDbOptions.defaults().withAutoCompact(false))) {
      for (int i = 0; i < 30; i++) {
        db.put(Fixtures.entry("e" + i, i % 3 == 0 ? Trust.DISTRUSTED : Trust.ANCHOR));
        db.putOverride(Fixtures.override("o" + i));
      }
      for (int i = 0; i < 30; i += 2) {
        db.remove(CertDb.fingerprint(Fixtures.entry("e" + i, Trust.ANCHOR).der()));
        db.removeOverride(Fixtures.override("o" + i).host(), Fixtures.override("o" + i).port());
      }
      before = Fixtures.model(db.snapshot());
      long sizeBefore = Files.size(f);
      int recordsBefore = db.recordCount();
      long gen = db.generation();
      db.compact();
      assertEquals(gen + 1, db.generation());
      assertEquals(before, Fixtures.model(db.snapshot()));
      assertTrue(Files.size(f) < sizeBefore);
      assertEquals(1 + 15 + 15, db.recordCount());
      assertTrue(db.recordCount() < recordsBefore);
      db.put(Fixtures.entry("after", Trust.ANCHOR)); // appends after a compaction work
      before = Fixtures.model(db.snapshot());
    }
    try (CertDb db = CertDb.open(f)) {
      assertEquals(2, db.generation());
      assertEquals(before, Fixtures.model(db.snapshot()));
      assertTrue(db.events().isEmpty());
      assertTrue(db.check().ok(), db.check().toString());
    }
    try (var s = Files.list(dir)) {
      assertEquals(List.of("certdb", "certdb.lock"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void autoCompactionKeepsTheFileBounded() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f)) {
      TrustEntry a = Fixtures.entry("flip", Trust.ANCHOR);
      for (int i = 0; i < 1100; i++) {
        db.put(new TrustEntry(a.der(), i % 2 == 0 ? Trust.ANCHOR : Trust.DISTRUSTED, null, "",
            Source.USER));
      }
      assertTrue(db.generation() >= 2, "compacted at least once");
      assertTrue(db.recordCount() < 1100);
      assertEquals(Trust.DISTRUSTED, db.snapshot().entries().get(0).trust());
    }
  }

  @Test
  void intermediatesAreBoundedOldestFirst() throws Exception {
    Path f = dir.resolve("certdb");
    CertDbOptions opts = CertDbOptions.defaults().withMaxIntermediates(10);
    try (CertDb db = CertDb.open(f, opts)) {
      for (int i = 0; i < 25; i++) {
        db.rememberIntermediate(Fixtures.der("int" + i, 700));
      }
      assertEquals(10, db.snapshot().intermediates().size());
      assertTrue(db.snapshot().intermediate(CertDb.fingerprint(Fixtures.der("int24", 700)))
          .isPresent());
      assertTrue(db.snapshot().intermediate(CertDb.fingerprint(Fixtures.der("int14", 700)))
          .isEmpty());
      // seeing a fresh one again writes nothing; seeing one in the older half refreshes it
      int records = db.recordCount();
      db.rememberIntermediate(Fixtures.der("int24", 700));
      assertEquals(records, db.recordCount());
      db.rememberIntermediate(Fixtures.der("int15", 700));
      assertEquals(records + 1, db.recordCount());
      db.compact();
      assertEquals(1 + 10, db.recordCount());
    }
    try (CertDb db = CertDb.open(f, opts)) {
      assertEquals(10, db.snapshot().intermediates().size());
      assertTrue(db.snapshot().intermediate(CertDb.fingerprint(Fixtures.der("int15", 700)))
          .isPresent());
    }
  }

  @Test
  void extensionRecordsAreSkippedAndKeptByCompaction() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
    }
    // Append an extension record (type 0x90) the way a later version would, and commit it.
    appendRaw(f, Format.frame(0x90, new byte[] {1, 2}, new byte[] {9, 9, 9}));
    try (CertDb db = CertDb.open(f)) {
      assertTrue(db.events().isEmpty(), db.events().toString());
      assertEquals(3, db.recordCount());
      db.compact();
      assertEquals(3, db.recordCount());
    }
    byte[] img = Files.readAllBytes(f);
    byte[] ext = Format.frame(0x90, new byte[] {1, 2}, new byte[] {9, 9, 9});
    assertTrue(indexOf(img, ext) > 0, "extension copied verbatim");
  }

  @Test
  void newerFormatIsLeftUntouchedAndRunsMemoryOnly() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f)) {
      db.put(Fixtures.entry("a", Trust.DISTRUSTED));
    }
    byte[] img = Files.readAllBytes(f);
    for (int slot = 0; slot < 2; slot++) {
      int off = slot * 4096;
      img[off + 9] = 2; // version 2
      ByteBuffer.wrap(img).putInt(off + 60, Format.crc(img, off, 60));
    }
    Files.write(f, img);
    try (CertDb db = CertDb.open(f)) {
      assertEquals(Mode.MEMORY_ONLY, db.mode());
      assertEquals(EventCode.CERTDB_NEWER_FORMAT, db.events().get(0).code());
      assertTrue(db.lastCorruption().isEmpty());
      db.put(Fixtures.entry("b", Trust.ANCHOR)); // memory only
      assertEquals(1, db.snapshot().entries().size());
    }
    assertArrayEquals(img, Files.readAllBytes(f));
  }

  /** Appends framed records after the committed end and commits them in the newest slot. */
  static void appendRaw(Path f, byte[]... records) throws Exception {
    byte[] img = Files.readAllBytes(f);
    Format.Slot[] out = new Format.Slot[1];
    Format.Slot best = null;
    for (int i = 0; i < 2; i++) {
      if (Format.decodeSlot(img, img.length, i, out) == null
          && (best == null || out[0].seq() > best.seq())) {
        best = out[0];
      }
    }
    java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
    bo.write(img, 0, (int) best.committedLength());
    for (byte[] r : records) {
      bo.write(r);
    }
    byte[] n = bo.toByteArray();
    long seq = best.seq() + 1;
    byte[] slot = Format.encodeSlot((int) (seq % 2), best.generation(), seq, n.length,
        best.recordCount() + records.length, best.createdMillis());
    System.arraycopy(slot, 0, n, (int) (seq % 2) * 4096, 64);
    Files.write(f, n);
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
