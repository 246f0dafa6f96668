package dev.pkixj.bench;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.sig.SignatureVerifier;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * pkixj's P-256 ECDSA verification (1 KiB message, hashing included) with each field
 * implementation, chosen per fork with the system property {@code pkixj.p256.field}: {@code bc}
 * (BouncyCastle's {@code SecP256R1Field}, 8 × 32-bit limbs) or {@code mont64} (pkixj's 4 × 64-bit
 * Montgomery field). {@code hot}: one key, promoted to its comb tables in the set-up;
 * {@code firstSeen}: {@code keyPool} keys cycled through a 2-entry key cache, so each call parses
 * the SPKI and verifies with the per-call wNAF. BouncyCastle's {@code ECDSASigner} is measured
 * alongside as the fixed reference (a cached public key, and a fresh one per call).
 * {@code gTeeth} sizes P-256's generator comb and {@code hotKeys} = 0 turns the wide per-key
 * tables off (e.g. {@code -p field=bc -p gTeeth=10,12 -p hotKeys=0}).
 *
 * <p>Besides the wall-clock average, each benchmark reports the thread CPU time it spent ({@code
 * cpuNanos}) and its calls ({@code calls}) as auxiliary counters: on a machine shared with other
 * jobs, waiting for a core inflates the wall-clock figure but not the thread's CPU time, so
 * cpuNanos / calls compares implementations measured at different moments far more steadily.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class P256VerifyBench {
  @Param({"bc", "mont64"})
  public String field;

  /**
   * Teeth of each of the generator's two comb tables with {@code mont64} (system property {@code
   * pkixj.p256.gTeeth}; {@code default} leaves pkixj's own).
   */
  @Param({"default"})
  public String gTeeth;

  /**
   * P-256 keys that may get the wide per-key tables (system property {@code
   * pkixj.sigCache.hotKeys}; 0 keeps every hot key on the 2 × 255-point tables).
   */
  @Param({"default"})
  public String hotKeys;

  /** Distinct keys of {@code firstSeen}, a power of two. */
  @Param({"256"})
  public int keyPool;

  private static final byte[] P256_SPKI_PREFIX = hex(
      "3059301306072a8648ce3d020106082a8648ce3d030107034200");

  private byte[] data;
  private SignatureVerifier hotVerifier;
  private SignatureVerifier coldVerifier;
  private Input[] spki;
  private Input[] sig;
  private byte[][] point;
  private BigInteger[][] rs;
  private ECDomainParameters domain;
  private ECDSASigner bcHot;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    // Before the first use of pkixj's EC code in this JVM.
    System.setProperty("pkixj.p256.field", field);
    if (!hotKeys.equals("default")) {
      System.setProperty("pkixj.sigCache.hotKeys", hotKeys);
    }
    if (!gTeeth.equals("default")) {
      System.setProperty("pkixj.p256.gTeeth", gTeeth);
    }
    SecureRandom random = new SecureRandom(new byte[] {7});
    data = new byte[1024];
    random.nextBytes(data);
    X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
    domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
    spki = new Input[keyPool];
    sig = new Input[keyPool];
    point = new byte[keyPool][];
    rs = new BigInteger[keyPool][];
    ECDSASigner signer = new ECDSASigner();
    for (int i = 0; i < keyPool; i++) {
      BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE,
          x9.getN().subtract(BigInteger.ONE), random);
      ECPoint q = x9.getG().multiply(d).normalize();
      signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, domain), random));
      rs[i] = signer.generateSignature(digest);
      point[i] = q.getEncoded(false);
      spki[i] = Input.of(concat(P256_SPKI_PREFIX, point[i]));
      sig[i] = Input.of(derSig(rs[i][0], rs[i][1]));
    }
    hotVerifier = new SignatureVerifier(16);
    coldVerifier = new SignatureVerifier(2);
    bcHot = new ECDSASigner();
    bcHot.init(false, new ECPublicKeyParameters(x9.getCurve().decodePoint(point[0]), domain));
    for (int i = 0; i < keyPool; i++) {
      if (pkixjFirstSeen() != Result.SUCCESS || !bcFirstSeen()) {
        throw new IllegalStateException("a fixture signature does not verify");
      }
    }
    // Past the wide tables' promotion (256 hits).
    for (int i = 0; i < 300; i++) {
      if (pkixjHot() != Result.SUCCESS || !bcHot()) {
        throw new IllegalStateException("the hot signature does not verify");
      }
    }
  }

  /** Thread CPU time and calls per iteration (see the class comment). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public long cpuNanos;
    public long calls;

    @Setup(Level.Iteration)
    public void reset() {
      cpuNanos = 0;
      calls = 0;
    }

    long start() {
      return THREADS.getCurrentThreadCpuTime();
    }

    void stop(long start) {
      cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
      calls++;
    }
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (keyPool - 1);
    return i;
  }

  @Benchmark
  public Result pkixjHot(Cpu cpu) {
    long t = cpu.start();
    Result r = pkixjHot();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public Result pkixjFirstSeen(Cpu cpu) {
    long t = cpu.start();
    Result r = pkixjFirstSeen();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public boolean bcHot(Cpu cpu) throws Exception {
    long t = cpu.start();
    boolean r = bcHot();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  public boolean bcFirstSeen(Cpu cpu) throws Exception {
    long t = cpu.start();
    boolean r = bcFirstSeen();
    cpu.stop(t);
    return r;
  }

  private Result pkixjHot() {
    return hotVerifier.verify(SignatureAlgorithm.ECDSA_SHA256, data, 0, data.length, sig[0],
        spki[0]);
  }

  private Result pkixjFirstSeen() {
    int i = nextIndex();
    return coldVerifier.verify(SignatureAlgorithm.ECDSA_SHA256, data, 0, data.length, sig[i],
        spki[i]);
  }

  private boolean bcHot() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
    return bcHot.verifySignature(digest, rs[0][0], rs[0][1]);
  }

  private boolean bcFirstSeen() throws Exception {
    int i = nextIndex();
    ECDSASigner bc = new ECDSASigner();
    bc.init(false, new ECPublicKeyParameters(domain.getCurve().decodePoint(point[i]), domain));
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
    return bc.verifySignature(digest, rs[i][0], rs[i][1]);
  }

  private static byte[] derSig(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    byte[] out = new byte[6 + rb.length + sb.length];
    out[0] = 0x30;
    out[1] = (byte) (4 + rb.length + sb.length);
    out[2] = 0x02;
    out[3] = (byte) rb.length;
    System.arraycopy(rb, 0, out, 4, rb.length);
    out[4 + rb.length] = 0x02;
    out[5 + rb.length] = (byte) sb.length;
    System.arraycopy(sb, 0, out, 6 + rb.length, sb.length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
