package dev.pkixj.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.jsse.Loopback.Case;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.pkix.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration: roots, database, system properties, clock, session timeout. */
class PkixjTrustTest {
  static final Loopback world = Loopback.get();

  @TempDir
  Path tmp;

  Path pem(TestCert... certs) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (TestCert c : certs) {
      sb.append(c.pem());
    }
    Path p = Files.createTempFile(tmp, "roots", ".pem");
    Files.writeString(p, sb, StandardCharsets.US_ASCII);
    return p;
  }

  @Test
  void rootsFromAFileReplaceTheOsStore() throws Exception {
    PkixjTrust t = PkixjTrust.builder().roots(pem(world.root)).build();
    assertEquals(1, t.trustStore().builtIns().size());
    assertNull(t.database(), "explicit roots: the default database is not read");
    assertTrue(t.rootsDescription().startsWith("pem:"), t.rootsDescription());
    assertTrue(t.trustManager().verifyServer(world.server(Case.VALID).ders(), "localhost",
        null).isValid());
    assertEquals(PkixjTrust.Revocation.SOFT_FAIL, t.revocation());
    assertTrue(t.ocspFetching());
    assertFalse(t.exceptionsEnabled());
  }

  @Test
  void noAnchorsOrAMissingDatabaseIsAnError() throws Exception {
    Path empty = Files.writeString(tmp.resolve("empty.pem"), "");
    assertThrows(IllegalStateException.class, () -> PkixjTrust.builder().roots(empty).build());
    assertThrows(IllegalStateException.class, () -> PkixjTrust.builder().roots(pem(world.root))
        .database(tmp.resolve("missing")).build());
    assertThrows(IllegalArgumentException.class, () -> PkixjTrust.builder().rootSource(" "));
  }

  @Test
  void rootsThatCannotBeEncodedAreAnIllegalArgument() throws Exception {
    java.security.cert.X509Certificate root = world.root.x509();
    for (BrokenCert.Fault fault : BrokenCert.Fault.values()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> PkixjTrust.builder().roots(List.of(root, new BrokenCert(root, fault))),
          fault.name());
      assertTrue(e.getMessage().startsWith("root 1 "), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> PkixjTrust.builder().roots(java.util.Arrays.asList(root, null)));
  }

  /** The user's database: its anchors, its distrust and its exceptions. */
  @Test
  void theDatabaseAddsTrustAndExceptions() throws Exception {
    Path dbPath = tmp.resolve("certdb");
    TestCert expiredLeaf = world.server(Case.EXPIRED).chain().get(0);
    try (CertDb db = CertDb.open(dbPath)) {
      db.put(new TrustEntry(world.unknownRoot.der(), Trust.ANCHOR, null, "mine", Source.USER));
      db.put(new TrustEntry(world.intermediate.der(), Trust.DISTRUSTED, null, "bad", Source.USER));
      db.putOverride(new CertOverride("localhost", 443, expiredLeaf.sha256Fingerprint(),
          Instant.now()));
    }
    PkixjTrust t = PkixjTrust.builder().roots(pem(world.root)).database(dbPath).exceptions(true)
        .build();
    assertEquals(dbPath.toRealPath(), t.database().toRealPath());
    assertEquals(1, t.exceptions().size());
    FirefoxTrustManager tm = t.trustManager();
    assertTrue(tm.verifyServer(world.server(Case.UNKNOWN_ISSUER).ders(), "localhost", null)
        .isValid());
    assertEquals(Result.SEC_ERROR_UNTRUSTED_ISSUER,
        tm.verifyServer(world.server(Case.VALID).ders(), "localhost", null).result());
    // advertised anchors include the database's
    assertEquals(2, PkixjTrust.builder().roots(pem(world.root)).database(dbPath)
        .advertiseAcceptedIssuers(true).build().trustManager().getAcceptedIssuers().length);
  }

  @Test
  void systemProperties() throws Exception {
    Path roots = pem(world.root);
    Map<String, String> props = Map.of(
        PkixjTrust.PROP_ROOTS, "pem:" + roots,
        PkixjTrust.PROP_DB, "none",
        PkixjTrust.PROP_REVOCATION, "hard",
        PkixjTrust.PROP_OCSP_FETCH, "false",
        PkixjTrust.PROP_EXCEPTIONS, "true",
        PkixjTrust.PROP_MITM_CANARY, Loopback.CANARY_ISSUER,
        PkixjTrust.PROP_HSTS_HOSTS, "bank.example, .localhost");
    try {
      props.forEach(System::setProperty);
      PkixjTrust t = PkixjTrust.defaults();
      assertEquals(1, t.trustStore().builtIns().size());
      assertNull(t.database());
      assertEquals(PkixjTrust.Revocation.HARD_FAIL, t.revocation());
      assertFalse(t.ocspFetching());
      assertTrue(t.exceptionsEnabled());
      assertEquals(Loopback.CANARY_ISSUER, t.mitmCanaryIssuer());
      assertEquals(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED, t.trustManager().verifyServer(
          world.server(Case.MITM_CANARY).ders(), "localhost", null).result());
      assertEquals(List.of(".localhost", "bank.example"), t.hstsHosts().entries());
      assertTrue(t.browserVerifier().hsts().contains("www.localhost"));

      System.setProperty(PkixjTrust.PROP_HSTS_HOSTS, "bank.example;preload");
      IllegalArgumentException h = assertThrows(IllegalArgumentException.class,
          PkixjTrust::fromSystemProperties);
      assertTrue(h.getMessage().startsWith(PkixjTrust.PROP_HSTS_HOSTS + ": "), h.getMessage());
      System.setProperty(PkixjTrust.PROP_HSTS_HOSTS, "");

      System.setProperty(PkixjTrust.PROP_REVOCATION, "sometimes");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          PkixjTrust::fromSystemProperties);
      assertTrue(e.getMessage().contains(PkixjTrust.PROP_REVOCATION));
      System.setProperty(PkixjTrust.PROP_REVOCATION, "off");
      System.setProperty(PkixjTrust.PROP_EXCEPTIONS, "maybe");
      assertThrows(IllegalArgumentException.class, PkixjTrust::fromSystemProperties);
    } finally {
      props.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void theClockIsTheVerificationTime() throws Exception {
    PkixjTrust.Builder b = PkixjTrust.builder().rootsDer(world.roots()).noDatabase();
    List<byte[]> expired = world.server(Case.EXPIRED).ders();
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE,
        b.build().trustManager().verifyServer(expired, "localhost", null).result());
    Clock then = Clock.fixed(world.now.minus(Duration.ofDays(50)), ZoneOffset.UTC);
    assertTrue(b.clock(then).build().trustManager().verifyServer(expired, "localhost", null)
        .isValid());
  }

  @Test
  void sslContextAndSessionTimeout() {
    PkixjTrust t = PkixjTrust.builder().rootsDer(world.roots()).noDatabase()
        .sessionTimeout(Duration.ofMinutes(5)).build();
    SSLContext ctx = t.sslContext();
    assertEquals("TLS", ctx.getProtocol());
    assertEquals(300, ctx.getClientSessionContext().getSessionTimeout());
    assertThrows(IllegalArgumentException.class,
        () -> PkixjTrust.builder().sessionTimeout(Duration.ZERO));
    assertTrue(t.toString().contains("revocation=SOFT_FAIL"), t.toString());
  }

  @Test
  void sessionsBoundToServerNamesOnlyWhenAsked() throws Exception {
    PkixjTrust.Builder b = PkixjTrust.builder().rootsDer(world.roots()).noDatabase()
        .sessionTimeout(Duration.ofMinutes(5));
    PkixjTrust plain = b.build();
    assertFalse(plain.bindsSessionsToServerName());
    assertFalse(plain.sslContext().getSocketFactory().createSocket() instanceof BoundSocket);
    assertFalse(plain.sslContext().createSSLEngine() instanceof BoundEngine);

    PkixjTrust bound = b.copy().bindSessionsToServerName(true).build();
    assertTrue(bound.bindsSessionsToServerName());
    SSLContext ctx = bound.sslContext();
    assertEquals("TLS", ctx.getProtocol());
    assertEquals(300, ctx.getClientSessionContext().getSessionTimeout());
    try (java.net.Socket s = ctx.getSocketFactory().createSocket()) {
      assertTrue(s instanceof BoundSocket, s.getClass().getName());
    }
    assertTrue(ctx.createSSLEngine("localhost", 443) instanceof BoundEngine);
    assertEquals("localhost", ctx.createSSLEngine("localhost", 443).getPeerHost());
    // Server sockets are the JDK's own.
    assertFalse(ctx.getServerSocketFactory().getClass().getName().startsWith("dev.pkixj"));
  }
}
