package dev.pkixj.verifier.ct;

import static dev.pkixj.verifier.ct.CtStatus.COMPLIANT;
import static dev.pkixj.verifier.ct.CtStatus.NOT_DIVERSE_SCTS;
import static dev.pkixj.verifier.ct.CtStatus.NOT_ENOUGH_SCTS;
import static dev.pkixj.verifier.ct.SctOrigin.EMBEDDED;
import static dev.pkixj.verifier.ct.SctOrigin.OCSP_RESPONSE;
import static dev.pkixj.verifier.ct.SctOrigin.TLS_EXTENSION;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkixj.testdata.TestKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every branch of the policy (spec part A3), with hand-made verified SCTs. */
class CtPolicyTest {
  static final long DAY = 86400;
  static final long SHORT = 180 * DAY; // exactly 180 days: N = 2
  static final long LONG = 180 * DAY + 1; // N = 3
  static final long RETIRED_AT = 1_700_000_000_000L;

  // Logs 0..3 of operators A (0), A, B (1), C (2); a retired log of operator D (3).
  static final CtLog A1 = log("A1", 0, CtLog.State.ADMISSIBLE, 0);
  static final CtLog A2 = log("A2", 0, CtLog.State.ADMISSIBLE, 0);
  static final CtLog B1 = log("B1", 1, CtLog.State.ADMISSIBLE, 0);
  static final CtLog C1 = log("C1", 2, CtLog.State.ADMISSIBLE, 0);
  static final CtLog D_RETIRED = log("D retired", 3, CtLog.State.RETIRED, RETIRED_AT);
  static final CtLog A_RETIRED = log("A retired", 0, CtLog.State.RETIRED, RETIRED_AT);

  static CtLog log(String name, int op, CtLog.State state, long ts) {
    byte[] spki = TestKeys.ec(TestKeys.Curve.P256, "policy log " + name).getPublic()
        .getEncoded();
    return new CtLog(name, "op" + op, op, state, ts, CtLog.Format.RFC6962, spki);
  }

  static VerifiedSct sct(CtLog log, SctOrigin origin, long ts) {
    return sct(log, origin, ts, SctStatus.VALID);
  }

  static VerifiedSct sct(CtLog log, SctOrigin origin, long ts, SctStatus status) {
    Sct s = new Sct(log.logId(), ts, new byte[0], -1, 4, 3, new byte[0], origin);
    return new VerifiedSct(s, status, log);
  }

  static final long T = RETIRED_AT - 10_000;

  static CtStatus check(long lifetime, VerifiedSct... scts) {
    return CtPolicy.check(List.of(scts), lifetime);
  }

  @Test
  void embeddedCountDependsOnTheLifetime() {
    VerifiedSct a = sct(A1, EMBEDDED, T);
    VerifiedSct b = sct(B1, EMBEDDED, T);
    VerifiedSct c = sct(C1, EMBEDDED, T);
    assertEquals(COMPLIANT, check(SHORT, a, b));
    assertEquals(NOT_ENOUGH_SCTS, check(LONG, a, b));
    assertEquals(COMPLIANT, check(LONG, a, b, c));
    assertEquals(NOT_ENOUGH_SCTS, check(SHORT, a));
    assertEquals(NOT_ENOUGH_SCTS, check(SHORT));
    assertEquals(2, CtPolicy.requiredEmbeddedScts(SHORT));
    assertEquals(3, CtPolicy.requiredEmbeddedScts(LONG));
  }

  @Test
  void sameLogDuplicatesAreNotDiverse() {
    // Q counts SCTs, so two from one log pass the count and fail diversity.
    assertEquals(NOT_DIVERSE_SCTS, check(SHORT, sct(A1, EMBEDDED, T), sct(A1, EMBEDDED, T + 1)));
    assertEquals(NOT_DIVERSE_SCTS, check(LONG, sct(A1, EMBEDDED, T), sct(A1, EMBEDDED, T + 1),
        sct(B1, EMBEDDED, T)));
  }

  @Test
  void oneOperatorIsNotDiverse() {
    assertEquals(NOT_DIVERSE_SCTS, check(SHORT, sct(A1, EMBEDDED, T), sct(A2, EMBEDDED, T)));
    List<VerifiedSct> delivered = List.of(sct(A1, TLS_EXTENSION, T), sct(A2, OCSP_RESPONSE, T));
    assertEquals(NOT_DIVERSE_SCTS, CtPolicy.delivered(delivered));
    // The overall verdict is the embedded case's (there are none).
    assertEquals(NOT_ENOUGH_SCTS, CtPolicy.check(delivered, SHORT));
  }

  @Test
  void onlyValidSctsCount() {
    for (SctStatus s : new SctStatus[] {SctStatus.INVALID_SIGNATURE, SctStatus.FUTURE,
        SctStatus.AFTER_DISTRUST}) {
      assertEquals(NOT_ENOUGH_SCTS, check(SHORT, sct(A1, EMBEDDED, T), sct(B1, EMBEDDED, T, s)));
    }
  }

