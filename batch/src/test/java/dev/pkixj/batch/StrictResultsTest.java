package dev.pkixj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.pkix.Result;
import dev.pkixj.truststore.revocation.RevocationInfo;
import dev.pkixj.verifier.ct.CtStatus;
import dev.pkixj.verifier.strict.Rule;
import dev.pkixj.verifier.strict.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The strict profile's violations in result lines and the run summary (docs/strict-profile.md,
 * "Command line"): each rule counted once per chain, read back by {@code --resume}.
 */
class StrictResultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Violation v(Rule r, int cert) {
    return new Violation(r, r.code(), cert, r.source());
  }

  private static RecordResult result(String id, Result code, List<Violation> violations) {
    return new RecordResult(id, 1, code, code == Result.SUCCESS ? -1 : 0, "a.example",
        List.of("00"), code == Result.SUCCESS ? null : "CN=CA", null, null,
        CtStatus.NOT_APPLICABLE, RevocationInfo.Crlite.OFF, false, null, violations);
  }

  private static RunStats.RunInfo info() {
    return new RunStats.RunInfo(1, 1, List.of("in"), null, "2026-06-01T00:00:00Z", null, true,
        false, null, 0, 0, 0, 0, -1, 1, -1);
  }

  @Test
  void eachRuleCountsOncePerChainAndLinesCarryEveryViolation() throws Exception {
    // AKI_MISSING on two certificates of one chain: one chain breaks it.
    RecordResult two = result("two", Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
        List.of(v(Rule.AKI_MISSING, 0), v(Rule.AKI_MISSING, 1), v(Rule.EKU_MISSING, 0)));
    RecordResult one = result("one", Result.SEC_ERROR_INADEQUATE_CERT_TYPE,
        List.of(v(Rule.EKU_MISSING, 0)));
    RecordResult none = result("none", Result.SUCCESS, List.of());
    RecordResult firefox = result("firefox", Result.SUCCESS, null);

    ResultLine line = new ResultLine();
    line.append(two);
    JsonNode n = JSON.readTree(new String(line.toByteArray(), StandardCharsets.UTF_8));
    assertEquals(3, n.get("violations").size());
    assertEquals("AKI_MISSING", n.get("violations").get(1).get("rule").asText());
    assertEquals("PKIXJ_ERROR_AKI_MISSING", n.get("violations").get(1).get("code").asText());
    assertEquals(1, n.get("violations").get(1).get("cert").asInt());
    assertEquals("SEC_ERROR_EXTENSION_VALUE_INVALID", n.get("code").asText());
    line.reset();
    line.append(none);
    assertEquals(0, JSON.readTree(line.toByteArray()).get("violations").size());
    line.reset();
    line.append(firefox);
    assertFalse(JSON.readTree(line.toByteArray()).has("violations"));

    RunStats stats = new RunStats();
    stats.strict = true;
    for (RecordResult r : List.of(two, one, none)) {
      stats.add(r);
    }
    assertEquals(1, stats.ruleCount(Rule.AKI_MISSING));
    assertEquals(2, stats.ruleCount(Rule.EKU_MISSING));
    ObjectNode summary = stats.toJson(info());
    assertEquals("strict", summary.get("profile").asText());
    assertEquals("{\"AKI_MISSING\":1,\"EKU_MISSING\":2}", summary.get("rules").toString());
    assertTrue(RunStats.toText(summary).contains("rules broken (strict profile)"));
    assertTrue(RunStats.toCsv(summary).contains("rule,AKI_MISSING,1\n"));
    assertTrue(HtmlReport.render(summary).contains("Rules broken (strict profile)"));

    // --resume: the lines written are counted again from their text.
    RunStats resumed = new RunStats();
    resumed.strict = true;
    for (RecordResult r : List.of(two, one, none)) {
      line.reset();
      line.append(r);
      resumed.addPreviousOutputLine(JSON.readTree(line.toByteArray()));
    }
    assertEquals(summary.get("rules"), resumed.toJson(info()).get("rules"));

    // The Firefox profile's summary has neither key.
    RunStats plain = new RunStats();
    plain.add(firefox);
    assertFalse(plain.toJson(info()).has("rules"));
    assertFalse(plain.toJson(info()).has("profile"));
  }
}
