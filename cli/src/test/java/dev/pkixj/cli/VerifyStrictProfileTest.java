package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.CrlBuilder;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pkixj verify --profile strict} (docs/strict-profile.md): every rule broken listed in
 * text and JSON, {@code --crl} and {@code --max-chain-depth}, and the Firefox profile's output
 * unchanged.
 */
class VerifyStrictProfileTest {
  @TempDir Path dir;

  private static final String HOST = "www.example.com";
  private static final String TIME = TestClock.NOW.toString();
  private static final TestCert ROOT = CertBuilder.root("CN=Strict CLI Root,O=pkixj Test").build();
  private static final TestCert CA = CertBuilder.ca("CN=Strict CLI CA,O=pkixj Test").issuer(ROOT)
      .build();
  /** A CA without subjectKeyIdentifier (RFC 5280 §4.2.1.2): SKI_MISSING. */
  private static final TestCert CA_NO_SKI = CertBuilder.ca("CN=Strict CLI CA,O=pkixj Test")
      .issuer(ROOT).key(CA.keyPair()).removeExtension(Oids.SUBJECT_KEY_ID).build();
  private static final TestCert LEAF = CertBuilder.leaf(HOST).issuer(CA).build();
  /** A TLS leaf without extKeyUsage (BR §7.1.2.7.10): EKU_MISSING; Firefox accepts it. */
  private static final TestCert LEAF_NO_EKU = CertBuilder.leaf(HOST).issuer(CA)
      .removeExtension(Oids.EXT_KEY_USAGE).build();

  private Path write(String name, TestCert... certs) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (TestCert c : certs) {
      sb.append(c.pem());
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  private Cli.Run verify(Path chain, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("verify", chain.toString(), "--roots",
        write("roots.pem", ROOT).toString(), "--host", HOST, "--time", TIME));
    args.addAll(List.of(more));
    Cli.Run r = Cli.run(args.toArray(new String[0]));
    r.assertNoStackTrace();
    return r;
  }

  @Test
  void jsonListsEveryRuleBrokenWithCodeCertificateAndSource() throws Exception {
    Path chain = write("chain.pem", LEAF_NO_EKU, CA_NO_SKI);
    // Firefox accepts the chain.
    Cli.Run firefox = verify(chain, "--json");
    assertEquals(Main.EXIT_OK, firefox.exit(), firefox.out() + firefox.err());

    Cli.Run r = verify(chain, "--profile", "strict", "--json");
    assertEquals(Main.EXIT_REJECTED, r.exit(), r.out() + r.err());
    JsonNode j = r.json();
    assertFalse(j.get("valid").asBoolean());
    assertEquals("strict", j.get("profile").asText());
    // The first rule in priority order is the verdict; nss_code describes the Firefox code it
    // is reported as.
    assertEquals("PKIXJ_ERROR_SKI_MISSING", j.get("code").asText());
    assertEquals("SEC_ERROR_EXTENSION_VALUE_INVALID", j.get("reported_as").asText());
    assertEquals(dev.pkixj.pkix.Result.SEC_ERROR_EXTENSION_VALUE_INVALID.nssCode(),
        j.get("nss_code").asInt());
    JsonNode v = j.get("violations");
    assertEquals(2, v.size(), v.toString());
    assertEquals("SKI_MISSING", v.get(0).get("rule").asText());
    assertEquals("PKIXJ_ERROR_SKI_MISSING", v.get(0).get("code").asText());
    assertEquals(1, v.get(0).get("cert").asInt());
    assertTrue(v.get(0).get("subject").asText().contains("Strict CLI CA"), v.get(0).toString());
    assertTrue(v.get(0).get("source").asText().contains("RFC 5280 §4.2.1.2"),
        v.get(0).toString());
    assertEquals("EKU_MISSING", v.get(1).get("rule").asText());
    assertEquals("PKIXJ_ERROR_EKU_MISSING", v.get(1).get("code").asText());
    assertEquals(0, v.get(1).get("cert").asInt());
    assertTrue(v.get(1).get("subject").asText().contains(HOST), v.get(1).toString());
    assertTrue(v.get(1).get("source").asText().contains("BR §7.1.2.7.10"), v.get(1).toString());
    // The certificate index points into "chain", whose details name the same subject.
    assertEquals(j.get("chain_details").get(1).get("subject").asText(),
        v.get(0).get("subject").asText());
    // Every other key is the Firefox profile's, with the same value.
    ObjectNode ff = (ObjectNode) firefox.json();
    for (Iterator<String> it = ff.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      assertTrue(j.has(k), k);
      if (!List.of("valid", "code", "nss_code", "pkix_code", "cert_index", "explanation")
          .contains(k)) {
        assertEquals(ff.get(k), j.get(k), k);
      }
    }

    // Text: the verdict, then every rule broken.
    Cli.Run text = verify(chain, "--profile", "strict");
    assertEquals(Main.EXIT_REJECTED, text.exit(), text.err());
    String out = text.out();
    int verdict = out.indexOf("error SEC_ERROR_EXTENSION_VALUE_INVALID");
    int list = out.indexOf("Strict profile: 2 rules broken");
    assertTrue(verdict >= 0 && list > verdict, out);
    assertTrue(out.contains("PKIXJ_ERROR_SKI_MISSING  SKI_MISSING  certificate 1"), out);
    assertTrue(out.contains("PKIXJ_ERROR_EKU_MISSING  EKU_MISSING  certificate 0"), out);
  }

