package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pkixj.cli.batch.SampleCommand;
import dev.pkixj.cli.batch.SampleGenerator;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command and nested subcommand of {@code pkixj}, taken from picocli's model of {@link
 * Main#commandLine()} so that a new command or option is swept without editing this test: each
 * answers {@code --help} and {@code -h}; each option or parameter that names a file is run with a
 * missing path, a directory, an empty file and binary garbage (seeded), the other parameters
 * filled with valid values. Bad input must give the documented exit status and one line on
 * standard error naming the bad path, without a stack trace, an exception class name or "internal
 * error", and no file given to the command may change (SHA-256 before and after; a directory's
 * listing before and after). docs/reliability.md, "The command-line sweep", lists what runs.
 */
class CliSweepTest {
  /** Seed of the garbage files; {@code -Dpkixj.sweep.seed=N} to change it. */
  static final long SEED = Long.getLong("pkixj.sweep.seed", 0x5EEDL);

  /** Options and parameters that name a file though their type is String. */
  static final Set<String> FILE_NAMES = Set.of("--db", "--config", "--roots", "--ocsp-response",
      "--crl", "-o", "--output", "--summary", "--report", "--mozpkix", "--resume");
  static final Set<String> FILE_LABELS = Set.of("FILE", "CERT", "INPUT", "PATH", "FILE.html");
  /** Options whose file the command writes: a missing or existing file is simply written. */
  static final Set<String> OUTPUTS = Set.of("-o", "--output", "--summary", "--report");

  enum Kind { MISSING, DIRECTORY, EMPTY, GARBAGE }

  @TempDir static Path shared;
  static Path corpus;
  static ServerSocket silentServer;
  /** A loopback Remote Settings server with one CRLite filter, for `crlite update`. */
  static CrliteTestServer crliteServer;
  /** A loopback Remote Settings server with the three security-state collections. */
  static SecurityStateTestServer updateServer;

  @BeforeAll
  static void prepare() throws IOException {
    corpus = shared.resolve("corpus.ndjson");
    SampleCommand.generate(SampleGenerator.Options.defaults(12).withSeed(3).withThreads(1),
        corpus);
    // `check` fills TARGET with this server, which accepts and never answers: a case that got
    // past its file options by mistake would time out after --timeout 1, never reach a network.
    silentServer = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    crliteServer = new CrliteTestServer();
    crliteServer.publish(List.of(new CrliteTestServer.Rec("full", "default", false, null, 1000,
        CrliteTestServer.filter(1, 1, 0))), null);
    updateServer = new SecurityStateTestServer().publishAll();
  }

  @AfterAll
  static void close() throws IOException {
    silentServer.close();
    crliteServer.close();
    updateServer.close();
  }

  // ------------------------------------------------------------------ the model

  /** A command and the words that invoke it ({@code [db, import]}). */
  record Cmd(List<String> words, CommandSpec spec) {
    String name() {
      return words.isEmpty() ? "pkixj" : String.join(" ", words);
    }
  }

  static List<Cmd> commands() {
    List<Cmd> all = new ArrayList<>();
    walk(Main.commandLine(), new ArrayList<>(), all);
    return all;
  }

  private static void walk(CommandLine c, List<String> words, List<Cmd> into) {
    into.add(new Cmd(List.copyOf(words), c.getCommandSpec()));
    for (Map.Entry<String, CommandLine> e : new TreeMap<>(c.getSubcommands()).entrySet()) {
      if (!e.getValue().getCommandName().equals(e.getKey())) {
        continue; // an alias
      }
      List<String> w = new ArrayList<>(words);
      w.add(e.getKey());
      walk(e.getValue(), w, into);
    }
  }

  static boolean takesFile(ArgSpec a) {
    if (a.type() == boolean.class || a.type() == Boolean.class) {
      return false;
    }
    for (Class<?> t : a.auxiliaryTypes()) {
      if (t == Path.class || t == File.class) {
        return true;
      }
    }
    if (a.type() == Path.class || a.type() == File.class) {
      return true;
    }
    if (a instanceof OptionSpec o) {
      for (String n : o.names()) {
        if (FILE_NAMES.contains(n)) {
          return true;
        }
      }
      return false;
    }
    return FILE_LABELS.contains(a.paramLabel());
  }

  static String argName(ArgSpec a) {
    return a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
  }

  static boolean isOutput(ArgSpec a) {
    return a instanceof OptionSpec o && o.names().length > 0
        && java.util.Arrays.stream(o.names()).anyMatch(OUTPUTS::contains);
  }

  // ------------------------------------------------------------------ help

