package dev.pkixj.truststore.importer;

import static dev.pkixj.truststore.importer.Fixtures.NO_CN;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_A;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_B;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_C;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_D;
import static dev.pkixj.truststore.importer.Fixtures.UNPARSABLE;
import static dev.pkixj.truststore.importer.Fixtures.assertCerts;
import static dev.pkixj.truststore.importer.Fixtures.assertNoProblems;
import static dev.pkixj.truststore.importer.Fixtures.labels;
import static dev.pkixj.truststore.importer.Fixtures.lineOf;
import static dev.pkixj.truststore.importer.Fixtures.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemBundleTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void bundleGivesOneAnchorPerCertificateLabelledByCommonName() throws IOException {
    Path f = write("bundle.pem", "# a comment line outside blocks\n" + Pem.certs(ROOT_A, ROOT_B, ROOT_C));
    ImportResult r = PemBundle.read(f, Source.OS);
    assertNoProblems(r);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C);
    assertEquals(List.of("Importer Test Root A", "Importer Test Root B", "Importer Test Root C"),
        labels(r));
    for (TrustEntry e : r.entries()) {
      assertEquals(Trust.ANCHOR, e.trust());
      assertEquals(Source.OS, e.source());
      assertNull(e.distrustAfter());
    }
  }

  @Test
  void requestedTrustAndSourceAreUsed() throws IOException {
    Path f = write("intermediates.pem", Pem.certs(ROOT_A));
    TrustEntry e = PemBundle.read(f, Source.FILE, Trust.INHERIT).entries().get(0);
    assertEquals(Trust.INHERIT, e.trust());
    assertEquals(Source.FILE, e.source());
  }

  @Test
  void derIsDetectedWhateverTheFileName() throws IOException {
    ImportResult der = PemBundle.read(write("root.der", ROOT_A.der()), Source.FILE);
    assertNoProblems(der);
    assertCerts(der, ROOT_A);
    ImportResult misnamed = PemBundle.read(write("actually-der.pem", ROOT_B.der()), Source.FILE);
    assertNoProblems(misnamed);
    assertCerts(misnamed, ROOT_B);
  }

  @Test
  void crlfLineEndingsAndOtherBlockTypes() throws IOException {
    String text = (Pem.encode("PRIVATE KEY", new byte[] {1, 2, 3}) + Pem.certs(ROOT_A)
        + Pem.encode("X509 CRL", new byte[] {4, 5}) + Pem.encode("X509 CERTIFICATE", ROOT_B.der()))
        .replace("\n", "\r\n");
    ImportResult r = PemBundle.read(write("mixed.crt", text), Source.FILE);
    assertNoProblems(r);
    assertCerts(r, ROOT_A, ROOT_B);
  }

  @Test
  void labelFallsBackToTheFileName() throws IOException {
    ImportResult r = PemBundle.read(write("corp-root.pem", Pem.certs(NO_CN)), Source.FILE);
    assertNoProblems(r);
    assertEquals(List.of("corp-root.pem"), labels(r));
  }

  @Test
  void sameCertificateTwiceIsKeptOnce() throws IOException {
    ImportResult r = PemBundle.read(write("dup.pem", Pem.certs(ROOT_A, ROOT_B, ROOT_A)), Source.FILE);
    assertNoProblems(r);
    assertCerts(r, ROOT_A, ROOT_B);
  }

  @Test
  void malformedBase64IsAProblemAtItsBeginLineAndTheRestIsImported() throws IOException {
    String bad = "-----BEGIN CERTIFICATE-----\nMIIB*not*base64*\n-----END CERTIFICATE-----\n";
    String text = Pem.certs(ROOT_A) + bad + Pem.certs(ROOT_B);
    Path f = write("bad64.pem", text);
    ImportResult r = PemBundle.read(f, Source.FILE);
    assertCerts(r, ROOT_A, ROOT_B);
    ImportProblem p = onlyProblem(r);
    assertEquals(f.toString(), p.file());
    assertEquals("line " + lineOf(text, "-----BEGIN CERTIFICATE-----", 2), p.where());
    assertTrue(p.message().contains("malformed base64"), p.message());
  }

  @Test
  void truncatedBlockAtTheEnd() throws IOException {
    String full = Pem.certs(ROOT_B);
    String truncated = full.substring(0, full.indexOf("-----END"));
    String text = Pem.certs(ROOT_A) + truncated;
    Path f = write("truncated.pem", text);
    ImportResult r = PemBundle.read(f, Source.FILE);
    assertCerts(r, ROOT_A);
    ImportProblem p = onlyProblem(r);
    assertEquals(f.toString(), p.file());
    assertEquals("line " + lineOf(text, "-----BEGIN", 2), p.where());
    assertTrue(p.message().contains("truncated"), p.message());
  }

  @Test
  void truncatedBlockFollowedByAnotherBlock() throws IOException {
    String full = Pem.certs(ROOT_B);
    String truncated = full.substring(0, full.indexOf("-----END"));
    String text = Pem.certs(ROOT_A) + truncated + Pem.certs(ROOT_C);
    ImportResult r = PemBundle.read(write("cut.pem", text), Source.FILE);
    assertCerts(r, ROOT_A, ROOT_C);
    ImportProblem p = onlyProblem(r);
    assertEquals("line " + lineOf(text, "-----BEGIN", 2), p.where());
    assertTrue(p.message().contains("truncated"), p.message());
  }

  @Test
  void certificateThatDoesNotParseIsAProblem() throws IOException {
    String text = Pem.certs(ROOT_A, UNPARSABLE, ROOT_B)
        + Pem.encode("CERTIFICATE", Der.seq(Der.integer(1)));
    Path f = write("unparsable.pem", text);
    ImportResult r = PemBundle.read(f, Source.FILE);
    assertCerts(r, ROOT_A, ROOT_B);
    assertEquals(2, r.problems().size(), r.problems()::toString);
    ImportProblem p = r.problems().get(0);
    assertEquals(f.toString(), p.file());
    assertEquals("line " + lineOf(text, "-----BEGIN", 2), p.where());
    assertTrue(p.message().contains("SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION"), p.message());
    ImportProblem p2 = r.problems().get(1);
    assertEquals("line " + lineOf(text, "-----BEGIN", 4), p2.where());
    assertTrue(p2.message().contains("does not parse"), p2.message());
  }

  @Test
  void mismatchedEndLabel() throws IOException {
    String text = "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(ROOT_A.der()) + "\n-----END X509 CRL-----\n"
        + Pem.certs(ROOT_B);
    ImportResult r = PemBundle.read(write("mismatch.pem", text), Source.FILE);
    assertCerts(r, ROOT_B);
    ImportProblem p = onlyProblem(r);
    assertEquals("line 1", p.where());
    assertTrue(p.message().contains("END X509 CRL"), p.message());
  }

  @Test
  void headersInACertificateBlockAreAProblem() throws IOException {
    String text = "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n"
        + Base64.getMimeEncoder().encodeToString(ROOT_A.der()) + "\n-----END CERTIFICATE-----\n";
    ImportProblem p = onlyProblem(PemBundle.read(write("hdr.pem", text), Source.FILE));
    assertEquals("line 1", p.where());
    assertTrue(p.message().contains("headers"), p.message());
  }

  @Test
  void filesWithoutCertificates() throws IOException {
    ImportProblem empty = onlyProblem(PemBundle.read(write("empty.pem", ""), Source.FILE));
    assertTrue(empty.message().contains("empty"), empty.message());

    ImportProblem text = onlyProblem(PemBundle.read(write("notes.pem", "hello\n"), Source.FILE));
    assertTrue(text.message().contains("neither PEM"), text.message());

    ImportProblem key = onlyProblem(PemBundle.read(
        write("key.pem", Pem.encode("PRIVATE KEY", new byte[] {1})), Source.FILE));
    assertTrue(key.message().contains("PRIVATE KEY"), key.message());
  }

  @Test
  void missingFileIsAProblemNamingTheOsError() {
    Path f = dir.resolve("nope.pem");
    ImportProblem p = onlyProblem(PemBundle.read(f, Source.FILE));
    assertEquals(f.toString(), p.file());
    assertTrue(p.message().contains("no such file"), p.message());
  }

  @Test
  void directoryOfPemAndDerFiles() throws IOException {
    Path d = Files.createDirectory(dir.resolve("certs"));
    Files.writeString(d.resolve("a.pem"), Pem.certs(ROOT_A, ROOT_B));
    Files.write(d.resolve("c.CER"), ROOT_C.der());
    Files.writeString(d.resolve("d.crt"), Pem.certs(ROOT_D, ROOT_A)); // ROOT_A again: kept once
    Files.writeString(d.resolve("README.txt"), "not a certificate file, not read");
    Files.writeString(d.resolve("z.key"), Pem.encode("PRIVATE KEY", new byte[] {1}));
    Files.createSymbolicLink(d.resolve("1a2b3c4d.0"), d.resolve("a.pem")); // OpenSSL hash link
    Files.createDirectory(d.resolve("sub.pem")); // directories are not descended into

    ImportResult r = PemBundle.read(d, Source.OS);
    assertNoProblems(r);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C, ROOT_D);
  }

  @Test
  void directoryProblemsNameTheFileAndTheOthersAreImported() throws IOException {
    Path d = Files.createDirectory(dir.resolve("mixed"));
    Files.writeString(d.resolve("a.pem"), Pem.certs(ROOT_A));
    Path bad = Files.writeString(d.resolve("b.pem"), "-----BEGIN CERTIFICATE-----\n@@@\n"
        + "-----END CERTIFICATE-----\n");
    Files.createSymbolicLink(d.resolve("broken.pem"), d.resolve("missing-target.pem"));
    Files.writeString(d.resolve("c.pem"), Pem.certs(ROOT_C));

    ImportResult r = PemBundle.read(d, Source.OS);
    assertCerts(r, ROOT_A, ROOT_C);
    assertEquals(2, r.problems().size(), r.problems()::toString);
    assertEquals(bad.toString(), r.problems().get(0).file());
    assertEquals("line 1", r.problems().get(0).where());
    assertEquals(d.resolve("broken.pem").toString(), r.problems().get(1).file());
    assertTrue(r.problems().get(1).message().contains("broken symbolic link"),
        r.problems().get(1).message());
  }

  @Test
  void directoryWithoutCertificateFiles() throws IOException {
    Path d = Files.createDirectory(dir.resolve("nothing"));
    Files.writeString(d.resolve("README"), "x");
    ImportProblem p = onlyProblem(PemBundle.read(d, Source.OS));
    assertEquals(d.toString(), p.file());
    assertTrue(p.message().contains("no certificate files"), p.message());
  }

  // ---- OpenSSL TRUSTED CERTIFICATE ----------------------------------------------------------

  private static byte[] oids(String... dotted) {
    byte[][] parts = new byte[dotted.length][];
    for (int i = 0; i < dotted.length; i++) {
      parts[i] = Der.oid(dotted[i]);
    }
    return Der.concat(parts);
  }

  private static String trusted(TestCert cert, byte[] aux) {
    return Pem.encode("TRUSTED CERTIFICATE", Der.concat(cert.der(), aux));
  }

  @Test
  void trustedCertificateBlocks() throws IOException {
    byte[] trustServer = Der.seq(Der.seq(oids(Oids.SERVER_AUTH, Oids.EMAIL_PROTECTION)),
        Der.utf8("My Alias"));
    byte[] rejectServer = Der.seq(Der.implicit(0, true, oids(Oids.SERVER_AUTH)));
    byte[] rejectAny = Der.seq(Der.seq(oids(Oids.SERVER_AUTH)), Der.implicit(0, true, oids(Oids.ANY_EKU)));
    byte[] emailOnly = Der.seq(Der.seq(oids(Oids.EMAIL_PROTECTION)),
        Der.octetString(new byte[] {9}));
    String text = trusted(ROOT_A, trustServer) + trusted(ROOT_B, rejectServer)
        + trusted(ROOT_C, emailOnly) + trusted(ROOT_D, rejectAny) + trusted(NO_CN, new byte[0]);

    ImportResult r = PemBundle.read(write("ca-bundle.trust.crt", text), Source.OS);
    assertNoProblems(r);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C, ROOT_D, NO_CN);
    List<TrustEntry> e = r.entries();
    assertEquals(Trust.ANCHOR, e.get(0).trust());
    assertEquals("My Alias", e.get(0).label());
    assertEquals(Trust.DISTRUSTED, e.get(1).trust());
    assertEquals(Trust.INHERIT, e.get(2).trust());
    assertEquals(Trust.DISTRUSTED, e.get(3).trust());
    assertEquals(Trust.ANCHOR, e.get(4).trust());
    assertEquals("ca-bundle.trust.crt", e.get(4).label());
  }

  @Test
  void distrustWinsWhenTheSameCertificateAppearsTwice() throws IOException {
    String text = Pem.certs(ROOT_A)
        + trusted(ROOT_A, Der.seq(Der.implicit(0, true, oids(Oids.SERVER_AUTH))));
    ImportResult r = PemBundle.read(write("both.pem", text), Source.OS);
    assertNoProblems(r);
    assertCerts(r, ROOT_A);
    assertEquals(Trust.DISTRUSTED, r.entries().get(0).trust());
  }

  @Test
  void malformedTrustSettingsSkipTheCertificate() throws IOException {
    String text = trusted(ROOT_A, new byte[] {0x30, 0x05, 0x01}) + Pem.certs(ROOT_B);
    ImportResult r = PemBundle.read(write("badaux.pem", text), Source.OS);
    assertCerts(r, ROOT_B);
    ImportProblem p = onlyProblem(r);
    assertEquals("line 1", p.where());
    assertTrue(p.message().contains("trust settings"), p.message());
  }

  @Test
  void parseInMemory() {
    ImportResult r = PemBundle.parse(Pem.certs(ROOT_A).getBytes(StandardCharsets.US_ASCII),
        "<stdin>", Source.FILE, Trust.ANCHOR);
    assertNoProblems(r);
    assertCerts(r, ROOT_A);
    ImportProblem p = onlyProblem(PemBundle.parse(new byte[] {1, 2}, "<stdin>", Source.FILE,
        Trust.ANCHOR));
    assertEquals("<stdin>", p.file());
  }

  @Test
  void nullArgumentsAreProgrammerErrors() {
    assertThrows(NullPointerException.class, () -> PemBundle.read(null, Source.FILE));
    assertThrows(NullPointerException.class, () -> PemBundle.read(dir, null));
    assertThrows(NullPointerException.class, () -> PemBundle.read(dir, Source.FILE, null));
  }
}
