package dev.pkixj.pkix;

import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.NameConstraints;
import dev.pkixj.pkix.sig.SignatureVerifier;

/**
 * Forward, depth-first path building from the end-entity to a trust anchor, exactly as
 * mozilla::pkix {@code BuildCertChain} (pkixbuild.cpp). One instance serves one build at a time;
 * it is cheap to create, and {@link #buildOnThisThread} reuses one per thread. Not API: callers
 * outside this package use {@link Pkix#buildCertChain}.
 *
 * <p>The order of the steps is the error priority (see {@link Result}); in particular the
 * issuer's chain is validated before the subject's signature is checked, and revocation is
 * checked as the recursion unwinds, so certificates nearer the root are checked first.
 */
final class PathBuilder {
  /**
   * At most 6 intermediates: end-entity + 6 + anchor = 8 certificates (mozilla::pkix
   * MAX_SUBCA_COUNT), which bounds the recursion depth.
   */
  static final int MAX_SUB_CA_COUNT = 6;

  /**
   * Calls of BuildForward allowed per build (mozilla::pkix, bug 1056341): many certificates with
   * the same name and different keys make the search space exponential; past this budget the
   * build fails with UNKNOWN_ISSUER.
   */
  static final int BUILD_FORWARD_CALL_BUDGET = 200_000;

  private static final ThreadLocal<PathBuilder> PER_THREAD = ThreadLocal.withInitial(PathBuilder::new);

  /**
   * {@link #build} on the builder owned by the calling thread, or on a new one when that builder
   * is busy (a build started from inside another build on the same thread); {@link
   * #lastOnThisThread()} then returns the builder used.
   */
  static Result buildOnThisThread(TrustDomain trustDomain, Cert endEntity, long time,
      EndEntityOrCA role, KeyUsage requiredKeyUsage, KeyPurposeId requiredEku,
      CertPolicy requiredPolicy, Input stapledOcspResponse) {
    PathBuilder home = PER_THREAD.get();
    PathBuilder b = home.busy ? new PathBuilder() : home;
    Result r = b.build(trustDomain, endEntity, time, role, requiredKeyUsage, requiredEku,
        requiredPolicy, stapledOcspResponse);
    home.lastFinished = b;
    return r;
  }

  /** The builder of the last {@link #buildOnThisThread} that finished on the calling thread. */
  static PathBuilder lastOnThisThread() {
    PathBuilder home = PER_THREAD.get();
    PathBuilder last = home.lastFinished;
    return last == null ? home : last;
  }

  /** On a thread's own builder: the builder whose build finished last on that thread. */
  private PathBuilder lastFinished;

  private final SignatureVerifier signatures = SignatureVerifier.shared();
  private final Step[] steps = new Step[MAX_SUB_CA_COUNT + 2];

  // State of the current build.
  private boolean busy;
  private TrustDomain td;
  private long time;
  private KeyPurposeId requiredEku;
  private CertPolicy requiredPolicy;
  private int budget;
  /** The role chain[0] is checked in. */
  private EndEntityOrCA buildRole;
  /** The certificates of the path being tried: chain[0] = end-entity, chain[depth] = subject. */
  private final Cert[] chain = new Cert[MAX_SUB_CA_COUNT + 2];
  /**
   * The path of the last success (a copy of its first {@code builtLength} entries; -1: the last
   * build failed), kept in place so that a build allocates nothing for it: {@link #lastChain}
   * hands out copies.
   */
  private final Cert[] builtChain = new Cert[MAX_SUB_CA_COUNT + 2];
  private int builtLength = 0;
  private int deepest;
  private final Cert[] deepestChain = new Cert[MAX_SUB_CA_COUNT + 2];
  /**
   * Per-build memos of work that depends only on the certificates involved, so that a search
   * that meets the same pair again (many same-name candidates, cross-signed loops) does not
   * redo it: signature checks that failed (successes are memoized in the certificate itself)
   * and name-constraint checks of one certificate by one constraining CA. Created on first use,
   * emptied by each build; at most {@link #MEMO_LIMIT} entries each.
   */
  private java.util.HashMap<PairKey, Result> failedSignatures;
  private java.util.HashMap<PairKey, Result> nameConstraintResults;
  static final int MEMO_LIMIT = 1 << 16;

  PathBuilder() {
    for (int i = 0; i < steps.length; i++) {
      steps[i] = new Step(i);
    }
  }

