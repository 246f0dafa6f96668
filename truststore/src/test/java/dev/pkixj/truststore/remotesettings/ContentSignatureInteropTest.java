package dev.pkixj.truststore.remotesettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real content signature made by Mozilla's signing service (stage, 2021; resources
 * appservices-stage/README.md) verifies with pkixj, and fails for the wrong time, signer, root or
 * data.
 */
class ContentSignatureInteropTest {
  private static final String ROOT =
      "3C:01:44:6A:BE:90:36:CE:A9:A0:9A:CA:A3:A5:20:AC:62:8F:20:A7:AE:32:CE:86:1C:B2:EF:B7:0F:A0:C7:45";
  private static final long WHEN = 1615559719L; // 2021-03-12, as application-services' test
  private static final String SIGNER = ContentSignatureVerifier.REMOTE_SETTINGS_SIGNER;

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ContentSignatureInteropTest.class.getResourceAsStream(
        "appservices-stage/" + name)) {
      return in.readAllBytes();
    }
  }

  private static ContentSignatureVerifier at(long epochSecond, String... roots) {
    return ContentSignatureVerifier.of(ContentSignatureRoots.ofFingerprints(roots),
        Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }

  @Test
  void mozillasSignatureVerifiesAndOurPayloadIsTheSignedOne() throws Exception {
    byte[] signed = CanonicalJson.signedPayloadOf(List.of(), 1603992731957L);
    byte[] theirs = resource("payload.json");
    assertArrayEquals(("Content-Signature:\u0000" + new String(theirs, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8), signed);
    String sig = new String(resource("signature.txt"), StandardCharsets.US_ASCII).strip();
    byte[] chain = resource("chain.pem");
    assertDoesNotThrow(() -> at(WHEN, ROOT).verify(signed, sig, chain, SIGNER, "stage"));
    // The same root given as its certificate instead of its fingerprint.
    byte[] rootDer = ContentSignatureVerifier.parsePemChain(chain, "x").get(2);
    assertDoesNotThrow(() -> ContentSignatureVerifier.of(ContentSignatureRoots.of(rootDer),
        Clock.fixed(Instant.ofEpochSecond(WHEN), ZoneOffset.UTC))
        .verify(signed, sig, chain, SIGNER, "stage"));
  }

  @Test
  void wrongTimeSignerRootOrDataFail() throws Exception {
    byte[] signed = CanonicalJson.signedPayloadOf(List.of(), 1603992731957L);
    String sig = new String(resource("signature.txt"), StandardCharsets.US_ASCII).strip();
    byte[] chain = resource("chain.pem");
    String m = assertThrows(RemoteSettingsException.class,
        () -> at(1700000000L, ROOT).verify(signed, sig, chain, SIGNER, "stage")).getMessage();
    assertEquals("stage: the certificate chain does not verify: SEC_ERROR_EXPIRED_CERTIFICATE"
        + " (the signing certificate has expired)", m);
    m = assertThrows(RemoteSettingsException.class,
        () -> at(WHEN, ROOT).verify(signed, sig, chain,
            ContentSignatureVerifier.SECURITY_STATE_SIGNER, "stage")).getMessage();
    assertTrue(m.startsWith("stage: the signing certificate is not for "
        + ContentSignatureVerifier.SECURITY_STATE_SIGNER), m);
    m = assertThrows(RemoteSettingsException.class,
        () -> at(WHEN, ContentSignatureRoots.PRODUCTION_ROOT_SHA256)
            .verify(signed, sig, chain, SIGNER, "stage")).getMessage();
    assertTrue(m.contains("SEC_ERROR_UNKNOWN_ISSUER"), m);
    byte[] other = CanonicalJson.signedPayloadOf(List.of(), 1603992731958L);
    m = assertThrows(RemoteSettingsException.class,
        () -> at(WHEN, ROOT).verify(other, sig, chain, SIGNER, "stage")).getMessage();
    assertEquals("stage: the signature does not match the collection's data", m);
  }
}
