package dev.pkixj.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --report FILE.html}: one self-contained page (inline CSS and SVG, no script, no external
 * asset) drawn from the run's summary: headline figures, a bar chart of verdicts per code,
 * throughput over the run, and the most frequent issuers and hosts per error code.
 */
public final class HtmlReport {
  private HtmlReport() {}

  private static final String OK = "#2e9e5b";

  /** The page for {@code summary} (the object {@link RunStats#toJson} makes). */
  public static String render(JsonNode s) {
    StringBuilder h = new StringBuilder(32_768);
    long records = s.path("records").asLong();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>pkixj batch — ").append(fmt(records)).append(" chains</title>\n")
        .append("<style>\n").append(CSS).append("</style></head><body>\n");
    h.append("<header><h1>pkixj batch report</h1><p class=\"sub\">")
        .append(esc(String.join(", ", texts(s.path("inputs")))))
        .append(" · verified as Firefox does · ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("</p>");
    if (s.path("interrupted").asBoolean()) {
      h.append("<p class=\"warn\">The run was interrupted: the figures cover the records written "
          + "before it stopped (resume with <code>--resume</code>).</p>");
    }
    if (s.hasNonNull("io_error")) {
      h.append("<p class=\"warn\">").append(esc(s.get("io_error").asText())).append("</p>");
    }
    h.append("</header>\n");

    // Headline tiles.
    long valid = s.path("valid").asLong();
    long invalid = s.path("invalid").asLong();
    long malformed = s.path("malformed").asLong();
    h.append("<section class=\"tiles\">");
    tile(h, fmt(records), "chains", null);
    tile(h, pct(valid, records), "valid", OK);
    tile(h, fmt(invalid), "invalid", "#d9534f");
    tile(h, fmt(malformed), "malformed", "#8a8a8a");
    // After --resume, the time and rate cover the whole run, like the counts.
    boolean resumed = s.path("resumed_records").asLong() > 0;
    boolean timed = s.path("seconds").isNumber();
    tile(h, timed ? fmt(Math.round(s.path("chains_per_second").asDouble())) : "?",
        resumed ? "chains / second (whole run)" : "chains / second", null);
    tile(h, timed ? String.format(Locale.ROOT, "%.1f s", s.path("seconds").asDouble()) : "?",
        resumed ? "wall time (whole run)" : "wall time", null);
    tile(h, String.format(Locale.ROOT, "%.0f%%",
        100 * s.path("cache").path("certificates").path("hit_rate").asDouble()),
        "certificates from cache", null);
    if (s.has("peak_rss_mb")) {
      tile(h, String.format(Locale.ROOT, "%.0f MB", s.get("peak_rss_mb").asDouble()),
          "peak memory", null);
    }
    h.append("</section>\n");

    // Verdicts per code.
    List<String> codes = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("codes").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      codes.add(e.getKey());
      counts.add(e.getValue().asLong());
    }
    if (malformed > 0) {
      codes.add("malformed record");
      counts.add(malformed);
    }
    h.append("<section><h2>Verdicts per code</h2>");
    h.append(barChart(codes, counts, records, "Verdicts per code"));
    h.append("</section>\n");

    // Strict profile: chains per rule broken (docs/strict-profile.md).
    if (s.has("rules")) {
      List<String> names = new ArrayList<>();
      List<Long> ruleCounts = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = s.get("rules").fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        names.add(e.getKey());
        ruleCounts.add(e.getValue().asLong());
      }
      h.append("<section><h2>Rules broken (strict profile)</h2>");
      if (names.isEmpty()) {
        h.append("<p>No chain breaks a rule of the strict profile.</p>");
      } else {
        h.append(barChart(names, ruleCounts, records - malformed, "Chains per rule broken"));
        h.append("<table><tr><th>rule</th><th>chains</th></tr>");
        for (int i = 0; i < names.size(); i++) {
          h.append("<tr><td class=\"mono\">").append(esc(names.get(i))).append("</td><td>")
              .append(fmt(ruleCounts.get(i))).append("</td></tr>");
        }
        h.append("</table>");
      }
      h.append("</section>\n");
    }

