package dev.pkixj.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpsServer;
import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.CtLogListWriter;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.SctListEncoder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.ct.CtLog;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.CtStatus;
import dev.pkixj.verifier.ct.KnownLogs;
import dev.pkixj.verifier.ct.RootProgram;
import dev.pkixj.verifier.ct.SctOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate Transparency through the trust manager, over real TLS on loopback: servers
 * presenting chains with and without SCTs (embedded, or only in the stapled OCSP response) under
 * the test root, which the tests make CT-enforced (auto with a root program holding the test
 * root, or enforce).
 */
class CtTrustManagerTest {
  static Loopback world;
  static TestCtLog logA;
  static TestCtLog logB;
  static CtLogList logs;
  static RootProgram testRootProgram;
  static long sctTime;
  static final List<HttpsServer> started = new ArrayList<>();

  /** Embedded SCTs from two logs of two operators (lifetime 90 days: 2 are enough). */
  static Server withScts;
  /** No SCT at all. */
  static Server noScts;
  /** SCTs only in the stapled OCSP response (the JDK server fetches it from the AIA URL). */
  static Server stapledScts;

  record Server(HttpsServer https, List<TestCert> chain) {
    String url() {
      return "https://" + Loopback.HOST + ":" + https.getAddress().getPort() + "/";
    }

    List<byte[]> ders() {
      List<byte[]> out = new ArrayList<>();
      for (TestCert c : chain) {
        out.add(c.der());
      }
      return out;
    }
  }

  @BeforeAll
  static void setUp() throws Exception {
    world = Loopback.get();
    logA = TestCtLog.p256("JSSE CT Test Log A", "JSSE CT Operator A");
    logB = TestCtLog.p256("JSSE CT Test Log B", "JSSE CT Operator B");
    logs = new CtLogList(List.of(ctLog(logA, 0), ctLog(logB, 1)), world.now.minus(Duration.ofDays(1)),
        world.now.plus(Duration.ofDays(70)), "test");
    testRootProgram = RootProgram.of(List.of(
        MessageDigest.getInstance("SHA-256").digest(world.root.der())), "test");
    sctTime = world.now.minus(Duration.ofDays(10)).toEpochMilli();

    TestCert leaf = Loopback.withLocalNames(world.leafBuilder(Loopback.HOST)).serial(0xC7A1L)
        .embeddedSct(logA, sctTime).embeddedSct(logB, sctTime).build();
    withScts = start(List.of(leaf, world.intermediate), "CT_EMBEDDED");
    TestCert bare = Loopback.withLocalNames(world.leafBuilder(Loopback.HOST)).serial(0xC7A2L)
        .build();
    noScts = start(List.of(bare, world.intermediate), "CT_NONE");

    String key = "ocsp-ct-stapled";
    TestCert stapledLeaf = Loopback.withLocalNames(world.leafBuilder(Loopback.HOST))
        .serial(0xC7A3L).ocspUrl(world.plainBase + key).build();
    byte[] sctList = SctListEncoder.list(logA.x509Sct(stapledLeaf.der(), sctTime),
        logB.x509Sct(stapledLeaf.der(), sctTime));
    byte[] staple = OcspResponseBuilder.forIssuer(world.intermediate)
        .producedAt(world.now.minus(Duration.ofHours(1)))
        .thisUpdate(world.now.minus(Duration.ofHours(1)))
        .nextUpdate(world.now.plus(Duration.ofDays(3))).good(stapledLeaf).sctList(sctList)
        .build();
    world.servePlain(key, staple);
    stapledScts = start(List.of(stapledLeaf, world.intermediate), "CT_STAPLED");
  }

  @AfterAll
  static void stop() {
    for (HttpsServer s : started) {
      s.stop(0);
    }
  }

  static Server start(List<TestCert> chain, String greeting) {
    HttpsServer s = world.startHttps(chain, greeting);
    started.add(s);
    return new Server(s, chain);
  }

  static CtLog ctLog(TestCtLog log, int operatorId) {
    return new CtLog(log.name(), log.operator(), operatorId, CtLog.State.ADMISSIBLE, 0,
        CtLog.Format.RFC6962, log.spkiDer());
  }

