package dev.pkixj.truststore.crlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.testdata.ClubcardWriter.Entry;
import dev.pkixj.testdata.ClubcardWriter.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reader and the query against filters built by {@link ClubcardWriter} (clubcard's
 * construction), in both encodings. Every random input comes from one seed, printed with every
 * failure; {@code -Dpkixj.test.seed=N} replays it.
 */
class ClubcardTest {
  static final long SEED = seed();
  static final String HINT = " [random seed " + SEED + ", replay with -Dpkixj.test.seed=" + SEED
      + "]";

  static long seed() {
    String p = System.getProperty("pkixj.test.seed");
    return p == null || p.isBlank() ? new SplittableRandom().nextLong() : Long.decode(p.strip());
  }

  static final byte[] LOG_A = filled(0xA1);
  static final byte[] LOG_B = filled(0xB2);
  static final byte[] LOG_UNKNOWN = filled(0xC3);
  static final long LOW = 1_600_000_000_000L;
  static final long HIGH = 1_700_000_000_000L;

  static byte[] filled(int b) {
    byte[] x = new byte[32];
    Arrays.fill(x, (byte) b);
    return x;
  }

  /** A random test case: issuers with disjoint revoked / not revoked serial sets. */
  static final class Case {
    final List<byte[]> issuers = new ArrayList<>();
    final List<List<byte[]>> revoked = new ArrayList<>();
    final List<List<byte[]>> good = new ArrayList<>();
    Model model;

    static Case random(Random rnd, int issuers, int maxRevoked, int maxGood) {
      Case c = new Case();
      ClubcardWriter w = new ClubcardWriter(rnd).coverage(LOG_A, LOW, HIGH)
          .coverage(LOG_B, 0, -1L);
      for (int i = 0; i < issuers; i++) {
        byte[] id = new byte[32];
        rnd.nextBytes(id);
        Set<String> seen = new HashSet<>();
        List<byte[]> rev = serials(rnd, rnd.nextInt(maxRevoked + 1), seen);
        List<byte[]> ok = serials(rnd, rnd.nextInt(maxGood + 1), seen);
        c.issuers.add(id);
        c.revoked.add(rev);
        c.good.add(ok);
        w.issuer(id, rev, ok);
      }
      c.model = w.build();
      return c;
    }

    static List<byte[]> serials(Random rnd, int n, Set<String> seen) {
      List<byte[]> out = new ArrayList<>();
      while (out.size() < n) {
        byte[] s = new byte[1 + rnd.nextInt(20)];
        rnd.nextBytes(s);
        if (seen.add(ClubcardWriter.hex(s))) {
          out.add(s);
        }
      }
      return out;
    }
  }

  static CrliteStatus q(Clubcard c, byte[] issuer, byte[] serial, byte[] log, long ts) {
    return c.query(issuer, serial, log, new long[] {ts});
  }

  static Clubcard parse(byte[] data, String name) {
    try {
      return Clubcard.parse(data, name);
    } catch (ClubcardException e) {
      throw new AssertionError("valid filter refused: " + e.getMessage() + HINT, e);
    }
  }

  @Test
  void revokedAndGoodSerialsAnswerAsBuiltInBothEncodings() {
    Random rnd = new Random(SEED);
    long maxRank = 0;
    int approxBlocks = 0;
    for (int round = 0; round < 12; round++) {
      Case c = Case.random(rnd, 1 + rnd.nextInt(6), round < 6 ? 40 : 400, 600);
      for (Entry e : c.model.index.values()) {
        maxRank = Math.max(maxRank, e.rank);
        approxBlocks += e.rank > 0 ? 1 : 0;
      }
      Clubcard v3 = parse(ClubcardWriter.v3(c.model), "v3");
      Clubcard v4 = parse(ClubcardWriter.v4(c.model), "v4");
      assertEquals(3, v3.version(), HINT);
      assertEquals(4, v4.version(), HINT);
      for (Clubcard f : List.of(v3, v4)) {
        assertEquals(c.issuers.size(), f.blockCount(), HINT);
        for (int i = 0; i < c.issuers.size(); i++) {
          byte[] id = c.issuers.get(i);
          for (byte[] s : c.revoked.get(i)) {
            assertEquals(CrliteStatus.REVOKED, q(f, id, s, LOG_A, LOW + 5), "revoked serial "
                + ClubcardWriter.hex(s) + " round " + round + " " + f + HINT);
          }
          for (byte[] s : c.good.get(i)) {
            assertEquals(CrliteStatus.GOOD, q(f, id, s, LOG_B, 12345), "good serial "
                + ClubcardWriter.hex(s) + " round " + round + " " + f + HINT);
          }
        }
      }
      // Both encodings give the same answer for serials outside the universe too.
      for (int k = 0; k < 500; k++) {
        byte[] id = c.issuers.get(rnd.nextInt(c.issuers.size()));
        byte[] s = new byte[1 + rnd.nextInt(20)];
        rnd.nextBytes(s);
        assertEquals(q(v3, id, s, LOG_A, LOW), q(v4, id, s, LOG_A, LOW), HINT);
      }
    }
    // The cases exercise the approximate filter with several columns.
    assertTrue(maxRank >= 2 && approxBlocks >= 5, "max rank " + maxRank + HINT);
  }

