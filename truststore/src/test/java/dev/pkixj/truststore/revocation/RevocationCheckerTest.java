package dev.pkixj.truststore.revocation;

import static dev.pkixj.truststore.revocation.RevocationFixture.FAKE_URL;
import static dev.pkixj.truststore.revocation.RevocationFixture.ICA;
import static dev.pkixj.truststore.revocation.RevocationFixture.NOW;
import static dev.pkixj.truststore.revocation.RevocationFixture.certId;
import static dev.pkixj.truststore.revocation.RevocationFixture.check;
import static dev.pkixj.truststore.revocation.RevocationFixture.config;
import static dev.pkixj.truststore.revocation.RevocationFixture.leaf;
import static dev.pkixj.truststore.revocation.RevocationFixture.validity;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.truststore.revocation.RevocationConfig.Mode;
import dev.pkixj.truststore.revocation.RevocationFixture.FakeFetcher;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every branch of Firefox's CheckRevocation (spec §4.2), in soft-fail and hard-fail, with
 * responses made by testdata's OcspResponseBuilder and a fake fetcher (no network).
 */
class RevocationCheckerTest {
  private static final Result S = Result.SUCCESS;
  private static final Result REVOKED = Result.SEC_ERROR_REVOKED_CERTIFICATE;
  private static final Result UNKNOWN = Result.SEC_ERROR_OCSP_UNKNOWN_CERT;
  private static final Result OLD = Result.SEC_ERROR_OCSP_OLD_RESPONSE;
  private static final Result SERVER_ERROR = Result.SEC_ERROR_OCSP_SERVER_ERROR;
  private static final Result MISSING = Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING;
  private static final Result BAD_LOCATION = Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION;

  // ---- Responses ----

  static OcspResponseBuilder resp() {
    return OcspResponseBuilder.forIssuer(ICA);
  }

  static byte[] good(TestCert leaf) {
    return resp().good(leaf).build();
  }

  static byte[] revoked(TestCert leaf) {
    return resp().revoked(leaf, TestClock.daysAgo(3)).build();
  }

  static byte[] unknown(TestCert leaf) {
    return resp().unknown(leaf).build();
  }

  /** Good, but past its validity: OCSP_OLD_RESPONSE with the expired flag. */
  static byte[] old(TestCert leaf) {
    return resp().good(leaf).producedAt(TestClock.daysAgo(20)).thisUpdate(TestClock.daysAgo(20))
        .nextUpdate(TestClock.daysAgo(15)).build();
  }

  static byte[] expiredRevoked(TestCert leaf) {
    return resp().revoked(leaf, TestClock.daysAgo(40)).producedAt(TestClock.daysAgo(20))
        .thisUpdate(TestClock.daysAgo(20)).nextUpdate(TestClock.daysAgo(15)).build();
  }

  static byte[] future(TestCert leaf) {
    return resp().good(leaf).producedAt(TestClock.daysFromNow(2))
        .thisUpdate(TestClock.daysFromNow(2)).nextUpdate(TestClock.daysFromNow(5)).build();
  }

  static byte[] badSignature(TestCert leaf) {
    return resp().good(leaf).corruptSignature().build();
  }

  static byte[] forAnotherCert() {
    return resp().good(BigInteger.valueOf(424242)).build();
  }

  static byte[] tryLater() {
    return OcspResponseBuilder.errorResponse(OcspResponseBuilder.TRY_LATER);
  }

  static byte[] invalidSigningCert(TestCert leaf) {
    // A "delegated responder" that the issuer did not issue: skipped, none usable.
    TestCert stranger = CertBuilder.leaf("CN=Stranger Responder").issuer(RevocationFixture.ROOT)
        .extendedKeyUsage(Oids.OCSP_SIGNING).build();
    return resp().good(leaf).responder(stranger).build();
  }

  static final byte[] MALFORMED = {0x30, 0x03, 0x0a, 0x01};

  // ---- The staple (step 1) ----

  @Nested
  class Staple {
    private void expect(byte[] staple, TestCert leaf, Result soft, Result hard, boolean fetch) {
      for (Mode mode : new Mode[] {Mode.SOFT, Mode.HARD}) {
        FakeFetcher f = new FakeFetcher();
        Result expected = mode == Mode.SOFT ? soft : hard;
        assertEquals(expected, check(config(mode, fetch, f), leaf, staple), mode.toString());
      }
    }

