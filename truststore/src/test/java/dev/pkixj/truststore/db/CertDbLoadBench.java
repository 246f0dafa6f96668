package dev.pkixj.truststore.db;

import dev.pkixj.truststore.Trust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rough open-time measurement (the lead's JMH benchmark in bench/ is the real one): 150 roots,
 * 10,000 remembered intermediates and 1,000 exceptions, opened and indexed. Usage: {@code java
 * -cp <test classpath> dev.pkixj.truststore.db.CertDbLoadBench [dir] [rounds]}.
 */
public final class CertDbLoadBench {
  private CertDbLoadBench() {}

  /** Creates the database (once) and returns its path. */
  static Path build(Path dir) throws Exception {
    Path f = dir.resolve("certdb");
    if (Files.exists(f)) {
      return f;
    }
    try (CertDb db = CertDb.open(f)) {
      List<dev.pkixj.truststore.TrustEntry> roots = new ArrayList<>();
      for (int i = 0; i < 150; i++) {
        roots.add(Fixtures.entry("root" + i, i % 10 == 0 ? Trust.DISTRUSTED : Trust.ANCHOR));
      }
      db.putAll(roots);
      for (int b = 0; b < 10; b++) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          // real intermediates are ~1-2 KB
          batch.add(Fixtures.der("int" + b + "-" + i, 1000 + (i * 7) % 900));
        }
        db.rememberIntermediates(batch);
      }
      for (int i = 0; i < 1000; i++) {
        db.putOverride(Fixtures.override("exc" + i));
      }
      db.compact();
    }
    return f;
  }

  /** Median and first open times in milliseconds: {first, median, min}. */
  static double[] measure(Path f, int rounds) {
    double[] ms = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      try (CertDb db = CertDb.open(f)) {
        if (db.snapshot().intermediates().size() != 10_000
            || db.snapshot().overrides().size() != 1000
            || db.snapshot().entries().size() != 150) {
          throw new AssertionError(db.snapshot().toString());
        }
      }
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    double first = ms[0];
    Arrays.sort(ms);
    return new double[] {first, ms[rounds / 2], ms[0]};
  }

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("certdb-bench");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path f = build(dir);
    double[] r = measure(f, rounds);
    System.out.printf("certdb open (150 roots + 10,000 intermediates + 1,000 exceptions, %,d"
        + " bytes): first %.1f ms, median %.1f ms, min %.1f ms over %d opens; %d cores%n",
        Files.size(f), r[0], r[1], r[2], rounds, Runtime.getRuntime().availableProcessors());
  }
}
