package dev.pkixj.testdata;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Test-only clubcard builder and serialiser, written from clubcard's construction (builder.rs of
 * mozilla/clubcard 0.3.2, clubcard-crlite's CRLiteBuilderItem): per issuer an approximate ribbon
 * of the revoked serials (m = ⌊1.02·|R|⌋, rank ⌊log2((|U|−|R|)/|R|)⌋, 0 when |R| = 0 or 2|R| ≥
 * |U|, an all-revoked block is empty and inverted), then an exact ribbon of the universe items
 * that pass the approximate filter (revoked first with b = 0, then the others with b = 1; an
 * inconsistent one becomes an exception), each system solved over GF(2) by back substitution with
 * the blocks sorted by descending rank and concatenated. Free bits come from the seeded random.
 * The model can be edited before serialising (hostile and flag tests).
 */
public final class ClubcardWriter {
  /** One block of the index. */
  public static final class Entry {
    public long approxM;
    public long exactM;
    public long rank;
    public long approxOffset;
    public long exactOffset;
    public boolean inverted;
    public final List<byte[]> exceptions = new ArrayList<>();
  }

  /** A clubcard: coverage, index, filters. */
  public static final class Model {
    public final List<byte[]> logIds = new ArrayList<>();
    public final List<long[]> intervals = new ArrayList<>();
    public final TreeMap<String, Entry> index = new TreeMap<>(); // hex block id → entry (sorted)
    public long[][] approx = new long[0][];
    public long[] exact = new long[0];

    public void coverage(byte[] logId, long low, long high) {
      logIds.add(logId.clone());
      intervals.add(new long[] {low, high});
    }

    public Entry entry(byte[] issuer) {
      return index.get(hex(issuer));
    }
  }

