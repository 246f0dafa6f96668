package dev.pkixj.pkix.sig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two ECDSA paths, a key without a table (per-call wNAF of u2 interleaved with the generator's
 * comb) and a promoted key (two combs), against BouncyCastle's ECDSASigner on random keys,
 * messages and signatures, valid and not, and the key cache's promotion from one to the other.
 */
class EcdsaPathsTest {
  private static final SignatureAlgorithm[] ALGS = {
    SignatureAlgorithm.ECDSA_SHA256, SignatureAlgorithm.ECDSA_SHA384,
    SignatureAlgorithm.ECDSA_SHA512
  };

  private final Random random = new Random(SigTestSupport.RANDOM.nextLong());
  private final SignatureVerifier wnafOnly = new SignatureVerifier(64, Integer.MAX_VALUE);
  private final SignatureVerifier combOnly = new SignatureVerifier(64, 0);
  /** Every P-256 key on the wide tables from its first hit (for the first HOT_KEYS keys). */
  private final SignatureVerifier hotTables = new SignatureVerifier(64, 0, 1);
  /** The default policy: each key starts on the wNAF path and is promoted mid-test. */
  private final SignatureVerifier promoting = new SignatureVerifier(64);

  private static int keysFor(String curve) {
    return curve.equals("secp256r1") ? 48 : curve.equals("secp384r1") ? 16 : 8;
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void everyPathAgreesWithBouncyCastle(String curve) throws Exception {
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    ECDomainParameters dom = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN());
    BigInteger n = x9.getN();
    int fb = SigTestSupport.fieldBytes(curve);
    int accepted = 0;
    for (int k = 0; k < keysFor(curve); k++) {
      BigInteger d = new BigInteger(n.bitLength() + 8, random).mod(n.subtract(BigInteger.ONE))
          .add(BigInteger.ONE);
      ECPoint q = x9.getG().multiply(d).normalize();
      byte[] spki = SigTestSupport.ecSpki(SigTestSupport.curveOid(curve),
          EcdsaEdgeCaseTest.uncompressed(q.getAffineXCoord().toBigInteger(),
              q.getAffineYCoord().toBigInteger(), fb));
      ECDSASigner bcVerifier = new ECDSASigner();
      bcVerifier.init(false, new ECPublicKeyParameters(q, dom));
      ECDSASigner bcSigner = new ECDSASigner();
      bcSigner.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, dom),
          SigTestSupport.RANDOM));
      for (int m = 0; m < 8; m++) {
        SignatureAlgorithm alg = ALGS[random.nextInt(ALGS.length)];
        byte[] data = new byte[random.nextInt(200)];
        random.nextBytes(data);
        byte[] digest = MessageDigest.getInstance(alg.digestAlgorithm().jcaName()).digest(data);
        BigInteger[] rs = bcSigner.generateSignature(digest);
        BigInteger r = rs[0];
        BigInteger s = rs[1];
        BigInteger[][] candidates = {
          {r, s},
          {r, n.subtract(s)}, // high s: accepted
          {r, s.add(BigInteger.ONE).mod(n)},
          {r.xor(BigInteger.ONE), s},
          {s, r},
          {new BigInteger(n.bitLength() - 1, random).add(BigInteger.ONE), s},
          {r, new BigInteger(n.bitLength() - 1, random).add(BigInteger.ONE)},
          {BigInteger.ONE, BigInteger.ONE},
          {r, BigInteger.ONE},
        };
        for (BigInteger[] c : candidates) {
          boolean inRange = c[0].signum() > 0 && c[0].compareTo(n) < 0 && c[1].signum() > 0
              && c[1].compareTo(n) < 0;
          boolean bc = inRange && bcVerifier.verifySignature(digest, c[0], c[1]);
          Result expected = bc ? Result.SUCCESS : Result.SEC_ERROR_BAD_SIGNATURE;
          Input sig = Input.of(SigTestSupport.ecdsaSig(c[0], c[1]));
          String what = curve + " key " + k + " " + alg + " r=" + c[0] + " s=" + c[1];
          assertEquals(expected, wnafOnly.verify(alg, data, 0, data.length, sig, Input.of(spki)),
              "wNAF path: " + what);
          assertEquals(expected, combOnly.verify(alg, data, 0, data.length, sig, Input.of(spki)),
              "comb path: " + what);
          assertEquals(expected,
              promoting.verify(alg, data, 0, data.length, sig, Input.of(spki)),
              "promoting cache: " + what);
          assertEquals(expected,
              hotTables.verify(alg, data, 0, data.length, sig, Input.of(spki)),
              "hot tables: " + what);
          if (bc) {
            accepted++;
          }
        }
        // Another message under the same signature.
        data = java.util.Arrays.copyOf(data, data.length + 1);
        Input sig = Input.of(SigTestSupport.ecdsaSig(r, s));
        assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
            wnafOnly.verify(alg, data, 0, data.length, sig, Input.of(spki)));
        assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
            combOnly.verify(alg, data, 0, data.length, sig, Input.of(spki)));
      }
    }
    // The valid and the high-s signature of every message.
    assertEquals(2 * 8 * keysFor(curve), accepted);
  }

  @Test
  void aKeyIsPromotedOnItsPromoteAfterthHit() {
    SignatureVerifier v = new SignatureVerifier(8);
    Input spki = SigTestSupport.spki(SigTestSupport.ec("secp256r1", 7));
    EcKey first = (EcKey) v.key(spki); // parsed
    assertNull(first.comb);
    for (int hit = 1; hit < SignatureVerifier.PROMOTE_AFTER; hit++) {
      assertSame(first, v.key(spki), "hit " + hit);
    }
    EcKey promoted = (EcKey) v.key(spki);
    assertNotNull(promoted.comb);
    assertEquals(EcCurve.Q_TEETH_PROMOTED, promoted.comb.teeth);
    assertSame(first.x, promoted.x);
    assertSame(promoted, v.key(spki));
    assertNotNull(((EcKey) new SignatureVerifier(8, 0).key(spki)).comb);
  }

  @Test
  void atMostHotKeysP256KeysGetTheWideTablesOnTheirHotAfterthHit() {
    // 2^16 entries: 17 keys evict none (three in one set: probability below 10^−6).
    SignatureVerifier v = new SignatureVerifier(1 << 16, 0, 2);
    for (int k = 0; k <= SignatureVerifier.HOT_KEYS; k++) {
      Input spki = SigTestSupport.spki(SigTestSupport.ec("secp256r1", 100 + k));
      EcKey parsed = (EcKey) v.key(spki);
      assertEquals(EcCurve.Q_TEETH_PROMOTED, parsed.comb.teeth);
      assertSame(parsed, v.key(spki), "hit 1");
      EcKey second = (EcKey) v.key(spki);
      assertSame(parsed.x, second.x);
      if (k < SignatureVerifier.HOT_KEYS) {
        assertEquals(EcCurve.Q_TEETH_HOT, second.comb.teeth, "key " + k);
        assertSame(second, v.key(spki));
      } else {
        assertSame(parsed, second, "over the budget");
      }
    }
    // Other curves never get them.
    Input p384 = SigTestSupport.spki(SigTestSupport.ec("secp384r1", 7));
    SignatureVerifier w = new SignatureVerifier(8, 0, 1);
    EcKey k384 = (EcKey) w.key(p384);
    assertSame(k384, w.key(p384));
    assertSame(k384, w.key(p384));
    assertEquals(EcCurve.Q_TEETH_PROMOTED, k384.comb.teeth);
  }

  @Test
  void theSharedInstanceGivesAHotKeyTheWideTables() {
    // The process-wide instance has hot-key places (its construction must come after HOT_KEYS
    // is set), and a P-256 key used HOT_AFTER times there gets the wide tables.
    SignatureVerifier shared = SignatureVerifier.shared();
    assertTrue(SignatureVerifier.HOT_KEYS > 0);
    assertTrue(shared.hotKeyPlacesLeft() > 0, "places left " + shared.hotKeyPlacesLeft());
    int variant = 1000 + random.nextInt(1 << 20);
    Input spki = SigTestSupport.spki(SigTestSupport.ec("secp256r1", variant));
    EcKey key = null;
    for (int i = 0; i <= SignatureVerifier.HOT_AFTER + 1; i++) {
      key = (EcKey) shared.key(spki);
    }
    assertEquals(EcCurve.Q_TEETH_HOT, key.comb.teeth, "key variant " + variant);
  }

  @Test
  void anEvictedHotKeyGivesItsPlaceBack() {
    // One set of two ways: every third key evicts one of the two before it.
    SignatureVerifier v = new SignatureVerifier(2, 0, 1);
    for (int k = 0; k < SignatureVerifier.HOT_KEYS + 4; k++) {
      Input spki = SigTestSupport.spki(SigTestSupport.ec("secp256r1", 200 + k));
      v.key(spki);
      EcKey hot = (EcKey) v.key(spki);
      assertEquals(EcCurve.Q_TEETH_HOT, hot.comb.teeth, "key " + k);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
  void wnafRecodingIsExact(String curve) {
    EcCurve ec = SigTestSupport.ecCurve(curve);
    BigInteger n = ec.n;
    java.util.List<BigInteger> ks = new java.util.ArrayList<>();
    for (long v : new long[] {0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 0xffff, 0x10000}) {
      ks.add(BigInteger.valueOf(v));
    }
    ks.add(n.subtract(BigInteger.ONE));
    ks.add(n.subtract(BigInteger.TWO));
    ks.add(n.shiftRight(1));
    for (int b = 1; b < ec.orderBits; b += 7) {
      ks.add(BigInteger.ONE.shiftLeft(b));
      ks.add(BigInteger.ONE.shiftLeft(b).subtract(BigInteger.ONE));
    }
    for (int i = 0; i < 2000; i++) {
      ks.add(new BigInteger(ec.orderBits + 8, random).mod(n));
    }
    int[] naf = new int[ec.orderBits + 1];
    int limit = 1 << (EcCurve.WNAF_WIDTH - 1);
    for (BigInteger k : ks) {
      int top = ec.wnaf(ec.wnafLimbs(k), naf);
      BigInteger sum = BigInteger.ZERO;
      int last = -EcCurve.WNAF_WIDTH;
      int highest = -1;
      for (int i = 0; i < naf.length; i++) {
        int digit = naf[i];
        if (digit == 0) {
          continue;
        }
        assertTrue((digit & 1) != 0 && Math.abs(digit) < limit, "digit " + digit + " for " + k);
        assertTrue(i - last >= EcCurve.WNAF_WIDTH, "adjacent digits for " + k);
        last = i;
        highest = i;
        sum = sum.add(BigInteger.valueOf(digit).shiftLeft(i));
      }
      assertEquals(k, sum, "recoding of " + k);
      assertEquals(highest, top, "top of " + k);
    }
  }
}
