package dev.pkixj.verifier;

import static dev.pkixj.verifier.Chains.HOST;
import static dev.pkixj.verifier.Chains.NOW;
import static dev.pkixj.verifier.Chains.ders;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One verifier shared by many threads gives each thread the single-threaded answer. */
class ConcurrencyTest {

  @Test
  void sharedVerifierUnderContention() throws Exception {
    TestPki pki = TestPki.mixed();
    TestCert expired = CertBuilder.leaf(HOST).issuer(pki.intermediate())
        .validity(TestClock.daysAgo(50), TestClock.daysAgo(1)).build();
    TestCert badSig = CertBuilder.leaf(HOST).issuer(pki.intermediate()).corruptSignature().build();
    List<List<byte[]>> chains = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      chains.add(ders(pki.newLeaf(i), pki.intermediate()));
    }
    chains.add(ders(expired, pki.intermediate()));
    chains.add(ders(badSig, pki.intermediate()));
    chains.add(ders(pki.leaf())); // missing intermediate
    Verifier v = Verifier.withRoots(ders(pki.root()));
    List<Result> expected = new ArrayList<>();
    for (List<byte[]> c : chains) {
      expected.add(v.verifyServer(c, TestPki.LEAF_HOST, NOW).result());
    }
    assertEquals(Result.SUCCESS, expected.get(0));
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, expected.get(12));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, expected.get(13));
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, expected.get(14));

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 400; i++) {
            int k = (i * 7 + seed) % chains.size();
            assertEquals(expected.get(k), v.verifyServer(chains.get(k), TestPki.LEAF_HOST, NOW).result(),
                "chain " + k);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
