package dev.pkixj.jsse;

import dev.pkixj.truststore.revocation.RevocationConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pkixj.jsse.Loopback.Case;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The TLS alert the server receives when pkixj refuses its chain: the one NSS sends for the code
 * where JSSE can express it. JDK 17 maps only revocation (certificate_revoked, or
 * bad_certificate_status_response when stapling was negotiated); newer JDKs also map expiry and
 * bad signatures, which pkixj already signals. Everything else is certificate_unknown.
 */
class TlsAlertTest {
  static final Loopback world = Loopback.get();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"REVOKED_STAPLED, bad_certificate_status_response",
      "UNKNOWN_ISSUER, certificate_unknown", "WRONG_HOST, certificate_unknown"})
  void serverSeesTheAlert(Case kase, String alert) throws Exception {
    dev.pkixj.truststore.TrustStore store = PkixjTrust.builder().rootsDer(world.roots())
        .noDatabase().build().trustStore();
    PkixjTrust trust = PkixjTrust.builder().trustStore(store)
        .trustDomainFactory(new StapleRecordingTrustDomains(store.trustDomains(RevocationConfig.batchDefaults()))).build();
    // The server may still be writing its flight when the client aborts (then it sees a broken
    // pipe instead of the alert): try a few times, the alert must come through.
    List<String> seen = new ArrayList<>();
    for (int attempt = 0; attempt < 5; attempt++) {
      String msg = handshakeOnce(trust, kase);
      seen.add(msg);
      if (msg.contains(alert)) {
        return;
      }
    }
    fail("the server never saw " + alert + ": " + seen);
  }

  private static String handshakeOnce(PkixjTrust trust, Case kase) throws Exception {
    try (SSLServerSocket ss = (SSLServerSocket) Loopback.serverContext(world.server(kase).chain())
        .getServerSocketFactory().createServerSocket(0, 1, InetAddress.getByName(Loopback.HOST))) {
      CompletableFuture<String> serverError = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket s = (SSLSocket) ss.accept()) {
          s.setSoTimeout(10_000);
          s.startHandshake();
          s.getInputStream().read();
          return "no error";
        } catch (Exception e) {
          return String.valueOf(e.getMessage());
        }
      });
      try (SSLSocket c = (SSLSocket) trust.sslContext().getSocketFactory()
          .createSocket(Loopback.HOST, ss.getLocalPort())) {
        c.setSoTimeout(10_000);
        SSLParameters p = c.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        c.setSSLParameters(p);
        Exception e = assertThrows(Exception.class, c::startHandshake);
        FirefoxCertificateException fce = FirefoxCertificateException.find(e);
        assertNotNull(fce);
        assertEquals(ClientMatrixTest.EXPECTED.get(kase), fce.code());
      }
      return serverError.get(20, TimeUnit.SECONDS);
    }
  }
}
