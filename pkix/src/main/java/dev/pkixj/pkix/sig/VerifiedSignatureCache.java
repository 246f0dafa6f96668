package dev.pkixj.pkix.sig;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded, lock-free set of (algorithm, key, signature, data) tuples whose signature has been
 * verified, for data that is verified again and again but is not a certificate (OCSP responses,
 * for example).
 *
 * <p>A tuple is identified by {@link #key}: SHA-256 over a domain-separation label, the
 * algorithm's ordinal and the length-prefixed SPKI, signature and data. The framing is injective,
 * so a hit means SHA-256 collided or the very same bytes were verified: a hit can never accept
 * bytes that were not verified. Only add a key after {@link SignatureVerifier#verify} returned
 * SUCCESS for the same inputs.
 *
 * <p>Storage is a 2-way set-associative table of 32-byte digests in an {@link
 * AtomicReferenceArray}: reads never lock, an insertion into a full set replaces one of its two
 * entries at random, so memory stays bounded by the capacity.
 */
public final class VerifiedSignatureCache {
  private static final byte[] LABEL =
      "pkixj VerifiedSignatureCache v1\0".getBytes(StandardCharsets.US_ASCII);

  private final AtomicReferenceArray<byte[]> slots;
  private final int setMask;

  /** @param capacity the number of digests to keep (rounded up to a power of two, at least 2) */
  public VerifiedSignatureCache(int capacity) {
    if (capacity < 1 || capacity > (1 << 24)) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    int size = Math.max(2, Integer.highestOneBit(capacity - 1) << 1);
    this.slots = new AtomicReferenceArray<>(size);
    this.setMask = size - 2;
  }

  /** The number of digests the cache can hold. */
  public int capacity() {
    return slots.length();
  }

  /** True if {@code digest32} (a {@link #key}) was added and has not been evicted. */
  public boolean contains(byte[] digest32) {
    int set = index(digest32);
    return matches(slots.get(set), digest32) || matches(slots.get(set + 1), digest32);
  }

  /** Remembers {@code digest32} (a {@link #key}; copied). */
  public void add(byte[] digest32) {
    int set = index(digest32);
    byte[] a = slots.get(set);
    byte[] b = slots.get(set + 1);
    if (matches(a, digest32) || matches(b, digest32)) {
      return;
    }
    int way = a == null ? 0 : b == null ? 1 : ThreadLocalRandom.current().nextInt() & 1;
    slots.set(set + way, digest32.clone());
  }

  /** Forgets everything. */
  public void clear() {
    for (int i = 0; i < slots.length(); i++) {
      slots.set(i, null);
    }
  }

  /** The cache key of verifying {@code signature} over {@code data[off, off+len)} with {@code spki}. */
  public static byte[] key(SignatureAlgorithm alg, byte[] data, int off, int len, Input signature,
      Input spki) {
    if (off < 0 || len < 0 || off > data.length - len) {
      throw new IndexOutOfBoundsException("data range " + off + "+" + len + " of " + data.length);
    }
    MessageDigest md = Digests.get(DigestAlgorithm.SHA256);
    md.update(LABEL);
    md.update((byte) alg.ordinal());
    updateLength(md, spki.len());
    md.update(unsafeGetData(spki), spki.off(), spki.len());
    updateLength(md, signature.len());
    md.update(unsafeGetData(signature), signature.off(), signature.len());
    updateLength(md, len);
    md.update(data, off, len);
    return md.digest();
  }

  private static void updateLength(MessageDigest md, int len) {
    md.update((byte) (len >>> 24));
    md.update((byte) (len >>> 16));
    md.update((byte) (len >>> 8));
    md.update((byte) len);
  }

  private int index(byte[] digest32) {
    if (digest32.length != 32) {
      throw new IllegalArgumentException("not a SHA-256 digest: " + digest32.length + " bytes");
    }
    int h = (digest32[0] & 0xff) | (digest32[1] & 0xff) << 8 | (digest32[2] & 0xff) << 16
        | (digest32[3] & 0xff) << 24;
    return h & setMask;
  }

  private static boolean matches(byte[] slot, byte[] digest32) {
    return slot != null && Arrays.equals(slot, digest32);
  }
}
