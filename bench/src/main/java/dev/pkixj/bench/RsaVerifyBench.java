package dev.pkixj.bench;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.sig.SignatureVerifier;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The RSA public operation s^65537 mod n (e = 65537) by each method measured, and pkixj's whole
 * PKCS#1 v1.5 SHA-256 verification of a 1 KiB message with a cached key. {@code modPow}: {@link
 * BigInteger#modPow} (HotSpot's Montgomery intrinsics, but a conversion into Montgomery form by
 * division on every call); {@code barrett}: 16 squarings and a multiplication on {@link
 * BigInteger#multiply} (the {@code squareToLen} / {@code multiplyToLen} intrinsics), each reduced
 * by Barrett with μ = ⌊2^2k / n⌋ cached per key; {@code barrett32}: the same in base 2^32, so
 * its shifts are whole-int copies; {@code mont32}: a CIOS Montgomery loop on 32-bit
 * digits held in {@code long[]}, n' and R² mod n cached per key (s·R² → 16 squarings → a
 * multiplication by the plain s leaves s^65537, so no conversion out); {@code
 * modPowConversion}: only the step {@code modPow} starts with, s·2^k mod n by {@link
 * BigInteger#mod} (a Knuth division whose inner loop is plain Java, no intrinsic), to show what
 * share of {@code modPow} it is. Thread-CPU-time aux counters: {@link P256VerifyBench.Cpu} ({@code cpuNanos} / {@code calls}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class RsaVerifyBench {
  @Param({"2048"})
  public int bits;

  private static final BigInteger E = BigInteger.valueOf(65537);

  private BigInteger n;
  private BigInteger s;
  private BigInteger expected;
  private Barrett barrett;
  private Barrett barrett32;
  private Mont32 mont32;
  private byte[] data;
  private Input spki;
  private Input sig;
  private SignatureVerifier verifier;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(bits);
    KeyPairGenerator kpg = KeyPairGenerator.getInstance("RSA");
    kpg.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
    KeyPair kp = kpg.generateKeyPair();
    n = ((RSAPublicKey) kp.getPublic()).getModulus();
    data = new byte[1024];
    random.nextBytes(data);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(kp.getPrivate());
    signer.update(data);
    byte[] sigBytes = signer.sign();
    s = new BigInteger(1, sigBytes);
    expected = s.modPow(E, n);
    barrett = new Barrett(n, 1);
    barrett32 = new Barrett(n, 32);
    mont32 = new Mont32(n);
    spki = Input.of(kp.getPublic().getEncoded());
    sig = Input.of(sigBytes);
    verifier = new SignatureVerifier(16);
    if (!modPow().equals(expected) || !barrett().equals(expected)
        || !barrett32.pow65537(s).equals(expected)
        || !mont32().equals(expected) || pkixj() != Result.SUCCESS) {
      throw new IllegalStateException("a method disagrees with modPow");
    }
  }

  @Benchmark
  public BigInteger modPow(P256VerifyBench.Cpu cpu) {
    long t = cpu.start();
    BigInteger r = modPow();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public BigInteger modPowConversion(P256VerifyBench.Cpu cpu) {
    long t = cpu.start();
    BigInteger r = s.shiftLeft(32 * ((bits + 31) / 32)).mod(n);
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public BigInteger barrett(P256VerifyBench.Cpu cpu) {
    long t = cpu.start();
    BigInteger r = barrett();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public BigInteger barrett32(P256VerifyBench.Cpu cpu) {
    long t = cpu.start();
    BigInteger r = barrett32.pow65537(s);
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public BigInteger mont32(P256VerifyBench.Cpu cpu) {
    long t = cpu.start();
    BigInteger r = mont32();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public Result pkixj(P256VerifyBench.Cpu cpu) {
    long t = cpu.start();
    Result r = pkixj();
    cpu.stop(t);
    return r;
  }

  private BigInteger modPow() {
    return s.modPow(E, n);
  }

  private BigInteger barrett() {
    return barrett.pow65537(s);
  }

  private BigInteger mont32() {
    return mont32.pow65537(s);
  }

  private Result pkixj() {
    return verifier.verify(SignatureAlgorithm.RSA_PKCS1_SHA256, data, 0, data.length, sig, spki);
  }

  /**
   * Barrett reduction on BigInteger arithmetic, μ cached (HAC 14.42) in base 2^digitBits: with
   * L = ⌈k / digitBits⌉ digits for a k-bit modulus, μ = ⌊2^(2·digitBits·L) / n⌋ and r = x − q·n
   * < 3n. Base 2 ({@code digitBits} 1) shifts by bits; base 2^32 shifts by whole ints (a copy).
   */
  static final class Barrett {
    private final BigInteger n;
    private final BigInteger mu;
    private final int shiftLow;
    private final int shiftHigh;

    Barrett(BigInteger n, int digitBits) {
      this.n = n;
      int l = (n.bitLength() + digitBits - 1) / digitBits;
      this.mu = BigInteger.ONE.shiftLeft(2 * digitBits * l).divide(n);
      this.shiftLow = digitBits * (l - 1);
      this.shiftHigh = digitBits * (l + 1);
    }

    /** x mod n for 0 ≤ x < n². */
    BigInteger reduce(BigInteger x) {
      BigInteger q = x.shiftRight(shiftLow).multiply(mu).shiftRight(shiftHigh);
      BigInteger r = x.subtract(q.multiply(n));
      while (r.compareTo(n) >= 0) {
        r = r.subtract(n);
      }
      return r;
    }

    BigInteger pow65537(BigInteger s) {
      BigInteger a = s;
      for (int i = 0; i < 16; i++) {
        a = reduce(a.multiply(a));
      }
      return reduce(a.multiply(s));
    }
  }

  /** CIOS Montgomery multiplication on 32-bit digits in long[], little-endian. */
  static final class Mont32 {
    private final long[] n;
    private final long n0inv; // -n^-1 mod 2^32
    private final long[] r2;
    private final int len;

    Mont32(BigInteger modulus) {
      len = (modulus.bitLength() + 31) / 32;
      n = digits(modulus, len);
      n0inv = BigInteger.ONE.shiftLeft(32).subtract(
          modulus.modInverse(BigInteger.ONE.shiftLeft(32))).longValue();
      r2 = digits(BigInteger.ONE.shiftLeft(64 * len).mod(modulus), len);
    }

    static long[] digits(BigInteger x, int len) {
      byte[] b = x.toByteArray();
      long[] d = new long[len];
      for (int i = 0; i < b.length && i < 4 * len; i++) {
        d[i >>> 2] |= (b[b.length - 1 - i] & 0xffL) << (8 * (i & 3));
      }
      return d;
    }

    /** out = a·b·R^-1 mod n; t has len + 2 digits. */
    void mul(long[] a, long[] b, long[] out, long[] t) {
      int s = len;
      java.util.Arrays.fill(t, 0);
      for (int i = 0; i < s; i++) {
        long bi = b[i];
        long c = 0;
        for (int j = 0; j < s; j++) {
          long x = t[j] + a[j] * bi + c;
          t[j] = x & 0xffffffffL;
          c = x >>> 32; // (2^32-1)^2 + 2(2^32-1) = 2^64-1: no carry lost
        }
        long x = t[s] + c;
        t[s] = x & 0xffffffffL;
        t[s + 1] = x >>> 32;
        long m = (t[0] * n0inv) & 0xffffffffL;
        x = t[0] + m * n[0];
        c = x >>> 32;
        for (int j = 1; j < s; j++) {
          x = t[j] + m * n[j] + c;
          t[j - 1] = x & 0xffffffffL;
          c = x >>> 32;
        }
        x = t[s] + c;
        t[s - 1] = x & 0xffffffffL;
        t[s] = t[s + 1] + (x >>> 32);
      }
      // t < 2n: subtract n once if t ≥ n.
      boolean ge = t[s] != 0;
      if (!ge) {
        ge = true;
        for (int j = s - 1; j >= 0; j--) {
          if (t[j] != n[j]) {
            ge = t[j] > n[j];
            break;
          }
        }
      }
      if (ge) {
        long borrow = 0;
        for (int j = 0; j < s; j++) {
          long x = t[j] - n[j] - borrow;
          out[j] = x & 0xffffffffL;
          borrow = (x >>> 63);
        }
      } else {
        System.arraycopy(t, 0, out, 0, s);
      }
    }

    BigInteger pow65537(BigInteger sig) {
      long[] s0 = digits(sig, len);
      long[] a = new long[len];
      long[] t = new long[len + 2];
      mul(s0, r2, a, t);
      for (int i = 0; i < 16; i++) {
        mul(a, a, a, t);
      }
      mul(a, s0, a, t);
      byte[] out = new byte[4 * len];
      for (int i = 0; i < 4 * len; i++) {
        out[4 * len - 1 - i] = (byte) (a[i >>> 2] >>> (8 * (i & 3)));
      }
      return new BigInteger(1, out);
    }
  }
}
