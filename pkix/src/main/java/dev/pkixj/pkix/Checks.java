package dev.pkixj.pkix;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.SignatureAlgorithm.PublicKeyAlgorithm;
import dev.pkixj.pkix.TrustDomain.NamedCurve;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.internal.EngineAccess;

/**
 * The issuer-independent checks of one certificate, in mozilla::pkix's exact order
 * ({@code CheckIssuerIndependentProperties}, pkixcheck.cpp). The order is the error priority: do
 * not reorder. Section numbers are RFC 5280's. Not API: the other pkix packages reach it through
 * {@link EngineAccess}, callers outside the module through {@link Pkix}.
 */
final class Checks {
  private Checks() {}

  /**
   * mozilla::pkix {@code CheckIssuerIndependentProperties} as a whole, trust lookup included: for
   * callers outside path building, such as the OCSP delegated-responder check. An anchor checked
   * as an OCSP signer is treated as inheriting trust (OCSP signers are never anchors).
   *
   * @throws PkixException the first failing check's code, in mozilla::pkix's order
   */
  static void checkIssuerIndependentProperties(TrustDomain td, Cert cert,
      EndEntityOrCA role, long time, KeyUsage requiredKeyUsage, KeyPurposeId requiredEku,
      CertPolicy requiredPolicy, int subCaCount) throws PkixException {
    TrustLevel trust = td.getCertTrust(role, requiredPolicy, cert);
    notBefore(cert); // the validity must parse before anything else is looked at
    if (trust == TrustLevel.TRUST_ANCHOR && role == EndEntityOrCA.MUST_BE_END_ENTITY
        && requiredEku == KeyPurposeId.ID_KP_OCSP_SIGNING) {
      trust = TrustLevel.INHERITS_TRUST;
    }
    checkIssuerIndependentProperties(td, cert, role, trust, time, requiredKeyUsage, requiredEku,
        requiredPolicy, subCaCount);
  }

  /**
   * Everything about {@code cert} that does not depend on its issuer, after the trust domain has
   * said {@code trust}. Throws the first failing check's code.
   *
   * @param trust the trust level from {@link TrustDomain#getCertTrust}; already adjusted by the
   *     caller for OCSP signers (an anchor checked as an OCSP signer is treated as inheriting)
   */
  static void checkIssuerIndependentProperties(TrustDomain td, Cert cert, EndEntityOrCA role,
      TrustLevel trust, long time, KeyUsage requiredKeyUsage, KeyPurposeId requiredEku,
      CertPolicy requiredPolicy, int subCaCount) throws PkixException {
    // Validity is parsed early (for policies that depend on notBefore) but checked last, so
    // that a more specific error wins over the time.
    long notBefore = notBefore(cert);
    long notAfter = cert.notAfterMemo;

    switch (trust) {
      case INHERITS_TRUST:
        checkSignatureAlgorithm(td, cert, role, notBefore);
        break;
      case TRUST_ANCHOR:
        // An anchor's own signature is never used, and may use an algorithm we don't support.
        break;
      case ACTIVELY_DISTRUSTED:
      default:
        throw new PkixException(Result.SEC_ERROR_UNTRUSTED_CERT);
    }

    // §4.1.2.7: checked early because it is selective (weak keys, unsupported curves).
    checkSubjectPublicKeyInfo(td, cert, role);

    // §4.1.2.4: the issuer must be a non-empty DN.
    checkIssuer(cert);

    // §4.2.1.1 and §4.2.1.2 (AKI, SKI) are not used.

    // §4.2.1.3
    checkKeyUsage(role, cert, requiredKeyUsage);

    // §4.2.1.4
    checkCertificatePolicies(role, cert.certificatePolicies(), cert.inhibitAnyPolicy(), trust,
        requiredPolicy);

    // §4.2.1.9
    checkBasicConstraints(role, cert, trust, subCaCount);

    // §4.2.1.10 name constraints: during path building. §4.2.1.12:
    checkExtendedKeyUsage(role, cert, requiredEku);

    // §4.1.2.5, last, for error ranking.
    checkValidity(time, notBefore, notAfter);
    td.checkValidityIsAcceptable(notBefore, notAfter, role, requiredEku);
  }

  // ---- §4.1.2.5 Validity ----

