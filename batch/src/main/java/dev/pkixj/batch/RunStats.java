package dev.pkixj.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.pkix.Result;
import dev.pkixj.truststore.revocation.RevocationInfo;
import dev.pkixj.verifier.ct.CtStatus;
import dev.pkixj.verifier.strict.Rule;
import dev.pkixj.verifier.strict.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a batch run did: counts per verdict and per code, the most frequent issuers and hosts per
 * error code, the first malformed records, throughput over time, cache figures. Fed by the single
 * writer thread (in output order, so after an interruption it describes exactly the records
 * written); the counters read by the progress bar are volatile.
 */
public final class RunStats {
  static final int TOP_CAPACITY = 4096;
  static final int MAX_EXAMPLES = 20;

  volatile long records;
  volatile long invalid;
  volatile long malformed;
  long valid;
  /** Records found in the output when resuming (included in the counts). */
  long resumed;
  /**
   * When resuming: the elapsed seconds of the earlier part of the run (NaN when unknown), and its
   * CPU seconds (negative when unknown). The summary's times and rates cover the whole run.
   */
  public double resumedSeconds = 0;
  public double resumedCpuSeconds = 0;
  /** When this invocation started (RFC 3339), written so that a killed run can be timed. */
  public String startedAt;
  final EnumMap<Result, long[]> codes = new EnumMap<>(Result.class);
  /** Verified records per Certificate Transparency status (malformed records have none). */
  final long[] ctStatuses = new long[CtStatus.values().length];
  /** Verified records per CRLite answer (malformed records have none). */
  final long[] crliteStatuses = new long[RevocationInfo.Crlite.values().length];
  /** Verified records whose chain a preloaded intermediate completed. */
  long preloaded;
  /** Records refused by OneCRL. */
  long oneCrl;
  /**
   * Whether the run verifies under the strict profile (docs/strict-profile.md): the summary then
   * says so and counts, per rule, the chains that break it.
   */
  public boolean strict;
  /** Under the strict profile: per rule (by ordinal), the chains that break it. */
  final long[] rules = new long[Rule.values().length];
  final Map<Result, TopCounter> issuers = new EnumMap<>(Result.class);
  final Map<Result, TopCounter> hosts = new EnumMap<>(Result.class);
  final List<String[]> malformedExamples = new ArrayList<>();
  /** (milliseconds since the start, records written in this run). */
  final List<long[]> timeline = new ArrayList<>();
  private long timelineStep = 1000;

  public void add(RecordResult r) {
    records++;
    Result code = r.result();
    if (code == null) {
      malformed++;
      if (malformedExamples.size() < MAX_EXAMPLES) {
        malformedExamples.add(new String[] {r.id(), Long.toString(r.line()), r.error()});
      }
      return;
    }
    codes.computeIfAbsent(code, k -> new long[1])[0]++;
    if (r.ctStatus() != null) {
      ctStatuses[r.ctStatus().ordinal()]++;
    }
    if (r.crlite() != null) {
      crliteStatuses[r.crlite().ordinal()]++;
    }
    if (r.preloaded()) {
      preloaded++;
    }
    if (r.oneCrl() != null) {
      oneCrl++;
    }
    if (r.violations() != null && !r.violations().isEmpty()) {
      countRules(r.violations());
    }
    if (code == Result.SUCCESS) {
      valid++;
      return;
    }
    invalid++;
    issuers.computeIfAbsent(code, k -> new TopCounter(TOP_CAPACITY)).add(r.issuer(), 1);
    hosts.computeIfAbsent(code, k -> new TopCounter(TOP_CAPACITY)).add(r.host(), 1);
  }

  /** Counts each rule of {@code violations} once (a rule may concern several certificates). */
  private void countRules(List<Violation> violations) {
    for (int i = 0; i < violations.size(); i++) {
      Rule rule = violations.get(i).rule();
      boolean earlier = false;
      for (int j = 0; j < i && !earlier; j++) {
        earlier = violations.get(j).rule() == rule;
      }
      if (!earlier) {
        rules[rule.ordinal()]++;
      }
    }
  }

