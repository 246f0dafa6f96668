package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.onecrl.OneCrlRecord;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.state.SecurityState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} with the stored security state (docs/intermediates.md, docs/onecrl.md): a
 * preloaded intermediate completes a chain the server sent without it, and only changes the
 * issuer search; OneCRL refuses a listed certificate by either key kind, wherever it is in the
 * chain, on every candidate path; {@code --state-dir}, {@code --no-preloaded-intermediates} and
 * {@code --no-onecrl} choose per run.
 */
class VerifySecurityStateTest {
  static final TestPki PKI = TestPki.ec();
  static final String HOST = TestPki.LEAF_HOST;
  static final String TIME = Long.toString(TestClock.NOW.getEpochSecond());
  static final String REVOKED = "SEC_ERROR_REVOKED_CERTIFICATE";

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  /** A security-state directory holding {@code preloaded} as imported intermediates. */
  private Path stateWith(String name, TestCert... preloaded) throws Exception {
    Path state = dir.resolve(name);
    Files.createDirectories(state);
    if (preloaded.length > 0) {
      StringBuilder pem = new StringBuilder();
      for (TestCert c : preloaded) {
        pem.append(c.pem());
      }
      Path bundle = write(name + "-bundle.pem", pem.toString());
      IntermediatesStore.importFiles(state, List.of(bundle), TestClock.NOW);
    }
    return state;
  }

  private static void oneCrl(Path state, OneCrlRecord... records) throws Exception {
    Files.createDirectories(state);
    OneCrlStore.replace(SecurityState.at(state), List.of(records), "test", OptionalLong.empty(),
        TestClock.NOW.toEpochMilli());
  }

  private static OneCrlRecord byIssuerSerial(String id, TestCert c) {
    return OneCrlRecord.issuerSerial(id, 1, c.issuerDer(), c.serial().toByteArray(),
        new OneCrl.Details("1234", null, null, null, null));
  }

  private static OneCrlRecord bySubjectKey(String id, TestCert c) {
    return OneCrlRecord.subjectKey(id, 1, c.subjectDer(), OneCrl.pubKeyHash(c.spkiDer()),
        OneCrl.Details.NONE);
  }

  private Cli.Run verify(List<TestCert> chain, List<TestCert> roots, String host,
      String... more) throws IOException {
    StringBuilder c = new StringBuilder();
    for (TestCert t : chain) {
      c.append(t.pem());
    }
    StringBuilder r = new StringBuilder();
    for (TestCert t : roots) {
      r.append(t.pem());
    }
    List<String> args = new ArrayList<>(List.of("verify",
        write("chain-" + System.nanoTime() + ".pem", c.toString()).toString(),
        "--roots", write("roots-" + System.nanoTime() + ".pem", r.toString()).toString(),
        "--host", host, "--time", TIME));
    args.addAll(List.of(more));
    Cli.Run run = Cli.run(args.toArray(new String[0]));
    run.assertNoStackTrace();
    return run;
  }

  private static String code(Cli.Run r) {
    JsonNode c = r.json().get("code");
    return c.isNull() ? "Success" : c.asText();
  }

  private static List<Boolean> preloadedFlags(Cli.Run r) {
    List<Boolean> out = new ArrayList<>();
    for (JsonNode d : r.json().get("chain_details")) {
      out.add(d.get("preloaded").asBoolean());
    }
    return out;
  }

  // --- preloaded intermediates ------------------------------------------------------------------

  @Test
  void aMissingIntermediateIsUnknownIssuerWithoutPreloadingAndSuccessWithIt() throws Exception {
    Path empty = stateWith("empty");
    Cli.Run without = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST,
        "--state-dir", empty.toString(), "--json");
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", code(without), without.out());
    assertEquals(Main.EXIT_REJECTED, without.exit());

