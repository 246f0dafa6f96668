package dev.pkixj.cli.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.pkixj.testdata.ConformanceCorpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance ratchet: runs the shared corpora and fails if agreement drops below the figures
 * recorded in {@code docs/conformance.md}, in its fenced {@code ratchet} block:
 * <pre>
 * ```ratchet
 * firefox-parity-dev.jsonl agree=1234
 * limbo-dev.json agree=6000 mozpkix_agree=6100
 * ```
 * </pre>
 * One line per corpus file: {@code agree} is the agreement with the corpus's own expectations,
 * {@code mozpkix_agree} (limbo only) the exact-code agreement with {@code
 * limbo-dev-mozpkix.jsonl}. When agreement rises, raise the recorded figure (the test prints the
 * current ones) so that it cannot fall back. A failure lists the ids of the cases that disagree
 * (for limbo, those missing from {@code docs/limbo-divergences.md} first) and, apart, those that
 * timed out: any timeout fails, as a timeout.
 *
 * <p>The corpora come from {@link ConformanceCorpora#dir()}. A missing corpus file fails the test,
 * naming it, when environment variable {@code CI} is set or {@code -Dpkixj.conformance.required}
 * is given; otherwise the test is skipped with a message naming it (docs/conformance.md, "How the
 * suite guards against silent skips").
 */
class ConformanceCorpusTest {
  private static final String MOZPKIX_FILE = "limbo-dev-mozpkix.jsonl";
  static final String LIMBO_FILE = "limbo-dev.json";
  private static final Pattern DIVERGENCE_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

  @TestFactory
  Stream<DynamicTest> ratchet() throws IOException {
    Map<String, Map<String, Integer>> floors = readRatchet(ratchetFile());
    // Every corpus the suite knows has its line: dropping one from the block must not make it
    // silently untested.
    for (String corpus : ConformanceCorpora.FILES) {
      if (!corpus.equals(MOZPKIX_FILE) && !floors.containsKey(corpus)) {
        fail(ratchetFile() + ": the ratchet block has no line for " + corpus);
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : floors.entrySet()) {
      String name = e.getKey();
      Map<String, Integer> floor = e.getValue();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        Path file = ConformanceCorpora.require(name, Assumptions::abort);
        if (floor.containsKey("agree")) {
          Ratchet ratchet = new Ratchet();
          Summary s = ConformanceRunner.run(file, ConformanceRunner.Options.defaults(), ratchet)
              .summary();
          Set<String> known = name.equals(LIMBO_FILE) ? listedDivergences() : Set.of();
          check(ratchet, name, "agree", s, floor.get("agree"), known);
        }
        if (floor.containsKey("mozpkix_agree")) {
          Path mozpkix = ConformanceCorpora.require(MOZPKIX_FILE, Assumptions::abort);
          ConformanceRunner.Options o = ConformanceRunner.Options.defaults()
              .withMozpkix(ConformanceRunner.loadMozpkix(mozpkix));
          Ratchet ratchet = new Ratchet();
          Summary s = ConformanceRunner.run(file, o, ratchet).summary();
          check(ratchet, name, "mozpkix_agree", s, floor.get("mozpkix_agree"), Set.of());
        }
      }));
    }
    return tests.stream();
  }

  private static void check(Ratchet ratchet, String file, String key, Summary s, int floor,
      Set<String> known) {
    System.out.println("ratchet: " + file + " " + key + "=" + s.agree() + " (recorded " + floor
        + "; " + s + ")");
    String failure = ratchet.failure(file, key, floor, s, known);
    if (failure != null) {
      fail(failure);
    }
    if (s.agree() > floor) {
      System.out.println("ratchet: " + file + " " + key + " can be raised to " + s.agree()
          + " in docs/conformance.md");
    }
  }

  /** The case ids listed in {@code docs/limbo-divergences.md}'s table. */
  static Set<String> listedDivergences() throws IOException {
    Path table = ratchetFile().resolveSibling("limbo-divergences.md");
    Set<String> listed = new TreeSet<>();
    for (String line : Files.readAllLines(table)) {
      Matcher m = DIVERGENCE_ROW.matcher(line);
      if (m.find()) {
        listed.add(m.group(1));
      }
    }
    return listed;
  }

  /** {@code docs/conformance.md} at the repository root (this module's parent). */
  static Path ratchetFile() {
    return Path.of("").toAbsolutePath().getParent().resolve("docs/conformance.md");
  }

  /** Parses the {@code ratchet} block: file name, then {@code key=number} pairs. */
  static Map<String, Map<String, Integer>> readRatchet(Path md) throws IOException {
    if (!Files.exists(md)) {
      fail("ratchet file " + md + " is missing");
    }
    Map<String, Map<String, Integer>> floors = new LinkedHashMap<>();
    boolean inBlock = false;
    boolean seen = false;
    for (String line : Files.readAllLines(md)) {
      String t = line.strip();
      if (!inBlock) {
        if (t.equals("```ratchet")) {
          inBlock = true;
          seen = true;
        }
        continue;
      }
      if (t.startsWith("```")) {
        break;
      }
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] parts = t.split("\\s+");
      Map<String, Integer> figures = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        if (kv.length != 2 || !kv[1].matches("\\d+")) {
          fail(md + ": bad ratchet entry '" + parts[i] + "' in line: " + line);
        }
        figures.put(kv[0], Integer.parseInt(kv[1]));
      }
      floors.put(parts[0], figures);
    }
    if (!seen || floors.isEmpty()) {
      fail(md + " has no ```ratchet block with at least one line");
    }
    return floors;
  }
}
