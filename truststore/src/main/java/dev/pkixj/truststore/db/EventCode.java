package dev.pkixj.truststore.db;

/** Stable codes for what the database did on its own; the names never change meaning. */
public enum EventCode {
  /**
   * The file ended in an incomplete write (the expected result of a crash or power loss during a
   * write that had not returned): the incomplete bytes were cut off. No acknowledged data was
   * affected; this is not corruption.
   */
  CERTDB_TORN_TAIL_TRUNCATED(false),
  /**
   * Complete, checksum-valid records were found after the last commit point (a crash between
   * syncing a record and syncing the header that commits it, or a damaged newest header copy):
   * they were adopted. Not corruption.
   */
  CERTDB_TAIL_RECOVERED(false),
  /**
   * Synced data was damaged (checksum, length, structure, certificate hash, truncation, header):
   * the file was moved aside as {@code <name>.corrupt-<UTC time>}, every record that checked out
   * was kept and a regenerated database was written from them.
   */
  CERTDB_CORRUPT_SALVAGED(true),
  /**
   * The file could not be read as a certificate database at all (no valid header and no valid
   * record, or an I/O error reading it): it was moved aside and an empty database was created.
   */
  CERTDB_UNREADABLE_REGENERATED(true),
  /** The file could not be opened for writing: the database is used read-only. */
  CERTDB_READ_ONLY_FALLBACK(false),
  /** The file could neither be written nor read (or created): the database lives in memory only. */
  CERTDB_MEMORY_ONLY_FALLBACK(false),
  /**
   * The file was written by a newer, incompatible format version: it is left untouched and the
   * database runs memory-only (the user's entries in that file are not applied).
   */
  CERTDB_NEWER_FORMAT(false);

  private final boolean corruption;

  EventCode(boolean corruption) {
    this.corruption = corruption;
  }

  /** True for the codes that mean synced data was found damaged. */
  public boolean isCorruption() {
    return corruption;
  }
}
