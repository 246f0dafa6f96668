package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkixj verify --ocsp-response FILE --revocation soft|hard|off}. */
class RevocationOptionsTest {
  @TempDir Path dir;

  private Cli.Run verify(byte[] response, String mode) throws Exception {
    TestPki pki = TestPki.ec();
    Path chain = dir.resolve("chain.pem");
    Files.writeString(chain, pki.leaf().pem() + pki.intermediate().pem());
    Path roots = dir.resolve("roots.pem");
    Files.writeString(roots, pki.root().pem());
    Path ocsp = dir.resolve("ocsp.der");
    Files.write(ocsp, response);
    return Cli.run("verify", chain.toString(), "--roots", roots.toString(), "--host",
        TestPki.LEAF_HOST, "--time", TestClock.NOW.toString(), "--ocsp-response", ocsp.toString(),
        "--revocation", mode, "--json");
  }

  private static byte[] response(boolean revoked) {
    TestPki pki = TestPki.ec();
    Instant now = TestClock.NOW;
    OcspResponseBuilder b = OcspResponseBuilder.forIssuer(pki.intermediate())
        .thisUpdate(now.minusSeconds(3600)).nextUpdate(now.plusSeconds(3 * 86400));
    return (revoked ? b.revoked(pki.leaf(), now.minusSeconds(86400)) : b.good(pki.leaf())).build();
  }

  @Test
  void goodStapleIsShown() throws Exception {
    Cli.Run r = verify(response(false), "soft");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.out() + r.err());
    JsonNode ocsp = r.lastLineJson().get("ocsp");
    assertEquals("good", ocsp.get("status").asText());
    assertEquals("Success", ocsp.get("result").asText());
    assertTrue(ocsp.get("responder").asText().contains("CN="), ocsp.toString());
  }

  @Test
  void revokedStapleFailsEvenInSoftFailButNotWhenOff() throws Exception {
    Cli.Run soft = verify(response(true), "soft");
    assertEquals(Main.EXIT_REJECTED, soft.exit(), soft.out() + soft.err());
    assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", soft.lastLineJson().get("code").asText());
    assertEquals("revoked", soft.lastLineJson().get("ocsp").get("status").asText());
    Cli.Run off = verify(response(true), "off");
    assertEquals(Main.EXIT_OK, off.exit(), off.out() + off.err());
    assertTrue(off.lastLineJson().get("valid").asBoolean(), off.out());
  }

  @Test
  void aResponseThatFailsInsideIsMalformedAndBadModeIsAUsageError() throws Exception {
    // The outer structure of an OCSPResponse (SEQUENCE { ENUMERATED successful }) without the
    // responseBytes a successful response needs: the verifier's finding, not the user's.
    Cli.Run bad = verify(new byte[] {0x30, 0x03, 0x0a, 0x01, 0x00}, "soft");
    assertEquals(Main.EXIT_REJECTED, bad.exit(), bad.out() + bad.err());
    assertEquals("SEC_ERROR_OCSP_MALFORMED_RESPONSE", bad.lastLineJson().get("code").asText());
    Cli.Run mode = verify(response(false), "sometimes");
    assertEquals(Main.EXIT_USAGE, mode.exit());
    assertTrue(mode.err().contains("--revocation"), mode.err());
  }

  @Test
  void aFileThatIsNoOcspResponseIsAnInputErrorNamingIt() throws Exception {
    Path ocsp = dir.resolve("ocsp.der");
    java.util.Random rnd = new java.util.Random(5);
    byte[] garbage = new byte[300];
    rnd.nextBytes(garbage);
    garbage[0] = 0x30; // a SEQUENCE tag, but the length does not span the file
    byte[] notStatus = {0x30, 0x03, 0x01, 0x01, 0x00}; // spans the file; BOOLEAN, not ENUMERATED
    byte[] longer = java.util.Arrays.copyOf(response(false), response(false).length + 1);
    String certPem = TestPki.ec().leaf().pem();
    for (Object[] c : new Object[][] {
        {garbage, "not a DER OCSP response"},
        {notStatus, "not a DER OCSP response"},
        {longer, "not a DER OCSP response"},
        {"hello\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            "not a DER OCSP response"},
        {certPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            "not an OCSP response (a PEM file needs exactly one 'OCSP RESPONSE' block, found "
                + "CERTIFICATE)"},
        {new byte[0], "empty file (expected a DER OCSP response)"}}) {
      Cli.Run r = verify((byte[]) c[0], "soft");
      assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
      assertEquals("pkixj verify: " + ocsp + ": " + c[1] + "\n", r.err());
      assertEquals("", r.out());
      r.assertNoStackTrace();
    }
    Files.delete(ocsp);
    Files.createDirectories(ocsp);
    Cli.Run d = Cli.run("verify", "--sample", "--ocsp-response", ocsp.toString());
    assertEquals(Main.EXIT_USAGE, d.exit(), d.out() + d.err());
    assertEquals("pkixj verify: " + ocsp + ": is a directory\n", d.err());
  }

  @Test
  void aPemOcspResponseBlockIsAccepted() throws Exception {
    String pem = "-----BEGIN OCSP RESPONSE-----\n"
        + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(response(false))
        + "\n-----END OCSP RESPONSE-----\n";
    Cli.Run r = verify(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "soft");
    assertEquals(Main.EXIT_OK, r.exit(), r.out() + r.err());
    assertEquals("good", r.lastLineJson().get("ocsp").get("status").asText());
  }
}
