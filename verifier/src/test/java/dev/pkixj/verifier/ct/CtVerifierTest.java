package dev.pkixj.verifier.ct;

import static dev.pkixj.verifier.ct.CtFixtures.EC_LOG_KEY;
import static dev.pkixj.verifier.ct.CtFixtures.RSA_LOG_KEY;
import static dev.pkixj.verifier.ct.CtFixtures.cert;
import static dev.pkixj.verifier.ct.CtFixtures.hexResource;
import static dev.pkixj.verifier.ct.CtFixtures.list;
import static dev.pkixj.verifier.ct.CtFixtures.log;
import static dev.pkixj.verifier.ct.CtFixtures.resource;
import static dev.pkixj.verifier.ct.CtFixtures.sctList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.sig.SignatureVerifier;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestKeys;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SCT verification with the google/certificate-transparency test vectors (resources/ct/). */
class CtVerifierTest {
  static final CtLog EC_LOG = log("test EC log", 0, EC_LOG_KEY);
  static final CtLog RSA_LOG = log("test RSA log", 1, RSA_LOG_KEY);
  static final CtVerifier VERIFIER = new CtVerifier(list(EC_LOG, RSA_LOG));
  static final long TIME = Instant.parse("2015-01-01T00:00:00Z").getEpochSecond();
  static final long NONE = CtVerifier.NO_DISTRUST_AFTER;

  @Test
  void testLogIdIsTheKeyHash() {
    assertEquals("df1c2ec11500945247a96168325ddc5c7959e8f7c6d388fc002e0bbd3f74d764",
        HexFormat.of().formatHex(EC_LOG.logId()));
    assertTrue(VERIFIER.isUsable(EC_LOG));
    assertTrue(VERIFIER.isUsable(RSA_LOG));
  }

  @ParameterizedTest
  @CsvSource({
      "test-embedded-cert.pem, ca-cert.pem",
      "test-embedded-with-preca-cert.pem, ca-cert.pem",
      "test-embedded-with-intermediate-cert.pem, intermediate-cert.pem",
      "test-embedded-with-intermediate-preca-cert.pem, intermediate-cert.pem"})
  void embeddedSctsVerifyOverThePrecertEntry(String leafName, String issuerName)
      throws Exception {
    Cert leaf = cert(leafName);
    CtVerifier.Verified v = VERIFIER.verify(leaf, cert(issuerName), null, null, TIME, NONE);
    assertEquals(0, v.decodingErrors());
    assertEquals(1, v.scts().size());
    VerifiedSct s = v.scts().get(0);
    assertEquals(SctStatus.VALID, s.status(), leafName);
    assertSame(EC_LOG, s.log());
    assertEquals(SctOrigin.EMBEDDED, s.sct().origin());
    // The wrong issuer's key hash: the signature no longer verifies.
    String other = issuerName.equals("ca-cert.pem") ? "intermediate-cert.pem" : "ca-cert.pem";
    assertEquals(SctStatus.INVALID_SIGNATURE,
        VERIFIER.verify(leaf, cert(other), null, null, TIME, NONE).scts().get(0).status());
  }

  @Test
  void withoutIssuerNoEmbeddedSctIsLookedAt() throws Exception {
    CtVerifier.Verified v = VERIFIER.verify(cert("test-embedded-cert.pem"), null, null, null,
        TIME, NONE);
    assertEquals(List.of(), v.scts());
    assertEquals(0, v.decodingErrors());
  }

  @Test
  void precertTbsIsFirefoxsExpectedBytes() throws Exception {
    byte[] tbs = CtSignedData.precertTbs(cert("test-embedded-cert.pem").der());
    assertArrayEquals(hexResource("test-embedded-cert.precert-tbs.hex"), tbs);
    byte[] entry = CtSignedData.precertEntry(cert("test-embedded-cert.pem").der(),
        cert("ca-cert.pem").subjectPublicKeyInfo());
    assertEquals("02adddca08b8bf9861f035940c940156d8350fdff899a6239c6bd77255b8f8fc",
        HexFormat.of().formatHex(entry, 2, 34));
    assertEquals(0, entry[0]);
    assertEquals(1, entry[1]);
  }

  @Test
  void precertTbsOfACertificateWithoutTheSctExtensionIsItsTbs() throws Exception {
    Cert plain = cert("test-cert.pem");
    assertArrayEquals(plain.signedData().toByteArray(), CtSignedData.precertTbs(plain.der()));
  }

