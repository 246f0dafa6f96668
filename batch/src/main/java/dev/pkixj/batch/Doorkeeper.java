package dev.pkixj.batch;

/**
 * The admission filter of the base64 interner ({@link DerInterner}): an entry is stored on its
 * second sighting, the first only leaves its hash here (TinyLFU's "doorkeeper"). A stream of
 * items seen once (the leaves of a batch) then keeps nothing alive, so the garbage collector
 * never copies or tenures them (bench/RESULTS.md, "Batch", the admission filter); a re-captured
 * leaf is decoded once more, which costs little (the parsed certificate and its signature memo
 * are the verifier's certificate cache's to keep).
 *
 * <p>One int per slot, 0 empty, shared by every thread without synchronisation: a lost or stale
 * write only admits an item one sighting early or late, never changes what a lookup returns.
 */
final class Doorkeeper {
  private final int[] seen;

  /** @param slots a power of two */
  Doorkeeper(int slots) {
    if (slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    seen = new int[slots];
  }

  /** Whether an item of hash {@code h} was seen before (it is then forgotten here: admitted). */
  boolean admit(int h) {
    int i = (h >>> 1) & (seen.length - 1);
    int tag = h == 0 ? 1 : h;
    if (seen[i] == tag) {
      seen[i] = 0;
      return true;
    }
    seen[i] = tag;
    return false;
  }
}
