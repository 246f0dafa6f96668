package dev.pkixj.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.ConformanceCorpora;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/run} checks the shared corpora before it builds: a missing folder or file stops it
 * with a message naming what is missing, and otherwise it runs exactly {@code ./mvnw -B verify}.
 * Run on a copy of the script in a scratch tree whose {@code mvnw} only records its arguments.
 */
class CiRunScriptTest {
  @TempDir Path tmp;
  private Path repo;
  private Path corpora;

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void scratchTree() throws IOException {
    repo = tmp.resolve("repo");
    Files.createDirectories(repo.resolve(".ci"));
    Path script = Path.of("").toAbsolutePath().getParent().resolve(".ci/run");
    Files.copy(script, repo.resolve(".ci/run"));
    Path mvnw = Files.writeString(repo.resolve("mvnw"), "#!/bin/sh\necho \"mvnw $*\"\n");
    assertTrue(mvnw.toFile().setExecutable(true) && repo.resolve(".ci/run").toFile()
        .setExecutable(true));
    corpora = tmp.resolve("shared/conformance");
    Files.createDirectories(corpora);
    for (String f : ConformanceCorpora.FILES) {
      Files.writeString(corpora.resolve(f), "{}\n");
    }
  }

  private Result run() throws Exception {
    Process p = new ProcessBuilder("bash", repo.resolve(".ci/run").toString())
        .directory(tmp.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    assertTrue(p.waitFor(1, TimeUnit.MINUTES), ".ci/run did not finish");
    return new Result(p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void withEveryCorpusItRunsTheReadmeCommand() throws Exception {
    Result r = run();
    assertEquals(0, r.exit(), r.err());
    assertEquals("mvnw -B verify\n", r.out());
    assertEquals("", r.err());
  }

  @Test
  void eachMissingCorpusFileIsNamed() throws Exception {
    for (String f : ConformanceCorpora.FILES) {
      Path file = corpora.resolve(f);
      Path aside = tmp.resolve(f + ".aside");
      Files.move(file, aside);
      Result r = run();
      assertEquals(1, r.exit(), f);
      assertEquals("", r.out(), "the build must not start: " + r.out());
      assertTrue(r.err().contains(corpora.toRealPath().resolve(f).toString()), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      Files.move(aside, file);
    }
  }

  @Test
  void aMissingFolderIsNamed() throws Exception {
    for (String f : ConformanceCorpora.FILES) {
      Files.delete(corpora.resolve(f));
    }
    Files.delete(corpora);
    Result r = run();
    assertEquals(1, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().contains("../shared/conformance") && r.err().contains("missing"),
        r.err());
    assertEquals(List.of(), r.out().lines().toList());
  }
}
