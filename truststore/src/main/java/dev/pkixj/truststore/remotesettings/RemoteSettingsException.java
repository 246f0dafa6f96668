package dev.pkixj.truststore.remotesettings;

import java.util.OptionalLong;

/**
 * A Remote Settings request that failed or answered something unusable (docs/crlite.md "Filters
 * on disk and updates"), or a collection whose content signature does not verify
 * (docs/remote-settings.md). The message is one line naming the URL (or the collection) and
 * what was wrong. When the server asked the client to back off ({@code Retry-After} or {@code
 * Backoff} on an error answer), {@link #retryAfterSeconds()} says for how long.
 */
public final class RemoteSettingsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  public RemoteSettingsException(String message) {
    this(message, -1);
  }

  /**
   * @param retryAfterSeconds how long the server asked the client to wait, or a negative value
   *     when it did not
   */
  public RemoteSettingsException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** How long the server asked the client to wait before the next request, if it did. */
  public OptionalLong retryAfterSeconds() {
    return retryAfterSeconds >= 0 ? OptionalLong.of(retryAfterSeconds) : OptionalLong.empty();
  }

  RemoteSettingsException(String message, OptionalLong retryAfter) {
    this(message, retryAfter.orElse(-1));
  }
}
