package dev.pkixj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.cli.batch.SampleCommand;
import dev.pkixj.cli.batch.SampleGenerator;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.onecrl.OneCrlRecord;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.state.SecurityState;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a Spark standalone cluster, as a user runs it: a Master and a Worker (two
 * one-core executors) in JVMs of their own, started from the test classpath's Spark jars laid
 * out as a Spark distribution ({@code SPARK_HOME/jars}: those jars, minus what the job jar
 * bundles and the test tools), and the job submitted with {@code SparkSubmit} in client mode.
 * One gzip file of the generated corpus (one read task, since gzip cannot be split) is spread
 * with {@code --partitions} over both executors; the verdicts are {@code pkixj batch}'s, record
 * by record, and Spark's event log shows that both executors verified records. The job and
 * {@code pkixj batch} get the same security-state directory ({@link #securityState}), which only
 * the driver reads: the executors get it through the broadcast.
 *
 * <p>Hermetic: everything under a temporary directory (Spark's home, configuration, work, local
 * and temporary directories, the event log), loopback only, and no fixed port: every Spark
 * service binds port 0 and the Master's actual port is read from its log. Every JVM this class
 * starts, and every process those start (the executors), is ended in {@link #stopAll()} whatever
 * happened. The limits below only bound waiting, so that a hang fails instead of blocking the
 * build; nothing is timed.
 */
class ClusterIT {
  static final long SEED = 23;
  static final int CHAINS = 800;
  static final int PARTITIONS = 4;
  static final Duration START_LIMIT = Duration.ofSeconds(180);
  static final Duration JOB_LIMIT = Duration.ofSeconds(400);

  static final Path JOB_JAR = Path.of(System.getProperty("pkixj.spark.jobJar",
      "target/pkixj-spark-job.jar")).toAbsolutePath();
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /** Test tools on the test classpath that a Spark distribution does not have. */
  static final List<String> NOT_SPARK = List.of("dev/pkixj/", "org/junit/", "junit/",
      "org/opentest4j/", "org/apiguardian/", "org/apache/maven/", "picocli/");

  /** Where the logs and the event log are kept after the run ({@link #keepLogs()}). */
  static final Path KEEP = Path.of(System.getProperty("pkixj.spark.itLogs",
      "target/cluster-it"));

  /**
   * For every JVM of the cluster, executors included: the client compiler only and the serial
   * collector, which spend far less CPU on a short run of two cores than C2 and parallel GC
   * threads do (test settings, not a recommendation for a cluster).
   */
  static final List<String> SMALL_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  @TempDir static Path dir;
  static Path sparkHome;
  static String masterUrl;
  /** Every process started, in order; ended newest first in {@link #stopAll()}. */
  static final List<Process> started = Collections.synchronizedList(new ArrayList<>());
  static final Thread REAPER = new Thread(ClusterIT::stopAll, "ClusterIT processes");
  static long clusterStartNanos;
  static long clusterUpNanos;
  static Path corpus;
  static Path roots;
  static Path ctLogs;
  static SampleGenerator.Written written;
  /** The security-state directory given to the job and to pkixj batch ({@link #securityState}). */
  static Path state;
  /** The corpus line whose leaf the state's OneCRL entry lists. */
  static long listedLine;

  @BeforeAll
  static void startCluster() throws Exception {
    assertTrue(Files.isRegularFile(JOB_JAR), JOB_JAR + ": run after package");
    // Should the test JVM be stopped before @AfterAll, its children are still ended.
    Runtime.getRuntime().addShutdownHook(REAPER);
    deleteTree(KEEP); // an earlier run's logs
    sparkHome = sparkHome(dir.resolve("spark-home"));
    for (String d : List.of("tmp", "local", "work", "events", "home")) {
      Files.createDirectories(dir.resolve(d));
    }
    clusterStartNanos = System.nanoTime();
    Path masterLog = dir.resolve("master.log");
    // The Master's REST submission server would bind its fixed port (6066): off.
    Process master = start(masterLog, List.of("-Xmx256m", "-Dspark.master.rest.enabled=false"),
        "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0");
    // The corpus while the Master starts: one gzip file, the roots and CT log list beside it.
    corpus = Files.createDirectories(dir.resolve("in")).resolve("corpus.ndjson.gz");
    written = SampleCommand.generate(SampleGenerator.Options.defaults(CHAINS).withSeed(SEED),
        corpus);
    roots = dir.resolve("roots.pem");
    Files.move(SampleCommand.rootsFile(corpus), roots);
    ctLogs = dir.resolve("ct-logs.json");
    Files.move(SampleCommand.ctLogsFile(corpus), ctLogs);
    state = securityState(dir.resolve("state"));
    masterUrl = await(masterLog, Pattern.compile("Starting Spark master at (spark://\\S+)"),
        master).group(1);
    Path workerLog = dir.resolve("worker.log");
    Process worker = start(workerLog, List.of("-Xmx256m"),
        "org.apache.spark.deploy.worker.Worker",
        "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--cores", "2",
        "--memory", "2g", "--work-dir", dir.resolve("work").toString(), masterUrl);
    await(workerLog, Pattern.compile("Successfully registered with master"), worker);
    // By now the Master has started all it starts: no service on a fixed port.
    assertTrue(!Files.readString(masterLog).contains("REST server"), "a REST server started");
    clusterUpNanos = System.nanoTime();
  }

  @AfterAll
  static void stopAll() {
    List<ProcessHandle> handles = new ArrayList<>();
    List<Process> ours;
    synchronized (started) {
      ours = new ArrayList<>(started);
    }
    // Leaves first (the Worker's executors), gathered before any parent ends.
    for (Process p : ours) {
      p.descendants().forEach(handles::add);
    }
    Collections.reverse(handles);
    for (int i = ours.size() - 1; i >= 0; i--) {
      handles.add(ours.get(i).toHandle());
    }
    for (ProcessHandle h : handles) {
      h.destroy();
    }
    for (ProcessHandle h : handles) {
      try {
        h.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    for (ProcessHandle h : handles) {
      if (h.isAlive()) {
        h.destroyForcibly();
        try {
          h.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("ClusterIT: process " + h.pid() + " did not end");
        }
      }
    }
    keepLogs();
    try {
      Runtime.getRuntime().removeShutdownHook(REAPER);
    } catch (IllegalStateException e) {
      // already shutting down: this is the hook
    }
  }

  @Test
  void oneGzipFileSpreadOverTwoExecutorsGetsPkixjBatchsVerdictsRecordByRecord()
      throws Exception {
    String where = "sample seed " + SEED + ", " + CHAINS + " records, CT enforced, "
        + PARTITIONS + " partitions, " + masterUrl;
    Path out = dir.resolve("out");

    long submitted = System.nanoTime();
    Path submitOut = dir.resolve("submit.out");
    Path submitErr = dir.resolve("submit.log");
    List<String> args = new ArrayList<>(List.of("--master", masterUrl, "--deploy-mode", "client",
        "--class", BatchJob.class.getName(), "--name", "pkixj-cluster-it"));
    Map<String, String> conf = new TreeMap<>(Map.ofEntries(
        Map.entry("spark.executor.cores", "1"),
        Map.entry("spark.cores.max", "2"),
        Map.entry("spark.executor.memory", "512m"),
        // Start only once both executors are there, so that both get tasks.
        Map.entry("spark.scheduler.minRegisteredResourcesRatio", "1.0"),
        Map.entry("spark.scheduler.maxRegisteredResourcesWaitingTime", "300s"),
        Map.entry("spark.driver.host", "127.0.0.1"),
        Map.entry("spark.driver.bindAddress", "127.0.0.1"),
        Map.entry("spark.ui.enabled", "false"),
        Map.entry("spark.eventLog.enabled", "true"),
        Map.entry("spark.eventLog.compress", "false"),
        Map.entry("spark.eventLog.rolling.enabled", "false"),
        Map.entry("spark.eventLog.dir", dir.resolve("events").toUri().toString()),
        Map.entry("spark.local.dir", dir.resolve("local").toString()),
        Map.entry("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString()),
        Map.entry("spark.sql.shuffle.partitions", "2"),
        Map.entry("spark.executor.extraJavaOptions",
            String.join(" ", SMALL_JVM) + " -Djava.io.tmpdir=" + dir.resolve("tmp")
                + " -Duser.home=" + dir.resolve("home"))));
    conf.forEach((k, v) -> {
      args.add("--conf");
      args.add(k + "=" + v);
    });
    args.addAll(List.of(JOB_JAR.toString(), "--roots", roots.toString(), "--out", out.toString(),
        "--format", "json", "--ct", "enforce", "--ct-logs", ctLogs.toString(),
        "--partitions", Integer.toString(PARTITIONS), "--state-dir", state.toString(),
        corpus.toString()));
    Process submit = start(submitOut, submitErr, List.of("-Xmx768m"),
        "org.apache.spark.deploy.SparkSubmit", args.toArray(new String[0]));
    if (!submit.waitFor(JOB_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      fail(where + ": the job has not ended within " + JOB_LIMIT + "\n" + logs());
    }
    long ended = System.nanoTime();
    System.out.printf(java.util.Locale.ROOT, "ClusterIT: cluster up %.1f s (with the corpus), "
        + "submit to exit %.1f s%n", (clusterUpNanos - clusterStartNanos) / 1e9,
        (ended - submitted) / 1e9);
    String stdout = Files.readString(submitOut).strip();
    assertEquals(0, submit.exitValue(), where + ": spark-submit failed\n" + logs());

    // The histogram the driver printed: per code, what pkixj batch counts.
    Map<Long, JsonNode> cli = cliResults(corpus, roots, "--ct", "enforce", "--ct-logs",
        ctLogs.toString(), "--state-dir", state.toString());
    assertEquals(CHAINS, cli.size(), where);
    assertEquals("cluster-listed", cli.get(listedLine).get("onecrl").asText(),
        where + ": pkixj batch, line " + listedLine);
    Map<String, Long> cliCodes = new TreeMap<>();
    cli.values().forEach(c -> cliCodes.merge(
        c.get("code").isNull() ? "malformed" : c.get("code").asText(), 1L, Long::sum));
    Map<String, Long> expected = new TreeMap<>();
    written.expectedCodes(true).forEach((k, v) -> expected.put(k == null ? "malformed" : k, v));
    // The listed leaf's record: refused by OneCRL instead of valid.
    expected.merge("Success", -1L, Long::sum);
    expected.merge("SEC_ERROR_REVOKED_CERTIFICATE", 1L, Long::sum);
    assertEquals(expected, cliCodes, where + ": pkixj batch");
    JsonNode histogram = Json.MAPPER.readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
    Map<String, Long> jobCodes = new TreeMap<>();
    histogram.get("codes").properties().forEach(e -> jobCodes.put(e.getKey(),
        e.getValue().asLong()));
    if (histogram.get("malformed").asLong() > 0) {
      jobCodes.put("malformed", histogram.get("malformed").asLong());
    }
    assertEquals(cliCodes, jobCodes, where + ": the job's histogram");
    assertEquals(CHAINS, histogram.get("records").asLong(), where);
    assertEquals(1, histogram.get("onecrl").asLong(), where + ": " + histogram);
    assertEquals(cli.values().stream().filter(c -> c.get("preloaded").asBoolean()).count(),
        histogram.get("preloaded").asLong(), where + ": " + histogram);

    // Record by record: the job names lines by byte offset; number the corpus's lines.
    Map<Long, Long> lineAt = lineOffsets(corpus);
    Map<Long, JsonNode> job = new TreeMap<>();
    List<Path> parts;
    try (Stream<Path> s = Files.list(out)) {
      parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .collect(Collectors.toList());
    }
    for (Path part : parts) {
      for (String l : Files.readAllLines(part, StandardCharsets.UTF_8)) {
        JsonNode r = Json.MAPPER.readTree(l);
        Long line = lineAt.get(r.get("offset").asLong());
        assertNotNull(line, where + ": no line starts at offset " + r.get("offset"));
        assertEquals(null, job.put(line, r), where + ": two rows for line " + line);
      }
    }
    assertEquals(CHAINS, job.size(), where);
    for (long l = 1; l <= CHAINS; l++) {
      JsonNode r = job.get(l);
      JsonNode c = cli.get(l);
      String at = where + ", line " + l + ":\n  job " + r + "\n  cli " + c;
      for (String field : List.of("verdict", "code", "nss_code", "cert_index", "host", "chain",
          "issuer", "entry_type", "ct_status", "crlite", "preloaded", "onecrl")) {
        assertEquals(value(c, field), value(r, field), at + "\n  field " + field);
      }
      assertEquals(value(c, "error") != null, value(r, "error") != null, at);
      if (!"malformed".equals(r.get("verdict").asText())) {
        assertEquals(c.get("id").asText(), r.get("id").asText(), at);
      }
    }

    // Spark's event log: the gzip file was read by one task, and both executors verified (and
    // wrote) records that came to them through the shuffle.
    EventLog events = EventLog.read(dir.resolve("events"));
    assertEquals(1, events.readTasks, where + ": tasks that read the input\n" + events);
    // Two executors (ids 0 and 1, unless one had to be started again), never the driver.
    assertEquals(2, events.written.size(), where + ": executors that verified records\n"
        + events);
    assertTrue(!events.written.containsKey("driver"), where + "\n" + events);
    for (Map.Entry<String, Long> e : events.written.entrySet()) {
      assertTrue(e.getValue() > 0, where + ": executor " + e.getKey() + "\n" + events);
    }
    assertEquals(CHAINS, events.written.values().stream().mapToLong(Long::longValue).sum(),
        where + "\n" + events);
    assertEquals(CHAINS, events.shuffled, where + ": records shuffled\n" + events);
    assertEquals(PARTITIONS, events.verifyTasks, where + "\n" + events);

    // The figures for bench/RESULTS.md.
    System.out.printf(java.util.Locale.ROOT, "ClusterIT figures: cluster up %.1f s (with the "
        + "corpus), submit to "
        + "exit %.1f s, application %.1f s, verify-and-write stage %.1f s; %s%n",
        (clusterUpNanos - clusterStartNanos) / 1e9, (ended - submitted) / 1e9,
        events.appMillis / 1e3, events.verifyStageMillis / 1e3, events);
  }

  /**
   * What Spark's event log says about the job that wrote the rows (the job whose result tasks
   * wrote records): its shuffle-map tasks read the input, its result tasks verified and wrote.
   */
  static final class EventLog {
    /** Tasks that read the input (the gzip file). */
    int readTasks;
    /** Records the read tasks gave the shuffle, and their bytes. */
    long shuffled;
    long shuffledBytes;
    /** Per executor: records verified and written, tasks, run time (ms). */
    final Map<String, Long> written = new TreeMap<>();
    final Map<String, Integer> tasks = new TreeMap<>();
    final Map<String, Long> runMillis = new TreeMap<>();
    int verifyTasks;
    long appMillis;
    long verifyStageMillis;

    record Task(int stage, String type, String executor, long shuffleWritten,
        long shuffleBytes, long written, long runMillis) {}

    static EventLog read(Path events) throws IOException {
      List<Path> files;
      try (Stream<Path> s = Files.list(events)) {
        files = s.filter(p -> !p.getFileName().toString().startsWith("."))
            .collect(Collectors.toList());
      }
      assertEquals(1, files.size(), "event logs: " + files);
      EventLog e = new EventLog();
      List<Task> tasks = new ArrayList<>();
      List<Set<Integer>> jobs = new ArrayList<>();
      Map<Integer, Long> stageMillis = new HashMap<>();
      long appStart = -1;
      for (String line : Files.readAllLines(files.get(0), StandardCharsets.UTF_8)) {
        JsonNode n = Json.MAPPER.readTree(line);
        switch (n.get("Event").asText()) {
          case "SparkListenerApplicationStart" -> appStart = n.get("Timestamp").asLong();
          case "SparkListenerApplicationEnd" ->
              e.appMillis = n.get("Timestamp").asLong() - appStart;
          case "SparkListenerJobStart" -> {
            Set<Integer> stages = new HashSet<>();
            n.get("Stage IDs").forEach(id -> stages.add(id.asInt()));
            jobs.add(stages);
          }
          case "SparkListenerStageCompleted" -> {
            JsonNode info = n.get("Stage Info");
            stageMillis.put(info.get("Stage ID").asInt(), info.get("Completion Time").asLong()
                - info.get("Submission Time").asLong());
          }
          case "SparkListenerTaskEnd" -> {
            JsonNode m = n.path("Task Metrics");
            tasks.add(new Task(n.get("Stage ID").asInt(), n.get("Task Type").asText(),
                n.get("Task Info").get("Executor ID").asText(),
                m.path("Shuffle Write Metrics").path("Shuffle Records Written").asLong(),
                m.path("Shuffle Write Metrics").path("Shuffle Bytes Written").asLong(),
                m.path("Output Metrics").path("Records Written").asLong(),
                m.path("Executor Run Time").asLong()));
          }
          default -> { }
        }
      }
      Set<Integer> writeJob = jobs.stream().filter(j -> tasks.stream().anyMatch(
          t -> t.written() > 0 && j.contains(t.stage()))).findFirst().orElse(Set.of());
      Set<Integer> verifyStages = new HashSet<>();
      for (Task t : tasks) {
        if (!writeJob.contains(t.stage())) {
          continue;
        }
        if (t.type().equals("ShuffleMapTask")) {
          e.readTasks++;
          e.shuffled += t.shuffleWritten();
          e.shuffledBytes += t.shuffleBytes();
        } else if (t.type().equals("ResultTask")) {
          e.written.merge(t.executor(), t.written(), Long::sum);
          e.tasks.merge(t.executor(), 1, Integer::sum);
          e.runMillis.merge(t.executor(), t.runMillis(), Long::sum);
          e.verifyTasks++;
          verifyStages.add(t.stage());
        }
      }
      for (int s : verifyStages) {
        e.verifyStageMillis += stageMillis.getOrDefault(s, 0L);
      }
      return e;
    }

    @Override
    public String toString() {
      return "read tasks " + readTasks + ", records shuffled " + shuffled + " (" + shuffledBytes
          + " bytes), verify tasks "
          + verifyTasks + ", records verified per executor " + written + ", tasks per executor "
          + tasks + ", executor run time (ms) " + runMillis;
    }
  }

  /** A field as the CLI's JSON has it, a missing one (Spark writes no null field) as null. */
  private static String value(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.toString();
  }

  /** Byte offset of each line of the gzip corpus → its line number (from 1). */
  private static Map<Long, Long> lineOffsets(Path corpus) throws IOException {
    byte[] text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(corpus))) {
      text = in.readAllBytes();
    }
    Map<Long, Long> lineAt = new HashMap<>();
    long line = 1;
    lineAt.put(0L, 1L);
    for (int i = 0; i < text.length - 1; i++) {
      if (text[i] == '\n') {
        lineAt.put((long) i + 1, ++line);
      }
    }
    return lineAt;
  }

  /**
   * A security-state directory for the corpus: a OneCRL entry for the leaf of the first valid
   * record without a CT fault whose leaf no other record sends (that record is refused instead of
   * valid; sets {@link #listedLine}), and a preloaded intermediate of another PKI (offered to
   * every chain, completing none of the corpus's).
   */
  static Path securityState(Path stateDir) throws Exception {
    List<String> lines = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(corpus))) {
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
    }
    List<String> leaves = new ArrayList<>();
    Map<String, Integer> sent = new HashMap<>();
    for (String l : lines) {
      String leaf = null;
      try {
        JsonNode chain = Json.MAPPER.readTree(l).path("chain");
        leaf = chain.isArray() && chain.size() > 0 ? chain.get(0).asText() : null;
      } catch (IOException e) {
        // a malformed record of the corpus: no leaf
      }
      leaves.add(leaf);
      if (leaf != null) {
        sent.merge(leaf, 1, Integer::sum);
      }
    }
    String listed = null;
    for (int i = 0; i < lines.size() && listed == null; i++) {
      if (SampleGenerator.kindOf(CHAINS, SEED, i) == SampleGenerator.Kind.VALID
          && SampleGenerator.ctFaultOf(CHAINS, SEED, i) == SampleGenerator.CtFault.NONE
          && leaves.get(i) != null && sent.get(leaves.get(i)) == 1) {
        listed = leaves.get(i);
        listedLine = i + 1;
      }
    }
    assertNotNull(listed, "seed " + SEED + ": no valid record with a leaf of its own");
    var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
        .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(
            java.util.Base64.getDecoder().decode(listed)));
    Files.createDirectories(stateDir);
    OneCrlStore.replace(SecurityState.at(stateDir), List.of(OneCrlRecord.subjectKey(
        "cluster-listed", 1, cert.getSubjectX500Principal().getEncoded(),
        OneCrl.pubKeyHash(cert.getPublicKey().getEncoded()), OneCrl.Details.NONE)), "test",
        OptionalLong.empty(), TestClock.NOW.toEpochMilli());
    IntermediatesStore.importFiles(stateDir, List.of(Files.writeString(
        dir.resolve("other-intermediate.pem"), TestPki.ec().intermediate().pem())),
        TestClock.NOW);
    return stateDir;
  }

  /** {@code pkixj batch} on {@code input}, in this JVM: its result lines by line number. */
  private static Map<Long, JsonNode> cliResults(Path input, Path rootsFile, String... more)
      throws IOException {
    Path out = Files.createTempFile(dir, "cli-", ".ndjson");
    StringWriter err = new StringWriter();
    var cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err));
    cmd.setOut(new PrintWriter(new StringWriter()));
    List<String> args = new ArrayList<>(List.of("batch", input.toString(), "--roots",
        rootsFile.toString(), "-o", out.toString(), "--no-progress"));
    args.addAll(List.of(more));
    assertEquals(Main.EXIT_OK, cmd.execute(args.toArray(new String[0])), err.toString());
    Map<Long, JsonNode> m = new TreeMap<>();
    for (String l : Files.readAllLines(out)) {
      JsonNode n = Json.MAPPER.readTree(l);
      m.put(n.get("line").asLong(), n);
    }
    return m;
  }

  // ---- the cluster's processes -----------------------------------------------------------------

  /**
   * A Spark home as a distribution lays it out: {@code jars/} holds the test classpath's jars
   * (symbolic links) except the test tools and any jar whose classes the job jar bundles (pkixj,
   * BouncyCastle), so that the job's classes come from the job jar alone; an empty {@code conf/}.
   */
  static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    Set<String> bundled;
    try (JarFile job = new JarFile(JOB_JAR.toFile())) {
      bundled = job.stream().map(JarEntry::getName).collect(Collectors.toSet());
    }
    int linked = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
        continue;
      }
      String cls = firstClass(p);
      if (cls == null || bundled.contains(cls) || NOT_SPARK.stream().anyMatch(cls::startsWith)) {
        continue;
      }
      Path link = jars.resolve(p.getFileName());
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, p.toAbsolutePath());
        linked++;
      }
    }
    try (Stream<Path> s = Files.list(jars)) {
      assertTrue(s.anyMatch(j -> j.getFileName().toString().startsWith("spark-core_")),
          "no Spark on the test classpath: " + linked + " jars");
    }
    return home;
  }

  /** The first class file in a jar (not a versioned one nor module-info), or null. */
  private static String firstClass(Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.stream().map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/")
              && !n.endsWith("module-info.class"))
          .findFirst().orElse(null);
    }
  }

  /** Starts a JVM on Spark's jars, standard output and error both to {@code log}. */
  static Process start(Path log, List<String> jvm, String mainClass, String... args)
      throws IOException {
    return start(log, log, jvm, mainClass, args);
  }

  static Process start(Path out, Path err, List<String> jvm, String mainClass, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(JAVA));
    cmd.addAll(jvm);
    cmd.addAll(SMALL_JVM);
    // What Spark's launcher gives every JVM on Java 17 (--add-opens for Spark's reflection).
    cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
    cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    cmd.add("-Duser.home=" + dir.resolve("home"));
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("jars") + File.separator + "*");
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    if (out.equals(err)) {
      pb.redirectErrorStream(true).redirectOutput(out.toFile());
    } else {
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    }
    Map<String, String> env = pb.environment();
    // Nothing from the developer's Spark, Hadoop or YARN set-up.
    env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("HADOOP_")
        || k.startsWith("YARN_") || k.startsWith("PYSPARK"));
    env.put("SPARK_HOME", sparkHome.toString());
    // The launcher's class path builder asks for it when SPARK_HOME is no build tree.
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HOME", dir.resolve("home").toString());
    synchronized (started) {
      Process p = pb.start();
      started.add(p);
      return p;
    }
  }

  /**
   * Copies the logs and the event log to {@code target/cluster-it/} (kept after the temporary
   * directory is gone, for a failure's details and the figures).
   */
  static void keepLogs() {
    if (dir == null) {
      return;
    }
    Path keep = KEEP;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        String n = p.getFileName().toString();
        boolean executorLog = p.startsWith(dir.resolve("work"))
            && (n.equals("stderr") || n.equals("stdout"));
        if (n.endsWith(".log") || n.endsWith(".out") || executorLog
            || p.startsWith(dir.resolve("events"))) {
          Path to = keep.resolve(dir.relativize(p).toString());
          Files.createDirectories(to.getParent());
          Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("ClusterIT: logs not kept: " + e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  /** Waits for {@code pattern} in a process's log; fails if it ends first or takes too long. */
  static Matcher await(Path log, Pattern pattern, Process p) throws Exception {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (true) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m;
      }
      if (!p.isAlive()) {
        fail(log + ": the process ended (exit " + p.exitValue() + ") before '" + pattern
            + "'\n" + logs());
      }
      if (System.nanoTime() > deadline) {
        fail(log + ": no '" + pattern + "' within " + START_LIMIT + "\n" + logs());
      }
      Thread.sleep(200);
    }
  }

  /** The last lines of every log, the executors' included (for a failure's message). */
  static String logs() {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(p -> {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".log") || n.endsWith(".out")
            || ((n.equals("stderr") || n.equals("stdout")) && p.startsWith(dir.resolve("work"))));
      }).sorted().collect(Collectors.toList())) {
        List<String> lines = new String(Files.readAllBytes(p), StandardCharsets.UTF_8)
            .lines().collect(Collectors.toList());
        sb.append("---- ").append(p).append('\n');
        lines.subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> sb.append(l).append('\n'));
      }
    } catch (IOException | RuntimeException e) {
      sb.append("(logs not readable: ").append(e).append(")\n");
    }
    return sb.toString();
  }
}
