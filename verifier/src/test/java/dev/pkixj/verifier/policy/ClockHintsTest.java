package dev.pkixj.verifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.explain.Explanation;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The clock check of Firefox's time-error page, as {@link ClockHints} does it. */
class ClockHintsTest {
  final TestPki pki = TestPki.ec();

  BrowserVerifier browser(ClockSkewMonitor monitor) {
    return BrowserVerifier.builder(Verifier.withRoots(List.of(pki.root().der())))
        .clockHints(ClockHints.defaults().withMonitor(monitor)).build();
  }

  static ClockSkewMonitor monitor() {
    return new ClockSkewMonitor(32, Duration.ofMinutes(10), 3);
  }

  VerificationResult verify(BrowserVerifier b, TestCert leaf, Instant at, TimeSource source) {
    return b.verify(List.of(leaf.der(), pki.intermediate().der()), TestPki.LEAF_HOST, 443, at,
        source, null);
  }

  TestCert leafValid(Instant from, Instant to) {
    return pki.leafBuilder().validity(from, to).build();
  }

  @Test
  void aCertificateValidWithinADayOfTheClockBlamesTheClock() {
    // Issued two hours after "now": a clock two hours slow (or a wrong time zone).
    TestCert fresh = leafValid(TestClock.NOW.plusSeconds(7200), TestClock.daysFromNow(90));
    VerificationResult r = verify(browser(monitor()), fresh, TestClock.NOW,
        TimeSource.SYSTEM_CLOCK);
    assertEquals(Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE, r.result());
    ClockCheck c = r.notes().clock();
    assertEquals(ClockCheck.Reason.WITHIN_SKEW, c.reason());
    assertEquals(Duration.ofHours(2), c.shift());
    assertEquals(TestClock.NOW, c.verificationTime());
    Explanation e = r.explanation();
    assertEquals("Your Computer Clock is Wrong", e.title());
    assertTrue(e.clockProbablyWrong());
    assertFalse(e.overridable(), "the clock page has no exception button");
    assertTrue(e.description().startsWith("Your computer thinks it is June 1, 2026, which "
        + "prevents Firefox from connecting securely."), e.description());
    assertTrue(e.description().contains("if the clock were 2 hours off"), e.description());
    assertTrue(e.description().contains("MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE"));
    assertTrue(e.toText().contains("set the clock right"), e.toText());
    // Just expired (an hour ago) is blamed on the clock too: within the window.
    TestCert justExpired = leafValid(TestClock.daysAgo(90), TestClock.NOW.minusSeconds(3600));
    r = verify(browser(monitor()), justExpired, TestClock.NOW, TimeSource.SYSTEM_CLOCK);
    assertEquals(Duration.ofHours(-1), r.notes().clock().shift());
    assertTrue(r.notes().clockProbablyWrong());
  }

  @Test
  void farOutsideTheWindowTheSiteIsBlamed() {
    TestCert longExpired = leafValid(TestClock.daysAgo(400), TestClock.daysAgo(30));
    VerificationResult r = verify(browser(monitor()), longExpired, TestClock.NOW,
        TimeSource.SYSTEM_CLOCK);
    ClockCheck c = r.notes().clock();
    assertEquals(ClockCheck.Reason.NONE, c.reason());
    assertEquals(Duration.ofDays(-30), c.shift());
    Explanation e = r.explanation();
    assertEquals("Warning: Potential Security Risk Ahead", e.title());
    assertTrue(e.overridable());
    assertTrue(e.description().contains("Verification time: June 1, 2026, 00:00:00 UTC, from "
        + "this computer's clock."), e.description());
    assertTrue(e.description().contains("It would have been valid 30 days earlier."),
        e.description());
    assertTrue(e.description().contains("Nothing suggests that this computer's clock is wrong"));
    // The window is configurable.
    BrowserVerifier wide = BrowserVerifier.builder(Verifier.withRoots(List.of(pki.root().der())))
        .clockHints(ClockHints.defaults().withMonitor(monitor()).withWindow(Duration.ofDays(31)))
        .build();
    assertTrue(verify(wide, longExpired, TestClock.NOW, TimeSource.SYSTEM_CLOCK).notes()
        .clockProbablyWrong());
  }

  @Test
  void aGivenTimeNeverBlamesTheClock() {
    TestCert fresh = leafValid(TestClock.NOW.plusSeconds(600), TestClock.daysFromNow(90));
    VerificationResult r = verify(browser(monitor()), fresh, TestClock.NOW, TimeSource.GIVEN);
    assertFalse(r.notes().clockProbablyWrong());
    assertEquals(Duration.ofMinutes(10), r.notes().clock().shift());
    Explanation e = r.explanation();
    assertEquals("Warning: Potential Security Risk Ahead", e.title());
    assertTrue(e.description().contains("given explicitly rather than read from this "
        + "computer's clock"), e.description());
    assertTrue(e.whatToDo().contains("a time given explicitly"), e.whatToDo());
  }

  @Test
  void aClockBeforeTheBuildDateIsWrong() {
    TestCert cert = leafValid(TestClock.daysAgo(30), TestClock.daysFromNow(300));
    Instant early = Instant.parse("2019-03-01T00:00:00Z");
    BrowserVerifier b = BrowserVerifier.builder(Verifier.withRoots(List.of(pki.root().der())))
        .clockHints(ClockHints.defaults().withMonitor(monitor())).build();
    VerificationResult r = verify(b, cert, early, TimeSource.SYSTEM_CLOCK);
    assertEquals(ClockCheck.Reason.BEFORE_BUILD_DATE, r.notes().clock().reason());
    assertTrue(r.explanation().description().contains("earlier than this software could have "
        + "been built"), r.explanation().description());
  }

