package dev.pkixj.pkix.sig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.RandomDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * P-256's arithmetic mod n on limbs ({@link EcCurve.P256Order}) against BigInteger, and P-256
 * verifications through {@link EcCurve#verify} against both the BigInteger path ({@link
 * EcCurve#verifyWithBigInteger}) and BouncyCastle's {@code ECDSASigner}, on seeded random inputs
 * and the edge cases of r, s and the digest, on a key without a table, with the promoted tables
 * and with the very hot ones. (The seed is printed on failure, see {@code SigTestSupport.RANDOM}.)
 */
class P256OrderTest {
  private static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN());
  private static final BigInteger N = X9.getN();
  private static final BigInteger P = X9.getCurve().getField().getCharacteristic();
  private static final BigInteger R = BigInteger.ONE.shiftLeft(256);
  private static final EcCurve EC = EcCurve.P256;

  private final Random random = new Random(SigTestSupport.RANDOM.nextLong());

  private static int[] limbs(BigInteger v, int count) {
    int[] z = new int[count];
    for (int i = 0; i < count; i++) {
      z[i] = v.shiftRight(32 * i).intValue();
    }
    return z;
  }

  private static BigInteger value(int[] x, int count) {
    BigInteger v = BigInteger.ZERO;
    for (int i = count - 1; i >= 0; i--) {
      v = v.shiftLeft(32).or(BigInteger.valueOf(x[i] & 0xffffffffL));
    }
    return v;
  }

  /** v as exactly len big-endian bytes (len ≥ its length: leading zeros). */
  private static byte[] bytes(BigInteger v, int len) {
    byte[] b = v.toByteArray();
    int skip = b.length > 1 && b[0] == 0 ? 1 : 0;
    byte[] out = new byte[len];
    System.arraycopy(b, skip, out, len - (b.length - skip), b.length - skip);
    return out;
  }

  /** The minimal big-endian bytes of v > 0 (v = 0: one zero byte). */
  private static byte[] minimal(BigInteger v) {
    return bytes(v, Math.max(1, (v.bitLength() + 7) / 8));
  }

  private BigInteger below(BigInteger bound) {
    return new BigInteger(bound.bitLength() + 16, random).mod(bound);
  }

  @Test
  void constantsMatchTheCurve() {
    assertEquals(N, value(EcCurve.P256Order.N, 8));
    assertEquals(P.subtract(N), value(EcCurve.P256Order.P_MINUS_N, 8));
    assertEquals(EC.n, N);
    assertEquals(-1, EcCurve.P256Order.N0 * EcCurve.P256Order.N[0]);
  }

  @Test
  void redcIsTimesRInverseModN() {
    BigInteger rInv = R.modInverse(N);
    BigInteger max = N.multiply(R); // T < n·R
    List<BigInteger> ts = new ArrayList<>();
    for (BigInteger t : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, N, N.subtract(
        BigInteger.ONE), R.subtract(BigInteger.ONE), R, max.subtract(BigInteger.ONE),
        max.subtract(N), max.shiftRight(1), N.multiply(N.subtract(BigInteger.ONE)),
        R.subtract(BigInteger.ONE).multiply(N.subtract(BigInteger.ONE))}) {
      ts.add(t);
    }
    for (int i = 0; i < 3000; i++) {
      ts.add(below(max));
    }
    for (int i = 0; i < 300; i++) {
      // Top limbs all ones (the carries out of every REDC round).
      ts.add(max.subtract(BigInteger.ONE).subtract(below(R)));
    }
    int[] zz = new int[16];
    int[] z = new int[8];
    for (BigInteger t : ts) {
      System.arraycopy(limbs(t, 16), 0, zz, 0, 16);
      EcCurve.P256Order.redc(zz, z);
      assertEquals(t.multiply(rInv).mod(N), value(z, 8), "REDC of " + t.toString(16));
    }
  }

  @Test
  void productsAreExact() {
    BigInteger rInv = R.modInverse(N);
    int[] zz = new int[16];
    int[] z = new int[8];
    for (int i = 0; i < 3000; i++) {
      BigInteger x = i % 7 == 0 ? R.subtract(BigInteger.ONE).subtract(below(N)) : below(R);
      BigInteger y = i % 5 == 0 ? N.subtract(BigInteger.ONE).subtract(below(BigInteger.TEN))
          : below(N);
      EcCurve.P256Order.mulRedc(limbs(x, 8), limbs(y, 8), z, zz);
      assertEquals(x.multiply(y).multiply(rInv).mod(N), value(z, 8),
          x.toString(16) + " · " + y.toString(16));
    }
  }

  @Test
  void bytesBecomeLimbs() {
    for (int len = 0; len <= 32; len++) {
      byte[] buf = new byte[len + 5];
      random.nextBytes(buf);
      int[] z = new int[8];
      Arrays.fill(z, -1);
      EcCurve.P256Order.fromBytes(buf, 3, len, z);
      assertEquals(new BigInteger(1, buf, 3, len), value(z, 8), "length " + len);
    }
  }

  @Test
  void rangeIsOneToNMinusOne() {
    BigInteger[] in = {BigInteger.ONE, BigInteger.TWO, N.subtract(BigInteger.ONE),
        N.subtract(BigInteger.TWO), N.shiftRight(1)};
    BigInteger[] out = {BigInteger.ZERO, N, N.add(BigInteger.ONE), R.subtract(BigInteger.ONE),
        P, N.add(BigInteger.ONE.shiftLeft(200))};
    for (BigInteger v : in) {
      assertTrue(EcCurve.P256Order.inRange(limbs(v, 8)), v.toString(16));
    }
    for (BigInteger v : out) {
      assertTrue(!EcCurve.P256Order.inRange(limbs(v, 8)), v.toString(16));
    }
  }

  /** The digests the scalar tests use: random, all zero, all ones, every hash length. */
  private List<byte[]> digests() {
    List<byte[]> ds = new ArrayList<>();
    for (int len : new int[] {0, 1, 20, 31, 32, 33, 48, 64}) {
      byte[] d = new byte[len];
      random.nextBytes(d);
      ds.add(d);
      ds.add(new byte[len]);
      byte[] ones = new byte[len];
      Arrays.fill(ones, (byte) 0xff);
      ds.add(ones);
    }
    for (int i = 0; i < 40; i++) {
      byte[] d = new byte[32];
      random.nextBytes(d);
      d[0] |= (byte) 0x80; // e ≥ 2^255 > n/2, often ≥ n
      ds.add(d);
    }
    return ds;
  }

  /** e as FIPS 186-4 takes it: the digest's leftmost 256 bits. */
  private static BigInteger e(byte[] digest) {
    BigInteger e = new BigInteger(1, digest);
    int excess = digest.length * 8 - 256;
    return excess > 0 ? e.shiftRight(excess) : e;
  }

  @Test
  void scalarsMatchBigInteger() {
    EcCurve.Work w = new EcCurve.Work(EC);
    List<BigInteger> values = new ArrayList<>(List.of(BigInteger.ONE, BigInteger.TWO,
        N.subtract(BigInteger.ONE), N.subtract(BigInteger.TWO), P.subtract(N),
        P.subtract(N).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(255)));
    for (int i = 0; i < 30; i++) {
      values.add(below(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
      values.add(below(BigInteger.ONE.shiftLeft(8 * (1 + random.nextInt(31))))
          .add(BigInteger.ONE)); // shorter, so leading zero bytes when padded
    }
    List<byte[]> digests = digests();
    for (int i = 0; i < 1500; i++) {
      BigInteger r = values.get(random.nextInt(values.size()));
      BigInteger s = values.get(random.nextInt(values.size()));
      byte[] digest = digests.get(random.nextInt(digests.size()));
      // r and s minimal or padded with zero bytes to 32, at an offset.
      byte[] rb = random.nextBoolean() ? minimal(r) : bytes(r, 32);
      byte[] sb = random.nextBoolean() ? minimal(s) : bytes(s, 32);
      byte[] sig = SigTestSupport.concat(new byte[3], rb, new byte[2], sb);
      Arrays.fill(w.k1, 0x5a5a5a5a);
      Arrays.fill(w.k2, 0x5a5a5a5a);
      assertTrue(EcCurve.P256Order.scalars(digest, sig, 3, rb.length, 5 + rb.length, sb.length,
          w));
      BigInteger sInv = s.modInverse(N);
      String what = "r=" + r.toString(16) + " s=" + s.toString(16) + " digest=" + digest.length;
      assertEquals(r, value(w.kr, 8), what);
      assertEquals(e(digest).multiply(sInv).mod(N),
          value(w.k1, EcCurve.P256Order.SCALAR_LIMBS), "u1 " + what);
      assertEquals(r.multiply(sInv).mod(N), value(w.k2, EcCurve.P256Order.SCALAR_LIMBS),
          "u2 " + what);
    }
  }

  @Test
  void scalarsRefuseROrSOutOfRange() {
    EcCurve.Work w = new EcCurve.Work(EC);
    BigInteger good = N.shiftRight(3);
    byte[] digest = new byte[32];
    random.nextBytes(digest);
    for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, N, N.add(BigInteger.ONE),
        R.subtract(BigInteger.ONE), P}) {
      for (byte[] bb : new byte[][] {minimal(bad), bytes(bad, 32)}) {
        byte[] gb = minimal(good);
        byte[] sig = SigTestSupport.concat(bb, gb);
        assertTrue(!EcCurve.P256Order.scalars(digest, sig, 0, bb.length, bb.length, gb.length,
            w), "r = " + bad.toString(16));
        sig = SigTestSupport.concat(gb, bb);
        assertTrue(!EcCurve.P256Order.scalars(digest, sig, 0, gb.length, gb.length, bb.length,
            w), "s = " + bad.toString(16));
      }
    }
    // An empty r or s is 0.
    byte[] gb = minimal(good);
    assertTrue(!EcCurve.P256Order.scalars(digest, gb, 0, 0, 0, gb.length, w));
    assertTrue(!EcCurve.P256Order.scalars(digest, gb, 0, gb.length, gb.length, 0, w));
  }

  // ---- Whole verifications ----

  private static EcKey key(ECPoint q) {
    byte[] enc = q.normalize().getEncoded(false);
    EcKey k = EC.importPoint(enc, 1);
    assertTrue(k != null);
    return k;
  }

  /** The key without a table, with the promoted tables and with the very hot ones. */
  private static EcKey[] paths(EcKey k) {
    return new EcKey[] {k, new EcKey(EC, k.x, k.y, EC.keyComb(k)),
        new EcKey(EC, k.x, k.y, EC.keyComb(k, EcCurve.Q_TEETH_HOT))};
  }

  private static final String[] PATH_NAMES = {"wNAF", "comb", "hot comb"};

  /**
   * r and s as raw bytes (rb, sb) must verify alike on the limb path, the BigInteger path and, for
   * 1 ≤ r, s &lt; n given in at most 32 bytes, BouncyCastle; returns the result.
   */
  private static Result agree(ECPoint q, EcKey[] keys, byte[] digest, byte[] rb, byte[] sb,
      String what) {
    byte[] sig = SigTestSupport.concat(new byte[1], rb, sb);
    int rOff = 1;
    int sOff = 1 + rb.length;
    Result first = null;
    for (int i = 0; i < keys.length; i++) {
      Result ours = EC.verify(keys[i], digest, sig, rOff, rb.length, sOff, sb.length);
      Result ref = rb.length > 32 || sb.length > 32 ? Result.SEC_ERROR_BAD_SIGNATURE
          : EC.verifyWithBigInteger(keys[i], digest, sig, rOff, rb.length, sOff, sb.length);
      assertEquals(ref, ours, what + " (" + PATH_NAMES[i] + ", against BigInteger)");
      if (first == null) {
        first = ours;
      }
      assertEquals(first, ours, what + " (" + PATH_NAMES[i] + ", against the wNAF path)");
    }
    BigInteger r = new BigInteger(1, rb);
    BigInteger s = new BigInteger(1, sb);
    if (rb.length <= 32 && sb.length <= 32) {
      ECDSASigner bc = new ECDSASigner();
      bc.init(false, new ECPublicKeyParameters(q, DOMAIN));
      boolean bcOk = bc.verifySignature(digest, r, s);
      assertEquals(bcOk, first == Result.SUCCESS, what + " (against BouncyCastle)");
    }
    return first;
  }

  private BigInteger[] sign(BigInteger d, byte[] digest) {
    ECDSASigner signer = new ECDSASigner(new RandomDSAKCalculator());
    signer.init(true, new org.bouncycastle.crypto.params.ParametersWithRandom(
        new ECPrivateKeyParameters(d, DOMAIN), new java.security.SecureRandom() {
          @Override
          public void nextBytes(byte[] b) {
            random.nextBytes(b);
          }
        }));
    return signer.generateSignature(digest);
  }

  @Test
  void verificationsAgreeWithBigIntegerAndBouncyCastle() {
    List<byte[]> digests = digests();
    for (int k = 0; k < 6; k++) {
      BigInteger d = below(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      ECPoint q = X9.getG().multiply(d).normalize();
      EcKey[] keys = paths(key(q));
      for (int i = 0; i < 24; i++) {
        byte[] digest = digests.get(random.nextInt(digests.size()));
        BigInteger[] rs = sign(d, digest);
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        String what = "d=" + d.toString(16) + " r=" + r.toString(16) + " s=" + s.toString(16)
            + " digest=" + new BigInteger(1, digest).toString(16) + "/" + digest.length;
        assertEquals(Result.SUCCESS, agree(q, keys, digest, minimal(r), minimal(s), what));
        // Leading zero bytes up to 32 are accepted as before; 33 bytes are not.
        assertEquals(Result.SUCCESS, agree(q, keys, digest, bytes(r, 32), bytes(s, 32), what));
        assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
            agree(q, keys, digest, bytes(r, 33), minimal(s), what + " r in 33 bytes"));
        assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
            agree(q, keys, digest, minimal(r), bytes(s, 33), what + " s in 33 bytes"));
        // −s also verifies (ECDSA's malleability), as in BouncyCastle.
        assertEquals(Result.SUCCESS,
            agree(q, keys, digest, minimal(r), minimal(N.subtract(s)), what + " −s"));
        // Wrong r, s, digest.
        agree(q, keys, digest, minimal(r.add(BigInteger.ONE).mod(N).max(BigInteger.ONE)),
            minimal(s), what + " r+1");
        agree(q, keys, digest, minimal(r), minimal(s.add(BigInteger.ONE).mod(N)
            .max(BigInteger.ONE)), what + " s+1");
        agree(q, keys, digest, minimal(r.add(N)), minimal(s), what + " r+n");
        agree(q, keys, digest, minimal(r), minimal(s.add(N)), what + " s+n");
        byte[] other = digest.clone();
        if (other.length > 0) {
          other[random.nextInt(other.length)] ^= (byte) (1 << random.nextInt(8));
          agree(q, keys, other, minimal(r), minimal(s), what + " flipped digest");
        }
        // Random r and s, mostly wrong.
        agree(q, keys, digest, minimal(below(N.add(BigInteger.TEN))),
            minimal(below(N.add(BigInteger.TEN))), what + " random r, s");
      }
      // The extremes of r and s.
      byte[] digest = digests.get(random.nextInt(digests.size()));
      for (BigInteger r : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE,
          N.subtract(BigInteger.ONE), N, N.add(BigInteger.ONE), P.subtract(N),
          P.subtract(N).subtract(BigInteger.ONE), R.subtract(BigInteger.ONE)}) {
        for (BigInteger s : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE,
            N.subtract(BigInteger.ONE), N, N.add(BigInteger.ONE), R.subtract(BigInteger.ONE)}) {
          agree(q, keys, digest, minimal(r), minimal(s),
              "d=" + d.toString(16) + " r=" + r.toString(16) + " s=" + s.toString(16));
        }
      }
    }
  }

  @Test
  void rPlusNBranchAgrees() {
    // Signatures whose R has x ≥ n, so r = x − n < p − n: Q is chosen to make u1·G + u2·Q = R.
    int found = 0;
    for (BigInteger x = N.add(BigInteger.valueOf(random.nextInt(1000))); found < 4;
        x = x.add(BigInteger.ONE)) {
      ECPoint target = P256TestPoints.withX(x);
      if (target == null) {
        continue;
      }
      found++;
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      BigInteger r = x.subtract(N);
      BigInteger s = below(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      BigInteger sInv = s.modInverse(N);
      BigInteger u1 = e(digest).multiply(sInv).mod(N);
      BigInteger u2 = r.multiply(sInv).mod(N);
      ECPoint q = target.subtract(X9.getG().multiply(u1)).multiply(u2.modInverse(N)).normalize();
      EcKey[] keys = paths(key(q));
      String what = "x=" + x.toString(16) + " s=" + s.toString(16);
      assertEquals(Result.SUCCESS, agree(q, keys, digest, minimal(r), minimal(s), what));
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
          agree(q, keys, digest, minimal(x), minimal(s), what + " r = x"));
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
          agree(q, keys, digest, minimal(r.add(BigInteger.ONE)), minimal(s), what + " r+1"));
    }
  }

  @Test
  void limbScratchIsNotLeftDirty() {
    // A verification that fails the range check must not disturb the next one (same thread).
    BigInteger d = below(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    ECPoint q = X9.getG().multiply(d).normalize();
    EcKey[] keys = paths(key(q));
    byte[] digest = new byte[32];
    random.nextBytes(digest);
    BigInteger[] rs = sign(d, digest);
    byte[] good = SigTestSupport.concat(minimal(rs[0]), minimal(rs[1]));
    int rLen = minimal(rs[0]).length;
    for (EcKey k : keys) {
      assertEquals(Result.SUCCESS, EC.verify(k, digest, good, 0, rLen, rLen, good.length - rLen));
      byte[] bad = SigTestSupport.concat(minimal(N), minimal(rs[1]));
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, EC.verify(k, digest, bad, 0, 32, 32,
          bad.length - 32));
      assertEquals(Result.SUCCESS, EC.verify(k, digest, good, 0, rLen, rLen, good.length - rLen));
    }
  }
}
