package dev.pkixj.pkix.sig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;
import org.junit.jupiter.api.Test;

/**
 * P-256's 64-bit Montgomery field ({@link P256Mont}) against BigInteger on seeded random inputs
 * and on values at limb boundaries (words of all ones, all zeros, only the top bit, p − 1, p − 2,
 * values just below p and just above 2^256 − p, powers of two), and {@link P256Curve}'s mixed
 * addition on the exceptional cases.
 */
class P256MontTest {
  private static final BigInteger P = P256Mont.P;
  private static final BigInteger R_INV = BigInteger.ONE.shiftLeft(256).modInverse(P);

  private final Random random = new Random(SigTestSupport.RANDOM.nextLong());

  /** Field elements in [0, p) chosen to exercise carries and borrows at every limb boundary. */
  private List<BigInteger> extremes() {
    List<BigInteger> v = new ArrayList<>();
    v.add(BigInteger.ZERO);
    v.add(BigInteger.ONE);
    v.add(BigInteger.TWO);
    v.add(P.subtract(BigInteger.ONE));
    v.add(P.subtract(BigInteger.TWO));
    v.add(P.shiftRight(1));
    v.add(P.shiftRight(1).add(BigInteger.ONE));
    v.add(BigInteger.ONE.shiftLeft(256).subtract(P)); // 2^256 mod p
    for (int bit : new int[] {31, 32, 63, 64, 95, 96, 127, 128, 191, 192, 223, 224, 255}) {
      BigInteger b = BigInteger.ONE.shiftLeft(bit);
      v.add(b.mod(P));
      v.add(b.subtract(BigInteger.ONE).mod(P));
      v.add(P.subtract(b.mod(P)).mod(P));
    }
    // Every pattern of 64-bit words from {0, 2^64 − 1, 2^63, 2^32 − 1}, reduced.
    long[] words = {0L, -1L, Long.MIN_VALUE, 0xFFFFFFFFL};
    for (int a = 0; a < words.length; a++) {
      for (int b = 0; b < words.length; b++) {
        for (int c = 0; c < words.length; c++) {
          for (int d = 0; d < words.length; d++) {
            long[] l = {words[a], words[b], words[c], words[d]};
            v.add(P256Mont.value(l).mod(P));
          }
        }
      }
    }
    return v;
  }

