package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --db FILE} where FILE is not a pkixj database is refused by every command, and a
 * read-only command never writes the database, even a damaged one; {@code --config FILE} must be
 * a settings file (docs/certdb-format.md and docs/reliability.md, "Files pkixj owns").
 */
class DbFileOwnershipTest {
  @TempDir Path tmp;

  static final TestPki PKI = TestPki.ec();
  static final long SEED = 20261207L;

  Path inputs;
  Path data;
  Path roots;
  Path chain;

  @BeforeEach
  void setUp() throws Exception {
    inputs = Files.createDirectory(tmp.resolve("inputs"));
    data = Files.createDirectory(tmp.resolve("data"));
    roots = Files.writeString(inputs.resolve("roots.pem"), Pem.certs(PKI.root()));
    chain = Files.writeString(inputs.resolve("chain.pem"),
        Pem.certs(PKI.leaf(), PKI.intermediate()));
  }

  /** SHA-256 of every entry of {@code data}, by name: what "nothing was changed" means. */
  Map<String, String> listing() throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (var files = Files.list(data)) {
      for (Path p : files.toList()) {
        m.put(p.getFileName().toString(), Files.isDirectory(p) ? "directory"
            : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(p))));
      }
    }
    return m;
  }

  // ---------------------------------------------------------------- the files given as --db

  Path pemFile() throws Exception {
    return Files.writeString(data.resolve("myroots.pem"), Pem.certs(PKI.root()));
  }

  Path emptyFile() throws Exception {
    return Files.createFile(data.resolve("certdb"));
  }

  Path garbage() throws Exception {
    byte[] b = new byte[30_000];
    new SplittableRandom(SEED).nextBytes(b);
    return Files.write(data.resolve("certdb"), b);
  }

  Path directory() throws Exception {
    return Files.createDirectory(data.resolve("certdb"));
  }

  /**
   * A real database (the root, then an exception) whose last record, the exception, is damaged:
   * the chain still verifies with what can be read.
   */
  Path damagedDatabase() throws Exception {
    Path db = data.resolve("certdb");
    run(0, "db", "--db", db.toString(), "import", roots.toString());
    run(0, "exception", "add", "other.example.test", "--sha256", "11".repeat(32), "--db",
        db.toString());
    byte[] img = Files.readAllBytes(db);
    img[img.length - 1] ^= 0x20; // the last record's CRC-32C
    Files.write(db, img);
    try (var files = Files.list(data)) {
      for (Path p : files.toList()) {
        if (!p.equals(db)) {
          Files.delete(p); // only the damaged file: a clean listing to compare with
        }
      }
    }
    return db;
  }

  static Cli.Run run(int exit, String... args) {
    Cli.Run r = Cli.run(args);
    assertEquals(exit, r.exit(), String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
    r.assertNoStackTrace();
    return r;
  }

  static List<String> errLines(Cli.Run r) {
    List<String> l = new ArrayList<>();
    for (String s : r.err().split("\n")) {
      if (!s.isBlank()) {
        l.add(s);
      }
    }
    return l;
  }

  // ---------------------------------------------------------------- the commands

  String[] verify(Path db) {
    return new String[] {"verify", chain.toString(), "--host", TestPki.LEAF_HOST, "--time",
        TestClock.NOW.toString(), "--root-source", "pem:" + roots, "--db", db.toString()};
  }

  static String[] dbList(Path db) {
    return new String[] {"db", "--db", db.toString(), "list"};
  }

  static String[] dbStatus(Path db) {
    return new String[] {"db", "--db", db.toString(), "status"};
  }

  static String[] dbExport(Path db) {
    return new String[] {"db", "--db", db.toString(), "export"};
  }

  static String[] exceptionList(Path db) {
    return new String[] {"exception", "list", "--db", db.toString()};
  }

  static String[] exceptionExport(Path db) {
    return new String[] {"exception", "export", "--db", db.toString()};
  }

  String[] dbImport(Path db) {
    return new String[] {"db", "--db", db.toString(), "import", roots.toString()};
  }

  static String[] exceptionAdd(Path db) {
    return new String[] {"exception", "add", "new.example.test", "--sha256", "22".repeat(32),
        "--db", db.toString()};
  }

  String[] exceptionAddVerified(Path db) {
    return new String[] {"exception", "add", "wrong.example.test", chain.toString(),
        "--root-source", "pem:" + roots, "--time", TestClock.NOW.toString(), "--db",
        db.toString()};
  }

  List<String[]> everyCommand(Path db) {
    return List.of(verify(db), dbList(db), dbStatus(db), dbExport(db), exceptionList(db),
        exceptionExport(db), dbImport(db), exceptionAdd(db), exceptionAddVerified(db),
        new String[] {"db", "--db", db.toString(), "check"},
        new String[] {"db", "--db", db.toString(), "repair"});
  }

  /** Every command refuses {@code db} with one line naming it, exit 1, and changes nothing. */
  void refusedByEveryCommand(Path db, String what) throws Exception {
    Map<String, String> before = listing();
    for (String[] args : everyCommand(db)) {
      Cli.Run r = run(Main.EXIT_USAGE, args);
      List<String> err = errLines(r);
      String cmd = String.join(" ", args);
      assertEquals(1, err.size(), cmd + ": " + r.err());
      assertTrue(err.get(0).contains("not a pkixj database: " + db)
          && err.get(0).contains(what), cmd + ": " + r.err());
      assertFalse(err.get(0).contains("Exception"), r.err());
      assertEquals(before, listing(), cmd + ": renamed, wrote or created a file");
    }
  }

  @Test
  void aPemFileIsRefused() throws Exception {
    refusedByEveryCommand(pemFile(), "PEM text");
  }

  @Test
  void anEmptyFileIsRefused() throws Exception {
    refusedByEveryCommand(emptyFile(), "an empty file");
  }

  @Test
  void garbageIsRefused() throws Exception {
    refusedByEveryCommand(garbage(), "no pkixj database header");
  }

  @Test
  void aDirectoryIsRefused() throws Exception {
    refusedByEveryCommand(directory(), "a directory");
  }

  @Test
  void readOnlyCommandsOnADamagedDatabaseWarnWorkAndExit2WithoutTouchingIt() throws Exception {
    Path db = damagedDatabase();
    Map<String, String> before = listing();
    for (String[] args : List.of(verify(db), dbList(db), dbStatus(db), dbExport(db),
        exceptionList(db), exceptionExport(db))) {
      Cli.Run r = run(2, args);
      String cmd = String.join(" ", args);
      List<String> err = errLines(r);
      assertEquals(1, err.size(), cmd + ": " + r.err());
      assertTrue(err.get(0).contains(db.toString()) && err.get(0).contains("lost 1 record")
          && err.get(0).contains("OVERRIDE"), cmd + ": " + r.err());
      assertEquals(before, listing(), cmd + ": changed the directory");
    }
    // They did their work with what could be read.
    List<String> json = new ArrayList<>(List.of(verify(db)));
    json.add("--json");
    Cli.Run v = Cli.run(json.toArray(new String[0]));
    assertEquals(2, v.exit(), "exit 2 although the chain is valid: the database is damaged");
    assertTrue(v.json().get("valid").asBoolean(), v.out());
    assertTrue(Cli.run(dbList(db)).out().startsWith("anchor"), Cli.run(dbList(db)).out());
    assertTrue(Cli.run(dbExport(db)).out().contains("-----BEGIN CERTIFICATE-----"));
    assertTrue(Cli.run(exceptionList(db)).out().contains("0 exception(s)"));
    // db check reports it as before: exit 2, nothing changed.
    run(2, "db", "--db", db.toString(), "check");
    assertEquals(before, listing());
  }

  @Test
  void writingCommandsOnADamagedDatabaseSalvageAndRegenerate() throws Exception {
    int n = 0;
    for (boolean importing : new boolean[] {true, false}) {
      Path db = damagedDatabase();
      byte[] damaged = Files.readAllBytes(db);
      Cli.Run r = run(Main.EXIT_OK, importing ? dbImport(db) : exceptionAdd(db));
      assertTrue(r.err().contains("CERTDB_CORRUPT_SALVAGED"), r.err());
      List<Path> kept;
      try (var files = Files.list(data)) {
        kept = files.filter(p -> p.getFileName().toString().startsWith("certdb.corrupt-"))
            .toList();
      }
      assertEquals(1, kept.size(), kept.toString());
      assertArrayEquals(damaged, Files.readAllBytes(kept.get(0)), "kept aside byte for byte");
      Cli.Run after = run(Main.EXIT_OK, dbList(db));
      assertTrue(errLines(after).isEmpty(), after.err());
      try (var files = Files.list(data)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      n++;
    }
    assertEquals(2, n);
  }

  // ---------------------------------------------------------------- --config

  void configRefused(Path cfg, String what) throws Exception {
    Path db = data.resolve("certdb");
    run(0, "db", "--db", db.toString(), "import", roots.toString());
    for (String[] args : new String[][] {
        {"verify", chain.toString(), "--host", TestPki.LEAF_HOST, "--time",
            TestClock.NOW.toString(), "--root-source", "pem:" + roots, "--config", cfg.toString()},
        {"exception", "add", "x.example.test", "--sha256", "33".repeat(32), "--db",
            db.toString(), "--config", cfg.toString()}}) {
      Map<String, String> before = listing();
      Cli.Run r = run(Main.EXIT_USAGE, args);
      List<String> err = errLines(r);
      assertEquals(1, err.size(), r.err());
      assertTrue(err.get(0).contains(cfg.toString()) && err.get(0).contains(what), r.err());
      assertFalse(err.get(0).contains("Exception"), r.err());
      assertEquals(before, listing(), String.join(" ", args));
    }
  }

  @Test
  void aMissingConfigIsAnError() throws Exception {
    configRefused(data.resolve("nosuch.properties"), "no such file");
  }

  @Test
  void aDirectoryAsConfigIsAnError() throws Exception {
    configRefused(Files.createDirectory(data.resolve("conf.d")), "is a directory");
  }

  @Test
  void aBinaryConfigIsAnError() throws Exception {
    byte[] b = new byte[2048];
    new SplittableRandom(SEED + 1).nextBytes(b);
    b[0] = 0;
    configRefused(Files.write(data.resolve("config.properties"), b), "NUL bytes");
  }
}
