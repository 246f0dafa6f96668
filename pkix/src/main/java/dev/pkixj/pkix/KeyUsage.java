package dev.pkixj.pkix;

/** keyUsage bits a check may require (RFC 5280 §4.2.1.3 bit numbers). */
public enum KeyUsage {
  DIGITAL_SIGNATURE(0),
  NON_REPUDIATION(1),
  KEY_ENCIPHERMENT(2),
  DATA_ENCIPHERMENT(3),
  KEY_AGREEMENT(4),
  KEY_CERT_SIGN(5),
  /** No bit is required, but a present extension must still be well formed. */
  NO_PARTICULAR_KEY_USAGE_REQUIRED(-1);

  private final int bit;

  KeyUsage(int bit) { this.bit = bit; }

  /** The RFC 5280 bit number, or -1. */
  public int bit() { return bit; }
}
