package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.jsse.FirefoxTrustManager;
import dev.pkixj.jsse.PkixjTrust;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI and the JSSE trust manager load the same trust from the same settings, and give the
 * same verdict for the same chain, host, port and settings (the MITM canary, a certificate
 * exception on an HSTS host).
 */
class TrustParityTest {
  private static final String HOST = "shop.parity.test";
  private static final int PORT = 8443;
  private static final String CANARY = "CN=Corp TLS Inspection CA,O=Corp Proxy,C=US";

  @TempDir Path dir;

  private final TestCert root = CertBuilder.root("CN=Parity Root").build();
  private final TestCert userRoot = CertBuilder.root("CN=Parity User Root").build();
  private Path rootsPem;
  private Path db;

  @BeforeEach
  void files() throws Exception {
    rootsPem = Files.writeString(dir.resolve("roots.pem"), Pem.certs(root));
    db = dir.resolve("certdb");
  }

  private void writeDb(Path file, TestCert selfSigned) throws Exception {
    Files.createDirectories(file.getParent());
    try (CertDb d = CertDb.open(file)) {
      d.put(new TrustEntry(userRoot.der(), Trust.ANCHOR, null, "user", Source.USER));
      if (selfSigned != null) {
        d.putOverride(new CertOverride(HOST, PORT, MessageDigest.getInstance("SHA-256")
            .digest(selfSigned.der()), TestClock.NOW));
      }
    }
  }

  // ------------------------------------------------------------------ loading

  /** What a store holds, comparable across loaders. */
  private static List<String> contents(TrustStore s) {
    List<String> out = new ArrayList<>();
    for (TrustStore.Stored e : s.builtIns()) {
      out.add("builtin " + e.cert().fingerprintHex() + " " + e.entry().trust());
    }
    TreeSet<String> user = new TreeSet<>();
    for (TrustStore.Stored e : s.user()) {
      user.add("user " + e.cert().fingerprintHex() + " " + e.entry().trust());
    }
    out.addAll(user);
    return out;
  }

  private void assertSameTrust(String what, Consumer<TrustOptions> cli,
      PkixjTrust.Builder library) throws Exception {
    TrustOptions o = new TrustOptions();
    cli.accept(o);
    StringWriter err = new StringWriter();
    TrustOptions.Loaded l = o.load(new PrintWriter(err, true));
    PkixjTrust t = library.build();
    assertEquals(contents(l.store()), contents(t.trustStore()), what);
    assertEquals(l.database(), t.database(), what);
    assertEquals(l.exceptions().size(), t.exceptions().size(), what);
    assertEquals(o.databaseDamaged, t.databaseDamaged(), what);
  }

  @Test
  void theCliAndTheLibraryLoadTheSameTrustFromTheSameSettings() throws Exception {
    Path def = CertDb.defaultPath();
    Path saved = dir.resolve("saved-default-certdb");
    boolean had = Files.exists(def);
    if (had) {
      Files.move(def, saved, StandardCopyOption.REPLACE_EXISTING);
    }
    try {
      writeDb(def, CertBuilder.leaf(HOST).build());
      writeDb(db, null);
      // A root source keeps the default database (it exists here) in both.
      assertSameTrust("--root-source pem:", o -> o.rootSource = "pem:" + rootsPem,
          PkixjTrust.builder().rootSource("pem:" + rootsPem));
      assertEquals(def, PkixjTrust.builder().rootSource("pem:" + rootsPem).build().database());
      // Explicit roots replace the trust state: no default database in either.
      assertSameTrust("--roots", o -> o.roots = rootsPem.toString(),
          PkixjTrust.builder().roots(rootsPem));
      assertEquals(null, PkixjTrust.builder().roots(rootsPem).build().database());
      // An explicit database, with either kind of roots.
      assertSameTrust("--roots --db", o -> {
        o.roots = rootsPem.toString();
        o.db = db;
      }, PkixjTrust.builder().roots(rootsPem).database(db));
      assertSameTrust("--root-source --db", o -> {
        o.rootSource = "pem:" + rootsPem;
        o.db = db;
      }, PkixjTrust.builder().rootSource("pem:" + rootsPem).database(db));
      // Without the default database, a root source reads none in both.
      Files.delete(def);
      assertSameTrust("--root-source, no default database", o -> o.rootSource = "pem:" + rootsPem,
          PkixjTrust.builder().rootSource("pem:" + rootsPem));
    } finally {
      Files.deleteIfExists(def);
      if (had) {
        Files.move(saved, def);
      }
    }
  }

