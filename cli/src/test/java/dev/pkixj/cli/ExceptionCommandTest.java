package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestCert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pkixj exception add|list|remove|import|export}, and {@code pkixj verify} with
 * exceptions, {@code --mitm-canary}, {@code --config}, {@code --now} and {@code --time}.
 */
class ExceptionCommandTest {
  static final String TIME = "2026-06-01T00:00:00Z";
  static final String HOST = "nas.example.test";

  @TempDir Path dir;

  Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  Path roots() throws Exception {
    return write("roots.pem", Cli.samplePem("roots"));
  }

  String db() {
    return dir.resolve("certdb").toString();
  }

  /** The settings file given with --config (which must exist): created empty on first use. */
  String cfg() throws java.io.IOException {
    Path c = dir.resolve("config.properties");
    if (!Files.exists(c)) {
      Files.createFile(c);
    }
    return c.toString();
  }

  Cli.Run verify(Path leaf, String host, String... extra) throws Exception {
    if (!Files.exists(Path.of(db()))) {
      // verify --db needs an existing database: create an empty one
      Cli.Run list = Cli.run("exception", "add", "placeholder.invalid", "--sha256",
          "00".repeat(32), "--db", db(), "--config", cfg());
      assertEquals(Main.EXIT_OK, list.exit(), list.err());
      assertEquals(Main.EXIT_OK, Cli.run("exception", "remove", "placeholder.invalid",
          "--db", db()).exit());
    }
    String[] base = {"verify", leaf.toString(), "--host", host, "--root-source",
        "pem:" + roots(), "--db", db(), "--config", cfg()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return Cli.run(all);
  }

  @Test
  void addListVerifyExportImportRemove() throws Exception {
    TestCert selfSigned = CertBuilder.leaf(HOST).build();
    Path leaf = write("leaf.pem", Pem.certs(selfSigned));

    Cli.Run before = verify(leaf, HOST, "--time", TIME, "--port", "8443", "--json");
    before.assertNoStackTrace();
    assertEquals(Main.EXIT_REJECTED, before.exit(), before.err());
    assertEquals("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", before.json().get("code").asText());

    Cli.Run add = Cli.run("exception", "add", HOST + ":8443", leaf.toString(), "--root-source",
        "pem:" + roots(), "--db", db(), "--config", cfg(), "--time", TIME);
    add.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, add.exit(), add.err());
    assertTrue(add.out().contains("added exception for " + HOST + ":8443"), add.out());
    assertTrue(add.out().contains("covers MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT"), add.out());

    Cli.Run after = verify(leaf, HOST, "--time", TIME, "--port", "8443", "--json");
    assertEquals(Main.EXIT_OK, after.exit(), after.out() + after.err());
    JsonNode j = after.json();
    assertTrue(j.get("valid").asBoolean());
    assertEquals("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", j.get("overridden").get("code").asText());
    assertEquals(8443, j.get("port").asInt());
    assertEquals("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT",
        j.get("explanation").get("overridden_error").asText());
    Cli.Run text = verify(leaf, HOST, "--time", TIME, "--port", "8443");
    assertTrue(text.out().contains("OK (exception): MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT"),
        text.out());
    assertTrue(text.out().contains("Security Exception in Use"), text.out());
    // Another port is not covered.
    Cli.Run otherPort = verify(leaf, HOST, "--time", TIME, "--json");
    assertEquals(Main.EXIT_REJECTED, otherPort.exit(), otherPort.err());
    assertEquals("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", otherPort.json().get("code").asText());

    Cli.Run list = Cli.run("exception", "list", "--db", db(), "--json");
    assertEquals(Main.EXIT_OK, list.exit(), list.err());
    JsonNode l = list.json().get("exceptions");
    assertEquals(1, l.size());
    assertEquals(HOST, l.get(0).get("host").asText());
    assertEquals(8443, l.get(0).get("port").asInt());
    Cli.Run listText = Cli.run("exception", "list", "--db", db());
    assertTrue(listText.out().contains(HOST + ":8443  "), listText.out());

    Path exported = dir.resolve("cert_override.txt");
    Cli.Run export = Cli.run("exception", "export", "--db", db(), "-o", exported.toString());
    assertEquals(Main.EXIT_OK, export.exit(), export.err());
    String file = Files.readString(exported);
    assertTrue(file.startsWith("# PSM Certificate Override Settings file\n"), file);
    assertTrue(file.contains(HOST + ":8443:\tOID.2.16.840.1.101.3.4.2.1\t"), file);

    String otherDb = dir.resolve("other-db").toString();
    Cli.Run imp = Cli.run("exception", "import", exported.toString(), "--db", otherDb);
    assertEquals(Main.EXIT_OK, imp.exit(), imp.err());
    assertTrue(imp.out().contains("imported 1 exception(s)"), imp.out());
    assertEquals(1, Cli.run("exception", "list", "--db", otherDb, "--json").json()
        .get("exceptions").size());

    Cli.Run remove = Cli.run("exception", "remove", HOST + ":8443", "--db", db());
    assertEquals(Main.EXIT_OK, remove.exit(), remove.err());
    Cli.Run removed = verify(leaf, HOST, "--time", TIME, "--port", "8443", "--json");
    assertEquals(Main.EXIT_REJECTED, removed.exit(), removed.err());
    assertEquals("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", removed.json().get("code").asText());
    Cli.Run again = Cli.run("exception", "remove", HOST + ":8443", "--db", db());
    assertEquals(Main.EXIT_USAGE, again.exit());
    assertTrue(again.err().contains("no exception for " + HOST + ":8443"), again.err());
  }

