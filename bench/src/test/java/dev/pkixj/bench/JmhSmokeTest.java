package dev.pkixj.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * CI's smoke run of the JMH suite: every benchmark runs one short iteration in this JVM, so the
 * benchmarks always compile, set up and run. It measures nothing and asserts no speed.
 */
class JmhSmokeTest {
  @Test
  void everyBenchmarkRuns() throws Exception {
    // JMH holds a machine-wide lock (/tmp/jmh.lock) so that measurements never overlap; this run
    // measures nothing, so it must not fail because a real benchmark is running elsewhere.
    System.setProperty("jmh.ignoreLock", "true");
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include("dev\\.pkixj\\.bench\\..*")
        .exclude("TrustStoreLoadBench") // its 10,000-intermediate fixture alone takes ~20 s
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(100))
        .param("pool", "16")
        .param("chains", "16")
        .param("keys", "4")
        .param("keyPool", "4")
        .param("crliteSerials", "20000") // CrliteBench's filter: 20,000 serials, not 1.5M
        .param("kind", "EC")
        .shouldFailOnError(true)
        .build()).run();
    assertFalse(results.isEmpty(), "no benchmark ran");
    for (RunResult r : results) {
      assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getBenchmark());
    }
  }
}
