package dev.pkixj.pkix.sig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.testdata.ConformanceCorpora;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The C2SP Wycheproof verification vectors in ../shared/conformance/wycheproof (ECDSA P-256 and
 * P-384, RSA PKCS#1 v1.5 with 2048, 3072 and 4096-bit keys): every "valid" signature verifies,
 * every "invalid" one does not. "acceptable" vectors (legal but discouraged encodings) are only
 * counted. A missing file follows the corpus rule of {@link ConformanceCorpora}.
 */
class WycheproofTest {
  @ParameterizedTest
  @CsvSource({
      "ecdsa_secp256r1_sha256_test.json, ECDSA_SHA256",
      "ecdsa_secp384r1_sha384_test.json, ECDSA_SHA384",
      "rsa_signature_2048_sha256_test.json, RSA_PKCS1_SHA256",
      "rsa_signature_3072_sha256_test.json, RSA_PKCS1_SHA256",
      "rsa_signature_4096_sha256_test.json, RSA_PKCS1_SHA256"})
  void everyVectorAgrees(String name, SignatureAlgorithm alg) throws IOException {
    Path file = ConformanceCorpora.require("wycheproof/" + name, Assumptions::abort);
    JsonNode doc = new ObjectMapper().readTree(file.toFile());
    HexFormat hex = HexFormat.of();
    SignatureVerifier verifier = SignatureVerifier.shared();
    List<String> disagreements = new ArrayList<>();
    int vectors = 0;
    for (JsonNode group : doc.get("testGroups")) {
      Input spki = Input.of(hex.parseHex(group.get("publicKeyDer").asText()));
      for (JsonNode t : group.get("tests")) {
        vectors++;
        byte[] msg = hex.parseHex(t.get("msg").asText());
        Input sig = Input.of(hex.parseHex(t.get("sig").asText()));
        Result r = verifier.verify(alg, msg, 0, msg.length, sig, spki);
        String expected = t.get("result").asText();
        boolean ok = expected.equals("valid") ? r == Result.SUCCESS
            : !expected.equals("invalid") || r != Result.SUCCESS;
        if (!ok) {
          disagreements.add("tcId " + t.get("tcId").asInt() + " (" + t.get("comment").asText()
              + "): expected " + expected + ", got " + r);
        }
      }
    }
    assertTrue(vectors > 0, name + ": no vectors");
    assertEquals(List.of(), disagreements, name + ": " + disagreements.size() + " of " + vectors
        + " vectors disagree");
    System.out.println("wycheproof " + name + ": " + vectors + " vectors agree");
  }
}
