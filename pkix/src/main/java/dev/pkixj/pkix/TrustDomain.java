package dev.pkixj.pkix;

import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;
import dev.pkixj.pkix.der.Input;

/**
 * The one seam between path building and policy (mozilla::pkix {@code TrustDomain},
 * {@code pkixtypes.h}). The path builder knows nothing of roots, stores, OCSP or distrust: it asks
 * the trust domain. Everything browser-specific (built-in roots, distrust-after, OneCRL, OCSP
 * fetching, the RSA minimum of the current pass) lives behind this interface.
 *
 * <p>A trust domain is used by one verification at a time (Firefox builds one per verification,
 * carrying that verification's handshake certificates and pass parameters); the stores it reads
 * are shared and must be safe for concurrent reads. Methods signal a verdict by throwing {@link
 * PkixException} with the {@link Result} to report; they must never throw anything else for a
 * property of the input.
 */
public interface TrustDomain {

  /**
   * The trust of {@code cert} in {@code role} for {@code policy}: an anchor, inherits trust from
   * its issuer, or actively distrusted. Called first for every certificate considered, before
   * any other check, so that a distrusted certificate is processed as little as possible.
   *
   * @throws PkixException to fail the certificate outright (e.g. OneCRL:
   *     {@link Result#SEC_ERROR_REVOKED_CERTIFICATE}); the error is ranked above everything else
   */
  TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert) throws PkixException;

  /**
   * Offers the certificates whose subject might be {@code encodedIssuerName} (a Name, tag and
   * length included) to {@code checker}, in the order they should be tried, until {@link
   * IssuerChecker#check} returns false. Offering a certificate with another subject is allowed
   * and harmless (it is ignored). An implementation should use an index keyed by the subject
   * name, never a scan. Never fetches anything from the network.
   */
  void findIssuer(Input encodedIssuerName, IssuerChecker checker, long time) throws PkixException;

  /**
   * Whole-chain hook, called once a path reaches an anchor, before any signature or revocation
   * check of that path: pinning, distrust-after, the root's built-in status.
   *
   * @param chain the path, end-entity first, anchor last (only {@code chain[0..length)})
   */
  void isChainValid(Cert[] chain, int length, long time, CertPolicy policy) throws PkixException;

  /**
   * Revocation of the subject of {@code certId} (called as the search unwinds, so certificates
   * nearer the root are checked first). {@code stapledOcspResponse} is non-null only for the
   * end-entity. Not called when the end-entity is expired. By the time it is called for a
   * certificate, {@link #isChainValid} has been called for the path being checked (the search
   * reached the anchor first), so a trust domain may use what it learnt there (e.g. whether the
   * root is built-in, as Firefox's CheckRevocationByOCSP does).
   *
   * @param sctExtension the subject's signedCertificateTimestampList extension value (the
   *     extnValue: an OCTET STRING wrapping the TLS-encoded list), or null when it has none
   *     (mozilla::pkix passes it so that CRLite can use the SCT timestamps)
   */
  void checkRevocation(EndEntityOrCA role, CertId certId, long time,
      long validityDurationSeconds, Input stapledOcspResponse, Input aiaExtension,
      Input sctExtension) throws PkixException;

  /** May reject a digest algorithm for a certificate's signature (Firefox: SHA-1). */
  void checkSignatureDigestAlgorithm(DigestAlgorithm digest, EndEntityOrCA role, long notBefore)
      throws PkixException;

  /** May reject an RSA modulus size (Firefox: below 2048 bits, or 1024 in the fallback pass). */
  void checkRsaPublicKeyModulusSizeInBits(EndEntityOrCA role, int modulusBits)
      throws PkixException;

  /** May reject a named curve (only P-256, P-384 and P-521 ever reach this method). */
  void checkEcdsaCurveIsAcceptable(EndEntityOrCA role, NamedCurve curve) throws PkixException;

  /**
   * May reject a validity period as too long (current Firefox accepts all; legacy EV rule).
   */
  void checkValidityIsAcceptable(long notBefore, long notAfter, EndEntityOrCA role,
      KeyPurposeId requiredEku) throws PkixException;

  /** The named curves mozilla::pkix supports. */
  enum NamedCurve { SECP256R1, SECP384R1, SECP521R1 }

  /**
   * Receives the issuer candidates of one path-building step (mozilla::pkix
   * {@code IssuerChecker}). Implemented by the path builder.
   */
  interface IssuerChecker {
    /**
     * Tries {@code candidate} as the issuer; returns whether to go on offering candidates.
     *
     * @param additionalNameConstraints name constraints the trust domain imposes on this
     *     candidate (a NameConstraints value), or null
     */
    boolean check(Cert candidate, Input additionalNameConstraints) throws PkixException;

    /**
     * As {@link #check(Cert, Input)} for a certificate not parsed yet: a parse error is recorded
     * as this candidate's failure.
     */
    boolean check(byte[] candidateDer, Input additionalNameConstraints) throws PkixException;
  }
}
