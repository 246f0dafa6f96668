package dev.pkixj.jsse;

import dev.pkixj.truststore.revocation.RevocationConfig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pkixj.jsse.Loopback.Case;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client × every server case, over real TLS on loopback: each client must get the verdict
 * that {@link Verifier#verifyServer} gives for the same chain, host and staple (plus the MITM
 * canary, which the trust manager applies on top), and that verdict must be the Firefox code
 * expected for the case.
 */
class ClientMatrixTest {
  /** What Firefox reports for each case. */
  static final Map<Case, Result> EXPECTED = Map.of(
      Case.VALID, Result.SUCCESS,
      Case.EXPIRED, Result.SEC_ERROR_EXPIRED_CERTIFICATE,
      Case.WRONG_HOST, Result.SSL_ERROR_BAD_CERT_DOMAIN,
      Case.SELF_SIGNED, Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT,
      Case.UNKNOWN_ISSUER, Result.SEC_ERROR_UNKNOWN_ISSUER,
      Case.REVOKED_STAPLED, Result.SEC_ERROR_REVOKED_CERTIFICATE,
      Case.GOOD_STAPLED, Result.SUCCESS,
      Case.MITM_CANARY, Result.MOZILLA_PKIX_ERROR_MITM_DETECTED);

  static Loopback world;
  static StapleRecordingTrustDomains domains;
  static PkixjTrust trust;

  @BeforeAll
  static void setUp() {
    world = Loopback.get();
    TrustStore store = TrustStore.ofBuiltIns(List.of(new dev.pkixj.truststore.TrustEntry(
        world.root.der(), dev.pkixj.truststore.Trust.ANCHOR, null, "test root",
        dev.pkixj.truststore.Source.FILE)));
    domains = new StapleRecordingTrustDomains(store.trustDomains(RevocationConfig.batchDefaults()));
    trust = PkixjTrust.builder().trustStore(store).trustDomainFactory(domains)
        .mitmCanaryIssuer(Loopback.CANARY_ISSUER).build();
  }

  static Stream<Arguments> matrix() {
    List<Arguments> out = new ArrayList<>();
    for (Clients c : Clients.values()) {
      for (Case k : Case.values()) {
        out.add(Arguments.of(c, k));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} × {1}")
  @MethodSource("matrix")
  void clientGetsFirefoxVerdict(Clients client, Case kase) throws Exception {
    Loopback.Server server = world.server(kase);
    // The reference: the verifier itself on the same chain, host and staple.
    VerificationResult reference = new Verifier(domains).verifyServer(server.ders(),
        Loopback.HOST, java.time.Instant.now(), server.staple());
    Result expected = reference.result();
    if (expected == Result.SEC_ERROR_UNKNOWN_ISSUER && kase == Case.MITM_CANARY) {
      expected = Result.MOZILLA_PKIX_ERROR_MITM_DETECTED; // the canary applies on top
    }
    assertEquals(EXPECTED.get(kase), expected, "verifyServer's verdict for " + kase);

    Clients.Outcome outcome = null;
    Exception failure = null;
    try {
      outcome = client.get(server.url(), trust);
    } catch (Exception e) {
      failure = e;
    }

    if (expected == Result.SUCCESS) {
      if (failure != null) {
        fail(client + " failed on a valid chain", failure);
      }
      assertEquals(200, outcome.status());
      assertEquals("hello from " + kase.name() + "\n", outcome.body());
      return;
    }
    assertNull(outcome, () -> client + " accepted " + kase);
    FirefoxCertificateException fce = FirefoxCertificateException.find(failure);
    if (fce == null) {
      fail(client + " failed without pkixj's exception in the cause chain", failure);
    }
    assertEquals(expected, fce.code(), "code seen by " + client);
    assertEquals(reference.certIndex(), fce.certIndex(), "certificate index");
    assertEquals(Loopback.HOST, fce.host());
    assertNotNull(fce.explanation());
    assertEquals(expected, fce.explanation().code());
    assertTrue(fce.getMessage().startsWith(expected.firefoxName()), fce.getMessage());
  }

  /**
   * The clients that take {@code trust.sslContext()} work the same with sessions bound to their
   * server names (the context's sockets and engines are then pkixj's wrappers).
   */
  @ParameterizedTest(name = "{0} × {1}, sessions bound to server names")
  @MethodSource("boundMatrix")
  void boundSessionsGiveTheSameVerdict(Clients client, Case kase) throws Exception {
    PkixjTrust bound = PkixjTrust.builder().trustStore(trust.trustStore())
        .trustDomainFactory(domains).bindSessionsToServerName(true).build();
    Loopback.Server server = world.server(kase);
    if (EXPECTED.get(kase) == Result.SUCCESS) {
      Clients.Outcome o = client.get(server.url(), bound);
      assertEquals(200, o.status());
      assertEquals("hello from " + kase.name() + "\n", o.body());
      return;
    }
    Exception failure = null;
    try {
      client.get(server.url(), bound);
    } catch (Exception e) {
      failure = e;
    }
    assertNotNull(failure, client + " accepted " + kase);
    FirefoxCertificateException fce = FirefoxCertificateException.find(failure);
    assertNotNull(fce, String.valueOf(failure));
    assertEquals(EXPECTED.get(kase), fce.code());
  }

  static Stream<Arguments> boundMatrix() {
    List<Arguments> out = new ArrayList<>();
    for (Clients c : new Clients[] {Clients.JDK_HTTP_CLIENT, Clients.APACHE_HTTPCLIENT5}) {
      for (Case k : new Case[] {Case.VALID, Case.WRONG_HOST, Case.EXPIRED}) {
        out.add(Arguments.of(c, k));
      }
    }
    return out.stream();
  }

  /** The stapled response the JDK server fetched from the loopback responder reached pkixj. */
  @Test
  void stapleTravelsFromServerToVerifier() throws Exception {
    Loopback.Server server = world.server(Case.GOOD_STAPLED);
    domains.lastStaple.set(null);
    Clients.Outcome o = Clients.JDK_HTTP_CLIENT.get(server.url(), trust);
    assertEquals(200, o.status());
    assertArrayEquals(server.staple(), domains.lastStaple.get());
  }
}
