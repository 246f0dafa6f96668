package dev.pkixj.pkix;

import dev.pkixj.pkix.der.Input;

/**
 * The entry points of the mozilla::pkix port, as mozilla::pkix's {@code pkix.h} declares them for
 * its callers: {@link #buildCertChain} ({@code BuildCertChain}) and {@link
 * #checkTlsFeaturesSatisfied} ({@code CheckTLSFeaturesSatisfied}). The other functions of
 * {@code pkix.h} live where their subject does: {@code CheckCertHostname} in {@link
 * dev.pkixj.pkix.names.HostnameMatcher}, {@code CreateEncodedOCSPRequest} and {@code
 * VerifyEncodedOCSPResponse} in {@link dev.pkixj.pkix.ocsp.OcspVerifier}. Parsed certificates come
 * from {@link Cert#of(byte[])}.
 *
 * <p>Path building runs on a builder owned by the calling thread and reused by every build on it,
 * so a build allocates nothing for the builder; a build started from inside another one on the
 * same thread (a trust domain that itself builds) gets a builder of its own.
 */
public final class Pkix {
  private Pkix() {}

  /**
   * Calls of mozilla::pkix's {@code BuildForward} allowed per build (bug 1056341): past this
   * budget the build fails with {@link Result#SEC_ERROR_UNKNOWN_ISSUER}.
   */
  public static final int BUILD_FORWARD_CALL_BUDGET = PathBuilder.BUILD_FORWARD_CALL_BUDGET;

  /**
   * mozilla::pkix {@code BuildCertChain}: builds and checks a path from {@code endEntity} to a
   * trust anchor of {@code trustDomain} (forward, depth first, in mozilla::pkix's order of checks
   * and so its error priority, see {@link Result}). The path is then available from {@link
   * #lastBuiltChain()} on the same thread.
   *
   * @param time the verification time, in seconds since the epoch
   * @param role {@link EndEntityOrCA#MUST_BE_END_ENTITY} for a leaf, {@link
   *     EndEntityOrCA#MUST_BE_CA} for a CA certificate
   * @param stapledOcspResponse the end-entity's stapled OCSP response, or null
   * @return {@link Result#SUCCESS} or the error Firefox would report for this build
   */
  public static Result buildCertChain(TrustDomain trustDomain, Cert endEntity, long time,
      EndEntityOrCA role, KeyUsage requiredKeyUsage, KeyPurposeId requiredEku,
      CertPolicy requiredPolicy, Input stapledOcspResponse) {
    return PathBuilder.buildOnThisThread(trustDomain, endEntity, time, role, requiredKeyUsage,
        requiredEku, requiredPolicy, stapledOcspResponse);
  }

  /**
   * The certificates of the path found by this thread's last {@link #buildCertChain} (end-entity
   * first, anchor last), or, when that build failed, the longest path it tried; empty before the
   * first build. A new array on each call.
   */
  public static Cert[] lastBuiltChain() {
    return PathBuilder.lastOnThisThread().lastChain();
  }

  /**
   * {@link #lastBuiltChain()} as an immutable list ({@code List.of}'s: no nulls, unmodifiable),
   * made without the intermediate array.
   */
  public static java.util.List<Cert> lastBuiltChainList() {
    return PathBuilder.lastOnThisThread().lastChainList();
  }

  /**
   * How many {@code BuildForward} calls this thread's last {@link #buildCertChain} used, at most
   * {@link #BUILD_FORWARD_CALL_BUDGET}: a diagnostic for path-building DoS tests and benchmarks.
   */
  public static int lastBuildCalls() {
    return PathBuilder.lastOnThisThread().lastBuildCalls();
  }

  /**
   * mozilla::pkix {@code CheckTLSFeaturesSatisfied}: the end-entity's TLS features ({@link
   * Cert#requiredTlsFeatures()}, null when it has none) are satisfied: each must be
   * status_request (5), and a stapled OCSP response must have been given.
   *
   * @throws PkixException {@link Result#MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING}, or
   *     {@link Result#SEC_ERROR_BAD_DER} for an empty or malformed feature list
   */
  public static void checkTlsFeaturesSatisfied(Input features, boolean haveStapledResponse)
      throws PkixException {
    Checks.checkTlsFeaturesSatisfied(features, haveStapledResponse);
  }
}