    // Verified records per Certificate Transparency status.
    JsonNode ct = s.path("ct_status");
    if (ct.size() > 0) {
      List<String> statuses = new ArrayList<>();
      List<Long> ctCounts = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = ct.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().asLong() > 0) {
          statuses.add(e.getKey());
          ctCounts.add(e.getValue().asLong());
        }
      }
      if (!statuses.isEmpty()) {
        h.append("<section><h2>Certificate Transparency</h2>");
        h.append(barChart(statuses, ctCounts, records - malformed, "Records per CT status"));
        h.append("</section>\n");
      }
    }

    // Firefox's security state: preloaded intermediates and OneCRL.
    if (s.has("preloaded") || s.has("onecrl")) {
      h.append("<section><h2>Security state</h2><p>Chains completed by a preloaded "
          + "intermediate: <b>").append(String.format(java.util.Locale.ROOT, "%,d",
          s.path("preloaded").asLong())).append("</b>; chains refused by OneCRL: <b>")
          .append(String.format(java.util.Locale.ROOT, "%,d", s.path("onecrl").asLong()))
          .append("</b></p></section>\n");
    }

    // Throughput.
    h.append("<section><h2>Throughput over the run</h2>");
    h.append(throughputChart(s.path("timeline"), s.path("chains_per_second").asDouble()));
    h.append("</section>\n");

    // Top issuers and hosts per error code.
    JsonNode top = s.path("top");
    if (top.size() > 0) {
      h.append("<section><h2>Where the errors come from</h2><div class=\"cards\">");
      List<String> errorCodes = new ArrayList<>();
      for (String c : codes) {
        if (top.has(c)) {
          errorCodes.add(c);
        }
      }
      for (String c : errorCodes) {
        JsonNode t = top.get(c);
        long n = s.path("codes").path(c).asLong();
        h.append("<div class=\"card\"><h3><span class=\"dot\" style=\"background:")
            .append(color(c)).append("\"></span>").append(esc(c)).append(" <small>")
            .append(fmt(n)).append("</small></h3>");
        table(h, "Top issuers", t.path("issuers"), n);
        table(h, "Top hosts", t.path("hosts"), n);
        if (t.path("approximate").asBoolean()) {
          h.append("<p class=\"note\">Counts approximate: more than ")
              .append(fmt(RunStats.TOP_CAPACITY)).append(" distinct names.</p>");
        }
        h.append("</div>");
      }
      h.append("</div></section>\n");
    }

    JsonNode ex = s.path("malformed_examples");
    if (ex.size() > 0) {
      h.append("<section><h2>Malformed records</h2><ul class=\"mono\">");
      for (JsonNode e : ex) {
        h.append("<li>").append(esc(e.path("error").asText())).append("</li>");
      }
      if (malformed > ex.size()) {
        h.append("<li>… and ").append(fmt(malformed - ex.size())).append(" more</li>");
      }
      h.append("</ul></section>\n");
    }

    JsonNode cache = s.path("cache");
    h.append("<footer>Certificate cache: ")
        .append(pct(cache.path("end_entities").path("hits").asLong(),
            cache.path("end_entities").path("lookups").asLong()))
        .append(" of end-entity certificates and ")
        .append(pct(cache.path("others").path("hits").asLong(),
            cache.path("others").path("lookups").asLong()))
        .append(" of the others were already known. ")
        .append(s.path("threads").asInt()).append(" worker threads. Default time ")
        .append(esc(s.path("default_time").asText())).append(". Made by pkixj.</footer>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  private static final String CSS = String.join("\n",
      ":root{--fg:#1d2330;--muted:#6b7385;--bg:#f6f7fb;--card:#fff;--line:#e3e6ee}",
      "*{box-sizing:border-box}",
      "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
          + "color:var(--fg);background:var(--bg)}",
      "header,section,footer{max-width:1100px;margin:0 auto;padding:18px 24px}",
      "h1{margin:12px 0 2px;font-size:28px}h2{font-size:19px;margin:8px 0 12px}",
      "h3{font-size:15px;margin:0 0 8px;word-break:break-all}h3 small{color:var(--muted);"
          + "font-weight:normal;margin-left:6px}",
      ".sub{color:var(--muted);margin:0}.warn{background:#fff3cd;border:1px solid #f0d98c;"
          + "padding:8px 12px;border-radius:6px}",
      ".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}",
      ".tile{background:var(--card);border:1px solid var(--line);border-radius:10px;"
          + "padding:14px 16px}",
      ".tile b{display:block;font-size:26px;letter-spacing:-.5px}.tile span{color:var(--muted);"
          + "font-size:13px}",
      "svg{width:100%;height:auto;background:var(--card);border:1px solid var(--line);"
          + "border-radius:10px}",
      "svg text{font:12px system-ui,sans-serif;fill:var(--fg)}svg .muted{fill:var(--muted)}",
      ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:14px}",
      ".card{background:var(--card);border:1px solid var(--line);border-radius:10px;"
          + "padding:14px 16px}",
      ".dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:8px}",
      "table{width:100%;border-collapse:collapse;margin:6px 0 10px;font-size:13px}",
      "th{text-align:left;color:var(--muted);font-weight:600;padding:2px 0}",
      "td{padding:3px 0;vertical-align:top}td.n{text-align:right;white-space:nowrap;"
          + "padding-left:8px;color:var(--muted)}",
      ".bar{height:4px;background:#c9d3ea;border-radius:2px;margin-top:2px}",
      ".name{word-break:break-all}.note{color:var(--muted);font-size:12px}",
      ".mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}",
      "footer{color:var(--muted);font-size:13px;padding-bottom:40px}", "");

  private static void tile(StringBuilder h, String value, String label, String color) {
    h.append("<div class=\"tile\"><b").append(color == null ? "" : " style=\"color:" + color + "\"")
        .append(">").append(esc(value)).append("</b><span>").append(esc(label))
        .append("</span></div>");
  }

  private static String barChart(List<String> codes, List<Long> counts, long total,
      String label) {
    int n = codes.size();
    int rowH = 30;
    int labelW = 400;
    int width = 1050;
    int barMax = width - labelW - 150;
    int height = Math.max(1, n) * rowH + 20;
    long max = 1;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("<svg viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"").append(esc(label)).append("\">");
    for (int i = 0; i < n; i++) {
      int y = 10 + i * rowH;
      double w = Math.max(2, (double) counts.get(i) / max * barMax);
      sb.append("<text x=\"").append(labelW - 10).append("\" y=\"").append(y + 19)
          .append("\" text-anchor=\"end\">").append(esc(codes.get(i))).append("</text>");
      sb.append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 4).append("\" width=\"")
          .append(String.format(Locale.ROOT, "%.1f", w)).append("\" height=\"").append(rowH - 8)
          .append("\" rx=\"4\" fill=\"").append(color(codes.get(i))).append("\"><title>")
          .append(esc(codes.get(i))).append(": ").append(fmt(counts.get(i)))
          .append("</title></rect>");
      sb.append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", labelW + w + 8))
          .append("\" y=\"").append(y + 19).append("\">").append(fmt(counts.get(i)))
          .append(" <tspan class=\"muted\">").append(pct(counts.get(i), total))
          .append("</tspan></text>");
    }
    sb.append("</svg>");
    return sb.toString();
  }

  private static String throughputChart(JsonNode timeline, double average) {
    List<double[]> pts = new ArrayList<>();
    for (int i = 1; i < timeline.size(); i++) {
      JsonNode a = timeline.get(i - 1);
      JsonNode b = timeline.get(i);
      double dt = (b.get(0).asLong() - a.get(0).asLong()) / 1000.0;
      if (dt <= 0) {
        continue;
      }
      double rate = (b.get(1).asLong() - a.get(1).asLong()) / dt;
      pts.add(new double[] {b.get(0).asLong() / 1000.0, rate});
    }
    int width = 1050;
    int height = 280;
    int left = 70;
    int right = 20;
    int top = 20;
    int bottom = 40;
    StringBuilder sb = new StringBuilder();
    sb.append("<svg viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" aria-label=\"Throughput over the run\">");
    if (pts.isEmpty()) {
      sb.append("<text x=\"").append(width / 2).append("\" y=\"").append(height / 2)
          .append("\" text-anchor=\"middle\" class=\"muted\">The run was too short to chart "
              + "(average ").append(fmt(Math.round(average))).append(" chains/s).</text></svg>");
      return sb.toString();
    }
    double maxT = pts.get(pts.size() - 1)[0];
    double maxR = average;
    for (double[] p : pts) {
      maxR = Math.max(maxR, p[1]);
    }
    maxR = niceCeil(maxR * 1.05);
    double plotW = width - left - right;
    double plotH = height - top - bottom;
    // Grid and axes.
    for (int g = 0; g <= 4; g++) {
      double v = maxR * g / 4;
      double y = top + plotH - plotH * g / 4;
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e6ee\"/>", left,
          width - right, y, y));
      sb.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" class=\"muted\">%s</text>", left - 8,
          y + 4, fmt(Math.round(v))));
    }
    for (int g = 0; g <= 5; g++) {
      double t = maxT * g / 5;
      double x = left + plotW * g / 5;
      sb.append(String.format(Locale.ROOT,
          "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" class=\"muted\">%s</text>", x,
          height - 14, secs(t)));
    }
    StringBuilder line = new StringBuilder();
    StringBuilder area = new StringBuilder();
    area.append(String.format(Locale.ROOT, "M%d,%.1f ", left, top + plotH));
    double firstX = left;
    for (int i = 0; i < pts.size(); i++) {
      double[] p = pts.get(i);
      double x = left + (maxT == 0 ? 0 : p[0] / maxT * plotW);
      double y = top + plotH - p[1] / maxR * plotH;
      if (i == 0) {
        // Start the curve at t = 0 with the first rate.
        line.append(String.format(Locale.ROOT, "M%.1f,%.1f ", firstX, y));
        area.append(String.format(Locale.ROOT, "L%.1f,%.1f ", firstX, y));
      }
      line.append(String.format(Locale.ROOT, "L%.1f,%.1f ", x, y));
      area.append(String.format(Locale.ROOT, "L%.1f,%.1f ", x, y));
    }
    area.append(String.format(Locale.ROOT, "L%.1f,%.1f Z", left + plotW, top + plotH));
    sb.append("<path d=\"").append(area).append("\" fill=\"#4a7bd822\"/>");
    sb.append("<path d=\"").append(line)
        .append("\" fill=\"none\" stroke=\"#4a7bd8\" stroke-width=\"2\"/>");
    double ay = top + plotH - average / maxR * plotH;
    sb.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#2e9e5b\" "
            + "stroke-dasharray=\"6 4\"/>", left, width - right, ay, ay));
    sb.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#2e9e5b\">average %s chains/s"
            + "</text>", width - right - 4, ay - 6, fmt(Math.round(average))));
    sb.append(String.format(Locale.ROOT,
        "<text x=\"14\" y=\"%.1f\" class=\"muted\" transform=\"rotate(-90 14 %.1f)\" "
            + "text-anchor=\"middle\">chains / s</text>", top + plotH / 2, top + plotH / 2));
    sb.append("</svg>");
    return sb.toString();
  }

  private static void table(StringBuilder h, String title, JsonNode pairs, long total) {
    h.append("<table><tr><th>").append(esc(title)).append("</th><th></th></tr>");
    if (pairs.size() == 0) {
      h.append("<tr><td class=\"note\">none</td><td></td></tr>");
    }
    long max = pairs.size() == 0 ? 1 : Math.max(1, pairs.get(0).get(1).asLong());
    for (JsonNode p : pairs) {
      long n = p.get(1).asLong();
      h.append("<tr><td class=\"name\">").append(esc(p.get(0).asText()))
          .append(String.format(Locale.ROOT, "<div class=\"bar\" style=\"width:%.1f%%\"></div>",
              100.0 * n / max))
          .append("</td><td class=\"n\">").append(fmt(n)).append(" · ").append(pct(n, total))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  /** A color per family of codes. */
  static String color(String code) {
    if (code.equals("Success")) {
      return OK;
    }
    if (code.equals("malformed record")) {
      return "#9aa0ad";
    }
    if (code.contains("UNKNOWN_ISSUER") || code.contains("UNTRUSTED") || code.contains("SELF_SIGNED")) {
      return "#7d5bd6";
    }
    if (code.contains("EXPIRED") || code.contains("NOT_YET_VALID") || code.contains("INVALID_TIME")) {
      return "#f0a030";
    }
    if (code.contains("DOMAIN")) {
      return "#3c8dde";
    }
    if (code.contains("SIGNATURE") || code.contains("ALGORITHM") || code.contains("KEY")) {
      return "#e0607e";
    }
    return "#d9534f";
  }

  private static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * mag >= v) {
        return m * mag;
      }
    }
    return 10 * mag;
  }

  private static String secs(double t) {
    if (t < 120) {
      return String.format(Locale.ROOT, "%.0f s", t);
    }
    return String.format(Locale.ROOT, "%d:%02d", (long) t / 60, (long) t % 60);
  }

  private static List<String> texts(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(n -> l.add(n.asText()));
    return l;
  }

  static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String pct(long n, long total) {
    if (total == 0) {
      return "0%";
    }
    double p = 100.0 * n / total;
    return String.format(Locale.ROOT, p < 10 ? "%.1f%%" : "%.0f%%", p);
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': sb.append("&lt;"); break;
        case '>': sb.append("&gt;"); break;
        case '&': sb.append("&amp;"); break;
        case '"': sb.append("&quot;"); break;
        case '\'': sb.append("&#39;"); break;
        default: sb.append(c);
      }
    }
    return sb.toString();
  }
}
