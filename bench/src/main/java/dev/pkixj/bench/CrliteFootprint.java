package dev.pkixj.bench;

import dev.pkixj.truststore.crlite.Clubcard;
import java.util.Locale;

/**
 * The heap footprint of a loaded CRLite filter (bench/RESULTS.md, "CRLite"): builds {@link
 * CrliteBench}'s filter, then parses its file {@code COPIES} times, keeping every copy, and
 * divides the growth of the used heap (after a GC each side) by the copies. Prints the file
 * size, the footprint per filter and their ratio.
 * Run: {@code java -cp bench/target/benchmarks.jar dev.pkixj.bench.CrliteFootprint [serials]}.
 */
public final class CrliteFootprint {
  private CrliteFootprint() {}

  static final int COPIES = 8;

  public static void main(String[] args) throws Exception {
    int serials = args.length > 0 ? Integer.parseInt(args[0]) : 1_500_000;
    CrliteBench.Built b = CrliteBench.built(serials);
    byte[] file = b.file;
    Clubcard[] keep = new Clubcard[COPIES];
    long before = used();
    for (int i = 0; i < COPIES; i++) {
      keep[i] = Clubcard.parse(file, "copy-" + i);
    }
    long after = used();
    double perFilter = (after - before) / (double) COPIES;
    System.out.printf(Locale.ROOT,
        "crlite footprint: %d serials, %d issuers (%d blocks), built in %.1f s; file %d bytes;"
            + " heap per loaded filter %.0f bytes (%.2f x the file); %.2f bytes per serial,"
            + " file %.2f bytes per serial%n",
        serials, CrliteBench.ISSUERS, keep[0].blockCount(), b.buildSeconds, file.length,
        perFilter, perFilter / file.length, perFilter / serials, file.length / (double) serials);
  }

  private static long used() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(50);
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }
}
