package dev.pkixj.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every x509-limbo case where pkixj disagrees with limbo must be listed, with its Firefox rule, in
 * {@code docs/limbo-divergences.md}; and every listed case must still disagree (or be skipped by
 * feature). An unexpected pass fails as much as an unexpected failure: the table must stay true.
 */
class LimboDivergenceTest {
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

  @Test
  void disagreementsWithLimboAreExactlyTheListedFirefoxRules() throws Exception {
    Path corpora = ConformanceCorpusTest.corpusDir();
    assumeTrue(corpora != null && Files.exists(corpora.resolve("limbo-dev.json")),
        "NOTICE: limbo-dev.json not found: divergence check skipped");
    Path table = ConformanceCorpusTest.ratchetFile().resolveSibling("limbo-divergences.md");
    Set<String> listed = new TreeSet<>();
    for (String line : Files.readAllLines(table)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        listed.add(m.group(1));
      }
    }
    assertFalse(listed.isEmpty(), table + " lists no case");

    Set<String> disagree = new TreeSet<>();
    Set<String> skipped = new TreeSet<>();
    List<String> reasons = new ArrayList<>();
    ConformanceRunner.run(corpora.resolve("limbo-dev.json"), ConformanceRunner.Options.defaults(),
        r -> {
          if (r.outcome() == CaseResult.Outcome.DISAGREE) {
            disagree.add(r.id());
          } else if (r.outcome() == CaseResult.Outcome.SKIP) {
            skipped.add(r.id());
            reasons.add(r.reason());
          }
        });
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