  /** The test root as the only root; no revocation fetching (the staple is still looked at). */
  static PkixjTrust trust(CtSettings ct) {
    return PkixjTrust.builder().rootsDer(world.roots()).noDatabase().ocspFetching(false)
        .ct(ct).build();
  }

  static CtSettings settings(CtMode mode, RootProgram program) {
    return new CtSettings(mode, logs, program, "", "");
  }

  static void assertAccepted(Server server, PkixjTrust trust, String greeting) throws Exception {
    Clients.Outcome o = Clients.JDK_HTTP_CLIENT.get(server.url(), trust);
    assertEquals(200, o.status());
    assertEquals("hello from " + greeting + "\n", o.body());
  }

  static FirefoxCertificateException assertRejected(Server server, PkixjTrust trust) {
    Exception failure = null;
    try {
      Clients.JDK_HTTP_CLIENT.get(server.url(), trust);
    } catch (Exception e) {
      failure = e;
    }
    assertNotNull(failure, "the handshake succeeded");
    FirefoxCertificateException fce = FirefoxCertificateException.find(failure);
    if (fce == null) {
      fail("failed without pkixj's exception in the cause chain", failure);
    }
    return fce;
  }

  // ------------------------------------------------------------------ (a) compliant

  @Test
  void compliantEmbeddedSctsAreAcceptedInAutoModeUnderTheRootProgram() throws Exception {
    PkixjTrust trust = trust(settings(CtMode.AUTO, testRootProgram));
    assertAccepted(withScts, trust, "CT_EMBEDDED");
    VerificationResult r = trust.trustManager().verifyServer(withScts.ders(), Loopback.HOST,
        443, null);
    assertEquals(CtStatus.COMPLIANT, r.ct().status());
    assertEquals(2, r.ct().scts().size());
    assertTrue(r.ct().scts().stream().allMatch(s -> s.isValid()
        && s.sct().origin() == SctOrigin.EMBEDDED), r.ct().toString());
  }

  @Test
  void compliantEmbeddedSctsAreAcceptedInEnforceMode() throws Exception {
    assertAccepted(withScts, trust(settings(CtMode.ENFORCE, RootProgram.NONE)), "CT_EMBEDDED");
  }

  // ------------------------------------------------------------------ (b) no SCTs