    Path state = stateWith("preloaded", PKI.intermediate());
    Cli.Run with = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST,
        "--state-dir", state.toString(), "--json");
    assertEquals(Main.EXIT_OK, with.exit(), with.out() + with.err());
    assertEquals("Success", code(with));
    assertEquals(List.of(false, true, false), preloadedFlags(with), with.out());
    assertTrue(with.json().get("onecrl").isNull());

    Cli.Run text = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST,
        "--state-dir", state.toString());
    assertEquals(Main.EXIT_OK, text.exit());
    assertTrue(text.out().contains("completed by a preloaded intermediate"), text.out());

    Cli.Run off = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST,
        "--state-dir", state.toString(), "--no-preloaded-intermediates", "--json");
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", code(off), off.out());
  }

  @Test
  void aPresentedIntermediateIsNotReportedAsPreloaded() throws Exception {
    Path state = stateWith("preloaded", PKI.intermediate());
    Cli.Run r = verify(List.of(PKI.leaf(), PKI.intermediate()), List.of(PKI.root()), HOST,
        "--state-dir", state.toString(), "--json");
    assertEquals("Success", code(r));
    assertEquals(List.of(false, false, false), preloadedFlags(r), r.out());
  }

  @Test
  void preloadingChangesOnlyTheIssuerSearch() throws Exception {
    Path state = stateWith("preloaded", PKI.intermediate());
    TestCert expired = PKI.leafBuilder().validity(TestClock.daysAgo(400), TestClock.daysAgo(10))
        .serial(0x7e57).build();
    String[][] cases = {{"other.example.test", "leaf"}, {HOST, "expired"}};
    for (String[] c : cases) {
      TestCert leaf = c[1].equals("leaf") ? PKI.leaf() : expired;
      Cli.Run sent = verify(List.of(leaf, PKI.intermediate()), List.of(PKI.root()), c[0],
          "--state-dir", stateWith("empty-" + c[1]).toString(), "--json");
      Cli.Run preloaded = verify(List.of(leaf), List.of(PKI.root()), c[0],
          "--state-dir", state.toString(), "--json");
      assertFalse(code(sent).equals("Success"), sent.out());
      assertEquals(code(sent), code(preloaded), c[0] + "/" + c[1] + ": " + preloaded.out());
      assertEquals(sent.json().get("cert_index"), preloaded.json().get("cert_index"));
      assertEquals(sent.json().get("chain"), preloaded.json().get("chain"));
    }
  }

  @Test
  void theDefaultSecurityStateIsUsedAndLeftOutPerRun() throws Exception {
    Path def = SecurityState.defaultDir();
    Files.createDirectories(def);
    try {
      IntermediatesStore.importFiles(def,
          List.of(write("i.pem", PKI.intermediate().pem())), TestClock.NOW);
      Cli.Run r = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST, "--json");
      assertEquals("Success", code(r), r.out() + r.err());
      oneCrl(def, byIssuerSerial("default-entry", PKI.intermediate()));
      Cli.Run revoked = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST, "--json");
      assertEquals(REVOKED, code(revoked));
      assertEquals("default-entry", revoked.json().get("onecrl").get("id").asText());
      Cli.Run noOneCrl = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST, "--json",
          "--no-onecrl");
      assertEquals("Success", code(noOneCrl));
    } finally {
      IntermediatesStore.removeAll(def);
      OneCrlStore.removeAll(SecurityState.at(def));
    }
  }

  @Test
  void aDamagedStoreIsOneWarningAndTheRunGoesOnWithoutIt() throws Exception {
    Path state = stateWith("damaged", PKI.intermediate());
    oneCrl(state, byIssuerSerial("x", PKI.intermediate()));
    Path file = IntermediatesStore.file(state);
    byte[] b = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
    Cli.Run r = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST,
        "--state-dir", state.toString(), "--json");
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", code(r), r.out());
    List<String> warnings = r.err().lines().filter(l -> l.contains("warning")).toList();
    assertEquals(1, warnings.size(), r.err());
    assertTrue(warnings.get(0).contains(file.toString()), r.err());

    Files.writeString(state.resolve(OneCrlStore.FILE), "{\"format\":\"pkixj-onecrl\",",
        StandardCharsets.UTF_8);
    Files.write(file, b);
    Cli.Run r2 = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST,
        "--state-dir", state.toString(), "--json");
    assertEquals("Success", code(r2), r2.out() + r2.err());
    assertTrue(r2.err().contains(OneCrlStore.FILE) && r2.err().contains("warning"), r2.err());
  }

  @Test
  void aStateDirThatIsAFileIsAnInputErrorAndAnAbsentOneHoldsNothing() throws Exception {
    Path file = write("a-file", "not a directory");
    Cli.Run r = verify(List.of(PKI.leaf()), List.of(PKI.root()), HOST,
        "--state-dir", file.toString());
    assertEquals(Main.EXIT_USAGE, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(file.toString()), r.err());

    Cli.Run absent = verify(List.of(PKI.leaf(), PKI.intermediate()), List.of(PKI.root()), HOST,
        "--state-dir", dir.resolve("nowhere").toString(), "--json");
    assertEquals(Main.EXIT_OK, absent.exit(), absent.err());
    assertFalse(Files.exists(dir.resolve("nowhere")), "verify writes nothing");
  }

  // --- OneCRL -------------------------------------------------------------------------------------

  private void assertListed(Cli.Run r, String id, String kind, TestCert listed) {
    assertEquals(REVOKED, code(r), r.out());
    assertEquals(Main.EXIT_REJECTED, r.exit());
    JsonNode m = r.json().get("onecrl");
    assertEquals(id, m.get("id").asText(), r.out());
    assertEquals(kind, m.get("kind").asText());
    int i = m.get("cert_index").asInt();
    assertEquals(listed.sha256FingerprintHex().toLowerCase(java.util.Locale.ROOT),
        r.json().get("chain").get(i).asText(), r.out());
  }

  @Test
  void oneCrlByIssuerAndSerialOnTheIntermediate() throws Exception {
    Path state = stateWith("s");
    oneCrl(state, byIssuerSerial("by-issuer", PKI.intermediate()));
    Cli.Run r = verify(PKI.chain().subList(0, 2), List.of(PKI.root()), HOST,
        "--state-dir", state.toString(), "--json");
    assertListed(r, "by-issuer", "issuer_serial", PKI.intermediate());
    assertEquals("1234", r.json().get("onecrl").get("bug").asText());

    Cli.Run text = verify(PKI.chain().subList(0, 2), List.of(PKI.root()), HOST,
        "--state-dir", state.toString());
    assertTrue(text.out().contains("OneCRL: entry by-issuer (issuer_serial)"), text.out());
    assertTrue(text.out().contains(REVOKED), text.out());

    Cli.Run off = verify(PKI.chain().subList(0, 2), List.of(PKI.root()), HOST,
        "--state-dir", state.toString(), "--no-onecrl", "--json");
    assertEquals("Success", code(off));
    assertTrue(off.json().get("onecrl").isNull());
  }

  @Test
  void oneCrlBySubjectAndKeyOnTheRoot() throws Exception {
    Path state = stateWith("s");
    oneCrl(state, bySubjectKey("root-key", PKI.root()));
    Cli.Run r = verify(PKI.chain().subList(0, 2), List.of(PKI.root()), HOST,
        "--state-dir", state.toString(), "--json");
    assertListed(r, "root-key", "subject_key", PKI.root());
    assertFalse(r.json().get("onecrl").has("bug"));
  }

  @Test
  void oneCrlBySubjectAndKeyOnTheLeaf() throws Exception {
    Path state = stateWith("s");
    oneCrl(state, bySubjectKey("leaf-key", PKI.leaf()));
    Cli.Run r = verify(PKI.chain().subList(0, 2), List.of(PKI.root()), HOST,
        "--state-dir", state.toString(), "--json");
    assertListed(r, "leaf-key", "subject_key", PKI.leaf());
    assertEquals(0, r.json().get("onecrl").get("cert_index").asInt());
  }

  /** Two intermediates with one subject and key under two roots: cross-signed paths. */
  static final class Cross {
    static final KeyPair KEY = TestKeys.ec(TestKeys.Curve.P256, "cross/intermediate");
    static final TestCert ROOT_A = CertBuilder.root("CN=Cross Root A").key(
        TestKeys.ec(TestKeys.Curve.P256, "cross/root-a")).build();
    static final TestCert ROOT_B = CertBuilder.root("CN=Cross Root B").key(
        TestKeys.ec(TestKeys.Curve.P256, "cross/root-b")).build();
    static final TestCert VIA_A = CertBuilder.ca("CN=Cross Intermediate").issuer(ROOT_A)
        .key(KEY).serial(0xa1).build();
    static final TestCert VIA_B = CertBuilder.ca("CN=Cross Intermediate").issuer(ROOT_B)
        .key(KEY).serial(0xb1).build();
    static final TestCert LEAF = CertBuilder.leaf(HOST).issuer(VIA_A).serial(0x1eaf)
        .key(TestKeys.ec(TestKeys.Curve.P256, "cross/leaf")).build();
  }

  @Test
  void aListedIntermediateOnOneOfTwoPathsTheOtherPathWins() throws Exception {
    List<TestCert> chain = List.of(Cross.LEAF, Cross.VIA_A, Cross.VIA_B);
    List<TestCert> roots = List.of(Cross.ROOT_A, Cross.ROOT_B);
    Path state = stateWith("s");
    Cli.Run plain = verify(chain, roots, HOST, "--state-dir", state.toString(), "--json");
    assertEquals("Success", code(plain), plain.out());
    assertEquals(Cross.VIA_A.sha256FingerprintHex().toLowerCase(java.util.Locale.ROOT),
        plain.json().get("chain").get(1).asText(), "the first candidate is the first presented");

    oneCrl(state, byIssuerSerial("via-a", Cross.VIA_A));
    Cli.Run one = verify(chain, roots, HOST, "--state-dir", state.toString(), "--json");
    assertEquals("Success", code(one), one.out());
    assertEquals(Cross.VIA_B.sha256FingerprintHex().toLowerCase(java.util.Locale.ROOT),
        one.json().get("chain").get(1).asText(), one.out());
    assertTrue(one.json().get("onecrl").isNull());

    oneCrl(state, byIssuerSerial("via-a", Cross.VIA_A), byIssuerSerial("via-b", Cross.VIA_B));
    Cli.Run both = verify(chain, roots, HOST, "--state-dir", state.toString(), "--json");
    assertEquals(REVOKED, code(both), both.out());
    String id = both.json().get("onecrl").get("id").asText();
    assertTrue(id.equals("via-a") || id.equals("via-b"), both.out());
  }
}
