package dev.pkixj.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.jsse.Loopback.Case;
import dev.pkixj.pkix.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngineResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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

  // ------------------------------------------------------------------ server names (SNI)

  /** What one connection got: the response, or the failure; and its session's SNI names. */
  record Outcome(String response, Exception failure, List<String> sessionNames) {
    FirefoxCertificateException rejection() {
      return FirefoxCertificateException.find(failure);
    }
  }

  /**
   * A GET to localhost:{@code port} asking for server name {@code sni} (null: the JDK's default,
   * the host name), over {@code protocol} only.
   */
  static Outcome getAs(SSLContext ctx, int port, String sni, String protocol) throws Exception {
    return getAs((SSLSocket) ctx.getSocketFactory().createSocket(Loopback.HOST, port), sni,
        protocol);
  }

  /** As above, on {@code socket} (connected to localhost). */
  static Outcome getAs(SSLSocket socket, String sni, String protocol) throws Exception {
    try (SSLSocket s = socket) {
      s.setSoTimeout(10_000);
      s.setEnabledProtocols(new String[] {protocol});
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      if (sni != null) {
        p.setServerNames(List.of(new SNIHostName(sni)));
      }
      s.setSSLParameters(p);
      try {
        OutputStream out = s.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: " + (sni == null ? Loopback.HOST : sni)
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = new String(s.getInputStream().readAllBytes(),
            StandardCharsets.US_ASCII);
        return new Outcome(response, null, names(s.getSession()));
      } catch (IOException e) {
        return new Outcome(null, e, List.of());
      }
    }
  }

  /** As {@link #getAs}, through an {@code SSLEngine} over a plain socket. */
  static Outcome engineGetAs(SSLContext ctx, int port, String sni, String protocol)
      throws Exception {
    return engineGetAs(ctx.createSSLEngine(Loopback.HOST, port), port, sni, protocol);
  }

  /** As above, with {@code engine} (created for localhost:{@code port}). */
  static Outcome engineGetAs(SSLEngine engine, int port, String sni, String protocol)
      throws Exception {
    engine.setUseClientMode(true);
    engine.setEnabledProtocols(new String[] {protocol});
    SSLParameters p = engine.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    if (sni != null) {
      p.setServerNames(List.of(new SNIHostName(sni)));
    }
    engine.setSSLParameters(p);
    try (Socket socket = new Socket(Loopback.HOST, port)) {
      socket.setSoTimeout(10_000);
      EnginePump pump = new EnginePump(engine, socket);
      try {
        engine.beginHandshake();
        pump.handshake();
        pump.send(("GET / HTTP/1.1\r\nHost: " + (sni == null ? Loopback.HOST : sni)
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String response = new String(pump.receiveAll(), StandardCharsets.US_ASCII);
        return new Outcome(response, null, names(engine.getSession()));
      } catch (IOException e) {
        return new Outcome(null, e, List.of());
      }
    }
  }

  /** A blocking SSLEngine driver over a socket: just enough for one request. */
  static final class EnginePump {
    final SSLEngine engine;
    final InputStream in;
    final OutputStream out;
    final ByteBuffer netIn;
    final ByteBuffer netOut;
    ByteBuffer appIn;
    final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    boolean eof;

    EnginePump(SSLEngine engine, Socket socket) throws IOException {
      this.engine = engine;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
      int packet = engine.getSession().getPacketBufferSize();
      this.netIn = ByteBuffer.allocate(packet * 2);
      this.netOut = ByteBuffer.allocate(packet * 2);
      this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
    }

    void handshake() throws IOException {
      SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
      while (hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
          && hs != SSLEngineResult.HandshakeStatus.FINISHED) {
        switch (hs) {
          case NEED_WRAP:
            hs = wrap(ByteBuffer.allocate(0)).getHandshakeStatus();
            break;
          case NEED_UNWRAP:
          case NEED_UNWRAP_AGAIN:
            hs = unwrap().getHandshakeStatus();
            break;
          case NEED_TASK:
            for (Runnable t; (t = engine.getDelegatedTask()) != null; ) {
              t.run();
            }
            hs = engine.getHandshakeStatus();
            break;
          default:
            throw new IllegalStateException(String.valueOf(hs));
        }
      }
    }

    SSLEngineResult wrap(ByteBuffer src) throws IOException {
      netOut.clear();
      SSLEngineResult r = engine.wrap(src, netOut);
      netOut.flip();
      out.write(netOut.array(), 0, netOut.limit());
      out.flush();
      return r;
    }

    /** Unwraps one record, reading from the socket as needed; at EOF closes the inbound side. */
    SSLEngineResult unwrap() throws IOException {
      while (true) {
        netIn.flip();
        SSLEngineResult r = engine.unwrap(netIn, appIn);
        netIn.compact();
        appIn.flip();
        received.write(appIn.array(), 0, appIn.limit());
        appIn.clear();
        if (r.getStatus() != SSLEngineResult.Status.BUFFER_UNDERFLOW) {
          return r;
        }
        int n = in.read(netIn.array(), netIn.position(), netIn.remaining());
        if (n < 0) {
          eof = true;
          return r;
        }
        netIn.position(netIn.position() + n);
      }
    }

    void send(byte[] data) throws IOException {
      ByteBuffer src = ByteBuffer.wrap(data);
      while (src.hasRemaining()) {
        wrap(src);
      }
    }

    byte[] receiveAll() throws IOException {
      while (!eof && !engine.isInboundDone()) {
        SSLEngineResult r = unwrap();
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
          break;
        }
        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
          for (Runnable t; (t = engine.getDelegatedTask()) != null; ) {
            t.run();
          }
        }
      }
      return received.toByteArray();
    }
  }

  interface Getter {
    Outcome get(SSLContext ctx, int port, String sni, String protocol) throws Exception;
  }

  static List<String> names(SSLSession session) {
    List<String> out = new ArrayList<>();
    for (SNIServerName n : ((ExtendedSSLSession) session).getRequestedServerNames()) {
      out.add(((SNIHostName) n).getAsciiName());
    }
    return out;
  }

  static Counting countingTrustManager() {
    return new Counting(PkixjTrust.builder().rootsDer(world.roots()).noDatabase().build()
        .trustManager());
  }

  static SSLContext context(Counting tm) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {tm}, null);
    return ctx;
  }

  /** The server's certificate names www.wrong-host.test only; it listens on localhost. */
  static final String NAME = "www.wrong-host.test";

  static Stream<Arguments> protocolsAndTransports() {
    List<Arguments> out = new ArrayList<>();
    for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
      out.add(Arguments.of(protocol, "socket", (Getter) SessionResumptionTest::getAs));
      out.add(Arguments.of(protocol, "engine", (Getter) SessionResumptionTest::engineGetAs));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protocolsAndTransports")
  void byDefaultTheJdkResumesASessionForAnotherServerName(String protocol, String transport,
      Getter getAs) throws Exception {
    Counting tm = countingTrustManager();
    SSLContext ctx = context(tm);
    int port = world.server(Case.WRONG_HOST).port();

    Outcome first = getAs.get(ctx, port, NAME, protocol);
    assertTrue(first.response().startsWith("HTTP/1.1 200"), String.valueOf(first));
    assertEquals(1, tm.serverChecks.get());

    // Same host and port, not asking for that name (the JDK's default for "localhost", a name
    // without a dot, is no SNI; the host to check is then "localhost", which the certificate
    // does not name): the JDK resumes the session, sending the old name again, and the trust
    // manager is not asked. This is the JDK's behaviour the option below prevents.
    Outcome second = getAs.get(ctx, port, null, protocol);
    assertTrue(second.response() != null && second.response().startsWith("HTTP/1.1 200"),
        String.valueOf(second));
    assertEquals(1, tm.serverChecks.get(), "resumed: no verification for localhost");
    assertEquals(List.of(NAME), second.sessionNames(), "the session is the one for " + NAME);

    // Through PkixjTrust.sslContext() without the option: the same.
    SSLContext plain = PkixjTrust.builder().rootsDer(world.roots()).noDatabase().build()
        .sslContext();
    assertTrue(getAs.get(plain, port, NAME, protocol).response().startsWith("HTTP/1.1 200"));
    Outcome resumed = getAs.get(plain, port, null, protocol);
    assertTrue(resumed.response() != null, String.valueOf(resumed));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("protocolsAndTransports")
  void boundSessionsAreNeverResumedForAnotherServerName(String protocol, String transport,
      Getter getAs) throws Exception {
    Counting tm = countingTrustManager();
    SSLContext ctx = ServerNameBinding.wrap(context(tm));
    int port = world.server(Case.WRONG_HOST).port();

    Outcome first = getAs.get(ctx, port, NAME, protocol);
    assertTrue(first.response().startsWith("HTTP/1.1 200"), String.valueOf(first));
    assertEquals(1, tm.serverChecks.get());

    // The same name again: resumed as before (the option costs no resumption).
    Outcome again = getAs.get(ctx, port, NAME, protocol);
    assertTrue(again.response().startsWith("HTTP/1.1 200"), String.valueOf(again));
    assertEquals(1, tm.serverChecks.get(), "resumed for the same name");

    // Another name: a full handshake, the chain verified for localhost, and refused.
    Outcome other = getAs.get(ctx, port, null, protocol);
    assertEquals(null, other.response());
    assertEquals(2, tm.serverChecks.get(), "verified again for localhost");
    FirefoxCertificateException e = other.rejection();
    assertNotNull(e, String.valueOf(other.failure()));
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, e.code());
    assertEquals(Loopback.HOST, e.host());

    // The option through PkixjTrust.
    PkixjTrust bound = PkixjTrust.builder().rootsDer(world.roots()).noDatabase()
        .bindSessionsToServerName(true).build();
    assertTrue(bound.bindsSessionsToServerName());
    SSLContext bctx = bound.sslContext();
    assertTrue(getAs.get(bctx, port, NAME, protocol).response().startsWith("HTTP/1.1 200"));
    Outcome refused = getAs.get(bctx, port, null, protocol);
    assertNotNull(refused.rejection(), String.valueOf(refused.failure()));
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, refused.rejection().code());
  }

  /**
   * The check after the handshake, on real connections: with the check before skipped (as when
   * another connection caches a session between the two), the JDK resumes the session for
   * another name; the bound socket or engine refuses the connection and invalidates the session.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void aResumptionThatSlipsThroughIsRefusedAfterTheHandshake(String protocol) throws Exception {
    Counting tm = countingTrustManager();
    SSLContext ctx = context(tm);
    int port = world.server(Case.WRONG_HOST).port();
    assertTrue(getAs(ctx, port, NAME, protocol).response().startsWith("HTTP/1.1 200"));
    assertEquals(1, tm.serverChecks.get());

    SSLSocket raw = (SSLSocket) ctx.getSocketFactory().createSocket(Loopback.HOST, port);
    BoundSocket socket = new BoundSocket(raw, Loopback.HOST, null); // no check before
    Outcome refused = getAs(socket, null, protocol);
    assertEquals(null, refused.response());
    assertTrue(refused.failure() instanceof javax.net.ssl.SSLHandshakeException,
        String.valueOf(refused.failure()));
    assertTrue(refused.failure().getMessage().contains(NAME + ", not (none)"),
        refused.failure().getMessage());
    assertEquals(1, tm.serverChecks.get(), "the JDK did resume");
    assertTrue(socket.isClosed());

    // The session was invalidated: the next connection for NAME is a full handshake.
    assertTrue(getAs(ctx, port, NAME, protocol).response().startsWith("HTTP/1.1 200"));
    assertEquals(2, tm.serverChecks.get());

    // The same through an engine.
    BoundEngine engine = new BoundEngine(ctx.createSSLEngine(Loopback.HOST, port), null);
    Outcome viaEngine = engineGetAs(engine, port, null, protocol);
    assertEquals(null, viaEngine.response());
    assertTrue(viaEngine.failure() instanceof javax.net.ssl.SSLHandshakeException,
        String.valueOf(viaEngine.failure()));
    assertTrue(viaEngine.failure().getMessage().contains(NAME + ", not (none)"),
        viaEngine.failure().getMessage());
    assertEquals(2, tm.serverChecks.get(), "the JDK did resume");
    // The engine is closed: it sends no application data.
    SSLEngineResult r = engine.wrap(ByteBuffer.wrap(new byte[] {'G', 'E', 'T'}),
        ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
    assertEquals(SSLEngineResult.Status.CLOSED, r.getStatus());
    assertEquals(0, r.bytesConsumed());
  }

  @Test
  void aHandshakeThatEndsInASessionForAnotherNameIsRefused() throws Exception {
    FakeTls.Session forA = new FakeTls.Session("a.example.test", "localhost", 443, null);
    ServerNameBinding.afterHandshake(forA, List.of(new SNIHostName("a.example.test")));
    javax.net.ssl.SSLHandshakeException e = assertThrows(
        javax.net.ssl.SSLHandshakeException.class, () -> ServerNameBinding.afterHandshake(forA,
            List.of(new SNIHostName("b.example.test"))));
    assertTrue(e.getMessage().contains("a.example.test, not b.example.test"), e.getMessage());
    assertThrows(javax.net.ssl.SSLHandshakeException.class,
        () -> ServerNameBinding.afterHandshake(forA, List.of()));
  }
}
