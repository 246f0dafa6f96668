package dev.pkixj.verifier.policy;

import dev.pkixj.pkix.Result;

/**
 * What Firefox's layers above path building add to a verification result: a certificate
 * exception that covered the error, the host's strict-transport-security status, and the clock
 * check of the time-error page. {@link #NONE} for a plain {@link dev.pkixj.verifier.Verifier}
 * result.
 *
 * @param overriddenError the error an exception ("Accept the Risk and Continue") covered, when
 *     the result is {@link Result#SUCCESS} because of it; else null
 * @param overriddenCertIndex the certificate that error concerned (see {@link
 *     dev.pkixj.verifier.VerificationResult#certIndex()}), -1 when none
 * @param port the port the host was verified for (exceptions are per host and port); -1 unknown
 * @param strictTransportSecurity true if the host is marked HSTS or pinned: no exception can
 *     be added or used, and the page is "Did Not Connect: Potential Security Issue"
 * @param clock the clock check for a time-related error, else null
 */
public record PolicyNotes(
    Result overriddenError,
    int overriddenCertIndex,
    int port,
    boolean strictTransportSecurity,
    ClockCheck clock) {

  public static final PolicyNotes NONE = new PolicyNotes(null, -1, -1, false, null);

  public boolean isOverridden() {
    return overriddenError != null;
  }

  public boolean clockProbablyWrong() {
    return clock != null && clock.clockProbablyWrong();
  }
}
