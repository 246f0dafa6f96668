package dev.pkixj.verifier.ocsp;

import dev.pkixj.verifier.Cert;
import dev.pkixj.verifier.CertId;
import dev.pkixj.verifier.CertPolicy;
import dev.pkixj.verifier.EndEntityOrCA;
import dev.pkixj.verifier.KeyPurposeId;
import dev.pkixj.verifier.KeyUsage;
import dev.pkixj.verifier.PathBuilder;
import dev.pkixj.verifier.PkixException;
import dev.pkixj.verifier.Result;
import dev.pkixj.verifier.SignatureAlgorithm;
import dev.pkixj.verifier.SignatureAlgorithm.DigestAlgorithm;
import dev.pkixj.verifier.TrustDomain;
import dev.pkixj.verifier.TrustLevel;
import dev.pkixj.verifier.der.Input;
import dev.pkixj.verifier.sig.SignatureVerifier;

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
 * <p><b>How step 1 is run.</b> The verifier's implementation of {@code
 * CheckIssuerIndependentProperties} ({@code dev.pkixj.verifier.Checks}) is package-private. Until
 * it is exposed, it is reached through {@link PathBuilder}, which runs exactly that function, in
 * exactly mozilla::pkix's order, on the certificate it starts from, with the same demotion of an
 * OCSP-signer anchor. The build runs in a {@link Probe} trust domain that delegates every policy
 * question to the caller's domain and offers no issuer, so the build itself always fails; the
 * probe only records whether the checks all passed. They passed exactly when the last of them,
 * {@link TrustDomain#checkValidityIsAcceptable}, was reached for this certificate and did not
 * throw (mozilla::pkix calls it last, after the validity period check, and only when every
 * earlier check passed). The unit tests pin this down for each check.
 */
final class ResponderCertCheck {
  private ResponderCertCheck() {}

  /**
   * Returns {@link Result#SUCCESS} if {@code cert} may sign responses for {@code certId}'s issuer;
   * otherwise the reason (non-fatal: the caller skips the candidate; fatal: the caller stops).
   */
  static Result check(TrustDomain trustDomain, Cert cert, CertId certId, long time) {
    Probe probe = new Probe(trustDomain);
    Result built = PathBuilder.forThread().build(probe, cert, time,
        EndEntityOrCA.MUST_BE_END_ENTITY, KeyUsage.NO_PARTICULAR_KEY_USAGE_REQUIRED,
        KeyPurposeId.ID_KP_OCSP_SIGNING, CertPolicy.ANY_POLICY, null);
    if (probe.fatal != null) {
      return probe.fatal;
    }
    if (built.isFatal()) {
      return built;
    }
    if (!probe.independentChecksPassed) {
      return probe.firstError != null ? probe.firstError : Result.SEC_ERROR_OCSP_RESPONDER_CERT_INVALID;
    }
    // Step 2: the issuer Name must be the CertID's, byte for byte.
    if (!cert.issuer().contentEquals(certId.issuer())) {
      return Result.SEC_ERROR_OCSP_RESPONDER_CERT_INVALID;
    }
    // Step 3: VerifySignedData(responder's signed data, issuer key).
    SignatureAlgorithm alg;
    try {
      alg = SignatureAlgorithm.parse(cert.signatureAlgorithmValue().reader());
    } catch (PkixException e) {
      return e.result();
    }
    Input data = cert.signedData();
    return SignatureVerifier.shared().verify(alg, data.buf(), data.off(), data.len(),
        cert.signature(), certId.issuerSubjectPublicKeyInfo());
  }

  /**
   * Delegates every question to the caller's trust domain; finds no issuer; records whether the
   * issuer-independent checks of the certificate being built all passed, and any fatal error.
   */
  private static final class Probe implements TrustDomain {
    private final TrustDomain delegate;
    boolean independentChecksPassed;
    Result fatal;
    Result firstError;

    Probe(TrustDomain delegate) {
      this.delegate = delegate;
    }

    private PkixException seen(PkixException e) {
      Result r = e.result();
      if (r.isFatal() && fatal == null) {
        fatal = r;
      } else if (firstError == null) {
        firstError = r;
      }
      return e;
    }

    @Override
    public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert)
        throws PkixException {
      try {
        return delegate.getCertTrust(role, policy, cert);
      } catch (PkixException e) {
        throw seen(e);
      }
    }

    @Override
    public void findIssuer(Input encodedIssuerName, IssuerChecker checker, long time) {
      // None: only the responder itself is checked here.
    }

    @Override
    public void isChainValid(Cert[] chain, int length, long time, CertPolicy policy) {
      // Unreachable: no issuer is ever offered.
    }

    @Override
    public void checkRevocation(EndEntityOrCA role, CertId certId, long time,
        long validityDurationSeconds, Input stapledOcspResponse, Input aiaExtension) {
      // Unreachable: no issuer is ever offered.
    }

    @Override
    public void checkSignatureDigestAlgorithm(DigestAlgorithm digest, EndEntityOrCA role,
        long notBefore) throws PkixException {
      try {
        delegate.checkSignatureDigestAlgorithm(digest, role, notBefore);
      } catch (PkixException e) {
        throw seen(e);
      }
    }

    @Override
    public void checkRsaPublicKeyModulusSizeInBits(EndEntityOrCA role, int modulusBits)
        throws PkixException {
      try {
        delegate.checkRsaPublicKeyModulusSizeInBits(role, modulusBits);
      } catch (PkixException e) {
        throw seen(e);
      }
    }

    @Override
    public void checkEcdsaCurveIsAcceptable(EndEntityOrCA role, NamedCurve curve)
        throws PkixException {
      try {
        delegate.checkEcdsaCurveIsAcceptable(role, curve);
      } catch (PkixException e) {
        throw seen(e);
      }
    }

    @Override
    public void checkValidityIsAcceptable(long notBefore, long notAfter, EndEntityOrCA role,
        KeyPurposeId requiredEku) throws PkixException {
      try {
        delegate.checkValidityIsAcceptable(notBefore, notAfter, role, requiredEku);
      } catch (PkixException e) {
        throw seen(e);
      }
      // The last issuer-independent check, reached only when all the others passed.
      if (role == EndEntityOrCA.MUST_BE_END_ENTITY && requiredEku == KeyPurposeId.ID_KP_OCSP_SIGNING) {
        independentChecksPassed = true;
      }
    }
  }
}
