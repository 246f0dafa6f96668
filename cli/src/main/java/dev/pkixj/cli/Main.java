package dev.pkixj.cli;

import dev.pkixj.cli.conformance.ConformanceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code pkixj}: verify certificate chains the way Firefox does, explain Firefox's error codes,
 * and run conformance corpora.
 *
 * <p>Exit status, for every subcommand: 0 success (for {@code verify}: the chain is valid), 2 the
 * chain was rejected, 1 a usage or input error (reported in one line on standard error, never as a
 * stack trace), 3 an internal error: a bug in pkixj, not a problem with the input (also reported in
 * one line on standard error, starting with "internal error").
 */
@Command(
    name = "pkixj",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_INTERNAL,
    description = "Verifies X.509 certificate chains with Firefox's (mozilla::pkix) rules and "
        + "error codes.",
    subcommands = {
        VerifyCommand.class,
        CheckCommand.class,
        ExplainCommand.class,
        ConformanceCommand.class,
        DbCommand.class,
        ExceptionCommand.class,
        ConfigCommand.class,
        CtCommand.class,
        CrliteCommand.class,
        UpdateCommand.class,
        IntermediatesCommand.class,
        OnecrlCommand.class,
        dev.pkixj.cli.batch.BatchCommand.class,
        dev.pkixj.cli.batch.SampleCommand.class,
        CommandLine.HelpCommand.class
    },
    footer = {"", "Exit status: 0 valid, 2 rejected, 1 usage or input error, 3 internal error."})
public final class Main extends CommandGroup {
  /** The chain is valid (or the command succeeded). */
  public static final int EXIT_OK = 0;
  /** A usage or input error. */
  public static final int EXIT_USAGE = 1;
  /** The chain was rejected (openssl verify uses 2 as well). */
  public static final int EXIT_REJECTED = 2;
  /**
   * An internal error: an unexpected exception escaped a command, a bug in pkixj rather than a
   * problem with the input. Distinct from {@link #EXIT_USAGE} so that a crash never passes for a
   * usage error.
   */
  public static final int EXIT_INTERNAL = 3;


  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with every command and nested subcommand ({@code db trust}, {@code
   * exception add}, …) exiting {@link #EXIT_USAGE} on a usage error (picocli's default, 2, would
   * read as "rejected") and {@link #EXIT_INTERNAL} when an exception escapes a command, reported
   * in one line instead of picocli's stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine root = new CommandLine(new Main());
    exitCodes(root);
    root.setExecutionExceptionHandler(Main::internalError);
    return root;
  }

  private static void exitCodes(CommandLine c) {
    c.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
    c.getCommandSpec().exitCodeOnExecutionException(EXIT_INTERNAL);
    for (CommandLine sub : c.getSubcommands().values()) {
      exitCodes(sub);
    }
  }

  /** An exception that escaped a command: one line naming it, exit {@link #EXIT_INTERNAL}. */
  private static int internalError(Exception e, CommandLine c, CommandLine.ParseResult parsed) {
    java.io.PrintWriter err = c.getErr();
    err.println(c.getCommandSpec().qualifiedName() + ": internal error: " + e);
    err.flush();
    return EXIT_INTERNAL;
  }

  /** The version from the jar manifest, when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"pkixj " + (v == null ? "(development build)" : v)};
    }
  }
}
