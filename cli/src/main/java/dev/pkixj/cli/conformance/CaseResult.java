package dev.pkixj.cli.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.cli.Json;

/**
 * The outcome of one corpus case.
 *
 * @param id the case id
 * @param expected what the corpus expects: a Firefox error name or {@code Success} (parity
 *     corpora, and limbo compared with Firefox's verdicts), or limbo's {@code SUCCESS}/{@code
 *     FAILURE}; null for an unreadable line
 * @param actual what pkixj said: a Firefox error name or {@code Success}; {@code HANG} past the
 *     time limit (outcome {@code TIMEOUT}); {@code EXCEPTION} if the verifier threw; null when
 *     skipped
 * @param outcome agreement with {@code expected}, or {@code TIMEOUT} when there was no verdict
 *     within the time limit
 * @param reason why a case was skipped, timed out or crashed, or (parity corpora) the faults of a
 *     disagreeing case; null otherwise
 * @param firefox Firefox's own verdict from {@code limbo-dev-mozpkix.jsonl}, only when comparing
 *     limbo against it; null otherwise
 * @param actualExpired for OCSP-parity cases, pkixj's {@code expired} flag; null otherwise
 */
public record CaseResult(String id, String expected, String actual, Outcome outcome,
    String reason, String firefox, Boolean actualExpired) {

  /** A case without an {@code expired} flag (every corpus but OCSP parity). */
  public CaseResult(String id, String expected, String actual, Outcome outcome, String reason,
      String firefox) {
    this(id, expected, actual, outcome, reason, firefox, null);
  }

  /**
   * Agreement of one case. {@code TIMEOUT}: no verdict within the per-case time limit, which says
   * nothing about agreement (a slow machine, or a hang): it is neither an agreement nor a
   * disagreement.
   */
  public enum Outcome {
    AGREE, DISAGREE, SKIP, TIMEOUT;

    /** The lower-case form used in the NDJSON output. */
    public String json() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@code actual} when the verifier did not answer within the time limit. */
  public static final String HANG = "HANG";
  /** {@code actual} when the verifier threw. */
  public static final String EXCEPTION = "EXCEPTION";

  /**
   * The NDJSON line: {@code {"id","expected","actual","outcome","reason"}}, plus {@code
   * "firefox"} and {@code "actual_expired"} when set.
   */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("expected", expected);
    o.put("actual", actual);
    o.put("outcome", outcome.json());
    o.put("reason", reason);
    if (firefox != null) {
      o.put("firefox", firefox);
    }
    if (actualExpired != null) {
      o.put("actual_expired", actualExpired.booleanValue());
    }
    return o;
  }
}
