package dev.pkixj.jsse;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.pkix.TrustLevel;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps a trust-domain factory (in the tests: the trust store's, with Firefox's revocation policy)
 * and records the last staple the verifier was given, to show that it came from the handshake.
 * Every decision is the wrapped domain's.
 */
final class StapleRecordingTrustDomains implements TrustDomainFactory {
  private final TrustDomainFactory inner;
  final AtomicReference<byte[]> lastStaple = new AtomicReference<>();

  StapleRecordingTrustDomains(TrustDomainFactory inner) {
    this.inner = inner;
  }

  @Override
  public TrustDomain create(List<byte[]> presented, int minRsaBits, byte[] staple) {
    lastStaple.set(staple);
    return new Domain(inner.create(presented, minRsaBits, staple));
  }

  @Override
  public boolean isBuiltInRoot(Cert anchor) {
    return inner.isBuiltInRoot(anchor);
  }

  private static final class Domain implements TrustDomain {
    private final TrustDomain d;

    Domain(TrustDomain d) {
      this.d = d;
    }

    @Override
    public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert)
        throws PkixException {
      return d.getCertTrust(role, policy, cert);
    }

    @Override
    public void findIssuer(Input name, IssuerChecker checker, long time) throws PkixException {
      d.findIssuer(name, checker, time);
    }

    @Override
    public void isChainValid(Cert[] chain, int length, long time, CertPolicy policy)
        throws PkixException {
      d.isChainValid(chain, length, time, policy);
    }

    @Override
    public void checkRevocation(EndEntityOrCA role, CertId certId, long time,
        long validityDurationSeconds, Input staple, Input aia) throws PkixException {
      d.checkRevocation(role, certId, time, validityDurationSeconds, staple, aia);
    }

    @Override
    public void checkSignatureDigestAlgorithm(DigestAlgorithm digest, EndEntityOrCA role,
        long notBefore) throws PkixException {
      d.checkSignatureDigestAlgorithm(digest, role, notBefore);
    }

    @Override
    public void checkRsaPublicKeyModulusSizeInBits(EndEntityOrCA role, int bits)
        throws PkixException {
      d.checkRsaPublicKeyModulusSizeInBits(role, bits);
    }

    @Override
    public void checkEcdsaCurveIsAcceptable(EndEntityOrCA role, NamedCurve curve)
        throws PkixException {
      d.checkEcdsaCurveIsAcceptable(role, curve);
    }

    @Override
    public void checkValidityIsAcceptable(long notBefore, long notAfter, EndEntityOrCA role,
        KeyPurposeId requiredEku) throws PkixException {
      d.checkValidityIsAcceptable(notBefore, notAfter, role, requiredEku);
    }
  }
}
