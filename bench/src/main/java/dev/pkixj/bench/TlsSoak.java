package dev.pkixj.bench;

import dev.pkixj.jsse.FirefoxCertificateException;
import dev.pkixj.jsse.PkixjTrust;
import dev.pkixj.pkix.Result;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS soak (docs/reliability.md "TLS soak"): client threads share one pkixj trust manager and
 * do full handshakes against the loopback servers of {@link TlsLoopback}, a seeded mix of good and
 * bad chains. Every handshake's verdict must be the one {@code Verifier.verifyServer} gives for
 * that server's chain (success, or the failure code the trust manager reports), with no other
 * exception; the heap after a full GC is sampled at the end of the first and of the last 10% of
 * the handshakes.
 *
 * <p>{@code bench/run --soak [--handshakes N] [--threads T] [--seed S]} (defaults 100,000, 8 and
 * a seed printed on the first line); the last line is one JSON object; exit 0 when every verdict
 * matched and no unexpected exception occurred, 2 otherwise.
 */
public final class TlsSoak {
  /** How often each server case is chosen (out of 100). */
  private static final int[] WEIGHTS = {60, 10, 10, 10, 10};

  /** What a run found. */
  public record Report(long seed, int threads, int handshakes, long millis,
      Map<TlsLoopback.Case, Long> perCase, long mismatches, long unexpected,
      List<String> firstProblems, long heapFirstBytes, long heapLastBytes) {
    public boolean ok() {
      return mismatches == 0 && unexpected == 0 && perCase.values().stream()
          .mapToLong(Long::longValue).sum() == handshakes;
    }

    public String json() {
      StringBuilder sb = new StringBuilder("{");
      sb.append("\"seed\":").append(seed).append(",\"threads\":").append(threads)
          .append(",\"handshakes\":").append(handshakes).append(",\"millis\":").append(millis)
          .append(",\"handshakes_per_s\":")
          .append(String.format(Locale.ROOT, "%.1f", handshakes * 1000.0 / Math.max(1, millis)))
          .append(",\"mismatches\":").append(mismatches).append(",\"unexpected\":")
          .append(unexpected).append(",\"heap_first_mb\":")
          .append(String.format(Locale.ROOT, "%.1f", heapFirstBytes / 1048576.0))
          .append(",\"heap_last_mb\":")
          .append(String.format(Locale.ROOT, "%.1f", heapLastBytes / 1048576.0))
          .append(",\"cases\":{");
      boolean first = true;
      for (Map.Entry<TlsLoopback.Case, Long> e : perCase.entrySet()) {
        sb.append(first ? "" : ",").append('"').append(e.getKey().name().toLowerCase(Locale.ROOT))
            .append("\":").append(e.getValue());
        first = false;
      }
      return sb.append("},\"ok\":").append(ok()).append('}').toString();
    }
  }

  private TlsSoak() {}

  public static void main(String[] args) throws Exception {
    int handshakes = 100_000;
    int threads = 8;
    long seed = new SplittableRandom().nextLong();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--soak": break;
        case "--handshakes": handshakes = Integer.parseInt(args[++i]); break;
        case "--threads": threads = Integer.parseInt(args[++i]); break;
        case "--seed": seed = Long.parseLong(args[++i]); break;
        default:
          System.err.println("bench/run --soak: unknown argument " + args[i]
              + " (use --handshakes N, --threads T, --seed S)");
          System.exit(1);
      }
    }
    System.out.println("seed " + seed);
    Report r = run(handshakes, threads, seed);
    r.firstProblems().forEach(p -> System.out.println("problem: " + p));
    System.out.println(r.json());
    System.exit(r.ok() ? 0 : 2);
  }

  /** Runs {@code handshakes} handshakes on {@code threads} threads, the cases drawn from {@code seed}. */
  public static Report run(int handshakes, int threads, long seed) throws Exception {
    try (TlsLoopback world = new TlsLoopback(TlsLoopback.Case.values())) {
      PkixjTrust trust = world.pkixjTrust();
      SSLSocketFactory factory =
          TlsLoopback.clientContext(trust.trustManager()).getSocketFactory();
      // The expected verdict of each server: what the verifier says of the chain it sends.
      Map<TlsLoopback.Case, Result> expected = new EnumMap<>(TlsLoopback.Case.class);
      for (TlsLoopback.Case c : TlsLoopback.Case.values()) {
        expected.put(c, trust.verifier().verifyServer(world.server(c).ders(), TlsLoopback.HOST,
            world.now).result());
      }
      if (expected.get(TlsLoopback.Case.VALID) != Result.SUCCESS) {
        throw new IllegalStateException("the good chain does not verify: "
            + expected.get(TlsLoopback.Case.VALID));
      }
      TlsLoopback.Case[] plan = plan(handshakes, seed);
      Map<TlsLoopback.Case, LongAdder> perCase = new ConcurrentHashMap<>();
      LongAdder mismatches = new LongAdder();
      LongAdder unexpected = new LongAdder();
      List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
      AtomicInteger next = new AtomicInteger();
      AtomicLong heapFirst = new AtomicLong(-1);
      AtomicLong heapLast = new AtomicLong(-1);
      int firstMark = Math.max(1, handshakes / 10);
      int lastMark = handshakes - Math.max(1, handshakes / 10);
      Object gcLock = new Object();
      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          fs.add(pool.submit(() -> {
            int i;
            while ((i = next.getAndIncrement()) < handshakes) {
              TlsLoopback.Case c = plan[i];
              Result got;
              try {
                TlsLoopback.handshake(factory, world.server(c));
                got = Result.SUCCESS;
              } catch (IOException e) {
                FirefoxCertificateException f = FirefoxCertificateException.find(e);
                if (f == null) {
                  unexpected.increment();
                  note(problems, "handshake " + i + " (" + c + "): " + e);
                  continue;
                }
                got = f.code();
              } catch (RuntimeException e) {
                unexpected.increment();
                note(problems, "handshake " + i + " (" + c + "): " + e);
                continue;
              }
              perCase.computeIfAbsent(c, k -> new LongAdder()).increment();
              if (got != expected.get(c)) {
                mismatches.increment();
                note(problems, "handshake " + i + " (" + c + "): " + got + ", expected "
                    + expected.get(c));
              }
              if (i == firstMark) {
                synchronized (gcLock) {
                  heapFirst.set(heapAfterGc());
                }
              } else if (i == lastMark) {
                synchronized (gcLock) {
                  heapLast.set(heapAfterGc());
                }
              }
            }
            return null;
          }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      Map<TlsLoopback.Case, Long> counts = new EnumMap<>(TlsLoopback.Case.class);
      perCase.forEach((k, v) -> counts.put(k, v.sum()));
      return new Report(seed, threads, handshakes, millis, counts, mismatches.sum(),
          unexpected.sum(), List.copyOf(problems), heapFirst.get(), heapLast.get());
    }
  }

  /** The case of each handshake, drawn from {@code seed} with {@link #WEIGHTS}. */
  static TlsLoopback.Case[] plan(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    TlsLoopback.Case[] out = new TlsLoopback.Case[n];
    TlsLoopback.Case[] all = TlsLoopback.Case.values();
    for (int i = 0; i < n; i++) {
      int x = rnd.nextInt(100);
      int k = 0;
      while (x >= WEIGHTS[k]) {
        x -= WEIGHTS[k];
        k++;
      }
      out[i] = all[k];
    }
    return out;
  }

  private static void note(List<String> problems, String p) {
    if (problems.size() < 20) {
      problems.add(p);
    }
  }

  private static long heapAfterGc() {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return m.getHeapMemoryUsage().getUsed();
  }
}
