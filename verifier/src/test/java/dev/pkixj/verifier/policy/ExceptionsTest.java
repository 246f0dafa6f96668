package dev.pkixj.verifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Certificate exceptions and HSTS hosts (spec §6), through {@link BrowserVerifier}. */
class ExceptionsTest {
  static final String HOST = "intranet.example.test";

  static byte[] sha256(TestCert c) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(c.der());
  }

  static BrowserVerifier browser(CertExceptions exceptions, HstsHosts hsts) {
    TestPki pki = TestPki.ec();
    return BrowserVerifier.builder(Verifier.withRoots(List.of(pki.root().der())))
        .exceptions(exceptions).hsts(hsts)
        .clockHints(ClockHints.defaults().withMonitor(
            new ClockSkewMonitor(16, java.time.Duration.ofMinutes(10), 3)))
        .build();
  }

  static VerificationResult verify(BrowserVerifier b, TestCert leaf, String host, int port) {
    return b.verify(List.of(leaf.der()), host, port, TestClock.NOW, TimeSource.GIVEN, null);
  }

  @Test
  void anExceptionTurnsAnOverridableErrorIntoAFlaggedSuccess() throws Exception {
    TestCert selfSigned = CertBuilder.leaf(HOST).build();
    BrowserVerifier b = browser(CertExceptions.of(
        new CertException(HOST, 8443, sha256(selfSigned))), HstsHosts.none());
    VerificationResult r = verify(b, selfSigned, HOST, 8443);
    assertEquals(Result.SUCCESS, r.result());
    assertTrue(r.isValid());
    assertTrue(r.isOverridden());
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, r.overriddenError());
    assertEquals(0, r.notes().overriddenCertIndex());
    assertEquals(-1, r.certIndex());
    assertEquals(1, r.chain().size(), "the chain tried is kept");

    Explanation e = r.explanation();
    assertEquals(Result.SUCCESS, e.code());
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, e.overriddenError());
    assertEquals("Connection Not Secure: Security Exception in Use", e.title());
    assertTrue(e.description().contains("You have added a security exception for "
        + HOST + ":8443"), e.description());
    assertTrue(e.description().contains("The certificate is not trusted because it is "
        + "self-signed."), e.description());
    assertTrue(e.toText().endsWith("Error code: Success (exception covers "
        + "MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT)"), e.toText());
    assertTrue(e.whatToDo().contains("pkixj exception remove " + HOST + ":8443"), e.whatToDo());
  }

  @Test
  void theExceptionMustMatchHostPortAndFingerprint() throws Exception {
    TestCert selfSigned = CertBuilder.leaf(HOST).build();
    TestCert other = CertBuilder.leaf(HOST).serial(12345).build();
    BrowserVerifier b = browser(CertExceptions.of(
        new CertException(HOST.toUpperCase(), 443, sha256(selfSigned))), HstsHosts.none());
    assertTrue(verify(b, selfSigned, HOST, 443).isOverridden(), "host compared in lower case");
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT,
        verify(b, selfSigned, HOST, 444).result(), "another port");
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT,
        verify(b, other, HOST, 443).result(), "another certificate for the same host");
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT,
        verify(b, selfSigned, "other.example.test", 443).result(), "another host");
    assertFalse(verify(b, selfSigned, HOST, 444).isOverridden());
  }

  @Test
  void anUnknownPortMatchesNoException() throws Exception {
    TestCert selfSigned = CertBuilder.leaf(HOST).build();
    byte[] fp = sha256(selfSigned);
    // A store that would answer for any port (as one defaulting an unknown port to 443 would):
    // the verifier must not even ask it for an unknown port.
    List<Integer> asked = new java.util.ArrayList<>();
    CertExceptions anyPort = (h, p) -> {
      asked.add(p);
      return java.util.Optional.of(new CertException(HOST, 443, fp));
    };
    BrowserVerifier b = browser(anyPort, HstsHosts.none());
    for (int port : new int[] {-1, 0, 65536, Integer.MIN_VALUE}) {
      VerificationResult r = verify(b, selfSigned, HOST, port);
      assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, r.result(), "port " + port);
      assertFalse(r.isOverridden(), "port " + port);
      assertFalse(anyPort.matches(HOST, port, fp), "port " + port);
    }
    assertEquals(List.of(), asked, "the store is never asked about an unknown port");
    assertTrue(verify(b, selfSigned, HOST, 443).isOverridden(), "a known port still matches");
    assertEquals(List.of(443), asked);

    // The fixed set: host:443 is no exception for an unknown port, nor for no host.
    CertExceptions fixed = CertExceptions.of(new CertException(HOST, 443, fp));
    assertTrue(fixed.matches(HOST, 443, fp));
    assertFalse(fixed.matches(HOST, -1, fp));
    assertFalse(fixed.matches(HOST, 0, fp));
    assertFalse(fixed.matches(null, 443, fp));
    assertFalse(verify(browser(fixed, HstsHosts.none()), selfSigned, HOST, -1).isOverridden());
    assertFalse(verify(browser(fixed, HstsHosts.none()), selfSigned, null, 443).isOverridden());
  }

  @Test
  void everyOverridableClassCanBeExceptedAndNothingElse() throws Exception {
    TestPki pki = TestPki.ec();
    TestCert expired = pki.leafBuilder().validity(TestClock.daysAgo(60), TestClock.daysAgo(2))
        .build();
    TestCert badSignature = pki.leafBuilder().corruptSignature().build();
    BrowserVerifier b = BrowserVerifier.builder(Verifier.withRoots(List.of(pki.root().der())))
        .exceptions(CertExceptions.of(
            new CertException(TestPki.LEAF_HOST, 443, sha256(expired)),
            new CertException("wrong.example.test", 443, sha256(pki.leaf())),
            new CertException("sig.example.test", 443, sha256(badSignature))))
        .build();
    // time
    VerificationResult r = b.verify(List.of(expired.der(), pki.intermediate().der()),
        TestPki.LEAF_HOST, 443, TestClock.NOW, TimeSource.GIVEN, null);
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, r.overriddenError());
    // domain
    r = b.verify(List.of(pki.leaf().der(), pki.intermediate().der()), "wrong.example.test", 443,
        TestClock.NOW, TimeSource.GIVEN, null);
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, r.overriddenError());
    // not overridable: the exception is ignored
    r = b.verify(List.of(badSignature.der(), pki.intermediate().der()), "sig.example.test", 443,
        TestClock.NOW, TimeSource.GIVEN, null);
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, r.result());
    assertFalse(r.isOverridden());
    assertNull(r.overriddenError());
  }

  @Test
  void hstsAndPinnedHostsGetNoException() throws Exception {
    TestCert selfSigned = CertBuilder.leaf(HOST).build();
    CertExceptions ex = CertExceptions.of(new CertException(HOST, 443, sha256(selfSigned)));
    for (String entry : new String[] {HOST, ".example.test", "example.test;includeSubDomains",
        "INTRANET.example.test."}) {
      BrowserVerifier b = browser(ex, HstsHosts.parse(entry));
      VerificationResult r = verify(b, selfSigned, HOST, 443);
      assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, r.result(), entry);
      assertTrue(r.notes().strictTransportSecurity(), entry);
      assertFalse(b.exceptionAllowed(HOST), entry);
      Explanation e = r.explanation();
      assertEquals("Did Not Connect: Potential Security Issue", e.title(), entry);
      assertFalse(e.overridable(), entry);
      assertTrue(e.description().contains("has a security policy called HTTP Strict Transport "
          + "Security (HSTS)"), e.description());
      assertTrue(e.toText().contains("No exception can be added"), e.toText());
    }
    // "example.test" without subdomains does not cover intranet.example.test.
    BrowserVerifier exactParent = browser(ex, HstsHosts.parse("example.test"));
    assertTrue(verify(exactParent, selfSigned, HOST, 443).isOverridden());
    // A non-overridable error on an HSTS host is the ordinary failure page.
    assertThrows(IllegalArgumentException.class, () -> HstsHosts.parse("bad host!"));
    assertThrows(IllegalArgumentException.class, () -> HstsHosts.parse("a.test;max-age=1"));
  }

  @Test
  void anIpv6LiteralAlwaysAllowsAnException() throws Exception {
    TestCert selfSigned = CertBuilder.leaf("2001:db8::1").build();
    BrowserVerifier b = browser(CertExceptions.of(
        new CertException("[2001:DB8::1]", 443, sha256(selfSigned))),
        HstsHosts.parse("example.test"));
    assertTrue(b.exceptionAllowed("2001:db8::1"));
    VerificationResult r = verify(b, selfSigned, "2001:db8::1", 443);
    assertTrue(r.isOverridden(), r.toString());
  }

  @Test
  void hstsMitmAndExpiredPagesUseTheirStsTexts() {
    TestCert mitmRoot = CertBuilder.root(MitmDetectionTest.MITM_DN).build();
    TestCert forged = CertBuilder.leaf("bank.example.test").issuer(mitmRoot).build();
    BrowserVerifier b = BrowserVerifier.builder(Verifier.withRoots(List.of(
            TestPki.ec().root().der())).withPolicy(TlsPolicy.builder()
            .mitmCanary(MitmCanary.of(MitmDetectionTest.MITM_DN)).build()))
        .hsts(HstsHosts.parse("bank.example.test")).build();
    Explanation e = b.verify(List.of(forged.der()), "bank.example.test", 443, TestClock.NOW,
        TimeSource.GIVEN, null).explanation();
    assertEquals("Did Not Connect: Potential Security Issue", e.title());
    assertTrue(e.whatToDo().contains("there is nothing you can do to access the site"),
        e.whatToDo());

    TestPki pki = TestPki.ec();
    TestCert expired = pki.leafBuilder().validity(TestClock.daysAgo(60), TestClock.daysAgo(20))
        .build();
    BrowserVerifier b2 = BrowserVerifier.builder(Verifier.withRoots(List.of(pki.root().der())))
        .hsts(HstsHosts.parse(TestPki.LEAF_HOST)).build();
    e = b2.verify(List.of(expired.der(), pki.intermediate().der()), TestPki.LEAF_HOST, 443,
        TestClock.NOW, TimeSource.GIVEN, null).explanation();
    assertTrue(e.description().contains("which prevents Firefox from connecting securely."),
        e.description());
    assertFalse(e.description().contains("If you visit this site"), e.description());
  }
}
