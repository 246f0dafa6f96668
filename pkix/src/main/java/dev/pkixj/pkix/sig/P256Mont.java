package dev.pkixj.pkix.sig;

import java.math.BigInteger;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;

/**
 * Arithmetic modulo the P-256 prime p = 2^256 − 2^224 + 2^192 + 2^96 − 1 on four 64-bit limbs
 * (little-endian {@code long[4]}) in Montgomery form (x·2^256 mod p), every result fully reduced.
 *
 * <p>Products use {@link Math#multiplyHigh} (a HotSpot intrinsic) corrected to the unsigned high
 * word (Java 17 has no {@code unsignedMultiplyHigh}). The Montgomery reduction needs no
 * multiplication: −p^−1 ≡ 1 (mod 2^64), so each step's multiplier is the lowest limb m, and m·p is
 * assembled from shifts because p's limbs are 2^64 − 1, 2^32 − 1, 0 and 2^64 − 2^32 + 1 (the
 * reduction of OpenSSL's {@code ecp_nistz256}). Carries are computed with the branch-free
 * formulas of Hacker's Delight §2-16. Outputs may alias inputs; nothing allocates.
 */
final class P256Mont {
  private P256Mont() {}

  static final long P0 = -1L;
  static final long P1 = 0x00000000FFFFFFFFL;
  static final long P2 = 0L;
  static final long P3 = 0xFFFFFFFF00000001L;

