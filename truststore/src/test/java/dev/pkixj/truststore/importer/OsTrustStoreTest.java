package dev.pkixj.truststore.importer;

import static dev.pkixj.truststore.importer.Fixtures.ROOT_A;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_B;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_C;
import static dev.pkixj.truststore.importer.Fixtures.assertCerts;
import static dev.pkixj.truststore.importer.Fixtures.assertNoProblems;
import static dev.pkixj.truststore.importer.Fixtures.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pkixj.testdata.Pem;
import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.importer.OsTrustStore.Detection;
import dev.pkixj.truststore.importer.OsTrustStore.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsTrustStoreTest {
  @TempDir Path dir;

  private static final Path DEBIAN_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

  @Test
  void firstExistingBundleIsUsed() throws IOException {
    Path missing = dir.resolve("missing/ca-certificates.crt");
    Path bundle = Files.writeString(dir.resolve("tls-ca-bundle.pem"), Pem.certs(ROOT_A, ROOT_B));
    Path later = Files.writeString(dir.resolve("cert.pem"), Pem.certs(ROOT_C));

    Detection d = new OsTrustStore(List.of(missing, bundle, later), Map.of()).detect();
    assertEquals(Kind.BUNDLE, d.kind());
    assertEquals(bundle, d.path());
    assertEquals(List.of(bundle), d.paths());
    assertNoProblems(d.result());
    assertCerts(d.result(), ROOT_A, ROOT_B);
    for (TrustEntry e : d.result().entries()) {
      assertEquals(Trust.ANCHOR, e.trust());
      assertEquals(Source.OS, e.source());
    }
  }

  @Test
  void aCandidateWithoutCertificatesIsPassedOver() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    Path certs = Files.createDirectory(dir.resolve("certs"));
    Files.writeString(certs.resolve("root-c.pem"), Pem.certs(ROOT_C));

    Detection d = new OsTrustStore(List.of(empty, certs), Map.of()).detect();
    assertEquals(Kind.DIRECTORY, d.kind());
    assertEquals(certs, d.path());
    assertNoProblems(d.result());
    assertCerts(d.result(), ROOT_C);
  }

  @Test
  void whenNothingYieldsCertificatesTheFirstExistingIsReported() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    Detection d = new OsTrustStore(List.of(dir.resolve("nope"), empty), Map.of()).detect();
    assertEquals(Kind.BUNDLE, d.kind());
    assertEquals(empty, d.path());
    assertTrue(d.result().entries().isEmpty());
    assertEquals(empty.toString(), onlyProblem(d.result()).file());
  }

  @Test
  void nothingFound() {
    Detection d = new OsTrustStore(List.of(dir.resolve("a.pem"), dir.resolve("certs")), Map.of())
        .detect();
    assertEquals(Kind.NONE, d.kind());
    assertNull(d.path());
    assertTrue(d.result().entries().isEmpty());
    ImportProblem p = onlyProblem(d.result());
    assertTrue(p.message().contains(dir.resolve("a.pem").toString()), p.message());
  }

  @Test
  void sslCertFileReplacesTheCandidates() throws IOException {
    Path candidate = Files.writeString(dir.resolve("system.pem"), Pem.certs(ROOT_A));
    Path envFile = Files.writeString(dir.resolve("corporate.pem"), Pem.certs(ROOT_B));
    Detection d = new OsTrustStore(List.of(candidate),
        Map.of(OsTrustStore.SSL_CERT_FILE, envFile.toString())).detect();
    assertEquals(Kind.ENVIRONMENT, d.kind());
    assertEquals(List.of(envFile), d.paths());
    assertNoProblems(d.result());
    assertCerts(d.result(), ROOT_B);
  }

  @Test
  void sslCertFileAndSeveralSslCertDirs() throws IOException {
    Path file = Files.writeString(dir.resolve("bundle.pem"), Pem.certs(ROOT_A));
    Path d1 = Files.createDirectory(dir.resolve("d1"));
    Files.writeString(d1.resolve("b.pem"), Pem.certs(ROOT_B, ROOT_A));
    Path d2 = Files.createDirectory(dir.resolve("d2"));
    Files.writeString(d2.resolve("c.crt"), Pem.certs(ROOT_C));
    Map<String, String> env = Map.of(OsTrustStore.SSL_CERT_FILE, file.toString(),
        OsTrustStore.SSL_CERT_DIR, d1 + File.pathSeparator + d2);

    Detection d = new OsTrustStore(List.of(), env).detect();
    assertEquals(Kind.ENVIRONMENT, d.kind());
    assertEquals(List.of(file, d1, d2), d.paths());
    assertNoProblems(d.result());
    assertCerts(d.result(), ROOT_A, ROOT_B, ROOT_C);
  }

  @Test
  void aMissingSslCertFileIsAProblemAndTheCandidatesAreSearched() throws IOException {
    Path candidate = Files.writeString(dir.resolve("system.pem"), Pem.certs(ROOT_A));
    Path typo = dir.resolve("corprate.pem");
    Detection d = new OsTrustStore(List.of(candidate),
        Map.of(OsTrustStore.SSL_CERT_FILE, typo.toString(), OsTrustStore.SSL_CERT_DIR, "")).detect();
    assertEquals(Kind.BUNDLE, d.kind());
    assertCerts(d.result(), ROOT_A);
    ImportProblem p = onlyProblem(d.result());
    assertEquals(typo.toString(), p.file());
    assertTrue(p.message().contains("SSL_CERT_FILE"), p.message());
  }

  @Test
  void defaultCandidatesStartWithDebianAndIncludeTheOthers() {
    List<Path> c = OsTrustStore.defaultCandidates();
    assertEquals(DEBIAN_BUNDLE, c.get(0));
    for (String p : List.of("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
        "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
        "/var/lib/ca-certificates/ca-bundle.pem", "/etc/ssl/ca-bundle.pem", "/etc/ssl/certs")) {
      assertTrue(c.contains(Path.of(p)), p);
    }
    assertThrows(NullPointerException.class, () -> new OsTrustStore(null, Map.of()));
    assertThrows(NullPointerException.class, () -> new OsTrustStore(List.of(), null));
  }

  /** This machine's store (Debian/Ubuntu layout), when it has one. */
  @Test
  void realMachineStore() {
    assumeTrue(Files.isRegularFile(DEBIAN_BUNDLE), "no " + DEBIAN_BUNDLE);
    Detection d = new OsTrustStore(OsTrustStore.defaultCandidates(), Map.of()).detect();
    assertEquals(Kind.BUNDLE, d.kind());
    assertEquals(DEBIAN_BUNDLE, d.path());
    assertNoProblems(d.result());
    long anchors = d.result().entries().stream().filter(e -> e.trust() == Trust.ANCHOR).count();
    assertTrue(anchors > 50, "anchors: " + anchors);
  }

  /** The no-argument constructor: defaults plus this process's SSL_CERT_FILE/SSL_CERT_DIR. */
  @Test
  void realMachineWithProcessEnvironment() {
    assumeTrue(Files.isRegularFile(DEBIAN_BUNDLE), "no " + DEBIAN_BUNDLE);
    Detection d = new OsTrustStore().detect();
    assertTrue(d.kind() == Kind.BUNDLE || d.kind() == Kind.ENVIRONMENT, d.kind()::toString);
    assertTrue(d.result().entries().size() > 50, () -> d.paths() + ": " + d.result().problems());
  }

  /** Reading /etc/ssl/certs as a directory finds (at least) the same roots as the bundle. */
  @Test
  void realMachineDirectoryMatchesTheBundle() {
    Path certs = Path.of("/etc/ssl/certs");
    assumeTrue(Files.isRegularFile(DEBIAN_BUNDLE) && Files.isDirectory(certs));
    ImportResult bundle = PemBundle.read(DEBIAN_BUNDLE, Source.OS);
    ImportResult directory = PemBundle.read(certs, Source.OS);
    assertNoProblems(directory);
    Set<ByteBuffer> fromDir = directory.entries().stream().map(e -> ByteBuffer.wrap(e.der()))
        .collect(Collectors.toSet());
    for (TrustEntry e : bundle.entries()) {
      assertTrue(fromDir.contains(ByteBuffer.wrap(e.der())), e.label());
    }
    assertTrue(directory.entries().size() > 50);
  }
}
