package dev.pkixj.verifier.crlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.crlite.Clubcard;
import dev.pkixj.truststore.crlite.ClubcardException;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.revocation.CrliteMode;
import dev.pkixj.truststore.revocation.OcspFetcher;
import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.truststore.revocation.RevocationInfo;
import dev.pkixj.truststore.revocation.RevocationInfo.Crlite;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtLog;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.RootProgram;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * CRLite in {@link Verifier#verifyServer} through a {@link TrustStore}'s trust domains (spec
 * firefox-ct-crlite.md B1 and B3; docs/crlite.md), on generated chains with embedded SCTs and
 * filters built by {@link ClubcardWriter} for the test logs.
 */
class CrliteVerifierTest {
  static final TestPki PKI = TestPki.ec();
  static final TestCert ROOT = PKI.root();
  static final TestCert ICA = PKI.intermediate();
  static final String HOST = TestPki.LEAF_HOST;
  static final Instant NOW = TestClock.NOW;
  static final String URL = "http://ocsp.invalid/";
  static final TestCtLog LOG = TestCtLog.p256("CRLite Log", "Operator One");
  /** A log CT does not know: its SCTs never verify, but the filters cover it. */
  static final TestCtLog UNLISTED = TestCtLog.p256("CRLite Unlisted Log", "Nobody");
  static final long ISSUED = TestClock.daysAgo(30).toEpochMilli();
  /** The filters cover both logs from 60 days ago to 10 days ago. */
  static final long LOW = TestClock.daysAgo(60).toEpochMilli();
  static final long HIGH = TestClock.daysAgo(10).toEpochMilli();
  static final long SEED = 20261207L;

  static final CtSettings CT_ON = new CtSettings(CtMode.TELEMETRY, new CtLogList(List.of(
      new CtLog(LOG.name(), LOG.operator(), 1, CtLog.State.ADMISSIBLE, 0, CtLog.Format.RFC6962,
          LOG.spkiDer())), Instant.EPOCH, NOW.plus(Duration.ofDays(30)), "test"),
      RootProgram.NONE, "", "");

  static final TrustStore BUILT_IN = TrustStore.ofBuiltIns(
      List.of(new TrustEntry(ROOT.der(), Trust.ANCHOR, null, "", dev.pkixj.truststore.Source.CERTDATA)));
  static final TrustStore USER_ROOT = TrustStore.of(List.of(),
      List.of(new TrustEntry(ROOT.der(), Trust.ANCHOR, null, "", dev.pkixj.truststore.Source.USER)), List.of());

  private static final AtomicInteger SERIALS = new AtomicInteger(7000);

  /** A fetcher that counts its calls and answers with a fixed body. */
  static final class CountingFetcher implements OcspFetcher {
    final AtomicInteger calls = new AtomicInteger();
    volatile byte[] body;

    @Override
    public Response fetch(String url, byte[] request, Duration timeout) {
      calls.incrementAndGet();
      return Response.ok(body);
    }
  }

  static CertBuilder leafBuilder() {
    return CertBuilder.leaf(HOST).issuer(ICA).key(PKI.leafKey(0)).ocspUrl(URL)
        .serial(BigInteger.valueOf(SERIALS.incrementAndGet()).shiftLeft(40).add(BigInteger.TEN))
        .validity(TestClock.daysAgo(31), TestClock.daysFromNow(200));
  }

