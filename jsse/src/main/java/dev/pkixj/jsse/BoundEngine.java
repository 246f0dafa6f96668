package dev.pkixj.jsse;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * A JDK client engine whose handshakes are bound to its server names ({@link
 * ServerNameBinding}): the check before runs on the first {@code beginHandshake}, {@code wrap}
 * or {@code unwrap}; the check after runs when a {@code wrap} or {@code unwrap} reports the
 * handshake {@code FINISHED} (before any application data). Everything else is the JDK engine's.
 */
final class BoundEngine extends SSLEngine {
  private final SSLEngine e;
  private final SSLSessionContext cache;
  private final Object lock = new Object();
  private volatile boolean started;
  private volatile List<SNIServerName> names = List.of();

  BoundEngine(SSLEngine e, SSLSessionContext cache) {
    super(e.getPeerHost(), e.getPeerPort());
    this.e = e;
    this.cache = cache;
  }

  private void before(boolean again) {
    if (started && !again) {
      return;
    }
    synchronized (lock) {
      if (started && !again) {
        return;
      }
      if (e.getUseClientMode()) {
        List<SNIServerName> n = ServerNameBinding.requested(e.getSSLParameters());
        ServerNameBinding.beforeHandshake(cache, e.getPeerHost(), e.getPeerPort(), n);
        names = n;
      }
      started = true;
    }
  }

  private SSLEngineResult after(SSLEngineResult r) throws SSLHandshakeException {
    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED
        && e.getUseClientMode()) {
      try {
        ServerNameBinding.afterHandshake(e.getSession(), names);
      } catch (SSLHandshakeException ex) {
        e.closeOutbound();
        try {
          e.closeInbound();
        } catch (SSLException suppressed) {
          ex.addSuppressed(suppressed);
        }
        throw ex;
      }
    }
    return r;
  }

  @Override
  public void beginHandshake() throws SSLException {
    before(true);
    e.beginHandshake();
  }

  @Override
  public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
      throws SSLException {
    before(false);
    return after(e.wrap(srcs, offset, length, dst));
  }

  @Override
  public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length)
      throws SSLException {
    before(false);
    return after(e.unwrap(src, dsts, offset, length));
  }

  // ------------------------------------------------------------------ delegated as is

  @Override
  public String getPeerHost() {
    return e.getPeerHost();
  }

  @Override
  public int getPeerPort() {
    return e.getPeerPort();
  }

  @Override
  public Runnable getDelegatedTask() {
    return e.getDelegatedTask();
  }

  @Override
  public void closeInbound() throws SSLException {
    e.closeInbound();
  }

  @Override
  public boolean isInboundDone() {
    return e.isInboundDone();
  }

  @Override
  public void closeOutbound() {
    e.closeOutbound();
  }

  @Override
  public boolean isOutboundDone() {
    return e.isOutboundDone();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return e.getSupportedCipherSuites();
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return e.getEnabledCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    e.setEnabledCipherSuites(suites);
  }

  @Override
  public String[] getSupportedProtocols() {
    return e.getSupportedProtocols();
  }

  @Override
  public String[] getEnabledProtocols() {
    return e.getEnabledProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    e.setEnabledProtocols(protocols);
  }

  @Override
  public SSLSession getSession() {
    return e.getSession();
  }

  @Override
  public SSLSession getHandshakeSession() {
    return e.getHandshakeSession();
  }

  @Override
  public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
    return e.getHandshakeStatus();
  }

  @Override
  public void setUseClientMode(boolean mode) {
    e.setUseClientMode(mode);
  }

  @Override
  public boolean getUseClientMode() {
    return e.getUseClientMode();
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    e.setNeedClientAuth(need);
  }

  @Override
  public boolean getNeedClientAuth() {
    return e.getNeedClientAuth();
  }

  @Override
  public void setWantClientAuth(boolean want) {
    e.setWantClientAuth(want);
  }

  @Override
  public boolean getWantClientAuth() {
    return e.getWantClientAuth();
  }

  @Override
  public void setEnableSessionCreation(boolean flag) {
    e.setEnableSessionCreation(flag);
  }

  @Override
  public boolean getEnableSessionCreation() {
    return e.getEnableSessionCreation();
  }

  @Override
  public SSLParameters getSSLParameters() {
    return e.getSSLParameters();
  }

  @Override
  public void setSSLParameters(SSLParameters params) {
    e.setSSLParameters(params);
  }

  @Override
  public String getApplicationProtocol() {
    return e.getApplicationProtocol();
  }

  @Override
  public String getHandshakeApplicationProtocol() {
    return e.getHandshakeApplicationProtocol();
  }

  @Override
  public void setHandshakeApplicationProtocolSelector(
      BiFunction<SSLEngine, List<String>, String> selector) {
    e.setHandshakeApplicationProtocolSelector(selector);
  }

  @Override
  public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
    return e.getHandshakeApplicationProtocolSelector();
  }

  @Override
  public String toString() {
    return "pkixj-bound " + e;
  }
}
