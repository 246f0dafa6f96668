package dev.pkixj.verifier.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parts of Firefox's policy that act inside a verification (in the trust domain and in
 * {@code CertVerifier::VerifySSLServerCert}), beyond what the trust store itself says:
 * <ul>
 *   <li>{@link RevocationBlocklist}: OneCRL-style active distrust, checked first for every
 *       certificate ({@code GetCertTrust}) → REVOKED_CERTIFICATE;</li>
 *   <li>{@link CaDistrust} rules: named-CA distrust with an intermediate allow-list, checked when
 *       a path reaches a root ({@code IsChainValid}) → ADDITIONAL_POLICY_CONSTRAINT_FAILED;</li>
 *   <li>the {@link MitmCanary}: an UNKNOWN_ISSUER whose leaf issuer is the canary →
 *       MITM_DETECTED.</li>
 * </ul>
 * Give it to a verifier with {@link dev.pkixj.verifier.Verifier#withPolicy(TlsPolicy)}. Immutable
 * except for the canary, which is shared and may be set or learned at any time.
 */
public final class TlsPolicy {
  private static final TlsPolicy NONE =
      new TlsPolicy(RevocationBlocklist.empty(), List.of(), MitmCanary.unset());

  private final RevocationBlocklist blocklist;
  private final List<CaDistrust> caDistrust;
  private final MitmCanary mitmCanary;

  private TlsPolicy(RevocationBlocklist blocklist, List<CaDistrust> caDistrust,
      MitmCanary mitmCanary) {
    this.blocklist = blocklist;
    this.caDistrust = List.copyOf(caDistrust);
    this.mitmCanary = mitmCanary;
  }

  /** No blocklist, no CA distrust, an unset canary of its own. */
  public static TlsPolicy none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  public RevocationBlocklist blocklist() {
    return blocklist;
  }

  public List<CaDistrust> caDistrust() {
    return caDistrust;
  }

  public MitmCanary mitmCanary() {
    return mitmCanary;
  }

  /** True if the trust domain needs the policy's checks (a blocklist or CA distrust rules). */
  public boolean affectsTrustDomain() {
    return !blocklist.isEmpty() || !caDistrust.isEmpty();
  }

  /** A copy with another canary. */
  public TlsPolicy withMitmCanary(MitmCanary canary) {
    return new TlsPolicy(blocklist, caDistrust, Objects.requireNonNull(canary, "canary"));
  }

  @Override
  public String toString() {
    return "TlsPolicy[blocklist " + blocklist.size() + ", " + caDistrust + ", " + mitmCanary + "]";
  }

  /** Collects the parts. */
  public static final class Builder {
    private RevocationBlocklist blocklist = RevocationBlocklist.empty();
    private final List<CaDistrust> caDistrust = new ArrayList<>();
    private MitmCanary mitmCanary;

    private Builder() {}

    public Builder blocklist(RevocationBlocklist blocklist) {
      this.blocklist = Objects.requireNonNull(blocklist, "blocklist");
      return this;
    }

    public Builder caDistrust(CaDistrust rule) {
      caDistrust.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    public Builder mitmCanary(MitmCanary canary) {
      this.mitmCanary = Objects.requireNonNull(canary, "canary");
      return this;
    }

    public TlsPolicy build() {
      return new TlsPolicy(blocklist, caDistrust,
          mitmCanary == null ? MitmCanary.unset() : mitmCanary);
    }
  }
}
