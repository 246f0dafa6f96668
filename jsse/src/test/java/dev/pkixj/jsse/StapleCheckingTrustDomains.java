package dev.pkixj.jsse;

import dev.pkixj.verifier.Cert;
import dev.pkixj.verifier.CertId;
import dev.pkixj.verifier.CertPolicy;
import dev.pkixj.verifier.EndEntityOrCA;
import dev.pkixj.verifier.KeyPurposeId;
import dev.pkixj.verifier.PkixException;
import dev.pkixj.verifier.Result;
import dev.pkixj.verifier.SignatureAlgorithm.DigestAlgorithm;
import dev.pkixj.verifier.TrustDomain;
import dev.pkixj.verifier.TrustDomainFactory;
import dev.pkixj.verifier.TrustLevel;
import dev.pkixj.verifier.der.Input;
import dev.pkixj.verifier.ocsp.OcspVerifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test stand-in for issue 4's revocation policy, limited to the staple (spec §4.2 step 1, soft
 * fail): the truststore's factory does not check revocation yet, so the "revoked via a stapled
 * response" case verifies with this wrapper. Once {@code TrustStore.trustDomains(
 * RevocationConfig)} is merged, the tests can use it instead. It also records the last staple
 * the verifier was given, to show it came from the handshake.
 */
final class StapleCheckingTrustDomains implements TrustDomainFactory {
  private final TrustDomainFactory inner;
  final AtomicReference<byte[]> lastStaple = new AtomicReference<>();

  StapleCheckingTrustDomains(TrustDomainFactory inner) {
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
      if (role != EndEntityOrCA.MUST_BE_END_ENTITY || staple == null) {
        return;
      }
      Result r = OcspVerifier.verify(this, certId, time, OcspVerifier.FIREFOX_MAX_LIFETIME_DAYS,
          staple.toByteArray()).result();
      switch (r) {
        case SUCCESS:
        case SEC_ERROR_OCSP_OLD_RESPONSE:
        case SEC_ERROR_OCSP_TRY_SERVER_LATER:
        case SEC_ERROR_OCSP_INVALID_SIGNING_CERT:
        case MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING:
          return; // soft-fail, nothing fetched
        default:
          throw new PkixException(r);
      }
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
