package dev.pkixj.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.cli.Cli;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.CrlBuilder;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pkixj batch --profile strict} (docs/strict-profile.md): the violations on each result
 * line, and the chains per rule broken in the summary (JSON, text, CSV) and the HTML report.
 */
class BatchStrictProfileTest {
  @TempDir Path dir;

  private static final String HOST = "www.example.com";
  private static final TestCert ROOT = CertBuilder.root("CN=Batch Strict Root,O=pkixj Test")
      .build();
  private static final TestCert CA = CertBuilder.ca("CN=Batch Strict CA,O=pkixj Test")
      .issuer(ROOT).build();
  private static final TestCert CA_NO_SKI = CertBuilder.ca("CN=Batch Strict CA,O=pkixj Test")
      .issuer(ROOT).key(CA.keyPair()).removeExtension(Oids.SUBJECT_KEY_ID).build();

  private static TestCert leaf(boolean eku) {
    CertBuilder b = CertBuilder.leaf(HOST).issuer(CA);
    return eku ? b.build() : b.removeExtension(Oids.EXT_KEY_USAGE).build();
  }

  /** The corpus: id → chain; and the CRL revoking the "revoked" record's leaf. */
  private final Map<String, List<TestCert>> records = new LinkedHashMap<>();
  private TestCert revokedLeaf;