  @Test
  void addRefusesWhatFirefoxWouldNotOffer() throws Exception {
    // A valid chain: nothing to add.
    Path chain = write("chain.pem", Cli.samplePem("chain"));
    Cli.Run valid = Cli.run("exception", "add", "www.example.test", chain.toString(),
        "--root-source", "pem:" + roots(), "--db", db(), "--config", cfg(), "--time", TIME);
    assertEquals(Main.EXIT_OK, valid.exit(), valid.err());
    assertTrue(valid.out().contains("nothing to add"), valid.out());
    // A bad signature cannot be overridden.
    TestCert myRoot = CertBuilder.root("CN=Exception Test Root").build();
    Path myRootFile = write("my-root.pem", Pem.certs(myRoot));
    Path bad = write("bad.pem", Pem.certs(CertBuilder.leaf(HOST).issuer(myRoot)
        .corruptSignature().build()));
    Cli.Run refused = Cli.run("exception", "add", HOST, bad.toString(), "--roots",
        myRootFile.toString(), "--db", db(), "--config", cfg(), "--time", TIME);
    refused.assertNoStackTrace();
    assertEquals(Main.EXIT_REJECTED, refused.exit());
    assertTrue(refused.err().contains("cannot be overridden"), refused.err());
    // An HSTS host gets no exception, by certificate or by fingerprint.
    write("config.properties", "hsts.hosts=.example.test\n");
    Path self = write("self.pem", Pem.certs(CertBuilder.leaf(HOST).build()));
    Cli.Run hsts = Cli.run("exception", "add", HOST, self.toString(), "--root-source",
        "pem:" + roots(), "--db", db(), "--config", cfg(), "--time", TIME);
    assertEquals(Main.EXIT_REJECTED, hsts.exit(), hsts.out());
    assertTrue(hsts.err().contains("HSTS"), hsts.err());
    Cli.Run hstsFp = Cli.run("exception", "add", HOST, "--sha256", "00".repeat(32), "--db", db(),
        "--config", cfg());
    assertEquals(Main.EXIT_REJECTED, hstsFp.exit());
    assertTrue(hstsFp.err().contains("HSTS"), hstsFp.err());
    // The verdict page for that host is "Did Not Connect".
    Cli.Run page = verify(self, HOST, "--time", TIME, "--json");
    assertEquals("Did Not Connect: Potential Security Issue",
        page.json().get("explanation").get("title").asText());
    assertTrue(page.json().get("strict_transport_security").asBoolean());
    assertFalse(page.json().get("explanation").get("overridable").asBoolean());
    // By fingerprint for another host; a bad fingerprint or host is a usage error.
    Cli.Run fp = Cli.run("exception", "add", "[2001:db8::5]:8443", "--sha256",
        "AB:".repeat(31) + "AB", "--db", db(), "--config", cfg());
    assertEquals(Main.EXIT_OK, fp.exit(), fp.err());
    assertTrue(fp.out().contains("[2001:db8::5]:8443"), fp.out());
    Cli.Run shortFp = Cli.run("exception", "add", "h.example", "--sha256", "12",
        "--db", db(), "--config", cfg());
    assertEquals(Main.EXIT_USAGE, shortFp.exit());
    assertTrue(shortFp.err().contains("--sha256") && shortFp.err().contains("'12'"),
        shortFp.err());
    Cli.Run badPort = Cli.run("exception", "add", "h.example:99999", "--sha256",
        "00".repeat(32), "--db", db(), "--config", cfg());
    assertEquals(Main.EXIT_USAGE, badPort.exit());
    assertTrue(badPort.err().contains("h.example:99999") && badPort.err().contains("port"),
        badPort.err());
  }

