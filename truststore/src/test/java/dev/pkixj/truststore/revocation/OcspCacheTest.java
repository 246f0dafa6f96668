package dev.pkixj.truststore.revocation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Firefox's OCSPCache rules, one at a time (OCSPCache.cpp and its gtest OCSPCacheTest.cpp). */
class OcspCacheTest {
  private static final Result GOOD = Result.SUCCESS;
  private static final Result REVOKED = Result.SEC_ERROR_REVOKED_CERTIFICATE;
  private static final Result UNKNOWN = Result.SEC_ERROR_OCSP_UNKNOWN_CERT;
  private static final Result SERVER_ERROR = Result.SEC_ERROR_OCSP_SERVER_ERROR;
  private static final long NOW = 1_780_272_000L; // 2026-06-01

  private static final byte[] ISSUER = {0x30, 0x0b, 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04,
      0x03, 0x0c, 0x00};
  private static final byte[] SPKI = {0x30, 0x05, 0x30, 0x00, 0x03, 0x01, 0x00};

  static CertId id(int serial) {
    byte[] s = {(byte) (serial >>> 8 | 0x10), (byte) serial};
    return new CertId(Input.of(ISSUER), Input.of(SPKI), Input.of(s));
  }

  @Test
  void keyIsSha384OfIssuerSpkiLittleEndianSerialLengthAndSerial() throws Exception {
    byte[] serial = {0x01, 0x02, 0x03};
    CertId certId = new CertId(Input.of(ISSUER), Input.of(SPKI), Input.of(serial));
    MessageDigest md = MessageDigest.getInstance("SHA-384");
    md.update(ISSUER);
    md.update(SPKI);
    md.update(new byte[] {3, 0}); // length, least significant byte first (DigestLength)
    md.update(serial);
    assertArrayEquals(md.digest(), OcspCache.key(certId).digest());
  }

  @Test
  void keyDistinguishesEveryPart() {
    OcspCache.Key base = OcspCache.key(id(1));
    assertEquals(base, OcspCache.key(id(1)));
    assertNotEquals(base, OcspCache.key(id(2)));
    byte[] otherIssuer = ISSUER.clone();
    otherIssuer[otherIssuer.length - 2] = 0x13;
    assertNotEquals(base,
        OcspCache.key(new CertId(Input.of(otherIssuer), Input.of(SPKI), id(1).serialNumber())));
    byte[] otherSpki = SPKI.clone();
    otherSpki[otherSpki.length - 1] = 1;
    assertNotEquals(base,
        OcspCache.key(new CertId(Input.of(ISSUER), Input.of(otherSpki), id(1).serialNumber())));
  }

  @Test
  void serialOf64KiBHasNoKey() {
    CertId huge = new CertId(Input.of(ISSUER), Input.of(SPKI), Input.of(new byte[65536]));
    assertThrows(IllegalArgumentException.class, () -> OcspCache.key(huge));
    OcspCache cache = new OcspCache();
    assertEquals(Result.SEC_ERROR_LIBRARY_FAILURE, cache.put(huge, GOOD, NOW, NOW, NOW));
    assertNull(cache.get(huge, NOW));
  }

  @Test
  void missThenHit() {
    OcspCache cache = new OcspCache();
    assertNull(cache.get(id(1), NOW));
    assertEquals(Result.SUCCESS, cache.put(id(1), GOOD, NOW - 10, NOW + 100, NOW));
    OcspCache.Entry e = cache.get(id(1), NOW);
    assertNotNull(e);
    assertEquals(GOOD, e.result());
    assertEquals(NOW - 10, e.thisUpdate());
    assertEquals(NOW + 100, e.validThrough());
    assertEquals(NOW, e.cachedAt());
    assertEquals(1, cache.size());
    assertNull(cache.get(id(2), NOW));
  }

  @Test
  void staleEntriesAreStillReturned() {
    OcspCache cache = new OcspCache();
    cache.put(id(1), GOOD, NOW - 100, NOW - 50, NOW - 100);
    assertEquals(NOW - 50, cache.get(id(1), NOW).validThrough(), "the caller decides");
  }

  @Test
  void revokedIsNeverReplaced() {
    OcspCache cache = new OcspCache();
    cache.put(id(1), REVOKED, NOW - 100, NOW, NOW);
    for (Result r : new Result[] {GOOD, UNKNOWN, REVOKED, SERVER_ERROR}) {
      assertEquals(Result.SUCCESS, cache.put(id(1), r, NOW + 1000, NOW + 2000, NOW));
      OcspCache.Entry e = cache.get(id(1), NOW);
      assertEquals(REVOKED, e.result(), "not replaced by a newer " + r);
      assertEquals(NOW - 100, e.thisUpdate());
    }
  }

