package dev.pkixj.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code bench/run --guard}: the latency guard (bench/RESULTS.md, "Guard"). Each guarded
 * benchmark runs with its peer in one JVM of its own (JMH without forking, inside a JVM this
 * class starts with the benchmark's system properties), so that machine speed cancels out of
 * their ratio; the ratios and pkixj's allocation per operation are compared with the floors file
 * ({@link Guard}); a miss re-measures its pair once before failing. Prints the table, then one
 * JSON line; exits 0 when every check passed, 2 when one failed, 1 on a bad argument or floors
 * file.
 */
public final class GuardRun {
  private GuardRun() {}

  /**
   * A guarded benchmark and its peer: {@code ratio = peerWeight × peer time / pkixj time}, so
   * bigger is better for pkixj.
   */
  record Pair(String name, String pkixj, String peer, double peerWeight,
      Map<String, String> params, List<String> jvmArgs) {}

  private static final List<String> CHAIN = List.of("-Dpkixj.certCache.slots=256");

  /** The guarded benchmarks (the names used in the floors file). */
  static final List<Pair> PAIRS = List.of(
      // The identical chain again; its pkixj side also gives the allocation per validation.
      new Pair("repeat_p256", "ChainValidationBench.repeat_pkixj",
          "ChainValidationBench.repeat_jdkTrustManager", 1,
          Map.of("kind", "EC", "pool", "16"), CHAIN),
      // A new leaf under a known intermediate: 1,024 leaves > pkixj's 256 slots and the JDK
      // factory's 750 cached certificates.
      new Pair("new_leaf_rsa", "ChainValidationBench.newLeaf_pkixj",
          "ChainValidationBench.newLeaf_jdkTrustManager", 1,
          Map.of("kind", "RSA", "pool", "1024"), CHAIN),
      new Pair("new_leaf_p256", "ChainValidationBench.newLeaf_pkixj",
          "ChainValidationBench.newLeaf_jdkTrustManager", 1,
          Map.of("kind", "EC", "pool", "1024"), CHAIN),
      // Leaf, intermediate and the intermediate's key all new (the caches shrunk to 2).
      new Pair("first_seen_p256", "FirstSeenChainBench.firstSeen_pkixj",
          "FirstSeenChainBench.firstSeen_jdkTrustManager", 1,
          Map.of("kind", "EC", "chains", "512", "keys", "64"),
          List.of("-Dpkixj.certCache.slots=2", "-Dpkixj.sigCache.keys=2")),
      // An OCSP cache hit, key computed, against a ConcurrentHashMap of the same entries.
      new Pair("ocsp_cache_hit", "OcspCacheBench.hitByKey", "OcspCacheBench.hitByKey_jdkMap", 1,
          Map.of(), List.of()),
      // CT on a new P-256 leaf with 3 embedded SCTs: 4 P-256 verifications with known keys,
      // against BouncyCastle's time for 4 such verifications (1,024 leaves: 3,072 SCTs > the
      // SCT cache's 1,024).
      new Pair("ct_new_leaf", "CtBench.newLeafCt", "SignatureBench.ecdsaP256_bc_hot", 4,
          Map.of("pool", "1024", "keyPool", "2"), CHAIN),
      // A CRLite query for a good serial of an enrolled issuer on a 1.5M-serial, 3,000-issuer
      // filter, against a HashSet<ByteBuffer> lookup of the same (issuer hash, serial) among the
      // revoked keys (the filter is built once and shared by both benchmarks).
      new Pair("crlite", "CrliteBench.good", "CrliteBench.good_jdkSet", 1,
          Map.of("crliteSerials", "1500000"), List.of())
      );

  /** The check whose allocation is the JSON line's {@code alloc_bytes_per_validation}. */
  static final String ALLOC_CHECK = "repeat_p256";

  /** What one pair's JVM measured. */
  record Measured(double pkixjNs, double peerNs, double allocBytes, double seconds) {}

  public static void main(String[] args) throws Exception {
    Path floorsFile = null;
    String jvm = null;
    String child = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if ((a.equals("--floors") || a.equals("--jvm") || a.equals("--child"))
          && i + 1 >= args.length) {
        usage("missing value after " + a);
      }
      switch (a) {
        case "--guard": break;
        case "--floors": floorsFile = Path.of(args[++i]); break;
        case "--jvm": jvm = args[++i]; break;
        case "--child": child = args[++i]; break;
        default: usage("unknown argument " + a);
      }
    }
    if (child != null) {
      System.exit(child(child));
    }
    if (floorsFile == null) {
      floorsFile = Files.exists(Path.of("bench", "guard-floors.properties"))
          ? Path.of("bench", "guard-floors.properties") : Path.of("guard-floors.properties");
    }
    Guard.Floors floors;
    try (Reader in = Files.newBufferedReader(floorsFile, StandardCharsets.UTF_8)) {
      floors = Guard.parse(in, floorsFile.toString());
    } catch (NoSuchFileException e) {
      System.err.println("bench/run --guard: floors file " + floorsFile + " not found");
      System.exit(1);
      return;
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("bench/run --guard: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.exit(guard(floors, jvm == null ? javaBinary() : jvm) ? 0 : 2);
  }

  private static void usage(String problem) {
    System.err.println("bench/run --guard: " + problem
        + " (use --guard [--floors FILE] [--jvm PATH])");
    System.exit(1);
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static Pair pair(String name) {
    for (Pair p : PAIRS) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  static boolean guard(Guard.Floors floors, String jvm) throws Exception {
    long start = System.nanoTime();
    Set<String> names = new LinkedHashSet<>();
    floors.ratios().forEach(f -> names.add(f.name()));
    floors.allocs().forEach(b -> names.add(b.name()));
    for (String n : names) {
      if (pair(n) == null) {
        System.err.println("bench/run --guard: the floors file names " + n
            + ", which is not a guarded benchmark");
        System.exit(1);
      }
    }
    Map<String, Double> ratios = new HashMap<>();
    Map<String, Double> allocs = new HashMap<>();
    for (String n : names) {
      measure(pair(n), jvm, ratios, allocs);
    }
    List<Guard.Row> rows = Guard.evaluate(floors, ratios, allocs);
    // A miss is measured again once (its pair only); the second figure decides.
    Set<String> again = new LinkedHashSet<>();
    for (Guard.Row r : rows) {
      if (r.verdict() != Guard.Verdict.PASS) {
        again.add(r.name());
      }
    }
    for (String n : again) {
      System.out.println("guard: " + n + " missed its limit, measuring it again");
      measure(pair(n), jvm, ratios, allocs);
    }
    List<Guard.Row> fin = new ArrayList<>();
    for (Guard.Row r : rows) {
      fin.add(again.contains(r.name())
          ? r.again(r.alloc() ? allocs.get(r.name()) : ratios.get(r.name())) : r);
    }
    System.out.println();
    System.out.print(Guard.table(fin));
    System.out.printf(Locale.ROOT, "guard: %s in %.0f s%n",
        Guard.passed(fin) ? "passed" : "FAILED", (System.nanoTime() - start) / 1e9);
    System.out.println(Guard.json(fin, ALLOC_CHECK));
    return Guard.passed(fin);
  }

  /** Runs a pair's JVM and records its ratio and allocation (NaN when it did not run). */
  static void measure(Pair p, String jvm, Map<String, Double> ratios, Map<String, Double> allocs)
      throws Exception {
    Measured m = runChild(p, jvm);
    ratios.put(p.name(), m == null ? Double.NaN : p.peerWeight() * m.peerNs() / m.pkixjNs());
    allocs.put(p.name(), m == null ? Double.NaN : m.allocBytes());
    if (m != null) {
      System.out.printf(Locale.ROOT,
          "guard: %-16s pkixj %10.1f ns  peer %10.1f ns (x%.0f)  ratio %6.2f"
              + "  pkixj %6.0f B/op  (%.0f s)%n",
          p.name(), m.pkixjNs(), m.peerNs(), p.peerWeight(), ratios.get(p.name()), m.allocBytes(),
          m.seconds());
    }
  }

  static Measured runChild(Pair p, String jvm) throws Exception {
    long start = System.nanoTime();
    List<String> cmd = new ArrayList<>();
    cmd.add(jvm);
    cmd.add("-Xmx1g");
    cmd.addAll(p.jvmArgs());
    // JMH's machine-wide lock keeps benchmarks from overlapping; the guard's figures are ratios
    // within one JVM, so a run elsewhere adds noise but no bias, and must not fail the build.
    cmd.add("-Djmh.ignoreLock=true");
    cmd.add("-Duser.home=" + System.getProperty("user.home"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(GuardRun.class.getName());
    cmd.add("--child");
    cmd.add(p.name());
    Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    Measured m = null;
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
        if (line.startsWith("guard-result ")) {
          String[] f = line.split(" ");
          m = new Measured(Double.parseDouble(f[2]), Double.parseDouble(f[3]),
              Double.parseDouble(f[4]), 0);
        }
      }
    }
    int rc = proc.waitFor();
    if (rc != 0 || m == null) {
      System.out.println("guard: " + p.name() + " did not run (exit " + rc + "):");
      output.forEach(l -> System.out.println("  " + l));
      return null;
    }
    return new Measured(m.pkixjNs(), m.peerNs(), m.allocBytes(),
        (System.nanoTime() - start) / 1e9);
  }

  /**
   * In the pair's JVM: pkixj's benchmark, then its peer's (JMH without forking, so both run in
   * this JVM; pkixj first, so that its code is compiled before the peer's profiles are mixed in),
   * then one line of results. The allocation is the median of the measurement iterations' (an
   * iteration still running code compiled before the escape analysis has run allocates more).
   */
  static int child(String name) throws Exception {
    Pair p = pair(name);
    if (p == null) {
      System.err.println("bench/run --guard: unknown benchmark pair " + name);
      return 1;
    }
    RunResult mine = runOne(p, p.pkixj(), true);
    RunResult theirs = runOne(p, p.peer(), false);
    if (mine == null || theirs == null) {
      System.err.println("bench/run --guard: " + name + ": a benchmark of the pair did not run");
      return 3;
    }
    List<Double> allocs = new ArrayList<>();
    for (BenchmarkResult br : mine.getBenchmarkResults()) {
      for (IterationResult ir : br.getIterationResults()) {
        for (Map.Entry<String, Result> e : ir.getSecondaryResults().entrySet()) {
          if (e.getKey().endsWith("alloc.rate.norm")) {
            allocs.add(e.getValue().getScore());
          }
        }
      }
    }
    Collections.sort(allocs);
    double alloc = allocs.isEmpty() ? Double.NaN
        : (allocs.get((allocs.size() - 1) / 2) + allocs.get(allocs.size() / 2)) / 2;
    System.out.printf(Locale.ROOT, "guard-result %s %.3f %.3f %.3f%n", name, median(mine),
        median(theirs), alloc);
    return 0;
  }

  private static double median(RunResult r) {
    return r.getPrimaryResult().getStatistics().getPercentile(50);
  }

  private static RunResult runOne(Pair p, String benchmark, boolean gc) throws Exception {
    ChainedOptionsBuilder b = new OptionsBuilder()
        .include("^dev\\.pkixj\\.bench\\." + benchmark.replace(".", "\\.") + "$")
        .forks(0)
        .warmupIterations(4).warmupTime(TimeValue.milliseconds(500))
        .measurementIterations(4).measurementTime(TimeValue.milliseconds(500))
        .timeUnit(TimeUnit.NANOSECONDS)
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT);
    if (gc) {
      b.addProfiler(GCProfiler.class);
    }
    p.params().forEach(b::param);
    for (RunResult r : new Runner(b.build()).run()) {
      return r;
    }
    return null;
  }
}