  @Test
  void precertTbsOmitsTheExtensionsWhenTheSctListWasTheOnlyOne() throws Exception {
    TestCert root = CertBuilder.root("CT Only Ext Root").build();
    TestCert leaf = CertBuilder.leaf("only.example").issuer(root).serial(7).noExtensions()
        .addExtension("1.3.6.1.4.1.11129.2.4.2", false, new byte[] {4, 2, 0, 0}).build();
    TestCert bare = CertBuilder.leaf("only.example").issuer(root).serial(7).noExtensions().build();
    byte[] tbs = CtSignedData.precertTbs(leaf.der());
    // Same fields as the certificate without extensions (the signature differs, not the TBS).
    assertArrayEquals(Cert.parse(bare.der()).signedData().toByteArray(), tbs);
  }

  @Test
  void precertTbsKeepsOtherExtensionsInOrderAndReencodesHeaders() throws Exception {
    TestCert root = CertBuilder.root("CT Order Root").build();
    byte[] big = new byte[300];
    Arrays.fill(big, (byte) 7);
    byte[] bigOctets = new byte[304];
    bigOctets[0] = 4;
    bigOctets[1] = (byte) 0x82;
    bigOctets[2] = 1;
    bigOctets[3] = 44;
    System.arraycopy(big, 0, bigOctets, 4, 300);
    // An SCT extension of 304 bytes between two others: its removal shrinks the lengths from
    // two-byte to one-byte forms.
    TestCert leaf = CertBuilder.leaf("order.example").issuer(root).serial(9).noExtensions()
        .addExtension("1.2.3.4", false, new byte[] {5, 0})
        .addExtension("1.3.6.1.4.1.11129.2.4.2", false, bigOctets)
        .addExtension("1.2.3.5", false, new byte[] {5, 0}).build();
    TestCert expected = CertBuilder.leaf("order.example").issuer(root).serial(9).noExtensions()
        .addExtension("1.2.3.4", false, new byte[] {5, 0})
        .addExtension("1.2.3.5", false, new byte[] {5, 0}).build();
    assertArrayEquals(Cert.parse(expected.der()).signedData().toByteArray(),
        CtSignedData.precertTbs(leaf.der()));
  }

  @Test
  void x509EntrySctsFromTlsAndOcsp() throws Exception {
    Cert leaf = cert("test-cert.pem");
    byte[] list = sctList(resource("test-cert.proof"));
    CtVerifier.Verified v = VERIFIER.verify(leaf, cert("ca-cert.pem"), list, list, TIME, NONE);
    assertEquals(2, v.scts().size());
    // Firefox's order: embedded, then OCSP, then TLS.
    assertEquals(SctOrigin.OCSP_RESPONSE, v.scts().get(0).sct().origin());
    assertEquals(SctOrigin.TLS_EXTENSION, v.scts().get(1).sct().origin());
    for (VerifiedSct s : v.scts()) {
      assertEquals(SctStatus.VALID, s.status());
      assertEquals(1365181456089L, s.sct().timestampMillis());
    }
    // No issuer needed for delivered SCTs.
    assertEquals(SctStatus.VALID,
        VERIFIER.verify(leaf, null, list, null, TIME, NONE).scts().get(0).status());
  }

  @Test
  void rsaLogX509Sct() throws Exception {
    CtVerifier.Verified v = VERIFIER.verify(cert("test-cert.pem"), null,
        sctList(resource("rsa/test-cert-rsa.proof")), null, TIME, NONE);
    assertEquals(SctStatus.VALID, v.scts().get(0).status());
    assertSame(RSA_LOG, v.scts().get(0).log());
  }

  @Test
  void rsaAndEcPrecertSctsOverTheRebuiltEntry() throws Exception {
    Cert leaf = cert("test-embedded-cert.pem");
    byte[] entry = CtSignedData.precertEntry(leaf.der(), cert("ca-cert.pem").subjectPublicKeyInfo());
    for (String[] c : new String[][] {
        {"test-embedded-pre-cert.proof", "EC"}, {"rsa/test-embedded-pre-cert-rsa.proof", "RSA"}}) {
      Sct sct = SctList.decode(sctList(resource(c[0])), SctOrigin.EMBEDDED).scts().get(0);
      byte[] data = CtSignedData.v1SignedData(sct.timestampMillis(), entry, sct.extensions());
      boolean ec = c[1].equals("EC");
      Result r = SignatureVerifier.shared().verify(
          ec ? SignatureAlgorithm.ECDSA_SHA256 : SignatureAlgorithm.RSA_PKCS1_SHA256, data, 0,
          data.length, Input.of(sct.signature()), Input.of(ec ? EC_LOG_KEY : RSA_LOG_KEY));
      assertEquals(Result.SUCCESS, r, c[0]);
    }
  }

