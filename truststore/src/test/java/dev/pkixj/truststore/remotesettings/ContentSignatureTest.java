package dev.pkixj.truststore.remotesettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.RemoteSettingsServer;
import dev.pkixj.testdata.RemoteSettingsServer.SigningPki;
import dev.pkixj.testdata.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Content-signature checks of changesets served by the loopback server with a test
 * content-signature PKI (docs/remote-settings.md): a signed collection verifies, and each way it
 * can be wrong is refused with a message naming the collection and the step.
 */
class ContentSignatureTest {
  static final String B = "security-state";
  static final String C = "onecrl";
  static final String SIGNER = ContentSignatureVerifier.SECURITY_STATE_SIGNER;
  static final String WHAT = B + "/" + C + ": content signature: ";
  static final SigningPki PKI = SigningPki.create(SIGNER);
  static final long TS = 1700000000123L;
  /** The records as the server signs them (canonical) ... */
  static final List<String> CANONICAL = List.of(
      "{\"details\":{\"why\":\"caf\\u00e9 \\\"q\\\"\"},\"id\":\"r2\",\"last_modified\":1700000000100,"
          + "\"n\":[1.5,1e+21,0.000001]}",
      "{\"id\":\"r1\",\"issuerName\":\"MBIxEDAOBgNVBAMTB1Rlc3QgQ0E=\",\"last_modified\":1700000000000}");
  /** ... and as it serves them: other member order, whitespace, raw UTF-8, other number forms. */
  static final List<String> SERVED = List.of(
      "{\"id\": \"r1\", \"last_modified\": 1700000000000, \"issuerName\": \"MBIxEDAOBgNVBAMTB1Rlc3QgQ0E=\"}",
      "{\"n\": [1.50, 1E21, 1e-6], \"last_modified\": 1700000000100, \"id\": \"r2\","
          + " \"details\": {\"why\": \"caf\u00e9 \\\"q\\\"\"}}",
      "{\"id\": \"r0\", \"last_modified\": 1700000000050, \"deleted\": true}");

  static ContentSignatureVerifier verifier(ContentSignatureRoots roots) {
    return ContentSignatureVerifier.of(roots, Clock.fixed(TestClock.NOW, ZoneOffset.UTC));
  }

  static RemoteSettingsClient client(RemoteSettingsServer s) throws Exception {
    return RemoteSettingsClient.of(s.url())
        .withSignatureCheck(verifier(ContentSignatureRoots.of(PKI.root().der())));
  }

  /** Serves SERVED (or {@code served}) with a signature by {@code pki} over CANONICAL. */
  static void serve(RemoteSettingsServer s, SigningPki pki, List<String> served) {
    String sig = pki.sign(RemoteSettingsServer.signedPayload(TS, CANONICAL));
    serveWith(s, pki, served, sig);
  }

  static void serveWith(RemoteSettingsServer s, SigningPki pki, List<String> served, String sig) {
    String x5u = s.x5u("chain.pem", pki.pem().getBytes(StandardCharsets.US_ASCII));
    s.changeset(B, C, RemoteSettingsServer.changesetJson(TS, served,
        RemoteSettingsServer.signatureJson(sig, x5u)));
  }

  static String failure(RemoteSettingsClient c) {
    return assertThrows(RemoteSettingsException.class, () -> c.changeset(B, C, 0)).getMessage();
  }

