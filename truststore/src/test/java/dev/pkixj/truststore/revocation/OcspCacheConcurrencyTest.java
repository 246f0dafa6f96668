package dev.pkixj.truststore.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Many threads hammer a small cache with gets, puts (replacing, refused, evicting, dropped) and,
 * in a second phase, clears; every invariant is checked as it happens:
 * <ul>
 *   <li>the size never exceeds the capacity (checked continuously, and exactly at the end by
 *       counting);</li>
 *   <li>a Revoked entry is never replaced nor evicted: checked on every replacement and eviction
 *       (the observer sees the exact pair the CAS swapped), and by readers, which must keep
 *       getting the very same Revoked entry object for a key once they saw it;</li>
 *   <li>thisUpdate never goes backwards on a replacement unless the new entry is Revoked, and
 *       only good/unknown/revoked replace;</li>
 *   <li>no torn or mixed entries: every entry read has its fields consistent with one put of
 *       that key (validThrough encodes the key, the result and thisUpdate of the put);</li>
 *   <li>a key is never present twice.</li>
 * </ul>
 */
class OcspCacheConcurrencyTest {
  private static final Result[] RESULTS = {
    Result.SUCCESS,
    Result.SEC_ERROR_OCSP_UNKNOWN_CERT,
    Result.SEC_ERROR_REVOKED_CERTIFICATE,
    Result.SEC_ERROR_OCSP_SERVER_ERROR,
    Result.SEC_ERROR_OCSP_OLD_RESPONSE,
  };
  private static final int CAPACITY = 16;
  private static final int KEYS = 48;
  private static final int THREADS = 8;
  private static final CertId[] IDS = new CertId[KEYS];
  private static final OcspCache.Key[] KEY_OBJECTS = new OcspCache.Key[KEYS];

  static {
    for (int i = 0; i < KEYS; i++) {
      IDS[i] = OcspCacheTest.id(i);
      KEY_OBJECTS[i] = OcspCache.key(IDS[i]);
    }
  }

  private static int codeOf(Result r) {
    for (int i = 0; i < RESULTS.length; i++) {
      if (RESULTS[i] == r) {
        return i;
      }
    }
    return -1;
  }

  /** What validThrough must be for a put of (key, result, thisUpdate). */
  private static long encode(int key, Result r, long thisUpdate) {
    return thisUpdate * 1000 + key * 10L + codeOf(r);
  }

  private static int keyIndex(OcspCache.Key k) {
    for (int i = 0; i < KEYS; i++) {
      if (KEY_OBJECTS[i].equals(k)) {
        return i;
      }
    }
    return -1;
  }

  private static String checkConsistent(int key, OcspCache.Entry e) {
    int code = codeOf(e.result());
    if (code < 0) {
      return "unexpected result " + e;
    }
    if (!e.key().equals(KEY_OBJECTS[key])) {
      return "entry of another key returned for key " + key + ": " + e;
    }
    if (e.validThrough() != encode(key, e.result(), e.thisUpdate())) {
      return "torn or mixed entry for key " + key + ": " + e;
    }
    return null;
  }

  /** Revoked only for keys 0..3 and rarely; unknown only for keys below 12. */
  private static Result pickResult(SplittableRandom rnd, int key) {
    int p = rnd.nextInt(100);
    if (key < 4 && p < 2) {
      return Result.SEC_ERROR_REVOKED_CERTIFICATE;
    }
    if (key < 12 && p < 12) {
      return Result.SEC_ERROR_OCSP_UNKNOWN_CERT;
    }
    if (p < 70) {
      return Result.SUCCESS;
    }
    return p < 85 ? Result.SEC_ERROR_OCSP_SERVER_ERROR : Result.SEC_ERROR_OCSP_OLD_RESPONSE;
  }