    @Test
    void goodIsSuccessAndCached() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher();
      RevocationConfig hard = config(Mode.HARD, true, f);
      assertEquals(S, check(hard, leaf, good(leaf)));
      OcspCache.Entry e = hard.cache().get(certId(leaf), NOW);
      assertNotNull(e);
      assertEquals(S, e.result());
      assertEquals(TestClock.daysAgo(1).getEpochSecond(), e.thisUpdate());
      // Without the staple, the cached good answer suffices: no fetch.
      assertEquals(S, check(hard, leaf, null));
      assertEquals(0, f.calls());
    }

    @Test
    void revokedUnknownAndBrokenStaplesAreFinalEvenInSoftFail() {
      TestCert leaf = leaf(FAKE_URL);
      expect(revoked(leaf), leaf, REVOKED, REVOKED, true);
      expect(unknown(leaf), leaf, UNKNOWN, UNKNOWN, true);
      expect(MALFORMED, leaf, Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, true);
      expect(future(leaf), leaf, Result.SEC_ERROR_OCSP_FUTURE_RESPONSE,
          Result.SEC_ERROR_OCSP_FUTURE_RESPONSE, true);
      expect(badSignature(leaf), leaf, Result.SEC_ERROR_OCSP_BAD_SIGNATURE,
          Result.SEC_ERROR_OCSP_BAD_SIGNATURE, true);
    }

