package dev.pkixj.verifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.Verifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Active distrust (OneCRL-like blocklist → REVOKED_CERTIFICATE, spec §5.1) and named-CA distrust
 * with an intermediate allow-list (the Symantec model → ADDITIONAL_POLICY_CONSTRAINT_FAILED,
 * spec §5.3).
 */
class DistrustPolicyTest {
  static final String HOST = "www.example.test";
  static final Instant JUNE_2016 = Instant.parse("2016-06-01T00:00:00Z");

  static Cert cert(TestCert t) {
    try {
      return Cert.parse(t.der());
    } catch (PkixException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<byte[]> ders(TestCert... certs) {
    List<byte[]> out = new ArrayList<>();
    for (TestCert c : certs) {
      out.add(c.der());
    }
    return out;
  }

  static Result verify(Verifier v, String host, TestCert... chain) {
    return v.verifyServer(ders(chain), host, TestClock.NOW).result();
  }

  // ---- Blocklist (OneCRL) ----

  @Test
  void aBlockedEndEntityIntermediateOrRootIsRevoked() {
    TestCert root = CertBuilder.root("BL Root").build();
    TestCert ca = CertBuilder.ca("BL CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    Verifier plain = Verifier.withRoots(ders(root));
    assertEquals(Result.SUCCESS, verify(plain, HOST, leaf, ca));

    Verifier leafByIssuerSerial = plain.withPolicy(TlsPolicy.builder().blocklist(
        RevocationBlocklist.builder().issuerSerial(ca.subjectDer(),
            cert(leaf).serialNumber().toByteArray()).build()).build());
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, verify(leafByIssuerSerial, HOST, leaf, ca));

    Verifier caBySubjectKey = plain.withPolicy(TlsPolicy.builder().blocklist(
        RevocationBlocklist.builder().subjectKey(ca.subjectDer(),
            RevocationBlocklist.spkiSha256(cert(ca))).build()).build());
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, verify(caBySubjectKey, HOST, leaf, ca));
    // Subject+key covers a re-issue of the same CA (other serial, same key and name).
    TestCert reissued = CertBuilder.ca("BL CA").issuer(root).key(ca.keyPair()).serial(99).build();
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE,
        verify(caBySubjectKey, HOST, leaf, reissued));

    Verifier rootBlocked = plain.withPolicy(TlsPolicy.builder().blocklist(
        RevocationBlocklist.builder().cert(cert(root)).build()).build());
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, verify(rootBlocked, HOST, leaf, ca));
    // The blocklist outranks the end-entity's own problems (it is checked first).
    TestCert expiredLeaf = CertBuilder.leaf(HOST).issuer(ca)
        .validity(TestClock.daysAgo(90), TestClock.daysAgo(1)).build();
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE,
        verify(caBySubjectKey, HOST, expiredLeaf, ca));
  }

  @Test
  void theBlocklistIsForTlsServerVerificationOnly() {
    TestCert root = CertBuilder.root("BL2 Root").build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).build();
    Verifier v = Verifier.withRoots(ders(root)).withPolicy(TlsPolicy.builder()
        .blocklist(RevocationBlocklist.builder().cert(cert(leaf)).build()).build());
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE,
        v.verifyChain(ders(leaf), TestClock.NOW, KeyPurposeId.ID_KP_SERVER_AUTH).result());
    assertEquals(Result.SUCCESS,
        v.verifyChain(ders(leaf), TestClock.NOW, KeyPurposeId.ID_KP_CLIENT_AUTH).result());
    assertThrows(IllegalArgumentException.class,
        () -> RevocationBlocklist.builder().subjectKey(new byte[] {0x30, 0}, new byte[31]));
  }

  // ---- Named-CA distrust (Symantec model) ----

  /** A distrusted root with two intermediates (one allow-listed) and leaves under each. */
  static final class Pki {
    final TestCert root = CertBuilder.root("CN=Legacy Root,O=Legacy Trust,C=US").build();
    final TestCert managed = CertBuilder.ca("CN=Managed Sub-CA,O=Big Customer").issuer(root).build();
    final TestCert ordinary = CertBuilder.ca("CN=Legacy Issuing CA,O=Legacy Trust").issuer(root)
        .build();
    final TestCert leafOrdinary = CertBuilder.leaf(HOST).issuer(ordinary).build();
    final TestCert leafManaged = CertBuilder.leaf(HOST).issuer(managed).build();
  }

  static Verifier distrusting(Pki p, CaDistrust rule) {
    return Verifier.withRoots(ders(p.root))
        .withPolicy(TlsPolicy.builder().caDistrust(rule).build());
  }

  @Test
  void chainsToADistrustedRootFailUnlessThroughAnAllowedIntermediate() {
    Pki p = new Pki();
    CaDistrust rule = CaDistrust.builder("Legacy").root(cert(p.root))
        .allowIntermediate(cert(p.managed)).build();
    Verifier v = distrusting(p, rule);
    assertEquals(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED,
        verify(v, HOST, p.leafOrdinary, p.ordinary));
    assertEquals(Result.SUCCESS, verify(v, HOST, p.leafManaged, p.managed));
    assertFalse(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED.isOverridable());
    // By SPKI hash instead of subject name, with the allow-list as hex.
    CaDistrust byKey = CaDistrust.builder("Legacy")
        .rootSpkiSha256(RevocationBlocklist.spkiSha256(cert(p.root)))
        .allowIntermediateSpkiSha256(java.util.HexFormat.ofDelimiter(":").formatHex(
            RevocationBlocklist.spkiSha256(cert(p.managed)))).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED,
        verify(distrusting(p, byKey), HOST, p.leafOrdinary, p.ordinary));
    assertEquals(Result.SUCCESS, verify(distrusting(p, byKey), HOST, p.leafManaged, p.managed));
    // A leaf directly under the root has no intermediate that could be allowed: refused.
    TestCert direct = CertBuilder.leaf(HOST).issuer(p.root).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED,
        verify(v, HOST, direct));
  }

  @Test
  void theRuleNeedsAHostName() {
    Pki p = new Pki();
    Verifier v = distrusting(p, CaDistrust.builder("Legacy").root(cert(p.root)).build());
    assertEquals(Result.SUCCESS, v.verifyServer(ders(p.leafOrdinary, p.ordinary), null,
        TestClock.NOW).result());
    assertEquals(Result.SUCCESS, v.verifyChain(ders(p.leafOrdinary, p.ordinary), TestClock.NOW,
        KeyPurposeId.ID_KP_SERVER_AUTH).result());
  }

  @Test
  void dateRules() {
    Pki p = new Pki();
    Instant cut = TestClock.daysAgo(10);
    TestCert old = CertBuilder.leaf(HOST).issuer(p.ordinary)
        .validity(TestClock.daysAgo(20), TestClock.daysFromNow(100)).build();
    TestCert recent = CertBuilder.leaf(HOST).issuer(p.ordinary)
        .validity(TestClock.daysAgo(5), TestClock.daysFromNow(100)).build();
    TestCert atCut = CertBuilder.leaf(HOST).issuer(p.ordinary)
        .validity(cut, TestClock.daysFromNow(100)).build();
    // Firefox's first Symantec phase: only what was issued before the date is refused.
    Verifier before = distrusting(p, CaDistrust.builder("L").root(cert(p.root))
        .issuedBefore(cut).build());
    assertEquals(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED,
        verify(before, HOST, old, p.ordinary));
    assertEquals(Result.SUCCESS, verify(before, HOST, recent, p.ordinary));
    assertEquals(Result.SUCCESS, verify(before, HOST, atCut, p.ordinary), "notBefore >= date passes");
    // The forward cut-off: what is issued from the date on is refused.
    Verifier onOrAfter = distrusting(p, CaDistrust.builder("L").root(cert(p.root))
        .issuedOnOrAfter(cut).build());
    assertEquals(Result.SUCCESS, verify(onOrAfter, HOST, old, p.ordinary));
    assertEquals(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED,
        verify(onOrAfter, HOST, recent, p.ordinary));
    assertEquals(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED,
        verify(onOrAfter, HOST, atCut, p.ordinary));
    // All: whatever the date.
    Verifier all = distrusting(p, CaDistrust.builder("L").root(cert(p.root)).all().build());
    assertEquals(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED,
        verify(all, HOST, recent, p.ordinary));
  }

  @Test
  void theDistrustReplacesTheErrorOfAnotherPathButNotRevocation() {
    // Two intermediates with the same name: one chains to the distrusted root, the other to
    // an untrusted root. The search ends with UNKNOWN_ISSUER-like mixed errors; Firefox reports
    // the policy distrust instead (bug 1444440).
    Pki p = new Pki();
    TestCert strayRoot = CertBuilder.root("Stray Root").build();
    TestCert twin = CertBuilder.ca("CN=Legacy Issuing CA,O=Legacy Trust").issuer(strayRoot)
        .key(p.ordinary.keyPair()).build();
    Verifier v = distrusting(p, CaDistrust.builder("Legacy").root(cert(p.root)).build());
    assertEquals(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED,
        verify(v, HOST, p.leafOrdinary, twin, p.ordinary));
    assertEquals(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED,
        verify(v, HOST, p.leafOrdinary, p.ordinary, twin));
    // Without the distrust, the same search succeeds through the real intermediate.
    assertEquals(Result.SUCCESS, verify(Verifier.withRoots(ders(p.root)), HOST,
        p.leafOrdinary, twin, p.ordinary));
  }

  @Test
  void aRevokedEndEntityStaysRevokedWhenAnotherPathMetTheDistrust() {
    // The same intermediate key also cross-signed by a trusted root: the first path meets the
    // distrusted root, the second succeeds; the end-entity's deferred REVOKED is the answer.
    Pki p = new Pki();
    TestCert otherRoot = CertBuilder.root("Other Root").build();
    TestCert crossSigned = CertBuilder.ca("CN=Legacy Issuing CA,O=Legacy Trust")
        .issuer(otherRoot).key(p.ordinary.keyPair()).build();
    CaDistrust rule = CaDistrust.builder("Legacy").root(cert(p.root)).build();
    Verifier v = Verifier.withRoots(ders(p.root, otherRoot))
        .withPolicy(TlsPolicy.builder().caDistrust(rule).build());
    assertEquals(Result.SUCCESS, verify(v, HOST, p.leafOrdinary, p.ordinary, crossSigned));
    Verifier revoked = v.withPolicy(TlsPolicy.builder().caDistrust(rule)
        .blocklist(RevocationBlocklist.builder().cert(cert(p.leafOrdinary)).build()).build());
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE,
        verify(revoked, HOST, p.leafOrdinary, p.ordinary, crossSigned));
  }

  @Test
  void theExplanationIsFirefoxs() {
    Pki p = new Pki();
    Verifier v = distrusting(p, CaDistrust.builder("Legacy").root(cert(p.root)).build());
    var e = v.verifyServer(ders(p.leafOrdinary, p.ordinary), HOST, TestClock.NOW).explanation();
    assertEquals("Secure Connection Failed", e.title());
    assertFalse(e.overridable());
    org.junit.jupiter.api.Assertions.assertTrue(e.description().contains(
        "An additional policy constraint failed"), e.description());
  }
}
