package dev.pkixj.truststore.intermediates;

import dev.pkixj.pkix.Cert;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures loading a store of 5,000 preloaded intermediates (docs/intermediates.md, "Loading
 * cost"). Not a test: run {@code write DIR} once, then {@code load DIR} in a fresh JVM, which
 * times the first load (cold: nothing parsed yet) and the median of 20 more.
 */
public final class IntermediatesLoadBench {
  private IntermediatesLoadBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    if (args[0].equals("write")) {
      TestCert root = CertBuilder.root("CN=Load Bench Root").build();
      List<PreloadedIntermediates.Entry> entries = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        TestCert ca = CertBuilder.ca("CN=Load Bench CA " + i + ",O=pkixj bench,C=DE")
            .issuer(root).serial(1000 + i).build();
        entries.add(new PreloadedIntermediates.Entry(Cert.of(ca.der()),
            "00000000-0000-4000-8000-" + String.format("%012d", i), 1_700_000_000_000L + i,
            "bench record " + i));
      }
      IntermediatesStore.removeAll(dir);
      byte[] b = IntermediatesStore.encode(entries, "bench", 1, 2);
      dev.pkixj.truststore.state.SecurityState.at(dir).write(IntermediatesStore.FILE_NAME, b);
      System.out.println("wrote " + entries.size() + " certificates, " + b.length + " bytes");
      return;
    }
    // Wall time and this thread's CPU time: on a busy machine the CPU time is the steadier one.
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    IntermediatesStore.Loaded first = IntermediatesStore.load(dir).orElseThrow();
    long cold = System.nanoTime() - t0;
    long coldCpu = mx.getCurrentThreadCpuTime() - c0;
    long[] warm = new long[20];
    long[] warmCpu = new long[20];
    for (int i = 0; i < warm.length; i++) {
      long c = mx.getCurrentThreadCpuTime();
      long t = System.nanoTime();
      IntermediatesStore.load(dir).orElseThrow();
      warm[i] = System.nanoTime() - t;
      warmCpu[i] = mx.getCurrentThreadCpuTime() - c;
    }
    Arrays.sort(warm);
    Arrays.sort(warmCpu);
    System.out.printf("%d certificates, %d bytes: first load %.1f ms (CPU %.1f ms), then median"
        + " %.1f ms (CPU %.1f ms)%n", first.intermediates().size(), first.bytes(), cold / 1e6,
        coldCpu / 1e6, warm[warm.length / 2] / 1e6, warmCpu[warm.length / 2] / 1e6);
    System.out.println(Instant.now());
  }
}
