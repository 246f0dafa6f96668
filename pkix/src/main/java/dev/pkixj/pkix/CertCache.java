package dev.pkixj.pkix;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Parsed certificates, addressed by content, so that a certificate seen again (an intermediate
 * in every chain, a re-captured leaf) is parsed once and keeps its signature memo.
 *
 * <p>Lock-free and bounded: a fixed table of slots, two per hash bucket; a lookup reads two
 * slots and confirms a hit by comparing the whole DER, so a hit can never return another
 * certificate's view. A certificate is admitted on its second sighting: the first puts it in a
 * small probation table (one sixteenth of the size, direct-mapped by hash), where the next
 * newcomers soon replace it. So a stream of certificates seen once (the leaves of a batch) keeps
 * little alive, for a short time, and the garbage collector does not have to copy or tenure them
 * (bench/RESULTS.md, "Batch", the admission filter), while a certificate seen again soon (a
 * re-captured leaf, an intermediate) moves up with the work already done on it (its signature
 * memo). An admitted certificate takes its bucket's second slot; a hit in the second slot moves
 * that entry to the first. So certificates seen a few times only ever replace each other, and a
 * certificate in use (an intermediate) stays. Parse failures are not cached (bad input must not
 * evict good entries).
 *
 * <p>Not API: callers outside this package use the shared cache through {@link Cert#of(byte[])}.
 */
final class CertCache {
  private static final CertCache SHARED =
      new CertCache(Integer.getInteger("pkixj.certCache.slots", 1 << 16));

  /**
   * The process-wide cache: 65,536 slots by default (a few tens of MB at most for typical
   * certificates); the system property {@code pkixj.certCache.slots} changes the size (benchmarks
   * shrink it so that a pool of leaves really is first-seen).
   */
  static CertCache shared() {
    return SHARED;
  }

  private final AtomicReferenceArray<Cert> slots;
  private final int mask;
  /** Certificates seen once, on probation: admitted into {@code slots} when seen again. */
  private final AtomicReferenceArray<Cert> recent;
  private final int recentMask;

  /** @param capacity number of slots, rounded up to a power of two (at least 2) */
  CertCache(int capacity) {
    int n = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
    slots = new AtomicReferenceArray<>(n);
    mask = n - 2; // even index: bucket of two slots
    int r = Math.max(1, n >>> 4);
    recent = new AtomicReferenceArray<>(r);
    recentMask = r - 1;
  }

  /**
   * The parsed view of {@code der} (which the cache may keep: the caller must not modify it).
   *
   * @throws PkixException the certificate's parse error
   */
  Cert get(byte[] der) throws PkixException {
    int h = hash(der);
    int bucket = h & mask;
    Cert a = slots.get(bucket);
    if (a != null && Arrays.equals(a.der(), der)) {
      return a;
    }
    Cert b = slots.get(bucket + 1);
    if (b != null && Arrays.equals(b.der(), der)) {
      // Used again since its admission: promote it to the first slot, out of the way of the
      // certificates admitted after it.
      slots.set(bucket, b);
      slots.set(bucket + 1, a);
      return b;
    }
    int i = (h >>> 1) & recentMask;
    Cert r = recent.get(i);
    if (r != null && Arrays.equals(r.der(), der)) {
      // Seen again while on probation: admitted into the second slot, where certificates seen a
      // few times (re-captured leaves) only displace each other, never an intermediate that
      // keeps being used. Races may drop an entry; that only costs a re-parse later.
      slots.set(bucket + 1, r);
      recent.compareAndSet(i, r, null);
      return r;
    }
    Cert parsed = Cert.parse(der);
    recent.set(i, parsed);
    return parsed;
  }

  /**
   * A cheap hash: the length and the last 16 bytes, which fall inside the signature and so are
   * effectively random per certificate. Collisions cost a re-parse, never a wrong answer.
   */
  static int hash(byte[] der) {
    int h = der.length * 0x9E3779B1;
    for (int i = Math.max(0, der.length - 16); i < der.length; i++) {
      h = (h ^ der[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
