package dev.pkixj.verifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.GeneralName;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.explain.Explanation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every code has a complete explanation in every browser-layer variant: plain, on an HSTS host,
 * with a clock check (clock blamed or not, time given or from the clock), and covered by an
 * exception. Nothing is left unformatted.
 */
class ExplanationVariantsTest {
  static final Instant AT = Instant.parse("2026-12-01T08:30:00Z");

  static Cert leaf() throws PkixException {
    return Cert.parse(CertBuilder.blank("CN=site.example,O=Site")
        .issuerName("CN=Issuer CA,O=Issuer Org")
        .validity(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-11-30T12:00:00Z"))
        .san(GeneralName.dns("site.example"), GeneralName.dns("www.site.example")).build().der());
  }

  static void assertComplete(Explanation e, String what) {
    for (String s : List.of(e.title(), e.description(), e.whatToDo(), e.toText())) {
      assertFalse(s.isBlank(), what);
      assertFalse(s.contains("{") || s.contains("}") || s.contains("\u0001"), what + ": " + s);
      assertFalse(s.contains("null"), what + ": " + s);
    }
  }

  @Test
  void everyCodeInEveryVariant() throws PkixException {
    Cert leaf = leaf();
    ClockCheck blamed = new ClockCheck(TimeSource.SYSTEM_CLOCK, AT,
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-11-30T12:00:00Z"),
        Duration.ofHours(-20), ClockCheck.Reason.WITHIN_SKEW, 1);
    ClockCheck notBlamed = new ClockCheck(TimeSource.SYSTEM_CLOCK, AT,
        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-11-30T12:00:00Z"),
        Duration.ofHours(-20), ClockCheck.Reason.NONE, 1);
    ClockCheck given = new ClockCheck(TimeSource.GIVEN, AT, null, null, null,
        ClockCheck.Reason.NONE, 0);
    for (Result code : Result.values()) {
      VerificationResult plain = new VerificationResult(code, 0, List.of(leaf), "site.example", AT);
      Explanation e = plain.explanation();
      assertComplete(e, code + " plain");
      assertTrue(e.toText().endsWith("Error code: " + code.firefoxName()), code.name());

      Explanation sts = plain.withNotes(new PolicyNotes(null, -1, 443, true, null)).explanation();
      assertComplete(sts, code + " sts");
      if (code.isOverridable()) {
        assertEquals("Did Not Connect: Potential Security Issue", sts.title(), code.name());
        assertFalse(sts.overridable());
      } else {
        assertEquals(e.title(), sts.title(), code.name());
        assertEquals(e.overridable(), sts.overridable());
      }

      for (ClockCheck c : List.of(blamed, notBlamed, given)) {
        Explanation ce = plain.withNotes(new PolicyNotes(null, -1, 443, false,
            code.isTimeRelated() ? c : null)).explanation();
        assertComplete(ce, code + " clock " + c.reason() + " " + c.source());
        if (code.isTimeRelated() && c == blamed) {
          assertEquals("Your Computer Clock is Wrong", ce.title());
          assertTrue(ce.clockProbablyWrong());
        } else {
          assertFalse(ce.clockProbablyWrong());
        }
      }

      if (code != Result.SUCCESS) {
        VerificationResult over = VerificationResult.overridden(plain,
            new PolicyNotes(null, -1, 8443, false, null));
        Explanation oe = over.explanation();
        assertComplete(oe, code + " overridden");
        assertEquals(Result.SUCCESS, oe.code());
        assertEquals(code, oe.overriddenError());
        assertTrue(oe.description().contains("site.example:8443"), oe.description());
      }
    }
  }

  @Test
  void theGenericExplanationsNameEverySpecCode() {
    // Spec §7 lists these; each has its own (non-generic) wording or NSS description.
    for (Result code : Result.values()) {
      Explanation e = dev.pkixj.verifier.explain.Explanations.forCode(code);
      assertComplete(e, code.name());
      assertEquals(code.isOverridable(), e.overridable(), code.name());
    }
  }
}