  static final BigInteger P = new BigInteger(
      "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
  private static final BigInteger R = BigInteger.ONE.shiftLeft(256).mod(P);
  /** 2^512 mod p and 2^768 mod p, plain limbs: a Montgomery product with them converts. */
  private static final long[] R2 = limbs(R.multiply(R).mod(P));
  private static final long[] R3 = limbs(R.multiply(R).multiply(R).mod(P));
  /** 1 in Montgomery form. */
  static final long[] ONE = limbs(R);

  /** The unsigned high 64 bits of a·b. */
  static long umulh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** The carry out of a + b + c (c ∈ {0, 1}) whose low word is s. */
  private static long carry2(long a, long s) {
    return Long.compareUnsigned(s, a) < 0 ? 1L : 0L;
  }

  private static long carry(long a, long b, long s) {
    return ((a & b) | ((a | b) & ~s)) >>> 63;
  }

  /** The borrow out of a − b − c (c ∈ {0, 1}) whose low word is d. */
  private static long borrow(long a, long b, long d) {
    return ((~a & b) | (~(a ^ b) & d)) >>> 63;
  }

  /** z = x·y·2^−256 mod p. */
  static void mul(long[] x, long[] y, long[] z) {
    long a0 = x[0];
    long a1 = x[1];
    long a2 = x[2];
    long a3 = x[3];
    long lo;
    long hi;
    long t;
    long c;
    // Row 0: t0..t4 = a·b0.
    long b = y[0];
    long t0 = a0 * b;
    hi = umulh(a0, b);
    lo = a1 * b;
    long t1 = lo + hi;
    hi = umulh(a1, b) + carry2(lo, t1);
    lo = a2 * b;
    long t2 = lo + hi;
    hi = umulh(a2, b) + carry2(lo, t2);
    lo = a3 * b;
    long t3 = lo + hi;
    long t4 = umulh(a3, b) + carry2(lo, t3);
    // Row 1: t1..t5 += a·b1.
    b = y[1];
    lo = a0 * b;
    t = t1 + lo;
    hi = umulh(a0, b) + carry2(t1, t);
    t1 = t;
    lo = a1 * b;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t2 + t;
    hi = umulh(a1, b) + c + carry2(t2, lo);
    t2 = lo;
    lo = a2 * b;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t3 + t;
    hi = umulh(a2, b) + c + carry2(t3, lo);
    t3 = lo;
    lo = a3 * b;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t4 + t;
    long t5 = umulh(a3, b) + c + carry2(t4, lo);
    t4 = lo;
    // Row 2: t2..t6 += a·b2.
    b = y[2];
    lo = a0 * b;
    t = t2 + lo;
    hi = umulh(a0, b) + carry2(t2, t);
    t2 = t;
    lo = a1 * b;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t3 + t;
    hi = umulh(a1, b) + c + carry2(t3, lo);
    t3 = lo;
    lo = a2 * b;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t4 + t;
    hi = umulh(a2, b) + c + carry2(t4, lo);
    t4 = lo;
    lo = a3 * b;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t5 + t;
    long t6 = umulh(a3, b) + c + carry2(t5, lo);
    t5 = lo;
    // Row 3: t3..t7 += a·b3.
    b = y[3];
    lo = a0 * b;
    t = t3 + lo;
    hi = umulh(a0, b) + carry2(t3, t);
    t3 = t;
    lo = a1 * b;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t4 + t;
    hi = umulh(a1, b) + c + carry2(t4, lo);
    t4 = lo;
    lo = a2 * b;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t5 + t;
    hi = umulh(a2, b) + c + carry2(t5, lo);
    t5 = lo;
    lo = a3 * b;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t6 + t;
    long t7 = umulh(a3, b) + c + carry2(t6, lo);
    t6 = lo;
    // Montgomery reduction of T = t0 + … + t7·2^448 < p·2^256: four word-by-word steps on the low
    // half (the window stays below 2^256 because p < 2^256 − 2^192), then the high half is added
    // and p subtracted once if needed.
    long m;
    long rs;
    long rc;
    long ml;
    long lo3;
    long hi3;
    // Step: (t0, t1, t2, t3) + m·p, shifted right one word, with m = t0.
    // m·p = m·2^256 − m·2^224 + m·2^192 + m·2^96 − m; t0 + m·(2^64 − 1) = m·2^64, so word 1 gets
    // m·2^32 (split over words 1 and 2) and word 3 gets m·(2^64 − 2^32 + 1) = (hi3, lo3).
    for (int i = 0; i < 4; i++) {
      m = t0;
      ml = m << 32;
      rs = t1 + ml;
      rc = carry2(t1, rs);
      t1 = rs;
      ml = (m >>> 32) + rc; // no overflow
      rs = t2 + ml;
      rc = carry2(t2, rs);
      t2 = rs;
      lo3 = m - (m << 32);
      hi3 = m - (m >>> 32) - borrow(m, m << 32, lo3);
      rs = t3 + lo3 + rc;
      rc = carry(t3, lo3, rs);
      t3 = rs;
      t0 = t1;
      t1 = t2;
      t2 = t3;
      t3 = hi3 + rc; // below 2^64: the window stays below 2^256
    }
    // + the high half.
    long r0 = t0 + t4;
    rc = carry2(t0, r0);
    long r1 = t1 + t5 + rc;
    rc = carry(t1, t5, r1);
    long r2 = t2 + t6 + rc;
    rc = carry(t2, t6, r2);
    long r3 = t3 + t7 + rc;
    long top = carry(t3, t7, r3);
    // r < 2p: subtract p unless that borrows from (top, r).
    long d0 = r0 - P0;
    long rb = borrow(r0, P0, d0);
    long d1 = r1 - P1 - rb;
    rb = borrow(r1, P1, d1);
    long d2 = r2 - rb;
    rb = borrow(r2, 0L, d2);
    long d3 = r3 - P3 - rb;
    rb = borrow(r3, P3, d3);
    // keep r when (top, r) < p, i.e. top == 0 and a borrow.
    long keep = -(rb & ~top);
    z[0] = (r0 & keep) | (d0 & ~keep);
    z[1] = (r1 & keep) | (d1 & ~keep);
    z[2] = (r2 & keep) | (d2 & ~keep);
    z[3] = (r3 & keep) | (d3 & ~keep);
  }

  /** z = x²·2^−256 mod p. */
  static void sqr(long[] x, long[] z) {
    long a0 = x[0];
    long a1 = x[1];
    long a2 = x[2];
    long a3 = x[3];
    long lo;
    long hi;
    long t;
    long c;
    // Off-diagonal products a_i·a_j (i < j) into t1..t6.
    long t1 = a0 * a1;
    hi = umulh(a0, a1);
    lo = a0 * a2;
    long t2 = lo + hi;
    hi = umulh(a0, a2) + carry2(lo, t2);
    lo = a0 * a3;
    long t3 = lo + hi;
    long t4 = umulh(a0, a3) + carry2(lo, t3);
    // + a1·a2, a1·a3 at t3..t5
    lo = a1 * a2;
    t = t3 + lo;
    hi = umulh(a1, a2) + carry2(t3, t);
    t3 = t;
    lo = a1 * a3;
    t = lo + hi;
    c = carry2(lo, t);
    lo = t4 + t;
    long t5 = umulh(a1, a3) + c + carry2(t4, lo);
    t4 = lo;
    // + a2·a3 at t5..t6
    lo = a2 * a3;
    t = t5 + lo;
    long t6 = umulh(a2, a3) + carry2(t5, t);
    t5 = t;
    // Double: t1..t7.
    long t7 = t6 >>> 63;
    t6 = (t6 << 1) | (t5 >>> 63);
    t5 = (t5 << 1) | (t4 >>> 63);
    t4 = (t4 << 1) | (t3 >>> 63);
    t3 = (t3 << 1) | (t2 >>> 63);
    t2 = (t2 << 1) | (t1 >>> 63);
    t1 <<= 1;
    // Add the squares a_i² at t_2i, t_2i+1.
    long t0 = a0 * a0;
    hi = umulh(a0, a0);
    t = t1 + hi;
    c = carry2(t1, t);
    t1 = t;
    lo = a1 * a1;
    t = t2 + lo + c;
    c = carry2(t2, t);
    t2 = t;
    hi = umulh(a1, a1);
    t = t3 + hi + c;
    c = carry(t3, hi, t);
    t3 = t;
    lo = a2 * a2;
    t = t4 + lo + c;
    c = carry2(t4, t);
    t4 = t;
    hi = umulh(a2, a2);
    t = t5 + hi + c;
    c = carry(t5, hi, t);
    t5 = t;
    lo = a3 * a3;
    t = t6 + lo + c;
    c = carry2(t6, t);
    t6 = t;
    hi = umulh(a3, a3);
    t7 = t7 + hi + c;
    // Montgomery reduction of T = t0 + … + t7·2^448 < p·2^256: four word-by-word steps on the low
    // half (the window stays below 2^256 because p < 2^256 − 2^192), then the high half is added
    // and p subtracted once if needed.
    long m;
    long rs;
    long rc;
    long ml;
    long lo3;
    long hi3;
    // Step: (t0, t1, t2, t3) + m·p, shifted right one word, with m = t0.
    // m·p = m·2^256 − m·2^224 + m·2^192 + m·2^96 − m; t0 + m·(2^64 − 1) = m·2^64, so word 1 gets
    // m·2^32 (split over words 1 and 2) and word 3 gets m·(2^64 − 2^32 + 1) = (hi3, lo3).
    for (int i = 0; i < 4; i++) {
      m = t0;
      ml = m << 32;
      rs = t1 + ml;
      rc = carry2(t1, rs);
      t1 = rs;
      ml = (m >>> 32) + rc; // no overflow
      rs = t2 + ml;
      rc = carry2(t2, rs);
      t2 = rs;
      lo3 = m - (m << 32);
      hi3 = m - (m >>> 32) - borrow(m, m << 32, lo3);
      rs = t3 + lo3 + rc;
      rc = carry(t3, lo3, rs);
      t3 = rs;
      t0 = t1;
      t1 = t2;
      t2 = t3;
      t3 = hi3 + rc; // below 2^64: the window stays below 2^256
    }
    // + the high half.
    long r0 = t0 + t4;
    rc = carry2(t0, r0);
    long r1 = t1 + t5 + rc;
    rc = carry(t1, t5, r1);
    long r2 = t2 + t6 + rc;
    rc = carry(t2, t6, r2);
    long r3 = t3 + t7 + rc;
    long top = carry(t3, t7, r3);
    // r < 2p: subtract p unless that borrows from (top, r).
    long d0 = r0 - P0;
    long rb = borrow(r0, P0, d0);
    long d1 = r1 - P1 - rb;
    rb = borrow(r1, P1, d1);
    long d2 = r2 - rb;
    rb = borrow(r2, 0L, d2);
    long d3 = r3 - P3 - rb;
    rb = borrow(r3, P3, d3);
    // keep r when (top, r) < p, i.e. top == 0 and a borrow.
    long keep = -(rb & ~top);
    z[0] = (r0 & keep) | (d0 & ~keep);
    z[1] = (r1 & keep) | (d1 & ~keep);
    z[2] = (r2 & keep) | (d2 & ~keep);
    z[3] = (r3 & keep) | (d3 & ~keep);
  }

  /** z = x + y mod p. */
  static void add(long[] x, long[] y, long[] z) {
    long a0 = x[0];
    long a1 = x[1];
    long a2 = x[2];
    long a3 = x[3];
    long b0 = y[0];
    long b1 = y[1];
    long b2 = y[2];
    long b3 = y[3];
    long r0 = a0 + b0;
    long c = carry2(a0, r0);
    long r1 = a1 + b1 + c;
    c = carry(a1, b1, r1);
    long r2 = a2 + b2 + c;
    c = carry(a2, b2, r2);
    long r3 = a3 + b3 + c;
    long top = carry(a3, b3, r3);
    subP(r0, r1, r2, r3, top, z);
  }

  /** z = 2x mod p. */
  static void twice(long[] x, long[] z) {
    long a0 = x[0];
    long a1 = x[1];
    long a2 = x[2];
    long a3 = x[3];
    long top = a3 >>> 63;
    subP(a0 << 1, (a1 << 1) | (a0 >>> 63), (a2 << 1) | (a1 >>> 63), (a3 << 1) | (a2 >>> 63),
        top, z);
  }

  /** z = (top·2^256 + r) − p if that is non-negative, else r; for values below 2p. */
  private static void subP(long r0, long r1, long r2, long r3, long top, long[] z) {
    long d0 = r0 - P0;
    long b = borrow(r0, P0, d0);
    long d1 = r1 - P1 - b;
    b = borrow(r1, P1, d1);
    long d2 = r2 - b;
    b = borrow(r2, 0L, d2);
    long d3 = r3 - P3 - b;
    b = borrow(r3, P3, d3);
    long keep = -(b & ~top);
    z[0] = (r0 & keep) | (d0 & ~keep);
    z[1] = (r1 & keep) | (d1 & ~keep);
    z[2] = (r2 & keep) | (d2 & ~keep);
    z[3] = (r3 & keep) | (d3 & ~keep);
  }

  /** z = x − y mod p. */
  static void sub(long[] x, long[] y, long[] z) {
    long a0 = x[0];
    long a1 = x[1];
    long a2 = x[2];
    long a3 = x[3];
    long b0 = y[0];
    long b1 = y[1];
    long b2 = y[2];
    long b3 = y[3];
    long d0 = a0 - b0;
    long b = borrow(a0, b0, d0);
    long d1 = a1 - b1 - b;
    b = borrow(a1, b1, d1);
    long d2 = a2 - b2 - b;
    b = borrow(a2, b2, d2);
    long d3 = a3 - b3 - b;
    b = borrow(a3, b3, d3);
    // On a borrow add p back (masked).
    long mask = -b;
    long p0 = P0 & mask;
    long p1 = P1 & mask;
    long p3 = P3 & mask;
    long r0 = d0 + p0;
    long c = carry(d0, p0, r0);
    long r1 = d1 + p1 + c;
    c = carry(d1, p1, r1);
    long r2 = d2 + c;
    c = carry(d2, 0L, r2);
    long r3 = d3 + p3 + c;
    z[0] = r0;
    z[1] = r1;
    z[2] = r2;
    z[3] = r3;
  }

  /**
   * z = x^−1 (Montgomery form in and out; x ≠ 0): BouncyCastle's inversion of the limbs' value
   * gives x^−1·2^−256, then one Montgomery multiplication by 2^768. Allocates; called once per
   * table or wNAF set-up, not per point operation.
   */
  static void inv(long[] x, long[] z) {
    int[] a = new int[8];
    for (int i = 0; i < 4; i++) {
      a[2 * i] = (int) x[i];
      a[2 * i + 1] = (int) (x[i] >>> 32);
    }
    int[] ai = new int[8];
    SecP256R1Field.inv(a, ai);
    long[] t = new long[4];
    fromInts(ai, t);
    mul(t, R3, z);
  }

  /** z = the value of the little-endian 32-bit limbs x, no conversion. */
  private static void fromInts(int[] x, long[] z) {
    for (int i = 0; i < 4; i++) {
      z[i] = (x[2 * i] & 0xFFFFFFFFL) | ((long) x[2 * i + 1] << 32);
    }
  }

  /** z = the Montgomery form of the canonical element x (BouncyCastle's 8 × 32-bit limbs). */
  static void fromCanonicalInts(int[] x, long[] z) {
    fromInts(x, z);
    mul(z, R2, z);
  }

  /** z = the Montgomery form of x &lt; p given as plain limbs (x may alias z). */
  static void toMont(long[] x, long[] z) {
    mul(x, R2, z);
  }

  /** Montgomery form of x ∈ [0, p). */
  static long[] fromBigInteger(BigInteger x) {
    return limbs(x.shiftLeft(256).mod(P));
  }

  /** The plain value of a Montgomery-form element. */
  static BigInteger toBigInteger(long[] x) {
    return value(x).multiply(R.modInverse(P)).mod(P);
  }

  /** The limbs of 0 ≤ v &lt; 2^256, no conversion. */
  static long[] limbs(BigInteger v) {
    long[] z = new long[4];
    for (int i = 0; i < 4; i++) {
      z[i] = v.shiftRight(64 * i).longValue();
    }
    return z;
  }

  /** The value of the limbs, no conversion. */
  static BigInteger value(long[] x) {
    BigInteger v = BigInteger.ZERO;
    for (int i = 3; i >= 0; i--) {
      v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(x[i])));
    }
    return v;
  }
}
