package dev.pkixj.verifier.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtLog;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtResult;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.CtStatus;
import dev.pkixj.verifier.ct.RootProgram;
import dev.pkixj.verifier.ct.Sct;
import dev.pkixj.verifier.ct.SctOrigin;
import dev.pkixj.verifier.ct.SctStatus;
import dev.pkixj.verifier.ct.VerifiedSct;
import dev.pkixj.verifier.policy.PolicyNotes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The error page for MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY (docs/ct.md). */
class CtExplanationTest {
  private static final Result CT = Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY;
  private static final Instant DEC_1 = Instant.parse("2026-12-01T08:30:00Z");

  static CtLog log(String name, int operator) {
    TestCtLog t = TestCtLog.p256(name, "Operator " + operator);
    return new CtLog(name, t.operator(), operator, CtLog.State.ADMISSIBLE, 0,
        CtLog.Format.RFC6962, t.spkiDer());
  }

  static VerifiedSct sct(CtLog log, SctStatus status, SctOrigin origin) {
    byte[] id = log == null ? new byte[32] : log.logId();
    return new VerifiedSct(new Sct(id, DEC_1.toEpochMilli() - 86_400_000L, new byte[0], -1, 4, 3,
        new byte[] {1}, origin), status, log);
  }

  static Explanation explain(CtResult ct) {
    Cert leaf = TestCerts.cert().dns("ct.example").build();
    return new VerificationResult(CT, 0, List.of(leaf), "ct.example", DEC_1, PolicyNotes.NONE, ct)
        .explanation();
  }

  @Test
  void firefoxsTextAndAdvice() {
    Explanation e = explain(CtResult.NOT_APPLICABLE);
    assertEquals(CT, e.code());
    assertEquals("Warning: Potential Security Risk Ahead", e.title());
    assertTrue(e.description().contains("ct.example uses an invalid security certificate. "
        + "Firefox doesn't trust ct.example because it couldn't prove it meets public "
        + "certificate transparency requirements."), e.description());
    assertTrue(e.description().contains("newer error page offers no way to add an exception"),
        e.description());
    assertEquals("Probably nothing, since it's likely there's a problem with the site itself.",
        e.whatToDo());
    // The category is kept (TRUST, overridable), as Firefox's certificate-exception service has it.
    assertEquals(CT.isOverridable(), e.overridable());
    assertFalse(e.description().contains("Certificate Transparency:"), e.description());
    assertTrue(e.toText().endsWith("Error code: " + CT.firefoxName()));
  }

  @Test
  void theTechnicalParagraphSaysWhy() {
    CtLog a = log("Explain Log A", 0);
    CtLog unknown = log("Explain Log X", 9);
    CtResult ct = new CtResult(CtStatus.NOT_ENOUGH_SCTS, List.of(
        sct(a, SctStatus.VALID, SctOrigin.EMBEDDED),
        sct(null, SctStatus.UNKNOWN_LOG, SctOrigin.EMBEDDED),
        sct(unknown, SctStatus.INVALID_SIGNATURE, SctOrigin.OCSP_RESPONSE),
        sct(unknown, SctStatus.INVALID_SIGNATURE, SctOrigin.TLS_EXTENSION)), 2);
    String d = explain(ct).description();
    assertTrue(d.contains("Certificate Transparency: not_enough_scts (too few qualifying SCTs). "
        + "Valid SCTs: 1 from 1 distinct log(s) of 1 operator(s) (1 embedded, 0 from the stapled "
        + "OCSP response, 0 from the TLS extension). Not counted: 1 unknown_log, "
        + "2 invalid_signature. Could not be decoded: 2 (lists or SCTs, skipped)."), d);
  }

  @Test
  void diversityIsCountedByLogAndOperator() {
    CtLog a = log("Explain Log A", 0);
    CtLog b = log("Explain Log B", 0); // same operator
    CtResult ct = new CtResult(CtStatus.NOT_DIVERSE_SCTS, List.of(
        sct(a, SctStatus.VALID, SctOrigin.EMBEDDED), sct(a, SctStatus.VALID, SctOrigin.EMBEDDED),
        sct(b, SctStatus.VALID, SctOrigin.OCSP_RESPONSE)), 0);
    String d = explain(ct).description();
    assertTrue(d.contains("Certificate Transparency: not_diverse_scts (enough SCTs, but not from "
        + "enough distinct logs or operators). Valid SCTs: 3 from 2 distinct log(s) of "
        + "1 operator(s) (2 embedded, 1 from the stapled OCSP response, 0 from the TLS "
        + "extension). No SCT was rejected."), d);
    assertFalse(d.contains("decoded"), d);
  }

  /** The whole way: a verifier that enforces CT explains its own verdict. */
  @Test
  void aVerifierResultExplainsItsCtVerdict() {
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    TestCtLog a = TestCtLog.p256("Explain Live Log A", "Live Operator A");
    TestCtLog b = TestCtLog.p256("Explain Live Log B", "Live Operator B");
    CtLogList list = new CtLogList(List.of(
        new CtLog(a.name(), a.operator(), 0, CtLog.State.ADMISSIBLE, 0, CtLog.Format.RFC6962,
            a.spkiDer()),
        new CtLog(b.name(), b.operator(), 1, CtLog.State.ADMISSIBLE, 0, CtLog.Format.RFC6962,
            b.spkiDer())), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(60)), "test");
    TestCert root = CertBuilder.root("CN=Explain CT Root").validity(now.minus(Duration.ofDays(99)),
        now.plus(Duration.ofDays(999))).build();
    TestCert leaf = CertBuilder.leaf("ct.example").issuer(root)
        .validity(now.minus(Duration.ofDays(5)), now.plus(Duration.ofDays(85)))
        .embeddedSct(a, now.minus(Duration.ofDays(5)).toEpochMilli()).build();
    Verifier v = Verifier.withRoots(List.of(root.der()))
        .withCt(new CtSettings(CtMode.ENFORCE, list, RootProgram.NONE, "", ""));
    VerificationResult r = v.verifyServer(List.of(leaf.der()), "ct.example", now);
    assertEquals(CT, r.result());
    String d = r.explanation().description();
    assertTrue(d.contains("Certificate Transparency: not_enough_scts (too few qualifying SCTs). "
        + "Valid SCTs: 1 from 1 distinct log(s) of 1 operator(s) (1 embedded, 0 from the stapled "
        + "OCSP response, 0 from the TLS extension). No SCT was rejected."), d);
  }
}
