package dev.pkixj.pkix.sig;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/** Test points on P-256 chosen by their x coordinate (e.g. x ≥ n, for the r + n comparison). */
final class P256TestPoints {
  private static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");
  private static final BigInteger P = X9.getCurve().getField().getCharacteristic();
  private static final BigInteger B = X9.getCurve().getB().toBigInteger();

  private P256TestPoints() {}

  /** A point with this x (0 ≤ x < p), or null when x³ − 3x + b is not a square mod p. */
  static ECPoint withX(BigInteger x) {
    BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
    BigInteger y = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P); // p ≡ 3 (mod 4)
    return y.multiply(y).mod(P).equals(rhs) ? X9.getCurve().createPoint(x, y) : null;
  }
}
