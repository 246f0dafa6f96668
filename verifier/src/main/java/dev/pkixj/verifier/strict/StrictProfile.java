package dev.pkixj.verifier.strict;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.KeyUsage;
import dev.pkixj.pkix.Pkix;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.verifier.VerificationResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The strict profile on top of a Firefox verdict (docs/strict-profile.md, "How a verdict is
 * made"):
 * <ol>
 *   <li>When Firefox refuses the chain, its error is the first violation and the verdict; the
 *       strict rules are still checked on the path Firefox tried, and listed after it.</li>
 *   <li>Otherwise the path is built again with the strict candidate rules ({@link
 *       StrictTrustDomain}: key identifiers must match, the depth limit holds); when no such
 *       path exists, Firefox's path is kept, and it breaks {@link Rule#AKI_SKI_MISMATCH} or
 *       {@link Rule#MAX_CHAIN_DEPTH} (the candidate rules are those chain rules).</li>
 *   <li>Every rule is checked on that path; the verdict is the first violation in {@link Rule}
 *       order, or success when there is none.</li>
 * </ol>
 */
public final class StrictProfile {
  private StrictProfile() {}

  /**
   * Applies the strict profile to {@code firefox}, the Firefox profile's result for the same
   * chain.
   *
   * @param leafDer the end-entity as given
   * @param leaf the end-entity parsed, or null when it does not parse
   * @param trustDomain a fresh trust domain for the same presented certificates (the strict
   *     build's; its revocation checks are not repeated)
   * @param server whether this is a TLS server verification (the leaf rules apply then)
   */
  public static VerificationResult apply(VerificationResult firefox, byte[] leafDer, Cert leaf,
      TrustDomain trustDomain, long time, KeyPurposeId eku, boolean server,
      StrictOptions options) {
    List<Cert> chain = firefox.chain();
    boolean publicRoot = false;
    if (firefox.result() != Result.SUCCESS) {
      List<Violation> v = new ArrayList<>();
      v.add(new Violation(Rule.FIREFOX, firefox.result().firefoxName(), firefox.certIndex(),
          Rule.FIREFOX.source()));
      if (chain.isEmpty() && leaf == null && leafDer != null) {
        v.addAll(StrictChecks.checkUnparsed(leafDer, 0));
      } else {
        v.addAll(StrictChecks.check(chain, false, server, firefox.host(), time, options, false));
      }
      return firefox.withViolations(v);
    }
    if (leaf != null) {
      StrictTrustDomain td = new StrictTrustDomain(trustDomain, options.maxChainDepth());
      Result r = Pkix.buildCertChain(td, leaf, time, EndEntityOrCA.MUST_BE_END_ENTITY,
          KeyUsage.NO_PARTICULAR_KEY_USAGE_REQUIRED, eku, CertPolicy.ANY_POLICY, null);
      // Without such a path Firefox's is kept: the candidate rules are the chain rules
      // AKI_SKI_MISMATCH and MAX_CHAIN_DEPTH, so it breaks one of them.
      if (r == Result.SUCCESS) {
        chain = List.of(Pkix.lastBuiltChain());
      }
    }
    if (!chain.isEmpty()) {
      publicRoot = options.publicRoots().contains(chain.get(chain.size() - 1));
    }
    List<Violation> v = StrictChecks.check(chain, true, server, firefox.host(), time, options,
        publicRoot);
    if (v.isEmpty()) {
      return firefox.withChainAndViolations(chain, List.of());
    }
    Violation first = v.get(0);
    return new VerificationResult(first.rule().result(), first.certIndex(), chain,
        firefox.host(), firefox.time(), firefox.notes(), firefox.ct(), firefox.revocation(), v);
  }
}