  /**
   * mozilla::pkix {@code BuildCertChain}: builds and checks a path for {@code endEntity}.
   *
   * @return {@link Result#SUCCESS} or the error Firefox would report for this build
   */
  Result build(TrustDomain trustDomain, Cert endEntity, long time, EndEntityOrCA role,
      KeyUsage requiredKeyUsage, KeyPurposeId requiredEku, CertPolicy requiredPolicy,
      Input stapledOcspResponse) {
    busy = true;
    try {
      this.td = trustDomain;
      this.time = time;
      this.requiredEku = requiredEku;
      this.requiredPolicy = requiredPolicy;
      this.budget = BUILD_FORWARD_CALL_BUDGET;
      this.buildRole = role;
      java.util.Arrays.fill(builtChain, 0, Math.max(0, builtLength), null);
      this.builtLength = -1;
      this.deepest = -1;
      if (failedSignatures != null) {
        failedSignatures.clear();
      }
      if (nameConstraintResults != null) {
        nameConstraintResults.clear();
      }
      chain[0] = endEntity;
      return buildForward(0, role, requiredKeyUsage, stapledOcspResponse, 0);
    } catch (PkixException e) {
      return e.result();
    } catch (RuntimeException | StackOverflowError e) {
      // A defect, never a verdict about the input: fail closed with a library failure.
      return Result.SEC_ERROR_LIBRARY_FAILURE;
    } finally {
      java.util.Arrays.fill(chain, null);
      this.td = null;
      busy = false;
    }
  }

  /**
   * The certificates of the path found by the last {@link #build} (end-entity first, anchor
   * last), or, when it failed, the longest path that was tried.
   */
  Cert[] lastChain() {
    return lastChainList().toArray(new Cert[0]);
  }

  /**
   * {@link #lastChain()} as an immutable list ({@code List.of}'s), built from the entries
   * directly rather than from a copy of them.
   */
  java.util.List<Cert> lastChainList() {
    Cert[] src;
    int n;
    if (builtLength >= 0) {
      src = builtChain;
      n = builtLength;
    } else if (deepest < 0) {
      return java.util.List.of();
    } else {
      src = deepestChain;
      n = deepest + 1;
    }
    switch (n) {
      case 0: return java.util.List.of();
      case 1: return java.util.List.of(src[0]);
      case 2: return java.util.List.of(src[0], src[1]);
      case 3: return java.util.List.of(src[0], src[1], src[2]);
      case 4: return java.util.List.of(src[0], src[1], src[2], src[3]);
      default: return java.util.List.of(java.util.Arrays.copyOf(src, n));
    }
  }

  /** Number of BuildForward calls the last build used (for DoS tests and benchmarks). */
  int lastBuildCalls() {
    return BUILD_FORWARD_CALL_BUDGET - budget;
  }

  private Result buildForward(int depth, EndEntityOrCA role, KeyUsage requiredKeyUsage,
      Input stapledOcsp, int subCaCount) throws PkixException {
    Cert subject = chain[depth];
    if (depth > deepest) {
      deepest = depth;
      System.arraycopy(chain, 0, deepestChain, 0, depth + 1);
    }

    // Issuer-independent checks. The end-entity's own error (if it is not an anchor) is
    // deferred until a path is found, so that an untrusted chain reports UNKNOWN_ISSUER rather
    // than, say, an expired end-entity.
    TrustLevel trust = TrustLevel.INHERITS_TRUST;
    Result deferredEndEntityError = Result.SUCCESS;
    try {
      trust = td.getCertTrust(role, requiredPolicy, subject);
      Checks.notBefore(subject); // the validity must at least parse
      if (trust == TrustLevel.TRUST_ANCHOR && role == EndEntityOrCA.MUST_BE_END_ENTITY
          && requiredEku == KeyPurposeId.ID_KP_OCSP_SIGNING) {
        trust = TrustLevel.INHERITS_TRUST; // OCSP signers are never anchors
      }
      Checks.checkIssuerIndependentProperties(td, subject, role, trust, time, requiredKeyUsage,
          requiredEku, requiredPolicy, subCaCount);
    } catch (PkixException e) {
      if (role == EndEntityOrCA.MUST_BE_END_ENTITY && trust != TrustLevel.TRUST_ANCHOR) {
        deferredEndEntityError = e.result();
      } else {
        return e.result();
      }
    }

    if (trust == TrustLevel.TRUST_ANCHOR) {
      // End of the recursion; the anchor's signature and revocation are never checked.
      Result r = isChainValid(depth);
      if (r == Result.SUCCESS) {
        System.arraycopy(chain, 0, builtChain, 0, depth + 1);
        builtLength = depth + 1;
      }
      return r;
    }

    if (role == EndEntityOrCA.MUST_BE_CA) {
      if (subCaCount >= MAX_SUB_CA_COUNT) {
        return Result.SEC_ERROR_UNKNOWN_ISSUER;
      }
      subCaCount++;
    }
    if (depth + 1 >= chain.length) {
      return Result.SEC_ERROR_UNKNOWN_ISSUER; // unreachable given the sub-CA limit
    }

    Step step = steps[depth];
    step.reset(role, stapledOcsp, subCaCount, deferredEndEntityError);
    td.findIssuer(subject.issuer(), step, time);
    Result r = step.checkResult();
    if (r != Result.SUCCESS) {
      return r;
    }
    // A path was found; now the end-entity's deferred error, if any, is the answer.
    return deferredEndEntityError;
  }

