package dev.pkixj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.batch.CtEntries;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.cli.batch.SampleCommand;
import dev.pkixj.cli.batch.SampleGenerator;
import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.testdata.CtLogListWriter;
import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.onecrl.OneCrlRecord;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.state.SecurityState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in {@code local[2]}, one session for the whole class: on a generated corpus with
 * every kind of record (malformed ones included), compared record by record with {@code pkixj
 * batch}; PEM files and CT responses, bad ones included; and its defined errors.
 */
class BatchJobTest {
  static final long SEED = 11;
  static final int CHAINS = 400;

  static SparkSession spark;
  @TempDir static Path dir;
  static Path corpus;
  static Path roots;
  static Path ctLogs;
  static SampleGenerator.Written written;
  static TestPki pki;
  static Path pkiRoots;

  @BeforeAll
  static void start() throws Exception {
    corpus = dir.resolve("in").resolve("corpus.ndjson.gz");
    Files.createDirectories(corpus.getParent());
    written = SampleCommand.generate(
        SampleGenerator.Options.defaults(CHAINS).withSeed(SEED), corpus);
    roots = dir.resolve("roots.pem");
    Files.move(SampleCommand.rootsFile(corpus), roots);
    // The corpus's CT log list, out of the input directory too.
    ctLogs = dir.resolve("ct-logs.json");
    Files.move(SampleCommand.ctLogsFile(corpus), ctLogs);
    pki = TestPki.rsa();
    pkiRoots = dir.resolve("test-roots.pem");
    Files.writeString(pkiRoots, Pem.certs(pki.root()));
    spark = newSession();
  }

  /** A local[2] session; after {@code stop()} a new one has a new SparkContext. */
  static SparkSession newSession() {
    return SparkSession.builder().master("local[2]").appName("pkixj-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        // Hermetic: loopback only (ports chosen by the system), no warehouse in the work tree.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString())
        .config("spark.local.dir", dir.resolve("spark-local").toString())
        .getOrCreate();
  }

  /**
   * Broadcast ids start again at 0 in every SparkContext, so a cache of verifiers keyed on them
   * gave a second job in the same JVM (local mode, a notebook) the first job's roots.
   */
  @Test
  void aSecondJobInTheSameJvmWithOtherRootsGetsItsOwnVerdicts() {
    String valid = SampleGenerator.Kind.VALID.code;
    Map<String, Long> first = BatchJob.runCounts(spark, BatchJob.Options.parse(new String[] {
        "--roots", roots.toString(), "--out", dir.resolve("out-run1").toString(),
        corpus.getParent().toString()})).codes();
    assertTrue(first.getOrDefault(valid, 0L) > 0, "the corpus's roots: " + first);

    spark.stop();
    spark = newSession(); // a new SparkContext: its first broadcasts have the first job's ids
    Map<String, Long> second = BatchJob.runCounts(spark, BatchJob.Options.parse(new String[] {
        "--roots", pkiRoots.toString(), "--out", dir.resolve("out-run2").toString(),
        corpus.getParent().toString()})).codes();
    assertEquals(0L, second.getOrDefault(valid, 0L),
        "under roots that issued none of the corpus, no record is valid: " + second);
    assertEquals(first.values().stream().mapToLong(Long::longValue).sum(),
        second.values().stream().mapToLong(Long::longValue).sum(), "every record verified");
    assertTrue(BatchJob.cachedRuns() <= BatchJob.MAX_RUNS, "cache bound");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  // ---- the generated corpus, record by record -----------------------------------------------

  @Test
  void everyRecordGetsTheVerdictPkixjBatchGivesItUnderCtEnforcement() throws IOException {
    String where = "sample seed " + SEED + ", " + CHAINS + " records, CT enforced";
    Map<SampleGenerator.Kind, Long> kinds = written.kinds();
    for (SampleGenerator.Kind k : SampleGenerator.Kind.values()) {
      assertTrue(kinds.get(k) > 0, where + ": no " + k + " record");
    }

    Path out = dir.resolve("out-ndjson");
    BatchJob.Counts counts = BatchJob.runCounts(spark, BatchJob.Options.parse(new String[] {
        "--roots", roots.toString(), "--out", out.toString(), "--ct", "enforce",
        "--ct-logs", ctLogs.toString(), corpus.getParent().toString()}));
    Map<String, Long> histogram = counts.codes();
    Map<String, Long> expected = new HashMap<>();
    written.expectedCodes(true).forEach((k, v) -> expected.put(k == null ? "malformed" : k, v));
    assertEquals(expected, histogram, where);
    assertTrue(expected.get(SampleGenerator.CtFault.CODE) > 0, where + ": no CT failure");
    assertTrue(Files.exists(Path.of(out + "_histogram.json")));

    // The job names NDJSON records by byte offset; number the corpus's lines to match them.
    Map<Long, Long> lineAt = new HashMap<>();
    byte[] text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(corpus))) {
      text = in.readAllBytes();
    }
    long line = 1;
    lineAt.put(0L, 1L);
    for (int i = 0; i < text.length - 1; i++) {
      if (text[i] == '\n') {
        lineAt.put((long) i + 1, ++line);
      }
    }
    assertEquals(CHAINS, line, where);

    Map<Long, Row> job = new TreeMap<>();
    for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
      Long offset = r.getAs("offset");
      assertNotNull(offset, r.toString());
      Long l = lineAt.get(offset);
      assertNotNull(l, where + ": no line starts at offset " + offset);
      assertEquals(null, job.put(l, r), where + ": two rows for line " + l);
    }
    assertEquals(CHAINS, job.size(), where);