  @Test
  void aFlippedBitAnywhereSignedIsAnInvalidSignature() throws Exception {
    Cert leaf = cert("test-cert.pem");
    byte[] proof = resource("test-cert.proof");
    // Log id bytes 1..32 (a flip there is an unknown log), timestamp 33..40, extensions length
    // 41..42, hash 43, sig alg 44, signature length 45..46, signature 47..
    for (int i : new int[] {33, 40, proof.length - 1, 60}) {
      byte[] bad = proof.clone();
      bad[i] ^= 1;
      CtVerifier.Verified v = VERIFIER.verify(leaf, null, sctList(bad), null,
          Long.MAX_VALUE / 2, NONE);
      assertEquals(SctStatus.INVALID_SIGNATURE, v.scts().get(0).status(), "byte " + i);
    }
    byte[] bad = proof.clone();
    bad[5] ^= 1;
    assertEquals(SctStatus.UNKNOWN_LOG,
        VERIFIER.verify(leaf, null, sctList(bad), null, TIME, NONE).scts().get(0).status());
    // Another certificate: the signature is over test-cert.pem.
    assertEquals(SctStatus.INVALID_SIGNATURE, VERIFIER.verify(cert("ca-cert.pem"), null,
        sctList(proof), null, TIME, NONE).scts().get(0).status());
  }

  @Test
  void theSignatureCacheNeverAcceptsWhatWasNotVerified() throws Exception {
    CtVerifier v = new CtVerifier(list(EC_LOG));
    Cert leaf = cert("test-cert.pem");
    byte[] proof = resource("test-cert.proof");
    for (int i = 0; i < 3; i++) {
      assertEquals(SctStatus.VALID,
          v.verify(leaf, null, sctList(proof), null, TIME, NONE).scts().get(0).status());
    }
    byte[] bad = proof.clone();
    bad[bad.length - 1] ^= 1;
    assertEquals(SctStatus.INVALID_SIGNATURE,
        v.verify(leaf, null, sctList(bad), null, TIME, NONE).scts().get(0).status());
    // The cached SCT over another certificate.
    assertEquals(SctStatus.INVALID_SIGNATURE,
        v.verify(cert("ca-cert.pem"), null, sctList(proof), null, TIME, NONE).scts().get(0)
            .status());
    // Cached, but the time checks still run.
    assertEquals(SctStatus.FUTURE,
        v.verify(leaf, null, sctList(proof), null, 1000, NONE).scts().get(0).status());
  }

  @Test
  void embeddedFlippedBitInTheCertificateIsAnInvalidSignature() throws Exception {
    byte[] der = cert("test-embedded-cert.pem").der().clone();
    // A byte of the subject's public key (inside the TBS, outside the SCT extension).
    der[300] ^= 1;
    Cert leaf = Cert.parse(der);
    assertEquals(SctStatus.INVALID_SIGNATURE,
        VERIFIER.verify(leaf, cert("ca-cert.pem"), null, null, TIME, NONE).scts().get(0)
            .status());
  }

  @Test
  void algorithmsMustBeSha256AndTheLogs() throws Exception {
    Cert leaf = cert("test-cert.pem");
    byte[] proof = resource("test-cert.proof");
    int hashAt = 1 + 32 + 8 + 2;
    byte[] sha1 = proof.clone();
    sha1[hashAt] = 2;
    byte[] rsa = proof.clone();
    rsa[hashAt + 1] = 1;
    for (byte[] b : new byte[][] {sha1, rsa}) {
      VerifiedSct s = VERIFIER.verify(leaf, null, sctList(b), null, TIME, NONE).scts().get(0);
      assertEquals(SctStatus.INVALID_SIGNATURE, s.status());
      assertSame(EC_LOG, s.log());
    }
  }

  @Test
  void futureAndDistrustedTimestampsRoundDown() throws Exception {
    Cert leaf = cert("test-cert.pem");
    byte[] list = sctList(resource("test-cert.proof"));
    long ts = 1365181456L; // 1365181456089 ms, rounded down
    assertEquals(SctStatus.VALID, status(leaf, list, ts, NONE));
    assertEquals(SctStatus.FUTURE, status(leaf, list, ts - 1, NONE));
    assertEquals(SctStatus.VALID, status(leaf, list, TIME, ts));
    assertEquals(SctStatus.AFTER_DISTRUST, status(leaf, list, TIME, ts - 1));
    // Future wins over distrust.
    assertEquals(SctStatus.FUTURE, status(leaf, list, ts - 1, ts - 2));
  }

