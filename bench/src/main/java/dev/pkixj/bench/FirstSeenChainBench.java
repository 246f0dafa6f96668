package dev.pkixj.bench;

import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.Result;
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
 * Validation of a 3-certificate chain in which <em>everything is first-seen</em> except the trusted
 * root: a leaf and an intermediate never seen before, the intermediate's key never seen before.
 * This is a client's first connection to a site of an unfamiliar CA, or a batch over a corpus with
 * no repeated CA.
 *
 * <p>{@code chains} (1,024) distinct chains are cycled; each has its own intermediate certificate
 * (own subject and serial) under the kind's root, with one of {@code keys} (64) intermediate key
 * pairs, and its own leaf. So that nothing is remembered from one use of a chain to the next,
 * pkixj's certificate cache and key cache are shrunk to 2 entries for this fork ({@code
 * -Dpkixj.certCache.slots=2 -Dpkixj.sigCache.keys=2}: every certificate is parsed and every key
 * decoded again, no signature result is reused), and the pool exceeds the JDK certificate
 * factory's cache of 750 parsed certificates (each JDK certificate is also a fresh object parsed
 * from the bytes in the measured method). The root is in each verifier's trust store, parsed
 * once at set-up, as a browser's built-in roots are.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=2", "-Dpkixj.sigCache.keys=2"})
public class FirstSeenChainBench {
  /** Distinct chains cycled (smaller in the CI smoke run). */
  @Param({"1024"})
  public int chains;

  /** Distinct intermediate key pairs among them. */
  @Param({"64"})
  public int keys;

  @Param({"RSA", "EC", "MIXED"})
  public Fixtures.Kind kind;

  private Verifier pkixj;
  private List<List<byte[]>> pool;
  private int next;

  private Fixtures.Peers peers;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    TestPki pki = kind.pki();
    pool = new ArrayList<>(chains);
    for (int i = 0; i < chains; i++) {
      int k = i % keys;
      KeyPair icaKey = kind == Fixtures.Kind.RSA
          ? TestKeys.rsa(2048, "bench/firstSeen/ica/" + k)
          : TestKeys.ec(TestKeys.Curve.P256, "bench/firstSeen/ica/" + k);
      TestCert ica = pki.intermediateBuilder()
          .subject("CN=pkixj First Seen CA " + i + ",O=pkixj Test,C=US")
          .serial(100_000L + i)
          .key(icaKey)
          .build();
      TestCert leaf = pki.leafBuilder().issuer(ica).serial(200_000L + i).build();
      pool.add(List.of(leaf.der(), ica.der()));
    }
    pkixj = Verifier.withRoots(List.of(pki.root().der()));

    peers = new Fixtures.Peers(pki, kind);
    for (List<byte[]> chain : pool) {
      Result r = pkixj.verifyServer(chain, Fixtures.HOST, Fixtures.NOW).result();
      if (r != Result.SUCCESS) {
        throw new IllegalStateException("fixture chain does not verify: " + r);
      }
    }
  }

  private List<byte[]> nextChain() {
    List<byte[]> c = pool.get(next);
    next = (next + 1) % chains;
    return c;
  }

  private X509Certificate[] jdkChain() {
    List<byte[]> c = nextChain();
    return new X509Certificate[] {Fixtures.jdk(c.get(0).clone()), Fixtures.jdk(c.get(1).clone())};
  }

  @Benchmark
  public Result firstSeen_pkixj() {
    // Fresh arrays: pkixj's caches also recognise a certificate by its array's identity.
    List<byte[]> c = nextChain();
    return pkixj.verifyServer(List.of(c.get(0).clone(), c.get(1).clone()), Fixtures.HOST,
        Fixtures.NOW).result();
  }

  @Benchmark
  public X509Certificate[] firstSeen_jdkTrustManager() throws Exception {
    return peers.trustManager(jdkChain());
  }

  @Benchmark
  public Object firstSeen_jdkCertPathValidator() throws Exception {
    return peers.jdkCertPathValidator(jdkChain());
  }

  @Benchmark
  public Object firstSeen_bcCertPathValidator() throws Exception {
    return peers.bcCertPathValidator(jdkChain());
  }
}