    Map<Long, JsonNode> cli = cliResults(corpus.toString(), roots.toString(), "--ct", "enforce",
        "--ct-logs", ctLogs.toString());
    assertEquals(CHAINS, cli.size(), where);
    // The job's counts per CT status are pkixj batch's.
    Map<String, Long> cliCt = new TreeMap<>();
    cli.values().forEach(c -> {
      if (!c.get("ct_status").isNull()) {
        cliCt.merge(c.get("ct_status").asText(), 1L, Long::sum);
      }
    });
    assertEquals(cliCt, new TreeMap<>(counts.ctStatus()), where);
    assertTrue(cliCt.getOrDefault("compliant", 0L) > 0, where + ": " + cliCt);
    JsonNode histogramFile = Json.MAPPER.readTree(Path.of(out + "_histogram.json").toFile());
    assertEquals(cliCt.getOrDefault("not_enough_scts", 0L),
        histogramFile.get("ct_status").get("not_enough_scts").asLong(), where);
    int malformed = 0;
    for (long l = 1; l <= CHAINS; l++) {
      Row r = job.get(l);
      JsonNode c = cli.get(l);
      String at = where + ", line " + l + ":\n  job " + r + "\n  cli " + c;
      assertSame(c, r, at);
      SampleGenerator.Kind kind = SampleGenerator.kindOf(CHAINS, SEED, l - 1);
      if (kind.malformed()) {
        malformed++;
        assertEquals("malformed", r.getAs("verdict"), at);
        assertTrue(r.<String>getAs("id").endsWith("corpus.ndjson.gz@" + r.getAs("offset")), at);
        assertEquals(cause(c.get("error").asText()), cause(r.getAs("error")), at);
      } else {
        boolean ctFault = SampleGenerator.ctFaultOf(CHAINS, SEED, l - 1)
            != SampleGenerator.CtFault.NONE;
        assertEquals(ctFault ? SampleGenerator.CtFault.CODE : kind.code, r.getAs("code"), at);
        assertEquals(String.format("s%09d", l), r.getAs("id"), at);
        assertEquals(c.get("id").asText(), r.getAs("id"), at);
      }
    }
    assertEquals(expected.get("malformed"), (long) malformed, where);
  }

  /** The same verdict, code and path in the job's row as in the command line's result line. */
  private static void assertSame(JsonNode c, Row r, String at) {
    assertEquals(c.get("verdict").asText(), r.getAs("verdict"), at);
    assertEquals(text(c, "code"), r.getAs("code"), at);
    assertEquals(c.get("nss_code").isNull() ? null : c.get("nss_code").asInt(),
        r.getAs("nss_code"), at);
    assertEquals(c.get("cert_index").asInt(), (int) r.getAs("cert_index"), at);
    assertEquals(text(c, "host"), r.getAs("host"), at);
    List<String> chain = new ArrayList<>();
    c.get("chain").forEach(n -> chain.add(n.asText()));
    assertEquals(chain, r.getList(r.fieldIndex("chain")), at);
    assertEquals(text(c, "issuer"), r.getAs("issuer"), at);
    assertEquals(text(c, "entry_type"), r.getAs("entry_type"), at);
    assertEquals(c.has("error") && !c.get("error").isNull(), r.getAs("error") != null, at);
    assertEquals(text(c, "ct_status"), r.getAs("ct_status"), at);
    assertEquals(text(c, "crlite"), r.getAs("crlite"), at);
    assertEquals(c.get("preloaded").asBoolean(), (boolean) r.getAs("preloaded"), at);
    assertEquals(text(c, "onecrl"), r.getAs("onecrl"), at);
  }

  // ---- spreading the records over partitions --------------------------------------------------

  /**
   * A gzip file is one input split, so it is read by one task; the records are spread over
   * {@code --partitions} partitions before they are verified, or without it over the default
   * parallelism (2 in local[2]); the verdicts do not change.
   */
  @Test
  void oneGzipFileIsVerifiedInThePartitionsAskedWithTheSameVerdicts() throws IOException {
    Map<String, Long> expected = new HashMap<>();
    written.expectedCodes(false).forEach((k, v) -> expected.put(k == null ? "malformed" : k, v));
    for (String partitions : List.of("", "3")) {
      Path out = dir.resolve("out-partitions" + partitions);
      List<String> args = new ArrayList<>(List.of("--roots", roots.toString(), "--out",
          out.toString(), "--format", "json", "--ct", "off"));
      if (!partitions.isEmpty()) {
        args.addAll(List.of("--partitions", partitions));
      }
      args.add(corpus.toString());
      String where = "sample seed " + SEED + ", " + CHAINS + " records, one gzip file, "
          + (partitions.isEmpty() ? "no --partitions" : "--partitions " + partitions);
      assertEquals(expected, BatchJob.run(spark, BatchJob.Options.parse(
          args.toArray(new String[0]))), where);
      // One output file per partition that verified records: all of them got some.
      long files;
      long rows = 0;
      try (var s = Files.list(out)) {
        List<Path> parts = s.filter(p -> p.getFileName().toString().startsWith("part-"))
            .toList();
        files = parts.size();
        for (Path p : parts) {
          long n = Files.readAllLines(p).size();
          assertTrue(n > 0, where + ": " + p + " is empty");
          rows += n;
        }
      }
      assertEquals(partitions.isEmpty() ? 2 : 3, files, where);
      assertEquals(CHAINS, rows, where);
    }
  }

  /** Many small files (packed into few splits by binaryFiles) are spread as well. */
  @Test
  void pemFilesAreSpreadOverTheDefaultParallelism() throws IOException {
    Path pems = Files.createDirectories(dir.resolve("pems-many"));
    for (int i = 0; i < 12; i++) {
      Files.writeString(pems.resolve("f" + i + ".pem"), Pem.certs(pki.leaf(),
          pki.intermediate()));
    }
    Path out = dir.resolve("out-pems-many");
    assertEquals(Map.of("Success", 12L), BatchJob.run(spark, BatchJob.Options.parse(
        new String[] {"--roots", pkiRoots.toString(), "--out", out.toString(), "--format",
            "json", "--input-format", "pem", "--time", TestClock.NOW.toString(),
            pems.toString()})));
    try (var s = Files.list(out)) {
      assertEquals(2, s.filter(p -> p.getFileName().toString().startsWith("part-")).count(),
          "12 PEM files in local[2]");
    }
  }

  /**
   * Without {@code --partitions} the records are shuffled only when the input was read in fewer
   * partitions than the default parallelism; with it, into exactly that many.
   */
  @Test
  void spreadShufflesOnlyWhenNeeded() {
    var jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<BatchJob.Raw> raw = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      raw.add(new BatchJob.Raw("f", i, new byte[] {(byte) i}));
    }
    var one = jsc.parallelize(raw, 1);
    var five = jsc.parallelize(raw, 5);
    var spreadOne = BatchJob.spread(one, null, 2);
    assertEquals(2, spreadOne.getNumPartitions());
    assertTrue(BatchJob.spread(five, null, 2) == five, "5 partitions read: no shuffle");
    assertTrue(BatchJob.spread(five, 5, 2) == five, "as many as asked: no shuffle");
    assertEquals(3, BatchJob.spread(five, 3, 2).getNumPartitions());
    assertEquals(8, BatchJob.spread(one, 8, 2).getNumPartitions());
    // Every record once, and every partition gets some.
    List<Long> offsets = new ArrayList<>(BatchJob.spread(one, 8, 2).map(r -> r.offset)
        .collect());
    java.util.Collections.sort(offsets);
    List<Long> all = new ArrayList<>();
    for (long i = 0; i < 100; i++) {
      all.add(i);
    }
    assertEquals(all, offsets);
    for (int size : BatchJob.spread(one, 8, 2).glom().map(List::size).collect()) {
      assertTrue(size > 0, "an empty partition");
    }
  }

  // ---- CRLite --------------------------------------------------------------------------------

  /**
   * {@code --crlite}: a few leaves with an embedded SCT of a test log, two revoked by the filter,
   * one without SCT; the job's rows and counts are {@code pkixj batch}'s with the same filter.
   */
  @Test
  void crliteGivesTheAnswersPkixjBatchGives() throws Exception {
    long seed = 0x5C21L;
    TestPki ec = TestPki.ec();
    TestCtLog log = TestCtLog.p256("Spark CRLite Log", "Spark Operator");
    long issued = TestClock.daysAgo(30).toEpochMilli();
    Path in = Files.createDirectories(dir.resolve("crlite-in"));
    StringBuilder sb = new StringBuilder();
    for (long serial = 0x201; serial <= 0x206; serial++) {
      var b = ec.leafBuilder().serial(java.math.BigInteger.valueOf(serial));
      TestCert leaf = (serial == 0x206 ? b : b.embeddedSct(log, issued)).build();
      sb.append("{\"id\":\"c").append(serial).append("\",\"host\":\"")
          .append(TestPki.LEAF_HOST).append("\",\"chain\":[\"").append(b64(leaf.der()))
          .append("\",\"").append(b64(ec.intermediate().der())).append("\"]}\n");
    }
    sb.append("{\"id\":\"bad\",\"chain\":[\"not base64!\"]}\n");
    Path corpusFile = Files.writeString(in.resolve("crlite.ndjson"), sb);
    Path ecRoots = Files.writeString(dir.resolve("ec-roots.pem"), Pem.certs(ec.root()));
    Path logs = Files.writeString(dir.resolve("crlite-logs.json"), CtLogListWriter.create()
        .log(log, CtLogListWriter.State.USABLE, TestClock.daysAgo(400)).toJson());
    byte[] issuer = java.security.MessageDigest.getInstance("SHA-256")
        .digest(ec.intermediate().spkiDer());
    List<byte[]> revoked = List.of(new byte[] {0x02, 0x01}, new byte[] {0x02, 0x02});
    List<byte[]> good = new ArrayList<>();
    for (int i = 3; i <= 5; i++) {
      good.add(new byte[] {0x02, (byte) i});
    }
    ClubcardWriter.Model m = new ClubcardWriter(new java.util.Random(seed))
        .coverage(log.logId(), 0, TestClock.NOW.toEpochMilli()).issuer(issuer, revoked, good)
        .build();
    Path filters = Files.createDirectories(dir.resolve("crlite-filters"));
    Files.write(filters.resolve("full"), ClubcardWriter.v3(m));
    String time = Long.toString(TestClock.NOW.getEpochSecond());
    String where = "CRLite, seed " + seed;

    Path out = dir.resolve("out-crlite");
    BatchJob.Counts counts = BatchJob.runCounts(spark, BatchJob.Options.parse(new String[] {
        "--roots", ecRoots.toString(), "--out", out.toString(), "--format", "json",
        "--time", time, "--ct-logs", logs.toString(), "--crlite", filters.toString(),
        in.toString()}));
    Map<String, JsonNode> cli = new TreeMap<>();
    cliResults(corpusFile.toString(), ecRoots.toString(), "--time", time, "--ct-logs",
        logs.toString(), "--crlite", filters.toString()).values()
        .forEach(c -> cli.put(c.get("verdict").asText().equals("malformed") ? "bad"
            : c.get("id").asText(), c));
    Map<String, Long> cliCrlite = new TreeMap<>();
    cli.values().forEach(c -> {
      if (!c.get("crlite").isNull()) {
        cliCrlite.merge(c.get("crlite").asText(), 1L, Long::sum);
      }
    });
    assertEquals(Map.of("good", 3L, "not_covered", 1L, "revoked", 2L), cliCrlite, where);
    assertEquals(cliCrlite, new TreeMap<>(counts.crlite()), where);
    assertEquals(2L, counts.codes().get("SEC_ERROR_REVOKED_CERTIFICATE"), where);
    JsonNode histogramFile = Json.MAPPER.readTree(Path.of(out + "_histogram.json").toFile());
    assertEquals(2, histogramFile.get("crlite").get("revoked").asLong(), where);
    List<Row> rows = spark.read().schema(BatchJob.SCHEMA).json(out.toString()).collectAsList();
    assertEquals(cli.size(), rows.size(), where);
    for (Row r : rows) {
      boolean bad = r.getAs("verdict").equals("malformed");
      String id = bad ? "bad" : r.getAs("id");
      JsonNode c = cli.get(id);
      assertNotNull(c, where + ": " + r);
      if (bad) {
        assertEquals("malformed", r.getAs("verdict"), where);
        assertEquals(null, r.<String>getAs("crlite"), where);
        continue;
      }
      assertSame(c, r, where + ", " + id + ":\n  job " + r + "\n  cli " + c);
    }

    // A filter that does not parse is one line naming it, before the job starts.
    Path junk = Files.writeString(dir.resolve("junk-filter"), "not a clubcard");
    BatchJob.FileException e = assertThrows(BatchJob.FileException.class, () ->
        BatchJob.runCounts(spark, BatchJob.Options.parse(new String[] {"--roots",
            ecRoots.toString(), "--out", dir.resolve("out-junk").toString(), "--crlite",
            junk.toString(), in.toString()})));
    assertTrue(e.getMessage().contains("junk-filter"), e.getMessage());
  }

  // ---- Firefox's security state: preloaded intermediates and OneCRL -------------------------

  /** Two leaves sent without their intermediate, one with it, one listed in OneCRL. */
  static final TestPki STATE_PKI = TestPki.ec();
  static final TestCert MISSING_1 = STATE_PKI.newLeaf(2);
  static final TestCert MISSING_2 = STATE_PKI.newLeaf(3);
  static final TestCert SENT = STATE_PKI.newLeaf(6);
  static final TestCert LISTED = STATE_PKI.newLeaf(1);

  /** The corpus: ids m1, m2 (leaf only), sent, listed (leaf and intermediate), one malformed. */
  private static Path stateCorpus() throws IOException {
    Path in = Files.createDirectories(dir.resolve("state-in"));
    StringBuilder sb = new StringBuilder();
    int i = 1;
    for (TestCert l : List.of(MISSING_1, MISSING_2)) {
      sb.append("{\"id\":\"m").append(i++).append("\",\"host\":\"").append(TestPki.LEAF_HOST)
          .append("\",\"chain\":[\"").append(b64(l.der())).append("\"]}\n");
    }
    for (Map.Entry<String, TestCert> e : Map.of("sent", SENT, "listed", LISTED).entrySet()) {
      sb.append("{\"id\":\"").append(e.getKey()).append("\",\"host\":\"")
          .append(TestPki.LEAF_HOST).append("\",\"chain\":[\"").append(b64(e.getValue().der()))
          .append("\",\"").append(b64(STATE_PKI.intermediate().der())).append("\"]}\n");
    }
    sb.append("{\"id\":\"bad\",\"chain\":[\"not base64!\"]}\n");
    Files.writeString(in.resolve("state.ndjson"), sb);
    return in;
  }

  /**
   * A security-state directory with the intermediate preloaded (when {@code preload}) and a
   * OneCRL entry {@code id} for {@code listed}'s subject and key.
   */
  private static Path stateDir(String name, boolean preload, String id, TestCert listed)
      throws Exception {
    Path state = Files.createDirectories(dir.resolve(name));
    if (preload) {
      IntermediatesStore.importFiles(state, List.of(Files.writeString(
          dir.resolve(name + "-i.pem"), STATE_PKI.intermediate().pem())), TestClock.NOW);
    }
    OneCrlStore.replace(SecurityState.at(state), List.of(OneCrlRecord.subjectKey(id, 1,
        listed.subjectDer(), OneCrl.pubKeyHash(listed.spkiDer()), OneCrl.Details.NONE)), "test",
        OptionalLong.empty(), TestClock.NOW.toEpochMilli());
    return state;
  }

  /**
   * Runs the job on {@code in} with {@code more} options and {@code pkixj batch} on its file with
   * the same ones, compares them row by row and count by count, and returns the job's counts and
   * rows by id ("bad" for the malformed record).
   */
  private static Map<String, Row> compareWithBatch(Path in, Path rootsFile, String format,
      String out, BatchJob.Counts[] counts, String... more) throws IOException {
    String time = Long.toString(TestClock.NOW.getEpochSecond());
    List<String> args = new ArrayList<>(List.of("--roots", rootsFile.toString(), "--out", out,
        "--format", format, "--time", time));
    args.addAll(List.of(more));
    args.add(in.toString());
    String where = "security state " + args;
    counts[0] = BatchJob.runCounts(spark, BatchJob.Options.parse(args.toArray(new String[0])));
    List<String> cliArgs = new ArrayList<>(List.of("--time", time));
    cliArgs.addAll(List.of(more));
    Map<String, JsonNode> cli = new TreeMap<>();
    cliResults(in.resolve("state.ndjson").toString(), rootsFile.toString(),
        cliArgs.toArray(new String[0])).values().forEach(c -> cli.put(
            c.get("verdict").asText().equals("malformed") ? "bad" : c.get("id").asText(), c));
    long cliPreloaded = cli.values().stream().filter(c -> c.get("preloaded").asBoolean()).count();
    long cliListed = cli.values().stream().filter(c -> !c.get("onecrl").isNull()).count();
    assertEquals(cliPreloaded, counts[0].preloaded(), where);
    assertEquals(cliListed, counts[0].oneCrl(), where);
    Map<String, Long> cliCodes = new TreeMap<>();
    cli.values().forEach(c -> cliCodes.merge(c.get("verdict").asText().equals("malformed")
        ? "malformed" : c.get("code").asText(), 1L, Long::sum));
    assertEquals(cliCodes, new TreeMap<>(counts[0].codes()), where);
    JsonNode histogramFile = Json.MAPPER.readTree(Path.of(out + "_histogram.json").toFile());
    assertEquals(cliPreloaded, histogramFile.get("preloaded").asLong(), where);
    assertEquals(cliListed, histogramFile.get("onecrl").asLong(), where);
    List<Row> rows = format.equals("json")
        ? spark.read().schema(BatchJob.SCHEMA).json(out).collectAsList()
        : spark.read().parquet(out).collectAsList();
    assertEquals(cli.size(), rows.size(), where);
    Map<String, Row> byId = new TreeMap<>();
    for (Row r : rows) {
      boolean bad = r.getAs("verdict").equals("malformed");
      String id = bad ? "bad" : r.getAs("id");
      JsonNode c = cli.get(id);
      assertNotNull(c, where + ": " + r);
      byId.put(id, r);
      if (bad) {
        assertFalse((boolean) r.getAs("preloaded"), where);
        assertEquals(null, r.<String>getAs("onecrl"), where);
        continue;
      }
      assertSame(c, r, where + ", " + id + ":\n  job " + r + "\n  cli " + c);
    }
    return byId;
  }

  /**
   * {@code --state-dir}: leaf-only records complete their chain with the preloaded intermediate
   * and are counted preloaded, the listed leaf is refused by OneCRL and counted; in JSON and
   * Parquet the rows and counts are {@code pkixj batch}'s with the same directory, and each
   * {@code --no-*} flag leaves its part out as it does there.
   */
  @Test
  void theSecurityStateGivesTheVerdictsPkixjBatchGives() throws Exception {
    Path in = stateCorpus();
    Path state = stateDir("state-a", true, "listed-leaf", LISTED);
    Path ecRoots = Files.writeString(dir.resolve("state-roots.pem"),
        Pem.certs(STATE_PKI.root()));
    BatchJob.Counts[] counts = new BatchJob.Counts[1];

    for (String format : List.of("json", "parquet")) {
      Map<String, Row> rows = compareWithBatch(in, ecRoots, format,
          dir.resolve("out-state-" + format).toString(), counts, "--state-dir", state.toString());
      assertEquals(2, counts[0].preloaded(), format);
      assertEquals(1, counts[0].oneCrl(), format);
      assertEquals(3L, counts[0].codes().get("Success"), format + ": " + counts[0]);
      for (String id : List.of("m1", "m2")) {
        assertEquals("Success", rows.get(id).getAs("code"), format + " " + id);
        assertTrue((boolean) rows.get(id).getAs("preloaded"), format + " " + id);
      }
      assertFalse((boolean) rows.get("sent").getAs("preloaded"), format);
      assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", rows.get("listed").getAs("code"), format);
      assertEquals("listed-leaf", rows.get("listed").getAs("onecrl"), format);
    }

    Map<String, Row> noPre = compareWithBatch(in, ecRoots, "parquet",
        dir.resolve("out-state-nopre").toString(), counts, "--state-dir", state.toString(),
        "--no-preloaded-intermediates");
    assertEquals(0, counts[0].preloaded());
    assertEquals(1, counts[0].oneCrl());
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", noPre.get("m1").getAs("code"));

    Map<String, Row> noCrl = compareWithBatch(in, ecRoots, "json",
        dir.resolve("out-state-nocrl").toString(), counts, "--state-dir", state.toString(),
        "--no-onecrl");
    assertEquals(2, counts[0].preloaded());
    assertEquals(0, counts[0].oneCrl());
    assertEquals("Success", noCrl.get("listed").getAs("code"));

    compareWithBatch(in, ecRoots, "json", dir.resolve("out-state-none").toString(), counts,
        "--state-dir", state.toString(), "--no-preloaded-intermediates", "--no-onecrl");
    assertEquals(0, counts[0].preloaded());
    assertEquals(0, counts[0].oneCrl());
    assertEquals(Map.of("Success", 2L, "SEC_ERROR_UNKNOWN_ISSUER", 2L, "malformed", 1L),
        counts[0].codes());
  }

  /**
   * The executors keep their verifier per run: a second run in the same JVM (a new
   * SparkContext, whose broadcasts have the first run's ids) with another state directory gets
   * that directory's verdicts, not the first run's verifier; without {@code --state-dir} the job
   * reads no stored state at all (not even the driver's {@code ~/.pkixj}).
   */
  @Test
  void aSecondJobInTheSameJvmWithAnotherStateDirGetsItsOwnVerdicts() throws Exception {
    Path in = stateCorpus();
    Path ecRoots = Files.writeString(dir.resolve("state-roots-2.pem"),
        Pem.certs(STATE_PKI.root()));
    BatchJob.Counts[] counts = new BatchJob.Counts[1];
    Map<String, Row> first = compareWithBatch(in, ecRoots, "json",
        dir.resolve("out-state-run1").toString(), counts, "--state-dir",
        stateDir("state-run1", true, "listed-leaf", LISTED).toString());
    assertEquals("listed-leaf", first.get("listed").getAs("onecrl"));
    assertEquals(2, counts[0].preloaded());

    spark.stop();
    spark = newSession();
    Map<String, Row> second = compareWithBatch(in, ecRoots, "json",
        dir.resolve("out-state-run2").toString(), counts, "--state-dir",
        stateDir("state-run2", false, "sent-leaf", SENT).toString());
    assertEquals(0, counts[0].preloaded(), "no intermediate stored for the second run");
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", second.get("m1").getAs("code"));
    assertEquals("Success", second.get("listed").getAs("code"));
    assertEquals(null, second.get("listed").<String>getAs("onecrl"));
    assertEquals("sent-leaf", second.get("sent").getAs("onecrl"));

    // The same JVM again, no --state-dir: nothing stored is used, whatever the last run had.
    Map<String, Long> third = BatchJob.runCounts(spark, BatchJob.Options.parse(new String[] {
        "--roots", ecRoots.toString(), "--out", dir.resolve("out-state-run3").toString(),
        "--time", Long.toString(TestClock.NOW.getEpochSecond()), in.toString()})).codes();
    assertEquals(Map.of("Success", 2L, "SEC_ERROR_UNKNOWN_ISSUER", 2L, "malformed", 1L), third);
    assertTrue(BatchJob.cachedRuns() <= BatchJob.MAX_RUNS, "cache bound");
  }

  /**
   * {@code --state-dir} naming a file or a path on another file system is one line naming it; a
   * damaged store is one warning line naming its file, and the run goes on without it.
   */
  @Test
  void aStateDirThatCannotBeUsedIsOneLineAndADamagedStoreAWarning() throws Exception {
    Path in = stateCorpus();
    Path ecRoots = Files.writeString(dir.resolve("state-roots-3.pem"),
        Pem.certs(STATE_PKI.root()));
    String out = dir.resolve("out-state-bad").toString();
    Path file = Files.writeString(dir.resolve("state-a-file"), "not a directory");
    exec("--roots", ecRoots.toString(), "--out", out, "--state-dir", file.toString(),
        in.toString()).assertOneLineError("--state-dir", file.toString(), "not a directory");
    exec("--roots", ecRoots.toString(), "--out", out, "--state-dir", "hdfs://nn/state",
        in.toString()).assertOneLineError("--state-dir", "hdfs://nn/state");
    assertFalse(Files.exists(Path.of(out)));

    Path state = stateDir("state-damaged", true, "listed-leaf", LISTED);
    Path store = IntermediatesStore.file(state);
    byte[] b = Files.readAllBytes(store);
    Files.write(store, Arrays.copyOf(b, b.length / 2));
    Exec e = exec("--roots", ecRoots.toString(), "--out", out, "--format", "json", "--time",
        Long.toString(TestClock.NOW.getEpochSecond()), "--state-dir", state.toString(),
        in.toString());
    assertEquals(0, e.exit(), e.err());
    List<String> warnings = e.err().lines().filter(l -> l.contains("warning")).toList();
    assertEquals(1, warnings.size(), e.err());
    assertTrue(warnings.get(0).startsWith("pkixj spark: warning: ")
        && warnings.get(0).contains(store.toString()), e.err());
    JsonNode h = Json.MAPPER.readTree(e.out());
    assertEquals(0, h.get("preloaded").asLong(), e.out());
    assertEquals(1, h.get("onecrl").asLong(), e.out());
  }

  private static String text(JsonNode n, String field) {
    return n.has(field) && !n.get(field).isNull() ? n.get(field).asText() : null;
  }

  /** What a malformed record's error says, without the location each side puts first. */
  private static String cause(String error) {
    return error.replaceFirst("^(line \\d+|.*@\\d+|.*#\\d+): ", "");
  }

  /** {@code pkixj batch} on {@code input}: its result lines by line number (CT: by index). */
  private static Map<Long, JsonNode> cliResults(String input, String rootsFile,
      String... more) throws IOException {
    Path out = Files.createTempFile(dir, "cli-", ".ndjson");
    StringWriter err = new StringWriter();
    var cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err));
    cmd.setOut(new PrintWriter(new StringWriter()));
    List<String> args = new ArrayList<>(List.of("batch", input, "--roots", rootsFile, "-o",
        out.toString(), "--no-progress"));
    args.addAll(List.of(more));
    int exit = cmd.execute(args.toArray(new String[0]));
    assertEquals(Main.EXIT_OK, exit, err.toString());
    Map<Long, JsonNode> m = new TreeMap<>();
    for (String l : Files.readAllLines(out)) {
      JsonNode n = Json.MAPPER.readTree(l);
      m.put(n.has("line") ? n.get("line").asLong() : -1, n);
    }
    return m;
  }

  // ---- PEM files and CT responses --------------------------------------------------------------

  @Test
  void pemFilesAndCtEntriesAsJson() throws Exception {
    Path pems = Files.createDirectories(dir.resolve("pems"));
    Files.writeString(pems.resolve("a.pem"), Pem.certs(pki.leaf(), pki.intermediate()));
    Files.writeString(pems.resolve("b.pem"), Pem.certs(pki.leaf()));
    Files.writeString(pems.resolve("c.pem"), "nothing");
    Path out = dir.resolve("out-pem");
    Map<String, Long> h = BatchJob.run(spark, BatchJob.Options.parse(new String[] {
        "--roots", pkiRoots.toString(), "--out", out.toString(), "--format", "json",
        "--input-format", "pem", "--time", TestClock.NOW.toString(), pems.toString()}));
    assertEquals(Map.of("Success", 1L, "SEC_ERROR_UNKNOWN_ISSUER", 1L, "malformed", 1L), h);
    Row c = spark.read().json(out.toString()).filter("verdict = 'malformed'").first();
    assertTrue(c.<String>getAs("id").endsWith("c.pem"), c.toString());
    assertTrue(c.<String>getAs("error").endsWith("c.pem: neither PEM nor DER"), c.toString());

    Path ct = Files.createDirectories(dir.resolve("ct")).resolve("entries.json.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(ct))) {
      o.write(("{\"entries\":[" + ctEntry() + "]}").getBytes(StandardCharsets.US_ASCII));
    }
    Map<String, Long> hc = BatchJob.run(spark, BatchJob.Options.parse(new String[] {
        "--roots", pkiRoots.toString(), "--out", dir.resolve("out-ct").toString(),
        "--input-format", "ct", ct.getParent().toString()}));
    assertEquals(Map.of("Success", 1L), hc);
  }

  private static String ctEntry() {
    return "{\"leaf_input\":\"" + Base64.getEncoder().encodeToString(
        CtEntries.x509LeafInput(pki.leaf().der())) + "\",\"extra_data\":\""
        + Base64.getEncoder().encodeToString(CtEntries.chain(pki.intermediate().der()))
        + "\"}";
  }

  @Test
  void badCtJsonIsAMalformedEntryAsOnTheCommandLine() throws Exception {
    Path ct = Files.createDirectories(dir.resolve("ct-bad"));
    // Two good entries, then JSON cut in the middle of the third.
    Path cut = ct.resolve("cut.json");
    Files.writeString(cut, "{\"entries\":[" + ctEntry() + "," + ctEntry()
        + ",{\"leaf_input\":\"AAAA\",\"extra_");
    Path out = dir.resolve("out-cut-ct");
    BatchJob.run(spark, BatchJob.Options.parse(new String[] {"--roots", pkiRoots.toString(),
        "--out", out.toString(), "--input-format", "ct", cut.toString()}));
    Map<Long, Row> job = new TreeMap<>();
    for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
      job.put(r.<Long>getAs("line"), r);
    }
    assertEquals(List.of(0L, 1L, 2L), new ArrayList<>(job.keySet()), job.toString());
    assertEquals("Success", job.get(1L).getAs("code"));
    assertTrue(job.get(2L).<String>getAs("error").endsWith(
        "cut.json#2: invalid JSON: Unexpected end-of-input in field name (line 1)"),
        job.get(2L).toString());

    // Entry by entry, in order; both name the entry its JSON breaks in by its index (#2).
    List<JsonNode> cli = new ArrayList<>(cliResults(cut.toString(), pkiRoots.toString()).values());
    List<Row> rows = new ArrayList<>(job.values());
    assertEquals(cli.size(), rows.size(), "entries\n  job " + job + "\n  cli " + cli);
    for (int i = 0; i < cli.size(); i++) {
      Row r = rows.get(i);
      JsonNode c = cli.get(i);
      String at = cut + ", entry " + i + ":\n  job " + r + "\n  cli " + c;
      assertSame(c, r, at);
      if (c.get("verdict").asText().equals("malformed")) {
        String e = r.getAs("error");
        assertFalse(e.contains("\n"), at);
        assertTrue(e.startsWith(r.getAs("id") + ": "), at);
        assertTrue(r.<String>getAs("id").endsWith(c.get("id").asText()), at);
        assertEquals(cause(c.get("error").asText()), cause(e), at);
      } else {
        // The same name, but for the path's form: the job's paths are URIs (file:/...).
        assertTrue(r.<String>getAs("id").endsWith(c.get("id").asText()), at);
      }
    }

    // JSON that is no get-entries response at all: one malformed record named by the path.
    // (The command line, which detects the format, reads this one as NDJSON.)
    Path notCt = Files.createDirectories(dir.resolve("ct-not")).resolve("array.json");
    Files.writeString(notCt, "[1, 2, 3]");
    Path outNot = dir.resolve("out-not-ct");
    assertEquals(Map.of("malformed", 1L), BatchJob.run(spark, BatchJob.Options.parse(
        new String[] {"--roots", pkiRoots.toString(), "--out", outNot.toString(),
            "--input-format", "ct", notCt.toString()})));
    Row r = spark.read().parquet(outNot.toString()).first();
    assertEquals(notCt.toUri().toString().replace("file:///", "file:/"), r.getAs("id"));
    assertTrue(r.isNullAt(r.fieldIndex("line")), r.toString());
    assertEquals(r.getAs("id") + ": not a get-entries response", r.getAs("error"));
  }

  // ---- defined errors ------------------------------------------------------------------------

  /** What {@link BatchJob#execute} printed and returned. */
  record Exec(int exit, String out, String err) {
    /** One line on standard error, no stack trace, no Java exception class. */
    void assertOneLineError(String... mentions) {
      assertEquals(1, exit, err);
      assertTrue(err.startsWith("pkixj spark: "), err);
      assertEquals(1, err.strip().split("\n").length, "not one line: " + err);
      assertFalse(err.contains("Exception") || err.contains("\tat ")
          || err.matches("(?s).*\\b(java|org|scala)\\.[a-z]+\\.[A-Z].*"), err);
      for (String m : mentions) {
        assertTrue(err.contains(m), "'" + m + "' not in: " + err);
      }
    }
  }

  private static Exec exec(Supplier<SparkSession> sessions, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = BatchJob.execute(args, sessions, false, new PrintStream(out, true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Exec(exit, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private static Exec exec(String... args) {
    return exec(() -> spark, args);
  }

  @Test
  void optionErrorsNameTheOptionAndStartNoSession() {
    Supplier<SparkSession> none = () -> {
      throw new AssertionError("a session was started for a usage error");
    };
    String r = roots.toString();
    String o = dir.resolve("never").toString();
    String in = corpus.toString();
    Map<String[], String> cases = new java.util.LinkedHashMap<>();
    cases.put(new String[] {"--roots", r, "--out", o, "--frobnicate", in}, "--frobnicate");
    cases.put(new String[] {"--roots", r, "--out", o, "-x", in}, "-x");
    cases.put(new String[] {"--out", o, in}, "--roots");
    cases.put(new String[] {"--roots", r, in}, "--out");
    cases.put(new String[] {"--roots", r, "--out", o}, "INPUT");
    cases.put(new String[] {}, "--roots");
    cases.put(new String[] {"--roots", r, "--out", o, in, "--roots"}, "--roots");
    cases.put(new String[] {"--roots", "--out", o, in}, "--roots");
    cases.put(new String[] {"--roots", "", "--out", o, in}, "--roots");
    cases.put(new String[] {"--roots", r, "--roots", r, "--out", o, in}, "--roots");
    cases.put(new String[] {"--roots", r, "--out", o, "--format", "xml", in}, "--format");
    cases.put(new String[] {"--roots", r, "--out", o, "--input-format", "csv", in},
        "--input-format");
    cases.put(new String[] {"--roots", r, "--out", o, "--time", "yesterday", in}, "--time");
    cases.put(new String[] {"--roots", r, "--out", o, "--time", "2026-13-45T00:00:00Z", in},
        "--time");
    cases.put(new String[] {"--roots", r, "--out", o, "-"}, "standard input");
    cases.put(new String[] {"--roots", r, "--out", o, "--ct", "sometimes", in}, "--ct");
    cases.put(new String[] {"--roots", r, "--out", o, "--ct", "off", "--ct", "off", in}, "--ct");
    cases.put(new String[] {"--roots", r, "--out", o, "--ct-exempt-host", "a.test,b.test", in},
        "--ct-exempt-host");
    cases.put(new String[] {"--roots", r, "--out", o, "--ct-exempt-spki", "AAAA", in},
        "--ct-exempt-spki");
    cases.put(new String[] {"--roots", r, "--out", o, in, "--ct-logs"}, "--ct-logs");
    for (String n : List.of("0", "-3", "many", "1.5", "1000001", "99999999999")) {
      cases.put(new String[] {"--roots", r, "--out", o, "--partitions", n, in}, "--partitions");
    }
    cases.put(new String[] {"--roots", r, "--out", o, "--partitions", "2", "--partitions", "2",
        in}, "--partitions");
    cases.put(new String[] {"--roots", r, "--out", o, in, "--state-dir"}, "--state-dir");
    cases.put(new String[] {"--roots", r, "--out", o, "--state-dir", "a", "--state-dir", "b",
        in}, "--state-dir");
    cases.put(new String[] {"--roots", r, "--out", o, "--no-onecrl", "--no-onecrl", in},
        "--no-onecrl");
    cases.put(new String[] {"--roots", r, "--out", o, "--no-preloaded-intermediates",
        "--no-preloaded-intermediates", in}, "--no-preloaded-intermediates");
    for (Map.Entry<String[], String> c : cases.entrySet()) {
      String args = String.join(" ", c.getKey());
      Exec e = exec(none, c.getKey());
      assertEquals("", e.out(), args);
      e.assertOneLineError(c.getValue());
      assertThrows(IllegalArgumentException.class, () -> BatchJob.Options.parse(c.getKey()),
          args);
    }
    assertFalse(Files.exists(dir.resolve("never")));
  }

  @Test
  void rootsThatCannotBeUsedAreOneLineNamingTheFile() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty-roots.pem"));
    Path text = Files.writeString(dir.resolve("text-roots.pem"), "these are not roots\n");
    Path badPem = Files.writeString(dir.resolve("bad-roots.pem"),
        "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n");
    Path missing = dir.resolve("no-such-roots.pem");
    String out = dir.resolve("out-roots").toString();
    for (Path p : List.of(empty, text, badPem, missing, dir)) {
      Exec e = exec("--roots", p.toString(), "--out", out, corpus.toString());
      e.assertOneLineError(p.toString());
      assertThrows(BatchJob.FileException.class, () -> BatchJob.run(spark,
          BatchJob.Options.parse(new String[] {"--roots", p.toString(), "--out", out,
              corpus.toString()})));
    }
    exec("--roots", empty.toString(), "--out", out, corpus.toString())
        .assertOneLineError(empty + ": no certificate (the file is empty)");
    exec("--roots", missing.toString(), "--out", out, corpus.toString())
        .assertOneLineError(missing + ": no such file");
    assertFalse(Files.exists(Path.of(out)));
  }

  @Test
  void aLogListThatCannotBeUsedIsOneLineNamingTheFile() throws IOException {
    Path text = Files.writeString(dir.resolve("not-a-list.json"), "{\"operators\": []}");
    Path missing = dir.resolve("no-such-list.json");
    String out = dir.resolve("out-logs").toString();
    for (Path p : List.of(text, missing, dir)) {
      Exec e = exec("--roots", roots.toString(), "--out", out, "--ct-logs", p.toString(),
          corpus.toString());
      e.assertOneLineError(p.toString());
      e.assertOneLineError("--ct-logs");
    }
    assertFalse(Files.exists(Path.of(out)));
  }

  @Test
  void aMissingInputIsOneLineNamingIt() {
    String missing = dir.resolve("no-such-input.ndjson").toString();
    String glob = dir.resolve("in").resolve("*.pem").toString();
    for (String in : List.of(missing, glob)) {
      Exec e = exec("--roots", roots.toString(), "--out", dir.resolve("out-missing").toString(),
          corpus.toString(), in);
      e.assertOneLineError(in + ": no such file or directory");
    }
  }

  @Test
  void anOutputThatCannotBeWrittenIsOneLine() {
    // Under a regular file: no directory can be made there.
    String out = roots.resolve("results").toString();
    Exec e = exec("--roots", roots.toString(), "--out", out, corpus.toString());
    e.assertOneLineError(roots.toString());
    assertEquals("", e.out());
  }

  @Test
  void aTruncatedGzipInputFailsTheJobNamingTheFile() throws IOException {
    byte[] gz = Files.readAllBytes(corpus);
    Path cut = Files.createDirectories(dir.resolve("cut")).resolve("cut.ndjson.gz");
    Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
    Exec e = exec("--roots", roots.toString(), "--out", dir.resolve("out-cut").toString(),
        cut.getParent().toString());
    e.assertOneLineError("cut.ndjson.gz: ");
    assertEquals("", e.out());
    assertFalse(Files.exists(Path.of(dir.resolve("out-cut") + "_histogram.json")));

    Path pem = Files.createDirectories(dir.resolve("cut-pem")).resolve("chain.pem.gz");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(b)) {
      o.write(Pem.certs(pki.leaf(), pki.intermediate()).getBytes(StandardCharsets.US_ASCII));
    }
    Files.write(pem, Arrays.copyOf(b.toByteArray(), b.size() / 2));
    for (String format : List.of("pem", "ct")) {
      exec("--roots", pkiRoots.toString(), "--out", dir.resolve("out-cut-pem").toString(),
          "--input-format", format, pem.getParent().toString())
          .assertOneLineError("chain.pem.gz: ");
    }
  }

  @Test
  void anEmptyInputDirectoryHasNoRecordsAsOnTheCommandLine() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty-in"));
    for (String[] formats : List.of(new String[] {"ndjson", "parquet"},
        new String[] {"pem", "json"}, new String[] {"ct", "parquet"})) {
      String format = formats[0];
      String output = formats[1];
      {
        Path out = dir.resolve("out-empty-" + format + "-" + output);
        Exec e = exec("--roots", roots.toString(), "--out", out.toString(), "--input-format",
            format, "--format", output, empty.toString());
        String where = format + " as " + output + ": " + e.err();
        assertEquals(0, e.exit(), where);
        assertEquals("", e.err(), where);
        JsonNode h = Json.MAPPER.readTree(e.out());
        assertEquals(0, h.get("records").asLong(), where);
        assertEquals(0, h.get("codes").size(), where);
        assertEquals(h, Json.MAPPER.readTree(Files.readString(Path.of(out + "_histogram.json"))),
            where);
        assertEquals(0, (output.equals("json") ? spark.read().schema(BatchJob.SCHEMA)
            .json(out.toString()) : spark.read().schema(BatchJob.SCHEMA)
            .parquet(out.toString())).count(), where);
      }
    }
    assertEquals(Map.of(), cliResults(empty.toString(), roots.toString()));
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
