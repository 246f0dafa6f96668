package dev.pkixj.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Chrome v3 log list written for test logs reads back with every field in place. */
class CtLogListWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestCtLog A1 = TestCtLog.p256("Alpha 2026", "Alpha \"Logs\" \u00e9");
    private static final TestCtLog A2 = TestCtLog.p256("Alpha Legacy", "Alpha \"Logs\" \u00e9");
    private static final TestCtLog B1 = TestCtLog.p256("Beta Tiled 2026", "Beta");
    private static final TestCtLog C1 = TestCtLog.p256("Gamma 2026h2", "Gamma");

    @TempDir Path dir;

    private static CtLogListWriter writer() {
        return CtLogListWriter.create().version("7.1").timestamp(Instant.parse("2026-05-30T12:34:56.789Z"))
                .log(A1, CtLogListWriter.State.USABLE, Instant.parse("2025-01-01T00:00:00Z"))
                .tiledLog(B1, CtLogListWriter.State.QUALIFIED, Instant.parse("2025-02-01T00:00:00Z"))
                .log(A2, CtLogListWriter.State.RETIRED, Instant.parse("2026-04-15T00:00:00Z"))
                .log(C1, CtLogListWriter.State.READONLY, Instant.parse("2026-03-01T00:00:00Z"))
                .temporalInterval(C1, Instant.parse("2026-07-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))
                .operatorEmail("Beta", "a@beta.example", "b@beta.example");
    }

    @Test
    void theListReadsBackWithEveryField() throws Exception {
        Path file = dir.resolve("log_list.json");
        writer().write(file);
        JsonNode root = JSON.readTree(Files.readAllBytes(file));
        assertEquals("7.1", root.get("version").asText());
        assertEquals("2026-05-30T12:34:56Z", root.get("log_list_timestamp").asText());
        JsonNode ops = root.get("operators");
        assertEquals(3, ops.size());
        // Operators in the order of their first log.
        assertEquals("Alpha \"Logs\" \u00e9", ops.get(0).get("name").asText());
        assertEquals("Beta", ops.get(1).get("name").asText());
        assertEquals("Gamma", ops.get(2).get("name").asText());
        assertEquals(List.of("a@beta.example", "b@beta.example"),
                List.of(ops.get(1).get("email").get(0).asText(), ops.get(1).get("email").get(1).asText()));
        assertEquals(1, ops.get(0).get("email").size());

        JsonNode alpha = ops.get(0).get("logs");
        assertEquals(2, alpha.size());
        assertEquals(0, ops.get(0).get("tiled_logs").size());
        check(alpha.get(0), A1, "usable", "2025-01-01T00:00:00Z");
        assertEquals(A1.url(), alpha.get(0).get("url").asText());
        check(alpha.get(1), A2, "retired", "2026-04-15T00:00:00Z");
        assertFalse(alpha.get(0).has("temporal_interval"));

        assertEquals(0, ops.get(1).get("logs").size());
        JsonNode tiled = ops.get(1).get("tiled_logs").get(0);
        check(tiled, B1, "qualified", "2025-02-01T00:00:00Z");
        assertTrue(tiled.get("submission_url").asText().startsWith("https://"));
        assertTrue(tiled.get("monitoring_url").asText().startsWith("https://"));
        assertFalse(tiled.has("url"));

        JsonNode gamma = ops.get(2).get("logs").get(0);
        check(gamma, C1, "readonly", "2026-03-01T00:00:00Z");
        JsonNode fth = gamma.get("state").get("readonly").get("final_tree_head");
        assertEquals(32, Base64.getDecoder().decode(fth.get("sha256_root_hash").asText()).length);
        assertTrue(fth.get("tree_size").isIntegralNumber());
        assertEquals("2026-07-01T00:00:00Z", gamma.get("temporal_interval").get("start_inclusive").asText());
        assertEquals("2027-01-01T00:00:00Z", gamma.get("temporal_interval").get("end_exclusive").asText());
    }

    private static void check(JsonNode log, TestCtLog expected, String state, String since) {
        String at = expected.name();
        assertEquals(expected.name(), log.get("description").asText(), at);
        assertArrayEquals(expected.logId(), Base64.getDecoder().decode(log.get("log_id").asText()), at);
        assertArrayEquals(expected.spkiDer(), Base64.getDecoder().decode(log.get("key").asText()), at);
        assertEquals(86400, log.get("mmd").asInt(), at);
        assertEquals(1, log.get("state").size(), at);
        assertEquals(since, log.get("state").get(state).get("timestamp").asText(), at);
    }

    @Test
    void theSameCallsGiveTheSameBytesAndAnEmptyListIsValidJson() throws Exception {
        assertArrayEquals(writer().toBytes(), writer().toBytes());
        JsonNode empty = JSON.readTree(CtLogListWriter.create().toJson());
        assertEquals(0, empty.get("operators").size());
        assertEquals(TestClock.NOW.toString(), empty.get("log_list_timestamp").asText());
        assertThrows(IllegalArgumentException.class, () -> CtLogListWriter.create()
                .log(A1, CtLogListWriter.State.USABLE, TestClock.NOW)
                .log(A1, CtLogListWriter.State.RETIRED, TestClock.NOW));
        assertThrows(IllegalArgumentException.class, () -> CtLogListWriter.create()
                .temporalInterval(A1, TestClock.NOW, TestClock.NOW));
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", CtLogListWriter.str("a\"b\\c\n\u0001"));
    }
}
