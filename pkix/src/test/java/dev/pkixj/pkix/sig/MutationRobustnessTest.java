package dev.pkixj.pkix.sig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of SPKI and signature bytes: the verifier never throws, never reports an
 * internal failure, and accepts only the unmodified inputs.
 */
class MutationRobustnessTest {
  private static final Set<Result> ALLOWED = EnumSet.of(
      Result.SUCCESS,
      Result.SEC_ERROR_BAD_SIGNATURE,
      Result.SEC_ERROR_BAD_DER,
      Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
      Result.SEC_ERROR_UNSUPPORTED_KEYALG,
      Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE,
      Result.SEC_ERROR_UNSUPPORTED_EC_POINT_FORM,
      Result.SEC_ERROR_INVALID_KEY);

  private final Random rnd = new Random(20240611L);

  private byte[] mutate(byte[] in) {
    byte[] b = in.clone();
    switch (rnd.nextInt(9)) {
      case 0: // flip one bit
        b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        return b;
      case 1: // replace one byte
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
        return b;
      case 2: // replace a byte in the first few (tags and lengths)
        b[rnd.nextInt(Math.min(b.length, 12))] = (byte) rnd.nextInt();
        return b;
      case 3: // truncate
        return Arrays.copyOf(b, rnd.nextInt(b.length));
      case 4: // extend
        return SigTestSupport.concat(b, SigTestSupport.randomBytes(1 + rnd.nextInt(4)));
      case 5: { // delete a byte
        int i = rnd.nextInt(b.length);
        return SigTestSupport.concat(Arrays.copyOf(b, i), Arrays.copyOfRange(b, i + 1, b.length));
      }
      case 6: { // insert a byte
        int i = rnd.nextInt(b.length + 1);
        return SigTestSupport.concat(Arrays.copyOf(b, i), new byte[] {(byte) rnd.nextInt()},
            Arrays.copyOfRange(b, i, b.length));
      }
      case 7: // several changes
        for (int k = 0; k < 4; k++) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
        }
        return b;
      default: { // length byte tweaks: ±1 on a random early byte
        int i = rnd.nextInt(Math.min(b.length, 8));
        b[i] += rnd.nextBoolean() ? 1 : -1;
        return b;
      }
    }
  }

  @Test
  void mutatedKeysAndSignaturesNeverThrowAndNeverVerify() {
    SignatureVerifier verifier = new SignatureVerifier(8);
    Object[][] cases = {
      {SigTestSupport.rsa(2048), SignatureAlgorithm.RSA_PKCS1_SHA256},
      {SigTestSupport.rsa(2048), SignatureAlgorithm.RSA_PSS_SHA256},
      {SigTestSupport.ec("secp256r1"), SignatureAlgorithm.ECDSA_SHA256},
      {SigTestSupport.ec("secp384r1"), SignatureAlgorithm.ECDSA_SHA384},
      {SigTestSupport.ec("secp521r1"), SignatureAlgorithm.ECDSA_SHA512},
    };
    int accepted = 0;
    int rounds = 0;
    java.util.Map<Result, Integer> seen = new java.util.EnumMap<>(Result.class);
    for (Object[] c : cases) {
      KeyPair kp = (KeyPair) c[0];
      SignatureAlgorithm alg = (SignatureAlgorithm) c[1];
      byte[] data = SigTestSupport.randomBytes(200);
      byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
      byte[] spki = kp.getPublic().getEncoded();
      for (int i = 0; i < 800; i++) {
        byte[] s2 = i % 3 == 1 ? sig : mutate(sig);
        byte[] k2 = i % 3 == 0 ? spki : mutate(spki);
        SignatureAlgorithm a2 = i % 17 == 0
            ? SignatureAlgorithm.values()[rnd.nextInt(SignatureAlgorithm.values().length)]
            : alg;
        Result r = verifier.verify(a2, data, 0, data.length, Input.of(s2), Input.of(k2));
        rounds++;
        seen.merge(r, 1, Integer::sum);
        assertTrue(ALLOWED.contains(r), () -> "unexpected " + r);
        if (r == Result.SUCCESS) {
          accepted++;
          assertEquals(alg, a2);
          assertTrue(Arrays.equals(s2, sig) && Arrays.equals(k2, spki),
              "only the original inputs verify");
        }
      }
    }
    assertTrue(rounds == 4000 && accepted < rounds);
    // The mutations reach every layer: DER, key validation and the signature arithmetic.
    // (Typically ~1600 BAD_SIGNATURE, ~1800 BAD_DER, ~300 INVALID_KEY, ~250 UNSUPPORTED_KEYALG.)
    Object[][] atLeast = {
      {Result.SEC_ERROR_BAD_SIGNATURE, 500}, {Result.SEC_ERROR_BAD_DER, 500},
      {Result.SEC_ERROR_INVALID_KEY, 50}, {Result.SEC_ERROR_UNSUPPORTED_KEYALG, 50},
      {Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE, 1}, {Result.SEC_ERROR_UNSUPPORTED_EC_POINT_FORM, 1},
    };
    for (Object[] a : atLeast) {
      assertTrue(seen.getOrDefault((Result) a[0], 0) >= (Integer) a[1], () -> a[0] + " in " + seen);
    }
  }

  @Test
  void randomBytesNeverThrow() {
    SignatureVerifier verifier = new SignatureVerifier(4);
    byte[] goodEc = SigTestSupport.ec("secp256r1").getPublic().getEncoded();
    for (int i = 0; i < 2000; i++) {
      byte[] sig = SigTestSupport.randomBytes(rnd.nextInt(80));
      byte[] spki = i % 2 == 0 ? SigTestSupport.randomBytes(rnd.nextInt(120)) : goodEc;
      if (i % 4 == 1 && sig.length > 2) {
        sig[0] = 0x30; // a plausible SEQUENCE header
        sig[1] = (byte) (sig.length - 2);
      }
      SignatureAlgorithm alg = SignatureAlgorithm.values()[i % SignatureAlgorithm.values().length];
      byte[] data = SigTestSupport.randomBytes(i % 50);
      Result r = verifier.verify(alg, data, 0, data.length, Input.of(sig), Input.of(spki));
      assertTrue(ALLOWED.contains(r) && r != Result.SUCCESS, () -> "unexpected " + r);
    }
  }
}