  /** Chains that break {@code rule} (strict profile). */
  public long ruleCount(Rule rule) {
    return rules[rule.ordinal()];
  }

  /** Records a throughput sample; keeps at most ~1000 points by halving the resolution. */
  void sample(long millis, long recordsThisRun) {
    if (!timeline.isEmpty() && millis - timeline.get(timeline.size() - 1)[0] < timelineStep) {
      return;
    }
    timeline.add(new long[] {millis, recordsThisRun});
    if (timeline.size() > 1000) {
      List<long[]> kept = new ArrayList<>();
      for (int i = 0; i < timeline.size(); i += 2) {
        kept.add(timeline.get(i));
      }
      timeline.clear();
      timeline.addAll(kept);
      timelineStep *= 2;
    }
  }

  /** Records the last sample, whatever the time since the previous one. */
  void sampleFinal(long millis, long recordsThisRun) {
    timeline.add(new long[] {millis, recordsThisRun});
  }

  /**
   * Counts the records of an earlier, interrupted run's output (one JSON object per line), so
   * that a resumed run's summary covers the whole input.
   */
  public void addPreviousOutputLine(JsonNode line) {
    String verdict = line.path("verdict").asText("");
    String error = line.path("error").isTextual() ? line.get("error").asText() : null;
    Result code = verdict.equals("malformed") ? null : Result.lookup(line.path("code").asText());
    String id = line.path("id").isNull() ? null : line.path("id").asText();
    long ln = line.path("line").asLong(-1);
    String host = line.path("host").isTextual() ? line.get("host").asText() : null;
    String issuer = line.path("issuer").isTextual() ? line.get("issuer").asText() : null;
    if (code == null && !verdict.equals("malformed")) {
      error = "unreadable result line";
    }
    CtStatus ct = code == null ? null : ctStatus(line.path("ct_status").asText(""));
    RevocationInfo.Crlite crlite = code == null ? null : crlite(line.path("crlite").asText(""));
    // Lines written before preloading and OneCRL were reported lack both: false and null.
    boolean pre = code != null && line.path("preloaded").asBoolean(false);
    String listed = code != null && line.path("onecrl").isTextual()
        ? line.get("onecrl").asText() : null;
    add(new RecordResult(id, ln, code, -1, host, List.of(), issuer, error, null, ct, crlite,
        pre, listed, code == null ? null : violations(line.path("violations"))));
    resumed++;
  }

  /** The violations of a result line (strict profile), null when it has none to read. */
  static List<Violation> violations(JsonNode array) {
    if (!array.isArray()) {
      return null;
    }
    List<Violation> out = new ArrayList<>(array.size());
    for (JsonNode v : array) {
      Rule rule = rule(v.path("rule").asText(""));
      if (rule != null) {
        out.add(new Violation(rule, v.path("code").asText(rule.code()),
            v.path("cert").asInt(-1), rule.source()));
      }
    }
    return out;
  }

  private static Rule rule(String name) {
    for (Rule r : Rule.values()) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }

  /** The status with this JSON name, or null (a line written before CT was reported). */
  static CtStatus ctStatus(String jsonName) {
    for (CtStatus s : CtStatus.values()) {
      if (s.jsonName().equals(jsonName)) {
        return s;
      }
    }
    return null;
  }

  /** Verified records with {@code status}. */
  public long ctCount(CtStatus status) {
    return ctStatuses[status.ordinal()];
  }

  /** The CRLite answer with this JSON name, or null (a line written before CRLite was reported). */
  static RevocationInfo.Crlite crlite(String jsonName) {
    for (RevocationInfo.Crlite c : RevocationInfo.Crlite.values()) {
      if (c.jsonName().equals(jsonName)) {
        return c;
      }
    }
    return null;
  }

  /** Verified records whose CRLite answer is {@code c}. */
  public long crliteCount(RevocationInfo.Crlite c) {
    return crliteStatuses[c.ordinal()];
  }

  /** Verified records whose chain a preloaded intermediate completed. */
  public long preloadedCount() {
    return preloaded;
  }

  /** Records refused by OneCRL. */
  public long oneCrlCount() {
    return oneCrl;
  }

