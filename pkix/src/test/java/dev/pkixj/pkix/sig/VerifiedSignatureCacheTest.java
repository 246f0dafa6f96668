package dev.pkixj.pkix.sig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VerifiedSignatureCacheTest {
  private static final SignatureAlgorithm ALG = SignatureAlgorithm.ECDSA_SHA256;
  private final byte[] data = SigTestSupport.randomBytes(300);
  private final byte[] sig = SigTestSupport.randomBytes(70);
  private final byte[] spki = SigTestSupport.randomBytes(91);

  private static byte[] key(SignatureAlgorithm alg, byte[] d, byte[] s, byte[] k) {
    return VerifiedSignatureCache.key(alg, d, 0, d.length, Input.of(s), Input.of(k));
  }

  @Test
  void theKeyDependsOnEveryInputAndItsFraming() {
    byte[] base = key(ALG, data, sig, spki);
    assertEquals(32, base.length);
    // Identical content in other arrays, at other offsets: the same key.
    byte[] padded = SigTestSupport.concat(new byte[5], data, new byte[3]);
    assertArrayEquals(base, VerifiedSignatureCache.key(ALG, padded, 5, data.length,
        new Input(SigTestSupport.concat(new byte[2], sig), 2, sig.length),
        Input.of(spki.clone())));
    Set<String> keys = new HashSet<>();
    keys.add(Input.of(base).toString());
    keys.add(Input.of(key(SignatureAlgorithm.ECDSA_SHA384, data, sig, spki)).toString());
    keys.add(Input.of(key(ALG, SigTestSupport.flipBit(data, 77), sig, spki)).toString());
    keys.add(Input.of(key(ALG, data, SigTestSupport.flipBit(sig, 3), spki)).toString());
    keys.add(Input.of(key(ALG, data, sig, SigTestSupport.flipBit(spki, 500))).toString());
    keys.add(Input.of(key(ALG, java.util.Arrays.copyOf(data, 299), sig, spki)).toString());
    // Moving a byte from the signature to the data, or from the key to the signature, keeps
    // the concatenation but must change the key.
    byte[] sigShort = java.util.Arrays.copyOf(sig, sig.length - 1);
    byte[] dataLong = SigTestSupport.concat(new byte[] {sig[sig.length - 1]}, data);
    keys.add(Input.of(key(ALG, dataLong, sigShort, spki)).toString());
    byte[] spkiShort = java.util.Arrays.copyOf(spki, spki.length - 1);
    byte[] sigLong = SigTestSupport.concat(new byte[] {spki[spki.length - 1]}, sig);
    keys.add(Input.of(key(ALG, data, sigLong, spkiShort)).toString());
    assertEquals(8, keys.size());
  }

  @Test
  void hitsOnlyForWhatWasAdded() {
    VerifiedSignatureCache cache = new VerifiedSignatureCache(64);
    byte[] k = key(ALG, data, sig, spki);
    assertFalse(cache.contains(k));
    cache.add(k);
    assertTrue(cache.contains(k));
    assertTrue(cache.contains(key(ALG, data.clone(), sig.clone(), spki.clone())));
    assertFalse(cache.contains(key(ALG, SigTestSupport.flipBit(data, 0), sig, spki)));
    assertFalse(cache.contains(key(SignatureAlgorithm.ECDSA_SHA512, data, sig, spki)));
    // The cache keeps its own copy.
    byte[] mutable = k.clone();
    cache.add(mutable);
    mutable[31] ^= 1;
    assertTrue(cache.contains(k));
    assertFalse(cache.contains(mutable));
    cache.clear();
    assertFalse(cache.contains(k));
  }

  @Test
  void itIsBounded() {
    VerifiedSignatureCache cache = new VerifiedSignatureCache(16);
    assertEquals(16, cache.capacity());
    List<byte[]> added = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      byte[] k = key(ALG, SigTestSupport.randomBytes(10), sig, spki);
      cache.add(k);
      added.add(k);
      assertTrue(cache.contains(k), "the latest addition is present");
    }
    long present = added.stream().filter(cache::contains).count();
    assertTrue(present <= 16 && present > 0, "present: " + present);
  }

  @Test
  void capacitiesAndArguments() {
    assertEquals(2, new VerifiedSignatureCache(1).capacity());
    assertEquals(1024, new VerifiedSignatureCache(1000).capacity());
    assertThrows(IllegalArgumentException.class, () -> new VerifiedSignatureCache(0));
    VerifiedSignatureCache cache = new VerifiedSignatureCache(8);
    assertThrows(IllegalArgumentException.class, () -> cache.add(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> cache.contains(new byte[33]));
    assertThrows(IndexOutOfBoundsException.class,
        () -> VerifiedSignatureCache.key(ALG, data, 10, data.length, Input.of(sig), Input.of(spki)));
  }

  @Test
  void concurrentUseIsSafe() throws Exception {
    VerifiedSignatureCache cache = new VerifiedSignatureCache(256);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2000; i++) {
            byte[] k = key(ALG, SigTestSupport.randomBytes(8), sig, spki);
            if (cache.contains(k)) {
              return false; // never added: a false hit
            }
            cache.add(k);
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get(1, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
