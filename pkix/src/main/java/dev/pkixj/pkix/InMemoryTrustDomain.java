package dev.pkixj.pkix;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.sig.SignatureVerifier;
import java.util.List;

/**
 * A simple trust domain with Firefox's server-authentication policy and no revocation: trust
 * anchors from a {@link TrustAnchors} set, plus the certificates the peer presented. It is what
 * the CLI and the tests use, and it mirrors what Firefox's {@code NSSCertDBTrustDomain} does when
 * OCSP, CRLite, OneCRL, pinning and CT are out of the picture.
 *
 * <ul>
 *   <li>Trust: a certificate byte-identical to an anchor is a trust anchor (in any role);
 *       everything else inherits trust. Nothing is actively distrusted.</li>
 *   <li>Candidates, in Firefox's order: anchors with the wanted subject (in anchor order), then
 *       the presented certificates in the order they were sent, keeping only those that parse
 *       and have the wanted subject, and skipping any self-signed certificate that is not an
 *       anchor and whose self-signature verifies (an untrusted root sent by a server is never
 *       used as an issuer).</li>
 *   <li>Algorithms: SHA-1 signatures are disabled; RSA keys need {@code minRsaBits} (2048, or
 *       1024 in Firefox's compatibility pass); P-256, P-384 and P-521 are accepted.</li>
 * </ul>
 *
 * <p>One instance per verification (it holds that verification's presented certificates); the
 * anchor set is shared.
 */
public class InMemoryTrustDomain extends FirefoxAlgorithmPolicy {
  private final TrustAnchors anchors;
  /** The presented certificates, resolved once per verification and indexed when many. */
  private final PresentedCertificates presented;

  /**
   * @param anchors the trust anchors
   * @param presented the other certificates the peer sent, in the order sent (not the leaf)
   * @param minRsaBits the smallest RSA modulus accepted
   */
  public InMemoryTrustDomain(TrustAnchors anchors, List<byte[]> presented, int minRsaBits) {
    super(minRsaBits);
    this.anchors = anchors;
    this.presented = new PresentedCertificates(presented);
  }

  /** The anchor set this domain trusts. */
  public TrustAnchors anchors() {
    return anchors;
  }

  @Override
  public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert)
      throws PkixException {
    return anchors.isAnchor(cert.der()) ? TrustLevel.TRUST_ANCHOR : TrustLevel.INHERITS_TRUST;
  }

  @Override
  public void findIssuer(Input encodedIssuerName, IssuerChecker checker, long time)
      throws PkixException {
    for (TrustAnchors.Anchor a : anchors.bySubject(encodedIssuerName)) {
      if (!checker.check(a.der(), null)) {
        return;
      }
    }
    for (Cert c : presented.candidates(encodedIssuerName)) {
      if (c == null || !c.subject().contentEquals(encodedIssuerName)) {
        continue; // a handshake certificate that does not parse is never offered
      }
      if (isSelfSignedNonAnchor(c)) {
        continue;
      }
      if (!checker.check(c, null)) {
        return;
      }
    }
  }

  /** Self-issued, not an anchor, and its signature verifies with its own key. */
  boolean isSelfSignedNonAnchor(Cert c) {
    return c.isSelfIssued() && !anchors.isAnchor(c.der()) && verifiesWithOwnKey(c);
  }

  /**
   * True if {@code c}'s signature verifies with its own public key. The answer is remembered in
   * the certificate either way, so a crowd of same-name certificates costs one check each.
   */
  public static boolean verifiesWithOwnKey(Cert c) {
    int state = c.selfSignatureState;
    if (state != 0) {
      return state == 1;
    }
    Input spki = c.subjectPublicKeyInfo();
    boolean ok = c.wasVerifiedBy(spki);
    if (!ok) {
      try {
        SignatureAlgorithm alg = c.signatureAlgorithm();
        Input data = c.signedData();
        ok = SignatureVerifier.shared().verify(alg, unsafeGetData(data), data.off(), data.len(),
            c.signature(), spki) == Result.SUCCESS;
      } catch (PkixException e) {
        ok = false;
      }
      if (ok) {
        c.markVerifiedBy(spki);
      }
    }
    c.selfSignatureState = ok ? 1 : 2;
    return ok;
  }

  @Override
  public void isChainValid(Cert[] chain, int length, long time, CertPolicy policy)
      throws PkixException {
    // No pins and no distrust-after dates in this domain.
  }

  @Override
  public void checkRevocation(EndEntityOrCA role, CertId certId, long time,
      long validityDurationSeconds, Input stapledOcspResponse, Input aiaExtension,
      Input sctExtension) throws PkixException {
    // Revocation is not checked by this domain (see the OCSP-aware domain in truststore).
  }
}
