package dev.pkixj.truststore.revocation;

import java.util.Objects;

/**
 * The per-verification state of the revocation check (Firefox keeps it in its
 * NSSCertDBTrustDomain, which is made per verification): what the trust domain learnt in {@code
 * isChainValid} about the path being checked, the CRLite timestamp source the verifier supplied,
 * and what the last end-entity check did. Used by one verification at a time: no locks.
 */
public final class RevocationState {
  private boolean builtInRoot;
  private long distrustAfterSeconds = Long.MAX_VALUE;
  private CrliteTimestamps timestamps = CrliteTimestamps.NONE;
  private RevocationInfo.Source source = RevocationInfo.Source.NONE;
  private RevocationInfo.Crlite crlite = RevocationInfo.Crlite.OFF;

  /**
   * Records the root of the path about to be checked (Firefox's {@code IsChainValid} sets
   * mIsBuiltChainRootBuiltInRoot and the distrust-after time the same way).
   */
  public void chainRoot(boolean builtIn, long distrustAfterSeconds) {
    this.builtInRoot = builtIn;
    this.distrustAfterSeconds = distrustAfterSeconds;
  }

  /** Whether the root of the path being checked is a built-in root. */
  public boolean builtInRoot() {
    return builtInRoot;
  }

  /** The root's server distrust-after date in seconds, or {@link Long#MAX_VALUE}. */
  public long distrustAfterSeconds() {
    return distrustAfterSeconds;
  }

  /** Sets where CRLite's timestamps come from (the verifier's CT code). */
  public void useCrliteTimestamps(CrliteTimestamps source) {
    this.timestamps = Objects.requireNonNull(source, "source");
  }

  public CrliteTimestamps crliteTimestamps() {
    return timestamps;
  }

  /** Forgets what an earlier check did (done at each end-entity check, and before a build). */
  public void begin() {
    source = RevocationInfo.Source.NONE;
    crlite = RevocationInfo.Crlite.OFF;
  }

  void crlite(RevocationInfo.Crlite c) {
    crlite = c;
  }

  void source(RevocationInfo.Source s) {
    source = s;
  }

  /** What the last end-entity check did ({@link RevocationInfo#NONE} before any). */
  public RevocationInfo info() {
    if (source == RevocationInfo.Source.NONE && crlite == RevocationInfo.Crlite.OFF) {
      return RevocationInfo.NONE;
    }
    return new RevocationInfo(source, crlite);
  }
}