  /**
   * Parses the validity once per certificate (mozilla::pkix {@code ParseValidity}, memoized in
   * the certificate); returns notBefore and leaves notAfter in {@code Cert.notAfterMemo}. Any malformation, a time before 1970, or notBefore after
   * notAfter is {@link Result#SEC_ERROR_INVALID_TIME} (ERROR_INVALID_DER_TIME).
   */
  static long notBefore(Cert cert) throws PkixException {
    int state = cert.validityState;
    if (state == 0) {
      try {
        DerReader r = cert.validity().reader();
        long nb = r.readTime();
        long na = r.readTime();
        r.end();
        if (nb > na) {
          throw new PkixException(Result.SEC_ERROR_INVALID_TIME);
        }
        cert.notBeforeMemo = nb;
        cert.notAfterMemo = na;
        state = 1;
      } catch (PkixException e) {
        state = 2;
      }
      cert.validityState = state;
    }
    if (state == 2) {
      throw new PkixException(Result.SEC_ERROR_INVALID_TIME);
    }
    return cert.notBeforeMemo;
  }

  static void checkValidity(long time, long notBefore, long notAfter) throws PkixException {
    if (time < notBefore) {
      throw new PkixException(Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE);
    }
    if (time > notAfter) {
      throw new PkixException(Result.SEC_ERROR_EXPIRED_CERTIFICATE);
    }
  }

  // ---- §4.1.1.2 signatureAlgorithm, §4.1.2.3 signature ----

  static void checkSignatureAlgorithm(TrustDomain td, Cert cert, EndEntityOrCA role,
      long notBefore) throws PkixException {
    SignatureAlgorithm outer = cert.signatureAlgorithm();
    SignatureAlgorithm inner = cert.tbsSignatureAlgorithm();
    // The two must name the same algorithm, but may be encoded differently (NULL vs absent
    // parameters, the two RSA-with-SHA-1 OIDs), so parsed values are compared.
    if (outer != inner) {
      throw new PkixException(Result.MOZILLA_PKIX_ERROR_SIGNATURE_ALGORITHM_MISMATCH);
    }
    // Ask the policy early, so that path building never starts from a certificate it would
    // reject on its digest or RSA size alone.
    td.checkSignatureDigestAlgorithm(outer.digestAlgorithm(), role, notBefore);
    if (outer.publicKeyAlgorithm() != PublicKeyAlgorithm.ECDSA) {
      // A PKCS#1 signature is as long as the signer's modulus (I2OSP pads it).
      td.checkRsaPublicKeyModulusSizeInBits(role, cert.signature().len() * 8);
    }
  }

  // ---- §4.1.2.7 Subject Public Key Info ----

