package dev.pkixj.pkix.sig;

import static dev.pkixj.pkix.sig.SigTestSupport.RANDOM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.SignatureAlgorithm.PublicKeyAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SignatureVerifierTest {
  private final SignatureVerifier verifier = new SignatureVerifier(64);

  /** Every algorithm with every key size or curve it is used with. */
  static Stream<Arguments> algorithmsAndKeys() {
    List<Arguments> out = new ArrayList<>();
    for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
      if (alg.publicKeyAlgorithm() == PublicKeyAlgorithm.ECDSA) {
        for (String curve : SigTestSupport.CURVES) {
          out.add(Arguments.of(alg, curve));
        }
      } else {
        for (int bits : SigTestSupport.RSA_SIZES) {
          out.add(Arguments.of(alg, "rsa" + bits));
        }
      }
    }
    return out.stream();
  }

  private static KeyPair key(String spec, int variant) {
    return spec.startsWith("rsa")
        ? SigTestSupport.rsa(Integer.parseInt(spec.substring(3)), variant)
        : SigTestSupport.ec(spec, variant);
  }

  private Result verify(SignatureAlgorithm alg, byte[] data, byte[] sig, byte[] spki) {
    return verifier.verify(alg, data, 0, data.length, Input.of(sig), Input.of(spki));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("algorithmsAndKeys")
  void signedByTheJdkVerifiesAndAnyFlippedBitFails(SignatureAlgorithm alg, String keySpec) {
    KeyPair kp = key(keySpec, 0);
    byte[] spki = kp.getPublic().getEncoded();
    for (int round = 0; round < 4; round++) {
      byte[] data = SigTestSupport.randomBytes(round == 0 ? 0 : RANDOM.nextInt(2000) + 1);
      byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
      assertEquals(Result.SUCCESS, verify(alg, data, sig, spki));
      // The data as a slice of a larger array.
      byte[] padded = SigTestSupport.concat(SigTestSupport.randomBytes(7), data,
          SigTestSupport.randomBytes(5));
      assertEquals(Result.SUCCESS, verifier.verify(alg, padded, 7, data.length, Input.of(sig),
          Input.of(spki)));
      assertEquals(Result.SUCCESS, verifier.verify(alg, data, 0, data.length,
          new Input(SigTestSupport.concat(new byte[3], sig), 3, sig.length),
          new Input(SigTestSupport.concat(new byte[9], spki, new byte[2]), 9, spki.length)));
      if (data.length > 0) {
        byte[] flipped = SigTestSupport.flipBit(data, RANDOM.nextInt(data.length * 8));
        assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, flipped, sig, spki));
      }
      byte[] badSig = SigTestSupport.flipBit(sig, RANDOM.nextInt(sig.length * 8));
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, badSig, spki));
      // Another key of the same kind.
      byte[] otherSpki = key(keySpec, 1).getPublic().getEncoded();
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, sig, otherSpki));
      // A flipped bit in the key material.
      if (alg.publicKeyAlgorithm() == PublicKeyAlgorithm.ECDSA) {
        // Changing a coordinate moves the point off the curve.
        int fieldBytes = SigTestSupport.fieldBytes(keySpec);
        int bit = (spki.length - 2 * fieldBytes) * 8 + RANDOM.nextInt(2 * fieldBytes * 8);
        assertEquals(Result.SEC_ERROR_INVALID_KEY,
            verify(alg, data, sig, SigTestSupport.flipBit(spki, bit)));
      } else {
        BigInteger n = ((RSAPublicKey) kp.getPublic()).getModulus();
        BigInteger e = ((RSAPublicKey) kp.getPublic()).getPublicExponent();
        BigInteger n2 = n.flipBit(1 + RANDOM.nextInt(n.bitLength() - 2));
        assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
            verify(alg, data, sig, SigTestSupport.rsaSpki(n2, e)));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void agreesWithTheJdkOnRandomMessagesAndMutations(SignatureAlgorithm alg) {
    int agreedValid = 0;
    int agreedInvalid = 0;
    for (int i = 0; i < 200; i++) {
      KeyPair kp;
      if (alg.publicKeyAlgorithm() == PublicKeyAlgorithm.ECDSA) {
        kp = SigTestSupport.ec(SigTestSupport.CURVES[i % 3], i % 2);
      } else {
        kp = SigTestSupport.rsa(i % 5 == 4 ? 3072 : 2048, i % 2);
      }
      byte[] data = SigTestSupport.randomBytes(RANDOM.nextInt(600));
      byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
      switch (RANDOM.nextInt(6)) {
        case 0:
        case 1:
          break;
        case 2:
          data = SigTestSupport.concat(data, new byte[] {(byte) RANDOM.nextInt()});
          break;
        case 3:
          sig = SigTestSupport.flipBit(sig, RANDOM.nextInt(sig.length * 8));
          break;
        case 4:
          sig[RANDOM.nextInt(sig.length)] = (byte) RANDOM.nextInt();
          break;
        default:
          sig = SigTestSupport.sign(alg, kp.getPrivate(), SigTestSupport.randomBytes(16));
      }
      boolean jdk = SigTestSupport.jdkVerify(alg, kp.getPublic(), data, sig);
      Result ours = verify(alg, data, sig, kp.getPublic().getEncoded());
      assertTrue(ours == Result.SUCCESS || ours == Result.SEC_ERROR_BAD_SIGNATURE, ours::name);
      assertEquals(jdk, ours == Result.SUCCESS, () -> "disagreement on " + alg);
      if (jdk) {
        agreedValid++;
      } else {
        agreedInvalid++;
      }
    }
    assertTrue(agreedValid > 40 && agreedInvalid > 40, agreedValid + "/" + agreedInvalid);
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void aKeyOfTheWrongFamilyIsABadSignature(SignatureAlgorithm alg) {
    byte[] data = SigTestSupport.randomBytes(100);
    KeyPair kp = SigTestSupport.keyFor(alg);
    byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
    KeyPair other = alg.publicKeyAlgorithm() == PublicKeyAlgorithm.ECDSA
        ? SigTestSupport.rsa(2048)
        : SigTestSupport.ec("secp256r1");
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(alg, data, sig, other.getPublic().getEncoded()));
  }

  @Test
  void theSignatureAlgorithmMustMatchTheOneUsed() {
    byte[] data = SigTestSupport.randomBytes(100);
    KeyPair rsa = SigTestSupport.rsa(2048);
    byte[] spki = rsa.getPublic().getEncoded();
    byte[] pkcs1 = SigTestSupport.sign(SignatureAlgorithm.RSA_PKCS1_SHA256, rsa.getPrivate(), data);
    byte[] pss = SigTestSupport.sign(SignatureAlgorithm.RSA_PSS_SHA256, rsa.getPrivate(), data);
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(SignatureAlgorithm.RSA_PSS_SHA256, data, pkcs1, spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(SignatureAlgorithm.RSA_PKCS1_SHA256, data, pss, spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(SignatureAlgorithm.RSA_PKCS1_SHA384, data, pkcs1, spki));
    KeyPair ec = SigTestSupport.ec("secp384r1");
    byte[] ecdsa = SigTestSupport.sign(SignatureAlgorithm.ECDSA_SHA384, ec.getPrivate(), data);
    assertEquals(Result.SUCCESS,
        verify(SignatureAlgorithm.ECDSA_SHA384, data, ecdsa, ec.getPublic().getEncoded()));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(SignatureAlgorithm.ECDSA_SHA256, data, ecdsa, ec.getPublic().getEncoded()));
  }

  @Test
  void invalidArgumentsAreReportedNotThrown() {
    KeyPair kp = SigTestSupport.ec("secp256r1");
    Input spki = SigTestSupport.spki(kp);
    byte[] data = new byte[10];
    Input sig = Input.of(new byte[8]);
    SignatureAlgorithm alg = SignatureAlgorithm.ECDSA_SHA256;
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, verifier.verify(null, data, 0, 10, sig, spki));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, verifier.verify(alg, null, 0, 0, sig, spki));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, verifier.verify(alg, data, 0, 10, null, spki));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, verifier.verify(alg, data, 0, 10, sig, null));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, verifier.verify(alg, data, -1, 5, sig, spki));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, verifier.verify(alg, data, 0, 11, sig, spki));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, verifier.verify(alg, data, 6, 5, sig, spki));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, verifier.verify(alg, data, 5, -1, sig, spki));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS,
        verifier.verify(alg, data, Integer.MAX_VALUE, 2, sig, spki));
  }

  @Test
  void cacheCapacityIsRoundedToAPowerOfTwo() {
    assertEquals(2, new SignatureVerifier(1).keyCacheCapacity());
    assertEquals(2, new SignatureVerifier(2).keyCacheCapacity());
    assertEquals(4, new SignatureVerifier(3).keyCacheCapacity());
    assertEquals(1024, new SignatureVerifier(1000).keyCacheCapacity());
    assertEquals(1024, new SignatureVerifier(1024).keyCacheCapacity());
    assertTrue(SignatureVerifier.shared().keyCacheCapacity() >= 1024);
  }

  @Test
  void aCachedKeyIsReusedAndADifferentKeyIsNot() {
    SignatureVerifier v = new SignatureVerifier(8);
    KeyPair a = SigTestSupport.ec("secp256r1", 0);
    KeyPair b = SigTestSupport.ec("secp256r1", 1);
    ParsedKey ka = v.key(SigTestSupport.spki(a));
    assertTrue(ka == v.key(Input.of(a.getPublic().getEncoded().clone())));
    assertTrue(ka != v.key(SigTestSupport.spki(b)));
  }
}
