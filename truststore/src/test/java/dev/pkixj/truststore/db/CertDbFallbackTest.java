package dev.pkixj.truststore.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.Trust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-write → read-only → memory-only. CI runs as root, where permission bits do not stop
 * writes, so the read-only case is also simulated in a way root cannot override: the lock file's
 * path is occupied by a directory, so the writer lock cannot be created (FileSystemException "Is a
 * directory") exactly as on a read-only directory. The permission-based variant runs only when
 * the JVM is not privileged (it is skipped, with a notice, as root).
 */
class CertDbFallbackTest {
  @TempDir Path dir;

  private Map<String, String> seed(Path f) {
    try (CertDb db = CertDb.open(f)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
      db.put(Fixtures.entry("d", Trust.DISTRUSTED));
      db.putOverride(Fixtures.override("o"));
      return Fixtures.model(db.snapshot());
    }
  }

  @Test
  void readOnlyWhenTheWriterLockCannotBeCreated() throws Exception {
    Path f = dir.resolve("certdb");
    Map<String, String> model = seed(f);
    Path lock = dir.resolve("certdb.lock");
    Files.delete(lock);
    Files.createDirectory(lock); // root cannot open a directory for writing either
    byte[] before = Files.readAllBytes(f);
    try (CertDb db = CertDb.open(f)) {
      assertEquals(Mode.READ_ONLY, db.mode());
      assertEquals(EventCode.CERTDB_READ_ONLY_FALLBACK, db.events().get(0).code());
      assertTrue(db.events().get(0).message().contains("certdb.lock"),
          db.events().get(0).message());
      assertTrue(db.lastCorruption().isEmpty());
      assertEquals(model, Fixtures.model(db.snapshot()));
      assertEquals(Mode.READ_ONLY, db.snapshot().metadata().mode());
      CertDbException e = assertThrows(CertDbException.class,
          () -> db.put(Fixtures.entry("b", Trust.ANCHOR)));
      assertTrue(e.getMessage().contains("read-only"), e.getMessage());
      assertThrows(CertDbException.class, db::compact);
      assertTrue(db.check().ok());
      db.reload();
      assertFalse(db.refresh());
    }
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(f)));
  }

  @Test
  void readOnlyCorruptFileIsSalvagedInMemoryAndLeftAsItIs() throws Exception {
    Path f = dir.resolve("certdb");
    seed(f);
    CertDbCorruptionTest.damageBody(f, CertDb.fingerprint(
        Fixtures.entry("d", Trust.DISTRUSTED).der()), RecordType.CERT);
    Files.delete(dir.resolve("certdb.lock"));
    Files.createDirectory(dir.resolve("certdb.lock"));
    byte[] before = Files.readAllBytes(f);
    try (CertDb db = CertDb.open(f)) {
      assertEquals(Mode.READ_ONLY, db.mode());
      CertDbEvent ev = db.lastCorruption().orElseThrow();
      assertEquals(null, ev.quarantinedFile());
      assertTrue(ev.message().contains("read-only"), ev.message());
      assertTrue(db.snapshot().isSuspect(CertDb.fingerprint(
          Fixtures.entry("d", Trust.DISTRUSTED).der())));
    }
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(f)));
  }

  @Test
  void memoryOnlyWhenNothingCanBeCreatedOrRead() throws Exception {
    Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
    Path f = notADir.resolve("certdb"); // parent is a regular file: fails for root too
    try (CertDb db = CertDb.open(f)) {
      assertEquals(Mode.MEMORY_ONLY, db.mode());
      CertDbEvent ev = db.events().get(0);
      assertEquals(EventCode.CERTDB_MEMORY_ONLY_FALLBACK, ev.code());
      assertEquals(1, db.events().size());
      assertTrue(ev.message().contains(f.toString()), ev.message());
      db.put(Fixtures.entry("a", Trust.ANCHOR));
      db.putOverride(Fixtures.override("o"));
      db.rememberIntermediate(Fixtures.der("i", 800));
      assertEquals(1, db.snapshot().entries().size());
      assertEquals(1, db.snapshot().overrides().size());
      assertTrue(db.remove(CertDb.fingerprint(Fixtures.entry("a", Trust.ANCHOR).der())));
      assertTrue(db.snapshot().entries().isEmpty());
      assertFalse(db.check().ok());
      assertFalse(db.refresh());
      db.reload();
      db.compact();
    }
  }

  @Test
  void aDirectoryIsRefusedAndLeftAsItIs() throws Exception {
    Path f = Files.createDirectory(dir.resolve("certdb"));
    NotACertDbException e = assertThrows(NotACertDbException.class, () -> CertDb.open(f));
    assertEquals(f, e.file());
    assertTrue(e.getMessage().contains("a directory"), e.getMessage());
    assertThrows(NotACertDbException.class, () -> CertDb.openReadOnly(f));
    assertThrows(NotACertDbException.class, () -> CertDb.checkFile(f));
    assertTrue(Files.isDirectory(f));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(f), files.toList(), "nothing created beside it");
    }
  }

  @Test
  void closedDatabaseRefusesWritesButKeepsItsSnapshot() throws Exception {
    CertDb db = CertDb.open(dir.resolve("certdb"));
    db.put(Fixtures.entry("a", Trust.ANCHOR));
    db.close();
    assertThrows(CertDbException.class, () -> db.put(Fixtures.entry("b", Trust.ANCHOR)));
    assertEquals(1, db.snapshot().entries().size());
  }
}
