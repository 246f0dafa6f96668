package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkixj crlite update} and {@code status} against a loopback Remote Settings server. */
class CrliteCommandTest {
  @TempDir
  Path tmp;

  static CrliteTestServer.Rec full(String id, String channel, long t, byte[] b) {
    return new CrliteTestServer.Rec(id, channel, false, null, t, b);
  }

  static CrliteTestServer.Rec delta(String id, String parent, long t, byte[] b) {
    return new CrliteTestServer.Rec(id, "default", true, parent, t, b);
  }

  @Test
  void updateThenStatusThenAnotherDelta() throws Exception {
    Path dir = tmp.resolve("crlite");
    try (CrliteTestServer s = new CrliteTestServer()) {
      byte[] f = CrliteTestServer.filter(3, 2, 1);
      byte[] d1 = CrliteTestServer.filter(4, 1, 2);
      byte[] d2 = CrliteTestServer.filter(1, 1, 3);
      List<CrliteTestServer.Rec> recs = new ArrayList<>(List.of(
          full("full-a", "default", 1_000_000, f),
          delta("d1", "full-a", 2_000_000, d1),
          delta("d2", "d1", 3_000_000, d2),
          full("full-c", "compat", 5_000_000, CrliteTestServer.filter(2, 5, 9))));
      s.publish(recs, null);
      Cli.Run r = Cli.run("crlite", "update", "--from", s.url(), "--dir", dir.toString());
      assertEquals(Main.EXIT_OK, r.exit(), r.err());
      assertEquals("", r.err());
      assertTrue(r.out().startsWith("stored generation 1 in " + dir.toAbsolutePath()
          .resolve("gen-1")), r.out());
      assertTrue(r.out().contains("full filter:  full-a.filter (1970-01-01T00:16:40Z, "
          + f.length + " bytes)"), r.out());
      assertTrue(r.out().contains("deltas:       2 (newest d2.filter"), r.out());
      assertTrue(r.out().contains("coverage:     4 CT logs; enrolled issuers: 2"), r.out());
      assertTrue(r.out().contains("on disk:      " + (f.length + d1.length + d2.length)
          + " bytes"), r.out());
      assertTrue(r.out().contains("changes:      first filters stored (3 files downloaded"),
          r.out());

      Cli.Run st = Cli.run("crlite", "status", "--json", "--dir", dir.toString());
      assertEquals(Main.EXIT_OK, st.exit(), st.err());
      JsonNode j = st.json();
      assertEquals(new TreeSet<>(Set.of("dir", "stored", "generation", "channel", "source",
          "updated", "age_seconds", "fresh", "fresh_until", "full", "deltas", "coverage_logs",
          "enrolled_issuers", "bytes")), names(j));
      assertTrue(j.get("stored").asBoolean());
      assertEquals(1, j.get("generation").asInt());
      assertEquals("default", j.get("channel").asText());
      assertTrue(j.get("fresh").asBoolean());
      assertEquals("full-a", j.get("full").get("id").asText());
      assertEquals(CrliteTestServer.sha256Hex(f), j.get("full").get("sha256").asText());
      assertEquals(2, j.get("deltas").size());
      assertEquals("d2", j.get("deltas").get(1).get("id").asText());
      assertEquals(4, j.get("coverage_logs").asInt());
      assertEquals(2, j.get("enrolled_issuers").asInt());
      assertEquals(f.length + d1.length + d2.length, j.get("bytes").asLong());
      assertTrue(j.get("source").asText().startsWith(s.url() + "/buckets/security-state/"));

      Cli.Run text = Cli.run("crlite", "status", "--dir", dir.toString());
      assertEquals(Main.EXIT_OK, text.exit(), text.err());
      assertTrue(text.out().contains("fresh:        yes, until "), text.out());
      assertTrue(text.out().contains("channel:      default"), text.out());

      Cli.Run same = Cli.run("crlite", "update", "--from", s.url(), "--dir", dir.toString());
      assertEquals(Main.EXIT_OK, same.exit(), same.err());
      assertTrue(same.out().startsWith("no change: the filters in force (generation 1)"),
          same.out());
      assertTrue(same.out().contains("changes:      none"), same.out());

      recs.add(delta("d3", "d2", 4_000_000, CrliteTestServer.filter(2, 1, 4)));
      s.publish(recs, null);
      Cli.Run more = Cli.run("crlite", "update", "--from", s.url(), "--dir", dir.toString());
      assertEquals(Main.EXIT_OK, more.exit(), more.err());
      assertTrue(more.out().contains("changes:      full filter unchanged; 1 delta added (1 file"
          + " downloaded"), more.out());
      assertEquals(Set.of("CURRENT", "gen-2", "lock"), list(dir));

      Cli.Run compat = Cli.run("crlite", "update", "--from", s.url(), "--dir", dir.toString(),
          "--channel", "compat");
      assertEquals(Main.EXIT_OK, compat.exit(), compat.err());
      assertTrue(compat.out().contains("enrolled issuers: 5"), compat.out());
      assertTrue(compat.out().contains("new full filter (was full-a.filter); 0 deltas added, 3 "
          + "dropped; channel default -> compat"), compat.out());
    }
  }

