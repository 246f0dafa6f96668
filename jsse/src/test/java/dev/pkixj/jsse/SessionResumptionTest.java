package dev.pkixj.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.jsse.Loopback.Case;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

/**
 * The documented behaviour on session resumption: JSSE calls the trust manager on the full
 * handshake only; a resumed session reuses that verdict. (A counting decorator shows the calls;
 * it is a test device, not a trust manager anyone should ship.)
 */
class SessionResumptionTest {
  static final Loopback world = Loopback.get();

  static final class Counting extends X509ExtendedTrustManager {
    final FirefoxTrustManager tm;
    final AtomicInteger serverChecks = new AtomicInteger();

    Counting(FirefoxTrustManager tm) {
      this.tm = tm;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, Socket s)
        throws CertificateException {
      serverChecks.incrementAndGet();
      tm.checkServerTrusted(c, a, s);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e)
        throws CertificateException {
      serverChecks.incrementAndGet();
      tm.checkServerTrusted(c, a, e);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
      serverChecks.incrementAndGet();
      tm.checkServerTrusted(c, a);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, Socket s)
        throws CertificateException {
      tm.checkClientTrusted(c, a, s);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e)
        throws CertificateException {
      tm.checkClientTrusted(c, a, e);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
      tm.checkClientTrusted(c, a);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return tm.getAcceptedIssuers();
    }
  }

  static byte[] get(SSLContext ctx, int port) throws Exception {
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(Loopback.HOST, port)) {
      s.setSoTimeout(10_000);
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
      OutputStream out = s.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] response = in.readAllBytes(); // reads the TLS 1.3 session ticket too
      return response;
    }
  }

  @Test
  void aResumedSessionIsNotVerifiedAgain() throws Exception {
    PkixjTrust trust = PkixjTrust.builder().rootsDer(world.roots()).noDatabase().build();
    Counting counting = new Counting(trust.trustManager());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {counting}, null);
    int port = world.server(Case.VALID).port();

    String first = new String(get(ctx, port), StandardCharsets.US_ASCII);
    assertTrue(first.startsWith("HTTP/1.1 200"), first);
    assertEquals(1, counting.serverChecks.get());

    String second = new String(get(ctx, port), StandardCharsets.US_ASCII);
    assertTrue(second.startsWith("HTTP/1.1 200"), second);
    assertEquals(1, counting.serverChecks.get(),
        "the second connection resumed the session: no new verification");

    // Emptying the session cache forces a full handshake, and so a new verification.
    ctx.getClientSessionContext().setSessionCacheSize(1);
    java.util.Collections.list(ctx.getClientSessionContext().getIds())
        .forEach(id -> ctx.getClientSessionContext().getSession(id).invalidate());
    get(ctx, port);
    assertEquals(2, counting.serverChecks.get());
  }
}
