package dev.pkixj.testdata;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a log list in Chrome's v3 JSON schema (the format of
 * {@code https://www.gstatic.com/ct/log_list/v3/log_list.json}, from which Firefox generates its
 * known-log table) for a set of {@link TestCtLog}s:
 * <pre>{@code
 * {"version": "1.0", "log_list_timestamp": "2026-06-01T00:00:00Z",
 *  "operators": [{"name": ..., "email": [...],
 *    "logs": [{"description", "log_id" (base64), "key" (base64 SPKI), "url", "mmd": 86400,
 *              "state": {"usable": {"timestamp": ...}}, ["temporal_interval": {...}]}],
 *    "tiled_logs": [{"description", "log_id", "key", "submission_url", "monitoring_url", "mmd",
 *              "state", ["temporal_interval"]}]}]}
 * }</pre>
 * Operators appear in the order their first log was added (Firefox numbers operators by their
 * position), logs in the order added. Timestamps are ISO-8601 UTC with whole seconds. The output is
 * deterministic: the same calls give the same bytes.
 */
public final class CtLogListWriter {
    /** Chrome's log states; Firefox keeps usable/qualified/readonly (Admissible) and retired, and drops the others. */
    public enum State {
        PENDING, QUALIFIED, USABLE, READONLY, RETIRED, REJECTED;

        /** The JSON key ({@code usable}, {@code retired}, ...). */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final class Entry {
        final TestCtLog log;
        final boolean tiled;
        final State state;
        final Instant since;
        Instant intervalStart;
        Instant intervalEnd;

        Entry(TestCtLog log, boolean tiled, State state, Instant since) {
            this.log = log;
            this.tiled = tiled;
            this.state = state;
            this.since = since;
        }
    }

    private String version = "1.0";
    private Instant timestamp = TestClock.NOW;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, List<String>> emails = new LinkedHashMap<>();

    /** An empty list (version "1.0", timestamp {@link TestClock#NOW}). */
    public static CtLogListWriter create() {
        return new CtLogListWriter();
    }

    /** The list's {@code version} string. */
    public CtLogListWriter version(String v) {
        this.version = Objects.requireNonNull(v);
        return this;
    }

    /** The list's {@code log_list_timestamp}. */
    public CtLogListWriter timestamp(Instant t) {
        this.timestamp = Objects.requireNonNull(t);
        return this;
    }

    /** Adds an RFC 6962 log (under {@code logs}) in {@code state} since {@code since}. */
    public CtLogListWriter log(TestCtLog log, State state, Instant since) {
        return add(new Entry(log, false, state, since));
    }

    /** Adds a static-ct-api log (under {@code tiled_logs}) in {@code state} since {@code since}. */
    public CtLogListWriter tiledLog(TestCtLog log, State state, Instant since) {
        return add(new Entry(log, true, state, since));
    }

    private CtLogListWriter add(Entry e) {
        Objects.requireNonNull(e.state, "state");
        Objects.requireNonNull(e.since, "since");
        for (Entry other : entries) {
            if (other.log == e.log) {
                throw new IllegalArgumentException(e.log + " is already in the list");
            }
        }
        entries.add(e);
        return this;
    }

    /** Gives a log added before a {@code temporal_interval} (a shard accepting certificates expiring in it). */
    public CtLogListWriter temporalInterval(TestCtLog log, Instant startInclusive, Instant endExclusive) {
        for (Entry e : entries) {
            if (e.log == log) {
                e.intervalStart = Objects.requireNonNull(startInclusive);
                e.intervalEnd = Objects.requireNonNull(endExclusive);
                return this;
            }
        }
        throw new IllegalArgumentException(log + " is not in the list");
    }

    /** The operator's e-mail addresses (default: one, {@code ct@<operator>.example}). */
    public CtLogListWriter operatorEmail(String operator, String... addresses) {
        emails.put(operator, List.of(addresses));
        return this;
    }

