package dev.pkixj.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
 * current ones) so that it cannot fall back.
 *
 * <p>The corpora come from the folder in system property {@code pkixj.conformance.dir} (the build
 * sets it), else {@code ../../shared/conformance} relative to this module. When neither exists the
 * tests are skipped with a notice.
 */
class ConformanceCorpusTest {
  private static final String MOZPKIX_FILE = "limbo-dev-mozpkix.jsonl";

  @TestFactory
  Stream<DynamicTest> ratchet() throws IOException {
    Path corpora = corpusDir();
    assumeTrue(corpora != null, "NOTICE: conformance corpora not found (system property "
        + "pkixj.conformance.dir or ../../shared/conformance): ratchet skipped");
    Map<String, Map<String, Integer>> floors = readRatchet(ratchetFile());
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Map<String, Integer>> e : floors.entrySet()) {
      String name = e.getKey();
      Map<String, Integer> floor = e.getValue();
      Path file = corpora.resolve(name);
      tests.add(DynamicTest.dynamicTest(name, () -> {
        assumeTrue(Files.exists(file), "NOTICE: " + file + " not found: skipped");
        if (floor.containsKey("agree")) {
          Summary s = ConformanceRunner.run(file, ConformanceRunner.Options.defaults(),
              r -> { }).summary();
          check(name, "agree", s, floor.get("agree"));
        }
        if (floor.containsKey("mozpkix_agree")) {
          Path mozpkix = corpora.resolve(MOZPKIX_FILE);
          assumeTrue(Files.exists(mozpkix), "NOTICE: " + mozpkix + " not found: skipped");
          ConformanceRunner.Options o = ConformanceRunner.Options.defaults()
              .withMozpkix(ConformanceRunner.loadMozpkix(mozpkix));
          Summary s = ConformanceRunner.run(file, o, r -> { }).summary();
          check(name, "mozpkix_agree", s, floor.get("mozpkix_agree"));
        }
      }));
    }
    return tests.stream();
  }

  private static void check(String file, String key, Summary s, int floor) {
    System.out.println("ratchet: " + file + " " + key + "=" + s.agree() + " (recorded " + floor
        + "; " + s + ")");
    assertTrue(s.cases() > 0, file + ": no cases were read");
    assertTrue(s.agree() >= floor, file + ": " + key + " fell to " + s.agree()
        + ", below the recorded " + floor + " in docs/conformance.md (" + s + ")");
    if (s.agree() > floor) {
      System.out.println("ratchet: " + file + " " + key + " can be raised to " + s.agree()
          + " in docs/conformance.md");
    }
  }

  /** The corpus folder, or null when it does not exist. */
  static Path corpusDir() {
    String prop = System.getProperty("pkixj.conformance.dir");
    if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop);
    }
    Path fallback = Path.of("../../shared/conformance");
    return Files.isDirectory(fallback) ? fallback : null;
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