  @Test
  void manyDifferentSitesFailingTheSameWayBlameTheClock() {
    ClockSkewMonitor m = monitor();
    BrowserVerifier b = browser(m);
    Instant at = TestClock.NOW;
    List<VerificationResult> results = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestCert expired = pki.leafBuilder().serial(1000 + i)
          .validity(TestClock.daysAgo(400), TestClock.daysAgo(40 + i)).build();
      results.add(verify(b, expired, at.plusSeconds(i), TimeSource.SYSTEM_CLOCK));
    }
    assertEquals(ClockCheck.Reason.NONE, results.get(0).notes().clock().reason());
    assertEquals(ClockCheck.Reason.NONE, results.get(1).notes().clock().reason());
    ClockCheck third = results.get(2).notes().clock();
    assertEquals(ClockCheck.Reason.REPEATED_FAILURES, third.reason());
    assertEquals(3, third.recentSimilarFailures());
    assertTrue(results.get(2).explanation().description().contains(
        "3 different sites failed the same way"), results.get(2).explanation().description());
    // Verifications that pass outnumbering them clear the suspicion.
    for (int i = 0; i < 4; i++) {
      TestCert ok = pki.leafBuilder().serial(2000 + i).build();
      verify(b, ok, at.plusSeconds(10 + i), TimeSource.SYSTEM_CLOCK);
    }
    TestCert another = pki.leafBuilder().serial(3000)
        .validity(TestClock.daysAgo(400), TestClock.daysAgo(50)).build();
    assertEquals(ClockCheck.Reason.NONE, verify(b, another, at.plusSeconds(20),
        TimeSource.SYSTEM_CLOCK).notes().clock().reason());
    // Given times are not recorded, and the window forgets old failures.
    m.clear();
    for (int i = 0; i < 5; i++) {
      TestCert expired = pki.leafBuilder().serial(4000 + i)
          .validity(TestClock.daysAgo(400), TestClock.daysAgo(40)).build();
      verify(b, expired, at, TimeSource.GIVEN);
    }
    assertEquals(0, m.distinctRecent(ClockSkewMonitor.Outcome.EXPIRED, at.getEpochSecond()));
  }

  @Test
  void theSameCertificateCountsOnceAndOldEntriesExpire() throws Exception {
    ClockSkewMonitor m = monitor();
    byte[] a = MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
    byte[] b = MessageDigest.getInstance("SHA-256").digest(new byte[] {2});
    long t = 1_800_000_000L;
    for (int i = 0; i < 10; i++) {
      m.record(ClockSkewMonitor.Outcome.NOT_YET_VALID, a, t);
    }
    m.record(ClockSkewMonitor.Outcome.NOT_YET_VALID, b, t);
    assertEquals(2, m.distinctRecent(ClockSkewMonitor.Outcome.NOT_YET_VALID, t));
    assertEquals(0, m.distinctRecent(ClockSkewMonitor.Outcome.NOT_YET_VALID, t + 601));
    assertFalse(m.suspectsClock(ClockSkewMonitor.Outcome.VALID, t));
  }

  @Test
  void theMonitorIsSafeUnderConcurrentUse() throws Exception {
    ClockSkewMonitor m = new ClockSkewMonitor(64, Duration.ofMinutes(10), 3);
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger errors = new AtomicInteger();
    List<Thread> ts = new ArrayList<>();
    long t = 1_800_000_000L;
    for (int k = 0; k < threads; k++) {
      int id = k;
      Thread th = new Thread(() -> {
        try {
          start.await();
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          for (int i = 0; i < 5_000; i++) {
            m.record(ClockSkewMonitor.Outcome.EXPIRED, md.digest(new byte[] {(byte) id,
                (byte) (i % 4)}), t);
            int n = m.distinctRecent(ClockSkewMonitor.Outcome.EXPIRED, t);
            if (n < 0 || n > 64) {
              errors.incrementAndGet();
            }
          }
        } catch (Exception e) {
          errors.incrementAndGet();
        }
      });
      ts.add(th);
      th.start();
    }
    start.countDown();
    for (Thread th : ts) {
      th.join();
    }
    assertEquals(0, errors.get());
    int distinct = m.distinctRecent(ClockSkewMonitor.Outcome.EXPIRED, t);
    assertTrue(distinct >= 1 && distinct <= 32, "at most 8 threads x 4 certificates: " + distinct);
    assertTrue(m.suspectsClock(ClockSkewMonitor.Outcome.EXPIRED, t));
  }

  @Test
  void nonTimeErrorsGetNoClockCheck() {
    VerificationResult r = browser(monitor()).verify(List.of(pki.leaf().der(),
        pki.intermediate().der()), "other.example.test", 443, TestClock.NOW,
        TimeSource.SYSTEM_CLOCK, null);
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, r.result());
    assertNull(r.notes().clock());
    // Without a host-mismatch, an expired issuer is time-related too.
    TestCert oldCa = CertBuilder.ca("Clock Old CA").issuer(pki.root())
        .validity(TestClock.daysAgo(400), TestClock.NOW.minusSeconds(600)).build();
    TestCert leaf = CertBuilder.leaf(TestPki.LEAF_HOST).issuer(oldCa).build();
    VerificationResult r2 = browser(monitor()).verify(List.of(leaf.der(), oldCa.der()),
        TestPki.LEAF_HOST, 443, TestClock.NOW, TimeSource.SYSTEM_CLOCK, null);
    assertEquals(Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE, r2.result());
    assertEquals(ClockCheck.Reason.WITHIN_SKEW, r2.notes().clock().reason());
  }
}