    /** The JSON text (UTF-8 when written), two-space indented, ending with a newline. */
    public String toJson() {
        Map<String, List<Entry>> byOperator = new LinkedHashMap<>();
        for (Entry e : entries) {
            byOperator.computeIfAbsent(e.log.operator(), k -> new ArrayList<>()).add(e);
        }
        StringBuilder sb = new StringBuilder(1024 + entries.size() * 600);
        sb.append("{\n  \"version\": ").append(str(version)).append(",\n  \"log_list_timestamp\": ")
                .append(str(time(timestamp))).append(",\n  \"operators\": [");
        boolean firstOp = true;
        for (Map.Entry<String, List<Entry>> op : byOperator.entrySet()) {
            sb.append(firstOp ? "\n" : ",\n");
            firstOp = false;
            List<String> mail = emails.getOrDefault(op.getKey(), List.of("ct@" + slug(op.getKey()) + ".example"));
            sb.append("    {\n      \"name\": ").append(str(op.getKey())).append(",\n      \"email\": [");
            for (int i = 0; i < mail.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(str(mail.get(i)));
            }
            sb.append("],\n      \"logs\": [");
            logs(sb, op.getValue(), false);
            sb.append("],\n      \"tiled_logs\": [");
            logs(sb, op.getValue(), true);
            sb.append("]\n    }");
        }
        sb.append(firstOp ? "]\n}\n" : "\n  ]\n}\n");
        return sb.toString();
    }

    private static void logs(StringBuilder sb, List<Entry> list, boolean tiled) {
        boolean first = true;
        for (Entry e : list) {
            if (e.tiled != tiled) {
                continue;
            }
            sb.append(first ? "\n" : ",\n");
            first = false;
            Base64.Encoder b64 = Base64.getEncoder();
            String ind = "          ";
            sb.append("        {\n")
                    .append(ind).append("\"description\": ").append(str(e.log.name())).append(",\n")
                    .append(ind).append("\"log_id\": ").append(str(b64.encodeToString(e.log.logId()))).append(",\n")
                    .append(ind).append("\"key\": ").append(str(b64.encodeToString(e.log.spkiDer()))).append(",\n");
            if (tiled) {
                String base = e.log.url();
                sb.append(ind).append("\"submission_url\": ").append(str(base)).append(",\n")
                        .append(ind).append("\"monitoring_url\": ")
                        .append(str(base.replace("https://ct.example/", "https://ct-mon.example/"))).append(",\n");
            } else {
                sb.append(ind).append("\"url\": ").append(str(e.log.url())).append(",\n");
            }
            sb.append(ind).append("\"mmd\": 86400,\n")
                    .append(ind).append("\"state\": {\n")
                    .append(ind).append("  ").append(str(e.state.jsonName())).append(": {\n")
                    .append(ind).append("    \"timestamp\": ").append(str(time(e.since)));
            if (e.state == State.READONLY) {
                byte[] root = Crypto.digest("SHA-256", Der.concat("final-tree-head:".getBytes(StandardCharsets.US_ASCII),
                        e.log.logId()));
                sb.append(",\n").append(ind).append("    \"final_tree_head\": {\n")
                        .append(ind).append("      \"sha256_root_hash\": ").append(str(b64.encodeToString(root)))
                        .append(",\n").append(ind).append("      \"tree_size\": 1000\n")
                        .append(ind).append("    }");
            }
            sb.append('\n').append(ind).append("  }\n").append(ind).append('}');
            if (e.intervalStart != null) {
                sb.append(",\n").append(ind).append("\"temporal_interval\": {\n")
                        .append(ind).append("  \"start_inclusive\": ").append(str(time(e.intervalStart))).append(",\n")
                        .append(ind).append("  \"end_exclusive\": ").append(str(time(e.intervalEnd))).append('\n')
                        .append(ind).append('}');
            }
            sb.append("\n        }");
        }
        if (!first) {
            sb.append("\n      ");
        }
    }

    /** {@link #toJson()} as UTF-8 bytes. */
    public byte[] toBytes() {
        return toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@link #toJson()} as UTF-8. */
    public void write(OutputStream out) throws IOException {
        out.write(toBytes());
    }

    /** Writes {@link #toJson()} as UTF-8 to a file (created or replaced). */
    public void write(Path file) throws IOException {
        Files.write(file, toBytes());
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String slug(String s) {
        String x = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return x.isEmpty() ? "operator" : x;
    }

    /** A JSON string literal. */
    static String str(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
