package dev.pkixj.truststore.importer;

import static dev.pkixj.truststore.importer.Fixtures.ROOT_A;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_B;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_C;
import static dev.pkixj.truststore.importer.Fixtures.UNPARSABLE;
import static dev.pkixj.truststore.importer.Fixtures.assertCerts;
import static dev.pkixj.truststore.importer.Fixtures.assertNoProblems;
import static dev.pkixj.truststore.importer.Fixtures.labels;
import static dev.pkixj.truststore.importer.Fixtures.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.importer.KeystoreImporter.Report;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreImporterTest {
  @TempDir Path dir;

  private static final char[] PASSWORD = "s3cret".toCharArray();

  /** A keystore with trusted entries "root-b", "root-a" and a key entry "server". */
  private static byte[] keystore(String type, char[] password, TestCert... trusted) throws Exception {
    KeyStore ks = KeyStore.getInstance(type);
    ks.load(null, null);
    for (TestCert c : trusted) {
      String alias = c == ROOT_A ? "root-a" : c == ROOT_B ? "root-b" : c == ROOT_C ? "root-c"
          : "other-" + Arrays.hashCode(c.der());
      ks.setCertificateEntry(alias, c.x509());
    }
    TestCert leaf = CertBuilder.leaf("server.example").issuer(ROOT_C).build();
    ks.setKeyEntry("server", leaf.privateKey(), password,
        new Certificate[] {leaf.x509(), ROOT_C.x509()});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ks.store(out, password);
    return out.toByteArray();
  }

  private Path write(String name, byte[] bytes) throws Exception {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void pkcs12TrustedEntriesBecomeAnchorsAndKeyEntriesAreNoted() throws Exception {
    Path f = write("trust.p12", keystore("PKCS12", PASSWORD, ROOT_B, ROOT_A));
    Report report = KeystoreImporter.readReport(f, PASSWORD);
    assertEquals("PKCS12", report.type());
    ImportResult r = report.result();
    assertNoProblems(r);
    assertCerts(r, ROOT_A, ROOT_B); // alias order
    assertEquals(List.of("root-a", "root-b"), labels(r));
    for (TrustEntry e : r.entries()) {
      assertEquals(Trust.ANCHOR, e.trust());
      assertEquals(Source.KEYSTORE, e.source());
    }
    assertEquals(1, report.notes().size(), report.notes()::toString);
    assertTrue(report.notes().get(0).contains("'server'"), report.notes().get(0));
  }

  @Test
  void jksIsDetectedFromItsMagicNumber() throws Exception {
    Path f = write("trust.keystore", keystore("JKS", PASSWORD, ROOT_A, ROOT_C));
    Report report = KeystoreImporter.readReport(f, PASSWORD);
    assertEquals("JKS", report.type());
    assertNoProblems(report.result());
    assertCerts(report.result(), ROOT_A, ROOT_C);
  }

  @Test
  void defaultPasswordIsChangeit() throws Exception {
    Path f = write("cacerts", keystore("PKCS12", "changeit".toCharArray(), ROOT_A));
    ImportResult r = KeystoreImporter.read(f);
    assertNoProblems(r);
    assertCerts(r, ROOT_A);
  }

  @Test
  void wrongPasswordIsOneProblemNamingTheFile() throws Exception {
    for (String type : List.of("PKCS12", "JKS")) {
      Path f = write("wrong-" + type, keystore(type, PASSWORD, ROOT_A));
      ImportResult r = KeystoreImporter.read(f, "not-it".toCharArray());
      assertTrue(r.entries().isEmpty());
      ImportProblem p = onlyProblem(r);
      assertEquals(f.toString(), p.file());
      assertTrue(p.message().contains("wrong password"), type + ": " + p.message());
    }
  }

  @Test
  void corruptOrUnknownFilesAreOneProblem() throws Exception {
    byte[] good = keystore("PKCS12", PASSWORD, ROOT_A);
    Path truncated = write("truncated.p12", Arrays.copyOf(good, good.length / 2));
    ImportProblem p = onlyProblem(KeystoreImporter.read(truncated, PASSWORD));
    assertEquals(truncated.toString(), p.file());
    assertTrue(p.message().contains("PKCS12"), p.message());

    byte[] jks = keystore("JKS", PASSWORD, ROOT_A);
    Path cutJks = write("truncated.jks", Arrays.copyOf(jks, 40));
    ImportProblem pj = onlyProblem(KeystoreImporter.read(cutJks, PASSWORD));
    assertTrue(pj.message().contains("JKS"), pj.message());

    Path text = write("notes.txt", "hello, not a keystore".getBytes());
    Report report = KeystoreImporter.readReport(text, PASSWORD);
    assertNull(report.type());
    assertTrue(onlyProblem(report.result()).message().contains("not a keystore"));

    Path missing = dir.resolve("missing.p12");
    ImportProblem pm = onlyProblem(KeystoreImporter.read(missing, PASSWORD));
    assertEquals(missing.toString(), pm.file());
    assertTrue(pm.message().contains("no such file"), pm.message());
  }

  @Test
  void aCertificateThatDoesNotParseIsAProblemNamingItsAlias() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("good", ROOT_A.x509());
    ks.setCertificateEntry("weird", UNPARSABLE.x509());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ks.store(out, PASSWORD);
    Path f = write("mixed.p12", out.toByteArray());

    ImportResult r = KeystoreImporter.read(f, PASSWORD);
    assertCerts(r, ROOT_A);
    ImportProblem p = onlyProblem(r);
    assertEquals(f.toString(), p.file());
    assertEquals("alias 'weird'", p.where());
    assertTrue(p.message().contains("SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION"), p.message());
  }

  @Test
  void emptyKeystoreGivesANote() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ks.store(out, PASSWORD);
    Report report = KeystoreImporter.readReport(write("empty.p12", out.toByteArray()), PASSWORD);
    assertNoProblems(report.result());
    assertTrue(report.result().entries().isEmpty());
    assertEquals(1, report.notes().size());
    assertTrue(report.notes().get(0).contains("no entries"), report.notes().get(0));

    KeyStore jks = KeyStore.getInstance("JKS");
    jks.load(null, null);
    out.reset();
    jks.store(out, PASSWORD);
    Report emptyJks = KeystoreImporter.readReport(write("empty.jks", out.toByteArray()), PASSWORD);
    assertEquals(List.of("the keystore is empty"), emptyJks.notes());
  }

  /**
   * {@code openssl pkcs12 -export -nokeys -in GlobalSign_Root_CA.pem -passout pass:changeit}
   * (OpenSSL 3.0, no -jdktrust): the JDK lists no entries, and the note says why.
   */
  @Test
  void opensslPkcs12WithoutJdkTrustAttribute() throws Exception {
    Path f = dir.resolve("openssl-nokeys.p12");
    try (var in = getClass().getResourceAsStream("/importer/openssl-nokeys.p12")) {
      Files.copy(in, f);
    }
    Report report = KeystoreImporter.readReport(f, "changeit".toCharArray());
    assertEquals("PKCS12", report.type());
    assertNoProblems(report.result());
    assertTrue(report.result().entries().isEmpty());
    assertTrue(report.notes().get(0).contains("-jdktrust"), report.notes().get(0));
  }

  @Test
  void jdkCacerts() {
    Path cacerts = KeystoreImporter.jdkCacerts();
    assumeTrue(Files.isRegularFile(cacerts), "no " + cacerts);
    Report report = KeystoreImporter.readReport(cacerts, "changeit".toCharArray());
    assertNoProblems(report.result());
    long anchors = report.result().entries().stream().filter(e -> e.trust() == Trust.ANCHOR).count();
    assertTrue(anchors > 50, "anchors: " + anchors);
  }

  @Test
  void nullArgumentsAreProgrammerErrors() {
    assertThrows(NullPointerException.class, () -> KeystoreImporter.read(null));
    assertThrows(NullPointerException.class, () -> KeystoreImporter.read(dir, null));
  }
}
