package dev.pkixj.jsse;

import dev.pkixj.truststore.revocation.RevocationConfig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.jsse.Loopback.Case;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.policy.DbCertExceptions;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.policy.BrowserVerifier;
import dev.pkixj.verifier.policy.HstsHosts;
import dev.pkixj.verifier.policy.MitmCanary;
import dev.pkixj.verifier.policy.TimeSource;
import dev.pkixj.verifier.policy.TlsPolicy;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trust manager's contract, driven directly (fabricated handshakes where needed). */
class FirefoxTrustManagerTest {
  static Loopback world;
  static TrustStore store;

  @BeforeAll
  static void setUp() {
    world = Loopback.get();
    store = TrustStore.ofBuiltIns(List.of(
        new TrustEntry(world.root.der(), Trust.ANCHOR, null, "test root", Source.FILE)));
  }

  static PkixjTrust.Builder base() {
    return PkixjTrust.builder().trustStore(store);
  }

  static X509Certificate[] x509(List<TestCert> chain) {
    return chain.stream().map(TestCert::x509).toArray(X509Certificate[]::new);
  }

  static X509Certificate[] chainOf(Case c) {
    return x509(world.server(c).chain());
  }

  static FirefoxCertificateException rejects(ThrowingCheck check) {
    return assertThrows(FirefoxCertificateException.class, check::run);
  }

  interface ThrowingCheck {
    void run() throws CertificateException;
  }

  // ------------------------------------------------------------------ basic contract

  @Test
  void acceptedIssuersAreNeverNull() {
    X509Certificate[] none = base().build().trustManager().getAcceptedIssuers();
    assertNotNull(none);
    assertEquals(0, none.length);
    X509Certificate[] anchors = base().advertiseAcceptedIssuers(true).build().trustManager()
        .getAcceptedIssuers();
    assertEquals(1, anchors.length);
    assertEquals(world.root.x509(), anchors[0]);
  }

  @Test
  void badArgumentsAreRefusedAsTheJdkDoes() {
    FirefoxTrustManager tm = base().build().trustManager();
    X509Certificate[] chain = chainOf(Case.VALID);
    assertThrows(IllegalArgumentException.class, () -> tm.checkServerTrusted(null, "EC"));
    assertThrows(IllegalArgumentException.class,
        () -> tm.checkServerTrusted(new X509Certificate[0], "EC"));
    assertThrows(IllegalArgumentException.class, () -> tm.checkServerTrusted(chain, ""));
    assertThrows(IllegalArgumentException.class, () -> tm.checkClientTrusted(chain, null));
  }

