package dev.pkixj.truststore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.truststore.TrustStoreLoader.Database;
import dev.pkixj.truststore.TrustStoreLoader.LoadException;
import dev.pkixj.truststore.TrustStoreLoader.Loaded;
import dev.pkixj.truststore.TrustStoreLoader.Roots;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.pkix.Cert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every combination of roots and database the one trust loader accepts. */
class TrustStoreLoaderTest {
  @TempDir Path dir;

  private static final TestCert ROOT = CertBuilder.root("Loader Root").build();
  private static final TestCert USER_ROOT = CertBuilder.root("Loader User Root").build();
  private static final TestCert SELF = CertBuilder.leaf("nas.loader.example").build();

  private Path rootsPem;
  private Path defaultDb;
  private Path otherDb;

  @BeforeEach
  void files() throws Exception {
    rootsPem = Files.writeString(dir.resolve("roots.pem"), Pem.certs(ROOT));
    defaultDb = dir.resolve("home/.pkixj/certdb");
    otherDb = dir.resolve("other.certdb");
  }

  /** A database holding one user anchor and one exception. */
  private void writeDb(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    try (CertDb db = CertDb.open(file)) {
      db.put(new TrustEntry(USER_ROOT.der(), Trust.ANCHOR, null, "user", Source.USER));
      db.putOverride(new CertOverride("nas.loader.example", 5001,
          MessageDigest.getInstance("SHA-256").digest(SELF.der()), TestClock.NOW));
    }
  }

  private static boolean hasUserRoot(Loaded l) throws Exception {
    TrustStore.Stored s = l.store().lookup(Cert.parse(USER_ROOT.der()));
    return s != null && s.entry().trust() == Trust.ANCHOR;
  }

  @Test
  void explicitRootsFileWithoutDatabaseGivesExactlyThoseRoots() throws Exception {
    writeDb(defaultDb); // present, but explicit roots replace the trust state for the run
    Loaded l = TrustStoreLoader.load(Roots.file(rootsPem), Database.byDefault(), defaultDb);
    assertEquals(1, l.rootCount());
    assertEquals("pem:" + rootsPem, l.rootsDescription());
    assertNull(l.database());
    assertFalse(hasUserRoot(l));
    assertTrue(l.exceptions().isEmpty());
    assertTrue(l.problems().isEmpty(), l.problems().toString());
    assertFalse(l.databaseDamaged());
  }

  @Test
  void explicitRootsInMemoryWithoutDatabase() throws Exception {
    writeDb(defaultDb);
    Loaded l = TrustStoreLoader.load(Roots.of(List.of(new TrustEntry(ROOT.der(), Trust.ANCHOR,
        null, "r", Source.FILE)), "given (1)"), Database.byDefault(), defaultDb);
    assertEquals("given (1)", l.rootsDescription());
    assertNull(l.database());
  }

  @Test
  void aRootSourceKeepsTheDefaultDatabaseWhenItExists() throws Exception {
    writeDb(defaultDb);
    Loaded l = TrustStoreLoader.load(Roots.source("pem:" + rootsPem), Database.byDefault(),
        defaultDb);
    assertEquals(defaultDb, l.database());
    assertEquals("pem:" + rootsPem, l.rootsDescription());
    assertEquals(1, l.rootCount());
    assertTrue(hasUserRoot(l), "the user's own anchor is part of the trust state");
    assertEquals(1, l.exceptions().size());
    assertFalse(l.databaseDamaged());
  }

  @Test
  void aRootSourceWithTheDefaultDatabaseAbsentReadsNone() throws Exception {
    Loaded l = TrustStoreLoader.load(Roots.source("pem:" + rootsPem), Database.byDefault(),
        defaultDb);
    assertNull(l.database());
    assertFalse(Files.exists(defaultDb), "loading never creates a database");
    assertFalse(hasUserRoot(l));
  }

  @Test
  void anExplicitDatabaseIsReadWithExplicitRoots() throws Exception {
    writeDb(otherDb);
    Loaded l = TrustStoreLoader.load(Roots.file(rootsPem), Database.at(otherDb), defaultDb);
    assertEquals(otherDb, l.database());
    assertTrue(hasUserRoot(l));
    assertEquals(1, l.exceptions().size());
  }

