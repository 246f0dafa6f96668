package dev.pkixj.bench;

import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.truststore.revocation.OcspCache;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The OCSP cache's hot paths on a full Firefox-sized cache (1024 entries) with realistic CertIDs
 * (an RSA-2048 intermediate's Name and SubjectPublicKeyInfo, 16-byte serials).
 *
 * <ul>
 *   <li>{@code hitByKey}: a hit with the key already computed (what the revocation check does
 *       after computing the key once);</li>
 *   <li>{@code hitByCertId}: a hit including the key's SHA-384 over the CertID;</li>
 *   <li>{@code hitByKey2Threads}: hits from two threads on the same hot entries;</li>
 *   <li>{@code putReplace}: a put that replaces an existing entry (newer thisUpdate);</li>
 *   <li>{@code putEvict}: a put of a new key into the full cache (an eviction scan each time);</li>
 *   <li>{@code hitByKey_jdkMap}: the peer of {@code hitByKey} for the latency guard, the same
 *       lookup in a {@code ConcurrentHashMap} holding the same entries under the same keys.</li>
 * </ul>
 * Run: {@code java -jar bench/target/benchmarks.jar OcspCacheBench -f 1 -wi 3 -i 5 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OcspCacheBench {
  static final int FULL = OcspCache.FIREFOX_MAX_ENTRIES;
  static final int NEW_KEYS = 4 * FULL;
  static final long NOW = 1_780_272_000L;

  static CertId[] certIds(int n) {
    TestPki pki = TestPki.rsa();
    TestCert ica = pki.intermediate();
    Input issuer = Input.of(ica.subjectDer());
    Input spki = Input.of(ica.spkiDer());
    CertId[] ids = new CertId[n];
    for (int i = 0; i < n; i++) {
      byte[] serial = new byte[16];
      serial[0] = 0x40;
      for (int j = 0; j < 4; j++) {
        serial[15 - j] = (byte) (i >>> (8 * j));
      }
      ids[i] = new CertId(issuer, spki, Input.of(serial));
    }
    return ids;
  }

  /** A full cache and its keys. */
  @State(Scope.Benchmark)
  public static class Full {
    OcspCache cache;
    CertId[] ids;
    OcspCache.Key[] keys;
    OcspCache.Key[] newKeys;
    ConcurrentHashMap<OcspCache.Key, OcspCache.Entry> jdkMap;

    @Setup(Level.Trial)
    public void setUp() {
      ids = certIds(FULL + NEW_KEYS);
      keys = new OcspCache.Key[ids.length];
      for (int i = 0; i < ids.length; i++) {
        keys[i] = OcspCache.key(ids[i]);
      }
      cache = new OcspCache();
      for (int i = 0; i < FULL; i++) {
        cache.put(keys[i], Result.SUCCESS, NOW - 3600, NOW + 86400, NOW);
      }
      jdkMap = new ConcurrentHashMap<>();
      for (int i = 0; i < FULL; i++) {
        jdkMap.put(keys[i], cache.get(keys[i], NOW));
      }
    }
  }

  /** Per-thread cursor. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;
    long thisUpdate = NOW;
  }

  @Benchmark
  public OcspCache.Entry hitByKey(Full f, Cursor c) {
    int i = (c.i = (c.i + 1) & 63); // 64 hot entries
    return f.cache.get(f.keys[i], NOW);
  }

  @Benchmark
  public OcspCache.Entry hitByKey_jdkMap(Full f, Cursor c) {
    int i = (c.i = (c.i + 1) & 63);
    return f.jdkMap.get(f.keys[i]);
  }

  @Benchmark
  @Threads(2)
  public OcspCache.Entry hitByKey2Threads(Full f, Cursor c) {
    int i = (c.i = (c.i + 1) & 63);
    return f.cache.get(f.keys[i], NOW);
  }

  @Benchmark
  public OcspCache.Entry hitByCertId(Full f, Cursor c) {
    int i = (c.i = (c.i + 1) & 63);
    return f.cache.get(f.ids[i], NOW);
  }

  @Benchmark
  public Result putReplace(Full f, Cursor c) {
    int i = (c.i = (c.i + 1) & 63);
    return f.cache.put(f.keys[i], Result.SUCCESS, ++c.thisUpdate, c.thisUpdate + 86400, NOW);
  }

  @Benchmark
  public Result putEvict(Full f, Cursor c) {
    // Cycles through 4096 keys that are not in the cache when their turn comes (the cache holds
    // the 1024 most recent): every put inserts and evicts.
    int i = FULL + (c.i = (c.i + 1) % NEW_KEYS);
    return f.cache.put(f.keys[i], Result.SUCCESS, NOW, NOW + 86400, NOW);
  }
}
