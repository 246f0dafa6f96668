package dev.pkixj.bench;

import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.verifier.Verifier;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
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
 * The P-256 chain states of {@link ChainValidationBench} ({@code newLeaf}) and {@link
 * FirstSeenChainBench} ({@code firstSeen}), pkixj against the JDK TrustManager only, each with
 * the thread CPU time per call as auxiliary counters ({@link P256VerifyBench.Cpu}): on a shared
 * machine, run the pkixj and the JDK method at the same time and compare {@code cpuNanos}/{@code
 * calls}. Same fixtures, sizes ({@code pool} 4,096 leaves; {@code chains} 1,024 over {@code
 * keys} 64 intermediate keys) and cache settings as those two benchmarks. {@code -p kind=RSA}
 * (or MIXED) runs the new-leaf state on the other chains; {@code repeat_pkixj} is the identical
 * chain, {@value #REPEAT_BATCH} validations per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class P256ChainCpuBench {
  /** A known intermediate, a new leaf each call. */
  @State(Scope.Thread)
  public static class NewLeaf {
    /** Distinct leaves cycled (smaller in the CI smoke run). */
    @Param({"4096"})
    public int pool;

    /** The chain's key types ({@link Fixtures.Kind}); P-256 unless told. */
    @Param({"EC"})
    public Fixtures.Kind kind;

    Verifier pkixj;
    byte[] intermediateDer;
    List<byte[]> leaves;
    int next;
    Fixtures.Peers peers;
    X509Certificate jdkIntermediate;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      TestPki pki = kind.pki();
      pkixj = Verifier.withRoots(List.of(pki.root().der()));
      intermediateDer = pki.intermediate().der();
      leaves = Fixtures.newLeaves(pki, pool);
      peers = new Fixtures.Peers(pki, kind);
      jdkIntermediate = Fixtures.jdk(pki.intermediate());
      Result check = pkixj.verifyServer(List.of(pki.leaf().der(), intermediateDer), Fixtures.HOST,
          Fixtures.NOW).result();
      if (check != Result.SUCCESS) {
        throw new IllegalStateException("fixture chain does not verify: " + check);
      }
    }

    byte[] nextLeaf() {
      byte[] leaf = leaves.get(next);
      next = (next + 1) % leaves.size();
      return leaf;
    }
  }

  /** The identical chain every call ({@link ChainValidationBench}'s {@code repeat}). */
  @State(Scope.Thread)
  public static class Repeat {
    @Param({"EC"})
    public Fixtures.Kind kind;

    Verifier pkixj;
    List<byte[]> chain;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      TestPki pki = kind.pki();
      pkixj = Verifier.withRoots(List.of(pki.root().der()));
      chain = List.of(pki.leaf().der(), pki.intermediate().der());
      Result check = pkixj.verifyServer(chain, Fixtures.HOST, Fixtures.NOW).result();
      if (check != Result.SUCCESS) {
        throw new IllegalStateException("fixture chain does not verify: " + check);
      }
    }
  }

  /** Validations per CPU-time reading in {@link #repeat_pkixj} (one reading costs about one). */
  public static final int REPEAT_BATCH = 64;

  /** A new leaf and a new intermediate certificate (one of 64 keys) each call. */
  @State(Scope.Thread)
  public static class FirstSeen {
    /** Distinct chains cycled (smaller in the CI smoke run). */
    @Param({"1024"})
    public int chains;

    /** Distinct intermediate key pairs among them. */
    @Param({"64"})
    public int keys;

    Verifier pkixj;
    List<List<byte[]>> pool;
    int next;
    Fixtures.Peers peers;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      TestPki pki = Fixtures.Kind.EC.pki();
      pool = new ArrayList<>();
      for (int i = 0; i < chains; i++) {
        KeyPair icaKey = TestKeys.ec(TestKeys.Curve.P256, "bench/firstSeen/ica/" + (i % keys));
        TestCert ica = pki.intermediateBuilder()
            .subject("CN=pkixj First Seen CA " + i + ",O=pkixj Test,C=US")
            .serial(100_000L + i)
            .key(icaKey)
            .build();
        TestCert leaf = pki.leafBuilder().issuer(ica).serial(200_000L + i).build();
        pool.add(List.of(leaf.der(), ica.der()));
      }
      pkixj = Verifier.withRoots(List.of(pki.root().der()));
      peers = new Fixtures.Peers(pki, Fixtures.Kind.EC);
      for (List<byte[]> chain : pool) {
        Result r = pkixj.verifyServer(chain, Fixtures.HOST, Fixtures.NOW).result();
        if (r != Result.SUCCESS) {
          throw new IllegalStateException("fixture chain does not verify: " + r);
        }
      }
    }

    List<byte[]> nextChain() {
      List<byte[]> c = pool.get(next);
      next = (next + 1) % pool.size();
      return c;
    }
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=256"})
  public Result newLeaf_pkixj(NewLeaf s, P256VerifyBench.Cpu cpu) {
    long t = cpu.start();
    Result r = s.pkixj.verifyServer(List.of(s.nextLeaf(), s.intermediateDer), Fixtures.HOST,
        Fixtures.NOW).result();
    cpu.stop(t);
    return r;
  }

  /**
   * {@value #REPEAT_BATCH} validations of the identical chain per call: {@code cpuNanos}/{@code
   * calls} is the CPU time of the batch (divide by {@value #REPEAT_BATCH}).
   */
  @Benchmark
  @Fork(1)
  public Result repeat_pkixj(Repeat s, P256VerifyBench.Cpu cpu) {
    long t = cpu.start();
    Result r = null;
    for (int i = 0; i < REPEAT_BATCH; i++) {
      r = s.pkixj.verifyServer(s.chain, Fixtures.HOST, Fixtures.NOW).result();
    }
    cpu.stop(t);
    return r;
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=256"})
  public X509Certificate[] newLeaf_jdkTrustManager(NewLeaf s, P256VerifyBench.Cpu cpu)
      throws Exception {
    long t = cpu.start();
    X509Certificate[] r = s.peers.trustManager(
        new X509Certificate[] {Fixtures.jdk(s.nextLeaf()), s.jdkIntermediate});
    cpu.stop(t);
    return r;
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=2", "-Dpkixj.sigCache.keys=2"})
  public Result firstSeen_pkixj(FirstSeen s, P256VerifyBench.Cpu cpu) {
    long t = cpu.start();
    List<byte[]> c = s.nextChain();
    Result r = s.pkixj.verifyServer(List.of(c.get(0).clone(), c.get(1).clone()), Fixtures.HOST,
        Fixtures.NOW).result();
    cpu.stop(t);
    return r;
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=2", "-Dpkixj.sigCache.keys=2"})
  public X509Certificate[] firstSeen_jdkTrustManager(FirstSeen s, P256VerifyBench.Cpu cpu)
      throws Exception {
    long t = cpu.start();
    List<byte[]> c = s.nextChain();
    X509Certificate[] r = s.peers.trustManager(new X509Certificate[] {
        Fixtures.jdk(c.get(0).clone()), Fixtures.jdk(c.get(1).clone())});
    cpu.stop(t);
    return r;
  }
}
