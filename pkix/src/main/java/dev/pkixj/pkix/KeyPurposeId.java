package dev.pkixj.pkix;

/** Extended key usages a build may require (RFC 5280 §4.2.1.12). */
public enum KeyPurposeId {
  ANY_EXTENDED_KEY_USAGE(null),
  ID_KP_SERVER_AUTH(new byte[] {0x2b, 6, 1, 5, 5, 7, 3, 1}),
  ID_KP_CLIENT_AUTH(new byte[] {0x2b, 6, 1, 5, 5, 7, 3, 2}),
  ID_KP_CODE_SIGNING(new byte[] {0x2b, 6, 1, 5, 5, 7, 3, 3}),
  ID_KP_EMAIL_PROTECTION(new byte[] {0x2b, 6, 1, 5, 5, 7, 3, 4}),
  ID_KP_OCSP_SIGNING(new byte[] {0x2b, 6, 1, 5, 5, 7, 3, 9});

  private final byte[] oid;

  KeyPurposeId(byte[] oid) { this.oid = oid; }

  /** The OID's DER value bytes (no tag/length); null for anyExtendedKeyUsage. */
  byte[] oid() { return oid; }
}
