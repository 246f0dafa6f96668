package dev.pkixj.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.batch.CtEntries;
import dev.pkixj.cli.Cli;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCommandTest {
  static final int CHAINS = 1500;
  @TempDir static Path shared;
  static Path corpus;
  static Path roots;
  static SampleGenerator.Written written;

  @TempDir Path dir;

  @BeforeAll
  static void sample() throws IOException {
    corpus = shared.resolve("corpus.ndjson");
    written = SampleCommand.generate(SampleGenerator.Options.defaults(CHAINS).withSeed(7),
        corpus);
    roots = SampleCommand.rootsFile(corpus);
  }

  private static Map<String, Long> codes(JsonNode summary) {
    Map<String, Long> m = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = summary.get("codes").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      m.put(e.getKey(), e.getValue().asLong());
    }
    return m;
  }

  @Test
  void theSampleGetsExactlyTheVerdictsItWasMadeWithUnderCtEnforcement() throws IOException {
    Path out = dir.resolve("out.ndjson");
    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "-o",
        out.toString(), "--json", "--ct", "enforce", "--ct-logs",
        SampleCommand.ctLogsFile(corpus).toString());
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode s = r.lastLineJson();
    for (String k : List.of("records", "valid", "invalid", "malformed", "seconds",
        "chains_per_second", "codes", "ct_status")) {
      assertTrue(s.has(k), k);
    }
    assertEquals(CHAINS, s.get("records").asLong());
    Map<String, Long> expected = new HashMap<>(written.expectedCodes(true));
    Long malformed = expected.remove(null);
    assertEquals(expected, codes(s));
    long ctFailures = expected.get(SampleGenerator.CtFault.CODE);
    assertTrue(ctFailures > 0, "the sample has CT failures: " + expected);
    assertEquals(malformed == null ? 0 : malformed, s.get("malformed").asLong());
    assertEquals(s.get("records").asLong(), s.get("valid").asLong() + s.get("invalid").asLong()
        + s.get("malformed").asLong());
    assertTrue(s.get("completed").asBoolean());

    List<String> lines = Files.readAllLines(out);
    assertEquals(CHAINS, lines.size());
    Map<String, Long> ctCounts = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      JsonNode l = Json.MAPPER.readTree(lines.get(i));
      assertEquals(i + 1, l.get("line").asLong(), lines.get(i));
      // ct_status, crlite, preloaded, onecrl are the last keys, after every key the output had
      // before them.
      List<String> keys = new ArrayList<>();
      l.fieldNames().forEachRemaining(keys::add);
      assertEquals(List.of("ct_status", "crlite", "preloaded", "onecrl"),
          keys.subList(keys.size() - 4, keys.size()), lines.get(i));
      String verdict = l.get("verdict").asText();
      assertTrue(Set.of("valid", "invalid", "malformed").contains(verdict));
      if (verdict.equals("valid")) {
        assertEquals("Success", l.get("code").asText());
        assertEquals(3, l.get("chain").size()); // leaf, intermediate, root
        assertEquals(64, l.get("chain").get(0).asText().length());
        assertEquals("compliant", l.get("ct_status").asText(), lines.get(i));
      } else if (verdict.equals("malformed")) {
        assertTrue(l.get("error").asText().startsWith("line " + (i + 1) + ": "), lines.get(i));
        assertTrue(l.get("code").isNull());
        assertTrue(l.get("ct_status").isNull(), lines.get(i));
        continue;
      } else {
        assertTrue(l.has("issuer") || l.get("chain").size() == 0, lines.get(i));
        if (l.get("code").asText().equals(SampleGenerator.CtFault.CODE)) {
          assertTrue(Set.of("not_enough_scts", "not_diverse_scts")
              .contains(l.get("ct_status").asText()), lines.get(i));
        }
      }
      ctCounts.merge(l.get("ct_status").asText(), 1L, Long::sum);
    }
    // The summary counts the records per CT status, as the lines say.
    Map<String, Long> summaryCt = new HashMap<>();
    s.get("ct_status").fields().forEachRemaining(e -> {
      if (e.getValue().asLong() > 0) {
        summaryCt.put(e.getKey(), e.getValue().asLong());
      }
    });
    assertEquals(ctCounts, summaryCt);
    assertEquals(ctFailures, summaryCt.getOrDefault("not_enough_scts", 0L)
        + summaryCt.getOrDefault("not_diverse_scts", 0L));
    JsonNode file = Json.MAPPER.readTree(dir.resolve("out.ndjson.summary.json").toFile());
    assertEquals(s.get("codes"), file.get("codes"));
    assertEquals(s.get("ct_status"), file.get("ct_status"));
  }

  @Test
  void withoutCtEnforcementTheSamplesTestRootsAreNotApplicable() throws IOException {
    // auto (the default) applies CT under Mozilla's roots only: the sample's are not.
    Path out = dir.resolve("auto.ndjson");
    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "-o",
        out.toString(), "--json", "--ct-logs", SampleCommand.ctLogsFile(corpus).toString());
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode s = r.lastLineJson();
    Map<String, Long> expected = new HashMap<>(written.expectedCodes(false));
    Long malformed = expected.remove(null);
    assertEquals(expected, codes(s));
    assertEquals(CHAINS - (malformed == null ? 0 : malformed),
        s.get("ct_status").get("not_applicable").asLong());
    for (String line : Files.readAllLines(out)) {
      JsonNode l = Json.MAPPER.readTree(line);
      assertTrue(l.get("ct_status").isNull() || l.get("ct_status").asText()
          .equals("not_applicable"), line);
    }
  }

  @Test
  void aBadLogListIsOneLineNamingItAndExit1() throws IOException {
    Path bad = dir.resolve("log_list.json");
    Files.writeString(bad, "{\"operators\": []}");
    for (String[] args : List.of(
        new String[] {"--ct-logs", bad.toString()},
        new String[] {"--ct-logs", dir.resolve("missing.json").toString()},
        new String[] {"--ct", "sometimes"},
        new String[] {"--ct-exempt-spki", "not base64!"})) {
      List<String> all = new ArrayList<>(List.of("batch", corpus.toString(), "--roots",
          roots.toString(), "-o", dir.resolve("x.ndjson").toString()));
      all.addAll(List.of(args));
      Cli.Run r = Cli.run(all.toArray(new String[0]));
      r.assertNoStackTrace();
      assertEquals(Main.EXIT_USAGE, r.exit(), String.join(" ", args) + ": " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains(args[0]), r.err());
      assertFalse(Files.exists(dir.resolve("x.ndjson")), String.join(" ", args));
    }
    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "--ct-logs",
        bad.toString());
    assertTrue(r.err().contains(bad.toString()), r.err());
  }

  @Test
  void readsPemDirectoriesCtResponsesGzipAndStandardInput() throws IOException {
    TestPki pki = TestPki.rsa();
    Path pems = Files.createDirectories(dir.resolve("pems"));
    Files.writeString(pems.resolve("a.pem"), Pem.certs(pki.leaf(), pki.intermediate()));
    Files.write(pems.resolve("b.der"), pki.newLeaf(1).der());
    Files.writeString(pems.resolve("c.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n"
        + "-----END CERTIFICATE-----\n");
    Files.writeString(pems.resolve(".hidden"), "ignored");

    String entries = "{\"entries\":[{\"leaf_input\":\""
        + b64(CtEntries.x509LeafInput(pki.leaf().der())) + "\",\"extra_data\":\""
        + b64(CtEntries.chain(pki.intermediate().der(), pki.root().der())) + "\"},"
        + "{\"leaf_input\":\"AAAA\",\"extra_data\":\"\"}]}";
    Path ct = dir.resolve("entries.json");
    Files.writeString(ct, entries);

    Path gz = dir.resolve("records.ndjson.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(("{\"id\":\"g1\",\"host\":\"www.example.test\",\"chain\":[\"" + b64(pki.leaf().der())
          + "\",\"" + b64(pki.intermediate().der()) + "\"]}\n\n"
          + "{\"id\":\"g2\",\"host\":\"wrong.example\",\"chain\":[\"" + b64(pki.leaf().der())
          + "\",\"" + b64(pki.intermediate().der()) + "\"]}\n").getBytes(StandardCharsets.UTF_8));
    }
    Path rootsPem = dir.resolve("roots.pem");
    Files.writeString(rootsPem, Pem.certs(pki.root()));
    byte[] stdin = ("{\"id\":\"in1\",\"chain\":[\"" + b64(pki.leaf().der()) + "\",\""
        + b64(pki.intermediate().der()) + "\"]}\n").getBytes(StandardCharsets.UTF_8);

    Cli.Run r = Cli.runWithStdin(stdin, "batch", pems.toString(), ct.toString(), gz.toString(),
        "-", "--roots", rootsPem.toString(), "--time", TestClock.NOW.toString(), "--json");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    List<String> lines = r.outLines();
    assertEquals(9, lines.size(), r.out()); // 3 files + 2 entries + 2 lines + 1 stdin + summary
    List<JsonNode> results = new ArrayList<>();
    for (String l : lines.subList(0, 8)) {
      results.add(Json.MAPPER.readTree(l));
    }
    assertEquals(pems.resolve("a.pem").toString(), results.get(0).get("id").asText());
    assertEquals("valid", results.get(0).get("verdict").asText());
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", results.get(1).get("code").asText()); // no intermediate
    assertEquals("malformed", results.get(2).get("verdict").asText());
    assertEquals(ct + "#0", results.get(3).get("id").asText());
    assertEquals("x509", results.get(3).get("entry_type").asText());
    assertEquals("valid", results.get(3).get("verdict").asText());
    assertEquals(0, results.get(3).get("line").asLong());
    assertEquals("malformed", results.get(4).get("verdict").asText());
    assertEquals("g1", results.get(5).get("id").asText());
    assertEquals("valid", results.get(5).get("verdict").asText());
    assertEquals(3, results.get(6).get("line").asLong()); // the blank line is not a record
    assertEquals("SSL_ERROR_BAD_CERT_DOMAIN", results.get(6).get("code").asText());
    assertEquals(0, results.get(6).get("cert_index").asInt());
    assertEquals("in1", results.get(7).get("id").asText());
    JsonNode s = Json.MAPPER.readTree(lines.get(8));
    assertEquals(8, s.get("records").asLong());
    assertEquals(2, s.get("malformed").asLong());
  }

  @Test
  void aCtEntryWhoseJsonBreaksIsNamedByItsOwnIndexInOneLine() throws IOException {
    TestPki pki = TestPki.rsa();
    String good = "{\"leaf_input\":\"" + b64(CtEntries.x509LeafInput(pki.leaf().der()))
        + "\",\"extra_data\":\"" + b64(CtEntries.chain(pki.intermediate().der(),
        pki.root().der())) + "\"}";
    Path ct = dir.resolve("cut.json");
    Files.writeString(ct, "{\"entries\":[" + good + "," + good + ",{\"leaf_input\":\"AAAA\",\"extra_");
    Path rootsPem = dir.resolve("roots.pem");
    Files.writeString(rootsPem, Pem.certs(pki.root()));
    Cli.Run r = Cli.run("batch", ct.toString(), "--roots", rootsPem.toString(),
        "--time", TestClock.NOW.toString(), "--json");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    List<String> lines = r.outLines();
    assertEquals(4, lines.size(), r.out()); // 2 entries + the broken one + summary
    JsonNode broken = Json.MAPPER.readTree(lines.get(2));
    assertEquals("malformed", broken.get("verdict").asText(), broken.toString());
    assertEquals(ct + "#2", broken.get("id").asText(), broken.toString());
    // The error names the record as every malformed record's does: "FILE#INDEX: what".
    assertTrue(broken.get("error").asText().startsWith(ct + "#2: invalid JSON: ")
        && !broken.get("error").asText().contains("\n"), broken.toString());
  }

  @Test
  void csvSummaryAndHtmlReport() throws IOException {
    Path out = dir.resolve("r.ndjson");
    Path html = dir.resolve("report.html");
    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "-o",
        out.toString(), "--format", "csv", "--report", html.toString(), "--ct", "enforce",
        "--ct-logs", SampleCommand.ctLogsFile(corpus).toString());
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().contains("records in"), r.out());
    assertTrue(r.out().contains("certificate transparency: compliant "), r.out());
    List<String> csv = Files.readAllLines(dir.resolve("r.ndjson.summary.csv"));
    assertEquals("section,key,value", csv.get(0));
    assertTrue(csv.contains("run,records," + CHAINS), csv.toString());
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("code,SEC_ERROR_UNKNOWN_ISSUER,")));
    long ctFailures = written.expectedCodes(true).get(SampleGenerator.CtFault.CODE);
    long notEnough = csv.stream().filter(l -> l.startsWith("ct_status,not_enough_scts,"))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum();
    long notDiverse = csv.stream().filter(l -> l.startsWith("ct_status,not_diverse_scts,"))
        .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum();
    assertEquals(ctFailures, notEnough + notDiverse, csv.toString());
    String page = Files.readString(html);
    assertTrue(page.startsWith("<!DOCTYPE html>"));
    assertTrue(page.contains("<svg"));
    assertTrue(page.contains("SEC_ERROR_EXPIRED_CERTIFICATE"));
    assertTrue(page.contains("Top issuers"));
    assertTrue(page.contains("<h2>Certificate Transparency</h2>"), "CT section");
    assertTrue(page.contains("aria-label=\"Records per CT status\""), "CT chart");
    assertTrue(page.contains(">not_enough_scts<"), "CT status in the chart");
    assertFalse(page.matches("(?s).*(src|href)=\"(https?:)?//.*"), "external asset");
    assertFalse(page.contains("<script"));
  }

  @Test
  void resumeContinuesAnInterruptedRunToTheSameOutput() throws IOException {
    Path full = dir.resolve("full.ndjson");
    assertEquals(0, Cli.run("batch", corpus.toString(), "--roots", roots.toString(),
        "--time", TestClock.NOW.toString(), "-o", full.toString()).exit());
    List<String> all = Files.readAllLines(full);

    // An interrupted run: 400 complete lines, half a line, a summary that says "not completed".
    Path out = dir.resolve("part.ndjson");
    String partial = String.join("\n", all.subList(0, 400)) + "\n" + all.get(400).substring(0, 30);
    Files.writeString(out, partial);
    JsonNode summary = Json.MAPPER.readTree(dir.resolve("full.ndjson.summary.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) summary).put("completed", false);
    Files.writeString(dir.resolve("part.ndjson.summary.json"), summary.toString());

    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "-o",
        out.toString(), "--resume", "--json");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.err().contains("resuming after 400 records"), r.err());
    assertEquals(all, Files.readAllLines(out));
    JsonNode s = r.lastLineJson();
    assertEquals(CHAINS, s.get("records").asLong());
    assertEquals(400, s.get("resumed_records").asLong());
    assertEquals(codes(Json.MAPPER.readTree(dir.resolve("full.ndjson.summary.json").toFile())),
        codes(s));

    // Other inputs than the interrupted run's are refused.
    Cli.Run other = Cli.run("batch", roots.toString(), "-o", out.toString(), "--resume",
        "--roots", roots.toString());
    assertEquals(Main.EXIT_USAGE, other.exit());
    assertTrue(other.err().contains("the interrupted run read"), other.err());
  }

  @Test
  void aResumedRunsSummaryCountsTimesAndRatesTheWholeRun() throws IOException {
    Path full = dir.resolve("full.ndjson");
    assertEquals(0, Cli.run("batch", corpus.toString(), "--roots", roots.toString(),
        "--time", TestClock.NOW.toString(), "-o", full.toString()).exit());
    List<String> all = Files.readAllLines(full);
    Path out = dir.resolve("part.ndjson");
    Files.writeString(out, String.join("\n", all.subList(0, 600)) + "\n");
    // The summary an interrupted run writes when it stops: 600 records in 40 s, 30 s of CPU.
    com.fasterxml.jackson.databind.node.ObjectNode summary =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
            dir.resolve("full.ndjson.summary.json").toFile());
    summary.put("completed", false).put("interrupted", true).put("records", 600)
        .put("seconds", 40.0).put("cpu_seconds", 30.0);
    Files.writeString(dir.resolve("part.ndjson.summary.json"), summary.toString());

    Path html = dir.resolve("report.html");
    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "-o",
        out.toString(), "--resume", "--json", "--report", html.toString());
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode s = r.lastLineJson();
    assertEquals("whole_run", s.get("scope").asText());
    assertTrue(Files.readString(html).contains("wall time (whole run)"));
    assertEquals(CHAINS, s.get("records").asLong());
    assertEquals(600, s.get("resumed_records").asLong());
    assertEquals(40.0, s.get("resumed_seconds").asDouble());
    JsonNode inv = s.get("invocation");
    assertEquals(CHAINS - 600, inv.get("records").asLong());
    // Elapsed time and rates over the same records as the counts.
    double seconds = s.get("seconds").asDouble();
    assertEquals(40.0 + inv.get("seconds").asDouble(), seconds, 0.0015);
    assertEquals(Math.round(CHAINS / seconds * 10) / 10.0, s.get("chains_per_second").asDouble(),
        0.11);
    if (s.has("cpu_seconds")) {
      double cpu = s.get("cpu_seconds").asDouble();
      assertEquals(30.0 + inv.get("cpu_seconds").asDouble(), cpu, 0.0015);
      assertEquals(Math.round(cpu * 1e6 / CHAINS * 10) / 10.0,
          s.get("cpu_us_per_chain").asDouble(), 0.11);
    }
    // The human summary says the same.
    Cli.Run text = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "-o",
        out.toString(), "--resume");
    assertEquals(Main.EXIT_OK, text.exit(), text.err());
    assertTrue(text.out().contains("whole run: 1,500 records from the interrupted run"),
        text.out());
  }

  @Test
  void aRunKilledBeforeItsFinalSummaryIsTimedFromItsStartToItsLastWrite() throws IOException {
    Path full = dir.resolve("full.ndjson");
    assertEquals(0, Cli.run("batch", corpus.toString(), "--roots", roots.toString(),
        "--time", TestClock.NOW.toString(), "-o", full.toString()).exit());
    List<String> all = Files.readAllLines(full);
    Path out = dir.resolve("part.ndjson");
    Files.writeString(out, String.join("\n", all.subList(0, 100)) + "\n");
    java.time.Instant start = java.time.Instant.parse("2026-01-01T00:00:00Z");
    Files.setLastModifiedTime(out, java.nio.file.attribute.FileTime.from(start.plusSeconds(25)));
    // What a run killed outright leaves: the summary written at its start.
    com.fasterxml.jackson.databind.node.ObjectNode first =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(
            dir.resolve("full.ndjson.summary.json").toFile());
    first.put("completed", false).put("interrupted", false).put("records", 0)
        .put("seconds", 0.0).put("resumed_records", 0);
    ((com.fasterxml.jackson.databind.node.ObjectNode) first.get("invocation"))
        .put("started_at", start.toString());
    Files.writeString(dir.resolve("part.ndjson.summary.json"), first.toString());

    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "-o",
        out.toString(), "--resume", "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode s = r.lastLineJson();
    assertEquals(25.0, s.get("resumed_seconds").asDouble());
    assertEquals(25.0 + s.get("invocation").get("seconds").asDouble(),
        s.get("seconds").asDouble(), 0.0015);
    assertFalse(s.has("cpu_seconds"), "the killed part's CPU time is unknown: " + s);

    // Without any summary, the earlier part's time is unknown, and the summary says so.
    Files.writeString(out, String.join("\n", all.subList(0, 100)) + "\n");
    Files.delete(dir.resolve("part.ndjson.summary.json"));
    Cli.Run unknown = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "-o",
        out.toString(), "--resume", "--json", "--time", TestClock.NOW.toString());
    assertEquals(Main.EXIT_OK, unknown.exit(), unknown.err());
    JsonNode u = unknown.lastLineJson();
    assertTrue(u.get("resumed_seconds").isNull(), u.toString());
    assertTrue(u.get("seconds").isNull(), u.toString());
    assertTrue(u.get("chains_per_second").isNull(), u.toString());
  }

  @Test
  void resumeRefusesAnOutputThatIsNoBatchResultAndLeavesItAlone() throws IOException {
    Path out = dir.resolve("notes.txt");
    byte[] junk = new byte[700];
    new java.util.Random(17).nextBytes(junk);
    junk[0] = (byte) 0xfe;
    Files.write(out, junk);
    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), "-o",
        out.toString(), "--resume");
    assertEquals(Main.EXIT_USAGE, r.exit(), r.err());
    assertTrue(r.err().startsWith("pkixj batch: " + out + ": not the results of a pkixj batch "
        + "run"), r.err());
    assertTrue(java.util.Arrays.equals(junk, Files.readAllBytes(out)), "the file was changed");
    r.assertNoStackTrace();
  }

  @Test
  void outputsThatAreDirectoriesAreRefusedBeforeAnythingIsWritten() throws IOException {
    Path d = Files.createDirectories(dir.resolve("d"));
    for (String opt : List.of("-o", "--summary", "--report")) {
      Cli.Run r = Cli.run("batch", corpus.toString(), "--roots", roots.toString(), opt,
          d.toString());
      assertEquals(Main.EXIT_USAGE, r.exit(), opt + ": " + r.err());
      assertEquals("pkixj batch: " + d + ": is a directory (name the file to write)\n",
          r.err());
      try (java.util.stream.Stream<Path> l = Files.list(dir)) {
        assertEquals(List.of(d), l.toList(), opt);
      }
    }
  }

  @Test
  void filesThatAreNoFormatAreMalformedRecordsNamingTheFile() throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a.pem"), "garbage\n");
    Files.write(in.resolve("b.bin"), new byte[] {1, 2, 3, 0, (byte) 0xff, 7});
    Files.writeString(in.resolve("c.ndjson"), "not json\n");
    // Fixture roots, not the operating system's (a test cannot count on them).
    Cli.Run r = Cli.run("batch", in.toString(), "--roots", roots.toString(), "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    List<String> lines = r.out().lines().collect(java.util.stream.Collectors.toList());
    assertEquals(4, lines.size(), r.out()); // three results and the summary
    assertTrue(lines.get(0).contains("a.pem") && lines.get(0).contains("neither PEM nor DER"),
        lines.get(0));
    assertTrue(lines.get(1).contains("b.bin") && lines.get(1).contains("neither PEM nor DER"),
        lines.get(1));
    assertTrue(lines.get(2).contains("c.ndjson:1") && lines.get(2).contains("invalid JSON"),
        lines.get(2));
    r.assertNoStackTrace();
  }

  @Test
  void aTruncatedGzipInputIsAnErrorNamingTheFile() throws IOException {
    byte[] whole;
    try (java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(b)) {
      gz.write(Files.readAllBytes(corpus));
      gz.finish();
      whole = b.toByteArray();
    }
    Path cut = dir.resolve("cut.ndjson.gz");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
    Path out = dir.resolve("out.ndjson");
    Cli.Run r = Cli.run("batch", cut.toString(), "--roots", roots.toString(), "-o",
        out.toString());
    assertEquals(Main.EXIT_USAGE, r.exit(), r.err());
    assertTrue(r.err().contains("cut.ndjson.gz: ") && r.err().contains("reading the input"),
        r.err());
    r.assertNoStackTrace();
    // What was read before the damage was verified and written, one whole line per record.
    List<String> written = Files.readAllLines(out);
    assertTrue(written.size() > 0, "nothing written before the damage");
    for (String line : written) {
      assertTrue(line.startsWith("{") && line.endsWith("}"), line);
    }
  }

  @Test
  void usageErrors() {
    Cli.Run none = Cli.run("batch");
    assertEquals(Main.EXIT_USAGE, none.exit());
    assertTrue(none.err().contains("give INPUT"), none.err());
    Cli.Run missing = Cli.run("batch", dir.resolve("nope.ndjson").toString(), "--roots",
        roots.toString());
    assertEquals(Main.EXIT_USAGE, missing.exit());
    assertTrue(missing.err().contains("no such file"), missing.err());
    Cli.Run resume = Cli.run("batch", corpus.toString(), "--resume");
    assertEquals(Main.EXIT_USAGE, resume.exit());
    assertTrue(resume.err().contains("--resume needs -o"), resume.err());
    Cli.Run format = Cli.run("batch", corpus.toString(), "--format", "xml");
    assertEquals(Main.EXIT_USAGE, format.exit());
    assertTrue(format.err().contains("--format"), format.err());
    Cli.Run threads = Cli.run("batch", corpus.toString(), "--threads", "0");
    assertEquals(Main.EXIT_USAGE, threads.exit());
    assertTrue(threads.err().contains("--threads must be at least 1"), threads.err());
    Cli.Run cache = Cli.run("batch", corpus.toString(), "--cache", "-1");
    assertEquals(Main.EXIT_USAGE, cache.exit());
    assertTrue(cache.err().contains("--cache must be between 1"), cache.err());
    for (Cli.Run r : List.of(none, missing, resume, format, threads, cache)) {
      r.assertNoStackTrace();
    }
  }

  @Test
  void sampleCommandWritesTheCorpusAndItsRoots() throws IOException {
    Path out = dir.resolve("s.ndjson.gz");
    Cli.Run r = Cli.run("sample", "--chains", "50", "-o", out.toString(), "--mix", "ecdsa");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(Files.size(out) > 1000);
    List<byte[]> rootCerts = Pem.decodeAll(Files.readString(dir.resolve("s.ndjson.gz.roots.pem")));
    assertEquals(24, rootCerts.size());
    Cli.Run b = Cli.run("batch", out.toString(), "--roots",
        dir.resolve("s.ndjson.gz.roots.pem").toString(), "--json");
    assertEquals(Main.EXIT_OK, b.exit(), b.err());
    assertEquals(50, b.lastLineJson().get("records").asLong());
  }

  @Test
  void generationIsDeterministicWhateverTheThreads() throws IOException {
    SampleGenerator.Options o = SampleGenerator.Options.defaults(2100).withSeed(3)
        .withMix(SampleGenerator.Mix.ECDSA);
    java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    SampleGenerator.write(o.withThreads(1), a, OutputStream.nullOutputStream());
    SampleGenerator.write(o.withThreads(3), b, OutputStream.nullOutputStream());
    assertTrue(java.util.Arrays.equals(a.toByteArray(), b.toByteArray()));
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
