package dev.pkixj.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.RemoteSettingsServer;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.onecrl.OneCrlRecord;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.state.SecurityState;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.truststore.revocation.CrliteMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored security state in the trust manager: the preloaded intermediates and OneCRL of the
 * security-state directory are used by default, given ones replace them, and the background
 * refresh (off by default) swaps new data in, or keeps the old data when it fails.
 */
class SecurityStateTrustManagerTest {
  static final TestPki PKI = TestPki.ec();
  static final String HOST = TestPki.LEAF_HOST;
  static final List<byte[]> LEAF_ONLY = List.of(PKI.leaf().der());

  @TempDir Path dir;

  private PkixjTrust.Builder builder(Path state) {
    return PkixjTrust.builder().rootsDer(List.of(PKI.root().der()))
        .revocation(PkixjTrust.Revocation.OFF).crliteMode(CrliteMode.OFF).ctMode(CtMode.OFF)
        .clock(Clock.fixed(TestClock.NOW, ZoneOffset.UTC)).securityStateDir(state);
  }

  private void importIntermediate(Path state) throws Exception {
    Path pem = Files.writeString(dir.resolve("i-" + System.nanoTime() + ".pem"),
        PKI.intermediate().pem());
    IntermediatesStore.importFiles(state, List.of(pem), TestClock.NOW);
  }

  private static Result verdict(FirefoxTrustManager tm) {
    return tm.verifyServer(LEAF_ONLY, HOST, 443, null).result();
  }