  // ------------------------------------------------------------------ verdicts

  private Path configFile(String hsts) throws Exception {
    // The canary written with other spacing and case than the certificate's issuer name.
    return Files.writeString(dir.resolve("config-" + hsts.hashCode() + ".properties"),
        "mitm.canary.issuer=cn = corp tls inspection ca ;  O=CORP  Proxy,c=us\n"
            + "hsts.hosts=" + hsts + "\n");
  }

  private FirefoxTrustManager trustManager(String hsts) {
    PkixjTrust.Builder b = PkixjTrust.builder().roots(rootsPem).database(db).exceptions(true)
        .mitmCanaryIssuer("cn = corp tls inspection ca ;  O=CORP  Proxy,c=us")
        .clock(Clock.fixed(TestClock.NOW, ZoneOffset.UTC));
    if (!hsts.isEmpty()) {
      b.hstsHosts(hsts);
    }
    return b.build().trustManager();
  }

  private JsonNode verify(TestCert leaf, String hsts, int expectedExit) throws Exception {
    Path chain = Files.writeString(dir.resolve("chain-" + leaf.serial() + ".pem"),
        Pem.certs(leaf));
    Cli.Run r = Cli.run("verify", chain.toString(), "--roots", rootsPem.toString(), "--db",
        db.toString(), "--host", HOST, "--port", String.valueOf(PORT), "--time",
        TestClock.NOW.toString(), "--config", configFile(hsts).toString(), "--json");
    r.assertNoStackTrace();
    assertEquals(expectedExit, r.exit(), r.out() + r.err());
    return r.lastLineJson();
  }

  @Test
  void aCanaryChainIsMitmDetectedByVerifyAndByTheTrustManager() throws Exception {
    writeDb(db, null);
    TestCert proxyRoot = CertBuilder.root(CANARY).build();
    TestCert intercepted = CertBuilder.leaf(HOST).issuer(proxyRoot).build();
    JsonNode cli = verify(intercepted, "", Main.EXIT_REJECTED);
    assertEquals("MOZILLA_PKIX_ERROR_MITM_DETECTED", cli.get("code").asText(), cli.toString());
    VerificationResult tm = trustManager("").verifyServer(List.of(intercepted.der()), HOST, PORT,
        null);
    assertEquals(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED, tm.result());
  }

  @Test
  void anExceptionOnAnHstsHostIsRefusedByVerifyAndByTheTrustManager() throws Exception {
    TestCert selfSigned = CertBuilder.leaf(HOST).build();
    writeDb(db, selfSigned);

    // The control: not HSTS, the exception covers the error in both.
    JsonNode ok = verify(selfSigned, "", Main.EXIT_OK);
    assertTrue(ok.get("valid").asBoolean(), ok.toString());
    VerificationResult covered = trustManager("").verifyServer(List.of(selfSigned.der()), HOST,
        PORT, null);
    assertTrue(covered.isValid() && covered.isOverridden(), covered.toString());

    // HSTS (here through the parent domain with subdomains): refused in both.
    JsonNode refused = verify(selfSigned, ".parity.test", Main.EXIT_REJECTED);
    VerificationResult tm = trustManager(".parity.test").verifyServer(
        List.of(selfSigned.der()), HOST, PORT, null);
    assertFalse(tm.isValid());
    assertEquals(refused.get("code").asText(), tm.result().firefoxName());
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, tm.result());
  }
}