  /**
   * Writes the seed inputs of the fuzz target {@code ClubcardFuzzTest#clubcard} (a small filter in
   * V3 and in V4) into the directory {@code args[0]}; run when the formats change (not a test).
   */
  public static void main(String[] args) throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
    java.nio.file.Files.createDirectories(dir);
    Random rnd = new Random(1);
    byte[] log = new byte[32];
    Arrays.fill(log, (byte) 0xA1);
    byte[] issuer = new byte[32];
    Arrays.fill(issuer, (byte) 0x44);
    List<byte[]> rev = new ArrayList<>();
    List<byte[]> ok = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      (i < 3 ? rev : ok).add(new byte[] {0x01, (byte) i, (byte) (i * 7)});
    }
    Model m = new ClubcardWriter(rnd).coverage(log, 0, 9_999_913_599_999L)
        .issuer(issuer, rev, ok).build();
    m.entry(issuer).exceptions.add(new byte[] {0x01, 0x05, 0x23});
    java.nio.file.Files.write(dir.resolve("seed-v3"), v3(m));
    java.nio.file.Files.write(dir.resolve("seed-v4"), v4(m));
  }

  private final Random random;
  private final Model model = new Model();
  private final List<byte[]> issuers = new ArrayList<>();
  private final List<List<byte[]>> revoked = new ArrayList<>();
  private final List<List<byte[]>> universe = new ArrayList<>();

  public ClubcardWriter(Random random) {
    this.random = random;
  }

  public ClubcardWriter coverage(byte[] logId, long low, long high) {
    model.coverage(logId, low, high);
    return this;
  }

  /** An issuer whose universe is revoked ∪ notRevoked (disjoint). */
  public ClubcardWriter issuer(byte[] issuerSpkiHash, List<byte[]> revokedSerials,
      List<byte[]> notRevokedSerials) {
    issuers.add(issuerSpkiHash.clone());
    revoked.add(new ArrayList<>(revokedSerials));
    List<byte[]> u = new ArrayList<>(revokedSerials);
    u.addAll(notRevokedSerials);
    universe.add(u);
    return this;
  }

  // ----- GF(2) equations (clubcard's Equation<4>) -------------------------------------------

  public static final class Eq {
    public long s;
    public final long[] a;
    public int b;

    Eq(long s, long[] a, int b) {
      this.s = s;
      this.a = a;
      this.b = b;
    }

    public boolean isZero() {
      return (a[0] | a[1] | a[2] | a[3]) == 0;
    }

    /** self += other (same s), then align so that bit 0 of a[0] is set. */
    public void add(Eq o) {
      for (int i = 0; i < 4; i++) {
        a[i] ^= o.a[i];
      }
      b ^= o.b;
      if (isZero()) {
        return;
      }
      while (a[0] == 0) {
        a[0] = a[1];
        a[1] = a[2];
        a[2] = a[3];
        a[3] = 0;
        s += 64;
      }
      int k = Long.numberOfTrailingZeros(a[0]);
      if (k == 0) {
        return;
      }
      for (int i = 0; i < 3; i++) {
        a[i] = (a[i] >>> k) | (a[i + 1] << (64 - k));
      }
      a[3] >>>= k;
      s += k;
    }
  }

  public static int eval(long s, long[] a, long[] z) {
    int limb = (int) (s / 64);
    int shift = (int) (s % 64);
    long r = 0;
    for (int i = limb; i < Math.min(z.length, limb + 4); i++) {
      long t = z[i] >>> shift;
      if (i + 1 < z.length && shift != 0) {
        t |= z[i + 1] << (64 - shift);
      }
      r ^= t & a[i - limb];
    }
    return Long.bitCount(r) & 1;
  }

  /** SHA-256(issuer ‖ serial) as four little-endian words, bit 0 set; s = a[3] mod max(1, m). */
  public static Eq query(byte[] issuer, byte[] serial, long m) {
    byte[] h;
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(issuer);
      d.update(serial);
      h = d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    long[] a = new long[4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 8; j++) {
        a[i] |= (h[8 * i + j] & 0xFFL) << (8 * j);
      }
    }
    a[0] |= 1;
    long s = Long.remainderUnsigned(a[3], Math.max(1, m));
    return new Eq(s, a, 0);
  }

  /** A ribbon: one block's linear system. */
  final class Ribbon {
    final byte[] id;
    final long m;
    final int rank;
    final boolean inverted;
    final List<Eq> rows = new ArrayList<>();
    final List<byte[]> exceptions = new ArrayList<>();

    Ribbon(byte[] id, long m, int rank, boolean inverted) {
      this.id = id;
      this.m = m;
      this.rank = rank;
      this.inverted = inverted;
      for (long i = 0; i < m; i++) {
        rows.add(null);
      }
    }

    void insert(byte[] serial, boolean included) {
      Eq eq = query(id, serial, m);
      eq.b = included ? 0 : 1;
      if (!insert(eq)) {
        exceptions.add(serial);
      }
    }

    private boolean insert(Eq eq) {
      while (true) {
        if (eq.isZero()) {
          return eq.b == 0;
        }
        while (eq.s >= rows.size()) {
          rows.add(null);
        }
        Eq cur = rows.get((int) eq.s);
        if (cur == null || cur.isZero()) {
          rows.set((int) eq.s, eq);
          return true;
        }
        eq.add(cur);
      }
    }

    /** Back substitution with {@code tail} (the solution of the blocks after this one). */
    long[] solve(long[] tail) {
      int n = rows.size();
      long[] z = new long[(n + 63) / 64 + tail.length];
      int k = n / 64;
      int p = n % 64;
      for (int i = 0; i < tail.length; i++) {
        if (p == 0) {
          z[k + i] = tail[i];
        } else {
          z[k + i] |= tail[i] << p;
          z[k + i + 1] = tail[i] >>> (64 - p);
        }
      }
      for (int i = n - 1; i >= 0; i--) {
        Eq row = rows.get(i);
        int bit = row == null || row.isZero() ? random.nextInt(2)
            : eval(row.s, row.a, z) ^ row.b;
        z[i / 64] |= ((long) (bit & 1)) << (i % 64);
      }
      return z;
    }
  }

  /** The solution columns and per-block offsets of a partitioned filter. */
  private long[][] solve(List<Ribbon> blocks, TreeMap<String, long[]> offsets) {
    blocks.sort(Comparator.comparingInt((Ribbon r) -> r.rank).reversed());
    int maxRank = blocks.isEmpty() ? 0 : blocks.get(0).rank;
    long[][] solution = new long[maxRank][];
    for (int i = 0; i < maxRank; i++) {
      long[] tail = maxRank > 1 ? new long[] {random.nextLong()} : new long[0];
      for (int j = blocks.size() - 1; j >= 0; j--) {
        if (blocks.get(j).rank > i) {
          tail = blocks.get(j).solve(tail);
        }
      }
      int len = tail.length;
      while (len > 0 && tail[len - 1] == 0) {
        len--;
      }
      solution[i] = Arrays.copyOf(tail, len);
    }
    long offset = 0;
    for (Ribbon r : blocks) {
      offsets.put(hex(r.id), new long[] {offset});
      offset += r.rows.size();
    }
    return solution;
  }

  /** Builds the clubcard (clubcard's ClubcardBuilder::build). */
  public Model build() {
    // Approximate ribbons.
    List<Ribbon> approx = new ArrayList<>();
    for (int i = 0; i < issuers.size(); i++) {
      int r = revoked.get(i).size();
      int u = universe.get(i).size();
      Ribbon rb;
      if (r == u) {
        rb = new Ribbon(issuers.get(i), 0, 0, true);
      } else {
        long m = (long) Math.floor((1.0 + 0.02) * r);
        int rank = 0;
        if (r != 0 && 2L * r < u) {
          while ((long) r << (rank + 1) <= (long) (u - r)) {
            rank++;
          }
        }
        rb = new Ribbon(issuers.get(i), m, rank, false);
        for (byte[] serial : revoked.get(i)) {
          rb.insert(serial, true);
        }
        if (!rb.exceptions.isEmpty()) {
          throw new AssertionError("a homogeneous insertion failed");
        }
      }
      approx.add(rb);
    }
    TreeMap<String, long[]> approxOffsets = new TreeMap<>();
    long[][] columns = solve(new ArrayList<>(approx), approxOffsets);
    for (Ribbon rb : approx) {
      Entry e = new Entry();
      e.approxM = rb.m;
      e.rank = rb.rank;
      e.approxOffset = approxOffsets.get(hex(rb.id))[0];
      e.inverted = rb.inverted;
      model.index.put(hex(rb.id), e);
    }
    model.approx = columns;
    // Exact ribbons over the items that pass the approximate filter.
    List<Ribbon> exact = new ArrayList<>();
    for (int i = 0; i < issuers.size(); i++) {
      byte[] id = issuers.get(i);
      Entry e = model.entry(id);
      if (e.approxM == 0) {
        exact.add(new Ribbon(id, 0, 1, e.inverted));
        continue;
      }
      List<byte[]> in = new ArrayList<>();
      List<byte[]> out = new ArrayList<>();
      List<byte[]> rev = revoked.get(i);
      for (byte[] serial : universe.get(i)) {
        if (approxContains(e, columns, id, serial)) {
          (contains(rev, serial) ? in : out).add(serial);
        }
      }
      long m = (long) Math.floor((1.0 + 0.02) * (in.size() + out.size()));
      Ribbon rb = new Ribbon(id, m, 1, false);
      for (byte[] s : in) {
        rb.insert(s, true);
      }
      for (byte[] s : out) {
        rb.insert(s, false);
      }
      exact.add(rb);
    }
    TreeMap<String, long[]> exactOffsets = new TreeMap<>();
    long[][] exactSolution = solve(new ArrayList<>(exact), exactOffsets);
    for (Ribbon rb : exact) {
      Entry e = model.entry(rb.id);
      e.exactM = rb.m;
      e.exactOffset = exactOffsets.get(hex(rb.id))[0];
      e.exceptions.addAll(rb.exceptions);
    }
    model.exact = exactSolution.length == 0 ? new long[0] : exactSolution[0];
    return model;
  }

  private static boolean approxContains(Entry e, long[][] columns, byte[] id, byte[] serial) {
    boolean result = true;
    if (e.approxM == 0) {
      result = false;
    } else {
      Eq q = query(id, serial, e.approxM);
      long s = q.s + e.approxOffset;
      for (int i = 0; i < e.rank; i++) {
        if (eval(s, q.a, columns[i]) != 0) {
          result = false;
          break;
        }
      }
    }
    return result ^ e.inverted;
  }

  public static boolean contains(List<byte[]> list, byte[] x) {
    for (byte[] y : list) {
      if (Arrays.equals(x, y)) {
        return true;
      }
    }
    return false;
  }

  // ----- serialisation ----------------------------------------------------------------------

  /** Version 3: bincode 1.x legacy (little-endian, u64 lengths). */
  public static byte[] v3(Model m) {
    Out o = new Out(false);
    o.u8(3);
    o.u8(0);
    o.u64(m.logIds.size());
    for (int i = 0; i < m.logIds.size(); i++) {
      o.bytes(m.logIds.get(i));
      o.u64(m.intervals.get(i)[0]);
      o.u64(m.intervals.get(i)[1]);
    }
    o.u64(m.index.size());
    for (var en : m.index.entrySet()) {
      byte[] id = unhex(en.getKey());
      Entry e = en.getValue();
      o.u64(id.length);
      o.bytes(id);
      o.u64(e.approxM);
      o.u64(e.exactM);
      o.u64(e.rank);
      o.u64(e.approxOffset);
      o.u64(e.exactOffset);
      o.u8(e.inverted ? 1 : 0);
      o.u64(e.exceptions.size());
      for (byte[] x : e.exceptions) {
        o.u64(x.length);
        o.bytes(x);
      }
    }
    o.u64(m.approx.length);
    for (long[] col : m.approx) {
      o.u64(col.length);
      for (long w : col) {
        o.u64(w);
      }
    }
    o.u64(m.exact.length);
    for (long w : m.exact) {
      o.u64(w);
    }
    return o.toByteArray();
  }

  /** Version 4: clubcard-crlite's codec (big-endian). */
  public static byte[] v4(Model m) {
    Out o = new Out(true);
    o.u8(4);
    o.u8(0);
    o.u16(m.logIds.size());
    for (int i = 0; i < m.logIds.size(); i++) {
      o.bytes(m.logIds.get(i));
      o.u64(m.intervals.get(i)[0]);
      o.u64(m.intervals.get(i)[1]);
    }
    o.u32(m.index.size());
    for (var en : m.index.entrySet()) {
      Entry e = en.getValue();
      o.bytes(unhex(en.getKey()));
      o.u32(e.approxM);
      o.u8((int) e.rank);
      o.u32(e.approxOffset);
      o.u32(e.exactM);
      o.u32(e.exactOffset);
      o.u8(e.inverted ? 1 : 0);
      o.u16(e.exceptions.size());
      for (byte[] x : e.exceptions) {
        o.u8(x.length);
        o.bytes(x);
      }
    }
    o.u8(m.approx.length);
    for (long[] col : m.approx) {
      o.u32(col.length);
      for (long w : col) {
        o.u64(w);
      }
    }
    o.u32(m.exact.length);
    for (long w : m.exact) {
      o.u64(w);
    }
    return o.toByteArray();
  }

  public static final class Out extends ByteArrayOutputStream {
    final boolean bigEndian;

    Out(boolean bigEndian) {
      this.bigEndian = bigEndian;
    }

    void u8(int v) {
      write(v & 0xFF);
    }

    void n(long v, int bytes) {
      for (int i = 0; i < bytes; i++) {
        int shift = bigEndian ? 8 * (bytes - 1 - i) : 8 * i;
        write((int) (v >>> shift) & 0xFF);
      }
    }

    void u16(long v) {
      n(v, 2);
    }

    void u32(long v) {
      n(v, 4);
    }

    void u64(long v) {
      n(v, 8);
    }

    void bytes(byte[] b) {
      write(b, 0, b.length);
    }
  }

  public static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xFF));
    }
    return sb.toString();
  }

  public static byte[] unhex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
