package dev.pkixj.jsse;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * A fabricated handshake for calling the trust manager's {@code SSLEngine} form directly: the
 * engine's parameters (endpoint identification) and its handshake session (SNI, peer host and
 * port, stapled responses) are whatever the test says.
 */
final class FakeTls {
  private FakeTls() {}

  static SSLEngine engine(String endpointIdentification, String sni, String peerHost,
      int peerPort, List<byte[]> statusResponses) {
    Session s = new Session(sni, peerHost, peerPort, statusResponses);
    return new Engine(peerHost, peerPort, endpointIdentification, s);
  }

  /**
   * An engine that cannot give its handshake session ({@code getHandshakeSession()} throws
   * {@code UnsupportedOperationException}, SSLEngine's default), with these parameters.
   */
  static SSLEngine engineWithoutHandshakeSession(String endpointIdentification, String peerHost,
      int peerPort) {
    return new Engine(peerHost, peerPort, endpointIdentification, null);
  }

  /** An engine whose {@code getSSLParameters()} throws (a broken engine subclass). */
  static SSLEngine engineWithBrokenParameters() {
    Engine e = new Engine("localhost", 443, "HTTPS",
        new Session(null, "localhost", 443, null));
    e.brokenParameters = true;
    return e;
  }

  static final class Session extends ExtendedSSLSession {
    private final String sni;
    private final String peerHost;
    private final int peerPort;
    private final List<byte[]> statusResponses;

    Session(String sni, String peerHost, int peerPort, List<byte[]> statusResponses) {
      this.sni = sni;
      this.peerHost = peerHost;
      this.peerPort = peerPort;
      this.statusResponses = statusResponses;
    }

    @Override
    public List<SNIServerName> getRequestedServerNames() {
      return sni == null ? List.of() : List.of(new SNIHostName(sni));
    }

    @Override
    public List<byte[]> getStatusResponses() {
      return statusResponses == null ? List.of() : statusResponses;
    }

    @Override
    public String[] getLocalSupportedSignatureAlgorithms() {
      return new String[0];
    }

    @Override
    public String[] getPeerSupportedSignatureAlgorithms() {
      return new String[0];
    }

    @Override
    public byte[] getId() {
      return new byte[0];
    }

    @Override
    public SSLSessionContext getSessionContext() {
      return null;
    }

    @Override
    public long getCreationTime() {
      return 0;
    }

    @Override
    public long getLastAccessedTime() {
      return 0;
    }

    @Override
    public void invalidate() {}

    @Override
    public boolean isValid() {
      return true;
    }

    @Override
    public void putValue(String name, Object value) {}

    @Override
    public Object getValue(String name) {
      return null;
    }

    @Override
    public void removeValue(String name) {}

    @Override
    public String[] getValueNames() {
      return new String[0];
    }

    @Override
    public Certificate[] getPeerCertificates() {
      return null;
    }

    @Override
    public Certificate[] getLocalCertificates() {
      return null;
    }

    @Override
    @SuppressWarnings("removal")
    public javax.security.cert.X509Certificate[] getPeerCertificateChain() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Principal getPeerPrincipal() {
      return null;
    }

    @Override
    public Principal getLocalPrincipal() {
      return null;
    }

    @Override
    public String getCipherSuite() {
      return "TLS_AES_128_GCM_SHA256";
    }

    @Override
    public String getProtocol() {
      return "TLSv1.3";
    }

    @Override
    public String getPeerHost() {
      return peerHost;
    }

    @Override
    public int getPeerPort() {
      return peerPort;
    }

    @Override
    public int getPacketBufferSize() {
      return 16709;
    }

    @Override
    public int getApplicationBufferSize() {
      return 16384;
    }
  }

  static final class Engine extends SSLEngine {
    private final String endpointIdentification;
    private final SSLSession session;
    boolean brokenParameters;

    Engine(String host, int port, String endpointIdentification, SSLSession session) {
      super(host, port);
      this.endpointIdentification = endpointIdentification;
      this.session = session;
    }

    @Override
    public SSLParameters getSSLParameters() {
      if (brokenParameters) {
        throw new IllegalStateException("test: no parameters");
      }
      SSLParameters p = new SSLParameters();
      p.setEndpointIdentificationAlgorithm(endpointIdentification);
      return p;
    }

    @Override
    public SSLSession getHandshakeSession() {
      if (session == null) {
        throw new UnsupportedOperationException();
      }
      return session;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Runnable getDelegatedTask() {
      return null;
    }

    @Override
    public void closeInbound() {}

    @Override
    public boolean isInboundDone() {
      return false;
    }

    @Override
    public void closeOutbound() {}

    @Override
    public boolean isOutboundDone() {
      return false;
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return new String[0];
    }

    @Override
    public String[] getEnabledCipherSuites() {
      return new String[0];
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {}

    @Override
    public String[] getSupportedProtocols() {
      return new String[0];
    }

    @Override
    public String[] getEnabledProtocols() {
      return new String[0];
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {}

    @Override
    public SSLSession getSession() {
      return session;
    }

    @Override
    public void beginHandshake() {}

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
      return SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
    }

    @Override
    public void setUseClientMode(boolean mode) {}

    @Override
    public boolean getUseClientMode() {
      return true;
    }

    @Override
    public void setNeedClientAuth(boolean need) {}

    @Override
    public boolean getNeedClientAuth() {
      return false;
    }

    @Override
    public void setWantClientAuth(boolean want) {}

    @Override
    public boolean getWantClientAuth() {
      return false;
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {}

    @Override
    public boolean getEnableSessionCreation() {
      return true;
    }
  }
}
