package dev.pkixj.bench;

import dev.pkixj.truststore.fuzz.DosScenarios;
import dev.pkixj.truststore.fuzz.DosScenarios.Scenario;
import dev.pkixj.pkix.Pkix;
import dev.pkixj.pkix.Result;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
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
 * Path-building denial of service: the time of one whole {@code verifyServer} for each
 * pathological scenario, single shots, so that the report's maximum is the worst case seen. The
 * scenarios are the truststore module's {@code DosScenarios} (through its test-jar), whose test
 * {@code PathBuildingDosTest} asserts their verdicts and the 200,000-call budget.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar PathBuildingDosBench           # JMH, wall-clock
 * java -cp bench/target/benchmarks.jar dev.pkixj.bench.PathBuildingDosBench 10
 *                                        # quick report: verdict, calls, worst wall and CPU time
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PathBuildingDosBench {
  @Param({"same-subject-store", "same-subject-presented-roots", "same-subject-presented-store",
      "cross-sign-loop", "intermediate-cycle", "many-candidates", "huge-name-constraints",
      "long-san-list", "nc-crowd", "big-rsa-self-issued"})
  public String scenario;

  private Scenario s;

  @Setup(Level.Trial)
  public void setUp() {
    s = DosScenarios.byName(scenario);
  }

  @Benchmark
  public Result verify() {
    return s.verifier().verifyServer(s.chain(), s.host(), DosScenarios.NOW).result();
  }

  /** Quick report without JMH: each scenario {@code args[0]} times (default 5) after a first run. */
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.printf(Locale.ROOT, "%-34s %-28s %8s %10s %10s %10s%n", "scenario", "result",
        "calls", "first ms", "worst ms", "worst cpu");
    for (Scenario sc : DosScenarios.all()) {
      double first = 0;
      double worst = 0;
      double worstCpu = 0;
      Result r = null;
      int calls = 0;
      for (int i = 0; i <= runs; i++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        r = sc.verifier().verifyServer(sc.chain(), sc.host(), DosScenarios.NOW).result();
        double ms = (System.nanoTime() - t0) / 1e6;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        calls = Pkix.lastBuildCalls();
        if (i == 0) {
          first = ms;
        } else {
          worst = Math.max(worst, ms);
          worstCpu = Math.max(worstCpu, cpu);
        }
      }
      System.out.printf(Locale.ROOT, "%-34s %-28s %8d %10.1f %10.1f %10.1f%s%n", sc.name(), r,
          calls, first, worst, worstCpu,
          r == sc.expected() ? "" : "   UNEXPECTED, wanted " + sc.expected());
    }
  }
}
