package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.CrlBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.verifier.Profile;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.strict.StrictOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The strict-profile flags shared by the verifying commands, and the rendering of violations. */
class ProfileOptionsTest {
  @TempDir Path dir;

  private static final TestCert ROOT = CertBuilder.root("Profile Options Root").build();
  private static final TestCert CA = CertBuilder.ca("Profile Options CA").issuer(ROOT).build();
  private static final TestCert LEAF = CertBuilder.leaf("www.example.com").issuer(CA).build();

  @Command(name = "t")
  static final class T {
    @Mixin ProfileOptions options = new ProfileOptions();
  }

  private static ProfileOptions parse(String... args) {
    T t = new T();
    new CommandLine(t).parseArgs(args);
    return t.options;
  }

  @Test
  void firefoxIsTheDefaultAndLeavesTheVerifierAlone() throws Exception {
    Verifier v = Verifier.withRoots(List.of(ROOT.der()));
    assertSame(v, parse().apply(v));
    assertEquals(Profile.FIREFOX, parse().profile());
    assertEquals(Profile.FIREFOX, parse("--profile", "firefox").profile());
    assertNull(parse("--profile", "Firefox").strictOptions());
  }

  @Test
  void strictWithCrlsAndDepth() throws Exception {
    Path der = dir.resolve("ca.crl");
    Files.write(der, CrlBuilder.issuer(CA).revoke(LEAF.serial()).build());
    Path pem = dir.resolve("root.pem");
    Files.writeString(pem, "-----BEGIN X509 CRL-----\n"
        + Base64.getMimeEncoder().encodeToString(CrlBuilder.issuer(ROOT).build())
        + "\n-----END X509 CRL-----\n");
    ProfileOptions o = parse("--profile", "strict", "--crl", der.toString(), "--crl",
        pem.toString(), "--max-chain-depth", "1");
    StrictOptions s = o.strictOptions();
    assertEquals(2, s.crls().size());
    assertEquals(1, s.maxChainDepth());
    Verifier v = o.apply(Verifier.withRoots(List.of(ROOT.der())).withCt(CtSettings.OFF));
    assertEquals(Profile.STRICT, v.profile());
    VerificationResult r = v.verifyServer(List.of(LEAF.der(), CA.der()), "www.example.com",
        TestClock.NOW);
    assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", r.code());

    ObjectNode json = Json.object();
    ProfileOptions.putStrict(json, r);
    assertEquals("strict", json.get("profile").asText());
    assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", json.get("code").asText());
    assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", json.get("reported_as").asText());
    JsonNode first = json.get("violations").get(0);
    assertEquals("REVOKED", first.get("rule").asText());
    assertEquals(0, first.get("cert").asInt());
    assertEquals("RFC 5280 §6.3.3 (i)", first.get("source").asText());

    // A rule Firefox has no code for: its own code, and the Firefox code it is reported as.
    TestCert noEku = CertBuilder.leaf("www.example.com").issuer(CA)
        .removeExtension(dev.pkixj.testdata.Oids.EXT_KEY_USAGE).build();
    VerificationResult r2 = v.verifyServer(List.of(noEku.der(), CA.der()), "www.example.com",
        TestClock.NOW);
    ObjectNode json2 = Json.object();
    ProfileOptions.putStrict(json2, r2);
    assertEquals("PKIXJ_ERROR_EKU_MISSING", json2.get("code").asText());
    assertEquals("SEC_ERROR_INADEQUATE_CERT_TYPE", json2.get("reported_as").asText());
    // Valid: no code, as verify --json says it.
    TestCert good = CertBuilder.leaf("www.example.com").issuer(CA).build();
    ObjectNode json3 = Json.object();
    ProfileOptions.putStrict(json3, o.apply(Verifier.withRoots(List.of(ROOT.der()))
        .withCt(CtSettings.OFF)).withProfile(Profile.STRICT, StrictOptions.defaults())
        .verifyServer(List.of(good.der(), CA.der()), "www.example.com", TestClock.NOW));
    assertTrue(json3.get("code").isNull());
    assertEquals(0, json3.get("violations").size());

    StringWriter text = new StringWriter();
    ProfileOptions.printViolations(new PrintWriter(text, true), r);
    assertTrue(text.toString().contains("SEC_ERROR_REVOKED_CERTIFICATE  REVOKED  certificate 0"),
        text.toString());
  }

  @Test
  void badFlagsAreOneLineErrorsNamingThem() throws Exception {
    Path garbage = dir.resolve("garbage.crl");
    Files.write(garbage, new byte[] {0x30, 0x03, 1, 2, 3});
    Path noBlock = dir.resolve("cert.pem");
    Files.writeString(noBlock, ROOT.pem());
    String[][] bad = {
        {"--profile", "lenient"},
        {"--crl", garbage.toString()},
        {"--max-chain-depth", "2"},
        {"--profile", "strict", "--max-chain-depth", "-1"},
        {"--profile", "strict", "--crl", dir.resolve("missing.crl").toString()},
        {"--profile", "strict", "--crl", garbage.toString()},
        {"--profile", "strict", "--crl", noBlock.toString()},
        {"--profile", "strict", "--crl", dir.toString()},
    };
    String[] named = {"--profile", "--crl needs --profile strict",
        "--max-chain-depth needs --profile strict", "--max-chain-depth", "no such file",
        "not a valid DER CRL (SEC_ERROR_BAD_DER)", "no X509 CRL block", "a directory"};
    for (int i = 0; i < bad.length; i++) {
      ProfileOptions o = parse(bad[i]);
      CliException e = assertThrows(CliException.class, o::strictOptions, String.join(" ",
          bad[i]));
      assertTrue(e.getMessage().contains(named[i]), e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
      CliException applied = assertThrows(CliException.class,
          () -> o.apply(Verifier.withRoots(List.of(ROOT.der()))), String.join(" ", bad[i]));
      assertEquals(e.getMessage(), applied.getMessage());
    }
  }
}
