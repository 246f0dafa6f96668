package dev.pkixj.bench;

import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.truststore.crlite.Clubcard;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.crlite.CrliteStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CRLite queries ({@link CrliteFilters#query}) on a full filter of production-like shape built
 * with {@link ClubcardWriter} (V4): {@code serials} 16-byte serial numbers (default 1,500,000)
 * over 3,000 issuers whose sizes are skewed like the Web PKI's (issuer i gets a share ∝
 * 1/(i + 1)^0.8, at least 20 serials), 1.5% of them revoked, one CT log covering every
 * timestamp. Each benchmark cycles through a pool of 1,024 pre-built inputs (issuer SPKI hash,
 * serial, log id, timestamp):
 *
 * <ul>
 *   <li>{@code revoked}: a revoked serial (answer REVOKED);</li>
 *   <li>{@code good}: a not-revoked serial of an enrolled issuer (GOOD; the common case);</li>
 *   <li>{@code notEnrolled}: an issuer the filter has no block for (NOT_ENROLLED);</li>
 *   <li>{@code good_jdkSet}: the peer of {@code good} for the latency guard, a {@code
 *       HashSet<ByteBuffer>} of the revoked (issuer hash ‖ serial) keys asked for the same good
 *       serials (keys pre-built, so only the hash and lookup are timed).</li>
 * </ul>
 * The filter is built once per JVM (about 10-20 s) and shared by the benchmarks run in it.
 * Run: {@code java -jar bench/target/benchmarks.jar CrliteBench -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CrliteBench {
  static final int ISSUERS = 3_000;
  static final double REVOKED_SHARE = 0.015;
  static final int POOL = 1024;
  static final long NOW = 1_780_272_000_000L; // ms
  static final byte[] LOG = new byte[32];

  static {
    Arrays.fill(LOG, (byte) 0xA1);
  }

  /** A built filter and its query pools. */
  static final class Built {
    final int serials;
    final byte[] file;
    final Clubcard filter;
    final byte[][] revokedIssuer = new byte[POOL][];
    final byte[][] revokedSerial = new byte[POOL][];
    final byte[][] goodIssuer = new byte[POOL][];
    final byte[][] goodSerial = new byte[POOL][];
    final byte[][] otherIssuer = new byte[POOL][];
    final byte[][] otherSerial = new byte[POOL][];
    final ByteBuffer[] goodKey = new ByteBuffer[POOL];
    final HashSet<ByteBuffer> revokedSet = new HashSet<>();
    final double buildSeconds;

    Built(int serials, long seed) throws Exception {
      this.serials = serials;
      long start = System.nanoTime();
      Random rnd = new Random(seed);
      double[] weight = new double[ISSUERS];
      double sum = 0;
      for (int i = 0; i < ISSUERS; i++) {
        weight[i] = 1 / Math.pow(i + 1, 0.8);
        sum += weight[i];
      }
      ClubcardWriter w = new ClubcardWriter(new Random(seed + 1))
          .coverage(LOG, 0, 9_999_913_599_999L);
      List<byte[]> allRevIssuer = new ArrayList<>();
      List<byte[]> allRev = new ArrayList<>();
      List<byte[]> allGoodIssuer = new ArrayList<>();
      List<byte[]> allGood = new ArrayList<>();
      for (int i = 0; i < ISSUERS; i++) {
        byte[] issuer = new byte[32];
        rnd.nextBytes(issuer);
        int n = Math.max(20, (int) Math.round(serials * weight[i] / sum));
        int r = (int) Math.round(n * REVOKED_SHARE);
        List<byte[]> rev = new ArrayList<>(r);
        List<byte[]> ok = new ArrayList<>(n - r);
        for (int k = 0; k < n; k++) {
          byte[] s = new byte[16];
          rnd.nextBytes(s);
          s[0] &= 0x7F; // a positive INTEGER's content octets
          (k < r ? rev : ok).add(s);
        }
        w.issuer(issuer, rev, ok);
        for (byte[] s : rev) {
          allRevIssuer.add(issuer);
          allRev.add(s);
          revokedSet.add(ByteBuffer.wrap(concat(issuer, s)));
        }
        // A sample of the good serials is enough for the pool.
        for (int k = 0; k < Math.min(ok.size(), 8); k++) {
          allGoodIssuer.add(issuer);
          allGood.add(ok.get(k));
        }
      }
      file = ClubcardWriter.v4(w.build());
      filter = Clubcard.parse(file, "crlite-bench.filter");
      for (int p = 0; p < POOL; p++) {
        int i = rnd.nextInt(allRev.size());
        revokedIssuer[p] = allRevIssuer.get(i);
        revokedSerial[p] = allRev.get(i);
        i = rnd.nextInt(allGood.size());
        goodIssuer[p] = allGoodIssuer.get(i);
        goodSerial[p] = allGood.get(i);
        goodKey[p] = ByteBuffer.wrap(concat(goodIssuer[p], goodSerial[p]));
        otherIssuer[p] = new byte[32];
        rnd.nextBytes(otherIssuer[p]);
        otherSerial[p] = goodSerial[p];
      }
      buildSeconds = (System.nanoTime() - start) / 1e9;
    }

    static byte[] concat(byte[] a, byte[] b) {
      byte[] c = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, c, a.length, b.length);
      return c;
    }
  }

  private static Built built; // shared by the benchmarks of one JVM (forks(0) in the guard)

  static synchronized Built built(int serials) throws Exception {
    if (built == null || built.serials != serials) {
      built = null; // let the old one go first
      built = new Built(serials, 20261207L);
    }
    return built;
  }

  /** The filters and the pools. */
  @State(Scope.Benchmark)
  public static class Filters {
    @Param("1500000")
    public int crliteSerials;

    CrliteFilters filters;
    Built b;
    final byte[] logIds = LOG.clone();
    final long[] timestamps = {NOW - 86_400_000L};

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      b = built(crliteSerials);
      filters = CrliteFilters.of(b.filter, List.of(), NOW - 3_600_000L);
      check(CrliteStatus.REVOKED, b.revokedIssuer, b.revokedSerial);
      check(CrliteStatus.GOOD, b.goodIssuer, b.goodSerial);
      check(CrliteStatus.NOT_ENROLLED, b.otherIssuer, b.otherSerial);
      for (int p = 0; p < POOL; p++) {
        if (b.revokedSet.contains(b.goodKey[p])) {
          throw new IllegalStateException("a good key is in the revoked set");
        }
      }
    }

    private void check(CrliteStatus want, byte[][] issuers, byte[][] serials) {
      for (int p = 0; p < POOL; p++) {
        CrliteStatus got = filters.query(issuers[p], serials[p], logIds, timestamps, 1, NOW);
        if (got != want) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "pool entry %d: %s, expected %s", p, got, want));
        }
      }
    }
  }

  /** Per-thread cursor. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  @Benchmark
  public CrliteStatus revoked(Filters f, Cursor c) {
    int i = (c.i = (c.i + 1) & (POOL - 1));
    return f.filters.query(f.b.revokedIssuer[i], f.b.revokedSerial[i], f.logIds, f.timestamps,
        1, NOW);
  }

  @Benchmark
  public CrliteStatus good(Filters f, Cursor c) {
    int i = (c.i = (c.i + 1) & (POOL - 1));
    return f.filters.query(f.b.goodIssuer[i], f.b.goodSerial[i], f.logIds, f.timestamps, 1, NOW);
  }

  @Benchmark
  public CrliteStatus notEnrolled(Filters f, Cursor c) {
    int i = (c.i = (c.i + 1) & (POOL - 1));
    return f.filters.query(f.b.otherIssuer[i], f.b.otherSerial[i], f.logIds, f.timestamps, 1,
        NOW);
  }

  @Benchmark
  public boolean good_jdkSet(Filters f, Cursor c) {
    int i = (c.i = (c.i + 1) & (POOL - 1));
    return f.b.revokedSet.contains(f.b.goodKey[i]);
  }
}
