package dev.pkixj.pkix.ocsp;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.KeyUsage;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.internal.EngineAccess;

/**
 * mozilla::pkix {@code CheckOCSPResponseSignerCert} (pkixocsp.cpp): is an embedded certificate a
 * valid delegated OCSP responder for the CertID's issuer? Three steps, in this order:
 *
 * <ol>
 *   <li>{@code CheckIssuerIndependentProperties} as an end-entity, no particular key usage, EKU
 *       id-kp-OCSPSigning, anyPolicy, with the caller's trust domain (so its trust, digest, key
 *       size and curve policies apply; an anchor is demoted to "inherits trust");</li>
 *   <li>its issuer Name equals the CertID's issuer Name, byte for byte;</li>
 *   <li>its signature verifies with the CertID's issuer key.</li>
 * </ol>
 *
 * No chain is built above the issuer, and there is no name-constraint or revocation check of the
 * responder: the issuer itself is known good because revocation is checked from the root down.
 *
 */
final class ResponderCertCheck {
  private ResponderCertCheck() {}

  /**
   * Returns {@link Result#SUCCESS} if {@code cert} may sign responses for {@code certId}'s issuer;
   * otherwise the reason (non-fatal: the caller skips the candidate; fatal: the caller stops).
   */
  static Result check(TrustDomain trustDomain, Cert cert, CertId certId, long time) {
    // Step 1: the end-entity checks for an OCSP signer.
    try {
      EngineAccess.get().checkIssuerIndependentProperties(trustDomain, cert,
          EndEntityOrCA.MUST_BE_END_ENTITY, time, KeyUsage.NO_PARTICULAR_KEY_USAGE_REQUIRED,
          KeyPurposeId.ID_KP_OCSP_SIGNING, CertPolicy.ANY_POLICY, 0);
    } catch (PkixException e) {
      return e.result();
    }
    // Step 2: the issuer Name must be the CertID's, byte for byte.
    if (!cert.issuer().contentEquals(certId.issuer())) {
      return Result.SEC_ERROR_OCSP_RESPONDER_CERT_INVALID;
    }
    // Step 3: VerifySignedData(responder's signed data, issuer key), remembered per certificate.
    return cert.verifySignedBy(certId.issuerSubjectPublicKeyInfo());
  }
}
