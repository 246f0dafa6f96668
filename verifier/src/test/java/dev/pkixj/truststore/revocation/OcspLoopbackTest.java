package dev.pkixj.truststore.revocation;

import static dev.pkixj.truststore.revocation.RevocationFixture.HOST;
import static dev.pkixj.truststore.revocation.RevocationFixture.ICA;
import static dev.pkixj.truststore.revocation.RevocationFixture.STORE;
import static dev.pkixj.truststore.revocation.RevocationFixture.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.truststore.revocation.RevocationConfig.Mode;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A real OCSP responder on 127.0.0.1 (the JDK's HttpServer, port 0) answering with responses
 * made by BouncyCastle, and end-to-end {@link Verifier} runs through {@code
 * TrustStore.trustDomains(RevocationConfig)}. Every request is checked to be Firefox's: a POST
 * of {@code application/ocsp-request} holding one SHA-1 CertID for the leaf, no nonce, no
 * extensions, unsigned. Nothing but 127.0.0.1 is ever contacted.
 */
class OcspLoopbackTest {
  private static HttpServer server;
  private static ExecutorService pool;
  private static String base;
  private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();
  private static final Queue<String> BAD_REQUESTS = new ConcurrentLinkedQueue<>();
  private static DigestCalculatorProvider digests;

  private String testName;

  @BeforeAll
  static void start() throws Exception {
    digests = new JcaDigestCalculatorProviderBuilder().build();
    pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "ocsp-responder");
      t.setDaemon(true);
      return t;
    });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setExecutor(pool);
    server.createContext("/", OcspLoopbackTest::handle);
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    // Warm up the client, the server and the signing code, so that timing-sensitive tests are
    // not measuring class loading.
    TestCert warm = leaf(base + "/ocsp/good/warmup");
    HttpOcspFetcher.shared().fetch(base + "/ocsp/good/warmup",
        OcspVerifier.createRequest(RevocationFixture.certId(warm)), Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  @AfterEach
  void requestsWereFirefoxs() {
    assertTrue(BAD_REQUESTS.isEmpty(), () -> "bad request: " + BAD_REQUESTS.peek());
  }

  @org.junit.jupiter.api.BeforeEach
  void name(TestInfo info) {
    testName = info.getTestMethod().get().getName();
  }

  // ---- The responder ----

  private static void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      HITS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      String[] parts = path.split("/"); // "", "ocsp", behaviour, test
      String behaviour = parts.length > 2 ? parts[2] : "";
      if (behaviour.equals("redirect")) {
        // 307 keeps the method and the body (a 302 would turn the POST into a GET).
        ex.getResponseHeaders().add("Location", path.replace("/redirect/", "/good/"));
        ex.sendResponseHeaders(307, -1);
        return;
      }
      CertificateID id = checkRequest(ex, body);
      switch (behaviour) {
        case "status500":
          send(ex, 500, "oops".getBytes(StandardCharsets.US_ASCII));
          return;
        case "garbage":
          send(ex, 200, "this is not an OCSP response".getBytes(StandardCharsets.US_ASCII));
          return;
        case "huge":
          send(ex, 200, new byte[70_000]);
          return;
        case "slow":
          try {
            Thread.sleep(10_000); // far longer than any timeout under test
          } catch (InterruptedException e) {
            return;
          }
          send(ex, 200, bcResponse(id, CertificateStatus.GOOD));
          return;
        case "good":
          send(ex, 200, bcResponse(id, CertificateStatus.GOOD));
          return;
        case "revoked":
          send(ex, 200, bcResponse(id, new RevokedStatus(Date.from(TestClock.daysAgo(2)),
              CRLReason.keyCompromise)));
          return;
        case "unknown":
          send(ex, 200, bcResponse(id, new UnknownStatus()));
          return;
        default:
          send(ex, 404, new byte[0]);
      }
    } catch (IOException e) {
      // The client went away (a timeout): nothing to do.
    } catch (Exception e) {
      BAD_REQUESTS.add("responder failed: " + e);
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/ocsp-response");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Checks that the request is Firefox's; returns its CertID. */
  private static CertificateID checkRequest(HttpExchange ex, byte[] body) throws Exception {
    if (!ex.getRequestMethod().equals("POST")) {
      BAD_REQUESTS.add("method " + ex.getRequestMethod());
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (!"application/ocsp-request".equals(type)) {
      BAD_REQUESTS.add("content type " + type);
    }
    OCSPReq req = new OCSPReq(body);
    Req[] list = req.getRequestList();
    if (list.length != 1) {
      BAD_REQUESTS.add(list.length + " requests");
    }
    if (req.isSigned()) {
      BAD_REQUESTS.add("signed request");
    }
    if (req.hasExtensions()
        || req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce) != null) {
      BAD_REQUESTS.add("request extensions (nonce?)");
    }
    if (list[0].getSingleRequestExtensions() != null) {
      BAD_REQUESTS.add("single request extensions");
    }
    CertificateID id = list[0].getCertID();
    if (!id.getHashAlgOID().equals(CertificateID.HASH_SHA1.getAlgorithm())) {
      BAD_REQUESTS.add("CertID hash " + id.getHashAlgOID());
    }
    if (!id.matchesIssuer(new X509CertificateHolder(ICA.der()), digests)) {
      BAD_REQUESTS.add("CertID not for the intermediate");
    }
    if (body.length > OcspVerifier.OCSP_REQUEST_MAX_LENGTH) {
      BAD_REQUESTS.add("request of " + body.length + " bytes");
    }
    return id;
  }

  /** A response made by BouncyCastle, signed by the issuer, ResponderID byKey. */
  private static byte[] bcResponse(CertificateID id, CertificateStatus status) throws Exception {
    RespID responderId = new RespID(SubjectPublicKeyInfo.getInstance(ICA.spkiDer()),
        digests.get(RespID.HASH_SHA1));
    BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(responderId);
    Instant thisUpdate = TestClock.NOW.minus(Duration.ofHours(1));
    b.addResponse(id, status, Date.from(thisUpdate), Date.from(TestClock.daysFromNow(3)), null);
    BasicOCSPResp basic = b.build(new JcaContentSignerBuilder("SHA256withECDSA")
        .build(ICA.privateKey()), null, Date.from(thisUpdate));
    return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
  }

  // ---- Helpers ----

  private String url(String behaviour) {
    return base + "/ocsp/" + behaviour + "/" + testName;
  }

  private int hits(String behaviour) {
    AtomicInteger n = HITS.get("/ocsp/" + behaviour + "/" + testName);
    return n == null ? 0 : n.get();
  }

  /** The real HTTP fetcher with Firefox's default timeouts (2 s soft, 10 s hard). */
  private static RevocationConfig config(Mode mode) {
    return RevocationConfig.interactiveDefaults().withMode(mode);
  }

  /** Short timeouts (200 ms soft, 300 ms hard), so the timeout test stays fast. */
  private static RevocationConfig quick(Mode mode) {
    return config(mode).withTimeouts(Duration.ofMillis(200), Duration.ofMillis(300));
  }

  private static Result verify(RevocationConfig config, TestCert leaf) {
    return verify(config, leaf, null);
  }

  private static Result verify(RevocationConfig config, TestCert leaf, byte[] staple) {
    return new Verifier(STORE.trustDomains(config))
        .verifyServer(List.of(leaf.der(), ICA.der()), HOST, TestClock.NOW, staple).result();
  }

  // ---- End to end ----

  @Test
  void goodIsFetchedOnceThenCached() {
    TestCert leaf = leaf(url("good"));
    RevocationConfig c = config(Mode.HARD);
    assertEquals(Result.SUCCESS, verify(c, leaf));
    assertEquals(1, hits("good"));
    assertEquals(Result.SUCCESS, verify(c, leaf));
    assertEquals(1, hits("good"), "the second verification uses the cache");
  }

  @Test
  void revokedAndUnknownFailEvenInSoftFail() {
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE,
        verify(config(Mode.SOFT), leaf(url("revoked"))));
    assertEquals(Result.SEC_ERROR_OCSP_UNKNOWN_CERT,
        verify(config(Mode.SOFT), leaf(url("unknown"))));
    assertEquals(1, hits("revoked"));
    // The verifier's 1024-bit fallback pass checks again: a cached Revoked answer is final, a
    // cached Unknown is refetched ("we may be able to fetch a more recent one"), as in Firefox.
    assertEquals(2, hits("unknown"));
  }

  @Test
  void serverErrorSoftFailsAndIsCached() {
    TestCert leaf = leaf(url("status500"));
    RevocationConfig soft = config(Mode.SOFT);
    assertEquals(Result.SUCCESS, verify(soft, leaf));
    assertEquals(Result.SUCCESS, verify(soft, leaf));
    assertEquals(1, hits("status500"), "the network error is cached for five minutes");
  }

  @Test
  void serverErrorHardFailsAndIsCached() {
    TestCert leaf = leaf(url("status500"));
    RevocationConfig hard = config(Mode.HARD);
    assertEquals(Result.SEC_ERROR_OCSP_SERVER_ERROR, verify(hard, leaf));
    assertEquals(Result.SEC_ERROR_OCSP_SERVER_ERROR, verify(hard, leaf));
    assertEquals(1, hits("status500"));
  }

  @Test
  void garbageSoftFailsAndHardFailsAsMalformed() {
    TestCert a = leaf(url("garbage"));
    assertEquals(Result.SUCCESS, verify(config(Mode.SOFT), a));
    TestCert b = leaf(url("garbage"));
    RevocationConfig hard = config(Mode.HARD);
    assertEquals(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, verify(hard, b));
    assertEquals(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, verify(hard, b));
    assertEquals(2, hits("garbage"), "one per configuration (cache): the failure is cached");
  }

  @Test
  void aResponderSlowerThanTheTimeout() {
    TestCert a = leaf(url("slow"));
    long t0 = System.nanoTime();
    assertEquals(Result.SUCCESS, verify(quick(Mode.SOFT), a));
    long softMillis = (System.nanoTime() - t0) / 1_000_000;
    // Not a speed test: the answer came long before the responder's 10 s reply could have.
    assertTrue(softMillis < 7_000, "gave up after the 200 ms timeout, took " + softMillis);
    TestCert b = leaf(url("slow"));
    t0 = System.nanoTime();
    RevocationConfig hard = quick(Mode.HARD);
    assertEquals(Result.SEC_ERROR_OCSP_SERVER_ERROR, verify(hard, b));
    long hardMillis = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(hardMillis < 7_000, "gave up after the 300 ms timeout, took " + hardMillis);
    assertEquals(Result.SEC_ERROR_OCSP_SERVER_ERROR, verify(hard, b));
    assertEquals(2, hits("slow"), "the timeout is cached like any network error");
  }

  @Test
  void aStapleAvoidsTheFetch() {
    TestCert leaf = leaf(url("revoked"));
    byte[] staple = OcspResponseBuilder.forIssuer(ICA).good(leaf).build();
    assertEquals(Result.SUCCESS, verify(config(Mode.HARD), leaf, staple));
    byte[] revokedStaple = OcspResponseBuilder.forIssuer(ICA)
        .revoked(leaf, TestClock.daysAgo(1)).build();
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE,
        verify(config(Mode.SOFT), leaf, revokedStaple));
    assertEquals(0, hits("revoked"));
  }

  @Test
  void revocationOffIgnoresEverything() {
    TestCert leaf = leaf(url("revoked"));
    byte[] revokedStaple = OcspResponseBuilder.forIssuer(ICA)
        .revoked(leaf, TestClock.daysAgo(1)).build();
    assertEquals(Result.SUCCESS, new Verifier(STORE.trustDomains())
        .verifyServer(List.of(leaf.der(), ICA.der()), HOST, TestClock.NOW, revokedStaple)
        .result());
    assertEquals(Result.SUCCESS, verify(RevocationConfig.off(), leaf));
    assertEquals(0, hits("revoked"));
  }

  @Test
  void batchDefaultsDoNotFetch() {
    TestCert leaf = leaf(url("revoked"));
    assertEquals(Result.SUCCESS, verify(RevocationConfig.batchDefaults(), leaf));
    assertEquals(0, hits("revoked"));
  }

  private static TestCert mustStapleLeaf(String url) {
    return RevocationFixture.leafBuilder(url).mustStaple().build();
  }

  private static byte[] expiredStaple(TestCert leaf) {
    return OcspResponseBuilder.forIssuer(ICA).good(leaf).producedAt(TestClock.daysAgo(20))
        .thisUpdate(TestClock.daysAgo(20)).nextUpdate(TestClock.daysAgo(15)).build();
  }

  @Test
  void mustStapleInteraction() {
    // No staple: the OCSP fetch says good, but the TLS feature (checked after the build) fails.
    TestCert a = mustStapleLeaf(url("good"));
    assertEquals(Result.MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING,
        verify(config(Mode.SOFT), a));
    assertEquals(1, hits("good"));
    // An expired staple satisfies the feature (presence only); without fetching, Firefox accepts.
    TestCert b = mustStapleLeaf(url("good"));
    assertEquals(Result.SUCCESS, verify(RevocationConfig.batchDefaults(), b, expiredStaple(b)));
    assertEquals(1, hits("good"));
    // Soft-fail and a failing responder: the expired staple's error is the answer.
    TestCert c = mustStapleLeaf(url("status500"));
    assertEquals(Result.SEC_ERROR_OCSP_OLD_RESPONSE, verify(config(Mode.SOFT), c,
        expiredStaple(c)));
    // A good fetched answer rescues the expired staple, even in hard-fail.
    TestCert d = mustStapleLeaf(url("good"));
    assertEquals(Result.SUCCESS, verify(config(Mode.HARD), d, expiredStaple(d)));
    assertEquals(2, hits("good"));
  }

  // ---- The fetcher itself ----

  @Test
  void fetcherReturnsTheBodyOfA200() {
    TestCert leaf = leaf(url("good"));
    byte[] request = OcspVerifier.createRequest(RevocationFixture.certId(leaf));
    OcspFetcher.Response r = HttpOcspFetcher.shared().fetch(url("good"), request,
        Duration.ofSeconds(2));
    assertTrue(r.isSuccess());
    assertNotNull(r.body());
    assertEquals(Result.SUCCESS, OcspVerifier.verify(RevocationFixture.trustDomain(),
        RevocationFixture.certId(leaf), TestClock.NOW.getEpochSecond(), 10, r.body()).result());
  }

  @Test
  void fetcherFollowsRedirects() {
    TestCert leaf = leaf(url("redirect"));
    byte[] request = OcspVerifier.createRequest(RevocationFixture.certId(leaf));
    OcspFetcher.Response r = HttpOcspFetcher.shared().fetch(url("redirect"), request,
        Duration.ofSeconds(2));
    assertTrue(r.isSuccess(), () -> "error " + r.error());
    assertEquals(1, hits("good"));
  }

  @Test
  void fetcherErrors() throws IOException {
    TestCert leaf = leaf(url("good"));
    byte[] request = OcspVerifier.createRequest(RevocationFixture.certId(leaf));
    Duration t = Duration.ofSeconds(2);
    HttpOcspFetcher f = HttpOcspFetcher.shared();
    assertEquals(Result.SEC_ERROR_OCSP_SERVER_ERROR, f.fetch(url("nosuch"), request, t).error(),
        "404");
    assertEquals(Result.SEC_ERROR_OCSP_SERVER_ERROR, f.fetch(url("status500"), request, t).error());
    assertEquals(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
        f.fetch(url("huge"), request, t).error(), "over 65,535 bytes");
    // A port that refuses connections: bound by this test (port 0) but not listening, and kept
    // bound while it is used, so no other process can take it meanwhile.
    try (java.net.Socket bound = new java.net.Socket()) {
      bound.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      assertEquals(Result.SEC_ERROR_OCSP_SERVER_ERROR,
          f.fetch("http://127.0.0.1:" + bound.getLocalPort() + "/", request, t).error(),
          "refused");
    }
    for (String bad : new String[] {"https://127.0.0.1:1/", "ftp://127.0.0.1:1/", "127.0.0.1:1",
        "http://", "http://127.0.0.1:1/a b", "", "HTTP"}) {
      assertEquals(Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION, f.fetch(bad, request, t).error(),
          bad);
    }
    assertEquals(1, hits("nosuch"), "the 404 was one request");
  }

  @Test
  void requestUriNormalisation() {
    assertEquals("http://127.0.0.1:8080/", HttpOcspFetcher.requestUri(
        "HTTP://user:pw@127.0.0.1:8080").toString());
    assertEquals("http://127.0.0.1/a/b?x=1", HttpOcspFetcher.requestUri(
        "http://127.0.0.1/a/b?x=1#frag").toString());
    assertEquals("http://[::1]:9/", HttpOcspFetcher.requestUri("http://[::1]:9").toString());
    assertArrayEquals(new Object[] {null, null}, new Object[] {
        HttpOcspFetcher.requestUri("https://127.0.0.1/"), HttpOcspFetcher.requestUri(null)});
  }
}
