package dev.pkixj.truststore.importer;

import static dev.pkixj.truststore.importer.Fixtures.ROOT_A;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_B;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_C;
import static dev.pkixj.truststore.importer.Fixtures.UNPARSABLE;
import static dev.pkixj.truststore.importer.Fixtures.assertCerts;
import static dev.pkixj.truststore.importer.Fixtures.assertNoProblems;
import static dev.pkixj.truststore.importer.Fixtures.labels;
import static dev.pkixj.truststore.importer.Fixtures.lineOf;
import static dev.pkixj.truststore.importer.Fixtures.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.importer.CertdataImporter.Parsed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertdataImporterTest {
  @TempDir Path dir;

  private static final String FILE = "certdata.txt";
  private static final Instant ENTRUST_CUTOFF = Instant.parse("2024-11-30T23:59:59Z");

  private static String resource(String name) throws IOException {
    try (InputStream in = CertdataImporterTest.class.getResourceAsStream("/importer/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String sha256(byte[] der) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
  }

  private static TrustEntry entry(TestCert c, Trust t, Instant distrustAfter, String label) {
    return new TrustEntry(c.der(), t, distrustAfter, label, Source.CERTDATA);
  }

  /** A MULTILINE_OCTAL attribute as the real file writes it (16 bytes a line). */
  private static String octal(String attr, byte[] value) {
    StringBuilder sb = new StringBuilder(attr).append(" MULTILINE_OCTAL\n");
    for (int i = 0; i < value.length; i++) {
      sb.append(String.format("\\%03o", value[i] & 0xff));
      if (i % 16 == 15 || i == value.length - 1) {
        sb.append('\n');
      }
    }
    return sb.append("END\n").toString();
  }

  /** {@code text} with {@code insertion} placed after the first occurrence of {@code anchor}. */
  private static String insertAfterFirst(String text, String anchor, String insertion) {
    int at = text.indexOf(anchor);
    assertTrue(at >= 0, anchor);
    at += anchor.length();
    return text.substring(0, at) + insertion + text.substring(at);
  }

  /** A certdata.txt with A (anchor), B (inherit, distrust-after), C (distrusted). */
  private static String threeRoots() {
    return CertdataWriter.toText(List.of(entry(ROOT_A, Trust.ANCHOR, null, "Root A"),
        entry(ROOT_B, Trust.INHERIT, ENTRUST_CUTOFF, "Root B"),
        entry(ROOT_C, Trust.DISTRUSTED, null, "Root C")));
  }

  // ---- the real format ------------------------------------------------------------------------

  @Test
  void realCertdataExcerpt() throws Exception {
    Path f = Files.writeString(dir.resolve("certdata.txt"), resource("certdata-excerpt.txt"));
    ImportResult r = CertdataImporter.read(f);
    assertNoProblems(r);
    assertEquals(List.of("GlobalSign Root CA", "Entrust.net Premium 2048 Secure Server CA",
        "Baltimore CyberTrust Root"), labels(r));
    List<TrustEntry> e = r.entries();

    assertEquals(Trust.ANCHOR, e.get(0).trust());
    assertNull(e.get(0).distrustAfter());
    assertEquals("ebd41040e4bb3ec742c9e381d31ef2a41a48b6685c96e7cef3c1df6cd4331c99",
        sha256(e.get(0).der()));

    assertEquals(Trust.INHERIT, e.get(1).trust()); // CKT_NSS_MUST_VERIFY_TRUST since the distrust
    assertEquals(ENTRUST_CUTOFF, e.get(1).distrustAfter());
    assertEquals("6dc47172e01cbcb0bf62580d895fe2b8ac9ad4f873801e0c10b9c837d21eb177",
        sha256(e.get(1).der()));

    assertEquals(Trust.ANCHOR, e.get(2).trust());
    assertNull(e.get(2).distrustAfter());
    assertEquals("16af57a9f676b0ab126095aa5ebadef22ab31119d644ac95cd4b93dbf3f26aeb",
        sha256(e.get(2).der()));

    for (TrustEntry t : e) {
      assertEquals(Source.CERTDATA, t.source());
    }
  }

  // ---- round trip through CertdataWriter --------------------------------------------------------

  @Test
  void writerRoundTrip() throws Exception {
    List<TrustEntry> in = List.of(
        entry(ROOT_A, Trust.ANCHOR, null, "Root A"),
        entry(ROOT_B, Trust.INHERIT, Instant.parse("2024-11-30T23:59:59Z"), "Root \"B\" \\ two"),
        entry(ROOT_C, Trust.DISTRUSTED, Instant.parse("2051-01-02T03:04:05Z"), "Wurzel Ä ✓ 根\nx"),
        new TrustEntry(Fixtures.ROOT_D.der(), Trust.ANCHOR, Instant.parse("1999-12-31T23:59:59Z"),
            "", Source.USER),
        new TrustEntry(Fixtures.NO_CN.der(), Trust.INHERIT, null, "no CN", Source.OS));
    Path f = dir.resolve("exported-certdata.txt");
    CertdataWriter.write(in, f);
    ImportResult r = CertdataImporter.read(f);
    assertNoProblems(r);
    assertEquals(in.size(), r.entries().size());
    for (int i = 0; i < in.size(); i++) {
      TrustEntry a = in.get(i);
      TrustEntry b = r.entries().get(i);
      assertArrayEquals(a.der(), b.der(), a.label());
      assertEquals(a.trust(), b.trust(), a.label());
      assertEquals(a.distrustAfter(), b.distrustAfter(), a.label());
      assertEquals(a.label(), b.label());
      assertEquals(Source.CERTDATA, b.source());
    }
    // Exporting the imported entries gives the text of the originals with source CERTDATA.
    List<TrustEntry> asCertdata = in.stream().map(e -> new TrustEntry(e.der(), e.trust(),
        e.distrustAfter(), e.label(), Source.CERTDATA)).toList();
    assertEquals(CertdataWriter.toText(asCertdata), CertdataWriter.toText(r.entries()));
  }

  @Test
  void writerUsesUtcTimeUntil2049AndGeneralizedTimeAfter() {
    assertEquals("241130235959Z",
        new String(CertdataWriter.time(Instant.parse("2024-11-30T23:59:59.900Z")),
            StandardCharsets.US_ASCII));
    assertEquals("20510102030405Z",
        new String(CertdataWriter.time(Instant.parse("2051-01-02T03:04:05Z")),
            StandardCharsets.US_ASCII));
    assertThrows(IllegalArgumentException.class,
        () -> CertdataWriter.toText(List.of(new TrustEntry(new byte[] {1}, Trust.ANCHOR, null,
            "junk", Source.USER))));
  }

  @Test
  void timesAreUtcTimeOrGeneralizedTime() {
    assertEquals(Instant.parse("1999-01-01T00:00:00Z"),
        CertdataImporter.parseTime("990101000000Z".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(Instant.parse("2049-01-01T00:00:00Z"),
        CertdataImporter.parseTime("490101000000Z".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(Instant.parse("2051-01-01T00:00:00Z"),
        CertdataImporter.parseTime("20510101000000Z".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(IllegalArgumentException.class,
        () -> CertdataImporter.parseTime("241131235959Z".getBytes(StandardCharsets.US_ASCII)));
    assertThrows(IllegalArgumentException.class,
        () -> CertdataImporter.parseTime("2411302359Z".getBytes(StandardCharsets.US_ASCII)));
  }

  // ---- pairing and trust values ---------------------------------------------------------------

  @Test
  void trustValues() {
    String text = threeRoots();
    ImportResult r = CertdataImporter.parse(text, FILE);
    assertNoProblems(r);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C);
    assertEquals(Trust.ANCHOR, r.entries().get(0).trust());
    assertEquals(Trust.INHERIT, r.entries().get(1).trust());
    assertEquals(ENTRUST_CUTOFF, r.entries().get(1).distrustAfter());
    assertEquals(Trust.DISTRUSTED, r.entries().get(2).trust());
  }

  @Test
  void olderAndNewerNamesAreAccepted() {
    String text = threeRoots()
        .replace("CKO_NSS_TRUST", "CKO_NETSCAPE_TRUST")
        .replaceFirst("CKT_NSS_TRUSTED_DELEGATOR", "CKT_TRUST_ANCHOR")
        .replace("CKT_NSS_NOT_TRUSTED", "CKT_NETSCAPE_UNTRUSTED");
    ImportResult r = CertdataImporter.parse(text, FILE);
    assertNoProblems(r);
    assertEquals(List.of(Trust.ANCHOR, Trust.INHERIT, Trust.DISTRUSTED),
        r.entries().stream().map(TrustEntry::trust).toList());
  }

  @Test
  void unknownTrustValueIsInheritWithAProblem() {
    String text = threeRoots().replaceFirst("CKT_NSS_TRUSTED_DELEGATOR", "CKT_NSS_SOMETHING_NEW");
    ImportResult r = CertdataImporter.parse(text, FILE);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C);
    assertEquals(Trust.INHERIT, r.entries().get(0).trust());
    ImportProblem p = onlyProblem(r);
    assertEquals(FILE, p.file());
    assertEquals("line " + lineOf(text, "CKT_NSS_SOMETHING_NEW"), p.where());
    assertTrue(p.message().contains("CKT_NSS_SOMETHING_NEW"), p.message());
  }

  @Test
  void certificateWithoutTrustObjectIsInherit() {
    String text = threeRoots();
    // Drop Root A's trust object (from its "# Trust for" comment to the next "#\n# Certificate").
    int start = text.indexOf("# Trust for \"Root A\"");
    int end = text.indexOf("#\n# Certificate \"Root B\"");
    ImportResult r = CertdataImporter.parse(text.substring(0, start) + text.substring(end), FILE);
    assertNoProblems(r);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C);
    assertEquals(Trust.INHERIT, r.entries().get(0).trust());
  }

  @Test
  void distrustAfterOnTheTrustObjectWithCommentsAndBlankLinesInside() {
    // Izenpe.com's shape in NSS 3.12x: the cutoff sits in the trust object, after a comment.
    String text = threeRoots();
    int trustAuth = text.indexOf("CKA_TRUST_SERVER_AUTH CK_TRUST CKT_NSS_TRUSTED_DELEGATOR");
    text = text.substring(0, trustAuth)
        + "# For Server Distrust After: Wed Apr 15 23:59:59 2026\n\n"
        + "CKA_NSS_SERVER_DISTRUST_AFTER MULTILINE_OCTAL\n"
        + "\\062\\066\\060\\064\\061\\065\\062\\063\\065\\071\\065\\071\\132\nEND\n"
        + text.substring(trustAuth);
    ImportResult r = CertdataImporter.parse(text, FILE);
    assertNoProblems(r);
    assertEquals(Trust.ANCHOR, r.entries().get(0).trust());
    assertEquals(Instant.parse("2026-04-15T23:59:59Z"), r.entries().get(0).distrustAfter());
  }

  @Test
  void trustObjectWithAWrongHashIsIgnored() {
    String text = threeRoots();
    int hash = text.indexOf("CKA_CERT_SHA1_HASH MULTILINE_OCTAL\n") + 35;
    String first = text.substring(hash, hash + 4);
    String broken = text.substring(0, hash) + (first.equals("\\000") ? "\\001" : "\\000")
        + text.substring(hash + 4);
    ImportResult r = CertdataImporter.parse(broken, FILE);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C);
    assertEquals(Trust.INHERIT, r.entries().get(0).trust());
    ImportProblem p = onlyProblem(r);
    assertEquals("line " + lineOf(text, "CKO_NSS_TRUST"), p.where());
    assertTrue(p.message().contains("SHA1"), p.message());
  }

  @Test
  void trustObjectForACertificateNotInTheFile() {
    String text = threeRoots();
    // Remove Root C's certificate object, keeping its trust object.
    int start = text.indexOf("#\n# Certificate \"Root C\"");
    int end = text.indexOf("# Trust for \"Root C\"");
    String orphan = text.substring(0, start) + text.substring(end);
    Parsed parsed = CertdataImporter.parseDetailed(orphan, FILE);
    assertCerts(parsed.result(), ROOT_A, ROOT_B);
    ImportProblem p = onlyProblem(parsed.result());
    assertEquals("line " + lineOf(orphan, "CKO_NSS_TRUST", 3), p.where());
    assertTrue(p.message().contains("matches no certificate"), p.message());
    assertEquals(1, parsed.orphanTrust().size());
    assertEquals("Root C", parsed.orphanTrust().get(0).label());
    assertEquals(Trust.DISTRUSTED, parsed.orphanTrust().get(0).trust());
    assertArrayEquals(ROOT_C.issuerDer(), parsed.orphanTrust().get(0).issuer());
  }

  @Test
  void secondTrustObjectForOneCertificate() {
    String text = threeRoots();
    int start = text.indexOf("# Trust for \"Root A\"");
    int end = text.indexOf("#\n# Certificate \"Root B\"");
    String dup = text + "\n" + text.substring(start, end)
        .replace("CKT_NSS_TRUSTED_DELEGATOR", "CKT_NSS_NOT_TRUSTED");
    ImportResult r = CertdataImporter.parse(dup, FILE);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C);
    assertEquals(Trust.ANCHOR, r.entries().get(0).trust());
    ImportProblem p = onlyProblem(r);
    assertEquals("line " + lineOf(dup, "CKO_NSS_TRUST", 4), p.where());
    assertTrue(p.message().contains("second trust object"), p.message());
  }

  // ---- malformed input: a problem naming file and line, the rest imported -------------------------

  @Test
  void badOctal() {
    String text = threeRoots();
    int valueLine = lineOf(text, "CKA_VALUE", 2); // Root B's certificate
    String[] lines = text.split("\n", -1);
    lines[valueLine + 2] = lines[valueLine + 2].replaceFirst("\\\\[0-7]{3}", "\\\\08x");
    String broken = String.join("\n", lines);
    ImportResult r = CertdataImporter.parse(broken, FILE);
    assertCerts(r, ROOT_A, ROOT_C);
    assertEquals(2, r.problems().size(), r.problems()::toString);
    ImportProblem p = r.problems().get(0);
    assertEquals(FILE, p.file());
    assertEquals("line " + (valueLine + 3), p.where());
    assertTrue(p.message().contains("bad octal"), p.message());
    // Root B's trust object now names a certificate that is not there.
    assertTrue(r.problems().get(1).message().contains("matches no certificate"));
  }

  @Test
  void missingEnd() {
    String text = threeRoots();
    int valueLine = lineOf(text, "CKA_VALUE", 1); // Root A's certificate
    String[] lines = text.split("\n", -1);
    int endLine = valueLine;
    while (!lines[endLine].equals("END")) {
      endLine++;
    }
    lines[endLine] = "# END removed";
    String broken = String.join("\n", lines);
    ImportResult r = CertdataImporter.parse(broken, FILE);
    assertCerts(r, ROOT_B, ROOT_C);
    ImportProblem first = r.problems().get(0);
    assertEquals("line " + valueLine, first.where());
    assertTrue(first.message().contains("no END"), first.message());
    assertEquals(2, r.problems().size(), r.problems()::toString); // and A's orphaned trust object
  }

  @Test
  void unknownTypeAndStrayLines() {
    String text = insertAfterFirst(threeRoots(), "CKA_TOKEN CK_BBOOL CK_TRUE\n",
        "CKA_NSS_FUTURE CK_WHATEVER\n\\001\\002\nEND\nthis line is not an attribute\n");
    ImportResult r = CertdataImporter.parse(text, FILE);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C);
    assertEquals(2, r.problems().size(), r.problems()::toString);
    assertEquals("line " + lineOf(text, "CK_WHATEVER"), r.problems().get(0).where());
    assertTrue(r.problems().get(0).message().contains("unknown attribute type CK_WHATEVER"));
    assertEquals("line " + lineOf(text, "not an attribute"), r.problems().get(1).where());
  }

  @Test
  void certificateThatDoesNotParse() {
    String text = CertdataWriter.toText(List.of(entry(ROOT_A, Trust.ANCHOR, null, "Root A")))
        + CertdataWriter.toText(List.of(entry(ROOT_B, Trust.ANCHOR, null, "Root B")))
            .replaceFirst("(?s)^.*?(\n#\n# Certificate)", "$1")
        + "\nCKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE\nCKA_LABEL UTF8 \"Junk\"\n"
        + "CKA_VALUE MULTILINE_OCTAL\n\\060\\003\\002\\001\\001\nEND\n";
    ImportResult r = CertdataImporter.parse(text, FILE);
    assertCerts(r, ROOT_A, ROOT_B);
    ImportProblem p = onlyProblem(r);
    assertEquals("line " + lineOf(text, "CKO_CERTIFICATE", 3), p.where());
    assertTrue(p.message().contains("\"Junk\" does not parse"), p.message());
  }

  @Test
  void strictParserRejectsACertificateTheJdkAccepts() {
    // CertdataWriter refuses such an entry, so the object is written by hand.
    String text = threeRoots() + "\n#\n# Certificate \"Unparsable\"\n#\n"
        + "CKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE\n"
        + "CKA_LABEL UTF8 \"Unparsable\"\n"
        + "CKA_CERTIFICATE_TYPE CK_CERTIFICATE_TYPE CKC_X_509\n"
        + octal("CKA_VALUE", UNPARSABLE.der())
        + "CKA_NSS_SERVER_DISTRUST_AFTER CK_BBOOL CK_FALSE\n";
    ImportResult r = CertdataImporter.parse(text, FILE);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C);
    ImportProblem p = onlyProblem(r);
    assertEquals("line " + lineOf(text, "CKO_CERTIFICATE", 4), p.where());
    assertTrue(p.message().contains("\"Unparsable\" does not parse "
        + "(SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION)"), p.message());
  }

  @Test
  void unreadableDistrustAfterLeavesTheCertificateOut() {
    String text = threeRoots().replace(
        "\\062\\064\\061\\061\\063\\060\\062\\063\\065\\071\\065\\071\\132",
        "\\062\\064\\061\\061\\063\\060\\062\\063\\065\\071\\132");
    ImportResult r = CertdataImporter.parse(text, FILE);
    assertCerts(r, ROOT_A, ROOT_C);
    assertEquals("line " + lineOf(text, "CKA_NSS_SERVER_DISTRUST_AFTER MULTILINE_OCTAL"),
        r.problems().get(0).where());
    assertTrue(r.problems().get(0).message().contains("left out"));
  }

  @Test
  void noBeginData() {
    ImportProblem p = onlyProblem(CertdataImporter.parse("# just a comment\n", FILE));
    assertEquals(FILE, p.file());
    assertTrue(p.message().contains("BEGINDATA"), p.message());
  }

  @Test
  void attributeBeforeTheFirstClassAndCrlf() {
    String text = threeRoots().replace("BEGINDATA\n", "BEGINDATA\nCKA_LABEL UTF8 \"orphan\"\n")
        .replace("\n", "\r\n");
    ImportResult r = CertdataImporter.parse(text, FILE);
    assertCerts(r, ROOT_A, ROOT_B, ROOT_C);
    ImportProblem p = onlyProblem(r);
    assertEquals("line " + lineOf(text, "\"orphan\""), p.where());
  }

  @Test
  void unreadableFileIsAProblem() {
    Path missing = dir.resolve("nope.txt");
    ImportProblem p = onlyProblem(CertdataImporter.read(missing));
    assertEquals(missing.toString(), p.file());
    assertTrue(p.message().contains("no such file"), p.message());
  }

  @Test
  void nullArgumentsAreProgrammerErrors() {
    assertThrows(NullPointerException.class, () -> CertdataImporter.read(null));
    assertThrows(NullPointerException.class, () -> CertdataImporter.parse(null, FILE));
    assertThrows(NullPointerException.class, () -> CertdataWriter.toText(null));
  }

  @Test
  void labelEscapes() {
    assertEquals("a\"b\\c\u00e4", CertdataImporter.decodeUtf8("\"a\\\"b\\\\c\\303\\244\""));
    assertNull(CertdataImporter.decodeUtf8("unquoted"));
    assertNull(CertdataImporter.decodeUtf8("\"bad \\q escape\""));
    assertEquals("\"x\\\"\\012\"", CertdataWriter.quote("x\"\n"));
  }
}