  /** Waits until {@code trust} has swapped data in {@code n} more times than {@code from}. */
  private static void awaitRefreshes(PkixjTrust trust, long from, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (trust.securityStateRefreshes() < from + n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the refresh thread did not refresh (" + trust
            .securityStateRefreshes() + " refreshes, " + trust.securityStateRefreshFailures()
            + " failures)");
      }
      Thread.sleep(5);
    }
  }

  @Test
  void theStoredIntermediatesAreUsedByDefault() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER,
        verdict(builder(state).build().trustManager()));
    importIntermediate(state);
    try (PkixjTrust trust = builder(state).build()) {
      assertEquals(Result.SUCCESS, verdict(trust.trustManager()));
      assertEquals(1, trust.preloadedIntermediates().size());
    }
    try (PkixjTrust off = builder(state).preloadedIntermediates(PreloadedIntermediates.EMPTY)
        .build()) {
      assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verdict(off.trustManager()));
    }
  }

  @Test
  void aPreloadedIntermediateAppearsAfterARefresh() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    try (PkixjTrust trust = builder(state).securityStateRefresh(Duration.ofMillis(10)).build()) {
      assertTrue(trust.refreshesSecurityState());
      FirefoxTrustManager tm = trust.trustManager();
      assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verdict(tm));
      importIntermediate(state);
      // Two more refreshes: at least one started after the write.
      awaitRefreshes(trust, trust.securityStateRefreshes(), 2);
      assertEquals(Result.SUCCESS, verdict(tm));
      trust.close();
      assertFalse(trust.refreshesSecurityState());
    }
  }

  @Test
  void aFailingRefreshKeepsTheOldData() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    importIntermediate(state);
    AtomicInteger calls = new AtomicInteger();
    try (PkixjTrust trust = builder(state).securityStateRefresher(d -> {
      calls.incrementAndGet();
      assertEquals(state, d);
      throw new java.io.IOException("no network");
    }).build()) {
      FirefoxTrustManager tm = trust.trustManager();
      assertEquals(Result.SUCCESS, verdict(tm));
      Files.delete(IntermediatesStore.file(state)); // what the refresh would read: nothing
      assertFalse(trust.refreshSecurityState());
      assertEquals(1, calls.get());
      assertEquals(1, trust.securityStateRefreshFailures());
      assertEquals(0, trust.securityStateRefreshes());
      assertEquals(Result.SUCCESS, verdict(tm));
    }
  }

  @Test
  void aDamagedStoreAtARefreshKeepsTheOldData() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    importIntermediate(state);
    try (PkixjTrust trust = builder(state).build()) {
      FirefoxTrustManager tm = trust.trustManager();
      assertEquals(Result.SUCCESS, verdict(tm));
      Path file = IntermediatesStore.file(state);
      byte[] b = Files.readAllBytes(file);
      Files.write(file, java.util.Arrays.copyOf(b, b.length / 2));
      assertFalse(trust.refreshSecurityState());
      assertEquals(Result.SUCCESS, verdict(tm));
      Files.write(file, b);
      Files.delete(file);
      assertTrue(trust.refreshSecurityState());
      assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verdict(tm));
    }
  }

  @Test
  void theRefreshIsOffByDefault() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    try (PkixjTrust trust = builder(state).build()) {
      assertFalse(trust.refreshesSecurityState());
      importIntermediate(state);
      FirefoxTrustManager tm = trust.trustManager();
      assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verdict(tm), "the snapshot of build time");
      assertEquals(0, trust.securityStateRefreshes());
      assertTrue(trust.refreshSecurityState()); // on demand only
      assertEquals(Result.SUCCESS, verdict(tm));
    }
    assertFalse(builder(dir).securityStateRefresh(Duration.ZERO).build()
        .refreshesSecurityState());
    assertFalse(builder(dir).securityStateRefresh(null).build().refreshesSecurityState());
  }

  @Test
  void oneCrlStoredOrGiven() throws Exception {
    Path state = Files.createDirectories(dir.resolve("state"));
    List<byte[]> chain = List.of(PKI.leaf().der(), PKI.intermediate().der());
    OneCrlStore.replace(SecurityState.at(state), List.of(OneCrlRecord.issuerSerial("ica", 1,
        PKI.intermediate().issuerDer(), PKI.intermediate().serial().toByteArray(),
        OneCrl.Details.NONE)), "test", OptionalLong.empty(), TestClock.NOW.toEpochMilli());
    try (PkixjTrust trust = builder(state).build()) {
      assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE,
          trust.trustManager().verifyServer(chain, HOST, 443, null).result());
      assertEquals("ica", trust.verifier().oneCrlMatch(
          trust.trustManager().verifyServer(chain, HOST, 443, null), chain).entry().id());
    }
    try (PkixjTrust off = builder(state).oneCrl(OneCrl.EMPTY).build()) {
      assertEquals(Result.SUCCESS,
          off.trustManager().verifyServer(chain, HOST, 443, null).result());
    }
    OneCrl leafListed = OneCrl.of(List.of(OneCrl.Entry.subjectKey("leaf", 0,
        PKI.leaf().subjectDer(), OneCrl.pubKeyHash(PKI.leaf().spkiDer()), null)));
    try (PkixjTrust given = builder(dir.resolve("none")).oneCrl(leafListed).build()) {
      assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE,
          given.trustManager().verifyServer(chain, HOST, 443, null).result());
    }
  }

  @Test
  void systemProperties() {
    Properties p = new Properties();
    p.setProperty(PkixjTrust.PROP_SECURITY_STATE_REFRESH, "PT6H");
    p.setProperty(PkixjTrust.PROP_SECURITY_STATE_DIR, dir.toString());
    p.setProperty(PkixjTrust.PROP_ROOTS, "pem:" + dir.resolve("roots.pem"));
    try {
      Files.writeString(dir.resolve("roots.pem"), PKI.root().pem());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try (PkixjTrust t = SystemProperties.apply(p, PkixjTrust.builder()).build()) {
      assertTrue(t.refreshesSecurityState());
      assertEquals(dir, t.securityStateDir());
    }
    p.setProperty(PkixjTrust.PROP_SECURITY_STATE_REFRESH, "off");
    try (PkixjTrust t = SystemProperties.apply(p, PkixjTrust.builder()).build()) {
      assertFalse(t.refreshesSecurityState());
    }
    p.setProperty(PkixjTrust.PROP_SECURITY_STATE_REFRESH, "every six hours");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SystemProperties.apply(p, PkixjTrust.builder()));
    assertTrue(e.getMessage().startsWith(PkixjTrust.PROP_SECURITY_STATE_REFRESH), e.getMessage());
  }

  @Test
  void theRemoteSettingsRefresherDownloadsAPreloadedIntermediateThatTheNextHandshakeUses()
      throws Exception {
    Path state = dir.resolve("state");
    try (RemoteSettingsServer server = new RemoteSettingsServer()) {
      byte[] pem = PKI.intermediate().pem().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      server.attachment("int/a.pem", pem);
      String derHash = java.util.Base64.getEncoder().encodeToString(
          java.security.MessageDigest.getInstance("SHA-256").digest(PKI.intermediate().der()));
      server.changeset("security-state", "intermediates", RemoteSettingsServer.changesetJson(
          500, List.of(RemoteSettingsServer.record("a", 500, "int/a.pem", pem,
              "\"derHash\":\"" + derHash + "\""))));
      try (PkixjTrust trust = builder(state)
          .securityStateRefresher(SecurityStateRefresher.remoteSettings(server.url())).build()) {
        FirefoxTrustManager tm = trust.trustManager();
        assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verdict(tm));
        // OneCRL and CRLite are not served: those collections fail and are logged; the
        // intermediates are stored and read.
        trust.refreshSecurityState();
        assertEquals(1, trust.preloadedIntermediates().size());
        assertEquals(Result.SUCCESS, verdict(tm));
        assertTrue(server.requests.stream().anyMatch(r -> r.contains("int/a.pem")),
            server.requests.toString());
      }
    }
  }

  @Test
  void theServerPropertyChoosesTheRemoteSettingsRefresher() {
    Properties p = new Properties();
    p.setProperty(PkixjTrust.PROP_SECURITY_STATE_SERVER, "http://example.com/v1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SystemProperties.apply(p, PkixjTrust.builder()));
    assertTrue(e.getMessage().startsWith(PkixjTrust.PROP_SECURITY_STATE_SERVER + ": "),
        e.getMessage());
    p.setProperty(PkixjTrust.PROP_SECURITY_STATE_SERVER, "production");
    SystemProperties.apply(p, PkixjTrust.builder()); // accepted: Mozilla's server
  }
}
