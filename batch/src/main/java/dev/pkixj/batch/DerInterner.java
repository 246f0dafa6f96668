package dev.pkixj.batch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Content-addressed, bounded, lock-free memo from a certificate's base64 text to its DER bytes, so
 * that a certificate that repeats across records (an intermediate in every chain, a re-captured
 * leaf) is decoded once and every record hands the verifier the <em>same</em> array (whose own
 * content-addressed cache then hits on identity, keeping the parse and the signature result).
 *
 * <p>A 2-way set-associative table: a lookup hashes the length and the last bytes of the text
 * (which lie in the signature, so are effectively random) and confirms a hit by comparing the
 * whole text, so a hit can only return the bytes decoded from identical text. Text is admitted
 * on its second sighting: the first leaves only its hash in a {@link Doorkeeper}, so the stream
 * of leaves seen once keeps nothing alive for the garbage collector to copy. An admitted entry
 * goes into the set's second way; a hit in the second way swaps it into the first. Certificates seen a few times (re-captured leaves)
 * therefore only ever displace each other, and the repeated ones (intermediates) stay. Races
 * between threads can drop an entry, which only costs a decode. Memory is bounded by the
 * capacity times the size of the certificates.
 */
public final class DerInterner {
  private static final class Entry {
    final byte[] text;
    final byte[] der;

    Entry(byte[] text, byte[] der) {
      this.text = text;
      this.der = der;
    }
  }

  private final AtomicReferenceArray<Entry> slots;
  private final int setMask;
  private final Doorkeeper seen;
  private final LongAdder lookups = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder leafLookups = new LongAdder();
  private final LongAdder leafHits = new LongAdder();

  /** @param capacity entries (rounded up to a power of two, at least 2) */
  public DerInterner(int capacity) {
    int n = Math.max(2, Integer.highestOneBit(Math.max(1, capacity - 1)) << 1);
    slots = new AtomicReferenceArray<>(n);
    setMask = n - 2;
    seen = new Doorkeeper(n);
  }

  public long lookups() {
    return lookups.sum();
  }

  public long hits() {
    return hits.sum();
  }

  /** Lookups of end-entity certificates (the first of a chain). */
  public long leafLookups() {
    return leafLookups.sum();
  }

  public long leafHits() {
    return leafHits.sum();
  }

  /** As {@link #decode(byte[], int, int)}, also counted as an end-entity's when {@code leaf}. */
  public byte[] decode(byte[] b, int off, int len, boolean leaf) {
    lookups.increment();
    if (leaf) {
      leafLookups.increment();
    }
    int h = hash(b, off, len);
    int set = h & setMask;
    Entry e0 = slots.get(set);
    if (e0 != null && matches(e0.text, b, off, len)) {
      hit(leaf);
      return e0.der;
    }
    Entry e1 = slots.get(set + 1);
    if (e1 != null && matches(e1.text, b, off, len)) {
      hit(leaf);
      slots.set(set, e1); // promote: seen at least twice
      slots.set(set + 1, e0);
      return e1.der;
    }
    byte[] der = decodeBase64(b, off, len);
    if (seen.admit(h)) {
      slots.set(set + 1, new Entry(Arrays.copyOfRange(b, off, off + len), der));
    }
    return der;
  }

  private void hit(boolean leaf) {
    hits.increment();
    if (leaf) {
      leafHits.increment();
    }
  }

  /**
   * The DER of the base64 text {@code b[off, off+len)} (standard alphabet, padded; the URL-safe
   * alphabet is accepted too).
   *
   * @throws IllegalArgumentException when the text is not base64
   */
  public byte[] decode(byte[] b, int off, int len) {
    return decode(b, off, len, false);
  }

  /**
   * The shared instance equal to {@code der} (for inputs that arrive as DER, such as CT
   * entries). Use a separate interner from the one that decodes base64.
   */
  public byte[] intern(byte[] der) {
    lookups.increment();
    int h = hash(der, 0, der.length);
    int set = h & setMask;
    Entry e0 = slots.get(set);
    if (e0 != null && Arrays.equals(e0.der, der)) {
      hits.increment();
      return e0.der;
    }
    Entry e1 = slots.get(set + 1);
    if (e1 != null && Arrays.equals(e1.der, der)) {
      hits.increment();
      slots.set(set, e1);
      slots.set(set + 1, e0);
      return e1.der;
    }
    if (seen.admit(h)) {
      slots.set(set + 1, new Entry(der, der));
    }
    return der;
  }


