package dev.pkixj.cli.conformance;

/** A corpus file cannot be read, or is not any of the known schemas. One-line message. */
public final class CorpusException extends Exception {
  private static final long serialVersionUID = 1L;

  public CorpusException(String message) {
    super(message, null, false, false);
  }
}
