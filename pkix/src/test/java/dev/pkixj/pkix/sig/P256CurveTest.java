package dev.pkixj.pkix.sig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.junit.jupiter.api.Test;

/**
 * The P-256 point code on the 64-bit field ({@link P256Curve}, used when {@code
 * pkixj.p256.field=mont64}) on both of its paths (a key's comb table, the per-call wNAF) against
 * BouncyCastle's point arithmetic: x(u1·G + u2·Q) ≡ r is decided as BouncyCastle computes it, for
 * random u1, u2 and keys, for sums at infinity, and for points whose x is at least n (the r + n
 * branch of the final check).
 */
class P256CurveTest {
  private static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");
  private static final BigInteger N = X9.getN();
  private static final BigInteger P = P256Mont.P;
  private static final P256Curve CURVE = new P256Curve(EcCurve.P256,
      SecP256R1Field.fromBigInteger(X9.getG().normalize().getAffineXCoord().toBigInteger()),
      SecP256R1Field.fromBigInteger(X9.getG().normalize().getAffineYCoord().toBigInteger()));

  private final Random random = new Random(SigTestSupport.RANDOM.nextLong());

  private BigInteger scalar() {
    return new BigInteger(N.bitLength() + 16, random).mod(N.subtract(BigInteger.ONE))
        .add(BigInteger.ONE);
  }

  private static EcKey key(ECPoint q) {
    q = q.normalize();
    return new EcKey(EcCurve.P256,
        SecP256R1Field.fromBigInteger(q.getAffineXCoord().toBigInteger()),
        SecP256R1Field.fromBigInteger(q.getAffineYCoord().toBigInteger()), null);
  }

  private static EcKey promoted(EcKey k) {
    return new EcKey(k.curve, k.x, k.y, CURVE.keyComb(k, EcCurve.Q_TEETH_PROMOTED));
  }

  /** Little-endian limbs of 0 ≤ v &lt; 2^256. */
  private static int[] limbs(BigInteger v, int count) {
    int[] z = new int[count];
    for (int i = 0; i < 8; i++) {
      z[i] = v.shiftRight(32 * i).intValue();
    }
    return z;
  }

  /** {@link P256Curve#check} given the limbs {@link EcCurve#verify} hands it. */
  private static boolean check(EcKey key, BigInteger u1, BigInteger u2, BigInteger r) {
    int[] rPlusN = r.compareTo(P.subtract(N)) < 0 ? limbs(r.add(N), 8) : null;
    return CURVE.check(key, limbs(u1, EcCurve.P256Order.SCALAR_LIMBS),
        limbs(u2, EcCurve.P256Order.SCALAR_LIMBS), limbs(r, 8), rPlusN);
  }

  /** Both paths must give {@code expected}. */
  private static void assertBoth(boolean expected, EcKey plain, EcKey comb, BigInteger u1,
      BigInteger u2, BigInteger r, String what) {
    assertEquals(expected, check(plain, u1, u2, r), what + " (wNAF)");
    assertEquals(expected, check(comb, u1, u2, r), what + " (comb)");
  }

  @Test
  void randomSumsAgreeWithBouncyCastle() {
    for (int k = 0; k < 12; k++) {
      ECPoint q = X9.getG().multiply(scalar());
      EcKey plain = key(q);
      EcKey comb = promoted(plain);
      for (int i = 0; i < 12; i++) {
        BigInteger u1 = i == 0 ? BigInteger.ONE : i == 1 ? N.subtract(BigInteger.ONE) : scalar();
        BigInteger u2 = i == 2 ? BigInteger.ONE : i == 3 ? N.subtract(BigInteger.ONE) : scalar();
        ECPoint sum = X9.getG().multiply(u1).add(q.multiply(u2)).normalize();
        BigInteger r = sum.getAffineXCoord().toBigInteger().mod(N);
        String what = "u1=" + u1.toString(16) + " u2=" + u2.toString(16);
        assertBoth(true, plain, comb, u1, u2, r, what);
        BigInteger wrong = r.equals(N.subtract(BigInteger.ONE)) ? BigInteger.ONE
            : r.add(BigInteger.ONE);
        assertBoth(false, plain, comb, u1, u2, wrong, what + " r+1");
        assertBoth(false, plain, comb, u1.add(BigInteger.ONE).mod(N), u2, r, what + " u1+1");
      }
    }
  }

  @Test
  void sumAtInfinityIsRejected() {
    for (int k = 0; k < 6; k++) {
      BigInteger d = scalar();
      ECPoint q = X9.getG().multiply(d);
      EcKey plain = key(q);
      EcKey comb = promoted(plain);
      BigInteger u2 = scalar();
      BigInteger u1 = N.subtract(u2.multiply(d).mod(N)); // u1·G + u2·d·G = ∞
      for (BigInteger r : new BigInteger[] {BigInteger.ONE, N.subtract(BigInteger.ONE),
          scalar()}) {
        assertBoth(false, plain, comb, u1, u2, r, "d=" + d.toString(16));
      }
    }
  }

  @Test
  void pointWithXAboveTheOrderUsesRPlusN() {
    int found = 0;
    for (BigInteger x = N; found < 4 && x.compareTo(P) < 0; x = x.add(BigInteger.ONE)) {
      ECPoint target = P256TestPoints.withX(x);
      if (target == null) {
        continue;
      }
      found++;
      // Q = u2^−1·(R − u1·G), so that u1·G + u2·Q = R.
      BigInteger u1 = scalar();
      BigInteger u2 = scalar();
      ECPoint q = target.subtract(X9.getG().multiply(u1)).multiply(u2.modInverse(N));
      EcKey plain = key(q);
      EcKey comb = promoted(plain);
      BigInteger r = x.subtract(N);
      assertTrue(r.compareTo(P.subtract(N)) < 0);
      assertBoth(true, plain, comb, u1, u2, r, "x=" + x.toString(16));
      assertBoth(false, plain, comb, u1, u2, r.add(BigInteger.ONE), "x+1=" + x.toString(16));
    }
    assertEquals(4, found);
  }

  @Test
  void generatorTableEntriesAreOnTheCurve() {
    EcKey g = key(X9.getG());
    EcCurve.Comb c = CURVE.keyComb(g, EcCurve.Q_TEETH_PROMOTED);
    BigInteger b = X9.getCurve().getB().toBigInteger();
    for (int t = 0; t < c.tables; t++) {
      for (int j = 1; j < (1 << c.teeth); j++) {
        int e = (t << c.teeth) + j;
        BigInteger x = P256Mont.toBigInteger(c.lxs[e]);
        BigInteger y = P256Mont.toBigInteger(c.lys[e]);
        assertEquals(y.multiply(y).mod(P),
            x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(b).mod(P), "entry " + e);
      }
    }
    assertFalse(c.lxs == null);
  }
}
