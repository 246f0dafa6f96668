package dev.pkixj.verifier.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import java.io.InputStream;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ExplanationsTest {
  private static final Instant DEC_1 = Instant.parse("2026-12-01T08:30:00Z");

  @Test
  void everyResultHasAnExplanation() {
    for (Result code : Result.values()) {
      Explanation e = Explanations.forCode(code);
      String what = code.firefoxName();
      assertEquals(code, e.code());
      assertFalse(e.title().isBlank(), what);
      assertFalse(e.description().isBlank(), what);
      assertFalse(e.whatToDo().isBlank(), what);
      assertEquals(code.isOverridable(), e.overridable(), what);
      assertEquals(code.isTimeRelated(), e.clockMayBeWrong(), what);
      if (code.isOverridable()) {
        assertEquals("Warning: Potential Security Risk Ahead", e.title(), what);
      } else if (code != Result.SUCCESS) {
        assertEquals("Secure Connection Failed", e.title(), what);
      }
      String text = e.toText();
      assertTrue(text.endsWith("Error code: " + code.firefoxName()), what);
      // Everything was substituted, and the neutral wording was used.
      for (String s : List.of(e.title(), e.description(), e.whatToDo())) {
        assertFalse(s.contains("{") || s.contains("}") || s.contains("\u0001"), what + ": " + s);
        assertFalse(s.contains("null"), what + ": " + s);
      }
      assertTrue(e.validNames().isEmpty(), what);
    }
  }

  @Test
  void everyMessageIsAValidPatternAndEveryCodeHasItsNssText() throws Exception {
    Properties p = new Properties();
    try (InputStream in = Explanations.class.getResourceAsStream("messages.properties")) {
      p.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    for (String key : p.stringPropertyNames()) {
      if (key.endsWith(".pattern")) {
        continue;
      }
      String formatted = new MessageFormat(p.getProperty(key)).format(new Object[] {"h", "a", "t", "b"});
      // A lone apostrophe would swallow text in MessageFormat: the ASCII apostrophes of the
      // source must all survive as doubled ''.
      long quotesIn = p.getProperty(key).chars().filter(c -> c == '\'').count();
      long quotesOut = formatted.chars().filter(c -> c == '\'').count();
      assertEquals(quotesIn, quotesOut * 2, key + " has an unescaped apostrophe");
    }
    for (Result code : Result.values()) {
      assertTrue(p.containsKey("nss." + code.name()), "nss." + code.name());
    }
    assertEquals("Peer's Certificate has been revoked.",
        Explanations.nssDescription(Result.SEC_ERROR_REVOKED_CERTIFICATE));
  }

  @Test
  void badCertDomainListsSeveralNames() {
    Cert leaf = TestCerts.cert().dns("a.example", "b.example").ip("192.0.2.1").build();
    Explanation e = explain(Result.SSL_ERROR_BAD_CERT_DOMAIN, 0, "other.example", leaf);
    assertTrue(e.description().contains("other.example uses an invalid security certificate."),
        e.description());
    assertTrue(e.description().contains("not valid for other.example."), e.description());
    assertTrue(e.description().contains(
        "The certificate is only valid for the following names: a.example, b.example"),
        e.description());
    assertEquals(List.of("a.example", "b.example"), e.validNames());
    assertTrue(e.overridable());
    assertFalse(e.clockMayBeWrong());
  }

  @Test
  void badCertDomainWithOneName() {
    Cert leaf = TestCerts.cert().dns("*.example.net").build();
    Explanation e = explain(Result.SSL_ERROR_BAD_CERT_DOMAIN, 0, "example.com", leaf);
    assertTrue(e.description().contains("The certificate is only valid for *.example.net."),
        e.description());
    assertFalse(e.description().contains("following names"), e.description());
    assertEquals(List.of("*.example.net"), e.validNames());
  }

  @Test
  void badCertDomainWithNoDnsNames() {
    Cert leaf = TestCerts.cert().ip("192.0.2.1").build();
    Explanation e = explain(Result.SSL_ERROR_BAD_CERT_DOMAIN, 0, "example.com", leaf);
    assertTrue(e.description().contains(
        "uses a certificate that is not valid for example.com."), e.description());
    assertFalse(e.description().contains("only valid"), e.description());
    assertTrue(e.validNames().isEmpty());
  }

  @Test
  void expiredCertificateShowsBothDatesAndClockAdvice() {
    Cert leaf = TestCerts.cert().dns("leaf.example").build(); // notAfter 2026-11-28T12:00Z
    Explanation e = explain(Result.SEC_ERROR_EXPIRED_CERTIFICATE, 0, "leaf.example", leaf);
    assertTrue(e.description().contains("expired on November 28, 2026."), e.description());
    assertTrue(e.description().contains("The current time is December 1, 2026, 08:30:00 UTC."),
        e.description());
    assertTrue(e.description().contains("did not continue to leaf.example"), e.description());
    assertTrue(e.clockMayBeWrong());
    assertTrue(e.overridable());
    assertTrue(e.whatToDo().contains("clock is set to December 1, 2026"), e.whatToDo());
  }

  @Test
  void notYetValidCertificateShowsNotBefore() {
    Cert leaf = TestCerts.cert().validity("2027-03-05T00:00:00Z", "2028-01-01T00:00:00Z").build();
    Explanation e = explain(Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE, 0, "x.example",
        leaf);
    assertTrue(e.description().contains("will not be valid until March 5, 2027."),
        e.description());
    assertTrue(e.clockMayBeWrong());
  }

  @Test
  void expiredIssuerUsesTheIssuersDate() {
    Cert leaf = TestCerts.cert().validity("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z").build();
    Cert issuer = TestCerts.cert().validity("2020-01-01T00:00:00Z", "2026-07-04T00:00:00Z").build();
    VerificationResult r = new VerificationResult(Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE, 1,
        List.of(leaf, issuer), "leaf.example", DEC_1);
    Explanation e = Explanations.explain(r);
    assertTrue(e.description().contains("the issuer certificate has expired"), e.description());
    assertTrue(e.description().contains("expired on July 4, 2026"), e.description());
    // Without an index, the first issuer that is out of its validity period is found.
    r = new VerificationResult(Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE, -1,
        List.of(leaf, issuer), "leaf.example", DEC_1);
    assertTrue(Explanations.explain(r).description().contains("July 4, 2026"));
  }

  @Test
  void mitmNamesTheIssuer() {
    Cert leaf = withIssuer("Acme Inspector");
    Explanation e = explain(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED, 0, "bank.example", leaf);
    assertTrue(e.description().contains("This issue is caused by Acme Inspector"),
        e.description());
    assertTrue(e.description().contains("bank.example is most likely a safe site"),
        e.description());
    assertTrue(e.whatToDo().contains("not familiar with Acme Inspector"), e.whatToDo());
    assertEquals("Warning: Potential Security Risk Ahead", e.title());
  }

  @Test
  void nonOverridableErrorUsesTheNssText() {
    Cert leaf = TestCerts.cert().build();
    Explanation e = explain(Result.SEC_ERROR_REVOKED_CERTIFICATE, 0, "revoked.example", leaf);
    assertEquals("Secure Connection Failed", e.title());
    assertTrue(e.description().contains(
        "An error occurred during a connection to revoked.example. "
            + "Peer's Certificate has been revoked."), e.description());
    assertFalse(e.overridable());
    assertTrue(e.toText().contains("cannot be overridden"));
    assertTrue(e.toText().endsWith("Error code: SEC_ERROR_REVOKED_CERTIFICATE"));
  }

  @Test
  void neutralWordingWithoutAHost() {
    Explanation e = Explanations.forCode(Result.SEC_ERROR_UNKNOWN_ISSUER);
    assertTrue(e.description().contains("does not trust this site because"), e.description());
    e = Explanations.forCode(Result.SSL_ERROR_BAD_CERT_DOMAIN);
    assertTrue(e.description().contains("This site uses an invalid security certificate."),
        e.description());
    // A result with no host (e.g. a client certificate) is worded the same way.
    Cert leaf = TestCerts.cert().build();
    e = Explanations.explain(new VerificationResult(Result.SEC_ERROR_BAD_SIGNATURE, 0,
        List.of(leaf), null, DEC_1));
    assertTrue(e.description().contains("during a connection to this site."), e.description());
  }

  @Test
  void successIsExplainedToo() {
    Cert leaf = TestCerts.cert().dns("ok.example").build();
    Explanation e = explain(Result.SUCCESS, -1, "ok.example", leaf);
    assertTrue(e.description().contains("ok.example"));
    assertFalse(e.overridable());
    assertTrue(e.toText().endsWith("Error code: Success"));
  }

  @Test
  void anEmptyChainStillExplains() {
    Explanation e = Explanations.explain(new VerificationResult(
        Result.SEC_ERROR_EXPIRED_CERTIFICATE, -1, List.of(), "h.example", DEC_1));
    assertTrue(e.description().contains("The certificate for h.example has expired."),
        e.description());
  }

  private static Explanation explain(Result code, int index, String host, Cert leaf) {
    return Explanations.explain(new VerificationResult(code, index, List.of(leaf), host, DEC_1));
  }

  private static Cert withIssuer(String issuerCn) {
    TestCerts.Spec s = TestCerts.cert();
    s.issuerCn = issuerCn;
    s.issuerO = "Acme Security Ltd";
    return s.build();
  }
}
