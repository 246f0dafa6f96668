package dev.pkixj.cli;

import dev.pkixj.jsse.FirefoxTrustManager;
import dev.pkixj.verifier.VerificationResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code pkixj check}'s TLS handshake: connects to a {@link Target}, records the chain and the
 * stapled OCSP response the server sends, and lets the handshake go on only if the given verdict
 * accepts them (never a "trust all" device). Nothing is sent after the handshake.
 */
final class TlsProbe {
  private TlsProbe() {}

  /** The verdict on what the server sent: the chain (leaf first) and its staple (or null). */
  @FunctionalInterface
  interface Verdict {
    VerificationResult verify(List<byte[]> chain, byte[] staple);
  }

  /** What the handshake gave. */
  static final class Handshake {
    /** The certificates the server sent, leaf first. */
    List<byte[]> chain;
    /** The stapled OCSP response, or null. */
    byte[] staple;
    /** The verdict given during the handshake. */
    VerificationResult verdict;
    String address;
    String protocol;
    String cipherSuite;
    /** Why the handshake failed after the certificate was received, or null. */
    String failure;
    /** What escaped the verdict (a bug), or null. */
    RuntimeException crash;
  }

  /**
   * Connects to {@code t} and performs the handshake, judging the server's certificate with
   * {@code verdict}.
   *
   * @throws CliException if the server cannot be reached or sent no certificate
   */
  static Handshake connect(Target t, Verdict verdict, Duration timeout) throws CliException {
    Recorder rec = new Recorder(verdict);
    Handshake hs = rec.hs;
    int ms = (int) timeout.toMillis();
    SSLContext ctx;
    try {
      ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {rec}, null);
    } catch (GeneralSecurityException e) {
      throw new CliException("TLS is not available: " + e.getMessage());
    }
    Socket raw = new Socket();
    try {
      raw.connect(new InetSocketAddress(t.host(), t.port()), ms);
      raw.setSoTimeout(ms);
      hs.address = raw.getInetAddress().getHostAddress();
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, t.host(), t.port(),
          true)) {
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!t.isIpLiteral()) {
          try {
            p.setServerNames(List.of(new SNIHostName(t.host())));
          } catch (IllegalArgumentException e) {
            // not a valid SNI name: none sent
          }
        }
        s.setSSLParameters(p);
        try {
          s.startHandshake();
          SSLSession session = s.getSession();
          hs.protocol = session.getProtocol();
          hs.cipherSuite = session.getCipherSuite();
        } catch (SSLException e) {
          if (hs.chain == null) {
            throw new CliException("TLS handshake with " + t.display() + " failed before the "
                + "server sent its certificate: " + e.getMessage());
          }
          hs.failure = e.getMessage();
        }
      }
    } catch (UnknownHostException e) {
      throw new CliException(t.host() + ": unknown host");
    } catch (SocketTimeoutException e) {
      throw new CliException(t.display() + ": timed out after " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new CliException(t.display() + ": " + e.getMessage());
    } finally {
      try {
        raw.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    if (hs.crash != null) {
      throw hs.crash;
    }
    if (hs.chain == null || hs.verdict == null) {
      throw new CliException(t.display() + ": the server sent no certificate");
    }
    return hs;
  }

  /**
   * Records what the server sent, then asks the verdict: the handshake goes on only if the chain
   * is valid (or covered by a certificate exception).
   */
  private static final class Recorder extends X509ExtendedTrustManager {
    private final Verdict verdict;
    final Handshake hs = new Handshake();

    Recorder(Verdict verdict) {
      this.verdict = verdict;
    }

    private void judge(X509Certificate[] certs, SSLSession session) throws CertificateException {
      List<byte[]> ders = new ArrayList<>();
      for (X509Certificate c : certs) {
        ders.add(c.getEncoded());
      }
      byte[] staple = session == null ? null : FirefoxTrustManager.stapledOcspResponse(session);
      hs.chain = ders;
      hs.staple = staple;
      VerificationResult r;
      try {
        r = verdict.verify(ders, staple);
      } catch (RuntimeException e) {
        hs.crash = e; // a bug in pkixj, reported after the handshake as one
        throw new CertificateException("internal error", e);
      }
      hs.verdict = r;
      if (!r.isValid()) {
        throw new CertificateException(r.result().firefoxName());
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, Socket s)
        throws CertificateException {
      judge(c, s instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e)
        throws CertificateException {
      judge(c, e == null ? null : e.getHandshakeSession());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
      judge(c, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, Socket s)
        throws CertificateException {
      throw new CertificateException("pkixj check verifies servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e)
        throws CertificateException {
      throw new CertificateException("pkixj check verifies servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
      throw new CertificateException("pkixj check verifies servers only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
