package dev.pkixj.cli;

/**
 * A usage or input problem to report to the user as one line (exit status 1). Carries no stack
 * trace: it is never printed as one.
 */
public final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  public CliException(String message) {
    super(message, null, false, false);
  }
}
