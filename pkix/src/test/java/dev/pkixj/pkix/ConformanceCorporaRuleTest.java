package dev.pkixj.pkix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.ConformanceCorpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The rule every corpus test follows when its file is missing (docs/conformance.md, "How the
 * suite guards against silent skips"), with the environment and properties injected so that the
 * outcome does not depend on where the tests run.
 */
class ConformanceCorporaRuleTest {
  @TempDir Path dir;

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void aMissingCorpusFailsNamingTheFileWhenRequired() {
    Path missing = dir.resolve("limbo-dev.json");
    List<String> skips = new ArrayList<>();
    AssertionError e = assertThrows(AssertionError.class,
        () -> ConformanceCorpora.require(missing, true, skips::add));
    assertTrue(e.getMessage().contains(missing.toAbsolutePath().normalize().toString()),
        e.getMessage());
    assertTrue(e.getMessage().contains("required"), e.getMessage());
    assertEquals(List.of(), skips, "a required corpus is never skipped");
  }

  @Test
  void aMissingCorpusIsSkippedNamingTheFileOtherwise() {
    Path missing = dir.resolve("ocsp-parity-dev.jsonl");
    TestAbortedException e = assertThrows(TestAbortedException.class,
        () -> ConformanceCorpora.require(missing, false, Assumptions::abort));
    assertTrue(e.getMessage().contains(missing.toAbsolutePath().normalize().toString()),
        e.getMessage());
    // A skip action that does not throw cannot let the test run on without its corpus.
    assertThrows(IllegalStateException.class,
        () -> ConformanceCorpora.require(missing, false, m -> { }));
  }

  @Test
  void aPresentCorpusRunsWhetherRequiredOrNot() throws IOException {
    Path present = Files.writeString(dir.resolve("firefox-parity-dev.jsonl"), "{}\n");
    for (boolean required : new boolean[] {true, false}) {
      assertEquals(present, ConformanceCorpora.require(present, required,
          m -> { throw new AssertionError("skipped although present: " + m); }));
    }
    // A folder of that name is not a corpus.
    Path folder = dir.resolve("hostname-parity-dev.jsonl");
    Files.createDirectory(folder);
    assertThrows(AssertionError.class, () -> ConformanceCorpora.require(folder, true, m -> { }));
  }

  @Test
  void requiredUnderCiOrTheProperty() {
    assertTrue(ConformanceCorpora.required(Map.of("CI", "true"), props()));
    assertTrue(ConformanceCorpora.required(Map.of("CI", "1"), props()));
    assertTrue(ConformanceCorpora.required(Map.of("CI", "yes"), props()));
    assertFalse(ConformanceCorpora.required(Map.of("CI", ""), props()));
    assertFalse(ConformanceCorpora.required(Map.of("CI", "false"), props()));
    assertFalse(ConformanceCorpora.required(Map.of("CI", "0"), props()));
    assertFalse(ConformanceCorpora.required(Map.of(), props()));
    assertTrue(ConformanceCorpora.required(Map.of(),
        props(ConformanceCorpora.REQUIRED_PROPERTY, "true")));
    // -Dpkixj.conformance.required with no value, as a plain java command line gives it.
    assertTrue(ConformanceCorpora.required(Map.of(),
        props(ConformanceCorpora.REQUIRED_PROPERTY, "")));
    assertFalse(ConformanceCorpora.required(Map.of(),
        props(ConformanceCorpora.REQUIRED_PROPERTY, "false")));
    assertTrue(ConformanceCorpora.required(Map.of("CI", "false"),
        props(ConformanceCorpora.REQUIRED_PROPERTY, "true")));
  }

  @Test
  void theFolderComesFromThePropertyElseTheSharedFolder() {
    assertEquals(Path.of("/corpora/here"), ConformanceCorpora.dir(
        props(ConformanceCorpora.DIR_PROPERTY, "/corpora/here")));
    assertEquals(Path.of("../../shared/conformance"), ConformanceCorpora.dir(props()));
    assertEquals(Path.of("../../shared/conformance"), ConformanceCorpora.dir(
        props(ConformanceCorpora.DIR_PROPERTY, " ")));
  }
}
