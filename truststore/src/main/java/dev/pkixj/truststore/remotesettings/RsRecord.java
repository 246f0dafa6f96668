package dev.pkixj.truststore.remotesettings;

import dev.pkixj.truststore.json.JsonObject;
import java.util.Optional;

/**
 * One record of a Remote Settings collection: its id, {@code last_modified}, whether it is a
 * tombstone ({@code deleted: true}), its attachment if it has one, and the whole object for the
 * collection's own members.
 */
public record RsRecord(String id, long lastModified, boolean deleted,
    Optional<Attachment> attachment, JsonObject json) {
}
