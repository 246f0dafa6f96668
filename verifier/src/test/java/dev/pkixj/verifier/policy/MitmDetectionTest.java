package dev.pkixj.verifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.explain.Explanation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MITM canary (spec §5.5): UNKNOWN_ISSUER whose leaf issuer is the canary → MITM_DETECTED. */
class MitmDetectionTest {
  static final String HOST = "bank.example.test";
  static final String MITM_DN = "CN=Acme Web Shield Root,O=Acme Antivirus,C=US";

  /** A product's root (not trusted) and a leaf it forged for HOST. */
  static TestCert intercepted() {
    TestCert mitmRoot = CertBuilder.root(MITM_DN).build();
    return CertBuilder.leaf(HOST).issuer(mitmRoot).build();
  }

  static Verifier verifier(MitmCanary canary) {
    TestPki pki = TestPki.ec();
    return Verifier.withRoots(List.of(pki.root().der()))
        .withPolicy(TlsPolicy.builder().mitmCanary(canary).build());
  }

  static VerificationResult verify(Verifier v, TestCert... chain) {
    List<byte[]> ders = new java.util.ArrayList<>();
    for (TestCert c : chain) {
      ders.add(c.der());
    }
    return v.verifyServer(ders, HOST, TestClock.NOW);
  }

  @Test
  void unknownIssuerMatchingTheCanaryIsMitmDetected() {
    TestCert leaf = intercepted();
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(verifier(MitmCanary.unset()), leaf).result());
    // Written differently (NSS form, other spacing and case): still the same issuer.
    for (String canary : new String[] {MITM_DN, "CN=Acme Web Shield Root, O=Acme Antivirus, C=US",
        "cn=acme web shield root,o=ACME ANTIVIRUS,c=us"}) {
      VerificationResult r = verify(verifier(MitmCanary.of(canary)), leaf);
      assertEquals(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED, r.result(), canary);
      assertEquals(0, r.certIndex());
      assertTrue(r.result().isOverridable());
    }
    // Another issuer is an ordinary unknown issuer.
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER,
        verify(verifier(MitmCanary.of("CN=Other Inspector,O=Acme Antivirus,C=US")), leaf).result());
  }

  @Test
  void selfSignedWinsOverTheCanaryAndOtherErrorsAreUntouched() {
    TestCert selfSigned = CertBuilder.leaf(HOST).subject(MITM_DN).build();
    MitmCanary canary = MitmCanary.of(MITM_DN);
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT,
        verify(verifier(canary), selfSigned).result());
    // An expired leaf from a trusted chain is not an unknown issuer: no canary test.
    TestPki pki = TestPki.ec();
    TestCert expired = pki.leafBuilder().validity(TestClock.daysAgo(100), TestClock.daysAgo(1))
        .build();
    Verifier v = verifier(MitmCanary.of(pki.intermediate().x509().getSubjectX500Principal()
        .getName()));
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE,
        v.verifyServer(List.of(expired.der(), pki.intermediate().der()), TestPki.LEAF_HOST,
            TestClock.NOW).result());
  }

  @Test
  void detectionCanBeDisabledAndTheCanaryChangedAtAnyTime() {
    TestCert leaf = intercepted();
    MitmCanary canary = MitmCanary.of(MITM_DN);
    Verifier v = verifier(canary);
    canary.setEnabled(false);
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(v, leaf).result());
    canary.setEnabled(true);
    assertEquals(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED, verify(v, leaf).result());
    canary.clear();
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(v, leaf).result());
    canary.set("  ");
    assertFalse(canary.isSet());
    assertThrows(IllegalArgumentException.class, () -> canary.set("not a name"));
  }

  @Test
  void theCanaryIsLearnedFromAProbe() {
    MitmCanary canary = MitmCanary.unset();
    Verifier v = verifier(canary);
    // Probing a known endpoint through the interceptor gives UNKNOWN_ISSUER: learn its issuer.
    VerificationResult probe = verify(v, intercepted());
    assertEquals(MitmCanary.Learned.SET, canary.learnFrom(probe));
    assertTrue(canary.issuer().orElseThrow().contains("Acme Web Shield Root"));
    assertEquals("CN=Acme Web Shield Root,O=Acme Antivirus,C=US",
        canary.issuerNssString().orElseThrow());
    // From now on, any site intercepted by that product is reported as MITM.
    TestCert otherSite = CertBuilder.leaf("mail.example.test")
        .issuer(CertBuilder.root(MITM_DN).build()).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED, v.verifyServer(
        List.of(otherSite.der()), "mail.example.test", TestClock.NOW).result());
    // A probe that succeeds clears it; other outcomes leave it alone.
    TestPki pki = TestPki.ec();
    VerificationResult ok = v.verifyServer(List.of(pki.leaf().der(), pki.intermediate().der()),
        TestPki.LEAF_HOST, TestClock.NOW);
    VerificationResult wrongHost = v.verifyServer(
        List.of(pki.leaf().der(), pki.intermediate().der()), "elsewhere.test", TestClock.NOW);
    assertEquals(MitmCanary.Learned.UNCHANGED, canary.learnFrom(wrongHost));
    assertTrue(canary.isSet());
    assertEquals(MitmCanary.Learned.CLEARED, canary.learnFrom(ok));
    assertFalse(canary.isSet());
  }

  @Test
  void theExplanationNamesTheProductAndGivesFirefoxsAdvice() {
    VerificationResult r = verify(verifier(MitmCanary.of(MITM_DN)), intercepted());
    Explanation e = r.explanation();
    assertEquals("Warning: Potential Security Risk Ahead", e.title());
    assertTrue(e.description().startsWith(
        "Software is Preventing Firefox From Safely Connecting to This Site"), e.description());
    assertTrue(e.description().contains("This issue is caused by Acme Web Shield Root "
        + "(Acme Antivirus), which is either software on your computer or your network."),
        e.description());
    assertTrue(e.whatToDo().contains("web scanning"), e.whatToDo());
    assertTrue(e.whatToDo().contains("family-safety"), e.whatToDo());
    assertTrue(e.whatToDo().contains("IT department"), e.whatToDo());
    assertTrue(e.toText().endsWith("Error code: MOZILLA_PKIX_ERROR_MITM_DETECTED"));
  }

  @Test
  void anIssuerNameNssCannotPrintIsBadDer() {
    // The leaf's issuer holds an AVA whose OID is truncated: CERT_DerNameToAscii fails, and
    // Firefox reports BAD_DER for the unknown issuer, canary or not.
    byte[] badIssuer = DistinguishedNameTest.nameWith(new byte[] {0x55, 0x04, (byte) 0x83},
        (byte) 0x0c, new byte[] {'x'});
    TestCert leaf = CertBuilder.leaf(HOST).issuerNameDer(badIssuer)
        .signingKey(CertBuilder.root("Somebody").build().privateKey()).build();
    assertEquals(Result.SEC_ERROR_BAD_DER, verify(verifier(MitmCanary.unset()), leaf).result());
  }
}