  @TestFactory
  Stream<DynamicTest> everyCommandAnswersHelp() {
    List<Cmd> cmds = commands();
    assertTrue(cmds.size() >= 20, "the model lists " + cmds.size() + " commands");
    return cmds.stream().flatMap(c -> Stream.of("--help", "-h").map(flag ->
        DynamicTest.dynamicTest(c.name() + " " + flag, () -> {
          List<String> args = new ArrayList<>(c.words());
          args.add(flag);
          Cli.Run r = Cli.run(args.toArray(String[]::new));
          assertEquals(Main.EXIT_OK, r.exit(), c.name() + " " + flag + ":\n" + r.err());
          assertTrue(r.out().contains("Usage: pkixj"), c.name() + " " + flag + ":\n" + r.out());
          assertEquals("", r.err(), c.name() + " " + flag);
          r.assertNoStackTrace();
        })));
  }

  // ------------------------------------------------------------------ file options

  /** One run: the command, the option or parameter under test, the kind of bad input. */
  record Case(Cmd cmd, ArgSpec arg, Kind kind) {
    @Override
    public String toString() {
      return cmd.name() + " " + argName(arg) + " " + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (Cmd c : commands()) {
      if (!c.spec().subcommands().isEmpty()) {
        continue; // db, exception: their options are swept on each subcommand, which inherits them
      }
      for (ArgSpec a : c.spec().args()) {
        if (!takesFile(a)) {
          continue;
        }
        for (Kind k : Kind.values()) {
          cases.add(new Case(c, a, k));
        }
      }
    }
    return cases;
  }

  @Test
  void theSweepFindsTheFileOptionsOfEveryCommand() {
    Set<String> found = new java.util.TreeSet<>();
    for (Case c : cases()) {
      found.add(c.cmd().name() + " " + argName(c.arg()));
    }
    for (String expected : List.of("verify CERT", "verify --roots", "verify --db",
        "verify --config", "verify --ocsp-response", "check --roots", "check --db",
        "check --config", "config get --config", "config set --config", "config unset --config",
        "config list --config",
        "conformance FILE", "conformance --mozpkix", "db status --db", "db check --db",
        "db repair --db", "db import --db", "db import FILE",
        "db export --output", "db trust CERT", "db distrust CERT", "exception add CERT",
        "exception add --config", "exception add --db", "exception list --db",
        "exception import FILE", "exception export --output", "batch INPUT", "batch --output",
        "batch --summary", "batch --report", "batch --roots", "sample --output",
        "verify --ct-logs", "verify --sct-list", "check --ct-logs", "batch --ct-logs",
        "crlite update --dir", "crlite status --dir", "verify --crl", "check --crl",
        "batch --crl")) {
      assertTrue(found.contains(expected), expected + " not found in " + found);
    }
  }

  /**
   * The exit status for {@code c}: 1 for bad input, except where something else is right (each
   * documented in docs/reliability.md).
   */
  static int expectedExit(Case c) {
    String cmd = c.cmd().name();
    String arg = argName(c.arg());
    Kind k = c.kind();
    if (isOutput(c.arg())) {
      // A file to write: a missing or existing file is (over)written; a directory is refused.
      return k == Kind.DIRECTORY ? Main.EXIT_USAGE : Main.EXIT_OK;
    }
    if (arg.equals("--config") && k == Kind.EMPTY) {
      // A settings file without a setting: the defaults. check then connects to the sweep's
      // silent server and times out (exit 1, naming the server: see expectedName).
      return cmd.equals("check") ? Main.EXIT_USAGE : Main.EXIT_OK;
    }
    if (arg.equals("--config") && k == Kind.MISSING && cmd.equals("config set")) {
      return Main.EXIT_OK; // set creates the settings file
    }
    if (arg.equals("--db") && k == Kind.MISSING && Set.of("db import", "db trust", "db distrust",
        "exception add", "exception import", "exception list", "exception export")
        .contains(cmd)) {
      return Main.EXIT_OK; // these create the database (list/export: no database, no exception)
    }
    if ((arg.equals("--state-dir") || arg.equals("--dir") || arg.equals("--crlite-dir"))
        && (k == Kind.MISSING
        || k == Kind.DIRECTORY)) {
      // A security-state directory: absent means nothing stored yet. check then connects to
      // the sweep's silent server and times out (exit 1, naming the server: see expectedName).
      return cmd.equals("check") ? Main.EXIT_USAGE : Main.EXIT_OK;
    }
    if (arg.equals("--mozpkix") && k == Kind.EMPTY) {
      return Main.EXIT_OK; // no Firefox verdicts: each limbo case is skipped, saying so
    }
    if (cmd.equals("batch") && arg.equals("INPUT") && k != Kind.MISSING) {
      // A directory is an input (of no record here); an empty file holds no record; garbage is
      // a malformed record in the results. The run completes: exit 0.
      return Main.EXIT_OK;
    }
    return Main.EXIT_USAGE;
  }

