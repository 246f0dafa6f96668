package dev.pkixj.batch;

/** A record that cannot be read; the message says why in one line (no stack trace is kept). */
public final class MalformedRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String message) {
    super(message, null, false, false);
  }
}
