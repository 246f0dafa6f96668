package dev.pkixj.pkix;

/** What the TrustDomain says of a certificate (mozilla::pkix {@code TrustLevel}). */
public enum TrustLevel {
  /** Actively distrusted: the build fails with {@link Result#SEC_ERROR_UNTRUSTED_CERT}. */
  ACTIVELY_DISTRUSTED,
  /** A trust anchor: path building ends here, with no signature or revocation check. */
  TRUST_ANCHOR,
  /** Trusted only through a chain to an anchor. */
  INHERITS_TRUST
}
