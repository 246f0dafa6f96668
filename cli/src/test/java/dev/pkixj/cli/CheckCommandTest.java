package dev.pkixj.cli;

import static dev.pkixj.testdata.GeneralName.dns;
import static dev.pkixj.testdata.GeneralName.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.TestCert;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code pkixj check} against real TLS servers on loopback (the JDK's HttpsServer), with a
 * loopback HTTP server for OCSP (stapled by the TLS server) and CA Issuers fetches.
 */
class CheckCommandTest {
  static final String HOST = "localhost";
  static final char[] PW = "changeit".toCharArray();
  /** The keys of {@code verify --json} that {@code check --json} must have too. */
  static final Set<String> VERIFY_KEYS = Set.of("valid", "code", "nss_code", "pkix_code",
      "cert_index", "chain", "chain_details", "presented", "host", "time", "explanation",
      "revocation");

  static final Instant NOW = Instant.now();
  static TestCert root;
  static TestCert intermediate;
  static Path rootsPem;
  static HttpServer plain;
  static String plainBase;
  static final Map<String, byte[]> plainContent = new ConcurrentHashMap<>();
  static final List<HttpsServer> servers = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    root = CertBuilder.root("CN=pkixj Check Test Root,O=pkixj Test,C=US")
        .validity(NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(3650))).build();
    intermediate = CertBuilder.ca("CN=pkixj Check Test Intermediate,O=pkixj Test,C=US")
        .issuer(root).validity(NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(1800)))
        .build();
    rootsPem = Files.createTempFile("pkixj-check-roots", ".pem");
    Files.writeString(rootsPem, root.pem(), StandardCharsets.US_ASCII);
    plain = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    plain.createContext("/", ex -> {
      // The first path segment names the content (the JDK appends its OCSP GET request).
      byte[] body = plainContent.get(ex.getRequestURI().getPath().substring(1).split("/", 2)[0]);
      ex.getRequestBody().readAllBytes();
      if (body == null) {
        ex.sendResponseHeaders(404, -1);
      } else {
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
      ex.close();
    });
    plain.start();
    plainBase = "http://127.0.0.1:" + plain.getAddress().getPort() + "/";
  }

  @AfterAll
  static void tearDown() throws IOException {
    servers.forEach(s -> s.stop(0));
    plain.stop(0);
    Files.deleteIfExists(rootsPem);
  }

  static CertBuilder leaf() {
    return CertBuilder.leaf(HOST).issuer(intermediate)
        .san(dns(HOST), ip("127.0.0.1"), ip("::1"))
        .validity(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(80)));
  }

  /** An HTTPS server on localhost sending {@code chain}; stapling on when {@code staple}. */
  static int serve(List<TestCert> chain, boolean staple) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    Certificate[] certs = chain.stream().map(TestCert::x509).toArray(Certificate[]::new);
    ks.setKeyEntry("k", chain.get(0).privateKey(), PW, certs);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, PW);
    String prop = "jdk.tls.server.enableStatusRequestExtension";
    String old = System.getProperty(prop);
    SSLContext ctx;
    try {
      // Read when the context is created: stapling for this server only.
      System.setProperty(prop, Boolean.toString(staple));
      ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
    } finally {
      if (old == null) {
        System.clearProperty(prop);
      } else {
        System.setProperty(prop, old);
      }
    }
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(ctx));
    s.createContext("/", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    s.start();
    servers.add(s);
    return s.getAddress().getPort();
  }

  static Cli.Run check(String... args) {
    List<String> all = new ArrayList<>(List.of("check"));
    all.addAll(List.of(args));
    all.add("--roots");
    all.add(rootsPem.toString());
    Cli.Run r = Cli.run(all.toArray(new String[0]));
    r.assertNoStackTrace();
    return r;
  }

  static Set<String> keys(JsonNode j) {
    Set<String> out = new java.util.TreeSet<>();
    for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  @Test
  void aValidServerInTextForm() throws Exception {
    TestCert leaf = leaf().build();
    int port = serve(List.of(leaf, intermediate), false);
    Cli.Run r = check("https://localhost:" + port + "/some/path");
    assertEquals(Main.EXIT_OK, r.exit(), r.out() + r.err());
    String out = r.out();
    assertTrue(out.startsWith("Connected to localhost:" + port + " ("), out);
    assertTrue(out.contains("Certificates sent by the server (2):"), out);
    assertTrue(out.contains("[0] CN=localhost"), out);
    assertTrue(out.contains("names:    DNS:localhost, IP:127.0.0.1, IP:0:0:0:0:0:0:0:1"), out);
    assertTrue(out.contains("sha256:   " + leaf.sha256FingerprintHex().toUpperCase()
        .replaceAll("(..)(?!$)", "$1:")), out);
    assertTrue(out.contains("sha1:     "), out);
    assertTrue(out.contains("OCSP: no stapled response"), out);
    assertTrue(out.contains("AIA:  intermediate fetching off"), out);
    assertTrue(out.contains("OK: the chain is valid for localhost (Success)"), out);
  }

  @Test
  void jsonHasVerifysKeysAndTheConnection() throws Exception {
    int port = serve(List.of(leaf().build(), intermediate), false);
    Cli.Run r = check(HOST + ":" + port, "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode j = r.json();
    assertTrue(keys(j).containsAll(VERIFY_KEYS), keys(j).toString());
    assertTrue(j.get("valid").asBoolean());
    assertEquals("localhost", j.get("host").asText());
    assertEquals(port, j.get("port").asInt());
    assertEquals("completed", j.get("connection").get("handshake").asText());
    assertTrue(j.get("connection").get("protocol").asText().startsWith("TLSv1."));
    assertEquals(2, j.get("presented_details").size());
    assertEquals("DNS:localhost", j.get("presented_details").get(0).get("sans").get(0).asText());
    assertEquals(3, j.get("chain").size(), "leaf, intermediate, root");
    assertFalse(j.get("ocsp").get("stapled").asBoolean());
    assertFalse(j.get("aia").get("enabled").asBoolean());
  }

  @Test
  void ctIsEvaluatedOnTheChainTheServerSentAndShownInJsonAndText() throws Exception {
    dev.pkixj.testdata.TestCtLog a = dev.pkixj.testdata.TestCtLog.p256("Check Log A", "Op A");
    dev.pkixj.testdata.TestCtLog b = dev.pkixj.testdata.TestCtLog.p256("Check Log B", "Op B");
    Path list = Files.createTempFile("pkixj-check-logs", ".json");
    try {
      // A list in force now (the check verifies at this computer's clock).
      Files.writeString(list, dev.pkixj.testdata.CtLogListWriter.create().timestamp(NOW)
          .log(a, dev.pkixj.testdata.CtLogListWriter.State.USABLE, NOW.minus(Duration.ofDays(400)))
          .log(b, dev.pkixj.testdata.CtLogListWriter.State.USABLE, NOW.minus(Duration.ofDays(400)))
          .toJson());
      long issued = NOW.minus(Duration.ofDays(10)).toEpochMilli();
      int good = serve(List.of(leaf().embeddedSct(a, issued).embeddedSct(b, issued).build(),
          intermediate), false);
      Cli.Run r = check(HOST + ":" + good, "--json", "--ct", "enforce", "--ct-logs",
          list.toString());
      assertEquals(Main.EXIT_OK, r.exit(), r.err());
      JsonNode ct = r.json().get("ct");
      assertEquals(Set.of("status", "scts"), keys(ct));
      assertEquals("compliant", ct.get("status").asText());
      assertEquals(2, ct.get("scts").size());
      assertEquals("Check Log A", ct.get("scts").get(0).get("log").asText());
      assertEquals("Op A", ct.get("scts").get(0).get("operator").asText());
      assertEquals("embedded", ct.get("scts").get(0).get("origin").asText());
      assertEquals("valid", ct.get("scts").get(0).get("status").asText());
      Cli.Run text = check(HOST + ":" + good, "--ct", "enforce", "--ct-logs", list.toString());
      assertTrue(text.out().contains("Certificate Transparency: compliant"), text.out());
      assertTrue(text.out().contains("Check Log B (Op B)"), text.out());

      int tooFew = serve(List.of(leaf().embeddedSct(a, issued).build(), intermediate), false);
      Cli.Run bad = check(HOST + ":" + tooFew, "--json", "--ct", "enforce", "--ct-logs",
          list.toString());
      assertEquals(Main.EXIT_REJECTED, bad.exit(), bad.err());
      assertEquals("MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY",
          bad.json().get("code").asText());
      assertEquals("not_enough_scts", bad.json().get("ct").get("status").asText());
      assertEquals("refused", bad.json().get("connection").get("handshake").asText());
      // auto: the test root is not one of Mozilla's, so CT does not apply.
      Cli.Run auto = check(HOST + ":" + tooFew, "--json", "--ct-logs", list.toString());
      assertEquals(Main.EXIT_OK, auto.exit(), auto.err());
      assertEquals("not_applicable", auto.json().get("ct").get("status").asText());
    } finally {
      Files.deleteIfExists(list);
    }
  }

  @Test
  void rejectedChainsAreStillShown() throws Exception {
    int expired = serve(List.of(leaf().validity(NOW.minus(Duration.ofDays(100)),
        NOW.minus(Duration.ofDays(3))).build(), intermediate), false);
    Cli.Run r = check("https://localhost:" + expired, "--json");
    assertEquals(Main.EXIT_REJECTED, r.exit(), r.err());
    JsonNode j = r.json();
    assertEquals("SEC_ERROR_EXPIRED_CERTIFICATE", j.get("code").asText());
    assertEquals("refused", j.get("connection").get("handshake").asText());
    assertEquals(2, j.get("presented_details").size());

    int wrong = serve(List.of(CertBuilder.leaf("www.wrong-host.test").issuer(intermediate)
        .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).build(),
        intermediate), false);
    Cli.Run t = check("localhost:" + wrong);
    assertEquals(Main.EXIT_REJECTED, t.exit(), t.err());
    assertTrue(t.out().contains("the handshake was refused by pkixj's verdict below"), t.out());
    assertTrue(t.out().contains("names:    DNS:www.wrong-host.test"), t.out());
    assertTrue(t.out().contains("error SSL_ERROR_BAD_CERT_DOMAIN (-12276) at 0 depth"), t.out());
    assertTrue(t.out().contains("only valid for www.wrong-host.test"), t.out());
  }

  @Test
  void stapledOcspStatusIsReported() throws Exception {
    TestCert good = leaf().ocspUrl(plainBase + "ocsp-good").serial(0x600D).build();
    plainContent.put("ocsp-good", OcspResponseBuilder.forIssuer(intermediate).good(good)
        .producedAt(NOW.minus(Duration.ofHours(1))).thisUpdate(NOW.minus(Duration.ofHours(1)))
        .nextUpdate(NOW.plus(Duration.ofDays(2))).build());
    int port = serve(List.of(good, intermediate), true);
    Cli.Run r = check("https://localhost:" + port, "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    JsonNode o = r.json().get("ocsp");
    assertTrue(o.get("stapled").asBoolean(), o.toString());
    assertEquals("good", o.get("status").asText());
    assertEquals("Success", o.get("result").asText());

    TestCert revoked = leaf().ocspUrl(plainBase + "ocsp-revoked").serial(0xBAD).build();
    plainContent.put("ocsp-revoked", OcspResponseBuilder.forIssuer(intermediate)
        .revoked(revoked, NOW.minus(Duration.ofDays(1)))
        .producedAt(NOW.minus(Duration.ofHours(1))).thisUpdate(NOW.minus(Duration.ofHours(1)))
        .nextUpdate(NOW.plus(Duration.ofDays(2))).build());
    int rport = serve(List.of(revoked, intermediate), true);
    Cli.Run t = check("https://localhost:" + rport);
    assertTrue(t.out().contains("OCSP: stapled response: revoked (SEC_ERROR_REVOKED_CERTIFICATE)"),
        t.out());
    // A revoked staple rejects the chain, as in Firefox (even in soft-fail mode).
    assertEquals(Main.EXIT_REJECTED, t.exit(), t.out() + t.err());
    assertTrue(t.out().contains("error SEC_ERROR_REVOKED_CERTIFICATE (-8180) at 0 depth"), t.out());
    Cli.Run j = check("https://localhost:" + rport, "--json");
    assertEquals(Main.EXIT_REJECTED, j.exit(), j.out() + j.err());
    assertFalse(j.json().get("valid").asBoolean(), j.out());
    assertEquals("SEC_ERROR_REVOKED_CERTIFICATE", j.json().get("code").asText(), j.out());
    assertEquals("revoked", j.json().get("ocsp").get("status").asText(), j.out());
    // ... and the good staple's run was not that verdict.
    assertTrue(r.json().get("code").isNull(), r.out());
  }

  @Test
  void aiaFetchingIsOffByDefaultAndReportedWhenUsed() throws Exception {
    plainContent.put("ca.der", intermediate.der());
    TestCert lonely = leaf().caIssuersUrl(plainBase + "ca.der").build();
    int port = serve(List.of(lonely), false);

    Cli.Run off = check("https://localhost:" + port, "--json");
    assertEquals(Main.EXIT_REJECTED, off.exit(), off.err());
    assertEquals("SEC_ERROR_UNKNOWN_ISSUER", off.json().get("code").asText());
    assertFalse(off.json().get("aia").get("used").asBoolean());

    Cli.Run on = check("https://localhost:" + port, "--json", "--fetch-intermediates");
    assertEquals(Main.EXIT_OK, on.exit(), on.err());
    JsonNode aia = on.json().get("aia");
    assertTrue(aia.get("enabled").asBoolean());
    assertTrue(aia.get("used").asBoolean());
    assertEquals(plainBase + "ca.der", aia.get("fetches").get(0).get("url").asText());
    assertEquals(1, aia.get("fetches").get(0).get("certificates").asInt());
    assertEquals(1, on.json().get("presented").asInt(), "the server sent only the leaf");

    Cli.Run text = check("https://localhost:" + port, "--fetch-intermediates");
    assertTrue(text.out().contains("AIA:  USED, as Chromium would: fetched " + plainBase
        + "ca.der (1 certificate(s))"), text.out());
  }

  @Test
  void aPreloadedIntermediateCompletesWhatTheServerLeftOut() throws Exception {
    TestCert lonely = leaf().build();
    int port = serve(List.of(lonely), false);
    Path state = Files.createTempDirectory("pkixj-check-state");
    try {
      Path pem = Files.writeString(state.resolveSibling(state.getFileName() + ".pem"),
          intermediate.pem());
      dev.pkixj.truststore.intermediates.IntermediatesStore.importFiles(state, List.of(pem),
          Instant.now());
      Files.delete(pem);
      Cli.Run on = check("https://localhost:" + port, "--json", "--state-dir", state.toString());
      assertEquals(Main.EXIT_OK, on.exit(), on.err());
      JsonNode details = on.json().get("chain_details");
      assertFalse(details.get(0).get("preloaded").asBoolean());
      assertTrue(details.get(1).get("preloaded").asBoolean(), on.out());
      assertTrue(on.json().get("onecrl").isNull());

      Cli.Run off = check("https://localhost:" + port, "--json", "--state-dir",
          state.toString(), "--no-preloaded-intermediates");
      assertEquals("SEC_ERROR_UNKNOWN_ISSUER", off.json().get("code").asText());

      Cli.Run text = check("https://localhost:" + port, "--state-dir", state.toString());
      assertTrue(text.out().contains("completed by a preloaded intermediate"), text.out());
    } finally {
      dev.pkixj.truststore.intermediates.IntermediatesStore.removeAll(state);
      Files.deleteIfExists(state);
    }
  }

  @Test
  void usageAndConnectionErrorsExitWithOne() throws Exception {
    // A server that is no TLS server: it accepts and hangs up. Its port stays bound (never a
    // closed port, which another process may take) until the test ends.
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = s.getLocalPort();
      Thread hangUp = new Thread(() -> {
        while (!s.isClosed()) {
          try {
            s.accept().close();
          } catch (IOException closed) {
            return;
          }
        }
      }, "check-test-hang-up");
      hangUp.setDaemon(true);
      hangUp.start();
      Cli.Run refused = check("127.0.0.1:" + port, "--timeout", "5");
      assertEquals(Main.EXIT_USAGE, refused.exit(), refused.out() + refused.err());
      assertTrue(refused.err().startsWith("pkixj check: ")
          && refused.err().contains("127.0.0.1:" + port + " "), refused.err());
      assertEquals(1, refused.err().strip().lines().count(), refused.err());
      // A bad option is found before connecting (to a port of the test's own).
      Cli.Run timeout = check("127.0.0.1:" + port, "--timeout", "0");
      assertEquals(Main.EXIT_USAGE, timeout.exit());
      assertTrue(timeout.err().contains("--timeout"), timeout.err());
    }

    Cli.Run ftp = check("ftp://localhost/");
    assertEquals(Main.EXIT_USAGE, ftp.exit());
    assertTrue(ftp.err().contains("ftp://localhost/") && ftp.err().contains("https://"), ftp.err());
    Cli.Run port = check("localhost:99999");
    assertEquals(Main.EXIT_USAGE, port.exit());
    assertTrue(port.err().contains("localhost:99999") && port.err().contains("port"), port.err());
    Cli.Run none = Cli.run("check");
    none.assertNoStackTrace();
    assertEquals(Main.EXIT_USAGE, none.exit());
    assertTrue(none.err().contains("TARGET"), none.err());
  }

  // ------------------------------------------------------------------ same verdict as verify

  /** The settings file and the database of a test. */
  @org.junit.jupiter.api.io.TempDir Path dir;
  /** The chains given to verify (apart, so that {@link #dir} holds only what must not change). */
  @org.junit.jupiter.api.io.TempDir Path chains;

  /** {@code verify} on {@code chain} for localhost at {@code port}, with {@code --roots}. */
  Cli.Run verifyFiles(List<TestCert> chain, int port, String... args) throws IOException {
    Path pem = chains.resolve("chain-" + port + ".pem");
    StringBuilder sb = new StringBuilder();
    chain.forEach(c -> sb.append(c.pem()));
    Files.writeString(pem, sb.toString(), StandardCharsets.US_ASCII);
    List<String> all = new ArrayList<>(List.of("verify", pem.toString(), "--host", HOST,
        "--port", Integer.toString(port), "--roots", rootsPem.toString()));
    all.addAll(List.of(args));
    Cli.Run r = Cli.run(all.toArray(new String[0]));
    r.assertNoStackTrace();
    return r;
  }

  /** Both runs gave the same verdict: {@code code}, or valid when it is null. */
  static void sameVerdict(Cli.Run check, Cli.Run verify, String code) {
    JsonNode c = check.json();
    JsonNode v = verify.json();
    assertEquals(code, c.get("code").isNull() ? null : c.get("code").asText(), check.out());
    assertEquals(code, v.get("code").isNull() ? null : v.get("code").asText(), verify.out());
    assertEquals(v.get("valid"), c.get("valid"));
    assertEquals(v.get("overridden"), c.get("overridden"));
    assertEquals(v.get("strict_transport_security"), c.get("strict_transport_security"));
    assertEquals(v.get("chain"), c.get("chain"));
    assertEquals(v.get("ct"), c.get("ct"));
    assertEquals(verify.exit(), check.exit(), check.err() + verify.err());
  }

  @Test
  void aCanaryChainIsMitmDetectedByCheckAsByVerify() throws Exception {
    TestCert inspector = CertBuilder.root("CN=Acme Inspector,O=Acme Security")
        .validity(NOW.minus(Duration.ofDays(100)), NOW.plus(Duration.ofDays(100))).build();
    TestCert forged = CertBuilder.leaf(HOST).issuer(inspector).san(dns(HOST))
        .validity(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(80))).build();
    int port = serve(List.of(forged), false);
    String canary = "CN=Acme Inspector, O=Acme Security";

    Cli.Run check = check(HOST + ":" + port, "--mitm-canary", canary, "--json");
    Cli.Run verify = verifyFiles(List.of(forged), port, "--mitm-canary", canary, "--json");
    assertEquals(Main.EXIT_REJECTED, check.exit(), check.out() + check.err());
    sameVerdict(check, verify, "MOZILLA_PKIX_ERROR_MITM_DETECTED");
    assertEquals("refused", check.json().get("connection").get("handshake").asText());
    // Without the canary, both see an unknown issuer.
    sameVerdict(check(HOST + ":" + port, "--json"), verifyFiles(List.of(forged), port, "--json"),
        "SEC_ERROR_UNKNOWN_ISSUER");
  }

  @Test
  void exceptionsApplyAndHstsRefusesThemInCheckAsInVerify() throws Exception {
    TestCert selfSigned = CertBuilder.leaf(HOST).san(dns(HOST))
        .validity(NOW.minus(Duration.ofDays(10)), NOW.plus(Duration.ofDays(80))).build();
    int port = serve(List.of(selfSigned), false);
    Path db = dir.resolve("certdb");
    Path cfg = Files.writeString(dir.resolve("config.properties"), "");
    Cli.Run add = Cli.run("exception", "add", HOST + ":" + port, "--sha256",
        selfSigned.sha256FingerprintHex(), "--db", db.toString(), "--config", cfg.toString());
    assertEquals(Main.EXIT_OK, add.exit(), add.err());
    String[] settings = {"--db", db.toString(), "--config", cfg.toString(), "--json"};

    // An ordinary exception: both accept the chain, naming the error it covers.
    Cli.Run check = check(concat(new String[] {HOST + ":" + port}, settings));
    Cli.Run verify = verifyFiles(List.of(selfSigned), port, settings);
    assertEquals(Main.EXIT_OK, check.exit(), check.out() + check.err());
    assertEquals("completed", check.json().get("connection").get("handshake").asText());
    assertTrue(check.json().get("valid").asBoolean(), check.out());
    assertEquals(verify.json().get("overridden"), check.json().get("overridden"));
    assertEquals(port, check.json().get("overridden").get("port").asInt(), check.out());
    assertEquals(verify.exit(), check.exit());
    // Another port: no exception, for either.
    Cli.Run otherPort = verifyFiles(List.of(selfSigned), port == 65535 ? 1 : port + 1, settings);
    assertEquals(Main.EXIT_REJECTED, otherPort.exit(), otherPort.out());

    // The host becomes HSTS: both refuse the exception, with the same code.
    assertEquals(Main.EXIT_OK, Cli.run("config", "set", "hsts.hosts", HOST, "--config",
        cfg.toString()).exit());
    Cli.Run hstsCheck = check(concat(new String[] {HOST + ":" + port}, settings));
    Cli.Run hstsVerify = verifyFiles(List.of(selfSigned), port, settings);
    assertEquals(Main.EXIT_REJECTED, hstsCheck.exit(), hstsCheck.out() + hstsCheck.err());
    sameVerdict(hstsCheck, hstsVerify, check.json().get("overridden").get("code").asText());
    assertTrue(hstsCheck.json().get("strict_transport_security").asBoolean(), hstsCheck.out());
    assertTrue(hstsCheck.json().get("overridden").isNull(), hstsCheck.out());
  }

  @Test
  void noFlagOfCheckOrVerifyWritesAFile() throws Exception {
    TestCert leaf = leaf().build();
    int port = serve(List.of(leaf, intermediate), false);
    Path db = dir.resolve("certdb");
    Path cfg = Files.writeString(dir.resolve("config.properties"),
        "hsts.hosts=hsts.example.test\n");
    assertEquals(Main.EXIT_OK, Cli.run("exception", "add", "other.example.test", "--sha256",
        "AB".repeat(32), "--db", db.toString(), "--config", cfg.toString()).exit());
    Map<Path, String> before = CliSweepTest.snapshot(dir);
    String canary = "CN=Acme Inspector, O=Acme Security";
    for (String time : List.of("--now", "--time=" + NOW.truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS))) {
      Cli.Run c = check(HOST + ":" + port, time, "--mitm-canary", canary, "--config",
          cfg.toString(), "--db", db.toString(), "--revocation", "hard", "--ocsp-fetch",
          "--fetch-intermediates", "--timeout", "5", "--ct", "telemetry", "--ct-exempt-host",
          "x.example.test", "--ct-exempt-spki", "A".repeat(43) + "=", "--json");
      assertEquals(Main.EXIT_OK, c.exit(), c.out() + c.err());
      Cli.Run v = verifyFiles(List.of(leaf, intermediate), port, time, "--mitm-canary", canary,
          "--config", cfg.toString(), "--db", db.toString(), "--revocation", "hard",
          "--ocsp-fetch", "--ct", "telemetry", "--ct-exempt-host", "x.example.test", "--json");
      sameVerdict(c, v, null);
      for (String off : List.of("", "CN=Another Inspector")) {
        assertEquals(Main.EXIT_OK, check(HOST + ":" + port, time, "--mitm-canary", off,
            "--config", cfg.toString(), "--db", db.toString()).exit());
        assertEquals(Main.EXIT_OK, verifyFiles(List.of(leaf, intermediate), port, time,
            "--mitm-canary", off, "--config", cfg.toString(), "--db", db.toString()).exit());
      }
    }
    assertEquals(before, CliSweepTest.snapshot(dir), "a flag changed a file");
  }

  static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void targets() throws Exception {
    assertEquals(new Target("example.com", 443),
        Target.parse("https://Example.COM"));
    assertEquals(new Target("example.com", 8443),
        Target.parse("example.com:8443"));
    assertEquals(new Target("::1", 8443),
        Target.parse("https://[::1]:8443/x?y"));
    assertEquals(new Target("xn--bcher-kva.example", 443),
        Target.parse("bücher.example"));
    assertEquals("[::1]:8443", Target.parse("[::1]:8443").display());
    assertThrows(CliException.class, () -> Target.parse("http://example.com"));
    assertThrows(CliException.class, () -> Target.parse(""));
  }

  @Test
  void theStrictProfileListsTheRulesTheReceivedChainBreaks() throws Exception {
    // No extKeyUsage in the leaf: Firefox accepts it, the Baseline Requirements do not.
    TestCert noEku = leaf().removeExtension(dev.pkixj.testdata.Oids.EXT_KEY_USAGE).build();
    int port = serve(List.of(noEku, intermediate), false);
    Cli.Run firefox = check(HOST + ":" + port, "--json");
    assertEquals(Main.EXIT_OK, firefox.exit(), firefox.err());
    assertFalse(firefox.json().has("violations"), firefox.out());

    Cli.Run strict = check(HOST + ":" + port, "--json", "--profile", "strict");
    assertEquals(Main.EXIT_REJECTED, strict.exit(), strict.out() + strict.err());
    JsonNode j = strict.json();
    assertTrue(keys(j).containsAll(VERIFY_KEYS), keys(j).toString());
    assertEquals("strict", j.get("profile").asText());
    assertEquals("PKIXJ_ERROR_EKU_MISSING", j.get("code").asText());
    assertEquals("SEC_ERROR_INADEQUATE_CERT_TYPE", j.get("reported_as").asText());
    assertEquals(1, j.get("violations").size(), j.get("violations").toString());
    assertEquals("EKU_MISSING", j.get("violations").get(0).get("rule").asText());
    assertEquals(0, j.get("violations").get(0).get("cert").asInt());

    Cli.Run text = check(HOST + ":" + port, "--profile", "strict");
    assertEquals(Main.EXIT_REJECTED, text.exit(), text.err());
    assertTrue(text.out().contains("Strict profile: 1 rule broken"), text.out());
    assertTrue(text.out().contains("PKIXJ_ERROR_EKU_MISSING  EKU_MISSING  certificate 0"),
        text.out());

    // A valid chain under the strict profile, and a strict flag without it.
    int good = serve(List.of(leaf().build(), intermediate), false);
    Cli.Run ok = check(HOST + ":" + good, "--profile", "strict");
    assertEquals(Main.EXIT_OK, ok.exit(), ok.out() + ok.err());
    assertTrue(ok.out().contains("Strict profile: no rule broken"), ok.out());
    Cli.Run bad = check(HOST + ":" + good, "--max-chain-depth", "1");
    assertEquals(Main.EXIT_USAGE, bad.exit(), bad.err());
    assertTrue(bad.err().contains("--max-chain-depth needs --profile strict"), bad.err());
  }
}
