package dev.pkixj.truststore;

import java.time.Instant;
import java.util.Objects;

/**
 * One certificate with its trust: what importers produce and what the database stores.
 *
 * @param der the certificate (DER; not copied: treat as immutable)
 * @param trust its server-authentication trust
 * @param distrustAfter for an anchor: end-entities issued (notBefore) after this instant are
 *     refused with ISSUER_NO_LONGER_TRUSTED (certdata.txt CKA_NSS_SERVER_DISTRUST_AFTER); null
 *     when none
 * @param label a human-readable name (certdata.txt CKA_LABEL, keystore alias, file name), may be
 *     empty
 * @param source where it came from
 */
public record TrustEntry(byte[] der, Trust trust, Instant distrustAfter, String label,
    Source source) {
  public TrustEntry {
    Objects.requireNonNull(der, "der");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(source, "source");
    label = label == null ? "" : label;
  }
}
