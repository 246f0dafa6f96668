package dev.pkixj.pkix.sig;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;

/**
 * Parses a subjectPublicKeyInfo as mozilla::pkix's {@code CheckSubjectPublicKeyInfoContents}
 * (pkixcheck.cpp) does, then makes the key usable for verification.
 *
 * <pre>
 * SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
 * </pre>
 *
 * <ul>
 *   <li>rsaEncryption: parameters must be NULL; the key is {@code RSAPublicKey ::= SEQUENCE {
 *       modulus INTEGER, publicExponent INTEGER }}, both positive and minimally encoded.</li>
 *   <li>id-ecPublicKey: parameters must be a namedCurve OID (P-256, P-384, P-521; another OID is
 *       {@link Result#SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE}); the point must be uncompressed
 *       (else {@link Result#SEC_ERROR_UNSUPPORTED_EC_POINT_FORM}) with coordinates of exactly the
 *       field length (else BAD_DER), and — checked here once rather than at every verification —
 *       on the curve (else {@link Result#SEC_ERROR_INVALID_KEY}).</li>
 *   <li>any other algorithm (including id-RSASSA-PSS keys, which mozilla::pkix does not support):
 *       {@link Result#SEC_ERROR_UNSUPPORTED_KEYALG}.</li>
 * </ul>
 *
 * Malformed DER is {@link Result#SEC_ERROR_BAD_DER} (or {@link
 * Result#MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING} for a bad RSA INTEGER), as in mozilla::pkix.
 * Key-size policy (minimum RSA modulus, acceptable curves) is the TrustDomain's, not this class's.
 */
final class SpkiParser {
  // 1.2.840.113549.1.1.1
  static final byte[] RSA_ENCRYPTION = {
    0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01
  };
  // 1.2.840.10045.2.1
  static final byte[] ID_EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private static final int UNCOMPRESSED = 0x04;

  private SpkiParser() {}

  /** Never throws for any bytes: a key that cannot be used is an {@link ParsedKey.Unusable}. */
  static ParsedKey parse(byte[] buf, int off, int len) {
    try {
      return parseOrThrow(buf, off, len);
    } catch (PkixException e) {
      return new ParsedKey.Unusable(e.result());
    }
  }

  private static ParsedKey parseOrThrow(byte[] buf, int off, int len) throws PkixException {
    DerReader outer = new DerReader(buf, off, len);
    DerReader spki = outer.expectNested(DerReader.SEQUENCE);
    outer.end();
    DerReader algorithm = spki.expectNested(DerReader.SEQUENCE);
    Input subjectPublicKey = spki.readBitStringNoUnusedBits();
    spki.end();

    algorithm.expect(DerReader.OID);
    if (algorithm.valueEquals(ID_EC_PUBLIC_KEY)) {
      algorithm.expect(DerReader.OID);
      EcCurve curve = EcCurve.byOid(buf, algorithm.valueOff(), algorithm.valueLen());
      if (curve == null) {
        throw new PkixException(Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE);
      }
      algorithm.end();
      // RFC 5480 §2.2: 0x04 = uncompressed; 0x02/0x03 compressed; anything else must be refused.
      if (subjectPublicKey.isEmpty()) {
        throw new PkixException(Result.SEC_ERROR_BAD_DER);
      }
      if (subjectPublicKey.at(0) != UNCOMPRESSED) {
        throw new PkixException(Result.SEC_ERROR_UNSUPPORTED_EC_POINT_FORM);
      }
      if (subjectPublicKey.len() - 1 != 2 * curve.fieldBytes) {
        throw new PkixException(Result.SEC_ERROR_BAD_DER);
      }
      EcKey key = curve.importPoint(buf, subjectPublicKey.off() + 1);
      if (key == null) {
        throw new PkixException(Result.SEC_ERROR_INVALID_KEY);
      }
      return key;
    }
    if (algorithm.valueEquals(RSA_ENCRYPTION)) {
      DerReader keyReader = subjectPublicKey.reader();
      DerReader rsa = keyReader.expectNested(DerReader.SEQUENCE);
      keyReader.end();
      rsa.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.POSITIVE);
      int modOff = rsa.valueOff();
      int modLen = rsa.valueLen();
      rsa.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.POSITIVE);
      int expOff = rsa.valueOff();
      int expLen = rsa.valueLen();
      rsa.end();
      // RFC 3279 §2.3.1: the parameters field MUST be NULL.
      algorithm.readNull();
      algorithm.end();
      return new RsaKey(buf, modOff, modLen, expOff, expLen);
    }
    throw new PkixException(Result.SEC_ERROR_UNSUPPORTED_KEYALG);
  }
}
