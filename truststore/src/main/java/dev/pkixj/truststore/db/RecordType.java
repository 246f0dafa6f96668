package dev.pkixj.truststore.db;

/** The record types of format version 1 (docs/certdb-format.md §3). */
public enum RecordType {
  /** Generation and creation time of this file (first record of every written file). */
  META(0x01),
  /** A user-added certificate with its trust; key = SHA-256 of the DER. */
  CERT(0x10),
  /** Removes the {@link #CERT} with this SHA-256. */
  CERT_TOMBSTONE(0x11),
  /**
   * Written by salvage: the latest record for this SHA-256 was lost, so its state is uncertain and
   * it is treated as distrusted until the user puts or removes it again.
   */
  SUSPECT(0x12),
  /** A certificate exception; key = port (2 bytes) + host (UTF-8). */
  OVERRIDE(0x20),
  /** Removes the {@link #OVERRIDE} for this host and port. */
  OVERRIDE_TOMBSTONE(0x21),
  /** An intermediate seen in a verified chain (a cache, never trusted); key = SHA-256 of the DER. */
  INTERMEDIATE(0x30),
  /** Forgets the {@link #INTERMEDIATE} with this SHA-256. */
  INTERMEDIATE_TOMBSTONE(0x31),
  /** A type code 0x80-0xFF written by a later version: skipped when read, copied on compaction. */
  EXTENSION(-1);

  private final int code;

  RecordType(int code) {
    this.code = code;
  }

  /** The type byte in the file (-1 for {@link #EXTENSION}, which covers 0x80-0xFF). */
  public int code() {
    return code;
  }

  /** The type for a type byte, or null for an unknown code below 0x80. */
  static RecordType of(int code) {
    if (code >= 0x80) {
      return EXTENSION;
    }
    for (RecordType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** True for the types keyed by a certificate SHA-256 that carry trust (CERT, tombstone, SUSPECT). */
  boolean isCertTrust() {
    return this == CERT || this == CERT_TOMBSTONE || this == SUSPECT;
  }

  boolean isOverride() {
    return this == OVERRIDE || this == OVERRIDE_TOMBSTONE;
  }

  boolean isIntermediate() {
    return this == INTERMEDIATE || this == INTERMEDIATE_TOMBSTONE;
  }
}
