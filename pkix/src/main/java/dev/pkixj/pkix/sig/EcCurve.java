package dev.pkixj.pkix.sig;

import dev.pkixj.pkix.Result;
import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Mod;
import org.bouncycastle.math.raw.Nat;
import org.bouncycastle.math.raw.Nat256;
import org.bouncycastle.util.BigIntegers;

/**
 * One of the NIST prime curves mozilla::pkix accepts (P-256, P-384, P-521; all have a = −3 and
 * cofactor 1), with ECDSA verification by a two-base fixed-point comb.
 *
 * <h2>Algorithm</h2>
 * For a point P, a comb table with w teeth and d = ⌈bits(n)/w⌉ columns holds, in affine
 * coordinates, every non-empty sum of {2<sup>i·d</sup>P : 0 ≤ i &lt; w} (2<sup>w</sup>−1 points).
 * Then k·P needs only d doublings and at most d mixed additions. ECDSA verification needs
 * u1·G + u2·Q; both combs are walked together so they share the doublings. G's table has {@link
 * #G_TEETH} teeth ({@link #P256_G_TEETH} for P-256) and is built once per curve, on first use. A
 * key gets tables with {@link #Q_TEETH_PROMOTED} teeth once it has proved hot (see {@link
 * SignatureVerifier}), {@link #qTables} of them (Lim–Lee: t tables of w teeth split the scalar into
 * t·w rows of d = ⌈bits(n)/(t·w)⌉ bits, and each column adds one entry per table), and a very hot
 * P-256 key {@link #Q_TEETH_HOT} teeth. G has {@link #G_TABLES} tables. For a hot P-256 key that
 * is 16 doublings and about 54 mixed additions per verification (≈ 720 field multiplications), for
 * a very hot one 12 and about 46 (≈ 610).
 *
 * <p>A key without a table (a key seen once or a few times) is verified with a width-{@value
 * #WNAF_WIDTH} NAF of u2 over the odd multiples Q, 3Q, …, 15Q, computed for the call and made
 * affine (two inversions); the generator's comb entries are added in the same Horner pass at bit
 * positions 0 … d−1, so G costs no doublings of its own: ~bits(n) doublings, bits(n)/6 + 2d
 * mixed additions (≈ 3000 field multiplications for P-256, about what BouncyCastle's
 * ECDSASigner does for a new key). The result is checked in Jacobian coordinates (X ≟ r·Z², and (r+n)·Z² when
 * r+n &lt; p), so no inversion is needed.
 *
 * <p>Points are {@code int[]} limb arrays in a per-thread {@link Work} area; the field arithmetic is
 * BouncyCastle's (see {@link EcField}). Nothing here takes a lock: BouncyCastle's own {@code
 * ECPoint} multipliers synchronise on the point's pre-computation table on every call (and, once a
 * point is "promoted", run this same two-comb algorithm), which is why this class does not use
 * them.
 *
 * <p>Memory per key: the point before promotion; after, 510 points for P-256 (≈ 49 KiB), 255 for
 * P-384 and P-521 (≈ 33, 45 KiB); 4,094 points (≈ 393 KiB) for a very hot P-256 key.
 *
 * <p>Verification is variable-time, which is fine: every input is public.
 */
final class EcCurve {
  /** Teeth of the per-curve table for the generator: 1023 points, built on first use. */
  static final int G_TEETH = 10;
  /**
   * P-256's generator tables are wider: 2 × 4,095 points (≈ 786 KiB, built once per process),
   * 11 columns, so 22 mixed additions per verification for u1·G instead of 26.
   */
  static final int P256_G_TEETH_DEFAULT = 12;
  /** Tables of the generator's comb (Lim–Lee): 2 × 1023 points, ⌈bits(n)/20⌉ columns. */
  static final int G_TABLES = 2;
  /**
   * Teeth of each of P-256's generator tables: {@link #P256_G_TEETH_DEFAULT} unless the system
   * property {@code pkixj.p256.gTeeth} (8 … 14) says otherwise (benchmarks compare sizes).
   */
  static final int P256_G_TEETH = Math.max(8, Math.min(14,
      Integer.getInteger("pkixj.p256.gTeeth", P256_G_TEETH_DEFAULT)));
  /** Teeth of each of a hot key's tables: 255 points each. */
  static final int Q_TEETH_PROMOTED = 8;
  /**
   * Teeth of each of a very hot P-256 key's two tables (2,047 points each, ≈ 393 KiB for the key):
   * 12 columns, so a verification takes 12 doublings and about 46 mixed additions instead of 16
   * and 54. Only P-256, and only for a bounded number of keys (see {@link SignatureVerifier}).
   */
  static final int Q_TEETH_HOT = 11;
  /** Window of the signed-digit recoding of u2 for a key without a table: 8 odd multiples. */
  static final int WNAF_WIDTH = 5;
  private static final int WNAF_POINTS = 1 << (WNAF_WIDTH - 2);

