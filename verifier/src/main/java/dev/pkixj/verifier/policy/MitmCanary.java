package dev.pkixj.verifier.policy;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Firefox's man-in-the-middle canary ({@code security.pki.mitm_canary_issuer}, spec §5.5): the
 * issuer name of the certificate an intercepting product presents. When a TLS server certificate
 * fails with {@link Result#SEC_ERROR_UNKNOWN_ISSUER} (and is not self-signed) and its issuer
 * equals the canary, the verdict becomes {@link Result#MOZILLA_PKIX_ERROR_MITM_DETECTED}: the
 * connection is being intercepted by that product rather than the site being broken.
 *
 * <p>The canary is set by the user ({@link #set(String)}) or learned from a probe of a known
 * endpoint that must never fail ({@link #learnFrom(VerificationResult)}, what Firefox does with
 * {@code security.certerrors.mitm.priming.endpoint}). Names are compared with {@link
 * DistinguishedName}'s normalisation (Firefox compares two NSS strings exactly; a canary written
 * by hand needs tolerance for spacing, case and quoting).
 *
 * <p>One instance is shared by all verifications and may be changed at any time; reads and
 * writes are lock-free.
 */
public final class MitmCanary {
  private final AtomicReference<DistinguishedName> issuer = new AtomicReference<>();
  private volatile boolean enabled = true;

  private MitmCanary() {}

  /** A canary that is not set (nothing is ever reported as MITM_DETECTED until one is). */
  public static MitmCanary unset() {
    return new MitmCanary();
  }

  /**
   * A canary set to {@code issuerDn} (RFC 4514 or NSS form; see {@link DistinguishedName#parse});
   * null or blank leaves it unset.
   *
   * @throws IllegalArgumentException if the name does not parse
   */
  public static MitmCanary of(String issuerDn) {
    MitmCanary c = new MitmCanary();
    c.set(issuerDn);
    return c;
  }

  /**
   * Sets the canary to {@code issuerDn}; null or blank clears it.
   *
   * @throws IllegalArgumentException if the name does not parse (the canary is then unchanged)
   */
  public void set(String issuerDn) {
    if (issuerDn == null || issuerDn.isBlank()) {
      issuer.set(null);
      return;
    }
    DistinguishedName dn = DistinguishedName.parse(issuerDn);
    issuer.set(dn.isEmpty() ? null : dn);
  }

  /** Clears the canary (Firefox clears it on every update check). */
  public void clear() {
    issuer.set(null);
  }

  /** {@code security.pki.mitm_canary_issuer.enabled} (default true). */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public boolean isSet() {
    return issuer.get() != null;
  }

  /** The canary as RFC 4514 text, if set. */
  public Optional<String> issuer() {
    DistinguishedName dn = issuer.get();
    return dn == null ? Optional.empty() : Optional.of(dn.toString());
  }

  /** The canary in NSS's string form (the value Firefox stores in its preference), if set. */
  public Optional<String> issuerNssString() {
    DistinguishedName dn = issuer.get();
    return dn == null ? Optional.empty() : Optional.of(dn.toNssString());
  }

  /**
   * True if detection is enabled, the canary is set and {@code leaf}'s issuer name equals it. A
   * leaf whose issuer does not decode as a Name never matches.
   */
  public boolean matches(Cert leaf) {
    DistinguishedName canary = issuer.get();
    if (!enabled || canary == null || leaf == null) {
      return false;
    }
    try {
      return canary.matches(DistinguishedName.fromDer(leaf.issuer()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** How {@link #learnFrom} changed the canary. */
  public enum Learned {
    /** The probe failed with UNKNOWN_ISSUER: the canary is now the probe's issuer. */
    SET,
    /** The probe succeeded: nothing intercepts it, the canary was cleared. */
    CLEARED,
    /** Any other outcome says nothing about interception: the canary is unchanged. */
    UNCHANGED
  }

  /**
   * Learns from a verification of a known endpoint (Firefox's priming request to
   * mitmdetection.services.mozilla.com, and its update check): an {@link
   * Result#SEC_ERROR_UNKNOWN_ISSUER} means something on this computer or network re-signs TLS
   * connections, and the issuer of the certificate received becomes the canary; a success means
   * nothing intercepts, and the canary is cleared; anything else leaves it unchanged. Probing the
   * endpoint is the caller's job.
   */
  public Learned learnFrom(VerificationResult probe) {
    if (probe.result() == Result.SEC_ERROR_UNKNOWN_ISSUER && !probe.chain().isEmpty()) {
      try {
        DistinguishedName dn = DistinguishedName.fromDer(probe.chain().get(0).issuer());
        if (!dn.isEmpty()) {
          issuer.set(dn);
          return Learned.SET;
        }
      } catch (IllegalArgumentException e) {
        return Learned.UNCHANGED;
      }
      return Learned.UNCHANGED;
    }
    if (probe.result() == Result.SUCCESS && !probe.isOverridden()) {
      issuer.set(null);
      return Learned.CLEARED;
    }
    return Learned.UNCHANGED;
  }

  @Override
  public String toString() {
    DistinguishedName dn = issuer.get();
    return "MitmCanary[" + (dn == null ? "unset" : dn) + (enabled ? "" : ", disabled") + "]";
  }
}