    @Test
    void finalStapleErrorsDoNotFetch() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher().answering(good(leaf));
      for (byte[] staple : Arrays.asList(revoked(leaf), unknown(leaf), MALFORMED, future(leaf),
          badSignature(leaf))) {
        check(config(Mode.SOFT, true, f), leaf, staple);
      }
      assertEquals(0, f.calls());
    }

    @Test
    void revokedAndUnknownStaplesAreCachedOthersAreNot() {
      TestCert a = leaf(FAKE_URL);
      RevocationConfig c = config(Mode.SOFT, false, new FakeFetcher());
      check(c, a, revoked(a));
      assertEquals(REVOKED, check(c, a, null), "remembered from the staple");
      TestCert b = leaf(FAKE_URL);
      check(c, b, unknown(b));
      assertEquals(UNKNOWN, check(c, b, null), "no fetching: cached unknown is returned");
      for (int i = 0; i < 3; i++) {
        TestCert x = leaf(FAKE_URL);
        byte[] staple = i == 0 ? MALFORMED : i == 1 ? old(x) : badSignature(x);
        check(c, x, staple);
        assertNull(c.cache().get(certId(x), NOW));
      }
      TestCert y = leaf(FAKE_URL);
      check(c, y, expiredRevoked(y));
      assertNull(c.cache().get(certId(y), NOW), "an expired staple is not cached, even revoked");
    }

    @Test
    void tolerableStapleErrorsWithoutFetchingEndInSuccess() {
      TestCert leaf = leaf(FAKE_URL);
      for (byte[] staple : Arrays.asList(old(leaf), expiredRevoked(leaf), forAnotherCert(),
          tryLater(), invalidSigningCert(leaf))) {
        expect(staple, leaf, S, S, false);
      }
    }

    @Test
    void theTolerableStapleErrorsAreWhatFirefoxSaysTheyAre() {
      // Sanity check of the fixtures: each is the error it stands for.
      TestCert leaf = leaf(FAKE_URL);
      assertEquals(OLD, verify(leaf, old(leaf)));
      assertEquals(REVOKED, verify(leaf, expiredRevoked(leaf)));
      assertEquals(MISSING, verify(leaf, forAnotherCert()));
      assertEquals(Result.SEC_ERROR_OCSP_TRY_SERVER_LATER, verify(leaf, tryLater()));
      assertEquals(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          verify(leaf, invalidSigningCert(leaf)));
    }

    private Result verify(TestCert leaf, byte[] response) {
      return OcspVerifier.verify(RevocationFixture.trustDomain(), certId(leaf), NOW, 10, response)
          .result();
    }

    @Test
    void tolerableStapleErrorThenNetworkFailure() {
      TestCert leaf = leaf(FAKE_URL);
      // Soft-fail returns the staple's error; hard-fail the network's.
      expect(old(leaf), leaf, OLD, SERVER_ERROR, true);
      expect(forAnotherCert(), leaf, MISSING, SERVER_ERROR, true);
      expect(tryLater(), leaf, Result.SEC_ERROR_OCSP_TRY_SERVER_LATER, SERVER_ERROR, true);
      expect(invalidSigningCert(leaf), leaf, Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          SERVER_ERROR, true);
      expect(expiredRevoked(leaf), leaf, REVOKED, SERVER_ERROR, true);
    }

    @Test
    void tolerableStapleErrorThenGoodFetch() {
      for (Mode mode : new Mode[] {Mode.SOFT, Mode.HARD}) {
        TestCert leaf = leaf(FAKE_URL);
        FakeFetcher f = new FakeFetcher().answering(good(leaf));
        assertEquals(S, check(config(mode, true, f), leaf, old(leaf)));
        assertEquals(1, f.calls());
      }
    }

    @Test
    void tolerableStapleErrorThenABadFetchedResponse() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher().answering(MALFORMED);
      assertEquals(OLD, check(config(Mode.SOFT, true, f), leaf, old(leaf)));
      assertEquals(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          check(config(Mode.HARD, true, f), leaf, old(leaf)));
    }

    @Test
    void tolerableStapleErrorWithoutUrlIsReturnedEvenInSoftFail() {
      TestCert leaf = leaf();
      expect(old(leaf), leaf, OLD, OLD, true);
      expect(forAnotherCert(), leaf, MISSING, MISSING, true);
    }
  }

  // ---- The cache (step 2) ----

  @Nested
  class Cache {
    private RevocationConfig withCached(Mode mode, boolean fetch, FakeFetcher f, TestCert leaf,
        Result r, long thisUpdate, long validThrough) {
      RevocationConfig c = config(mode, fetch, f);
      assertEquals(S, c.cache().put(certId(leaf), r, thisUpdate, validThrough, NOW));
      return c;
    }

    @Test
    void freshGoodIsSuccessWithoutFetching() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher();
      assertEquals(S, check(withCached(Mode.HARD, true, f, leaf, S, NOW - 100, NOW), leaf, null));
      assertEquals(0, f.calls());
    }

    @Test
    void revokedIsReturnedEvenWhenStale() {
      for (Mode mode : new Mode[] {Mode.SOFT, Mode.HARD}) {
        TestCert leaf = leaf(FAKE_URL);
        FakeFetcher f = new FakeFetcher().answering(good(leaf));
        assertEquals(REVOKED, check(withCached(mode, true, f, leaf, REVOKED, NOW - 90 * 86400L,
            NOW - 80 * 86400L), leaf, null));
        assertEquals(0, f.calls());
      }
    }

    @Test
    void staleGoodCountsAsOldWithoutFetching() {
      TestCert leaf = leaf(FAKE_URL);
      assertEquals(S, check(withCached(Mode.SOFT, false, new FakeFetcher(), leaf, S, NOW - 900,
          NOW - 1), leaf, null));
      assertEquals(OLD, check(withCached(Mode.HARD, false, new FakeFetcher(), leaf, S, NOW - 900,
          NOW - 1), leaf, null));
    }

    @Test
    void staleGoodIsRefetched() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher().answering(good(leaf));
      assertEquals(S, check(withCached(Mode.HARD, true, f, leaf, S, NOW - 900, NOW - 1), leaf,
          null));
      assertEquals(1, f.calls());
      FakeFetcher down = new FakeFetcher();
      assertEquals(S, check(withCached(Mode.SOFT, true, down, leaf, S, NOW - 900, NOW - 1), leaf,
          null), "soft-fail: a stale good entry and a failing responder is success");
      assertEquals(SERVER_ERROR, check(withCached(Mode.HARD, true, down, leaf, S, NOW - 900,
          NOW - 1), leaf, null));
    }

    @Test
    void staleGoodWithoutUrlIsOldInBothModes() {
      TestCert leaf = leaf();
      assertEquals(OLD, check(withCached(Mode.SOFT, true, new FakeFetcher(), leaf, S, NOW - 900,
          NOW - 1), leaf, null));
      assertEquals(OLD, check(withCached(Mode.HARD, true, new FakeFetcher(), leaf, S, NOW - 900,
          NOW - 1), leaf, null));
    }

    @Test
    void cachedUnknown() {
      TestCert leaf = leaf(FAKE_URL);
      long tu = NOW - 100;
      long vt = NOW + 86400;
      assertEquals(UNKNOWN, check(withCached(Mode.SOFT, false, new FakeFetcher(), leaf, UNKNOWN,
          tu, vt), leaf, null), "no fetching");
      assertEquals(UNKNOWN, check(withCached(Mode.SOFT, true, new FakeFetcher(), leaf, UNKNOWN,
          tu, vt), leaf, null), "refetched, failed: soft-fail keeps the cached unknown");
      assertEquals(SERVER_ERROR, check(withCached(Mode.HARD, true, new FakeFetcher(), leaf,
          UNKNOWN, tu, vt), leaf, null));
      FakeFetcher f = new FakeFetcher().answering(good(leaf));
      assertEquals(S, check(withCached(Mode.SOFT, true, f, leaf, UNKNOWN, tu, vt), leaf, null),
          "a cached unknown is refetched");
      assertEquals(1, f.calls());
      TestCert noUrl = leaf();
      assertEquals(UNKNOWN, check(withCached(Mode.SOFT, true, new FakeFetcher(), noUrl, UNKNOWN,
          tu, vt), noUrl, null), "no URL: the cached unknown");
    }

    @Test
    void cachedFailureMeansNoRefetch() {
      TestCert leaf = leaf(FAKE_URL);
      for (Mode mode : new Mode[] {Mode.SOFT, Mode.HARD}) {
        FakeFetcher f = new FakeFetcher().answering(revoked(leaf));
        Result r = check(withCached(mode, true, f, leaf, SERVER_ERROR, NOW, NOW + 300), leaf,
            null);
        assertEquals(mode == Mode.SOFT ? S : SERVER_ERROR, r);
        assertEquals(0, f.calls());
      }
      FakeFetcher f = new FakeFetcher();
      assertEquals(OLD, check(withCached(Mode.SOFT, true, f, leaf, SERVER_ERROR, NOW, NOW + 300),
          leaf, old(leaf)), "soft-fail: the staple's error");
      assertEquals(0, f.calls());
    }

    @Test
    void expiredCachedFailureIsIgnored() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher().answering(revoked(leaf));
      assertEquals(REVOKED, check(withCached(Mode.SOFT, true, f, leaf, SERVER_ERROR, NOW - 400,
          NOW - 100), leaf, null));
      assertEquals(1, f.calls());
      // Without fetching it is as if nothing were cached.
      TestCert other = leaf(FAKE_URL);
      assertEquals(S, check(withCached(Mode.HARD, false, new FakeFetcher(), other, SERVER_ERROR,
          NOW - 400, NOW - 100), other, null));
    }

    @Test
    void aFullCacheOfRevokedEntriesTurnsANetworkErrorIntoTheResultEvenInSoftFail() {
      TestCert other = leaf(FAKE_URL);
      TestCert leaf = leaf(FAKE_URL);
      RevocationConfig c = config(Mode.SOFT, true, new FakeFetcher())
          .withCache(new OcspCache(1));
      c.cache().put(certId(other), REVOKED, NOW, NOW, NOW);
      assertEquals(SERVER_ERROR, check(c, leaf, null), "Firefox returns the failed Put's result");
      FakeFetcher goodFetch = new FakeFetcher().answering(good(leaf));
      assertEquals(S, check(c.withFetcher(goodFetch), leaf, null), "a good one is just not kept");
      assertNull(c.cache().get(certId(leaf), NOW));
    }
  }

  // ---- No fetching (step 3) and short-lived certificates ----

  @Nested
  class NoFetching {
    @Test
    void fetchingOffIsSuccessWithoutCacheOrStaple() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher();
      assertEquals(S, check(config(Mode.HARD, false, f), leaf, null));
      assertEquals(0, f.calls());
    }

    @Test
    void shortLivedCertificatesAreNeverFetchedFor() {
      TestCert shortLived = leaf(TestClock.daysAgo(1), TestClock.daysAgo(1).plus(
          Duration.ofDays(10)).minusSeconds(1), FAKE_URL);
      FakeFetcher f = new FakeFetcher().answering(revoked(shortLived));
      assertEquals(S, check(config(Mode.HARD, true, f), shortLived, null));
      assertEquals(0, f.calls());
      TestCert tenDays = leaf(TestClock.daysAgo(1), TestClock.daysAgo(1).plus(Duration.ofDays(10)),
          FAKE_URL);
      FakeFetcher g = new FakeFetcher().answering(revoked(tenDays));
      assertEquals(REVOKED, check(config(Mode.HARD, true, g), tenDays, null),
          "a validity of exactly the threshold is not short");
      assertEquals(1, g.calls());
    }

    @Test
    void shortLivedStillHonoursCachedUnknownAndHardFailOld() {
      TestCert shortLived = leaf(TestClock.daysAgo(1), TestClock.daysFromNow(3), FAKE_URL);
      RevocationConfig c = config(Mode.SOFT, true, new FakeFetcher());
      c.cache().put(certId(shortLived), UNKNOWN, NOW - 10, NOW + 100, NOW);
      assertEquals(UNKNOWN, check(c, shortLived, null));
      TestCert shortLived2 = leaf(TestClock.daysAgo(1), TestClock.daysFromNow(3), FAKE_URL);
      RevocationConfig h = config(Mode.HARD, true, new FakeFetcher());
      h.cache().put(certId(shortLived2), S, NOW - 1000, NOW - 1, NOW);
      assertEquals(OLD, check(h, shortLived2, null));
      assertEquals(S, check(h.withMode(Mode.SOFT), shortLived2, null));
    }

    @Test
    void shortLifetimeThresholdIsConfigurable() {
      TestCert leaf = leaf(FAKE_URL); // 395 days
      FakeFetcher f = new FakeFetcher().answering(revoked(leaf));
      assertEquals(S, check(config(Mode.HARD, true, f).withShortLifetimeDays(400), leaf, null));
      assertEquals(0, f.calls());
    }
  }

  // ---- The responder URL (steps 2 and 5) ----

  @Nested
  class ResponderUrl {
    @Test
    void noUrlIsSuccessEvenInHardFail() {
      TestCert leaf = leaf();
      FakeFetcher f = new FakeFetcher();
      assertEquals(S, check(config(Mode.HARD, true, f), leaf, null));
      TestCert caIssuersOnly = CertBuilder.leaf(RevocationFixture.HOST).issuer(ICA)
          .caIssuersUrl("http://ca.invalid/ca.crt").build();
      assertEquals(S, check(config(Mode.HARD, true, f), caIssuersOnly, null));
      assertEquals(0, f.calls());
    }

    @Test
    void theFirstOcspUrlIsUsed() {
      TestCert leaf = CertBuilder.leaf(RevocationFixture.HOST).issuer(ICA)
          .caIssuersUrl("http://ca.invalid/ca.crt").ocspUrl("http://first.invalid/")
          .ocspUrl("http://second.invalid/").build();
      FakeFetcher f = new FakeFetcher().answering(good(leaf));
      assertEquals(S, check(config(Mode.HARD, true, f), leaf, null));
      assertEquals("http://first.invalid/", f.urls.get(0));
    }

    private Input aia(byte[]... descriptions) {
      return Input.of(Der.seq(descriptions));
    }

    private byte[] ocsp(byte[] uriBytes) {
      return Der.seq(Der.oid(Oids.AD_OCSP), Der.implicit(6, false, uriBytes));
    }

    @Test
    void overlongOrNulUrlsAreBadAccessLocationsEvenWithAGoodStaple() {
      TestCert leaf = leaf(FAKE_URL);
      byte[] url1024 = ("http://x.invalid/" + "a".repeat(1024 - 17)).getBytes(
          StandardCharsets.US_ASCII);
      byte[] url1025 = Arrays.copyOf(url1024, 1025);
      url1025[1024] = 'a';
      byte[] nul = "http://x.invalid/\0evil".getBytes(StandardCharsets.US_ASCII);
      for (Mode mode : new Mode[] {Mode.SOFT, Mode.HARD}) {
        for (boolean fetch : new boolean[] {false, true}) {
          FakeFetcher f = new FakeFetcher().answering(good(leaf));
          RevocationConfig c = config(mode, fetch, f);
          assertEquals(BAD_LOCATION, check(c, leaf, good(leaf), aia(ocsp(url1025))));
          assertEquals(BAD_LOCATION, check(c, leaf, null, aia(ocsp(nul))));
          assertEquals(S, check(c, leaf, null, aia(ocsp(url1024))));
          assertEquals(fetch ? 1 : 0, f.calls(), "the staple was never looked at");
        }
      }
      TestCert other = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher().answering(good(other));
      assertEquals(S, check(config(Mode.HARD, true, f), other, null, aia(ocsp(url1024))));
      assertEquals(new String(url1024, StandardCharsets.US_ASCII), f.urls.get(0));
    }

    @Test
    void anUndecodableAiaIsABadAccessLocation() {
      TestCert leaf = leaf(FAKE_URL);
      RevocationConfig c = config(Mode.SOFT, false, new FakeFetcher());
      assertEquals(BAD_LOCATION, check(c, leaf, null, Input.of(new byte[] {0x30, 0x05, 0x30})));
      assertEquals(BAD_LOCATION, check(c, leaf, null, aia(Der.seq(Der.oid(Oids.AD_OCSP)))));
      assertEquals(BAD_LOCATION, check(c, leaf, null,
          aia(Der.seq(Der.oid(Oids.AD_OCSP), Der.implicit(6, false, "http://a/".getBytes(
              StandardCharsets.US_ASCII)), Der.nul()))), "trailing data in AccessDescription");
      assertEquals(BAD_LOCATION, check(c, leaf, null,
          aia(ocsp("http://a.invalid/".getBytes(StandardCharsets.US_ASCII)),
              Der.seq(Der.oid(Oids.AD_OCSP), Der.implicit(12, false, new byte[1])))),
          "a later malformed description fails the whole extension");
    }

    @Test
    void nonUriOcspLocationsAreSkipped() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher().answering(good(leaf));
      Input aia = aia(Der.seq(Der.oid(Oids.AD_OCSP), Der.implicit(2, false,
          "dns.invalid".getBytes(StandardCharsets.US_ASCII))),
          ocsp("http://uri.invalid/".getBytes(StandardCharsets.US_ASCII)));
      assertEquals(S, check(config(Mode.HARD, true, f), leaf, null, aia));
      assertEquals("http://uri.invalid/", f.urls.get(0));
    }

    @Test
    void nonHttpUrlsFailAsNetworkErrorsAndAreCached() {
      TestCert leaf = leaf("https://127.0.0.1:1/ocsp");
      int[] calls = {0};
      OcspFetcher counting = (url, req, timeout) -> {
        calls[0]++;
        return HttpOcspFetcher.shared().fetch(url, req, timeout);
      };
      RevocationConfig soft = config(Mode.SOFT, true, counting);
      assertEquals(S, check(soft, leaf, null));
      assertEquals(BAD_LOCATION, soft.cache().get(certId(leaf), NOW).result());
      assertEquals(S, check(soft, leaf, null));
      assertEquals(1, calls[0], "the failure is cached for five minutes");
      RevocationConfig hard = config(Mode.HARD, true, counting);
      assertEquals(BAD_LOCATION, check(hard, leaf, null));
      assertEquals(BAD_LOCATION, check(hard, leaf, null));
      assertEquals(2, calls[0]);
    }
  }

  // ---- Fetching (steps 6 and 7) ----

  @Nested
  class Fetching {
    private void expect(byte[] answer, Result soft, Result hard) {
      for (Mode mode : new Mode[] {Mode.SOFT, Mode.HARD}) {
        TestCert leaf = leaf(FAKE_URL);
        FakeFetcher f = new FakeFetcher().answering(answer);
        assertEquals(mode == Mode.SOFT ? soft : hard, check(config(mode, true, f), leaf, null),
            mode.toString());
        assertEquals(1, f.calls());
      }
    }

    @Test
    void goodRevokedAndUnknownResponses() {
      for (Mode mode : new Mode[] {Mode.SOFT, Mode.HARD}) {
        TestCert a = leaf(FAKE_URL);
        assertEquals(S, check(config(mode, true, new FakeFetcher().answering(good(a))), a, null));
        TestCert b = leaf(FAKE_URL);
        assertEquals(REVOKED, check(config(mode, true, new FakeFetcher().answering(revoked(b))), b,
            null));
        TestCert c = leaf(FAKE_URL);
        assertEquals(UNKNOWN, check(config(mode, true, new FakeFetcher().answering(unknown(c))), c,
            null));
      }
    }

    @Test
    void badResponsesSoftFailToSuccessAndHardFailToTheirError() {
      expect(MALFORMED, S, Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE);
      expect(tryLater(), S, Result.SEC_ERROR_OCSP_TRY_SERVER_LATER);
      expect(forAnotherCert(), S, MISSING);
      TestCert leaf = leaf(FAKE_URL);
      for (Mode mode : new Mode[] {Mode.SOFT, Mode.HARD}) {
        FakeFetcher f = new FakeFetcher().answering(badSignature(leaf));
        assertEquals(mode == Mode.SOFT ? S : Result.SEC_ERROR_OCSP_BAD_SIGNATURE,
            check(config(mode, true, f), leaf, null));
        FakeFetcher g = new FakeFetcher().answering(old(leaf));
        assertEquals(mode == Mode.SOFT ? S : OLD, check(config(mode, true, g), leaf, null));
      }
    }

    @Test
    void networkErrorsSoftFailToSuccessHardFailToTheError() {
      for (Result error : new Result[] {SERVER_ERROR, BAD_LOCATION,
          Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE}) {
        for (Mode mode : new Mode[] {Mode.SOFT, Mode.HARD}) {
          TestCert leaf = leaf(FAKE_URL);
          FakeFetcher f = new FakeFetcher().failing(error);
          RevocationConfig c = config(mode, true, f);
          assertEquals(mode == Mode.SOFT ? S : error, check(c, leaf, null));
          OcspCache.Entry e = c.cache().get(certId(leaf), NOW);
          assertEquals(error, e.result());
          assertEquals(NOW, e.thisUpdate());
          assertEquals(NOW + 300, e.validThrough(), "cached for five minutes");
          check(c, leaf, null);
          assertEquals(1, f.calls(), "not refetched while cached");
        }
      }
    }

    @Test
    void verifiedResponsesAreCachedFailuresForFiveMinutes() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher().answering(good(leaf));
      RevocationConfig c = config(Mode.HARD, true, f);
      assertEquals(S, check(c, leaf, null));
      OcspCache.Entry e = c.cache().get(certId(leaf), NOW);
      assertEquals(S, e.result());
      assertEquals(TestClock.daysFromNow(7).getEpochSecond(), e.validThrough(),
          "nextUpdate + 1 day slack");
      assertEquals(S, check(c, leaf, null));
      assertEquals(1, f.calls());

      TestCert bad = leaf(FAKE_URL);
      FakeFetcher g = new FakeFetcher().answering(MALFORMED);
      RevocationConfig d = config(Mode.SOFT, true, g);
      check(d, bad, null);
      OcspCache.Entry fe = d.cache().get(certId(bad), NOW);
      assertEquals(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, fe.result());
      assertEquals(NOW + 300, fe.validThrough());
      check(d, bad, null);
      assertEquals(1, g.calls());

      TestCert oldOne = leaf(FAKE_URL);
      FakeFetcher h = new FakeFetcher().answering(old(oldOne));
      RevocationConfig o = config(Mode.SOFT, true, h);
      check(o, oldOne, null);
      assertEquals(OLD, o.cache().get(certId(oldOne), NOW).result());
      check(o, oldOne, null);
      assertEquals(2, h.calls(), "a cached OLD response does not stop refetching");
    }

    @Test
    void theRequestIsFirefoxsAndTheTimeoutFollowsTheMode() {
      TestCert leaf = leaf(FAKE_URL);
      FakeFetcher f = new FakeFetcher().answering(good(leaf));
      check(config(Mode.SOFT, true, f), leaf, null);
      assertArrayEquals(OcspVerifier.createRequest(certId(leaf)), f.requests.get(0));
      assertEquals(Duration.ofSeconds(2), f.timeouts.get(0));
      TestCert leaf2 = leaf(FAKE_URL);
      check(config(Mode.HARD, true, f), leaf2, null);
      assertEquals(Duration.ofSeconds(10), f.timeouts.get(1));
      TestCert leaf3 = leaf(FAKE_URL);
      check(config(Mode.HARD, true, f).withTimeouts(Duration.ofMillis(300), Duration.ofMillis(700)),
          leaf3, null);
      assertEquals(Duration.ofMillis(700), f.timeouts.get(2));
    }

    @Test
    void aSerialNumberTooLongForARequestIsBadDer() {
      TestCert leaf = leaf(FAKE_URL);
      CertId base = certId(leaf);
      byte[] serial = new byte[61];
      serial[0] = 0x01;
      CertId longSerial = new CertId(base.issuer(), base.issuerSubjectPublicKeyInfo(),
          Input.of(serial));
      FakeFetcher f = new FakeFetcher();
      Result r = new RevocationChecker(config(Mode.SOFT, true, f)).check(
          RevocationFixture.trustDomain(), EndEntityOrCA.MUST_BE_END_ENTITY, longSerial, NOW,
          validity(leaf), null, RevocationFixture.parse(leaf).authorityInfoAccess());
      assertEquals(Result.SEC_ERROR_BAD_DER, r);
      assertEquals(0, f.calls());
    }

    @Test
    void aThrowingFetcherIsAServerError() {
      TestCert leaf = leaf(FAKE_URL);
      OcspFetcher broken = (u, r, t) -> {
        throw new IllegalStateException("boom");
      };
      assertEquals(S, check(config(Mode.SOFT, true, broken), leaf, null));
      assertEquals(SERVER_ERROR, check(config(Mode.HARD, true, broken), leaf(FAKE_URL), null));
    }
  }

  // ---- Modes and roles ----

  @Test
  void offChecksNothing() {
    TestCert leaf = leaf(FAKE_URL);
    FakeFetcher f = new FakeFetcher();
    assertEquals(S, check(config(Mode.OFF, true, f), leaf, revoked(leaf)));
    assertEquals(0, f.calls());
  }

  @Test
  void certificateAuthoritiesAlwaysPass() {
    TestCert leaf = leaf(FAKE_URL);
    FakeFetcher f = new FakeFetcher().answering(revoked(leaf));
    RevocationConfig c = config(Mode.HARD, true, f);
    c.cache().put(certId(leaf), REVOKED, NOW, NOW, NOW);
    Result r = new RevocationChecker(c).check(RevocationFixture.trustDomain(),
        EndEntityOrCA.MUST_BE_CA, certId(leaf), NOW, validity(leaf), null,
        RevocationFixture.parse(leaf).authorityInfoAccess());
    assertEquals(S, r);
    assertEquals(0, f.calls());
  }

  @Test
  void configDefaultsAndClamps() {
    RevocationConfig batch = RevocationConfig.batchDefaults();
    assertEquals(Mode.SOFT, batch.mode());
    assertEquals(false, batch.fetch());
    assertEquals(Duration.ofSeconds(2), batch.softTimeout());
    assertEquals(Duration.ofSeconds(10), batch.hardTimeout());
    assertEquals(10, batch.shortLifetimeDays());
    assertEquals(1024, batch.cache().capacity());
    RevocationConfig interactive = RevocationConfig.interactiveDefaults();
    assertEquals(Mode.SOFT, interactive.mode());
    assertEquals(true, interactive.fetch());
    assertEquals(Mode.OFF, RevocationConfig.off().mode());
    RevocationConfig clamped = batch.withTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(1));
    assertEquals(Duration.ofSeconds(5), clamped.softTimeout());
    assertEquals(Duration.ofSeconds(20), clamped.hardTimeout());
    assertEquals(Duration.ofSeconds(20), clamped.withMode(Mode.HARD).timeout());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> batch.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> batch.withShortLifetimeDays(-1));
  }
}
