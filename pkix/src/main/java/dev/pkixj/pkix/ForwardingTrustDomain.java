package dev.pkixj.pkix;

import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;
import dev.pkixj.pkix.der.Input;

/**
 * A {@link TrustDomain} that forwards every call to another one; a wrapper extends it and overrides
 * only the decisions it changes (the verifier's TLS policy adds distrust and CT rules this way).
 *
 * <p>For wrappers only: the per-chain code calls the trust domain it is given, so a wrapper costs
 * one call per forwarded decision and nothing when it is not used.
 */
public abstract class ForwardingTrustDomain implements TrustDomain {
  private final TrustDomain delegate;

  protected ForwardingTrustDomain(TrustDomain delegate) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate is null");
    }
    this.delegate = delegate;
  }

  /** The trust domain this one forwards to. */
  public final TrustDomain delegate() {
    return delegate;
  }

  @Override
  public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert)
      throws PkixException {
    return delegate.getCertTrust(role, policy, cert);
  }

  @Override
  public void findIssuer(Input encodedIssuerName, IssuerChecker checker, long time)
      throws PkixException {
    delegate.findIssuer(encodedIssuerName, checker, time);
  }

  @Override
  public void isChainValid(Cert[] chain, int length, long time, CertPolicy policy)
      throws PkixException {
    delegate.isChainValid(chain, length, time, policy);
  }

  @Override
  public void checkRevocation(EndEntityOrCA role, CertId certId, long time,
      long validityDurationSeconds, Input stapledOcspResponse, Input aiaExtension,
      Input sctExtension) throws PkixException {
    delegate.checkRevocation(role, certId, time, validityDurationSeconds, stapledOcspResponse,
        aiaExtension, sctExtension);
  }

  @Override
  public void checkSignatureDigestAlgorithm(DigestAlgorithm digest, EndEntityOrCA role,
      long notBefore) throws PkixException {
    delegate.checkSignatureDigestAlgorithm(digest, role, notBefore);
  }

  @Override
  public void checkRsaPublicKeyModulusSizeInBits(EndEntityOrCA role, int modulusBits)
      throws PkixException {
    delegate.checkRsaPublicKeyModulusSizeInBits(role, modulusBits);
  }

  @Override
  public void checkEcdsaCurveIsAcceptable(EndEntityOrCA role, NamedCurve curve)
      throws PkixException {
    delegate.checkEcdsaCurveIsAcceptable(role, curve);
  }

  @Override
  public void checkValidityIsAcceptable(long notBefore, long notAfter, EndEntityOrCA role,
      KeyPurposeId requiredEku) throws PkixException {
    delegate.checkValidityIsAcceptable(notBefore, notAfter, role, requiredEku);
  }
}
