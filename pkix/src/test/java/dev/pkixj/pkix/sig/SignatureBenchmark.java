package dev.pkixj.pkix.sig;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Locale;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A JMH-free micro-benchmark of the signature verification alternatives (test scope; not a unit
 * test). Run with
 *
 * <pre>
 * java -cp verifier/target/classes:verifier/target/test-classes:$BCPROV \
 *     dev.pkixj.pkix.sig.SignatureBenchmark [seconds-per-measurement]
 * </pre>
 *
 * Each figure is the median of five measurement rounds after a warm-up, in µs of thread CPU time
 * per verification of a 256-byte message, single-threaded, keys already parsed unless stated.
 */
public final class SignatureBenchmark {
  private static double seconds = 1.0;
  private static volatile Object sink;

  interface Op {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      seconds = Double.parseDouble(args[0]);
    }
    String only = args.length > 1 ? args[1] : "";
    System.out.println("java " + System.getProperty("java.version") + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs");
    byte[] data = SigTestSupport.randomBytes(256);
    if (only.isEmpty() || only.contains("hash")) {
      hashing();
    }
    if (only.isEmpty() || only.contains("ec")) {
      for (String curve : SigTestSupport.CURVES) {
        ecdsa(curve, data);
      }
    }
    if (only.isEmpty() || only.contains("rsa")) {
      for (int bits : SigTestSupport.RSA_SIZES) {
        rsa(bits, data);
      }
    }
  }

  private static void hashing() throws Exception {
    byte[] kb = SigTestSupport.randomBytes(1024);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    report("SHA-256 1 KiB", "JDK MessageDigest", () -> md.digest(kb));
    SHA256Digest bc = new SHA256Digest();
    byte[] out = new byte[32];
    report("SHA-256 1 KiB", "BC SHA256Digest", () -> {
      bc.update(kb, 0, kb.length);
      bc.doFinal(out, 0);
      return out;
    });
  }

