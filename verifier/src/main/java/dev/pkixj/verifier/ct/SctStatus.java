package dev.pkixj.verifier.ct;

import java.util.Locale;

/**
 * The outcome of verifying one decoded SCT (MultiLogCTVerifier::VerifySingleSCT). Only {@link
 * #VALID} SCTs count for the policy; the others are dropped and reported, never a failure by
 * themselves.
 */
public enum SctStatus {
  VALID,
  /** No log in the list has this log id. */
  UNKNOWN_LOG,
  /** Wrong hash or signature algorithm for the log, or the signature does not verify. */
  INVALID_SIGNATURE,
  /** The SCT's timestamp (whole seconds, rounded down) is after the verification time. */
  FUTURE,
  /** The SCT's timestamp is after the root's server distrust-after date. */
  AFTER_DISTRUST;

  /** The name used in JSON output: valid, unknown_log, invalid_signature, future, after_distrust. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