  @Test
  void theFirefoxProfileOutputIsUnchanged() throws Exception {
    for (Path chain : List.of(write("good.pem", LEAF, CA), write("noeku.pem", LEAF_NO_EKU,
        CA_NO_SKI), write("nochain.pem", LEAF))) {
      for (String[] mode : List.of(new String[0], new String[] {"--json"})) {
        Cli.Run plain = verify(chain, mode);
        List<String> explicit = new ArrayList<>(List.of(mode));
        explicit.addAll(List.of("--profile", "firefox"));
        Cli.Run firefox = verify(chain, explicit.toArray(new String[0]));
        assertEquals(plain.exit(), firefox.exit(), chain.toString());
        assertEquals(plain.out(), firefox.out(), chain.toString());
        assertEquals(plain.err(), firefox.err(), chain.toString());
        assertFalse(plain.out().contains("violations"), plain.out());
        assertFalse(plain.out().contains("Strict profile"), plain.out());
      }
    }
    // The unknown issuer stays Firefox's verdict.
    Cli.Run unknown = verify(write("alone.pem", LEAF), "--json");
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", unknown.json().get("code").asText());
  }

  @Test
  void aValidChainBreaksNoRule() throws Exception {
    Cli.Run r = verify(write("good.pem", LEAF, CA), "--profile", "strict", "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.out() + r.err());
    assertTrue(r.json().get("valid").asBoolean());
    assertTrue(r.json().get("code").isNull());
    assertEquals(0, r.json().get("violations").size());
    Cli.Run text = verify(write("good.pem", LEAF, CA), "--profile", "strict");
    assertEquals(Main.EXIT_OK, text.exit(), text.err());
    assertTrue(text.out().contains("Strict profile: no rule broken"), text.out());
  }

  @Test
  void aCrlRevokesTheLeafUnderTheStrictProfile() throws Exception {
    Path chain = write("good.pem", LEAF, CA);
    Path crl = dir.resolve("ca.crl");
    Files.write(crl, CrlBuilder.issuer(CA).revoke(LEAF.serial()).build());
    Path otherCrl = dir.resolve("ca-other.crl");
    Files.write(otherCrl, CrlBuilder.issuer(CA).revoke(LEAF.serial().add(
        java.math.BigInteger.ONE)).build());

    Cli.Run r = verify(chain, "--profile", "strict", "--crl", crl.toString(), "--json");
    assertEquals(Main.EXIT_REJECTED, r.exit(), r.out() + r.err());
    JsonNode j = r.json();
    assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", j.get("code").asText());
    assertEquals("REVOKED", j.get("violations").get(0).get("rule").asText());
    assertEquals(0, j.get("violations").get(0).get("cert").asInt());
    assertEquals(1, j.get("violations").size(), j.toString());

    // A CRL that does not list the leaf: valid; both given (repeatable): revoked.
    Cli.Run other = verify(chain, "--profile", "strict", "--crl", otherCrl.toString());
    assertEquals(Main.EXIT_OK, other.exit(), other.out() + other.err());
    Cli.Run both = verify(chain, "--profile", "strict", "--crl", otherCrl.toString(), "--crl",
        crl.toString());
    assertEquals(Main.EXIT_REJECTED, both.exit(), both.out() + both.err());
    assertTrue(both.out().contains("SEC_ERROR_REVOKED_CERTIFICATE  REVOKED  certificate 0"),
        both.out());
  }

  @Test
  void theMaximumChainDepth() throws Exception {
    Path chain = write("good.pem", LEAF, CA);
    Cli.Run one = verify(chain, "--profile", "strict", "--max-chain-depth", "1", "--json");
    assertEquals(Main.EXIT_OK, one.exit(), one.out() + one.err());
    Cli.Run zero = verify(chain, "--profile", "strict", "--max-chain-depth", "0", "--json");
    assertEquals(Main.EXIT_REJECTED, zero.exit(), zero.out() + zero.err());
    assertEquals("PKIXJ_ERROR_MAX_CHAIN_DEPTH_EXCEEDED", zero.json().get("code").asText());
    assertEquals("MAX_CHAIN_DEPTH", zero.json().get("violations").get(0).get("rule").asText());
  }

  @Test
  void strictFlagsWithoutTheStrictProfileOrBadValuesAreUsageErrors() throws Exception {
    Path chain = write("good.pem", LEAF, CA);
    Path crl = dir.resolve("ca.crl");
    Files.write(crl, CrlBuilder.issuer(CA).revoke(LEAF.serial()).build());
    Path garbage = dir.resolve("garbage.crl");
    Files.write(garbage, new byte[] {0x30, 0x01, 0x00});
    String[][] bad = {
        {"--crl", crl.toString()},
        {"--profile", "firefox", "--crl", crl.toString()},
        {"--max-chain-depth", "1"},
        {"--profile", "lenient"},
        {"--profile", "strict", "--max-chain-depth", "-1"},
        {"--profile", "strict", "--crl", dir.resolve("missing.crl").toString()},
        {"--profile", "strict", "--crl", garbage.toString()},
    };
    String[] named = {"--crl needs --profile strict", "--crl needs --profile strict",
        "--max-chain-depth needs --profile strict", "--profile must be firefox or strict",
        "--max-chain-depth must be 0 or more", "missing.crl: no such file", "garbage.crl"};
    for (int i = 0; i < bad.length; i++) {
      for (String[] json : List.of(new String[0], new String[] {"--json"})) {
        List<String> args = new ArrayList<>(List.of(bad[i]));
        args.addAll(List.of(json));
        Cli.Run r = verify(chain, args.toArray(new String[0]));
        assertEquals(Main.EXIT_USAGE, r.exit(), String.join(" ", args) + "\n" + r.err());
        assertEquals("", r.out(), String.join(" ", args));
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(named[i]), r.err());
      }
    }
  }
}