  @Test
  void anExplicitDatabaseReplacesTheDefaultOne() throws Exception {
    writeDb(defaultDb);
    try (CertDb db = CertDb.open(otherDb)) {
      db.put(new TrustEntry(ROOT.der(), Trust.ANCHOR, null, "other", Source.USER));
    }
    Loaded l = TrustStoreLoader.load(Roots.source("pem:" + rootsPem), Database.at(otherDb),
        defaultDb);
    assertEquals(otherDb, l.database());
    assertFalse(hasUserRoot(l), "the default database is not read");
    assertTrue(l.exceptions().isEmpty());
  }

  @Test
  void noDatabaseReadsNoneEvenWhenTheDefaultExists() throws Exception {
    writeDb(defaultDb);
    Loaded l = TrustStoreLoader.load(Roots.source("pem:" + rootsPem), Database.none(),
        defaultDb);
    assertNull(l.database());
    assertFalse(hasUserRoot(l));
  }

  @Test
  void aMissingExplicitDatabaseIsAnErrorNamingIt() {
    LoadException e = assertThrows(LoadException.class,
        () -> TrustStoreLoader.load(Roots.file(rootsPem), Database.at(otherDb), defaultDb));
    assertEquals(LoadException.Reason.NO_DATABASE, e.reason());
    assertEquals(otherDb.toString(), e.subject());
    assertTrue(e.getMessage().contains(otherDb.toString()), e.getMessage());
    assertFalse(Files.exists(otherDb));
  }

  @Test
  void aFileThatIsNotADatabaseIsAnError() throws Exception {
    Files.writeString(otherDb, "hello, not a database\n");
    LoadException e = assertThrows(LoadException.class,
        () -> TrustStoreLoader.load(Roots.file(rootsPem), Database.at(otherDb), defaultDb));
    assertEquals(LoadException.Reason.NOT_A_DATABASE, e.reason());
    assertEquals("hello, not a database\n", Files.readString(otherDb), "left as it was");
  }

  @Test
  void aDamagedDatabaseIsReadWithWhatCouldBeKeptAndLeftAsItWas() throws Exception {
    writeDb(defaultDb);
    byte[] img = Files.readAllBytes(defaultDb);
    img[img.length - 6] ^= 0x40; // inside the last record: its checksum no longer matches
    Files.write(defaultDb, img);
    Loaded l = TrustStoreLoader.load(Roots.source("pem:" + rootsPem), Database.byDefault(),
        defaultDb);
    assertTrue(l.databaseDamaged());
    assertEquals(defaultDb, l.database());
    assertFalse(l.problems().isEmpty());
    for (String p : l.problems()) {
      assertFalse(p.contains("\n"), p);
    }
    assertTrue(l.problems().stream().anyMatch(p -> p.contains(defaultDb.toString())),
        l.problems().toString());
    assertEquals(List.of(img.length), List.of(Files.readAllBytes(defaultDb).length),
        "read-only: the file is not rewritten");
  }

  @Test
  void rootsWithoutAnAnchorAreAnErrorAndProblemsNameTheFile() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN CERTIFICATE-----\n!!\n"
        + "-----END CERTIFICATE-----\n");
    LoadException e = assertThrows(LoadException.class,
        () -> TrustStoreLoader.load(Roots.file(bad), Database.none(), defaultDb));
    assertEquals(LoadException.Reason.NO_ANCHORS, e.reason());
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());

    Path mixed = Files.writeString(dir.resolve("mixed.pem"), Pem.certs(ROOT)
        + "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n".repeat(5));
    Loaded l = TrustStoreLoader.load(Roots.source("pem:" + mixed), Database.none(), defaultDb);
    assertEquals(1, l.rootCount());
    assertEquals(TrustStoreLoader.MAX_ROOT_PROBLEMS + 1, l.problems().size(),
        l.problems().toString());
    assertTrue(l.problems().get(0).contains(mixed.toString()), l.problems().get(0));
    assertTrue(l.problems().get(3).contains("2 more problems"), l.problems().get(3));
  }

  @Test
  void aMalformedRootSourceIsRefusedWhenGiven() {
    assertThrows(IllegalArgumentException.class, () -> Roots.source(" "));
    assertTrue(Roots.file(rootsPem).explicit());
    assertFalse(Roots.source("pem:" + rootsPem).explicit());
    assertFalse(Roots.os().explicit());
  }
}
