package dev.pkixj.batch;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.explain.CertDisplay;
import dev.pkixj.truststore.SecurityStateLoader;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.verifier.policy.RevocationBlocklist;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies parsed records with one shared {@link Verifier} (thread-safe: one instance serves
 * every worker thread, and every Spark task of an executor). The verifier carries the run's
 * Certificate Transparency settings ({@link CtRun}) and revocation settings (CRLite: docs/crlite.md);
 * each result carries its CT status and CRLite answer.
 */
public final class RecordVerifier {
  private final Verifier verifier;
  private final String defaultHost;
  private final long defaultTime;
  /** The store whose preloaded intermediates are reported; null when it has none. */
  private final TrustStore preloadedFrom;
  /** Whether the verifier is of the strict profile: the results then carry the violations. */
  private final boolean strict;

  /**
   * @param defaultHost the host name for records without one (null: no host check)
   * @param defaultTime epoch seconds for records without a time
   */
  public RecordVerifier(Verifier verifier, String defaultHost, long defaultTime) {
    this(verifier, defaultHost, defaultTime, null);
  }

  /**
   * As above, reporting whether a preloaded intermediate of {@code store} (the store {@code
   * verifier}'s trust domains come from) completed each chain; a store with none costs nothing.
   * The OneCRL entry that refused a chain comes from the verifier's policy ({@link
   * Verifier#oneCrlMatch}), looked up only for revoked chains.
   */
  public RecordVerifier(Verifier verifier, String defaultHost, long defaultTime,
      TrustStore store) {
    this.verifier = verifier;
    this.defaultHost = defaultHost;
    this.defaultTime = defaultTime;
    this.preloadedFrom = store == null || store.preloaded().isEmpty() ? null : store;
    this.strict = verifier.profile() == dev.pkixj.verifier.Profile.STRICT;
  }

  /** Verifies {@code r}; {@code fallbackId} names it when it has no id. */
  public RecordResult verify(ParsedRecord r, String fallbackId, long line) {
    String id = r.id() != null ? r.id() : fallbackId;
    String host = r.host() != null ? r.host() : defaultHost;
    long t = r.time() != ParsedRecord.NO_TIME ? r.time() : defaultTime;
    VerificationResult v;
    try {
      v = verifier.verifyServer(r.chain(), host, Instant.ofEpochSecond(t));
    } catch (RuntimeException | StackOverflowError e) {
      return RecordResult.malformed(id, line, "internal error: " + e);
    }
    List<Cert> built = v.chain();
    List<String> fingerprints = new ArrayList<>(built.size());
    for (Cert c : built) {
      fingerprints.add(c.sha256Hex());
    }
    String issuer = null;
    Result code = v.result();
    if (code != Result.SUCCESS && !built.isEmpty()) {
      int i = Math.min(Math.max(v.certIndex(), 0), built.size() - 1);
      issuer = CertDisplay.issuer(built.get(i));
    }
    boolean preloaded = preloadedFrom != null && SecurityStateLoader.any(
        SecurityStateLoader.preloadedElements(preloadedFrom, built, r.chain()));
    RevocationBlocklist.Match m = code == Result.SEC_ERROR_REVOKED_CERTIFICATE
        ? verifier.oneCrlMatch(v, r.chain()) : null;
    return new RecordResult(id, line, code, code == Result.SUCCESS ? -1 : v.certIndex(), host,
        fingerprints, issuer, null, r.entryType(), v.ct().status(),
        v.revocation().crlite(), preloaded, m == null ? null : m.entry().id(),
        strict ? v.violations() : null);
  }
}