  @Test
  void newerThisUpdateIsNotReplacedByAnOlderOneUnlessRevoked() {
    OcspCache cache = new OcspCache();
    cache.put(id(1), GOOD, NOW, NOW + 100, NOW);
    cache.put(id(1), GOOD, NOW - 1, NOW + 500, NOW);
    assertEquals(NOW, cache.get(id(1), NOW).thisUpdate(), "older good refused");
    cache.put(id(1), UNKNOWN, NOW - 1, NOW + 500, NOW);
    assertEquals(GOOD, cache.get(id(1), NOW).result(), "older unknown refused");
    cache.put(id(1), REVOKED, NOW - 1, NOW + 500, NOW);
    OcspCache.Entry e = cache.get(id(1), NOW);
    assertEquals(REVOKED, e.result(), "an older revoked response is remembered");
    assertEquals(NOW - 1, e.thisUpdate());
  }

  @Test
  void equalThisUpdateReplaces() {
    OcspCache cache = new OcspCache();
    cache.put(id(1), GOOD, NOW, NOW + 100, NOW);
    cache.put(id(1), UNKNOWN, NOW, NOW + 200, NOW);
    assertEquals(UNKNOWN, cache.get(id(1), NOW).result());
    assertEquals(NOW + 200, cache.get(id(1), NOW).validThrough());
  }

  @Test
  void newerResponsesReplace() {
    OcspCache cache = new OcspCache();
    cache.put(id(1), UNKNOWN, NOW, NOW + 100, NOW);
    cache.put(id(1), GOOD, NOW + 1, NOW + 200, NOW);
    assertEquals(GOOD, cache.get(id(1), NOW).result());
    cache.put(id(1), REVOKED, NOW + 2, NOW + 300, NOW);
    assertEquals(REVOKED, cache.get(id(1), NOW).result());
  }

  @Test
  void onlyGoodUnknownOrRevokedOverwriteAnEntry() {
    OcspCache cache = new OcspCache();
    cache.put(id(1), GOOD, NOW, NOW + 100, NOW);
    for (Result r : new Result[] {SERVER_ERROR, Result.SEC_ERROR_OCSP_OLD_RESPONSE,
        Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION}) {
      assertEquals(Result.SUCCESS, cache.put(id(1), r, NOW + 50, NOW + 300, NOW));
      assertEquals(GOOD, cache.get(id(1), NOW).result(), r + " must not replace");
      assertEquals(NOW + 100, cache.get(id(1), NOW).validThrough());
    }
    // A failure does not replace a failure either.
    cache.put(id(2), SERVER_ERROR, NOW, NOW + 300, NOW);
    cache.put(id(2), Result.SEC_ERROR_OCSP_TRY_SERVER_LATER, NOW + 10, NOW + 310, NOW + 10);
    assertEquals(SERVER_ERROR, cache.get(id(2), NOW).result());
    // But a good response replaces a cached failure.
    cache.put(id(2), GOOD, NOW + 20, NOW + 1000, NOW + 20);
    assertEquals(GOOD, cache.get(id(2), NOW).result());
  }

  @Test
  void failuresAreCachedAsNewEntries() {
    OcspCache cache = new OcspCache();
    cache.put(id(1), SERVER_ERROR, NOW, NOW + 300, NOW);
    OcspCache.Entry e = cache.get(id(1), NOW);
    assertEquals(SERVER_ERROR, e.result());
    assertEquals(NOW + 300, e.validThrough());
  }

  @Test
  void evictsTheLeastRecentlyUsed() {
    OcspCache cache = new OcspCache(3);
    cache.put(id(1), GOOD, NOW, NOW, NOW);
    cache.put(id(2), GOOD, NOW, NOW, NOW);
    cache.put(id(3), GOOD, NOW, NOW, NOW);
    assertNotNull(cache.get(id(1), NOW)); // 1 becomes the most recently used: 2 is the LRU
    cache.put(id(4), GOOD, NOW, NOW, NOW);
    assertEquals(3, cache.size());
    assertNull(cache.get(id(2), NOW));
    assertNotNull(cache.get(id(1), NOW));
    assertNotNull(cache.get(id(3), NOW));
    assertNotNull(cache.get(id(4), NOW));
    // Order now (LRU first): 1, 3, 4 were touched in that order by the asserts above.
    cache.put(id(5), GOOD, NOW, NOW, NOW);
    assertNull(cache.get(id(1), NOW));
  }

  @Test
  void aPutThatReplacesNothingStillCountsAsAUse() {
    OcspCache cache = new OcspCache(3);
    cache.put(id(1), GOOD, NOW, NOW, NOW);
    cache.put(id(2), GOOD, NOW, NOW, NOW);
    cache.put(id(3), GOOD, NOW, NOW, NOW);
    cache.put(id(1), SERVER_ERROR, NOW, NOW, NOW); // not replaced, but made most recently used
    cache.put(id(4), GOOD, NOW, NOW, NOW);
    assertNull(cache.get(id(2), NOW));
    assertEquals(GOOD, cache.get(id(1), NOW).result());
  }

  @Test
  void aReplacementIsTheMostRecentlyUsed() {
    OcspCache cache = new OcspCache(2);
    cache.put(id(1), GOOD, NOW, NOW, NOW);
    cache.put(id(2), GOOD, NOW, NOW, NOW);
    cache.put(id(1), GOOD, NOW + 1, NOW + 1, NOW);
    cache.put(id(3), GOOD, NOW, NOW, NOW);
    assertNull(cache.get(id(2), NOW));
    assertEquals(NOW + 1, cache.get(id(1), NOW).thisUpdate());
  }

