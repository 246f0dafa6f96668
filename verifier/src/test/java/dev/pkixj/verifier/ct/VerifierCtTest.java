package dev.pkixj.verifier.ct;

import static dev.pkixj.verifier.ct.CtTestLogs.deliveredList;
import static dev.pkixj.verifier.ct.CtTestLogs.newLog;
import static dev.pkixj.verifier.ct.CtTestLogs.withEmbeddedScts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtTestLogs.TestLog;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CT inside {@link Verifier#verifyServer}: when it runs, its rank, modes and exemptions. */
class VerifierCtTest {
  static final Instant NOW = TestClock.NOW;
  static final String HOST = "ct.example.test";
  static final long SCT_TIME = NOW.minusSeconds(86400).toEpochMilli();
  static final Instant EXPIRY = NOW.plusSeconds(86400 * 30);

  static final TestLog LOG_A = newLog("A", 0);
  static final TestLog LOG_B = newLog("B", 1);
  static final TestLog LOG_A2 = newLog("A2", 0);
  static final CtLogList LOGS = CtTestLogs.list(EXPIRY, LOG_A, LOG_B, LOG_A2);

  static final TestCert ROOT = CertBuilder.root("CT Test Root").build();
  static final TestCert CA = CertBuilder.ca("CT Test CA").issuer(ROOT).build();

  static CertBuilder leafBuilder(String host) {
    return CertBuilder.leaf(host).issuer(CA).serial(4242)
        .validity(NOW.minusSeconds(86400 * 2), NOW.plusSeconds(86400 * 88));
  }

  static TestCert leaf(TestLog... logs) throws Exception {
    return withEmbeddedScts(leafBuilder(HOST), CA, SCT_TIME, logs);
  }

  static Verifier verifier(CtSettings settings) {
    return Verifier.withRoots(List.of(ROOT.der())).withCt(settings);
  }

  static CtSettings enforce() {
    return new CtSettings(CtMode.ENFORCE, LOGS, RootProgram.NONE, "", "");
  }

  static CtSettings auto(TestCert... programRoots) throws Exception {
    List<byte[]> fps = new ArrayList<>();
    for (TestCert c : programRoots) {
      fps.add(MessageDigest.getInstance("SHA-256").digest(c.der()));
    }
    return new CtSettings(CtMode.AUTO, LOGS, RootProgram.of(fps, "test"), "", "");
  }

  static VerificationResult verify(Verifier v, TestCert leaf) {
    return v.verifyServer(List.of(leaf.der(), CA.der()), HOST, NOW, null, null);
  }

  @Test
  void compliantEmbeddedScts() throws Exception {
    VerificationResult r = verify(verifier(enforce()), leaf(LOG_A, LOG_B));
    assertEquals(Result.SUCCESS, r.result());
    assertEquals(CtStatus.COMPLIANT, r.ct().status());
    assertEquals(2, r.ct().scts().size());
    for (VerifiedSct s : r.ct().scts()) {
      assertEquals(SctStatus.VALID, s.status());
      assertEquals(SctOrigin.EMBEDDED, s.sct().origin());
    }
  }

  @Test
  void tooFewScts() throws Exception {
    VerificationResult r = verify(verifier(enforce()), leaf(LOG_A));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    assertEquals(0, r.certIndex());
    assertEquals(CtStatus.NOT_ENOUGH_SCTS, r.ct().status());
    assertEquals(3, r.chain().size());
    // Two logs of one operator.
    r = verify(verifier(enforce()), leaf(LOG_A, LOG_A2));
    assertEquals(CtStatus.NOT_DIVERSE_SCTS, r.ct().status());
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    // No SCT at all.
    r = verify(verifier(enforce()), leafBuilder(HOST).build());
    assertEquals(CtStatus.NOT_ENOUGH_SCTS, r.ct().status());
  }

  @Test
  void whenCtIsNotApplicable() throws Exception {
    TestCert insufficient = leaf(LOG_A);
    // Off.
    VerificationResult r = verify(verifier(enforce().withMode(CtMode.OFF)), insufficient);
    assertEquals(Result.SUCCESS, r.result());
    assertSame(CtResult.NOT_APPLICABLE, r.ct());
    assertEquals(Result.SUCCESS, verify(Verifier.withRoots(List.of(ROOT.der())), insufficient)
        .result());
    // Auto, the root is not in the root program.
    r = verify(verifier(auto(CA)), insufficient);
    assertEquals(Result.SUCCESS, r.result());
    assertEquals(CtStatus.NOT_APPLICABLE, r.ct().status());
    // Auto, the root is in it.
    r = verify(verifier(auto(ROOT)), insufficient);
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    // The log list has expired at the verification time (not before).
    CtSettings expired = enforce().withLogs(CtTestLogs.list(NOW.minusSeconds(1), LOG_A, LOG_B));
    r = verify(verifier(expired), insufficient);
    assertEquals(Result.SUCCESS, r.result());
    assertEquals(CtStatus.NOT_APPLICABLE, r.ct().status());
    CtSettings lastSecond = enforce().withLogs(CtTestLogs.list(NOW, LOG_A, LOG_B));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY,
        verify(verifier(lastSecond), insufficient).result());
    // A client-certificate verification never runs CT.
    VerificationResult c = verifier(enforce()).verifyChain(
        List.of(insufficient.der(), CA.der()), NOW, dev.pkixj.pkix.KeyPurposeId.ID_KP_SERVER_AUTH);
    assertEquals(Result.SUCCESS, c.result());
    assertSame(CtResult.NOT_APPLICABLE, c.ct());
  }

  @Test
  void telemetryReportsButNeverFails() throws Exception {
    VerificationResult r = verify(verifier(auto(ROOT).withMode(CtMode.TELEMETRY)), leaf(LOG_A));
    assertEquals(Result.SUCCESS, r.result());
    assertEquals(CtStatus.NOT_ENOUGH_SCTS, r.ct().status());
    assertEquals(1, r.ct().scts().size());
  }

  @Test
  void exemptionsTurnTheErrorIntoSuccess() throws Exception {
    TestCert insufficient = leaf(LOG_A);
    VerificationResult r = verify(verifier(enforce().withExemptions("example.test", "")),
        insufficient);
    assertEquals(Result.SUCCESS, r.result());
    assertEquals(CtStatus.EXEMPT, r.ct().status());
    assertEquals(1, r.ct().scts().size());
    String caSpki = Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(CA.spkiDer()));
    r = verify(verifier(enforce().withExemptions("other.test", "x," + caSpki)), insufficient);
    assertEquals(CtStatus.EXEMPT, r.ct().status());
    assertEquals(Result.SUCCESS, r.result());
    // Not matching: the error stays.
    r = verify(verifier(enforce().withExemptions(".example.test", "")), insufficient);
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    // A compliant chain is reported compliant, not exempt.
    r = verify(verifier(enforce().withExemptions("example.test", "")), leaf(LOG_A, LOG_B));
    assertEquals(CtStatus.COMPLIANT, r.ct().status());
  }

  @Test
  void rankAfterPathBuildingBeforeMustStapleAndTheHostName() throws Exception {
    Verifier v = verifier(enforce());
    // A path-building error wins: CT is not evaluated.
    TestCert expired = withEmbeddedScts(CertBuilder.leaf(HOST).issuer(CA).serial(77)
        .validity(NOW.minusSeconds(86400 * 20), NOW.minusSeconds(86400)), CA, SCT_TIME, LOG_A);
    VerificationResult r = verify(v, expired);
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, r.result());
    assertSame(CtResult.NOT_APPLICABLE, r.ct());
    // CT beats a wrong host name.
    TestCert insufficient = leaf(LOG_A);
    r = v.verifyServer(List.of(insufficient.der(), CA.der()), "wrong.test", NOW);
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    // A compliant chain with a wrong host name is the name error, with CT still reported.
    r = v.verifyServer(List.of(leaf(LOG_A, LOG_B).der(), CA.der()), "wrong.test", NOW);
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, r.result());
    assertEquals(CtStatus.COMPLIANT, r.ct().status());
    // CT beats must-staple.
    TestCert mustStaple = withEmbeddedScts(leafBuilder(HOST).serial(78).mustStaple(), CA,
        SCT_TIME, LOG_A);
    r = verify(v, mustStaple);
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    TestCert mustStapleOk = withEmbeddedScts(leafBuilder(HOST).serial(79).mustStaple(), CA,
        SCT_TIME, LOG_A, LOG_B);
    assertEquals(Result.MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING,
        verify(v, mustStapleOk).result());
  }

  @Test
  void weakKeyChainThatFailsCtIsTheCtError() throws Exception {
    // A 1024-bit RSA end-entity under a built-in root: INADEQUATE_KEY_SIZE only after CT passed.
    CertBuilder weak = leafBuilder(HOST).serial(80).key(TestKeys.rsa1024(7));
    Verifier v = verifier(enforce());
    VerificationResult r = verify(v, withEmbeddedScts(weak, CA, SCT_TIME, LOG_A));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    r = verify(v, withEmbeddedScts(leafBuilder(HOST).serial(81).key(TestKeys.rsa1024(7)), CA,
        SCT_TIME, LOG_A, LOG_B));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE, r.result());
    assertEquals(CtStatus.COMPLIANT, r.ct().status());
  }

  @Test
  void aChainOfOneHasTooFewScts() throws Exception {
    // The end-entity is itself the trust anchor.
    TestCert selfAnchor = CertBuilder.leaf(HOST).serial(90).build();
    Verifier v = Verifier.withRoots(List.of(selfAnchor.der())).withCt(enforce());
    VerificationResult r = v.verifyServer(List.of(selfAnchor.der()), HOST, NOW);
    assertEquals(1, r.chain().size(), r.toString());
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    assertEquals(CtStatus.NOT_ENOUGH_SCTS, r.ct().status());
    assertEquals(0, r.ct().scts().size());
  }

  @Test
  void deliveredSctsFromTls() throws Exception {
    TestCert plain = leafBuilder(HOST).build();
    byte[] tls = deliveredList(plain, SCT_TIME, LOG_A, LOG_B);
    VerificationResult r = verifier(enforce()).verifyServer(List.of(plain.der(), CA.der()), HOST,
        NOW, null, tls);
    assertEquals(Result.SUCCESS, r.result());
    assertEquals(CtStatus.COMPLIANT, r.ct().status());
    assertEquals(SctOrigin.TLS_EXTENSION, r.ct().scts().get(0).sct().origin());
    // Delivered SCTs over another certificate do not verify.
    r = verifier(enforce()).verifyServer(List.of(leaf(LOG_A).der(), CA.der()), HOST, NOW, null,
        tls);
    assertEquals(SctStatus.INVALID_SIGNATURE, r.ct().scts().get(1).status());
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    // One embedded and one delivered SCT are never combined.
    TestCert one = leaf(LOG_A);
    r = verifier(enforce()).verifyServer(List.of(one.der(), CA.der()), HOST, NOW, null,
        deliveredList(one, SCT_TIME, LOG_B));
    assertEquals(CtStatus.NOT_ENOUGH_SCTS, r.ct().status());
    assertEquals(2, r.ct().scts().size());
  }

  @Test
  void deliveredSctsFromAVerifiedStaple() throws Exception {
    TestCert plain = leafBuilder(HOST).build();
    byte[] list = deliveredList(plain, SCT_TIME, LOG_A, LOG_B);
    byte[] staple = OcspResponseBuilder.forIssuer(CA).good(plain)
        .transformResponseData(rd -> withSingleExtension(rd, list)).build();
    VerificationResult r = verifier(enforce()).verifyServer(List.of(plain.der(), CA.der()), HOST,
        NOW, staple, null);
    assertEquals(Result.SUCCESS, r.result(), r.toString());
    assertEquals(CtStatus.COMPLIANT, r.ct().status());
    assertEquals(SctOrigin.OCSP_RESPONSE, r.ct().scts().get(0).sct().origin());
    // A staple whose signature does not verify is not used.
    byte[] bad = OcspResponseBuilder.forIssuer(CA).good(plain).corruptSignature()
        .transformResponseData(rd -> withSingleExtension(rd, list)).build();
    r = verifier(enforce()).verifyServer(List.of(plain.der(), CA.der()), HOST, NOW, bad, null);
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    assertEquals(0, r.ct().scts().size());
  }

  @Test
  void sctsAfterTheRootsDistrustDateAreIgnored() throws Exception {
    TrustDomainFactory base = TrustDomainFactory.of(TrustAnchors.of(List.of(ROOT.der()), true));
    Instant distrust = Instant.ofEpochMilli(SCT_TIME).minusSeconds(1);
    TrustDomainFactory withDate = new TrustDomainFactory() {
      @Override
      public TrustDomain create(List<byte[]> presented, int minRsaBits, byte[] staple) {
        return base.create(presented, minRsaBits, staple);
      }

      @Override
      public boolean isBuiltInRoot(Cert anchor) {
        return base.isBuiltInRoot(anchor);
      }

      @Override
      public Instant serverDistrustAfter(Cert anchor) {
        return distrust;
      }
    };
    VerificationResult r = new Verifier(withDate).withCt(enforce())
        .verifyServer(List.of(leaf(LOG_A, LOG_B).der(), CA.der()), HOST, NOW);
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    for (VerifiedSct s : r.ct().scts()) {
      assertEquals(SctStatus.AFTER_DISTRUST, s.status());
    }
  }

  @Test
  void theTrustStoresDistrustAfterDateReachesCt() throws Exception {
    // Firefox's test_ct_notes_distrust_after: notBefore before the root's date (the path
    // builds), the SCTs after it (they do not count).
    Instant date = Instant.ofEpochMilli(SCT_TIME).minusSeconds(43200);
    TestCert compliant = leaf(LOG_A, LOG_B);
    for (Instant d : new Instant[] {date, null}) {
      TrustStore store = TrustStore.ofBuiltIns(List.of(
          new TrustEntry(ROOT.der(), Trust.ANCHOR, d, "", Source.CERTDATA)));
      VerificationResult r = new Verifier(store.trustDomains()).withCt(enforce())
          .verifyServer(List.of(compliant.der(), CA.der()), HOST, NOW);
      if (d == null) {
        assertEquals(Result.SUCCESS, r.result());
        assertEquals(CtStatus.COMPLIANT, r.ct().status());
      } else {
        assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
        assertTrue(r.ct().scts().stream().allMatch(s -> s.status() == SctStatus.AFTER_DISTRUST));
      }
    }
  }

  @Test
  void futureSctsDoNotCount() throws Exception {
    long future = NOW.plusSeconds(1).toEpochMilli();
    VerificationResult r = verify(verifier(enforce()),
        withEmbeddedScts(leafBuilder(HOST).serial(91), CA, future, LOG_A, LOG_B));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, r.result());
    assertTrue(r.ct().scts().stream().allMatch(s -> s.status() == SctStatus.FUTURE));
  }

  /** {@code responseData} with an SCT-list single extension added to its first response. */
  static byte[] withSingleExtension(byte[] responseData, byte[] sctList) {
    List<byte[]> fields = tlvs(Der.contents(responseData));
    for (int i = 0; i < fields.size(); i++) {
      if ((fields.get(i)[0] & 0xff) == 0x30) {
        List<byte[]> responses = tlvs(Der.contents(fields.get(i)));
        byte[] ext = Der.explicit(1, Der.seq(Der.seq(Der.oid("1.3.6.1.4.1.11129.2.4.5"),
            Der.octetString(Der.octetString(sctList)))));
        responses.set(0, Der.seq(Der.contents(responses.get(0)), ext));
        fields.set(i, Der.seq(responses.toArray(new byte[0][])));
        break;
      }
    }
    return Der.seq(fields.toArray(new byte[0][]));
  }

  static List<byte[]> tlvs(byte[] contents) {
    List<byte[]> out = new ArrayList<>();
    int p = 0;
    while (p < contents.length) {
      int start = p;
      p++;
      int len = contents[p++] & 0xff;
      if (len >= 0x80) {
        int n = len & 0x7f;
        len = 0;
        for (int k = 0; k < n; k++) {
          len = (len << 8) | (contents[p++] & 0xff);
        }
      }
      p += len;
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write(contents, start, p - start);
      out.add(b.toByteArray());
    }
    return out;
  }
}
