package dev.pkixj.verifier.strict;

import dev.pkixj.pkix.crl.Crl;
import dev.pkixj.verifier.ct.RootProgram;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the strict profile (docs/strict-profile.md).
 *
 * @param maxChainDepth the most intermediates a path may have, not counting self-issued ones
 *     (RFC 5280 §6.1.4 (l) style); -1 for no limit beyond Firefox's (6)
 * @param crls CRLs to check the chain against (RFC 5280 §6.3; rules {@code REVOKED} and {@code
 *     CRL_*}); a certificate is checked against each CRL whose issuer is its issuer
 * @param publicRoots the roots under which the Baseline Requirements' issuance rules for a TLS
 *     server leaf apply (scope {@code BR_PUBLIC}); {@link RootProgram#mozilla()} by default
 */
public record StrictOptions(int maxChainDepth, List<Crl> crls, RootProgram publicRoots) {
  public StrictOptions {
    if (maxChainDepth < -1) {
      throw new IllegalArgumentException("maxChainDepth is -1 (none) or at least 0");
    }
    crls = List.copyOf(Objects.requireNonNull(crls, "crls"));
    Objects.requireNonNull(publicRoots, "publicRoots");
  }

  /** No depth limit, no CRLs, Mozilla's root program as the public roots. */
  public static StrictOptions defaults() {
    return new StrictOptions(-1, List.of(), RootProgram.mozilla());
  }

  public StrictOptions withMaxChainDepth(int depth) {
    return new StrictOptions(depth, crls, publicRoots);
  }

  public StrictOptions withCrls(List<Crl> newCrls) {
    return new StrictOptions(maxChainDepth, newCrls, publicRoots);
  }

  public StrictOptions withPublicRoots(RootProgram roots) {
    return new StrictOptions(maxChainDepth, crls, roots);
  }
}