  @Test
  void deliveredSctsFromTlsAndOcspTogether() {
    assertEquals(COMPLIANT, check(LONG, sct(A1, TLS_EXTENSION, T), sct(B1, OCSP_RESPONSE, T)));
    assertEquals(COMPLIANT, check(LONG, sct(A1, TLS_EXTENSION, T), sct(B1, TLS_EXTENSION, T)));
    assertEquals(NOT_ENOUGH_SCTS, check(LONG, sct(A1, TLS_EXTENSION, T)));
    // Retired logs never count for delivered SCTs.
    assertEquals(NOT_ENOUGH_SCTS, check(LONG, sct(A1, TLS_EXTENSION, T),
        sct(D_RETIRED, TLS_EXTENSION, T)));
    // Same log twice: enough SCTs but not diverse; the embedded case then decides (none).
    assertEquals(CtPolicy.delivered(List.of(sct(A1, TLS_EXTENSION, T), sct(A1, TLS_EXTENSION,
        T))), NOT_DIVERSE_SCTS);
    assertEquals(NOT_ENOUGH_SCTS, check(LONG, sct(A1, TLS_EXTENSION, T),
        sct(A1, TLS_EXTENSION, T)));
  }

  @Test
  void embeddedAndDeliveredAreNeverMixed() {
    assertEquals(NOT_ENOUGH_SCTS, check(SHORT, sct(A1, EMBEDDED, T), sct(B1, TLS_EXTENSION, T)));
    assertEquals(NOT_ENOUGH_SCTS, check(SHORT, sct(A1, EMBEDDED, T), sct(B1, OCSP_RESPONSE, T)));
    // A failing delivered case falls back to a compliant embedded one.
    assertEquals(COMPLIANT, check(SHORT, sct(A1, TLS_EXTENSION, T), sct(A1, EMBEDDED, T),
        sct(B1, EMBEDDED, T)));
  }

  @Test
  void retiredLogQualifiesOnlyBeforeItsRetirement() {
    VerifiedSct a = sct(A1, EMBEDDED, T);
    // SCT and issuance before retirement: qualifies.
    assertEquals(COMPLIANT, check(SHORT, a, sct(D_RETIRED, EMBEDDED, T)));
    assertEquals(COMPLIANT, check(SHORT, a, sct(D_RETIRED, EMBEDDED, RETIRED_AT - 1)));
    // Strictly before: at the retirement time it no longer qualifies.
    assertEquals(NOT_ENOUGH_SCTS, check(SHORT, a, sct(D_RETIRED, EMBEDDED, RETIRED_AT)));
    assertEquals(NOT_ENOUGH_SCTS, check(SHORT, a, sct(D_RETIRED, EMBEDDED, RETIRED_AT + 1)));
    // A retired log alone is never enough: A >= 1 is required.
    assertEquals(NOT_ENOUGH_SCTS, check(SHORT, sct(D_RETIRED, EMBEDDED, T),
        sct(A_RETIRED, EMBEDDED, T)));
  }

  @Test
  void issuanceTimeIsTheEarliestAdmissibleSctOfAnyOrigin() {
    // The only admissible SCT is at the retirement time, so the issuance time is not before
    // it and the retired log's early SCT does not qualify.
    VerifiedSct lateAdmissible = sct(A1, EMBEDDED, RETIRED_AT);
    VerifiedSct earlyRetired = sct(D_RETIRED, EMBEDDED, T);
    assertEquals(NOT_ENOUGH_SCTS, check(SHORT, lateAdmissible, earlyRetired));
    // An earlier admissible SCT delivered by TLS moves the issuance time: now it qualifies.
    assertEquals(COMPLIANT, check(SHORT, lateAdmissible, earlyRetired,
        sct(C1, TLS_EXTENSION, T)));
    // A retired log's own SCT never sets the issuance time.
    assertEquals(-1L, CtPolicy.issuanceTime(List.of(earlyRetired)));
    assertEquals(T, CtPolicy.issuanceTime(List.of(lateAdmissible, sct(C1, OCSP_RESPONSE, T),
        earlyRetired)));
    // Invalid SCTs do not set it either.
    assertEquals(RETIRED_AT, CtPolicy.issuanceTime(List.of(lateAdmissible,
        sct(C1, TLS_EXTENSION, T, SctStatus.FUTURE))));
  }

  @Test
  void retiredLogsCountForDiversity() {
    List<VerifiedSct> l = new ArrayList<>();
    l.add(sct(A1, EMBEDDED, T));
    l.add(sct(A2, EMBEDDED, T));
    l.add(sct(D_RETIRED, EMBEDDED, T));
    assertEquals(COMPLIANT, CtPolicy.check(l, LONG));
    // Same operator as the admissible ones: three logs, one operator.
    l.set(2, sct(A_RETIRED, EMBEDDED, T));
    assertEquals(NOT_DIVERSE_SCTS, CtPolicy.check(l, LONG));
  }
}