  /** Base64 (standard, else URL-safe) of {@code b[off, off+len)}. */
  static byte[] decodeBase64(byte[] b, int off, int len) {
    byte[] fast = decodeCanonical(b, off, len);
    return fast != null ? fast : decodeJdk(b, off, len);
  }

  /** The value of each standard-alphabet character, -1 for every other byte. */
  private static final int[] VALUE = new int[256];

  static {
    Arrays.fill(VALUE, -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; i++) {
      VALUE[alphabet.charAt(i)] = i;
    }
  }

  /**
   * The length of the base64 text of a DER certificate that starts at {@code b[s]}, read from
   * its first eight characters (the outer SEQUENCE's two-byte length, "MII…"), or 0 when the
   * text does not start that way. Only a hint for finding the end of the text: whatever it
   * says, the text is then decoded and checked in full.
   */
  static int derTextLength(byte[] b, int s, int end) {
    if (s + 8 > end || b[s] != 'M' || b[s + 1] != 'I' || b[s + 2] != 'I') {
      return 0;
    }
    int c3 = VALUE[b[s + 3] & 0xff];
    int c4 = VALUE[b[s + 4] & 0xff];
    int c5 = VALUE[b[s + 5] & 0xff];
    if ((c3 | c4 | c5) < 0) {
      return 0;
    }
    int der = 4 + ((c3 << 8) | ((c4 << 2) & 0xff) | (c5 >> 4)); // 30 82 HH LL
    return (der + 2) / 3 * 4;
  }

  /**
   * The common case without the JDK decoder's buffer juggling: standard alphabet, padded to a
   * multiple of four, unused bits zero; decoded straight into an array of the exact size. Null
   * for anything else, which {@link #decodeJdk} then decodes or words the error of, so both
   * paths accept and return exactly the same.
   */
  static byte[] decodeCanonical(byte[] b, int off, int len) {
    if (len == 0 || (len & 3) != 0) {
      return null;
    }
    int end = off + len;
    int pad = b[end - 1] == '=' ? (b[end - 2] == '=' ? 2 : 1) : 0;
    byte[] out = new byte[len / 4 * 3 - pad];
    int full = end - (pad == 0 ? 0 : 4); // quads without padding
    int o = 0;
    int p = off;
    for (; p < full; p += 4) {
      int v = (VALUE[b[p] & 0xff] << 18) | (VALUE[b[p + 1] & 0xff] << 12)
          | (VALUE[b[p + 2] & 0xff] << 6) | VALUE[b[p + 3] & 0xff];
      if (v < 0) {
        return null;
      }
      out[o] = (byte) (v >> 16);
      out[o + 1] = (byte) (v >> 8);
      out[o + 2] = (byte) v;
      o += 3;
    }
    if (pad != 0) {
      int c0 = VALUE[b[p] & 0xff];
      int c1 = VALUE[b[p + 1] & 0xff];
      int c2 = pad == 1 ? VALUE[b[p + 2] & 0xff] : 0;
      if ((c0 | c1 | c2) < 0) {
        return null;
      }
      int v = (c0 << 18) | (c1 << 12) | (c2 << 6);
      if ((pad == 2 ? v & 0xffff : v & 0xff) != 0) {
        return null; // non-zero unused bits: the JDK decides
      }
      out[o] = (byte) (v >> 16);
      if (pad == 1) {
        out[o + 1] = (byte) (v >> 8);
      }
    }
    return out;
  }

  private static byte[] decodeJdk(byte[] b, int off, int len) {
    ByteBuffer out;
    try {
      out = Base64.getDecoder().decode(ByteBuffer.wrap(b, off, len));
    } catch (IllegalArgumentException e) {
      try {
        out = Base64.getUrlDecoder().decode(ByteBuffer.wrap(b, off, len));
      } catch (IllegalArgumentException e2) {
        throw new IllegalArgumentException("invalid base64 (" + e.getMessage() + ")");
      }
    }
    byte[] a = out.array();
    if (out.arrayOffset() == 0 && out.position() == 0 && out.remaining() == a.length) {
      return a;
    }
    return Arrays.copyOfRange(a, out.arrayOffset() + out.position(),
        out.arrayOffset() + out.limit());
  }

  private static int hash(byte[] b, int off, int len) {
    int h = len * 0x9E3779B1;
    int end = off + len;
    // Skip the padding: the last characters before it come from the signature.
    while (end > off && b[end - 1] == '=') {
      end--;
    }
    for (int i = Math.max(off, end - 24); i < end; i++) {
      h = (h ^ b[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  private static boolean matches(byte[] text, byte[] b, int off, int len) {
    return text.length == len && Arrays.equals(text, 0, len, b, off, off + len);
  }
}
