package dev.pkixj.verifier.strict;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.ForwardingTrustDomain;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustLevel;
import dev.pkixj.pkix.der.Input;
import java.util.ArrayList;
import java.util.List;

/**
 * The strict profile's candidate rules in path building (docs/strict-profile.md, "Path
 * building"): an issuer candidate whose subjectKeyIdentifier differs from the child's
 * authorityKeyIdentifier keyIdentifier, or one that would take the path past the maximum chain
 * depth, is passed over as if it had not been offered, so the builder goes on to the other
 * candidates (RFC 5280 §4.2.1.1 key identifier matching, as webpki and pyca/cryptography do).
 * Revocation is not checked again here: the Firefox build's result stands, and CRLs are checked
 * on the chain afterwards.
 *
 * <p>One instance serves one build. The subject of each {@code findIssuer} is the certificate
 * the path builder asked {@code getCertTrust} about last (mozilla::pkix asks for a certificate's
 * trust before searching for its issuer).
 */
final class StrictTrustDomain extends ForwardingTrustDomain {
  private final int maxChainDepth;
  private Cert lastTrustQuery;
  /** The path being tried: the end-entity first, then each subject whose issuer is searched. */
  private final List<Cert> path = new ArrayList<>(8);

  StrictTrustDomain(TrustDomain delegate, int maxChainDepth) {
    super(delegate);
    this.maxChainDepth = maxChainDepth;
  }

  @Override
  public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert)
      throws PkixException {
    lastTrustQuery = cert;
    return super.getCertTrust(role, policy, cert);
  }

  @Override
  public void findIssuer(Input encodedIssuerName, IssuerChecker checker, long time)
      throws PkixException {
    Cert subject = lastTrustQuery;
    path.add(subject);
    try {
      Input akid = subject == null ? null : new CertView(subject).akiKeyId();
      super.findIssuer(encodedIssuerName, new IssuerChecker() {
        @Override
        public boolean check(Cert candidate, Input additionalNameConstraints)
            throws PkixException {
          if (!acceptable(subject, akid, candidate)) {
            return true; // passed over; the next candidate is tried
          }
          return checker.check(candidate, additionalNameConstraints);
        }

        @Override
        public boolean check(byte[] candidateDer, Input additionalNameConstraints)
            throws PkixException {
          Cert candidate;
          try {
            candidate = Cert.of(candidateDer);
          } catch (PkixException e) {
            return checker.check(candidateDer, additionalNameConstraints);
          }
          return check(candidate, additionalNameConstraints);
        }
      }, time);
    } finally {
      path.remove(path.size() - 1);
    }
  }

  private boolean acceptable(Cert subject, Input akid, Cert candidate) {
    if (subject == null || !candidate.subject().contentEquals(subject.issuer())) {
      return true; // the builder ignores it anyway
    }
    if (akid != null) {
      Input skid = new CertView(candidate).skiKeyId();
      if (skid != null && !skid.contentEquals(akid)) {
        return false;
      }
    }
    if (maxChainDepth >= 0) {
      int intermediates = 0;
      for (int i = 1; i < path.size(); i++) {
        if (!path.get(i).isSelfIssued()) {
          intermediates++;
        }
      }
      if (!candidate.isSelfIssued() && !isAnchor(candidate)) {
        intermediates++;
      }
      if (intermediates > maxChainDepth) {
        return false;
      }
    }
    return true;
  }

  private boolean isAnchor(Cert candidate) {
    try {
      return super.getCertTrust(EndEntityOrCA.MUST_BE_CA, CertPolicy.ANY_POLICY, candidate)
          == TrustLevel.TRUST_ANCHOR;
    } catch (PkixException e) {
      return false;
    }
  }

  @Override
  public void checkRevocation(EndEntityOrCA role, CertId certId, long time,
      long validityDurationSeconds, Input stapledOcspResponse, Input aiaExtension,
      Input sctExtension) {
    // The Firefox build checked revocation; CRLs are the strict checks' (StrictChecks).
  }
}