  private Result isChainValid(int depth) {
    try {
      td.isChainValid(chain, depth + 1, time, requiredPolicy);
      return Result.SUCCESS;
    } catch (PkixException e) {
      return e.result();
    }
  }

  /**
   * One path-building step: the candidates for one subject's issuer (mozilla::pkix
   * {@code PathBuildingStep}). Preallocated per depth and reset for each use.
   */
  private final class Step implements TrustDomain.IssuerChecker {
    private final int depth;
    private EndEntityOrCA subjectRole;
    private Input stapledOcsp;
    private int subCaCount;
    private Result deferredSubjectError;
    private Result result;
    private boolean resultWasSet;

    Step(int depth) {
      this.depth = depth;
    }

    void reset(EndEntityOrCA role, Input stapledOcsp, int subCaCount, Result deferred) {
      this.subjectRole = role;
      this.stapledOcsp = stapledOcsp;
      this.subCaCount = subCaCount;
      this.deferredSubjectError = deferred;
      this.result = null;
      this.resultWasSet = false;
    }

    Result checkResult() {
      return resultWasSet ? result : Result.SEC_ERROR_UNKNOWN_ISSUER;
    }

    /**
     * mozilla::pkix {@code RecordResult}: an issuer's own time or distrust errors are renamed
     * to the issuer variants; one failing candidate (or several failing alike) gives its
     * specific error, several different ones give UNKNOWN_ISSUER. Returns keepGoing.
     */
    private boolean record(Result r) {
      if (r == Result.SEC_ERROR_UNTRUSTED_CERT) {
        r = Result.SEC_ERROR_UNTRUSTED_ISSUER;
      } else if (r == Result.SEC_ERROR_EXPIRED_CERTIFICATE) {
        r = Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE;
      } else if (r == Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE) {
        r = Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE;
      }
      if (resultWasSet && r != Result.SUCCESS && r != result) {
        r = Result.SEC_ERROR_UNKNOWN_ISSUER;
      }
      result = r;
      resultWasSet = true;
      return r != Result.SUCCESS;
    }

    @Override
    public boolean check(byte[] candidateDer, Input additionalNameConstraints)
        throws PkixException {
      Cert candidate;
      try {
        candidate = CertCache.shared().get(candidateDer);
      } catch (PkixException e) {
        return record(e.result());
      }
      return check(candidate, additionalNameConstraints);
    }

    @Override
    public boolean check(Cert candidate, Input additionalNameConstraints) throws PkixException {
      Cert subject = chain[depth];
      // A candidate with another name is ignored, as if never offered.
      if (!candidate.subject().contentEquals(subject.issuer())) {
        return true;
      }
      // Loop prevention (RFC 4158 §5.2): the same subject and key already lower in the path.
      Input spki = candidate.subjectPublicKeyInfo();
      for (int i = 0; i <= depth; i++) {
        Cert below = chain[i];
        if (below.subjectPublicKeyInfo().contentEquals(spki)
            && below.subject().contentEquals(candidate.subject())) {
          return record(Result.SEC_ERROR_UNKNOWN_ISSUER);
        }
      }
      boolean endEntityFirst = buildRole == EndEntityOrCA.MUST_BE_END_ENTITY;
      try {
        if (candidate.nameConstraints() != null) {
          checkNameConstraints(candidate, depth + 1, endEntityFirst);
        }
        if (additionalNameConstraints != null) {
          NameConstraints.check(additionalNameConstraints, chain, depth + 1, endEntityFirst,
              requiredEku);
        }
        Checks.checkTlsFeatures(subject, candidate);
      } catch (PkixException e) {
        return record(e.result());
      }

      if (budget == 0) {
        record(Result.SEC_ERROR_UNKNOWN_ISSUER);
        return false;
      }
      budget--;

      // RFC 5280 §4.2.1.3: the issuer's key must be allowed to sign certificates.
      chain[depth + 1] = candidate;
      Result r;
      try {
        r = buildForward(depth + 1, EndEntityOrCA.MUST_BE_CA, KeyUsage.KEY_CERT_SIGN, null,
            subCaCount);
      } finally {
        chain[depth + 1] = null;
      }
      if (r != Result.SUCCESS) {
        return record(r);
      }

      // The issuer's chain is good: only now the subject's signature.
      r = verifySignature(subject, candidate);
      if (r != Result.SUCCESS) {
        return record(r);
      }

      if (subjectRole == EndEntityOrCA.MUST_BE_END_ENTITY
          && subject.signedCertificateTimestamps() != null) {
        // The SCT list must at least unwrap (CT itself is the trust domain's business).
        try {
          DerReader sct = subject.signedCertificateTimestamps().reader();
          sct.expect(DerReader.OCTET_STRING);
          sct.end();
        } catch (PkixException e) {
          record(e.result());
          return false;
        }
      }

      // Revocation, skipped for an expired end-entity (responders may forget expired
      // certificates). A failure concerns the subject itself, so the search stops.
      if (deferredSubjectError != Result.SEC_ERROR_EXPIRED_CERTIFICATE) {
        try {
          long notBefore = Checks.notBefore(subject);
          CertId certId = new CertId(subject.issuer(), candidate.subjectPublicKeyInfo(),
              subject.serialNumber());
          td.checkRevocation(subjectRole, certId, time, subject.notAfterMemo - notBefore,
              stapledOcsp, subject.authorityInfoAccess(),
              subject.signedCertificateTimestamps());
        } catch (PkixException e) {
          record(e.result());
          return false;
        }
      }
      return record(Result.SUCCESS);
    }
  }

