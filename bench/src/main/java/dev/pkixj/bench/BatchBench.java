package dev.pkixj.bench;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.sig.SignatureVerifier;
import dev.pkixj.verifier.ct.Sct;
import dev.pkixj.verifier.ct.SctList;
import dev.pkixj.verifier.ct.SctOrigin;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Batch throughput, the figures of {@code bench/RESULTS.md} ("Batch"). Not JMH: one long run of
 * the real command on a big corpus, with the reference costs measured in the same invocation.
 *
 * <pre>
 * # a corpus: pkixj sample makes N distinct chains; expand repeats them K times (ids renamed)
 * java -jar cli/target/pkixj.jar sample --chains 250000 --mix rsa -o /tmp/u-rsa.ndjson
 * java -cp bench/target/benchmarks.jar dev.pkixj.bench.BatchBench expand \
 *     /tmp/u-rsa.ndjson 4 /tmp/c-rsa.ndjson
 * # the run
 * java -cp bench/target/benchmarks.jar dev.pkixj.bench.BatchBench run \
 *     --jar cli/target/pkixj.jar --corpus /tmp/c-rsa.ndjson --roots /tmp/u-rsa.ndjson.roots.pem \
 *     [--jdk-records 50000] [--jvm -Xmx1g]   (no --jvm: the launcher's -Xmx512m -XX:+UseParallelGC)
 *     [--ct-logs /tmp/u-rsa.ndjson.ct-logs.json]   (CT enforced; the limit adds the SCT signatures)
 * </pre>
 *
 * <p>{@code run} measures, in this order:
 * <ol>
 *   <li>the CPU cost of one end-entity signature verification with a cached issuer key (pkixj's
 *       {@link SignatureVerifier}, one thread, on the corpus's own leaves and issuers), for RSA
 *       and ECDSA, weighted by the corpus's mix: the physical limit is {@code cores / cost};</li>
 *   <li>{@code pkixj batch} on the corpus, in its own JVM (startup and JIT warm-up included):
 *       chains/s, CPU per chain, peak RSS (VmHWM);</li>
 *   <li>the JDK's PKIX {@link CertPathValidator} on the first {@code --jdk-records} records, one
 *       thread per core, revocation off, at each record's time (it does not check host names):
 *       the peer figure.</li>
 * </ol>
 * Expanding repeats each distinct leaf only every N records, far beyond every cache (the
 * verifier's 65,536 parsed certificates, the batch's 16,384 decoded ones), so each record's leaf
 * is parsed and its signature verified as if it were new.
 */
public final class BatchBench {
  private BatchBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("expand")) {
      expand(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
      return;
    }
    if (args.length > 0 && args[0].equals("run")) {
      run(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    System.err.println("usage: BatchBench expand IN COPIES OUT | run --jar J --corpus C --roots R "
        + "[--jdk-records N] [--jvm OPTION]... [--ct-logs FILE]");
    System.exit(1);
  }

  static void expand(Path in, int copies, Path out) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
      for (int k = 1; k <= copies; k++) {
        try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.US_ASCII)) {
          String l;
          while ((l = r.readLine()) != null) {
            w.write(l.replaceFirst("^\\{\"id\":\"", "{\"id\":\"c" + k + "-"));
            w.write('\n');
          }
        }
      }
    }
  }

  private static final Pattern CHAIN = Pattern.compile("\"chain\":\\[\"([^\\]]*)\"\\]");
  private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");

  record Rec(List<byte[]> chain, Instant time) {}

  static Rec parse(String line) {
    Matcher m = CHAIN.matcher(line);
    if (!m.find()) {
      return null;
    }
    List<byte[]> chain = new ArrayList<>();
    try {
      for (String s : m.group(1).split("\",\"")) {
        chain.add(Base64.getDecoder().decode(s));
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    Matcher t = TIME.matcher(line);
    return new Rec(chain, t.find() ? Instant.parse(t.group(1)) : Instant.now());
  }

  static void run(String[] args) throws Exception {
    String jar = null;
    Path corpus = null;
    Path roots = null;
    long jdkRecords = 50_000;
    List<String> jvm = new ArrayList<>();
    Path ctLogs = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jar": jar = args[++i]; break;
        case "--corpus": corpus = Path.of(args[++i]); break;
        case "--roots": roots = Path.of(args[++i]); break;
        case "--jdk-records": jdkRecords = Long.parseLong(args[++i]); break;
        case "--jvm": jvm.add(args[++i]); break;
        case "--ct-logs": ctLogs = Path.of(args[++i]); break;
        default: throw new IllegalArgumentException(args[i]);
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "corpus %s (%,d bytes), %d cores, %s %s, load %s%n", corpus,
        Files.size(corpus), cores, System.getProperty("java.vm.name"),
        System.getProperty("java.version"), loadAverage());

    // 1. The reference: one end-entity signature, cached issuer key, one thread.
    double[] sig = signatureCosts(corpus);
    double weighted = (sig[2] > 0 ? sig[2] * sig[0] : 0) + (sig[2] < 1 ? (1 - sig[2]) * sig[1] : 0);
    System.out.printf(Locale.ROOT, "leaf signature (CPU µs, one thread): RSA %.1f, ECDSA %.1f; "
        + "corpus %.0f%% RSA-signed leaves -> %.1f µs per chain%n", sig[0], sig[1], 100 * sig[2],
        weighted);
    if (ctLogs != null) {
      // With CT enforced each chain's limit also holds its embedded SCTs' signatures, each one
      // verification under its log's key (cached, as the logs are few).
      double[] sct = sctSignatureCosts();
      double sctCost = sig[3] * sct[1] + sig[4] * sct[0];
      System.out.printf(Locale.ROOT, "embedded SCTs per chain: %.2f ECDSA, %.2f RSA; SCT "
          + "signature (CPU µs, one thread, log key cached): ECDSA P-256 %.1f, RSA-2048 %.1f -> "
          + "%.1f µs per chain%n", sig[3], sig[4], sct[1], sct[0], sctCost);
      weighted += sctCost;
    }
    double limit = cores * 1e6 / weighted;
    System.out.printf(Locale.ROOT, "limit %d × 1e6 / %.1f µs = %,.0f chains/s%n", cores, weighted,
        limit);

    // 2. pkixj batch, its own JVM.
    Path out = Files.createTempFile("batchbench-", ".ndjson");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Without --jvm: the JVM options the ./pkixj launcher uses by default.
    cmd.addAll(jvm.isEmpty() ? List.of("-Xmx512m", "-XX:+UseParallelGC") : jvm);
    cmd.addAll(List.of("-jar", jar, "batch", corpus.toString(), "--roots", roots.toString(),
        "-o", out.toString(), "--json", "--no-progress"));
    if (ctLogs != null) {
      cmd.addAll(List.of("--ct", "enforce", "--ct-logs", ctLogs.toString()));
    }
    System.out.println("running: " + String.join(" ", cmd));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String last = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String l;
      while ((l = r.readLine()) != null) {
        last = l;
      }
    }
    int rc = p.waitFor();
    Files.deleteIfExists(out);
    Files.deleteIfExists(Path.of(out + ".summary.json"));
    double records = number(last, "records");
    double seconds = number(last, "seconds");
    double rate = number(last, "chains_per_second");
    double cpuPerChain = number(last, "cpu_us_per_chain");
    double rss = number(last, "peak_rss_mb");
    System.out.printf(Locale.ROOT, "pkixj batch: exit %d, %,.0f records in %.1f s = %,.0f chains/s "
        + "(%.0f%% of the limit); %.1f CPU µs per chain (%.0f%% of it the limit's "
        + "signatures); peak RSS %.0f MB; load %s%n", rc, records, seconds, rate,
        100 * rate / limit, cpuPerChain, 100 * weighted / cpuPerChain, rss, loadAverage());
    System.out.println("summary: " + last);

    // 3. The JDK's CertPathValidator on the same records.
    if (jdkRecords > 0) {
      jdk(corpus, roots, jdkRecords, cores, limit);
    }
  }

  /**
   * {RSA µs, ECDSA µs, share of RSA-signed leaves, ECDSA SCTs per leaf, RSA SCTs per leaf}
   * measured on the corpus's first chains.
   */
  static double[] signatureCosts(Path corpus) throws IOException, PkixException {
    List<Cert[]> rsa = new ArrayList<>();
    List<Cert[]> ec = new ArrayList<>();
    long rsaLeaves = 0;
    long ecLeaves = 0;
    long ecScts = 0;
    long rsaScts = 0;
    try (BufferedReader r = Files.newBufferedReader(corpus, StandardCharsets.US_ASCII)) {
      String l;
      int n = 0;
      while ((l = r.readLine()) != null && n++ < 20_000) {
        Rec rec = parse(l);
        if (rec == null || rec.chain().size() < 2) {
          continue;
        }
        try {
          Cert leaf = Cert.parse(rec.chain().get(0));
          Cert issuer = Cert.parse(rec.chain().get(1));
          boolean isRsa = leaf.signatureAlgorithm().publicKeyAlgorithm()
              != SignatureAlgorithm.PublicKeyAlgorithm.ECDSA;
          if (isRsa) {
            rsaLeaves++;
          } else {
            ecLeaves++;
          }
          Input sctList = SctList.unwrapExtension(leaf.signedCertificateTimestamps());
          if (sctList != null && !sctList.isEmpty()) {
            for (Sct sct : SctList.decode(sctList, SctOrigin.EMBEDDED).scts()) {
              if (sct.signatureAlgorithm() == 3) {
                ecScts++;
              } else if (sct.signatureAlgorithm() == 1) {
                rsaScts++;
              }
            }
          }
          if (!leaf.issuer().contentEquals(issuer.subject())
              || SignatureVerifier.shared().verifySignedData(leaf.signatureAlgorithm(),
                  leaf.signedData(), leaf.signature(), issuer.subjectPublicKeyInfo())
                  != Result.SUCCESS) {
            continue;
          }
          (isRsa ? rsa : ec).add(new Cert[] {leaf, issuer});
        } catch (PkixException e) {
          // not a pair we can time
        }
      }
    }
    long leaves = rsaLeaves + ecLeaves;
    return new double[] {time(rsa), time(ec), leaves == 0 ? 0 : (double) rsaLeaves / leaves,
        leaves == 0 ? 0 : (double) ecScts / leaves, leaves == 0 ? 0 : (double) rsaScts / leaves};
  }

  /**
   * {RSA-2048 µs, ECDSA P-256 µs}: one SHA-256 signature over 120 bytes (an SCT's signed data
   * is about that plus the certificate) under a cached key, one thread, CPU time.
   */
  static double[] sctSignatureCosts() throws Exception {
    double[] out = new double[2];
    String[][] kinds = {{"RSA", "SHA256withRSA"}, {"EC", "SHA256withECDSA"}};
    SignatureAlgorithm[] algs = {SignatureAlgorithm.RSA_PKCS1_SHA256,
        SignatureAlgorithm.ECDSA_SHA256};
    java.util.Random random = new java.util.Random(6962);
    for (int k = 0; k < 2; k++) {
      java.security.KeyPairGenerator kpg =
          java.security.KeyPairGenerator.getInstance(kinds[k][0]);
      kpg.initialize(k == 0 ? 2048 : 256);
      java.security.KeyPair kp = kpg.generateKeyPair();
      byte[] data = new byte[120];
      random.nextBytes(data);
      java.security.Signature signer = java.security.Signature.getInstance(kinds[k][1]);
      signer.initSign(kp.getPrivate());
      signer.update(data);
      Input signature = Input.of(signer.sign());
      Input spki = Input.of(kp.getPublic().getEncoded());
      SignatureVerifier v = SignatureVerifier.shared();
      SignatureAlgorithm alg = algs[k];
      out[k] = bestMicros(i -> v.verify(alg, data, 0, data.length, signature, spki));
    }
    return out;
  }

  /**
   * CPU µs per verification: a 3 s warm-up, then the fastest of {@link #ROUNDS} rounds of 3 s (a
   * limit is the least a chain can cost; single rounds of the same code differed by up to 25 %).
   */
  private static double time(List<Cert[]> pairs) throws PkixException {
    if (pairs.isEmpty()) {
      return Double.NaN;
    }
    SignatureVerifier v = SignatureVerifier.shared();
    return bestMicros(i -> {
      Cert[] p = pairs.get((int) (i % pairs.size()));
      return v.verifySignedData(p[0].signatureAlgorithm(), p[0].signedData(), p[0].signature(),
          p[1].subjectPublicKeyInfo());
    });
  }

  /** One verification, the {@code i}th of a round. */
  private interface Op {
    Result run(long i) throws PkixException;
  }

  /** CPU µs per call of {@code op}, the fastest of {@link #ROUNDS} 3-second rounds. */
  private static double bestMicros(Op op) throws PkixException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double best = Double.MAX_VALUE;
    for (int round = 0; round <= ROUNDS; round++) { // round 0 is the warm-up
      long deadline = System.nanoTime() + 3_000_000_000L;
      long c0 = mx.getCurrentThreadCpuTime();
      long ops = 0;
      while (System.nanoTime() < deadline) {
        if (op.run(ops++) != Result.SUCCESS) {
          throw new IllegalStateException("signature does not verify");
        }
      }
      double us = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / ops;
      if (round > 0) {
        best = Math.min(best, us);
      }
    }
    return best;
  }

  private static final int ROUNDS = 3;

  static void jdk(Path corpus, Path roots, long max, int threads, double limit) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Set<TrustAnchor> anchors = new HashSet<>();
    Set<String> anchorDers = new HashSet<>();
    for (java.security.cert.Certificate c : cf.generateCertificates(
        Files.newInputStream(roots))) {
      anchors.add(new TrustAnchor((X509Certificate) c, null));
      anchorDers.add(Base64.getEncoder().encodeToString(c.getEncoded()));
    }
    // Warm-up on the first 3,000 records, then the measured run.
    for (long[] pass : new long[][] {{Math.min(3000, max)}, {max}}) {
      BlockingQueue<String> q = new ArrayBlockingQueue<>(4096);
      AtomicLong valid = new AtomicLong();
      AtomicLong done = new AtomicLong();
      List<Thread> ts = new ArrayList<>();
      String end = new String("end");
      for (int t = 0; t < threads; t++) {
        Thread th = new Thread(() -> {
          try {
            CertPathValidator cpv = CertPathValidator.getInstance("PKIX");
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            while (true) {
              String l = q.take();
              if (l == end) {
                return;
              }
              Rec rec = parse(l);
              done.incrementAndGet();
              if (rec == null) {
                continue;
              }
              try {
                List<X509Certificate> path = new ArrayList<>();
                for (byte[] d : rec.chain()) {
                  if (!anchorDers.contains(Base64.getEncoder().encodeToString(d))) {
                    path.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(d)));
                  }
                }
                CertPath cp = f.generateCertPath(path);
                PKIXParameters params = new PKIXParameters(anchors);
                params.setRevocationEnabled(false);
                params.setDate(Date.from(rec.time()));
                cpv.validate(cp, params);
                valid.incrementAndGet();
              } catch (CertPathValidatorException | java.security.cert.CertificateException e) {
                // invalid
              }
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        ts.add(th);
        th.start();
      }
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long c0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      try (BufferedReader r = Files.newBufferedReader(corpus, StandardCharsets.US_ASCII)) {
        String l;
        long n = 0;
        while ((l = r.readLine()) != null && n++ < pass[0]) {
          q.put(l);
        }
      }
      for (int t = 0; t < threads; t++) {
        q.put(end);
      }
      for (Thread th : ts) {
        th.join();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - c0) / 1e3;
      if (pass[0] == max) {
        System.out.printf(Locale.ROOT, "JDK CertPathValidator (%d threads): %,d records in %.1f s "
                + "= %,.0f chains/s (%.0f%% of the limit); %.1f CPU µs per chain; %,d valid; "
                + "load %s%n", threads, done.get(), secs, done.get() / secs,
            100 * done.get() / secs / limit, cpu / done.get(), valid.get(), loadAverage());
      }
    }
  }

  private static double number(String json, String key) {
    if (json == null) {
      return Double.NaN;
    }
    Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.eE+]+)").matcher(json);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0] + " "
          + Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[1];
    } catch (IOException e) {
      return "?";
    }
  }
}