  private static void ecdsa(String curve, byte[] data) throws Exception {
    SignatureAlgorithm alg = curve.equals("secp256r1") ? SignatureAlgorithm.ECDSA_SHA256
        : curve.equals("secp384r1") ? SignatureAlgorithm.ECDSA_SHA384
        : SignatureAlgorithm.ECDSA_SHA512;
    KeyPair kp = SigTestSupport.ec(curve);
    byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
    Input spki = SigTestSupport.spki(kp);
    Input sigIn = Input.of(sig);
    String what = "ECDSA " + curve + " " + alg.digestAlgorithm().jcaName();

    SignatureVerifier ours = new SignatureVerifier(16);
    check(ours.verify(alg, data, 0, data.length, sigIn, spki));
    report(what, "pkixj comb (cached, promoted key)",
        () -> ours.verify(alg, data, 0, data.length, sigIn, spki));

    // BouncyCastle lightweight API: ECDSASigner with a cached ECPublicKeyParameters (whose Q keeps
    // BC's WNAF pre-computation after the first use).
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    ECDomainParameters dom = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN());
    ECPoint q = x9.getCurve().decodePoint(SigTestSupport.ecPoint(kp,
        SigTestSupport.fieldBytes(curve)));
    ECPublicKeyParameters pub = new ECPublicKeyParameters(q, dom);
    BigInteger[] rs = SigTestSupport.ecdsaRS(sig);
    MessageDigest md = MessageDigest.getInstance(alg.digestAlgorithm().jcaName());
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, pub);
    if (!signer.verifySignature(md.digest(data), rs[0], rs[1])) {
      throw new AssertionError("BC refused");
    }
    report(what, "BC ECDSASigner (cached key)", () -> {
      md.update(data);
      return signer.verifySignature(md.digest(), rs[0], rs[1]);
    });

    Signature jdk = SigTestSupport.jdkSignature(alg);
    ECPublicKey jdkKey = (ECPublicKey) kp.getPublic();
    report(what, "JDK SunEC Signature (cached key)", () -> {
      jdk.initVerify(jdkKey);
      jdk.update(data);
      return jdk.verify(sig);
    });

    // A key seen for the first time: parse, validate, verify with a per-call wNAF (no table).
    byte[] spkiBytes = spki.toByteArray();
    report(what, "pkixj, key not cached (parse+validate+wNAF)", () -> {
      SignatureVerifier fresh = new SignatureVerifier(2);
      return fresh.verify(alg, data, 0, data.length, sigIn, Input.of(spkiBytes));
    });
  }

  private static void rsa(int bits, byte[] data) throws Exception {
    KeyPair kp = SigTestSupport.rsa(bits);
    RSAPublicKey pubKey = (RSAPublicKey) kp.getPublic();
    BigInteger n = pubKey.getModulus();
    BigInteger e = pubKey.getPublicExponent();
    int k = (n.bitLength() + 7) / 8;
    String what = "RSA-" + bits + " PKCS#1 SHA-256";
    SignatureAlgorithm alg = SignatureAlgorithm.RSA_PKCS1_SHA256;
    byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
    Input spki = SigTestSupport.spki(kp);
    Input sigIn = Input.of(sig);
    BigInteger s = new BigInteger(1, sig);

    SignatureVerifier ours = new SignatureVerifier(16);
    check(ours.verify(alg, data, 0, data.length, sigIn, spki));
    report(what, "pkixj (modPow, cached key)",
        () -> ours.verify(alg, data, 0, data.length, sigIn, spki));

    Signature jdk = Signature.getInstance("SHA256withRSA");
    report(what, "JDK Signature (cached key)", () -> {
      jdk.initVerify(pubKey);
      jdk.update(data);
      return jdk.verify(sig);
    });

    RSAEngine engine = new RSAEngine();
    engine.init(false, new RSAKeyParameters(false, n, e));
    report(what, "BC RSAEngine raw public op only", () -> engine.processBlock(sig, 0, sig.length));

    BigInteger expected = s.modPow(e, n);
    report(what, "raw BigInteger.modPow only", () -> s.modPow(e, n));
    if (e.equals(BigInteger.valueOf(65537))) {
      if (!squareMultiply65537(s, n).equals(expected)) {
        throw new AssertionError("square-and-multiply");
      }
      report(what, "raw 16 squarings + 1 mult (multiply().mod())",
          () -> squareMultiply65537(s, n));
      Montgomery mont = new Montgomery(n);
      if (!mont.pow65537(s).equals(expected)) {
        throw new AssertionError("montgomery");
      }
      report(what, "raw Java Montgomery (int limbs, e=65537)", () -> mont.pow65537(s));
    }

    if (bits == 2048) {
      SignatureAlgorithm pss = SignatureAlgorithm.RSA_PSS_SHA256;
      byte[] pssSig = SigTestSupport.sign(pss, kp.getPrivate(), data);
      Input pssIn = Input.of(pssSig);
      check(ours.verify(pss, data, 0, data.length, pssIn, spki));
      report("RSA-2048 PSS SHA-256", "pkixj (modPow, cached key)",
          () -> ours.verify(pss, data, 0, data.length, pssIn, spki));
      Signature jdkPss = SigTestSupport.jdkSignature(pss);
      report("RSA-2048 PSS SHA-256", "JDK Signature (cached key)", () -> {
        jdkPss.initVerify(pubKey);
        jdkPss.update(data);
        return jdkPss.verify(pssSig);
      });
    }
    byte[] spkiBytes = spki.toByteArray();
    report(what, "pkixj, key not cached (parse+verify)", () -> {
      SignatureVerifier fresh = new SignatureVerifier(2);
      return fresh.verify(alg, data, 0, data.length, sigIn, Input.of(spkiBytes));
    });
  }

  static BigInteger squareMultiply65537(BigInteger s, BigInteger n) {
    BigInteger x = s;
    for (int i = 0; i < 16; i++) {
      x = x.multiply(x).mod(n);
    }
    return x.multiply(s).mod(n);
  }

  /** Textbook CIOS Montgomery multiplication on 32-bit limbs, for comparison only. */
  static final class Montgomery {
    private final int[] n;
    private final int len;
    private final int n0inv;
    private final BigInteger modulus;
    private final int shift;

    Montgomery(BigInteger modulus) {
      this.modulus = modulus;
      this.len = (modulus.bitLength() + 31) / 32;
      this.n = toLimbs(modulus, len);
      this.shift = len * 32;
      // -n^-1 mod 2^32
      int inv = n[0];
      for (int i = 0; i < 5; i++) {
        inv *= 2 - n[0] * inv;
      }
      this.n0inv = -inv;
    }

    private static int[] toLimbs(BigInteger x, int len) {
      int[] out = new int[len];
      for (int i = 0; i < len; i++) {
        out[i] = x.shiftRight(32 * i).intValue();
      }
      return out;
    }

    private BigInteger fromLimbs(int[] x) {
      byte[] b = new byte[4 * len];
      for (int i = 0; i < len; i++) {
        int v = x[i];
        int o = 4 * (len - 1 - i);
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
      }
      return new BigInteger(1, b);
    }

    /** t = a·b·R^-1 mod n. */
    private void mul(int[] a, int[] b, int[] t) {
      long[] acc = new long[len + 2];
      for (int i = 0; i < len; i++) {
        long ai = a[i] & 0xffffffffL;
        long c = 0;
        for (int j = 0; j < len; j++) {
          long v = (acc[j] & 0xffffffffL) + ai * (b[j] & 0xffffffffL) + c;
          acc[j] = v & 0xffffffffL;
          c = v >>> 32;
        }
        long v = acc[len] + c;
        acc[len] = v & 0xffffffffL;
        acc[len + 1] = v >>> 32;
        long m = (acc[0] * n0inv) & 0xffffffffL;
        v = acc[0] + m * (n[0] & 0xffffffffL);
        c = v >>> 32;
        for (int j = 1; j < len; j++) {
          v = acc[j] + m * (n[j] & 0xffffffffL) + c;
          acc[j - 1] = v & 0xffffffffL;
          c = v >>> 32;
        }
        v = acc[len] + c;
        acc[len - 1] = v & 0xffffffffL;
        acc[len] = acc[len + 1] + (v >>> 32);
      }
      // Conditional final subtraction.
      boolean geq = acc[len] != 0;
      if (!geq) {
        geq = true;
        for (int i = len - 1; i >= 0; i--) {
          long x = acc[i];
          long y = n[i] & 0xffffffffL;
          if (x != y) {
            geq = x > y;
            break;
          }
        }
      }
      if (geq) {
        long borrow = 0;
        for (int i = 0; i < len; i++) {
          long v = acc[i] - (n[i] & 0xffffffffL) - borrow;
          t[i] = (int) v;
          borrow = (v >>> 63);
        }
      } else {
        for (int i = 0; i < len; i++) {
          t[i] = (int) acc[i];
        }
      }
    }

    BigInteger pow65537(BigInteger s) {
      int[] sm = toLimbs(s.shiftLeft(shift).mod(modulus), len);
      int[] x = sm.clone();
      int[] t = new int[len];
      for (int i = 0; i < 16; i++) {
        mul(x, x, t);
        int[] tmp = x;
        x = t;
        t = tmp;
      }
      mul(x, sm, t);
      int[] one = new int[len];
      one[0] = 1;
      mul(t, one, x);
      return fromLimbs(x);
    }
  }

  private static void check(Result r) {
    if (r != Result.SUCCESS) {
      throw new AssertionError(r);
    }
  }

  private static void report(String what, String impl, Op op) throws Exception {
    // Warm-up: run for the measurement time, twice.
    measure(op);
    measure(op);
    double[] rounds = new double[5];
    for (int i = 0; i < rounds.length; i++) {
      rounds[i] = measure(op);
    }
    Arrays.sort(rounds);
    System.out.printf(Locale.ROOT, "%-28s %-46s %9.2f µs  (min %.2f, max %.2f)%n", what, impl,
        rounds[2], rounds[0], rounds[4]);
  }

  /**
   * µs of this thread's CPU time per operation, over about {@link #seconds} of CPU time. CPU time
   * rather than wall time, so that other processes on a shared machine distort less.
   */
  private static double measure(Op op) throws Exception {
    long budget = (long) (seconds * 1e9);
    long start = THREADS.getCurrentThreadCpuTime();
    long ops = 0;
    long now;
    do {
      for (int i = 0; i < 8; i++) {
        sink = op.run();
      }
      ops += 8;
      now = THREADS.getCurrentThreadCpuTime();
    } while (now - start < budget);
    return (now - start) / 1e3 / ops;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private SignatureBenchmark() {}
}
