package dev.pkixj.truststore.db;

import dev.pkixj.truststore.TrustEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a file image: both header slots, then every record from {@link Format#RECORDS_START},
 * re-synchronising past damaged regions. It never throws on bad input.
 */
final class Scanner {
  private Scanner() {}

  /** One thing found in the record area, in file order: a valid record or a lost one. */
  record Item(long offset, long end, Rec rec, LostRecord lost, boolean tornHeader) {}

  /** What the scan found. */
  static final class Scan {
    long fileLength;
    Format.Slot best;
    Format.Slot other;
    String[] slotProblem = new String[2];
    Format.Slot newer;
    boolean paddingDirty;
    final List<Item> items = new ArrayList<>();
  }

  static Scan scan(byte[] img, long len) {
    Scan s = new Scan();
    s.fileLength = len;
    Format.Slot[] found = new Format.Slot[2];
    for (int i = 0; i < 2; i++) {
      Format.Slot[] out = new Format.Slot[1];
      String p = Format.decodeSlot(img, len, i, out);
      if ("NEWER".equals(p)) {
        s.newer = out[0];
      } else if (p != null) {
        s.slotProblem[i] = p;
      } else {
        found[i] = out[0];
      }
    }
    if (found[0] != null && found[1] != null) {
      boolean zeroBest = found[0].seq() > found[1].seq();
      s.best = zeroBest ? found[0] : found[1];
      s.other = zeroBest ? found[1] : found[0];
    } else {
      s.best = found[0] != null ? found[0] : found[1];
    }
    int padEnd = (int) Math.min(len, Format.RECORDS_START);
    for (int i = 0; i < padEnd; i++) {
      int inBlock = i % Format.SLOT_STRIDE;
      if (inBlock >= Format.SLOT_SIZE && img[i] != 0) {
        s.paddingDirty = true;
        break;
      }
    }
    if (len > Format.RECORDS_START) {
      scanRecords(img, Format.RECORDS_START, (int) len, 0, s.items);
    }
    return s;
  }

  /**
   * Scans records in {@code buf[from, to)}; offsets reported are {@code base + index}. Damaged
   * regions become lost items; the scan resumes at the next verifiable record header.
   */
  static void scanRecords(byte[] buf, int from, int to, long base, List<Item> out) {
    List<Integer> hashed = new ArrayList<>();
    long hashedBytes = 0;
    int p = from;
    while (p < to) {
      int k = -1;
      int b = -1;
      boolean markerOk = p + 2 <= to && (buf[p] & 0xff) == Format.MARKER_HI
          && (buf[p + 1] & 0xff) == Format.MARKER_LO;
      if (markerOk && p + Format.FIXED <= to) {
        k = buf[p + 3] & 0xff;
        b = Format.i32(buf, p + 4);
      }
      boolean headerOk = k >= 0 && b >= 0 && b <= Format.MAX_BODY
          && p + Format.FIXED + k + 4 <= to
          && Format.crc(buf, p, Format.FIXED + k) == Format.i32(buf, p + Format.FIXED + k);
      if (!headerOk) {
        int q = resync(buf, p + 1, to);
        out.add(new Item(base + p, base + q, null, guessLost(buf, p, q, to, base), q == to));
        p = q;
        continue;
      }
      int code = buf[p + 2] & 0xff;
      byte[] key = Arrays.copyOfRange(buf, p + Format.FIXED, p + Format.FIXED + k);
      RecordType type = RecordType.of(code);
      long total = (long) Format.OVERHEAD + k + b;
      if (p + total > to) {
        out.add(new Item(base + p, base + to, null,
            lost(type, key, base + p, total, true, "cut off by the end of the file"), false));
        p = to;
        continue;
      }
      int end = (int) (p + total);
      if (Format.crc(buf, p, end - p - 4) != Format.i32(buf, end - 4)) {
        out.add(new Item(base + p, base + end, null,
            lost(type, key, base + p, total, true, "record CRC-32C mismatch (body damaged)"),
            false));
        p = end;
        continue;
      }
      int bodyOff = p + Format.FIXED + k + 4;
      try {
        Object value = decode(type, code, key, buf, bodyOff, b);
        byte[] framed = type == RecordType.EXTENSION ? Arrays.copyOfRange(buf, p, end) : null;
        if (type == RecordType.CERT || type == RecordType.INTERMEDIATE) {
          hashed.add(out.size());
          hashedBytes += b;
        }
        out.add(new Item(base + p, base + end,
            new Rec(type, code, key, value, base + p, framed), null, false));
      } catch (Format.BadRecord e) {
        out.add(new Item(base + p, base + end, null,
            lost(type, key, base + p, total, true, e.getMessage()), false));
      } catch (RuntimeException e) {
        out.add(new Item(base + p, base + end, null,
            lost(type, key, base + p, total, true, "invalid content: " + e), false));
      }
      p = end;
    }
    verifyHashes(out, hashed, hashedBytes);
  }

  /** Re-hashes every certificate and compares with its key (a mismatch is its own kind). */
  private static void verifyHashes(List<Item> out, List<Integer> idx, long bytes) {
    MessageDigest md = Format.sha256();
    for (int i : idx) {
      Item it = out.get(i);
      Rec r = it.rec();
      byte[] der = r.value() instanceof TrustEntry e ? e.der() : (byte[]) r.value();
      if (!MessageDigest.isEqual(md.digest(der), r.key())) {
        out.set(i, new Item(it.offset(), it.end(), null, lost(r.type(), r.key(), it.offset(),
            it.end() - it.offset(), true,
            "certificate SHA-256 mismatch: the DER does not hash to the record's key"), false));
      }
    }
  }

  private static Object decode(RecordType type, int code, byte[] key, byte[] buf, int off,
      int len) {
    if (type == null) {
      throw new Format.BadRecord("unknown record type 0x" + Integer.toHexString(code));
    }
    switch (type) {
      case META -> {
        if (key.length != 0 || len != 16) {
          throw new Format.BadRecord("META record has a wrong length");
        }
        return new long[] {Format.i64(buf, off), Format.i64(buf, off + 8)};
      }
      case CERT -> {
        requireSha(key);
        return Format.decodeCert(buf, off, len);
      }
      case INTERMEDIATE -> {
        requireSha(key);
        if (len == 0) {
          throw new Format.BadRecord("empty intermediate");
        }
        return Arrays.copyOfRange(buf, off, off + len);
      }
      case CERT_TOMBSTONE, INTERMEDIATE_TOMBSTONE -> {
        requireSha(key);
        if (len != 0) {
          throw new Format.BadRecord("tombstone with a body");
        }
        return null;
      }
      case SUSPECT -> {
        requireSha(key);
        if (len < 10 || 10 + Format.u16(buf, off + 8) != len) {
          throw new Format.BadRecord("SUSPECT record has a wrong length");
        }
        return new String(buf, off + 10, len - 10, StandardCharsets.UTF_8);
      }
      case OVERRIDE -> {
        return Format.decodeOverride(key, buf, off, len);
      }
      case OVERRIDE_TOMBSTONE -> {
        if (key.length < 3 || len != 0 || Format.overridePort(key) < 1) {
          throw new Format.BadRecord("override tombstone has a wrong length");
        }
        return null;
      }
      case EXTENSION -> {
        return null;
      }
      default -> throw new Format.BadRecord("unexpected record type " + type);
    }
  }

  private static void requireSha(byte[] key) {
    if (key.length != 32) {
      throw new Format.BadRecord("certificate key is not a SHA-256");
    }
  }

  /** The next offset in [from, to) holding a record header whose CRC verifies, else {@code to}. */
  static int resync(byte[] buf, int from, int to) {
    for (int q = from; q + Format.FIXED + 4 <= to; q++) {
      if ((buf[q] & 0xff) != Format.MARKER_HI || (buf[q + 1] & 0xff) != Format.MARKER_LO) {
        continue;
      }
      int k = buf[q + 3] & 0xff;
      int b = Format.i32(buf, q + 4);
      if (b < 0 || b > Format.MAX_BODY || q + Format.FIXED + k + 4 > to) {
        continue;
      }
      if (Format.crc(buf, q, Format.FIXED + k) == Format.i32(buf, q + Format.FIXED + k)) {
        return q;
      }
    }
    return to;
  }

  /**
   * A lost item for a region [p, q) whose header did not verify: when the unverified length
   * field exactly spans the region, type and key are reported as an unverified guess.
   */
  private static LostRecord guessLost(byte[] buf, int p, int q, int to, long base) {
    String reason = q == to && p + Format.FIXED + 4 > to
        ? "incomplete record header at the end of the file"
        : "record header damaged (" + (q - p) + " bytes skipped)";
    if (p + Format.FIXED <= to) {
      int k = buf[p + 3] & 0xff;
      long total = (long) Format.OVERHEAD + k + Format.i32(buf, p + 4);
      RecordType t = RecordType.of(buf[p + 2] & 0xff);
      boolean spans = p + total == q || (q == to && p + total > to);
      if (t != null && t != RecordType.EXTENSION && spans && p + Format.FIXED + k <= to) {
        byte[] key = Arrays.copyOfRange(buf, p + Format.FIXED, p + Format.FIXED + k);
        if (keyFits(t, key)) {
          return lost(t, key, base + p, q - p, false, reason);
        }
      }
    }
    return new LostRecord(null, null, null, 0, base + p, q - p, false, reason);
  }

  private static boolean keyFits(RecordType t, byte[] key) {
    if (t.isCertTrust() || t.isIntermediate()) {
      return key.length == 32;
    }
    if (t.isOverride()) {
      return key.length >= 3;
    }
    return key.length == 0;
  }

  static LostRecord lost(RecordType type, byte[] key, long off, long len, boolean verified,
      String reason) {
    if (type != null && (type.isCertTrust() || type.isIntermediate()) && key.length == 32) {
      return new LostRecord(type, key, null, 0, off, len, verified, reason);
    }
    if (type != null && type.isOverride() && key.length >= 3) {
      return new LostRecord(type, null, Format.overrideHost(key), Format.overridePort(key), off,
          len, verified, reason);
    }
    return new LostRecord(type, null, null, 0, off, len, verified, reason);
  }
}
