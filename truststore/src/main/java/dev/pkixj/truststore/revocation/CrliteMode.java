package dev.pkixj.truststore.revocation;

import java.util.Locale;

/**
 * Firefox's {@code security.pki.crlite_mode} (spec firefox-ct-crlite.md B1; docs/crlite.md).
 */
public enum CrliteMode {
  /** 0: CRLite is not consulted. */
  OFF,
  /** 1: consulted and recorded, never acted on (the OCSP logic runs as without CRLite). */
  TELEMETRY,
  /**
   * 2: a covered answer (revoked or good) is final for the end-entity, and soft-fail OCSP is
   * never fetched for chains to a built-in root.
   */
  ENFORCE;

  /** The name used on the command line and in JSON: off, telemetry, enforce. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code s} (off, telemetry, enforce; any case), or null. */
  public static CrliteMode parse(String s) {
    if (s == null) {
      return null;
    }
    for (CrliteMode m : values()) {
      if (m.jsonName().equals(s.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    return null;
  }
}
