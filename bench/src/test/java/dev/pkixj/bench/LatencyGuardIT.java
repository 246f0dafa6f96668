package dev.pkixj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The latency guard in the build (bench/RESULTS.md, "Guard"): runs {@code bench/run --guard} on
 * the benchmarks jar that {@code package} built, prints its table and JSON line into the build's
 * output, and fails the build when the guard fails. Failsafe runs it in {@code verify}; a
 * developer skips it with {@code -Dpkixj.guard.skip}, which has no effect under CI ({@code CI}
 * set; bench/pom.xml).
 */
class LatencyGuardIT {
  @Test
  void guardPasses() throws Exception {
    Path jar = Path.of(System.getProperty("pkixj.bench.jar"));
    Path floors = Path.of(System.getProperty("pkixj.guard.floors"));
    assertTrue(Files.isRegularFile(jar), "benchmarks jar not built: " + jar);
    assertTrue(Files.isRegularFile(floors), "floors file missing: " + floors);
    List<String> cmd = List.of(GuardRun.javaBinary(), "-cp", jar.toString(),
        "-Duser.home=" + System.getProperty("user.home"),
        RunSuite.class.getName(), "--guard", "--floors", floors.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        System.out.println(line);
        lines.add(line);
      }
    }
    int rc = p.waitFor();
    String last = lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    assertEquals(0, rc, "the latency guard failed (exit " + rc + "): " + last);
    assertTrue(last.startsWith("{\"guard\":\"pass\""), "last line: " + last);
  }
}
