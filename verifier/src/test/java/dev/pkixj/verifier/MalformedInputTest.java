package dev.pkixj.verifier;

import static dev.pkixj.verifier.Chains.NOW;
import static dev.pkixj.verifier.Chains.ders;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.TestPki;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bad input always ends in a defined result: every truncation and thousands of random mutations
 * of valid certificates go through parsing and the whole verifier without any exception and
 * without the verifier reporting its own failure.
 */
class MalformedInputTest {

  private static void assertDefined(Result r, String what) {
    assertNotNull(r, what);
    assertNotEquals(Result.SEC_ERROR_LIBRARY_FAILURE, r, what);
  }

  @Test
  void everyTruncationOfALeafIsADefinedError() {
    for (TestPki pki : List.of(TestPki.rsa(), TestPki.ec())) {
      Verifier v = Verifier.withRoots(ders(pki.root()));
      byte[] leaf = pki.leaf().der();
      for (int len = 0; len < leaf.length; len++) {
        byte[] cut = Arrays.copyOf(leaf, len);
        try {
          Cert.parse(cut);
          throw new AssertionError("a truncated certificate parsed at length " + len);
        } catch (PkixException expected) {
          assertDefined(expected.result(), "parse at " + len);
        }
        VerificationResult r = v.verifyServer(List.of(cut, pki.intermediate().der()),
            TestPki.LEAF_HOST, NOW);
        assertEquals(Result.SEC_ERROR_BAD_DER, r.result(), "truncated to " + len);
      }
    }
  }

  @Test
  void everyTruncationOfTheIntermediateFailsTheChain() {
    TestPki pki = TestPki.ec();
    Verifier v = Verifier.withRoots(ders(pki.root()));
    byte[] ica = pki.intermediate().der();
    for (int len = 0; len < ica.length; len++) {
      byte[] cut = Arrays.copyOf(ica, len);
      Result r = v.verifyServer(List.of(pki.leaf().der(), cut), TestPki.LEAF_HOST, NOW).result();
      // A handshake certificate that does not parse is never offered: the issuer is unknown.
      assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, r, "intermediate truncated to " + len);
    }
  }

  @Test
  void randomMutationsNeverThrow() {
    SplittableRandom random = new SplittableRandom(20261128L);
    Map<Result, Integer> seen = new EnumMap<>(Result.class);
    for (TestPki pki : List.of(TestPki.rsa(), TestPki.ec(), TestPki.mixed())) {
      Verifier v = Verifier.withRoots(ders(pki.root()));
      byte[][] originals = {pki.leaf().der(), pki.intermediate().der()};
      for (int i = 0; i < 1500; i++) {
        int which = random.nextInt(2);
        byte[] mutated = originals[which].clone();
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips; f++) {
          int pos = random.nextInt(mutated.length);
          switch (random.nextInt(3)) {
            case 0: mutated[pos] ^= (byte) (1 << random.nextInt(8)); break;
            case 1: mutated[pos] = (byte) random.nextInt(256); break;
            default: mutated[pos] = (byte) (random.nextBoolean() ? 0x00 : 0xff);
          }
        }
        List<byte[]> chain = which == 0
            ? List.of(mutated, originals[1]) : List.of(originals[0], mutated);
        Result r = v.verifyServer(chain, TestPki.LEAF_HOST, NOW).result();
        assertDefined(r, "mutation " + i);
        seen.merge(r, 1, Integer::sum);
      }
    }
    // The mutations really exercised the checks, not one code path.
    org.junit.jupiter.api.Assertions.assertTrue(seen.size() >= 6, "codes seen: " + seen);
  }
}
