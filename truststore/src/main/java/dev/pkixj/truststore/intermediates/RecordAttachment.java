package dev.pkixj.truststore.intermediates;

import dev.pkixj.truststore.remotesettings.RsRecord;
import java.util.Objects;

/**
 * A record of the {@code security-state/intermediates} collection with its attachment's bytes
 * (the PEM file), as a Remote Settings update has downloaded them. The bytes are checked against
 * the record ({@link IntermediatesImport#fromRecords}) before anything is stored.
 */
public record RecordAttachment(RsRecord record, byte[] attachment) {
  public RecordAttachment {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(attachment, "attachment");
  }
}