  private static SctStatus status(Cert leaf, byte[] list, long time, long distrust)
      throws PkixException {
    return VERIFIER.verify(leaf, null, list, null, time, distrust).scts().get(0).status();
  }

  @Test
  void unknownLogsAndLogsFirefoxWouldNotLoad() throws Exception {
    Cert leaf = cert("test-cert.pem");
    byte[] list = sctList(resource("test-cert.proof"));
    VerifiedSct s = new CtVerifier(list(RSA_LOG)).verify(leaf, null, list, null, TIME, NONE)
        .scts().get(0);
    assertEquals(SctStatus.UNKNOWN_LOG, s.status());
    assertNull(s.log());

    // RSA-1024 (the test CA's key) and P-384 keys are not loaded.
    byte[] rsa1024 = cert("ca-cert.pem").subjectPublicKeyInfo().toByteArray();
    byte[] p384 = TestKeys.ec(TestKeys.Curve.P384, "ct p384 log").getPublic().getEncoded();
    for (byte[] key : new byte[][] {rsa1024, p384}) {
      CtLog weak = log("weak", 3, key);
      CtVerifier v = new CtVerifier(list(weak));
      assertTrue(!v.isUsable(weak));
      byte[] id = MessageDigest.getInstance("SHA-256").digest(key);
      byte[] sct = CtFixtures.sct(id, 1000, new byte[0], 4, 3, new byte[] {1});
      VerifiedSct r = v.verify(leaf, null, sctList(sct), null, TIME, NONE).scts().get(0);
      assertEquals(SctStatus.UNKNOWN_LOG, r.status());
    }
    assertNotNull(CtVerifier.logKey(EC_LOG_KEY));
    assertNotNull(CtVerifier.logKey(RSA_LOG_KEY));
  }

  @Test
  void decodingErrorsAreCountedAcrossSources() throws Exception {
    Cert leaf = cert("test-cert.pem");
    byte[] good = resource("test-cert.proof");
    byte[] v2 = good.clone();
    v2[0] = 1;
    CtVerifier.Verified v = VERIFIER.verify(leaf, null, sctList(v2, good), new byte[] {0},
        TIME, NONE);
    assertEquals(2, v.decodingErrors()); // the unreadable OCSP list and the v2 item
    assertEquals(1, v.scts().size());
    assertEquals(SctStatus.VALID, v.scts().get(0).status());
  }

  @Test
  void aTbsThatCannotBeRebuiltIsAnError() throws Exception {
    // Something after the [3] extensions: CTObjectsExtractor refuses it (so does Cert.parse,
    // which is why a built chain never gets here).
    TestCert root = CertBuilder.root("CT Bad TBS Root").build();
    TestCert leaf = CertBuilder.leaf("bad.example").issuer(root)
        .addExtension("1.3.6.1.4.1.11129.2.4.2", false, new byte[] {4, 2, 0, 0})
        .transformTbs(tbs -> appendToSequence(tbs, new byte[] {5, 0})).build();
    PkixException e = assertThrows(PkixException.class,
        () -> CtSignedData.precertTbs(leaf.der()));
    assertEquals(Result.SEC_ERROR_BAD_DER, e.result());
    // Trailing bytes after the certificate.
    byte[] trailing = Arrays.copyOf(cert("test-embedded-cert.pem").der(),
        cert("test-embedded-cert.pem").der().length + 1);
    assertEquals(Result.SEC_ERROR_BAD_DER,
        assertThrows(PkixException.class, () -> CtSignedData.precertTbs(trailing)).result());
  }

  /** {@code seq} (a SEQUENCE TLV) with {@code extra} appended to its contents. */
  static byte[] appendToSequence(byte[] seq, byte[] extra) {
    int hdr = (seq[1] & 0x80) == 0 ? 2 : 2 + (seq[1] & 0x7f);
    int len = seq.length - hdr + extra.length;
    byte[] out = new byte[4 + len];
    out[0] = 0x30;
    out[1] = (byte) 0x82;
    out[2] = (byte) (len >>> 8);
    out[3] = (byte) len;
    System.arraycopy(seq, hdr, out, 4, seq.length - hdr);
    System.arraycopy(extra, 0, out, 4 + seq.length - hdr, extra.length);
    return out;
  }
}
