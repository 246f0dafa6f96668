package dev.pkixj.truststore.crlite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The CRLite filters in use: a full filter and the deltas loaded after it, with the time they were
 * last updated (Firefox's cert_storage get_crlite_revocation_state; spec firefox-ct-crlite.md B1;
 * docs/crlite.md). Immutable and shared by all threads; a query allocates nothing beyond what
 * {@link Clubcard} needs (one digest per thread).
 */
public final class CrliteFilters {
  /** Filters are used for 10 days after their last update (cert_storage's is_crlite_fresh). */
  public static final long FRESHNESS_SECONDS = 10L * 24 * 60 * 60;

  /** No filter at all: every query gives {@link CrliteStatus#NO_FILTER}. */
  public static final CrliteFilters NONE = new CrliteFilters(List.of(), -1, 1);

  private final Clubcard[] filters;
  private final List<Clubcard> view;
  private final long lastUpdateSeconds;
  private final int requiredTimestamps;

  private CrliteFilters(List<Clubcard> filters, long lastUpdateSeconds, int requiredTimestamps) {
    this.filters = filters.toArray(new Clubcard[0]);
    this.view = Collections.unmodifiableList(new ArrayList<>(filters));
    this.lastUpdateSeconds = lastUpdateSeconds;
    this.requiredTimestamps = requiredTimestamps;
  }

  /**
   * A full filter (may be null when none is stored) and its deltas, last updated (a filter or a
   * delta stored) at {@code lastUpdateEpochMillis}; one covered timestamp is required
   * (security.pki.crlite_timestamps_for_coverage = 1).
   */
  public static CrliteFilters of(Clubcard full, List<Clubcard> deltas,
      long lastUpdateEpochMillis) {
    List<Clubcard> all = new ArrayList<>();
    if (full != null) {
      all.add(full);
    }
    for (Clubcard d : deltas) {
      all.add(java.util.Objects.requireNonNull(d, "delta"));
    }
    return new CrliteFilters(all, Math.floorDiv(lastUpdateEpochMillis, 1000L), 1);
  }

  /** The same filters requiring {@code n} covered timestamps per filter (n ≥ 1). */
  public CrliteFilters withRequiredTimestamps(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("at least one covered timestamp is required");
    }
    return new CrliteFilters(view, lastUpdateSeconds, n);
  }

  /** The full filter, then the deltas. */
  public List<Clubcard> filters() {
    return view;
  }

  /** The last update, epoch seconds (−1 for {@link #NONE}). */
  public long lastUpdateEpochSeconds() {
    return lastUpdateSeconds;
  }

  /**
   * Whether the filters may be used at wall-clock time {@code nowEpochMillis}: now (whole
   * seconds) before the last update plus 10 days, and neither time before 1970.
   */
  public boolean isFresh(long nowEpochMillis) {
    long now = Math.floorDiv(nowEpochMillis, 1000L);
    return now >= 0 && lastUpdateSeconds >= 0
        && now < lastUpdateSeconds + FRESHNESS_SECONDS;
  }

  /** {@link #query(byte[], byte[], byte[], long[], int, long)} with all the timestamps. */
  public CrliteStatus query(byte[] issuerSpkiSha256, byte[] serial, byte[] logIds,
      long[] timestamps, long nowEpochMillis) {
    return query(issuerSpkiSha256, serial, logIds, timestamps, timestamps.length,
        nowEpochMillis);
  }

  /**
   * CRLite's answer for an end-entity certificate: {@link CrliteStatus#NO_FILTER} when the filters
   * are not fresh at {@code nowEpochMillis} or none is loaded; otherwise each filter is asked
   * ({@link Clubcard#query}) and the answers combine: any revoked → REVOKED; else any good → GOOD;
   * else any not enrolled → NOT_ENROLLED; else NOT_COVERED.
   *
   * @param logIds the SCT log ids, 32 bytes each, concatenated
   * @param timestamps the SCT timestamps (ms), one per log id
   * @param count how many pairs to use
   */
  public CrliteStatus query(byte[] issuerSpkiSha256, byte[] serial, byte[] logIds,
      long[] timestamps, int count, long nowEpochMillis) {
    Clubcard.checkArgs(issuerSpkiSha256, serial, logIds, timestamps, count);
    if (!isFresh(nowEpochMillis) || filters.length == 0) {
      return CrliteStatus.NO_FILTER;
    }
    Clubcard.Scratch s = Clubcard.scratch();
    s.ready = false;
    boolean good = false;
    boolean notEnrolled = false;
    for (Clubcard f : filters) {
      switch (f.query(s, issuerSpkiSha256, serial, logIds, timestamps, count,
          requiredTimestamps)) {
        case REVOKED:
          return CrliteStatus.REVOKED;
        case GOOD:
          good = true;
          break;
        case NOT_ENROLLED:
          notEnrolled = true;
          break;
        default:
          break;
      }
    }
    if (good) {
      return CrliteStatus.GOOD;
    }
    return notEnrolled ? CrliteStatus.NOT_ENROLLED : CrliteStatus.NOT_COVERED;
  }
}