  private BigInteger randomElement() {
    switch (random.nextInt(4)) {
      case 0:
        // Random 32-bit words from {0, all ones, top bit, random}.
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < 8; i++) {
          int w = random.nextInt(4);
          long word = w == 0 ? 0 : w == 1 ? 0xFFFFFFFFL : w == 2 ? 0x80000000L
              : random.nextInt() & 0xFFFFFFFFL;
          v = v.shiftLeft(32).add(BigInteger.valueOf(word));
        }
        return v.mod(P);
      case 1:
        return P.subtract(new BigInteger(random.nextInt(250) + 1, random)).mod(P);
      default:
        return new BigInteger(256, random).mod(P);
    }
  }

  private static void check(String op, BigInteger x, BigInteger y, long[] got, BigInteger want) {
    BigInteger g = P256Mont.value(got);
    assertEquals(want, g, () -> op + " of " + x.toString(16) + ", " + y.toString(16));
  }

  private static void all(BigInteger x, BigInteger y) {
    long[] xl = P256Mont.limbs(x);
    long[] yl = P256Mont.limbs(y);
    long[] z = new long[4];
    P256Mont.mul(xl, yl, z);
    check("mul", x, y, z, x.multiply(y).multiply(R_INV).mod(P));
    P256Mont.sqr(xl, z);
    check("sqr", x, x, z, x.multiply(x).multiply(R_INV).mod(P));
    P256Mont.add(xl, yl, z);
    check("add", x, y, z, x.add(y).mod(P));
    P256Mont.sub(xl, yl, z);
    check("sub", x, y, z, x.subtract(y).mod(P));
    P256Mont.twice(xl, z);
    check("twice", x, x, z, x.shiftLeft(1).mod(P));
    // Aliasing: output over an input.
    long[] a = xl.clone();
    P256Mont.mul(a, yl, a);
    check("mul in place", x, y, a, x.multiply(y).multiply(R_INV).mod(P));
    a = xl.clone();
    P256Mont.sub(a, a, a);
    check("x − x in place", x, x, a, BigInteger.ZERO);
  }

  @Test
  void extremeValuesAgreeWithBigInteger() {
    List<BigInteger> v = extremes();
    for (BigInteger x : v) {
      for (BigInteger y : v) {
        all(x, y);
      }
    }
  }

  @Test
  void randomValuesAgreeWithBigInteger() {
    for (int i = 0; i < 200_000; i++) {
      all(randomElement(), randomElement());
    }
  }

  @Test
  void conversionsAndInversion() {
    for (int i = 0; i < 2_000; i++) {
      BigInteger x = i < 3 ? BigInteger.valueOf(i + 1) : randomElement();
      if (x.signum() == 0) {
        continue;
      }
      long[] m = P256Mont.fromBigInteger(x);
      assertEquals(x, P256Mont.toBigInteger(m));
      long[] c = new long[4];
      P256Mont.fromCanonicalInts(SecP256R1Field.fromBigInteger(x), c);
      assertEquals(P256Mont.value(m), P256Mont.value(c), x.toString(16));
      long[] plain = P256Mont.limbs(x);
      P256Mont.toMont(plain, plain);
      assertEquals(P256Mont.value(m), P256Mont.value(plain), x.toString(16));
      long[] inv = new long[4];
      P256Mont.inv(m, inv);
      assertEquals(x.modInverse(P), P256Mont.toBigInteger(inv), x.toString(16));
    }
    assertEquals(BigInteger.ONE, P256Mont.toBigInteger(P256Mont.ONE));
  }

  @Test
  void exceptionalAdditionsAreExact() {
    X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
    BigInteger n = x9.getN();
    for (int round = 0; round < 20; round++) {
      ECPoint p = x9.getG().multiply(new BigInteger(255, random).mod(n).add(BigInteger.ONE))
          .normalize();
      ECPoint q = x9.getG().multiply(new BigInteger(255, random).mod(n).add(BigInteger.ONE))
          .normalize();
      int[] px = SecP256R1Field.fromBigInteger(p.getAffineXCoord().toBigInteger());
      int[] py = SecP256R1Field.fromBigInteger(p.getAffineYCoord().toBigInteger());
      int[] qx = SecP256R1Field.fromBigInteger(q.getAffineXCoord().toBigInteger());
      int[] qy = SecP256R1Field.fromBigInteger(q.getAffineYCoord().toBigInteger());
      int[] negPy = SecP256R1Field.fromBigInteger(P.subtract(p.getAffineYCoord().toBigInteger()));
      assertPoint(p, P256Curve.sumOfAffinePoints(new int[][] {px}, new int[][] {py}));
      assertPoint(p.add(q),
          P256Curve.sumOfAffinePoints(new int[][] {px, qx}, new int[][] {py, qy}));
      assertPoint(p.twice(),
          P256Curve.sumOfAffinePoints(new int[][] {px, px}, new int[][] {py, py}));
      assertPoint(p.threeTimes(),
          P256Curve.sumOfAffinePoints(new int[][] {px, px, px}, new int[][] {py, py, py}));
      assertNull(P256Curve.sumOfAffinePoints(new int[][] {px, px}, new int[][] {py, negPy}));
      assertPoint(q, P256Curve.sumOfAffinePoints(new int[][] {px, px, qx},
          new int[][] {py, negPy, qy}));
      assertPoint(q, P256Curve.sumOfAffinePoints(new int[][] {qx, px, px},
          new int[][] {qy, py, negPy}));
    }
  }

  private static void assertPoint(ECPoint expected, int[][] actual) {
    expected = expected.normalize();
    assertTrue(actual != null, "not infinity");
    assertEquals(expected.getAffineXCoord().toBigInteger(), Nat256.toBigInteger(actual[0]));
    assertEquals(expected.getAffineYCoord().toBigInteger(), Nat256.toBigInteger(actual[1]));
  }
}