  private Path corpus() throws IOException {
    records.put("good-1", List.of(leaf(true), CA));
    records.put("good-2", List.of(leaf(true), CA));
    records.put("no-eku-1", List.of(leaf(false), CA));
    records.put("no-eku-2", List.of(leaf(false), CA));
    records.put("no-eku-no-ski", List.of(leaf(false), CA_NO_SKI));
    // Its own serial number (the builder derives the others' from identical fields).
    revokedLeaf = CertBuilder.leaf(HOST).issuer(CA)
        .serial(new java.math.BigInteger("7e5a1c0ffee0123456789abcdef01234", 16)).build();
    records.put("revoked", List.of(revokedLeaf, CA));
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<TestCert>> e : records.entrySet()) {
      sb.append("{\"id\":\"").append(e.getKey()).append("\",\"host\":\"").append(HOST)
          .append("\",\"chain\":[");
      for (int i = 0; i < e.getValue().size(); i++) {
        sb.append(i > 0 ? "," : "").append('"')
            .append(Base64.getEncoder().encodeToString(e.getValue().get(i).der())).append('"');
      }
      sb.append("]}\n");
    }
    sb.append("{\"id\":\"broken\",\"chain\":[\"not base64!\"]}\n");
    Path p = dir.resolve("corpus.ndjson");
    Files.writeString(p, sb.toString());
    return p;
  }

  private Path file(String name, TestCert c) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, c.pem());
    return p;
  }

  private Cli.Run batch(String... args) {
    List<String> all = new ArrayList<>(List.of("batch", "--time",
        TestClock.NOW.toString()));
    all.addAll(List.of(args));
    Cli.Run r = Cli.run(all.toArray(new String[0]));
    r.assertNoStackTrace();
    return r;
  }

  private static Map<String, JsonNode> lines(Path out) throws IOException {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode n = Json.MAPPER.readTree(line);
      m.put(n.get("id").asText(), n);
    }
    return m;
  }

  @Test
  void linesAndSummaryAndReportCountTheRulesBroken() throws Exception {
    Path in = corpus();
    Path roots = file("roots.pem", ROOT);
    Path crl = dir.resolve("ca.crl");
    Files.write(crl, CrlBuilder.issuer(CA).revoke(revokedLeaf.serial()).build());
    Path out = dir.resolve("out.ndjson");
    Path report = dir.resolve("report.html");
    Cli.Run r = batch(in.toString(), "--roots", roots.toString(), "-o", out.toString(),
        "--profile", "strict", "--crl", crl.toString(), "--report", report.toString(), "--json",
        "--threads", "2");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());

    Map<String, JsonNode> lines = lines(out);
    assertEquals(records.size() + 1, lines.size());
    assertEquals("valid", lines.get("good-1").get("verdict").asText());
    assertEquals(0, lines.get("good-1").get("violations").size());
    JsonNode two = lines.get("no-eku-no-ski");
    assertEquals("invalid", two.get("verdict").asText());
    // code: the Firefox code the verdict is reported as; the rules themselves follow.
    assertEquals("SEC_ERROR_EXTENSION_VALUE_INVALID", two.get("code").asText());
    assertEquals(2, two.get("violations").size(), two.toString());
    assertEquals("SKI_MISSING", two.get("violations").get(0).get("rule").asText());
    assertEquals("PKIXJ_ERROR_SKI_MISSING", two.get("violations").get(0).get("code").asText());
    assertEquals(1, two.get("violations").get(0).get("cert").asInt());
    assertEquals("EKU_MISSING", two.get("violations").get(1).get("rule").asText());
    assertEquals(0, two.get("violations").get(1).get("cert").asInt());
    assertEquals("REVOKED", lines.get("revoked").get("violations").get(0).get("rule").asText());
    assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", lines.get("revoked").get("code").asText());
    JsonNode broken = lines.values().stream()
        .filter(n -> n.get("verdict").asText().equals("malformed")).findFirst().orElseThrow();
    assertFalse(broken.has("violations"), broken.toString());

    JsonNode s = r.lastLineJson();
    assertEquals("strict", s.get("profile").asText());
    assertEquals(2, s.get("valid").asLong());
    assertEquals(4, s.get("invalid").asLong());
    JsonNode rules = s.get("rules");
    assertEquals(3, rules.size(), rules.toString());
    assertEquals(1, rules.get("SKI_MISSING").asLong());
    assertEquals(3, rules.get("EKU_MISSING").asLong());
    assertEquals(1, rules.get("REVOKED").asLong());
    // In the rule table's order (docs/strict-profile.md, "Rules").
    assertEquals(List.of("REVOKED", "SKI_MISSING", "EKU_MISSING"), names(rules));
    // The summary file says the same.
    JsonNode file = Json.MAPPER.readTree(dir.resolve("out.ndjson.summary.json").toFile());
    assertEquals(rules, file.get("rules"));

    String html = Files.readString(report);
    assertTrue(html.contains("Rules broken (strict profile)"), html);
    assertTrue(html.contains("<tr><td class=\"mono\">EKU_MISSING</td><td>3</td></tr>"), html);
    assertTrue(html.contains("<tr><td class=\"mono\">SKI_MISSING</td><td>1</td></tr>"), html);

    // Text summary and CSV.
    Path out2 = dir.resolve("out2.ndjson");
    Cli.Run text = batch(in.toString(), "--roots", roots.toString(), "-o", out2.toString(),
        "--profile", "strict", "--format", "csv");
    assertEquals(Main.EXIT_OK, text.exit(), text.err());
    assertTrue(text.out().contains("rules broken (strict profile): chains"), text.out());
    assertTrue(text.out().matches("(?s).*\\n    EKU_MISSING +3\\n.*"), text.out());
    String csv = Files.readString(dir.resolve("out2.ndjson.summary.csv"));
    assertTrue(csv.contains("\nrule,EKU_MISSING,3\n"), csv);
    assertTrue(csv.contains("\nrule,SKI_MISSING,1\n"), csv);
    assertFalse(csv.contains("rule,REVOKED"), csv); // no --crl this time
  }

  @Test
  void aResumedRunCountsTheRulesOfTheLinesAlreadyWritten() throws Exception {
    Path in = corpus();
    Path roots = file("roots.pem", ROOT);
    Path out = dir.resolve("out.ndjson");
    Cli.Run whole = batch(in.toString(), "--roots", roots.toString(), "-o", out.toString(),
        "--profile", "strict", "--threads", "1", "--json");
    assertEquals(Main.EXIT_OK, whole.exit(), whole.err());
    // Keep the first five lines (no-eku-no-ski is the fifth), as an interrupted run would.
    List<String> kept = Files.readAllLines(out).subList(0, 5);
    Files.writeString(out, String.join("\n", kept) + "\n");
    Cli.Run resumed = batch(in.toString(), "--roots", roots.toString(), "-o", out.toString(),
        "--profile", "strict", "--threads", "1", "--resume", "--json");
    assertEquals(Main.EXIT_OK, resumed.exit(), resumed.err());
    assertEquals(5, resumed.lastLineJson().get("resumed_records").asLong());
    assertEquals(whole.lastLineJson().get("rules"), resumed.lastLineJson().get("rules"));
    assertEquals(3, resumed.lastLineJson().get("rules").get("EKU_MISSING").asLong());
  }

  @Test
  void theFirefoxProfileHasNoViolationsNorRuleCounts() throws Exception {
    Path in = corpus();
    Path roots = file("roots.pem", ROOT);
    Path plainOut = dir.resolve("plain.ndjson");
    Path firefoxOut = dir.resolve("firefox.ndjson");
    Cli.Run plain = batch(in.toString(), "--roots", roots.toString(), "-o",
        plainOut.toString(), "--json", "--threads", "1");
    Cli.Run firefox = batch(in.toString(), "--roots", roots.toString(), "-o",
        firefoxOut.toString(), "--json", "--threads", "1", "--profile", "firefox");
    assertEquals(Main.EXIT_OK, plain.exit(), plain.err());
    assertEquals(Main.EXIT_OK, firefox.exit(), firefox.err());
    assertEquals(Files.readString(plainOut), Files.readString(firefoxOut));
    assertFalse(Files.readString(plainOut).contains("violations"));
    for (Cli.Run run : List.of(plain, firefox)) {
      JsonNode s = run.lastLineJson();
      assertFalse(s.has("rules"), s.toString());
      assertFalse(s.has("profile"), s.toString());
      assertEquals(6, s.get("valid").asLong(), "Firefox accepts every chain: " + s);
    }
  }

  @Test
  void strictFlagsWithoutTheStrictProfileAreUsageErrors() throws Exception {
    Path in = corpus();
    Path roots = file("roots.pem", ROOT);
    Path crl = dir.resolve("ca.crl");
    Files.write(crl, CrlBuilder.issuer(CA).build());
    for (String[] bad : List.of(new String[] {"--crl", crl.toString()},
        new String[] {"--max-chain-depth", "3"}, new String[] {"--profile", "nss"},
        new String[] {"--profile", "strict", "--crl", dir.resolve("none.crl").toString()})) {
      List<String> args = new ArrayList<>(List.of(in.toString(), "--roots", roots.toString(),
          "-o", dir.resolve("o.ndjson").toString()));
      args.addAll(List.of(bad));
      Cli.Run r = batch(args.toArray(new String[0]));
      assertEquals(Main.EXIT_USAGE, r.exit(), String.join(" ", bad) + "\n" + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().startsWith("pkixj batch: --"), r.err());
      assertFalse(Files.exists(dir.resolve("o.ndjson")), "nothing written: " + r.err());
    }
  }

  private static List<String> names(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
