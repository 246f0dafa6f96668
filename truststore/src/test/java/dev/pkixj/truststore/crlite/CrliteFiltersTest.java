package dev.pkixj.truststore.crlite;

import static dev.pkixj.truststore.crlite.ClubcardTest.HINT;
import static dev.pkixj.truststore.crlite.ClubcardTest.LOG_A;
import static dev.pkixj.truststore.crlite.ClubcardTest.LOG_B;
import static dev.pkixj.truststore.crlite.ClubcardTest.SEED;
import static dev.pkixj.truststore.crlite.ClubcardTest.filled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.ClubcardWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A full filter and deltas together (spec B1 steps 1, 2 and 4). */
class CrliteFiltersTest {
  static final long T0 = 1_750_000_000_000L; // last update, ms
  static final long NOW = T0 + 3_600_000L;
  static final long DAY = 86_400_000L;

  static final byte[] ISSUER = filled(0x11);
  static final byte[] ISSUER_2 = filled(0x22);

  static Clubcard card(Random rnd, byte[] log, List<byte[]> revoked, List<byte[]> good,
      byte[]... issuers) throws ClubcardException {
    ClubcardWriter w = new ClubcardWriter(rnd).coverage(log, 0, 1L << 50);
    for (byte[] issuer : issuers) {
      w.issuer(issuer, revoked, good);
    }
    ClubcardWriter.Model m = w.build();
    return Clubcard.parse(rnd.nextBoolean() ? ClubcardWriter.v3(m) : ClubcardWriter.v4(m),
        "card");
  }

  @Test
  void deltasCombineRevokedThenGoodThenNotEnrolledThenNotCovered() throws Exception {
    Random rnd = new Random(SEED + 10);
    Set<String> seen = new HashSet<>();
    List<byte[]> first = ClubcardTest.Case.serials(rnd, 40, seen);
    List<byte[]> later = ClubcardTest.Case.serials(rnd, 5, seen);
    List<byte[]> others = ClubcardTest.Case.serials(rnd, 200, seen);
    List<byte[]> goodInFull = new ArrayList<>(later);
    goodInFull.addAll(others);
    // The full filter: `first` revoked; a delta: `later` revoked (not in the full one's set).
    Clubcard full = card(rnd, LOG_A, first, goodInFull, ISSUER);
    Clubcard delta = card(rnd, LOG_A, later, others, ISSUER);
    // A delta that knows only ISSUER_2, and one covering only LOG_B.
    Clubcard otherIssuer = card(rnd, LOG_A, first, others, ISSUER_2);
    Clubcard otherLog = card(rnd, LOG_B, later, others, ISSUER);

    byte[] logs = LOG_A;
    long[] ts = {1000};
    CrliteFilters fullOnly = CrliteFilters.of(full, List.of(), T0);
    CrliteFilters both = CrliteFilters.of(full, List.of(delta), T0);
    for (byte[] s : later) {
      assertEquals(CrliteStatus.GOOD, fullOnly.query(ISSUER, s, logs, ts, NOW), HINT);
      assertEquals(CrliteStatus.REVOKED, both.query(ISSUER, s, logs, ts, NOW), HINT);
      // the order of the filters does not matter
      assertEquals(CrliteStatus.REVOKED,
          CrliteFilters.of(delta, List.of(full), T0).query(ISSUER, s, logs, ts, NOW), HINT);
    }
    for (byte[] s : first) {
      assertEquals(CrliteStatus.REVOKED, both.query(ISSUER, s, logs, ts, NOW), HINT);
    }
    for (byte[] s : others) {
      assertEquals(CrliteStatus.GOOD, both.query(ISSUER, s, logs, ts, NOW), HINT);
    }
    byte[] s = others.get(0);
    // good beats not enrolled; not enrolled beats not covered
    CrliteFilters mixed = CrliteFilters.of(otherIssuer, List.of(full), T0);
    assertEquals(CrliteStatus.GOOD, mixed.query(ISSUER, s, logs, ts, NOW), HINT);
    CrliteFilters enrolledNowhere = CrliteFilters.of(otherIssuer, List.of(otherLog), T0);
    assertEquals(CrliteStatus.NOT_ENROLLED, enrolledNowhere.query(ISSUER, s, logs, ts, NOW),
        HINT);
    assertEquals(CrliteStatus.NOT_COVERED,
        CrliteFilters.of(otherLog, List.of(), T0).query(ISSUER, s, logs, ts, NOW), HINT);
    // revoked in a delta although another filter does not cover the timestamp
    assertEquals(CrliteStatus.REVOKED, CrliteFilters.of(otherLog, List.of(full), T0)
        .query(ISSUER, first.get(0), logs, ts, NOW), HINT);
    // deltas without a full filter still count
    assertEquals(CrliteStatus.REVOKED, CrliteFilters.of(null, List.of(delta), T0)
        .query(ISSUER, later.get(0), logs, ts, NOW), HINT);
  }

