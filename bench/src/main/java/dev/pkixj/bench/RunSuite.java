package dev.pkixj.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bench/run}: runs the suite, prints a table of medians with the ratios pkixj / peer and
 * {@code openssl speed}'s figures, and ends with one JSON line of the headline figures.
 *
 * <p>Arguments: {@code --quick} (short iterations, under 10 minutes), {@code --jvm PATH} (the
 * java binary of the forked JVMs, e.g. Temurin 25), {@code --smoke} (one tiny iteration of every
 * benchmark: checks that they run, measures nothing), {@code --guard [--floors FILE]} (the latency
 * guard, {@link GuardRun}: under 3 minutes, ratios and allocation against
 * bench/guard-floors.properties), {@code --soak [--handshakes N] [--threads T] [--seed S]} (the TLS
 * soak, {@link TlsSoak}).
 */
public final class RunSuite {
  private RunSuite() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--guard")) {
      GuardRun.main(args);
      return;
    }
    if (args.length > 0 && args[0].equals("--soak")) {
      TlsSoak.main(args);
      return;
    }
    boolean quick = false;
    boolean smoke = false;
    String jvm = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick": quick = true; break;
        case "--smoke": smoke = true; break;
        case "--jvm": jvm = args[++i]; break;
        default:
          System.err.println("bench/run: unknown argument " + args[i]
              + " (use --quick, --smoke, --jvm PATH, or --guard [--floors FILE])");
          System.exit(1);
      }
    }
    List<RunResult> results = new ArrayList<>();
    // 1. Chain validation (pkixj and peers), all states.
    results.addAll(run(base(quick, smoke, jvm).include("ChainValidationBench")));
    results.addAll(run(base(quick, smoke, jvm).include("FirstSeenChainBench")));
    // 2. Raw signature verification per algorithm and implementation, when present.
    results.addAll(run(base(quick, smoke, jvm).include("SignatureBench")));
    // 2b. Certificate Transparency on a new leaf (3 embedded SCTs, enforce mode).
    results.addAll(run(base(quick, smoke, jvm).include("CtBench")));
    // 2c. CRLite queries (revoked, good, not enrolled) with their allocation (JMH's GC profiler).
    results.addAll(run(base(quick, smoke, jvm).include("CrliteBench")
        .addProfiler(GCProfiler.class)));
    // 2d. Full TLS 1.3 handshakes on loopback, pkixj's trust manager against the JDK's.
    results.addAll(run(base(quick, smoke, jvm).include("TlsHandshakeBench")));
    // 3. Allocation per validation of a known chain (JMH's GC profiler).
    results.addAll(run(base(quick, smoke, jvm)
        .include("ChainValidationBench.repeat_pkixj").param("kind", "EC")
        .addProfiler(GCProfiler.class)));
    if (!smoke) {
      results.addAll(run(base(quick, false, jvm).include("TrustStoreLoadBench|OcspCacheBench")));
    }
    report(results, smoke);
  }

  static ChainedOptionsBuilder base(boolean quick, boolean smoke, String jvm) {
    ChainedOptionsBuilder b = new OptionsBuilder()
        .forks(1)
        .shouldFailOnError(true)
        .timeUnit(TimeUnit.MICROSECONDS);
    if (smoke) {
      b.warmupIterations(0).measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(200)).param("pool", "64")
          .param("chains", "16").param("keys", "4").param("keyPool", "4")
          .param("crliteSerials", "20000");
    } else if (quick) {
      // About 60 benchmarks, one fork each, under ten minutes: 2 + 4 one-second iterations, and
      // smaller pools (each fork builds its fixtures; RSA leaves cost ~1 ms each to sign). Still
      // first-seen: 1,024 leaves > pkixj's 256 slots; 512 chains = 1,024 certificates > the JDK
      // factory's 750.
      b.warmupIterations(2).warmupTime(TimeValue.seconds(1))
          .measurementIterations(4).measurementTime(TimeValue.seconds(1))
          .param("pool", "1024").param("chains", "512");
    } else {
      b.warmupIterations(5).warmupTime(TimeValue.seconds(2))
          .measurementIterations(10).measurementTime(TimeValue.seconds(2));
    }
    if (jvm != null) {
      b.jvm(jvm);
    }
    return b;
  }

  static Collection<RunResult> run(ChainedOptionsBuilder b) throws Exception {
    try {
      return new Runner(b.build()).run();
    } catch (org.openjdk.jmh.runner.NoBenchmarksException e) {
      return List.of();
    }
  }

  /** Benchmark label: method plus its parameters. */
  static String label(RunResult r) {
    String name = r.getParams().getBenchmark();
    name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
    StringBuilder sb = new StringBuilder(name);
    for (String k : r.getParams().getParamsKeys()) {
      if (!k.equals("pool") && !k.equals("chains") && !k.equals("keys")) {
        sb.append(' ').append(k).append('=').append(r.getParams().getParam(k));
      }
    }
    return sb.toString();
  }

  static double median(RunResult r) {
    // The aggregated primary result's statistics over measurement iterations.
    return r.getPrimaryResult().getStatistics().getPercentile(50);
  }

  static void report(List<RunResult> results, boolean smoke) {
    Map<String, Double> us = new LinkedHashMap<>();
    Double alloc = null;
    for (RunResult r : results) {
      String label = label(r);
      String unit = r.getPrimaryResult().getScoreUnit();
      double m = median(r);
      us.merge(label, unit.startsWith("ms") ? m * 1000 : unit.startsWith("ns") ? m / 1000 : m,
          (a, b) -> b);
      for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("alloc.rate.norm") && label.contains("CrliteBench.")) {
          System.out.printf(Locale.ROOT, "%s: %.1f bytes/op allocated%n", label,
              e.getValue().getScore());
        } else if (e.getKey().endsWith("alloc.rate.norm")) {
          alloc = e.getValue().getScore();
        }
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-62s %12s%n", "benchmark (median)", "µs/op");
    us.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-62s %12.3f%n", k, v));

    System.out.println();
    System.out.println("ratios (peer time / pkixj time):");
    for (String state : List.of("repeat", "newLeaf", "firstSeen")) {
      String bench = state.equals("firstSeen") ? "FirstSeenChainBench." : "ChainValidationBench.";
      for (String kind : List.of("RSA", "EC", "MIXED")) {
        Double mine = us.get(bench + state + "_pkixj kind=" + kind);
        if (mine == null) {
          continue;
        }
        for (String peer : List.of("jdkTrustManager", "jdkCertPathValidator",
            "bcCertPathValidator")) {
          Double theirs = us.get(bench + state + "_" + peer + " kind=" + kind);
          if (theirs != null) {
            System.out.printf(Locale.ROOT, "  %-8s %-6s %-22s %8.1fx%n", state, kind, peer,
                theirs / mine);
          }
        }
      }
    }
    double[] openssl = opensslSpeed();
    if (openssl != null) {
      System.out.printf(Locale.ROOT, "openssl speed: rsa2048 verify %.1f µs, ecdsap256 verify %.1f µs%n",
          openssl[0], openssl[1]);
    }

    Double p256New = ratio(us, "newLeaf", "EC");
    Double rsaNew = ratio(us, "newLeaf", "RSA");
    Double repeat = us.get("ChainValidationBench.repeat_pkixj kind=EC");
    Double p256 = firstMatch(us, "(?i)SignatureBench\\..*(p256|ecdsa).*pkixj.*(known|hot).*|"
        + "(?i)SignatureBench\\..*pkixj.*(p256|ecdsa).*(known|hot).*");
    Double rsa = firstMatch(us, "(?i)SignatureBench\\..*(rsa).*pkixj.*|(?i)SignatureBench\\..*pkixj.*rsa.*");
    StringBuilder json = new StringBuilder("{");
    field(json, "p256_new_leaf_vs_jdk", p256New);
    field(json, "rsa_new_leaf_vs_jdk", rsaNew);
    field(json, "repeat_chain_us", repeat);
    field(json, "p256_verify_us", p256);
    field(json, "rsa_verify_us", rsa);
    field(json, "openssl_p256_verify_us", openssl == null ? null : openssl[1]);
    field(json, "openssl_rsa_verify_us", openssl == null ? null : openssl[0]);
    field(json, "alloc_bytes_per_validation", alloc);
    // The ratios of the performance targets (bench/RESULTS.md, "Against the targets"): pkixj's
    // time over its peer's, except the *_vs_jdk ones, which are the JDK's time over pkixj's.
    field(json, "p256_verify_vs_openssl", p256 == null || openssl == null ? null
        : p256 / openssl[1]);
    field(json, "rsa_verify_vs_openssl", rsa == null || openssl == null ? null
        : rsa / openssl[0]);
    Double onceMine = firstMatch(us, "SignatureBench\\.ecdsaP256_pkixj_firstSeen( .*)?");
    Double onceBc = firstMatch(us, "SignatureBench\\.ecdsaP256_bc_firstSeen( .*)?");
    field(json, "p256_once_vs_bc", onceMine == null || onceBc == null ? null : onceMine / onceBc);
    Double firstMine = us.get("FirstSeenChainBench.firstSeen_pkixj kind=EC");
    Double firstJdk = us.get("FirstSeenChainBench.firstSeen_jdkTrustManager kind=EC");
    field(json, "ec_first_seen_vs_jdk", firstMine == null || firstJdk == null ? null
        : firstJdk / firstMine);
    // CT: a new P-256 leaf with 3 embedded SCTs does 4 P-256 verifications with known keys (the
    // leaf's and 3 SCTs'); the target is at most 1.1 times their cost.
    Double ct = us.get("CtBench.newLeafCt");
    field(json, "ct_new_leaf_us", ct);
    field(json, "ct_new_leaf_vs_4sig", ct == null || p256 == null ? null : ct / (4 * p256));
    // CRLite: a good serial of an enrolled issuer (CrliteBench.good), ns per query.
    Double crlite = firstMatch(us, "CrliteBench\\.good( .*)?");
    field(json, "crlite_query_ns", crlite == null ? null : crlite * 1000);
    // TLS: full handshakes per second with pkixj's trust manager / with the JDK's.
    Double tlsMine = us.get("TlsHandshakeBench.handshake_pkixj");
    Double tlsJdk = us.get("TlsHandshakeBench.handshake_jdkTrustManager");
    field(json, "tls_handshake_us", tlsMine);
    field(json, "tls_handshakes_vs_jdk", tlsMine == null || tlsJdk == null ? null
        : tlsJdk / tlsMine);
    // The same with a new server leaf on every handshake (TlsHandshakeBench's newLeaf_*).
    Double tlsNewMine = us.get("TlsHandshakeBench.newLeaf_pkixj");
    Double tlsNewJdk = us.get("TlsHandshakeBench.newLeaf_jdkTrustManager");
    field(json, "tls_new_leaf_handshake_us", tlsNewMine);
    field(json, "tls_new_leaf_handshakes_vs_jdk", tlsNewMine == null || tlsNewJdk == null ? null
        : tlsNewJdk / tlsNewMine);
    json.append("\"smoke\":").append(smoke).append('}');
    System.out.println(json);
  }

  static Double ratio(Map<String, Double> us, String state, String kind) {
    Double mine = us.get("ChainValidationBench." + state + "_pkixj kind=" + kind);
    Double jdk = us.get("ChainValidationBench." + state + "_jdkTrustManager kind=" + kind);
    return mine == null || jdk == null ? null : jdk / mine;
  }

  static Double firstMatch(Map<String, Double> us, String regex) {
    Pattern p = Pattern.compile(regex);
    for (Map.Entry<String, Double> e : us.entrySet()) {
      if (p.matcher(e.getKey()).matches()) {
        return e.getValue();
      }
    }
    return null;
  }

  static void field(StringBuilder json, String key, Double value) {
    json.append('"').append(key).append("\":");
    json.append(value == null ? "null" : String.format(Locale.ROOT, "%.3f", value)).append(',');
  }

  /** {@code openssl speed} verify times in µs: [rsa2048, ecdsap256]; null without openssl. */
  static double[] opensslSpeed() {
    try {
      Process p = new ProcessBuilder("openssl", "speed", "-seconds", "2", "rsa2048", "ecdsap256")
          .redirectErrorStream(true).start();
      double rsa = Double.NaN;
      double ec = Double.NaN;
      // "rsa 2048 bits 0.000612s 0.000019s 1634.3 52631.6": the time columns are rounded to
      // 0.1 µs or worse ("0.0001s"), so the time comes from the last column, verifications/s.
      Pattern rsaLine = Pattern.compile(
          "^rsa\\s+2048 bits\\s+\\S+s\\s+\\S+s\\s+\\S+\\s+([0-9.]+)");
      Pattern ecLine = Pattern.compile(
          "^\\s*256 bits ecdsa \\(nistp256\\)\\s+\\S+s\\s+\\S+s\\s+\\S+\\s+([0-9.]+)");
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          Matcher m = rsaLine.matcher(line);
          if (m.find()) {
            rsa = 1e6 / Double.parseDouble(m.group(1));
          }
          m = ecLine.matcher(line);
          if (m.find()) {
            ec = 1e6 / Double.parseDouble(m.group(1));
          }
        }
      }
      p.waitFor(60, TimeUnit.SECONDS);
      return Double.isNaN(rsa) || Double.isNaN(ec) ? null : new double[] {rsa, ec};
    } catch (Exception e) {
      return null; // no openssl on this machine
    }
  }
}
