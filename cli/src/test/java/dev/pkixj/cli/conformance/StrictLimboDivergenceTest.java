package dev.pkixj.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.cli.Json;
import dev.pkixj.testdata.ConformanceCorpora;
import dev.pkixj.verifier.Profile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Under the strict profile, every x509-limbo case where pkixj disagrees with limbo must be listed
 * in the "Strict profile" table of {@code docs/limbo-divergences.md} with the code pkixj gives
 * and the reason; a listed case that starts agreeing fails too (the table must stay true). Only
 * the cases limbo's own metadata marks are skipped (a feature the strict profile skips, or the
 * non-webpki side of a declared conflict; at most 5 cases), and no case may time out. A missing corpus follows {@link ConformanceCorpora#require}.
 */
class StrictLimboDivergenceTest {
  /** {@code | n | `id` | expected | `actual` | reason |} rows of the strict table. */
  private static final Pattern ROW = Pattern.compile(
      "^\\|\\s*\\d+\\s*\\|\\s*`([^`]+)`\\s*\\|\\s*(SUCCESS|FAILURE)\\s*\\|\\s*`([^`]+)`\\s*\\|"
          + "\\s*(.*?)\\s*\\|\\s*$");
  private static final String HEADING = "## Strict profile";

  @Test
  void strictDisagreementsWithLimboAreExactlyTheListedOnes() throws Exception {
    Path corpus = ConformanceCorpora.require(ConformanceCorpusTest.LIMBO_FILE,
        Assumptions::abort);
    Path table = ConformanceCorpusTest.ratchetFile().resolveSibling("limbo-divergences.md");
    Map<String, String> listed = listed(table);
    assertFalse(listed.isEmpty(), table + " has no strict-profile row");

    Map<String, String> disagree = new TreeMap<>();
    Set<String> skipped = new TreeSet<>();
    Set<String> timedOut = new TreeSet<>();
    ConformanceRunner.Options options = ConformanceRunner.Options.defaults()
        .withProfile(Profile.STRICT);
    Summary s = ConformanceRunner.run(corpus, options, r -> {
      switch (r.outcome()) {
        case DISAGREE -> disagree.put(r.id(), r.actual());
        case SKIP -> {
          skipped.add(r.id());
          if (r.reason() == null || r.reason().isBlank()) {
            fail(r.id() + " is skipped without a reason");
          }
        }
        case TIMEOUT -> timedOut.add(r.id());
        default -> { }
      }
    }).summary();
    System.out.println("strict limbo: " + s);
    assertEquals(Set.of(), timedOut, "cases timed out under the strict profile");
    Set<String> unlisted = new TreeSet<>(disagree.keySet());
    unlisted.removeAll(listed.keySet());
    assertEquals(Set.of(), unlisted, "strict disagreements missing from " + table + ": "
        + disagree);
    Set<String> nowAgreeing = new TreeSet<>(listed.keySet());
    nowAgreeing.removeAll(disagree.keySet());
    assertEquals(Set.of(), nowAgreeing, "listed in " + table + "'s strict table but agreeing");
    for (Map.Entry<String, String> e : disagree.entrySet()) {
      assertEquals(listed.get(e.getKey()), e.getValue(), e.getKey() + ": the code in " + table);
    }
    assertTrue(skipped.size() <= 5, "at most 5 skipped cases, got " + skipped);
    // Exactly the cases limbo's own metadata marks: a feature the strict profile skips, or a
    // declared conflict (conflicts_with) with a webpki:: case.
    assertEquals(markedBylimbo(corpus), skipped, "skipped cases");
  }

  /** The cases of {@code corpus} that limbo marks as the strict profile skips them. */
  static Set<String> markedBylimbo(Path corpus) throws IOException {
    Set<String> out = new TreeSet<>();
    for (JsonNode c : Json.MAPPER.readTree(corpus.toFile()).path("testcases")) {
      boolean feature = false;
      for (JsonNode f : c.path("features")) {
        feature |= ConformanceRunner.STRICT_SKIPPED_FEATURES.containsKey(f.asText());
      }
      if (feature || ConformanceRunner.strictConflictSkip(c) != null) {
        out.add(c.path("id").asText());
      }
    }
    return out;
  }

  /** The strict table's rows: case id → the code pkixj gives; each must carry a reason. */
  static Map<String, String> listed(Path table) throws IOException {
    Map<String, String> rows = new TreeMap<>();
    boolean in = false;
    for (String line : Files.readAllLines(table)) {
      if (line.startsWith("## ")) {
        in = line.startsWith(HEADING);
        continue;
      }
      Matcher m = in ? ROW.matcher(line) : null;
      if (m != null && m.find()) {
        assertFalse(m.group(4).isBlank(), m.group(1) + " has no reason in " + table);
        rows.put(m.group(1), m.group(3));
      }
    }
    return rows;
  }
}
