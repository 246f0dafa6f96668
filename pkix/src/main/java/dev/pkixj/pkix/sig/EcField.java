package dev.pkixj.pkix.sig;

import java.math.BigInteger;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.ec.custom.sec.SecP384R1Field;
import org.bouncycastle.math.ec.custom.sec.SecP521R1Field;

/**
 * Arithmetic in the prime field of one NIST curve, on little-endian {@code int[]} limbs, delegating
 * to BouncyCastle's allocation-free static field routines ({@code SecP256R1Field} …). Every result
 * is fully reduced (canonical), so equality is limb equality. Outputs may alias inputs. The caller
 * provides the double-width scratch {@code tt} for products, so nothing here allocates.
 */
abstract class EcField {
  /** Limbs per element. */
  final int limbs;
  /** Limbs of the double-width scratch a product needs. */
  final int extLimbs;

  EcField(int limbs, int extLimbs) {
    this.limbs = limbs;
    this.extLimbs = extLimbs;
  }

  abstract void mul(int[] x, int[] y, int[] z, int[] tt);

  abstract void sqr(int[] x, int[] z, int[] tt);

  abstract void add(int[] x, int[] y, int[] z);

  abstract void sub(int[] x, int[] y, int[] z);

  abstract void twice(int[] x, int[] z);

  /** z = 1/x (x must be non-zero). Not on any per-verification path. */
  abstract void inv(int[] x, int[] z);

  /** x must be in [0, p). */
  abstract int[] fromBigInteger(BigInteger x);

  final int[] create() {
    return new int[limbs];
  }

  final boolean isZero(int[] x) {
    int d = 0;
    for (int i = 0; i < limbs; i++) {
      d |= x[i];
    }
    return d == 0;
  }

  final boolean eq(int[] x, int[] y) {
    int d = 0;
    for (int i = 0; i < limbs; i++) {
      d |= x[i] ^ y[i];
    }
    return d == 0;
  }

  final void copy(int[] from, int[] to) {
    System.arraycopy(from, 0, to, 0, limbs);
  }

  static final class P256 extends EcField {
    P256() {
      super(8, 16);
    }

    @Override
    void mul(int[] x, int[] y, int[] z, int[] tt) {
      SecP256R1Field.multiply(x, y, z, tt);
    }

    @Override
    void sqr(int[] x, int[] z, int[] tt) {
      SecP256R1Field.square(x, z, tt);
    }

    @Override
    void add(int[] x, int[] y, int[] z) {
      SecP256R1Field.add(x, y, z);
    }

    @Override
    void sub(int[] x, int[] y, int[] z) {
      SecP256R1Field.subtract(x, y, z);
    }

    @Override
    void twice(int[] x, int[] z) {
      SecP256R1Field.twice(x, z);
    }

    @Override
    void inv(int[] x, int[] z) {
      SecP256R1Field.inv(x, z);
    }

    @Override
    int[] fromBigInteger(BigInteger x) {
      return SecP256R1Field.fromBigInteger(x);
    }
  }

  static final class P384 extends EcField {
    P384() {
      super(12, 24);
    }

    @Override
    void mul(int[] x, int[] y, int[] z, int[] tt) {
      SecP384R1Field.multiply(x, y, z, tt);
    }

    @Override
    void sqr(int[] x, int[] z, int[] tt) {
      SecP384R1Field.square(x, z, tt);
    }

    @Override
    void add(int[] x, int[] y, int[] z) {
      SecP384R1Field.add(x, y, z);
    }

    @Override
    void sub(int[] x, int[] y, int[] z) {
      SecP384R1Field.subtract(x, y, z);
    }

    @Override
    void twice(int[] x, int[] z) {
      SecP384R1Field.twice(x, z);
    }

    @Override
    void inv(int[] x, int[] z) {
      SecP384R1Field.inv(x, z);
    }

    @Override
    int[] fromBigInteger(BigInteger x) {
      return SecP384R1Field.fromBigInteger(x);
    }
  }

  static final class P521 extends EcField {
    P521() {
      super(17, 33);
    }

    @Override
    void mul(int[] x, int[] y, int[] z, int[] tt) {
      SecP521R1Field.multiply(x, y, z, tt);
    }

    @Override
    void sqr(int[] x, int[] z, int[] tt) {
      SecP521R1Field.square(x, z, tt);
    }

    @Override
    void add(int[] x, int[] y, int[] z) {
      SecP521R1Field.add(x, y, z);
    }

    @Override
    void sub(int[] x, int[] y, int[] z) {
      SecP521R1Field.subtract(x, y, z);
    }

    @Override
    void twice(int[] x, int[] z) {
      SecP521R1Field.twice(x, z);
    }

    @Override
    void inv(int[] x, int[] z) {
      SecP521R1Field.inv(x, z);
    }

    @Override
    int[] fromBigInteger(BigInteger x) {
      return SecP521R1Field.fromBigInteger(x);
    }
  }
}
