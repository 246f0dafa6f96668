package dev.pkixj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The latency guard's comparison logic on given figures (nothing here is timed). */
class GuardTest {
  private static final String FLOORS = String.join("\n",
      "# two checks",
      "ratio.new_leaf_p256.floor = 10.0",
      "ratio.new_leaf_p256.measured = 21.4 (runs of 2026-12-07)",
      "ratio.repeat_p256.floor = 4",
      "ratio.repeat_p256.measured = 8.1",
      "alloc.repeat_p256.max = 2048",
      "alloc.repeat_p256.measured = 296 quiet, 1216 busy");

  private static Guard.Floors floors() throws IOException {
    return Guard.parse(new StringReader(FLOORS), "floors");
  }

  private static Guard.Row row(List<Guard.Row> rows, String name, boolean alloc) {
    return rows.stream().filter(r -> r.name().equals(name) && r.alloc() == alloc).findFirst()
        .orElseThrow();
  }

  @Test
  void parsesFloorsWithTheirSources() throws IOException {
    Guard.Floors f = floors();
    assertEquals(2, f.ratios().size());
    assertEquals("new_leaf_p256", f.ratios().get(0).name());
    assertEquals(10.0, f.ratios().get(0).floor());
    assertEquals("21.4 (runs of 2026-12-07)", f.ratios().get(0).measured());
    assertEquals(1, f.allocs().size());
    assertEquals(2048, f.allocs().get(0).max());
  }

  @Test
  void passesWhenEveryRatioIsAtOrAboveItsFloorAndAllocationWithinItsBound() throws IOException {
    List<Guard.Row> rows = Guard.evaluate(floors(),
        Map.of("new_leaf_p256", 10.0, "repeat_p256", 9.3), Map.of("repeat_p256", 2048.0));
    assertTrue(Guard.passed(rows), Guard.table(rows));
    assertTrue(Guard.json(rows, "repeat_p256").startsWith("{\"guard\":\"pass\""));
  }

  @Test
  void failsOnARatioUnderItsFloor() throws IOException {
    List<Guard.Row> rows = Guard.evaluate(floors(),
        Map.of("new_leaf_p256", 9.99, "repeat_p256", 9.3), Map.of("repeat_p256", 300.0));
    assertFalse(Guard.passed(rows));
    assertEquals(Guard.Verdict.FAIL, row(rows, "new_leaf_p256", false).verdict());
    assertEquals(Guard.Verdict.PASS, row(rows, "repeat_p256", false).verdict());
    assertEquals(Guard.Verdict.PASS, row(rows, "repeat_p256", true).verdict());
    String table = Guard.table(rows);
    assertTrue(table.contains("new_leaf_p256 (peer/pkixj)") && table.contains("9.99x")
        && table.contains(">= 10.00x") && table.contains("FAIL"), table);
    String json = Guard.json(rows, "repeat_p256");
    assertEquals("{\"guard\":\"fail\",\"checks\":[{\"name\":\"new_leaf_p256\",\"ratio\":9.990,"
        + "\"floor\":10.000},{\"name\":\"repeat_p256\",\"ratio\":9.300,\"floor\":4.000}],"
        + "\"alloc_bytes_per_validation\":300.000}", json);
  }

  @Test
  void failsOnAllocationOverItsBound() throws IOException {
    List<Guard.Row> rows = Guard.evaluate(floors(),
        Map.of("new_leaf_p256", 30.0, "repeat_p256", 9.3), Map.of("repeat_p256", 2049.0));
    assertFalse(Guard.passed(rows));
    assertEquals(Guard.Verdict.FAIL, row(rows, "repeat_p256", true).verdict());
    assertEquals(Guard.Verdict.PASS, row(rows, "new_leaf_p256", false).verdict());
    assertTrue(Guard.json(rows, "repeat_p256").startsWith("{\"guard\":\"fail\""));
    assertTrue(Guard.json(rows, "repeat_p256")
        .endsWith("\"alloc_bytes_per_validation\":2049.000}"));
  }

  @Test
  void aCheckThatWasNotMeasuredFails() throws IOException {
    List<Guard.Row> rows = Guard.evaluate(floors(),
        Map.of("new_leaf_p256", 30.0, "repeat_p256", Double.NaN), Map.of());
    assertFalse(Guard.passed(rows));
    assertEquals(Guard.Verdict.NOT_MEASURED, row(rows, "repeat_p256", false).verdict());
    assertEquals(Guard.Verdict.NOT_MEASURED, row(rows, "repeat_p256", true).verdict());
    assertTrue(Guard.json(rows, "repeat_p256").contains("\"ratio\":null"));
  }

  @Test
  void theRemeasuredFigureDecides() throws IOException {
    Guard.Row miss = Guard.evaluate(floors(), Map.of("new_leaf_p256", 4.0), Map.of()).get(0);
    assertEquals(Guard.Verdict.FAIL, miss.verdict());
    Guard.Row again = miss.again(12.0);
    assertEquals(Guard.Verdict.PASS, again.verdict());
    assertTrue(again.remeasured());
    assertEquals(Guard.Verdict.FAIL, miss.again(5.0).verdict());
  }

  @Test
  void refusesAFloorWithoutItsSourceOrWithABadNumberOrAnUnknownKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Guard.parse(
        new StringReader("ratio.x.floor = 2\n"), "f.properties"));
    assertTrue(e.getMessage().contains("f.properties")
        && e.getMessage().contains("ratio.x.measured"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Guard.parse(
        new StringReader("ratio.x.floor = fast\nratio.x.measured = 4\n"), "f.properties"));
    assertTrue(e.getMessage().contains("ratio.x.floor"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Guard.parse(
        new StringReader("ratio.x.floor = -1\nratio.x.measured = 4\n"), "f.properties"));
    assertTrue(e.getMessage().contains("ratio.x.floor"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Guard.parse(
        new StringReader("ratio.x.flor = 1\nratio.x.measured = 4\n"), "f.properties"));
    assertTrue(e.getMessage().contains("unknown key ratio.x.flor"), e.getMessage());
  }

  /** The floors file in bench/ parses, and names exactly guarded benchmarks. */
  @Test
  void theProjectsFloorsFileNamesGuardedBenchmarks() throws IOException {
    Path file = Path.of("guard-floors.properties");
    Guard.Floors f;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      f = Guard.parse(in, file.toString());
    }
    Set<String> names = new HashSet<>();
    f.ratios().forEach(x -> names.add(x.name()));
    Set<String> guarded = new HashSet<>();
    for (GuardRun.Pair p : GuardRun.PAIRS) {
      guarded.add(p.name());
      assertTrue(names.contains(p.name()), "no floor for guarded benchmark " + p.name());
    }
    assertEquals(Set.of("repeat_p256", "new_leaf_rsa", "new_leaf_p256", "first_seen_p256",
        "ocsp_cache_hit", "ct_new_leaf", "crlite"), guarded);
    assertEquals(guarded, names);
    for (String n : names) {
      assertTrue(GuardRun.pair(n) != null, "floor for unknown benchmark " + n);
    }
    assertTrue(f.allocs().stream().anyMatch(b -> b.name().equals(GuardRun.ALLOC_CHECK)),
        "no allocation bound for " + GuardRun.ALLOC_CHECK);
  }
}
