package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A crash is not a usage error: an exception that escapes a command is reported in one line
 * starting with the command and "internal error", with its own exit status, {@link
 * Main#EXIT_INTERNAL}, whether a command's own handler catches it or picocli's.
 */
class InternalErrorTest {
  @TempDir Path dir;

  /** A writer that fails (as a bug would) on any text that {@code trigger} accepts. */
  static final class FailingWriter extends Writer {
    final Predicate<String> trigger;
    final StringBuilder written = new StringBuilder();

    FailingWriter(Predicate<String> trigger) {
      this.trigger = trigger;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      String s = new String(buf, off, len);
      if (trigger.test(s)) {
        throw new IllegalStateException("forced by the test");
      }
      written.append(s);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  record Outcome(int exit, String out, String err) {}

  private static final Predicate<String> NEVER = s -> false;

  /** Runs {@code args}; standard output fails on outTrigger, standard error on errTrigger. */
  private static Outcome run(CommandLine cl, Predicate<String> outTrigger,
      Predicate<String> errTrigger, String... args) {
    FailingWriter out = new FailingWriter(outTrigger);
    FailingWriter err = new FailingWriter(errTrigger);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Outcome(exit, out.written.toString(), err.written.toString());
  }

  private static void assertInternal(Outcome o, String command) {
    assertEquals(Main.EXIT_INTERNAL, o.exit(), o.err());
    assertNotEquals(Main.EXIT_USAGE, Main.EXIT_INTERNAL);
    assertNotEquals(Main.EXIT_REJECTED, Main.EXIT_INTERNAL);
    List<String> lines = o.err().lines().toList();
    assertEquals(1, lines.size(), "one line: " + o.err());
    assertTrue(lines.get(0).startsWith(command + ": internal error: "), o.err());
    assertTrue(lines.get(0).contains("forced by the test"), o.err());
    assertFalse(o.err().contains("\tat "), o.err());
  }

  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("forced by the test");
    }
  }

  @Test
  void anExceptionThatEscapesACommandIsAnInternalErrorInOneLine() {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand("boom", new CommandLine(new Boom()));
    Outcome o = run(cl, NEVER, NEVER, "boom");
    assertInternal(o, "pkixj boom");
  }

  @Test
  void verifyReportsAnInternalErrorWithItsOwnStatus() {
    Outcome o = run(Main.commandLine(), s -> s.contains("Host:"), NEVER, "verify", "--sample");
    assertInternal(o, "pkixj verify");
  }

  @Test
  void dbSubcommandsReportAnInternalErrorWithItsOwnStatus() throws Exception {
    Path roots = dir.resolve("roots.pem");
    Files.writeString(roots, Cli.samplePem("roots"));
    Path db = dir.resolve("certdb");
    Cli.Run imp = Cli.run("db", "--db", db.toString(), "import", roots.toString());
    assertEquals(Main.EXIT_OK, imp.exit(), imp.err());
    Outcome o = run(Main.commandLine(), s -> s.contains("anchor"), NEVER, "db", "--db",
        db.toString(), "list");
    assertInternal(o, "pkixj db list");
  }

  @Test
  void exceptionSubcommandsReportAnInternalErrorWithItsOwnStatus() throws Exception {
    Path db = dir.resolve("certdb");
    Path config = java.nio.file.Files.createFile(dir.resolve("config.properties"));
    Outcome o = run(Main.commandLine(), s -> s.contains("added exception"), NEVER, "exception",
        "add", "h.example.test", "--sha256", "00".repeat(32), "--db", db.toString(), "--config",
        config.toString());
    assertInternal(o, "pkixj exception add");
  }

  @Test
  void sampleReportsAnInternalErrorWithItsOwnStatus() {
    Path out = dir.resolve("s.ndjson");
    // The report of what was written is the first thing it prints (a format, written in pieces).
    Outcome o = run(Main.commandLine(), NEVER, "pkixj sample: "::equals, "sample", "--chains", "3",
        "-o", out.toString());
    assertInternal(o, "pkixj sample");
  }

  @Test
  void everyCommandAndNestedSubcommandHasTheseStatuses() {
    List<String> checked = new java.util.ArrayList<>();
    java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>();
    todo.add(Main.commandLine());
    while (!todo.isEmpty()) {
      CommandLine c = todo.poll();
      String name = c.getCommandSpec().qualifiedName();
      assertEquals(Main.EXIT_INTERNAL, c.getCommandSpec().exitCodeOnExecutionException(), name);
      assertEquals(Main.EXIT_USAGE, c.getCommandSpec().exitCodeOnInvalidInput(), name);
      checked.add(name);
      todo.addAll(c.getSubcommands().values());
    }
    assertTrue(checked.containsAll(List.of("pkixj verify", "pkixj check", "pkixj db list",
        "pkixj exception add", "pkixj batch", "pkixj sample", "pkixj conformance")),
        checked.toString());
  }

  @Test
  void theExitStatusIsDocumentedInTheHelp() {
    StringWriter help = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(help, true));
    assertEquals(Main.EXIT_OK, cl.execute("--help"));
    assertTrue(help.toString().contains("3 internal error"), help.toString());
  }
}
