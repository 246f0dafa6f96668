package dev.pkixj.jsse;

import static dev.pkixj.testdata.GeneralName.dns;
import static dev.pkixj.testdata.GeneralName.ip;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.TestCert;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The loopback test world, built once per JVM: a test PKI whose certificates are valid around
 * the real current time, one HTTPS server per {@link Case} (the JDK's {@code HttpsServer} on the
 * address "localhost" resolves to), and a plain HTTP server on 127.0.0.1 serving OCSP responses
 * (what the HTTPS servers staple) and CA Issuers certificates. Nothing leaves the machine.
 *
 * <p>Stapling needs {@code -Djdk.tls.server.enableStatusRequestExtension=true} (the surefire
 * argLine sets it): the JDK server then fetches the leaf's OCSP response from its AIA URL, here
 * the loopback responder, and staples it.
 */
final class Loopback {
  /** The host name clients connect to. */
  static final String HOST = "localhost";
  static final char[] PASSWORD = "changeit".toCharArray();

  /** The server cases of the client matrix. */
  enum Case {
    VALID,
    EXPIRED,
    WRONG_HOST,
    SELF_SIGNED,
    UNKNOWN_ISSUER,
    REVOKED_STAPLED,
    GOOD_STAPLED,
    MITM_CANARY
  }

  /** One running server: its chain as sent, and the staple it serves (or null). */
  record Server(Case kase, HttpsServer server, List<TestCert> chain, byte[] staple) {
    int port() {
      return server.getAddress().getPort();
    }

    String url() {
      return "https://" + HOST + ":" + port() + "/";
    }

    List<byte[]> ders() {
      List<byte[]> out = new ArrayList<>();
      for (TestCert c : chain) {
        out.add(c.der());
      }
      return out;
    }
  }

  static final String CANARY_ISSUER = "CN=Corp TLS Inspection CA,O=Corp Proxy,C=US";

  private static Loopback instance;

  final Instant now = Instant.now();
  final TestCert root;
  final TestCert intermediate;
  final TestCert unknownRoot;
  final TestCert unknownIntermediate;
  final TestCert proxyRoot;
  final HttpServer plain;
  final String plainBase;
  private final Map<String, byte[]> plainContent = new ConcurrentHashMap<>();
  private final Map<Case, Server> servers = new EnumMap<>(Case.class);
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-https");
    t.setDaemon(true);
    return t;
  });

  static synchronized Loopback get() {
    if (instance == null) {
      instance = new Loopback();
    }
    return instance;
  }

  private Loopback() {
    root = CertBuilder.root("CN=pkixj JSSE Test Root,O=pkixj Test,C=US")
        .validity(now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(3650))).build();
    intermediate = CertBuilder.ca("CN=pkixj JSSE Test Intermediate,O=pkixj Test,C=US")
        .issuer(root).pathLen(0)
        .validity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(1800))).build();
    unknownRoot = CertBuilder.root("CN=Unknown Test Root,O=Elsewhere,C=US")
        .validity(now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(3650))).build();
    unknownIntermediate = CertBuilder.ca("CN=Unknown Test Intermediate,O=Elsewhere,C=US")
        .issuer(unknownRoot)
        .validity(now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(1800))).build();
    proxyRoot = CertBuilder.root(CANARY_ISSUER)
        .validity(now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(3650))).build();
    try {
      plain = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    plain.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      String key = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
      byte[] body = plainContent.get(key);
      exchange.getRequestBody().readAllBytes();
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        exchange.getResponseHeaders().set("Content-Type", key.startsWith("ocsp")
            ? "application/ocsp-response" : "application/pkix-cert");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      exchange.close();
    });
    plain.setExecutor(executor);
    plain.start();
    plainBase = "http://127.0.0.1:" + plain.getAddress().getPort() + "/";
  }

  /** Serves {@code body} at {@code plainBase + key} (the key's first path segment). */
  void servePlain(String key, byte[] body) {
    plainContent.put(key, body);
  }

  /** A TLS server leaf for localhost under {@link #intermediate}, valid now. */
  CertBuilder leafBuilder(String name) {
    return CertBuilder.leaf(name).issuer(intermediate)
        .validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80)));
  }

  static CertBuilder withLocalNames(CertBuilder b) {
    return b.san(dns(HOST), ip("127.0.0.1"), ip("::1"));
  }

  /** The server for {@code c}, started on first use. */
  synchronized Server server(Case c) {
    return servers.computeIfAbsent(c, this::start);
  }

  private Server start(Case c) {
    List<TestCert> chain;
    byte[] staple = null;
    switch (c) {
      case VALID:
        chain = List.of(withLocalNames(leafBuilder(HOST)).build(), intermediate);
        break;
      case EXPIRED:
        chain = List.of(withLocalNames(leafBuilder(HOST))
            .validity(now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(10))).build(),
            intermediate);
        break;
      case WRONG_HOST:
        chain = List.of(leafBuilder("www.wrong-host.test").san(dns("www.wrong-host.test")).build(),
            intermediate);
        break;
      case SELF_SIGNED:
        chain = List.of(withLocalNames(CertBuilder.leaf(HOST))
            .validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80))).build());
        break;
      case UNKNOWN_ISSUER:
        chain = List.of(withLocalNames(CertBuilder.leaf(HOST).issuer(unknownIntermediate))
            .validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80))).build(),
            unknownIntermediate);
        break;
      case REVOKED_STAPLED:
      case GOOD_STAPLED: {
        String key = "ocsp-" + c.name().toLowerCase(java.util.Locale.ROOT);
        TestCert leaf = withLocalNames(leafBuilder(HOST)).ocspUrl(plainBase + key)
            .serial(c == Case.REVOKED_STAPLED ? 0x5EC0DE01L : 0x5EC0DE02L).build();
        OcspResponseBuilder b = OcspResponseBuilder.forIssuer(intermediate)
            .producedAt(now.minus(Duration.ofHours(1))).thisUpdate(now.minus(Duration.ofHours(1)))
            .nextUpdate(now.plus(Duration.ofDays(3)));
        staple = c == Case.REVOKED_STAPLED
            ? b.revoked(leaf, now.minus(Duration.ofDays(2)),
                OcspResponseBuilder.REASON_KEY_COMPROMISE).build()
            : b.good(leaf).build();
        servePlain(key, staple);
        chain = List.of(leaf, intermediate);
        break;
      }
      case MITM_CANARY:
        chain = List.of(withLocalNames(CertBuilder.leaf(HOST).issuer(proxyRoot))
            .validity(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80))).build());
        break;
      default:
        throw new IllegalArgumentException(c.name());
    }
    return new Server(c, startHttps(chain, c.name()), chain, staple);
  }

  /** Starts an HTTPS server on localhost presenting {@code chain} (leaf first, with its key). */
  HttpsServer startHttps(List<TestCert> chain, String greeting) {
    try {
      SSLContext ctx = serverContext(chain);
      HttpsServer s = HttpsServer.create(
          new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
      s.setHttpsConfigurator(new HttpsConfigurator(ctx));
      s.createContext("/", exchange -> {
        byte[] body = ("hello from " + greeting + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
        exchange.close();
      });
      s.setExecutor(executor);
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SSLContext serverContext(List<TestCert> chain) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      Certificate[] certs = new Certificate[chain.size()];
      for (int i = 0; i < certs.length; i++) {
        certs[i] = chain.get(i).x509();
      }
      ks.setKeyEntry("server", chain.get(0).privateKey(), PASSWORD, certs);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
      kmf.init(ks, PASSWORD);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The roots the clients trust: only the test root. */
  List<byte[]> roots() {
    return List.of(root.der());
  }
}