  @Test
  void revokedAndUnknownEntriesAreNeverEvicted() {
    OcspCache cache = new OcspCache(3);
    cache.put(id(1), REVOKED, NOW, NOW, NOW);
    cache.put(id(2), UNKNOWN, NOW, NOW, NOW);
    cache.put(id(3), GOOD, NOW, NOW, NOW);
    cache.put(id(4), SERVER_ERROR, NOW, NOW + 300, NOW);
    assertNull(cache.get(id(3), NOW), "the least recently used evictable entry goes");
    assertEquals(REVOKED, cache.get(id(1), NOW).result());
    assertEquals(UNKNOWN, cache.get(id(2), NOW).result());
    cache.put(id(5), GOOD, NOW, NOW, NOW);
    assertNull(cache.get(id(4), NOW), "a cached failure is evictable");
    assertNotNull(cache.get(id(5), NOW));
    assertEquals(3, cache.size());
  }

  @Test
  void whenEverythingIsRevokedOrUnknownTheNewEntryIsDroppedAndItsResultReturned() {
    OcspCache cache = new OcspCache(2);
    cache.put(id(1), REVOKED, NOW, NOW, NOW);
    cache.put(id(2), UNKNOWN, NOW, NOW, NOW);
    assertEquals(Result.SUCCESS, cache.put(id(3), GOOD, NOW, NOW, NOW), "good: just not cached");
    assertNull(cache.get(id(3), NOW));
    assertEquals(SERVER_ERROR, cache.put(id(4), SERVER_ERROR, NOW, NOW + 300, NOW));
    assertEquals(REVOKED, cache.put(id(5), REVOKED, NOW, NOW, NOW));
    assertEquals(UNKNOWN, cache.put(id(6), UNKNOWN, NOW, NOW, NOW));
    assertNull(cache.get(id(4), NOW));
    assertNull(cache.get(id(5), NOW));
    assertEquals(2, cache.size());
    // Updating an entry already present needs no room.
    assertEquals(Result.SUCCESS, cache.put(id(2), GOOD, NOW + 1, NOW + 100, NOW));
    assertEquals(GOOD, cache.get(id(2), NOW).result());
  }

  @Test
  void firefoxCapacityIs1024() {
    OcspCache cache = new OcspCache();
    assertEquals(1024, cache.capacity());
    for (int i = 0; i < 1100; i++) {
      cache.put(id(i), GOOD, NOW, NOW + i, NOW);
    }
    assertEquals(1024, cache.size());
    for (int i = 0; i < 76; i++) {
      assertNull(cache.get(id(i), NOW), "entry " + i + " was the least recently used");
    }
    for (int i = 76; i < 1100; i++) {
      assertEquals(NOW + i, cache.get(id(i), NOW).validThrough());
    }
    int[] count = {0};
    cache.forEach(e -> count[0]++);
    assertEquals(1024, count[0]);
  }

  @Test
  void clearEmptiesTheCache() {
    OcspCache cache = new OcspCache(4);
    for (int i = 0; i < 4; i++) {
      cache.put(id(i), REVOKED, NOW, NOW, NOW);
    }
    cache.clear();
    assertEquals(0, cache.size());
    assertNull(cache.get(id(0), NOW));
    assertEquals(Result.SUCCESS, cache.put(id(9), GOOD, NOW, NOW, NOW));
    assertEquals(1, cache.size());
  }

  @Test
  void getReturnsTheSameImmutableEntryUntilItIsReplaced() {
    OcspCache cache = new OcspCache();
    cache.put(id(1), GOOD, NOW, NOW + 10, NOW);
    OcspCache.Entry a = cache.get(id(1), NOW);
    assertSame(a, cache.get(id(1), NOW));
    cache.put(id(1), GOOD, NOW + 1, NOW + 20, NOW);
    OcspCache.Entry b = cache.get(id(1), NOW);
    assertEquals(NOW + 10, a.validThrough(), "the old entry object is unchanged");
    assertEquals(NOW + 20, b.validThrough());
  }

  @Test
  void accessStampsIncreaseAndHotEntriesAreNotRestamped() {
    OcspCache cache = new OcspCache();
    cache.put(id(1), GOOD, NOW, NOW, NOW);
    cache.put(id(2), GOOD, NOW, NOW, NOW);
    long s2 = cache.get(id(2), NOW).lastUsed();
    assertEquals(s2, cache.get(id(2), NOW).lastUsed(), "already the most recently used");
    long s1 = cache.get(id(1), NOW).lastUsed();
    assertTrue(s1 > s2);
  }

  @Test
  void bucketsWithManyEntriesStayConsistent() {
    // A capacity of 1 has a single bucket: every key shares it.
    OcspCache cache = new OcspCache(1);
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(cache.put(id(i), GOOD, NOW, NOW + i, NOW));
      assertEquals(NOW + i, cache.get(id(i), NOW).validThrough());
      assertEquals(1, cache.size());
    }
    assertTrue(results.stream().allMatch(r -> r == Result.SUCCESS));
  }
}
