package dev.pkixj.jsse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.crlite.Clubcard;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.revocation.CrliteMode;
import dev.pkixj.truststore.revocation.RevocationInfo;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.ct.CtMode;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CRLite in the trust manager (docs/crlite.md, "Where it applies"): enforced by default, so with
 * soft-fail no OCSP responder is asked for a chain to a built-in root; hard-fail still asks; a
 * filter that lists the leaf as revoked rejects it. The responder is a counting HTTP server on
 * 127.0.0.1 (port 0) that answers "good" for the leaf.
 */
class CrliteTrustManagerTest {
  static final long SEED = 0xC21L;
  static Loopback world;
  static TrustStore builtIn;
  static HttpServer responder;
  static final AtomicInteger REQUESTS = new AtomicInteger();
  static TestCert leaf;
  static TestCtLog log;

  @BeforeAll
  static void setUp() throws Exception {
    world = Loopback.get();
    builtIn = TrustStore.ofBuiltIns(List.of(
        new TrustEntry(world.root.der(), Trust.ANCHOR, null, "test root", Source.FILE)));
    log = TestCtLog.p256("JSSE CRLite Log", "JSSE CRLite Operator");
    responder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String url = "http://127.0.0.1:" + responder.getAddress().getPort() + "/ocsp";
    leaf = Loopback.withLocalNames(world.leafBuilder(Loopback.HOST)).serial(0xC2171L)
        .ocspUrl(url).embeddedSct(log, world.now.minus(Duration.ofDays(10)).toEpochMilli())
        .build();
    byte[] good = OcspResponseBuilder.forIssuer(world.intermediate)
        .producedAt(world.now.minus(Duration.ofHours(1)))
        .thisUpdate(world.now.minus(Duration.ofHours(1)))
        .nextUpdate(world.now.plus(Duration.ofDays(3))).good(leaf).build();
    responder.createContext("/", ex -> {
      REQUESTS.incrementAndGet();
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().add("Content-Type", "application/ocsp-response");
      ex.sendResponseHeaders(200, good.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(good);
      }
    });
    responder.start();
  }

  @AfterAll
  static void stop() {
    responder.stop(0);
  }

  /** Filters whose block for the test intermediate lists the leaf as revoked or good. */
  static CrliteFilters filters(boolean revoked) throws Exception {
    byte[] issuer = MessageDigest.getInstance("SHA-256").digest(world.intermediate.spkiDer());
    List<byte[]> good = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      good.add(new byte[] {0x61, (byte) i});
    }
    List<byte[]> rev = new ArrayList<>();
    (revoked ? rev : good).add(BigInteger.valueOf(0xC2171L).toByteArray());
    ClubcardWriter.Model m = new ClubcardWriter(new Random(SEED)).coverage(log.logId(), 0,
        world.now.plus(Duration.ofDays(1)).toEpochMilli()).issuer(issuer, rev, good).build();
    Clubcard c = Clubcard.parse(ClubcardWriter.v3(m), "test filter");
    return CrliteFilters.of(c, List.of(), System.currentTimeMillis());
  }

  /** The verdict and how many OCSP requests it took. */
  record Run(VerificationResult result, int requests) {}

  static Run verify(PkixjTrust trust) {
    int before = REQUESTS.get();
    VerificationResult r = trust.trustManager().verifyServer(
        List.of(leaf.der(), world.intermediate.der()), Loopback.HOST, 443, null);
    return new Run(r, REQUESTS.get() - before);
  }

  /**
   * The test root as a built-in root; CT off, so the leaf's embedded SCT timestamps are taken
   * unverified for CRLite's coverage (with CT on, an SCT of a log outside the list in force
   * would not count).
   */
  static PkixjTrust.Builder base() {
    return PkixjTrust.builder().trustStore(builtIn).ctMode(CtMode.OFF);
  }

  @Test
  void byDefaultNoResponderIsAskedForABuiltInRoot() {
    PkixjTrust trust = base().build();
    assertEquals(CrliteMode.ENFORCE, trust.crliteMode());
    assertSame(CrliteFilters.NONE, trust.crlite(), "nothing stored in the tests' home");
    Run run = verify(trust);
    assertTrue(run.result().isValid(), run.result().toString());
    assertEquals(0, run.requests());
    assertEquals(new RevocationInfo(RevocationInfo.Source.NONE, RevocationInfo.Crlite.NO_FILTER),
        run.result().revocation());
  }

  @Test
  void hardFailAndCrliteOffStillAsk() {
    Run hard = verify(base().revocation(PkixjTrust.Revocation.HARD_FAIL).build());
    assertTrue(hard.result().isValid(), hard.result().toString());
    assertEquals(1, hard.requests());
    assertEquals(RevocationInfo.Source.OCSP_FETCH, hard.result().revocation().source());

    Run off = verify(base().crliteMode(CrliteMode.OFF).build());
    assertTrue(off.result().isValid(), off.result().toString());
    assertEquals(1, off.requests());
    assertEquals(RevocationInfo.Crlite.OFF, off.result().revocation().crlite());
  }

  @Test
  void aFilterSayingRevokedRejectsTheLeaf() throws Exception {
    Run revoked = verify(base().crlite(filters(true)).build());
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, revoked.result().result(),
        "seed " + SEED + ": " + revoked.result().revocation());
    assertEquals(0, revoked.requests());
    assertEquals(new RevocationInfo(RevocationInfo.Source.CRLITE, RevocationInfo.Crlite.REVOKED),
        revoked.result().revocation());

    Run good = verify(base().crlite(filters(false)).build());
    assertTrue(good.result().isValid(), "seed " + SEED + ": " + good.result());
    assertEquals(RevocationInfo.Crlite.GOOD, good.result().revocation().crlite());

    Run telemetry = verify(base().crlite(filters(true)).crliteMode(CrliteMode.TELEMETRY).build());
    assertTrue(telemetry.result().isValid(), telemetry.result().toString());
    assertEquals(RevocationInfo.Crlite.REVOKED, telemetry.result().revocation().crlite());
    assertEquals(1, telemetry.requests());
  }

  @Test
  void theSystemPropertySetsTheMode() {
    Properties p = new Properties();
    p.setProperty(PkixjTrust.PROP_CRLITE_MODE, "Telemetry");
    assertEquals(CrliteMode.TELEMETRY,
        SystemProperties.apply(p, base()).build().crliteMode());
    p.setProperty(PkixjTrust.PROP_CRLITE_MODE, "sometimes");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SystemProperties.apply(p, base()));
    assertTrue(e.getMessage().startsWith(PkixjTrust.PROP_CRLITE_MODE + ": "), e.getMessage());
  }
}
