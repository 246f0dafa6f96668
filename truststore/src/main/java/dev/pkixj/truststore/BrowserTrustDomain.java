package dev.pkixj.truststore;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.PresentedCertificates;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.FirefoxAlgorithmPolicy;
import dev.pkixj.pkix.TrustLevel;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import dev.pkixj.truststore.revocation.RevocationChecker;
import dev.pkixj.truststore.revocation.RevocationState;
import java.util.List;

/**
 * Firefox's trust policy over a {@link TrustStore} ({@code NSSCertDBTrustDomain}, spec §1 and
 * §5), for one verification pass.
 *
 * <ul>
 *   <li><b>Trust</b>: the user's setting for the certificate if there is one, else the built-in
 *       one: a distrusted certificate is actively distrusted (UNTRUSTED_CERT/ISSUER), an anchor
 *       is a trust anchor, anything else inherits trust.</li>
 *   <li><b>Candidates</b>, in Firefox's order: built-in roots; the certificates the server sent,
 *       in order; the preloaded intermediates ({@link TrustStore#preloaded()},
 *       docs/intermediates.md; never a source of trust); and only if no path was found yet, the
 *       database (its roots before the others, then remembered intermediates). Certificates that are self-signed, not anchors, and whose
 *       self-signature verifies are never offered (an untrusted root sent by a server is never an
 *       issuer). A certificate already offered is not offered twice.</li>
 *   <li><b>Distrust-after</b>: a path ending at a root whose distrust-after date (set by the
 *       user, else the built-in one) is before the end-entity's notBefore fails with
 *       ISSUER_NO_LONGER_TRUSTED.</li>
 *   <li><b>Algorithms</b>: SHA-1 disabled, RSA minimum per pass, P-256/384/521.</li>
 *   <li><b>Revocation</b> of the end-entity: Firefox's OCSP policy ({@link RevocationChecker}:
 *       the staple this trust domain was made with, the shared OCSP cache, fetching), with
 *       CRLite first when configured, or none when made without a checker. The responses'
 *       delegated responder certificates are judged by this trust domain. The per-verification
 *       part ({@link #revocationState()}: whether the path's root is built-in, learnt in {@link
 *       #isChainValid}, the CRLite timestamp source and what the last check did) lives here, as
 *       a trust domain serves one verification.</li>
 * </ul>
 */
public class BrowserTrustDomain extends FirefoxAlgorithmPolicy {
  private final TrustStore store;
  /** The presented certificates, resolved once per verification and indexed when many. */
  private final PresentedCertificates presented;
  /** The stapled OCSP response of this verification, or null. */
  private final Input stapledOcspResponse;
  /** Firefox's revocation policy, or null for no revocation checking. */
  private final RevocationChecker revocation;
  /** This verification's revocation state. */
  private final RevocationState revocationState = new RevocationState();

  /** A trust domain that checks no revocation. */
  public BrowserTrustDomain(TrustStore store, List<byte[]> presented, int minRsaBits) {
    this(store, presented, minRsaBits, null, null);
  }

  /**
   * @param stapledOcspResponse the stapled OCSP response (DER) of this verification, or null
   * @param revocation the revocation policy, or null for none
   */
  public BrowserTrustDomain(TrustStore store, List<byte[]> presented, int minRsaBits,
      byte[] stapledOcspResponse, RevocationChecker revocation) {
    super(minRsaBits);
    this.store = store;
    this.presented = new PresentedCertificates(presented);
    this.stapledOcspResponse = stapledOcspResponse == null ? null : Input.of(stapledOcspResponse);
    this.revocation = revocation;
  }

