package dev.pkixj.bench;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The latency guard's comparison logic, apart from any measurement (so that it can be tested with
 * given figures): the floors file, the verdict of each check, the table and the JSON line.
 *
 * <p>The floors file ({@code bench/guard-floors.properties}, see bench/RESULTS.md, "Guard") holds
 * two kinds of checks, each with the figure it was derived from:
 * <pre>
 * ratio.NAME.floor = 5.0       # peer time / pkixj time must be at least this (bigger = better)
 * ratio.NAME.measured = 10.2   # what quiet runs measured, the floor's source
 * alloc.NAME.max = 600         # pkixj's bytes allocated per operation must be at most this
 * alloc.NAME.measured = 296
 * </pre>
 */
public final class Guard {
  private Guard() {}

  /** A ratio floor: {@code peer time / pkixj time >= floor}. */
  public record Floor(String name, double floor, String measured) {}

  /** An allocation bound: pkixj's bytes per operation {@code <= max}. */
  public record Bound(String name, double max, String measured) {}

  /** Every check of a floors file, in the file's order of names (sorted). */
  public record Floors(List<Floor> ratios, List<Bound> allocs) {}

  /** What one check found. */
  public enum Verdict {
    PASS("pass"), FAIL("FAIL"), NOT_MEASURED("FAIL (not measured)");

    final String text;

    Verdict(String text) {
      this.text = text;
    }
  }

  /** One row of the table: a ratio (measured against a floor) or an allocation (against a max). */
  public record Row(String name, boolean alloc, Double measured, double limit, Verdict verdict,
      boolean remeasured) {
    Row again(Double value) {
      return alloc ? allocRow(name, value, limit, true) : ratioRow(name, value, limit, true);
    }
  }

  /** Reads a floors file; an unknown key, a bad number or a floor without its source is refused. */
  public static Floors parse(Reader in, String file) throws IOException {
    Properties p = new Properties();
    p.load(in);
    Map<String, String[]> ratios = new LinkedHashMap<>();
    Map<String, String[]> allocs = new LinkedHashMap<>();
    for (String key : new TreeSet<>(p.stringPropertyNames())) {
      String[] parts = key.split("\\.", -1);
      if (parts.length != 3 || parts[1].isEmpty()
          || !(parts[0].equals("ratio") || parts[0].equals("alloc"))) {
        throw new IllegalArgumentException(file + ": unknown key " + key
            + " (expected ratio.NAME.floor, ratio.NAME.measured, alloc.NAME.max,"
            + " alloc.NAME.measured)");
      }
      boolean ratio = parts[0].equals("ratio");
      String[] slot = (ratio ? ratios : allocs).computeIfAbsent(parts[1], k -> new String[2]);
      String value = p.getProperty(key).trim();
      if (parts[2].equals(ratio ? "floor" : "max")) {
        slot[0] = value;
      } else if (parts[2].equals("measured")) {
        slot[1] = value;
      } else {
        throw new IllegalArgumentException(file + ": unknown key " + key);
      }
    }
    List<Floor> floors = new ArrayList<>();
    ratios.forEach((name, v) -> floors.add(
        new Floor(name, number(file, "ratio." + name + ".floor", v[0]),
            source(file, "ratio." + name, v[1]))));
    List<Bound> bounds = new ArrayList<>();
    allocs.forEach((name, v) -> bounds.add(
        new Bound(name, number(file, "alloc." + name + ".max", v[0]),
            source(file, "alloc." + name, v[1]))));
    if (floors.isEmpty()) {
      throw new IllegalArgumentException(file + ": no ratio floor");
    }
    return new Floors(Collections.unmodifiableList(floors), Collections.unmodifiableList(bounds));
  }

  private static double number(String file, String key, String value) {
    if (value == null) {
      throw new IllegalArgumentException(file + ": " + key + " is missing");
    }
    try {
      double d = Double.parseDouble(value);
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + key + " is not a positive number: " + value);
    }
  }

  private static String source(String file, String check, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(file + ": " + check
          + ".measured is missing (every limit names the figure it was derived from)");
    }
    return value;
  }

  static Row ratioRow(String name, Double measured, double floor, boolean remeasured) {
    Verdict v = measured == null || measured.isNaN() ? Verdict.NOT_MEASURED
        : measured >= floor ? Verdict.PASS : Verdict.FAIL;
    return new Row(name, false, measured, floor, v, remeasured);
  }

  static Row allocRow(String name, Double measured, double max, boolean remeasured) {
    Verdict v = measured == null || measured.isNaN() ? Verdict.NOT_MEASURED
        : measured <= max ? Verdict.PASS : Verdict.FAIL;
    return new Row(name, true, measured, max, v, remeasured);
  }

  /**
   * Compares measured figures with the floors: {@code ratios} maps a check's name to peer time /
   * pkixj time, {@code allocs} to pkixj's bytes per operation. A check without a figure fails.
   */
  public static List<Row> evaluate(Floors floors, Map<String, Double> ratios,
      Map<String, Double> allocs) {
    List<Row> rows = new ArrayList<>();
    for (Floor f : floors.ratios()) {
      rows.add(ratioRow(f.name(), ratios.get(f.name()), f.floor(), false));
    }
    for (Bound b : floors.allocs()) {
      rows.add(allocRow(b.name(), allocs.get(b.name()), b.max(), false));
    }
    return rows;
  }

  /** True when every row passed. */
  public static boolean passed(List<Row> rows) {
    return rows.stream().allMatch(r -> r.verdict() == Verdict.PASS);
  }

  /** The table: benchmark, measured, floor, verdict. */
  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-34s %12s %12s  %s%n", "benchmark", "measured", "floor",
        "verdict"));
    for (Row r : rows) {
      String label = r.alloc() ? r.name() + " (bytes/op, max)" : r.name() + " (peer/pkixj)";
      String measured = r.measured() == null || r.measured().isNaN() ? "-"
          : String.format(Locale.ROOT, r.alloc() ? "%.0f" : "%.2fx", r.measured());
      String limit = String.format(Locale.ROOT, r.alloc() ? "<= %.0f" : ">= %.2fx", r.limit());
      String verdict = r.verdict().text + (r.remeasured() ? " (re-measured)" : "");
      sb.append(String.format(Locale.ROOT, "%-34s %12s %12s  %s%n", label, measured, limit,
          verdict));
    }
    return sb.toString();
  }

  /**
   * The last line: {@code {"guard":"pass"|"fail","checks":[{"name","ratio","floor"}…],
   * "alloc_bytes_per_validation":N}}, the allocation being that of check {@code allocCheck}.
   */
  public static String json(List<Row> rows, String allocCheck) {
    StringBuilder sb = new StringBuilder("{\"guard\":\"")
        .append(passed(rows) ? "pass" : "fail").append("\",\"checks\":[");
    String sep = "";
    Double alloc = null;
    for (Row r : rows) {
      if (r.alloc()) {
        if (r.name().equals(allocCheck)) {
          alloc = r.measured();
        }
        continue;
      }
      sb.append(sep).append("{\"name\":\"").append(r.name()).append("\",\"ratio\":")
          .append(num(r.measured())).append(",\"floor\":").append(num(r.limit())).append('}');
      sep = ",";
    }
    sb.append("],\"alloc_bytes_per_validation\":").append(num(alloc)).append('}');
    return sb.toString();
  }

  private static String num(Double d) {
    return d == null || d.isNaN() || d.isInfinite() ? "null"
        : String.format(Locale.ROOT, "%.3f", d);
  }
}