  static TestCert leaf(TestCtLog log, long sctTime) {
    return leafBuilder().embeddedSct(log, sctTime).build();
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static byte[] serial(TestCert c) {
    try {
      return Cert.parse(c.der()).serialNumber().toByteArray();
    } catch (PkixException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] issuerId(TestCert issuer) {
    return sha256(issuer.spkiDer());
  }

  /** A filter covering both logs where {@code issuer}'s block revokes {@code revoked}. */
  static Clubcard filter(long seed, byte[] issuer, List<TestCert> revoked, List<TestCert> good) {
    List<byte[]> r = new ArrayList<>();
    for (TestCert c : revoked) {
      r.add(serial(c));
    }
    List<byte[]> g = new ArrayList<>();
    for (TestCert c : good) {
      g.add(serial(c));
    }
    for (int i = 0; i < 20; i++) {
      g.add(new byte[] {0x7f, (byte) i, 0x33});
    }
    ClubcardWriter.Model m = new ClubcardWriter(new Random(seed))
        .coverage(LOG.logId(), LOW, HIGH).coverage(UNLISTED.logId(), LOW, HIGH)
        .issuer(issuer, r, g).build();
    try {
      return Clubcard.parse(ClubcardWriter.v4(m), "seed " + seed);
    } catch (ClubcardException e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  static CrliteFilters fresh(Clubcard full, Clubcard... deltas) {
    return CrliteFilters.of(full, List.of(deltas), System.currentTimeMillis());
  }

  static RevocationConfig config(RevocationConfig.Mode mode, CountingFetcher f, CrliteMode m,
      CrliteFilters filters) {
    return RevocationConfig.batchDefaults().withMode(mode).withFetch(true).withFetcher(f)
        .withCrlite(m, filters);
  }

  static VerificationResult verify(TrustStore store, RevocationConfig c, CtSettings ct,
      TestCert leaf, byte[] staple) {
    Verifier v = new Verifier(store.trustDomains(c)).withCt(ct);
    return v.verifyServer(List.of(leaf.der(), ICA.der()), HOST, NOW, staple, null);
  }

  static byte[] good(TestCert leaf) {
    return OcspResponseBuilder.forIssuer(ICA).good(leaf).build();
  }

  static byte[] revoked(TestCert leaf) {
    return OcspResponseBuilder.forIssuer(ICA).revoked(leaf, TestClock.daysAgo(2)).build();
  }

  static void assertInfo(RevocationInfo.Source source, Crlite crlite, VerificationResult r) {
    assertEquals(new RevocationInfo(source, crlite), r.revocation(), "seed " + SEED);
  }

  @Test
  void revokedIsFinalInEnforceModeAndAGoodStapleDoesNotSaveIt() {
    TestCert leaf = leaf(LOG, ISSUED);
    CrliteFilters f = fresh(filter(SEED, issuerId(ICA), List.of(leaf), List.of()));
    CountingFetcher fetcher = new CountingFetcher();
    fetcher.body = good(leaf);
    for (TrustStore store : List.of(BUILT_IN, USER_ROOT)) {
      VerificationResult r = verify(store, config(RevocationConfig.Mode.SOFT, fetcher,
          CrliteMode.ENFORCE, f), CT_ON, leaf, good(leaf));
      assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, r.result(), "seed " + SEED);
      assertInfo(RevocationInfo.Source.CRLITE, Crlite.REVOKED, r);
    }
    assertEquals(0, fetcher.calls.get());
  }

  @Test
  void goodIsFinalInEnforceModeWithNoFetchEvenForAUserRoot() {
    TestCert leaf = leaf(LOG, ISSUED);
    TestCert other = leaf(LOG, ISSUED);
    CrliteFilters f = fresh(filter(SEED + 1, issuerId(ICA), List.of(other), List.of(leaf)));
    CountingFetcher fetcher = new CountingFetcher();
    fetcher.body = revoked(leaf); // would revoke it if it were asked
    for (RevocationConfig.Mode mode : RevocationConfig.Mode.values()) {
      VerificationResult r = verify(USER_ROOT, config(mode, fetcher, CrliteMode.ENFORCE, f),
          CT_ON, leaf, null);
      assertEquals(Result.SUCCESS, r.result(), mode + ", seed " + SEED);
      assertInfo(RevocationInfo.Source.CRLITE, Crlite.GOOD, r);
    }
    assertEquals(0, fetcher.calls.get());
  }

  @Test
  void notEnrolledAndNotCoveredFallBackToOcsp() {
    TestCert enrolledElsewhere = leaf(LOG, ISSUED);
    TestCert noSct = leafBuilder().build();
    TestCert tooOld = leaf(LOG, TestClock.daysAgo(61).toEpochMilli());
    TestCert tooNew = leaf(LOG, TestClock.daysAgo(9).toEpochMilli());
    CrliteFilters otherIssuer = fresh(filter(SEED + 2, issuerId(ROOT), List.of(), List.of()));
    // The not-covered ones are listed as revoked under their own issuer: the filter must not
    // be asked about them.
    CrliteFilters covering = fresh(filter(SEED + 3, issuerId(ICA),
        List.of(noSct, tooOld, tooNew), List.of()));
    check(enrolledElsewhere, otherIssuer, Crlite.NOT_ENROLLED);
    check(noSct, covering, Crlite.NOT_COVERED);
    check(tooOld, covering, Crlite.NOT_COVERED);
    check(tooNew, covering, Crlite.NOT_COVERED);
  }

  /** OCSP decides as before: a user root, so the responder is asked and its answer counts. */
  private static void check(TestCert leaf, CrliteFilters f, Crlite expected) {
    CountingFetcher fetcher = new CountingFetcher();
    fetcher.body = revoked(leaf);
    VerificationResult r = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.ENFORCE, f), CT_ON, leaf, null);
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, r.result(), expected + " seed " + SEED);
    // The 2048 pass fetched the revoked answer; the 1024 pass (reported) finds it in the cache.
    assertInfo(RevocationInfo.Source.OCSP_CACHE, expected, r);
    assertEquals(1, fetcher.calls.get());

    CountingFetcher goodFetcher = new CountingFetcher();
    goodFetcher.body = good(leaf);
    VerificationResult ok = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, goodFetcher,
        CrliteMode.ENFORCE, f), CT_ON, leaf, good(leaf));
    assertEquals(Result.SUCCESS, ok.result(), expected + " seed " + SEED);
    assertInfo(RevocationInfo.Source.OCSP_STAPLE, expected, ok);
    assertEquals(0, goodFetcher.calls.get());
  }

  @Test
  void aSerialRevokedOnlyInADeltaIsRevoked() {
    TestCert leaf = leaf(LOG, ISSUED);
    Clubcard full = filter(SEED + 4, issuerId(ICA), List.of(), List.of(leaf));
    Clubcard delta = filter(SEED + 5, issuerId(ICA), List.of(leaf), List.of());
    CountingFetcher fetcher = new CountingFetcher();
    fetcher.body = good(leaf);
    VerificationResult before = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.ENFORCE, fresh(full)), CT_ON, leaf, null);
    assertEquals(Result.SUCCESS, before.result());
    assertInfo(RevocationInfo.Source.CRLITE, Crlite.GOOD, before);
    VerificationResult after = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.ENFORCE, fresh(full, delta)), CT_ON, leaf, null);
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, after.result());
    assertInfo(RevocationInfo.Source.CRLITE, Crlite.REVOKED, after);
    assertEquals(0, fetcher.calls.get());
  }

  @Test
  void staleFiltersAreNotUsed() {
    TestCert leaf = leaf(LOG, ISSUED);
    Clubcard full = filter(SEED + 6, issuerId(ICA), List.of(leaf), List.of());
    long elevenDaysAgo = System.currentTimeMillis() - Duration.ofDays(11).toMillis();
    CrliteFilters stale = CrliteFilters.of(full, List.of(), elevenDaysAgo);
    CountingFetcher fetcher = new CountingFetcher();
    fetcher.body = good(leaf);
    VerificationResult r = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.ENFORCE, stale), CT_ON, leaf, null);
    assertEquals(Result.SUCCESS, r.result());
    assertInfo(RevocationInfo.Source.OCSP_FETCH, Crlite.STALE, r);
    assertEquals(1, fetcher.calls.get());

    VerificationResult none = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.ENFORCE, CrliteFilters.NONE), CT_ON, leaf, null);
    assertEquals(Result.SUCCESS, none.result());
    // The good answer fetched above is cached in the shared cache of that config only.
    assertEquals(Crlite.NO_FILTER, none.revocation().crlite());
  }

  @Test
  void telemetryNeverChangesTheVerdict() {
    TestCert revokedByCrlite = leaf(LOG, ISSUED);
    TestCert goodByCrlite = leaf(LOG, ISSUED);
    CrliteFilters f = fresh(filter(SEED + 7, issuerId(ICA), List.of(revokedByCrlite),
        List.of(goodByCrlite)));
    CountingFetcher fetcher = new CountingFetcher();
    fetcher.body = good(revokedByCrlite);
    VerificationResult r = verify(BUILT_IN, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.TELEMETRY, f), CT_ON, revokedByCrlite, null);
    assertEquals(Result.SUCCESS, r.result());
    assertInfo(RevocationInfo.Source.OCSP_FETCH, Crlite.REVOKED, r);

    CountingFetcher revoking = new CountingFetcher();
    revoking.body = revoked(goodByCrlite);
    VerificationResult g = verify(BUILT_IN, config(RevocationConfig.Mode.SOFT, revoking,
        CrliteMode.TELEMETRY, f), CT_ON, goodByCrlite, null);
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, g.result());
    assertInfo(RevocationInfo.Source.OCSP_CACHE, Crlite.GOOD, g); // fetched, then cached
    assertEquals(1, revoking.calls.get());
  }

  @Test
  void withCtOffTheEmbeddedTimestampsAreUsedUnverified() {
    // An SCT from a log CT does not know: with CT on it does not count, with CT off it does.
    TestCert leaf = leaf(UNLISTED, ISSUED);
    CrliteFilters f = fresh(filter(SEED + 8, issuerId(ICA), List.of(leaf), List.of()));
    CountingFetcher fetcher = new CountingFetcher();
    fetcher.body = good(leaf);
    VerificationResult off = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.ENFORCE, f), CtSettings.OFF, leaf, null);
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, off.result());
    assertInfo(RevocationInfo.Source.CRLITE, Crlite.REVOKED, off);

    VerificationResult on = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.ENFORCE, f), CT_ON, leaf, null);
    assertEquals(Result.SUCCESS, on.result());
    assertInfo(RevocationInfo.Source.OCSP_FETCH, Crlite.NOT_COVERED, on);

    // A listed log's SCT with a bad signature does not count with CT on either.
    TestCert bad = leafBuilder().embeddedSct(LOG.sct(ISSUED).corruptSignature()).build();
    CrliteFilters fb = fresh(filter(SEED + 9, issuerId(ICA), List.of(bad), List.of()));
    VerificationResult badOn = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.ENFORCE, fb), CT_ON, bad, null);
    assertEquals(Crlite.NOT_COVERED, badOn.revocation().crlite());
    VerificationResult badOff = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, fetcher,
        CrliteMode.ENFORCE, fb), CtSettings.OFF, bad, null);
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, badOff.result());
  }

  @Test
  void noSoftFailFetchForBuiltInRootsUnderEnforce() {
    TestCert leaf = leafBuilder().build(); // no SCT: never covered
    CrliteFilters f = fresh(filter(SEED + 10, issuerId(ICA), List.of(), List.of()));

    CountingFetcher soft = new CountingFetcher();
    soft.body = revoked(leaf);
    VerificationResult r = verify(BUILT_IN, config(RevocationConfig.Mode.SOFT, soft,
        CrliteMode.ENFORCE, f), CT_ON, leaf, null);
    assertEquals(Result.SUCCESS, r.result());
    assertInfo(RevocationInfo.Source.NONE, Crlite.NOT_COVERED, r);
    assertEquals(0, soft.calls.get());

    CountingFetcher hard = new CountingFetcher();
    hard.body = revoked(leaf);
    VerificationResult h = verify(BUILT_IN, config(RevocationConfig.Mode.HARD, hard,
        CrliteMode.ENFORCE, f), CT_ON, leaf, null);
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, h.result());
    assertInfo(RevocationInfo.Source.OCSP_CACHE, Crlite.NOT_COVERED, h); // fetched, then cached
    assertEquals(1, hard.calls.get());

    CountingFetcher user = new CountingFetcher();
    user.body = revoked(leaf);
    VerificationResult u = verify(USER_ROOT, config(RevocationConfig.Mode.SOFT, user,
        CrliteMode.ENFORCE, f), CT_ON, leaf, null);
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, u.result());
    assertEquals(1, user.calls.get());

    for (CrliteMode m : List.of(CrliteMode.TELEMETRY, CrliteMode.OFF)) {
      CountingFetcher other = new CountingFetcher();
      other.body = revoked(leaf);
      VerificationResult o = verify(BUILT_IN, config(RevocationConfig.Mode.SOFT, other, m, f),
          CT_ON, leaf, null);
      assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, o.result(), m.toString());
      assertEquals(1, other.calls.get(), m.toString());
      assertEquals(m == CrliteMode.OFF ? Crlite.OFF : Crlite.NOT_COVERED,
          o.revocation().crlite());
    }

    // A good staple still counts when CRLite does not cover the certificate.
    CountingFetcher none = new CountingFetcher();
    VerificationResult s = verify(BUILT_IN, config(RevocationConfig.Mode.SOFT, none,
        CrliteMode.ENFORCE, f), CT_ON, leaf, revoked(leaf));
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, s.result());
    assertInfo(RevocationInfo.Source.OCSP_STAPLE, Crlite.NOT_COVERED, s);
  }

  @Test
  void certificateAuthoritiesAreNeverQueried() {
    // An intermediate with an SCT whose serial the filter lists as revoked under the root.
    TestCert ca = CertBuilder.ca("CRLite Listed CA").issuer(ROOT).embeddedSct(LOG, ISSUED)
        .validity(TestClock.daysAgo(100), TestClock.daysFromNow(1000)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).key(PKI.leafKey(0))
        .validity(TestClock.daysAgo(31), TestClock.daysFromNow(200)).build();
    CrliteFilters f = fresh(filter(SEED + 11, issuerId(ROOT), List.of(ca), List.of()));
    CountingFetcher fetcher = new CountingFetcher();
    VerificationResult r = new Verifier(BUILT_IN.trustDomains(config(RevocationConfig.Mode.HARD,
        fetcher, CrliteMode.ENFORCE, f))).withCt(CtSettings.OFF)
        .verifyServer(List.of(leaf.der(), ca.der()), HOST, NOW, null, null);
    assertEquals(Result.SUCCESS, r.result(), "seed " + SEED);
    assertInfo(RevocationInfo.Source.NONE, Crlite.NOT_COVERED, r);
    assertEquals(0, fetcher.calls.get(), "no OCSP URL, so no fetch");
  }

  @Test
  void crliteAloneWorksWithOcspOff() {
    TestCert leaf = leaf(LOG, ISSUED);
    CrliteFilters f = fresh(filter(SEED + 12, issuerId(ICA), List.of(leaf), List.of()));
    CountingFetcher fetcher = new CountingFetcher();
    RevocationConfig c = RevocationConfig.off().withFetcher(fetcher)
        .withCrlite(CrliteMode.ENFORCE, f);
    VerificationResult r = verify(USER_ROOT, c, CT_ON, leaf, null);
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, r.result());
    assertInfo(RevocationInfo.Source.CRLITE, Crlite.REVOKED, r);
    VerificationResult plain = verify(USER_ROOT, RevocationConfig.off(), CT_ON, leaf, null);
    assertEquals(Result.SUCCESS, plain.result());
    assertEquals(RevocationInfo.NONE, plain.revocation());
  }
}
