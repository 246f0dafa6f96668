package dev.pkixj.verifier.ct;

import java.util.Objects;

/**
 * One decoded v1 SignedCertificateTimestamp (RFC 6962 section 3.2), as Firefox's CTSerialization
 * decodes it: see the spec, part A2. Immutable; the arrays are not copied by the accessors of this
 * package's own code and must not be modified.
 *
 * @param logId the 32-byte log id
 * @param timestampMillis milliseconds since the epoch (an unsigned u64 on the wire; values past
 *     {@code Long.MAX_VALUE} are kept as the negative long of the same bits)
 * @param extensions the raw CtExtensions bytes (without their length prefix)
 * @param leafIndex the static-ct-api leaf_index extension's value, or -1 when absent
 * @param hashAlgorithm the TLS HashAlgorithm byte (4 = SHA-256)
 * @param signatureAlgorithm the TLS SignatureAlgorithm byte (1 = RSA, 3 = ECDSA)
 * @param signature the signature bytes (without their length prefix)
 * @param origin where the SCT came from
 */
public record Sct(byte[] logId, long timestampMillis, byte[] extensions, long leafIndex,
    int hashAlgorithm, int signatureAlgorithm, byte[] signature, SctOrigin origin) {

  public Sct {
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(extensions, "extensions");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(origin, "origin");
    if (logId.length != 32) {
      throw new IllegalArgumentException("a log id has 32 bytes, not " + logId.length);
    }
  }

  /** The timestamp in whole seconds, rounded down (as the newest Firefox compares it). */
  public long timestampSeconds() {
    return Long.divideUnsigned(timestampMillis, 1000);
  }
}
