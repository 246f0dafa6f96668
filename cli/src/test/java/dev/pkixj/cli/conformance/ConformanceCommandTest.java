package dev.pkixj.cli.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.cli.Cli;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.CrlBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCommandTest {
  private static final Set<String> SUMMARY_KEYS = Set.of("cases", "agree", "disagree", "skipped",
      "timeouts", "false_accepts", "false_rejects");
  private static final Set<String> CASE_KEYS = Set.of("id", "expected", "actual", "outcome",
      "reason");
  private static final String GARBAGE_PEM =
      "-----BEGIN CERTIFICATE-----\n%%% not base64 %%%\n-----END CERTIFICATE-----\n";

  @TempDir Path dir;
  private static String leafPem;
  private static String intermediatePem;
  private static String rootPem;

  @BeforeAll
  static void splitSample() {
    String chain = Cli.samplePem("chain");
    int second = chain.indexOf("-----BEGIN", 1);
    leafPem = chain.substring(0, second);
    intermediatePem = chain.substring(second);
    rootPem = Cli.samplePem("roots");
  }

  @Test
  void parityJsonl() throws IOException {
    Path corpus = dir.resolve("tiny-parity.jsonl");
    Files.writeString(corpus, String.join("\n",
        Json.line(parity("t-ok", "www.example.test", leafPem, "Success")),
        Json.line(parity("t-name", "wrong.example.test", leafPem, "SSL_ERROR_BAD_CERT_DOMAIN")),
        Json.line(parity("t-badpem", "www.example.test", GARBAGE_PEM, "SEC_ERROR_BAD_DER")),
        ""));
    Cli.Run r = Cli.run("conformance", corpus.toString());
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    List<String> lines = r.outLines();
    assertEquals(4, lines.size(), r.out());
    for (int i = 0; i < 3; i++) {
      JsonNode c = Json.MAPPER.readTree(lines.get(i));
      assertTrue(keys(c).containsAll(CASE_KEYS), keys(c).toString());
    }
    JsonNode badPem = Json.MAPPER.readTree(lines.get(2));
    assertEquals("t-badpem", badPem.get("id").asText());
    assertEquals("SEC_ERROR_BAD_DER", badPem.get("actual").asText());
    assertEquals("agree", badPem.get("outcome").asText());

    JsonNode summary = r.lastLineJson();
    assertEquals(SUMMARY_KEYS, keys(summary));
    assertEquals(3, summary.get("cases").asInt());
    assertEquals(3, summary.get("agree").asInt(), r.out());
  }

  @Test
  void quietPrintsOnlyTheSummary() throws IOException {
    Path corpus = dir.resolve("q.jsonl");
    Files.writeString(corpus, Json.line(parity("q1", "www.example.test", GARBAGE_PEM,
        "SEC_ERROR_BAD_DER")) + "\n");
    Cli.Run r = Cli.run("conformance", "--quiet", corpus.toString());
    assertEquals(Main.EXIT_OK, r.exit());
    assertEquals(1, r.outLines().size(), r.out());
    assertEquals(SUMMARY_KEYS, keys(r.lastLineJson()));
  }

  private static ObjectNode ocspCase(String id, dev.pkixj.testdata.TestPki pki, byte[] response,
      java.time.Instant time, String expected, boolean expectedExpired) {
    ObjectNode c = Json.object();
    c.put("id", id);
    c.put("issuer_pem", pki.intermediate().pem());
    c.put("leaf_pem", pki.leaf().pem());
    c.putArray("root_pems").add(pki.root().pem());
    c.put("validation_time", time.toString());
    c.put("max_lifetime_days", 10);
    c.put("ocsp_response_b64", java.util.Base64.getEncoder().encodeToString(response));
    c.put("expected", expected);
    c.put("expected_expired", expectedExpired);
    return c;
  }

  @Test
  void ocspParityCasesCarryTheExpiredFlag() throws IOException {
    dev.pkixj.testdata.TestPki pki = dev.pkixj.testdata.TestPki.ec();
    java.time.Instant now = dev.pkixj.testdata.TestClock.NOW;
    byte[] good = dev.pkixj.testdata.OcspResponseBuilder.forIssuer(pki.intermediate())
        .good(pki.leaf()).thisUpdate(now.minusSeconds(3600)).nextUpdate(now.plusSeconds(86400))
        .build();
    byte[] old = dev.pkixj.testdata.OcspResponseBuilder.forIssuer(pki.intermediate())
        .good(pki.leaf()).thisUpdate(now.minusSeconds(30 * 86400))
        .nextUpdate(now.minusSeconds(20 * 86400)).build();
    Path corpus = dir.resolve("ocsp.jsonl");
    Files.writeString(corpus, String.join("\n",
        Json.line(ocspCase("o-good", pki, good, now, "Success", false)),
        Json.line(ocspCase("o-old", pki, old, now, "SEC_ERROR_OCSP_OLD_RESPONSE", true)),
        Json.line(ocspCase("o-garbage", pki, new byte[] {0x30, 0x00}, now,
            "SEC_ERROR_OCSP_MALFORMED_RESPONSE", false)),
        Json.line(ocspCase("o-wrong-flag", pki, good, now, "Success", true)),
        ""));
    Cli.Run r = Cli.run("conformance", corpus.toString());
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    List<String> lines = r.outLines();
    assertEquals(5, lines.size(), r.out());
    String[] outcomes = {"agree", "agree", "agree", "disagree"};
    for (int i = 0; i < 4; i++) {
      JsonNode line = Json.MAPPER.readTree(lines.get(i));
      assertEquals(outcomes[i], line.get("outcome").asText(), lines.get(i));
      assertTrue(line.has("actual_expired"), lines.get(i));
    }
    assertTrue(Json.MAPPER.readTree(lines.get(1)).get("actual_expired").asBoolean());
    JsonNode summary = r.lastLineJson();
    assertEquals(SUMMARY_KEYS, keys(summary));
    assertEquals(3, summary.get("agree").asInt());
    assertEquals(1, summary.get("disagree").asInt());
  }

  @Test
  void limboSkipsByFeatureAndMapsBadPems() throws Exception {
    ObjectNode root = Json.object();
    root.put("version", 1);
    ArrayNode cases = root.putArray("testcases");
    cases.add(limbo("l::crl", List.of("has-crl"), leafPem, "FAILURE"));
    cases.add(limbo("l::depth", List.of("max-chain-depth"), leafPem, "FAILURE"));
    cases.add(limbo("l::badpem", List.of(), GARBAGE_PEM, "FAILURE"));
    cases.add(limbo("l::ok", List.of("pedantic-rfc5280"), leafPem, "SUCCESS"));
    Path corpus = dir.resolve("limbo.json");
    Files.writeString(corpus, Json.MAPPER.writerWithDefaultPrettyPrinter()
        .writeValueAsString(root));

    ConformanceRunner.Report report = ConformanceRunner.run(corpus,
        ConformanceRunner.Options.defaults());
    assertEquals(ConformanceRunner.Kind.LIMBO, report.kind());
    Map<String, CaseResult> byId = new HashMap<>();
    report.cases().forEach(c -> byId.put(c.id(), c));
    assertEquals(CaseResult.Outcome.SKIP, byId.get("l::crl").outcome());
    assertEquals("CRLs are not taken per call by Firefox", byId.get("l::crl").reason());
    assertEquals(CaseResult.Outcome.SKIP, byId.get("l::depth").outcome());
    assertEquals("mozilla::pkix has no caller-set depth limit", byId.get("l::depth").reason());
    assertEquals("SEC_ERROR_BAD_DER", byId.get("l::badpem").actual());
    assertEquals(CaseResult.Outcome.AGREE, byId.get("l::badpem").outcome());
    // Other features are run, never skipped.
    assertTrue(byId.get("l::ok").outcome() != CaseResult.Outcome.SKIP);
    assertEquals(4, report.summary().cases());
    assertEquals(2, report.summary().skipped());

    // Against Firefox's verdicts: exact codes, nothing skipped by feature.
    Path mozpkix = dir.resolve("mozpkix.jsonl");
    List<String> verdicts = new ArrayList<>();
    for (String[] v : new String[][] {{"l::crl", "Success"}, {"l::depth", "Success"},
        {"l::badpem", "SEC_ERROR_BAD_DER"}, {"l::ok", "Success"}}) {
      ObjectNode o = Json.object();
      o.put("id", v[0]);
      o.put("mozpkix", v[1]);
      verdicts.add(Json.line(o));
    }
    Files.write(mozpkix, verdicts);
    Cli.Run r = Cli.run("conformance", corpus.toString(), "--mozpkix", mozpkix.toString());
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode summary = r.lastLineJson();
    assertEquals(0, summary.get("skipped").asInt(), r.out());
    JsonNode first = Json.MAPPER.readTree(r.outLines().get(0));
    assertEquals("Success", first.get("firefox").asText());
    assertEquals("Success", first.get("expected").asText());
    assertEquals(4, summary.get("agree").asInt(), r.out());
  }

  @Test
  void theStrictProfileRunsCrlAndDepthCasesAndSkipsOnlyWebPkiIncompatibleOnes() throws Exception {
    TestCert root = CertBuilder.root("Conformance Strict Root").build();
    TestCert ca = CertBuilder.ca("Conformance Strict CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf("www.example.test").issuer(ca).build();
    String revoking = "-----BEGIN X509 CRL-----\n" + java.util.Base64.getMimeEncoder()
        .encodeToString(CrlBuilder.issuer(ca).revoke(leaf.serial()).build())
        + "\n-----END X509 CRL-----\n";
    String clean = "-----BEGIN X509 CRL-----\n" + java.util.Base64.getMimeEncoder()
        .encodeToString(CrlBuilder.issuer(ca).build()) + "\n-----END X509 CRL-----\n";
    ObjectNode corpusRoot = Json.object();
    corpusRoot.put("version", 1);
    ArrayNode cases = corpusRoot.putArray("testcases");
    cases.add(strictCase("s::revoked", List.of("has-crl"), root, ca, leaf, "FAILURE")
        .<ObjectNode>set("crls", Json.MAPPER.createArrayNode().add(revoking)));
    cases.add(strictCase("s::not-revoked", List.of("has-crl"), root, ca, leaf, "SUCCESS")
        .<ObjectNode>set("crls", Json.MAPPER.createArrayNode().add(clean)));
    cases.add(strictCase("s::bad-crl", List.of("has-crl"), root, ca, leaf, "FAILURE")
        .<ObjectNode>set("crls", Json.MAPPER.createArrayNode().add(GARBAGE_PEM)));
    cases.add(strictCase("s::depth-0", List.of("max-chain-depth"), root, ca, leaf, "FAILURE")
        .put("max_chain_depth", 0));
    cases.add(strictCase("s::depth-1", List.of("max-chain-depth"), root, ca, leaf, "SUCCESS")
        .put("max_chain_depth", 1));
    cases.add(strictCase("s::incompatible", List.of("rfc5280-incompatible-with-webpki"), root,
        ca, leaf, "FAILURE"));
    // A declared conflict (limbo's conflicts_with): the strict profile takes the webpki:: side.
    ObjectNode rfcSide = strictCase("s::rfc-side", List.of(), root, ca, leaf, "FAILURE");
    rfcSide.putArray("conflicts_with").add("webpki::s::web-side");
    cases.add(rfcSide);
    ObjectNode webSide = strictCase("webpki::s::web-side", List.of(), root, ca, leaf, "SUCCESS");
    webSide.putArray("conflicts_with").add("s::rfc-side");
    cases.add(webSide);
    ObjectNode otherConflict = strictCase("s::other-conflict", List.of(), root, ca, leaf,
        "SUCCESS");
    otherConflict.putArray("conflicts_with").add("s::someone-else");
    cases.add(otherConflict);
    Path corpus = dir.resolve("strict-limbo.json");
    Files.writeString(corpus, Json.MAPPER.writeValueAsString(corpusRoot));

    Cli.Run r = Cli.run("conformance", "--profile", "strict", corpus.toString());
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    Map<String, JsonNode> byId = new HashMap<>();
    for (String line : r.outLines()) {
      JsonNode n = Json.MAPPER.readTree(line);
      if (n.has("id")) {
        byId.put(n.get("id").asText(), n);
      }
    }
    assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", byId.get("s::revoked").get("actual").asText());
    assertEquals("Success", byId.get("s::not-revoked").get("actual").asText());
    assertEquals("SEC_ERROR_CRL_INVALID", byId.get("s::bad-crl").get("actual").asText());
    assertTrue(byId.get("s::bad-crl").get("reason").asText().contains("crls[0]"),
        byId.get("s::bad-crl").toString());
    assertEquals("PKIXJ_ERROR_MAX_CHAIN_DEPTH_EXCEEDED",
        byId.get("s::depth-0").get("actual").asText());
    assertEquals("Success", byId.get("s::depth-1").get("actual").asText());
    assertEquals("skip", byId.get("s::incompatible").get("outcome").asText());
    assertTrue(byId.get("s::incompatible").get("reason").asText().contains("Web PKI"));
    assertEquals("skip", byId.get("s::rfc-side").get("outcome").asText());
    assertTrue(byId.get("s::rfc-side").get("reason").asText()
        .contains("incompatible with webpki::s::web-side (conflicts_with)"),
        byId.get("s::rfc-side").toString());
    assertEquals("agree", byId.get("webpki::s::web-side").get("outcome").asText());
    assertEquals("agree", byId.get("s::other-conflict").get("outcome").asText());
    JsonNode summary = r.lastLineJson();
    assertEquals(7, summary.get("agree").asInt(), r.out());
    assertEquals(2, summary.get("skipped").asInt(), r.out());

    // The Firefox profile skips the CRL and depth cases and runs the others (the conflicting
    // pair too: it answers as Firefox, not for either side).
    Cli.Run firefox = Cli.run("conformance", corpus.toString());
    assertEquals(Main.EXIT_OK, firefox.exit(), firefox.err());
    assertEquals(5, firefox.lastLineJson().get("skipped").asInt(), firefox.out());
    assertTrue(firefox.out().contains("\"id\":\"s::rfc-side\",\"outcome\":\"disagree\"")
        || firefox.out().matches("(?s).*\"s::rfc-side\"[^\n]*\"disagree\".*"), firefox.out());
  }

  private static ObjectNode strictCase(String id, List<String> features, TestCert root,
      TestCert ca, TestCert leaf, String expected) {
    ObjectNode o = Json.object();
    o.put("id", id);
    ArrayNode f = o.putArray("features");
    features.forEach(f::add);
    o.put("validation_kind", "SERVER");
    o.putArray("trusted_certs").add(root.pem());
    o.putArray("untrusted_intermediates").add(ca.pem());
    o.put("peer_certificate", leaf.pem());
    o.put("validation_time", TestClock.NOW.toString());
    ObjectNode name = o.putObject("expected_peer_name");
    name.put("kind", "DNS");
    name.put("value", "www.example.test");
    o.put("expected_result", expected);
    o.putArray("crls");
    o.putNull("max_chain_depth");
    return o;
  }

  @Test
  void unknownSchemaIsAnError() throws IOException {
    Path notCorpus = dir.resolve("other.json");
    Files.writeString(notCorpus, "{\"hello\": \"world\"}\n");
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "just text\n");
    for (Path p : List.of(notCorpus, text, dir.resolve("missing.jsonl"))) {
      Cli.Run r = Cli.run("conformance", p.toString());
      r.assertNoStackTrace();
      assertEquals(Main.EXIT_USAGE, r.exit(), p.toString());
      assertTrue(r.err().contains(p.getFileName().toString()), r.err());
      assertEquals(SUMMARY_KEYS, keys(r.lastLineJson()));
    }
  }

  @Test
  void unreadableLineIsSkippedNotFatal() throws Exception {
    Path corpus = dir.resolve("broken.jsonl");
    Files.writeString(corpus, Json.line(parity("ok", "www.example.test", GARBAGE_PEM,
        "SEC_ERROR_BAD_DER")) + "\n{not json\n");
    ConformanceRunner.Report report = ConformanceRunner.run(corpus,
        ConformanceRunner.Options.defaults());
    assertEquals(2, report.summary().cases());
    assertEquals(1, report.summary().skipped());
    assertNull(report.cases().get(1).actual());
  }

  @Test
  void aCasePastTheTimeLimitIsATimeoutNotADisagreement() throws Exception {
    Path corpus = dir.resolve("slow.jsonl");
    Files.writeString(corpus, String.join("\n",
        Json.line(parity("t-slow", "www.example.test", leafPem, "Success")),
        Json.line(parity("t-badpem", "www.example.test", GARBAGE_PEM, "SEC_ERROR_BAD_DER")),
        Json.line(parity("t-slow-too", "wrong.example.test", leafPem,
            "SSL_ERROR_BAD_CERT_DOMAIN")),
        ""));
    // Every verification waits until it is interrupted, which only the time limit does: the
    // outcome cannot depend on how fast this machine is. (The bad PEM never reaches the verifier.)
    List<String> held = java.util.Collections.synchronizedList(new ArrayList<>());
    ConformanceRunner.Options options = ConformanceRunner.Options.defaults()
        .withTimeout(java.time.Duration.ofMillis(50))
        .withBeforeVerify(id -> {
          held.add(id);
          new java.util.concurrent.CountDownLatch(1).await();
        });
    ConformanceRunner.Report report = ConformanceRunner.run(corpus, options);
    // A case whose time is up before its thread reaches the verifier (a loaded machine) is a
    // timeout too, without being held: only the bad PEM must never have reached it.
    assertTrue(List.of("t-slow", "t-slow-too").containsAll(held), held.toString());
    Map<String, CaseResult> byId = new HashMap<>();
    report.cases().forEach(c -> byId.put(c.id(), c));
    for (String id : List.of("t-slow", "t-slow-too")) {
      CaseResult c = byId.get(id);
      assertEquals(CaseResult.Outcome.TIMEOUT, c.outcome(), c.toString());
      assertEquals(CaseResult.HANG, c.actual());
      assertTrue(c.reason().contains("timed out") && c.reason().contains("0.05 s"), c.reason());
      JsonNode line = c.toJson();
      assertEquals("timeout", line.get("outcome").asText());
      assertEquals(id, line.get("id").asText());
      assertTrue(keys(line).containsAll(CASE_KEYS), keys(line).toString());
    }
    assertEquals(CaseResult.Outcome.AGREE, byId.get("t-badpem").outcome());
    Summary s = report.summary();
    assertEquals(new Summary(3, 1, 0, 0, 2, 0, 0), s, "a timeout is neither a disagreement "
        + "nor a false reject");
    JsonNode summary = s.toJson();
    assertEquals(SUMMARY_KEYS, keys(summary));
    assertEquals(2, summary.get("timeouts").asInt());
    assertEquals(0, summary.get("disagree").asInt());
  }

  @Test
  void aTimedOutOcspCaseIsATimeoutToo() throws Exception {
    dev.pkixj.testdata.TestPki pki = dev.pkixj.testdata.TestPki.ec();
    java.time.Instant now = dev.pkixj.testdata.TestClock.NOW;
    byte[] good = dev.pkixj.testdata.OcspResponseBuilder.forIssuer(pki.intermediate())
        .good(pki.leaf()).thisUpdate(now.minusSeconds(3600)).nextUpdate(now.plusSeconds(86400))
        .build();
    Path corpus = dir.resolve("ocsp-slow.jsonl");
    Files.writeString(corpus, Json.line(ocspCase("o-slow", pki, good, now, "Success", false))
        + "\n");
    ConformanceRunner.Report report = ConformanceRunner.run(corpus,
        ConformanceRunner.Options.defaults().withTimeout(java.time.Duration.ofMillis(50))
            .withBeforeVerify(id -> new java.util.concurrent.CountDownLatch(1).await()));
    assertEquals(CaseResult.Outcome.TIMEOUT, report.cases().get(0).outcome());
    assertEquals("o-slow", report.cases().get(0).id());
    assertEquals(1, report.summary().timeouts());
  }

  @Test
  void aBadOptionIsAUsageErrorNamingIt() throws IOException {
    Path corpus = dir.resolve("q.jsonl");
    Files.writeString(corpus, Json.line(parity("q1", "www.example.test", GARBAGE_PEM,
        "SEC_ERROR_BAD_DER")) + "\n");
    String[][] bad = {
        {"--bogus", corpus.toString()},
        {"--timeout", "soon", corpus.toString()},
        {"--timeout", "0", corpus.toString()},
        {"--timeout", "-3", corpus.toString()},
        {"--timeout", "NaN", corpus.toString()},
        {"--timeout", "Infinity", corpus.toString()},
        {"--timeout"},
        {"--mozpkix"},
        {},
        {"--profile", "lenient", corpus.toString()},
        {"--profile"},
    };
    String[] named = {"--bogus", "soon", "--timeout", "--timeout", "--timeout", "--timeout",
        "--timeout", "--mozpkix", "FILE", "--profile", "--profile"};
    for (int i = 0; i < bad.length; i++) {
      List<String> args = new ArrayList<>(List.of("conformance"));
      args.addAll(List.of(bad[i]));
      Cli.Run r = Cli.run(args.toArray(new String[0]));
      r.assertNoStackTrace();
      assertEquals(Main.EXIT_USAGE, r.exit(), args + ": " + r.err());
      String first = r.err().lines().findFirst().orElse("");
      assertTrue(first.contains(named[i]), args + ": the first line of the error should name "
          + named[i] + ": " + r.err());
      assertTrue(r.out().isEmpty() || !r.out().contains("\"outcome\""), args + ": " + r.out());
    }
  }

  private ObjectNode parity(String id, String host, String leaf, String expected) {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.putArray("tags").add("baseline");
    o.putArray("faults");
    o.putArray("root_pems").add(rootPem);
    o.putArray("intermediate_pems").add(intermediatePem);
    o.put("leaf_pem", leaf);
    o.put("validation_time", "2026-06-01T00:00:00Z");
    o.put("hostname", host);
    o.put("expected", expected);
    return o;
  }

  private ObjectNode limbo(String id, List<String> features, String leaf, String expected) {
    ObjectNode o = Json.object();
    o.put("id", id);
    ArrayNode f = o.putArray("features");
    features.forEach(f::add);
    o.put("validation_kind", "SERVER");
    o.putArray("trusted_certs").add(rootPem);
    o.putArray("untrusted_intermediates").add(intermediatePem);
    o.put("peer_certificate", leaf);
    o.put("validation_time", "2026-06-01T00:00:00.123+00:00");
    ObjectNode name = o.putObject("expected_peer_name");
    name.put("kind", "DNS");
    name.put("value", "www.example.test");
    o.put("expected_result", expected);
    o.putArray("crls");
    o.putNull("max_chain_depth");
    return o;
  }

  private static Set<String> keys(JsonNode j) {
    Set<String> names = new TreeSet<>();
    j.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
