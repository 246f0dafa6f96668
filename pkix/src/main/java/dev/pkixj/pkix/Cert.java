package dev.pkixj.pkix;

import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.internal.EngineAccess;
import dev.pkixj.pkix.sig.SignatureVerifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A parsed certificate: raw slices of its DER, never copies (mozilla::pkix {@code BackCert}).
 * Parsing is structural only, exactly as {@code BackCert::Init}: the fields are located, the
 * serial number and version are checked, and the extensions mozilla::pkix understands are
 * remembered (an empty or duplicated one is {@link Result#SEC_ERROR_EXTENSION_VALUE_INVALID}, an
 * unknown critical one {@link Result#SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION}). Everything else is
 * checked later, in error-priority order, by path building ({@link Pkix#buildCertChain}).
 *
 * <p>Instances are immutable apart from benign memo fields and may be shared by all threads; get
 * them from {@link #of(byte[])} so that each distinct certificate is parsed once.
 */
public final class Cert {
  /** Version as encoded: 0 = v1, 1 = v2, 2 = v3, 3 = v4. */
  public static final int V1 = 0;
  public static final int V3 = 2;

  private final byte[] der;
  private final Input signedData;       // TBSCertificate TLV
  private final Input signatureAlgorithm; // outer AlgorithmIdentifier contents
  private final Input signature;        // signatureValue bits
  private final int version;
  private final Input serialNumber;     // INTEGER contents
  private final Input tbsSignature;     // TBS AlgorithmIdentifier contents
  private final Input issuer;           // Name TLV
  private final Input validity;         // Validity contents
  private final Input subject;          // Name TLV
  private final Input subjectPublicKeyInfo; // SPKI TLV

  // Extensions (the extnValue OCTET STRING contents), null when absent.
  private Input keyUsage;
  private Input subjectAltName;
  private Input basicConstraints;
  private Input nameConstraints;
  private Input certificatePolicies;
  private Input extKeyUsage;
  private Input inhibitAnyPolicy;
  private Input authorityInfoAccess;
  private Input requiredTlsFeatures;
  private Input signedCertificateTimestamps;
  private Input criticalNetscapeCertificateType;
  private Input policyConstraints;
  private Input ocspNoCheck;

  // Benign-race memos: each is computed from immutable data, and a racing thread computes the
  // same value, so plain fields published through final-field-free references are fine for
  // immutable arrays/objects assigned whole.
  private volatile byte[] sha256;
  private volatile String sha256Hex;
  /** The issuer SPKIs (DER) whose key verified this certificate's signature. */
  private volatile Input verifiedBy1;
  private volatile Input verifiedBy2;
  private volatile SignatureAlgorithm parsedSignatureAlgorithm;
  /** Self-signature memo: 0 = not checked, 1 = verifies with its own key, 2 = does not. */
  volatile int selfSignatureState;
  /** Validity memo for {@code Checks.notBefore}: 0 = not parsed, 1 = valid, 2 = invalid. */
  volatile int validityState;
  long notBeforeMemo;
  long notAfterMemo;
  /**
   * Memos of {@code Checks}' parse of this certificate's own fields (0 = not computed yet), so
   * that a known certificate is checked without parsing again; what depends on the build (the
   * role, the required usages, the trust domain's policy) is still decided on every call. Each
   * is written once with a value computed from immutable data (a race recomputes the same value);
   * the long is volatile so that its write is atomic.
   */
  volatile long spkiFacts;
  int issuerCheckMemo;
  int keyUsageMemo;
  int basicConstraintsMemo;
  int extKeyUsageMemo;
  private volatile SignatureAlgorithm parsedTbsSignatureAlgorithm;
  private volatile Result tbsSignatureAlgorithmError;

  private static final byte[] ID_CE_KEY_USAGE = {0x55, 0x1d, 0x0f};
  private static final byte[] ID_CE_SUBJECT_ALT_NAME = {0x55, 0x1d, 0x11};
  private static final byte[] ID_CE_BASIC_CONSTRAINTS = {0x55, 0x1d, 0x13};
  private static final byte[] ID_CE_NAME_CONSTRAINTS = {0x55, 0x1d, 0x1e};
  private static final byte[] ID_CE_CERTIFICATE_POLICIES = {0x55, 0x1d, 0x20};
  private static final byte[] ID_CE_POLICY_CONSTRAINTS = {0x55, 0x1d, 0x24};
  private static final byte[] ID_CE_EXT_KEY_USAGE = {0x55, 0x1d, 0x25};
  private static final byte[] ID_CE_INHIBIT_ANY_POLICY = {0x55, 0x1d, 0x36};
  private static final byte[] ID_PE_AUTHORITY_INFO_ACCESS = {0x2b, 6, 1, 5, 5, 7, 1, 1};
  private static final byte[] ID_PKIX_OCSP_NOCHECK = {0x2b, 6, 1, 5, 5, 7, 0x30, 1, 5};
  private static final byte[] NETSCAPE_CERT_TYPE =
      {0x60, (byte) 0x86, 0x48, 1, (byte) 0x86, (byte) 0xf8, 0x42, 1, 1};
  private static final byte[] ID_PE_TLS_FEATURE = {0x2b, 6, 1, 5, 5, 7, 1, 0x18};
  private static final byte[] ID_EMBEDDED_SCT_LIST =
      {0x2b, 6, 1, 4, 1, (byte) 0xd6, 0x79, 2, 4, 2};

  private static final int CSC = DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED;

  static {
    // Every user of the engine holds a Cert, so the engine is installed before it is needed.
    EngineAccess.install(new Checks.Access());
  }

  /**
   * Parses {@code der}, which must be exactly one Certificate. The array is kept, not copied: the
   * caller must not change it afterwards.
   *
   * @throws PkixException BAD_DER (structure), BAD_SIGNATURE (signatureValue not a BIT STRING
   *     with no unused bits), INVALID_INTEGER_ENCODING (serial), EXTENSION_VALUE_INVALID,
   *     UNKNOWN_CRITICAL_EXTENSION
   */
  public static Cert parse(byte[] der) throws PkixException {
    return new Cert(der);
  }

  /**
   * The parsed view of {@code der} from the process-wide cache of parsed certificates: a
   * certificate seen again (an intermediate in every chain, a re-captured leaf) is parsed once
   * and keeps what was learnt about it, such as which issuer keys verified its signature. The
   * cache is bounded (65,536 entries by default; the system property
   * {@code pkixj.certCache.slots} sets another size) and may keep the array: the caller must not
   * change it afterwards. A certificate that does not parse is not cached.
   *
   * @throws PkixException the parse error, as {@link #parse(byte[])}
   */
  public static Cert of(byte[] der) throws PkixException {
    return CertCache.shared().get(der);
  }

  private Cert(byte[] der) throws PkixException {
    this.der = der;
    DerReader outer = new DerReader(der, 0, der.length);
    DerReader certificate = outer.expectNested(DerReader.SEQUENCE);
    outer.end();

    // SignedData: tbs SEQUENCE, AlgorithmIdentifier, BIT STRING.
    certificate.expect(DerReader.SEQUENCE);
    signedData = certificate.tlv();
    DerReader tbs = certificate.valueReader();
    signatureAlgorithm = certificate.expectValue(DerReader.SEQUENCE);
    try {
      signature = certificate.readBitStringNoUnusedBits();
    } catch (PkixException e) {
      if (e.result() == Result.SEC_ERROR_BAD_DER) {
        throw new PkixException(Result.SEC_ERROR_BAD_SIGNATURE);
      }
      throw e;
    }
    certificate.end();

    // TBSCertificate.
    version = readOptionalVersion(tbs);
    tbs.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.ANY);
    serialNumber = tbs.value();
    tbsSignature = tbs.expectValue(DerReader.SEQUENCE);
    issuer = tbs.expectTlv(DerReader.SEQUENCE);
    validity = tbs.expectValue(DerReader.SEQUENCE);
    subject = tbs.expectTlv(DerReader.SEQUENCE);
    subjectPublicKeyInfo = tbs.expectTlv(DerReader.SEQUENCE);

    // Fields that RFC 5280 forbids below v3 are parsed whatever the version, as mozilla::pkix
    // does for compatibility. Unique identifiers are skipped.
    tbs.skipOptional(DerReader.CONTEXT_SPECIFIC | 1);
    tbs.skipOptional(DerReader.CONTEXT_SPECIFIC | 2);
    if (tbs.peek(CSC | 3)) {
      DerReader tagged = tbs.expectNested(CSC | 3);
      DerReader extensions = tagged.expectNested(DerReader.SEQUENCE);
      tagged.end();
      // Extensions ::= SEQUENCE SIZE (1..MAX); an empty list is accepted (bug 997994).
      while (!extensions.atEnd()) {
        DerReader extension = extensions.expectNested(DerReader.SEQUENCE);
        extension.expect(DerReader.OID);
        int oidOff = extension.valueOff();
        int oidLen = extension.valueLen();
        boolean critical = extension.readOptionalBoolean();
        Input value = extension.expectValue(DerReader.OCTET_STRING);
        extension.end();
        rememberExtension(oidOff, oidLen, critical, value);
      }
    }
    // A critical Netscape certificate type is "understood" only next to the standard extensions
    // it duplicates (pkixcert.cpp).
    if (criticalNetscapeCertificateType != null
        && (basicConstraints == null || extKeyUsage == null)) {
      throw new PkixException(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION);
    }
    tbs.end();
  }

  private static int readOptionalVersion(DerReader tbs) throws PkixException {
    if (!tbs.peek(CSC)) {
      return V1;
    }
    DerReader v = tbs.expectNested(CSC);
    int value = v.readSmallInteger(DerReader.INTEGER);
    v.end();
    if (value > 3) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER);
    }
    return value; // an explicit v1 is accepted (bug 1031093)
  }

  private boolean oidIs(int off, int len, byte[] oid) {
    if (len != oid.length) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (der[off + i] != oid[i]) {
        return false;
      }
    }
    return true;
  }

  private void rememberExtension(int oidOff, int oidLen, boolean critical, Input value)
      throws PkixException {
    int which;
    if (oidIs(oidOff, oidLen, ID_CE_KEY_USAGE)) {
      which = 0;
    } else if (oidIs(oidOff, oidLen, ID_CE_SUBJECT_ALT_NAME)) {
      which = 1;
    } else if (oidIs(oidOff, oidLen, ID_CE_BASIC_CONSTRAINTS)) {
      which = 2;
    } else if (oidIs(oidOff, oidLen, ID_CE_NAME_CONSTRAINTS)) {
      which = 3;
    } else if (oidIs(oidOff, oidLen, ID_CE_CERTIFICATE_POLICIES)) {
      which = 4;
    } else if (oidIs(oidOff, oidLen, ID_CE_POLICY_CONSTRAINTS)) {
      // Ignored (mozilla::pkix enforces the maximal constraints anyway), but understood. Its
      // duplicates are not detected there either: it goes into a fresh dummy each time.
      if (value.isEmpty()) {
        throw new PkixException(Result.SEC_ERROR_EXTENSION_VALUE_INVALID);
      }
      policyConstraints = value;
      return;
    } else if (oidIs(oidOff, oidLen, ID_CE_EXT_KEY_USAGE)) {
      which = 5;
    } else if (oidIs(oidOff, oidLen, ID_CE_INHIBIT_ANY_POLICY)) {
      which = 6;
    } else if (oidIs(oidOff, oidLen, ID_PE_AUTHORITY_INFO_ACCESS)) {
      which = 7;
    } else if (oidIs(oidOff, oidLen, ID_PE_TLS_FEATURE)) {
      which = 8;
    } else if (oidIs(oidOff, oidLen, ID_EMBEDDED_SCT_LIST)) {
      which = 9;
    } else if (critical && oidIs(oidOff, oidLen, ID_PKIX_OCSP_NOCHECK)) {
      // Understood when critical, with an empty value allowed; duplicates are not detected.
      ocspNoCheck = value;
      return;
    } else if (critical && oidIs(oidOff, oidLen, NETSCAPE_CERT_TYPE)) {
      which = 10;
    } else {
      if (critical) {
        throw new PkixException(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION);
      }
      return; // unknown, non-critical: ignored (this includes AKI and SKI)
    }
    if (value.isEmpty()) {
      throw new PkixException(Result.SEC_ERROR_EXTENSION_VALUE_INVALID);
    }
    Input previous;
    switch (which) {
      case 0: previous = keyUsage; keyUsage = value; break;
      case 1: previous = subjectAltName; subjectAltName = value; break;
      case 2: previous = basicConstraints; basicConstraints = value; break;
      case 3: previous = nameConstraints; nameConstraints = value; break;
      case 4: previous = certificatePolicies; certificatePolicies = value; break;
      case 5: previous = extKeyUsage; extKeyUsage = value; break;
      case 6: previous = inhibitAnyPolicy; inhibitAnyPolicy = value; break;
      case 7: previous = authorityInfoAccess; authorityInfoAccess = value; break;
      case 8: previous = requiredTlsFeatures; requiredTlsFeatures = value; break;
      case 9: previous = signedCertificateTimestamps; signedCertificateTimestamps = value; break;
      default: previous = criticalNetscapeCertificateType; criticalNetscapeCertificateType = value;
    }
    if (previous != null) {
      throw new PkixException(Result.SEC_ERROR_EXTENSION_VALUE_INVALID); // duplicate
    }
  }

  /** The whole certificate (not a copy: do not modify). */
  public byte[] der() { return der; }

  /** The signed TBSCertificate, tag and length included. */
  public Input signedData() { return signedData; }

  /** Contents of the outer signatureAlgorithm (unparsed). */
  public Input signatureAlgorithmValue() { return signatureAlgorithm; }

  /** Contents of the TBSCertificate's signature AlgorithmIdentifier (unparsed). */
  public Input tbsSignatureAlgorithmValue() { return tbsSignature; }

  /** The signatureValue bits (the unused-bits octet removed). */
  public Input signature() { return signature; }

  /** 0 = v1, 1 = v2, 2 = v3, 3 = v4. */
  public int version() { return version; }

  /** The serialNumber INTEGER's contents (minimal two's complement; may be negative or zero). */
  public Input serialNumber() { return serialNumber; }

  /** The issuer Name, tag and length included. */
  public Input issuer() { return issuer; }

  /** The subject Name, tag and length included. */
  public Input subject() { return subject; }

  /** The Validity SEQUENCE's contents. */
  public Input validity() { return validity; }

  /** SubjectPublicKeyInfo, tag and length included. */
  public Input subjectPublicKeyInfo() { return subjectPublicKeyInfo; }

  public Input keyUsage() { return keyUsage; }

  public Input subjectAltName() { return subjectAltName; }

  public Input basicConstraints() { return basicConstraints; }

  public Input nameConstraints() { return nameConstraints; }

  public Input certificatePolicies() { return certificatePolicies; }

  public Input extKeyUsage() { return extKeyUsage; }

  public Input inhibitAnyPolicy() { return inhibitAnyPolicy; }

  public Input authorityInfoAccess() { return authorityInfoAccess; }

  /** The TLS feature (must-staple) extension, RFC 7633. */
  public Input requiredTlsFeatures() { return requiredTlsFeatures; }

  public Input signedCertificateTimestamps() { return signedCertificateTimestamps; }

  /**
   * A cheap hash of the DER (its length and last bytes, which lie in the signature), for hash
   * tables that confirm a hit by comparing the DER. Not a digest: never a proof of identity.
   */
  public int contentHash() {
    int h = contentHash;
    if (h == 0) {
      h = CertCache.hash(der); // a racy recomputation gives the same value
      contentHash = h;
    }
    return h;
  }

  /** {@link #contentHash()} once computed (0: not yet; a true 0 is just recomputed). */
  private int contentHash;

  /** True if the issuer and subject names are byte-for-byte equal. */
  public boolean isSelfIssued() { return issuer.contentEquals(subject); }

  /** SHA-256 of the DER (the certificate's fingerprint), computed once. */
  public byte[] sha256() {
    byte[] h = sha256;
    if (h == null) {
      h = sha256Of(der);
      sha256 = h;
    }
    return h;
  }

  /**
   * SHA-256 of the DER as 64 lowercase hex digits, computed once (a certificate that repeats,
   * such as an intermediate in every record of a batch, gives the same string every time).
   */
  public String sha256Hex() {
    String s = sha256Hex;
    if (s == null) {
      s = java.util.HexFormat.of().formatHex(sha256());
      sha256Hex = s;
    }
    return s;
  }

  /** The SHA-256 fingerprint as uppercase hex pairs joined by colons, as browsers show it. */
  public String fingerprintHex() {
    byte[] h = sha256();
    StringBuilder sb = new StringBuilder(h.length * 3);
    for (int i = 0; i < h.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Character.toUpperCase(Character.forDigit((h[i] >> 4) & 0xf, 16)))
          .append(Character.toUpperCase(Character.forDigit(h[i] & 0xf, 16)));
    }
    return sb.toString();
  }

  /** The outer signature algorithm, parsed once (throws as {@link SignatureAlgorithm#parse}). */
  public SignatureAlgorithm signatureAlgorithm() throws PkixException {
    SignatureAlgorithm a = parsedSignatureAlgorithm;
    if (a == null) {
      DerReader r = signatureAlgorithm.reader();
      a = SignatureAlgorithm.parse(r);
      parsedSignatureAlgorithm = a;
    }
    return a;
  }

  /**
   * The TBSCertificate's signature algorithm (the inner one), parsed once; throws as {@link
   * SignatureAlgorithm#parse} (the error remembered too).
   */
  SignatureAlgorithm tbsSignatureAlgorithm() throws PkixException {
    SignatureAlgorithm a = parsedTbsSignatureAlgorithm;
    if (a != null) {
      return a;
    }
    Result error = tbsSignatureAlgorithmError;
    if (error != null) {
      throw new PkixException(error);
    }
    try {
      a = SignatureAlgorithm.parse(tbsSignature.reader());
    } catch (PkixException e) {
      tbsSignatureAlgorithmError = e.result();
      throw e;
    }
    parsedTbsSignatureAlgorithm = a;
    return a;
  }

  /** True if this certificate's signature is known to verify with {@code issuerSpki}. */
  boolean wasVerifiedBy(Input issuerSpki) {
    Input v = verifiedBy1;
    if (v != null && v.contentEquals(issuerSpki)) {
      return true;
    }
    v = verifiedBy2;
    return v != null && v.contentEquals(issuerSpki);
  }

  /**
   * Verifies this certificate's signature with {@code issuerSpki} (VerifySignedData), through the
   * per-certificate signature memo: a key that verified it before answers at once, and a success
   * is remembered with a private copy of the key. The memo itself is not public, so nothing can
   * mark a signature verified without verifying it.
   */
  public Result verifySignedBy(Input issuerSpki) {
    if (wasVerifiedBy(issuerSpki)) {
      return Result.SUCCESS;
    }
    SignatureAlgorithm alg;
    try {
      alg = signatureAlgorithm();
    } catch (PkixException e) {
      return e.result();
    }
    Result r = SignatureVerifier.shared().verifySignedData(alg, signedData(), signature(),
        issuerSpki);
    if (r == Result.SUCCESS) {
      // The key slice may belong to the caller's array: keep a private copy.
      markVerifiedBy(Input.of(issuerSpki.toByteArray()));
    }
    return r;
  }

  /**
   * Records that the signature verified with {@code issuerSpki}: call only after a successful
   * verification of this certificate's signed data with that key. The caller passes a slice of an
   * immutable array (a certificate's or a response's), so holding it is safe.
   */
  void markVerifiedBy(Input issuerSpki) {
    if (verifiedBy1 == null) {
      verifiedBy1 = issuerSpki;
    } else {
      verifiedBy2 = issuerSpki;
    }
  }

  /**
   * One SHA-256 per thread: looking the algorithm up in the provider list on every call cost
   * about as much as hashing a leaf certificate.
   */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  });

  static byte[] sha256Of(byte[] data) {
    MessageDigest md = SHA256.get();
    md.reset();
    return md.digest(data);
  }
}
