package dev.pkixj.bench;

import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.Verifier;
import java.security.cert.X509Certificate;
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
 * Validation of a 3-certificate chain (leaf, intermediate, trusted root), host name included for
 * pkixj and the JDK TrustManager, revocation off, side by side with the JDK's TrustManager and
 * CertPathValidator and BouncyCastle's CertPathValidator on the same chains. The method names say
 * which state is measured:
 * <ul>
 *   <li>{@code repeat}: the identical chain every time (parsed certificates and signature results
 *       come from caches; time- and host-dependent checks still run);</li>
 *   <li>{@code newLeaf}: a leaf not seen before under a known intermediate (the common case for a
 *       client and for batch): a pool of {@code pool} (4,096) leaves, larger than the certificate caches
 *       (pkixj's is shrunk to 256 slots for this run by {@code -Dpkixj.certCache.slots=256}; the
 *       JDK's factory keeps 750), so each leaf is parsed and its signature verified.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=256"})
public class ChainValidationBench {
  /** Distinct leaves cycled by the {@code newLeaf} benchmarks (smaller in the CI smoke run). */
  @Param({"4096"})
  public int pool;

  @Param({"RSA", "EC", "MIXED"})
  public Fixtures.Kind kind;

  private Verifier pkixj;
  private List<byte[]> repeatChain;
  private byte[] intermediateDer;
  private List<byte[]> leaves;
  private int next;

  private Fixtures.Peers peers;
  private X509Certificate[] jdkChain;
  private X509Certificate jdkIntermediate;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    TestPki pki = kind.pki();
    pkixj = Verifier.withRoots(List.of(pki.root().der()));
    intermediateDer = pki.intermediate().der();
    repeatChain = List.of(pki.leaf().der(), intermediateDer);
    leaves = Fixtures.newLeaves(pki, pool);

    peers = new Fixtures.Peers(pki, kind);
    jdkIntermediate = Fixtures.jdk(pki.intermediate());
    jdkChain = new X509Certificate[] {Fixtures.jdk(pki.leaf()), jdkIntermediate};
    // The JDK TrustManager uses the current time: the fixtures are valid around TestClock.NOW,
    // which must therefore be within their validity today (see TestClock).
    Result check = pkixj.verifyServer(repeatChain, Fixtures.HOST, Fixtures.NOW).result();
    if (check != Result.SUCCESS) {
      throw new IllegalStateException("fixture chain does not verify: " + check);
    }
  }

  private byte[] nextLeaf() {
    byte[] leaf = leaves.get(next);
    next = (next + 1) % pool;
    return leaf;
  }

  // ---- identical chain repeated ----

  @Benchmark
  public Result repeat_pkixj() {
    return pkixj.verifyServer(repeatChain, Fixtures.HOST, Fixtures.NOW).result();
  }

  @Benchmark
  public X509Certificate[] repeat_jdkTrustManager() throws Exception {
    return peers.trustManager(jdkChain);
  }

  @Benchmark
  public Object repeat_jdkCertPathValidator() throws Exception {
    return peers.jdkCertPathValidator(jdkChain);
  }

  @Benchmark
  public Object repeat_bcCertPathValidator() throws Exception {
    return peers.bcCertPathValidator(jdkChain);
  }

  // ---- a new leaf under a known intermediate ----

  @Benchmark
  public Result newLeaf_pkixj() {
    return pkixj.verifyServer(List.of(nextLeaf(), intermediateDer), Fixtures.HOST, Fixtures.NOW)
        .result();
  }

  @Benchmark
  public X509Certificate[] newLeaf_jdkTrustManager() throws Exception {
    return peers.trustManager(new X509Certificate[] {Fixtures.jdk(nextLeaf()), jdkIntermediate});
  }

  @Benchmark
  public Object newLeaf_jdkCertPathValidator() throws Exception {
    return peers.jdkCertPathValidator(Fixtures.jdk(nextLeaf()), jdkIntermediate);
  }

  @Benchmark
  public Object newLeaf_bcCertPathValidator() throws Exception {
    return peers.bcCertPathValidator(Fixtures.jdk(nextLeaf()), jdkIntermediate);
  }
}
