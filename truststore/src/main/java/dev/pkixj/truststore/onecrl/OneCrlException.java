package dev.pkixj.truststore.onecrl;

/**
 * A OneCRL file or answer that cannot be used at all: not JSON, too large, of the wrong shape, a
 * record of the wrong type. The message is one line naming the file (or URL), where in it (the
 * JSON path or record id) and what was wrong, and is meant to be shown as it is. Nothing of such
 * an input is used (records with only an unusable key are not errors: they are skipped with a
 * warning, as Firefox skips them).
 */
public final class OneCrlException extends Exception {
  private static final long serialVersionUID = 1L;

  public OneCrlException(String message) {
    super(message);
  }
}
