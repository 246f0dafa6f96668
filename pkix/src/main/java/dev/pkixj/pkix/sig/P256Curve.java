package dev.pkixj.pkix.sig;

import java.math.BigInteger;

/**
 * The point arithmetic of {@link EcCurve} for P-256 on {@link P256Mont}'s 64-bit Montgomery field
 * ({@code long[4]} elements): the same algorithms (two-comb walk for a key with a table, wNAF of
 * u2 interleaved with the generator's comb otherwise, the final check without inversion) and the
 * same formulas, so {@link EcCurve}'s documentation applies. {@link EcKey} keeps its point as
 * canonical {@code int[]} limbs; they are converted here (two multiplications) per use.
 *
 * <p>Used only when the system property {@code pkixj.p256.field} is {@code mont64}: measured at
 * parity with BouncyCastle's 32-bit field or slower (bench/RESULTS.md), because Java 17 has neither
 * an unsigned high multiply nor add-with-carry, so the fewer 64-bit products pay for the
 * unsigned correction and for carries computed with compare-and-set.
 */
final class P256Curve {
  private final EcCurve c;
  /** Built on first use; racy single-check initialisation (a Comb is immutable). */
  private EcCurve.Comb gComb;
  private final long[] gx;
  private final long[] gy;
  private final ThreadLocal<Work> work;

  P256Curve(EcCurve c, int[] gx, int[] gy) {
    this.c = c;
    this.gx = new long[4];
    this.gy = new long[4];
    P256Mont.fromCanonicalInts(gx, this.gx);
    P256Mont.fromCanonicalInts(gy, this.gy);
    this.work = ThreadLocal.withInitial(() -> new Work(c.orderBits));
  }

  private EcCurve.Comb generatorComb() {
    EcCurve.Comb g = gComb;
    if (g == null) {
      g = buildComb(gx, gy, EcCurve.P256_G_TEETH, EcCurve.G_TABLES, new Work(c.orderBits));
      if (g == null) {
        throw new IllegalStateException("generator table for P-256");
      }
      gComb = g;
    }
    return g;
  }

  /** The comb of a validated key (see {@link EcCurve#keyComb}). */
  EcCurve.Comb keyComb(EcKey key, int teeth) {
    Work w = work.get();
    long[] x = new long[4];
    long[] y = new long[4];
    P256Mont.fromCanonicalInts(key.x, x);
    P256Mont.fromCanonicalInts(key.y, y);
    return buildComb(x, y, teeth, c.qTables, w);
  }

  /** Per-thread scratch, as {@link EcCurve.Work}. */
  static final class Work {
    final long[] x = new long[4];
    final long[] y = new long[4];
    final long[] z = new long[4];
    final long[] t0 = new long[4];
    final long[] t1 = new long[4];
    final long[] t2 = new long[4];
    final long[] t3 = new long[4];
    final long[] t4 = new long[4];
    final long[] t5 = new long[4];
    final long[] t6 = new long[4];
    final long[] t7 = new long[4];
    final long[] t8 = new long[4];
    final long[] t9 = new long[4];
    boolean inf;
    final long[] kx = new long[4];
    final long[] ky = new long[4];
    final long[][] qx;
    final long[][] qy;
    final long[][] qz;
    final long[][] qny;
    final int[] naf;

    Work(int orderBits) {
      int np = 1 << (EcCurve.WNAF_WIDTH - 2);
      qx = new long[np][4];
      qy = new long[np][4];
      qz = new long[np][4];
      qny = new long[np][4];
      naf = new int[orderBits + 1];
    }
  }

  private static void copy(long[] from, long[] to) {
    to[0] = from[0];
    to[1] = from[1];
    to[2] = from[2];
    to[3] = from[3];
  }

  private static boolean isZero(long[] x) {
    return (x[0] | x[1] | x[2] | x[3]) == 0;
  }

