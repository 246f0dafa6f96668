package dev.pkixj.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.cli.conformance.CaseResult.Outcome;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ratchet's failure messages: ids, not only totals; a timeout reported as a timeout. */
class RatchetTest {
  private static CaseResult result(String id, Outcome o) {
    return new CaseResult(id, "Success", o == Outcome.TIMEOUT ? CaseResult.HANG
        : o == Outcome.AGREE ? "Success" : "SEC_ERROR_UNKNOWN_ISSUER", o,
        o == Outcome.TIMEOUT ? "timed out: no verdict within 5.0 s" : null, null);
  }

  private static Summary summaryOf(Ratchet r, CaseResult... cases) {
    Summary s = Summary.EMPTY;
    for (CaseResult c : cases) {
      r.accept(c);
      s = s.plus(c, true, c.outcome() == Outcome.AGREE);
    }
    return s;
  }

  @Test
  void passesAtOrAboveTheFloor() {
    Ratchet r = new Ratchet();
    Summary s = summaryOf(r, result("a", Outcome.AGREE), result("b", Outcome.AGREE),
        result("c", Outcome.DISAGREE), result("d", Outcome.SKIP));
    assertNull(r.failure("x.jsonl", "agree", 2, s, Set.of()));
    assertNull(r.failure("x.jsonl", "agree", 1, s, Set.of()));
  }

  @Test
  void aRegressionListsTheDisagreeingIds() {
    Ratchet r = new Ratchet();
    Summary s = summaryOf(r, result("a", Outcome.AGREE), result("old-1", Outcome.DISAGREE),
        result("new-7", Outcome.DISAGREE));
    String m = r.failure("limbo-dev.json", "agree", 2, s, Set.of("old-1"));
    assertTrue(m.contains("agree fell to 1, below the recorded 2"), m);
    assertTrue(m.contains("2 cases disagree, 1 of them not in docs/limbo-divergences.md"), m);
    assertTrue(m.indexOf("new-7 (expected Success, got SEC_ERROR_UNKNOWN_ISSUER)")
        < m.indexOf("old-1"), "the undocumented one first: " + m);
    assertTrue(m.contains("old-1"), m);
  }

  @Test
  void longListsShowTheFirst50AndTheCount() {
    Ratchet r = new Ratchet();
    CaseResult[] cases = new CaseResult[73];
    for (int i = 0; i < cases.length; i++) {
      cases[i] = result(String.format("case-%03d", i), Outcome.DISAGREE);
    }
    String m = r.failure("f.jsonl", "agree", 1, summaryOf(r, cases), Set.of());
    assertTrue(m.contains("73 cases disagree, the first 50 of 73:"), m);
    assertTrue(m.contains("case-049"), m);
    assertFalse(m.contains("case-050"), m);
  }

  @Test
  void aTimeoutFailsAsATimeoutWithItsId() {
    Ratchet r = new Ratchet();
    Summary s = summaryOf(r, result("a", Outcome.AGREE), result("slow-3", Outcome.TIMEOUT));
    // Agreement is one short of its floor because of the timeout alone: only the timeout fails,
    // and it is not called a disagreement or a drop in agreement.
    String m = r.failure("f.jsonl", "agree", 2, s, Set.of());
    assertTrue(m.contains("1 case timed out"), m);
    assertTrue(m.contains("slow-3 (timed out: no verdict within 5.0 s)"), m);
    assertFalse(m.contains("case disagree") || m.contains("cases disagree")
        || m.contains("fell to"), m);
    // A disagreement on top of it is a regression, reported apart from the timeout.
    Ratchet both = new Ratchet();
    Summary s2 = summaryOf(both, result("a", Outcome.AGREE), result("slow-3", Outcome.TIMEOUT),
        result("bad-4", Outcome.DISAGREE));
    String m2 = both.failure("f.jsonl", "agree", 3, s2, Set.of());
    assertTrue(m2.contains("agree fell to 1") && m2.contains("1 case disagree:\n  bad-4"), m2);
    assertTrue(m2.contains("1 case timed out") && m2.contains("slow-3"), m2);
    assertFalse(m2.substring(0, m2.indexOf("timed out")).contains("slow-3"), m2);
  }

  @Test
  void aCorpusWithoutCasesFails() {
    Ratchet r = new Ratchet();
    String m = r.failure("f.jsonl", "agree", 0, Summary.EMPTY, Set.of());
    assertTrue(m.contains("no cases were read"), m);
  }
}
