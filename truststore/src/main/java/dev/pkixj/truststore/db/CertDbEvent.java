package dev.pkixj.truststore.db;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Something the database did on its own: repaired a torn tail, salvaged a corrupted file, fell
 * back to read-only or memory-only.
 *
 * @param code the stable code
 * @param detectedAt when it happened
 * @param file the database file concerned
 * @param quarantinedFile where the damaged file was kept ({@code <name>.corrupt-<UTC time>}), or
 *     null when nothing was moved aside
 * @param kept how many records were kept from the file
 * @param lost the records that could not be kept (empty when none); for corruption events these
 *     are synced records the user had written
 * @param message a human-readable explanation naming the file and the records kept and lost
 */
public record CertDbEvent(EventCode code, Instant detectedAt, Path file, Path quarantinedFile,
    int kept, List<LostRecord> lost, String message) {
  public CertDbEvent {
    lost = List.copyOf(lost);
  }

  /** True when synced data was found damaged (see {@link EventCode#isCorruption()}). */
  public boolean isCorruption() {
    return code.isCorruption();
  }

  /** The records that could not be kept (same as {@link #lost()}). */
  public List<LostRecord> lostRecords() {
    return lost;
  }

  /** True when a lost record may have been a distrust or a removal (a possible weakening). */
  public boolean mayHaveLostDistrust() {
    return lost.stream().anyMatch(LostRecord::mayHaveBeenDistrust);
  }

  @Override
  public String toString() {
    return code + ": " + message;
  }
}
