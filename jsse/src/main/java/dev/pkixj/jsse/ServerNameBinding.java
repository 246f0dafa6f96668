package dev.pkixj.jsse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Client sessions bound to the server name they were verified for ({@link
 * PkixjTrust.Builder#bindSessionsToServerName}).
 *
 * <p>The JDK's client keeps one resumable session per peer host and port (the host the socket or
 * engine was created with), whatever SNI name was asked for; resuming it, the JDK sends the
 * cached session's SNI names again, the server resumes, and the trust manager is not called: a
 * connection to {@code host:port} configured for server name B reuses the verdict given for
 * server name A. Here, just before a client handshake, every cached session for that peer port
 * (and host, when known) whose requested server names differ from the socket's or engine's is
 * invalidated, so the handshake is a full one and the chain is verified for B; and after the
 * handshake, a session whose requested names still differ (another connection cached one in
 * between) is invalidated and the connection fails.
 */
final class ServerNameBinding {
  private ServerNameBinding() {}

  /** {@code ctx} with its client sockets and engines bound to their server names. */
  static SSLContext wrap(SSLContext ctx) {
    return new Context(ctx);
  }

  /** The server names a client handshake with these parameters asks for (never null). */
  static List<SNIServerName> requested(SSLParameters p) {
    List<SNIServerName> names = p == null ? null : p.getServerNames();
    return names == null ? List.of() : names;
  }

  /** The server names {@code session} was established for (never null). */
  static List<SNIServerName> requested(SSLSession session) {
    if (session instanceof ExtendedSSLSession) {
      try {
        List<SNIServerName> names = ((ExtendedSSLSession) session).getRequestedServerNames();
        return names == null ? List.of() : names;
      } catch (UnsupportedOperationException e) {
        return List.of();
      }
    }
    return List.of();
  }

  /**
   * Invalidates the cached client sessions for {@code peerPort} (and {@code peerHost} unless
   * null) that were established for other server names than {@code names}.
   */
  static void beforeHandshake(SSLSessionContext cache, String peerHost, int peerPort,
      List<SNIServerName> names) {
    if (cache == null || peerPort <= 0) {
      return; // the JDK resumes only by host and port
    }
    for (byte[] id : Collections.list(cache.getIds())) {
      SSLSession s = cache.getSession(id);
      if (s == null || s.getPeerPort() != peerPort) {
        continue;
      }
      if (peerHost != null && !peerHost.equalsIgnoreCase(s.getPeerHost())) {
        continue;
      }
      if (!names.equals(requested(s))) {
        s.invalidate();
      }
    }
  }

  /**
   * Refuses a handshake whose session was established for other server names than {@code
   * names}: invalidates it and throws.
   */
  static void afterHandshake(SSLSession session, List<SNIServerName> names)
      throws SSLHandshakeException {
    if (session == null || !session.isValid()) {
      return; // no session: the handshake failed and said so
    }
    List<SNIServerName> established = requested(session);
    if (!names.equals(established)) {
      session.invalidate();
      throw new SSLHandshakeException("pkixj: the session resumed was established for server "
          + "name " + show(established) + ", not " + show(names)
          + ": refused (its certificate was verified for another name)");
    }
  }

  private static String show(List<SNIServerName> names) {
    if (names.isEmpty()) {
      return "(none)";
    }
    return names.stream().map(n -> n instanceof SNIHostName ? ((SNIHostName) n).getAsciiName()
        : n.toString()).collect(Collectors.joining(", "));
  }

  // ------------------------------------------------------------------ the JSSE objects

  private static final class Context extends SSLContext {
    Context(SSLContext delegate) {
      super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
    }
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;

    Spi(SSLContext delegate) {
      this.delegate = delegate;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
        throws KeyManagementException {
      delegate.init(km, tm, sr);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return new Factory(delegate.getSocketFactory(), delegate.getClientSessionContext());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return new BoundEngine(delegate.createSSLEngine(), delegate.getClientSessionContext());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return new BoundEngine(delegate.createSSLEngine(host, port),
          delegate.getClientSessionContext());
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return delegate.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }
  }

  private static final class Factory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final SSLSessionContext cache;

    Factory(SSLSocketFactory delegate, SSLSessionContext cache) {
      this.delegate = delegate;
      this.cache = cache;
    }

    private Socket bound(Socket s, String host) {
      return s instanceof SSLSocket ? new BoundSocket((SSLSocket) s, host, cache) : s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return bound(delegate.createSocket(), null);
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return bound(delegate.createSocket(s, host, port, autoClose), host);
    }

    @Override
    public Socket createSocket(Socket s, java.io.InputStream consumed, boolean autoClose)
        throws IOException {
      return delegate.createSocket(s, consumed, autoClose); // server side
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return bound(delegate.createSocket(host, port), host);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return bound(delegate.createSocket(host, port, localHost, localPort), host);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return bound(delegate.createSocket(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
        int localPort) throws IOException {
      return bound(delegate.createSocket(address, port, localAddress, localPort), null);
    }
  }
}
