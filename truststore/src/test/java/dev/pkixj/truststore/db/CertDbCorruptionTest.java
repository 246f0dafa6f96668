package dev.pkixj.truststore.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertDbCorruptionTest {
  @TempDir Path dir;

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);
  static final CertDbOptions OPTS = CertDbOptions.defaults().withClock(CLOCK);

  /** Offset of the record whose key is {@code key} (the last one when several). */
  static int recordOffset(byte[] img, byte[] key, RecordType type) {
    java.util.List<Scanner.Item> items = new java.util.ArrayList<>();
    Scanner.scanRecords(img, Format.RECORDS_START, img.length, 0, items);
    int found = -1;
    for (Scanner.Item it : items) {
      if (it.rec() != null && it.rec().type() == type
          && java.util.Arrays.equals(it.rec().key(), key)) {
        found = (int) it.offset();
      }
    }
    if (found < 0) {
      throw new AssertionError("no " + type + " record for the key");
    }
    return found;
  }

  /** Flips a byte in the body of that record (past its header and key). */
  static void damageBody(Path f, byte[] key, RecordType type) throws Exception {
    byte[] img = Files.readAllBytes(f);
    int off = recordOffset(img, key, type);
    int k = img[off + 3] & 0xff;
    img[off + Format.FIXED + k + 4] ^= 0x40;
    Files.write(f, img);
  }

  @Test
  void corruptFileIsKeptAsideRecordsSalvagedAndTheReportNamesWhatWasLost() throws Exception {
    Path f = dir.resolve("certdb");
    TrustEntry a = Fixtures.entry("a", Trust.ANCHOR);
    TrustEntry b = Fixtures.entry("b", Trust.DISTRUSTED);
    CertOverride o = Fixtures.override("o");
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(a);
      db.put(b);
      db.putOverride(o);
    }
    byte[] shaB = CertDb.fingerprint(b.der());
    damageBody(f, shaB, RecordType.CERT);
    byte[] damaged = Files.readAllBytes(f);
    try (CertDb db = CertDb.open(f, OPTS)) {
      CertDbEvent ev = db.lastCorruption().orElseThrow();
      assertEquals(EventCode.CERTDB_CORRUPT_SALVAGED, ev.code());
      Path q = dir.resolve("certdb.corrupt-20260304T050607Z");
      assertEquals(q, ev.quarantinedFile());
      assertArrayEquals(damaged, Files.readAllBytes(q), "the damaged file is kept as it was");
      assertEquals(3, ev.kept()); // META, a, override
      assertEquals(1, ev.lost().size());
      LostRecord l = ev.lost().get(0);
      assertEquals(RecordType.CERT, l.type());
      assertArrayEquals(shaB, l.sha256());
      assertTrue(l.headerVerified());
      assertTrue(l.mayHaveBeenDistrust());
      assertEquals(ev.lost(), db.lostRecords());
      String m = ev.message();
      assertTrue(m.contains(f.toString()), m);
      assertTrue(m.contains(q.toString()), m);
      assertTrue(m.contains("Kept 3 record(s); lost 1 record(s)"), m);
      assertTrue(m.contains("CERT sha256=" + CertDb.hex(shaB)), m);
      assertTrue(m.contains("WARNING"), m);
      assertTrue(m.contains("treated as distrusted"), m);
      Snapshot s = db.snapshot();
      assertTrue(s.entry(CertDb.fingerprint(a.der())).isPresent());
      assertTrue(s.override(o.host(), o.port()).isPresent());
      assertTrue(s.isSuspect(shaB), "the lost distrust fails safe");
      assertEquals(2, db.generation());
      assertTrue(db.check().ok());
    }
    try (CertDb db = CertDb.open(f, OPTS)) {
      assertTrue(db.events().isEmpty(), "regenerated file is clean: " + db.events());
      assertTrue(db.snapshot().isSuspect(shaB), "the suspicion is persisted");
      db.put(b);
      assertFalse(db.snapshot().isSuspect(shaB));
    }
    try (CertDb db = CertDb.open(f, OPTS)) {
      assertFalse(db.snapshot().isSuspect(shaB));
      assertEquals(Trust.DISTRUSTED, db.snapshot().entry(shaB).orElseThrow().trust());
    }
  }

  @Test
  void aLostLaterRecordNeverResurrectsAnEarlierAnchor() throws Exception {
    Path f = dir.resolve("certdb");
    TrustEntry x = Fixtures.entry("x", Trust.ANCHOR);
    TrustEntry y = Fixtures.entry("y", Trust.ANCHOR);
    byte[] shaX = CertDb.fingerprint(x.der());
    byte[] shaY = CertDb.fingerprint(y.der());
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(x);
      db.put(new TrustEntry(x.der(), Trust.DISTRUSTED, null, "now distrusted", Source.USER));
      db.put(y);
      db.remove(shaY);
    }
    byte[] img = Files.readAllBytes(f);
    int lastX = recordOffset(img, shaX, RecordType.CERT);
    img[lastX + Format.FIXED + 32 + 4 + 1] ^= 1; // damage the later (distrust) record of x
    int tomb = recordOffset(img, shaY, RecordType.CERT_TOMBSTONE);
    img[tomb + Format.FIXED + 32 + 4] ^= 1; // damage the tombstone's record CRC
    Files.write(f, img);
    try (CertDb db = CertDb.open(f, OPTS)) {
      CertDbEvent ev = db.lastCorruption().orElseThrow();
      assertEquals(2, ev.lost().size(), ev.message());
      Snapshot s = db.snapshot();
      assertEquals(Trust.DISTRUSTED, s.entry(shaX).orElseThrow().trust(),
          "the earlier ANCHOR record must not come back");
      assertEquals(Trust.DISTRUSTED, s.entry(shaY).orElseThrow().trust(),
          "a removed anchor whose tombstone was lost must not come back as an anchor");
      assertTrue(s.isSuspect(shaX) && s.isSuspect(shaY));
    }
  }

  @Test
  void aLostOverrideRemovalDropsTheOverride() throws Exception {
    Path f = dir.resolve("certdb");
    CertOverride o = Fixtures.override("gone");
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.putOverride(o);
      db.removeOverride(o.host(), o.port());
    }
    byte[] img = Files.readAllBytes(f);
    int t = recordOffset(img, Format.overrideKey(o.host(), o.port()),
        RecordType.OVERRIDE_TOMBSTONE);
    img[img.length - 1] ^= 1; // last byte = the tombstone's record CRC
    assertTrue(t < img.length);
    Files.write(f, img);
    try (CertDb db = CertDb.open(f, OPTS)) {
      CertDbEvent ev = db.lastCorruption().orElseThrow();
      assertEquals(RecordType.OVERRIDE_TOMBSTONE, ev.lost().get(0).type());
      assertEquals(o.host(), ev.lost().get(0).host());
      assertTrue(db.snapshot().overrides().isEmpty(), "never resurrect a removed exception");
      assertTrue(ev.message().contains("exception(s) were dropped"), ev.message());
    }
  }

  @Test
  void aCertificateWhoseDerDoesNotHashToItsKeyIsItsOwnKindOfCorruption() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
    }
    TrustEntry liar = Fixtures.entry("liar", Trust.ANCHOR);
    byte[] wrongKey = CertDb.fingerprint(Fixtures.der("other", 600));
    CertDbFormatTest.appendRaw(f, Format.frame(RecordType.CERT.code(), wrongKey,
        Format.certBody(liar)));
    try (CertDb db = CertDb.open(f, OPTS)) {
      CertDbEvent ev = db.lastCorruption().orElseThrow();
      LostRecord l = ev.lost().get(0);
      assertTrue(l.reason().contains("SHA-256 mismatch"), l.reason());
      assertTrue(l.headerVerified());
      assertArrayEquals(wrongKey, l.sha256());
      assertEquals(1, db.snapshot().entries().size());
    }
  }

  @Test
  void aTornTailIsCutOffSilentlyAndIsNotCorruption() throws Exception {
    Path f = dir.resolve("certdb");
    Map<String, String> model;
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
      model = Fixtures.model(db.snapshot());
    }
    long committed = Files.size(f);
    byte[] rec = Format.frame(RecordType.CERT.code(),
        CertDb.fingerprint(Fixtures.entry("b", Trust.DISTRUSTED).der()),
        Format.certBody(Fixtures.entry("b", Trust.DISTRUSTED)));
    Files.write(f, java.util.Arrays.copyOf(rec, rec.length / 2),
        java.nio.file.StandardOpenOption.APPEND);
    try (CertDb db = CertDb.open(f, OPTS)) {
      assertTrue(db.lastCorruption().isEmpty());
      assertEquals(EventCode.CERTDB_TORN_TAIL_TRUNCATED, db.events().get(0).code());
      assertTrue(db.events().get(0).message().contains("CERT sha256="),
          db.events().get(0).message());
      assertEquals(model, Fixtures.model(db.snapshot()));
      assertEquals(committed, Files.size(f));
    }
    try (var s = Files.list(dir)) {
      assertEquals(2, s.count(), "nothing quarantined");
    }
  }

  @Test
  void aCompleteRecordWrittenBeforeACrashInTheHeaderCommitIsAdopted() throws Exception {
    Path f = dir.resolve("certdb");
    TrustEntry b = Fixtures.entry("b", Trust.DISTRUSTED);
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
    }
    Files.write(f, Format.frame(RecordType.CERT.code(), CertDb.fingerprint(b.der()),
        Format.certBody(b)), java.nio.file.StandardOpenOption.APPEND);
    // tear the slot that would have committed it
    byte[] img = Files.readAllBytes(f);
    Format.Slot[] out = new Format.Slot[1];
    int newest = Format.decodeSlot(img, img.length, 0, out) == null && out[0].seq() % 2 == 0
        ? 0 : 1;
    int next = 1 - newest;
    for (int i = 20; i < 64; i++) {
      img[next * 4096 + i] = (byte) 0xA5;
    }
    Files.write(f, img);
    try (CertDb db = CertDb.open(f, OPTS)) {
      assertTrue(db.lastCorruption().isEmpty(), db.events().toString());
      assertEquals(EventCode.CERTDB_TAIL_RECOVERED, db.events().get(0).code());
      assertTrue(db.snapshot().entry(CertDb.fingerprint(b.der())).isPresent());
    }
    try (CertDb db = CertDb.open(f, OPTS)) {
      assertTrue(db.events().isEmpty(), db.events().toString());
      assertTrue(db.check().ok());
    }
  }

  @Test
  void bothHeaderSlotsDestroyedStillSalvagesEveryRecord() throws Exception {
    Path f = dir.resolve("certdb");
    Map<String, String> model;
    try (CertDb db = CertDb.open(f, OPTS)) {
      for (int i = 0; i < 5; i++) {
        db.put(Fixtures.entry("e" + i, Trust.ANCHOR));
      }
      db.compact();
      db.compact();
      model = Fixtures.model(db.snapshot());
    }
    byte[] img = Files.readAllBytes(f);
    java.util.Arrays.fill(img, 0, 64, (byte) 0xFF);
    java.util.Arrays.fill(img, 4096, 4160, (byte) 0);
    Files.write(f, img);
    try (CertDb db = CertDb.open(f, OPTS)) {
      CertDbEvent ev = db.lastCorruption().orElseThrow();
      assertEquals(EventCode.CERTDB_CORRUPT_SALVAGED, ev.code());
      assertEquals(6, ev.kept());
      assertTrue(ev.lost().isEmpty());
      assertTrue(ev.message().contains("no valid header"), ev.message());
      assertEquals(model, Fixtures.model(db.snapshot()));
      assertEquals(4, db.generation(), "generation recovered from the META record, then +1");
    }
  }

  @Test
  void aFileThatIsNotADatabaseIsRefusedAndNeverRegenerated() throws Exception {
    Path f = dir.resolve("certdb");
    long seed = 7;
    byte[] junk = new byte[20_000];
    new SplittableRandom(seed).nextBytes(junk);
    Files.write(f, junk);
    NotACertDbException e = assertThrows(NotACertDbException.class, () -> CertDb.open(f, OPTS),
        "seed " + seed);
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertArrayEquals(junk, Files.readAllBytes(f), "seed " + seed);
    try (var files = Files.list(dir)) {
      assertEquals(List.of(f), files.toList(), "nothing renamed or created");
    }
  }

  @Test
  void truncationOfSyncedRecordsIsCorruptionWithTheMissingCountReported() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f, OPTS)) {
      for (int i = 0; i < 4; i++) {
        db.put(Fixtures.entry("e" + i, Trust.ANCHOR));
      }
    }
    byte[] img = Files.readAllBytes(f);
    int third = recordOffset(img, CertDb.fingerprint(Fixtures.entry("e2", Trust.ANCHOR).der()),
        RecordType.CERT);
    Files.write(f, java.util.Arrays.copyOf(img, third)); // cut exactly at a record boundary
    try (CertDb db = CertDb.open(f, OPTS)) {
      CertDbEvent ev = db.lastCorruption().orElseThrow();
      assertEquals(3, ev.kept());
      assertEquals(2, ev.lost().size());
      assertNull(ev.lost().get(0).type());
      assertTrue(ev.message().contains("bytes of synced records are missing"), ev.message());
    }
  }

  @Test
  void corruptionIsAlsoDetectedWhenReadingAnotherWritersRecords() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb reader = CertDb.open(f, OPTS); CertDb writer = CertDb.open(f, OPTS)) {
      writer.put(Fixtures.entry("w", Trust.DISTRUSTED));
      byte[] sha = CertDb.fingerprint(Fixtures.entry("w", Trust.DISTRUSTED).der());
      damageBody(f, sha, RecordType.CERT); // in place: same inode
      reader.reload();
      CertDbEvent ev = reader.lastCorruption().orElseThrow();
      assertEquals(RecordType.CERT, ev.lost().get(0).type());
      assertTrue(reader.snapshot().isSuspect(sha));
    }
  }

  @Test
  void checkReportsWithoutChangingTheFile() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
      db.put(Fixtures.entry("b", Trust.DISTRUSTED));
      assertTrue(db.check().ok(), db.check().toString());
      damageBody(f, CertDb.fingerprint(Fixtures.entry("a", Trust.ANCHOR).der()), RecordType.CERT);
      byte[] before = Files.readAllBytes(f);
      Check c = db.check();
      assertFalse(c.ok());
      assertEquals(1, c.wouldLose().size());
      assertFalse(c.problems().isEmpty());
      assertNotNull(c.toString());
      assertArrayEquals(before, Files.readAllBytes(f));
      assertEquals(2, c.records()); // META and b check out
    }
  }

  @Test
  void paddingAndOlderSlotDamageAreReportedWithNothingLost() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
    }
    byte[] img = Files.readAllBytes(f);
    img[3000] = 1;
    Files.write(f, img);
    try (CertDb db = CertDb.open(f, OPTS)) {
      CertDbEvent ev = db.lastCorruption().orElseThrow();
      assertTrue(ev.lost().isEmpty());
      assertEquals(1, db.snapshot().entries().size());
    }
    List<String> names;
    try (var s = Files.list(dir)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    // The database, its lock, the damaged file kept aside, and the event log that records it.
    assertEquals(4, names.size(), names.toString());
    assertTrue(names.contains("certdb.events"), names.toString());
  }
}
