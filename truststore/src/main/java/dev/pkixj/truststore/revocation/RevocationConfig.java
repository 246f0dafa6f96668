package dev.pkixj.truststore.revocation;

import dev.pkixj.truststore.crlite.CrliteFilters;
import java.time.Duration;
import java.util.Objects;

/**
 * How the end-entity's revocation is checked (Firefox's OCSP preferences), and the shared state
 * the checks use. Immutable; the cache and the fetcher it names are shared by every verification
 * made with it (Firefox has one OCSP cache per process).
 *
 * @param mode {@link Mode#OFF}: no revocation check at all (not even the staple); {@link
 *     Mode#SOFT}: soft-fail ({@code security.OCSP.require} = false, Firefox's default); {@link
 *     Mode#HARD}: hard-fail ({@code security.OCSP.require} = true)
 * @param fetch whether responders may be asked over the network ({@code security.OCSP.enabled}
 *     = 1); false is Firefox with OCSP fetching off: the staple and the cache still count. Firefox
 *     never combines "no fetching" with hard-fail (OCSP off means local-only); here {@code HARD}
 *     without fetching applies spec §4.2 step 3 as written: a cached good answer that has gone
 *     stale is OCSP_OLD_RESPONSE, everything else as in soft-fail
 * @param softTimeout the whole fetch's budget in soft-fail mode ({@code
 *     security.OCSP.timeoutMilliseconds.soft}, default 2 s, at most 5 s: larger values are
 *     clamped to 5 s as Firefox clamps the preference)
 * @param hardTimeout the budget in hard-fail mode ({@code
 *     security.OCSP.timeoutMilliseconds.hard}, default 10 s, clamped to at most 20 s)
 * @param shortLifetimeDays certificates whose validity is shorter than this are never fetched
 *     for ({@code security.pki.cert_short_lifetime_in_days}, default 10)
 * @param cache the OCSP cache (shared)
 * @param fetcher the network fetcher (used only when {@code fetch} is true)
 * @param crliteMode {@code security.pki.crlite_mode}: whether CRLite is consulted for
 *     end-entities before OCSP, and acted on (docs/crlite.md). It applies even when {@code mode}
 *     is {@link Mode#OFF} (then only CRLite is checked)
 * @param crliteFilters the CRLite filters in use (shared; {@link CrliteFilters#NONE} for none);
 *     their freshness is judged against the wall clock, as Firefox does
 */
