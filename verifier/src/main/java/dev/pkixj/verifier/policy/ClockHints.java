package dev.pkixj.verifier.policy;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.explain.CertDisplay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Whether a time error is more likely this computer's clock than the site, as Firefox's
 * certificate error page decides between "Your Computer Clock is Wrong" and the ordinary time
 * error page ({@code aboutNetError.mjs}; spec §7 ⏰).
 *
 * <p>Firefox compares the clock with the time of its remote-settings server: a difference of
 * more than a day, measured in the last five days, with the certificate valid at the server's
 * time, means the clock is wrong; otherwise a clock before the browser's build date, with the
 * certificate still valid at the build date, does. pkixj has no server time, so it uses what a
 * verification can know (a clock is only ever blamed when the time came from {@link
 * TimeSource#SYSTEM_CLOCK}):
 * <ol>
 *   <li><b>Within the plausible skew</b>: the whole chain (latest notBefore to earliest notAfter)
 *       would be valid at some time within {@link #window()} of the verification time (default
 *       ±1 day, Firefox's threshold: clocks set to the wrong day or time zone are off by less).
 *       A chain that expired hours ago is thus blamed on the clock; a chain expired for weeks
 *       is blamed on the site.</li>
 *   <li><b>Before the build date</b>: the verification time is before {@link #buildDate()} and
 *       the chain is still valid after it (Firefox's second test; pkixj's date is a fixed floor
 *       that no correct clock can be below).</li>
 *   <li><b>Repeated failures</b>: the {@link ClockSkewMonitor} saw several different
 *       certificates fail the same way recently (see its threshold), more than it saw verify.</li>
 * </ol>
 * Immutable and thread-safe; the monitor it records into is shared.
 */
public final class ClockHints {
  /** Firefox's threshold: a clock more than a day off is "wrong". */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(1);
  /** No correct clock shows a time before this (it precedes this code). */
  public static final Instant DEFAULT_BUILD_DATE = Instant.parse("2025-01-01T00:00:00Z");

  private static final ClockHints DEFAULTS =
      new ClockHints(DEFAULT_WINDOW, DEFAULT_BUILD_DATE, ClockSkewMonitor.shared());

  private final Duration window;
  private final Instant buildDate;
  private final ClockSkewMonitor monitor;

  private ClockHints(Duration window, Instant buildDate, ClockSkewMonitor monitor) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("negative window");
    }
    this.window = window;
    this.buildDate = Objects.requireNonNull(buildDate, "buildDate");
    this.monitor = Objects.requireNonNull(monitor, "monitor");
  }

  /** ±1 day, {@link #DEFAULT_BUILD_DATE}, the process's shared monitor. */
  public static ClockHints defaults() {
    return DEFAULTS;
  }

  public ClockHints withWindow(Duration w) {
    return new ClockHints(w, buildDate, monitor);
  }

  public ClockHints withBuildDate(Instant d) {
    return new ClockHints(window, d, monitor);
  }

  public ClockHints withMonitor(ClockSkewMonitor m) {
    return new ClockHints(window, buildDate, m);
  }

  public Duration window() {
    return window;
  }

  public Instant buildDate() {
    return buildDate;
  }

  public ClockSkewMonitor monitor() {
    return monitor;
  }

  /** The monitor's outcome for a result. */
  static ClockSkewMonitor.Outcome outcomeOf(Result r) {
    switch (r) {
      case SEC_ERROR_EXPIRED_CERTIFICATE:
      case SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE:
        return ClockSkewMonitor.Outcome.EXPIRED;
      case MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE:
      case MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE:
        return ClockSkewMonitor.Outcome.NOT_YET_VALID;
      default:
        return ClockSkewMonitor.Outcome.VALID;
    }
  }

  /**
   * Records a verification made with this computer's clock into the monitor (any result; only
   * the time-related ones count as failures).
   */
  public void record(Result result, byte[] leafSha256, Instant time) {
    monitor.record(outcomeOf(result), leafSha256, time.getEpochSecond());
  }

  /**
   * Checks a time-related result ({@link Result#isTimeRelated()}) of the chain {@code chain}
   * (end-entity first) verified at {@code time}.
   */
  public ClockCheck check(Result result, List<Cert> chain, Instant time, TimeSource source) {
    Instant from = null;
    Instant until = null;
    for (Cert c : chain) {
      Instant nb = CertDisplay.notBefore(c);
      Instant na = CertDisplay.notAfter(c);
      if (nb != null && (from == null || nb.isAfter(from))) {
        from = nb;
      }
      if (na != null && (until == null || na.isBefore(until))) {
        until = na;
      }
    }
    Duration shift = null;
    if (from != null && until != null && !from.isAfter(until)) {
      if (time.isBefore(from)) {
        shift = Duration.between(time, from);
      } else if (time.isAfter(until)) {
        shift = Duration.between(time, until);
      } else {
        shift = Duration.ZERO;
      }
    }
    int similar = 0;
    ClockCheck.Reason reason = ClockCheck.Reason.NONE;
    if (source == TimeSource.SYSTEM_CLOCK) {
      ClockSkewMonitor.Outcome direction = outcomeOf(result);
      similar = monitor.distinctRecent(direction, time.getEpochSecond());
      if (shift != null && !shift.isZero() && shift.abs().compareTo(window) <= 0) {
        reason = ClockCheck.Reason.WITHIN_SKEW;
      } else if (time.isBefore(buildDate) && until != null && until.isAfter(buildDate)) {
        reason = ClockCheck.Reason.BEFORE_BUILD_DATE;
      } else if (monitor.suspectsClock(direction, time.getEpochSecond())) {
        reason = ClockCheck.Reason.REPEATED_FAILURES;
      }
    }
    return new ClockCheck(source, time, from, until, shift, reason, similar);
  }

  @Override
  public String toString() {
    return "ClockHints[window " + window + ", build date " + buildDate + "]";
  }
}
