package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkixj db …} and {@code pkixj verify --db}. */
class DbCommandTest {
  @TempDir Path dir;

  private Path sample(String which) throws Exception {
    Path p = dir.resolve(which + ".pem");
    Files.writeString(p, Cli.samplePem(which));
    return p;
  }

  private static Set<String> keys(JsonNode o) {
    Set<String> k = new HashSet<>();
    o.fieldNames().forEachRemaining(k::add);
    return k;
  }

  private Cli.Run verifyWithDb(Path db) throws Exception {
    return Cli.run("verify", sample("chain").toString(), "--host", "www.example.test",
        "--time", "2026-06-01T00:00:00Z", "--root-source", "pem:" + sample("roots"),
        "--db", db.toString(), "--json");
  }

  @Test
  void usageErrorsOfNestedSubcommandsExit1NotTheRejectedStatus() throws Exception {
    // 2 means "rejected" (verify) or "corrupt" (db check): a usage error must never look like it.
    // Each with what the message must name.
    java.util.Map<String[], String> cases = new java.util.LinkedHashMap<>();
    cases.put(new String[] {"db", "trust"}, "CERT");
    cases.put(new String[] {"db", "import"}, "FILE");
    cases.put(new String[] {"db", "status", "--bogus"}, "'--bogus'");
    cases.put(new String[] {"exception", "add"}, "HOST[:PORT]");
    cases.put(new String[] {"exception", "remove", "a", "b", "c"}, "'b'");
    Path db = dir.resolve("certdb");
    dev.pkixj.truststore.db.CertDb.open(db).close();
    cases.put(new String[] {"db", "--db", db.toString(), "export", "--format", "xml"},
        "--format must be pem or certdata, not 'xml'");
    for (java.util.Map.Entry<String[], String> c : cases.entrySet()) {
      String[] args = c.getKey();
      Cli.Run r = Cli.run(args);
      assertEquals(Main.EXIT_USAGE, r.exit(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().contains(c.getValue()), String.join(" ", args) + ": " + r.err());
      r.assertNoStackTrace();
    }
  }

  @Test
  void importListStatusAndVerify() throws Exception {
    Path db = dir.resolve("certdb");
    Cli.Run missing = Cli.run("db", "--db", db.toString(), "status");
    assertEquals(Main.EXIT_USAGE, missing.exit());
    assertTrue(missing.err().contains("no database"), missing.err());

    Cli.Run imp = Cli.run("db", "--db", db.toString(), "import", sample("roots").toString());
    assertEquals(Main.EXIT_OK, imp.exit(), imp.err());

    Cli.Run status = Cli.run("db", "--db", db.toString(), "status", "--json");
    assertEquals(Main.EXIT_OK, status.exit(), status.err());
    JsonNode s = status.lastLineJson();
    assertTrue(keys(s).containsAll(Set.of("records", "last_corruption")), s.toString());
    assertTrue(s.get("last_corruption").isNull());
    assertEquals(1, s.get("certificates").asInt());

    Cli.Run list = Cli.run("db", "--db", db.toString(), "list", "--json");
    JsonNode l = list.lastLineJson();
    assertEquals("anchor", l.get("certificates").get(0).get("trust").asText());
    assertTrue(l.get("certificates").get(0).get("subject").asText().contains("Sample Root"));

    Cli.Run ok = verifyWithDb(db);
    assertEquals(Main.EXIT_OK, ok.exit(), ok.out() + ok.err());
    // A user setting overrides the built-in one: the root set to "inherit" is no anchor.
    Cli.Run inherit = Cli.run("db", "--db", db.toString(), "trust", sample("roots").toString(),
        "--as", "inherit");
    assertEquals(Main.EXIT_OK, inherit.exit(), inherit.err());
    assertTrue(inherit.out().startsWith("inherit: ") && inherit.out().contains("Sample Root"),
        inherit.out());
    Cli.Run notAnchor = verifyWithDb(db);
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", notAnchor.lastLineJson().get("code").asText());
  }

  @Test
  void distrustInTheDatabaseRejectsTheChain() throws Exception {
    Path db = dir.resolve("certdb");
    String chain = Cli.samplePem("chain");
    Path intermediate = dir.resolve("intermediate.pem");
    Files.writeString(intermediate, chain.substring(chain.indexOf("-----BEGIN", 1)));
    Cli.Run d = Cli.run("db", "--db", db.toString(), "distrust", intermediate.toString());
    assertEquals(Main.EXIT_OK, d.exit(), d.err());
    Cli.Run v = verifyWithDb(db);
    assertEquals(Main.EXIT_REJECTED, v.exit(), v.out() + v.err());
    assertEquals("SEC_ERROR_UNTRUSTED_ISSUER", v.lastLineJson().get("code").asText());
    assertEquals(1, v.lastLineJson().get("cert_index").asInt());
  }

  @Test
  void checkNamesTheDamageAndRepairReportsIt() throws Exception {
    Path db = dir.resolve("certdb");
    Cli.Run imp = Cli.run("db", "--db", db.toString(), "import", sample("roots").toString(),
        sample("chain").toString(), "--trust", "inherit");
    assertEquals(Main.EXIT_OK, imp.exit(), imp.err());
    assertTrue(imp.out().startsWith("imported 3 certificate(s) into " + db), imp.out());
    byte[] img = Files.readAllBytes(db);
    img[img.length - 50] ^= 0x40;
    Files.write(db, img);
    byte[] damaged = img.clone();

    Cli.Run check = Cli.run("db", "--db", db.toString(), "check");
    assertEquals(DbCommand.EXIT_CORRUPT, check.exit(), check.out());
    assertTrue(check.out().contains("CORRUPT") && check.out().contains("problem"), check.out());
    assertTrue(java.util.Arrays.equals(damaged, Files.readAllBytes(db)), "check changes nothing");

    Cli.Run repair = Cli.run("db", "--db", db.toString(), "repair");
    assertEquals(Main.EXIT_OK, repair.exit(), repair.err());
    assertTrue(repair.out().contains("CERTDB_CORRUPT_SALVAGED"), repair.out());

    JsonNode s = Cli.run("db", "--db", db.toString(), "status", "--json").lastLineJson();
    JsonNode c = s.get("last_corruption");
    assertFalse(c.isNull(), s.toString());
    assertTrue(keys(c).containsAll(Set.of("detected_at", "kept", "lost", "quarantined_file")),
        c.toString());
    assertTrue(Files.exists(Path.of(c.get("quarantined_file").asText())));
    Cli.Run clean = Cli.run("db", "--db", db.toString(), "check");
    assertEquals(Main.EXIT_OK, clean.exit(), clean.out() + clean.err());
    assertTrue(clean.out().startsWith(db + ": OK"), clean.out());
  }

  @Test
  void badImportFilesAreNamedAndTheRestIsImported() throws Exception {
    Path db = dir.resolve("certdb");
    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----\n");
    Cli.Run r = Cli.run("db", "--db", db.toString(), "import", bad.toString(),
        sample("roots").toString());
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.err().contains("bad.pem"), r.err());
    assertTrue(r.out().contains("imported 1"), r.out());
  }

