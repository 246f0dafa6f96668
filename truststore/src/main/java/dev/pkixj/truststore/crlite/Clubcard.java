package dev.pkixj.truststore.crlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * One CRLite filter ("clubcard", a full filter or a delta), read from Firefox's file formats V3
 * (bincode) and V4 (big-endian TLS-like), and queried as Firefox's cert_storage does (spec
 * firefox-ct-crlite.md B1 step 3 and B2; docs/crlite.md).
 *
 * <p>Immutable and shared by all threads. Everything is held in primitive arrays: the coverage
 * (log ids sorted, with their [low, high] timestamps), the per-issuer index (32-byte block ids
 * sorted in one array and searched by bisection, the block parameters in parallel arrays, the
 * exceptions in one flat array), the approximate filter's columns and the exact filter. A query
 * allocates nothing: the SHA-256 uses one {@link MessageDigest} per thread.
 *
 * <p>Limits (docs/limits.md, "CRLite filters"): a file of at most {@link #MAX_FILE_BYTES}; every
 * count is checked against the bytes left before anything is allocated; m and offset values must
 * fit in 32 bits (the V4 field width); a block that uses its approximate filter must not have a
 * rank above the number of columns. Offsets and m values that reach past the stored words are
 * accepted (the builder trims trailing zero words, and rank-0 blocks lie wholly past the columns):
 * missing words read as 0, as in clubcard.
 */
public final class Clubcard {
  /** The largest filter file read: 256 MiB (production full filters are a few MiB). */
  public static final int MAX_FILE_BYTES = 256 << 20;

  /** Length of a log id and of a block id (issuer SPKI SHA-256). */
  public static final int ID_BYTES = 32;

  private static final long U32_MAX = 0xFFFF_FFFFL;

  private final String name;
  private final int version;
  // Coverage, sorted by log id (duplicates: the last in the file wins, as in a HashMap).
  private final byte[] logIds;
  private final long[] lows;
  private final long[] highs;
  // Index, sorted by block id (duplicates: the last in the file wins, as in a BTreeMap).
  private final byte[] blockIds;
  private final long[] approxM;
  private final long[] exactM;
  private final long[] approxOffset;
  private final long[] exactOffset;
  private final int[] rank;
  private final boolean[] inverted;
  private final int[] blockExceptions; // block b's exceptions are [blockExceptions[b], [b + 1])
  private final int[] exceptionStart; // exception e's bytes are [exceptionStart[e], [e + 1])
  private final byte[] exceptionBytes;
  // Filters.
  private final long[][] approxColumns;
  private final long[] exact;

  private Clubcard(Builder b) {
    this.name = b.name;
    this.version = b.version;
    this.logIds = b.logIds;
    this.lows = b.lows;
    this.highs = b.highs;
    this.blockIds = b.blockIds;
    this.approxM = b.approxM;
    this.exactM = b.exactM;
    this.approxOffset = b.approxOffset;
    this.exactOffset = b.exactOffset;
    this.rank = b.rank;
    this.inverted = b.inverted;
    this.blockExceptions = b.blockExceptions;
    this.exceptionStart = b.exceptionStart;
    this.exceptionBytes = b.exceptionBytes;
    this.approxColumns = b.approxColumns;
    this.exact = b.exact;
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads a filter file (at most {@link #MAX_FILE_BYTES}); the file's name is used in messages.
   *
   * @throws ClubcardException the file cannot be read, is too large or is not a clubcard
   */
  public static Clubcard read(Path file) throws ClubcardException {
    String name = file.toString();
    byte[] data;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new ClubcardException(name, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB ("
            + size + " bytes)");
      }
      try (InputStream in = Files.newInputStream(file)) {
        data = in.readNBytes(MAX_FILE_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw new ClubcardException(name, "no such file");
    } catch (AccessDeniedException e) {
      throw new ClubcardException(name, "permission denied");
    } catch (IOException e) {
      throw new ClubcardException(name, "cannot be read"
          + (Files.isDirectory(file) ? ": a directory" : ""));
    } catch (SecurityException e) {
      throw new ClubcardException(name, "cannot be read");
    }
    if (data.length > MAX_FILE_BYTES) {
      throw new ClubcardException(name, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
    }
    return parse(data, name);
  }

  /**
   * Parses a filter held in memory; {@code name} names it in messages. The bytes are not kept.
   *
   * @throws ClubcardException the bytes are not a V3 or V4 clubcard within the limits
   */
  public static Clubcard parse(byte[] data, String name) throws ClubcardException {
    if (data.length > MAX_FILE_BYTES) {
      throw new ClubcardException(name, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
    }
    Cursor c = new Cursor(data, name, false);
    if (data.length < 2) {
      throw c.error(0, "too short for the version (" + data.length + " bytes)");
    }
    int v = data[0] & 0xFF;
    if (data[1] != 0) {
      throw c.error(1, "reserved byte after the version is " + (data[1] & 0xFF) + ", not 0");
    }
    c.pos = 2;
    Builder b = new Builder(name, v);
    if (v == 3) {
      parseV3(c, b);
    } else if (v == 4) {
      c.bigEndian = true;
      parseV4(c, b);
      if (c.pos != data.length) {
        throw c.error(c.pos, (data.length - c.pos) + " trailing bytes after the exact filter");
      }
    } else if (v <= 2) {
      throw c.error(0, "version " + v + " is a legacy Bloom-cascade filter, not a clubcard");
    } else {
      throw c.error(0, "unsupported version " + v + " (3 and 4 are read)");
    }
    b.finish(c);
    return new Clubcard(b);
  }

  /** V3: bincode 1.x legacy configuration (spec B2). Trailing bytes are tolerated. */
  private static void parseV3(Cursor c, Builder b) throws ClubcardException {
    int n = c.count(c.u64(), 48, "coverage entry");
    b.startCoverage(n);
    for (int i = 0; i < n; i++) {
      int idAt = c.take(ID_BYTES, "coverage log id");
      b.coverage(i, idAt, c.u64(), c.u64());
    }
    // partition metadata: unit, no bytes
    int blocks = c.count(c.u64(), 57, "index entry");
    b.startIndex(blocks);
    for (int i = 0; i < blocks; i++) {
      long idLen = c.u64();
      int len = c.count(idLen, 1, "block id byte");
      int idAt = c.take(len, "block id");
      long entryAt = c.pos;
      long am = c.u64();
      long em = c.u64();
      long r = c.u64();
      long ao = c.u64();
      long eo = c.u64();
      int invAt = c.pos;
      int inv = c.u8();
      if (inv > 1) {
        throw c.error(invAt, "index entry " + i + ": inverted flag is " + inv + ", not 0 or 1");
      }
      b.block(c, i, len == ID_BYTES ? idAt : -1, entryAt, am, em, r, ao, eo, inv == 1);
      int ex = c.count(c.u64(), 8, "exception");
      for (int e = 0; e < ex; e++) {
        int sl = c.count(c.u64(), 1, "exception serial byte");
        b.exception(c.take(sl, "exception serial"), sl);
      }
    }
    int cols = c.count(c.u64(), 8, "approximate filter column");
    b.approxColumns = new long[cols][];
    for (int i = 0; i < cols; i++) {
      b.approxColumns[i] = c.words(c.u64(), "approximate filter column " + i);
    }
    b.exact = c.words(c.u64(), "exact filter");
  }

  /** V4: clubcard-crlite's codec, big-endian, no trailing bytes (spec B2). */
  private static void parseV4(Cursor c, Builder b) throws ClubcardException {
    int n = c.count(c.u16(), 48, "coverage entry");
    b.startCoverage(n);
    for (int i = 0; i < n; i++) {
      int idAt = c.take(ID_BYTES, "coverage log id");
      b.coverage(i, idAt, c.u64(), c.u64());
    }
    int blocks = c.count(c.u32(), 52, "index entry");
    b.startIndex(blocks);
    for (int i = 0; i < blocks; i++) {
      int idAt = c.take(ID_BYTES, "block id");
      long entryAt = c.pos;
      long am = c.u32();
      long r = c.u8();
      long ao = c.u32();
      long em = c.u32();
      long eo = c.u32();
      boolean inv = c.u8() != 0;
      b.block(c, i, idAt, entryAt, am, em, r, ao, eo, inv);
      int ex = c.count(c.u16(), 1, "exception");
      for (int e = 0; e < ex; e++) {
        int sl = c.u8();
        b.exception(c.take(sl, "exception serial"), sl);
      }
    }
    int cols = c.count(c.u8(), 4, "approximate filter column");
    b.approxColumns = new long[cols][];
    for (int i = 0; i < cols; i++) {
      b.approxColumns[i] = c.words(c.u32(), "approximate filter column " + i);
    }
    b.exact = c.words(c.u32(), "exact filter");
  }

  /** A bounds-checked reader over the file's bytes. */
  private static final class Cursor {
    final byte[] data;
    final String name;
    boolean bigEndian;
    int pos;

    Cursor(byte[] data, String name, boolean bigEndian) {
      this.data = data;
      this.name = name;
      this.bigEndian = bigEndian;
    }

    ClubcardException error(long at, String what) {
      return new ClubcardException(name, at, what);
    }

    int remaining() {
      return data.length - pos;
    }

    private void need(int n, String what) throws ClubcardException {
      if (remaining() < n) {
        throw error(pos, "truncated: " + what + " needs " + n + " bytes, " + remaining()
            + " left");
      }
    }

    /** Skips {@code n} bytes (n ≤ remaining checked) and returns where they start. */
    int take(int n, String what) throws ClubcardException {
      need(n, what);
      int at = pos;
      pos += n;
      return at;
    }

    int u8() throws ClubcardException {
      need(1, "a u8");
      return data[pos++] & 0xFF;
    }

    int u16() throws ClubcardException {
      need(2, "a u16");
      int v = bigEndian
          ? ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF)
          : ((data[pos + 1] & 0xFF) << 8) | (data[pos] & 0xFF);
      pos += 2;
      return v;
    }

    long u32() throws ClubcardException {
      need(4, "a u32");
      long v = 0;
      for (int i = 0; i < 4; i++) {
        int byteAt = bigEndian ? pos + i : pos + 3 - i;
        v = (v << 8) | (data[byteAt] & 0xFF);
      }
      pos += 4;
      return v;
    }

    long u64() throws ClubcardException {
      need(8, "a u64");
      long v = word(pos);
      pos += 8;
      return v;
    }

    private long word(int at) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        int byteAt = bigEndian ? at + i : at + 7 - i;
        v = (v << 8) | (data[byteAt] & 0xFF);
      }
      return v;
    }

    /**
     * An item count read just before {@link #pos}, checked against the bytes left (each item
     * taking at least {@code minBytes}) before anything is sized by it.
     */
    int count(long n, int minBytes, String item) throws ClubcardException {
      long max = remaining() / minBytes;
      if (n < 0 || n > max) {
        throw error(pos, "count of " + item + "s " + Long.toUnsignedString(n) + " exceeds the "
            + remaining() + " bytes left");
      }
      return (int) n;
    }

    /** {@code n} u64 words, n just read and checked here. */
    long[] words(long n, String what) throws ClubcardException {
      int count = count(n, 8, what + " word");
      long[] w = new long[count];
      for (int i = 0; i < count; i++) {
        w[i] = word(pos);
        pos += 8;
      }
      return w;
    }
  }

  /** Collects the parsed fields in file order, then sorts and checks them. */
  private static final class Builder {
    final String name;
    final int version;
    byte[] logIds;
    long[] lows;
    long[] highs;
    int[] covIdAt;
    // index in file order
    int[] blkIdAt; // -1 for a block id that is not 32 bytes (never matched by a query)
    long[] blkEntryAt;
    long[] am;
    long[] em;
    long[] ao;
    long[] eo;
    int[] rk;
    boolean[] inv;
    int[] blkExFirst;
    int blocksSeen;
    int[] exAt = new int[16];
    int[] exLen = new int[16];
    int exCount;
    // final
    byte[] blockIds;
    long[] approxM;
    long[] exactM;
    long[] approxOffset;
    long[] exactOffset;
    int[] rank;
    boolean[] inverted;
    int[] blockExceptions;
    int[] exceptionStart;
    byte[] exceptionBytes;
    long[][] approxColumns;
    long[] exact;

    Builder(String name, int version) {
      this.name = name;
      this.version = version;
    }

    void startCoverage(int n) {
      covIdAt = new int[n];
      lows = new long[n];
      highs = new long[n];
    }

    void coverage(int i, int idAt, long low, long high) {
      covIdAt[i] = idAt;
      lows[i] = low;
      highs[i] = high;
    }

    void startIndex(int n) {
      blkIdAt = new int[n];
      blkEntryAt = new long[n];
      am = new long[n];
      em = new long[n];
      ao = new long[n];
      eo = new long[n];
      rk = new int[n];
      inv = new boolean[n];
      blkExFirst = new int[n + 1];
    }

    void block(Cursor c, int i, int idAt, long entryAt, long approxMv, long exactMv,
        long rankV, long approxOff, long exactOff, boolean inverted) throws ClubcardException {
      String what = "index entry " + i + " ";
      checkU32(c, entryAt, what + "approx_m", approxMv);
      checkU32(c, entryAt, what + "exact_m", exactMv);
      checkU32(c, entryAt, what + "approx_offset", approxOff);
      checkU32(c, entryAt, what + "exact_offset", exactOff);
      if (rankV < 0 || rankV > 255) {
        throw c.error(entryAt, what + "rank " + Long.toUnsignedString(rankV) + " above 255");
      }
      blkIdAt[i] = idAt;
      blkEntryAt[i] = entryAt;
      am[i] = approxMv;
      em[i] = exactMv;
      ao[i] = approxOff;
      eo[i] = exactOff;
      rk[i] = (int) rankV;
      inv[i] = inverted;
      blkExFirst[i] = exCount;
      blocksSeen = i + 1;
      blkExFirst[i + 1] = exCount;
    }

    private static void checkU32(Cursor c, long at, String what, long v) throws ClubcardException {
      if (v < 0 || v > U32_MAX) {
        throw c.error(at, what + " " + Long.toUnsignedString(v) + " does not fit in 32 bits");
      }
    }

    void exception(int at, int len) {
      if (exCount == exAt.length) {
        exAt = Arrays.copyOf(exAt, exCount * 2);
        exLen = Arrays.copyOf(exLen, exCount * 2);
      }
      exAt[exCount] = at;
      exLen[exCount] = len;
      exCount++;
      blkExFirst[blocksSeen] = exCount;
    }

    void finish(Cursor c) throws ClubcardException {
      byte[] d = c.data;
      // Coverage: sort by log id, the last duplicate wins.
      int[] cov = sortedLastWins(d, covIdAt);
      logIds = new byte[cov.length * ID_BYTES];
      long[] l = new long[cov.length];
      long[] h = new long[cov.length];
      for (int i = 0; i < cov.length; i++) {
        System.arraycopy(d, covIdAt[cov[i]], logIds, i * ID_BYTES, ID_BYTES);
        l[i] = lows[cov[i]];
        h[i] = highs[cov[i]];
      }
      lows = l;
      highs = h;
      // Index: check ranks against the columns, drop ids that can never match, sort.
      int cols = approxColumns.length;
      int kept = 0;
      for (int i = 0; i < blkIdAt.length; i++) {
        if (am[i] != 0 && rk[i] > cols) {
          throw c.error(blkEntryAt[i], "index entry " + i + ": rank " + rk[i] + " but only "
              + cols + " approximate filter columns");
        }
        if (blkIdAt[i] >= 0) {
          kept++;
        }
      }
      int[] ids = new int[kept];
      int[] fileIndex = new int[kept];
      for (int i = 0, j = 0; i < blkIdAt.length; i++) {
        if (blkIdAt[i] >= 0) {
          ids[j] = blkIdAt[i];
          fileIndex[j++] = i;
        }
      }
      int[] order = sortedLastWins(d, ids);
      int k = order.length;
      blockIds = new byte[k * ID_BYTES];
      approxM = new long[k];
      exactM = new long[k];
      approxOffset = new long[k];
      exactOffset = new long[k];
      rank = new int[k];
      inverted = new boolean[k];
      blockExceptions = new int[k + 1];
      int exTotal = 0;
      int exBytes = 0;
      for (int j = 0; j < k; j++) {
        int i = fileIndex[order[j]];
        for (int e = blkExFirst[i]; e < blkExFirst[i + 1]; e++) {
          exTotal++;
          exBytes += exLen[e];
        }
      }
      exceptionStart = new int[exTotal + 1];
      exceptionBytes = new byte[exBytes];
      int e2 = 0;
      int at = 0;
      for (int j = 0; j < k; j++) {
        int i = fileIndex[order[j]];
        System.arraycopy(d, blkIdAt[i], blockIds, j * ID_BYTES, ID_BYTES);
        approxM[j] = am[i];
        exactM[j] = em[i];
        approxOffset[j] = ao[i];
        exactOffset[j] = eo[i];
        rank[j] = rk[i];
        inverted[j] = inv[i];
        blockExceptions[j] = e2;
        for (int e = blkExFirst[i]; e < blkExFirst[i + 1]; e++) {
          exceptionStart[e2++] = at;
          System.arraycopy(d, exAt[e], exceptionBytes, at, exLen[e]);
          at += exLen[e];
        }
      }
      blockExceptions[k] = e2;
      exceptionStart[e2] = at;
    }

    /**
     * Positions of {@code idAt} ordered by the 32-byte ids they point at (unsigned), keeping of
     * equal ids only the one latest in the file.
     */
    private static int[] sortedLastWins(byte[] d, int[] idAt) {
      int n = idAt.length;
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      mergeSort(d, idAt, order, new int[n], 0, n);
      int out = 0;
      for (int i = 0; i < n; i++) {
        boolean lastOfRun = i + 1 == n || compare(d, idAt[order[i]], idAt[order[i + 1]]) != 0;
        if (lastOfRun) {
          order[out++] = order[i];
        }
      }
      return Arrays.copyOf(order, out);
    }

    /** A stable merge sort (equal ids keep file order). */
    private static void mergeSort(byte[] d, int[] idAt, int[] a, int[] tmp, int from, int to) {
      if (to - from < 2) {
        return;
      }
      int mid = (from + to) >>> 1;
      mergeSort(d, idAt, a, tmp, from, mid);
      mergeSort(d, idAt, a, tmp, mid, to);
      int i = from;
      int j = mid;
      int o = from;
      while (i < mid && j < to) {
        tmp[o++] = compare(d, idAt[a[j]], idAt[a[i]]) < 0 ? a[j++] : a[i++];
      }
      while (i < mid) {
        tmp[o++] = a[i++];
      }
      while (j < to) {
        tmp[o++] = a[j++];
      }
      System.arraycopy(tmp, from, a, from, to - from);
    }

    private static int compare(byte[] d, int x, int y) {
      return Arrays.compareUnsigned(d, x, x + ID_BYTES, d, y, y + ID_BYTES);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Querying

  /** Per-thread scratch: the digest, the hash and its four words. */
  static final class Scratch {
    final MessageDigest sha256;
    final byte[] hash = new byte[32];
    final long[] a = new long[4];
    boolean ready;

    Scratch() {
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is not available", e);
      }
    }

    /** h = SHA-256(issuer ‖ serial); a[i] = little-endian u64 of h[8i..]; bit 0 of a[0] set. */
    void hash(byte[] issuer, byte[] serial) {
      sha256.update(issuer);
      sha256.update(serial);
      try {
        sha256.digest(hash, 0, 32);
      } catch (java.security.DigestException e) {
        throw new IllegalStateException("SHA-256 digest", e);
      }
      for (int i = 0; i < 4; i++) {
        long w = 0;
        for (int j = 7; j >= 0; j--) {
          w = (w << 8) | (hash[8 * i + j] & 0xFF);
        }
        a[i] = w;
      }
      a[0] |= 1;
      ready = true;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  static Scratch scratch() {
    return SCRATCH.get();
  }

  /**
   * The filter's answer for a certificate with one timestamp (see {@link #query(byte[], byte[],
   * byte[], long[], int, int)}), with at least one covered timestamp required.
   */
  public CrliteStatus query(byte[] issuerSpkiSha256, byte[] serial, byte[] logIds,
      long[] timestamps) {
    return query(issuerSpkiSha256, serial, logIds, timestamps, timestamps.length, 1);
  }

  /**
   * This filter's answer for a certificate (cert_storage; spec B1 step 3): when fewer than
   * {@code required} of the {@code count} timestamps lie in the coverage, {@link
   * CrliteStatus#NOT_COVERED}; otherwise, at the first covered timestamp, {@link
   * CrliteStatus#NOT_ENROLLED} when the filter has no block for the issuer, else {@link
   * CrliteStatus#REVOKED} or {@link CrliteStatus#GOOD}.
   *
   * @param issuerSpkiSha256 SHA-256 of the issuer's SubjectPublicKeyInfo DER (32 bytes)
   * @param serial the content octets of the certificate's serial number INTEGER
   * @param logIds the certificate's SCT log ids, 32 bytes each, concatenated
   * @param timestamps the SCT timestamps (ms since 1970, as unsigned 64-bit), one per log id
   * @param count how many (log id, timestamp) pairs to use
   * @param required crlite_timestamps_for_coverage (Firefox: 1)
   */
  public CrliteStatus query(byte[] issuerSpkiSha256, byte[] serial, byte[] logIds,
      long[] timestamps, int count, int required) {
    checkArgs(issuerSpkiSha256, serial, logIds, timestamps, count);
    Scratch s = scratch();
    s.ready = false;
    return query(s, issuerSpkiSha256, serial, logIds, timestamps, count, required);
  }

  static void checkArgs(byte[] issuer, byte[] serial, byte[] logIds, long[] timestamps,
      int count) {
    if (issuer.length != ID_BYTES) {
      throw new IllegalArgumentException("issuer SPKI hash must be 32 bytes");
    }
    if (serial == null) {
      throw new IllegalArgumentException("no serial number");
    }
    if (count < 0 || count > timestamps.length || (long) count * ID_BYTES > logIds.length) {
      throw new IllegalArgumentException("count exceeds the log ids or timestamps given");
    }
  }

  /** The query; {@code s} holds the hash once {@code s.ready}, computed here when first needed. */
  CrliteStatus query(Scratch s, byte[] issuer, byte[] serial, byte[] logIds, long[] timestamps,
      int count, int required) {
    int covered = 0;
    for (int t = 0; t < count; t++) {
      if (covers(logIds, t * ID_BYTES, timestamps[t])) {
        covered++;
      }
    }
    if (covered == 0 || covered < required) {
      return CrliteStatus.NOT_COVERED;
    }
    // At the first covered timestamp; the issuer's block does not depend on which one.
    int b = findBlock(issuer);
    if (b < 0) {
      return CrliteStatus.NOT_ENROLLED;
    }
    if (!s.ready) {
      s.hash(issuer, serial);
    }
    return member(b, s.a, serial) ? CrliteStatus.REVOKED : CrliteStatus.GOOD;
  }

  /** Whether (log id at {@code ids[at..]}, ts) is in the universe: low ≤ ts ≤ high, unsigned. */
  boolean covers(byte[] ids, int at, long ts) {
    int i = bisect(logIds, lows.length, ids, at);
    return i >= 0 && Long.compareUnsigned(lows[i], ts) <= 0
        && Long.compareUnsigned(ts, highs[i]) <= 0;
  }

  private int findBlock(byte[] issuer) {
    return bisect(blockIds, rank.length, issuer, 0);
  }

  private static int bisect(byte[] sorted, int n, byte[] key, int at) {
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int off = mid * ID_BYTES;
      int c = Arrays.compareUnsigned(sorted, off, off + ID_BYTES, key, at, at + ID_BYTES);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  /** clubcard's unchecked_contains for block {@code b} (spec B2 "Membership query" 3–6). */
  private boolean member(int b, long[] a, byte[] serial) {
    return raw(b, a, serial) ^ inverted[b];
  }

  private boolean raw(int b, long[] a, byte[] serial) {
    long am = approxM[b];
    if (am == 0) {
      return false;
    }
    long s = Long.remainderUnsigned(a[3], am) + approxOffset[b];
    for (int i = 0, r = rank[b]; i < r; i++) {
      if (parity(approxColumns[i], s, a) != 0) {
        return false;
      }
    }
    long sx = Long.remainderUnsigned(a[3], Math.max(1, exactM[b])) + exactOffset[b];
    if (parity(exact, sx, a) != 0) {
      return false;
    }
    for (int e = blockExceptions[b]; e < blockExceptions[b + 1]; e++) {
      if (Arrays.equals(exceptionBytes, exceptionStart[e], exceptionStart[e + 1], serial, 0,
          serial.length)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The GF(2) inner product of the 256 bits of {@code a} with bits [s, s + 256) of {@code z};
   * words past the end of {@code z} read as 0.
   */
  static int parity(long[] z, long s, long[] a) {
    long limbL = s >>> 6;
    if (limbL >= z.length) {
      return 0;
    }
    int limb = (int) limbL;
    int sh = (int) (s & 63);
    int end = Math.min(z.length, limb + 4);
    long r = 0;
    for (int i = limb; i < end; i++) {
      long tmp = z[i] >>> sh;
      if (sh != 0 && i + 1 < z.length) {
        tmp |= z[i + 1] << (64 - sh);
      }
      r ^= tmp & a[i - limb];
    }
    return Long.bitCount(r) & 1;
  }

  // ------------------------------------------------------------------------------------------
  // Inspection

  /** The name given when reading (the file's path). */
  public String name() {
    return name;
  }

  /** The file format: 3 or 4. */
  public int version() {
    return version;
  }

  /** Number of distinct logs in the coverage. */
  public int coverageCount() {
    return lows.length;
  }

  /** The i-th covered log id (in unsigned byte order). */
  public byte[] coverageLogId(int i) {
    return Arrays.copyOfRange(logIds, i * ID_BYTES, (i + 1) * ID_BYTES);
  }

  /** The low end of the i-th log's interval (ms, unsigned). */
  public long coverageLow(int i) {
    return lows[i];
  }

  /** The high end of the i-th log's interval (ms, unsigned, inclusive). */
  public long coverageHigh(int i) {
    return highs[i];
  }

  /** Number of enrolled issuers (blocks with a 32-byte id). */
  public int blockCount() {
    return rank.length;
  }

  /** Whether the filter has a block for this issuer SPKI hash. */
  public boolean isEnrolled(byte[] issuerSpkiSha256) {
    return issuerSpkiSha256.length == ID_BYTES && findBlock(issuerSpkiSha256) >= 0;
  }

  /** Total exceptions over all blocks. */
  public int exceptionCount() {
    return exceptionStart.length - 1;
  }

  @Override
  public String toString() {
    return "Clubcard[" + name + ", V" + version + ", " + lows.length + " logs, " + rank.length
        + " issuers, " + approxColumns.length + " columns]";
  }
}
