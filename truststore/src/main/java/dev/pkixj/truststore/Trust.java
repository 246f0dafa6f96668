package dev.pkixj.truststore;

import java.util.Locale;

/**
 * The server-authentication trust of a stored certificate (NSS trust flags for TLS, spec §5/§8),
 * with a stable text form used in files and on the command line.
 */
public enum Trust {
  /** A trust anchor (NSS CKT_NSS_TRUSTED_DELEGATOR: VALID_CA|TRUSTED_CA). */
  ANCHOR("anchor"),
  /** Trusted only through its issuer (CKT_NSS_MUST_VERIFY_TRUST, or no trust record). */
  INHERIT("inherit"),
  /** Actively distrusted (CKT_NSS_NOT_TRUSTED: TERMINAL_RECORD only). */
  DISTRUSTED("distrusted");

  private final String text;

  Trust(String text) {
    this.text = text;
  }

  /** The stable text form ("anchor", "inherit", "distrusted"). */
  public String text() {
    return text;
  }

  /** Parses {@link #text()} (case-insensitive); null when unknown. */
  public static Trust parse(String s) {
    if (s == null) {
      return null;
    }
    String k = s.trim().toLowerCase(Locale.ROOT);
    for (Trust t : values()) {
      if (t.text.equals(k)) {
        return t;
      }
    }
    return null;
  }
}
