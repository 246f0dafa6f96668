package dev.pkixj.truststore.remotesettings;

import dev.pkixj.truststore.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * A collection's changeset ({@code GET …/changeset}): the collection's timestamp, its metadata
 * (with the content signature, docs/remote-settings.md) and its records, tombstones included
 * when {@code _since} was given.
 *
 * @param url the URL it was fetched from
 * @param backoffSeconds the server's {@code Backoff} header: how many seconds a client should
 *     wait before polling again (0 when absent; at most {@link
 *     RemoteSettingsClient#MAX_BACKOFF_SECONDS})
 * @param signatureVerified whether the client verified the content signature of these records
 */
public record Changeset(String url, long timestamp, Optional<JsonObject> metadata,
    List<RsRecord> records, long backoffSeconds, boolean signatureVerified) {
  public Changeset {
    records = List.copyOf(records);
  }

  /** A changeset as parsed, with no Backoff and no signature checked. */
  public Changeset(String url, long timestamp, Optional<JsonObject> metadata,
      List<RsRecord> records) {
    this(url, timestamp, metadata, records, 0, false);
  }
}