  @Test
  void badHashOrCutDownloadLeavesTheFiltersInForce() throws Exception {
    Path dir = tmp.resolve("crlite");
    try (CrliteTestServer s = new CrliteTestServer()) {
      byte[] f = CrliteTestServer.filter(2, 1, 1);
      List<CrliteTestServer.Rec> recs = new ArrayList<>(List.of(
          full("full-a", "default", 1_000_000, f)));
      s.publish(recs, null);
      assertEquals(Main.EXIT_OK, Cli.run("crlite", "update", "--from", s.url(), "--dir",
          dir.toString()).exit());
      String before = stored(dir);

      recs.add(delta("d1", "full-a", 2_000_000, CrliteTestServer.filter(2, 1, 2)));
      s.publish(recs, "d1");
      Cli.Run r = Cli.run("crlite", "update", "--from", s.url(), "--dir", dir.toString());
      assertEquals(Main.EXIT_USAGE, r.exit());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("pkixj crlite update: " + "http://127.0.0.1:"), r.err());
      assertTrue(r.err().contains("/att/d1.filter: SHA-256 "), r.err());
      assertEquals("", r.out());
      assertEquals(before, stored(dir));

      s.publish(recs, null);
      s.cut("d1", true);
      r = Cli.run("crlite", "update", "--from", s.url(), "--dir", dir.toString());
      assertEquals(Main.EXIT_USAGE, r.exit());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains("/att/d1.filter: "), r.err());
      r.assertNoStackTrace();
      assertFalse(CliSweepTest.CLASS_NAME.matcher(r.err()).find(), r.err());
      assertEquals(before, stored(dir));
      assertEquals(Set.of("CURRENT", "gen-1", "lock"), list(dir));
    }
  }

  @Test
  void usageAndDataErrorsAreOneLine() throws Exception {
    Path dir = tmp.resolve("crlite");
    String[][] cases = {
        {"crlite", "update", "--from", "http://example.com/v1", "--dir", dir.toString()},
        {"crlite", "update", "--from", "https://h.example/v1", "--channel", "nightly", "--dir",
            dir.toString()},
        {"crlite", "update", "--from", "https://h.example/v1", "--timeout", "0", "--dir",
            dir.toString()},
    };
    String[] expected = {"http://example.com/v1: plain http is accepted only from this machine",
        "--channel nightly: not a channel", "--timeout 0: not between"};
    for (int i = 0; i < cases.length; i++) {
      Cli.Run r = Cli.run(cases[i]);
      assertEquals(Main.EXIT_USAGE, r.exit(), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("pkixj crlite update: " + expected[i]), r.err());
    }
    assertFalse(Files.exists(dir));
    Cli.Run none = Cli.run("crlite", "status", "--dir", dir.toString());
    assertEquals(Main.EXIT_OK, none.exit());
    assertTrue(none.out().startsWith("no CRLite filters stored in "), none.out());
    Cli.Run noneJson = Cli.run("crlite", "status", "--json", "--dir", dir.toString());
    assertFalse(noneJson.json().get("stored").asBoolean());
    // A damaged store: status names the file.
    Files.createDirectories(dir.resolve("gen-3"));
    Files.writeString(dir.resolve("CURRENT"), "gen-3\n");
    Cli.Run bad = Cli.run("crlite", "status", "--dir", dir.toString());
    assertEquals(Main.EXIT_USAGE, bad.exit());
    assertEquals("pkixj crlite status: " + dir.toAbsolutePath().resolve("gen-3/meta.json")
        + ": missing", bad.err().strip());
    try (CrliteTestServer s = new CrliteTestServer()) {
      Cli.Run empty = Cli.run("crlite", "update", "--from", s.url(), "--dir", dir.toString());
      assertEquals(Main.EXIT_USAGE, empty.exit());
      assertTrue(empty.err().contains("no full CRLite filter for channel 'default'"),
          empty.err());
    }
  }

  /** The status without the age (which moves with the clock). */
  private static String stored(Path dir) {
    Cli.Run r = Cli.run("crlite", "status", "--json", "--dir", dir.toString());
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    com.fasterxml.jackson.databind.node.ObjectNode o =
        (com.fasterxml.jackson.databind.node.ObjectNode) r.json();
    o.remove("age_seconds");
    return o.toString();
  }

  private static Set<String> names(JsonNode j) {
    Set<String> s = new TreeSet<>();
    j.fieldNames().forEachRemaining(s::add);
    return s;
  }

  private static Set<String> list(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
    }
  }
}
