package dev.pkixj.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.cli.Cli;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.testdata.CtLogListWriter;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.crlite.CrliteStore;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch --crlite}: a small generated corpus (leaves with an embedded SCT of a test log, two
 * of them revoked by the filter, one leaf without SCT, one malformed line) and the {@code crlite}
 * key of every result line, counted in the summary (JSON, CSV).
 */
class BatchCrliteTest {
  static final TestPki PKI = TestPki.ec();
  static final TestCtLog LOG = TestCtLog.p256("Batch CRLite Log", "Batch Operator");
  static final long SEED = 4_2026L;
  static final long ISSUED = TestClock.daysAgo(30).toEpochMilli();
  static final String TIME = Long.toString(TestClock.NOW.getEpochSecond());
  static final List<Long> REVOKED = List.of(0x101L, 0x102L);
  static final List<Long> GOOD = List.of(0x103L, 0x104L, 0x105L);

  @TempDir Path dir;

  static TestCert leaf(long serial, boolean sct) {
    var b = PKI.leafBuilder().serial(BigInteger.valueOf(serial));
    return (sct ? b.embeddedSct(LOG, ISSUED) : b).build();
  }

  private Path corpus() throws IOException {
    StringBuilder sb = new StringBuilder();
    List<TestCert> leaves = new ArrayList<>();
    for (long s : REVOKED) {
      leaves.add(leaf(s, true));
    }
    for (long s : GOOD) {
      leaves.add(leaf(s, true));
    }
    leaves.add(leaf(0x106L, false));
    for (TestCert l : leaves) {
      sb.append("{\"host\":\"").append(TestPki.LEAF_HOST).append("\",\"chain\":[\"")
          .append(b64(l.der())).append("\",\"").append(b64(PKI.intermediate().der()))
          .append("\"]}\n");
    }
    sb.append("{\"chain\":[\"not base64!\"]}\n");
    return Files.writeString(dir.resolve("corpus.ndjson"), sb);
  }

  private Path filter() throws Exception {
    byte[] issuer = MessageDigest.getInstance("SHA-256").digest(PKI.intermediate().spkiDer());
    List<byte[]> rev = new ArrayList<>();
    REVOKED.forEach(s -> rev.add(BigInteger.valueOf(s).toByteArray()));
    List<byte[]> good = new ArrayList<>();
    GOOD.forEach(s -> good.add(BigInteger.valueOf(s).toByteArray()));
    for (int i = 0; i < 16; i++) {
      good.add(new byte[] {0x62, (byte) i});
    }
    ClubcardWriter.Model m = new ClubcardWriter(new Random(SEED))
        .coverage(LOG.logId(), 0, TestClock.NOW.toEpochMilli()).issuer(issuer, rev, good).build();
    return Files.write(dir.resolve("full"), ClubcardWriter.v3(m));
  }

  private Cli.Run batch(String... more) throws IOException {
    Path logs = Files.writeString(dir.resolve("log_list.json"), CtLogListWriter.create()
        .log(LOG, CtLogListWriter.State.USABLE, TestClock.daysAgo(400)).toJson());
    List<String> args = new ArrayList<>(List.of("batch", corpus().toString(), "--roots",
        Files.writeString(dir.resolve("roots.pem"), PKI.root().pem()).toString(), "--time", TIME,
        "--ct-logs", logs.toString(), "--json", "--format", "csv"));
    args.addAll(List.of(more));
    Cli.Run r = Cli.run(args.toArray(new String[0]));
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    return r;
  }

  /** The crlite value of every result line (null for malformed), checked to be the last key. */
  private static Map<String, Long> lineCounts(Path out) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode l = Json.MAPPER.readTree(line);
      List<String> keys = new ArrayList<>();
      l.fieldNames().forEachRemaining(keys::add);
      assertEquals(List.of("ct_status", "crlite", "preloaded", "onecrl"),
          keys.subList(keys.size() - 4, keys.size()), line);
      if (l.get("verdict").asText().equals("malformed")) {
        assertTrue(l.get("crlite").isNull(), line);
      } else {
        counts.merge(l.get("crlite").asText(), 1L, Long::sum);
      }
    }
    return counts;
  }

  private static Map<String, Long> summaryCounts(JsonNode s) {
    Map<String, Long> m = new HashMap<>();
    s.get("crlite").fields().forEachRemaining(e -> {
      if (e.getValue().asLong() > 0) {
        m.put(e.getKey(), e.getValue().asLong());
      }
    });
    return m;
  }

  @Test
  void theFilterRevokesAndTheSummaryCountsPerCrliteAnswer() throws Exception {
    Path out = dir.resolve("out.ndjson");
    Cli.Run r = batch("--crlite", filter().toString(), "-o", out.toString());
    JsonNode s = r.lastLineJson();
    Map<String, Long> expected = Map.of("revoked", 2L, "good", 3L, "not_covered", 1L);
    assertEquals(expected, lineCounts(out), "seed " + SEED);
    assertEquals(expected, summaryCounts(s), "seed " + SEED);
    assertEquals(2, s.get("codes").get("SEC_ERROR_REVOKED_CERTIFICATE").asLong());
    assertEquals(1, s.get("malformed").asLong());
    String csv = Files.readString(dir.resolve("out.ndjson.summary.csv"));
    assertTrue(csv.contains("\ncrlite,revoked,2\n") && csv.contains("\ncrlite,good,3\n"), csv);

    // telemetry: reported, never decisive
    Path tel = dir.resolve("tel.ndjson");
    JsonNode t = batch("--crlite", filter().toString(), "--crlite-mode", "telemetry", "-o",
        tel.toString()).lastLineJson();
    assertEquals(expected, lineCounts(tel), "seed " + SEED);
    assertTrue(!t.get("codes").has("SEC_ERROR_REVOKED_CERTIFICATE"), t.toString());
  }

  @Test
  void withoutFiltersCrliteIsOff() throws Exception {
    Path out = dir.resolve("off.ndjson");
    JsonNode s = batch("-o", out.toString()).lastLineJson();
    assertEquals(Map.of("off", 6L), lineCounts(out));
    assertEquals(Map.of("off", 6L), summaryCounts(s));
    assertTrue(!s.get("codes").has("SEC_ERROR_REVOKED_CERTIFICATE"), s.toString());
  }

  @Test
  void withoutCrliteTheStoredFiltersAreUsed() throws Exception {
    byte[] full = Files.readAllBytes(filter());
    String sha = java.util.HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(full));
    String saved = System.getProperty("user.home");
    try {
      System.setProperty("user.home", dir.resolve("home").toString());
      CrliteStore.commit(CrliteStore.defaultDir(), full, List.of(), new CrliteStore.Meta(
          System.currentTimeMillis(), "default", "test", 1,
          new CrliteStore.FilterInfo("full", 1, 1, sha, full.length, "full"), List.of()));
      Path out = dir.resolve("stored.ndjson");
      JsonNode s = batch("-o", out.toString()).lastLineJson();
      Map<String, Long> expected = Map.of("revoked", 2L, "good", 3L, "not_covered", 1L);
      assertEquals(expected, lineCounts(out), "seed " + SEED);
      assertEquals(expected, summaryCounts(s), "seed " + SEED);

      Path off = dir.resolve("stored-off.ndjson");
      batch("--crlite-mode", "off", "-o", off.toString());
      assertEquals(Map.of("off", 6L), lineCounts(off));
    } finally {
      System.setProperty("user.home", saved);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
