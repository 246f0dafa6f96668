package dev.pkixj.cli.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pkixj.cli.Cli;
import dev.pkixj.testdata.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fuzz targets for the command line's input readers, run in-process exactly as a user runs them:
 * {@code verify} reading a chain from standard input, {@code verify --roots FILE} reading the
 * roots, {@code conformance FILE} reading a corpus, and {@code db import FILE}.
 *
 * <p>Rule: the exit status is 0, 1 or 2 as documented; nothing prints a Java stack trace or an
 * "internal error"; a bad input (exit 1) gets a message on standard error that names the file;
 * a verdict (0 or 2) is printed as complete JSON; conformance never reports a HANG or an
 * EXCEPTION for any case.
 */
class CliFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TIME = "2026-06-01T00:00:00Z";
  private static final Path DIR = scratch();
  private static final Path ROOTS = write("roots.pem", (TestPki.ec().root().pem()
      + TestPki.rsa().root().pem() + TestPki.mixed().root().pem())
      .getBytes(StandardCharsets.US_ASCII));
  private static final Path CHAIN = write("chain.pem", (TestPki.ec().leaf().pem()
      + TestPki.ec().intermediate().pem()).getBytes(StandardCharsets.US_ASCII));

  /**
   * Runs the command line. Jazzer's agent logs the classes it instruments to standard error
   * ("INFO: ..."); those lines are not the program's and are dropped.
   */
  static Cli.Run run(byte[] stdin, String... args) {
    Cli.Run r = Cli.runWithStdin(stdin, args);
    String err = r.err().lines().filter(l -> !l.startsWith("INFO: ") && !l.startsWith("WARN: "))
        .collect(java.util.stream.Collectors.joining("\n"));
    return new Cli.Run(r.exit(), r.out(), err);
  }

  @FuzzTest
  void verifyInput(byte[] data) {
    Cli.Run r = run(data, "verify", "-", "--roots", ROOTS.toString(), "--time",
        TIME, "--host", TestPki.LEAF_HOST, "--json");
    checkVerify(r, "<stdin>", data);
  }

  @FuzzTest
  void rootsFile(byte[] data) {
    Path roots = write("fuzz-roots.pem", data);
    Cli.Run r = run(new byte[0], "verify", CHAIN.toString(), "--roots", roots.toString(),
        "--time", TIME,
        "--host", TestPki.LEAF_HOST, "--json");
    checkVerify(r, roots.toString(), data);
  }

  private static void checkVerify(Cli.Run r, String file, byte[] data) {
    common(r, data);
    if (r.exit() == 1) {
      require(r.err().contains(file), "the message does not name " + file + ": " + r.err());
      return;
    }
    require(r.exit() == 0 || r.exit() == 2, "exit " + r.exit());
    JsonNode o = json(r.out().trim());
    require(o.path("valid").isBoolean() && o.path("valid").asBoolean() == (r.exit() == 0),
        "valid does not match the exit status: " + r.out());
    require(o.path("explanation").isObject(), "no explanation: " + r.out());
  }

  @FuzzTest
  void conformanceFile(byte[] data) {
    Path corpus = write("corpus.jsonl", data);
    Cli.Run r = run(new byte[0], "conformance", "--timeout", "10", corpus.toString());
    common(r, data);
    require(r.exit() == 0 || r.exit() == 1, "exit " + r.exit());
    if (r.exit() == 1) {
      require(r.err().contains(corpus.toString()), "the message does not name the file: "
          + r.err());
    }
    String[] lines = r.out().split("\n");
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode o = json(line);
      String actual = o.path("actual").asText("");
      require(!actual.equals("HANG") && !actual.equals("EXCEPTION"),
          "a case hung or threw: " + line);
    }
    require(json(lines[lines.length - 1]).isObject(), "no summary line");
  }

  @FuzzTest
  void dbImport(byte[] data) {
    Path db = DIR.resolve("certdb");
    for (String suffix : new String[] {"", ".lock", ".events"}) {
      delete(DIR.resolve("certdb" + suffix));
    }
    Path in = write("import.pem", data);
    Cli.Run r = run(new byte[0], "db", "import", "--db", db.toString(), in.toString());
    common(r, data);
    require(r.exit() == 0 || r.exit() == 1, "exit " + r.exit());
    if (r.exit() == 1 || !r.err().isEmpty()) {
      require(r.err().contains(in.toString()), "the message does not name the file: " + r.err());
    }
  }

  /**
   * No stack trace, exception class name or "internal error" in the output, unless the input
   * itself holds that text (messages may quote the input, and the fuzzer learns the strings this
   * check looks for).
   */
  static void common(Cli.Run r, byte[] input) {
    String in = new String(input, StandardCharsets.ISO_8859_1) + new String(input,
        StandardCharsets.UTF_8);
    for (String text : new String[] {r.out(), r.err()}) {
      java.util.regex.Matcher m = LEAK.matcher(text);
      while (m.find()) {
        require(in.contains(m.group().trim()), "leaked: " + m.group() + " in\n" + text);
      }
    }
  }

  private static final java.util.regex.Pattern LEAK = java.util.regex.Pattern.compile(
      "internal error|Exception in thread|\\tat [a-z]|\\bat [a-z]+\\.[a-zA-Z.$]+\\("
      + "|\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b");

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  private static Path scratch() {
    try {
      Path shm = Path.of("/dev/shm");
      Path d = Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "pkixj-cli-fuzz-")
          : Files.createTempDirectory("pkixj-cli-fuzz-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d)));
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(String name, byte[] data) {
    try {
      return Files.write(DIR.resolve(name), data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path d) {
    try (Stream<Path> s = Files.walk(d)) {
      s.sorted(Comparator.reverseOrder()).forEach(CliFuzzTest::delete);
    } catch (IOException | UncheckedIOException e) {
      // best effort at exit
    }
  }
}
