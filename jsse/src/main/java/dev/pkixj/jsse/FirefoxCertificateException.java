package dev.pkixj.jsse;

import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.explain.Explanation;
import dev.pkixj.verifier.explain.Explanations;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

/**
 * A certificate chain rejected with Firefox's rules: what {@link FirefoxTrustManager} throws
 * instead of "PKIX path building failed".
 *
 * <p>JSSE turns it into an {@code SSLHandshakeException} whose cause (or a cause further down,
 * depending on the HTTP client) is this exception; {@link #find(Throwable)} digs it out. Programs
 * decide on {@link #code()} (a {@link Result}: Firefox's name and NSS number), never on the
 * message text.
 */
public final class FirefoxCertificateException extends CertificateException {
  private final Result code;
  private final int certIndex;
  private final String host;
  private final transient VerificationResult verification;
  private final transient Explanation explanation;

  FirefoxCertificateException(VerificationResult r) {
    this(r, null);
  }

  FirefoxCertificateException(VerificationResult r, String detail) {
    super(message(r, detail));
    this.code = r.result();
    this.certIndex = r.certIndex();
    this.host = r.host();
    this.verification = r;
    this.explanation = Explanations.explain(r);
    CertPathValidatorException.BasicReason reason = alertReason(code);
    if (reason != null) {
      // JSSE picks the TLS alert from a CertPathValidatorException cause: the server then sees
      // certificate_expired / certificate_revoked / bad_certificate, as NSS sends them, instead
      // of certificate_unknown.
      initCause(new CertPathValidatorException(code.firefoxName(), null, null, -1, reason));
    }
  }

  private static CertPathValidatorException.BasicReason alertReason(Result code) {
    switch (code) {
      case SEC_ERROR_EXPIRED_CERTIFICATE:
        return CertPathValidatorException.BasicReason.EXPIRED;
      case MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE:
        return CertPathValidatorException.BasicReason.NOT_YET_VALID;
      case SEC_ERROR_REVOKED_CERTIFICATE:
        return CertPathValidatorException.BasicReason.REVOKED;
      case SEC_ERROR_BAD_SIGNATURE:
        return CertPathValidatorException.BasicReason.INVALID_SIGNATURE;
      default:
        return null;
    }
  }

  /** Firefox's error code, e.g. {@link Result#SEC_ERROR_UNKNOWN_ISSUER}. */
  public Result code() {
    return code;
  }

  /**
   * The index of the certificate the code concerns, in {@link VerificationResult#chain()} (0 = the
   * server's or client's own certificate); see {@link VerificationResult#certIndex()}.
   */
  public int certIndex() {
    return certIndex;
  }

  /** The host name that was checked, or null when none was. */
  public String host() {
    return host;
  }

  /** What Firefox's error page would say (title, description, advice, overridable). */
  public Explanation explanation() {
    return explanation;
  }

  /**
   * The whole verification result: code, certificate index, the chain that was built (or the
   * longest one tried), host and time. Null after deserialization.
   */
  public VerificationResult verification() {
    return verification;
  }

  /** The first {@code FirefoxCertificateException} in {@code t}'s cause chain, or null. */
  public static FirefoxCertificateException find(Throwable t) {
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof FirefoxCertificateException) {
        return (FirefoxCertificateException) t;
      }
      for (Throwable s : t.getSuppressed()) {
        if (s instanceof FirefoxCertificateException) {
          return (FirefoxCertificateException) s;
        }
      }
    }
    return null;
  }

  private static String message(VerificationResult r, String detail) {
    Result c = r.result();
    StringBuilder sb = new StringBuilder();
    sb.append(c.firefoxName()).append(" (").append(c.nssCode()).append(") at certificate ")
        .append(r.certIndex());
    if (r.host() != null) {
      sb.append(" for ").append(r.host());
    }
    sb.append(": ").append(Explanations.nssDescription(c));
    if (detail != null) {
      sb.append(' ').append(detail);
    } else {
      Explanation e = Explanations.explain(r);
      String first = e.description().split("\n\n", 2)[0].replace('\n', ' ');
      sb.append(' ').append(first);
    }
    return sb.toString();
  }
}
