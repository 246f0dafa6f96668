package dev.pkixj.truststore.db;

import java.time.Clock;
import java.util.Objects;

/**
 * Tuning of a {@link CertDb}.
 *
 * @param maxIntermediates how many seen intermediates are remembered (the oldest are forgotten)
 * @param clock the clock for event times, quarantine names and record times
 * @param autoCompact compact after a write once dead records outnumber live ones (and exceed
 *     1,000)
 */
public record CertDbOptions(int maxIntermediates, Clock clock, boolean autoCompact) {
  /** The default number of remembered intermediates. */
  public static final int DEFAULT_MAX_INTERMEDIATES = 10_000;

  public CertDbOptions {
    if (maxIntermediates < 0) {
      throw new IllegalArgumentException("maxIntermediates < 0");
    }
    Objects.requireNonNull(clock, "clock");
  }

  /** 10,000 intermediates, the system UTC clock, automatic compaction. */
  public static CertDbOptions defaults() {
    return new CertDbOptions(DEFAULT_MAX_INTERMEDIATES, Clock.systemUTC(), true);
  }

  public CertDbOptions withMaxIntermediates(int n) {
    return new CertDbOptions(n, clock, autoCompact);
  }

  public CertDbOptions withClock(Clock c) {
    return new CertDbOptions(maxIntermediates, c, autoCompact);
  }

  public CertDbOptions withAutoCompact(boolean on) {
    return new CertDbOptions(maxIntermediates, clock, on);
  }
}