  @Test
  void issuerWithoutBlockIsNotEnrolledAndUncoveredTimestampsAreNotCovered() {
    Random rnd = new Random(SEED + 1);
    Case c = Case.random(rnd, 3, 30, 30);
    for (byte[] bytes : List.of(ClubcardWriter.v3(c.model), ClubcardWriter.v4(c.model))) {
      Clubcard f = parse(bytes, "f");
      byte[] stranger = new byte[32];
      rnd.nextBytes(stranger);
      assertFalse(f.isEnrolled(stranger), HINT);
      assertEquals(CrliteStatus.NOT_ENROLLED, q(f, stranger, new byte[] {1}, LOG_A, LOW), HINT);
      byte[] id = c.issuers.get(0);
      byte[] s = new byte[] {0x01, 0x02};
      // Coverage is inclusive at both ends, unsigned.
      assertTrue(q(f, id, s, LOG_A, LOW).covered(), HINT);
      assertTrue(q(f, id, s, LOG_A, HIGH).covered(), HINT);
      assertEquals(CrliteStatus.NOT_COVERED, q(f, id, s, LOG_A, LOW - 1), HINT);
      assertEquals(CrliteStatus.NOT_COVERED, q(f, id, s, LOG_A, HIGH + 1), HINT);
      assertEquals(CrliteStatus.NOT_COVERED, q(f, stranger, s, LOG_A, HIGH + 1), HINT);
      assertTrue(q(f, id, s, LOG_B, -1L).covered(), "u64 max timestamp" + HINT);
      assertEquals(CrliteStatus.NOT_COVERED, q(f, id, s, LOG_UNKNOWN, LOW), HINT);
      assertEquals(CrliteStatus.NOT_COVERED, f.query(id, s, new byte[0], new long[0]), HINT);
      // The first covered timestamp decides; uncovered ones are skipped.
      byte[] logs = concat(LOG_UNKNOWN, LOG_A);
      CrliteStatus direct = q(f, id, s, LOG_A, LOW);
      assertEquals(direct, f.query(id, s, logs, new long[] {LOW, LOW}), HINT);
      // Two covered timestamps required, one present: not covered.
      assertEquals(CrliteStatus.NOT_COVERED, f.query(id, s, logs, new long[] {LOW, LOW}, 2, 2),
          HINT);
      assertEquals(direct, f.query(id, s, concat(LOG_B, LOG_A), new long[] {0, LOW}, 2, 2),
          HINT);
      // Only `count` pairs are read.
      assertEquals(CrliteStatus.NOT_COVERED, f.query(id, s, logs, new long[] {LOW, LOW}, 1, 1),
          HINT);
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  @Test
  void allRevokedIssuerIsAnInvertedEmptyBlockAndNoRevokedIssuerIsGood() {
    Random rnd = new Random(SEED + 2);
    Set<String> seen = new HashSet<>();
    List<byte[]> all = Case.serials(rnd, 50, seen);
    List<byte[]> none = Case.serials(rnd, 50, seen);
    byte[] a = filled(1);
    byte[] b = filled(2);
    Model m = new ClubcardWriter(rnd).coverage(LOG_A, LOW, HIGH).issuer(a, all, List.of())
        .issuer(b, List.of(), none).build();
    assertTrue(m.entry(a).inverted, "builder inverts an all-revoked block");
    assertEquals(0, m.entry(a).approxM);
    for (byte[] bytes : List.of(ClubcardWriter.v3(m), ClubcardWriter.v4(m))) {
      Clubcard f = parse(bytes, "f");
      for (byte[] s : all) {
        assertEquals(CrliteStatus.REVOKED, q(f, a, s, LOG_A, LOW), HINT);
      }
      for (byte[] s : none) {
        assertEquals(CrliteStatus.GOOD, q(f, b, s, LOG_A, LOW), HINT);
        assertEquals(CrliteStatus.REVOKED, q(f, a, s, LOG_A, LOW), "anything under a: " + HINT);
      }
    }
  }

  @Test
  void invertedFlagAndExceptionsAreHonoured() {
    Random rnd = new Random(SEED + 3);
    Case c = Case.random(rnd, 2, 60, 200);
    while (c.revoked.get(0).isEmpty() || c.good.get(0).isEmpty()) {
      c = Case.random(rnd, 2, 60, 200);
    }
    byte[] id = c.issuers.get(0);
    Entry e = c.model.entry(id);
    boolean wasInverted = e.inverted;
    // Flip the block: every answer flips.
    e.inverted = !wasInverted;
    for (byte[] bytes : List.of(ClubcardWriter.v3(c.model), ClubcardWriter.v4(c.model))) {
      Clubcard f = parse(bytes, "flipped");
      for (byte[] s : c.revoked.get(0)) {
        assertEquals(CrliteStatus.GOOD, q(f, id, s, LOG_A, LOW), HINT);
      }
      for (byte[] s : c.good.get(0)) {
        assertEquals(CrliteStatus.REVOKED, q(f, id, s, LOG_A, LOW), HINT);
      }
    }
    e.inverted = wasInverted;
    // An exception makes the raw answer "not a member".
    byte[] r0 = c.revoked.get(0).get(0);
    e.exceptions.add(r0.clone());
    e.exceptions.add(new byte[0]);
    for (byte[] bytes : List.of(ClubcardWriter.v3(c.model), ClubcardWriter.v4(c.model))) {
      Clubcard f = parse(bytes, "exception");
      assertEquals(CrliteStatus.GOOD, q(f, id, r0, LOG_A, LOW), HINT);
      for (byte[] s : c.revoked.get(0).subList(1, c.revoked.get(0).size())) {
        assertEquals(CrliteStatus.REVOKED, q(f, id, s, LOG_A, LOW), HINT);
      }
      // A serial that extends the exception's bytes is not the exception.
      byte[] longer = Arrays.copyOf(r0, r0.length + 1);
      assertEquals(q(parse(ClubcardWriter.v4(withoutExceptions(c.model, id)), "plain"), id,
          longer, LOG_A, LOW), q(f, id, longer, LOG_A, LOW), HINT);
    }
    // Inverted with the exception: raw false XOR inverted = revoked.
    e.inverted = true;
    Clubcard f = parse(ClubcardWriter.v3(c.model), "both");
    assertEquals(CrliteStatus.REVOKED, q(f, id, r0, LOG_A, LOW), HINT);
  }

  static Model withoutExceptions(Model m, byte[] id) {
    Model copy = new Model();
    copy.logIds.addAll(m.logIds);
    copy.intervals.addAll(m.intervals);
    copy.approx = m.approx;
    copy.exact = m.exact;
    for (var en : m.index.entrySet()) {
      Entry src = en.getValue();
      Entry e = new Entry();
      e.approxM = src.approxM;
      e.exactM = src.exactM;
      e.rank = src.rank;
      e.approxOffset = src.approxOffset;
      e.exactOffset = src.exactOffset;
      e.inverted = src.inverted;
      if (!en.getKey().equals(ClubcardWriter.hex(id))) {
        e.exceptions.addAll(src.exceptions);
      }
      copy.index.put(en.getKey(), e);
    }
    return copy;
  }

  @Test
  void duplicateCoverageEntriesLastOneWinsAndIntervalsAreRead() throws Exception {
    Model m = new Model();
    m.coverage(LOG_A, 10, 20);
    m.coverage(LOG_A, 100, 200);
    m.coverage(LOG_B, 0, 5);
    for (byte[] bytes : List.of(ClubcardWriter.v3(m), ClubcardWriter.v4(m))) {
      Clubcard f = Clubcard.parse(bytes, "dup");
      assertEquals(2, f.coverageCount());
      assertArrayEquals(LOG_A, f.coverageLogId(0));
      assertEquals(100, f.coverageLow(0));
      assertEquals(200, f.coverageHigh(0));
      assertEquals(5, f.coverageHigh(1));
      assertEquals(CrliteStatus.NOT_COVERED, q(f, filled(9), new byte[] {1}, LOG_A, 15));
      assertEquals(CrliteStatus.NOT_ENROLLED, q(f, filled(9), new byte[] {1}, LOG_A, 150));
    }
  }

  @Test
  void emptyFilterParsesAndNothingIsEnrolled() throws Exception {
    Model m = new Model();
    Clubcard v3 = Clubcard.parse(ClubcardWriter.v3(m), "empty");
    Clubcard v4 = Clubcard.parse(ClubcardWriter.v4(m), "empty");
    assertEquals(0, v3.blockCount());
    assertEquals(0, v4.coverageCount());
    assertEquals(CrliteStatus.NOT_COVERED, q(v4, filled(1), new byte[] {1}, LOG_A, 1));
  }

  @Test
  void badArgumentsAreRefused() throws Exception {
    Clubcard f = Clubcard.parse(ClubcardWriter.v4(new Model()), "empty");
    assertThrows(IllegalArgumentException.class,
        () -> f.query(new byte[31], new byte[] {1}, LOG_A, new long[] {1}));
    assertThrows(IllegalArgumentException.class,
        () -> f.query(filled(1), new byte[] {1}, new byte[31], new long[] {1}));
  }
}
