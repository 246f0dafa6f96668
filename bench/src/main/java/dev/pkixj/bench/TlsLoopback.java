package dev.pkixj.bench;

import static dev.pkixj.testdata.GeneralName.dns;
import static dev.pkixj.testdata.GeneralName.ip;

import dev.pkixj.jsse.PkixjTrust;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.truststore.crlite.CrliteFilters;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loopback TLS servers for the handshake benchmark and the soak harness (bench/RESULTS.md "TLS
 * handshakes", docs/reliability.md "TLS soak"): a P-256 test PKI valid around the real current
 * time, and one {@link SSLServerSocket} on 127.0.0.1 (an ephemeral port) per {@link Case}, each
 * doing full TLS 1.3 handshakes (TLS_AES_128_GCM_SHA256) and then closing. Clients connect with
 * the server name {@value #HOST}; {@link #clientContext} makes a client context whose only
 * difference is the trust manager.
 */
public final class TlsLoopback implements AutoCloseable {
  /** The server name clients ask for (the good leaf's SAN also holds 127.0.0.1). */
  public static final String HOST = "localhost";
  static final String PROTOCOL = "TLSv1.3";
  static final String SUITE = "TLS_AES_128_GCM_SHA256";
  private static final char[] PASSWORD = "bench".toCharArray();

  /** What a server sends. */
  public enum Case {
    /** leaf + intermediate under the trusted root: succeeds. */
    VALID,
    /** the same, leaf expired ten days ago. */
    EXPIRED,
    /** a leaf for another name. */
    WRONG_HOST,
    /** a chain to a root the client does not trust. */
    UNKNOWN_ISSUER,
    /** a self-signed leaf. */
    SELF_SIGNED
  }

  /** One running server and the chain it sends. */
  public record Server(Case kase, SSLServerSocket socket, List<TestCert> chain) {
    public int port() {
      return socket.getLocalPort();
    }

    /** The chain as sent (DER), end-entity first. */
    public List<byte[]> ders() {
      List<byte[]> out = new ArrayList<>();
      for (TestCert c : chain) {
        out.add(c.der());
      }
      return out;
    }
  }

  public final Instant now = Instant.now();
  public final TestCert root;
  public final TestCert intermediate;
  private final Map<Case, Server> servers = new EnumMap<>(Case.class);
  private final List<SSLServerSocket> rotating = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ExecutorService acceptors;
  private final ExecutorService handlers;
  private volatile boolean closed;

  /** Starts a server for each case in {@code cases}. */
  public TlsLoopback(Case... cases) throws Exception {
    root = CertBuilder.root("CN=pkixj TLS Bench Root,O=pkixj Bench,C=US")
        .key(TestKeys.ec(TestKeys.Curve.P256, "tls-bench-root"))
        .validity(now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(3650))).build();
    intermediate = CertBuilder.ca("CN=pkixj TLS Bench Intermediate,O=pkixj Bench,C=US")
        .key(TestKeys.ec(TestKeys.Curve.P256, "tls-bench-intermediate"))
        .issuer(root).pathLen(0)
        .validity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(1800))).build();
    acceptors = Executors.newCachedThreadPool(daemon("tls-bench-accept"));
    handlers = Executors.newCachedThreadPool(daemon("tls-bench-server"));
    for (Case c : cases) {
      startServer(c);
    }
  }

  /** The server for {@code c}, started on the first call (not thread-safe: for set-up). */
  public Server startServer(Case c) throws Exception {
    Server s = servers.get(c);
    if (s == null) {
      s = start(c, chain(c));
      servers.put(c, s);
    }
    return s;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private CertBuilder leaf(String name) {
    return CertBuilder.leaf(name).issuer(intermediate)
        .key(TestKeys.ec(TestKeys.Curve.P256, "tls-bench-leaf"))
        .validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80)));
  }

  private List<TestCert> chain(Case c) {
    switch (c) {
      case VALID:
        return List.of(leaf(HOST).san(dns(HOST), ip("127.0.0.1")).build(), intermediate);
      case EXPIRED:
        return List.of(leaf(HOST).san(dns(HOST), ip("127.0.0.1"))
            .validity(now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(10))).build(),
            intermediate);
      case WRONG_HOST:
        return List.of(leaf("www.wrong-host.test").san(dns("www.wrong-host.test")).build(),
            intermediate);
      case UNKNOWN_ISSUER: {
        TestCert otherRoot = CertBuilder.root("CN=Unknown Bench Root,O=Elsewhere,C=US")
            .key(TestKeys.ec(TestKeys.Curve.P256, "tls-bench-other-root"))
            .validity(now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(3650))).build();
        TestCert otherCa = CertBuilder.ca("CN=Unknown Bench Intermediate,O=Elsewhere,C=US")
            .key(TestKeys.ec(TestKeys.Curve.P256, "tls-bench-other-ca")).issuer(otherRoot)
            .validity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(1800))).build();
        return List.of(CertBuilder.leaf(HOST).issuer(otherCa)
            .key(TestKeys.ec(TestKeys.Curve.P256, "tls-bench-leaf"))
            .san(dns(HOST), ip("127.0.0.1"))
            .validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80))).build(),
            otherCa);
      }
      default:
        return List.of(CertBuilder.leaf(HOST)
            .key(TestKeys.ec(TestKeys.Curve.P256, "tls-bench-leaf"))
            .san(dns(HOST), ip("127.0.0.1"))
            .validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80))).build());
    }
  }

  private Server start(Case c, List<TestCert> chain) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Certificate[] jdkChain = new Certificate[chain.size()];
    for (int i = 0; i < chain.size(); i++) {
      jdkChain[i] = cf.generateCertificate(new java.io.ByteArrayInputStream(chain.get(i).der()));
    }
    ks.setKeyEntry("server", chain.get(0).privateKey(), PASSWORD, jdkChain);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(
        KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    return new Server(c, listen(kmf.getKeyManagers()), chain);
  }

  /**
   * A TLS 1.3 server socket on 127.0.0.1 (an ephemeral port) with these key managers, its
   * accept loop started: {@link #PROTOCOL} and {@link #SUITE} only, and no resumption (the
   * server keeps no sessions and issues no usable tickets).
   */
  private SSLServerSocket listen(KeyManager[] keyManagers) throws Exception {
    SSLContext ctx = SSLContext.getInstance(PROTOCOL);
    ctx.init(keyManagers, null, null);
    ctx.getServerSessionContext().setSessionCacheSize(1);
    SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory()
        .createServerSocket(0, 256, InetAddress.getByName("127.0.0.1"));
    ss.setEnabledProtocols(new String[] {PROTOCOL});
    ss.setEnabledCipherSuites(new String[] {SUITE});
    acceptors.execute(() -> acceptLoop(ss));
    return ss;
  }

  /**
   * A server that sends a different valid leaf (same name, same key, its own serial number) on
   * each handshake, cycling through {@code leaves} of them, so a client sees a new leaf under a
   * known intermediate every time as long as its caches hold fewer certificates than {@code
   * leaves} (the JDK's certificate factory keeps 750).
   */
  public Server rotatingServer(int leaves) throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    X509Certificate jdkIntermediate = (X509Certificate) cf.generateCertificate(
        new java.io.ByteArrayInputStream(intermediate.der()));
    X509Certificate[][] chains = new X509Certificate[leaves][];
    TestCert first = null;
    java.security.PrivateKey key = null;
    for (int i = 0; i < leaves; i++) {
      TestCert leaf = leaf(HOST).san(dns(HOST), ip("127.0.0.1")).serial(1_000_000L + i).build();
      if (first == null) {
        first = leaf;
        key = leaf.privateKey();
      }
      chains[i] = new X509Certificate[] {(X509Certificate) cf.generateCertificate(
          new java.io.ByteArrayInputStream(leaf.der())), jdkIntermediate};
    }
    SSLServerSocket ss = listen(new KeyManager[] {new RotatingKeyManager(chains, key)});
    rotating.add(ss);
    return new Server(Case.VALID, ss, List.of(first, intermediate));
  }

  /** Hands out the next of its chains (all with the same private key) for each EC server key. */
  private static final class RotatingKeyManager extends javax.net.ssl.X509ExtendedKeyManager {
    private final X509Certificate[][] chains;
    private final java.security.PrivateKey key;
    private final java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();

    RotatingKeyManager(X509Certificate[][] chains, java.security.PrivateKey key) {
      this.chains = chains;
      this.key = key;
    }

    private String choose(String keyType) {
      if (!"EC".equals(keyType)) {
        return null;
      }
      return Integer.toString(Math.floorMod(next.getAndIncrement(), chains.length));
    }

    @Override
    public String chooseServerAlias(String keyType, java.security.Principal[] issuers,
        Socket socket) {
      return choose(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers,
        javax.net.ssl.SSLEngine engine) {
      return choose(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chains[Integer.parseInt(alias)].clone();
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      return key;
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      return "EC".equals(keyType) ? new String[] {"0"} : null;
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers,
        Socket socket) {
      return null;
    }
  }

  private void acceptLoop(SSLServerSocket ss) {
    while (!closed) {
      Socket s;
      try {
        s = ss.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      handlers.execute(() -> serve((SSLSocket) s));
    }
  }

  /** Completes the handshake (a failed one ends here too) and waits for the client to close. */
  private static void serve(SSLSocket s) {
    try (s) {
      s.setSoTimeout(30_000);
      s.setTcpNoDelay(true); // the server's flight is several writes: no Nagle delay between them
      s.startHandshake();
      InputStream in = s.getInputStream();
      while (in.read() >= 0) {
        // the client sends nothing; read until it closes
      }
    } catch (IOException e) {
      // the client refused the certificate, or closed: both are expected here
    }
  }

  public Server server(Case c) {
    return servers.get(c);
  }

  /** A client context for TLS 1.3 whose only trust manager is {@code tm}. */
  public static SSLContext clientContext(TrustManager tm) throws Exception {
    SSLContext ctx = SSLContext.getInstance(PROTOCOL);
    ctx.init(null, new TrustManager[] {tm}, null);
    return ctx;
  }

  /** The JDK's default (PKIX) trust manager, trusting only this world's root. */
  public TrustManager jdkTrustManager() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("root", (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(root.der())));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(ks);
    return tmf.getTrustManagers()[0];
  }

  /**
   * pkixj's trust with this world's root only: no database, Firefox's soft-fail revocation
   * without OCSP fetching (the test certificates name no responder), no CRLite filters, CT as
   * Firefox applies it (not under a test root).
   */
  public PkixjTrust pkixjTrust() {
    return PkixjTrust.builder().rootsDer(List.of(root.der())).noDatabase()
        .ocspFetching(false).crlite(CrliteFilters.NONE).build();
  }

  /**
   * One full handshake with {@code server}, asking for {@link #HOST} with https host-name
   * checking; the session is invalidated so the next handshake is full again.
   *
   * @throws IOException the handshake failed (e.g. the trust manager refused the chain)
   */
  public static void handshake(SSLSocketFactory factory, Server server) throws IOException {
    Socket raw = new Socket();
    raw.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), server.port()), 10_000);
    raw.setTcpNoDelay(true);
    try (SSLSocket s = (SSLSocket) factory.createSocket(raw, HOST, server.port(), true)) {
      s.setSoTimeout(30_000);
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      p.setProtocols(new String[] {PROTOCOL});
      p.setCipherSuites(new String[] {SUITE});
      s.setSSLParameters(p);
      try {
        s.startHandshake();
      } finally {
        s.getSession().invalidate();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Server s : servers.values()) {
      try {
        s.socket().close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    for (SSLServerSocket ss : rotating) {
      try {
        ss.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    acceptors.shutdownNow();
    handlers.shutdownNow();
  }
}
