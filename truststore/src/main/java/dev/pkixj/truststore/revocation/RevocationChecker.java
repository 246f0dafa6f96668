package dev.pkixj.truststore.revocation;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.crlite.CrliteStatus;
import java.util.Objects;

/**
 * Firefox's revocation policy for a TLS server certificate: {@code
 * NSSCertDBTrustDomain::CheckRevocation} and {@code CheckRevocationByOCSP}, {@code
 * SynchronousCheckRevocationWithServer}, {@code HandleOCSPFailure} and {@code
 * VerifyAndMaybeCacheEncodedOCSPResponse} (spec §4.2), with CRLite before OCSP ({@code
 * CheckRevocationByCRLite}, {@code CheckCRLite}; spec firefox-ct-crlite.md B1 and B3;
 * docs/crlite.md). OneCRL is out of scope (it belongs to GetCertTrust).
 *
 * <h2>The steps, in order</h2>
 * <ol>
 *   <li>A CA: Success (Firefox covers CAs with OneCRL in GetCertTrust).</li>
 *   <li><b>CRLite</b>, unless {@link RevocationConfig#crliteMode()} is off: the filters are
 *       asked with issuer = SHA-256 of the CertID's issuer SPKI, serial = the CertID's serial
 *       content octets, and the (log id, timestamp) pairs of {@link
 *       RevocationState#crliteTimestamps()} (a fatal error there is returned). Revoked → {@link
 *       Result#SEC_ERROR_REVOKED_CERTIFICATE}, good → Success, both "covered"; not enrolled, not
 *       covered, no filter (none loaded, or older than 10 days by the wall clock) → not covered.
 *       Covered in enforce mode: that answer is final (no staple, no cache, no fetch). Otherwise
 *       (telemetry, or not covered) the answer is only recorded and OCSP follows.</li>
 *   <li>{@link RevocationConfig.Mode#OFF}: Success.</li>
 *   <li><b>The AIA's OCSP URL</b> is extracted ({@link OcspLocation}): an undecodable extension,
 *       or a first OCSP URL over 1,024 bytes or with a NUL byte, is CERT_BAD_ACCESS_LOCATION,
 *       returned at once. Current Firefox does this in {@code CheckRevocation} before looking at
 *       the staple (spec §4.2 mentions the rule under step 5, where the URL is used).</li>
 *   <li><b>Staple</b>, verified with a maximum lifetime of 10 days against the trust domain
 *       given: good → Success (cached). Expired (the verifier's {@code expired} flag, whatever
 *       the status: an expired revoked or unknown staple too), OCSP_OLD_RESPONSE,
 *       OCSP_TRY_SERVER_LATER, OCSP_INVALID_SIGNING_CERT, OCSP_RESPONSE_FOR_CERT_MISSING → kept as
 *       the staple's error, and the check goes on. Any other result (REVOKED_CERTIFICATE,
 *       OCSP_UNKNOWN_CERT, OCSP_BAD_SIGNATURE, OCSP_MALFORMED_RESPONSE, OCSP_FUTURE_RESPONSE…) is
 *       returned now, even in soft-fail. Only non-expired good, revoked and unknown staples are
 *       cached.</li>
 *   <li><b>Cache</b>: a good entry valid at the verification time → Success; a Revoked entry →
 *       REVOKED_CERTIFICATE however old; a stale good entry counts as OCSP_OLD_RESPONSE; a
 *       failure entry past its validThrough is ignored; a live failure entry means no new
 *       fetch (→ the failure step).</li>
 *   <li><b>No fetching</b> (fetching off, or a validity shorter than {@code shortLifetimeDays}):
 *       cached Unknown → OCSP_UNKNOWN_CERT; hard-fail with a cached OLD → OCSP_OLD_RESPONSE;
 *       else Success.</li>
 *   <li><b>No fetch under CRLite</b>: soft-fail with fetching on, CRLite mode enforce and a
 *       built-in root at the top of the path ({@link RevocationState#builtInRoot()}, learnt in
 *       {@code isChainValid}) → Success, whether or not a filter covered the certificate.</li>
 *   <li><b>No OCSP URL</b>: cached Unknown → OCSP_UNKNOWN_CERT; cached OLD →
 *       OCSP_OLD_RESPONSE; the staple's error if any; else Success — even in hard-fail.</li>
 *   <li><b>Fetch</b> (only with no cached failure): the request ({@link
 *       OcspVerifier#createRequest}; a serial number too long for it is BAD_DER, returned as is)
 *       is sent by the {@link OcspFetcher} with the mode's timeout. A network error is cached
 *       with thisUpdate = the verification time and validThrough = that + 5 minutes, then goes
 *       to the failure step. A response is verified and always cached (a failure with
 *       validThrough = time + 5 minutes); Success is returned; in hard-fail anything is returned;
 *       in soft-fail REVOKED_CERTIFICATE and OCSP_UNKNOWN_CERT are returned, otherwise the
 *       staple's error if any, otherwise Success.</li>
 *   <li><b>Failure</b> ({@code HandleOCSPFailure}): hard-fail → the error; cached Unknown → it;
 *       the staple's error → it; else Success.</li>
 * </ol>
 * Whenever a cache put has to drop a new entry because the cache is full of Revoked and Unknown
 * entries, the put's result (the dropped entry's result when it is an error) is returned at once,
 * as Firefox does.
 *
 * <h2>Must-staple</h2>
 * The TLS feature extension (status_request) is not checked here: {@code Verifier} checks it
 * after a successful build, like Firefox's {@code CheckTLSFeaturesAreSatisfied}, and only for the
 * <i>presence</i> of a staple (no staple → MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING). A
 * staple that is present is judged here like any other: a revoked, unknown, malformed or
 * bad-signature staple fails the build first; an expired one (or TRY_SERVER_LATER,
 * INVALID_SIGNING_CERT, RESPONSE_FOR_CERT_MISSING) satisfies the TLS feature yet is only as
 * strong as the rest of this policy (with fetching off, or in soft-fail with a failing responder,
 * it ends in Success or the staple's error as described above).
 *
 * <p>What happened is written to the verification's {@link RevocationState} ({@link
 * RevocationInfo}): the source that decided (crlite; ocsp_staple when the staple's answer or
 * error is returned; ocsp_cache when a cached answer or failure is; ocsp_fetch when a request
 * was made; otherwise none) and CRLite's answer.
 *
 * <p>Thread-safe: the shared state is in the {@link OcspCache}; the per-verification state is
 * in the {@link RevocationState} given to each call.
 */
