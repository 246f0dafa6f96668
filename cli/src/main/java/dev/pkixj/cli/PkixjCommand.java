package dev.pkixj.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of every {@code pkixj} command that does something: it owns the output streams, the
 * exit status and the one-line error report, so that each command only says what it does.
 *
 * <p>{@link #run} returns the exit status ({@link Main#EXIT_OK}, {@link Main#EXIT_REJECTED}, …).
 * What it throws is reported in one line on standard error, prefixed with the command's full name
 * ({@code pkixj db import: …}): an input error ({@link CliException}, an {@link IOException}, or
 * what {@link #inputError} recognises) exits {@link Main#EXIT_USAGE}; anything else is a bug in
 * pkixj, reported as {@code internal error: …} with exit {@link Main#EXIT_INTERNAL}. Both streams
 * are flushed on every path. The exit codes are stated once, in {@link Main}.
 */
public abstract class PkixjCommand implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  /**
   * The command's work.
   *
   * @param out standard output (results)
   * @param err standard error (one-line reports)
   * @return the exit status
   */
  protected abstract int run(PrintWriter out, PrintWriter err) throws Exception;

  @Override
  public final Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (Exception | StackOverflowError e) {
      String reason = e instanceof Exception x ? inputError(x) : null;
      if (reason != null) {
        err.println(name() + ": " + reason);
        return Main.EXIT_USAGE;
      }
      err.println(name() + ": internal error: " + e);
      return Main.EXIT_INTERNAL;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The command's full name, as every message starts: {@code pkixj db import}. */
  protected final String name() {
    return spec.qualifiedName();
  }

  /**
   * The one-line reason for an exception that is the user's problem, or null for one that is a
   * bug. Subclasses add the exceptions of their domain (a file that is not a database, …).
   */
  protected String inputError(Exception e) {
    if (e instanceof CliException) {
      return e.getMessage();
    }
    if (e instanceof IOException io) {
      // The file the operation was on, when the exception knows it; never the class name.
      String file = io instanceof java.nio.file.FileSystemException f && f.getFile() != null
          ? f.getFile() + ": " : "";
      return file + CertFiles.reason(io);
    }
    return null;
  }
}
