package dev.pkixj.cli.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.cli.Json;

/**
 * Counts over a corpus run: {@code cases = agree + disagree + skipped + timeouts}. A false accept
 * is a case where pkixj said {@code Success} but an error was expected (limbo: FAILURE); a false
 * reject is the reverse, including crashes. Skipped and timed-out cases count in {@code cases}
 * and their own count only.
 */
public record Summary(int cases, int agree, int disagree, int skipped, int timeouts,
    int falseAccepts, int falseRejects) {

  public static final Summary EMPTY = new Summary(0, 0, 0, 0, 0, 0, 0);

  public Summary plus(Summary o) {
    return new Summary(cases + o.cases, agree + o.agree, disagree + o.disagree,
        skipped + o.skipped, timeouts + o.timeouts, falseAccepts + o.falseAccepts,
        falseRejects + o.falseRejects);
  }

  /**
   * Adds one case. {@code expectedSuccess}/{@code actualSuccess} say whether each side is a
   * success, in the case's own terms.
   */
  Summary plus(CaseResult r, boolean expectedSuccess, boolean actualSuccess) {
    switch (r.outcome()) {
      case SKIP:
        return new Summary(cases + 1, agree, disagree, skipped + 1, timeouts, falseAccepts,
            falseRejects);
      case TIMEOUT:
        return new Summary(cases + 1, agree, disagree, skipped, timeouts + 1, falseAccepts,
            falseRejects);
      case AGREE:
        return new Summary(cases + 1, agree + 1, disagree, skipped, timeouts, falseAccepts,
            falseRejects);
      default:
        return new Summary(cases + 1, agree, disagree + 1, skipped, timeouts,
            falseAccepts + (actualSuccess && !expectedSuccess ? 1 : 0),
            falseRejects + (expectedSuccess && !actualSuccess ? 1 : 0));
    }
  }

  /**
   * Exactly the keys {@code cases, agree, disagree, skipped, timeouts, false_accepts,
   * false_rejects}.
   */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("cases", cases);
    o.put("agree", agree);
    o.put("disagree", disagree);
    o.put("skipped", skipped);
    o.put("timeouts", timeouts);
    o.put("false_accepts", falseAccepts);
    o.put("false_rejects", falseRejects);
    return o;
  }

  @Override
  public String toString() {
    return cases + " cases: " + agree + " agree, " + disagree + " disagree, " + skipped
        + " skipped, " + timeouts + " timed out; " + falseAccepts + " false accepts, " + falseRejects + " false rejects";
  }
}
