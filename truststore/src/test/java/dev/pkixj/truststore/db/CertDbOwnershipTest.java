package dev.pkixj.truststore.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.Trust;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file is recognised as a pkixj database before anything repairs it, and a read-only open never
 * writes (docs/certdb-format.md, "Files pkixj owns").
 */
class CertDbOwnershipTest {
  @TempDir Path dir;

  static final CertDbOptions OPTS = CertDbCorruptionTest.OPTS;

  /** SHA-256 of every file under the directory, by name: what "nothing changed" means. */
  static Map<String, String> listing(Path d) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (var files = Files.list(d)) {
      for (Path p : files.toList()) {
        m.put(p.getFileName().toString(), Files.isDirectory(p) ? "dir"
            : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(p))));
      }
    }
    return m;
  }

  /** Every way of opening refuses {@code f}, naming it, and the directory is unchanged. */
  void refusedEverywhere(Path f, String what) throws Exception {
    Map<String, String> before = listing(dir);
    for (int i = 0; i < 3; i++) {
      int way = i;
      NotACertDbException e = assertThrows(NotACertDbException.class, () -> {
        switch (way) {
          case 0 -> CertDb.open(f, OPTS).close();
          case 1 -> CertDb.openReadOnly(f, OPTS).close();
          default -> CertDb.checkFile(f);
        }
      });
      assertEquals(f, e.file());
      assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(what),
          e.getMessage());
      assertFalse(e.getMessage().contains("Exception"), e.getMessage());
      assertEquals(before, listing(dir), "way " + way + " changed the directory");
    }
  }

  static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  @Test
  void aPemBundleIsRefused() throws Exception {
    Path f = dir.resolve("myroots.pem");
    Files.writeString(f, pem(Fixtures.der("root", 900)) + pem(Fixtures.der("root2", 1200)));
    refusedEverywhere(f, "PEM text");
  }

  @Test
  void anEmptyFileIsRefused() throws Exception {
    Path f = Files.createFile(dir.resolve("certdb"));
    refusedEverywhere(f, "an empty file");
  }

  @Test
  void garbageIsRefused() throws Exception {
    for (long seed : new long[] {1, 2, 3}) {
      Path f = dir.resolve("garbage-" + seed);
      byte[] junk = new byte[new SplittableRandom(seed).nextInt(1, 40_000)];
      new SplittableRandom(seed + 100).nextBytes(junk);
      Files.write(f, junk);
      refusedEverywhere(f, "no pkixj database header");
      Files.delete(f);
    }
  }

  @Test
  void aDirectoryIsRefused() throws Exception {
    Path f = Files.createDirectory(dir.resolve("certdb"));
    refusedEverywhere(f, "a directory");
  }

  @Test
  void aFileReplacedByAnotherSinceTheOpenIsNotClaimedOnReload() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
      Path pem = dir.resolve("new.pem");
      Files.writeString(pem, pem(Fixtures.der("x", 700)));
      Files.move(pem, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      byte[] replaced = Files.readAllBytes(f);
      assertThrows(NotACertDbException.class, db::reload);
      assertThrows(CertDbException.class, () -> db.put(Fixtures.entry("b", Trust.ANCHOR)));
      assertArrayEquals(replaced, Files.readAllBytes(f));
      try (var files = Files.list(dir)) {
        assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".corrupt-")));
      }
    }
  }

  @Test
  void readOnlyOfAMissingFileIsEmptyAndCreatesNothing() throws Exception {
    Path f = dir.resolve("sub").resolve("certdb");
    try (CertDb db = CertDb.openReadOnly(f, OPTS)) {
      assertEquals(Mode.READ_ONLY, db.mode());
      assertTrue(db.isReadOnly());
      assertTrue(db.snapshot().entries().isEmpty());
      assertTrue(db.damageFound().isEmpty());
      assertThrows(CertDbException.class, () -> db.put(Fixtures.entry("a", Trust.ANCHOR)));
      assertThrows(CertDbException.class, db::compact);
      db.reload();
    }
    assertEquals(Map.of(), listing(dir), "not even the directory was created");
  }

  @Test
  void readOnlyReadsASoundDatabaseAndSeesLaterWrites() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb w = CertDb.open(f, OPTS)) {
      w.put(Fixtures.entry("a", Trust.ANCHOR));
    }
    Map<String, String> before = listing(dir);
    try (CertDb r = CertDb.openReadOnly(f, OPTS)) {
      assertEquals(1, r.snapshot().entries().size());
      assertTrue(r.events().isEmpty(), r.events().toString());
      try (CertDb w = CertDb.open(f, OPTS)) {
        w.put(Fixtures.entry("b", Trust.DISTRUSTED));
      }
      before = listing(dir);
      assertTrue(r.refresh());
      assertEquals(2, r.snapshot().entries().size());
    }
    assertEquals(before, listing(dir));
  }

  /** A database whose record for "a" (an anchor) is damaged; "b" and the rest check out. */
  Path damagedDatabase() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
      db.put(Fixtures.entry("b", Trust.DISTRUSTED));
      db.putOverride(Fixtures.override("o"));
    }
    CertDbCorruptionTest.damageBody(f, Format.sha256(Fixtures.entry("a", Trust.ANCHOR).der()),
        RecordType.CERT);
    return f;
  }

  @Test
  void readOnlySalvagesADamagedDatabaseInMemoryAndLeavesItUntouched() throws Exception {
    Path f = damagedDatabase();
    Map<String, String> before = listing(dir);
    Map<String, String> readOnlyModel;
    try (CertDb db = CertDb.openReadOnly(f, OPTS)) {
      assertEquals(Mode.READ_ONLY, db.mode());
      CertDbEvent ev = db.damageFound().orElseThrow();
      assertEquals(EventCode.CERTDB_CORRUPT_SALVAGED, ev.code());
      assertEquals(null, ev.quarantinedFile());
      assertEquals(1, ev.lost().size());
      assertEquals(RecordType.CERT, ev.lost().get(0).type());
      assertTrue(ev.message().contains(f.toString()) && ev.message().contains("read-only"),
          ev.message());
      assertEquals(1, db.snapshot().suspects().size(), "the lost anchor fails safe");
      assertEquals(1, db.snapshot().overrides().size());
      readOnlyModel = Fixtures.model(db.snapshot());
      assertThrows(CertDbException.class, () -> db.put(Fixtures.entry("c", Trust.ANCHOR)));
      db.reload(); // reads again, still in memory only
      assertEquals(readOnlyModel, Fixtures.model(db.snapshot()));
    }
    assertEquals(before, listing(dir), "read-only: no rename, no event log, no lock file");
    // A command that writes salvages it for real, to the same content.
    try (CertDb db = CertDb.open(f, OPTS)) {
      CertDbEvent ev = db.damageFound().orElseThrow();
      assertNotNull(ev.quarantinedFile());
      assertEquals(before.get("certdb"), listing(dir).get(ev.quarantinedFile().getFileName()
          .toString()), "the damaged file is kept aside byte for byte");
      assertEquals(readOnlyModel, Fixtures.model(db.snapshot()));
    }
    try (CertDb db = CertDb.openReadOnly(f, OPTS)) {
      assertTrue(db.damageFound().isEmpty());
      assertTrue(db.lastCorruption().isPresent(), "still reported from the event log");
      assertEquals(readOnlyModel, Fixtures.model(db.snapshot()));
    }
  }

  @Test
  void aTornTailIsNotDamageAndReadOnlyLeavesIt() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
    }
    byte[] frame = Format.frame(RecordType.CERT.code(), new byte[32], new byte[100]);
    byte[] img = Files.readAllBytes(f);
    byte[] torn = java.util.Arrays.copyOf(img, img.length + frame.length / 2);
    System.arraycopy(frame, 0, torn, img.length, frame.length / 2);
    Files.write(f, torn);
    Map<String, String> before = listing(dir);
    try (CertDb db = CertDb.openReadOnly(f, OPTS)) {
      assertTrue(db.damageFound().isEmpty());
      assertEquals(EventCode.CERTDB_TORN_TAIL_TRUNCATED, db.events().get(0).code());
      assertEquals(1, db.snapshot().entries().size());
    }
    assertEquals(before, listing(dir));
  }

  @Test
  void bothHeaderSlotsDestroyedIsStillOurs() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f, OPTS)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
    }
    byte[] img = Files.readAllBytes(f);
    java.util.Arrays.fill(img, 0, Format.RECORDS_START, (byte) 0);
    Files.write(f, img);
    Map<String, String> before = listing(dir);
    try (CertDb db = CertDb.openReadOnly(f, OPTS)) {
      assertTrue(db.damageFound().isPresent());
      assertEquals(1, db.snapshot().entries().size());
    }
    assertEquals(before, listing(dir));
    assertFalse(CertDb.checkFile(f).ok());
  }

  @Test
  void theEventLogIsAppendedOnlyWhenItIsOurs() throws Exception {
    Path f = damagedDatabase();
    Path log = EventLog.pathFor(f);
    Files.writeString(log, "my notes, not an event log\n");
    try (CertDb db = CertDb.open(f, OPTS)) {
      assertTrue(db.damageFound().isPresent(), "salvaged all the same");
    }
    assertEquals("my notes, not an event log\n", Files.readString(log));
  }

  @Test
  void onlyOurOwnTemporaryFilesAreRemoved() throws Exception {
    Path f = dir.resolve("certdb");
    Path mine = Files.writeString(dir.resolve("certdb.tmp-notes"), "the user's");
    Path leftover = Files.write(dir.resolve("certdb.tmp-123-abc"), new byte[10]);
    try (CertDb db = CertDb.open(f, OPTS)) {
      assertTrue(db.events().isEmpty());
    }
    assertTrue(Files.exists(mine));
    assertFalse(Files.exists(leftover), "what a killed compaction or creation left");
  }

  @Test
  void creationNeverLeavesAnEmptyFileUnderTheDatabaseName() throws Exception {
    // What a crash during creation can leave: the temporary file, never the database's name
    // (the file is written and synced under the temporary name, then renamed).
    Path f = dir.resolve("certdb");
    Files.write(dir.resolve("certdb.tmp-99-1f"), new byte[0]);
    try (CertDb db = CertDb.open(f, OPTS)) {
      assertTrue(db.events().isEmpty());
    }
    assertTrue(Files.size(f) >= Format.RECORDS_START);
    assertTrue(Format.hasMagic(Files.readAllBytes(f), Files.size(f), 0));
    assertEquals(List.of("certdb", "certdb.lock"), List.copyOf(listing(dir).keySet()));
  }
}
