package dev.pkixj.pkix.ocsp;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import java.time.Instant;

/**
 * The outcome of {@link OcspVerifier#verify}: what mozilla::pkix's {@code
 * VerifyEncodedOCSPResponse} returns and reports through its out-parameters, plus a few fields
 * for display.
 *
 * @param result the verdict, exactly as mozilla::pkix returns it: {@link Result#SUCCESS} for a
 *     fresh "good", {@link Result#SEC_ERROR_REVOKED_CERTIFICATE}, {@link
 *     Result#SEC_ERROR_OCSP_UNKNOWN_CERT}, {@link Result#SEC_ERROR_OCSP_OLD_RESPONSE}, or the
 *     error that stopped the verification
 * @param expired mozilla::pkix's {@code expired} out-parameter: true when the certificate's status
 *     was reached and some matching SingleResponse was past its validity (plus the one-day slack);
 *     false otherwise
 * @param thisUpdate thisUpdate of the last matching SingleResponse; null unless the status was
 *     reached (result SUCCESS, REVOKED_CERTIFICATE, OCSP_UNKNOWN_CERT or OCSP_OLD_RESPONSE)
 * @param validThrough the last matching SingleResponse's end of validity, one-day slack included:
 *     {@code min(nextUpdate, thisUpdate + maxLifetime) + 1 day}, or {@code thisUpdate + 2 days}
 *     without nextUpdate; null unless the status was reached
 * @param status the certificate's status; null unless the status was reached
 * @param nextUpdate nextUpdate of the last matching SingleResponse, null when it has none or the
 *     status was not reached
 * @param responder for display only: the signer whose signature on the response verified (the
 *     issuer's name, or the delegated responder certificate's subject), in RFC 4514 form; null
 *     when no signature verified
 * @param signedCertificateTimestamps the TLS-encoded SignedCertificateTimestampList of the
 *     matching SingleResponse's SCT-list extension (1.3.6.1.4.1.11129.2.4.5, its OCTET STRING
 *     unwrapped), a slice of the response; null unless the result is {@link Result#SUCCESS} and
 *     the extension was present (what mozilla::pkix notes as {@code SCTListFromOCSPResponse})
 */
public record OcspVerification(
    Result result,
    boolean expired,
    Instant thisUpdate,
    Instant validThrough,
    CertStatus status,
    Instant nextUpdate,
    String responder,
    Input signedCertificateTimestamps) {

  /** A verdict without SCTs. */
  public OcspVerification(Result result, boolean expired, Instant thisUpdate,
      Instant validThrough, CertStatus status, Instant nextUpdate, String responder) {
    this(result, expired, thisUpdate, validThrough, status, nextUpdate, responder, null);
  }

  /** True if the result carries a certificate status (and so the times). */
  public boolean statusReached() {
    return status != null;
  }
}