public final class RevocationChecker {
  /** Firefox's {@code ServerFailureDelaySeconds}: how long a failure is cached. */
  public static final long SERVER_FAILURE_DELAY_SECONDS = 5 * 60;

  /** Firefox's maximum OCSP response lifetime for end-entities. */
  public static final int MAX_OCSP_LIFETIME_DAYS = OcspVerifier.FIREFOX_MAX_LIFETIME_DAYS;

  /** The thisUpdate of a response that did not verify far enough to have one. */
  static final long NO_THIS_UPDATE = Long.MIN_VALUE;

  private static final long ONE_DAY = 24L * 60 * 60;

  private static final ThreadLocal<java.security.MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> {
        try {
          return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
      });

  private final RevocationConfig config;

  public RevocationChecker(RevocationConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public RevocationConfig config() {
    return config;
  }

  /**
   * Firefox's {@code CheckRevocation} for one certificate of a path.
   *
   * @param trustDomain the verification's trust domain: it judges the delegated OCSP responder
   *     certificates of the responses ({@code OcspVerifier.verify})
   * @param role the certificate's role (CAs always pass)
   * @param certId the certificate's CertID
   * @param time the verification time, seconds since the epoch
   * @param validityDurationSeconds notAfter − notBefore of the certificate
   * @param stapledOcspResponse the stapled response (end-entity only), or null
   * @param aiaExtension the certificate's authorityInfoAccess extension value, or null
   * @return {@link Result#SUCCESS} or the error to report
   */
  public Result check(TrustDomain trustDomain, EndEntityOrCA role, CertId certId, long time,
      long validityDurationSeconds, Input stapledOcspResponse, Input aiaExtension) {
    return check(trustDomain, role, certId, time, validityDurationSeconds, stapledOcspResponse,
        aiaExtension, null, new RevocationState());
  }

  /**
   * As {@link #check(TrustDomain, EndEntityOrCA, CertId, long, long, Input, Input)}, with CRLite.
   *
   * @param sctExtension the certificate's SCT list extension value, or null
   * @param state the verification's state: the CRLite timestamp source and the built-in root
   *     flag are read from it, what happened is written to it
   */
  public Result check(TrustDomain trustDomain, EndEntityOrCA role, CertId certId, long time,
      long validityDurationSeconds, Input stapledOcspResponse, Input aiaExtension,
      Input sctExtension, RevocationState state) {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(certId, "certId");
    Objects.requireNonNull(state, "state");
    if (role == EndEntityOrCA.MUST_BE_CA) {
      return Result.SUCCESS;
    }
    state.begin();
    if (config.crliteMode() != CrliteMode.OFF) {
      CrliteStatus status;
      try {
        status = crlite(certId, time, sctExtension, state);
      } catch (PkixException e) {
        return e.result();
      }
      if (status.covered() && config.crliteMode() == CrliteMode.ENFORCE) {
        state.source(RevocationInfo.Source.CRLITE);
        return status == CrliteStatus.REVOKED
            ? Result.SEC_ERROR_REVOKED_CERTIFICATE : Result.SUCCESS;
      }
    }
    if (config.mode() == RevocationConfig.Mode.OFF) {
      return Result.SUCCESS;
    }
    String url;
    try {
      url = OcspLocation.firstOcspUrl(aiaExtension);
    } catch (PkixException e) {
      return e.result();
    }
    OcspCache.Key key;
    try {
      key = OcspCache.key(certId);
    } catch (IllegalArgumentException e) {
      return Result.SEC_ERROR_LIBRARY_FAILURE; // Firefox: CertIDHash fails
    }
    return checkByOcsp(trustDomain, key, certId, time, validityDurationSeconds, url,
        stapledOcspResponse, state);
  }

  /** {@code CheckRevocationByCRLite} and {@code CheckCRLite}: the answer, recorded. */
  private CrliteStatus crlite(CertId certId, long time, Input sctExtension,
      RevocationState state) throws PkixException {
    CrliteTimestamps.Pairs pairs = state.crliteTimestamps().timestamps(sctExtension, certId, time,
        state.distrustAfterSeconds());
    if (pairs == null) {
      pairs = CrliteTimestamps.Pairs.EMPTY;
    }
    CrliteFilters filters = config.crliteFilters();
    long now = System.currentTimeMillis(); // Firefox judges freshness by the wall clock
    java.security.MessageDigest sha = SHA256.get();
    sha.reset();
    Input spki = certId.issuerSubjectPublicKeyInfo();
    sha.update(unsafeGetData(spki), spki.off(), spki.len());
    byte[] issuer = sha.digest();
    byte[] serial = certId.serialNumber().toByteArray();
    CrliteStatus status = filters.query(issuer, serial, pairs.logIds(), pairs.timestamps(), now);
    RevocationInfo.Crlite recorded = RevocationInfo.Crlite.of(status);
    if (status == CrliteStatus.NO_FILTER && !filters.filters().isEmpty()) {
      recorded = RevocationInfo.Crlite.STALE;
    }
    state.crlite(recorded);
    return status;
  }

  /** {@code CheckRevocationByOCSP}. */
  private Result checkByOcsp(TrustDomain td, OcspCache.Key key, CertId certId, long time,
      long validityDuration, String url, Input staple, RevocationState state) {
    OcspCache cache = config.cache();
    boolean hardFail = config.hardFail();

    // 1. The staple.
    Result stapleResult = Result.SUCCESS;
    if (staple != null) {
      OcspVerification v = OcspVerifier.verify(td, certId, time, MAX_OCSP_LIFETIME_DAYS,
          bytes(staple));
      Result rv = v.result();
      if (!v.expired() && (rv == Result.SUCCESS || rv == Result.SEC_ERROR_REVOKED_CERTIFICATE
          || rv == Result.SEC_ERROR_OCSP_UNKNOWN_CERT)) {
        Result put = cache.put(key, rv, thisUpdate(v), v.validThrough().getEpochSecond(), time);
        if (put != Result.SUCCESS) {
          state.source(RevocationInfo.Source.OCSP_STAPLE);
          return put;
        }
      }
      stapleResult = rv;
      if (rv == Result.SUCCESS) {
        state.source(RevocationInfo.Source.OCSP_STAPLE);
        return Result.SUCCESS;
      }
      boolean tolerated = rv == Result.SEC_ERROR_OCSP_OLD_RESPONSE || v.expired()
          || rv == Result.SEC_ERROR_OCSP_TRY_SERVER_LATER
          || rv == Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT
          || rv == Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING;
      if (!tolerated) {
        state.source(RevocationInfo.Source.OCSP_STAPLE);
        return rv;
      }
    }

    // 2. The cache.
    Result cached = Result.SUCCESS;
    OcspCache.Entry entry = cache.get(key, time);
    if (entry != null) {
      Result r = entry.result();
      if (r == Result.SUCCESS && entry.validThrough() >= time) {
        state.source(RevocationInfo.Source.OCSP_CACHE);
        return Result.SUCCESS;
      }
      if (r == Result.SEC_ERROR_REVOKED_CERTIFICATE) {
        state.source(RevocationInfo.Source.OCSP_CACHE);
        return r;
      }
      cached = r == Result.SUCCESS ? Result.SEC_ERROR_OCSP_OLD_RESPONSE : r;
      if (cached != Result.SEC_ERROR_OCSP_UNKNOWN_CERT
          && cached != Result.SEC_ERROR_OCSP_OLD_RESPONSE && entry.validThrough() < time) {
        cached = Result.SUCCESS; // an expired indication of server failure: ignored
      }
    }

    // 3. No fetching.
    if (!config.fetch()
        || validityDuration < (long) config.shortLifetimeDays() * ONE_DAY) {
      if (cached == Result.SEC_ERROR_OCSP_UNKNOWN_CERT) {
        state.source(RevocationInfo.Source.OCSP_CACHE);
        return cached;
      }
      if (hardFail && cached == Result.SEC_ERROR_OCSP_OLD_RESPONSE) {
        state.source(RevocationInfo.Source.OCSP_CACHE);
        return cached;
      }
      return Result.SUCCESS;
    }

    // 4. No fetch for a built-in root when CRLite is enforced and OCSP is soft-fail.
    if (!hardFail && config.crliteMode() == CrliteMode.ENFORCE && state.builtInRoot()) {
      return Result.SUCCESS;
    }

    // 5. No responder URL.
    if (url == null) {
      if (cached == Result.SEC_ERROR_OCSP_UNKNOWN_CERT
          || cached == Result.SEC_ERROR_OCSP_OLD_RESPONSE) {
        state.source(RevocationInfo.Source.OCSP_CACHE);
        return cached;
      }
      if (stapleResult != Result.SUCCESS) {
        state.source(RevocationInfo.Source.OCSP_STAPLE);
      }
      return stapleResult;
    }

    // 6. Fetch, unless a failure is cached.
    if (cached == Result.SUCCESS || cached == Result.SEC_ERROR_OCSP_UNKNOWN_CERT
        || cached == Result.SEC_ERROR_OCSP_OLD_RESPONSE) {
      return checkWithServer(td, key, certId, url, time, cached, stapleResult, state);
    }
    state.source(RevocationInfo.Source.OCSP_CACHE);
    return handleFailure(cached, stapleResult, cached);
  }

  /** {@code SynchronousCheckRevocationWithServer}. */
  private Result checkWithServer(TrustDomain td, OcspCache.Key key, CertId certId, String url,
      long time, Result cached, Result stapleResult, RevocationState state) {
    OcspCache cache = config.cache();
    byte[] request;
    try {
      request = OcspVerifier.createRequest(certId);
    } catch (IllegalArgumentException e) {
      return Result.SEC_ERROR_BAD_DER; // CreateEncodedOCSPRequest's error, returned as is
    }
    long failureValidThrough;
    try {
      failureValidThrough = Math.addExact(time, SERVER_FAILURE_DELAY_SECONDS);
    } catch (ArithmeticException e) {
      return Result.SEC_ERROR_LIBRARY_FAILURE; // Firefox: integer overflow
    }
    OcspFetcher.Response response;
    state.source(RevocationInfo.Source.OCSP_FETCH);
    try {
      response = config.fetcher().fetch(url, request, config.timeout());
    } catch (RuntimeException e) {
      response = OcspFetcher.Response.failure(Result.SEC_ERROR_OCSP_SERVER_ERROR);
    }
    if (response == null) {
      response = OcspFetcher.Response.failure(Result.SEC_ERROR_OCSP_SERVER_ERROR);
    }
    if (!response.isSuccess()) {
      Result error = response.error();
      Result put = cache.put(key, error, time, failureValidThrough, time);
      if (put != Result.SUCCESS) {
        return put;
      }
      return handleFailure(cached, stapleResult, error);
    }

    OcspVerification v = OcspVerifier.verify(td, certId, time, MAX_OCSP_LIFETIME_DAYS,
        response.body());
    Result rv = v.result();
    long validThrough;
    if (rv == Result.SUCCESS || rv == Result.SEC_ERROR_REVOKED_CERTIFICATE
        || rv == Result.SEC_ERROR_OCSP_UNKNOWN_CERT) {
      validThrough = v.validThrough().getEpochSecond();
    } else {
      validThrough = failureValidThrough;
    }
    Result put = cache.put(key, rv, thisUpdate(v), validThrough, time);
    if (put != Result.SUCCESS) {
      return put;
    }
    if (rv == Result.SUCCESS || config.hardFail()) {
      return rv;
    }
    if (rv == Result.SEC_ERROR_OCSP_UNKNOWN_CERT || rv == Result.SEC_ERROR_REVOKED_CERTIFICATE) {
      return rv;
    }
    return stapleResult; // the staple's error, or Success: soft-fail
  }

  /** {@code HandleOCSPFailure}. */
  private Result handleFailure(Result cached, Result stapleResult, Result error) {
    if (config.hardFail()) {
      return error;
    }
    if (cached == Result.SEC_ERROR_OCSP_UNKNOWN_CERT) {
      return cached;
    }
    return stapleResult; // the staple's error, or Success: soft-fail
  }

  private static long thisUpdate(OcspVerification v) {
    return v.thisUpdate() != null ? v.thisUpdate().getEpochSecond() : NO_THIS_UPDATE;
  }

  private static byte[] bytes(Input in) {
    if (in.off() == 0 && in.len() == unsafeGetData(in).length) {
      return unsafeGetData(in);
    }
    return in.toByteArray();
  }

  @Override
  public String toString() {
    return "RevocationChecker[" + config.mode() + (config.fetch() ? ", fetch" : ", no fetch")
        + "]";
  }
}