  @Override
  public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert)
      throws PkixException {
    if (store.isSuspect(cert)) {
      return TrustLevel.ACTIVELY_DISTRUSTED; // its setting was lost: fail safe
    }
    TrustStore.Stored s = store.lookup(cert);
    if (s == null) {
      return TrustLevel.INHERITS_TRUST;
    }
    switch (s.entry().trust()) {
      case DISTRUSTED:
        return TrustLevel.ACTIVELY_DISTRUSTED;
      case ANCHOR:
        return TrustLevel.TRUST_ANCHOR;
      default:
        return TrustLevel.INHERITS_TRUST;
    }
  }

  @Override
  public void findIssuer(Input encodedIssuerName, IssuerChecker checker, long time)
      throws PkixException {
    TrustStore.Stored[] builtIns = store.builtInsBySubject(encodedIssuerName);
    for (TrustStore.Stored s : builtIns) {
      if (s.entry().trust() == Trust.ANCHOR && !checker.check(s.cert(), null)) {
        return;
      }
    }
    for (Cert c : presented.candidates(encodedIssuerName)) {
      if (c == null || !c.subject().contentEquals(encodedIssuerName) || skip(c)) {
        continue; // one that does not parse is never offered
      }
      if (!checker.check(c, null)) {
        return;
      }
    }
    // Firefox's phase 1 (e): the preloaded intermediates, still before the database (phase 2).
    PreloadedIntermediates preloaded = store.preloaded();
    for (Cert c : preloaded.bySubject(encodedIssuerName)) {
      if (alreadyOffered(c, builtIns) || skip(c)) {
        continue;
      }
      if (!checker.check(c, null)) {
        return;
      }
    }
    for (TrustStore.Stored s : store.databaseBySubject(encodedIssuerName)) {
      if (alreadyOffered(s.cert(), builtIns) || skip(s.cert())
          || (!preloaded.isEmpty() && preloaded.contains(s.cert()))) {
        continue;
      }
      if (!checker.check(s.cert(), null)) {
        return;
      }
    }
  }

  /**
   * True if {@code c}, an element of a path this trust domain built, was offered from the
   * preloaded intermediates: it is preloaded, not a built-in trust anchor and not presented
   * (docs/intermediates.md).
   */
  public boolean cameFromPreloading(Cert c) {
    return store.isPreloaded(c) && !presented.contains(c);
  }

  /**
   * True if {@code c} was already offered: it is a built-in (among {@code builtInsNamedSo}, the
   * built-ins with its subject, looked up once per {@code findIssuer}) or it was presented.
   */
  private boolean alreadyOffered(Cert c, TrustStore.Stored[] builtInsNamedSo) {
    for (TrustStore.Stored s : builtInsNamedSo) {
      if (java.util.Arrays.equals(s.cert().der(), c.der())) {
        return true;
      }
    }
    return presented.contains(c);
  }

  /** Self-signed, not an anchor, and its self-signature verifies: never an issuer. */
  private boolean skip(Cert c) throws PkixException {
    if (!c.isSelfIssued()) {
      return false;
    }
    TrustStore.Stored s = store.lookup(c);
    if (s != null && s.entry().trust() == Trust.ANCHOR) {
      return false;
    }
    return InMemoryTrustDomain.verifiesWithOwnKey(c);
  }

  /**
   * Distrust-after (spec §5.2): the path fails with ISSUER_NO_LONGER_TRUSTED when the
   * end-entity's notBefore is after the root's distrust-after date. The date is the one the user
   * set for that root in the database if any (it replaces a built-in one), else the built-in
   * root's own (certdata.txt {@code CKA_NSS_SERVER_DISTRUST_AFTER}), which stays in force when the
   * user changes the root's trust without giving a date, as Firefox reads it from the built-in
   * module whatever the user's trust setting. Anchors with no date (enterprise and user roots
   * that were never given one) are exempt.
   */
  @Override
  public void isChainValid(Cert[] chain, int length, long time, CertPolicy policy)
      throws PkixException {
    java.time.Instant date = store.serverDistrustAfter(chain[length - 1]);
    revocationState.chainRoot(store.isBuiltInRoot(chain[length - 1]),
        date == null ? Long.MAX_VALUE : date.getEpochSecond());
    if (date == null) {
      return;
    }
    if (endEntityNotBefore(chain[0]) > date.getEpochSecond()) {
      throw new PkixException(Result.MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED);
    }
  }

  /**
   * This verification's revocation state: set its CRLite timestamp source before building
   * ({@link RevocationState#useCrliteTimestamps}), read what the end-entity's check did after
   * ({@link RevocationState#info()}).
   */
  public RevocationState revocationState() {
    return revocationState;
  }

  private static long endEntityNotBefore(Cert ee) throws PkixException {
    dev.pkixj.pkix.der.DerReader r = ee.validity().reader();
    return r.readTime();
  }

  /**
   * Firefox's {@code CheckRevocation} ({@link RevocationChecker}). The staple is the one this
   * trust domain was made with (the path builder's, if it passed one), for the end-entity only.
   */
  @Override
  public void checkRevocation(EndEntityOrCA role, CertId certId, long time,
      long validityDurationSeconds, Input stapledOcspResponse, Input aiaExtension,
      Input sctExtension) throws PkixException {
    if (revocation == null) {
      return;
    }
    Input staple = null;
    if (role == EndEntityOrCA.MUST_BE_END_ENTITY) {
      staple = stapledOcspResponse != null ? stapledOcspResponse : this.stapledOcspResponse;
    }
    Result r = revocation.check(this, role, certId, time, validityDurationSeconds, staple,
        aiaExtension, sctExtension, revocationState);
    if (r != Result.SUCCESS) {
      throw new PkixException(r);
    }
  }
}
