package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.verifier.policy.PolicyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkixj config get|set|unset|list}: the only command that writes the settings file. */
class ConfigCommandTest {
  @TempDir Path dir;

  Cli.Run config(Path file, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "config";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--config";
    all[args.length + 2] = file.toString();
    Cli.Run r = Cli.run(all);
    r.assertNoStackTrace();
    return r;
  }

  @Test
  void setGetUnsetListRoundTrip() throws Exception {
    Path file = dir.resolve("sub").resolve("config.properties");
    String dn = "CN=Acme Inspection CA, O=Acme";
    // set creates the file (and its directory); get prints the value as stored.
    Cli.Run set = config(file, "set", PolicyConfig.MITM_CANARY, dn);
    assertEquals(Main.EXIT_OK, set.exit(), set.err());
    assertEquals(dn + "\n", config(file, "get", PolicyConfig.MITM_CANARY).out());
    assertEquals(dn, PolicyConfig.loadExisting(file).mitmCanary().orElseThrow(),
        "what the verifier's reader sees");
    assertEquals(Main.EXIT_OK, config(file, "set", PolicyConfig.HSTS_HOSTS,
        "bank.example.test, .example.org").exit());
    assertEquals(Main.EXIT_OK, config(file, "set", PolicyConfig.CLOCK_WINDOW, "PT2H").exit());
    assertEquals(Main.EXIT_OK, config(file, "set", PolicyConfig.MITM_ENABLED, "FALSE").exit());
    assertEquals("false\n", config(file, "get", PolicyConfig.MITM_ENABLED).out());
    assertTrue(PolicyConfig.loadExisting(file).hstsHosts().contains("www.example.org"));

    JsonNode j = config(file, "list", "--json").json();
    assertEquals(file.toString(), j.get("file").asText());
    JsonNode s = j.get("settings");
    assertEquals(dn, s.get(PolicyConfig.MITM_CANARY).get("value").asText());
    assertEquals("false", s.get(PolicyConfig.MITM_ENABLED).get("value").asText());
    assertEquals("true", s.get(PolicyConfig.MITM_ENABLED).get("default").asText());
    assertEquals("PT2H", s.get(PolicyConfig.CLOCK_WINDOW).get("value").asText());
    assertEquals("PT24H", s.get(PolicyConfig.CLOCK_WINDOW).get("default").asText());
    List<String> text = config(file, "list").outLines();
    assertTrue(text.contains(PolicyConfig.CLOCK_WINDOW + " = PT2H"), text.toString());

    // unset removes the key (the default applies again); unsetting it twice changes nothing.
    assertEquals(Main.EXIT_OK, config(file, "unset", PolicyConfig.CLOCK_WINDOW).exit());
    assertEquals("", config(file, "get", PolicyConfig.CLOCK_WINDOW).out());
    byte[] after = Files.readAllBytes(file);
    assertEquals(Main.EXIT_OK, config(file, "unset", PolicyConfig.CLOCK_WINDOW).exit());
    assertArrayEquals(after, Files.readAllBytes(file));
    assertTrue(config(file, "list").outLines().contains(PolicyConfig.CLOCK_WINDOW
        + " = PT24H (default)"));
    assertTrue(config(file, "list", "--json").json().get("settings")
        .get(PolicyConfig.CLOCK_WINDOW).get("value").isNull());
  }

  @Test
  void unknownKeysAndBadValuesAreRefusedNamingTheKey() throws Exception {
    Path file = Files.writeString(dir.resolve("config.properties"),
        PolicyConfig.HSTS_HOSTS + "=keep.example.test\n");
    byte[] before = Files.readAllBytes(file);
    String[][] bad = {
        {"set", "mitm.canary", "CN=x"},
        {"get", "no.such.key"},
        {"unset", "hsts"},
        {"set", PolicyConfig.MITM_CANARY, "Acme"},
        {"set", PolicyConfig.MITM_CANARY, ""},
        {"set", PolicyConfig.MITM_ENABLED, "yes"},
        {"set", PolicyConfig.HSTS_HOSTS, "not a/host"},
        {"set", PolicyConfig.CLOCK_WINDOW, "24h"},
        {"set", PolicyConfig.CLOCK_WINDOW, "PT0S"}};
    for (String[] args : bad) {
      Cli.Run r = config(file, args);
      String shown = String.join(" ", args) + ": " + r.err();
      assertEquals(Main.EXIT_USAGE, r.exit(), shown);
      assertEquals(1, r.err().lines().count(), shown);
      assertTrue(r.err().startsWith("pkixj config " + args[0] + ": "), shown);
      assertTrue(r.err().contains(args[1]), shown);
      assertArrayEquals(before, Files.readAllBytes(file), shown);
    }
  }

  @Test
  void aFileThatIsNotASettingsFileIsRefusedAndLeftAlone() throws Exception {
    long seed = 0xC0F1L;
    byte[] garbage = new byte[512];
    new Random(seed).nextBytes(garbage);
    garbage[0] = 0; // NUL: binary
    Path binary = Files.write(dir.resolve("binary.properties"), garbage);
    Path latin1 = Files.write(dir.resolve("latin1.properties"),
        "hsts.hosts=caf\u00e9.example\n".getBytes(StandardCharsets.ISO_8859_1));
    Path directory = Files.createDirectory(dir.resolve("conf.d"));
    for (Path p : List.of(binary, latin1, directory)) {
      byte[] before = Files.isDirectory(p) ? null : Files.readAllBytes(p);
      for (String[] args : new String[][] {{"set", PolicyConfig.HSTS_HOSTS, "a.example"},
          {"unset", PolicyConfig.HSTS_HOSTS}, {"get", PolicyConfig.HSTS_HOSTS}, {"list"}}) {
        Cli.Run r = config(p, args);
        String shown = "seed " + seed + ", " + p + " " + String.join(" ", args) + ": " + r.err();
        assertEquals(Main.EXIT_USAGE, r.exit(), shown);
        assertEquals(1, r.err().lines().count(), shown);
        assertTrue(r.err().contains(p.toString()), shown);
        if (before != null) {
          assertArrayEquals(before, Files.readAllBytes(p), shown);
        } else {
          assertTrue(Files.isDirectory(p), shown);
        }
      }
    }
    try (var s = Files.list(dir)) {
      assertEquals(3, s.count(), "no temporary file left behind");
    }
    // A settings file named with --config must exist to be read; set creates it.
    Path missing = dir.resolve("missing.properties");
    assertEquals(Main.EXIT_USAGE, config(missing, "get", PolicyConfig.HSTS_HOSTS).exit());
    assertFalse(Files.exists(missing));
  }

  @Test
  void keysWrittenByConfigAreTheOnesVerifyReads() throws Exception {
    Path file = dir.resolve("config.properties");
    assertEquals(Main.EXIT_OK, config(file, "set", PolicyConfig.HSTS_HOSTS,
        VerifyCommand.SAMPLE_HOST).exit());
    Cli.Run r = Cli.run("verify", "--sample", "--config", file.toString(), "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.json().get("strict_transport_security").asBoolean(), r.out());
    Cli.Run without = Cli.run("verify", "--sample", "--json");
    assertFalse(without.json().get("strict_transport_security").asBoolean(), without.out());
  }
}