  @Test
  void aSignedChangesetVerifiesWhateverTheServedFormAndOrder() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      serve(s, PKI, SERVED);
      Changeset cs = client(s).changeset(B, C, 0);
      assertTrue(cs.signatureVerified());
      assertEquals(3, cs.records().size());
      assertEquals("caf\u00e9 \"q\"", cs.records().get(1).json().object("details").string("why"));
      assertTrue(s.requests.stream().anyMatch(r -> r.equals("/x5u/chain.pem")), s.requests.toString());
      // Reordered records and the root pinned by fingerprint: still the same signed data.
      List<String> reversed = Arrays.asList(SERVED.get(2), SERVED.get(1), SERVED.get(0));
      serve(s, PKI, reversed);
      RemoteSettingsClient pinned = RemoteSettingsClient.of(s.url()).withSignatureCheck(verifier(
          ContentSignatureRoots.ofFingerprints(PKI.root().sha256FingerprintHex())));
      assertTrue(pinned.changeset(B, C, 0).signatureVerified());
      // Without a check nothing is fetched from x5u and nothing is claimed.
      int before = s.requests.size();
      assertFalse(RemoteSettingsClient.of(s.url()).changeset(B, C, 0).signatureVerified());
      assertEquals(before + 1, s.requests.size());
    }
  }

  @Test
  void theServersSigningHelperProducesAVerifyingChangeset() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      byte[] payload = s.signedChangeset(B, C, TS, CANONICAL, PKI);
      Changeset cs = client(s).changeset(B, C, 0);
      assertTrue(cs.signatureVerified());
      assertEquals(new String(payload, StandardCharsets.UTF_8), new String(
          CanonicalJson.signedPayload(cs.records(), cs.timestamp()), StandardCharsets.UTF_8));
    }
  }

  @Test
  void tamperedExtraOrMissingRecordsDoNotMatch() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      RemoteSettingsClient c = client(s);
      String bad = WHAT + "the signature does not match the collection's data";
      serve(s, PKI, List.of(SERVED.get(0).replace("1700000000000", "1700000000001"),
          SERVED.get(1)));
      assertEquals(bad, failure(c));
      serve(s, PKI, List.of(SERVED.get(0), SERVED.get(1),
          "{\"id\":\"r3\",\"last_modified\":1700000000200}"));
      assertEquals(bad, failure(c));
      serve(s, PKI, List.of(SERVED.get(1)));
      assertEquals(bad, failure(c));
      // Another timestamp is another signed text too.
      String sig = PKI.sign(RemoteSettingsServer.signedPayload(TS + 1, CANONICAL));
      serveWith(s, PKI, SERVED, sig);
      assertEquals(bad, failure(c));
    }
  }

  @Test
  void theCertificateMustBeTheSignersForCodeSigningValidAndTrusted() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      RemoteSettingsClient c = client(s);
      serve(s, SigningPki.create(ContentSignatureVerifier.REMOTE_SETTINGS_SIGNER), SERVED);
      assertEquals(WHAT + "the signing certificate is not for " + SIGNER
          + " (its subjectAltName does not name it)", failure(c));
      serve(s, SigningPki.create(SIGNER, b -> b.extendedKeyUsage(Oids.SERVER_AUTH)), SERVED);
      assertEquals(WHAT + "the certificate chain does not verify: SEC_ERROR_INADEQUATE_CERT_TYPE"
          + " (not for code signing)", failure(c));
      serve(s, SigningPki.create(SIGNER, b -> b.validity(TestClock.daysAgo(90),
          TestClock.daysAgo(1))), SERVED);
      assertEquals(WHAT + "the certificate chain does not verify: SEC_ERROR_EXPIRED_CERTIFICATE"
          + " (the signing certificate has expired)", failure(c));
      serve(s, SigningPki.create(SIGNER, "another root", b -> b), SERVED);
      assertEquals(WHAT + "the certificate chain does not verify: SEC_ERROR_UNKNOWN_ISSUER"
          + " (not issued by a trusted content-signature root)", failure(c));
      RemoteSettingsClient none = RemoteSettingsClient.of(s.url())
          .withSignatureCheck(verifier(ContentSignatureRoots.none()));
      serve(s, PKI, SERVED);
      assertEquals(WHAT + "cannot verify: no content-signature root configured", failure(none));
    }
  }

  @Test
  void badSignatureValues() throws Exception {
    byte[] rs = Base64.getUrlDecoder().decode(
        PKI.sign(RemoteSettingsServer.signedPayload(TS, CANONICAL)));
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      RemoteSettingsClient c = client(s);
      serveWith(s, PKI, SERVED, Base64.getEncoder().encodeToString(rs).replace('-', '+') + "+/");
      assertEquals(WHAT + "the signature is not base64url", failure(c));
      serveWith(s, PKI, SERVED, "abc$def");
      assertEquals(WHAT + "the signature is not base64url", failure(c));
      serveWith(s, PKI, SERVED,
          Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(rs, 64)));
      assertEquals(WHAT + "the signature is 64 bytes, not 96 (the r and s of ECDSA P-384)",
          failure(c));
      serveWith(s, PKI, SERVED, "");
      assertEquals(WHAT + "the signature is empty", failure(c));
      byte[] flipped = rs.clone();
      flipped[95] ^= 1;
      serveWith(s, PKI, SERVED, Base64.getUrlEncoder().encodeToString(flipped)); // padded: fine
      assertEquals(WHAT + "the signature does not match the collection's data", failure(c));
    }
  }

  @Test
  void missingSignatureAndBadX5u() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      RemoteSettingsClient c = client(s);
      s.changeset(B, C, RemoteSettingsServer.changesetJson(TS, SERVED));
      assertEquals(WHAT + "metadata.signature has no signature", failure(c));
      s.changeset(B, C, "{\"timestamp\":" + TS + ",\"changes\":[]}");
      assertEquals(WHAT + "the changeset has no metadata.signature", failure(c));
      String sig = PKI.sign(RemoteSettingsServer.signedPayload(TS, CANONICAL));
      s.changeset(B, C, RemoteSettingsServer.changesetJson(TS, SERVED,
          "{\"signature\":\"" + sig + "\"}"));
      assertEquals(WHAT + "metadata.signature has no x5u", failure(c));
      s.changeset(B, C, RemoteSettingsServer.changesetJson(TS, SERVED,
          RemoteSettingsServer.signatureJson(sig, "http://example.com/chain.pem")));
      assertEquals(WHAT + "x5u: http://example.com/chain.pem: plain http is accepted only from"
          + " this machine (localhost); use https", failure(c));
      // An x5u larger than the bound, one that is not PEM, one that is missing.
      byte[] big = (PKI.pem() + " ".repeat(ContentSignatureVerifier.MAX_X5U_BYTES))
          .getBytes(StandardCharsets.US_ASCII);
      String url = s.x5u("big.pem", big);
      s.changeset(B, C, RemoteSettingsServer.changesetJson(TS, SERVED,
          RemoteSettingsServer.signatureJson(sig, url)));
      assertEquals(WHAT + "x5u: " + url + ": larger than 65536 bytes", failure(c));
      url = s.x5u("junk.pem", "not a certificate".getBytes(StandardCharsets.US_ASCII));
      s.changeset(B, C, RemoteSettingsServer.changesetJson(TS, SERVED,
          RemoteSettingsServer.signatureJson(sig, url)));
      assertEquals(WHAT + "x5u: no certificate (not a PEM chain)", failure(c));
      url = s.x5u("bad64.pem", "-----BEGIN CERTIFICATE-----\nM!!\n-----END CERTIFICATE-----\n"
          .getBytes(StandardCharsets.US_ASCII));
      s.changeset(B, C, RemoteSettingsServer.changesetJson(TS, SERVED,
          RemoteSettingsServer.signatureJson(sig, url)));
      assertEquals(WHAT + "x5u: certificate 1 is not valid base64", failure(c));
      url = s.x5uUrl("absent.pem");
      s.changeset(B, C, RemoteSettingsServer.changesetJson(TS, SERVED,
          RemoteSettingsServer.signatureJson(sig, url)));
      assertEquals(WHAT + "x5u: " + url + ": the server answered HTTP 404", failure(c));
    }
  }

  @Test
  void gzipBackoffRetryAfterAndUserAgent() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      RemoteSettingsClient c = client(s);
      serve(s, PKI, SERVED);
      s.gzip(true);
      s.header(RemoteSettingsServer.changesetPath(B, C), Map.of("Backoff", "600"));
      Changeset cs = c.changeset(B, C, 0);
      assertTrue(cs.signatureVerified());
      assertEquals(600, cs.backoffSeconds());
      String h = s.requestHeaders.get(0);
      assertTrue(h.startsWith(RemoteSettingsClient.USER_AGENT + " | gzip"), h);
      assertTrue(RemoteSettingsClient.USER_AGENT.startsWith("pkixj/"));
      // A compressed x5u that inflates past its bound.
      String sig = PKI.sign(RemoteSettingsServer.signedPayload(TS, CANONICAL));
      String url = s.x5u("bomb.pem", new byte[1 << 20]);
      s.changeset(B, C, RemoteSettingsServer.changesetJson(TS, SERVED,
          RemoteSettingsServer.signatureJson(sig, url)));
      assertEquals(WHAT + "x5u: " + url + ": larger than 65536 bytes once decompressed",
          failure(c));
      s.respond(RemoteSettingsServer.changesetPath(B, C), 503, Map.of("Retry-After", "120"));
      RemoteSettingsException e = assertThrows(RemoteSettingsException.class,
          () -> c.changeset(B, C, 0));
      assertTrue(e.getMessage().endsWith(": the server asked to back off for 120 s (HTTP 503,"
          + " Retry-After)"), e.getMessage());
      assertEquals(120, e.retryAfterSeconds().orElseThrow());
      s.respond(RemoteSettingsServer.changesetPath(B, C), 500, Map.of());
      e = assertThrows(RemoteSettingsException.class, () -> c.changeset(B, C, 0));
      assertTrue(e.getMessage().endsWith(": the server answered HTTP 500"), e.getMessage());
      assertTrue(e.retryAfterSeconds().isEmpty());
    }
  }

  @Test
  void backoffHeaderValues() {
    assertEquals(0, RemoteSettingsClient.seconds(null));
    assertEquals(0, RemoteSettingsClient.seconds("soon"));
    assertEquals(30, RemoteSettingsClient.seconds(" 30 "));
    assertEquals(RemoteSettingsClient.MAX_BACKOFF_SECONDS,
        RemoteSettingsClient.seconds("999999999"));
    assertEquals(0, RemoteSettingsClient.seconds("Wed, 21 Oct 2015 07:28:00 GMT"));
  }

  @Test
  void productionChecksByDefaultOtherServersDoNot() throws Exception {
    RemoteSettingsClient prod = RemoteSettingsClient.of(RemoteSettingsClient.PRODUCTION_SERVER);
    assertEquals(ContentSignatureRoots.production(),
        prod.signatureCheck().orElseThrow().roots());
    assertEquals(java.util.Set.of("97e8ba9cf12fb3de53cc42a4e6577ed64df493c247b414fea036818d3823560e"),
        ContentSignatureRoots.production().sha256());
    assertTrue(prod.withoutSignatureCheck().signatureCheck().isEmpty());
    assertTrue(RemoteSettingsClient.of("https://mirror.example/v1").signatureCheck().isEmpty());
    assertEquals(SIGNER, ContentSignatureVerifier.signerFor("security-state"));
    assertEquals(ContentSignatureVerifier.REMOTE_SETTINGS_SIGNER,
        ContentSignatureVerifier.signerFor("main"));
  }
}
