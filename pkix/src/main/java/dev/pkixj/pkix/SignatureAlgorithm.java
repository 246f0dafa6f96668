package dev.pkixj.pkix;

import dev.pkixj.pkix.der.DerReader;

/**
 * The signature algorithms mozilla::pkix knows (pkixder {@code SignatureAlgorithmIdentifierValue}):
 * RSA PKCS#1 v1.5 and ECDSA with SHA-1/256/384/512, and RSA-PSS with exactly the three CA/B Forum
 * parameter sets. Anything else is {@link Result#SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED}.
 */
public enum SignatureAlgorithm {
  RSA_PKCS1_SHA1(PublicKeyAlgorithm.RSA_PKCS1, DigestAlgorithm.SHA1),
  RSA_PKCS1_SHA256(PublicKeyAlgorithm.RSA_PKCS1, DigestAlgorithm.SHA256),
  RSA_PKCS1_SHA384(PublicKeyAlgorithm.RSA_PKCS1, DigestAlgorithm.SHA384),
  RSA_PKCS1_SHA512(PublicKeyAlgorithm.RSA_PKCS1, DigestAlgorithm.SHA512),
  ECDSA_SHA1(PublicKeyAlgorithm.ECDSA, DigestAlgorithm.SHA1),
  ECDSA_SHA256(PublicKeyAlgorithm.ECDSA, DigestAlgorithm.SHA256),
  ECDSA_SHA384(PublicKeyAlgorithm.ECDSA, DigestAlgorithm.SHA384),
  ECDSA_SHA512(PublicKeyAlgorithm.ECDSA, DigestAlgorithm.SHA512),
  RSA_PSS_SHA256(PublicKeyAlgorithm.RSA_PSS, DigestAlgorithm.SHA256),
  RSA_PSS_SHA384(PublicKeyAlgorithm.RSA_PSS, DigestAlgorithm.SHA384),
  RSA_PSS_SHA512(PublicKeyAlgorithm.RSA_PSS, DigestAlgorithm.SHA512);

  public enum PublicKeyAlgorithm { RSA_PKCS1, RSA_PSS, ECDSA }

  public enum DigestAlgorithm {
    SHA1("SHA-1", 20), SHA256("SHA-256", 32), SHA384("SHA-384", 48), SHA512("SHA-512", 64);

    private final String jcaName;
    private final int length;

    DigestAlgorithm(String jcaName, int length) {
      this.jcaName = jcaName;
      this.length = length;
    }

    public String jcaName() { return jcaName; }

    public int length() { return length; }
  }

  private final PublicKeyAlgorithm publicKeyAlgorithm;
  private final DigestAlgorithm digestAlgorithm;

  SignatureAlgorithm(PublicKeyAlgorithm pk, DigestAlgorithm digest) {
    this.publicKeyAlgorithm = pk;
    this.digestAlgorithm = digest;
  }

  public PublicKeyAlgorithm publicKeyAlgorithm() { return publicKeyAlgorithm; }

  public DigestAlgorithm digestAlgorithm() { return digestAlgorithm; }

  // OID value bytes.
  private static final byte[] SHA256_RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 0x0b};
  private static final byte[] SHA384_RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 0x0c};
  private static final byte[] SHA512_RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 0x0d};
  private static final byte[] SHA1_RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 0x05};
  /** OIW sha1WithRSASignature 1.3.14.3.2.29, accepted for compatibility. */
  private static final byte[] SHA1_RSA_OIW = {0x2b, 0x0e, 0x03, 0x02, 0x1d};
  private static final byte[] RSA_PSS = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 0x0a};
  private static final byte[] ECDSA_SHA256_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 4, 3, 2};
  private static final byte[] ECDSA_SHA384_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 4, 3, 3};
  private static final byte[] ECDSA_SHA512_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 4, 3, 4};
  private static final byte[] ECDSA_SHA1_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 4, 1};

  private static byte[] pssParams(int hashOidLast, int salt) {
    return new byte[] {
      0x30, 0x34, (byte) 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01,
      0x65, 0x03, 0x04, 0x02, (byte) hashOidLast, 0x05, 0x00, (byte) 0xa1, 0x1c, 0x30, 0x1a, 0x06,
      0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d,
      0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, (byte) hashOidLast, 0x05,
      0x00, (byte) 0xa2, 0x03, 0x02, 0x01, (byte) salt
    };
  }

  private static final byte[] PSS_SHA256 = pssParams(1, 0x20);
  private static final byte[] PSS_SHA384 = pssParams(2, 0x30);
  private static final byte[] PSS_SHA512 = pssParams(3, 0x40);

  /**
   * Parses the contents (inside the SEQUENCE) of an AlgorithmIdentifier, consuming all of
   * {@code r}. Unknown algorithms or PSS parameters → CERT_SIGNATURE_ALGORITHM_DISABLED; for the
   * non-PSS algorithms parameters must be NULL or absent, else BAD_DER.
   */
  public static SignatureAlgorithm parse(DerReader r) throws PkixException {
    r.expect(DerReader.OID);
    SignatureAlgorithm alg;
    if (r.valueEquals(SHA256_RSA)) {
      alg = RSA_PKCS1_SHA256;
    } else if (r.valueEquals(ECDSA_SHA256_OID)) {
      alg = ECDSA_SHA256;
    } else if (r.valueEquals(SHA1_RSA)) {
      alg = RSA_PKCS1_SHA1;
    } else if (r.valueEquals(ECDSA_SHA1_OID)) {
      alg = ECDSA_SHA1;
    } else if (r.valueEquals(ECDSA_SHA384_OID)) {
      alg = ECDSA_SHA384;
    } else if (r.valueEquals(ECDSA_SHA512_OID)) {
      alg = ECDSA_SHA512;
    } else if (r.valueEquals(SHA384_RSA)) {
      alg = RSA_PKCS1_SHA384;
    } else if (r.valueEquals(SHA512_RSA)) {
      alg = RSA_PKCS1_SHA512;
    } else if (r.valueEquals(SHA1_RSA_OIW)) {
      alg = RSA_PKCS1_SHA1;
    } else if (r.valueEquals(RSA_PSS)) {
      if (r.matchRest(PSS_SHA256)) {
        return RSA_PSS_SHA256;
      } else if (r.matchRest(PSS_SHA384)) {
        return RSA_PSS_SHA384;
      } else if (r.matchRest(PSS_SHA512)) {
        return RSA_PSS_SHA512;
      }
      throw new PkixException(Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED);
    } else {
      throw new PkixException(Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED);
    }
    if (r.peek(DerReader.NULL)) {
      r.readNull();
    }
    r.end();
    return alg;
  }
}
