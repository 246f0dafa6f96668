package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.pkixj.verifier.ct.KnownLogs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkixj ct logs|update}: the CT log list in force, and storing a newer one. */
class CtCommandTest {
  // P-256 keys not in the embedded list: the curve's generator point, and Firefox's test log
  // "Mozilla Test EC Log" (security/ct/CTKnownLogs.h, DEBUG builds only).
  static final String KEY_A = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEaxfR8uEsQkf4vOblY6RA8ncDfYEt"
      + "6zOg9KE5RdiYwpZP40Li/hp/m47n60p8D54WK84zV2sxXs7LtkBoN79R9Q==";
  static final String KEY_B = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAET7+7u2Hg+PmxpgpZrIcE4uwFC0I+"
      + "PPcukj8sT3lLRVwqadIzRWw2xBGdBwbgDu3I0ZOQ15kbey0HowTqoEqmwA==";

  @TempDir Path dir;

  static String id(String key) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(Base64.getDecoder().decode(key)));
  }

  static String log(String name, String key, String id, String state, String since) {
    return "{\"description\": \"" + name + "\", \"log_id\": \"" + id + "\", \"key\": \"" + key
        + "\", \"url\": \"https://ct.example/\", \"mmd\": 86400, \"state\": {\"" + state
        + "\": {\"timestamp\": \"" + since + "\"}}}";
  }

  static String list(String timestamp, String... logs) {
    return "{\"version\": \"1\", \"log_list_timestamp\": \"" + timestamp + "\", \"operators\": "
        + "[{\"name\": \"Example\", \"email\": [], \"logs\": [" + String.join(",", logs)
        + "], \"tiled_logs\": []}]}";
  }

  Path write(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  Cli.Run ct(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "ct";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--state-dir";
    all[args.length + 2] = dir.resolve("state").toString();
    Cli.Run r = Cli.run(all);
    r.assertNoStackTrace();
    return r;
  }

  @Test
  void logsShowsTheEmbeddedListByDefault() {
    Cli.Run r = ct("logs");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    List<String> lines = r.outLines();
    assertEquals("source:    embedded", lines.get(0));
    assertEquals("timestamp: 2026-10-11T20:06:23Z", lines.get(1));
    assertTrue(lines.get(2).startsWith("expiry:    2026-12-20T20:06:23Z ("), lines.get(2));
    assertEquals("logs:      69 (66 admissible, 3 retired), 10 operators", lines.get(3));
    assertTrue(r.out().contains("admissible 2024-09-30 rfc6962 1219ENGn9XfCx+lf1wC/+YLJM1pl4dCz"
        + "AXMXwMjFaXc= Google / Google 'Argon2026h2' log\n"), r.out());
    assertTrue(r.out().contains("retired    2026-02-28 rfc6962 "), r.out());
    assertTrue(r.out().contains(" tiled   "), r.out());
    assertEquals("", r.err());

    JsonNode j = ct("logs", "--json").json();
    assertEquals("embedded", j.get("source").asText());
    assertEquals("2026-12-20T20:06:23Z", j.get("expiry").asText());
    assertEquals(69, j.get("logs").size());
    assertEquals(10, j.get("operators").asInt());
    JsonNode first = j.get("logs").get(0);
    assertEquals("Google 'Argon2026h2' log", first.get("name").asText());
    assertEquals("admissible", first.get("state").asText());
    assertEquals("2024-09-30T22:19:27Z", first.get("state_since").asText());
    assertEquals("rfc6962", first.get("format").asText());
    assertEquals(0, first.get("operator_id").asInt());
  }

  @Test
  void logsWithCtLogsFileShowsThatFileAndExpiredLists() throws Exception {
    Path f = write("old.json", list("2020-01-01T00:00:00Z",
        log("Example 'A'", KEY_A, id(KEY_A), "usable", "2019-01-01T00:00:00Z")));
    Cli.Run r = ct("logs", "--ct-logs", f.toString());
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertEquals("source:    " + f, r.outLines().get(0));
    assertTrue(r.outLines().get(2).startsWith("expiry:    2020-03-11T00:00:00Z (expired"),
        r.out());
    assertTrue(ct("logs", "--ct-logs", f.toString(), "--json").json().get("expired").asBoolean());

    Cli.Run bad = ct("logs", "--ct-logs", write("bad.json", "{").toString());
    assertEquals(Main.EXIT_USAGE, bad.exit());
    assertTrue(bad.err().startsWith("pkixj ct logs: " + dir.resolve("bad.json")
        + ": not a log list: line 1, column 2"), bad.err());
    Cli.Run missing = ct("logs", "--ct-logs", dir.resolve("nope.json").toString());
    assertEquals(Main.EXIT_USAGE, missing.exit());
    assertEquals("pkixj ct logs: " + dir.resolve("nope.json") + ": no such file\n",
        missing.err());
  }

  @Test
  void updateFromAFileStoresItPrintsChangesAndLaterRunsUseIt() throws Exception {
    Path v1 = write("v1.json", list("2030-01-01T00:00:00Z",
        log("Example 'A'", KEY_A, id(KEY_A), "usable", "2029-01-01T00:00:00Z")));
    Cli.Run r = ct("update", v1.toString());
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    Path stored = dir.resolve("state").resolve(KnownLogs.STATE_NAME).toAbsolutePath();
    assertTrue(r.outLines().get(0).startsWith("stored " + v1 + " as " + stored
        + ": timestamp 2030-01-01T00:00:00Z, expiry 2030-03-12T00:00:00Z, 1 logs"), r.out());
    assertTrue(r.out().contains("added:   Example 'A' (Example, admissible since"
        + " 2029-01-01T00:00:00Z)\n"), r.out());
    assertTrue(r.out().contains("removed: Google 'Argon2026h2' log (Google)\n"), r.out());
    assertTrue(r.out().contains("70 changes compared with embedded"), r.out());
    assertArrayEquals(Files.readAllBytes(v1), Files.readAllBytes(stored));
    assertEquals("source:    " + stored, ct("logs").outLines().get(0));

    Path v2 = write("v2.json", list("2030-02-01T00:00:00Z",
        log("Example 'A'", KEY_A, id(KEY_A), "retired", "2030-01-15T00:00:00Z"),
        log("Example 'B'", KEY_B, id(KEY_B), "qualified", "2030-01-20T00:00:00Z")));
    Cli.Run r2 = ct("update", "file://" + v2.toAbsolutePath());
    assertEquals(Main.EXIT_OK, r2.exit(), r2.err());
    assertEquals(List.of(
        "stored file://" + v2.toAbsolutePath() + " as " + stored + ": timestamp"
            + " 2030-02-01T00:00:00Z, expiry 2030-04-12T00:00:00Z, 2 logs",
        "changed: Example 'A': admissible since 2029-01-01T00:00:00Z -> retired since"
            + " 2030-01-15T00:00:00Z",
        "added:   Example 'B' (Example, admissible since 2030-01-20T00:00:00Z)",
        "2 changes compared with " + stored), r2.outLines());
    Cli.Run again = ct("update", v2.toString());
    assertTrue(again.out().contains("no change in the logs"), again.out());
  }

  @Test
  void updateRefusesAListThatDoesNotLoadAndKeepsTheStoredOne() throws Exception {
    Path good = write("good.json", list("2030-01-01T00:00:00Z",
        log("Example 'A'", KEY_A, id(KEY_A), "usable", "2029-01-01T00:00:00Z")));
    assertEquals(Main.EXIT_OK, ct("update", good.toString()).exit());
    Path stored = dir.resolve("state").resolve(KnownLogs.STATE_NAME);
    byte[] before = Files.readAllBytes(stored);

    Path wrongId = write("wrong.json", list("2031-01-01T00:00:00Z",
        log("Example 'A'", KEY_A, id(KEY_B), "usable", "2029-01-01T00:00:00Z")));
    Cli.Run r = ct("update", wrongId.toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertEquals("pkixj ct update: " + wrongId + ": log \"Example 'A'\" (operators[0].logs[0]):"
        + " log_id is not SHA-256 of its key\n", r.err());
    assertEquals("", r.out());

    Cli.Run notJson = ct("update", write("x.json", "not json").toString());
    assertEquals(Main.EXIT_USAGE, notJson.exit());
    assertTrue(notJson.err().startsWith("pkixj ct update: " + dir.resolve("x.json")
        + ": not a log list: line 1, column 1: "), notJson.err());
    assertEquals(1, notJson.err().split("\n").length);
    assertArrayEquals(before, Files.readAllBytes(stored));

    Cli.Run http = ct("update", "http://ct.example.com/log_list.json");
    assertEquals(Main.EXIT_USAGE, http.exit());
    assertTrue(http.err().contains("plain http is accepted only from this machine"), http.err());
  }

  @Test
  void aStoredListThatNoLongerLoadsIsAWarningNotAnError() throws Exception {
    Path stored = dir.resolve("state").resolve(KnownLogs.STATE_NAME);
    Files.createDirectories(stored.getParent());
    Files.writeString(stored, "{\"operators\": []}");
    Cli.Run r = ct("logs");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertEquals("source:    embedded", r.outLines().get(0));
    assertTrue(r.err().startsWith("pkixj ct logs: warning: the stored CT log list does not"
        + " load (" + stored.toAbsolutePath() + ": no log_list_timestamp"), r.err());
  }

  @Test
  void updateFromALoopbackHttpServer() throws Exception {
    String body = list("2030-05-01T00:00:00Z",
        log("Example 'B'", KEY_B, id(KEY_B), "usable", "2030-01-01T00:00:00Z"));
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    server.createContext("/log_list.json", ex -> {
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.createContext("/missing", ex -> {
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.createContext("/huge", ex -> {
      ex.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[1 << 16];
      java.util.Arrays.fill(chunk, (byte) ' ');
      try {
        for (int i = 0; i < 80; i++) { // 5 MiB, more than the 4 MiB bound
          ex.getResponseBody().write(chunk);
        }
      } catch (java.io.IOException e) {
        // the client stopped reading at the bound
      }
      ex.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Cli.Run r = ct("update", base + "/log_list.json");
      assertEquals(Main.EXIT_OK, r.exit(), r.err());
      assertTrue(r.outLines().get(0).startsWith("stored " + base + "/log_list.json as "),
          r.out());
      JsonNode j = ct("logs", "--json").json();
      assertEquals(1, j.get("logs").size());
      assertEquals("Example 'B'", j.get("logs").get(0).get("name").asText());

      Cli.Run missing = ct("update", base + "/missing");
      assertEquals(Main.EXIT_USAGE, missing.exit());
      assertEquals("pkixj ct update: " + base + "/missing: the server answered HTTP 404\n",
          missing.err());
      Cli.Run huge = ct("update", base + "/huge");
      assertEquals(Main.EXIT_USAGE, huge.exit());
      assertEquals("pkixj ct update: " + base + "/huge: larger than 4194304 bytes: not a log"
          + " list\n", huge.err());
    } finally {
      server.stop(0);
    }
    // The server is gone: nothing listens on that port any more (never reused here).
    assertFalse(ct("logs", "--json").json().get("logs").isEmpty());
  }

  @Test
  void aStateDirThatIsAFileIsRefused() throws Exception {
    Path f = write("not-a-dir", "x");
    Cli.Run r = Cli.run("ct", "logs", "--state-dir", f.toString());
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertEquals("pkixj ct logs: " + f + ": not a directory (the security-state directory)\n",
        r.err());
  }

  @Test
  void helpAndGroupUsage() {
    assertEquals(Main.EXIT_OK, ct("--help").exit());
    assertEquals(Main.EXIT_OK, ct("update", "--help").exit());
    assertEquals(Main.EXIT_OK, ct("logs", "--help").exit());
    Cli.Run none = Cli.run("ct");
    assertEquals(Main.EXIT_USAGE, none.exit());
  }
}