  @Test
  void invariantsHoldUnderContention() throws Exception {
    OcspCache cache = new OcspCache(CAPACITY);
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    LongAdder replacements = new LongAdder();
    LongAdder evictions = new LongAdder();
    LongAdder inserts = new LongAdder();
    cache.setObserver(new OcspCache.Observer() {
      @Override
      public void inserted(OcspCache.Entry e) {
        inserts.increment();
        int k = keyIndex(e.key());
        String v = k < 0 ? "unknown key inserted" : checkConsistent(k, e);
        if (v != null) {
          violations.add(v);
        }
      }

      @Override
      public void replaced(OcspCache.Entry old, OcspCache.Entry replacement) {
        replacements.increment();
        if (!old.key().equals(replacement.key())) {
          violations.add("replacement under another key");
        }
        if (old.result() == Result.SEC_ERROR_REVOKED_CERTIFICATE) {
          violations.add("revoked entry replaced: " + old + " -> " + replacement);
        }
        if (replacement.thisUpdate() < old.thisUpdate()
            && replacement.result() != Result.SEC_ERROR_REVOKED_CERTIFICATE) {
          violations.add("thisUpdate went backwards: " + old + " -> " + replacement);
        }
        Result r = replacement.result();
        if (r != Result.SUCCESS && r != Result.SEC_ERROR_OCSP_UNKNOWN_CERT
            && r != Result.SEC_ERROR_REVOKED_CERTIFICATE) {
          violations.add("replaced by a failure: " + replacement);
        }
      }

      @Override
      public void evicted(OcspCache.Entry e) {
        evictions.increment();
        if (e.result() == Result.SEC_ERROR_REVOKED_CERTIFICATE
            || e.result() == Result.SEC_ERROR_OCSP_UNKNOWN_CERT) {
          violations.add("evicted " + e);
        }
      }
    });

    Map<Integer, OcspCache.Entry> revokedSeen = new ConcurrentHashMap<>();
    runPhase(cache, violations, revokedSeen, 2500, false);

    // Quiescent: exact checks.
    assertTrue(violations.isEmpty(), () -> violations.size() + " violations, first: "
        + violations.peek());
    List<OcspCache.Entry> all = new ArrayList<>();
    cache.forEach(all::add);
    assertEquals(cache.size(), all.size(), "the counter is exact when no put runs");
    assertTrue(all.size() <= CAPACITY);
    Set<Integer> keys = new HashSet<>();
    for (OcspCache.Entry e : all) {
      int k = keyIndex(e.key());
      assertTrue(keys.add(k), "key " + k + " present twice");
      assertEquals(null, checkConsistent(k, e));
    }
    for (Map.Entry<Integer, OcspCache.Entry> r : revokedSeen.entrySet()) {
      assertSame(r.getValue(), cache.get(IDS[r.getKey()], 0), "revoked entries stay");
    }
    // The run exercised every path.
    assertTrue(evictions.sum() > 1000, "evictions: " + evictions.sum());
    assertTrue(replacements.sum() > 1000, "replacements: " + replacements.sum());
    assertTrue(inserts.sum() > 1000, "inserts: " + inserts.sum());

    // Second phase: clears race with everything else; the bound and consistency still hold.
    runPhase(cache, violations, new ConcurrentHashMap<>(), 700, true);
    assertTrue(violations.isEmpty(), () -> violations.size() + " violations, first: "
        + violations.peek());
    List<OcspCache.Entry> after = new ArrayList<>();
    cache.forEach(after::add);
    assertEquals(cache.size(), after.size());
    assertTrue(after.size() <= CAPACITY);
  }

  private static void runPhase(OcspCache cache, Queue<String> violations,
      Map<Integer, OcspCache.Entry> revokedSeen, long millis, boolean withClears)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      final int seed = t;
      Thread th = new Thread(() -> {
        SplittableRandom rnd = new SplittableRandom(seed * 7919L + (withClears ? 1 : 0));
        Map<Integer, OcspCache.Entry> myRevoked = new HashMap<>();
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        long clock = 1_000_000;
        while (!stop.get()) {
          int key = rnd.nextInt(KEYS);
          int op = rnd.nextInt(100);
          if (withClears && op == 0 && rnd.nextInt(50) == 0) {
            cache.clear();
          } else if (op < 45) {
            OcspCache.Entry e = rnd.nextBoolean() ? cache.get(IDS[key], clock)
                : cache.get(KEY_OBJECTS[key], clock);
            if (e != null) {
              String v = checkConsistent(key, e);
              if (v != null) {
                violations.add(v);
              }
              if (!withClears) {
                OcspCache.Entry seen = myRevoked.get(key);
                if (seen != null && seen != e) {
                  violations.add("revoked entry for key " + key + " changed to " + e);
                }
                if (e.result() == Result.SEC_ERROR_REVOKED_CERTIFICATE) {
                  myRevoked.putIfAbsent(key, e);
                  revokedSeen.putIfAbsent(key, e);
                }
              }
            } else if (!withClears && myRevoked.containsKey(key)) {
              violations.add("revoked entry for key " + key + " vanished");
            }
          } else {
            Result r = pickResult(rnd, key);
            // Mostly moving forward, sometimes an older response.
            long thisUpdate = clock + rnd.nextInt(200) - 60;
            clock += rnd.nextInt(3);
            Result put = cache.put(KEY_OBJECTS[key], r, thisUpdate, encode(key, r, thisUpdate),
                clock);
            if (put != Result.SUCCESS && put != r) {
              violations.add("put returned " + put + " for " + r);
            }
          }
          int size = cache.size();
          if (size > CAPACITY || size < 0) {
            violations.add("size " + size);
          }
        }
      });
      threads.add(th);
      th.start();
    }
    start.countDown();
    Thread.sleep(millis);
    stop.set(true);
    for (Thread th : threads) {
      th.join(10_000);
      assertTrue(!th.isAlive(), "a thread is stuck");
    }
  }
}
