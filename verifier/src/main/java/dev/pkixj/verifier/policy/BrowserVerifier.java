package dev.pkixj.verifier.policy;

import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The layer of Firefox above certificate verification, for one TLS connection to a host and
 * port ({@code SSLServerCertVerification}'s {@code AuthCertificateParseResults} and the error
 * page's clock check):
 * <ol>
 *   <li>the chain is verified by the {@link Verifier} (with its {@link TlsPolicy});</li>
 *   <li>an overridable error ({@link Result#isOverridable()}) on a host that is not HSTS or
 *       pinned ({@link HstsHosts}; an IPv6 literal always qualifies) is looked up in the
 *       {@link CertExceptions}: an exception for this host and port (a known port: -1 or 0
 *       match nothing) whose fingerprint is the
 *       end-entity's turns the result into a success flagged as overridden, carrying the error
 *       it covered ({@link VerificationResult#overridden});</li>
 *   <li>for a time-related error, the {@link ClockHints} decide whether the page says "Your
 *       Computer Clock is Wrong"; verifications made with this computer's clock are recorded in
 *       the hints' monitor.</li>
 * </ol>
 * Everything it adds is in {@link VerificationResult#notes()}. Thread-safe.
 */
public final class BrowserVerifier {
  private final Verifier verifier;
  private final CertExceptions exceptions;
  private final HstsHosts hsts;
  private final ClockHints clock;

  private BrowserVerifier(Builder b) {
    this.verifier = b.verifier;
    this.exceptions = b.exceptions;
    this.hsts = b.hsts;
    this.clock = b.clock;
  }

  public static Builder builder(Verifier verifier) {
    return new Builder(verifier);
  }

  public Verifier verifier() {
    return verifier;
  }

  public CertExceptions exceptions() {
    return exceptions;
  }

  public HstsHosts hsts() {
    return hsts;
  }

  public ClockHints clockHints() {
    return clock;
  }

  /**
   * Whether an exception may be added or used for {@code host} (Firefox's {@code
   * OverrideAllowedForHost}): always for an IPv6 literal, else unless the host is HSTS or pinned.
   */
  public boolean exceptionAllowed(String host) {
    String h = CertException.normaliseHost(host);
    return h.indexOf(':') >= 0 || !hsts.contains(h);
  }

  /** Verifies with this computer's clock (now, to the second). */
  public VerificationResult verifyNow(List<byte[]> chain, String host, int port) {
    return verify(chain, host, port, Instant.now().truncatedTo(ChronoUnit.SECONDS),
        TimeSource.SYSTEM_CLOCK, null);
  }

  /**
   * Verifies {@code chain} (end-entity first) for {@code host} and {@code port} at {@code time}.
   *
   * @param host the host (DNS name or IP literal); null skips the host name and exceptions
   * @param port the port (exceptions are per host and port; 443 for https); an unknown port
   *     (-1, 0, or anything outside 1 to 65535) matches no exception
   * @param source whether {@code time} is this computer's clock (only then can the clock be
   *     blamed, and only then is the verification recorded for the clock heuristics)
   * @param stapledOcspResponse the stapled OCSP response (DER), or null
   */
  public VerificationResult verify(List<byte[]> chain, String host, int port, Instant time,
      TimeSource source, byte[] stapledOcspResponse) {
    return verify(chain, host, port, time, source, stapledOcspResponse, null);
  }

  /**
   * {@link #verify(List, String, int, Instant, TimeSource, byte[])} with the SCTs the server
   * sent in its TLS {@code signed_certificate_timestamp} extension (docs/ct.md).
   *
   * @param tlsSctList a TLS-encoded SignedCertificateTimestampList, or null when none was sent
   */
  public VerificationResult verify(List<byte[]> chain, String host, int port, Instant time,
      TimeSource source, byte[] stapledOcspResponse, byte[] tlsSctList) {
    Objects.requireNonNull(source, "source");
    VerificationResult r = verifier.verifyServer(chain, host, time, stapledOcspResponse,
        tlsSctList);
    boolean sts = host != null && !exceptionAllowed(host);
    byte[] leafSha256 = sha256(chain.get(0));
    if (!r.isValid() && r.result().isOverridable() && host != null && !sts
        && CertException.validPort(port) && exceptions.matches(host, port, leafSha256)) {
      return VerificationResult.overridden(r, new PolicyNotes(null, -1, port, false, null));
    }
    if (source == TimeSource.SYSTEM_CLOCK) {
      clock.record(r.result(), leafSha256, time);
    }
    ClockCheck check = r.result().isTimeRelated()
        ? clock.check(r.result(), r.chain(), time, source) : null;
    return r.withNotes(new PolicyNotes(null, -1, port, sts, check));
  }

  private static byte[] sha256(byte[] der) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(der);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Collects the parts; defaults: no exceptions, no HSTS hosts, {@link ClockHints#defaults()}. */
  public static final class Builder {
    private final Verifier verifier;
    private CertExceptions exceptions = CertExceptions.none();
    private HstsHosts hsts = HstsHosts.none();
    private ClockHints clock = ClockHints.defaults();

    private Builder(Verifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    public Builder exceptions(CertExceptions e) {
      this.exceptions = Objects.requireNonNull(e, "exceptions");
      return this;
    }

    public Builder hsts(HstsHosts h) {
      this.hsts = Objects.requireNonNull(h, "hsts");
      return this;
    }

    public Builder clockHints(ClockHints c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    public BrowserVerifier build() {
      return new BrowserVerifier(this);
    }
  }
}