  @Test
  void exportRoundTrips() throws Exception {
    Path db = dir.resolve("certdb");
    Cli.run("db", "--db", db.toString(), "import", sample("chain").toString(), "--trust", "inherit");
    Path out = dir.resolve("out.txt");
    Cli.Run e = Cli.run("db", "--db", db.toString(), "export", "--format", "certdata", "-o",
        out.toString());
    assertEquals(Main.EXIT_OK, e.exit(), e.err());
    Path renamed = Files.move(out, dir.resolve("certdata.txt"));
    Path db3 = dir.resolve("certdb3");
    Cli.Run imp = Cli.run("db", "--db", db3.toString(), "import", renamed.toString());
    assertEquals(Main.EXIT_OK, imp.exit(), imp.err());
    assertTrue(imp.out().startsWith("imported 2 certificate(s)"), imp.out());
    JsonNode l = Cli.run("db", "--db", db3.toString(), "list", "--json").lastLineJson();
    assertEquals(2, l.get("certificates").size(), l.toString());
  }

  @Test
  void everyDbSubcommandAnswersHelp() {
    for (String sub : new String[] {"status", "check", "import", "export", "list", "trust",
        "distrust", "repair"}) {
      for (String flag : new String[] {"--help", "-h"}) {
        Cli.Run r = Cli.run("db", sub, flag);
        assertEquals(Main.EXIT_OK, r.exit(), "db " + sub + " " + flag + ": " + r.err());
        assertTrue(r.out().startsWith("Usage: pkixj db " + sub), r.out());
        assertEquals("", r.err());
      }
    }
  }

  @Test
  void checkOnADirectoryNamesItWithoutAClassName() throws Exception {
    Path d = Files.createDirectories(dir.resolve("a-directory"));
    Cli.Run r = Cli.run("db", "--db", d.toString(), "check");
    assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
    assertEquals("pkixj db check: not a pkixj database: " + d + " (a directory); it was left "
        + "untouched\n", r.err());
    r.assertNoStackTrace();
  }

  @Test
  void exportToADirectoryNamesTheOutputNotTheDatabase() throws Exception {
    Path db = dir.resolve("certdb");
    assertEquals(Main.EXIT_OK, Cli.run("db", "--db", db.toString(), "import",
        sample("roots").toString()).exit());
    Path out = Files.createDirectories(dir.resolve("out"));
    Cli.Run r = Cli.run("db", "--db", db.toString(), "export", "-o", out.toString());
    assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
    assertEquals("pkixj db export: " + out + ": is a directory (-o names the file to write)\n",
        r.err());
    // A file in a directory that does not exist, nor can be made: the output named, no class.
    Path blocked = dir.resolve("roots.pem").resolve("x.pem");
    Cli.Run r2 = Cli.run("db", "--db", db.toString(), "export", "-o", blocked.toString());
    assertEquals(Main.EXIT_USAGE, r2.exit(), r2.out() + r2.err());
    assertTrue(r2.err().startsWith("pkixj db export: " + blocked + ": cannot write: "), r2.err());
    assertFalse(r2.err().contains("Exception"), r2.err());
    r2.assertNoStackTrace();
  }
}
