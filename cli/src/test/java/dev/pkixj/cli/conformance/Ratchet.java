package dev.pkixj.cli.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One ratchet check (docs/conformance.md, "Ratchet"): collects the cases that disagree or time
 * out while a corpus runs, then says, by case id, why the check fails, or null when it passes.
 * Agreement below the recorded figure (not counting timed-out cases as lost) fails and lists the
 * disagreeing ids (those not in the known-divergence table first); any timed-out case fails too,
 * reported as a timeout, never as a disagreement.
 */
final class Ratchet implements Consumer<CaseResult> {
  /** How many ids a message lists before it only counts the rest. */
  static final int SHOWN = 50;

  private final List<CaseResult> disagreeing = new ArrayList<>();
  private final List<CaseResult> timedOut = new ArrayList<>();

  @Override
  public void accept(CaseResult r) {
    if (r.outcome() == CaseResult.Outcome.DISAGREE) {
      disagreeing.add(r);
    } else if (r.outcome() == CaseResult.Outcome.TIMEOUT) {
      timedOut.add(r);
    }
  }

  /**
   * Why {@code file}'s {@code key} figure fails against {@code floor}, or null if it passes.
   *
   * @param known ids whose disagreement is documented (limbo's divergence table); listed last
   */
  String failure(String file, String key, int floor, Summary s, Set<String> known) {
    List<String> problems = new ArrayList<>();
    if (s.cases() == 0) {
      problems.add(file + ": no cases were read");
    }
    // A timed-out case may well agree: only a shortfall that timeouts cannot explain is a
    // regression; the timeouts themselves fail below, as timeouts.
    if (s.agree() + s.timeouts() < floor) {
      List<CaseResult> ordered = new ArrayList<>();
      disagreeing.stream().filter(r -> !known.contains(r.id())).forEach(ordered::add);
      int unknown = ordered.size();
      disagreeing.stream().filter(r -> known.contains(r.id())).forEach(ordered::add);
      StringBuilder b = new StringBuilder(file + ": " + key + " fell to " + s.agree()
          + ", below the recorded " + floor + " in docs/conformance.md (" + s + "); "
          + cases(disagreeing.size()) + " disagree");
      if (!known.isEmpty()) {
        b.append(", ").append(unknown).append(" of them not in docs/limbo-divergences.md (listed "
            + "first)");
      }
      b.append(list(ordered, r -> r.id() + " (expected " + r.expected() + ", got " + r.actual()
          + (r.reason() == null ? "" : "; " + r.reason()) + ")"));
      problems.add(b.toString());
    }
    if (!timedOut.isEmpty()) {
      problems.add(file + ": " + cases(timedOut.size()) + " timed out (no verdict within the "
          + "per-case limit; a timeout is not a disagreement, but the ratchet needs every case "
          + "answered: a hang, or a machine too slow for the limit)"
          + list(timedOut, r -> r.id() + (r.reason() == null ? "" : " (" + r.reason() + ")")));
    }
    return problems.isEmpty() ? null : String.join("\n", problems);
  }

  private static String cases(int n) {
    return n + (n == 1 ? " case" : " cases");
  }

  private static String list(List<CaseResult> cases, java.util.function.Function<CaseResult,
      String> line) {
    StringBuilder b = new StringBuilder(cases.size() > SHOWN
        ? ", the first " + SHOWN + " of " + cases.size() + ":" : ":");
    cases.stream().limit(SHOWN).forEach(r -> b.append("\n  ").append(line.apply(r)));
    return b.toString();
  }
}
