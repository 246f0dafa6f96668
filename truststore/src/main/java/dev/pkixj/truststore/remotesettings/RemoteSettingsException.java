package dev.pkixj.truststore.remotesettings;

/**
 * A Remote Settings request that failed or answered something unusable (docs/crlite.md "Filters
 * on disk and updates"). The message is one line naming the URL and what was wrong.
 */
public final class RemoteSettingsException extends Exception {
  private static final long serialVersionUID = 1L;

  public RemoteSettingsException(String message) {
    super(message);
  }
}