  @Test
  void aLeafWithoutSctsIsRejectedWithTheCtError() {
    for (CtSettings s : List.of(settings(CtMode.ENFORCE, RootProgram.NONE),
        settings(CtMode.AUTO, testRootProgram))) {
      FirefoxCertificateException fce = assertRejected(noScts, trust(s));
      assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, fce.code(),
          s.mode() + ": " + fce.getMessage());
      assertEquals(0, fce.certIndex());
      assertEquals(Loopback.HOST, fce.host());
      assertTrue(fce.getMessage().startsWith(
          "MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY (-16368)"), fce.getMessage());
      assertEquals(CtStatus.NOT_ENOUGH_SCTS, fce.verification().ct().status());
      assertEquals(fce.code(), fce.explanation().code());
    }
  }

  /** In auto mode a root outside the root program is not checked: the same leaf passes. */
  @Test
  void autoModeOutsideTheRootProgramDoesNotCheck() throws Exception {
    PkixjTrust trust = trust(settings(CtMode.AUTO, RootProgram.NONE));
    assertAccepted(noScts, trust, "CT_NONE");
    assertEquals(CtStatus.NOT_APPLICABLE, trust.trustManager()
        .verifyServer(noScts.ders(), Loopback.HOST, 443, null).ct().status());
  }

  // ------------------------------------------------------------------ (c) telemetry

  @Test
  void telemetryModeReportsButAccepts() throws Exception {
    PkixjTrust trust = trust(settings(CtMode.TELEMETRY, testRootProgram));
    assertAccepted(noScts, trust, "CT_NONE");
    VerificationResult r = trust.trustManager().verifyServer(noScts.ders(), Loopback.HOST, 443,
        null);
    assertTrue(r.isValid());
    assertEquals(CtStatus.NOT_ENOUGH_SCTS, r.ct().status()); // evaluated, not an error
  }

  // ------------------------------------------------------------------ (d) SCTs in the staple

  @Test
  void sctsDeliveredOnlyInTheStapledOcspResponseCount() throws Exception {
    PkixjTrust trust = trust(settings(CtMode.ENFORCE, RootProgram.NONE));
    assertAccepted(stapledScts, trust, "CT_STAPLED");
    // Without the staple the same chain has no SCT: the staple is what made it pass.
    VerificationResult bare = trust.trustManager().verifyServer(stapledScts.ders(),
        Loopback.HOST, 443, null);
    assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, bare.result());
  }

  // ------------------------------------------------------------------ configuration

  @Test
  void theCtModeSystemProperty() {
    Map<String, String> props = Map.of(PkixjTrust.PROP_ROOTS,
        "pem:" + writePem(world.root), PkixjTrust.PROP_DB, "none",
        PkixjTrust.PROP_CT_MODE, "Enforce");
    try {
      props.forEach(System::setProperty);
      PkixjTrust t = PkixjTrust.defaults();
      assertEquals(CtMode.ENFORCE, t.ct().mode());
      assertEquals(CtMode.ENFORCE, t.verifier().ct().mode());
      // Enforced under the test root with the embedded list: no SCT from a known log.
      assertEquals(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY,
          t.trustManager().verifyServer(noScts.ders(), Loopback.HOST, null).result());

      System.setProperty(PkixjTrust.PROP_CT_MODE, "strict");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          PkixjTrust::fromSystemProperties);
      assertTrue(e.getMessage().startsWith(PkixjTrust.PROP_CT_MODE + ": "), e.getMessage());
    } finally {
      props.keySet().forEach(System::clearProperty);
    }
  }

  static Path pemDir;

  static String writePem(TestCert cert) {
    try {
      if (pemDir == null) {
        pemDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ctjsse");
      }
      Path p = pemDir.resolve("root.pem");
      Files.writeString(p, cert.pem());
      return p.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void byDefaultFirefoxSettingsWithTheLogListInForce(@TempDir Path state) throws Exception {
    PkixjTrust.Builder b = PkixjTrust.builder().rootsDer(world.roots()).noDatabase()
        .securityStateDir(state);
    PkixjTrust plain = b.build();
    assertEquals(CtMode.AUTO, plain.ct().mode());
    assertEquals(RootProgram.mozilla(), plain.ct().rootProgram());
    assertEquals(KnownLogs.EMBEDDED_SOURCE, plain.ct().logs().source());

    // A damaged stored list: a warning (logged), the embedded list, no exception.
    Files.writeString(state.resolve(KnownLogs.STATE_NAME), "{\"operators\": [");
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.pkixj.jsse");
    List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler capture = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        logged.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(capture);
    try {
      assertEquals(KnownLogs.EMBEDDED_SOURCE, b.build().ct().logs().source());
    } finally {
      jul.removeHandler(capture);
    }
    assertTrue(logged.stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.WARNING
        && r.getMessage().contains("the stored CT log list does not load")
        && r.getMessage().contains(KnownLogs.STATE_NAME)), logged.toString());

    // A newer stored list is the one in force.
    byte[] newer = CtLogListWriter.create()
        .timestamp(KnownLogs.embedded().timestamp().plus(Duration.ofDays(1)))
        .log(logA, CtLogListWriter.State.USABLE, Instant.parse("2024-01-01T00:00:00Z"))
        .log(logB, CtLogListWriter.State.USABLE, Instant.parse("2024-01-01T00:00:00Z"))
        .toBytes();
    KnownLogs.store(state, newer, "test");
    PkixjTrust stored = b.build();
    assertEquals(2, stored.ct().logs().logs().size());
    assertTrue(stored.ct().logs().source().endsWith(KnownLogs.STATE_NAME),
        stored.ct().logs().source());

    // ctMode replaces the mode of the default settings and of given ones.
    assertEquals(CtMode.OFF, b.copy().ctMode(CtMode.OFF).build().ct().mode());
    assertEquals(CtMode.TELEMETRY, b.copy().ct(settings(CtMode.ENFORCE, RootProgram.NONE))
        .ctMode(CtMode.TELEMETRY).build().ct().mode());
  }
}
