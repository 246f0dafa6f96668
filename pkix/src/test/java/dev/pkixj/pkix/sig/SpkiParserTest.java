package dev.pkixj.pkix.sig;

import static dev.pkixj.pkix.sig.SigTestSupport.NULL;
import static dev.pkixj.pkix.sig.SigTestSupport.OID_EC;
import static dev.pkixj.pkix.sig.SigTestSupport.OID_P256;
import static dev.pkixj.pkix.sig.SigTestSupport.OID_RSA;
import static dev.pkixj.pkix.sig.SigTestSupport.bitString;
import static dev.pkixj.pkix.sig.SigTestSupport.concat;
import static dev.pkixj.pkix.sig.SigTestSupport.integer;
import static dev.pkixj.pkix.sig.SigTestSupport.integerRaw;
import static dev.pkixj.pkix.sig.SigTestSupport.oid;
import static dev.pkixj.pkix.sig.SigTestSupport.seq;
import static dev.pkixj.pkix.sig.SigTestSupport.tlv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpkiParserTest {
  private static final BigInteger F4 = BigInteger.valueOf(65537);

  private static Result parse(byte[] spki) {
    ParsedKey k = SpkiParser.parse(spki, 0, spki.length);
    return k instanceof ParsedKey.Unusable ? ((ParsedKey.Unusable) k).error : Result.SUCCESS;
  }

  private static BigInteger modulus() {
    return ((RSAPublicKey) SigTestSupport.rsa(2048).getPublic()).getModulus();
  }

  private static byte[] ecPoint() {
    return SigTestSupport.ecPoint(SigTestSupport.ec("secp256r1"), 32);
  }

  @Test
  void jdkEncodedKeysParse() {
    for (int bits : SigTestSupport.RSA_SIZES) {
      KeyPair kp = SigTestSupport.rsa(bits);
      assertTrue(SpkiParser.parse(kp.getPublic().getEncoded(), 0,
          kp.getPublic().getEncoded().length) instanceof RsaKey);
    }
    for (String curve : SigTestSupport.CURVES) {
      byte[] spki = SigTestSupport.ec(curve).getPublic().getEncoded();
      ParsedKey k = SpkiParser.parse(spki, 0, spki.length);
      assertTrue(k instanceof EcKey);
      assertEquals(SigTestSupport.ecCurve(curve), ((EcKey) k).curve);
    }
    assertEquals(Result.SUCCESS, parse(SigTestSupport.rsaSpki(modulus(), F4)));
  }

  @Test
  void rsaKeys() {
    BigInteger n = modulus();
    byte[] rsaKey = seq(integer(n), integer(F4));
    // The parameters must be NULL: absent, another type, or a non-empty NULL are BAD_DER.
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(seq(seq(oid(OID_RSA)), bitString(rsaKey))));
    assertEquals(Result.SEC_ERROR_BAD_DER,
        parse(seq(seq(oid(OID_RSA), oid(OID_P256)), bitString(rsaKey))));
    assertEquals(Result.SEC_ERROR_BAD_DER,
        parse(seq(seq(oid(OID_RSA), new byte[] {5, 1, 0}), bitString(rsaKey))));
    assertEquals(Result.SEC_ERROR_BAD_DER,
        parse(seq(seq(oid(OID_RSA), NULL, NULL), bitString(rsaKey))));
    // RSAPublicKey: exactly two positive, minimal INTEGERs in a SEQUENCE, nothing after.
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        parse(rsa(seq(integer(n.negate()), integer(F4)))));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        parse(rsa(seq(integerRaw(concat(new byte[] {0}, n.toByteArray())), integer(F4)))));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        parse(rsa(seq(integer(n), integer(BigInteger.ZERO)))));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        parse(rsa(seq(integer(n), integer(F4.negate())))));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        parse(rsa(seq(integer(n), integerRaw(new byte[0])))));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(rsa(seq(integer(n)))));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(rsa(seq(integer(n), integer(F4), integer(F4)))));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(rsa(concat(rsaKey, new byte[] {0}))));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(rsa(tlv(0x31, integer(n), integer(F4)))));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(rsa(new byte[0])));
    // A BIT STRING with unused bits.
    assertEquals(Result.SEC_ERROR_BAD_DER,
        parse(seq(seq(oid(OID_RSA), NULL), tlv(0x03, new byte[] {1}, rsaKey))));
  }

  private static byte[] rsa(byte[] rsaPublicKey) {
    return seq(seq(oid(OID_RSA), NULL), bitString(rsaPublicKey));
  }

  @Test
  void ecKeys() {
    byte[] point = ecPoint();
    assertEquals(Result.SUCCESS, parse(seq(seq(oid(OID_EC), oid(OID_P256)), bitString(point))));
    // Curve parameters: absent, NULL, explicit (ECParameters), trailing data → BAD_DER.
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(seq(seq(oid(OID_EC)), bitString(point))));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(seq(seq(oid(OID_EC), NULL), bitString(point))));
    assertEquals(Result.SEC_ERROR_BAD_DER,
        parse(seq(seq(oid(OID_EC), seq(integer(BigInteger.ONE))), bitString(point))));
    assertEquals(Result.SEC_ERROR_BAD_DER,
        parse(seq(seq(oid(OID_EC), oid(OID_P256), NULL), bitString(point))));
    // Other named curves: secp256k1, brainpoolP256r1, secp224r1.
    for (String curve : new String[] {"2b8104000a", "2b2403030208010107", "2b81040021"}) {
      assertEquals(Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE,
          parse(seq(seq(oid(OID_EC), oid(curve)), bitString(point))), curve);
    }
    // The curve is checked before the point.
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE,
        parse(seq(seq(oid(OID_EC), oid("2b8104000a")), bitString(new byte[] {2}))));
  }

  @Test
  void otherAlgorithmsAreUnsupported() {
    byte[] rsaKey = seq(integer(modulus()), integer(F4));
    // id-RSASSA-PSS keys (mozilla::pkix supports only rsaEncryption keys), with and without
    // parameters; Ed25519; DSA; an unknown OID.
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_KEYALG,
        parse(seq(seq(oid("2a864886f70d01010a")), bitString(rsaKey))));
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_KEYALG,
        parse(seq(seq(oid("2a864886f70d01010a"), seq()), bitString(rsaKey))));
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_KEYALG,
        parse(seq(seq(oid("2b6570")), bitString(new byte[32]))));
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_KEYALG,
        parse(seq(seq(oid("2a8648ce380401"), seq()), bitString(integer(BigInteger.TEN)))));
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_KEYALG,
        parse(seq(seq(oid("2a864886f70d010102"), NULL), bitString(rsaKey))));
  }

  @Test
  void theOuterStructureIsStrict() {
    byte[] good = SigTestSupport.rsa(2048).getPublic().getEncoded();
    assertEquals(Result.SUCCESS, parse(good));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(new byte[0]));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(concat(good, new byte[] {0})));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(Arrays.copyOf(good, good.length - 1)));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(seq(seq(oid(OID_RSA), NULL))));
    byte[] rsaKey = seq(integer(modulus()), integer(F4));
    assertEquals(Result.SEC_ERROR_BAD_DER,
        parse(seq(seq(oid(OID_RSA), NULL), bitString(rsaKey), NULL)));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(seq(bitString(rsaKey), seq(oid(OID_RSA), NULL))));
    assertEquals(Result.SEC_ERROR_BAD_DER,
        parse(seq(seq(oid(OID_RSA), NULL), tlv(0x04, rsaKey))));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(tlv(0x31, seq(oid(OID_RSA), NULL),
        bitString(rsaKey))));
    assertEquals(Result.SEC_ERROR_BAD_DER, parse(seq(tlv(0x06, SigTestSupport.hex(OID_RSA)),
        bitString(rsaKey))));
  }

  @Test
  void keyErrorsComeBeforeAlgorithmMismatchAndAreStable() {
    SignatureVerifier v = new SignatureVerifier(4);
    byte[] bad = seq(seq(oid(OID_EC), oid("2b8104000a")), bitString(ecPoint()));
    for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
      for (int i = 0; i < 3; i++) {
        assertEquals(Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE,
            v.verify(alg, new byte[1], 0, 1, Input.of(new byte[8]), Input.of(bad)));
      }
    }
  }
}
