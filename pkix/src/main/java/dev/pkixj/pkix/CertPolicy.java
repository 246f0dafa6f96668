package dev.pkixj.pkix;

import java.util.Arrays;

/**
 * A certificate policy OID required by a build (mozilla::pkix {@code CertPolicyId}); {@link
 * #ANY_POLICY} for domain-validated (non-EV) verification.
 */
public final class CertPolicy {
  /** anyPolicy, 2.5.29.32.0 (OID value bytes). */
  public static final CertPolicy ANY_POLICY = new CertPolicy(new byte[] {0x55, 0x1d, 0x20, 0x00});

  private final byte[] oid;

  /** @param oidValue the OID's DER value bytes (no tag or length) */
  public CertPolicy(byte[] oidValue) {
    this.oid = oidValue.clone();
  }

  byte[] oid() { return oid; }

  public boolean isAnyPolicy() {
    return Arrays.equals(oid, ANY_POLICY.oid);
  }
}
