package dev.pkixj.truststore.crlite;

/**
 * What CRLite says about one certificate (Firefox's cert_storage states; spec
 * firefox-ct-crlite.md B1). {@link Clubcard#query} gives one of the first four; {@link
 * CrliteFilters#query} also gives {@link #NO_FILTER}.
 */
public enum CrliteStatus {
  /** The certificate is in the filter's revoked set. */
  REVOKED,
  /** The filter covers the certificate and it is not revoked. */
  GOOD,
  /** A timestamp is covered but the filter has no block for the issuer. */
  NOT_ENROLLED,
  /** No (log id, timestamp) of the certificate lies in the filter's coverage. */
  NOT_COVERED,
  /** No filter loaded, or the filters are older than the freshness limit. */
  NO_FILTER;

  /** Whether the result decides revocation (Firefox's "covered"): revoked or good. */
  public boolean covered() {
    return this == REVOKED || this == GOOD;
  }
}