public record RevocationConfig(
    Mode mode,
    boolean fetch,
    Duration softTimeout,
    Duration hardTimeout,
    int shortLifetimeDays,
    OcspCache cache,
    OcspFetcher fetcher,
    CrliteMode crliteMode,
    CrliteFilters crliteFilters) {

  /** Revocation checking mode. */
  public enum Mode {
    /** No revocation checking (pkixj's historical behaviour; not a Firefox setting). */
    OFF,
    /** Soft-fail: an unreachable or failing responder does not fail the verification. */
    SOFT,
    /** Hard-fail: any OCSP failure fails the verification. */
    HARD
  }

  public static final Duration DEFAULT_SOFT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_HARD_TIMEOUT = Duration.ofSeconds(10);
  /** Firefox's clamp of the soft timeout preference ({@code OCSP_TIMEOUT_MILLISECONDS_SOFT_MAX}). */
  public static final Duration MAX_SOFT_TIMEOUT = Duration.ofSeconds(5);
  /** Firefox's clamp of the hard timeout preference ({@code OCSP_TIMEOUT_MILLISECONDS_HARD_MAX}). */
  public static final Duration MAX_HARD_TIMEOUT = Duration.ofSeconds(20);
  public static final int DEFAULT_SHORT_LIFETIME_DAYS = 10;

  public RevocationConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(softTimeout, "softTimeout");
    Objects.requireNonNull(hardTimeout, "hardTimeout");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(fetcher, "fetcher");
    Objects.requireNonNull(crliteMode, "crliteMode");
    Objects.requireNonNull(crliteFilters, "crliteFilters");
    if (softTimeout.isNegative() || softTimeout.isZero()
        || hardTimeout.isNegative() || hardTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (shortLifetimeDays < 0) {
      throw new IllegalArgumentException("shortLifetimeDays " + shortLifetimeDays);
    }
    if (softTimeout.compareTo(MAX_SOFT_TIMEOUT) > 0) {
      softTimeout = MAX_SOFT_TIMEOUT;
    }
    if (hardTimeout.compareTo(MAX_HARD_TIMEOUT) > 0) {
      hardTimeout = MAX_HARD_TIMEOUT;
    }
  }

  /** OCSP settings only: CRLite off, no filters. */
  public RevocationConfig(Mode mode, boolean fetch, Duration softTimeout, Duration hardTimeout,
      int shortLifetimeDays, OcspCache cache, OcspFetcher fetcher) {
    this(mode, fetch, softTimeout, hardTimeout, shortLifetimeDays, cache, fetcher, CrliteMode.OFF,
        CrliteFilters.NONE);
  }

  /**
   * For batch verification (CLI, corpora): soft-fail, <b>no fetching</b> (the staple and the
   * cache only), default timeouts, a new cache, the HTTP fetcher.
   */
  public static RevocationConfig batchDefaults() {
    return new RevocationConfig(Mode.SOFT, false, DEFAULT_SOFT_TIMEOUT, DEFAULT_HARD_TIMEOUT,
        DEFAULT_SHORT_LIFETIME_DAYS, new OcspCache(), OcspFetcher.http());
  }

  /**
   * For interactive use (the TrustManager): Firefox's defaults, soft-fail <b>with fetching</b>
   * (2 s), a new cache, the HTTP fetcher.
   */
  public static RevocationConfig interactiveDefaults() {
    return batchDefaults().withFetch(true);
  }

  /** No revocation checking at all. */
  public static RevocationConfig off() {
    return batchDefaults().withMode(Mode.OFF);
  }

  public RevocationConfig withMode(Mode m) {
    return new RevocationConfig(m, fetch, softTimeout, hardTimeout, shortLifetimeDays, cache,
        fetcher, crliteMode, crliteFilters);
  }

  public RevocationConfig withFetch(boolean f) {
    return new RevocationConfig(mode, f, softTimeout, hardTimeout, shortLifetimeDays, cache,
        fetcher, crliteMode, crliteFilters);
  }

  public RevocationConfig withTimeouts(Duration soft, Duration hard) {
    return new RevocationConfig(mode, fetch, soft, hard, shortLifetimeDays, cache, fetcher,
        crliteMode, crliteFilters);
  }

  public RevocationConfig withShortLifetimeDays(int days) {
    return new RevocationConfig(mode, fetch, softTimeout, hardTimeout, days, cache, fetcher,
        crliteMode, crliteFilters);
  }

  public RevocationConfig withCache(OcspCache c) {
    return new RevocationConfig(mode, fetch, softTimeout, hardTimeout, shortLifetimeDays, c,
        fetcher, crliteMode, crliteFilters);
  }

  public RevocationConfig withFetcher(OcspFetcher f) {
    return new RevocationConfig(mode, fetch, softTimeout, hardTimeout, shortLifetimeDays, cache,
        f, crliteMode, crliteFilters);
  }

  /** This configuration with CRLite in {@code m} over {@code filters}. */
  public RevocationConfig withCrlite(CrliteMode m, CrliteFilters filters) {
    return new RevocationConfig(mode, fetch, softTimeout, hardTimeout, shortLifetimeDays, cache,
        fetcher, m, filters);
  }

  /** Whether any revocation check happens (OCSP, or CRLite). */
  public boolean checksAnything() {
    return mode != Mode.OFF || crliteMode != CrliteMode.OFF;
  }

  /** True for hard-fail. */
  public boolean hardFail() {
    return mode == Mode.HARD;
  }

  /** The fetch budget of the current mode (Firefox's {@code GetOCSPTimeout}). */
  public Duration timeout() {
    return mode == Mode.HARD ? hardTimeout : softTimeout;
  }
}