  /**
   * What the one line of a failed run names: the bad path, except for {@code check} given a
   * valid (empty) settings file, which gets past its files and times out on the silent server.
   */
  static String expectedName(Case c, String bad) {
    if (c.cmd().name().equals("check") && (argName(c.arg()).equals("--config")
        && c.kind() == Kind.EMPTY || argName(c.arg()).equals("--state-dir")
        && (c.kind() == Kind.MISSING || c.kind() == Kind.DIRECTORY))) {
      return ":" + silentServer.getLocalPort() + ": timed out";
    }
    return bad;
  }

  @TestFactory
  Stream<DynamicTest> everyFileOptionRefusesBadFilesWithoutChangingThem() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> sweep(c)));
  }

  private void sweep(Case c) throws IOException {
    Path dir = Files.createTempDirectory(shared, "case-");
    Fixture f = new Fixture(dir);
    // The bad path.
    String argName = argName(c.arg());
    Path bad = dir.resolve("bad-" + argName.replaceAll("[^A-Za-z0-9]", "") + (isOutput(c.arg())
        ? ".out" : ".in"));
    long seed = SEED ^ c.toString().hashCode();
    switch (c.kind()) {
      case MISSING -> { }
      case DIRECTORY -> Files.createDirectories(bad);
      case EMPTY -> Files.write(bad, new byte[0]);
      case GARBAGE -> {
        Random rnd = new Random(seed);
        byte[] g = new byte[64 + rnd.nextInt(4096)];
        rnd.nextBytes(g);
        g[0] = (byte) (0x80 | g[0]); // not '{', '-', '0' (SEQUENCE): binary from the first byte
        Files.write(bad, g);
      }
      default -> throw new AssertionError();
    }
    List<String> args = f.argsFor(c, bad.toString());
    String shown = "[" + c + "] seed " + SEED + ", pkixj " + String.join(" ", args);

    Map<Path, String> before = snapshot(dir);
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    Map<Path, String> after = snapshot(dir);

    int expected = expectedExit(c);
    assertEquals(expected, r.exit(), shown + "\nstdout: " + r.out() + "\nstderr: " + r.err());
    r.assertNoStackTrace();
    for (String s : List.of(r.out(), r.err())) {
      assertFalse(s.toLowerCase(java.util.Locale.ROOT).contains("internal error"), shown + "\n" + s);
      assertFalse(CLASS_NAME.matcher(s).find(), shown + ": an exception class name:\n" + s);
    }
    if (expected != Main.EXIT_OK) {
      List<String> lines = r.err().lines().toList();
      assertEquals(1, lines.size(), shown + ": one line on standard error:\n" + r.err());
      String named = expectedName(c, bad.toString());
      assertTrue(lines.get(0).contains(named), shown + ": the message names "
          + named + ":\n" + r.err());
    }
    // No file the command was given changed (a successful run may add files beside them: its
    // output, the summary); a failed run created nothing.
    for (Map.Entry<Path, String> e : before.entrySet()) {
      // config set writes the settings file it is given (when that is one), ct update the
      // security-state directory it is given: that is their job.
      boolean writes = isOutput(c.arg()) || (c.cmd().name().equals("config set")
          && argName(c.arg()).equals("--config")) || (c.cmd().name().equals("ct update")
          && argName(c.arg()).equals("--state-dir")) || (c.cmd().name().equals("crlite update")
          && argName(c.arg()).equals("--dir")) || (Set.of("update", "intermediates import",
          "intermediates remove", "onecrl import", "onecrl remove").contains(c.cmd().name())
          && Set.of("--state-dir", "--crlite-dir").contains(argName(c.arg())));
      boolean written = writes && e.getKey().equals(bad) && r.exit() == Main.EXIT_OK;
      boolean caseDir = e.getKey().equals(dir) && r.exit() == Main.EXIT_OK;
      if (!written && !caseDir) {
        assertEquals(e.getValue(), after.get(e.getKey()), shown + ": " + e.getKey() + " changed");
      }
    }
    if (r.exit() != Main.EXIT_OK) {
      assertEquals(before.keySet(), after.keySet(), shown + ": a failed run created or removed "
          + "files");
    }
  }

  static final Pattern CLASS_NAME = Pattern.compile(
      "\\b(java|javax|sun|jdk|com\\.sun|dev\\.pkixj|picocli)\\.[a-z]+\\.|\\b[A-Z][A-Za-z0-9]*"
          + "(Exception|Error)\\b");

  /** Every file's SHA-256 and every directory's listing under {@code dir}. */
  static Map<Path, String> snapshot(Path dir) throws IOException {
    Map<Path, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        if (Files.isDirectory(p)) {
          try (Stream<Path> l = Files.list(p)) {
            m.put(p, "dir:" + l.map(x -> x.getFileName().toString()).sorted().toList());
          }
        } else {
          m.put(p, sha256(Files.readAllBytes(p)));
        }
      }
    }
    return m;
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ valid values

  /** A case's directory with valid inputs for every command; the database and settings in it. */
  static final class Fixture {
    final Path dir;
    final Path chain;
    final Path roots;
    final Path leaf;
    final Path db;
    final Path config;
    final Path overrides;
    final Path batchInput;
    final Path batchRoots;
    final Path limbo;
    final Path ctLogList;
    final Path intermediatesPem;
    final Path oneCrlJson;

    Fixture(Path dir) throws IOException {
      this.dir = dir;
      chain = write("chain.pem", Cli.samplePem("chain"));
      roots = write("roots.pem", Cli.samplePem("roots"));
      leaf = write("leaf.pem", firstBlock(Cli.samplePem("chain")));
      config = write("config.properties", ""); // no setting: the defaults
      db = dir.resolve("certdb");
      ok(Cli.run("db", "import", roots.toString(), "--db", db.toString()));
      ok(Cli.run("exception", "add", VerifyCommand.SAMPLE_HOST, "--sha256", "AB".repeat(32),
          "--db", db.toString(), "--config", config.toString()));
      overrides = dir.resolve("cert_override.txt");
      ok(Cli.run("exception", "export", "--db", db.toString(), "-o", overrides.toString()));
      batchInput = dir.resolve("corpus.ndjson");
      Files.copy(corpus, batchInput);
      batchRoots = dir.resolve("corpus.ndjson.roots.pem");
      Files.copy(SampleCommand.rootsFile(corpus), batchRoots);
      limbo = write("limbo.json", "{\"version\":1,\"testcases\":[]}\n");
      ctLogList = dir.resolve("log_list.json");
      try (java.io.InputStream in = dev.pkixj.verifier.ct.KnownLogs.class
          .getResourceAsStream("log_list.json")) {
        Files.copy(in, ctLogList);
      }
      intermediatesPem = write("intermediates.pem", SecurityStateTestServer.CA1.pem());
      oneCrlJson = write("onecrl.json", "[" + SecurityStateTestServer.oneCrlRecord("a",
          SecurityStateTestServer.CA1, 1) + "]");
    }

    private Path write(String name, String text) throws IOException {
      return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private static String firstBlock(String pem) {
      String end = "-----END CERTIFICATE-----";
      return pem.substring(0, pem.indexOf(end) + end.length()) + "\n";
    }

    private static void ok(Cli.Run r) {
      if (r.exit() != Main.EXIT_OK) {
        fail("fixture: " + r.out() + r.err());
      }
    }

    /**
     * Valid arguments for {@code c}'s command, as ordered option → values (a positional
     * parameter under its label), with {@code bad} in place of the argument under test.
     */
    List<String> argsFor(Case c, String bad) {
      String cmd = c.cmd().name();
      Map<String, List<String>> a = new LinkedHashMap<>();
      List<String> positional = new ArrayList<>();
      String host = VerifyCommand.SAMPLE_HOST;
      String time = VerifyCommand.SAMPLE_TIME;
      switch (cmd) {
        case "verify" -> {
          positional.add(chain.toString());
          a.put("--roots", List.of(roots.toString()));
          a.put("--host", List.of(host));
          a.put("--time", List.of(time));
          a.put("--config", List.of(config.toString()));
        }
        case "check" -> {
          positional.add("localhost:" + silentServer.getLocalPort());
          a.put("--roots", List.of(roots.toString()));
          a.put("--timeout", List.of("1"));
        }
        case "conformance" -> positional.add(limbo.toString());
        case "db", "db status", "db check", "db export", "db list", "db repair" -> { }
        case "db import" -> positional.add(roots.toString());
        case "db trust", "db distrust" -> positional.add(leaf.toString());
        case "exception add" -> {
          positional.add(host);
          positional.add(chain.toString());
          a.put("--roots", List.of(roots.toString()));
          a.put("--time", List.of(time));
          a.put("--config", List.of(config.toString()));
        }
        case "exception list", "exception export" -> { }
        case "config get", "config unset" -> {
          positional.add("hsts.hosts");
          a.put("--config", List.of(config.toString()));
        }
        case "config set" -> {
          positional.add("hsts.hosts");
          positional.add("a.example.test");
          a.put("--config", List.of(config.toString()));
        }
        case "config list" -> a.put("--config", List.of(config.toString()));
        case "exception remove" -> positional.add(host);
        case "exception import" -> positional.add(overrides.toString());
        case "batch" -> {
          positional.add(batchInput.toString());
          a.put("--roots", List.of(batchRoots.toString()));
          a.put("--time", List.of(time));
          a.put("--threads", List.of("1"));
        }
        case "sample" -> {
          a.put("--output", List.of(dir.resolve("sample.ndjson").toString()));
          a.put("--chains", List.of("4"));
          a.put("--threads", List.of("1"));
        }
        case "ct logs" -> a.put("--state-dir", List.of(dir.resolve("state").toString()));
        case "ct update" -> {
          positional.add(ctLogList.toString());
          a.put("--state-dir", List.of(dir.resolve("state").toString()));
        }
        case "crlite status" -> a.put("--dir", List.of(dir.resolve("crlite").toString()));
        case "crlite update" -> {
          a.put("--from", List.of(crliteServer.url()));
          a.put("--dir", List.of(dir.resolve("crlite").toString()));
          a.put("--timeout", List.of("20"));
        }
        case "update" -> {
          a.put("--from", List.of(updateServer.url()));
          a.put("--state-dir", List.of(dir.resolve("state").toString()));
          a.put("--crlite-dir", List.of(dir.resolve("crlite").toString()));
          a.put("--timeout", List.of("20"));
        }
        case "intermediates import" -> {
          positional.add(intermediatesPem.toString());
          a.put("--state-dir", List.of(dir.resolve("state").toString()));
        }
        case "onecrl import" -> {
          positional.add(oneCrlJson.toString());
          a.put("--state-dir", List.of(dir.resolve("state").toString()));
        }
        case "intermediates list", "onecrl list" ->
            a.put("--state-dir", List.of(dir.resolve("state").toString()));
        case "intermediates remove", "onecrl remove" -> {
          positional.add("--all");
          a.put("--state-dir", List.of(dir.resolve("state").toString()));
        }
        default -> fail("no valid arguments known for " + cmd + ": add them to the sweep");
      }
      if (!cmd.equals("check") && c.cmd().spec().findOption("--db") != null) {
        a.put("--db", List.of(db.toString()));
      }
      // --crl belongs to the strict profile (docs/strict-profile.md): without it, it is refused
      // before the file is read.
      if (c.arg() instanceof OptionSpec o && o.longestName().equals("--crl")) {
        a.put("--profile", List.of("strict"));
      }
      // The argument under test (none: every value valid).
      if (c.arg() == null) {
        // nothing to replace
      } else if (c.arg() instanceof PositionalParamSpec p) {
        int index = p.index().min();
        while (positional.size() <= index) {
          positional.add(bad);
        }
        positional.set(index, bad);
      } else {
        OptionSpec o = (OptionSpec) c.arg();
        String name = o.longestName();
        String replaced = null;
        for (String n : o.names()) {
          if (a.containsKey(n)) {
            replaced = n;
          }
        }
        if (replaced != null) {
          a.remove(replaced);
        }
        a.put(name, List.of(bad));
      }
      List<String> args = new ArrayList<>(c.cmd().words());
      args.addAll(positional);
      for (Map.Entry<String, List<String>> e : a.entrySet()) {
        for (String v : e.getValue()) {
          args.add(e.getKey());
          args.add(v);
        }
      }
      return args;
    }
  }

  /** With every file valid, each command succeeds: the filled-in values are not the failure. */
  @TestFactory
  Stream<DynamicTest> theFilledInValuesAreValid() {
    return commands().stream()
        .filter(c -> c.spec().subcommands().isEmpty())
        .filter(c -> c.spec().args().stream().anyMatch(CliSweepTest::takesFile))
        .filter(c -> !c.name().equals("check")) // it needs a TLS server
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
          Fixture f = new Fixture(Files.createTempDirectory(shared, "valid-"));
          List<String> args = f.argsFor(new Case(c, null, null), null);
          Cli.Run r = Cli.run(args.toArray(String[]::new));
          assertEquals(Main.EXIT_OK, r.exit(), String.join(" ", args) + "\n" + r.out() + r.err());
        }));
  }
}
