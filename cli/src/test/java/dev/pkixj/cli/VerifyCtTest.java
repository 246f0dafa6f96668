package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.testdata.CtLogListWriter;
import dev.pkixj.testdata.SctListEncoder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.testdata.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Certificate Transparency options and output of {@code verify} (docs/ct.md, "Command
 * line"), on generated chains with SCTs from test logs and a log list written for them.
 */
class VerifyCtTest {
  static final TestPki PKI = TestPki.ec();
  static final TestCtLog A = TestCtLog.p256("Test Log A", "Operator One");
  static final TestCtLog B = TestCtLog.p256("Test Log B", "Operator Two");
  static final TestCtLog C = TestCtLog.p256("Test Log C", "Operator Three");
  static final TestCtLog UNLISTED = TestCtLog.p256("Unlisted Log", "Nobody");
  static final long ISSUED = TestClock.daysAgo(30).toEpochMilli();
  static final String HOST = TestPki.LEAF_HOST;
  static final String TIME = Long.toString(TestClock.NOW.getEpochSecond());
  static final String CT_ERROR = "MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY";

  @TempDir Path dir;

  private Path logs() throws IOException {
    Path p = dir.resolve("log_list.json");
    Files.writeString(p, CtLogListWriter.create()
        .log(A, CtLogListWriter.State.USABLE, TestClock.daysAgo(400))
        .log(B, CtLogListWriter.State.USABLE, TestClock.daysAgo(400))
        .log(C, CtLogListWriter.State.USABLE, TestClock.daysAgo(400))
        .toJson());
    return p;
  }

  private Path roots() throws IOException {
    Path p = dir.resolve("roots.pem");
    Files.writeString(p, PKI.root().pem());
    return p;
  }

  private Path chain(TestCert leaf) throws IOException {
    Path p = dir.resolve("chain-" + System.nanoTime() + ".pem");
    Files.writeString(p, leaf.pem() + PKI.intermediate().pem());
    return p;
  }

  /** verify with the test roots, host and time, the log list, and {@code more}. */
  private Cli.Run verify(TestCert leaf, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("verify", chain(leaf).toString(), "--roots",
        roots().toString(), "--host", HOST, "--time", TIME, "--ct-logs", logs().toString()));
    args.addAll(List.of(more));
    Cli.Run r = Cli.run(args.toArray(new String[0]));
    r.assertNoStackTrace();
    return r;
  }

  static TestCert threeScts() {
    return PKI.leafBuilder().embeddedSct(A, ISSUED).embeddedSct(B, ISSUED)
        .embeddedSct(C, ISSUED).build();
  }

  static TestCert oneSct() {
    return PKI.leafBuilder().embeddedSct(A, ISSUED).build();
  }

  static Set<String> keys(JsonNode o) {
    Set<String> s = new TreeSet<>();
    o.fieldNames().forEachRemaining(s::add);
    return s;
  }

  @Test
  void enforcedCompliantChainListsItsSctsInJsonAndText() throws IOException {
    Cli.Run r = verify(threeScts(), "--ct", "enforce", "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode ct = r.json().get("ct");
    assertEquals(Set.of("status", "scts"), keys(ct));
    assertEquals("compliant", ct.get("status").asText());
    assertEquals(3, ct.get("scts").size());
    List<String> logs = new ArrayList<>();
    for (JsonNode s : ct.get("scts")) {
      assertEquals(Set.of("log", "operator", "origin", "timestamp", "status"), keys(s));
      assertEquals("embedded", s.get("origin").asText());
      assertEquals("valid", s.get("status").asText());
      assertEquals(ResultOutput.sctTime(ISSUED), s.get("timestamp").asText());
      assertTrue(s.get("timestamp").asText().matches(
          "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), s.toString());
      logs.add(s.get("log").asText() + "/" + s.get("operator").asText());
    }
    assertEquals(List.of("Test Log A/Operator One", "Test Log B/Operator Two",
        "Test Log C/Operator Three"), logs);

    Cli.Run text = verify(threeScts(), "--ct", "enforce");
    assertEquals(Main.EXIT_OK, text.exit(), text.err());
    assertTrue(text.out().contains("Certificate Transparency: compliant"), text.out());
    assertTrue(text.out().lines().anyMatch(l -> l.contains("embedded")
        && l.contains("Test Log B") && l.contains("Operator Two")
        && l.contains(ResultOutput.sctTime(ISSUED)) && l.endsWith("valid")), text.out());
  }

  @Test
  void tooFewSctsAreFirefoxsCtErrorUnlessExempt() throws Exception {
    Cli.Run r = verify(oneSct(), "--ct", "enforce", "--json");
    assertEquals(Main.EXIT_REJECTED, r.exit(), r.err());
    assertEquals(CT_ERROR, r.json().get("code").asText());
    assertEquals("not_enough_scts", r.json().get("ct").get("status").asText());
    assertEquals(1, r.json().get("ct").get("scts").size());

    // Exempt by host (the host and its subdomains; .HOST for the host alone).
    for (String exempt : List.of(HOST, "example.test", "." + HOST)) {
      Cli.Run h = verify(oneSct(), "--ct", "enforce", "--ct-exempt-host", exempt, "--json");
      assertEquals(Main.EXIT_OK, h.exit(), exempt + ": " + h.err());
      assertEquals("exempt", h.json().get("ct").get("status").asText(), exempt);
    }
    Cli.Run other = verify(oneSct(), "--ct", "enforce", "--ct-exempt-host", "other.test",
        "--json");
    assertEquals(CT_ERROR, other.json().get("code").asText());

    // Exempt by the SPKI hash of a certificate of the chain (here the root).
    String spki = Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(PKI.root().spkiDer()));
    Cli.Run k = verify(oneSct(), "--ct", "enforce", "--ct-exempt-spki", spki, "--json");
    assertEquals(Main.EXIT_OK, k.exit(), k.err());
    assertEquals("exempt", k.json().get("ct").get("status").asText());
  }

  @Test
  void telemetryOffAndAutoNeverRejectUnderTestRoots() throws IOException {
    // telemetry and auto evaluate CT under Mozilla's roots only; off never.
    for (String mode : List.of("telemetry", "auto", "off")) {
      Cli.Run r = verify(oneSct(), "--ct", mode, "--json");
      assertEquals(Main.EXIT_OK, r.exit(), mode + ": " + r.err());
      assertEquals("not_applicable", r.json().get("ct").get("status").asText(), mode);
      assertEquals(0, r.json().get("ct").get("scts").size(), mode);
      Cli.Run text = verify(oneSct(), "--ct", mode);
      assertFalse(text.out().contains("Certificate Transparency"), text.out());
    }
    // Without --ct: auto, the default.
    Cli.Run r = verify(oneSct(), "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertEquals("not_applicable", r.json().get("ct").get("status").asText());
  }

  @Test
  void theSettingsFilesModeAppliesAndTheFlagOverridesIt() throws IOException {
    Path config = dir.resolve("config.properties");
    Cli.Run set = Cli.run("config", "set", "ct.mode", "ENFORCE", "--config", config.toString());
    assertEquals(Main.EXIT_OK, set.exit(), set.err());
    assertTrue(Files.readString(config).contains("ct.mode=enforce"), Files.readString(config));
    Cli.Run r = verify(oneSct(), "--config", config.toString(), "--json");
    assertEquals(CT_ERROR, r.json().get("code").asText());
    Cli.Run off = verify(oneSct(), "--config", config.toString(), "--ct", "off", "--json");
    assertEquals(Main.EXIT_OK, off.exit(), off.err());

    // Exemptions in the file, and flags adding to them.
    assertEquals(Main.EXIT_OK, Cli.run("config", "set", "ct.exempt.hosts", "other.test, "
        + HOST, "--config", config.toString()).exit());
    Cli.Run exempt = verify(oneSct(), "--config", config.toString(), "--json");
    assertEquals("exempt", exempt.json().get("ct").get("status").asText());
    Cli.Run unset = Cli.run("config", "unset", "ct.exempt.hosts", "--config", config.toString());
    assertEquals(Main.EXIT_OK, unset.exit(), unset.err());
    Cli.Run added = verify(oneSct(), "--config", config.toString(), "--ct-exempt-host", HOST,
        "--json");
    assertEquals("exempt", added.json().get("ct").get("status").asText());
    // The flags wrote nothing.
    assertFalse(Files.readString(config).contains("exempt"), Files.readString(config));
  }

  @Test
  void configRefusesBadCtValuesAndListsTheKeys() throws IOException {
    Path config = dir.resolve("config.properties");
    for (String[] kv : List.of(new String[] {"ct.mode", "sometimes"},
        new String[] {"ct.exempt.spki", "not base64!"},
        new String[] {"ct.exempt.spki", "AAAA"},
        new String[] {"ct.exempt.hosts", "a.test, b c.test"},
        new String[] {"ct.exempt.hosts", " , "})) {
      Cli.Run r = Cli.run("config", "set", kv[0], kv[1], "--config", config.toString());
      r.assertNoStackTrace();
      assertEquals(Main.EXIT_USAGE, r.exit(), kv[0] + "=" + kv[1]);
      assertTrue(r.err().contains(kv[0]), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    assertFalse(Files.exists(config));
    String spki = Base64.getEncoder().encodeToString(new byte[32]);
    assertEquals(Main.EXIT_OK, Cli.run("config", "set", "ct.exempt.spki", spki, "--config",
        config.toString()).exit());
    Cli.Run list = Cli.run("config", "list", "--json", "--config", config.toString());
    assertEquals(Main.EXIT_OK, list.exit(), list.err());
    for (String k : List.of("ct.mode", "ct.exempt.hosts", "ct.exempt.spki")) {
      assertTrue(list.out().contains(k), list.out());
    }
    assertTrue(list.out().contains(spki), list.out());
  }

  @Test
  void sctsDeliveredInTheTlsExtensionCount() throws IOException {
    TestCert leaf = PKI.leafBuilder().build(); // no embedded SCTs
    Path tls = dir.resolve("scts.bin");
    Files.write(tls, SctListEncoder.list(A.x509Sct(leaf.der(), ISSUED),
        B.x509Sct(leaf.der(), ISSUED)));
    Cli.Run without = verify(leaf, "--ct", "enforce", "--json");
    assertEquals(CT_ERROR, without.json().get("code").asText());
    Cli.Run r = verify(leaf, "--ct", "enforce", "--sct-list", tls.toString(), "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode ct = r.json().get("ct");
    assertEquals("compliant", ct.get("status").asText());
    assertEquals(2, ct.get("scts").size());
    for (JsonNode s : ct.get("scts")) {
      assertEquals("tls", s.get("origin").asText());
      assertEquals("valid", s.get("status").asText());
    }
  }

  @Test
  void anUnknownLogIsNamedByItsIdWithoutOperator() throws IOException {
    TestCert leaf = PKI.leafBuilder().embeddedSct(UNLISTED, ISSUED).build();
    Cli.Run r = verify(leaf, "--ct", "enforce", "--json");
    JsonNode s = r.json().get("ct").get("scts").get(0);
    assertEquals(Base64.getEncoder().encodeToString(UNLISTED.logId()), s.get("log").asText());
    assertTrue(s.get("operator").isNull());
    assertEquals("unknown_log", s.get("status").asText());
  }

  @Test
  void badCtInputIsOneLineNamingTheFileAndExit1() throws IOException {
    Path bad = dir.resolve("bad-list.json");
    Files.writeString(bad, "{\"log_list_timestamp\": \"yesterday\", \"operators\": []}");
    Path big = dir.resolve("big.bin");
    Files.write(big, new byte[CtOptions.MAX_SCT_LIST + 1]);
    Path empty = dir.resolve("empty.bin");
    Files.write(empty, new byte[0]);
    Path unframed = dir.resolve("unframed.bin");
    Files.write(unframed, new byte[] {0, 5, 0, 2, 1, 2, 3}); // an item runs past the list
    for (String[] args : List.of(
        new String[] {"--ct-logs", bad.toString()},
        new String[] {"--ct-logs", dir.resolve("none.json").toString()},
        new String[] {"--ct-logs", dir.toString()},
        new String[] {"--sct-list", big.toString()},
        new String[] {"--sct-list", empty.toString()},
        new String[] {"--sct-list", unframed.toString()},
        new String[] {"--sct-list", dir.resolve("none.bin").toString()},
        new String[] {"--ct", "always"},
        new String[] {"--ct-exempt-host", "a.test,b.test"},
        new String[] {"--ct-exempt-spki", "AAAA"})) {
      List<String> all = new ArrayList<>(List.of("verify", chain(oneSct()).toString(),
          "--roots", roots().toString(), "--host", HOST, "--time", TIME));
      all.addAll(List.of(args));
      Cli.Run r = Cli.run(all.toArray(new String[0]));
      r.assertNoStackTrace();
      String what = String.join(" ", args);
      assertEquals(Main.EXIT_USAGE, r.exit(), what + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
      assertTrue(r.err().contains(args[0]), what + ": " + r.err());
      if (!args[0].equals("--ct") && !args[0].startsWith("--ct-exempt")) {
        assertTrue(r.err().contains(args[1]), what + ": " + r.err());
      }
      assertFalse(r.err().contains("Exception"), r.err());
    }
  }

  @Test
  void explainKnowsTheCtError() {
    Cli.Run r = Cli.run("explain", CT_ERROR);
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().contains(CT_ERROR) || r.out().contains("-16368"), r.out());
  }
}
