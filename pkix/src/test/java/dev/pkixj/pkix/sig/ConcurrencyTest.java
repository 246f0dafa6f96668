package dev.pkixj.pkix.sig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConcurrencyTest {
  private static final int THREADS = 4;

  /** One verification and its expected result. */
  private static final class Job {
    final SignatureAlgorithm alg;
    final byte[] data;
    final Input sig;
    final Input spki;
    final Result expected;

    Job(SignatureAlgorithm alg, byte[] data, byte[] sig, byte[] spki, Result expected) {
      this.alg = alg;
      this.data = data;
      this.sig = Input.of(sig);
      this.spki = Input.of(spki);
      this.expected = expected;
    }
  }

  private static List<Job> jobs() {
    List<Job> jobs = new ArrayList<>();
    Object[][] keys = {
      {SigTestSupport.rsa(2048, 0), SignatureAlgorithm.RSA_PKCS1_SHA256},
      {SigTestSupport.rsa(2048, 1), SignatureAlgorithm.RSA_PSS_SHA384},
      {SigTestSupport.ec("secp256r1", 0), SignatureAlgorithm.ECDSA_SHA256},
      {SigTestSupport.ec("secp256r1", 1), SignatureAlgorithm.ECDSA_SHA384},
      {SigTestSupport.ec("secp384r1", 0), SignatureAlgorithm.ECDSA_SHA384},
      {SigTestSupport.ec("secp521r1", 0), SignatureAlgorithm.ECDSA_SHA512},
    };
    for (Object[] k : keys) {
      KeyPair kp = (KeyPair) k[0];
      SignatureAlgorithm alg = (SignatureAlgorithm) k[1];
      byte[] spki = kp.getPublic().getEncoded();
      for (int i = 0; i < 4; i++) {
        byte[] data = SigTestSupport.randomBytes(100 + i);
        byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
        jobs.add(new Job(alg, data, sig, spki, Result.SUCCESS));
        byte[] other = data.clone();
        other[i] ^= 1;
        jobs.add(new Job(alg, other, sig, spki, Result.SEC_ERROR_BAD_SIGNATURE));
      }
    }
    // An unusable key in the mix.
    byte[] badKey = SigTestSupport.ec("secp256r1").getPublic().getEncoded();
    badKey[badKey.length - 1] ^= 1;
    jobs.add(new Job(SignatureAlgorithm.ECDSA_SHA256, new byte[1], new byte[8], badKey,
        Result.SEC_ERROR_INVALID_KEY));
    return jobs;
  }

  /**
   * Four threads verify a shuffled mix over six keys. A 2-entry cache forces constant evictions
   * and re-parsing; a large one lets all keys stay and be promoted (concurrently) mid-run.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 1024})
  void manyThreadsGetCorrectResults(int cacheSize) throws Exception {
    List<Job> jobs = jobs();
    SignatureVerifier verifier = new SignatureVerifier(cacheSize);
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    int perThread = 250;
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = t;
        done.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          start.await();
          int n = 0;
          for (int i = 0; i < perThread; i++) {
            Job j = jobs.get(rnd.nextInt(jobs.size()));
            Result r = verifier.verify(j.alg, j.data, 0, j.data.length, j.sig, j.spki);
            if (r != j.expected) {
              failures.add(j.alg + ": " + r + " instead of " + j.expected);
            }
            n++;
          }
          return n;
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get(5, TimeUnit.MINUTES);
      }
      assertEquals(THREADS * perThread, total);
    } finally {
      pool.shutdownNow();
    }
    assertTrue(failures.isEmpty(), () -> failures.size() + " failures, e.g. " + failures.peek());
    if (cacheSize > 2) {
      // The hot EC keys have been promoted to the bigger table by now.
      for (Job j : jobs) {
        ParsedKey k = verifier.key(j.spki);
        if (k instanceof EcKey) {
          int teeth = ((EcKey) k).comb.teeth;
          assertTrue(teeth == EcCurve.Q_TEETH_PROMOTED || teeth == EcCurve.Q_TEETH_HOT,
              "teeth " + teeth);
        }
      }
    }
  }
}
