package dev.pkixj.truststore.remotesettings;

import dev.pkixj.truststore.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * A collection's changeset ({@code GET …/changeset}): the collection's timestamp, its metadata
 * (with the content signature, not checked yet: docs/crlite.md) and its records, tombstones
 * included when {@code _since} was given.
 *
 * @param url the URL it was fetched from
 */
public record Changeset(String url, long timestamp, Optional<JsonObject> metadata,
    List<RsRecord> records) {
  public Changeset {
    records = List.copyOf(records);
  }
}
