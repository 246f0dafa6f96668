package dev.pkixj.truststore.revocation;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Firefox's OCSP cache ({@code security/certverifier/OCSPCache.cpp}), lock-free.
 *
 * <h2>What Firefox does (and this class does too)</h2>
 * <ul>
 *   <li><b>Key</b>: SHA-384 of the CertID's issuer Name (DER, tag and length included), the
 *       issuer's SubjectPublicKeyInfo (DER), the serial number's length as two bytes <i>least
 *       significant first</i> (OCSPCache.cpp {@code DigestLength}: {@code array[0] = length &
 *       255; array[1] = length >> 8}), and the serial number's INTEGER contents. No first-party
 *       isolation (Firefox appends the first-party domain only when
 *       {@code privacy.firstParty.isolate} is on). A serial number of 65,536 bytes or more has no
 *       key (Firefox's {@code CertIDHash} fails): {@link #key} throws, {@link #put} returns
 *       {@link Result#SEC_ERROR_LIBRARY_FAILURE}.</li>
 *   <li><b>Entry</b>: {result, thisUpdate, validThrough}. {@link #get} returns an entry whatever
 *       its age: deciding what a stale entry means (a stale Revoked still counts) is the
 *       revocation policy's business, as in Firefox.</li>
 *   <li><b>Put on an existing entry</b>, in this order: a Revoked entry is never replaced; an
 *       entry with a later thisUpdate is not replaced unless the new result is Revoked; only
 *       Success, OCSP_UNKNOWN_CERT and REVOKED_CERTIFICATE replace an entry (a failure never
 *       does). Whether replaced or not, the entry becomes the most recently used.</li>
 *   <li><b>Put of a new entry when full</b> ({@link #FIREFOX_MAX_ENTRIES} = 1024): the least
 *       recently used entry that is neither Revoked nor OCSP_UNKNOWN_CERT is evicted; if every
 *       entry is Revoked or Unknown, the new entry is dropped and {@code put} returns <i>its
 *       result</i> (Firefox returns {@code aResult}: Success for a good response, the error
 *       otherwise, which CheckRevocation then returns as the verification's result).</li>
 *   <li>What is cached (responses, staples, network errors with validThrough = now + 5 min) is
 *       decided by the caller (the trust domain's revocation policy).</li>
 * </ul>
 *
 * <h2>Concurrency (where this differs from Firefox's mutex)</h2>
 * Readers never block and never take a lock; writers use CAS loops (lock-free: a failed CAS means
 * another operation succeeded).
 * <ul>
 *   <li><b>Table</b>: a fixed array of {@code nextPowerOfTwo(capacity)} buckets
 *       ({@link AtomicReferenceArray}); a bucket holds an <i>immutable</i> array of immutable
 *       {@link Entry} objects, replaced as a whole by CAS (copy-on-write per bucket; a bucket
 *       holds about one entry on average since keys are SHA-384 digests). A key lives only in its
 *       bucket, so a key is never present twice, and a reader sees either the old or the new
 *       entry, never a mix of fields ({@code result}, {@code thisUpdate} and {@code validThrough}
 *       are final fields of one object published by the CAS).</li>
 *   <li><b>Replacement rules</b> are decided against the exact entry the CAS replaces, so "never
 *       replace Revoked" and "never move thisUpdate backwards except for Revoked" hold under any
 *       interleaving.</li>
 *   <li><b>Bound</b>: a counter of reserved slots. A new key first reserves a slot (CAS on the
 *       counter while it is below the capacity) or takes the slot of an entry it evicts (the
 *       eviction's CAS removes the victim and hands its slot over without touching the counter);
 *       only then is it inserted. Every entry present holds a slot, so the table never holds more
 *       than {@code capacity} entries, at any instant.</li>
 *   <li><b>LRU approximation</b>: Firefox keeps an exact most-recently-used list (every Get and
 *       Put moves the entry to its end) and evicts by walking it from the least recently used
 *       end. Here every entry carries an access stamp taken from a global logical clock: a Get
 *       or Put that uses an entry stores {@code clock.incrementAndGet()} into it with a relaxed
 *       (opaque) write, unless the entry's stamp already equals the clock (it is then the most
 *       recently used entry already, so nothing changes and hot entries cause no shared writes).
 *       A new or replacing entry is created with a fresh stamp. Eviction scans all entries and
 *       removes the evictable one (not Revoked, not Unknown) with the smallest stamp. With one
 *       thread at a time this is exactly Firefox's order (stamps are unique and increase with
 *       every use). Under concurrency it is approximate in three bounded ways: (1) uses that
 *       overlap in time get stamps in the order they drew from the clock, not in any other order
 *       (overlapping operations have no defined order anyway); (2) two overlapping uses of the
 *       same entry may store their stamps in the wrong order, leaving the smaller of two recent
 *       stamps; (3) the eviction scan is not atomic, so an entry used while the scan runs may
 *       still be chosen. None of these can evict a Revoked or Unknown entry, or remove anything
 *       but the scanned entry object itself (the removal CAS is on its bucket and checks the
 *       entry's identity).</li>
 * </ul>
 * The clock is a logical counter rather than a wall-clock time so that verification times in the
 * past (batch verification at a given date) do not disturb the recency order.
 */
public final class OcspCache {
  /** Firefox's {@code OCSPCache::MaxEntries}. */
  public static final int FIREFOX_MAX_ENTRIES = 1024;

  /** SHA-384 digest length. */
  private static final int KEY_LENGTH = 48;

  private static final VarHandle LAST_USED;

  static {
    try {
      LAST_USED = MethodHandles.lookup().findVarHandle(Entry.class, "lastUsed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final ThreadLocal<MessageDigest> SHA384 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 missing from the JDK", e);
    }
  });

  /**
   * The cache key of a certificate: Firefox's {@code CertIDHash}, a SHA-384 digest (kept as six
   * longs for fast comparison). Immutable; compute it once per revocation check.
   */
  public static final class Key {
    private final long k0;
    private final long k1;
    private final long k2;
    private final long k3;
    private final long k4;
    private final long k5;

    private Key(byte[] d) {
      k0 = longAt(d, 0);
      k1 = longAt(d, 8);
      k2 = longAt(d, 16);
      k3 = longAt(d, 24);
      k4 = longAt(d, 32);
      k5 = longAt(d, 40);
    }

    private static long longAt(byte[] d, int o) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[o + i] & 0xff);
      }
      return v;
    }

    /** The 48-byte SHA-384 digest. */
    public byte[] digest() {
      byte[] out = new byte[KEY_LENGTH];
      long[] ks = {k0, k1, k2, k3, k4, k5};
      for (int j = 0; j < ks.length; j++) {
        for (int i = 0; i < 8; i++) {
          out[j * 8 + i] = (byte) (ks[j] >>> (56 - 8 * i));
        }
      }
      return out;
    }

    boolean sameAs(Key o) {
      return this == o || (k0 == o.k0 && k1 == o.k1 && k2 == o.k2 && k3 == o.k3 && k4 == o.k4
          && k5 == o.k5);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && sameAs((Key) o);
    }

    @Override
    public int hashCode() {
      return (int) (k0 ^ (k0 >>> 32));
    }

    @Override
    public String toString() {
      return String.format("Key[%016x%016x…]", k0, k1);
    }
  }

  /**
   * One cached status (Firefox's {@code OCSPCache::Entry}). The status fields are final: an
   * entry never changes after it is published; a replacement is a new entry. Only the access
   * stamp used for the eviction order changes.
   */
  public static final class Entry {
    private final Key key;
    private final Result result;
    private final long thisUpdate;
    private final long validThrough;
    private final long cachedAt;
    /** Access stamp (logical clock); written with opaque (relaxed) stores. */
    @SuppressWarnings("unused") // through LAST_USED
    private long lastUsed;

    Entry(Key key, Result result, long thisUpdate, long validThrough, long cachedAt, long stamp) {
      this.key = key;
      this.result = result;
      this.thisUpdate = thisUpdate;
      this.validThrough = validThrough;
      this.cachedAt = cachedAt;
      this.lastUsed = stamp;
    }

    /** The cached verdict: Success, REVOKED_CERTIFICATE, OCSP_UNKNOWN_CERT, or a failure. */
    public Result result() { return result; }

    /**
     * The response's thisUpdate, seconds since the epoch; for a failure, the time given to
     * {@link #put} (Firefox: the verification time for a network error, an uninitialised, i.e.
     * earliest, time for an unverifiable response — {@link Long#MIN_VALUE} here).
     */
    public long thisUpdate() { return thisUpdate; }

    /** Until when the entry is trustworthy, seconds since the epoch. */
    public long validThrough() { return validThrough; }

    /** The {@code now} given to the {@link #put} that created this entry (diagnostics only). */
    public long cachedAt() { return cachedAt; }

    /** The access stamp (logical clock value of the last use); larger = more recent. */
    public long lastUsed() { return (long) LAST_USED.getOpaque(this); }

    /** The key this entry is stored under. */
    public Key key() { return key; }

    void touch(long stamp) {
      LAST_USED.setOpaque(this, stamp);
    }

    @Override
    public String toString() {
      return "Entry[" + result.firefoxName() + ", thisUpdate=" + thisUpdate + ", validThrough="
          + validThrough + "]";
    }
  }

  /** Sees every change at the moment its CAS succeeded (tests; never on the read path). */
  interface Observer {
    void inserted(Entry e);

    void replaced(Entry old, Entry replacement);

    void evicted(Entry e);
  }

  private final int capacity;
  private final int mask;
  private final AtomicReferenceArray<Entry[]> buckets;
  /** Slots reserved: every entry present holds one; never above {@link #capacity}. */
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicLong clock = new AtomicLong();
  private volatile Observer observer;

  /** A cache of Firefox's size, {@value #FIREFOX_MAX_ENTRIES} entries. */
  public OcspCache() {
    this(FIREFOX_MAX_ENTRIES);
  }

  /** A cache of at most {@code capacity} entries (1..2^24). */
  public OcspCache(int capacity) {
    if (capacity < 1 || capacity > (1 << 24)) {
      throw new IllegalArgumentException("capacity " + capacity);
    }
    this.capacity = capacity;
    int n = Integer.highestOneBit(capacity);
    if (n < capacity) {
      n <<= 1;
    }
    this.mask = n - 1;
    this.buckets = new AtomicReferenceArray<>(n);
  }

  void setObserver(Observer o) {
    this.observer = o;
  }

  /** The most entries this cache holds. */
  public int capacity() {
    return capacity;
  }

  /**
   * Firefox's {@code CertIDHash} of {@code certId}.
   *
   * @throws IllegalArgumentException if the serial number is 65,536 bytes or longer
   */
  public static Key key(CertId certId) {
    Objects.requireNonNull(certId, "certId");
    Input serial = certId.serialNumber();
    if (serial.len() >= 65536) {
      throw new IllegalArgumentException("serial number of " + serial.len() + " bytes");
    }
    MessageDigest md = SHA384.get();
    md.reset();
    update(md, certId.issuer());
    update(md, certId.issuerSubjectPublicKeyInfo());
    md.update((byte) (serial.len() & 0xff));
    md.update((byte) ((serial.len() >>> 8) & 0xff));
    update(md, serial);
    return new Key(md.digest());
  }

  private static void update(MessageDigest md, Input in) {
    md.update(unsafeGetData(in), in.off(), in.len());
  }

  private int bucketOf(Key k) {
    long h = k.k0 ^ (k.k0 >>> 29);
    return (int) h & mask;
  }

  private static int indexOf(Entry[] bucket, Key k) {
    if (bucket != null) {
      for (int i = 0; i < bucket.length; i++) {
        if (bucket[i].key.sameAs(k)) {
          return i;
        }
      }
    }
    return -1;
  }

  /** As {@link #get(Key, long)} with {@link #key(CertId)}. */
  public Entry get(CertId certId, long now) {
    Key k;
    try {
      k = key(certId);
    } catch (IllegalArgumentException e) {
      return null; // Firefox: FindInternal fails, "not in cache"
    }
    return get(k, now);
  }

  /**
   * Firefox's {@code OCSPCache::Get}: the entry for {@code key}, or null; a hit makes the entry
   * the most recently used. Never blocks.
   *
   * @param now the verification time; not used to filter (Firefox returns stale entries too,
   *     and the caller decides what they mean)
   */
  public Entry get(Key key, long now) {
    Entry[] bucket = buckets.getAcquire(bucketOf(key));
    if (bucket != null) {
      for (Entry e : bucket) {
        if (e.key.sameAs(key)) {
          touch(e);
          return e;
        }
      }
    }
    return null;
  }

  /** Makes {@code e} the most recently used, unless it already is. */
  private void touch(Entry e) {
    long c = clock.getOpaque();
    if (e.lastUsed() < c) {
      e.touch(clock.incrementAndGet());
    }
  }

  /** As {@link #put(Key, Result, long, long, long)} with {@link #key(CertId)}. */
  public Result put(CertId certId, Result result, long thisUpdate, long validThrough, long now) {
    Key k;
    try {
      k = key(certId);
    } catch (IllegalArgumentException e) {
      return Result.SEC_ERROR_LIBRARY_FAILURE; // Firefox: Entry::Init fails
    }
    return put(k, result, thisUpdate, validThrough, now);
  }

  /**
   * Firefox's {@code OCSPCache::Put}: caches {@code result} with its thisUpdate and
   * validThrough, under the replacement and eviction rules of the class comment.
   *
   * @param now the verification time (recorded in the entry for diagnostics)
   * @return {@link Result#SUCCESS}, or, when the cache is full of Revoked and Unknown entries and
   *     the new entry had to be dropped, {@code result} itself (Firefox returns {@code aResult})
   */
  public Result put(Key key, Result result, long thisUpdate, long validThrough, long now) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(result, "result");
    final int b = bucketOf(key);
    boolean haveSlot = false;
    while (true) {
      Entry[] bucket = buckets.getAcquire(b);
      int i = indexOf(bucket, key);
      if (i >= 0) {
        if (haveSlot) {
          // Another thread inserted this key meanwhile: give the slot back and update instead.
          reserved.decrementAndGet();
          haveSlot = false;
        }
        Entry current = bucket[i];
        if (!replaces(current, result, thisUpdate)) {
          touch(current);
          return Result.SUCCESS;
        }
        Entry replacement =
            new Entry(key, result, thisUpdate, validThrough, now, clock.incrementAndGet());
        Entry[] next = bucket.clone();
        next[i] = replacement;
        if (buckets.compareAndSet(b, bucket, next)) {
          Observer o = observer;
          if (o != null) {
            o.replaced(current, replacement);
          }
          return Result.SUCCESS;
        }
        continue;
      }
      if (!haveSlot) {
        if (!acquireSlot()) {
          // Everything is Revoked or Unknown: drop the new entry, as Firefox does.
          return result;
        }
        haveSlot = true;
        continue; // the bucket may have changed while evicting
      }
      Entry added = new Entry(key, result, thisUpdate, validThrough, now, clock.incrementAndGet());
      Entry[] next;
      if (bucket == null) {
        next = new Entry[] {added};
      } else {
        next = new Entry[bucket.length + 1];
        System.arraycopy(bucket, 0, next, 0, bucket.length);
        next[bucket.length] = added;
      }
      if (buckets.compareAndSet(b, bucket, next)) {
        Observer o = observer;
        if (o != null) {
          o.inserted(added);
        }
        return Result.SUCCESS;
      }
    }
  }

  /** Firefox's three rules for a Put on an existing entry. */
  private static boolean replaces(Entry current, Result result, long thisUpdate) {
    if (current.result == Result.SEC_ERROR_REVOKED_CERTIFICATE) {
      return false; // never replace an entry indicating a revoked certificate
    }
    if (current.thisUpdate > thisUpdate && result != Result.SEC_ERROR_REVOKED_CERTIFICATE) {
      return false; // never replace a newer entry with an older one, unless revoked
    }
    return result == Result.SUCCESS || result == Result.SEC_ERROR_OCSP_UNKNOWN_CERT
        || result == Result.SEC_ERROR_REVOKED_CERTIFICATE;
  }

  /** Reserves a slot for a new entry, evicting if full; false if nothing can be evicted. */
  private boolean acquireSlot() {
    while (true) {
      int n = reserved.get();
      if (n < capacity) {
        if (reserved.compareAndSet(n, n + 1)) {
          return true;
        }
        continue;
      }
      if (evictOne()) {
        return true; // the victim's slot is now ours
      }
      if (reserved.get() >= capacity) {
        return false;
      }
      // A slot was freed meanwhile (clear()): try again.
    }
  }

  private static boolean evictable(Entry e) {
    return e.result != Result.SEC_ERROR_REVOKED_CERTIFICATE
        && e.result != Result.SEC_ERROR_OCSP_UNKNOWN_CERT;
  }

  /**
   * Removes the least recently used evictable entry (approximately, see the class comment) and
   * keeps its slot for the caller. False if no entry is evictable.
   */
  private boolean evictOne() {
    while (true) {
      Entry victim = null;
      int victimBucket = -1;
      long oldest = Long.MAX_VALUE;
      for (int b = 0; b <= mask; b++) {
        Entry[] bucket = buckets.getAcquire(b);
        if (bucket == null) {
          continue;
        }
        for (Entry e : bucket) {
          if (evictable(e)) {
            long stamp = e.lastUsed();
            if (stamp < oldest || victim == null) {
              oldest = stamp;
              victim = e;
              victimBucket = b;
            }
          }
        }
      }
      if (victim == null) {
        return false;
      }
      while (true) {
        Entry[] bucket = buckets.getAcquire(victimBucket);
        int i = -1;
        if (bucket != null) {
          for (int j = 0; j < bucket.length; j++) {
            if (bucket[j] == victim) {
              i = j;
              break;
            }
          }
        }
        if (i < 0) {
          break; // replaced or evicted by someone else: scan again
        }
        Entry[] next;
        if (bucket.length == 1) {
          next = null;
        } else {
          next = new Entry[bucket.length - 1];
          System.arraycopy(bucket, 0, next, 0, i);
          System.arraycopy(bucket, i + 1, next, i, bucket.length - i - 1);
        }
        if (buckets.compareAndSet(victimBucket, bucket, next)) {
          Observer o = observer;
          if (o != null) {
            o.evicted(victim);
          }
          return true;
        }
      }
    }
  }

  /**
   * The number of entries, counting the slots of insertions in progress (so it is exact when no
   * put is running); never more than {@link #capacity()}.
   */
  public int size() {
    return reserved.get();
  }

  /** Firefox's {@code OCSPCache::Clear}: removes every entry. */
  public void clear() {
    for (int b = 0; b <= mask; b++) {
      Entry[] removed = buckets.getAndSet(b, null);
      if (removed != null) {
        reserved.addAndGet(-removed.length);
      }
    }
  }

  /** Visits every entry present (a weakly consistent scan). */
  public void forEach(java.util.function.Consumer<Entry> action) {
    for (int b = 0; b <= mask; b++) {
      Entry[] bucket = buckets.getAcquire(b);
      if (bucket != null) {
        for (Entry e : bucket) {
          action.accept(e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "OcspCache[" + size() + "/" + capacity + "]";
  }
}
