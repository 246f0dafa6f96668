package dev.pkixj.verifier.ct;

/**
 * A CT log list that cannot be used: it does not parse, or a log in it is not sound (its id is
 * not SHA-256 of its key, its key is not an acceptable public key, two logs share an id…). The
 * message names the file (or URL) and, where it applies, the log, and is meant to be shown as it
 * is.
 */
public final class LogListException extends Exception {
  private static final long serialVersionUID = 1L;

  public LogListException(String message) {
    super(message);
  }
}
