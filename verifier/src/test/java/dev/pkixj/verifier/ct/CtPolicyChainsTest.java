package dev.pkixj.verifier.ct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.CtLogListWriter;
import dev.pkixj.testdata.CtLogListWriter.State;
import dev.pkixj.testdata.SctListEncoder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every branch of the CT policy (docs/ct.md, spec part A3; Firefox's CTPolicyEnforcer) end to
 * end: generated chains with embedded SCTs, TLS SCT lists and a Chrome v3 log list of test logs,
 * through {@link Verifier#verifyServer} in {@link CtMode#ENFORCE}. Each case checks the verdict,
 * the CT status and every SCT's status (in order: embedded, then TLS).
 */
class CtPolicyChainsTest {
  static final Instant NOW = TestClock.NOW;
  static final long DAY = 86400;
  static final String HOST = "www.example.com";

  // Logs: two of operator Alpha, one of Beta, one RSA log of Gamma, one retired log of Delta,
  // one pending log (Chrome's list has it, Firefox's does not) and one not in the list at all.
  static final TestCtLog A1 = TestCtLog.p256("Alpha 1", "Alpha");
  static final TestCtLog A2 = TestCtLog.p256("Alpha 2", "Alpha");
  static final TestCtLog B1 = TestCtLog.p256("Beta 1", "Beta");
  static final TestCtLog G_RSA = TestCtLog.rsa2048("Gamma RSA", "Gamma");
  static final TestCtLog RETIRED = TestCtLog.p256("Delta retired", "Delta");
  static final TestCtLog PENDING = TestCtLog.p256("Epsilon pending", "Epsilon");
  static final TestCtLog STRANGER = TestCtLog.p256("Stranger", "Nobody");
  /** A static-ct-api log (Chrome's tiled_logs) of operator Theta. */
  static final TestCtLog TILED = TestCtLog.p256("Theta tiled", "Theta");

  /** The retired log's retirement time (whole seconds, as the JSON list has it). */
  static final Instant RETIRED_AT = NOW.minusSeconds(10 * DAY);
  static final long RETIRED_MS = RETIRED_AT.toEpochMilli();

  /** The default SCT time: a day before the verification time, after the retirement. */
  static final long TS = NOW.minusSeconds(DAY).toEpochMilli();

  static final TestCert ROOT = CertBuilder.root("CT Chains Root").build();
  static final TestCert CA = CertBuilder.ca("CT Chains CA").issuer(ROOT).build();

  static final CtLogList LOGS = logList(NOW.minusSeconds(DAY));

  /** The Chrome v3 list of the test logs with this timestamp (it expires 70 days later). */
  static CtLogList logList(Instant timestamp) {
    Instant longAgo = NOW.minusSeconds(400 * DAY);
    byte[] json = CtLogListWriter.create().timestamp(timestamp)
        .log(A1, State.USABLE, longAgo)
        .log(A2, State.QUALIFIED, longAgo)
        .log(B1, State.READONLY, longAgo)
        .log(G_RSA, State.USABLE, longAgo)
        .log(RETIRED, State.RETIRED, RETIRED_AT)
        .log(PENDING, State.PENDING, longAgo)
        .tiledLog(TILED, State.USABLE, longAgo)
        .toBytes();
    try {
      return ChromeLogList.parse(json, "ct-chains-test.json");
    } catch (LogListException e) {
      throw new IllegalStateException(e);
    }
  }

  static CtSettings enforce() {
    return new CtSettings(CtMode.ENFORCE, LOGS, RootProgram.NONE, "", "");
  }

  static Verifier verifier(CtSettings settings) {
    return Verifier.withRoots(List.of(ROOT.der())).withCt(settings);
  }

  /** A leaf for {@code host} under CA, valid from 10 days ago for {@code lifetime} exactly. */
  static CertBuilder leafBuilder(String host, Duration lifetime) {
    Instant notBefore = NOW.minusSeconds(10 * DAY);
    return CertBuilder.leaf(host).issuer(CA).validity(notBefore, notBefore.plus(lifetime));
  }

  static final Duration D180 = Duration.ofSeconds(180 * DAY);
  static final Duration D180_PLUS_1S = D180.plusSeconds(1);

  static TestCert leaf(Duration lifetime, TestCtLog.SctRequest... scts) {
    return leaf(HOST, lifetime, scts);
  }

  static TestCert leaf(String host, Duration lifetime, TestCtLog.SctRequest... scts) {
    CertBuilder b = leafBuilder(host, lifetime);
    for (TestCtLog.SctRequest s : scts) {
      b.embeddedSct(s);
    }
    return b.build();
  }

  static VerificationResult verify(CtSettings settings, TestCert leaf, byte[] tls) {
    return verifier(settings).verifyServer(List.of(leaf.der(), CA.der()), HOST, NOW, null, tls);
  }

  static VerificationResult verify(TestCert leaf) {
    return verify(enforce(), leaf, null);
  }

  /** The TLS extension's list: SCTs from {@code scts} over {@code leaf}'s X.509 entry. */
  static byte[] tls(TestCert leaf, TestCtLog.SctRequest... scts) {
    List<byte[]> out = new ArrayList<>();
    for (TestCtLog.SctRequest s : scts) {
      out.add(s.forX509(leaf.der()));
    }
    return SctListEncoder.list(out);
  }

  static void assertCt(VerificationResult r, Result verdict, CtStatus status,
      SctStatus... sctStatuses) {
    String what = describe(r);
    assertEquals(verdict, r.result(), what);
    if (verdict == Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY) {
      assertEquals(0, r.certIndex(), what);
    }
    assertEquals(status, r.ct().status(), what);
    List<SctStatus> actual = new ArrayList<>();
    for (VerifiedSct s : r.ct().scts()) {
      actual.add(s.status());
    }
    assertEquals(Arrays.asList(sctStatuses), actual, what);
    assertEquals(0, r.ct().decodingErrors(), what);
  }

  /** The verdict, the CT status and every SCT (origin, log, time, status), for messages. */
  static String describe(VerificationResult r) {
    StringBuilder b = new StringBuilder().append(r.result()).append(" (cert ")
        .append(r.certIndex()).append("), CT ").append(r.ct().status()).append(':');
    for (VerifiedSct s : r.ct().scts()) {
      b.append(' ').append(s.sct().origin()).append('/')
          .append(s.log() == null ? "?" : s.log().name()).append('@')
          .append(Instant.ofEpochMilli(s.sct().timestampMillis())).append('=').append(s.status());
    }
    return b.toString();
  }

  static final Result OK = Result.SUCCESS;
  static final Result CT_ERROR = Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY;
  static final SctStatus VALID = SctStatus.VALID;

  static void assertOrigins(VerificationResult r, SctOrigin... origins) {
    List<SctOrigin> actual = new ArrayList<>();
    for (VerifiedSct s : r.ct().scts()) {
      actual.add(s.sct().origin());
    }
    assertEquals(Arrays.asList(origins), actual);
  }

  // ---- the list itself ----------------------------------------------------------------------

  @Test
  void theLogListHasTheStatesAndOperatorsTheTestsRelyOn() {
    assertEquals(6, LOGS.logs().size(), LOGS.logs().toString());
    assertEquals(CtLog.Format.TILED, LOGS.byId(TILED.logId(), 0).format());
    CtLog retired = LOGS.byId(RETIRED.logId(), 0);
    assertEquals(CtLog.State.RETIRED, retired.state());
    assertEquals(RETIRED_MS, retired.stateTimestampMillis());
    CtLog a1 = LOGS.byId(A1.logId(), 0);
    CtLog a2 = LOGS.byId(A2.logId(), 0);
    CtLog b1 = LOGS.byId(B1.logId(), 0);
    assertEquals(CtLog.State.ADMISSIBLE, a1.state());
    assertEquals(CtLog.State.ADMISSIBLE, a2.state());
    assertEquals(CtLog.State.ADMISSIBLE, b1.state());
    assertEquals(a1.operatorId(), a2.operatorId());
    assertEquals(false, a1.operatorId() == b1.operatorId());
    assertNull(LOGS.byId(PENDING.logId(), 0));
    assertEquals(NOW.minusSeconds(DAY).plus(ChromeLogList.VALIDITY), LOGS.expiry());
  }

  // ---- lifetime: 2 or 3 embedded SCTs -------------------------------------------------------

  @Test
  void exactly180DaysNeedsTwoEmbeddedScts() {
    VerificationResult r = verify(leaf(D180, A1.sct(TS), B1.sct(TS)));
    assertCt(r, OK, CtStatus.COMPLIANT, VALID, VALID);
    assertOrigins(r, SctOrigin.EMBEDDED, SctOrigin.EMBEDDED);
    assertEquals(A1.name(), r.ct().scts().get(0).log().name());
    assertEquals(B1.name(), r.ct().scts().get(1).log().name());
  }

  @Test
  void oneSecondMoreThan180DaysNeedsThree() {
    assertCt(verify(leaf(D180_PLUS_1S, A1.sct(TS), B1.sct(TS))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    // Three logs, two operators (one log RSA).
    assertCt(verify(leaf(D180_PLUS_1S, A1.sct(TS), A2.sct(TS), G_RSA.sct(TS))), OK,
        CtStatus.COMPLIANT, VALID, VALID, VALID);
    // Three SCTs from only two logs: enough SCTs, not diverse enough.
    assertCt(verify(leaf(D180_PLUS_1S, A1.sct(TS), A1.sct(TS - 1000), B1.sct(TS))), CT_ERROR,
        CtStatus.NOT_DIVERSE_SCTS, VALID, VALID, VALID);
    // A year needs three as well, and three of them pass it.
    assertCt(verify(leaf(Duration.ofDays(365), A1.sct(TS), B1.sct(TS), G_RSA.sct(TS))), OK,
        CtStatus.COMPLIANT, VALID, VALID, VALID);
  }

  // ---- diversity -----------------------------------------------------------------------------

  @Test
  void sctsFromOneLogAreNotDiverse() {
    assertCt(verify(leaf(D180, A1.sct(TS), A1.sct(TS - 1000))), CT_ERROR,
        CtStatus.NOT_DIVERSE_SCTS, VALID, VALID);
    // The same SCT twice.
    assertCt(verify(leaf(D180, B1.sct(TS), B1.sct(TS))), CT_ERROR, CtStatus.NOT_DIVERSE_SCTS,
        VALID, VALID);
    assertCt(verify(leaf(D180_PLUS_1S, A1.sct(TS), A1.sct(TS - 1000), A1.sct(TS - 2000))),
        CT_ERROR, CtStatus.NOT_DIVERSE_SCTS, VALID, VALID, VALID);
  }

  @Test
  void twoLogsOfOneOperatorAreNotDiverse() {
    assertCt(verify(leaf(D180, A1.sct(TS), A2.sct(TS))), CT_ERROR, CtStatus.NOT_DIVERSE_SCTS,
        VALID, VALID);
    // Three logs would be enough for a long lifetime only with a second operator.
    assertCt(verify(leaf(D180_PLUS_1S, A1.sct(TS), A2.sct(TS), A2.sct(TS - 1000))), CT_ERROR,
        CtStatus.NOT_DIVERSE_SCTS, VALID, VALID, VALID);
  }

  // ---- retired logs --------------------------------------------------------------------------

  @Test
  void aRetiredLogsSctCountsOnlyWhenItAndTheIssuanceTimeAreBeforeTheRetirement() {
    long before = RETIRED_MS - 1; // the last millisecond before the retirement
    // Both the SCT and the issuance time (A1's SCT) strictly before: it counts.
    assertCt(verify(leaf(D180, A1.sct(before), RETIRED.sct(before))), OK, CtStatus.COMPLIANT,
        VALID, VALID);
    assertCt(verify(leaf(D180, A1.sct(RETIRED_MS - 5 * DAY * 1000),
        RETIRED.sct(RETIRED_MS - 3 * DAY * 1000))), OK, CtStatus.COMPLIANT, VALID, VALID);
    // The SCT at the retirement: it does not.
    assertCt(verify(leaf(D180, A1.sct(before), RETIRED.sct(RETIRED_MS))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    // The issuance time at the retirement (the retired log's SCT before it): it does not.
    assertCt(verify(leaf(D180, A1.sct(RETIRED_MS), RETIRED.sct(before))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    // Both after.
    assertCt(verify(leaf(D180, A1.sct(TS), RETIRED.sct(TS))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    // Only retired-log SCTs: no admissible one, so never enough (issuance time is the maximum).
    assertCt(verify(leaf(D180, RETIRED.sct(before), RETIRED.sct(before - 1000))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
  }

  @Test
  void aRetiredLogsSctCountsForDiversityWhenItQualifies() {
    long before = RETIRED_MS - DAY * 1000;
    // Three qualifying SCTs from three logs of two operators (the retired one is Delta's).
    assertCt(verify(leaf(D180_PLUS_1S, A1.sct(before), A2.sct(before), RETIRED.sct(before))),
        OK, CtStatus.COMPLIANT, VALID, VALID, VALID);
    // The retired SCT at its retirement: two qualifying SCTs where three are needed.
    assertCt(verify(leaf(D180_PLUS_1S, A1.sct(before), A2.sct(before), RETIRED.sct(RETIRED_MS))),
        CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID, VALID, VALID);
    // The retired log is the only second operator: without it, one operator.
    assertCt(verify(leaf(D180, A1.sct(before), RETIRED.sct(before))), OK, CtStatus.COMPLIANT,
        VALID, VALID);
    assertCt(verify(leaf(D180, A1.sct(before), RETIRED.sct(RETIRED_MS + 1000))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
  }

  @Test
  void theIssuanceTimeIsTheEarliestValidAdmissibleSctOfAnyOrigin() {
    long before = RETIRED_MS - DAY * 1000;
    // Embedded A1 after the retirement makes the issuance time too late for the retired SCT ...
    TestCert leaf = leaf(D180, A1.sct(RETIRED_MS + 1000), RETIRED.sct(before));
    assertCt(verify(leaf), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    // ... unless a delivered SCT from an admissible log is earlier (one delivered SCT does not
    // make the delivered case, but it sets the issuance time).
    VerificationResult r = verify(enforce(), leaf, tls(leaf, B1.sct(before - 1000)));
    assertCt(r, OK, CtStatus.COMPLIANT, VALID, VALID, VALID);
    assertOrigins(r, SctOrigin.EMBEDDED, SctOrigin.EMBEDDED, SctOrigin.TLS_EXTENSION);
    // An earlier SCT that is not valid does not set it.
    TestCert corrupt = leaf(D180, A1.sct(RETIRED_MS + 1000), RETIRED.sct(before),
        B1.sct(before - 1000).corruptSignature());
    assertCt(verify(corrupt), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID, VALID,
        SctStatus.INVALID_SIGNATURE);
    // Nor does an earlier SCT of a retired log.
    r = verify(enforce(), leaf, tls(leaf, RETIRED.sct(before - 1000)));
    assertCt(r, CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID, VALID, VALID);
  }

  // ---- delivered (TLS) SCTs ------------------------------------------------------------------

  @Test
  void embeddedAndDeliveredSctsAreNeverCombined() {
    TestCert one = leaf(D180, A1.sct(TS));
    VerificationResult r = verify(enforce(), one, tls(one, B1.sct(TS)));
    assertCt(r, CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    assertOrigins(r, SctOrigin.EMBEDDED, SctOrigin.TLS_EXTENSION);
  }

  @Test
  void twoDeliveredSctsFromTwoOperatorsAreEnough() {
    TestCert plain = leafBuilder(HOST, Duration.ofDays(365)).build();
    VerificationResult r = verify(enforce(), plain, tls(plain, A1.sct(TS), B1.sct(TS)));
    assertCt(r, OK, CtStatus.COMPLIANT, VALID, VALID);
    assertOrigins(r, SctOrigin.TLS_EXTENSION, SctOrigin.TLS_EXTENSION);
    // The lifetime does not matter for delivered SCTs; neither do insufficient embedded ones.
    TestCert one = leaf(D180_PLUS_1S, A2.sct(TS));
    r = verify(enforce(), one, tls(one, A1.sct(TS), B1.sct(TS)));
    assertCt(r, OK, CtStatus.COMPLIANT, VALID, VALID, VALID);
    // The same without the TLS list.
    assertCt(verify(one), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID);
  }

  @Test
  void deliveredSctsNeedTwoLogsAndTwoOperators() {
    TestCert plain = leafBuilder(HOST, D180).build();
    // One operator: the delivered case fails, and the embedded case (no SCT) decides.
    assertCt(verify(enforce(), plain, tls(plain, A1.sct(TS), A2.sct(TS))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    // One log twice.
    assertCt(verify(enforce(), plain, tls(plain, A1.sct(TS), A1.sct(TS - 1000))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    // One SCT.
    assertCt(verify(enforce(), plain, tls(plain, B1.sct(TS))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID);
    // Undiverse delivered SCTs with compliant embedded ones: the embedded case decides.
    TestCert embedded = leaf(D180, A1.sct(TS), B1.sct(TS));
    assertCt(verify(enforce(), embedded, tls(embedded, A1.sct(TS), A2.sct(TS))), OK,
        CtStatus.COMPLIANT, VALID, VALID, VALID, VALID);
  }

  @Test
  void deliveredSctsOfARetiredLogNeverCount() {
    TestCert plain = leafBuilder(HOST, D180).build();
    long before = RETIRED_MS - DAY * 1000;
    // Before its retirement, with an admissible log of another operator: still one admissible.
    assertCt(verify(enforce(), plain, tls(plain, A1.sct(before), RETIRED.sct(before))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    assertCt(verify(enforce(), plain, tls(plain, RETIRED.sct(before), RETIRED.sct(before - 1))),
        CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    // The same two SCTs embedded do count.
    assertCt(verify(leaf(D180, A1.sct(before), RETIRED.sct(before))), OK, CtStatus.COMPLIANT,
        VALID, VALID);
  }

  // ---- static-ct-api (tiled) logs ----------------------------------------------------------

  @Test
  void aTiledLogsSctCountsOnlyWithItsLeafIndex() {
    // CTPolicyEnforcer skips an SCT of a Tiled log without a leaf_index extension, in both cases.
    assertCt(verify(leaf(D180, A1.sct(TS), TILED.sct(TS).leafIndex(7))), OK, CtStatus.COMPLIANT,
        VALID, VALID);
    assertCt(verify(leaf(D180, A1.sct(TS), TILED.sct(TS))), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS,
        VALID, VALID);
    TestCert plain = leafBuilder(HOST, D180).build();
    assertCt(verify(enforce(), plain, tls(plain, A1.sct(TS), TILED.sct(TS).leafIndex(0))), OK,
        CtStatus.COMPLIANT, VALID, VALID);
    assertCt(verify(enforce(), plain, tls(plain, A1.sct(TS), TILED.sct(TS))), CT_ERROR,
        CtStatus.NOT_ENOUGH_SCTS, VALID, VALID);
    // An RFC 6962 log's SCT needs no leaf index (and may have one).
    assertCt(verify(leaf(D180, A1.sct(TS).leafIndex(3), B1.sct(TS))), OK, CtStatus.COMPLIANT,
        VALID, VALID);
  }

  @Test
  void aTiledLogsSctWithoutLeafIndexStillSetsTheIssuanceTime() {
    // GetEffectiveCertIssuanceTime looks at every SCT of an admissible log, whatever its format.
    long before = RETIRED_MS - DAY * 1000;
    assertCt(verify(leaf(D180, A1.sct(RETIRED_MS + 1000), RETIRED.sct(before),
        TILED.sct(before - 1000))), OK, CtStatus.COMPLIANT, VALID, VALID, VALID);
  }

  // ---- chain of one, expired list --------------------------------------------------------------

  @Test
  void aLeafThatIsItsOwnAnchorHasNotEnoughSctsWithoutLookingAtThem() {
    TestCert self = CertBuilder.leaf(HOST).validity(NOW.minusSeconds(10 * DAY),
        NOW.plusSeconds(100 * DAY)).embeddedSct(A1, TS).embeddedSct(B1, TS).build();
    Verifier v = Verifier.withRoots(List.of(self.der())).withCt(enforce());
    VerificationResult r = v.verifyServer(List.of(self.der()), HOST, NOW, null,
        tls(self, A1.sct(TS), B1.sct(TS)));
    assertEquals(1, r.chain().size(), describe(r));
    assertCt(r, CT_ERROR, CtStatus.NOT_ENOUGH_SCTS);
    // The same SCTs under a separate root are compliant: the chain's length decided.
    assertCt(verify(leaf(D180, A1.sct(TS), B1.sct(TS))), OK, CtStatus.COMPLIANT, VALID, VALID);
  }

  @Test
  void anExpiredLogListIsNotApplied() {
    TestCert insufficient = leaf(D180, A1.sct(TS));
    // Expired one second before the verification time.
    CtSettings expired = enforce().withLogs(
        logList(NOW.minus(ChromeLogList.VALIDITY).minusSeconds(1)));
    VerificationResult r = verify(expired, insufficient, null);
    assertCt(r, OK, CtStatus.NOT_APPLICABLE);
    // Expiring at the verification time: still enforced.
    CtSettings lastSecond = enforce().withLogs(logList(NOW.minus(ChromeLogList.VALIDITY)));
    assertCt(verify(lastSecond, insufficient, null), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID);
    // A compliant chain under the expired list is not applicable either (not compliant).
    assertCt(verify(expired, leaf(D180, A1.sct(TS), B1.sct(TS)), null), OK,
        CtStatus.NOT_APPLICABLE);
  }

  // ---- distrust-after ------------------------------------------------------------------------

  static Verifier distrustingVerifier(Instant distrustAfter) {
    TrustStore store = TrustStore.ofBuiltIns(List.of(
        new TrustEntry(ROOT.der(), Trust.ANCHOR, distrustAfter, "", Source.CERTDATA)));
    return new Verifier(store.trustDomains()).withCt(enforce());
  }

  @Test
  void sctsAfterTheRootsDistrustDateDoNotCount() {
    // The leaf's notBefore (10 days ago) is before the date, so the path builds.
    Instant date = NOW.minusSeconds(3 * DAY);
    long dateMs = date.toEpochMilli();
    Verifier v = distrustingVerifier(date);
    // Within the date's second (the SCT's time is rounded down to seconds): valid.
    TestCert atDate = leaf(D180, A1.sct(dateMs + 999), B1.sct(dateMs - 1000));
    assertCt(v.verifyServer(List.of(atDate.der(), CA.der()), HOST, NOW), OK, CtStatus.COMPLIANT,
        VALID, VALID);
    // One second later: after_distrust, and the other one alone is not enough.
    TestCert after = leaf(D180, A1.sct(dateMs + 1000), B1.sct(dateMs - 1000));
    VerificationResult r = v.verifyServer(List.of(after.der(), CA.der()), HOST, NOW);
    assertCt(r, CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, SctStatus.AFTER_DISTRUST, VALID);
    // Delivered SCTs are filtered the same way.
    TestCert plain = leafBuilder(HOST, D180).build();
    r = v.verifyServer(List.of(plain.der(), CA.der()), HOST, NOW, null,
        tls(plain, A1.sct(TS), B1.sct(TS)));
    assertCt(r, CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, SctStatus.AFTER_DISTRUST,
        SctStatus.AFTER_DISTRUST);
    // Without a date the same chains are compliant.
    Verifier noDate = distrustingVerifier(null);
    assertCt(noDate.verifyServer(List.of(after.der(), CA.der()), HOST, NOW), OK,
        CtStatus.COMPLIANT, VALID, VALID);
  }

  // ---- exemptions ----------------------------------------------------------------------------

  static VerificationResult verifyHost(CtSettings settings, String host) {
    TestCert leaf = leaf(host, D180, A1.sct(TS));
    return verifier(settings).verifyServer(List.of(leaf.der(), CA.der()), host, NOW);
  }

  @Test
  void hostExemptions() {
    CtSettings domain = enforce().withExemptions("example.com", "");
    assertCt(verifyHost(domain, "example.com"), OK, CtStatus.EXEMPT, VALID);
    assertCt(verifyHost(domain, "www.example.com"), OK, CtStatus.EXEMPT, VALID);
    assertCt(verifyHost(domain, "a.b.example.com"), OK, CtStatus.EXEMPT, VALID);
    // Not on a label boundary.
    assertCt(verifyHost(domain, "notexample.com"), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID);
    CtSettings hostOnly = enforce().withExemptions(".example.com", "");
    assertCt(verifyHost(hostOnly, "example.com"), OK, CtStatus.EXEMPT, VALID);
    assertCt(verifyHost(hostOnly, "www.example.com"), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID);
    // A not-diverse chain is exempted the same way.
    TestCert undiverse = leaf(D180, A1.sct(TS), A2.sct(TS));
    assertCt(verify(domain, undiverse, null), OK, CtStatus.EXEMPT, VALID, VALID);
    // A compliant chain stays compliant.
    assertCt(verify(domain, leaf(D180, A1.sct(TS), B1.sct(TS)), null), OK, CtStatus.COMPLIANT,
        VALID, VALID);
  }

  static String spkiHash(TestCert c) throws Exception {
    return Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(c.spkiDer()));
  }

  @Test
  void spkiExemptionOfTheIntermediate() throws Exception {
    TestCert insufficient = leaf(D180, A1.sct(TS));
    CtSettings byCa = enforce().withExemptions("", spkiHash(CA));
    assertCt(verify(byCa, insufficient, null), OK, CtStatus.EXEMPT, VALID);
    // Another key's hash does not exempt.
    CtSettings other = enforce().withExemptions("", spkiHash(
        CertBuilder.ca("Some Other CA").issuer(ROOT).build()));
    assertCt(verify(other, insufficient, null), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID);
  }

  @Test
  void anExemptionNeverHidesAPathBuildingError() throws Exception {
    CtSettings exemptAll = enforce().withExemptions("example.com", spkiHash(CA));
    Instant nb = NOW.minusSeconds(100 * DAY);
    TestCert expired = CertBuilder.leaf(HOST).issuer(CA).validity(nb, NOW.minusSeconds(DAY))
        .embeddedSct(A1, nb.toEpochMilli()).build();
    VerificationResult r = verify(exemptAll, expired, null);
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, r.result(), describe(r));
    assertSame(CtResult.NOT_APPLICABLE, r.ct());
    // An issuer not chaining to the root.
    TestCert otherRoot = CertBuilder.root("Untrusted Root").build();
    TestCert otherCa = CertBuilder.ca("Untrusted CA").issuer(otherRoot).build();
    TestCert orphan = CertBuilder.leaf(HOST).issuer(otherCa).embeddedSct(A1, TS).build();
    r = verifier(enforce().withExemptions("example.com", spkiHash(otherCa)))
        .verifyServer(List.of(orphan.der(), otherCa.der()), HOST, NOW);
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, r.result(), describe(r));
    assertSame(CtResult.NOT_APPLICABLE, r.ct());
  }

  // ---- invalid SCTs --------------------------------------------------------------------------

  @Test
  void invalidSctsAreDroppedAndOnlyValidOnesDecide() {
    long future = NOW.plusSeconds(1).toEpochMilli(); // the first millisecond that is future
    long lastValid = future - 1; // still the verification time's second
    // Two valid ones among invalid ones: compliant.
    TestCert mixed = leaf(D180,
        A1.sct(TS).corruptSignature(),
        STRANGER.sct(TS),
        PENDING.sct(TS),
        B1.sct(future),
        A2.sct(TS).hashAlgorithm(5),
        B1.sct(TS).signatureAlgorithm(TestCtLog.SIG_RSA),
        G_RSA.sct(TS).signedTimestampDelta(1),
        A1.sct(lastValid),
        B1.sct(TS));
    VerificationResult r = verify(mixed);
    assertCt(r, OK, CtStatus.COMPLIANT,
        SctStatus.INVALID_SIGNATURE, SctStatus.UNKNOWN_LOG, SctStatus.UNKNOWN_LOG,
        SctStatus.FUTURE, SctStatus.INVALID_SIGNATURE, SctStatus.INVALID_SIGNATURE,
        SctStatus.INVALID_SIGNATURE, VALID, VALID);
    assertNull(r.ct().scts().get(1).log());
    assertNull(r.ct().scts().get(2).log());
    assertEquals(A1.name(), r.ct().scts().get(0).log().name());
    // Invalid SCTs of other operators do not make one valid SCT enough or diverse.
    TestCert one = leaf(D180, A1.sct(TS), B1.sct(TS).corruptSignature(), STRANGER.sct(TS),
        G_RSA.sct(future));
    assertCt(verify(one), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS, VALID,
        SctStatus.INVALID_SIGNATURE, SctStatus.UNKNOWN_LOG, SctStatus.FUTURE);
    TestCert undiverse = leaf(D180, A1.sct(TS), A2.sct(TS), B1.sct(future),
        G_RSA.sct(TS).corruptSignature());
    assertCt(verify(undiverse), CT_ERROR, CtStatus.NOT_DIVERSE_SCTS, VALID, VALID,
        SctStatus.FUTURE, SctStatus.INVALID_SIGNATURE);
  }

  @Test
  void invalidDeliveredSctsAreDroppedToo() {
    TestCert plain = leafBuilder(HOST, D180).build();
    long future = NOW.plusSeconds(1).toEpochMilli();
    // Signed over another certificate, unknown log, future: only A1 remains.
    TestCert other = leafBuilder("other.example.com", D180).build();
    byte[] list = SctListEncoder.list(B1.sct(TS).forX509(other.der()),
        STRANGER.sct(TS).forX509(plain.der()), G_RSA.sct(future).forX509(plain.der()),
        A1.sct(TS).forX509(plain.der()));
    assertCt(verify(enforce(), plain, list), CT_ERROR, CtStatus.NOT_ENOUGH_SCTS,
        SctStatus.INVALID_SIGNATURE, SctStatus.UNKNOWN_LOG, SctStatus.FUTURE, VALID);
    // Add a valid one from another operator: compliant.
    byte[] withB = SctListEncoder.list(B1.sct(TS).forX509(other.der()),
        STRANGER.sct(TS).forX509(plain.der()), G_RSA.sct(future).forX509(plain.der()),
        A1.sct(TS).forX509(plain.der()), G_RSA.sct(TS).forX509(plain.der()));
    assertCt(verify(enforce(), plain, withB), OK, CtStatus.COMPLIANT,
        SctStatus.INVALID_SIGNATURE, SctStatus.UNKNOWN_LOG, SctStatus.FUTURE, VALID, VALID);
  }
}
