package dev.pkixj.jsse;

import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.policy.TimeSource;
import java.io.ByteArrayInputStream;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A JSSE trust manager that gives Firefox's verdict (mozilla::pkix path building, Firefox's
 * policy, host-name matching, error codes and error-page explanations).
 *
 * <h2>Server certificates</h2>
 * The {@code Socket}/{@code SSLEngine} forms (the ones JSSE calls) take from the handshake:
 * <ul>
 *   <li><b>the host name</b>: the SNI host name the client sent, else the peer host the socket or
 *       engine was created with (an IPv6 literal without brackets). The host is checked whenever
 *       it is known, whatever the endpoint identification algorithm: with {@code "HTTPS"} (or
 *       {@code "LDAPS"}) and no known host the chain is <b>refused</b> (fail closed); another
 *       algorithm is refused as unsupported;</li>
 *   <li><b>the stapled OCSP response</b> for the end-entity ({@link
 *       ExtendedSSLSession#getStatusResponses()}, first entry);</li>
 *   <li>the peer port, for certificate exceptions (an unknown port, -1 or 0, matches no
 *       exception).</li>
 * </ul>
 * {@link #checkServerTrusted(X509Certificate[], String)} has no handshake: it verifies the chain
 * without a host name (the caller must check the name, as with the JDK's own trust manager).
 *
 * <h2>Certificate Transparency</h2>
 * Server chains are checked for Certificate Transparency as Firefox checks them ({@link
 * PkixjTrust#ct()}, docs/ct.md; by default auto mode: enforced when the built path ends at a
 * root of Mozilla's root program). The SCTs come from the end-entity (embedded) and from the
 * stapled OCSP response when it verifies. SunJSSE gives a trust manager no access to the TLS
 * {@code signed_certificate_timestamp} extension, so no TLS-delivered SCTs are passed to the
 * verifier (null): a server that delivers its SCTs only that way fails with {@link
 * Result#MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY} where CT is enforced,
 * although Firefox would accept it. Client certificates are never checked for CT.
 *
 * <h2>Client certificates</h2>
 * Verified for id-kp-clientAuth, with no host name.
 *
 * <h2>Policy</h2>
 * The trust manager has no policy of its own: server verdicts come from {@link
 * PkixjTrust#browserVerifier()}, the same verifier-layer objects {@code pkixj verify} uses (the
 * MITM canary of the TLS policy, certificate exceptions with the HSTS rule, clock hints), so for
 * the same chain, host, port and settings both give the same verdict.
 *
 * <h2>Failures</h2>
 * A rejected chain throws {@link FirefoxCertificateException} (a {@code CertificateException})
 * with the code, the certificate index and the explanation. A chain that cannot be read (a
 * certificate whose {@code getEncoded()} fails or returns nothing) or an internal failure of the
 * verifier throws a plain {@code CertificateException}: every failure refuses the chain. There is
 * no "trust all" mode.
 *
 * <h2>Session resumption</h2>
 * JSSE calls a trust manager only on full handshakes. A resumed session (TLS 1.2 session ID or
 * ticket, TLS 1.3 PSK) reuses the verdict of the handshake that created it: a revocation, a
 * distrust or an expiry that happened since is not seen until the session ends. {@link
 * PkixjTrust.Builder#sessionTimeout} bounds the reuse. The JDK resumes a client session by peer
 * host and port (and the same endpoint identification algorithm), whatever SNI name the new
 * connection asks for: a connection asking for another name on the same host and port reuses
 * this verdict. {@link PkixjTrust.Builder#bindSessionsToServerName} prevents that for {@link
 * PkixjTrust#sslContext()}; this trust manager alone cannot.
 *
 * <p>Thread-safe; one instance serves any number of connections.
 */
public final class FirefoxTrustManager extends X509ExtendedTrustManager {
  private static final System.Logger LOG = System.getLogger("dev.pkixj.jsse");
  private static final X509Certificate[] NO_CERTS = new X509Certificate[0];
  private static final AtomicBoolean FAIL_CLOSED_LOGGED = new AtomicBoolean();

  private final PkixjTrust trust;
  private final X509Certificate[] acceptedIssuers;
  private final TimeSource timeSource;

  FirefoxTrustManager(PkixjTrust trust) {
    this.trust = trust;
    this.acceptedIssuers = trust.advertiseAcceptedIssuers() ? anchors(trust.trustStore()) : NO_CERTS;
    Clock c = trust.clock();
    this.timeSource = c.equals(Clock.systemUTC()) || c.equals(Clock.systemDefaultZone())
        ? TimeSource.SYSTEM_CLOCK : TimeSource.GIVEN;
  }

  /** The configuration this trust manager applies. */
  public PkixjTrust trust() {
    return trust;
  }

  // ---------------------------------------------------------------- X509ExtendedTrustManager

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkArgs(chain, authType);
    server(chain, null, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkArgs(chain, authType);
    if (socket instanceof SSLSocket) {
      // Connected or not: an unconnected socket has no handshake session, so with endpoint
      // identification on it knows no host and is refused (the JDK's own trust manager skips
      // the host check there).
      SSLSocket s = (SSLSocket) socket;
      server(chain, handshakeSession(s), parameters(s::getSSLParameters));
    } else {
      server(chain, null, null);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkArgs(chain, authType);
    if (engine != null) {
      server(chain, handshakeSession(engine), parameters(engine::getSSLParameters));
    } else {
      server(chain, null, null);
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkArgs(chain, authType);
    client(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkArgs(chain, authType);
    client(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkArgs(chain, authType);
    client(chain);
  }

  /**
   * Empty unless the configuration advertises accepted issuers (then the trust anchors). Never
   * null.
   */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return acceptedIssuers.clone();
  }

  // ---------------------------------------------------------------- verification entry points

  /**
   * The verifier's verdict on a server chain, before certificate exceptions: path building and
   * the TLS policy, the MITM canary included ({@link PkixjTrust#verifier()}).
   *
   * @param chain the certificates the server sent (DER), end-entity first
   * @param host the host name to check, or null to skip the name check
   * @param stapledOcspResponse the stapled OCSP response for the end-entity, or null (its SCTs
   *     count for Certificate Transparency; there are no TLS-extension SCTs, see the class
   *     documentation)
   */
  public VerificationResult verifyServer(List<byte[]> chain, String host,
      byte[] stapledOcspResponse) {
    return trust.verifier().verifyServer(chain, host, trust.clock().instant(),
        stapledOcspResponse);
  }

  /**
   * Firefox's verdict on a server chain for {@code host} and {@code port}, the one the handshake
   * methods give and {@code pkixj verify} gives for the same settings: {@link
   * PkixjTrust#browserVerifier()} (the verifier with its TLS policy, then a certificate exception
   * when exceptions are enabled, the error is overridable and the host is not HSTS; the result is
   * then a success {@linkplain VerificationResult#isOverridden() flagged as overridden}). Without
   * a host, or with an unknown port (anything outside 1 to 65535, e.g. the -1 of a session that
   * knows no peer port), no exception applies.
   */
  public VerificationResult verifyServer(List<byte[]> chain, String host, int port,
      byte[] stapledOcspResponse) {
    return trust.browserVerifier().verify(chain, host, port, trust.clock().instant(), timeSource,
        stapledOcspResponse);
  }

  /** The verdict on a client certificate chain (id-kp-clientAuth, no host name). */
  public VerificationResult verifyClient(List<byte[]> chain) {
    return trust.verifier().verifyChain(chain, trust.clock().instant(),
        KeyPurposeId.ID_KP_CLIENT_AUTH);
  }

  // ---------------------------------------------------------------- internals

  private void server(X509Certificate[] chain, SSLSession session, SSLParameters params)
      throws CertificateException {
    List<byte[]> ders = encode(chain);
    String algorithm = params == null ? null : params.getEndpointIdentificationAlgorithm();
    String host = null;
    int port = -1;
    byte[] staple = null;
    if (session != null) {
      try {
        host = peerHostName(session);
        port = session.getPeerPort();
        staple = stapledOcspResponse(session);
      } catch (RuntimeException e) {
        // A session that cannot say who the peer is: treated as knowing nothing (so refused
        // below when endpoint identification is on).
        host = null;
        port = -1;
        staple = null;
      }
    }

    boolean identify = algorithm != null && !algorithm.isEmpty();
    if (identify && !algorithm.equalsIgnoreCase("HTTPS")
        && !algorithm.equalsIgnoreCase("LDAPS")) {
      throw new CertificateException("pkixj: unsupported endpoint identification algorithm '"
          + algorithm + "'");
    }
    if (identify && host == null) {
      if (FAIL_CLOSED_LOGGED.compareAndSet(false, true)) {
        LOG.log(Level.WARNING, "pkixj: endpoint identification " + algorithm
            + " is on but the handshake names no host: refusing the certificate");
      }
      Cert leaf = leaf(ders);
      VerificationResult r = new VerificationResult(Result.SSL_ERROR_BAD_CERT_DOMAIN, 0,
          leaf == null ? List.of() : List.of(leaf), null, trust.clock().instant());
      throw new FirefoxCertificateException(r, "Endpoint identification " + algorithm
          + " is on but no host name is known (no SNI, no peer host): refused (fail closed).");
    }

    VerificationResult r;
    try {
      r = verifyServer(ders, host, port, staple);
    } catch (RuntimeException e) {
      throw internalError(e);
    }
    if (r.isValid()) {
      if (r.isOverridden()) {
        LOG.log(Level.INFO, "pkixj: certificate exception for " + host + ":" + port
            + " covers " + r.overriddenError().firefoxName());
      }
      return;
    }
    throw new FirefoxCertificateException(r);
  }

  private void client(X509Certificate[] chain) throws CertificateException {
    List<byte[]> ders = encode(chain);
    VerificationResult r;
    try {
      r = verifyClient(ders);
    } catch (RuntimeException e) {
      throw internalError(e);
    }
    if (!r.isValid()) {
      throw new FirefoxCertificateException(r);
    }
  }

  /** A failure inside the verifier still refuses the chain, as a {@code CertificateException}. */
  private static CertificateException internalError(RuntimeException e) {
    LOG.log(Level.WARNING, "pkixj: internal error while verifying a chain: refusing it", e);
    return new CertificateException("pkixj: internal error while verifying the chain ("
        + e.getClass().getSimpleName() + "): refused (fail closed)", e);
  }

  /** The socket's or engine's parameters; if they cannot be read, the chain is refused. */
  private static SSLParameters parameters(java.util.function.Supplier<SSLParameters> get)
      throws CertificateException {
    try {
      return get.get();
    } catch (RuntimeException e) {
      throw new CertificateException("pkixj: the connection's TLS parameters cannot be read ("
          + e.getClass().getSimpleName() + "): refused (fail closed)", e);
    }
  }

  /** The handshake session, or null when the socket has none or cannot tell. */
  private static SSLSession handshakeSession(SSLSocket socket) {
    try {
      return socket.getHandshakeSession();
    } catch (RuntimeException e) {
      return null; // e.g. UnsupportedOperationException from a socket subclass
    }
  }

  private static SSLSession handshakeSession(SSLEngine engine) {
    try {
      return engine.getHandshakeSession();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The host name a client handshake is for: the SNI host name the client sent, else the peer
   * host the socket or engine was created with (IPv6 without brackets); null when neither is
   * known.
   */
  public static String peerHostName(SSLSession session) {
    if (session instanceof ExtendedSSLSession) {
      try {
        for (SNIServerName n : ((ExtendedSSLSession) session).getRequestedServerNames()) {
          if (n.getType() == StandardConstants.SNI_HOST_NAME) {
            String name = n instanceof SNIHostName ? ((SNIHostName) n).getAsciiName()
                : new SNIHostName(n.getEncoded()).getAsciiName();
            if (!name.isEmpty()) {
              return name;
            }
          }
        }
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        // fall back to the peer host
      }
    }
    String peer = session.getPeerHost();
    if (peer == null || peer.isEmpty()) {
      return null;
    }
    if (peer.startsWith("[") && peer.endsWith("]")) {
      peer = peer.substring(1, peer.length() - 1);
    }
    return peer;
  }

  /**
   * The stapled OCSP response for the end-entity ({@link ExtendedSSLSession#getStatusResponses()},
   * first entry), or null when none was stapled (a zero-length entry means none).
   */
  public static byte[] stapledOcspResponse(SSLSession session) {
    if (!(session instanceof ExtendedSSLSession)) {
      return null;
    }
    List<byte[]> responses;
    try {
      responses = ((ExtendedSSLSession) session).getStatusResponses();
    } catch (UnsupportedOperationException e) {
      return null;
    }
    if (responses == null || responses.isEmpty()) {
      return null;
    }
    byte[] first = responses.get(0);
    return first == null || first.length == 0 ? null : first.clone();
  }

  private static void checkArgs(X509Certificate[] chain, String authType) {
    if (chain == null || chain.length == 0) {
      throw new IllegalArgumentException("null or zero-length certificate chain");
    }
    if (authType == null || authType.isEmpty()) {
      throw new IllegalArgumentException("null or zero-length authentication type");
    }
  }

  private static List<byte[]> encode(X509Certificate[] chain) throws CertificateException {
    List<byte[]> ders = new ArrayList<>(chain.length);
    for (X509Certificate c : chain) {
      if (c == null) {
        throw new CertificateException("pkixj: null certificate in the chain");
      }
      byte[] der;
      try {
        der = c.getEncoded();
      } catch (CertificateEncodingException e) {
        throw new CertificateException("pkixj: certificate " + ders.size()
            + " of the chain cannot be encoded", e);
      } catch (RuntimeException e) {
        throw new CertificateException("pkixj: certificate " + ders.size()
            + " of the chain cannot be encoded (" + e.getClass().getSimpleName() + ")", e);
      }
      if (der == null || der.length == 0) {
        throw new CertificateException("pkixj: certificate " + ders.size()
            + " of the chain has no encoding");
      }
      ders.add(der.clone());
    }
    return ders;
  }

  private static Cert leaf(List<byte[]> chain) {
    try {
      return Cert.of(chain.get(0));
    } catch (PkixException e) {
      return null;
    }
  }

  private static X509Certificate[] anchors(TrustStore store) {
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory cf;
    try {
      cf = CertificateFactory.getInstance("X.509");
    } catch (CertificateException e) {
      return NO_CERTS;
    }
    List<TrustStore.Stored> all = new ArrayList<>(store.user());
    all.addAll(store.builtIns());
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (TrustStore.Stored s : all) {
      if (s.entry().trust() != Trust.ANCHOR || store.isSuspect(s.cert())
          || !seen.add(s.cert().fingerprintHex())) {
        continue;
      }
      TrustStore.Stored decisive = store.lookup(s.cert());
      if (decisive != null && decisive.entry().trust() != Trust.ANCHOR) {
        continue; // the user distrusted a built-in root
      }
      try {
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(s.entry().der())));
      } catch (CertificateException | ClassCastException e) {
        // not parseable by the JDK: not advertised
      }
    }
    return out.toArray(NO_CERTS);
  }

  @Override
  public String toString() {
    return "FirefoxTrustManager[" + trust + "]";
  }
}