  @Test
  void withoutHandshakeTheHostIsNotChecked() throws Exception {
    FirefoxTrustManager tm = base().build().trustManager();
    tm.checkServerTrusted(chainOf(Case.WRONG_HOST), "ECDHE_ECDSA");
    tm.checkServerTrusted(chainOf(Case.VALID), "ECDHE_ECDSA", (java.net.Socket) null);
    tm.checkServerTrusted(chainOf(Case.VALID), "ECDHE_ECDSA", (SSLEngine) null);
    FirefoxCertificateException e = rejects(
        () -> tm.checkServerTrusted(chainOf(Case.EXPIRED), "ECDHE_ECDSA"));
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, e.code());
    assertEquals(0, e.certIndex());
    assertEquals(null, e.host());
  }

  // ------------------------------------------------------------------ host from the handshake

  @Test
  void httpsWithNoKnownHostFailsClosed() {
    FirefoxTrustManager tm = base().build().trustManager();
    FirefoxCertificateException e = rejects(() -> tm.checkServerTrusted(chainOf(Case.VALID),
        "ECDHE_ECDSA", FakeTls.engine("HTTPS", null, null, -1, null)));
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, e.code());
    assertTrue(e.getMessage().contains("fail closed"), e.getMessage());

    // A real engine outside a handshake: no session, so no host either.
    SSLEngine real = base().build().sslContext().createSSLEngine();
    real.setUseClientMode(true);
    SSLParameters p = real.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    real.setSSLParameters(p);
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN,
        rejects(() -> tm.checkServerTrusted(chainOf(Case.VALID), "ECDHE_ECDSA", real)).code());
  }

  @Test
  void anUnconnectedSocketWithHttpsFailsClosed() throws Exception {
    FirefoxTrustManager tm = base().build().trustManager();
    try (SSLSocket unconnected = (SSLSocket) base().build().sslContext().getSocketFactory()
        .createSocket()) {
      assertFalse(unconnected.isConnected());
      SSLParameters p = unconnected.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      unconnected.setSSLParameters(p);
      for (Case c : new Case[] {Case.WRONG_HOST, Case.VALID}) {
        FirefoxCertificateException e = rejects(
            () -> tm.checkServerTrusted(chainOf(c), "ECDHE_ECDSA", unconnected));
        assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, e.code(), c.name());
        assertTrue(e.getMessage().contains("fail closed"), e.getMessage());
      }
    }
    // Without endpoint identification the chain alone is verified, as for an engine.
    try (SSLSocket plain = (SSLSocket) base().build().sslContext().getSocketFactory()
        .createSocket()) {
      tm.checkServerTrusted(chainOf(Case.WRONG_HOST), "ECDHE_ECDSA", plain);
      assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, rejects(
          () -> tm.checkServerTrusted(chainOf(Case.EXPIRED), "ECDHE_ECDSA", plain)).code());
    }
  }

  @Test
  void anEngineThatCannotGiveItsSessionFailsClosed() throws Exception {
    FirefoxTrustManager tm = base().build().trustManager();
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, rejects(() -> tm.checkServerTrusted(
        chainOf(Case.VALID), "EC", FakeTls.engineWithoutHandshakeSession("HTTPS", "localhost",
            443))).code());
    tm.checkServerTrusted(chainOf(Case.VALID), "EC",
        FakeTls.engineWithoutHandshakeSession(null, "localhost", 443));
    // Parameters that cannot be read: whether to identify the endpoint is unknown, refused.
    CertificateException e = assertThrows(CertificateException.class, () -> tm.checkServerTrusted(
        chainOf(Case.VALID), "EC", FakeTls.engineWithBrokenParameters()));
    assertTrue(e.getMessage().contains("fail closed"), e.getMessage());
  }

  @Test
  void withoutEndpointIdentificationThePeerHostIsStillChecked() throws Exception {
    FirefoxTrustManager tm = base().build().trustManager();
    tm.checkServerTrusted(chainOf(Case.VALID), "EC", FakeTls.engine(null, null, "localhost", 443,
        null));
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, rejects(() -> tm.checkServerTrusted(
        chainOf(Case.WRONG_HOST), "EC", FakeTls.engine("", null, "localhost", 443, null))).code());
    // Nothing known and no identification asked: the chain alone.
    tm.checkServerTrusted(chainOf(Case.WRONG_HOST), "EC", FakeTls.engine(null, null, null, -1,
        null));
  }

  @Test
  void sniWinsOverThePeerHost() throws Exception {
    FirefoxTrustManager tm = base().build().trustManager();
    tm.checkServerTrusted(chainOf(Case.WRONG_HOST), "EC",
        FakeTls.engine("HTTPS", "www.wrong-host.test", "localhost", 443, null));
    FirefoxCertificateException e = rejects(() -> tm.checkServerTrusted(chainOf(Case.VALID), "EC",
        FakeTls.engine("HTTPS", "www.wrong-host.test", "localhost", 443, null)));
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, e.code());
    assertEquals("www.wrong-host.test", e.host());
    assertEquals(List.of("localhost"), e.explanation().validNames());
  }

  @Test
  void ipLiteralsAndLdaps() throws Exception {
    FirefoxTrustManager tm = base().build().trustManager();
    tm.checkServerTrusted(chainOf(Case.VALID), "EC", FakeTls.engine("HTTPS", null, "[::1]", 443,
        null));
    tm.checkServerTrusted(chainOf(Case.VALID), "EC", FakeTls.engine("HTTPS", null, "127.0.0.1",
        443, null));
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, rejects(() -> tm.checkServerTrusted(
        chainOf(Case.VALID), "EC", FakeTls.engine("HTTPS", null, "127.0.0.2", 443, null))).code());
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, rejects(() -> tm.checkServerTrusted(
        chainOf(Case.WRONG_HOST), "EC", FakeTls.engine("LDAPS", null, "localhost", 636, null)))
        .code());
  }

  @Test
  void unknownEndpointIdentificationIsRefused() {
    FirefoxTrustManager tm = base().build().trustManager();
    CertificateException e = assertThrows(CertificateException.class, () -> tm.checkServerTrusted(
        chainOf(Case.VALID), "EC", FakeTls.engine("SMTPS", null, "localhost", 25, null)));
    assertFalse(e instanceof FirefoxCertificateException);
    assertTrue(e.getMessage().contains("SMTPS"));
  }

  // ------------------------------------------------------------------ stapled OCSP

  @Test
  void theStapleComesFromTheHandshakeSession() throws Exception {
    StapleRecordingTrustDomains domains =
        new StapleRecordingTrustDomains(store.trustDomains(RevocationConfig.batchDefaults()));
    FirefoxTrustManager tm = base().trustDomainFactory(domains).build().trustManager();
    Loopback.Server revoked = world.server(Case.REVOKED_STAPLED);
    X509Certificate[] chain = x509(revoked.chain());

    FirefoxCertificateException e = rejects(() -> tm.checkServerTrusted(chain, "EC",
        FakeTls.engine("HTTPS", null, "localhost", 443, List.of(revoked.staple()))));
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, e.code());
    assertArrayEquals(revoked.staple(), domains.lastStaple.get());
    assertEquals("Secure Connection Failed", e.explanation().title());
    assertFalse(e.explanation().overridable());

    // The revoked staple went into Firefox's OCSP cache: a later handshake without a staple is
    // still refused. (A zero-length entry means "nothing stapled for this certificate".)
    FirefoxCertificateException cached = rejects(() -> tm.checkServerTrusted(chain, "EC",
        FakeTls.engine("HTTPS", null, "localhost", 443, List.of(new byte[0]))));
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, cached.code());
    assertEquals(null, domains.lastStaple.get());

    // With a fresh cache and nothing stapled, soft-fail accepts.
    StapleRecordingTrustDomains fresh =
        new StapleRecordingTrustDomains(store.trustDomains(RevocationConfig.batchDefaults()));
    FirefoxTrustManager tm2 = base().trustDomainFactory(fresh).build().trustManager();
    tm2.checkServerTrusted(chain, "EC", FakeTls.engine("HTTPS", null, "localhost", 443,
        List.of(new byte[0])));
    assertEquals(null, fresh.lastStaple.get());
    tm2.checkServerTrusted(chain, "EC", FakeTls.engine("HTTPS", null, "localhost", 443, null));
  }

  // ------------------------------------------------------------------ client certificates

  @Test
  void clientCertificatesAreCheckedForClientAuth() throws Exception {
    FirefoxTrustManager tm = base().build().trustManager();
    tm.checkClientTrusted(chainOf(Case.VALID), "EC"); // the test leaves carry clientAuth too
    TestCert serverOnly = world.leafBuilder("client.example.test")
        .extendedKeyUsage(Oids.SERVER_AUTH).build();
    FirefoxCertificateException e = rejects(() -> tm.checkClientTrusted(
        x509(List.of(serverOnly, world.intermediate)), "EC", FakeTls.engine(null, null, null, -1,
            null)));
    assertEquals(Result.SEC_ERROR_INADEQUATE_CERT_TYPE, e.code());
    assertEquals(null, e.host());
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, rejects(() -> tm.checkClientTrusted(
        chainOf(Case.UNKNOWN_ISSUER), "EC", (java.net.Socket) null)).code());
  }

  // ------------------------------------------------------------------ exceptions and canary

  @Test
  void certificateExceptionsOnlyWhenEnabledAndOnlyForOverridableErrors() throws Exception {
    X509Certificate[] expired = chainOf(Case.EXPIRED);
    CertOverride ex = new CertOverride("localhost", 8443,
        MessageDigest.getInstance("SHA-256").digest(expired[0].getEncoded()), Instant.now());
    SSLEngine engine = FakeTls.engine("HTTPS", null, "LOCALHOST", 8443, null);

    FirefoxTrustManager off = base().addException(ex).build().trustManager();
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE,
        rejects(() -> off.checkServerTrusted(expired, "EC", engine)).code());

    FirefoxTrustManager on = base().addException(ex).exceptions(true).build().trustManager();
    on.checkServerTrusted(expired, "EC", engine);
    rejects(() -> on.checkServerTrusted(expired, "EC",
        FakeTls.engine("HTTPS", null, "localhost", 443, null))); // another port
    rejects(() -> on.checkServerTrusted(chainOf(Case.VALID), "EC",
        FakeTls.engine("HTTPS", null, "other.example", 8443, null))); // another host

    // Revoked is not overridable, even with an exception for that very certificate.
    StapleRecordingTrustDomains domains =
        new StapleRecordingTrustDomains(store.trustDomains(RevocationConfig.batchDefaults()));
    Loopback.Server revoked = world.server(Case.REVOKED_STAPLED);
    CertOverride rex = new CertOverride("localhost", 443, MessageDigest.getInstance("SHA-256")
        .digest(revoked.chain().get(0).der()), Instant.now());
    FirefoxTrustManager strict = base().trustDomainFactory(domains).exceptions(true)
        .addException(rex).build().trustManager();
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, rejects(() -> strict.checkServerTrusted(
        x509(revoked.chain()), "EC", FakeTls.engine("HTTPS", null, "localhost", 443,
            List.of(revoked.staple())))).code());
  }

  @Test
  void mitmCanaryTurnsUnknownIssuerIntoMitmDetected() throws Exception {
    X509Certificate[] chain = chainOf(Case.MITM_CANARY);
    SSLEngine engine = FakeTls.engine("HTTPS", null, "localhost", 443, null);
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER,
        rejects(() -> base().build().trustManager().checkServerTrusted(chain, "EC", engine))
            .code());
    FirefoxCertificateException e = rejects(() -> base()
        .mitmCanaryIssuer("CN=Corp TLS Inspection CA, O=Corp Proxy, C=US").build().trustManager()
        .checkServerTrusted(chain, "EC", engine));
    assertEquals(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED, e.code());
    assertTrue(e.explanation().description().contains("Corp TLS Inspection CA"),
        e.explanation().description());
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, rejects(() -> base()
        .mitmCanaryIssuer("CN=Someone Else").build().trustManager()
        .checkServerTrusted(chain, "EC", engine)).code());
    // Only UNKNOWN_ISSUER is affected: a self-signed certificate stays SELF_SIGNED_CERT.
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, rejects(() -> base()
        .mitmCanaryIssuer("CN=localhost").build().trustManager()
        .checkServerTrusted(chainOf(Case.SELF_SIGNED), "EC", engine)).code());
  }

  /**
   * The verdict {@code pkixj verify} gives: the verifier with the canary in its TLS policy, then
   * the browser layer with the exceptions and HSTS hosts (built as VerifyCommand builds them).
   */
  private static VerificationResult verifyLikeTheCli(List<byte[]> chain, String host, int port,
      String canary, List<CertOverride> exceptions, String... hsts) {
    Verifier v = new Verifier(store.trustDomains(RevocationConfig.interactiveDefaults()))
        .withPolicy(TlsPolicy.builder().mitmCanary(MitmCanary.of(canary)).build());
    BrowserVerifier b = BrowserVerifier.builder(v).exceptions(DbCertExceptions.of(exceptions))
        .hsts(HstsHosts.of(List.of(hsts))).build();
    return b.verify(chain, host, port, Instant.now(), TimeSource.GIVEN, null);
  }

  @Test
  void theCanaryIsComparedAsVerifyComparesIt() throws Exception {
    X509Certificate[] chain = chainOf(Case.MITM_CANARY);
    List<byte[]> ders = world.server(Case.MITM_CANARY).ders();
    SSLEngine engine = FakeTls.engine("HTTPS", null, "localhost", 443, null);
    // The chain's issuer is "CN=Corp TLS Inspection CA,O=Corp Proxy,C=US". Written with other
    // spacing, other case of the attribute types and values, ";" between RDNs and quoting: the
    // same name for DistinguishedName (a comma regex over the display string saw another).
    for (String written : List.of(Loopback.CANARY_ISSUER,
        "cn = corp tls inspection ca ;  O=CORP  Proxy,c=us",
        "CN=\"Corp TLS Inspection CA\", o=corp proxy, C=US")) {
      FirefoxCertificateException e = rejects(() -> base().mitmCanaryIssuer(written).build()
          .trustManager().checkServerTrusted(chain, "EC", engine));
      assertEquals(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED, e.code(), written);
      assertEquals(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED,
          verifyLikeTheCli(ders, "localhost", 443, written, List.of()).result(), written);
    }
    // RDN order matters in both: the reversed name is another issuer.
    String reversed = "C=US,O=Corp Proxy,CN=Corp TLS Inspection CA";
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, rejects(() -> base()
        .mitmCanaryIssuer(reversed).build().trustManager()
        .checkServerTrusted(chain, "EC", engine)).code());
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER,
        verifyLikeTheCli(ders, "localhost", 443, reversed, List.of()).result());
    // A canary that is not a name is refused when configured, not ignored.
    assertThrows(IllegalArgumentException.class,
        () -> PkixjTrust.builder().mitmCanaryIssuer("no equals sign"));
  }

  @Test
  void anExceptionOnAnHstsHostIsRefusedAsVerifyRefusesIt() throws Exception {
    X509Certificate[] expired = chainOf(Case.EXPIRED);
    List<byte[]> ders = world.server(Case.EXPIRED).ders();
    CertOverride ex = new CertOverride("localhost", 443,
        MessageDigest.getInstance("SHA-256").digest(expired[0].getEncoded()), Instant.now());
    SSLEngine engine = FakeTls.engine("HTTPS", null, "localhost", 443, null);

    // The control: without HSTS the exception covers the error in both paths.
    base().exceptions(true).addException(ex).build().trustManager()
        .checkServerTrusted(expired, "EC", engine);
    assertTrue(verifyLikeTheCli(ders, "localhost", 443, null, List.of(ex)).isOverridden());

    for (String hsts : List.of("localhost", "LOCALHOST.", ".localhost",
        "localhost;includeSubDomains")) {
      FirefoxTrustManager tm = base().exceptions(true).addException(ex).hstsHosts(hsts).build()
          .trustManager();
      FirefoxCertificateException e = rejects(() -> tm.checkServerTrusted(expired, "EC", engine));
      assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, e.code(), hsts);
      VerificationResult cli = verifyLikeTheCli(ders, "localhost", 443, null, List.of(ex), hsts);
      assertFalse(cli.isValid(), hsts);
      assertEquals(e.code(), cli.result(), hsts);
      assertEquals(cli.result(), tm.verifyServer(ders, "localhost", 443, null).result(), hsts);
    }
    // Another host on the HSTS list does not affect this one.
    base().exceptions(true).addException(ex).hstsHosts("example.com").build().trustManager()
        .checkServerTrusted(expired, "EC", engine);
    assertThrows(IllegalArgumentException.class,
        () -> PkixjTrust.builder().hstsHosts("not a host"));
  }

  @Test
  void anUnknownPortMatchesNoException() throws Exception {
    X509Certificate[] expired = chainOf(Case.EXPIRED);
    CertOverride ex443 = new CertOverride("localhost", 443,
        MessageDigest.getInstance("SHA-256").digest(expired[0].getEncoded()), Instant.now());
    FirefoxTrustManager on = base().addException(ex443).exceptions(true).build().trustManager();
    on.checkServerTrusted(expired, "EC", FakeTls.engine("HTTPS", null, "localhost", 443, null));
    for (int port : new int[] {-1, 0}) {
      FirefoxCertificateException e = rejects(() -> on.checkServerTrusted(expired, "EC",
          FakeTls.engine("HTTPS", null, "localhost", port, null)));
      assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, e.code(), "port " + port);
      List<byte[]> ders = List.of(expired[0].getEncoded(), expired[1].getEncoded());
      VerificationResult r = on.verifyServer(ders, "localhost", null);
      assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, r.result());
      VerificationResult known = on.verifyServer(ders, "localhost", 443, null);
      assertTrue(known.isValid() && known.isOverridden());
      VerificationResult unknown = on.verifyServer(ders, "localhost", port, null);
      assertFalse(unknown.isValid(), "port " + port);
      assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, unknown.result(), "port " + port);
    }
  }

  @Test
  void anExceptionNeverAppliesWithoutAHost() throws Exception {
    X509Certificate[] expired = chainOf(Case.EXPIRED);
    byte[] fp = MessageDigest.getInstance("SHA-256").digest(expired[0].getEncoded());
    // Exceptions for every host the chain could be taken for, on every port it could come from.
    PkixjTrust.Builder b = base().exceptions(true);
    for (String host : new String[] {"localhost", "127.0.0.1", "::1", "null", ""}) {
      if (!host.isEmpty()) {
        b.addException(new CertOverride(host, 443, fp, Instant.now()));
      }
    }
    FirefoxTrustManager on = b.build().trustManager();
    // No handshake: the two-argument form, a null socket, a null engine.
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE,
        rejects(() -> on.checkServerTrusted(expired, "EC")).code());
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE,
        rejects(() -> on.checkServerTrusted(expired, "EC", (java.net.Socket) null)).code());
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE,
        rejects(() -> on.checkServerTrusted(expired, "EC", (SSLEngine) null)).code());
    // A handshake that knows the port but no host, without endpoint identification.
    FirefoxCertificateException e = rejects(() -> on.checkServerTrusted(expired, "EC",
        FakeTls.engine(null, null, null, 443, null)));
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, e.code());
    assertEquals(null, e.host());
    // ... and with it: refused for the missing host.
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, rejects(() -> on.checkServerTrusted(expired,
        "EC", FakeTls.engine("HTTPS", null, null, 443, null))).code());
    VerificationResult hostless = on.verifyServer(List.of(expired[0].getEncoded(),
        expired[1].getEncoded()), null, 443, null);
    assertFalse(hostless.isValid());
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, hostless.result());
    // The control: with the host known, the same exception applies.
    on.checkServerTrusted(expired, "EC", FakeTls.engine(null, null, "localhost", 443, null));
  }

  // ------------------------------------------------------------------ unreadable input

  @Test
  void aCertificateThatCannotBeEncodedIsACertificateException() throws Exception {
    FirefoxTrustManager tm = base().exceptions(true).build().trustManager();
    X509Certificate[] valid = chainOf(Case.VALID);
    for (BrokenCert.Fault fault : BrokenCert.Fault.values()) {
      for (int at = 0; at < valid.length; at++) {
        X509Certificate[] chain = valid.clone();
        chain[at] = new BrokenCert(valid[at], fault);
        String what = fault + " at " + at;
        List<ThrowingCheck> calls = List.of(
            () -> tm.checkServerTrusted(chain, "EC"),
            () -> tm.checkServerTrusted(chain, "EC", (java.net.Socket) null),
            () -> tm.checkServerTrusted(chain, "EC",
                FakeTls.engine("HTTPS", null, "localhost", 443, null)),
            () -> tm.checkClientTrusted(chain, "EC"),
            () -> tm.checkClientTrusted(chain, "EC", (java.net.Socket) null),
            () -> tm.checkClientTrusted(chain, "EC", (SSLEngine) null));
        for (ThrowingCheck call : calls) {
          CertificateException e = assertThrows(CertificateException.class, call::run, what);
          assertTrue(e.getMessage().startsWith("pkixj: certificate " + at + " of the chain"),
              what + ": " + e.getMessage());
        }
      }
    }
  }

  @Test
  void aFailureInsideTheVerifierIsACertificateException() {
    dev.pkixj.pkix.TrustDomainFactory broken = new dev.pkixj.pkix.TrustDomainFactory() {
      @Override
      public dev.pkixj.pkix.TrustDomain create(List<byte[]> presented, int minRsaBits,
          byte[] staple) {
        throw new IllegalStateException("test: the trust domain broke");
      }

      @Override
      public boolean isBuiltInRoot(dev.pkixj.pkix.Cert anchor) {
        return false;
      }
    };
    FirefoxTrustManager tm = base().trustDomainFactory(broken).build().trustManager();
    X509Certificate[] chain = chainOf(Case.VALID);
    List<ThrowingCheck> calls = List.of(
        () -> tm.checkServerTrusted(chain, "EC"),
        () -> tm.checkServerTrusted(chain, "EC",
            FakeTls.engine("HTTPS", null, "localhost", 443, null)),
        () -> tm.checkClientTrusted(chain, "EC"));
    for (ThrowingCheck call : calls) {
      CertificateException e = assertThrows(CertificateException.class, call::run);
      assertFalse(e instanceof FirefoxCertificateException);
      assertTrue(e.getMessage().contains("internal error"), e.getMessage());
      assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
    }
  }

  // ------------------------------------------------------------------ the exception

  @Test
  void theExceptionCarriesEverythingAndIsFoundInWrappers() {
    FirefoxTrustManager tm = base().build().trustManager();
    FirefoxCertificateException e = rejects(() -> tm.checkServerTrusted(
        chainOf(Case.UNKNOWN_ISSUER), "EC", FakeTls.engine("HTTPS", null, "localhost", 443, null)));
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, e.code());
    assertEquals(1, e.certIndex(), "the topmost certificate reached: the intermediate");
    assertEquals(2, e.verification().chain().size());
    assertTrue(e.explanation().overridable());
    assertTrue(e.getMessage().startsWith(
        "SEC_ERROR_UNKNOWN_ISSUER (-8179) at certificate 1 for localhost: "), e.getMessage());
    SSLHandshakeException wrapped = new SSLHandshakeException("handshake failed");
    wrapped.initCause(e);
    assertSame(e, FirefoxCertificateException.find(new java.io.IOException(wrapped)));
    assertEquals(null, FirefoxCertificateException.find(new java.io.IOException("x")));
  }

  @Test
  void verifyServerIsTheSameVerdictAsTheHandshake() {
    FirefoxTrustManager tm = base().build().trustManager();
    Loopback.Server s = world.server(Case.VALID);
    assertTrue(tm.verifyServer(s.ders(), "localhost", null).isValid());
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN,
        tm.verifyServer(s.ders(), "example.com", null).result());
  }

  @Test
  void verifyClientIsTheSameVerdictAsTheHandshake() throws Exception {
    FirefoxTrustManager tm = base().build().trustManager();
    // Accepted: the test leaves carry id-kp-clientAuth.
    Loopback.Server s = world.server(Case.VALID);
    VerificationResult ok = tm.verifyClient(s.ders());
    assertTrue(ok.isValid(), ok.toString());
    assertEquals(Result.SUCCESS, ok.result());
    assertEquals(null, ok.host());
    tm.checkClientTrusted(x509(s.chain()), "EC");

    // Rejected: a leaf for serverAuth only, and a chain to an unknown root.
    TestCert serverOnly = world.leafBuilder("client.example.test")
        .extendedKeyUsage(Oids.SERVER_AUTH).build();
    List<TestCert> wrongUse = List.of(serverOnly, world.intermediate);
    VerificationResult bad = tm.verifyClient(
        wrongUse.stream().map(TestCert::der).collect(java.util.stream.Collectors.toList()));
    assertFalse(bad.isValid());
    assertEquals(Result.SEC_ERROR_INADEQUATE_CERT_TYPE, bad.result());
    assertEquals(0, bad.certIndex());
    FirefoxCertificateException e = rejects(() -> tm.checkClientTrusted(x509(wrongUse), "EC"));
    assertEquals(bad.result(), e.code());
    assertEquals(bad.certIndex(), e.certIndex());

    VerificationResult unknown = tm.verifyClient(world.server(Case.UNKNOWN_ISSUER).ders());
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, unknown.result());
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, rejects(() -> tm.checkClientTrusted(
        chainOf(Case.UNKNOWN_ISSUER), "EC")).code());
  }
}