  private static final byte[] RSA_ENCRYPTION =
      {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1};
  private static final byte[] ID_EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1};
  private static final byte[] SECP256R1 = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 3, 1, 7};
  private static final byte[] SECP384R1 = {0x2b, (byte) 0x81, 0x04, 0x00, 0x22};
  private static final byte[] SECP521R1 = {0x2b, (byte) 0x81, 0x04, 0x00, 0x23};

  /**
   * Syntax and basic semantics of the key: the kinds of bad input most likely to trip the
   * cryptographic code. The arithmetic validity of an EC point is checked when the key is used.
   */
  static void checkSubjectPublicKeyInfo(TrustDomain td, Cert cert, EndEntityOrCA role)
      throws PkixException {
    long facts = cert.spkiFacts;
    if (facts == 0) {
      facts = spkiFacts(cert.subjectPublicKeyInfo());
      cert.spkiFacts = facts;
    }
    int before = (int) (facts >>> SPKI_BEFORE_SHIFT) & SPKI_RESULT_MASK;
    if (before != 0) {
      throw new PkixException(RESULTS[before - 1]);
    }
    int kind = (int) (facts >>> SPKI_KIND_SHIFT) & 3;
    if (kind == SPKI_EC) {
      td.checkEcdsaCurveIsAcceptable(role, CURVES[(int) (facts >>> SPKI_CURVE_SHIFT) & 3]);
    } else {
      td.checkRsaPublicKeyModulusSizeInBits(role, (int) facts * 8);
    }
    int after = (int) (facts >>> SPKI_AFTER_SHIFT) & SPKI_RESULT_MASK;
    if (after != 0) {
      throw new PkixException(RESULTS[after - 1]);
    }
  }

  private static final Result[] RESULTS = Result.values();
  private static final NamedCurve[] CURVES = NamedCurve.values();
  private static final int SPKI_KIND_SHIFT = 32;
  private static final int SPKI_CURVE_SHIFT = 34;
  private static final int SPKI_BEFORE_SHIFT = 36;
  private static final int SPKI_AFTER_SHIFT = 48;
  private static final int SPKI_RESULT_MASK = 0xfff;
  private static final int SPKI_EC = 1;
  private static final int SPKI_RSA = 2;

  /**
   * What {@link #checkSubjectPublicKeyInfo} needs of a key, parsed once per certificate and
   * packed into a long (never 0): the key kind (EC or RSA, bits 32-33), the curve (34-35) or the
   * modulus length in bytes (bits 0-31), the error found before the trust domain's key check
   * (bits 36-47, {@link Result} ordinal + 1, 0 for none; the trust domain is then not asked) and
   * the error found after it (bits 48-59). The trust domain's own checks are never memoized:
   * they depend on the role and on the build (RSA minimum).
   */
  private static long spkiFacts(Input spki) {
    long kindAndSize = 0; // bits 0-35 once the trust domain's check is due
    try {
      DerReader outer = spki.reader();
      DerReader contents = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      DerReader algorithm = contents.expectNested(DerReader.SEQUENCE);
      Input subjectPublicKey = contents.readBitStringNoUnusedBits();
      contents.end();

      algorithm.expect(DerReader.OID);
      DerReader key = subjectPublicKey.reader();
      if (algorithm.valueEquals(ID_EC_PUBLIC_KEY)) {
        // Only the namedCurve form of the parameters.
        algorithm.expect(DerReader.OID);
        NamedCurve curve;
        int bits;
        if (algorithm.valueEquals(SECP256R1)) {
          curve = NamedCurve.SECP256R1;
          bits = 256;
        } else if (algorithm.valueEquals(SECP384R1)) {
          curve = NamedCurve.SECP384R1;
          bits = 384;
        } else if (algorithm.valueEquals(SECP521R1)) {
          curve = NamedCurve.SECP521R1;
          bits = 521;
        } else {
          throw new PkixException(Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE);
        }
        // Here the trust domain checks the curve.
        kindAndSize = ((long) SPKI_EC << SPKI_KIND_SHIFT)
            | ((long) curve.ordinal() << SPKI_CURVE_SHIFT);
        // RFC 5480 §2.2: 0x04 = uncompressed, the only form supported.
        if (key.readByte() != 0x04) {
          throw new PkixException(Result.SEC_ERROR_UNSUPPORTED_EC_POINT_FORM);
        }
        Input point = key.skipToEnd();
        if (point.len() != ((bits + 7) / 8) * 2) {
          throw new PkixException(Result.SEC_ERROR_BAD_DER);
        }
      } else if (algorithm.valueEquals(RSA_ENCRYPTION)) {
        // RFC 3279 §2.3.1: the parameters MUST be NULL.
        algorithm.readNull();
        DerReader rsaPublicKey = key.expectNested(DerReader.SEQUENCE);
        int modulusBytes = rsaPublicKey.readIntegralBytes(DerReader.INTEGER,
            DerReader.IntegerRule.POSITIVE);
        // Here the trust domain checks the modulus size.
        kindAndSize = ((long) SPKI_RSA << SPKI_KIND_SHIFT) | (modulusBytes & 0xffffffffL);
        rsaPublicKey.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.POSITIVE);
        rsaPublicKey.end();
      } else {
        throw new PkixException(Result.SEC_ERROR_UNSUPPORTED_KEYALG);
      }
      algorithm.end();
      key.end();
      return kindAndSize;
    } catch (PkixException e) {
      long code = e.result().ordinal() + 1L;
      return kindAndSize == 0
          ? code << SPKI_BEFORE_SHIFT
          : kindAndSize | (code << SPKI_AFTER_SHIFT);
    }
  }

  // ---- §4.1.2.4 Issuer ----

  static void checkIssuer(Cert cert) throws PkixException {
    int memo = cert.issuerCheckMemo;
    if (memo == 0) {
      memo = memoOf(issuerResult(cert.issuer()));
      cert.issuerCheckMemo = memo;
    }
    throwIfError(memo);
  }

  private static Result issuerResult(Input issuer) {
    try {
      DerReader r = issuer.reader();
      int len = r.expect(DerReader.SEQUENCE);
      r.end();
      return len == 0 ? Result.MOZILLA_PKIX_ERROR_EMPTY_ISSUER_NAME : Result.SUCCESS;
    } catch (PkixException e) {
      return e.result();
    }
  }

  /** A check's result as a memo field holds it: 0 = not computed, else the ordinal + 1. */
  private static int memoOf(Result r) {
    return r.ordinal() + 1;
  }

  private static void throwIfError(int memo) throws PkixException {
    Result r = RESULTS[memo - 1];
    if (r != Result.SUCCESS) {
      throw new PkixException(r);
    }
  }

  // ---- §4.2.1.3 Key Usage ----

  static void checkKeyUsage(EndEntityOrCA role, Cert cert, KeyUsage required)
      throws PkixException {
    Input keyUsage = cert.keyUsage();
    if (keyUsage == null) {
      return; // absent: any usage
    }
    // Every failure is INADEQUATE_KEY_USAGE, so the order of the tests below does not matter.
    int memo = cert.keyUsageMemo;
    if (memo == 0) {
      memo = keyUsageFacts(keyUsage);
      cert.keyUsageMemo = memo;
    }
    if (memo == KEY_USAGE_MALFORMED) {
      throw inadequateKeyUsage();
    }
    int bits = memo & 0xff; // the first byte of the bit mask
    if (required != KeyUsage.NO_PARTICULAR_KEY_USAGE_REQUIRED
        && (bits & (0x80 >>> required.bit())) == 0) {
      throw inadequateKeyUsage();
    }
    // keyCertSign may be claimed by an end-entity (compatibility) but only a CA may use it.
    if (required == KeyUsage.KEY_CERT_SIGN && role != EndEntityOrCA.MUST_BE_CA) {
      throw inadequateKeyUsage();
    }
  }

  private static final int KEY_USAGE_MALFORMED = 1;

  /**
   * The keyUsage extension's first byte of bits, or'ed with 0x100, or {@link
   * #KEY_USAGE_MALFORMED} (a padding over 7, an empty mask, non-zero padding bits, bad DER).
   */
  private static int keyUsageFacts(Input keyUsage) {
    try {
      DerReader outer = keyUsage.reader();
      DerReader value = outer.expectNested(DerReader.BIT_STRING);
      outer.end();
      int padding = value.readByte();
      if (padding > 7) {
        return KEY_USAGE_MALFORMED;
      }
      int first = value.readByte(); // an empty bit mask is refused
      int bits = first;
      while (!value.atEnd()) {
        bits = value.readByte();
      }
      // DER: the padding bits of the last byte must be zero.
      if ((bits & ((1 << padding) - 1)) != 0) {
        return KEY_USAGE_MALFORMED;
      }
      return 0x100 | (first & 0xff);
    } catch (PkixException e) {
      return KEY_USAGE_MALFORMED;
    }
  }

  private static PkixException inadequateKeyUsage() {
    return new PkixException(Result.SEC_ERROR_INADEQUATE_KEY_USAGE);
  }

  // ---- §4.2.1.4 Certificate Policies ----

  private static final byte[] ANY_POLICY = {0x55, 0x1d, 0x20, 0x00};

  static void checkCertificatePolicies(EndEntityOrCA role, Input policies,
      Input inhibitAnyPolicy, TrustLevel trust, CertPolicy required) throws PkixException {
    if (required.isAnyPolicy()) {
      return; // domain validation: nothing to check
    }
    // inhibitAnyPolicy is not implemented: fail closed when validating for a policy.
    if (inhibitAnyPolicy != null) {
      throw new PkixException(Result.SEC_ERROR_POLICY_VALIDATION_FAILED);
    }
    // A root may omit the policies it is trusted for; the trust domain decides that.
    boolean found = trust == TrustLevel.TRUST_ANCHOR && role == EndEntityOrCA.MUST_BE_CA;
    if (policies != null) {
      DerReader extension = policies.reader();
      DerReader list;
      try {
        list = extension.expectNested(DerReader.SEQUENCE);
        extension.end();
      } catch (PkixException e) {
        throw new PkixException(Result.SEC_ERROR_POLICY_VALIDATION_FAILED);
      }
      do {
        DerReader policyInformation;
        try {
          policyInformation = list.expectNested(DerReader.SEQUENCE);
        } catch (PkixException e) {
          throw new PkixException(Result.SEC_ERROR_POLICY_VALIDATION_FAILED);
        }
        policyInformation.expect(DerReader.OID); // a bad OID TLV is BAD_DER, as in mozpkix
        if (policyInformation.valueEquals(required.oid())
            || (role == EndEntityOrCA.MUST_BE_CA && policyInformation.valueEquals(ANY_POLICY))) {
          found = true;
        }
        // Qualifiers are ignored (§4.2.1.4 says they do not change the policy's meaning).
      } while (!found && !list.atEnd());
    }
    if (!found) {
      throw new PkixException(Result.SEC_ERROR_POLICY_VALIDATION_FAILED);
    }
  }

  // ---- §4.2.1.9 Basic Constraints ----

  static void checkBasicConstraints(EndEntityOrCA role, Cert cert, TrustLevel trust,
      int subCaCount) throws PkixException {
    boolean isCa = false;
    int pathLen = -1; // unlimited
    Input basicConstraints = cert.basicConstraints();
    int version = cert.version();
    if (basicConstraints != null) {
      int memo = cert.basicConstraintsMemo;
      if (memo == 0) {
        memo = basicConstraintsFacts(basicConstraints);
        cert.basicConstraintsMemo = memo;
      }
      if (memo == BASIC_CONSTRAINTS_INVALID) {
        throw new PkixException(Result.SEC_ERROR_EXTENSION_VALUE_INVALID);
      }
      isCa = (memo & 2) != 0;
      pathLen = (memo >>> 2) - 1;
    } else if (role == EndEntityOrCA.MUST_BE_CA && version == Cert.V1) {
      // A v1 certificate has no extensions: accepted as a CA only as a trust anchor; other v1
      // CAs get their own (overridable) code.
      if (trust == TrustLevel.TRUST_ANCHOR) {
        isCa = true;
      } else {
        throw new PkixException(Result.MOZILLA_PKIX_ERROR_V1_CERT_USED_AS_CA);
      }
    }

    if (role == EndEntityOrCA.MUST_BE_END_ENTITY) {
      if (isCa) {
        throw new PkixException(Result.MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY);
      }
      return;
    }
    if (!isCa) {
      throw new PkixException(Result.SEC_ERROR_CA_CERT_INVALID);
    }
    // Applies to trust anchors too.
    if (pathLen >= 0 && subCaCount > pathLen) {
      throw new PkixException(Result.SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID);
    }
  }

  private static final int BASIC_CONSTRAINTS_INVALID = -1;

  /**
   * The basicConstraints extension as {@code 4 * (pathLen + 1) | 2 * cA | 1} (pathLen -1 when
   * absent), or {@link #BASIC_CONSTRAINTS_INVALID}.
   */
  private static int basicConstraintsFacts(Input basicConstraints) {
    try {
      DerReader outer = basicConstraints.reader();
      DerReader seq = outer.expectNested(DerReader.SEQUENCE);
      boolean isCa = seq.readOptionalBoolean();
      int pathLen = -1;
      // pathLen with cA false is tolerated (compatibility), as in mozilla::pkix.
      if (seq.peek(DerReader.INTEGER)) {
        pathLen = seq.readSmallInteger(DerReader.INTEGER);
      }
      seq.end();
      outer.end();
      return ((pathLen + 1) << 2) | (isCa ? 2 : 0) | 1;
    } catch (PkixException e) {
      return BASIC_CONSTRAINTS_INVALID;
    }
  }

  // ---- §4.2.1.12 Extended Key Usage ----


  static void checkExtendedKeyUsage(EndEntityOrCA role, Cert cert, KeyPurposeId required)
      throws PkixException {
    boolean foundOcspSigning = false;
    Input eku = cert.extKeyUsage();
    if (eku != null) {
      int memo = cert.extKeyUsageMemo;
      if (memo == 0) {
        memo = extKeyUsageFacts(eku);
        cert.extKeyUsageMemo = memo;
      }
      if (memo == EKU_MALFORMED) {
        throw new PkixException(Result.SEC_ERROR_INADEQUATE_CERT_TYPE);
      }
      // anyExtendedKeyUsage in the certificate is NOT a wildcard; only a caller asking for
      // "any" is satisfied by any list.
      boolean found = required == KeyPurposeId.ANY_EXTENDED_KEY_USAGE
          || (memo & (2 << required.ordinal())) != 0;
      foundOcspSigning = (memo & (2 << KeyPurposeId.ID_KP_OCSP_SIGNING.ordinal())) != 0;
      if (!found) {
        throw new PkixException(Result.SEC_ERROR_INADEQUATE_CERT_TYPE);
      }
    }
    if (role == EndEntityOrCA.MUST_BE_END_ENTITY) {
      // An end-entity claiming OCSP signing could sign responses about itself: refuse it for
      // anything else. CAs with id-kp-OCSPSigning are tolerated (deployed in the wild).
      if (foundOcspSigning && required != KeyPurposeId.ID_KP_OCSP_SIGNING) {
        throw new PkixException(Result.SEC_ERROR_INADEQUATE_CERT_TYPE);
      }
      // RFC 6960 §4.2.2.2: a delegated responder must say so explicitly.
      if (!foundOcspSigning && required == KeyPurposeId.ID_KP_OCSP_SIGNING) {
        throw new PkixException(Result.SEC_ERROR_INADEQUATE_CERT_TYPE);
      }
    }
  }

  private static final int EKU_MALFORMED = -1;
  private static final KeyPurposeId[] PURPOSES = KeyPurposeId.values();

  /**
   * The extendedKeyUsage extension as a set: bit {@code 1 + ordinal} for each {@link
   * KeyPurposeId} (with an OID) listed, bit 0 always set (never 0); or {@link #EKU_MALFORMED} (bad DER,
   * an empty list, a non-OID element).
   */
  private static int extKeyUsageFacts(Input eku) {
    try {
      DerReader outer = eku.reader();
      DerReader list = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      if (list.atEnd()) {
        return EKU_MALFORMED; // SIZE (1..MAX)
      }
      int set = 1;
      do {
        list.expect(DerReader.OID);
        for (KeyPurposeId p : PURPOSES) {
          if (p.oid() != null && list.valueEquals(p.oid())) {
            set |= 2 << p.ordinal();
          }
        }
      } while (!list.atEnd());
      return set;
    } catch (PkixException e) {
      return EKU_MALFORMED;
    }
  }

  // ---- RFC 7633 TLS feature (must-staple) ----

  /** The issuer's TLS features must appear, byte for byte, in the subject (pkixcheck). */
  static void checkTlsFeatures(Cert subject, Cert potentialIssuer) throws PkixException {
    Input issuerFeatures = potentialIssuer.requiredTlsFeatures();
    if (issuerFeatures == null) {
      return;
    }
    Input subjectFeatures = subject.requiredTlsFeatures();
    if (issuerFeatures.isEmpty() || subjectFeatures == null
        || !issuerFeatures.contentEquals(subjectFeatures)) {
      throw new PkixException(Result.MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING);
    }
  }

  /**
   * The end-entity's TLS features are satisfied: each must be status_request (5), and a stapled
   * OCSP response must have been given (pkixcheck {@code TLSFeaturesSatisfiedInternal}).
   */
  static void checkTlsFeaturesSatisfied(Input features, boolean haveStapledResponse)
      throws PkixException {
    if (features == null) {
      return;
    }
    DerReader outer = features.reader();
    DerReader list = outer.expectNested(DerReader.SEQUENCE);
    if (list.atEnd()) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER);
    }
    do {
      list.expect(DerReader.INTEGER);
      if (list.valueLen() != 1 || unsafeGetData(list)[list.valueOff()] != 5 || !haveStapledResponse) {
        throw new PkixException(Result.MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING);
      }
    } while (!list.atEnd());
    outer.end();
  }

  /** The engine as the {@code names} and {@code ocsp} packages see it; installed by {@link Cert}. */
  static final class Access extends EngineAccess {
    @Override
    public long notBefore(Cert cert) throws PkixException {
      return Checks.notBefore(cert);
    }

    @Override
    public void checkIssuerIndependentProperties(TrustDomain td, Cert cert, EndEntityOrCA role,
        long time, KeyUsage requiredKeyUsage, KeyPurposeId requiredEku, CertPolicy requiredPolicy,
        int subCaCount) throws PkixException {
      Checks.checkIssuerIndependentProperties(td, cert, role, time, requiredKeyUsage, requiredEku,
          requiredPolicy, subCaCount);
    }
  }
}
