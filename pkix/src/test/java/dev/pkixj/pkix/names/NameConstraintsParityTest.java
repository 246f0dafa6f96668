package dev.pkixj.pkix.names;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.names.HostnameMatcher.InvalidEntryPolicy;
import dev.pkixj.testdata.ConformanceCorpora;
import dev.pkixj.testdata.Pem;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A partial cross-check of {@link NameConstraints} against real mozilla::pkix, using the cases of
 * {@code firefox-parity-dev.jsonl} whose only fault families are {@code name_constraints} and
 * {@code hostname}: their chains are otherwise valid, so the reported code is decided by the name
 * constraints (checked as path building meets each constrained CA, bottom-up) and then by the
 * host name. The chain is assembled naively by issuer name, which is enough for these cases;
 * full path building is not this package's job.
 */
class NameConstraintsParityTest {
  private static final Set<String> FAMILIES = Set.of("name_constraints", "hostname");
  private static final Set<String> OUTCOMES = Set.of("Success", "SEC_ERROR_CERT_NOT_IN_NAME_SPACE",
      "SEC_ERROR_BAD_DER", "SSL_ERROR_BAD_CERT_DOMAIN");

  @Test
  void nameConstraintParity() throws IOException, PkixException {
    // Missing: a failure under CI or -Dpkixj.conformance.required, else a skip naming the file.
    Path file = ConformanceCorpora.require("firefox-parity-dev.jsonl", Assumptions::abort);
    ObjectMapper json = new ObjectMapper();
    int total = 0;
    int constrained = 0;
    List<String> disagreements = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode c = json.readTree(line);
        List<String> tags = new ArrayList<>();
        c.get("tags").forEach(t -> tags.add(t.asText()));
        String expected = c.get("expected").asText();
        if (!tags.contains("name_constraints") || !FAMILIES.containsAll(tags)
            || !OUTCOMES.contains(expected)) {
          continue;
        }
        total++;
        List<Cert> chain = buildChain(c);
        Result r = Result.SUCCESS;
        // Path building meets the leaf's issuer first, then the next one up, and so on.
        Cert[] below = chain.toArray(new Cert[0]);
        for (int i = 1; i < below.length && r == Result.SUCCESS; i++) {
          if (below[i].nameConstraints() != null) {
            constrained++;
            try {
              NameConstraints.check(below[i].nameConstraints(), below, i, true,
                  KeyPurposeId.ID_KP_SERVER_AUTH);
            } catch (PkixException e) {
              r = e.result();
            }
          }
        }
        if (r == Result.SUCCESS) {
          r = HostnameMatcher.checkCertHostname(chain.get(0),
              c.get("hostname").asText().getBytes(StandardCharsets.UTF_8),
              InvalidEntryPolicy.HALT_ON_INVALID);
          if (r == Result.SEC_ERROR_BAD_DER) {
            r = Result.SSL_ERROR_BAD_CERT_DOMAIN;
          }
        }
        if (!r.firefoxName().equals(expected)) {
          disagreements.add(c.get("id").asText() + " " + c.get("faults") + " expected=" + expected
              + " got=" + r.firefoxName());
        }
      }
    }
    System.out.printf("name-constraint parity (firefox-parity-dev.jsonl, families %s only):"
        + " %d/%d agree (%d constrained CAs met)%n", FAMILIES, total - disagreements.size(),
        total, constrained);
    assertTrue(total > 0 && constrained > 0, "no applicable case");
    assertTrue(disagreements.isEmpty(), String.join("\n", disagreements));
  }

  /** Leaf, then the first intermediate or root whose subject is the current issuer, up to a root. */
  private static List<Cert> buildChain(JsonNode c) throws PkixException {
    List<Cert> roots = parseAll(c.get("root_pems"));
    List<Cert> intermediates = parseAll(c.get("intermediate_pems"));
    List<Cert> chain = new ArrayList<>();
    Cert current = Cert.parse(Pem.decodeOne(c.get("leaf_pem").asText()));
    chain.add(current);
    for (int depth = 0; depth < 10; depth++) {
      Cert issuer = find(roots, current);
      if (issuer != null) {
        chain.add(issuer);
        break;
      }
      issuer = find(intermediates, current);
      if (issuer == null || chain.contains(issuer)) {
        break;
      }
      chain.add(issuer);
      current = issuer;
    }
    return chain;
  }

  private static Cert find(List<Cert> candidates, Cert child) {
    for (Cert candidate : candidates) {
      if (candidate.subject().contentEquals(child.issuer()) && candidate != child) {
        return candidate;
      }
    }
    return null;
  }

  private static List<Cert> parseAll(JsonNode pems) {
    List<Cert> certs = new ArrayList<>();
    for (JsonNode pem : pems) {
      try {
        certs.add(Cert.parse(Pem.decodeOne(pem.asText())));
      } catch (PkixException e) {
        // like Firefox, an unparsable handshake certificate is never a candidate
      }
    }
    return certs;
  }
}