  @Test
  void staleOrMissingFiltersGiveNoFilter() throws Exception {
    Random rnd = new Random(SEED + 11);
    Set<String> seen = new HashSet<>();
    List<byte[]> rev = ClubcardTest.Case.serials(rnd, 10, seen);
    Clubcard full = card(rnd, LOG_A, rev, ClubcardTest.Case.serials(rnd, 30, seen), ISSUER);
    CrliteFilters f = CrliteFilters.of(full, List.of(), T0);
    byte[] s = rev.get(0);
    long[] ts = {5};
    assertEquals(CrliteStatus.REVOKED, f.query(ISSUER, s, LOG_A, ts, T0), HINT);
    assertEquals(CrliteStatus.REVOKED, f.query(ISSUER, s, LOG_A, ts, T0 + 10 * DAY - 1000),
        HINT);
    assertTrue(f.isFresh(T0 + 10 * DAY - 1));
    assertFalse(f.isFresh(T0 + 10 * DAY));
    assertEquals(CrliteStatus.NO_FILTER, f.query(ISSUER, s, LOG_A, ts, T0 + 10 * DAY), HINT);
    assertEquals(CrliteStatus.NO_FILTER, f.query(ISSUER, s, LOG_A, ts, T0 + 400 * DAY), HINT);
    // a clock before 1970 is not fresh
    assertEquals(CrliteStatus.NO_FILTER, f.query(ISSUER, s, LOG_A, ts, -5000), HINT);
    assertEquals(CrliteStatus.NO_FILTER, CrliteFilters.NONE.query(ISSUER, s, LOG_A, ts, NOW));
    assertEquals(CrliteStatus.NO_FILTER,
        CrliteFilters.of(null, List.of(), T0).query(ISSUER, s, LOG_A, ts, NOW));
    assertFalse(CrliteStatus.NO_FILTER.covered());
  }

  @Test
  void requiredTimestampsApplyPerFilter() throws Exception {
    Random rnd = new Random(SEED + 12);
    Set<String> seen = new HashSet<>();
    List<byte[]> rev = ClubcardTest.Case.serials(rnd, 10, seen);
    Clubcard full = card(rnd, LOG_A, rev, ClubcardTest.Case.serials(rnd, 30, seen), ISSUER);
    CrliteFilters two = CrliteFilters.of(full, List.of(), T0).withRequiredTimestamps(2);
    byte[] s = rev.get(0);
    byte[] logs = ClubcardTest.concat(LOG_A, LOG_B);
    assertEquals(CrliteStatus.NOT_COVERED, two.query(ISSUER, s, logs, new long[] {5, 5}, NOW));
    byte[] twoA = ClubcardTest.concat(LOG_A, LOG_A);
    assertEquals(CrliteStatus.REVOKED, two.query(ISSUER, s, twoA, new long[] {5, 6}, NOW));
    assertThrows(IllegalArgumentException.class,
        () -> CrliteFilters.NONE.withRequiredTimestamps(0));
  }
}
