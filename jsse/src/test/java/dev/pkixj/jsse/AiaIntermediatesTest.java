package dev.pkixj.jsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.TestCert;
import dev.pkixj.pkix.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chromium-style completion of a missing intermediate from the CA Issuers URL (loopback). */
class AiaIntermediatesTest {
  static final Loopback world = Loopback.get();
  static final Duration T = Duration.ofSeconds(5);

  @Test
  void aMissingIntermediateIsFetchedAndReported() {
    world.servePlain("aia-int.der", world.intermediate.der());
    TestCert leaf = Loopback.withLocalNames(world.leafBuilder(Loopback.HOST))
        .caIssuersUrl(world.plainBase + "aia-int.der").build();
    assertEquals(List.of(world.plainBase + "aia-int.der"),
        AiaIntermediates.caIssuersUrls(leaf.der()));
    FirefoxTrustManager tm = PkixjTrust.builder().rootsDer(world.roots()).noDatabase().build()
        .trustManager();

    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER,
        tm.verifyServer(List.of(leaf.der()), "localhost", null).result());
    AiaIntermediates.Completion c = AiaIntermediates.complete(tm, List.of(leaf.der()),
        "localhost", null, T, 3);
    assertTrue(c.result().isValid(), c.result().toString());
    assertTrue(c.used());
    assertEquals(1, c.fetches().size());
    assertTrue(c.fetches().get(0).ok());
    assertEquals(2, c.chain().size());
    assertArrayEquals(world.intermediate.der(), c.chain().get(1));
  }

  @Test
  void nothingIsFetchedWhenNotNeeded() {
    FirefoxTrustManager tm = PkixjTrust.builder().rootsDer(world.roots()).noDatabase().build()
        .trustManager();
    AiaIntermediates.Completion c = AiaIntermediates.complete(tm,
        world.server(Loopback.Case.VALID).ders(), "localhost", null, T, 3);
    assertTrue(c.result().isValid());
    assertFalse(c.used());
    // Unknown issuer without a CA Issuers URL: nothing to fetch, the verdict stands.
    c = AiaIntermediates.complete(tm, world.server(Loopback.Case.UNKNOWN_ISSUER).ders(),
        "localhost", null, T, 3);
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, c.result().result());
    assertFalse(c.used());
  }

  @Test
  void failedFetchesAreReported() {
    world.servePlain("aia-garbage", new byte[] {1, 2, 3});
    TestCert leaf = Loopback.withLocalNames(world.leafBuilder(Loopback.HOST))
        .caIssuersUrl(world.plainBase + "aia-missing")
        .caIssuersUrl(world.plainBase + "aia-garbage")
        .caIssuersUrl("ldap://127.0.0.1/cn=ca").build();
    FirefoxTrustManager tm = PkixjTrust.builder().rootsDer(world.roots()).noDatabase().build()
        .trustManager();
    AiaIntermediates.Completion c = AiaIntermediates.complete(tm, List.of(leaf.der()),
        "localhost", null, T, 5);
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, c.result().result());
    assertEquals(3, c.fetches().size());
    assertEquals("HTTP 404", c.fetches().get(0).error());
    assertFalse(c.fetches().get(1).ok());
    assertEquals("not an http: URL", c.fetches().get(2).error());
  }
}
