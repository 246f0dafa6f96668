package dev.pkixj.truststore.revocation;

import dev.pkixj.truststore.crlite.CrliteStatus;
import java.util.Locale;
import java.util.Objects;

/**
 * What the end-entity's revocation check did in one verification (docs/crlite.md, "What is
 * recorded"): which source decided, and what CRLite said.
 *
 * @param source the source that gave the answer
 * @param crlite CRLite's answer, {@link Crlite#OFF} when it was not consulted
 */
public record RevocationInfo(Source source, Crlite crlite) {
  /** No revocation check of an end-entity happened. */
  public static final RevocationInfo NONE = new RevocationInfo(Source.NONE, Crlite.OFF);

  public RevocationInfo {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(crlite, "crlite");
  }

  /** Which source decided. */
  public enum Source {
    /** Nothing decided: no check, or soft-fail with nothing usable (the answer was Success). */
    NONE,
    /** CRLite covered the certificate in enforce mode. */
    CRLITE,
    /** The stapled OCSP response. */
    OCSP_STAPLE,
    /** The OCSP cache. */
    OCSP_CACHE,
    /** A request to the responder (whatever came of it). */
    OCSP_FETCH;

    /** none, crlite, ocsp_staple, ocsp_cache, ocsp_fetch. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** CRLite's answer, with the reason for "no filter" split in two. */
  public enum Crlite {
    /** CRLite mode off: not consulted. */
    OFF,
    REVOKED,
    GOOD,
    NOT_ENROLLED,
    NOT_COVERED,
    /** No filter loaded. */
    NO_FILTER,
    /** Filters loaded but older than the freshness limit (Firefox: NO_FILTER). */
    STALE;

    /** off, revoked, good, not_enrolled, not_covered, no_filter, stale. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Crlite of(CrliteStatus s) {
      switch (s) {
        case REVOKED:
          return REVOKED;
        case GOOD:
          return GOOD;
        case NOT_ENROLLED:
          return NOT_ENROLLED;
        case NOT_COVERED:
          return NOT_COVERED;
        default:
          return NO_FILTER;
      }
    }
  }
}
