package dev.pkixj.truststore.json;

/**
 * JSON that is not well-formed, breaks one of {@link JsonReader}'s limits, or does not have the
 * shape a reader of it expects. The message names where (line and column, 1-based; or the path
 * of the value) and what was wrong, and is meant to be shown as it is.
 */
public final class JsonException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  /** An error at a position in the text; the message is prefixed with the position. */
  public JsonException(int line, int column, String what) {
    super("line " + line + ", column " + column + ": " + what);
    this.line = line;
    this.column = column;
  }

  /** An error about a value's shape, with no position of its own (the message names it). */
  public JsonException(String message) {
    super(message);
    this.line = 0;
    this.column = 0;
  }

  /** 1-based line of the error, or 0 when it concerns a value's shape. */
  public int line() {
    return line;
  }

  /** 1-based column (in characters) of the error, or 0 when it concerns a value's shape. */
  public int column() {
    return column;
  }
}
