package dev.pkixj.truststore.db;

/**
 * One valid record as read from (or about to be written to) the file.
 *
 * @param type its type
 * @param code the type byte (differs from {@code type.code()} only for {@link RecordType#EXTENSION})
 * @param key the key bytes (SHA-256, or port + host)
 * @param value the decoded body: a TrustEntry (CERT), CertOverride (OVERRIDE), the DER
 *     (INTERMEDIATE), a long[]{generation, createdMillis} (META), the reason String (SUSPECT),
 *     null for tombstones
 * @param offset where it starts in the file (-1 before it is written)
 * @param framed the whole record as framed bytes (kept for extensions and for writing; may be null
 *     for records read from the file other than extensions)
 */
record Rec(RecordType type, int code, byte[] key, Object value, long offset, byte[] framed) {
  Rec at(long off) {
    return new Rec(type, code, key, value, off, framed);
  }
}
