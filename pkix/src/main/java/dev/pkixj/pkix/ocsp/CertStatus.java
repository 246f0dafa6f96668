package dev.pkixj.pkix.ocsp;

/**
 * The status an OCSP response gives for a certificate (RFC 6960 {@code CertStatus}), after
 * mozilla::pkix's precedence over several matching SingleResponses: revoked beats good, good
 * beats unknown.
 */
public enum CertStatus {
  GOOD,
  REVOKED,
  UNKNOWN
}