  static final EcCurve P256 = new EcCurve("P-256", "secp256r1",
      new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07}, new EcField.P256(),
      2);
  static final EcCurve P384 = new EcCurve("P-384", "secp384r1",
      new byte[] {0x2b, (byte) 0x81, 0x04, 0x00, 0x22}, new EcField.P384(), 1);
  static final EcCurve P521 = new EcCurve("P-521", "secp521r1",
      new byte[] {0x2b, (byte) 0x81, 0x04, 0x00, 0x23}, new EcField.P521(), 1);

  final String name;
  /** The namedCurve OID value bytes. */
  final byte[] oid;
  final EcField f;
  /**
   * Tables of a promoted key's comb: 2 for P-256 (16 doublings per verification instead of 32,
   * 510 points ≈ 48 KiB), 1 for P-384 and P-521 (to bound memory: 255 points ≈ 32 and 45 KiB).
   */
  final int qTables;
  /** Bytes of one coordinate in an uncompressed point. */
  final int fieldBytes;
  final BigInteger p;
  final BigInteger n;
  final BigInteger b;
  final int orderBits;
  /** p − n: r + n is a candidate x-coordinate only when r &lt; p − n. */
  final BigInteger pMinusN;
  private final int[] one;
  private final int[] gx;
  private final int[] gy;
  /** Built on first use; racy single-check initialisation (a Comb is immutable). */
  private Comb gComb;
  /** Teeth of each table of the generator's comb. */
  private final int gTeeth;
  private final ThreadLocal<Work> work;
  /**
   * P-256's arithmetic on the 64-bit Montgomery field when the system property {@code
   * pkixj.p256.field} is {@code mont64}, else null. Off by default: measured at parity with
   * BouncyCastle's field or slower (bench/RESULTS.md, "Chain validation and signatures").
   */
  final P256Curve p256;

  private EcCurve(String name, String bcName, byte[] oid, EcField f, int qTables) {
    this.qTables = qTables;
    this.name = name;
    this.gTeeth = name.equals("P-256") ? P256_G_TEETH : G_TEETH;
    this.oid = oid;
    this.f = f;
    X9ECParameters params = CustomNamedCurves.getByName(bcName);
    this.p = params.getCurve().getField().getCharacteristic();
    this.n = params.getN();
    this.b = params.getCurve().getB().toBigInteger();
    this.fieldBytes = (p.bitLength() + 7) / 8;
    this.orderBits = n.bitLength();
    this.pMinusN = p.subtract(n);
    this.one = f.create();
    one[0] = 1;
    this.work = ThreadLocal.withInitial(() -> new Work(this));
    ECPoint g = params.getG().normalize();
    this.gx = f.fromBigInteger(g.getAffineXCoord().toBigInteger());
    this.gy = f.fromBigInteger(g.getAffineYCoord().toBigInteger());
    this.p256 = name.equals("P-256") && "mont64".equals(System.getProperty("pkixj.p256.field"))
        ? new P256Curve(this, gx, gy) : null;
  }

  private Comb generatorComb() {
    Comb g = gComb;
    if (g == null) {
      g = buildComb(gx, gy, gTeeth, G_TABLES, new Work(this));
      if (g == null) {
        throw new IllegalStateException("generator table for " + name);
      }
      gComb = g;
    }
    return g;
  }

  /** The curve whose namedCurve OID value is {@code buf[off, off+len)}, or null. */
  static EcCurve byOid(byte[] buf, int off, int len) {
    for (EcCurve c : new EcCurve[] {P256, P384, P521}) {
      if (java.util.Arrays.equals(buf, off, off + len, c.oid, 0, c.oid.length)) {
        return c;
      }
    }
    return null;
  }

  /**
   * Validates an uncompressed point's coordinates (big-endian, {@link #fieldBytes} each, at
   * {@code buf[off]}). Returns the key without a comb table (see {@link #keyComb}), or null if the
   * point is not on the curve or a coordinate is not a field element.
   */
  EcKey importPoint(byte[] buf, int off) {
    BigInteger x = new BigInteger(1, buf, off, fieldBytes);
    BigInteger y = new BigInteger(1, buf, off + fieldBytes, fieldBytes);
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return null;
    }
    // y² = x³ − 3x + b
    BigInteger lhs = y.multiply(y).mod(p);
    BigInteger rhs = x.multiply(x).subtract(BigInteger.valueOf(3)).multiply(x).add(b).mod(p);
    if (!lhs.equals(rhs)) {
      return null;
    }
    return new EcKey(this, f.fromBigInteger(x), f.fromBigInteger(y), null);
  }

  /**
   * The comb table ({@link #Q_TEETH_PROMOTED} teeth) of a validated key's point; null only if an
   * entry is at infinity, which cannot happen on these prime-order curves.
   */
  Comb keyComb(EcKey key) {
    return keyComb(key, Q_TEETH_PROMOTED);
  }

  /** The comb table of a validated key's point with the given teeth per table. */
  Comb keyComb(EcKey key, int teeth) {
    if (p256 != null) {
      return p256.keyComb(key, teeth);
    }
    return buildComb(key.x, key.y, teeth, qTables, work.get());
  }

  /** Whether keys on this curve get the {@link #Q_TEETH_HOT} tables when very hot. */
  boolean hasHotTables() {
    return this == P256;
  }

  /**
   * An affine comb table; entry j (1 ≤ j &lt; 2^w) is Σ{2^(i·d)·P : bit i of j set}, so entry 1 is
   * P.
   */
  static final class Comb {
    final int teeth;
    final int tables;
    final int cols;
    /** Entry j of table t at index t·2^teeth + j (j ≥ 1). */
    final int[][] xs;
    final int[][] ys;
    /** The same for P-256's 64-bit field ({@link P256Curve}); xs and ys are then null. */
    final long[][] lxs;
    final long[][] lys;

    Comb(int teeth, int tables, int cols, int[][] xs, int[][] ys) {
      this.teeth = teeth;
      this.tables = tables;
      this.cols = cols;
      this.xs = xs;
      this.ys = ys;
      this.lxs = null;
      this.lys = null;
    }

    Comb(int teeth, int tables, int cols, long[][] xs, long[][] ys) {
      this.teeth = teeth;
      this.tables = tables;
      this.cols = cols;
      this.xs = null;
      this.ys = null;
      this.lxs = xs;
      this.lys = ys;
    }
  }

  /** Per-thread scratch: the accumulator (X, Y, Z) in Jacobian coordinates and temporaries. */
  static final class Work {
    final int[] x;
    final int[] y;
    final int[] z;
    final int[] t0;
    final int[] t1;
    final int[] t2;
    final int[] t3;
    final int[] t4;
    final int[] t5;
    final int[] t6;
    final int[] t7;
    final int[] t8;
    final int[] t9;
    final int[] tt;
    boolean inf;
    /** The odd multiples Q, 3Q, …, 15Q of a key without a table (Jacobian, then affine). */
    final int[][] qx;
    final int[][] qy;
    final int[][] qz;
    /** −y of each odd multiple. */
    final int[][] qny;
    /** The wNAF digits of u2, one per bit position (most are 0). */
    final int[] naf;
    /**
     * P-256 only (null otherwise), see {@link P256Order#scalars}: u1 and u2 (9 limbs, the top one
     * 0, as the combs and the wNAF read them), r, r + n, s (then the digest), s⁻¹·2^256 mod n and
     * a product.
     */
    final int[] k1;
    final int[] k2;
    final int[] kr;
    final int[] krn;
    final int[] ks;
    final int[] kinv;
    final int[] kzz;

    Work(EcCurve c) {
      EcField f = c.f;
      qx = new int[WNAF_POINTS][];
      qy = new int[WNAF_POINTS][];
      qz = new int[WNAF_POINTS][];
      qny = new int[WNAF_POINTS][];
      for (int i = 0; i < WNAF_POINTS; i++) {
        qx[i] = f.create();
        qy[i] = f.create();
        qz[i] = f.create();
        qny[i] = f.create();
      }
      naf = new int[c.orderBits + 1];
      x = f.create();
      y = f.create();
      z = f.create();
      t0 = f.create();
      t1 = f.create();
      t2 = f.create();
      t3 = f.create();
      t4 = f.create();
      t5 = f.create();
      t6 = f.create();
      t7 = f.create();
      t8 = f.create();
      t9 = f.create();
      tt = new int[f.extLimbs];
      boolean p256 = f instanceof EcField.P256;
      k1 = p256 ? new int[P256Order.SCALAR_LIMBS] : null;
      k2 = p256 ? new int[P256Order.SCALAR_LIMBS] : null;
      kr = p256 ? new int[8] : null;
      krn = p256 ? new int[8] : null;
      ks = p256 ? new int[8] : null;
      kinv = p256 ? new int[8] : null;
      kzz = p256 ? new int[16] : null;
    }
  }

  /** Doubles the accumulator (dbl-2001-b for a = −3: 3M + 5S). */
  private void dbl(Work w) {
    EcField f = this.f;
    int[] x = w.x;
    int[] y = w.y;
    int[] z = w.z;
    int[] tt = w.tt;
    int[] delta = w.t0;
    int[] gamma = w.t1;
    int[] beta = w.t2;
    int[] alpha = w.t3;
    int[] t1 = w.t4;
    int[] t2 = w.t5;
    f.sqr(z, delta, tt);
    f.sqr(y, gamma, tt);
    f.mul(x, gamma, beta, tt);
    f.sub(x, delta, t1);
    f.add(x, delta, t2);
    f.mul(t1, t2, alpha, tt);
    f.twice(alpha, t1);
    f.add(alpha, t1, alpha);
    // Z3 = (Y1 + Z1)² − γ − δ
    f.add(y, z, t1);
    f.sqr(t1, t1, tt);
    f.sub(t1, gamma, t1);
    f.sub(t1, delta, z);
    // X3 = α² − 8β
    f.twice(beta, beta);
    f.twice(beta, beta); // 4β
    f.twice(beta, t1); // 8β
    f.sqr(alpha, x, tt);
    f.sub(x, t1, x);
    // Y3 = α(4β − X3) − 8γ²
    f.sub(beta, x, t1);
    f.mul(alpha, t1, t1, tt);
    f.sqr(gamma, t2, tt);
    f.twice(t2, t2);
    f.twice(t2, t2);
    f.twice(t2, t2);
    f.sub(t1, t2, y);
  }

  /**
   * Adds the affine point (x2, y2) to the accumulator (madd-2007-bl: 7M + 4S), handling the
   * accumulator at infinity, equal points (doubling) and opposite points (infinity).
   */
  private void madd(Work w, int[] x2, int[] y2) {
    EcField f = this.f;
    int[] x = w.x;
    int[] y = w.y;
    int[] z = w.z;
    if (w.inf) {
      f.copy(x2, x);
      f.copy(y2, y);
      f.copy(one, z);
      w.inf = false;
      return;
    }
    int[] tt = w.tt;
    int[] z1z1 = w.t0;
    int[] u2 = w.t1;
    int[] s2 = w.t2;
    int[] h = w.t3;
    int[] r = w.t4;
    int[] hh = w.t5;
    int[] i4 = w.t6;
    int[] j = w.t7;
    int[] v = w.t8;
    int[] t = w.t9;
    f.sqr(z, z1z1, tt);
    f.mul(x2, z1z1, u2, tt);
    f.mul(y2, z, s2, tt);
    f.mul(s2, z1z1, s2, tt);
    f.sub(u2, x, h);
    f.sub(s2, y, r);
    if (f.isZero(h)) {
      if (f.isZero(r)) {
        dbl(w);
      } else {
        w.inf = true;
      }
      return;
    }
    f.twice(r, r);
    f.sqr(h, hh, tt);
    f.twice(hh, i4);
    f.twice(i4, i4);
    f.mul(h, i4, j, tt);
    f.mul(x, i4, v, tt);
    // X3 = r² − J − 2V
    f.sqr(r, x, tt);
    f.sub(x, j, x);
    f.twice(v, t);
    f.sub(x, t, x);
    // Y3 = r(V − X3) − 2·Y1·J
    f.sub(v, x, t);
    f.mul(r, t, t, tt);
    f.mul(y, j, s2, tt);
    f.twice(s2, s2);
    f.sub(t, s2, y);
    // Z3 = (Z1 + H)² − Z1Z1 − HH
    f.add(z, h, t);
    f.sqr(t, t, tt);
    f.sub(t, z1z1, t);
    f.sub(t, hh, z);
  }

  /**
   * Builds the comb of the affine point (px, py) with {@code tables} tables of {@code teeth} teeth
   * each; null if an entry is at infinity.
   */
  private Comb buildComb(int[] px, int[] py, int teeth, int tables, Work w) {
    EcField f = this.f;
    int rows = teeth * tables;
    int cols = (orderBits + rows - 1) / rows;
    int size = 1 << teeth;
    // Jacobian coordinates of every entry, normalised together at the end.
    int[][] jx = new int[tables * size][];
    int[][] jy = new int[tables * size][];
    int[][] jz = new int[tables * size][];
    // Affine bases B_t = 2^(t·d)·P.
    int[][] bx = new int[rows][];
    int[][] by = new int[rows][];
    int[][] bz = new int[rows][];
    bx[0] = px.clone();
    by[0] = py.clone();
    bz[0] = one.clone();
    f.copy(px, w.x);
    f.copy(py, w.y);
    f.copy(one, w.z);
    w.inf = false;
    for (int i = 1; i < rows; i++) {
      for (int k = 0; k < cols; k++) {
        dbl(w);
      }
      bx[i] = w.x.clone();
      by[i] = w.y.clone();
      bz[i] = w.z.clone();
    }
    if (!normalizeAll(bx, by, bz, 0, rows, w)) {
      return null;
    }
    for (int t = 0; t < tables; t++) {
      int base = t * size;
      for (int j = 1; j < size; j++) {
        int hb = 31 - Integer.numberOfLeadingZeros(j);
        int rest = j ^ (1 << hb);
        int b = t * teeth + hb;
        if (rest == 0) {
          jx[base + j] = bx[b].clone();
          jy[base + j] = by[b].clone();
          jz[base + j] = one.clone();
          continue;
        }
        f.copy(jx[base + rest], w.x);
        f.copy(jy[base + rest], w.y);
        f.copy(jz[base + rest], w.z);
        w.inf = false;
        madd(w, bx[b], by[b]);
        if (w.inf) {
          return null;
        }
        jx[base + j] = w.x.clone();
        jy[base + j] = w.y.clone();
        jz[base + j] = w.z.clone();
      }
    }
    for (int t = 0; t < tables; t++) {
      if (!normalizeAll(jx, jy, jz, t * size + 1, (t + 1) * size, w)) {
        return null;
      }
    }
    return new Comb(teeth, tables, cols, jx, jy);
  }

  /**
   * Converts points [from, to) from Jacobian to affine in place with one inversion (Montgomery's
   * trick); false if some Z is zero.
   */
  private boolean normalizeAll(int[][] xs, int[][] ys, int[][] zs, int from, int to, Work w) {
    EcField f = this.f;
    int m = to - from;
    int[][] acc = new int[m][];
    int[] tt = w.tt;
    for (int i = 0; i < m; i++) {
      int[] zi = zs[from + i];
      if (f.isZero(zi)) {
        return false;
      }
      acc[i] = f.create();
      if (i == 0) {
        f.copy(zi, acc[0]);
      } else {
        f.mul(acc[i - 1], zi, acc[i], tt);
      }
    }
    int[] inv = f.create();
    f.inv(acc[m - 1], inv);
    int[] zInv = f.create();
    int[] zInv2 = f.create();
    for (int i = m - 1; i >= 0; i--) {
      int[] zi = zs[from + i];
      if (i > 0) {
        f.mul(inv, acc[i - 1], zInv, tt);
        f.mul(inv, zi, inv, tt);
      } else {
        f.copy(inv, zInv);
      }
      f.sqr(zInv, zInv2, tt);
      f.mul(xs[from + i], zInv2, xs[from + i], tt);
      f.mul(zInv2, zInv, zInv2, tt);
      f.mul(ys[from + i], zInv2, ys[from + i], tt);
      f.copy(one, zi);
    }
    return true;
  }

  /**
   * ECDSA verification (FIPS 186-4 §6.4.2, as NSS's freebl): r and s must be in [1, n−1]; the
   * digest is truncated to the order's bit length. Returns SUCCESS or BAD_SIGNATURE. A key with a
   * comb table is walked together with the generator's comb; a key without one uses a wNAF of u2
   * interleaved with the generator's comb (see {@link #sumWnaf}). For P-256 the arithmetic mod n
   * is done on limbs ({@link P256Order}); for P-384 and P-521 with BigInteger.
   */
  Result verify(EcKey key, byte[] digest, byte[] sigBuf, int rOff, int rLen, int sOff,
      int sLen) {
    int orderBytes = (orderBits + 7) / 8;
    if (rLen > orderBytes || sLen > orderBytes) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    if (this == P256) {
      return verifyP256(key, digest, sigBuf, rOff, rLen, sOff, sLen);
    }
    return verifyWithBigInteger(key, digest, sigBuf, rOff, rLen, sOff, sLen);
  }

  /**
   * {@link #verify} with the arithmetic mod n on BigInteger (rLen, sLen ≤ the order's bytes
   * checked): the path of P-384 and P-521; for P-256 the tests' reference for {@link P256Order}.
   * Not for P-256 with the 64-bit field.
   */
  Result verifyWithBigInteger(EcKey key, byte[] digest, byte[] sigBuf, int rOff, int rLen,
      int sOff, int sLen) {
    BigInteger r = new BigInteger(1, sigBuf, rOff, rLen);
    BigInteger s = new BigInteger(1, sigBuf, sOff, sLen);
    if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    BigInteger e = new BigInteger(1, digest);
    int excess = digest.length * 8 - orderBits;
    if (excess > 0) {
      e = e.shiftRight(excess);
    }
    BigInteger sInv = BigIntegers.modOddInverseVar(n, s);
    BigInteger u1 = e.multiply(sInv).mod(n);
    BigInteger u2 = r.multiply(sInv).mod(n);

    Comb g = generatorComb();
    Work w = work.get();
    Comb q = key.comb;
    if (q != null) {
      sumCombs(w, g, scalar(u1, g), q, scalar(u2, q));
    } else {
      sumWnaf(w, g, scalar(u1, g), key, wnafLimbs(u2));
    }
    // x(R) = X/Z² must be ≡ r (mod n); x(R) < p < 2n, so x(R) ∈ {r, r + n}.
    int[] rPlusN = r.compareTo(pMinusN) < 0 ? f.fromBigInteger(r.add(n)) : null;
    return xMatches(w, f.fromBigInteger(r), rPlusN)
        ? Result.SUCCESS : Result.SEC_ERROR_BAD_SIGNATURE;
  }

  /**
   * {@link #verify} for P-256 (rLen, sLen ≤ 32 checked): r, s and the digest are read into limbs,
   * u1 = e·s⁻¹ and u2 = r·s⁻¹ (mod n) computed there by {@link P256Order} in the per-thread {@link
   * Work}, and handed to the point arithmetic without a BigInteger.
   */
  private Result verifyP256(EcKey key, byte[] digest, byte[] sigBuf, int rOff, int rLen,
      int sOff, int sLen) {
    Work w = work.get();
    if (!P256Order.scalars(digest, sigBuf, rOff, rLen, sOff, sLen, w)) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    // r + n is a candidate x-coordinate only when it is below p (no carry: r + n < p < 2^256).
    int[] rPlusN = null;
    if (!Nat256.gte(w.kr, P256Order.P_MINUS_N)) {
      Nat256.add(w.kr, P256Order.N, w.krn);
      rPlusN = w.krn;
    }
    if (p256 != null) {
      return p256.check(key, w.k1, w.k2, w.kr, rPlusN)
          ? Result.SUCCESS : Result.SEC_ERROR_BAD_SIGNATURE;
    }
    Comb g = generatorComb();
    Comb q = key.comb;
    if (q != null) {
      sumCombs(w, g, w.k1, q, w.k2);
    } else {
      sumWnaf(w, g, w.k1, key, w.k2);
    }
    return xMatches(w, w.kr, rPlusN) ? Result.SUCCESS : Result.SEC_ERROR_BAD_SIGNATURE;
  }

  /**
   * Whether the accumulator (Jacobian) is a finite point whose x-coordinate X/Z² is r or, when
   * rPlusN is not null, r + n (both field elements): X ≟ r·Z², so no inversion is needed.
   */
  private boolean xMatches(Work w, int[] r, int[] rPlusN) {
    if (w.inf) {
      return false;
    }
    EcField f = this.f;
    int[] z2 = w.t0;
    int[] cand = w.t1;
    f.sqr(w.z, z2, w.tt);
    f.mul(r, z2, cand, w.tt);
    if (f.eq(cand, w.x)) {
      return true;
    }
    if (rPlusN != null) {
      f.mul(rPlusN, z2, cand, w.tt);
      return f.eq(cand, w.x);
    }
    return false;
  }

  /**
   * Accumulates k1·G + k2·Q in w from the two combs (shared doublings); k1 and k2 are little-endian
   * limbs covering at least teeth·tables·cols bits of their comb (zero above the scalar).
   */
  private void sumCombs(Work w, Comb g, int[] k1, Comb q, int[] k2) {
    int gCols = g.cols;
    int qCols = q.cols;
    int cols = Math.max(gCols, qCols);
    w.inf = true;
    for (int col = cols - 1; col >= 0; col--) {
      if (!w.inf) {
        dbl(w);
      }
      if (col < gCols) {
        addColumn(w, g, k1, col);
      }
      if (col < qCols) {
        addColumn(w, q, k2, col);
      }
    }
  }

  /** Adds each table's entry for column {@code col} of the scalar k. */
  private void addColumn(Work w, Comb c, int[] k, int col) {
    int teeth = c.teeth;
    int cols = c.cols;
    for (int t = 0; t < c.tables; t++) {
      int idx = 0;
      for (int i = teeth - 1, pos = (t * teeth + i) * cols + col; i >= 0; i--, pos -= cols) {
        idx = (idx << 1) | ((k[pos >>> 5] >>> (pos & 31)) & 1);
      }
      if (idx != 0) {
        int e = (t << teeth) + idx;
        madd(w, c.xs[e], c.ys[e]);
      }
    }
  }

  /**
   * Accumulates u1·G + u2·Q in w for a key without a table: the odd multiples Q … 15Q are built
   * (and made affine with two inversions) on the fly, u2 is recoded as a width-{@value
   * #WNAF_WIDTH} NAF, and one Horner pass over its bit positions also adds the generator's comb
   * entry for column i at position i (u1·G = Σ 2^i·T[index(i)]), so both share the doublings.
   * k1 covers the generator comb's bits (as for {@link #sumCombs}); k2 has at least
   * (orderBits + 32) / 32 limbs.
   */
  private void sumWnaf(Work w, Comb g, int[] k1, EcKey key, int[] k2) {
    EcField f = this.f;
    int[][] qx = w.qx;
    int[][] qy = w.qy;
    int[][] qz = w.qz;
    int[][] qny = w.qny;
    // 2Q, made affine.
    f.copy(key.x, w.x);
    f.copy(key.y, w.y);
    f.copy(one, w.z);
    w.inf = false;
    dbl(w);
    int[] zInv = w.t6;
    int[] zInv2 = w.t7;
    int[] dx = w.t8;
    int[] dy = w.t9;
    if (f.isZero(w.z)) {
      throw new IllegalStateException("2Q at infinity");
    }
    f.inv(w.z, zInv);
    f.sqr(zInv, zInv2, w.tt);
    f.mul(w.x, zInv2, dx, w.tt);
    f.mul(zInv2, zInv, zInv2, w.tt);
    f.mul(w.y, zInv2, dy, w.tt);
    // (2i+1)·Q = (2i−1)·Q + 2Q in Jacobian coordinates, then all made affine together.
    f.copy(key.x, qx[0]);
    f.copy(key.y, qy[0]);
    f.copy(one, qz[0]);
    f.copy(key.x, w.x);
    f.copy(key.y, w.y);
    f.copy(one, w.z);
    w.inf = false;
    // dx, dy live in t8/t9, which madd uses as scratch: park them in qny[0], qny[1] (set below).
    f.copy(dx, qny[0]);
    f.copy(dy, qny[1]);
    for (int i = 1; i < WNAF_POINTS; i++) {
      madd(w, qny[0], qny[1]);
      if (w.inf) {
        throw new IllegalStateException("odd multiple at infinity");
      }
      f.copy(w.x, qx[i]);
      f.copy(w.y, qy[i]);
      f.copy(w.z, qz[i]);
    }
    if (!normalizeAll(qx, qy, qz, 1, WNAF_POINTS, w)) {
      throw new IllegalStateException("odd multiple at infinity");
    }
    int[] zero = w.t0;
    for (int i = 0; i < WNAF_POINTS; i++) {
      java.util.Arrays.fill(zero, 0);
      f.sub(zero, qy[i], qny[i]);
    }
    int top = wnaf(k2, w.naf);
    int gCols = g.cols;
    int[] naf = w.naf;
    w.inf = true;
    for (int i = Math.max(top, gCols - 1); i >= 0; i--) {
      if (!w.inf) {
        dbl(w);
      }
      int d = naf[i];
      if (d > 0) {
        madd(w, qx[d >>> 1], qy[d >>> 1]);
      } else if (d < 0) {
        madd(w, qx[(-d) >>> 1], qny[(-d) >>> 1]);
      }
      if (i < gCols) {
        addColumn(w, g, k1, i);
      }
    }
  }

  /** k (0 ≤ k &lt; n) as the little-endian limbs {@link #wnaf} reads. */
  int[] wnafLimbs(BigInteger k) {
    return Nat.fromBigInteger((orderBits + 32) & ~31, k);
  }

  /**
   * Writes the width-{@value #WNAF_WIDTH} NAF of k (0 ≤ k &lt; n, little-endian limbs, at least
   * (orderBits + 32) / 32 of them, zero above k) into naf[0 .. orderBits]: odd digits in
   * ±[1, 2^(w−1) − 1], any two non-zero digits at least w positions apart. Returns the highest
   * position written non-zero, or −1 for k = 0.
   */
  int wnaf(int[] limbs, int[] naf) {
    int bits = orderBits;
    java.util.Arrays.fill(naf, 0);
    final int pow2 = 1 << WNAF_WIDTH;
    final int mask = pow2 - 1;
    final int sign = pow2 >>> 1;
    int carry = 0;
    int top = -1;
    int pos = 0;
    while (pos <= bits) {
      int bit = (limbs[pos >>> 5] >>> (pos & 31)) & 1;
      if (bit == carry) {
        pos++;
        continue;
      }
      int digit = (window(limbs, pos) & mask) + carry;
      carry = (digit & sign) != 0 ? 1 : 0;
      if (carry != 0) {
        digit -= pow2;
      }
      naf[pos] = digit;
      top = pos;
      pos += WNAF_WIDTH;
    }
    return top;
  }

  /** Bits [pos, pos + 32) of the little-endian limbs (zeros past the end). */
  private static int window(int[] limbs, int pos) {
    int i = pos >>> 5;
    int sh = pos & 31;
    int lo = limbs[i] >>> sh;
    if (sh != 0 && i + 1 < limbs.length) {
      lo |= limbs[i + 1] << (32 - sh);
    }
    return lo;
  }

  /**
   * For tests: the sum of the given affine points (as field elements) computed with the verifier's
   * own mixed addition, returned affine as {x, y}, or null for the point at infinity.
   */
  int[][] sumOfAffinePoints(int[][] xs, int[][] ys) {
    Work w = new Work(this);
    w.inf = true;
    for (int i = 0; i < xs.length; i++) {
      madd(w, xs[i], ys[i]);
    }
    if (w.inf) {
      return null;
    }
    int[] zInv = f.create();
    int[] zInv2 = f.create();
    f.inv(w.z, zInv);
    f.sqr(zInv, zInv2, w.tt);
    int[] x = f.create();
    f.mul(w.x, zInv2, x, w.tt);
    f.mul(zInv2, zInv, zInv2, w.tt);
    int[] y = f.create();
    f.mul(w.y, zInv2, y, w.tt);
    return new int[][] {x, y};
  }

  /** The scalar as little-endian limbs covering teeth·tables·cols bits. */
  static int[] scalar(BigInteger k, Comb c) {
    return Nat.fromBigInteger(((c.teeth * c.tables * c.cols + 31) & ~31), k);
  }

  /**
   * P-256's ECDSA scalar arithmetic modulo the group order n, on 8 little-endian 32-bit limbs and
   * without BigInteger or allocation (but for BouncyCastle's inversion): the products e·s⁻¹ and
   * r·s⁻¹ are {@code Nat256.mul} followed by a Montgomery reduction (REDC, R = 2^256). To get
   * plain products out of it, s is first reduced to s·R⁻¹ (REDC of s itself, no product) and
   * inverted there, giving s⁻¹·R; REDC(e·s⁻¹·R) = e·s⁻¹ mod n.
   */
  static final class P256Order {
    /** Limbs of u1 and u2: one more than n's, since the generator's comb reads up to 280 bits. */
    static final int SCALAR_LIMBS = 9;
    /** n. */
    static final int[] N = {0xfc632551, 0xf3b9cac2, 0xa7179e84, 0xbce6faad, 0xffffffff,
        0xffffffff, 0x00000000, 0xffffffff};
    /** p − n: r + n &lt; p exactly when r &lt; p − n. */
    static final int[] P_MINUS_N = {0x039cdaae, 0x0c46353d, 0x58e8617b, 0x43190553, 0x00000000,
        0x00000000, 0x00000000, 0x00000000};
    /** −n⁻¹ mod 2^32. */
    static final int N0 = -Mod.inverse32(N[0]);
    private static final long M = 0xffffffffL;

    private P256Order() {}

    /**
     * Reads r and s (big-endian, at most 32 bytes each) and the digest into w: false unless
     * 1 ≤ r, s ≤ n − 1; else w.kr = r, w.k1 = e·s⁻¹ and w.k2 = r·s⁻¹ mod n, where e is the
     * digest's leftmost 256 bits (all of a shorter digest), with a zero ninth limb. Uses w.ks,
     * w.kinv and w.kzz.
     */
    static boolean scalars(byte[] digest, byte[] sig, int rOff, int rLen, int sOff, int sLen,
        Work w) {
      int[] r = w.kr;
      int[] s = w.ks;
      fromBytes(sig, rOff, rLen, r);
      fromBytes(sig, sOff, sLen, s);
      if (!inRange(r) || !inRange(s)) {
        return false;
      }
      int[] zz = w.kzz;
      System.arraycopy(s, 0, zz, 0, 8);
      java.util.Arrays.fill(zz, 8, 16, 0);
      redc(zz, s); // s·R⁻¹, non-zero
      if (!Mod.modOddInverseVar(N, s, w.kinv)) { // s⁻¹·R
        return false;
      }
      fromBytes(digest, 0, Math.min(digest.length, 32), s);
      mulRedc(s, w.kinv, w.k1, zz);
      mulRedc(r, w.kinv, w.k2, zz);
      w.k1[8] = 0;
      w.k2[8] = 0;
      return true;
    }

    /** 1 ≤ x ≤ n − 1. */
    static boolean inRange(int[] x) {
      return !Nat256.isZero(x) && !Nat256.gte(x, N);
    }

    /** z[0..8) = the big-endian b[off, off+len) (len ≤ 32) as little-endian limbs. */
    static void fromBytes(byte[] b, int off, int len, int[] z) {
      java.util.Arrays.fill(z, 0, 8, 0);
      int end = off + len;
      for (int i = 0; i < len; i++) {
        z[i >>> 2] |= (b[end - 1 - i] & 0xff) << ((i & 3) << 3);
      }
    }

    /** z[0..8) = x·y·R⁻¹ mod n for x &lt; 2^256, y &lt; n (zz: 16 limbs of scratch). */
    static void mulRedc(int[] x, int[] y, int[] z, int[] zz) {
      Nat256.mul(x, y, zz);
      redc(zz, z);
    }

    /**
     * z[0..8) = T·R⁻¹ mod n for T = zz[0..16) &lt; n·R (zz is overwritten): eight rounds of adding
     * m·n·2^(32i) with m = zz[i]·(−n⁻¹) mod 2^32, which clears limb i; what is left, T' / R, is
     * below 2n, so one conditional subtraction of n.
     */
    static void redc(int[] zz, int[] z) {
      long n0 = N[0] & M;
      long n1 = N[1] & M;
      long n2 = N[2] & M;
      long n3 = N[3] & M;
      long n4 = N[4] & M;
      long n5 = N[5] & M;
      long n6 = N[6] & M;
      long n7 = N[7] & M;
      long top = 0; // the carry out of limb i + 8 of the previous round, added at limb i + 8
      for (int i = 0; i < 8; i++) {
        long m = (zz[i] * N0) & M;
        long c = m * n0 + (zz[i] & M);
        c >>>= 32; // limb i becomes 0
        c += m * n1 + (zz[i + 1] & M);
        zz[i + 1] = (int) c;
        c >>>= 32;
        c += m * n2 + (zz[i + 2] & M);
        zz[i + 2] = (int) c;
        c >>>= 32;
        c += m * n3 + (zz[i + 3] & M);
        zz[i + 3] = (int) c;
        c >>>= 32;
        c += m * n4 + (zz[i + 4] & M);
        zz[i + 4] = (int) c;
        c >>>= 32;
        c += m * n5 + (zz[i + 5] & M);
        zz[i + 5] = (int) c;
        c >>>= 32;
        c += m * n6 + (zz[i + 6] & M);
        zz[i + 6] = (int) c;
        c >>>= 32;
        c += m * n7 + (zz[i + 7] & M);
        zz[i + 7] = (int) c;
        c >>>= 32;
        c += (zz[i + 8] & M) + top;
        zz[i + 8] = (int) c;
        top = c >>> 32;
      }
      System.arraycopy(zz, 8, z, 0, 8);
      if (top != 0 || Nat256.gte(z, N)) {
        Nat256.subFrom(N, z);
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