  @Test
  void importReportsTheLinesItDrops() throws Exception {
    String fp = "AB:".repeat(31) + "AB";
    Path f = write("cert_override.txt", "# PSM Certificate Override Settings file\n"
        + "good.example:443:\tOID.2.16.840.1.101.3.4.2.1\t" + fp + "\t\tAAAA\n"
        + "bad.example:443:\tOID.2.16.840.1.101.3.4.2.1\t" + fp.toLowerCase() + "\t\tAAAA\n"
        + "garbage\n");
    Cli.Run imp = Cli.run("exception", "import", f.toString(), "--db", db());
    imp.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, imp.exit(), imp.err());
    assertTrue(imp.err().contains("line 3: fingerprint"), imp.err());
    assertTrue(imp.err().contains("line 4: "), imp.err());
    assertTrue(imp.out().contains("imported 1 exception(s)"), imp.out());
    assertTrue(imp.out().contains("2 line(s) dropped"), imp.out());
    Path none = write("empty.txt", "garbage\n");
    Cli.Run nothing = Cli.run("exception", "import", none.toString(), "--db", db());
    nothing.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, nothing.exit());
    assertTrue(nothing.err().contains("empty.txt"), nothing.err());
    Cli.Run missing = Cli.run("exception", "import", dir.resolve("missing").toString(), "--db",
        db());
    missing.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, missing.exit());
    assertTrue(missing.err().contains(dir.resolve("missing").toString()), missing.err());
  }

  @Test
  void mitmCanaryAppliesToItsRunAndIsKeptOnlyByConfigSet() throws Exception {
    TestCert mitmRoot = CertBuilder.root("CN=Acme Inspector,O=Acme Security").build();
    Path leaf = write("forged.pem", Pem.certs(CertBuilder.leaf("bank.example.test")
        .issuer(mitmRoot).build()));
    Cli.Run plain = verify(leaf, "bank.example.test", "--time", TIME, "--json");
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", plain.json().get("code").asText());
    byte[] settings = Files.readAllBytes(Path.of(cfg()));

    Cli.Run mitm = verify(leaf, "bank.example.test", "--time", TIME,
        "--mitm-canary", "CN=Acme Inspector, O=Acme Security");
    mitm.assertNoStackTrace();
    assertEquals(Main.EXIT_REJECTED, mitm.exit(), mitm.err());
    assertTrue(mitm.out().contains("error MOZILLA_PKIX_ERROR_MITM_DETECTED"), mitm.out());
    assertTrue(mitm.out().contains("This issue is caused by Acme Inspector (Acme Security)"),
        mitm.out());
    // The flag applied to its run only: the settings file is as it was, the next run is plain.
    assertArrayEquals(settings, Files.readAllBytes(Path.of(cfg())), "the flag wrote the file");
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", verify(leaf, "bank.example.test", "--time", TIME,
        "--json").json().get("code").asText());

    // pkixj config set keeps it for later runs; '' turns it off for one run; unset clears it.
    Cli.Run set = Cli.run("config", "set", "mitm.canary.issuer",
        "CN=Acme Inspector, O=Acme Security", "--config", cfg());
    assertEquals(Main.EXIT_OK, set.exit(), set.err());
    assertEquals("MOZILLA_PKIX_ERROR_MITM_DETECTED", verify(leaf, "bank.example.test", "--time",
        TIME, "--json").json().get("code").asText());
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", verify(leaf, "bank.example.test", "--time", TIME,
        "--mitm-canary", "", "--json").json().get("code").asText());
    assertEquals(Main.EXIT_OK, Cli.run("config", "unset", "mitm.canary.issuer", "--config",
        cfg()).exit());
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", verify(leaf, "bank.example.test", "--time", TIME,
        "--json").json().get("code").asText());
    // A malformed name is a usage error.
    Cli.Run bad = verify(leaf, "bank.example.test", "--time", TIME, "--mitm-canary", "Acme");
    assertEquals(Main.EXIT_USAGE, bad.exit());
    assertTrue(bad.err().contains("--mitm-canary"), bad.err());
  }

  @Test
  void nowVersusTimeForTheClockCheck() throws Exception {
    Cli.Run both = Cli.run("verify", "--sample", "--now", "--time", TIME);
    both.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, both.exit());
    assertTrue(both.err().contains("--now and --time"), both.err());
    // A certificate that becomes valid in two hours: with this computer's clock, the page blames
    // the clock; with a given time, it does not.
    TestCert root = CertBuilder.root("CN=Clock Root").build();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TestCert fresh = CertBuilder.leaf("clock.example.test").issuer(root)
        .validity(now.plus(Duration.ofHours(2)), now.plus(Duration.ofDays(90))).build();
    Path leaf = write("fresh.pem", Pem.certs(fresh));
    Path rootFile = write("clock-root.pem", Pem.certs(root));
    Cli.Run withClock = Cli.run("verify", leaf.toString(), "--host", "clock.example.test",
        "--roots", rootFile.toString(), "--config", cfg(), "--now", "--json");
    withClock.assertNoStackTrace();
    JsonNode c = withClock.json();
    assertEquals("MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE", c.get("code").asText());
    assertEquals("system_clock", c.get("clock").get("time_source").asText());
    assertTrue(c.get("clock").get("probably_wrong").asBoolean());
    assertEquals("Your Computer Clock is Wrong", c.get("explanation").get("title").asText());
    assertTrue(c.get("explanation").get("clock_probably_wrong").asBoolean());

    Cli.Run given = Cli.run("verify", leaf.toString(), "--host", "clock.example.test",
        "--roots", rootFile.toString(), "--config", cfg(), "--time", now.toString(), "--json");
    JsonNode g = given.json();
    assertEquals("given", g.get("clock").get("time_source").asText());
    assertFalse(g.get("clock").get("probably_wrong").asBoolean());
    assertEquals(7200, g.get("clock").get("shift_seconds").asLong());
    assertEquals("Warning: Potential Security Risk Ahead",
        g.get("explanation").get("title").asText());
    Cli.Run text = Cli.run("verify", leaf.toString(), "--host", "clock.example.test",
        "--roots", rootFile.toString(), "--config", cfg(), "--time", now.toString());
    assertTrue(text.out().contains("given explicitly"), text.out());
  }

  @Test
  void importOfABinaryFileADirectoryOrAnEmptyFileNamesItWithoutAClassName() throws Exception {
    Path db = dir.resolve("certdb");
    Path binary = dir.resolve("binary.bin");
    java.util.Random rnd = new java.util.Random(11);
    byte[] junk = new byte[512];
    rnd.nextBytes(junk);
    junk[0] = (byte) 0xff; // never valid UTF-8
    Files.write(binary, junk);
    Path directory = Files.createDirectories(dir.resolve("profile"));
    Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
    for (Object[] c : new Object[][] {{binary, "not a cert_override.txt file (not UTF-8 text)"},
        {directory, "is a directory"},
        {empty, "empty file (expected Firefox's cert_override.txt)"}}) {
      Cli.Run r = Cli.run("exception", "import", c[0].toString(), "--db", db.toString());
      assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
      assertEquals("pkixj exception import: " + c[0] + ": " + c[1] + "\n", r.err());
      r.assertNoStackTrace();
      assertFalse(Files.exists(db), "a database was created for nothing");
    }
  }

  @Test
  void exportToADirectoryNamesIt() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Cli.Run r = Cli.run("exception", "export", "-o", out.toString(), "--db",
        dir.resolve("certdb").toString());
    assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
    assertEquals("pkixj exception export: " + out
        + ": is a directory (-o names the file to write)\n", r.err());
  }
}