  /**
   * mozilla::pkix {@code CheckNameConstraints(constrainer's nameConstraints, chain[count-1],
   * requiredEku)}: the certificates below the constraining CA are checked from the top down and
   * the first failure is thrown, exactly as {@link NameConstraints#check} does, one certificate
   * at a time through the per-build memo (the outcome for one certificate depends only on the
   * constraints, that certificate and whether it is the end-entity).
   */
  private void checkNameConstraints(Cert constrainer, int count, boolean endEntityFirst)
      throws PkixException {
    for (int i = count - 1; i >= 0; i--) {
      Cert child = chain[i];
      boolean endEntity = endEntityFirst && i == 0;
      PairKey key = new PairKey(child, constrainer, endEntity);
      Result r = nameConstraintResults == null ? null : nameConstraintResults.get(key);
      if (r == null) {
        try {
          NameConstraints.check(constrainer.nameConstraints(), new Cert[] {child}, 1, endEntity,
              requiredEku);
          r = Result.SUCCESS;
        } catch (PkixException e) {
          r = e.result();
        }
        if (nameConstraintResults == null) {
          nameConstraintResults = new java.util.HashMap<>();
        }
        if (nameConstraintResults.size() < MEMO_LIMIT) {
          nameConstraintResults.put(key, r);
        }
      }
      if (r != Result.SUCCESS) {
        throw new PkixException(r);
      }
    }
  }

  /**
   * mozilla::pkix {@code VerifySignedData}, with a per-certificate memo of the issuer keys that
   * verified it (a {@link Cert} is content-addressed, so a memo hit is for the same bytes) and a
   * per-build memo of the pairs that failed.
   */
  private Result verifySignature(Cert subject, Cert issuer) {
    Input issuerSpki = issuer.subjectPublicKeyInfo();
    if (subject.wasVerifiedBy(issuerSpki)) {
      return Result.SUCCESS;
    }
    PairKey key = new PairKey(subject, issuer, false);
    if (failedSignatures != null) {
      Result failed = failedSignatures.get(key);
      if (failed != null) {
        return failed;
      }
    }
    SignatureAlgorithm alg;
    try {
      alg = subject.signatureAlgorithm();
    } catch (PkixException e) {
      return e.result();
    }
    Result r = signatures.verifySignedData(alg, subject.signedData(), subject.signature(),
        issuerSpki);
    if (r == Result.SUCCESS) {
      subject.markVerifiedBy(issuerSpki);
    } else {
      if (failedSignatures == null) {
        failedSignatures = new java.util.HashMap<>();
      }
      if (failedSignatures.size() < MEMO_LIMIT) {
        failedSignatures.put(key, r);
      }
    }
    return r;
  }

  /**
   * Two certificates by identity (each {@link Cert} stands for fixed bytes, so equal keys mean
   * equal inputs; two views of the same bytes only miss the memo) and a flag.
   */
  private static final class PairKey {
    private final Cert a;
    private final Cert b;
    private final boolean flag;

    PairKey(Cert a, Cert b, boolean flag) {
      this.a = a;
      this.b = b;
      this.flag = flag;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PairKey && ((PairKey) o).a == a && ((PairKey) o).b == b
          && ((PairKey) o).flag == flag;
    }

    @Override
    public int hashCode() {
      return (System.identityHashCode(a) * 31 + System.identityHashCode(b)) * 2 + (flag ? 1 : 0);
    }
  }
}
