package dev.pkixj.pkix;

import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;

/**
 * Firefox's algorithm and key policy, shared by trust domains ({@code NSSCertDBTrustDomain}'s
 * {@code CheckSignatureDigestAlgorithm}, {@code CheckRSAPublicKeyModulusSizeInBits}, {@code
 * CheckECDSACurveIsAcceptable}, {@code CheckValidityIsAcceptable}): SHA-1 certificate signatures
 * are disabled; RSA keys need the pass's minimum (2048 bits, or 1024 in the compatibility pass);
 * P-256, P-384 and P-521 are accepted; any validity period is accepted.
 */
public abstract class FirefoxAlgorithmPolicy implements TrustDomain {
  private final int minRsaBits;

  protected FirefoxAlgorithmPolicy(int minRsaBits) {
    this.minRsaBits = minRsaBits;
  }

  /** The smallest RSA modulus this pass accepts. */
  public int minRsaBits() {
    return minRsaBits;
  }

  @Override
  public void checkSignatureDigestAlgorithm(DigestAlgorithm digest, EndEntityOrCA role,
      long notBefore) throws PkixException {
    if (digest == DigestAlgorithm.SHA1) {
      throw new PkixException(Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED);
    }
  }

  @Override
  public void checkRsaPublicKeyModulusSizeInBits(EndEntityOrCA role, int modulusBits)
      throws PkixException {
    if (modulusBits < minRsaBits) {
      throw new PkixException(Result.MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE);
    }
  }

  @Override
  public void checkEcdsaCurveIsAcceptable(EndEntityOrCA role, NamedCurve curve) {
    // P-256, P-384 and P-521 (the only curves that reach this method) are all acceptable.
  }

  @Override
  public void checkValidityIsAcceptable(long notBefore, long notAfter, EndEntityOrCA role,
      KeyPurposeId requiredEku) {
    // Current Firefox accepts any validity period (the EV 830-day rule is legacy).
  }
}
