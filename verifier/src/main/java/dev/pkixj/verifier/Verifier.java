package dev.pkixj.verifier;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.KeyUsage;
import dev.pkixj.pkix.Pkix;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.HostnameMatcher;
import dev.pkixj.pkix.names.HostnameMatcher.InvalidEntryPolicy;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import dev.pkixj.truststore.BrowserTrustDomain;
import dev.pkixj.truststore.revocation.RevocationInfo;
import dev.pkixj.verifier.crlite.SctTimestamps;
import dev.pkixj.verifier.ct.CtExemptions;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtPolicy;
import dev.pkixj.verifier.ct.CtResult;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.CtStatus;
import dev.pkixj.verifier.ct.CtVerifier;
import dev.pkixj.verifier.policy.DistinguishedName;
import dev.pkixj.verifier.policy.PolicyTrustDomain;
import dev.pkixj.verifier.policy.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Verifies certificate chains the way Firefox does (the policy of {@code
 * CertVerifier::VerifySSLServerCert} around mozilla::pkix's {@code BuildCertChain}). One
 * instance is shared by all threads; it holds no per-call state.
 *
 * <p>For a TLS server certificate (domain-validated, no EV):
 * <ol>
 *   <li>Build with an RSA minimum of 2048 bits; if that fails (or its path fails CT, below),
 *       build again with 1024. When both fail, the 1024 pass's error is reported.</li>
 *   <li>Each pass tries the end-entity key usages digitalSignature, then keyEncipherment, then
 *       keyAgreement, moving on only on {@link Result#SEC_ERROR_INADEQUATE_KEY_USAGE}; a third
 *       failure of any kind is reported as INADEQUATE_KEY_USAGE.</li>
 *   <li>A pass whose search met a path refused by a named-CA distrust rule ({@link
 *       TlsPolicy#caDistrust()}) and failed with a non-fatal error other than REVOKED reports
 *       {@link Result#MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED}.</li>
 *   <li>On failure: an UNKNOWN_ISSUER, BAD_SIGNATURE or INADEQUATE_KEY_USAGE for a certificate
 *       whose issuer name equals its subject name and whose signature verifies with its own key
 *       becomes {@link Result#MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT}; otherwise an UNKNOWN_ISSUER
 *       whose end-entity issuer name equals the MITM canary ({@link TlsPolicy#mitmCanary()})
 *       becomes {@link Result#MOZILLA_PKIX_ERROR_MITM_DETECTED} (an issuer name that does not
 *       decode as a Name is {@link Result#SEC_ERROR_BAD_DER}, as NSS's
 *       {@code CERT_DerNameToAscii} fails); a time error (expired, not yet valid, bad time) first
 *       checks the host name, skipping invalid SAN entries, and a mismatch wins.</li>
 *   <li>On success, Certificate Transparency on the built chain ({@link #withCt}, docs/ct.md):
 *       skipped when CT is off, when the root is not one CT applies to, or when the log list has
 *       expired at the verification time; a chain of one certificate has too few SCTs; otherwise
 *       the SCTs embedded in the end-entity, from the verified stapled OCSP response and from the
 *       TLS extension are verified and the policy applied. A failure is {@link
 *       Result#MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY} (certificate 0) unless
 *       the mode is telemetry or a host or SPKI-hash exemption matches. The 1024 pass applies it
 *       too, before the key size.</li>
 *   <li>A path that only the 1024 pass accepts (built and CT-compliant) under a built-in root
 *       is {@link Result#MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE}.</li>
 *   <li>Then must-staple, then the host name (an invalid SAN entry before a match halts under a
 *       built-in root; name-matching BAD_DER is reported as BAD_CERT_DOMAIN).</li>
 * </ol>
 * Revocation (OCSP and CRLite) is the trust domain's: its factory carries the settings (for a
 * {@link dev.pkixj.truststore.TrustStore}, the {@link
 * dev.pkixj.truststore.revocation.RevocationConfig} given to {@code trustDomains(config)}, the one
 * place of the CRLite mode and filters). For a {@link BrowserTrustDomain} this verifier supplies
 * the end-entity's CRLite timestamps ({@link SctTimestamps}: verified SCTs when CT is on, embedded
 * SCTs undecoded by signature when CT is off) and reports what the check did in {@link
 * VerificationResult#revocation()} (docs/crlite.md).
 * With a {@link TlsPolicy}, every trust domain is wrapped in a {@link PolicyTrustDomain} that
 * adds the OneCRL-style blocklist (REVOKED_CERTIFICATE) and the named-CA distrust rules.
 *
 * <p>All of the above is the {@link Profile#FIREFOX} profile, the default. Under {@link
 * #withProfile} {@link Profile#STRICT}, that verdict is taken first and the strict profile's rules
 * are applied on top of it (docs/strict-profile.md); the Firefox verdict itself is computed
 * exactly as without it.
 */
public final class Verifier {
  private final TrustDomainFactory trustDomains;
  private final TlsPolicy policy;
  private final CtSettings ct;
  /** The SCT verifier for {@code ct.logs()}, or null when CT is off. */
  private final CtVerifier ctVerifier;
  private final CtExemptions ctExemptions;
  /** The profile (docs/strict-profile.md); {@link Profile#FIREFOX} unless {@link #withProfile}. */
  private final Profile profile;
  private final dev.pkixj.verifier.strict.StrictOptions strictOptions;

  public Verifier(TrustDomainFactory trustDomains) {
    this(trustDomains, TlsPolicy.none());
  }

  /**
   * A verifier that applies {@code policy} (blocklist, CA distrust, MITM canary) and
   * Certificate Transparency as desktop Firefox does ({@link CtSettings#firefox()}: under roots of
   * Mozilla's root program only, with the embedded log list).
   */
  public Verifier(TrustDomainFactory trustDomains, TlsPolicy policy) {
    this(trustDomains, policy, CtSettings.firefox());
  }

  private Verifier(TrustDomainFactory trustDomains, TlsPolicy policy, CtSettings ct) {
    this(trustDomains, policy, ct,
        ct.mode() == CtMode.OFF ? null : new CtVerifier(ct.logs()), CtExemptions.of(ct));
  }

  private Verifier(TrustDomainFactory trustDomains, TlsPolicy policy, CtSettings ct,
      CtVerifier ctVerifier, CtExemptions ctExemptions) {
    this(trustDomains, policy, ct, ctVerifier, ctExemptions, Profile.FIREFOX, null);
  }

  private Verifier(TrustDomainFactory trustDomains, TlsPolicy policy, CtSettings ct,
      CtVerifier ctVerifier, CtExemptions ctExemptions, Profile profile,
      dev.pkixj.verifier.strict.StrictOptions strictOptions) {
    this.profile = profile;
    this.strictOptions = strictOptions;
    this.trustDomains = trustDomains;
    this.policy = java.util.Objects.requireNonNull(policy, "policy");
    this.ct = java.util.Objects.requireNonNull(ct, "ct");
    this.ctVerifier = ctVerifier;
    this.ctExemptions = ctExemptions;
  }

  /** This verifier with {@code newPolicy} instead of its own. */
  public Verifier withPolicy(TlsPolicy newPolicy) {
    return new Verifier(trustDomains, newPolicy, ct, ctVerifier, ctExemptions, profile,
        strictOptions);
  }

  /**
   * This verifier answering under {@code newProfile} (docs/strict-profile.md): {@link
   * Profile#FIREFOX} is Firefox's verdict exactly; {@link Profile#STRICT} adds the strict rules,
   * with {@code options} (depth limit, CRLs, public roots; null for {@link
   * dev.pkixj.verifier.strict.StrictOptions#defaults()}), and lists every violation in {@link
   * VerificationResult#violations()}.
   */
  public Verifier withProfile(Profile newProfile,
      dev.pkixj.verifier.strict.StrictOptions options) {
    java.util.Objects.requireNonNull(newProfile, "profile");
    return new Verifier(trustDomains, policy, ct, ctVerifier, ctExemptions, newProfile,
        newProfile == Profile.STRICT && options == null
            ? dev.pkixj.verifier.strict.StrictOptions.defaults() : options);
  }

  /** The profile this verifier answers under. */
  public Profile profile() {
    return profile;
  }

  /**
   * This verifier with Certificate Transparency applied as {@code settings} say (docs/ct.md).
   * The log keys are checked here, once.
   */
  public Verifier withCt(CtSettings settings) {
    Verifier v = new Verifier(trustDomains, policy, settings);
    return profile == Profile.FIREFOX ? v : v.withProfile(profile, strictOptions);
  }

  public TlsPolicy policy() {
    return policy;
  }

  /** How this verifier applies Certificate Transparency. */
  public CtSettings ct() {
    return ct;
  }

  public TrustDomainFactory trustDomains() {
    return trustDomains;
  }

  /**
   * Which OneCRL entry of this verifier's {@link TlsPolicy#blocklist()} refused {@code r}, found
   * after the fact ({@link dev.pkixj.verifier.policy.RevocationBlocklist#matchIn}): null unless
   * {@code r} is REVOKED_CERTIFICATE and a certificate of its chain (index in {@code r.chain()})
   * or, failing that, one of the {@code presented} certificates (index -1) is listed. The
   * verification itself pays nothing for this.
   */
  public dev.pkixj.verifier.policy.RevocationBlocklist.Match oneCrlMatch(VerificationResult r,
      List<byte[]> presented) {
    if (r.result() != dev.pkixj.pkix.Result.SEC_ERROR_REVOKED_CERTIFICATE
        || policy.blocklist().isEmpty()) {
      return null;
    }
    List<dev.pkixj.pkix.Cert> certs = new java.util.ArrayList<>(presented.size());
    for (byte[] der : presented) {
      try {
        certs.add(dev.pkixj.pkix.Cert.of(der));
      } catch (dev.pkixj.pkix.PkixException e) {
        // not a certificate: it cannot be listed
      }
    }
    return policy.blocklist().matchIn(r.chain(), certs);
  }

  /** A verifier whose trust anchors are {@code rootDers}, treated as Firefox built-in roots. */
  public static Verifier withRoots(Collection<byte[]> rootDers) {
    return new Verifier(TrustDomainFactory.of(TrustAnchors.of(rootDers, true)));
  }

  /**
   * Verifies a TLS server certificate as Firefox does for https: path building, then
   * must-staple, then the host name.
   *
   * @param chain the certificates the server sent: the end-entity first, then the others in the
   *     order sent (they are only candidates; order and extras do not matter)
   * @param host the reference identifier (DNS name, IPv4, or IPv6 without brackets), as given;
   *     null skips the host-name check
   * @param time the verification time
   */
  public VerificationResult verifyServer(List<byte[]> chain, String host, Instant time) {
    return verifyServer(chain, host, time, null);
  }

  /** As {@link #verifyServer(List, String, Instant)} with a stapled OCSP response (DER). */
  public VerificationResult verifyServer(List<byte[]> chain, String host, Instant time,
      byte[] stapledOcspResponse) {
    return verifyServer(chain, host, time, stapledOcspResponse, null);
  }

  /**
   * As {@link #verifyServer(List, String, Instant, byte[])} with the SCTs the server delivered in
   * the TLS handshake's signed_certificate_timestamp extension.
   *
   * @param tlsSctList a TLS-encoded SignedCertificateTimestampList, or null when none was sent
   */
  public VerificationResult verifyServer(List<byte[]> chain, String host, Instant time,
      byte[] stapledOcspResponse, byte[] tlsSctList) {
    VerificationResult firefox = verifyServerFirefox(chain, host, time, stapledOcspResponse,
        tlsSctList);
    if (profile == Profile.FIREFOX) {
      return firefox;
    }
    return strict(firefox, chain, time, KeyPurposeId.ID_KP_SERVER_AUTH, true);
  }

  /**
   * The strict profile on a Firefox result: the strict build uses a fresh trust domain for the
   * same presented certificates, with this verifier's policy (docs/strict-profile.md).
   */
  private VerificationResult strict(VerificationResult firefox, List<byte[]> chain,
      Instant time, KeyPurposeId eku, boolean server) {
    Cert leaf;
    try {
      leaf = Cert.of(chain.get(0));
    } catch (PkixException e) {
      leaf = null;
    }
    TrustDomain td = trustDomains.create(chain.subList(1, chain.size()), 1024, null);
    if (policy.affectsTrustDomain()) {
      td = new PolicyTrustDomain(td, policy, eku == KeyPurposeId.ID_KP_SERVER_AUTH, false);
    }
    return dev.pkixj.verifier.strict.StrictProfile.apply(firefox, chain.get(0), leaf, td,
        time.getEpochSecond(), eku, server, strictOptions);
  }

  private VerificationResult verifyServerFirefox(List<byte[]> chain, String host, Instant time,
      byte[] stapledOcspResponse, byte[] tlsSctList) {
    if (chain == null || chain.isEmpty() || time == null) {
      throw new IllegalArgumentException("a chain with at least the end-entity, and a time");
    }
    long t = time.getEpochSecond();
    List<byte[]> presented = chain.subList(1, chain.size());
    Input staple = stapledOcspResponse == null ? null : Input.of(stapledOcspResponse);
    Cert leaf;
    try {
      leaf = Cert.of(chain.get(0));
    } catch (PkixException e) {
      return new VerificationResult(e.result(), 0, List.of(), host, time);
    }

    boolean caDistrust = host != null; // Firefox applies it only with a host name (mHostname)
    RevocationInfo[] revocation = {RevocationInfo.NONE};
    Result r = buildWithKeyUsageFallback(leaf, presented, 2048, t,
        KeyPurposeId.ID_KP_SERVER_AUTH, staple, stapledOcspResponse, caDistrust, tlsSctList,
        revocation);
    List<Cert> built = Pkix.lastBuiltChainList();
    CtOutcome ctOutcome = CtOutcome.NOT_APPLICABLE;
    if (r == Result.SUCCESS) {
      // Firefox runs CT after every successful build; a CT failure sends its DV loop on to the
      // 1024 pass like any other failure, and the last attempt's error is reported.
      ctOutcome = checkCt(leaf, built, host, t, stapledOcspResponse, tlsSctList, presented);
      r = ctOutcome.result();
    }
    if (r != Result.SUCCESS) {
      Result r1024 = buildWithKeyUsageFallback(leaf, presented, 1024, t,
          KeyPurposeId.ID_KP_SERVER_AUTH, staple, stapledOcspResponse, caDistrust, tlsSctList,
          revocation);
      built = Pkix.lastBuiltChainList();
      if (r1024 == Result.SUCCESS) {
        // CT first: a weak-key chain that fails CT is the CT error.
        ctOutcome = checkCt(leaf, built, host, t, stapledOcspResponse, tlsSctList, presented);
        r = ctOutcome.result();
        if (r == Result.SUCCESS && trustDomains.isBuiltInRoot(built.get(built.size() - 1))) {
          // A path only the weak pass accepts: Firefox refuses it under a built-in root.
          r = Result.MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE;
        }
      } else {
        r = r1024;
      }
    }
    CtResult ctResult = ctOutcome.ct();
    RevocationInfo rev = revocation[0];

    if (r != Result.SUCCESS) {
      if ((r == Result.SEC_ERROR_UNKNOWN_ISSUER || r == Result.SEC_ERROR_BAD_SIGNATURE
          || r == Result.SEC_ERROR_INADEQUATE_KEY_USAGE)
          && leaf.isSelfIssued() && InMemoryTrustDomain.verifiesWithOwnKey(leaf)) {
        r = Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT;
      } else if (r == Result.SEC_ERROR_UNKNOWN_ISSUER) {
        r = checkMitmCanary(leaf);
      } else if (host != null && (r == Result.SEC_ERROR_EXPIRED_CERTIFICATE
          || r == Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE
          || r == Result.SEC_ERROR_INVALID_TIME)) {
        // A time error may be a wrong clock; a wrong name is the more useful answer then.
        Result name = HostnameMatcher.checkCertHostname(leaf, hostBytes(host),
            InvalidEntryPolicy.SKIP_INVALID);
        if (name != Result.SUCCESS) {
          r = asReported(name);
        }
      }
      return result(r, certIndexFor(r, built), built, host, time, ctResult, rev);
    }

    // Success: must-staple, then the host name.
    try {
      Pkix.checkTlsFeaturesSatisfied(leaf.requiredTlsFeatures(), stapledOcspResponse != null);
    } catch (PkixException e) {
      return result(e.result(), 0, built, host, time, ctResult, rev);
    }
    if (host != null) {
      boolean builtIn = trustDomains.isBuiltInRoot(built.get(built.size() - 1));
      Result name = HostnameMatcher.checkCertHostname(leaf, hostBytes(host),
          builtIn ? InvalidEntryPolicy.HALT_ON_INVALID : InvalidEntryPolicy.SKIP_INVALID);
      if (name != Result.SUCCESS) {
        return result(asReported(name), 0, built, host, time, ctResult, rev);
      }
    }
    return result(Result.SUCCESS, -1, built, host, time, ctResult, rev);
  }

  private static VerificationResult result(Result r, int certIndex, List<Cert> built,
      String host, Instant time, CtResult ct, RevocationInfo revocation) {
    return new VerificationResult(r, certIndex, built, host, time, null, ct,
        revocation);
  }

  /**
   * Gives a {@link BrowserTrustDomain} this verification's CRLite timestamp source; returns its
   * revocation state (null for another kind of trust domain).
   */
  private dev.pkixj.truststore.revocation.RevocationState prepareRevocation(TrustDomain td,
      Cert leaf, byte[] tlsSctList) {
    if (!(td instanceof BrowserTrustDomain)) {
      return null;
    }
    dev.pkixj.truststore.revocation.RevocationState s =
        ((BrowserTrustDomain) td).revocationState();
    s.useCrliteTimestamps(new SctTimestamps(ctVerifier, leaf, tlsSctList));
    return s;
  }

  /** What CT said: the verdict's contribution ({@link Result#SUCCESS} or an error) and why. */
  private record CtOutcome(Result result, CtResult ct) {
    static final CtOutcome NOT_APPLICABLE =
        new CtOutcome(Result.SUCCESS, CtResult.NOT_APPLICABLE);
  }

  /**
   * Firefox's {@code VerifyCertificateTransparencyPolicy} on a built chain (spec part A1, A5):
   * not applicable when CT is off, when the root is not one CT applies to ({@link CtMode#AUTO}
   * and {@link CtMode#TELEMETRY}: the root program; {@link CtMode#ENFORCE}: any root) or when
   * the log list has expired at {@code time}. A policy failure is the CT error unless the mode is
   * telemetry (the failure is only reported) or an exemption matches (status EXEMPT).
   */
  private CtOutcome checkCt(Cert leaf, List<Cert> built, String host, long time,
      byte[] stapledOcspResponse, byte[] tlsSctList, List<byte[]> presented) {
    if (ctVerifier == null) {
      return CtOutcome.NOT_APPLICABLE;
    }
    Cert root = built.get(built.size() - 1);
    if (ct.mode() != CtMode.ENFORCE && !ct.rootProgram().contains(root)) {
      return CtOutcome.NOT_APPLICABLE;
    }
    if (ct.logs().isExpiredAt(time)) {
      return CtOutcome.NOT_APPLICABLE;
    }
    CtResult verdict;
    if (built.size() == 1) {
      // The end-entity is itself the anchor: no SCT is looked at.
      verdict = new CtResult(CtStatus.NOT_ENOUGH_SCTS, List.of(), 0);
    } else {
      Cert issuer = built.get(1);
      try {
        byte[] ocspScts = stapledOcspResponse == null ? null
            : stapledScts(leaf, issuer, time, stapledOcspResponse, presented);
        java.time.Instant distrust = trustDomains.serverDistrustAfter(root);
        CtVerifier.Verified v = ctVerifier.verify(leaf, issuer, tlsSctList, ocspScts, time,
            distrust == null ? CtVerifier.NO_DISTRUST_AFTER : distrust.getEpochSecond());
        DerReader validity = leaf.validity().reader();
        long notBefore = validity.readTime();
        long notAfter = validity.readTime();
        CtStatus status = CtPolicy.check(v.scts(), Math.abs(notAfter - notBefore));
        verdict = new CtResult(status, v.scts(), v.decodingErrors());
      } catch (PkixException e) {
        // A fatal error (a precertificate that cannot be rebuilt): it fails the verification,
        // and no exemption applies to it.
        return new CtOutcome(e.result(), CtResult.NOT_APPLICABLE);
      }
    }
    if (!verdict.status().isFailure()) {
      return new CtOutcome(Result.SUCCESS, verdict);
    }
    if (ct.mode() == CtMode.TELEMETRY) {
      return new CtOutcome(Result.SUCCESS, verdict);
    }
    if (ctExemptions.exempts(host, built)) {
      return new CtOutcome(Result.SUCCESS, verdict.withStatus(CtStatus.EXEMPT));
    }
    return new CtOutcome(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY,
        verdict);
  }

  /**
   * The SCT list of the stapled OCSP response's single-response extension, only when the
   * response verifies as a fresh "good" for {@code leaf} issued by {@code issuer} at {@code
   * time} (mozilla::pkix notes the list only then); null otherwise.
   */
  private byte[] stapledScts(Cert leaf, Cert issuer, long time, byte[] staple,
      List<byte[]> presented) {
    TrustDomain td = trustDomains.create(presented, 2048, null);
    OcspVerification v = OcspVerifier.verify(td,
        new CertId(leaf.issuer(), issuer.subjectPublicKeyInfo(), leaf.serialNumber()), time,
        OcspVerifier.FIREFOX_MAX_LIFETIME_DAYS, staple);
    Input list = v.signedCertificateTimestamps();
    return v.result() == Result.SUCCESS && list != null ? list.toByteArray() : null;
  }

  /**
   * Builds and checks a path for {@code chain[0]} for {@code eku} with no host name and key
   * usage digitalSignature (e.g. a TLS client certificate with {@link
   * KeyPurposeId#ID_KP_CLIENT_AUTH}), with Firefox's RSA minimum of 2048 bits.
   */
  public VerificationResult verifyChain(List<byte[]> chain, Instant time, KeyPurposeId eku) {
    VerificationResult firefox = verifyChainFirefox(chain, time, eku);
    return profile == Profile.FIREFOX ? firefox
        : strict(firefox, chain, time, eku, eku == KeyPurposeId.ID_KP_SERVER_AUTH);
  }

  private VerificationResult verifyChainFirefox(List<byte[]> chain, Instant time,
      KeyPurposeId eku) {
    if (chain == null || chain.isEmpty() || time == null) {
      throw new IllegalArgumentException("a chain with at least the end-entity, and a time");
    }
    Cert leaf;
    try {
      leaf = Cert.of(chain.get(0));
    } catch (PkixException e) {
      return new VerificationResult(e.result(), 0, List.of(), null, time);
    }
    TrustDomain td = trustDomains.create(chain.subList(1, chain.size()), 2048, null);
    dev.pkixj.truststore.revocation.RevocationState rs = prepareRevocation(td, leaf, null);
    if (policy.affectsTrustDomain()) {
      // OneCRL is for TLS server verification; the CA distrust rules need a host name.
      td = new PolicyTrustDomain(td, policy, eku == KeyPurposeId.ID_KP_SERVER_AUTH, false);
    }
    Result r = Pkix.buildCertChain(td, leaf, time.getEpochSecond(),
        EndEntityOrCA.MUST_BE_END_ENTITY, KeyUsage.DIGITAL_SIGNATURE, eku, CertPolicy.ANY_POLICY,
        null);
    List<Cert> built = Pkix.lastBuiltChainList();
    return new VerificationResult(r, r == Result.SUCCESS ? -1 : certIndexFor(r, built),
        built, null, time, null, CtResult.NOT_APPLICABLE,
        rs == null ? RevocationInfo.NONE : rs.info());
  }

  private Result buildWithKeyUsageFallback(Cert leaf, List<byte[]> presented,
      int minRsaBits, long time, KeyPurposeId eku, Input staple, byte[] stapleBytes,
      boolean caDistrust, byte[] tlsSctList, RevocationInfo[] revocationOut) {
    TrustDomain td = trustDomains.create(presented, minRsaBits, stapleBytes);
    dev.pkixj.truststore.revocation.RevocationState rs =
        prepareRevocation(td, leaf, tlsSctList);
    PolicyTrustDomain ptd = null;
    if (policy.affectsTrustDomain()) {
      ptd = new PolicyTrustDomain(td, policy, true, caDistrust);
      td = ptd;
    }
    // Firefox resets the accumulated state (the distrusted-CA flag) before each build, so the
    // flag read at the end is the last build's.
    reset(ptd, rs);
    Result r = Pkix.buildCertChain(td, leaf, time, EndEntityOrCA.MUST_BE_END_ENTITY,
        KeyUsage.DIGITAL_SIGNATURE, eku, CertPolicy.ANY_POLICY, staple);
    if (r == Result.SEC_ERROR_INADEQUATE_KEY_USAGE) {
      reset(ptd, rs);
      r = Pkix.buildCertChain(td, leaf, time, EndEntityOrCA.MUST_BE_END_ENTITY,
          KeyUsage.KEY_ENCIPHERMENT, eku, CertPolicy.ANY_POLICY, staple);
      if (r == Result.SEC_ERROR_INADEQUATE_KEY_USAGE) {
        reset(ptd, rs);
        r = Pkix.buildCertChain(td, leaf, time, EndEntityOrCA.MUST_BE_END_ENTITY,
            KeyUsage.KEY_AGREEMENT, eku, CertPolicy.ANY_POLICY, staple);
        if (r != Result.SUCCESS) {
          r = Result.SEC_ERROR_INADEQUATE_KEY_USAGE;
        }
      }
    }
    if (ptd != null && r != Result.SUCCESS && !r.isFatal()
        && r != Result.SEC_ERROR_REVOKED_CERTIFICATE && ptd.sawDistrustedCaByPolicy()) {
      // Bug 1444440: several paths, one to a CA distrusted by policy, none to a trusted root:
      // report the distrust rather than whatever the search ended with.
      r = Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED;
    }
    revocationOut[0] = rs == null ? RevocationInfo.NONE : rs.info();
    return r;
  }

  private static void reset(PolicyTrustDomain ptd,
      dev.pkixj.truststore.revocation.RevocationState rs) {
    if (ptd != null) {
      ptd.resetAccumulatedState();
    }
    if (rs != null) {
      rs.begin();
    }
  }

  /**
   * Firefox's canary test on an UNKNOWN_ISSUER that is not self-signed: the issuer name is
   * converted to text first (a failure is BAD_DER, whether or not a canary is set), then
   * compared with the canary.
   */
  private Result checkMitmCanary(Cert leaf) {
    try {
      DistinguishedName.fromDer(leaf.issuer());
    } catch (IllegalArgumentException e) {
      return Result.SEC_ERROR_BAD_DER;
    }
    return policy.mitmCanary().matches(leaf)
        ? Result.MOZILLA_PKIX_ERROR_MITM_DETECTED : Result.SEC_ERROR_UNKNOWN_ISSUER;
  }

  /**
   * Which certificate an error concerns: the end-entity for its own errors, otherwise the
   * topmost certificate of the deepest path tried (whose issuer was missing or bad).
   */
  private static int certIndexFor(Result r, List<Cert> built) {
    switch (r) {
      case SEC_ERROR_UNKNOWN_ISSUER:
      case SEC_ERROR_UNTRUSTED_ISSUER:
      case SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE:
      case MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE:
      case SEC_ERROR_CA_CERT_INVALID:
      case MOZILLA_PKIX_ERROR_V1_CERT_USED_AS_CA:
      case SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID:
      case SEC_ERROR_CERT_NOT_IN_NAME_SPACE:
        return Math.max(0, built.size() - 1);
      default:
        return 0;
    }
  }

  /**
   * Firefox reports the host-name check's own result, except that a malformed name entry
   * (BAD_DER) is shown as a domain mismatch.
   */
  private static Result asReported(Result nameResult) {
    return nameResult == Result.SEC_ERROR_BAD_DER ? Result.SSL_ERROR_BAD_CERT_DOMAIN : nameResult;
  }

  private static byte[] hostBytes(String host) {
    return host.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Verifier" + Arrays.asList(trustDomains, policy);
  }
}
