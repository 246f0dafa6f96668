package dev.pkixj.truststore.db;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** The byte layout of format version 1; docs/certdb-format.md is the normative description. */
final class Format {
  private Format() {}

  static final byte[] MAGIC = "PKIXJCDB".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  /** Bytes of one header slot. */
  static final int SLOT_SIZE = 64;
  /** Slot i starts at i * SLOT_STRIDE, each on its own 4 KiB block. */
  static final int SLOT_STRIDE = 4096;
  /** The first record starts here. */
  static final int RECORDS_START = 8192;
  /** The two bytes every record starts with. */
  static final int MARKER = 0xC7DB;
  static final int MARKER_HI = 0xC7;
  static final int MARKER_LO = 0xDB;
  /** marker(2) type(1) keyLength(1) bodyLength(4). */
  static final int FIXED = 8;
  /** FIXED + header CRC(4) + record CRC(4). */
  static final int OVERHEAD = 16;
  /** Largest body accepted (a certificate is a few KiB; 16 MiB is far beyond any). */
  static final int MAX_BODY = 1 << 24;
  static final int MAX_HOST_BYTES = 253;

  // ---------------------------------------------------------------- CRC and hashing

  static int crc(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is mandatory in every JDK", e);
    }
  }

  static byte[] sha256(byte[] der) {
    return sha256().digest(der);
  }

  static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  static int i32(byte[] b, int off) {
    return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }

  static long i64(byte[] b, int off) {
    return ((long) i32(b, off) << 32) | (i32(b, off + 4) & 0xffffffffL);
  }

  // ---------------------------------------------------------------- header slots

  /** One decoded header slot. */
  record Slot(int index, int version, long generation, long seq, long committedLength,
      int recordCount, long createdMillis) {}

  static byte[] encodeSlot(int index, long generation, long seq, long committedLength,
      int recordCount, long createdMillis) {
    if (seq % 2 != index) {
      throw new IllegalArgumentException("slot " + index + " cannot hold sequence " + seq);
    }
    ByteBuffer b = ByteBuffer.allocate(SLOT_SIZE);
    b.put(MAGIC).putShort((short) VERSION).putShort((short) SLOT_SIZE).putInt(0)
        .putLong(generation).putLong(seq).putLong(committedLength).putInt(recordCount).putInt(0)
        .putLong(createdMillis).putInt(0);
    byte[] a = b.array();
    b.putInt(crc(a, 0, SLOT_SIZE - 4));
    return a;
  }

  /** Why a slot is unusable, or null when it is valid (then {@code out[0]} holds it). */
  static String decodeSlot(byte[] img, long len, int index, Slot[] out) {
    int off = index * SLOT_STRIDE;
    if (len < off + SLOT_SIZE) {
      return "header slot " + index + " is missing (file is " + len + " bytes)";
    }
    if (crc(img, off, SLOT_SIZE - 4) != i32(img, off + SLOT_SIZE - 4)) {
      boolean zero = true;
      for (int i = off; i < off + SLOT_SIZE; i++) {
        zero &= img[i] == 0;
      }
      return "header slot " + index + (zero ? " is all zeros" : " fails its CRC-32C");
    }
    if (!Arrays.equals(img, off, off + MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return "header slot " + index + " has a wrong magic";
    }
    int version = u16(img, off + 8);
    long seq = i64(img, off + 24);
    Slot s = new Slot(index, version, i64(img, off + 16), seq, i64(img, off + 32),
        i32(img, off + 40), i64(img, off + 48));
    if (version > VERSION) {
      out[0] = s;
      return "NEWER";
    }
    if (version < 1 || u16(img, off + 10) != SLOT_SIZE || i32(img, off + 12) != 0) {
      return "header slot " + index + " has an invalid version or size field";
    }
    if (seq < 0 || seq % 2 != index || s.committedLength < RECORDS_START || s.recordCount < 0) {
      return "header slot " + index + " has inconsistent fields";
    }
    out[0] = s;
    return null;
  }

  // ---------------------------------------------------------------- recognition

  /** True when header slot {@code index} starts with the magic (whatever its checksum says). */
  static boolean hasMagic(byte[] img, long len, int index) {
    int off = index * SLOT_STRIDE;
    return len >= off + MAGIC.length
        && Arrays.equals(img, off, off + MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /**
   * Whether an image is a pkixj database, however damaged (docs/certdb-format.md, "Files pkixj
   * owns"): either header slot starts with the magic, or the record area holds at least one
   * record header whose CRC-32C verifies (both slots destroyed, records intact). Anything else
   * (an empty file, a PEM bundle, garbage) was never written by pkixj and is never repaired.
   */
  static boolean isOurs(byte[] img, int len) {
    if (hasMagic(img, len, 0) || hasMagic(img, len, 1)) {
      return true;
    }
    return len > RECORDS_START && Scanner.resync(img, RECORDS_START, len) < len;
  }

  /** A few words on what a file that is not ours looks like, for the error message. */
  static String describeForeign(byte[] img, int len) {
    if (len == 0) {
      return "an empty file";
    }
    String head = new String(img, 0, Math.min(len, 64), StandardCharsets.ISO_8859_1).trim();
    if (head.startsWith("-----BEGIN")) {
      return "PEM text, no pkixj database header";
    }
    return "no pkixj database header";
  }

  // ---------------------------------------------------------------- record framing

  static byte[] frame(int typeCode, byte[] key, byte[] body) {
    if (key.length > 255 || body.length > MAX_BODY) {
      throw new IllegalArgumentException("record too large");
    }
    int k = key.length;
    byte[] r = new byte[OVERHEAD + k + body.length];
    ByteBuffer b = ByteBuffer.wrap(r);
    b.putShort((short) MARKER).put((byte) typeCode).put((byte) k).putInt(body.length).put(key);
    b.putInt(crc(r, 0, FIXED + k));
    b.put(body);
    b.putInt(crc(r, 0, FIXED + k + 4 + body.length));
    return r;
  }

  // ---------------------------------------------------------------- bodies

  static byte[] metaBody(long generation, long createdMillis) {
    return ByteBuffer.allocate(16).putLong(generation).putLong(createdMillis).array();
  }

  static int trustCode(Trust t) {
    return switch (t) {
      case ANCHOR -> 1;
      case INHERIT -> 2;
      case DISTRUSTED -> 3;
    };
  }

  static Trust trustOf(int code) {
    return switch (code) {
      case 1 -> Trust.ANCHOR;
      case 2 -> Trust.INHERIT;
      case 3 -> Trust.DISTRUSTED;
      default -> null;
    };
  }

  static int sourceCode(Source s) {
    return switch (s) {
      case CERTDATA -> 1;
      case OS -> 2;
      case KEYSTORE -> 3;
      case FILE -> 4;
      case USER -> 5;
      case SEEN -> 6;
    };
  }

  static Source sourceOf(int code) {
    return switch (code) {
      case 2 -> Source.OS;
      case 3 -> Source.KEYSTORE;
      case 4 -> Source.FILE;
      case 5 -> Source.USER;
      default -> null; // CERTDATA (1) and SEEN (6) are never stored as CERT records
    };
  }

  static byte[] certBody(TrustEntry e) {
    byte[] label = e.label().getBytes(StandardCharsets.UTF_8);
    if (label.length > 0xffff) {
      throw new IllegalArgumentException("label longer than 65535 bytes");
    }
    ByteBuffer b = ByteBuffer.allocate(4 + 12 + 2 + label.length + 4 + e.der().length);
    b.put((byte) trustCode(e.trust())).put((byte) sourceCode(e.source()))
        .put((byte) (e.distrustAfter() == null ? 0 : 1)).put((byte) 0);
    b.putLong(e.distrustAfter() == null ? 0 : e.distrustAfter().getEpochSecond());
    b.putInt(e.distrustAfter() == null ? 0 : e.distrustAfter().getNano());
    b.putShort((short) label.length).put(label).putInt(e.der().length).put(e.der());
    return b.array();
  }

  /** Decodes a CERT body; throws {@link BadRecord} when it is not well formed. */
  static TrustEntry decodeCert(byte[] img, int off, int len) {
    if (len < 22) {
      throw new BadRecord("certificate body too short");
    }
    Trust trust = trustOf(img[off] & 0xff);
    Source source = sourceOf(img[off + 1] & 0xff);
    int flags = img[off + 2] & 0xff;
    if (trust == null || source == null || flags > 1 || img[off + 3] != 0) {
      throw new BadRecord("certificate body has an invalid trust, source or flags byte");
    }
    long secs = i64(img, off + 4);
    int nanos = i32(img, off + 12);
    Instant after = null;
    if (flags == 1) {
      if (nanos < 0 || nanos > 999_999_999) {
        throw new BadRecord("invalid distrust-after time");
      }
      after = Instant.ofEpochSecond(secs, nanos);
    } else if (secs != 0 || nanos != 0) {
      throw new BadRecord("distrust-after set without its flag");
    }
    int labelLen = u16(img, off + 16);
    if (18 + labelLen + 4 > len) {
      throw new BadRecord("certificate label runs past the body");
    }
    String label = new String(img, off + 18, labelLen, StandardCharsets.UTF_8);
    int derLen = i32(img, off + 18 + labelLen);
    if (derLen <= 0 || 22 + labelLen + derLen != len) {
      throw new BadRecord("certificate length does not match the body");
    }
    byte[] der = Arrays.copyOfRange(img, off + 22 + labelLen, off + len);
    return new TrustEntry(der, trust, after, label, source);
  }

  static byte[] overrideKey(String host, int port) {
    byte[] h = host.getBytes(StandardCharsets.UTF_8);
    if (h.length == 0 || h.length > MAX_HOST_BYTES) {
      throw new IllegalArgumentException("host must have 1 to 253 bytes: " + host);
    }
    return ByteBuffer.allocate(2 + h.length).putShort((short) port).put(h).array();
  }

  static String overrideHost(byte[] key) {
    return new String(key, 2, key.length - 2, StandardCharsets.UTF_8);
  }

  static int overridePort(byte[] key) {
    return u16(key, 0);
  }

  static byte[] overrideBody(CertOverride o) {
    return ByteBuffer.allocate(44).put(o.sha256()).putLong(o.created().getEpochSecond())
        .putInt(o.created().getNano()).array();
  }

  static CertOverride decodeOverride(byte[] key, byte[] img, int off, int len) {
    if (key.length < 3 || len != 44) {
      throw new BadRecord("override key or body has a wrong length");
    }
    int port = overridePort(key);
    int nanos = i32(img, off + 40);
    if (port < 1 || nanos < 0 || nanos > 999_999_999) {
      throw new BadRecord("override port or time out of range");
    }
    String host = overrideHost(key);
    if (!Arrays.equals(host.getBytes(StandardCharsets.UTF_8), 0, key.length - 2, key, 2,
        key.length)) {
      throw new BadRecord("override host is not valid UTF-8");
    }
    return new CertOverride(host, port, Arrays.copyOfRange(img, off, off + 32),
        Instant.ofEpochSecond(i64(img, off + 32), nanos));
  }

  static byte[] suspectBody(long detectedMillis, String reason) {
    byte[] r = reason.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(r.length, 4000);
    return ByteBuffer.allocate(10 + n).putLong(detectedMillis).putShort((short) n).put(r, 0, n)
        .array();
  }

  /** A record whose checksums verify but whose content is not valid. */
  static final class BadRecord extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRecord(String message) {
      super(message, null, false, false);
    }
  }
}
