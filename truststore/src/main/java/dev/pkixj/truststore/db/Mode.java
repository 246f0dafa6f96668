package dev.pkixj.truststore.db;

/**
 * How the database is being used, in Firefox's fallback order (read-write, then read-only, then
 * memory-only, like {@code InitializeNSSWithFallbacks} ending in {@code NSS_NoDB_Init}).
 */
public enum Mode {
  /** The file is read and written; every write is durable when it returns. */
  READ_WRITE,
  /**
   * The file could be read but not written (directory or file not writable, lock file not
   * creatable). Writes throw {@link CertDbException}; {@link CertDb#reload()} still picks up
   * changes made by a process that can write.
   */
  READ_ONLY,
  /**
   * No usable file: the database lives in memory only. Writes are applied to the in-memory
   * snapshot and are lost when the process ends.
   */
  MEMORY_ONLY
}
