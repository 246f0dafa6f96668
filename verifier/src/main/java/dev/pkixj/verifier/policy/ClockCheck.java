package dev.pkixj.verifier.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * What the clock check of Firefox's time-error page concluded for one time-related result
 * ({@link dev.pkixj.pkix.Result#isTimeRelated()}); see {@link ClockHints}.
 *
 * @param source where the verification time came from
 * @param verificationTime the time the chain was verified at
 * @param validFrom the latest notBefore of the chain's certificates (when the whole chain
 *     becomes valid), or null if unknown
 * @param validUntil the earliest notAfter of the chain's certificates, or null if unknown
 * @param shift how far the verification time would have to move for the whole chain to be
 *     valid (positive: later, negative: earlier); null when no time makes it valid or the dates
 *     are unknown
 * @param reason why the clock is considered wrong, or {@link Reason#NONE}
 * @param recentSimilarFailures how many different certificates failed the same way (expired, or
 *     not yet valid) with this computer's clock in the monitor's recent window, this one
 *     included; 0 when the time was given
 */
public record ClockCheck(
    TimeSource source,
    Instant verificationTime,
    Instant validFrom,
    Instant validUntil,
    Duration shift,
    Reason reason,
    int recentSimilarFailures) {

  /** Why the clock is probably wrong. */
  public enum Reason {
    /** Nothing points at the clock: the site is probably misconfigured. */
    NONE,
    /** The chain would be valid at a time within the plausible clock error. */
    WITHIN_SKEW,
    /** The clock is before this software's build date, and the chain is valid after it. */
    BEFORE_BUILD_DATE,
    /** Many different sites failed the same way recently. */
    REPEATED_FAILURES
  }

  /** True if the page would say "Your Computer Clock is Wrong". */
  public boolean clockProbablyWrong() {
    return reason != Reason.NONE;
  }
}
