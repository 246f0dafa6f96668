package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.truststore.onecrl.OneCrlParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkixj onecrl import|list|remove}. */
class OnecrlCommandTest {
  @TempDir
  Path tmp;

  String state() {
    return tmp.resolve("state").toString();
  }

  Path file(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  static String records(String... r) {
    return "{\"data\":[" + String.join(",", r) + "],\"timestamp\":77}";
  }

  @Test
  void importListRemove() throws Exception {
    Path f = file("onecrl.json", records(
        SecurityStateTestServer.oneCrlRecord("a", SecurityStateTestServer.CA1, 1),
        SecurityStateTestServer.oneCrlRecord("b", SecurityStateTestServer.CA2, 2)));
    Cli.Run r = Cli.run("onecrl", "import", f.toString(), "--state-dir", state());
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().startsWith(f + ": added 2, replaced 0, unchanged 0, removed 0, ignored 0"),
        r.out());
    assertTrue(r.out().contains("2 entries (2 by issuer and serial, 0 by subject and key)"),
        r.out());

    Cli.Run again = Cli.run("onecrl", "import", f.toString(), "--state-dir", state());
    assertTrue(again.out().startsWith(f + ": added 0, replaced 0, unchanged 2"), again.out());

    Cli.Run l = Cli.run("onecrl", "list", "--state-dir", state());
    assertEquals(Main.EXIT_OK, l.exit(), l.err());
    assertEquals(List.of("a  issuer_serial  bug-a", "b  issuer_serial  bug-b"),
        l.outLines().subList(1, 3));

    JsonNode j = Cli.run("onecrl", "list", "--json", "--state-dir", state()).json();
    assertEquals(Set.of("file", "stored", "source", "collection_timestamp", "updated", "bytes",
        "records"), UpdateCommandTest.names(j));
    assertEquals(77, j.get("collection_timestamp").asLong());
    assertEquals(Set.of("id", "last_modified", "kind", "issuer_name", "serial_number", "subject",
        "pub_key_hash", "bug"), UpdateCommandTest.names(j.get("records").get(0)));
    assertEquals("b", j.get("records").get(1).get("id").asText());

    Cli.Run rm = Cli.run("onecrl", "remove", "a", "zz", "--state-dir", state());
    assertEquals(Main.EXIT_OK, rm.exit(), rm.err());
    assertEquals("removed 1, kept 1\n", rm.out());
    assertTrue(rm.err().contains("warning: ") && rm.err().contains("no record zz"), rm.err());

    Cli.Run all = Cli.run("onecrl", "remove", "--all", "--state-dir", state());
    assertEquals(Main.EXIT_OK, all.exit(), all.err());
    assertFalse(Files.exists(tmp.resolve("state").resolve("onecrl.json")));
    Cli.Run none = Cli.run("onecrl", "list", "--state-dir", state());
    assertTrue(none.out().startsWith("no OneCRL stored in "), none.out());
  }

  @Test
  void hostileFilesLeaveTheStoreByteIdentical() throws Exception {
    Path good = file("good.json", records(
        SecurityStateTestServer.oneCrlRecord("a", SecurityStateTestServer.CA1, 1)));
    assertEquals(Main.EXIT_OK, Cli.run("onecrl", "import", good.toString(), "--state-dir",
        state()).exit());
    Path stored = tmp.resolve("state").resolve("onecrl.json");
    byte[] before = Files.readAllBytes(stored);
    String full = records(SecurityStateTestServer.oneCrlRecord("n", SecurityStateTestServer.CA2,
        3));
    Path truncated = file("truncated.json", full.substring(0, full.length() / 2));
    Path wrongType = file("wrong-type.json", "{\"data\":[{\"id\":\"x\",\"last_modified\":1,"
        + "\"issuerName\":5,\"serialNumber\":\"AQ==\"}]}");
    Path notArray = file("not-array.json", "{\"data\":\"records\"}");
    Path huge = tmp.resolve("huge.json");
    byte[] big = new byte[OneCrlParser.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '[';
    big[big.length - 1] = ']';
    Files.write(huge, big);
    for (Path bad : List.of(truncated, wrongType, notArray, huge)) {
      // a good file first: nothing of it is merged either
      Cli.Run r = Cli.run("onecrl", "import", good.toString(), bad.toString(), "--state-dir",
          state());
      assertEquals(Main.EXIT_USAGE, r.exit(), bad + ": " + r.out());
      r.assertNoStackTrace();
      List<String> err = r.err().lines().toList();
      assertEquals(1, err.size(), r.err());
      assertTrue(err.get(0).startsWith("pkixj onecrl import: " + bad), err.get(0));
      assertEquals("", r.out());
      assertArrayEquals(before, Files.readAllBytes(stored), bad.toString());
    }
  }

  @Test
  void usageErrors() throws Exception {
    Path notDir = file("plain", "x");
    for (List<String> args : List.of(List.of("onecrl", "remove", "--state-dir", state()),
        List.of("onecrl", "remove", "a", "--all", "--state-dir", state()),
        List.of("onecrl", "list", "--state-dir", notDir.toString()),
        List.of("onecrl", "import", tmp.resolve("missing.json").toString(), "--state-dir",
            state()))) {
      Cli.Run r = Cli.run(args.toArray(String[]::new));
      assertEquals(Main.EXIT_USAGE, r.exit(), args + ": " + r.out());
      r.assertNoStackTrace();
      assertEquals(1, r.err().lines().count(), args + ": " + r.err());
    }
    assertEquals(Main.EXIT_USAGE, Cli.run("onecrl").exit());
  }
}
