package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.testdata.RemoteSettingsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkixj update} and {@code pkixj update --status} against a loopback server. */
class UpdateCommandTest {
  @TempDir
  Path tmp;

  String[] update(SecurityStateTestServer s, String... more) {
    List<String> a = new java.util.ArrayList<>(List.of("update", "--from", s.url(),
        "--state-dir", tmp.resolve("state").toString(), "--crlite-dir",
        tmp.resolve("crlite").toString(), "--timeout", "20"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  Cli.Run status(boolean json) {
    return json ? Cli.run("update", "--status", "--json", "--state-dir",
        tmp.resolve("state").toString(), "--crlite-dir", tmp.resolve("crlite").toString())
        : Cli.run("update", "--status", "--state-dir", tmp.resolve("state").toString(),
            "--crlite-dir", tmp.resolve("crlite").toString());
  }

  @Test
  void updateThenUnchangedThenChangedThenStatus() throws Exception {
    try (SecurityStateTestServer s = new SecurityStateTestServer().publishAll()) {
      Cli.Run r = Cli.run(update(s));
      assertEquals(Main.EXIT_OK, r.exit(), r.out() + r.err());
      assertEquals("", r.err());
      assertEquals("server: " + s.url(), r.outLines().get(0));
      assertTrue(r.out().contains("onecrl:           updated        1 added, 0 removed, 0"
          + " replaced, 0 downloads (0 bytes)"), r.out());
      assertTrue(r.out().contains("intermediates:    updated        2 added, 0 removed, 0"
          + " replaced, 2 downloads"), r.out());
      assertTrue(r.out().contains("cert-revocations: updated        1 added, 0 removed, 0"
          + " replaced, generation 1, 1 download"), r.out());
      assertTrue(r.out().contains("ct-logs:          not published  not published in Remote"
          + " Settings"), r.out());

      Cli.Run again = Cli.run(update(s));
      assertEquals(Main.EXIT_OK, again.exit(), again.err());
      assertEquals(3, again.outLines().stream().filter(l -> l.contains(" unchanged ")).count(),
          again.out());

      s.oneCrl(1100, SecurityStateTestServer.oneCrlRecord("b", SecurityStateTestServer.CA2, 9));
      Cli.Run changed = Cli.run(update(s));
      assertEquals(Main.EXIT_OK, changed.exit(), changed.err());
      assertTrue(changed.out().contains("onecrl:           updated        1 added, 1 removed"),
          changed.out());
      assertTrue(changed.out().contains("intermediates:    unchanged"), changed.out());

      Cli.Run st = status(false);
      assertEquals(Main.EXIT_OK, st.exit(), st.err());
      assertTrue(st.outLines().get(0).startsWith("onecrl:        1 entry, "), st.out());
      assertTrue(st.out().contains("collection timestamp 1100"), st.out());
      assertTrue(st.outLines().get(1).startsWith("intermediates: 2 certificates, "), st.out());
      assertTrue(st.outLines().get(2).startsWith("crlite:        1 filter, generation 1, fresh"),
          st.out());
      assertTrue(st.outLines().get(3).startsWith("ct-logs:       "), st.out());
      assertTrue(st.outLines().get(3).contains("embedded"), st.out());

      JsonNode j = status(true).json();
      assertEquals(Set.of("state_dir", "crlite_dir", "onecrl", "intermediates", "crlite",
          "ct-logs"), names(j));
      Set<String> common = Set.of("present", "file", "source", "collection_timestamp",
          "updated", "age_seconds", "entries", "bytes", "error");
      assertEquals(common, names(j.get("onecrl")));
      assertEquals(common, names(j.get("intermediates")));
      Set<String> crlite = new TreeSet<>(common);
      crlite.addAll(Set.of("generation", "fresh"));
      assertEquals(crlite, names(j.get("crlite")));
      Set<String> ct = new TreeSet<>(common);
      ct.addAll(Set.of("timestamp", "expiry", "expired"));
      assertEquals(ct, names(j.get("ct-logs")));
      assertEquals(1, j.get("onecrl").get("entries").asInt());
      assertEquals(1100, j.get("onecrl").get("collection_timestamp").asLong());
      assertEquals(Files.size(Path.of(j.get("onecrl").get("file").asText())),
          j.get("onecrl").get("bytes").asLong());
      assertEquals(2, j.get("intermediates").get("entries").asInt());
      assertEquals(1, j.get("crlite").get("generation").asInt());
      assertTrue(j.get("crlite").get("fresh").asBoolean());
      assertEquals("embedded", j.get("ct-logs").get("source").asText());
      assertTrue(j.get("ct-logs").get("entries").asInt() > 0);
    }
  }

  @Test
  void aFailedCollectionIsOneLineOnStderrAndTheOthersAreStored() throws Exception {
    try (SecurityStateTestServer s = new SecurityStateTestServer().publishAll()) {
      s.server.respond(RemoteSettingsServer.changesetPath("security-state", "onecrl"), 500,
          Map.of());
      Cli.Run r = Cli.run(update(s));
      assertEquals(Main.EXIT_USAGE, r.exit(), r.out());
      r.assertNoStackTrace();
      List<String> err = r.err().lines().toList();
      assertEquals(1, err.size(), r.err());
      assertTrue(err.get(0).startsWith("pkixj update: onecrl: "), err.get(0));
      assertTrue(err.get(0).contains("HTTP 500"), err.get(0));
      assertTrue(r.out().contains("onecrl:           failed"), r.out());
      assertTrue(r.out().contains("intermediates:    updated"), r.out());
      assertFalse(Files.exists(tmp.resolve("state").resolve("onecrl.json")));
      assertTrue(Files.exists(tmp.resolve("state").resolve("preloaded-intermediates")));
    }
  }

  @Test
  void aSignatureRootThatDoesNotSignFailsEveryCollectionAndWritesNothing() throws Exception {
    try (SecurityStateTestServer s = new SecurityStateTestServer().publishAll()) {
      Path root = tmp.resolve("root.pem");
      Files.writeString(root, SecurityStateTestServer.ROOT.pem());
      Cli.Run r = Cli.run(update(s, "--signature-root", root.toString()));
      assertEquals(Main.EXIT_USAGE, r.exit(), r.out());
      r.assertNoStackTrace();
      List<String> err = r.err().lines().toList();
      assertEquals(3, err.size(), r.err());
      for (String l : err) {
        assertTrue(l.contains("content signature"), l);
      }
      assertFalse(Files.exists(tmp.resolve("state")) && Files.list(tmp.resolve("state"))
          .anyMatch(p -> !p.getFileName().toString().startsWith(".")), "nothing written");
    }
  }

  @Test
  void usageErrors() throws Exception {
    Path file = Files.writeString(tmp.resolve("f"), "x");
    for (List<String> args : List.of(
        List.of("update", "--channel", "beta", "--state-dir", tmp.toString()),
        List.of("update", "--timeout", "0", "--state-dir", tmp.toString()),
        List.of("update", "--json", "--state-dir", tmp.toString()),
        List.of("update", "--status", "--from", "http://localhost:1/v1"),
        List.of("update", "--status", "--state-dir", file.toString()),
        List.of("update", "--from", "http://example.test/v1", "--state-dir", tmp.toString()),
        List.of("update", "--signature-root", file.toString(), "--state-dir",
            tmp.toString()))) {
      Cli.Run r = Cli.run(args.toArray(String[]::new));
      assertEquals(Main.EXIT_USAGE, r.exit(), args + ": " + r.out() + r.err());
      r.assertNoStackTrace();
      assertEquals(1, r.err().lines().count(), args + ": " + r.err());
      assertTrue(r.err().startsWith("pkixj update: "), r.err());
    }
  }

  static Set<String> names(JsonNode j) {
    Set<String> s = new TreeSet<>();
    j.fieldNames().forEachRemaining(s::add);
    return s;
  }
}
