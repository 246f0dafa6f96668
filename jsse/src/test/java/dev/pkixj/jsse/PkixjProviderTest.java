package dev.pkixj.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.jsse.Loopback.Case;
import dev.pkixj.pkix.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.Security;
import java.time.Duration;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JCA route: code that only asks for the default TrustManagerFactory gets pkixj. */
class PkixjProviderTest {
  static final Loopback world = Loopback.get();

  @AfterEach
  void uninstall() {
    PkixjProvider.uninstall();
  }

  static PkixjTrust.Builder testRoots() {
    return PkixjTrust.builder().rootsDer(world.roots()).noDatabase();
  }

  @Test
  void installedFirstItAnswersTheDefaultAlgorithmAndItsAliases() throws Exception {
    assertEquals("PKIX", TrustManagerFactory.getDefaultAlgorithm());
    assertFalse(PkixjProvider.isInstalled());
    assertEquals(1, PkixjProvider.install(testRoots()));
    assertTrue(PkixjProvider.isInstalled());
    assertEquals(PkixjProvider.NAME, Security.getProviders()[0].getName());
    for (String alg : new String[] {"PKIX", "X509", "SunX509", "SunPKIX", "pkix"}) {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(alg);
      assertEquals(PkixjProvider.NAME, tmf.getProvider().getName(), alg);
      tmf.init((KeyStore) null);
      TrustManager[] tms = tmf.getTrustManagers();
      assertEquals(1, tms.length);
      assertInstanceOf(FirefoxTrustManager.class, tms[0]);
    }
    // Installing again replaces the provider instead of adding a second one.
    PkixjProvider.install(testRoots());
    assertEquals(1, java.util.Arrays.stream(Security.getProviders())
        .filter(p -> p.getName().equals(PkixjProvider.NAME)).count());

    PkixjProvider.uninstall();
    assertEquals("SunJSSE", TrustManagerFactory.getInstance("PKIX").getProvider().getName());
  }

  /** SSLContext.init(null, null, null) picks the default factory, which is now pkixj's. */
  @Test
  void anSslContextWithoutTrustManagersUsesPkixj() throws Exception {
    PkixjProvider.install(testRoots());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, null, null);
    HttpClient client = HttpClient.newBuilder().sslContext(ctx)
        .connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> ok = client.send(HttpRequest.newBuilder(
        URI.create(world.server(Case.VALID).url())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode());

    Exception e = assertThrows(Exception.class, () -> client.send(HttpRequest.newBuilder(
        URI.create(world.server(Case.EXPIRED).url())).build(), HttpResponse.BodyHandlers.ofString()));
    FirefoxCertificateException fce = FirefoxCertificateException.find(e);
    assertNotNull(fce, () -> "no pkixj verdict in " + e);
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, fce.code());
  }

  /** The JVM-wide route without a provider: SSLContext.setDefault (README recipe). */
  @Test
  void settingTheDefaultSslContext() throws Exception {
    SSLContext old = SSLContext.getDefault();
    try {
      SSLContext.setDefault(testRoots().build().sslContext());
      HttpClient client = HttpClient.newHttpClient(); // takes SSLContext.getDefault()
      Exception e = assertThrows(Exception.class, () -> client.send(HttpRequest.newBuilder(
          URI.create(world.server(Case.SELF_SIGNED).url())).build(),
          HttpResponse.BodyHandlers.ofString()));
      assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT,
          FirefoxCertificateException.find(e).code());
    } finally {
      SSLContext.setDefault(old);
    }
  }

  /** init(KeyStore): the key store's certificates are the roots (the JCA contract). */
  @Test
  void aKeyStoreGivesTheRoots() throws Exception {
    PkixjProvider.install(testRoots());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("elsewhere", world.unknownRoot.x509());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    FirefoxTrustManager tm = (FirefoxTrustManager) tmf.getTrustManagers()[0];
    assertTrue(tm.verifyServer(world.server(Case.UNKNOWN_ISSUER).ders(), "localhost", null)
        .isValid());
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER,
        tm.verifyServer(world.server(Case.VALID).ders(), "localhost", null).result());
  }

  @Test
  void itTakesPkixjParametersAndRefusesOthers() throws Exception {
    TrustManagerFactory tmf = testRoots().build().trustManagerFactory();
    assertEquals("PKIX", tmf.getAlgorithm());
    assertEquals(PkixjProvider.NAME, tmf.getProvider().getName());
    assertInstanceOf(FirefoxTrustManager.class, tmf.getTrustManagers()[0]);

    PkixjProvider.install(testRoots());
    TrustManagerFactory fresh = TrustManagerFactory.getInstance("PKIX");
    assertThrows(IllegalStateException.class, fresh::getTrustManagers);
    assertThrows(java.security.InvalidAlgorithmParameterException.class,
        () -> fresh.init(new CertPathTrustManagerParameters(
            new java.security.cert.PKIXBuilderParameters(java.util.Set.of(
                new java.security.cert.TrustAnchor(world.root.x509(), null)), null))));
    fresh.init(testRoots().mitmCanaryIssuer("CN=x").build());
    assertEquals("CN=x",
        ((FirefoxTrustManager) fresh.getTrustManagers()[0]).trust().mitmCanaryIssuer());
  }
}
