package dev.pkixj.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.cli.Cli;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.onecrl.OneCrlRecord;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.state.SecurityState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch} with the stored security state: each result line ends with {@code preloaded} and
 * {@code onecrl}, the summary counts both (JSON, CSV, text, HTML report), and {@code
 * --no-preloaded-intermediates} / {@code --no-onecrl} leave either out for one run.
 */
class BatchSecurityStateTest {
  static final TestPki PKI = TestPki.ec();
  static final String TIME = Long.toString(TestClock.NOW.getEpochSecond());
  /** Two leaves sent without their intermediate, one with it, one listed in OneCRL. */
  static final TestCert MISSING_1 = PKI.newLeaf(2);
  static final TestCert MISSING_2 = PKI.newLeaf(3);
  static final TestCert SENT = PKI.newLeaf(6);
  static final TestCert LISTED = PKI.newLeaf(1);

  @TempDir Path dir;

  private static String b64(byte[] der) {
    return Base64.getEncoder().encodeToString(der);
  }

  private Path corpus() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (TestCert l : List.of(MISSING_1, MISSING_2)) {
      sb.append("{\"id\":\"missing\",\"host\":\"").append(TestPki.LEAF_HOST)
          .append("\",\"chain\":[\"").append(b64(l.der())).append("\"]}\n");
    }
    for (TestCert l : List.of(SENT, LISTED)) {
      sb.append("{\"host\":\"").append(TestPki.LEAF_HOST).append("\",\"chain\":[\"")
          .append(b64(l.der())).append("\",\"").append(b64(PKI.intermediate().der()))
          .append("\"]}\n");
    }
    sb.append("{\"chain\":[\"not base64!\"]}\n");
    return Files.writeString(dir.resolve("corpus.ndjson"), sb);
  }

  private Path state() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    IntermediatesStore.importFiles(state,
        List.of(Files.writeString(dir.resolve("i.pem"), PKI.intermediate().pem())),
        TestClock.NOW);
    OneCrlStore.replace(SecurityState.at(state), List.of(OneCrlRecord.subjectKey("listed-leaf",
        1, LISTED.subjectDer(), OneCrl.pubKeyHash(LISTED.spkiDer()), OneCrl.Details.NONE)),
        "test", OptionalLong.empty(), TestClock.NOW.toEpochMilli());
    return state;
  }

  private Cli.Run batch(Path out, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("batch", corpus().toString(), "--roots",
        Files.writeString(dir.resolve("roots.pem"), PKI.root().pem()).toString(), "--time", TIME,
        "--state-dir", state().toString(), "-o", out.toString(), "--json", "--threads", "2"));
    args.addAll(List.of(more));
    Cli.Run r = Cli.run(args.toArray(new String[0]));
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    return r;
  }

  private static List<JsonNode> lines(Path out) throws IOException {
    List<JsonNode> l = new ArrayList<>();
    for (String s : Files.readAllLines(out)) {
      l.add(Json.MAPPER.readTree(s));
    }
    return l;
  }

  @Test
  void eachLineEndsWithPreloadedAndOneCrlAndTheSummaryCountsThem() throws Exception {
    Path out = dir.resolve("results.ndjson");
    Path report = dir.resolve("report.html");
    Cli.Run r = batch(out, "--report", report.toString());
    List<JsonNode> lines = lines(out);
    assertEquals(5, lines.size());
    int preloaded = 0;
    int listed = 0;
    for (JsonNode l : lines) {
      List<String> keys = new ArrayList<>();
      l.fieldNames().forEachRemaining(keys::add);
      assertEquals(List.of("crlite", "preloaded", "onecrl"),
          keys.subList(keys.size() - 3, keys.size()), l.toString());
      if (l.get("preloaded").asBoolean()) {
        preloaded++;
        assertEquals("missing", l.get("id").asText(), l.toString());
        assertEquals("Success", l.get("code").asText(), l.toString());
      }
      if (!l.get("onecrl").isNull()) {
        listed++;
        assertEquals("listed-leaf", l.get("onecrl").asText());
        assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", l.get("code").asText());
      }
      if (l.get("verdict").asText().equals("malformed")) {
        assertFalse(l.get("preloaded").asBoolean());
        assertTrue(l.get("onecrl").isNull());
      }
    }
    assertEquals(2, preloaded);
    assertEquals(1, listed);
    JsonNode s = r.lastLineJson();
    assertEquals(2, s.get("preloaded").asLong(), s.toString());
    assertEquals(1, s.get("onecrl").asLong(), s.toString());
    assertEquals(3, s.get("valid").asLong());

    String html = Files.readString(report);
    assertTrue(html.contains("Security state"), html);
    assertTrue(html.contains("preloaded intermediate: <b>2</b>"), html);
    assertTrue(html.contains("refused by OneCRL: <b>1</b>"), html);

    String text = Files.readString(dir.resolve("results.ndjson.summary.json"));
    assertEquals(2, Json.MAPPER.readTree(text).get("preloaded").asLong());
  }

  @Test
  void eitherIsLeftOutPerRun() throws Exception {
    Path out = dir.resolve("off.ndjson");
    Cli.Run r = batch(out, "--no-preloaded-intermediates", "--no-onecrl");
    JsonNode s = r.lastLineJson();
    assertEquals(0, s.get("preloaded").asLong());
    assertEquals(0, s.get("onecrl").asLong());
    assertEquals(2, s.get("codes").get("SEC_ERROR_UNKNOWN_ISSUER").asLong(), s.toString());
    assertEquals(2, s.get("valid").asLong(), s.toString());
  }

  @Test
  void aResumedRunCountsTheEarlierLinesAndReadsLinesWithoutTheKeys() throws Exception {
    Path out = dir.resolve("resume.ndjson");
    batch(out);
    List<String> all = Files.readAllLines(out);
    // The first two lines (both preloaded), one of them as an older run wrote it.
    String old = all.get(0).replace(",\"preloaded\":true,\"onecrl\":null", "");
    assertFalse(old.contains("preloaded"));
    Files.writeString(out, old + "\n" + all.get(1) + "\n");
    Files.deleteIfExists(dir.resolve("resume.ndjson.summary.json"));
    Cli.Run r = batch(out, "--resume");
    JsonNode s = r.lastLineJson();
    assertEquals(5, s.get("records").asLong(), s.toString());
    assertEquals(1, s.get("preloaded").asLong(), "the old line counts as not preloaded: " + s);
    assertEquals(1, s.get("onecrl").asLong(), s.toString());
  }
}
