package dev.pkixj.truststore.db;

import java.util.HexFormat;

/**
 * A record that was in the file (or must have been) but could not be kept.
 *
 * @param type its type when its header survived (or was plausibly read, see {@code
 *     headerVerified}); null when nothing of it could be identified
 * @param sha256 the certificate SHA-256 for the certificate types, else null
 * @param host the host for the override types, else null
 * @param port the port for the override types, else 0
 * @param offset where it started in the damaged file; -1 when it is missing entirely
 * @param length its length in bytes when known, else the length of the damaged region, or 0
 * @param headerVerified true when type and key come from a header whose own CRC-32C checked out;
 *     false when they were read from a damaged header (a best guess) or are unknown
 * @param reason why it was not kept
 */
public record LostRecord(RecordType type, byte[] sha256, String host, int port, long offset,
    long length, boolean headerVerified, String reason) {

  /**
   * True when this lost record may have weakened security: it could have been a distrust (or the
   * removal of an anchor or of an exception) and nothing later superseded it. Lost records of
   * unknown type are counted as possibly security-relevant.
   */
  public boolean mayHaveBeenDistrust() {
    return type == null || type.isCertTrust() || type.isOverride();
  }

  /** A short description: type and key where known. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(type == null ? "unidentified record" : type.name());
    if (sha256 != null) {
      sb.append(" sha256=").append(HexFormat.of().formatHex(sha256));
    }
    if (host != null) {
      sb.append(" host=").append(host).append(':').append(port);
    }
    if (type != null && !headerVerified) {
      sb.append(" (read from a damaged header, unverified)");
    }
    if (offset >= 0) {
      sb.append(" at offset ").append(offset);
    }
    sb.append(": ").append(reason);
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
