package dev.pkixj.bench;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.db.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Opening the trust store: the database file with 10,000 remembered intermediates and 1,000
 * certificate exceptions is opened (read, every record's CRC-32C checked, every certificate
 * re-hashed with SHA-256), and the in-memory indexes are built over it plus 150 built-in roots
 * (each certificate parsed). The certificate cache is shrunk to 2 slots for this run
 * ({@code -Dpkixj.certCache.slots=2}), so no parse is skipped from one operation to the next.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=2"})
public class TrustStoreLoadBench {
  private Path dir;
  private Path file;
  private List<TrustEntry> roots;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("pkixj-load");
    file = dir.resolve("certdb");
    roots = new ArrayList<>();
    List<TestCert> rootCerts = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      TestCert r = CertBuilder.root("Load Root " + i).build();
      rootCerts.add(r);
      roots.add(new TrustEntry(r.der(), Trust.ANCHOR, null, "root " + i, Source.OS));
    }
    List<byte[]> intermediates = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      intermediates.add(CertBuilder.ca("Load Intermediate " + i).issuer(rootCerts.get(i % 150))
          .key(TestKeys.ec(TestKeys.Curve.P256, 20_000 + (i % 64))).build().der());
    }
    try (CertDb db = CertDb.open(file)) {
      db.rememberIntermediates(intermediates);
      for (int i = 0; i < 1_000; i++) {
        byte[] fp = new byte[32];
        fp[0] = (byte) i;
        fp[1] = (byte) (i >> 8);
        db.putOverride(new CertOverride("host" + i + ".example.test", 443, fp,
            Instant.parse("2026-11-28T00:00:00Z")));
      }
      db.compact();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Open the database and build the trust store's indexes over it and the built-in roots. */
  @Benchmark
  public TrustStore openAndIndex() throws Exception {
    try (CertDb db = CertDb.open(file)) {
      Snapshot s = db.snapshot();
      List<byte[]> seen = new ArrayList<>(s.intermediates().size());
      for (TrustEntry e : s.intermediates()) {
        seen.add(e.der());
      }
      if (seen.size() != 10_000 || s.overrides().size() != 1_000) {
        throw new IllegalStateException("fixture not loaded: " + s);
      }
      return TrustStore.of(roots, s.entries(), seen, s.suspects());
    }
  }
}
