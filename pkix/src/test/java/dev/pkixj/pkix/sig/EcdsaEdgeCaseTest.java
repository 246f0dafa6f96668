package dev.pkixj.pkix.sig;

import static dev.pkixj.pkix.sig.SigTestSupport.concat;
import static dev.pkixj.pkix.sig.SigTestSupport.ecSpki;
import static dev.pkixj.pkix.sig.SigTestSupport.ecdsaSig;
import static dev.pkixj.pkix.sig.SigTestSupport.hex;
import static dev.pkixj.pkix.sig.SigTestSupport.integer;
import static dev.pkixj.pkix.sig.SigTestSupport.integerRaw;
import static dev.pkixj.pkix.sig.SigTestSupport.seq;
import static dev.pkixj.pkix.sig.SigTestSupport.tlv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcdsaEdgeCaseTest {
  private static final SignatureAlgorithm ALG = SignatureAlgorithm.ECDSA_SHA256;
  /** Every key on the per-call wNAF path (never promoted). */
  private final SignatureVerifier wnafOnly = new SignatureVerifier(16, Integer.MAX_VALUE);
  /** Every key with its comb table from the start. */
  private final SignatureVerifier combOnly = new SignatureVerifier(16, 0);

  /** Verifies on both paths, which must agree. */
  private Result verify(byte[] data, byte[] sig, byte[] spki) {
    Result viaWnaf = wnafOnly.verify(ALG, data, 0, data.length, Input.of(sig), Input.of(spki));
    Result viaComb = combOnly.verify(ALG, data, 0, data.length, Input.of(sig), Input.of(spki));
    assertEquals(viaWnaf, viaComb, "wNAF and comb paths disagree");
    return viaWnaf;
  }

  /** A fresh valid (data, signature, SPKI, r, s) for the curve. */
  private static final class Case {
    final byte[] data = SigTestSupport.randomBytes(64);
    final KeyPair kp;
    final byte[] sig;
    final byte[] spki;
    final BigInteger r;
    final BigInteger s;
    final BigInteger n;
    final int fieldBytes;
    final String curveOid;

    Case(String curve) {
      kp = SigTestSupport.ec(curve);
      sig = SigTestSupport.sign(ALG, kp.getPrivate(), data);
      spki = kp.getPublic().getEncoded();
      BigInteger[] rs = SigTestSupport.ecdsaRS(sig);
      r = rs[0];
      s = rs[1];
      n = SigTestSupport.ecCurve(curve).n;
      fieldBytes = SigTestSupport.fieldBytes(curve);
      curveOid = SigTestSupport.curveOid(curve);
    }

    byte[] point() {
      return SigTestSupport.ecPoint(kp, fieldBytes);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void rAndSOutOfRangeAreBadSignatures(String curve) {
    Case c = new Case(curve);
    assertEquals(Result.SUCCESS, verify(c.data, ecdsaSig(c.r, c.s), c.spki), "re-encoded");
    BigInteger[] outOfRange = {
      BigInteger.ZERO, c.n, c.n.add(BigInteger.ONE), c.n.shiftLeft(1),
      BigInteger.ONE.shiftLeft(c.n.bitLength() + 8).subtract(BigInteger.ONE)
    };
    for (BigInteger bad : outOfRange) {
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(c.data, ecdsaSig(bad, c.s), c.spki),
          "r = " + bad);
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(c.data, ecdsaSig(c.r, bad), c.spki),
          "s = " + bad);
    }
    // r + n and s + n are congruent to valid values but out of range.
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(c.data, ecdsaSig(c.r.add(c.n), c.s), c.spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(c.data, ecdsaSig(c.r, c.s.add(c.n)), c.spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(c.data, ecdsaSig(c.s, c.r), c.spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(c.data, ecdsaSig(BigInteger.ONE, BigInteger.ONE), c.spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(c.data, ecdsaSig(c.n.subtract(BigInteger.ONE), c.n.subtract(BigInteger.ONE)),
            c.spki));
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void highSIsAccepted(String curve) throws Exception {
    Case c = new Case(curve);
    BigInteger highS = c.n.subtract(c.s);
    byte[] sig = ecdsaSig(c.r, highS);
    assertEquals(Result.SUCCESS, verify(c.data, sig, c.spki));
    assertTrue(SigTestSupport.jdkVerify(ALG, c.kp.getPublic(), c.data, sig), "JDK agrees");
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void onlyStrictDerIsAccepted(String curve) {
    Case c = new Case(curve);
    byte[] r = integer(c.r);
    byte[] s = integer(c.s);
    byte[] rMag = c.r.toByteArray();
    byte[] sMag = c.s.toByteArray();
    byte[][] bad = {
      // INTEGER 0 (the encoding of zero is valid DER, but not a positive INTEGER)
      seq(integerRaw(new byte[] {0}), s),
      seq(r, integerRaw(new byte[] {0})),
      // Non-minimal: a redundant leading 00 (or two).
      seq(integerRaw(concat(new byte[] {0}, rMag)), s),
      seq(r, integerRaw(concat(new byte[] {0, 0}, sMag))),
      // Negative: the magnitude with its high bit set and no 00, or an FF prefix.
      seq(integerRaw(negative(c.r)), s),
      seq(r, integerRaw(concat(new byte[] {(byte) 0xff}, stripSign(sMag)))),
      // An empty INTEGER.
      seq(integerRaw(new byte[0]), s),
      // Trailing bytes after the SEQUENCE, or inside it.
      concat(seq(r, s), new byte[] {0}),
      concat(seq(r, s), new byte[] {0x05, 0x00}),
      seq(r, s, new byte[] {0x05, 0x00}),
      seq(r, s, integer(BigInteger.ONE)),
      // Missing s, missing everything, wrong outer tags.
      seq(r),
      seq(),
      new byte[0],
      tlv(0x31, r, s),
      tlv(0x30 | 0x80, r, s),
      concat(new byte[] {0x30}, Arrays.copyOfRange(seq(r, s), 1, 2)), // truncated
      // INTEGERs with another tag (ENUMERATED, OCTET STRING).
      seq(tlv(0x0a, rMag), s),
      seq(r, tlv(0x04, sMag)),
      // r and s as raw bytes (IEEE P1363), not DER.
      concat(fixed(c.r, c.fieldBytes), fixed(c.s, c.fieldBytes)),
      // Non-minimal length encodings of the SEQUENCE.
      nonMinimalLength(seq(r, s)),
      // Indefinite length.
      concat(new byte[] {0x30, (byte) 0x80}, r, s, new byte[] {0, 0}),
    };
    for (int i = 0; i < bad.length; i++) {
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(c.data, bad[i], c.spki), "case " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void unusableKeysAreKeyErrors(String curve) {
    Case c = new Case(curve);
    byte[] point = c.point();
    assertEquals(Result.SUCCESS, verify(c.data, c.sig, ecSpki(c.curveOid, point)), "rebuilt");
    EcCurve ec = SigTestSupport.ecCurve(curve);
    int fb = c.fieldBytes;
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + fb));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + fb, 1 + 2 * fb));

    // Off the curve: y + 1, x + 1, (0, 0), (x, p − y − 1).
    assertEquals(Result.SEC_ERROR_INVALID_KEY, verify(c.data, c.sig,
        ecSpki(c.curveOid, uncompressed(x, y.add(BigInteger.ONE).mod(ec.p), fb))));
    assertEquals(Result.SEC_ERROR_INVALID_KEY, verify(c.data, c.sig,
        ecSpki(c.curveOid, uncompressed(x.add(BigInteger.ONE).mod(ec.p), y, fb))));
    assertEquals(Result.SEC_ERROR_INVALID_KEY, verify(c.data, c.sig,
        ecSpki(c.curveOid, uncompressed(BigInteger.ZERO, BigInteger.ZERO, fb))));
    // Coordinates that are not field elements: x + p, y + p (when they still fit).
    BigInteger limit = BigInteger.ONE.shiftLeft(8 * fb);
    if (x.add(ec.p).compareTo(limit) < 0) {
      assertEquals(Result.SEC_ERROR_INVALID_KEY, verify(c.data, c.sig,
          ecSpki(c.curveOid, uncompressed(x.add(ec.p), y, fb))));
    }
    if (y.add(ec.p).compareTo(limit) < 0) {
      assertEquals(Result.SEC_ERROR_INVALID_KEY, verify(c.data, c.sig,
          ecSpki(c.curveOid, uncompressed(x, y.add(ec.p), fb))));
    }
    assertEquals(Result.SEC_ERROR_INVALID_KEY, verify(c.data, c.sig,
        ecSpki(c.curveOid, uncompressed(ec.p, y, fb))));
    // The negated point is on the curve: a valid key, but not the signer's.
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(c.data, c.sig,
        ecSpki(c.curveOid, uncompressed(x, ec.p.subtract(y), fb))));

    // The point at infinity's encoding (a single 00), compressed and hybrid forms.
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_EC_POINT_FORM,
        verify(c.data, c.sig, ecSpki(c.curveOid, new byte[] {0})));
    byte[] compressed = concat(new byte[] {(byte) (y.testBit(0) ? 3 : 2)},
        Arrays.copyOfRange(point, 1, 1 + fb));
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_EC_POINT_FORM,
        verify(c.data, c.sig, ecSpki(c.curveOid, compressed)));
    byte[] hybrid = point.clone();
    hybrid[0] = (byte) (y.testBit(0) ? 7 : 6);
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_EC_POINT_FORM,
        verify(c.data, c.sig, ecSpki(c.curveOid, hybrid)));

    // Wrong lengths: empty, one byte short, one byte long, just the 04.
    assertEquals(Result.SEC_ERROR_BAD_DER, verify(c.data, c.sig, ecSpki(c.curveOid, new byte[0])));
    assertEquals(Result.SEC_ERROR_BAD_DER, verify(c.data, c.sig,
        ecSpki(c.curveOid, Arrays.copyOf(point, point.length - 1))));
    assertEquals(Result.SEC_ERROR_BAD_DER, verify(c.data, c.sig,
        ecSpki(c.curveOid, concat(point, new byte[] {0}))));
    assertEquals(Result.SEC_ERROR_BAD_DER, verify(c.data, c.sig,
        ecSpki(c.curveOid, new byte[] {4})));
    // The point declared on another curve: the coordinate length no longer fits.
    String otherOid = curve.equals("secp256r1") ? SigTestSupport.OID_P384 : SigTestSupport.OID_P256;
    assertEquals(Result.SEC_ERROR_BAD_DER, verify(c.data, c.sig, ecSpki(otherOid, point)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void anXCoordinateAboveTheOrderMatchesRPlusN(String curve) throws Exception {
    // Build R with x(R) = n + t, then choose the key Q = (R − e·G)/r so that (r = t, s = 1)
    // verifies: u1·G + u2·Q = e·G + r·Q = R, and x(R) ≡ t (mod n) although x(R) ≠ t.
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    EcCurve ec = SigTestSupport.ecCurve(curve);
    byte[] data = SigTestSupport.randomBytes(40);
    BigInteger e = new BigInteger(1, java.security.MessageDigest.getInstance("SHA-256")
        .digest(data));
    if (e.bitLength() > ec.orderBits) {
      e = e.shiftRight(256 - ec.orderBits);
    }
    ECPoint rPoint = null;
    BigInteger t = BigInteger.ONE;
    for (; rPoint == null; t = t.add(BigInteger.ONE)) {
      rPoint = pointWithX(x9, ec.n.add(t));
    }
    BigInteger r = t.subtract(BigInteger.ONE);
    ECPoint q = rPoint.subtract(x9.getG().multiply(e.mod(ec.n)))
        .multiply(r.modInverse(ec.n)).normalize();
    int fb = SigTestSupport.fieldBytes(curve);
    byte[] spki = ecSpki(SigTestSupport.curveOid(curve),
        uncompressed(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger(), fb));
    byte[] sig = ecdsaSig(r, BigInteger.ONE);
    assertEquals(Result.SUCCESS, verify(data, sig, spki));
    // BouncyCastle agrees (v = x(R) mod n, FIPS 186-4 §6.4.2 and NSS's freebl). JDK 17's SunEC
    // does not: it compares x(R) with r unreduced and refuses such (valid) signatures.
    ECDSASigner bc = new ECDSASigner();
    bc.init(false, new ECPublicKeyParameters(q,
        new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN())));
    assertTrue(bc.verifySignature(java.security.MessageDigest.getInstance("SHA-256").digest(data),
        r, BigInteger.ONE), "BouncyCastle agrees");
    // x(R) itself is not an acceptable r (it is ≥ n).
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(data, ecdsaSig(ec.n.add(r), BigInteger.ONE),
        spki));
    // Nor is a neighbour.
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(data, ecdsaSig(r.add(BigInteger.ONE), BigInteger.ONE), spki));
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void aSumAtInfinityIsABadSignature(String curve) throws Exception {
    // With Q = d·G and d = −e/r (mod n), u1·G + u2·Q = (e + r·d)/s · G = O.
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    EcCurve ec = SigTestSupport.ecCurve(curve);
    byte[] data = SigTestSupport.randomBytes(40);
    BigInteger e = new BigInteger(1, java.security.MessageDigest.getInstance("SHA-256")
        .digest(data));
    if (e.bitLength() > ec.orderBits) {
      e = e.shiftRight(256 - ec.orderBits);
    }
    BigInteger r = new BigInteger(ec.orderBits - 1, SigTestSupport.RANDOM).add(BigInteger.ONE);
    BigInteger d = e.negate().multiply(r.modInverse(ec.n)).mod(ec.n);
    ECPoint q = x9.getG().multiply(d).normalize();
    int fb = SigTestSupport.fieldBytes(curve);
    byte[] spki = ecSpki(SigTestSupport.curveOid(curve),
        uncompressed(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger(), fb));
    for (BigInteger s : new BigInteger[] {BigInteger.ONE, BigInteger.valueOf(7), ec.n.subtract(
        BigInteger.ONE)}) {
      byte[] sig = ecdsaSig(r, s);
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(data, sig, spki));
      assertFalse(SigTestSupport.jdkVerify(ALG, jdkKey(spki), data, sig), "JDK agrees");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void exceptionalAdditionsAreExact(String curve) {
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    EcCurve ec = SigTestSupport.ecCurve(curve);
    EcField f = ec.f;
    ECPoint p = x9.getG().multiply(new BigInteger(ec.orderBits - 1, SigTestSupport.RANDOM))
        .normalize();
    ECPoint q = x9.getG().multiply(new BigInteger(ec.orderBits - 1, SigTestSupport.RANDOM))
        .normalize();
    int[] px = f.fromBigInteger(p.getAffineXCoord().toBigInteger());
    int[] py = f.fromBigInteger(p.getAffineYCoord().toBigInteger());
    int[] qx = f.fromBigInteger(q.getAffineXCoord().toBigInteger());
    int[] qy = f.fromBigInteger(q.getAffineYCoord().toBigInteger());
    int[] negPy = f.fromBigInteger(ec.p.subtract(p.getAffineYCoord().toBigInteger()));
    // ∞ + P = P
    assertPoint(p, ec.sumOfAffinePoints(new int[][] {px}, new int[][] {py}));
    // P + Q
    assertPoint(p.add(q), ec.sumOfAffinePoints(new int[][] {px, qx}, new int[][] {py, qy}));
    // P + P = 2P (the doubling branch of the mixed addition)
    assertPoint(p.twice(), ec.sumOfAffinePoints(new int[][] {px, px}, new int[][] {py, py}));
    // P + P + P
    assertPoint(p.threeTimes(),
        ec.sumOfAffinePoints(new int[][] {px, px, px}, new int[][] {py, py, py}));
    // P + (−P) = ∞, and ∞ + Q = Q afterwards.
    assertNull(ec.sumOfAffinePoints(new int[][] {px, px}, new int[][] {py, negPy}));
    assertPoint(q, ec.sumOfAffinePoints(new int[][] {px, px, qx}, new int[][] {py, negPy, qy}));
    // Q + P + (−P) = Q (cancellation into a point not at infinity)
    assertPoint(q.add(p).add(p.negate()),
        ec.sumOfAffinePoints(new int[][] {qx, px, px}, new int[][] {qy, py, negPy}));
  }

  private static void assertPoint(ECPoint expected, int[][] actual) {
    expected = expected.normalize();
    assertTrue(actual != null, "not infinity");
    assertEquals(expected.getAffineXCoord().toBigInteger(), toBig(actual[0]));
    assertEquals(expected.getAffineYCoord().toBigInteger(), toBig(actual[1]));
  }

  private static BigInteger toBig(int[] limbs) {
    BigInteger v = BigInteger.ZERO;
    for (int i = limbs.length - 1; i >= 0; i--) {
      v = v.shiftLeft(32).or(BigInteger.valueOf(limbs[i] & 0xffffffffL));
    }
    return v;
  }

  private static ECPoint pointWithX(X9ECParameters x9, BigInteger x) {
    BigInteger p = x9.getCurve().getField().getCharacteristic();
    if (x.compareTo(p) >= 0) {
      return null;
    }
    BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3)))
        .add(x9.getCurve().getB().toBigInteger()).mod(p);
    BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p); // p ≡ 3 (mod 4)
    if (!y.multiply(y).mod(p).equals(rhs)) {
      return null;
    }
    return x9.getCurve().createPoint(x, y);
  }

  private static PublicKey jdkKey(byte[] spki) throws Exception {
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
  }

  static byte[] uncompressed(BigInteger x, BigInteger y, int fieldBytes) {
    return concat(new byte[] {4}, fixed(x, fieldBytes), fixed(y, fieldBytes));
  }

  static byte[] fixed(BigInteger v, int len) {
    byte[] mag = stripSign(v.toByteArray());
    byte[] out = new byte[len];
    System.arraycopy(mag, 0, out, len - mag.length, mag.length);
    return out;
  }

  private static byte[] stripSign(byte[] twosComplement) {
    return twosComplement.length > 1 && twosComplement[0] == 0
        ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
        : twosComplement;
  }

  /** A two's-complement encoding of −v (for v &gt; 0). */
  private static byte[] negative(BigInteger v) {
    return v.negate().toByteArray();
  }

  /** The same TLV with its length in the long form although the short form would do. */
  private static byte[] nonMinimalLength(byte[] tlv) {
    int len = tlv[1] & 0xff;
    if (len < 128) {
      return concat(new byte[] {tlv[0], (byte) 0x81, (byte) len},
          Arrays.copyOfRange(tlv, 2, tlv.length));
    }
    if ((tlv[1] & 0xff) == 0x81) {
      return concat(new byte[] {tlv[0], (byte) 0x82, 0, tlv[2]},
          Arrays.copyOfRange(tlv, 3, tlv.length));
    }
    return concat(new byte[] {tlv[0], (byte) 0x83, 0}, Arrays.copyOfRange(tlv, 2, tlv.length));
  }

  @org.junit.jupiter.api.Test
  void helpersBehave() {
    assertArrayEquals(hex("0203008000"), integerRaw(hex("008000")));
    assertEquals(1 + 2 * 32, uncompressed(BigInteger.ONE, BigInteger.TWO, 32).length);
  }
}
