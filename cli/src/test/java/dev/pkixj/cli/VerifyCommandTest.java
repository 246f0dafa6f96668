package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.explain.Explanations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HexFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @TempDir Path dir;

  private static final Set<String> JSON_KEYS = Set.of("valid", "code", "nss_code", "cert_index",
      "chain", "explanation", "host", "time", "revocation");

  @Test
  void sampleChainIsValid() {
    Cli.Run r = Cli.run("verify", "--sample", "--json");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode j = r.json();
    assertTrue(fieldNames(j).containsAll(JSON_KEYS), fieldNames(j).toString());
    assertTrue(j.get("valid").asBoolean());
    assertTrue(j.get("code").isNull());
    assertEquals(0, j.get("nss_code").asInt());
    assertEquals("www.example.test", j.get("host").asText());
    assertEquals("2026-06-01T00:00:00Z", j.get("time").asText());
    assertEquals(3, j.get("chain").size());
    for (JsonNode fp : j.get("chain")) {
      assertTrue(fp.asText().matches("[0-9a-f]{64}"), fp.asText());
    }
    for (String k : List.of("title", "description", "what_to_do", "overridable")) {
      assertTrue(j.get("explanation").has(k), k);
    }
    // Text mode, and with no arguments at all: the same sample.
    Cli.Run text = Cli.run("verify");
    assertEquals(Main.EXIT_OK, text.exit(), text.err());
    assertTrue(text.out().contains("CN=www.example.test"), text.out());
    assertTrue(text.out().contains("OK"), text.out());
  }

  @Test
  void wrongHostIsRejectedWithFirefoxsCode() {
    Cli.Run r = Cli.run("verify", "--sample", "--host", "other.example.test", "--json");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_REJECTED, r.exit(), r.err());
    JsonNode j = r.json();
    assertTrue(fieldNames(j).containsAll(JSON_KEYS), fieldNames(j).toString());
    assertFalse(j.get("valid").asBoolean());
    assertEquals("SSL_ERROR_BAD_CERT_DOMAIN", j.get("code").asText());
    assertEquals(-12276, j.get("nss_code").asInt());
    JsonNode e = j.get("explanation");
    assertTrue(e.get("overridable").asBoolean());
    assertTrue(e.get("description").asText().contains("other.example.test"));
    assertTrue(e.get("description").asText()
        .contains("only valid for the following names: www.example.test, example.test"));

    Cli.Run text = Cli.run("verify", "--sample", "--host", "other.example.test");
    assertEquals(Main.EXIT_REJECTED, text.exit(), text.err());
    assertTrue(text.out().contains("Error code: SSL_ERROR_BAD_CERT_DOMAIN"), text.out());
  }

  @Test
  void filesAndStdinAreReadLikeTheSample() throws IOException {
    Path chain = copyResource("/sample/chain.pem");
    Path roots = copyResource("/sample/roots.pem");
    Cli.Run r = Cli.run("verify", chain.toString(), "--roots", roots.toString(),
        "--host", "www.example.test", "--time", "1780272000", "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.json().get("valid").asBoolean(), r.out());
    assertEquals(2, r.json().get("presented").asInt(), r.out());
    // DER leaf on standard input, the intermediate as a second file.
    List<String> pems = pemBlocks(Files.readString(chain));
    Path intermediate = dir.resolve("int.pem");
    Files.writeString(intermediate, pems.get(1));
    Cli.Run d = Cli.runWithStdin(der(pems.get(0)), "verify", "-", intermediate.toString(),
        "--roots", roots.toString(), "--host", "www.example.test",
        "--time", "2026-06-01T00:00:00Z", "--json");
    assertEquals(Main.EXIT_OK, d.exit(), d.err());
    assertTrue(d.json().get("valid").asBoolean(), d.out());
    assertEquals(2, d.json().get("presented").asInt(), d.out());
    assertEquals(r.json().get("chain"), d.json().get("chain"));
  }

  @Test
  void missingFileIsAnInputError() {
    Cli.Run r = Cli.run("verify", dir.resolve("nope.pem").toString(), "--roots",
        dir.resolve("roots.pem").toString());
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("nope.pem: no such file"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void garbageFileIsAnInputError() throws IOException {
    byte[] junk = new byte[300];
    new Random(7).nextBytes(junk);
    junk[0] = 0x42; // not a SEQUENCE
    Path garbage = dir.resolve("garbage.bin");
    Files.write(garbage, junk);
    Cli.Run r = Cli.run("verify", garbage.toString(), "--roots", garbage.toString());
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("garbage.bin: not a certificate"), r.err());
  }

  @Test
  void badPemIsAnInputError() throws IOException {
    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n"
        + "-----END CERTIFICATE-----\n");
    Cli.Run r = Cli.run("verify", bad.toString(), "--roots", bad.toString(), "--json");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("bad.pem: bad PEM"), r.err());
    assertEquals("", r.out());

    Path truncated = dir.resolve("truncated.pem");
    Files.writeString(truncated, "-----BEGIN CERTIFICATE-----\nMIIB\n");
    r = Cli.run("verify", truncated.toString(), "--roots", truncated.toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("truncated.pem: bad PEM"), r.err());
  }

  @Test
  void withoutRootsTheBuiltInRootSourceIsUsed() throws IOException {
    // Built-in roots from --root-source (the operating system's store by default, which a test
    // cannot count on) that do not hold the sample root: the chain's issuer is unknown there.
    Path chain = copyResource("/sample/chain.pem");
    Path other = dir.resolve("other-root.pem");
    Files.writeString(other, dev.pkixj.testdata.CertBuilder.root("CN=pkixj Other Root").build()
        .pem());
    Cli.Run r = Cli.run("verify", chain.toString(), "--host", "www.example.test", "--time",
        "2026-06-01T00:00:00Z", "--root-source", "pem:" + other, "--json");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_REJECTED, r.exit(), r.err());
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", r.lastLineJson().get("code").asText());
  }

  @Test
  void missingOptionsAndBadValuesAreUsageErrors() throws IOException {
    Path chain = copyResource("/sample/chain.pem");
    Cli.Run r = Cli.run("verify", chain.toString(), "--root-source", "keystore:/nonexistent.p12");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("no trust anchors"), r.err());

    r = Cli.run("verify", chain.toString(), "--roots", chain.toString(), "--root-source", "os");
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("exclusive"), r.err());

    Path roots = copyResource("/sample/roots.pem");
    r = Cli.run("verify", chain.toString(), "--root-source", "pem:" + roots, "--db",
        dir.resolve("nope").toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("--db " + dir.resolve("nope") + ": no such database"), r.err());

    r = Cli.run("verify", "--sample", "--time", "yesterday");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("'yesterday' is not a time"), r.err());

    r = Cli.run("verify", "--sample", chain.toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("--sample takes no CERT files"), r.err());

    r = Cli.run("verify", "--bogus-option");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertTrue(r.err().contains("'--bogus-option'"), r.err());
  }

  @Test
  void theSampleVerifiesWithoutAStackTrace() {
    Cli.Run r = Cli.run("verify", "--sample");
    r.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().contains("OK: the chain is valid for www.example.test"), r.out());
  }

  @Test
  void jsonAndTextOfAValidResult() throws Exception {
    List<Cert> chain = sampleCerts();
    VerificationResult r = new VerificationResult(Result.SUCCESS, -1, chain, "www.example.test",
        Instant.parse("2026-06-01T00:00:00Z"));
    JsonNode j = ResultOutput.toJson(r, Explanations.explain(r), List.of(new byte[0]));
    j = Json.MAPPER.readTree(Json.line(j)); // as printed
    assertTrue(fieldNames(j).containsAll(JSON_KEYS), fieldNames(j).toString());
    assertTrue(j.get("valid").asBoolean());
    assertTrue(j.get("code").isNull());
    assertEquals(0, j.get("nss_code").asInt());
    assertEquals(3, j.get("chain").size());
    assertEquals(HexFormat.of().formatHex(chain.get(0).sha256()), j.get("chain").get(0).asText());
    assertEquals("2026-06-01T00:00:00Z", j.get("time").asText());
    assertEquals("2036-01-01T00:00:00Z", j.get("chain_details").get(0).get("not_after").asText());

    StringWriter text = new StringWriter();
    ResultOutput.printText(new PrintWriter(text), r, Explanations.explain(r), List.of(), 1);
    assertTrue(text.toString().contains("[0] CN=www.example.test, O=pkixj Sample, C=ZZ"),
        text.toString());
    assertTrue(text.toString().contains("OK: the chain is valid for www.example.test"),
        text.toString());
  }

  @Test
  void jsonAndTextOfARejectedResult() throws Exception {
    List<Cert> chain = sampleCerts();
    VerificationResult r = new VerificationResult(Result.SEC_ERROR_EXPIRED_CERTIFICATE, 0,
        chain, "www.example.test", Instant.parse("2037-01-01T00:00:00Z"));
    JsonNode j = Json.MAPPER.readTree(Json.line(
        ResultOutput.toJson(r, Explanations.explain(r), List.of())));
    assertTrue(fieldNames(j).containsAll(JSON_KEYS), fieldNames(j).toString());
    assertFalse(j.get("valid").asBoolean());
    assertEquals("SEC_ERROR_EXPIRED_CERTIFICATE", j.get("code").asText());
    assertEquals(-8181, j.get("nss_code").asInt());
    assertEquals(0, j.get("cert_index").asInt());
    JsonNode e = j.get("explanation");
    for (String k : List.of("title", "description", "what_to_do", "overridable")) {
      assertTrue(e.has(k), k);
    }
    assertTrue(e.get("overridable").asBoolean());
    assertTrue(e.get("description").asText().contains("expired on January 1, 2036"),
        e.toString());

    StringWriter text = new StringWriter();
    ResultOutput.printText(new PrintWriter(text), r, Explanations.explain(r), List.of(), 1);
    String t = text.toString();
    assertTrue(t.contains("error SEC_ERROR_EXPIRED_CERTIFICATE (-8181) at 0 depth: "
        + "Peer's Certificate has expired."), t);
    assertTrue(t.strip().endsWith("Error code: SEC_ERROR_EXPIRED_CERTIFICATE"), t);
  }

  private static List<Cert> sampleCerts() throws Exception {
    List<Cert> certs = new java.util.ArrayList<>();
    for (byte[] der : CertFiles.readResource(VerifyCommand.SAMPLE_CHAIN)) {
      certs.add(Cert.parse(der));
    }
    certs.add(Cert.parse(CertFiles.readResource(VerifyCommand.SAMPLE_ROOTS).get(0)));
    return certs;
  }

  private Path copyResource(String name) throws IOException {
    Path p = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
    try (InputStream in = VerifyCommandTest.class.getResourceAsStream(name)) {
      Files.write(p, in.readAllBytes());
    }
    return p;
  }

  private static List<String> pemBlocks(String text) {
    List<String> out = new java.util.ArrayList<>();
    int i = 0;
    while ((i = text.indexOf("-----BEGIN", i)) >= 0) {
      int end = text.indexOf("-----END CERTIFICATE-----", i) + "-----END CERTIFICATE-----".length();
      out.add(text.substring(i, end) + "\n");
      i = end;
    }
    return out;
  }

  private static byte[] der(String pem) {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
  }

  private static Set<String> fieldNames(JsonNode j) {
    Set<String> names = new TreeSet<>();
    j.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
