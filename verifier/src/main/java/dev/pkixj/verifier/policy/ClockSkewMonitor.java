package dev.pkixj.verifier.policy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A small, lock-free record of recent verifications made with this computer's clock, to notice
 * when many different sites fail the same way (all "expired", or all "not yet valid"): then the
 * clock, not the sites, is the likely culprit.
 *
 * <p>A ring of {@code capacity} slots, each one {@code long} packing the verification time in
 * seconds (40 bits), the outcome (2 bits) and 22 bits of the end-entity's fingerprint; writers
 * claim slots with an atomic counter and never block. A reader may see a slot being overwritten
 * and count it in its new state: the figures are a heuristic, never a verdict about a
 * certificate.
 *
 * <p>{@link #suspectsClock} says yes when, within the window, at least {@code threshold}
 * different certificates failed in that direction and they outnumber the different certificates
 * that verified. Defaults: 64 slots, 10 minutes, 3 certificates.
 */
public final class ClockSkewMonitor {
  /** The outcome of one verification, as far as the clock is concerned. */
  public enum Outcome {
    /** Valid at the time used (or failed for a reason unrelated to time). */
    VALID,
    /** Expired at the time used (the clock may be ahead). */
    EXPIRED,
    /** Not yet valid at the time used (the clock may be behind). */
    NOT_YET_VALID
  }

  private static final ClockSkewMonitor SHARED = new ClockSkewMonitor(64, Duration.ofMinutes(10), 3);

  private final AtomicLongArray slots;
  private final AtomicInteger next = new AtomicInteger();
  private final long windowSeconds;
  private final int threshold;

  /**
   * @param capacity how many recent verifications are kept
   * @param window how far back they count
   * @param threshold how many different failing certificates make the clock suspect
   */
  public ClockSkewMonitor(int capacity, Duration window, int threshold) {
    if (capacity < 1 || threshold < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("capacity, threshold and window must be positive");
    }
    this.slots = new AtomicLongArray(capacity);
    this.windowSeconds = window.getSeconds();
    this.threshold = threshold;
  }

  /** The monitor of this process. */
  public static ClockSkewMonitor shared() {
    return SHARED;
  }

  public int threshold() {
    return threshold;
  }

  public Duration window() {
    return Duration.ofSeconds(windowSeconds);
  }

  /** Records one verification of the certificate with SHA-256 {@code leafSha256} at {@code epochSecond}. */
  public void record(Outcome outcome, byte[] leafSha256, long epochSecond) {
    long t = Math.max(1, Math.min(epochSecond, (1L << 40) - 1)); // 0 marks an empty slot
    int h = ((leafSha256[0] & 0xff) << 16 | (leafSha256[1] & 0xff) << 8 | (leafSha256[2] & 0xff))
        & 0x3fffff;
    long packed = (t << 24) | ((long) outcome.ordinal() << 22) | h;
    int i = Math.floorMod(next.getAndIncrement(), slots.length());
    slots.set(i, packed);
  }

  /** How many different certificates had {@code outcome} within the window before {@code now}. */
  public int distinctRecent(Outcome outcome, long nowEpochSecond) {
    int n = slots.length();
    int[] seen = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      long v = slots.get(i);
      if (v == 0) {
        continue;
      }
      long t = v >>> 24;
      int o = (int) ((v >>> 22) & 3);
      int h = (int) (v & 0x3fffff);
      if (o != outcome.ordinal() || t > nowEpochSecond + 60 || nowEpochSecond - t > windowSeconds) {
        continue;
      }
      boolean dup = false;
      for (int j = 0; j < count && !dup; j++) {
        dup = seen[j] == h;
      }
      if (!dup) {
        seen[count++] = h;
      }
    }
    return count;
  }

  /**
   * True if the recent record points at the clock for failures in {@code direction} ({@link
   * Outcome#EXPIRED} or {@link Outcome#NOT_YET_VALID}).
   */
  public boolean suspectsClock(Outcome direction, long nowEpochSecond) {
    if (direction == Outcome.VALID) {
      return false;
    }
    int failing = distinctRecent(direction, nowEpochSecond);
    return failing >= threshold && failing > distinctRecent(Outcome.VALID, nowEpochSecond);
  }

  /** Forgets everything (tests). */
  public void clear() {
    for (int i = 0; i < slots.length(); i++) {
      slots.set(i, 0);
    }
  }
}
