package dev.pkixj.bench;

import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full TLS 1.3 handshakes on loopback (bench/RESULTS.md "Round two against the targets"): a JDK client and a
 * JDK server ({@link TlsLoopback}), a P-256 chain (leaf + intermediate), TLS_AES_128_GCM_SHA256,
 * no resumption, https host-name checking; the client context differs only in its trust manager:
 * pkixj's ({@link dev.pkixj.jsse.PkixjTrust}) or the JDK's default PKIX one, both trusting the
 * same root. Each operation is one handshake with a new connection, so it includes the server's
 * work and the key exchange: {@code bench/run} reports {@code tls_handshakes_vs_jdk}, the ratio
 * of handshakes per second (JDK time / pkixj time). The {@code newLeaf_*} pair does the same
 * with a new server leaf on every handshake ({@link NewLeaf}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlsHandshakeBench {
  /** A loopback world, its server, and a client socket factory per trust manager. */
  abstract static class Clients {
    TlsLoopback world;
    TlsLoopback.Server server;
    SSLSocketFactory pkixj;
    SSLSocketFactory jdk;

    abstract TlsLoopback.Server start(TlsLoopback world) throws Exception;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      world = new TlsLoopback();
      server = start(world);
      pkixj = TlsLoopback.clientContext(world.pkixjTrust().trustManager()).getSocketFactory();
      jdk = TlsLoopback.clientContext(world.jdkTrustManager()).getSocketFactory();
      // Both must accept the chain, or the benchmark would measure failures.
      TlsLoopback.handshake(pkixj, server);
      TlsLoopback.handshake(jdk, server);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      world.close();
    }
  }

  /** A server that sends the same valid chain on every handshake. */
  @State(Scope.Benchmark)
  public static class SameChain extends Clients {
    @Override
    TlsLoopback.Server start(TlsLoopback world) throws Exception {
      return world.startServer(TlsLoopback.Case.VALID);
    }
  }

  /**
   * A server that sends a new leaf on every handshake ({@link TlsLoopback#rotatingServer},
   * {@value #LEAVES} leaves cycled), so each client verifies a leaf it has not seen under a known
   * intermediate: pkixj's certificate cache is shrunk to 256 slots in these forks, as in {@link
   * ChainValidationBench}, and the JDK's certificate factory keeps 750. {@code bench/run}
   * reports {@code tls_new_leaf_handshakes_vs_jdk}.
   */
  @State(Scope.Benchmark)
  public static class NewLeaf extends Clients {
    static final int LEAVES = 4096;

    @Override
    TlsLoopback.Server start(TlsLoopback world) throws Exception {
      return world.rotatingServer(LEAVES);
    }
  }

  @Benchmark
  public void handshake_pkixj(SameChain s) throws Exception {
    TlsLoopback.handshake(s.pkixj, s.server);
  }

  @Benchmark
  public void handshake_jdkTrustManager(SameChain s) throws Exception {
    TlsLoopback.handshake(s.jdk, s.server);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=256"})
  public void newLeaf_pkixj(NewLeaf s) throws Exception {
    TlsLoopback.handshake(s.pkixj, s.server);
  }

  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=256"})
  public void newLeaf_jdkTrustManager(NewLeaf s) throws Exception {
    TlsLoopback.handshake(s.jdk, s.server);
  }
}
