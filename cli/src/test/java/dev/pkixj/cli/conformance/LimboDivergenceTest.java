package dev.pkixj.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pkixj.testdata.ConformanceCorpora;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every x509-limbo case where pkixj disagrees with limbo must be listed, with its Firefox rule, in
 * {@code docs/limbo-divergences.md}; and every listed case must still disagree (or be skipped by
 * feature). An unexpected pass fails as much as an unexpected failure: the table must stay true.
 * A case that times out fails too, reported as a timeout. A missing corpus follows {@link
 * ConformanceCorpora#require}.
 */
class LimboDivergenceTest {
  @Test
  void disagreementsWithLimboAreExactlyTheListedFirefoxRules() throws Exception {
    Path corpus = ConformanceCorpora.require(ConformanceCorpusTest.LIMBO_FILE,
        Assumptions::abort);
    Path table = ConformanceCorpusTest.ratchetFile().resolveSibling("limbo-divergences.md");
    Set<String> listed = ConformanceCorpusTest.listedDivergences();
    assertFalse(listed.isEmpty(), table + " lists no case");

    Set<String> disagree = new TreeSet<>();
    Set<String> skipped = new TreeSet<>();
    Set<String> timedOut = new TreeSet<>();
    List<String> reasons = new ArrayList<>();
    ConformanceRunner.run(corpus, ConformanceRunner.Options.defaults(),
        r -> {
          if (r.outcome() == CaseResult.Outcome.DISAGREE) {
            disagree.add(r.id());
          } else if (r.outcome() == CaseResult.Outcome.SKIP) {
            skipped.add(r.id());
            reasons.add(r.reason());
          } else if (r.outcome() == CaseResult.Outcome.TIMEOUT) {
            timedOut.add(r.id());
          }
        });
    assertEquals(Set.of(), timedOut, timedOut.size() + " cases timed out (no verdict within the "
        + "per-case limit), so whether they disagree is unknown");
    Set<String> unlisted = new TreeSet<>(disagree);
    unlisted.removeAll(listed);
    assertEquals(Set.of(), unlisted, "disagreements with limbo missing from " + table);
    Set<String> nowAgreeing = new TreeSet<>(listed);
    nowAgreeing.removeAll(disagree);
    nowAgreeing.removeAll(skipped);
    assertEquals(Set.of(), nowAgreeing, "listed in " + table + " but no longer disagreeing");
    assertFalse(reasons.stream().anyMatch(r -> r == null || r.isBlank()),
        "every skipped case carries a reason");
  }
}