  /** Timing and cache figures known at the end of a run. */
  public record RunInfo(double seconds, int threads, List<String> inputs, String output,
      String defaultTime, String host, boolean completed, boolean interrupted, String ioError,
      long certLookups, long certHits, long leafLookups, long leafHits, long peakRssBytes,
      long maxHeapBytes, double cpuSeconds) {}

  /** The summary object (see the README's "Batch" section for the fields). */
  public ObjectNode toJson(RunInfo info) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    long thisRun = records - resumed;
    // Counts, elapsed time and rates all cover the whole run: with --resume, the records and the
    // time of the interrupted part as well ("scope"); "invocation" is this invocation alone.
    boolean timeKnown = resumed == 0 || !Double.isNaN(resumedSeconds);
    double seconds = info.seconds() + (resumed > 0 && timeKnown ? resumedSeconds : 0);
    double cpu = info.cpuSeconds() < 0 ? -1
        : resumed == 0 ? info.cpuSeconds()
        : resumedCpuSeconds >= 0 ? info.cpuSeconds() + resumedCpuSeconds : -1;
    o.put("records", records);
    o.put("valid", valid);
    o.put("invalid", invalid);
    o.put("malformed", malformed);
    o.put("scope", "whole_run");
    if (timeKnown) {
      o.put("seconds", round(seconds, 3));
      o.put("chains_per_second", seconds > 0 ? round(records / seconds, 1) : 0.0);
    } else {
      o.putNull("seconds");
      o.putNull("chains_per_second");
    }
    if (cpu >= 0) {
      o.put("cpu_seconds", round(cpu, 3));
      o.put("cpu_us_per_chain", records > 0 ? round(cpu * 1e6 / records, 1) : 0.0);
    }
    ObjectNode inv = o.putObject("invocation");
    inv.put("records", thisRun);
    inv.put("seconds", round(info.seconds(), 3));
    inv.put("chains_per_second", info.seconds() > 0 ? round(thisRun / info.seconds(), 1) : 0.0);
    if (info.cpuSeconds() >= 0) {
      inv.put("cpu_seconds", round(info.cpuSeconds(), 3));
    }
    if (startedAt == null) {
      inv.putNull("started_at");
    } else {
      inv.put("started_at", startedAt);
    }
    ObjectNode c = o.putObject("codes");
    codes.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .forEach(e -> c.put(e.getKey().firefoxName(), e.getValue()[0]));
    ObjectNode ct = o.putObject("ct_status");
    for (CtStatus st : CtStatus.values()) {
      ct.put(st.jsonName(), ctStatuses[st.ordinal()]);
    }
    ObjectNode crlite = o.putObject("crlite");
    for (RevocationInfo.Crlite st : RevocationInfo.Crlite.values()) {
      crlite.put(st.jsonName(), crliteStatuses[st.ordinal()]);
    }
    o.put("preloaded", preloaded);
    o.put("onecrl", oneCrl);
    if (strict) {
      // Only under the strict profile: the Firefox profile's summary is unchanged.
      o.put("profile", "strict");
      ObjectNode rb = o.putObject("rules");
      for (Rule r : Rule.values()) {
        if (rules[r.ordinal()] > 0) {
          rb.put(r.name(), rules[r.ordinal()]);
        }
      }
    }
    o.put("completed", info.completed());
    o.put("interrupted", info.interrupted());
    if (info.ioError() != null) {
      o.put("io_error", info.ioError());
    }
    o.put("resumed_records", resumed);
    if (resumed > 0 && !timeKnown) {
      o.putNull("resumed_seconds");
    } else {
      o.put("resumed_seconds", resumed > 0 ? round(resumedSeconds, 3) : 0.0);
    }
    o.put("threads", info.threads());
    ArrayNode in = o.putArray("inputs");
    info.inputs().forEach(in::add);
    if (info.output() == null) {
      o.putNull("output");
    } else {
      o.put("output", info.output());
    }
    o.put("default_time", info.defaultTime());
    if (info.host() == null) {
      o.putNull("default_host");
    } else {
      o.put("default_host", info.host());
    }
    ObjectNode cache = o.putObject("cache");
    ObjectNode certs = cache.putObject("certificates");
    certs.put("lookups", info.certLookups());
    certs.put("hits", info.certHits());
    certs.put("hit_rate", rate(info.certHits(), info.certLookups()));
    ObjectNode leaves = cache.putObject("end_entities");
    leaves.put("lookups", info.leafLookups());
    leaves.put("hits", info.leafHits());
    leaves.put("hit_rate", rate(info.leafHits(), info.leafLookups()));
    long others = info.certLookups() - info.leafLookups();
    ObjectNode inter = cache.putObject("others");
    inter.put("lookups", others);
    inter.put("hits", info.certHits() - info.leafHits());
    inter.put("hit_rate", rate(info.certHits() - info.leafHits(), others));
    if (info.peakRssBytes() > 0) {
      o.put("peak_rss_mb", round(info.peakRssBytes() / 1048576.0, 1));
    }
    o.put("max_heap_mb", round(info.maxHeapBytes() / 1048576.0, 1));
    ObjectNode top = o.putObject("top");
    for (Result r : issuers.keySet()) {
      ObjectNode t = top.putObject(r.firefoxName());
      t.set("issuers", pairs(issuers.get(r).top(10)));
      TopCounter h = hosts.get(r);
      t.set("hosts", pairs(h == null ? List.of() : h.top(10)));
      t.put("approximate", issuers.get(r).approximate() || (h != null && h.approximate()));
    }
    ArrayNode ex = o.putArray("malformed_examples");
    for (String[] m : malformedExamples) {
      ObjectNode e = ex.addObject();
      if (m[0] == null) {
        e.putNull("id");
      } else {
        e.put("id", m[0]);
      }
      e.put("line", Long.parseLong(m[1]));
      e.put("error", m[2]);
    }
    ArrayNode tl = o.putArray("timeline");
    for (long[] p : timeline) {
      tl.addArray().add(p[0]).add(p[1]);
    }
    return o;
  }

  private static ArrayNode pairs(List<Map.Entry<String, Long>> list) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Map.Entry<String, Long> e : list) {
      a.addArray().add(e.getKey()).add(e.getValue());
    }
    return a;
  }

  static double rate(long hits, long lookups) {
    return lookups == 0 ? 0.0 : round((double) hits / lookups, 4);
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /** The summary as CSV: {@code section,key,value} rows. */
  public static String toCsv(ObjectNode summary) {
    StringBuilder sb = new StringBuilder("section,key,value\n");
    for (String k : List.of("records", "valid", "invalid", "malformed", "seconds",
        "chains_per_second", "cpu_seconds", "cpu_us_per_chain", "scope", "completed",
        "interrupted", "resumed_records", "resumed_seconds", "threads", "preloaded", "onecrl",
        "peak_rss_mb", "max_heap_mb")) {
      if (summary.has(k)) {
        sb.append("run,").append(k).append(',').append(summary.get(k).asText()).append('\n');
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("codes").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      sb.append("code,").append(e.getKey()).append(',').append(e.getValue().asLong()).append('\n');
    }
    if (summary.has("ct_status")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("ct_status").fields();
          it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append("ct_status,").append(e.getKey()).append(',').append(e.getValue().asLong())
            .append('\n');
      }
    }
    if (summary.has("rules")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("rules").fields();
          it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append("rule,").append(e.getKey()).append(',').append(e.getValue().asLong())
            .append('\n');
      }
    }
    if (summary.has("crlite")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("crlite").fields();
          it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append("crlite,").append(e.getKey()).append(',').append(e.getValue().asLong())
            .append('\n');
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("cache").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      for (String f : List.of("lookups", "hits", "hit_rate")) {
        sb.append("cache,").append(e.getKey()).append('.').append(f).append(',')
            .append(e.getValue().get(f).asText()).append('\n');
      }
    }
    return sb.toString();
  }

  /** The human summary, a few lines. */
  public static String toText(ObjectNode s) {
    StringBuilder sb = new StringBuilder();
    long records = s.get("records").asLong();
    String interrupted = s.get("interrupted").asBoolean() ? " — INTERRUPTED" : "";
    if (s.get("seconds").isNumber()) {
      sb.append(String.format(Locale.ROOT,
          "pkixj batch: %,d records in %.1f s (%,.0f chains/s, %d threads)%s%n", records,
          s.get("seconds").asDouble(), s.get("chains_per_second").asDouble(),
          s.get("threads").asInt(), interrupted));
    } else {
      sb.append(String.format(Locale.ROOT,
          "pkixj batch: %,d records (time of the interrupted part unknown, %d threads)%s%n",
          records, s.get("threads").asInt(), interrupted));
    }
    long resumed = s.get("resumed_records").asLong();
    if (resumed > 0) {
      JsonNode inv = s.get("invocation");
      JsonNode before = s.get("resumed_seconds");
      sb.append(String.format(Locale.ROOT, "  whole run: %,d records from the interrupted run%s, "
              + "%,d in this one (%.1f s, %,.0f chains/s)%n", resumed,
          before.isNumber() ? String.format(Locale.ROOT, " (%.1f s)", before.asDouble()) : "",
          inv.get("records").asLong(), inv.get("seconds").asDouble(),
          inv.get("chains_per_second").asDouble()));
    }
    for (String k : List.of("valid", "invalid", "malformed")) {
      long n = s.get(k).asLong();
      sb.append(String.format(Locale.ROOT, "  %-10s %,12d  %5.1f%%%n", k, n,
          records == 0 ? 0.0 : 100.0 * n / records));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.get("codes").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals(Result.SUCCESS.firefoxName())) {
        sb.append(String.format(Locale.ROOT, "    %-56s %,10d%n", e.getKey(), e.getValue().asLong()));
      }
    }
    if (s.has("rules")) {
      JsonNode rb = s.get("rules");
      sb.append("  rules broken (strict profile): ").append(rb.size() == 0 ? "none" : "chains")
          .append('\n');
      for (Iterator<Map.Entry<String, JsonNode>> it = rb.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(String.format(Locale.ROOT, "    %-56s %,10d%n", e.getKey(),
            e.getValue().asLong()));
      }
    }
    JsonNode ct = s.path("ct_status");
    if (ct.size() > 0) {
      StringBuilder line = new StringBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> it = ct.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().asLong() > 0) {
          line.append(line.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
              .append(String.format(Locale.ROOT, "%,d", e.getValue().asLong()));
        }
      }
      sb.append("  certificate transparency: ").append(line.length() == 0 ? "no verified record"
          : line).append('\n');
    }
    JsonNode crlite = s.path("crlite");
    if (crlite.size() > 0) {
      StringBuilder line = new StringBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> it = crlite.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().asLong() > 0) {
          line.append(line.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
              .append(String.format(Locale.ROOT, "%,d", e.getValue().asLong()));
        }
      }
      sb.append("  crlite: ").append(line.length() == 0 ? "no verified record" : line)
          .append('\n');
    }
    if (s.has("preloaded")) {
      sb.append(String.format(Locale.ROOT,
          "  completed by a preloaded intermediate: %,d; refused by OneCRL: %,d%n",
          s.get("preloaded").asLong(), s.path("onecrl").asLong()));
    }
    JsonNode cache = s.get("cache");
    sb.append(String.format(Locale.ROOT,
        "  certificate cache: %.1f%% hits (end-entities %.1f%%, others %.1f%%)%n",
        100 * cache.get("certificates").get("hit_rate").asDouble(),
        100 * cache.get("end_entities").get("hit_rate").asDouble(),
        100 * cache.get("others").get("hit_rate").asDouble()));
    if (s.has("peak_rss_mb")) {
      sb.append(String.format(Locale.ROOT, "  peak memory (RSS): %.0f MB%n",
          s.get("peak_rss_mb").asDouble()));
    }
    return sb.toString();
  }

  /** CPU time of this process so far (all threads), in seconds, or -1 when unknown. */
  public static double processCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      long ns = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
      return ns < 0 ? -1 : ns / 1e9;
    }
    return -1;
  }

  /** Peak resident set size of this process (VmHWM), or -1 when unknown. */
  public static long peakRss() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmHWM:")) {
          String[] f = l.trim().split("\\s+");
          return Long.parseLong(f[1]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
