package dev.pkixj.truststore.intermediates;

/**
 * A preloaded-intermediates input (a PEM or DER file, a collection export, an attachments
 * bundle, a Remote Settings record) cannot be used. The message is one line naming the file (or
 * record) and what was wrong where; nothing of the input was imported.
 */
public final class IntermediatesException extends Exception {
  private static final long serialVersionUID = 1L;

  public IntermediatesException(String message) {
    super(message);
  }
}
