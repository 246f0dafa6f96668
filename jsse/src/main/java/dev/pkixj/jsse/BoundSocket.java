package dev.pkixj.jsse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;

/**
 * A JDK client socket whose first handshake is bound to its server names ({@link
 * ServerNameBinding}); everything else is the JDK socket's. The handshake is started explicitly
 * before the first read, write or session query, so the checks run around it.
 */
final class BoundSocket extends SSLSocket {
  private final SSLSocket s;
  private final String peerHost;
  private final SSLSessionContext cache;
  private final Object lock = new Object();
  private volatile boolean handshaken;

  BoundSocket(SSLSocket s, String peerHost, SSLSessionContext cache) {
    this.s = s;
    this.peerHost = peerHost;
    this.cache = cache;
  }

  /**
   * The first handshake of a client socket, with the checks around it; true if it ran it (false
   * when it had run already, or in server mode, which is left to the JDK socket).
   */
  private boolean firstHandshake() throws IOException {
    if (handshaken) {
      return false;
    }
    synchronized (lock) {
      if (handshaken) {
        return false;
      }
      if (!s.getUseClientMode()) {
        handshaken = true;
        return false;
      }
      List<javax.net.ssl.SNIServerName> names = ServerNameBinding.requested(s.getSSLParameters());
      ServerNameBinding.beforeHandshake(cache, peerHost, s.getPort(), names);
      s.startHandshake();
      try {
        ServerNameBinding.afterHandshake(s.getSession(), names);
      } catch (IOException e) {
        try {
          s.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      handshaken = true;
      return true;
    }
  }

  @Override
  public void startHandshake() throws IOException {
    if (!firstHandshake()) {
      s.startHandshake(); // a later handshake (renegotiation, key update) or server mode
    }
  }

  @Override
  public SSLSession getSession() {
    try {
      firstHandshake();
    } catch (IOException e) {
      // as the JDK socket does: a failed handshake gives the invalid "null" session
    }
    return s.getSession();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    InputStream in = s.getInputStream();
    return new InputStream() {
      @Override
      public int read() throws IOException {
        firstHandshake();
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        firstHandshake();
        return in.read(b, off, len);
      }

      @Override
      public long skip(long n) throws IOException {
        firstHandshake();
        return in.skip(n);
      }

      @Override
      public int available() throws IOException {
        return in.available();
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    OutputStream out = s.getOutputStream();
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        firstHandshake();
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        firstHandshake();
        out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  // ------------------------------------------------------------------ delegated as is

  @Override
  public SSLSession getHandshakeSession() {
    return s.getHandshakeSession();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return s.getSupportedCipherSuites();
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return s.getEnabledCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    s.setEnabledCipherSuites(suites);
  }

  @Override
  public String[] getSupportedProtocols() {
    return s.getSupportedProtocols();
  }

  @Override
  public String[] getEnabledProtocols() {
    return s.getEnabledProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    s.setEnabledProtocols(protocols);
  }

  @Override
  public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
    s.addHandshakeCompletedListener(listener);
  }

  @Override
  public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
    s.removeHandshakeCompletedListener(listener);
  }

  @Override
  public void setUseClientMode(boolean mode) {
    s.setUseClientMode(mode);
  }

  @Override
  public boolean getUseClientMode() {
    return s.getUseClientMode();
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    s.setNeedClientAuth(need);
  }

  @Override
  public boolean getNeedClientAuth() {
    return s.getNeedClientAuth();
  }

  @Override
  public void setWantClientAuth(boolean want) {
    s.setWantClientAuth(want);
  }

  @Override
  public boolean getWantClientAuth() {
    return s.getWantClientAuth();
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {
    s.setEnableSessionCreation(flag);
  }

  @Override
  public boolean getEnableSessionCreation() {
    return s.getEnableSessionCreation();
  }

  @Override
  public SSLParameters getSSLParameters() {
    return s.getSSLParameters();
  }

  @Override
  public void setSSLParameters(SSLParameters params) {
    s.setSSLParameters(params);
  }

  @Override
  public String getApplicationProtocol() {
    return s.getApplicationProtocol();
  }

  @Override
  public String getHandshakeApplicationProtocol() {
    return s.getHandshakeApplicationProtocol();
  }

  @Override
  public void setHandshakeApplicationProtocolSelector(
      BiFunction<SSLSocket, List<String>, String> selector) {
    s.setHandshakeApplicationProtocolSelector(selector);
  }

  @Override
  public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
    return s.getHandshakeApplicationProtocolSelector();
  }

  @Override
  public void connect(SocketAddress endpoint) throws IOException {
    s.connect(endpoint);
  }

  @Override
  public void connect(SocketAddress endpoint, int timeout) throws IOException {
    s.connect(endpoint, timeout);
  }

  @Override
  public void bind(SocketAddress bindpoint) throws IOException {
    s.bind(bindpoint);
  }

  @Override
  public InetAddress getInetAddress() {
    return s.getInetAddress();
  }

  @Override
  public InetAddress getLocalAddress() {
    return s.getLocalAddress();
  }

  @Override
  public int getPort() {
    return s.getPort();
  }

  @Override
  public int getLocalPort() {
    return s.getLocalPort();
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return s.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return s.getLocalSocketAddress();
  }

  @Override
  public SocketChannel getChannel() {
    return s.getChannel();
  }

  @Override
  public void setTcpNoDelay(boolean on) throws SocketException {
    s.setTcpNoDelay(on);
  }

  @Override
  public boolean getTcpNoDelay() throws SocketException {
    return s.getTcpNoDelay();
  }

  @Override
  public void setSoLinger(boolean on, int linger) throws SocketException {
    s.setSoLinger(on, linger);
  }

  @Override
  public int getSoLinger() throws SocketException {
    return s.getSoLinger();
  }

  @Override
  public void sendUrgentData(int data) throws IOException {
    s.sendUrgentData(data);
  }

  @Override
  public void setOOBInline(boolean on) throws SocketException {
    s.setOOBInline(on);
  }

  @Override
  public boolean getOOBInline() throws SocketException {
    return s.getOOBInline();
  }

  @Override
  public void setSoTimeout(int timeout) throws SocketException {
    s.setSoTimeout(timeout);
  }

  @Override
  public int getSoTimeout() throws SocketException {
    return s.getSoTimeout();
  }

  @Override
  public void setSendBufferSize(int size) throws SocketException {
    s.setSendBufferSize(size);
  }

  @Override
  public int getSendBufferSize() throws SocketException {
    return s.getSendBufferSize();
  }

  @Override
  public void setReceiveBufferSize(int size) throws SocketException {
    s.setReceiveBufferSize(size);
  }

  @Override
  public int getReceiveBufferSize() throws SocketException {
    return s.getReceiveBufferSize();
  }

  @Override
  public void setKeepAlive(boolean on) throws SocketException {
    s.setKeepAlive(on);
  }

  @Override
  public boolean getKeepAlive() throws SocketException {
    return s.getKeepAlive();
  }

  @Override
  public void setTrafficClass(int tc) throws SocketException {
    s.setTrafficClass(tc);
  }

  @Override
  public int getTrafficClass() throws SocketException {
    return s.getTrafficClass();
  }

  @Override
  public void setReuseAddress(boolean on) throws SocketException {
    s.setReuseAddress(on);
  }

  @Override
  public boolean getReuseAddress() throws SocketException {
    return s.getReuseAddress();
  }

  @Override
  public void close() throws IOException {
    s.close();
  }

  @Override
  public void shutdownInput() throws IOException {
    s.shutdownInput();
  }

  @Override
  public void shutdownOutput() throws IOException {
    s.shutdownOutput();
  }

  @Override
  public boolean isConnected() {
    return s.isConnected();
  }

  @Override
  public boolean isBound() {
    return s.isBound();
  }

  @Override
  public boolean isClosed() {
    return s.isClosed();
  }

  @Override
  public boolean isInputShutdown() {
    return s.isInputShutdown();
  }

  @Override
  public boolean isOutputShutdown() {
    return s.isOutputShutdown();
  }

  @Override
  public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
    s.setPerformancePreferences(connectionTime, latency, bandwidth);
  }

  @Override
  public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
    s.setOption(name, value);
    return this;
  }

  @Override
  public <T> T getOption(SocketOption<T> name) throws IOException {
    return s.getOption(name);
  }

  @Override
  public Set<SocketOption<?>> supportedOptions() {
    return s.supportedOptions();
  }

  @Override
  public String toString() {
    return "pkixj-bound " + s;
  }
}
