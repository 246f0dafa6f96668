package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.truststore.db.CertDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit paths of the {@code db} and {@code sample} commands: each case checks the exit status
 * and that the message names what it is about (the file, the option, the fingerprint).
 */
class CommandExitPathsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private static Cli.Run db(Path db, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "db";
    all[1] = "--db";
    all[2] = db.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    Cli.Run r = Cli.run(all);
    r.assertNoStackTrace();
    return r;
  }

  private static String sha256(byte[] der) {
    return HexFormat.of().formatHex(CertDb.fingerprint(der));
  }

  private static byte[] sampleRoot() throws Exception {
    return CertFiles.readResource(VerifyCommand.SAMPLE_ROOTS).get(0);
  }

  // ---- db list ----

  @Test
  void listOfAMissingDatabaseIsAnErrorNamingIt() {
    Path missing = dir.resolve("none").resolve("certdb");
    for (String[] args : new String[][] {{"list"}, {"list", "--json"}}) {
      Cli.Run r = db(missing, args);
      assertEquals(Main.EXIT_USAGE, r.exit(), r.err());
      assertTrue(r.err().startsWith("pkixj db list: " + missing + ": no database"), r.err());
      assertEquals("", r.out());
      assertFalse(Files.exists(missing), "listing created the database");
    }
  }

  @Test
  void listOfAnEmptyDatabase() throws Exception {
    Path db = dir.resolve("certdb");
    CertDb.open(db).close();
    Cli.Run text = db(db, "list");
    assertEquals(Main.EXIT_OK, text.exit(), text.err());
    assertEquals(List.of("0 remembered intermediate(s)"), text.outLines());
    Cli.Run json = db(db, "list", "--json");
    assertEquals(Main.EXIT_OK, json.exit(), json.err());
    JsonNode j = json.json();
    assertEquals(0, j.get("certificates").size(), json.out());
    assertEquals(0, j.get("exceptions").size(), json.out());
    assertEquals(0, j.get("intermediates").asInt(), json.out());
  }

  @Test
  void listOfAPopulatedDatabase() throws Exception {
    Path db = dir.resolve("certdb");
    Path roots = write("roots.pem", Cli.samplePem("roots"));
    assertEquals(Main.EXIT_OK, db(db, "import", roots.toString()).exit());
    String fp = "cd".repeat(32);
    Path config = Files.createFile(dir.resolve("config.properties"));
    Cli.Run exc = Cli.run("exception", "add", "list.example.test:8443", "--sha256", fp, "--db",
        db.toString(), "--config", config.toString());
    assertEquals(Main.EXIT_OK, exc.exit(), exc.err());
    String rootFp = sha256(sampleRoot());

    Cli.Run text = db(db, "list");
    assertEquals(Main.EXIT_OK, text.exit(), text.err());
    List<String> lines = text.outLines();
    assertEquals(3, lines.size(), text.out());
    assertTrue(lines.get(0).startsWith("anchor") && lines.get(0).contains(rootFp)
        && lines.get(0).contains("Sample Root"), lines.get(0));
    assertTrue(lines.get(1).contains("list.example.test:8443") && lines.get(1).contains(fp),
        lines.get(1));
    assertEquals("0 remembered intermediate(s)", lines.get(2));

    Cli.Run json = db(db, "list", "--json");
    assertEquals(Main.EXIT_OK, json.exit(), json.err());
    JsonNode c = json.json().get("certificates");
    assertEquals(1, c.size(), json.out());
    assertEquals(rootFp, c.get(0).get("sha256").asText());
    assertEquals("anchor", c.get(0).get("trust").asText());
    assertTrue(c.get(0).get("distrust_after").isNull());
    JsonNode x = json.json().get("exceptions");
    assertEquals(1, x.size(), json.out());
    assertEquals("list.example.test", x.get(0).get("host").asText());
    assertEquals(8443, x.get(0).get("port").asInt());
    assertEquals(fp, x.get(0).get("sha256").asText());
  }

  // ---- db import ----

  @Test
  void importWhereEveryFileIsBadNamesEachAndChangesNothing() throws Exception {
    Path db = dir.resolve("certdb");
    Path roots = write("roots.pem", Cli.samplePem("roots"));
    assertEquals(Main.EXIT_OK, db(db, "import", roots.toString()).exit());
    byte[] before = Files.readAllBytes(db);

    Path badPem = write("bad.pem", "-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----\n");
    Path text = write("notes.txt", "no certificate here\n");
    Path missing = dir.resolve("missing.pem");
    Cli.Run r = db(db, "import", badPem.toString(), text.toString(), missing.toString());
    assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
    for (Path p : List.of(badPem, text, missing)) {
      assertTrue(r.err().contains(p.getFileName().toString()), p + " not named: " + r.err());
    }
    assertTrue(r.out().contains("nothing imported into " + db), r.out());
    assertArrayEquals(before, Files.readAllBytes(db), "the database changed");
    JsonNode l = db(db, "list", "--json").json();
    assertEquals(1, l.get("certificates").size(), l.toString());
  }

  @Test
  void importWhereEveryFileIsBadCreatesNoDatabase() throws Exception {
    Path db = dir.resolve("new-certdb");
    Path text = write("notes.txt", "no certificate here\n");
    Cli.Run r = db(db, "import", text.toString());
    assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
    // One unusable file: one line naming it and the database left alone.
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("notes.txt") && r.err().contains("nothing imported into " + db),
        r.out() + r.err());
    try (var files = Files.list(dir)) {
      assertEquals(List.of("notes.txt"), files.map(f -> f.getFileName().toString()).toList(),
          "a database or lock file was created");
    }
  }

  // ---- db trust ----

  @Test
  void trustByFingerprint() throws Exception {
    Path db = dir.resolve("certdb");
    Path roots = write("roots.pem", Cli.samplePem("roots"));
    assertEquals(Main.EXIT_OK, db(db, "import", roots.toString(), "--trust", "inherit").exit());
    String fp = sha256(sampleRoot());
    assertEquals("inherit", db(db, "list", "--json").json().get("certificates").get(0)
        .get("trust").asText());

    // Upper case with colons, as browsers show it.
    String shown = fp.toUpperCase().replaceAll("(..)(?!$)", "$1:");
    Cli.Run r = db(db, "trust", shown, "--label", "by fingerprint");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().startsWith("anchor: ") && r.out().contains(fp) && r.out().contains(
        db.toString()), r.out());
    JsonNode c = db(db, "list", "--json").json().get("certificates");
    assertEquals(1, c.size(), c.toString());
    assertEquals("anchor", c.get(0).get("trust").asText());
    assertEquals("by fingerprint", c.get(0).get("label").asText());

    // Distrust by fingerprint too.
    Cli.Run d = db(db, "distrust", fp);
    assertEquals(Main.EXIT_OK, d.exit(), d.err());
    assertEquals("distrusted", db(db, "list", "--json").json().get("certificates").get(0)
        .get("trust").asText());
  }

  @Test
  void trustByAnUnknownFingerprintIsAnErrorNamingIt() throws Exception {
    Path db = dir.resolve("certdb");
    Path roots = write("roots.pem", Cli.samplePem("roots"));
    assertEquals(Main.EXIT_OK, db(db, "import", roots.toString()).exit());
    byte[] before = Files.readAllBytes(db);
    String unknown = "0123456789abcdef".repeat(4);
    Cli.Run r = db(db, "trust", unknown);
    assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains("no certificate with SHA-256 " + unknown)
        && r.err().contains(db.toString()), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertEquals("", r.out());
    assertArrayEquals(before, Files.readAllBytes(db), "the database changed");
  }

  // ---- db repair ----

  @Test
  void repairOfACleanDatabaseCompactsIt() throws Exception {
    Path db = dir.resolve("certdb");
    Path roots = write("roots.pem", Cli.samplePem("roots"));
    Path chain = write("chain.pem", Cli.samplePem("chain"));
    assertEquals(Main.EXIT_OK, db(db, "import", roots.toString()).exit());
    assertEquals(Main.EXIT_OK, db(db, "import", chain.toString(), "--trust", "inherit").exit());
    String listed = db(db, "list", "--json").out();

    Cli.Run r = db(db, "repair");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().startsWith("no damage found; " + db + " compacted ("), r.out());
    assertFalse(r.out().contains("CERTDB_"), r.out());
    assertEquals(listed, db(db, "list", "--json").out(), "repair changed the contents");
    Cli.Run check = db(db, "check");
    assertEquals(Main.EXIT_OK, check.exit(), check.out());
    assertTrue(check.out().startsWith(db + ": OK"), check.out());
  }

  @Test
  void repairOfAMissingDatabaseIsAnErrorNamingIt() {
    Path missing = dir.resolve("certdb");
    Cli.Run r = db(missing, "repair");
    assertEquals(Main.EXIT_USAGE, r.exit(), r.out() + r.err());
    assertTrue(r.err().startsWith("pkixj db repair: " + missing + ": no database"), r.err());
    assertEquals("", r.out());
    assertFalse(Files.exists(missing), "repair created a database");
  }

  // ---- sample ----

  private static Cli.Run sample(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "sample";
    System.arraycopy(args, 0, all, 1, args.length);
    Cli.Run r = Cli.run(all);
    r.assertNoStackTrace();
    return r;
  }

  @Test
  void sampleRefusesBadCountsAndOptionsNamingThem() {
    String out = dir.resolve("s.ndjson").toString();
    Cli.Run zero = sample("--chains", "0", "-o", out);
    assertEquals(Main.EXIT_USAGE, zero.exit());
    assertTrue(zero.err().contains("--chains must be at least 1"), zero.err());
    Cli.Run negative = sample("--chains", "-5", "-o", out);
    assertEquals(Main.EXIT_USAGE, negative.exit());
    assertTrue(negative.err().contains("--chains"), negative.err());
    Cli.Run word = sample("--chains", "many", "-o", out);
    assertEquals(Main.EXIT_USAGE, word.exit());
    assertTrue(word.err().contains("--chains") && word.err().contains("'many'"), word.err());
    Cli.Run mix = sample("--mix", "dsa", "-o", out);
    assertEquals(Main.EXIT_USAGE, mix.exit());
    assertTrue(mix.err().contains("--mix must be rsa, ecdsa or mixed"), mix.err());
    Cli.Run threads = sample("--chains", "2", "--threads", "0", "-o", out);
    assertEquals(Main.EXIT_USAGE, threads.exit());
    assertTrue(threads.err().contains("--threads must be at least 1"), threads.err());
    Cli.Run noOutput = sample("--chains", "2");
    assertEquals(Main.EXIT_USAGE, noOutput.exit());
    assertTrue(noOutput.err().contains("--output"), noOutput.err());
    for (Cli.Run r : List.of(zero, negative, word, mix, threads, noOutput)) {
      assertFalse(r.err().contains("WARN"), r.err());
    }
    assertFalse(Files.exists(dir.resolve("s.ndjson")), "an error still wrote the corpus");
  }

  @Test
  void sampleRefusesAnOutputItCannotWriteNamingIt() throws Exception {
    Path file = write("a-file", "x\n");
    // The output's directory is a file.
    Cli.Run under = sample("--chains", "2", "-o", file.resolve("s.ndjson").toString());
    assertEquals(Main.EXIT_USAGE, under.exit(), under.err());
    assertTrue(under.err().startsWith("pkixj sample: " + file.resolve("s.ndjson") + ": ")
        && under.err().contains(file + " exists and is not a directory"), under.err());
    assertEquals(1, under.err().strip().lines().count(), under.err());
    // A directory further up is a file.
    Cli.Run deeper = sample("--chains", "2", "-o", file.resolve("sub").resolve("s.ndjson")
        .toString());
    assertEquals(Main.EXIT_USAGE, deeper.exit(), deeper.err());
    assertTrue(deeper.err().contains(file.toString()), deeper.err());
    // The output is a directory; or the roots file beside it is.
    Path directory = Files.createDirectory(dir.resolve("out.ndjson"));
    Cli.Run isDir = sample("--chains", "2", "-o", directory.toString());
    assertEquals(Main.EXIT_USAGE, isDir.exit(), isDir.err());
    assertTrue(isDir.err().contains(directory + ": is a directory"), isDir.err());
    Path rootsDir = Files.createDirectory(dir.resolve("c.ndjson.roots.pem"));
    Cli.Run roots = sample("--chains", "2", "-o", dir.resolve("c.ndjson").toString());
    assertEquals(Main.EXIT_USAGE, roots.exit(), roots.err());
    assertTrue(roots.err().contains(rootsDir + ": is a directory"), roots.err());
    assertFalse(Files.exists(dir.resolve("c.ndjson")), "the corpus was written without roots");
  }
}
