package dev.pkixj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.cli.batch.SampleCommand;
import dev.pkixj.cli.batch.SampleGenerator;
import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job in {@code local[2]} on a small generated corpus, as CI runs it. */
class BatchJobTest {
  static SparkSession spark;
  @TempDir static Path dir;
  static Path corpus;
  static SampleGenerator.Written written;

  @BeforeAll
  static void start() throws Exception {
    corpus = dir.resolve("in").resolve("corpus.ndjson.gz");
    Files.createDirectories(corpus.getParent());
    written = SampleCommand.generate(SampleGenerator.Options.defaults(400).withSeed(11), corpus);
    Files.move(SampleCommand.rootsFile(corpus), dir.resolve("roots.pem"));
    spark = SparkSession.builder().master("local[2]").appName("pkixj-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void ndjsonGivesTheVerdictsTheSampleWasMadeWith() {
    Path out = dir.resolve("out-ndjson");
    Map<String, Long> histogram = BatchJob.run(spark, BatchJob.Options.parse(new String[] {
        "--roots", dir.resolve("roots.pem").toString(), "--out", out.toString(),
        corpus.getParent().toString()}));
    Map<String, Long> expected = new HashMap<>();
    written.expectedCodes().forEach((k, v) -> expected.put(k == null ? "malformed" : k, v));
    assertEquals(expected, histogram);

    Dataset<Row> rows = spark.read().parquet(out.toString());
    assertEquals(400, rows.count());
    Row first = rows.filter("id = 's000000001'").first();
    assertEquals(0L, (long) first.getAs("offset"));
    assertTrue(List.of("valid", "invalid").contains(first.<String>getAs("verdict")));
    assertTrue(Files.exists(Path.of(out + "_histogram.json")));
  }

  @Test
  void pemFilesAndCtEntriesAsJson() throws Exception {
    TestPki pki = TestPki.rsa();
    Path pems = Files.createDirectories(dir.resolve("pems"));
    Files.writeString(pems.resolve("a.pem"), Pem.certs(pki.leaf(), pki.intermediate()));
    Files.writeString(pems.resolve("b.pem"), Pem.certs(pki.leaf()));
    Files.writeString(pems.resolve("c.pem"), "nothing");
    Path roots = dir.resolve("test-roots.pem");
    Files.writeString(roots, Pem.certs(pki.root()));
    Path out = dir.resolve("out-pem");
    Map<String, Long> h = BatchJob.run(spark, BatchJob.Options.parse(new String[] {
        "--roots", roots.toString(), "--out", out.toString(), "--format", "json",
        "--input-format", "pem", "--time", TestClock.NOW.toString(), pems.toString()}));
    assertEquals(Map.of("Success", 1L, "SEC_ERROR_UNKNOWN_ISSUER", 1L, "malformed", 1L), h);

    Path ct = Files.createDirectories(dir.resolve("ct")).resolve("entries.json.gz");
    String b64 = java.util.Base64.getEncoder().encodeToString(
        dev.pkixj.cli.batch.CtEntryTestAccess.x509LeafInput(pki.leaf().der()));
    String extra = java.util.Base64.getEncoder().encodeToString(
        dev.pkixj.cli.batch.CtEntryTestAccess.chain(pki.intermediate().der()));
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(ct))) {
      o.write(("{\"entries\":[{\"leaf_input\":\"" + b64 + "\",\"extra_data\":\"" + extra
          + "\"}]}").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    Map<String, Long> hc = BatchJob.run(spark, BatchJob.Options.parse(new String[] {
        "--roots", roots.toString(), "--out", dir.resolve("out-ct").toString(),
        "--input-format", "ct", ct.getParent().toString()}));
    assertEquals(Map.of("Success", 1L), hc);
  }
}