  private static boolean eq(long[] x, long[] y) {
    return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3])) == 0;
  }

  /** Doubles the accumulator (dbl-2001-b for a = −3: 3M + 5S). */
  private static void dbl(Work w) {
    long[] x = w.x;
    long[] y = w.y;
    long[] z = w.z;
    long[] delta = w.t0;
    long[] gamma = w.t1;
    long[] beta = w.t2;
    long[] alpha = w.t3;
    long[] t1 = w.t4;
    long[] t2 = w.t5;
    P256Mont.sqr(z, delta);
    P256Mont.sqr(y, gamma);
    P256Mont.mul(x, gamma, beta);
    P256Mont.sub(x, delta, t1);
    P256Mont.add(x, delta, t2);
    P256Mont.mul(t1, t2, alpha);
    P256Mont.twice(alpha, t1);
    P256Mont.add(alpha, t1, alpha);
    // Z3 = (Y1 + Z1)² − γ − δ
    P256Mont.add(y, z, t1);
    P256Mont.sqr(t1, t1);
    P256Mont.sub(t1, gamma, t1);
    P256Mont.sub(t1, delta, z);
    // X3 = α² − 8β
    P256Mont.twice(beta, beta);
    P256Mont.twice(beta, beta); // 4β
    P256Mont.twice(beta, t1); // 8β
    P256Mont.sqr(alpha, x);
    P256Mont.sub(x, t1, x);
    // Y3 = α(4β − X3) − 8γ²
    P256Mont.sub(beta, x, t1);
    P256Mont.mul(alpha, t1, t1);
    P256Mont.sqr(gamma, t2);
    P256Mont.twice(t2, t2);
    P256Mont.twice(t2, t2);
    P256Mont.twice(t2, t2);
    P256Mont.sub(t1, t2, y);
  }

  /**
   * Adds the affine point (x2, y2) to the accumulator (madd-2007-bl: 7M + 4S), handling the
   * accumulator at infinity, equal points (doubling) and opposite points (infinity).
   */
  private static void madd(Work w, long[] x2, long[] y2) {
    long[] x = w.x;
    long[] y = w.y;
    long[] z = w.z;
    if (w.inf) {
      copy(x2, x);
      copy(y2, y);
      copy(P256Mont.ONE, z);
      w.inf = false;
      return;
    }
    long[] z1z1 = w.t0;
    long[] u2 = w.t1;
    long[] s2 = w.t2;
    long[] h = w.t3;
    long[] r = w.t4;
    long[] hh = w.t5;
    long[] i4 = w.t6;
    long[] j = w.t7;
    long[] v = w.t8;
    long[] t = w.t9;
    P256Mont.sqr(z, z1z1);
    P256Mont.mul(x2, z1z1, u2);
    P256Mont.mul(y2, z, s2);
    P256Mont.mul(s2, z1z1, s2);
    P256Mont.sub(u2, x, h);
    P256Mont.sub(s2, y, r);
    if (isZero(h)) {
      if (isZero(r)) {
        dbl(w);
      } else {
        w.inf = true;
      }
      return;
    }
    P256Mont.twice(r, r);
    P256Mont.sqr(h, hh);
    P256Mont.twice(hh, i4);
    P256Mont.twice(i4, i4);
    P256Mont.mul(h, i4, j);
    P256Mont.mul(x, i4, v);
    // X3 = r² − J − 2V
    P256Mont.sqr(r, x);
    P256Mont.sub(x, j, x);
    P256Mont.twice(v, t);
    P256Mont.sub(x, t, x);
    // Y3 = r(V − X3) − 2·Y1·J
    P256Mont.sub(v, x, t);
    P256Mont.mul(r, t, t);
    P256Mont.mul(y, j, s2);
    P256Mont.twice(s2, s2);
    P256Mont.sub(t, s2, y);
    // Z3 = (Z1 + H)² − Z1Z1 − HH
    P256Mont.add(z, h, t);
    P256Mont.sqr(t, t);
    P256Mont.sub(t, z1z1, t);
    P256Mont.sub(t, hh, z);
  }

  /** As {@link EcCurve}'s buildComb, on this field. */
  private EcCurve.Comb buildComb(long[] px, long[] py, int teeth, int tables, Work w) {
    int rows = teeth * tables;
    int cols = (c.orderBits + rows - 1) / rows;
    int size = 1 << teeth;
    long[][] jx = new long[tables * size][];
    long[][] jy = new long[tables * size][];
    long[][] jz = new long[tables * size][];
    long[][] bx = new long[rows][];
    long[][] by = new long[rows][];
    long[][] bz = new long[rows][];
    bx[0] = px.clone();
    by[0] = py.clone();
    bz[0] = P256Mont.ONE.clone();
    copy(px, w.x);
    copy(py, w.y);
    copy(P256Mont.ONE, w.z);
    w.inf = false;
    for (int i = 1; i < rows; i++) {
      for (int k = 0; k < cols; k++) {
        dbl(w);
      }
      bx[i] = w.x.clone();
      by[i] = w.y.clone();
      bz[i] = w.z.clone();
    }
    if (!normalizeAll(bx, by, bz, 0, rows)) {
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
          jz[base + j] = P256Mont.ONE.clone();
          continue;
        }
        copy(jx[base + rest], w.x);
        copy(jy[base + rest], w.y);
        copy(jz[base + rest], w.z);
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
      if (!normalizeAll(jx, jy, jz, t * size + 1, (t + 1) * size)) {
        return null;
      }
    }
    return new EcCurve.Comb(teeth, tables, cols, jx, jy);
  }

  /** Jacobian to affine in place with one inversion (Montgomery's trick); false if some Z is 0. */
  private static boolean normalizeAll(long[][] xs, long[][] ys, long[][] zs, int from, int to) {
    int m = to - from;
    long[][] acc = new long[m][4];
    for (int i = 0; i < m; i++) {
      long[] zi = zs[from + i];
      if (isZero(zi)) {
        return false;
      }
      if (i == 0) {
        copy(zi, acc[0]);
      } else {
        P256Mont.mul(acc[i - 1], zi, acc[i]);
      }
    }
    long[] inv = new long[4];
    P256Mont.inv(acc[m - 1], inv);
    long[] zInv = new long[4];
    long[] zInv2 = new long[4];
    for (int i = m - 1; i >= 0; i--) {
      long[] zi = zs[from + i];
      if (i > 0) {
        P256Mont.mul(inv, acc[i - 1], zInv);
        P256Mont.mul(inv, zi, inv);
      } else {
        copy(inv, zInv);
      }
      P256Mont.sqr(zInv, zInv2);
      P256Mont.mul(xs[from + i], zInv2, xs[from + i]);
      P256Mont.mul(zInv2, zInv, zInv2);
      P256Mont.mul(ys[from + i], zInv2, ys[from + i]);
      copy(P256Mont.ONE, zi);
    }
    return true;
  }

  /**
   * The point part of ECDSA verification: whether x(u1·G + u2·Q) is r or, when rPlusN is not
   * null, r + n, for the limbs {@link EcCurve#verify} checked and computed (u1 and u2 as {@link
   * EcCurve.P256Order#scalars} leaves them, r and r + n canonical field elements).
   */
  boolean check(EcKey key, int[] u1, int[] u2, int[] r, int[] rPlusN) {
    EcCurve.Comb g = generatorComb();
    Work w = work.get();
    EcCurve.Comb q = key.comb;
    if (q != null) {
      sumCombs(w, g, u1, q, u2);
    } else {
      sumWnaf(w, g, u1, key, u2);
    }
    if (w.inf) {
      return false;
    }
    // X ≟ r·Z² (Montgomery form on both sides), so no inversion is needed.
    long[] z2 = w.t0;
    long[] cand = w.t1;
    long[] rm = w.t2;
    P256Mont.sqr(w.z, z2);
    P256Mont.fromCanonicalInts(r, rm);
    P256Mont.mul(rm, z2, cand);
    if (eq(cand, w.x)) {
      return true;
    }
    if (rPlusN != null) {
      P256Mont.fromCanonicalInts(rPlusN, rm);
      P256Mont.mul(rm, z2, cand);
      return eq(cand, w.x);
    }
    return false;
  }

  private void sumCombs(Work w, EcCurve.Comb g, int[] k1, EcCurve.Comb q, int[] k2) {
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

  private static void addColumn(Work w, EcCurve.Comb c, int[] k, int col) {
    int teeth = c.teeth;
    int cols = c.cols;
    for (int t = 0; t < c.tables; t++) {
      int idx = 0;
      for (int i = teeth - 1, pos = (t * teeth + i) * cols + col; i >= 0; i--, pos -= cols) {
        idx = (idx << 1) | ((k[pos >>> 5] >>> (pos & 31)) & 1);
      }
      if (idx != 0) {
        int e = (t << teeth) + idx;
        madd(w, c.lxs[e], c.lys[e]);
      }
    }
  }

  /** As {@link EcCurve}'s sumWnaf, on this field. */
  private void sumWnaf(Work w, EcCurve.Comb g, int[] k1, EcKey key, int[] k2) {
    long[][] qx = w.qx;
    long[][] qy = w.qy;
    long[][] qz = w.qz;
    long[][] qny = w.qny;
    int points = qx.length;
    long[] kx = w.kx;
    long[] ky = w.ky;
    P256Mont.fromCanonicalInts(key.x, kx);
    P256Mont.fromCanonicalInts(key.y, ky);
    // 2Q, made affine.
    copy(kx, w.x);
    copy(ky, w.y);
    copy(P256Mont.ONE, w.z);
    w.inf = false;
    dbl(w);
    if (isZero(w.z)) {
      throw new IllegalStateException("2Q at infinity");
    }
    long[] zInv = w.t6;
    long[] zInv2 = w.t7;
    long[] dx = w.t8;
    long[] dy = w.t9;
    P256Mont.inv(w.z, zInv);
    P256Mont.sqr(zInv, zInv2);
    P256Mont.mul(w.x, zInv2, dx);
    P256Mont.mul(zInv2, zInv, zInv2);
    P256Mont.mul(w.y, zInv2, dy);
    copy(kx, qx[0]);
    copy(ky, qy[0]);
    copy(P256Mont.ONE, qz[0]);
    copy(kx, w.x);
    copy(ky, w.y);
    copy(P256Mont.ONE, w.z);
    w.inf = false;
    // dx, dy live in t8/t9, which madd uses as scratch: park them in qny[0], qny[1] (set below).
    copy(dx, qny[0]);
    copy(dy, qny[1]);
    for (int i = 1; i < points; i++) {
      madd(w, qny[0], qny[1]);
      if (w.inf) {
        throw new IllegalStateException("odd multiple at infinity");
      }
      copy(w.x, qx[i]);
      copy(w.y, qy[i]);
      copy(w.z, qz[i]);
    }
    if (!normalizeAll(qx, qy, qz, 1, points)) {
      throw new IllegalStateException("odd multiple at infinity");
    }
    long[] zero = w.t0;
    for (int i = 0; i < points; i++) {
      java.util.Arrays.fill(zero, 0);
      P256Mont.sub(zero, qy[i], qny[i]);
    }
    int top = c.wnaf(k2, w.naf);
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

  /**
   * For tests: the sum of the given affine points (canonical {@code int[]} limbs) with this
   * class's mixed addition, returned affine and canonical as {x, y}, or null for infinity.
   */
  static int[][] sumOfAffinePoints(int[][] xs, int[][] ys) {
    Work w = new Work(256);
    w.inf = true;
    for (int i = 0; i < xs.length; i++) {
      long[] x = new long[4];
      long[] y = new long[4];
      P256Mont.fromCanonicalInts(xs[i], x);
      P256Mont.fromCanonicalInts(ys[i], y);
      madd(w, x, y);
    }
    if (w.inf) {
      return null;
    }
    long[] zInv = new long[4];
    long[] zInv2 = new long[4];
    P256Mont.inv(w.z, zInv);
    P256Mont.sqr(zInv, zInv2);
    long[] x = new long[4];
    P256Mont.mul(w.x, zInv2, x);
    P256Mont.mul(zInv2, zInv, zInv2);
    long[] y = new long[4];
    P256Mont.mul(w.y, zInv2, y);
    return new int[][] {toInts(P256Mont.toBigInteger(x)), toInts(P256Mont.toBigInteger(y))};
  }

  private static int[] toInts(BigInteger v) {
    int[] z = new int[8];
    for (int i = 0; i < 8; i++) {
      z[i] = v.shiftRight(32 * i).intValue();
    }
    return z;
  }
}
