package dev.pkixj.pkix.sig;

import static dev.pkixj.pkix.sig.SigTestSupport.concat;
import static dev.pkixj.pkix.sig.SigTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RsaEdgeCaseTest {
  private final SignatureVerifier verifier = new SignatureVerifier(16);

  private Result verify(SignatureAlgorithm alg, byte[] data, byte[] sig, byte[] spki) {
    return verifier.verify(alg, data, 0, data.length, Input.of(sig), Input.of(spki));
  }

  private static final byte[] SHA256_DIGEST_INFO_NULL = hex("3031300d060960864801650304020105000420");
  private static final byte[] SHA256_DIGEST_INFO_ABSENT = hex("302f300b0609608648016503040201" + "0420");

  /** 00 01 FF…FF 00 t, k bytes long. */
  private static byte[] pkcs1(int k, byte[] t) {
    byte[] em = new byte[k];
    em[1] = 1;
    Arrays.fill(em, 2, k - t.length - 1, (byte) 0xff);
    System.arraycopy(t, 0, em, k - t.length, t.length);
    return em;
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"RSA_PKCS1_SHA256", "RSA_PSS_SHA256"})
  void aSignatureMustBeExactlyAsLongAsTheModulus(SignatureAlgorithm alg) {
    KeyPair kp = SigTestSupport.rsa(2048);
    byte[] spki = kp.getPublic().getEncoded();
    byte[] data = SigTestSupport.randomBytes(50);
    byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
    assertEquals(Result.SUCCESS, verify(alg, data, sig, spki));
    // A leading zero keeps the value but not the length: NSS refuses it, so do we.
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(alg, data, concat(new byte[] {0}, sig), spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(alg, data, concat(sig, new byte[] {0}), spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(alg, data, Arrays.copyOfRange(sig, 1, sig.length), spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(alg, data, Arrays.copyOf(sig, sig.length - 1), spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, new byte[0], spki));
    // A signature whose value has a leading zero byte is still k bytes long and verifies:
    // find one (about 1 in 256 signatures; 6,000 tries all miss with probability 1e-10) to be
    // sure lengths are not judged by the value.
    for (int i = 0; i < 6000; i++) {
      byte[] d = SigTestSupport.randomBytes(20);
      byte[] s = SigTestSupport.sign(alg, kp.getPrivate(), d);
      if (s[0] == 0) {
        assertEquals(Result.SUCCESS, verify(alg, d, s, spki));
        assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
            verify(alg, d, Arrays.copyOfRange(s, 1, s.length), spki));
        return;
      }
    }
    throw new AssertionError("no signature with a leading zero byte in 6,000 tries");
  }

  /** 2^2048 * 3/4: moduli under it leave room for s + n in 256 bytes, those over it above 2^2047. */
  private static final BigInteger THREE_QUARTERS_OF_2_TO_2048 =
      BigInteger.valueOf(3).shiftLeft(2046);

  @Test
  void aSignatureMustBeLessThanTheModulus() {
    // s + n must still fit in k bytes, which needs s < 2^(8k) - n. With a modulus close to
    // 2^2048 (about one key in 400) no signature of 50 tries is that small, so pick a modulus
    // under 3/4 of 2^2048: then a third of all signatures qualify.
    KeyPair kp = SigTestSupport.rsa2048Where("under 3/4 of 2^2048",
        n -> n.compareTo(THREE_QUARTERS_OF_2_TO_2048) < 0);
    byte[] spki = kp.getPublic().getEncoded();
    BigInteger n = ((RSAPublicKey) kp.getPublic()).getModulus();
    int k = SigTestSupport.modulusLength(kp);
    SignatureAlgorithm alg = SignatureAlgorithm.RSA_PKCS1_SHA256;
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(alg, new byte[0], RsaKey.toFixed(n, k), spki));
    byte[] allOnes = new byte[k];
    Arrays.fill(allOnes, (byte) 0xff);
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, new byte[0], allOnes, spki));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, new byte[0], new byte[k], spki));
    // s + n ≡ s: congruent to a valid signature, but not below the modulus.
    for (int i = 0; i < 200; i++) {
      byte[] data = SigTestSupport.randomBytes(30);
      byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
      BigInteger sPlusN = new BigInteger(1, sig).add(n);
      if (sPlusN.bitLength() <= 8 * k) {
        byte[] big = RsaKey.toFixed(sPlusN, k);
        assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, big, spki));
        assertFalse(SigTestSupport.jdkVerify(alg, kp.getPublic(), data, big));
        return;
      }
    }
    throw new AssertionError("no signature with s + n < 2^(8k) found");
  }

  @Test
  void onlyTheExactPkcs1EncodingWithNullParametersIsAccepted() throws Exception {
    KeyPair kp = SigTestSupport.rsa(2048);
    byte[] spki = kp.getPublic().getEncoded();
    int k = SigTestSupport.modulusLength(kp);
    SignatureAlgorithm alg = SignatureAlgorithm.RSA_PKCS1_SHA256;
    byte[] data = SigTestSupport.randomBytes(77);
    byte[] h = sha256(data);
    byte[] t = concat(SHA256_DIGEST_INFO_NULL, h);

    // The control: our own encoding, signed with the raw private operation, verifies.
    assertEquals(Result.SUCCESS, verify(alg, data, SigTestSupport.rsaRaw(kp, pkcs1(k, t)), spki));

    // DigestInfo without the NULL parameters (accepted by some libraries, not by NSS's softoken).
    byte[] absent = SigTestSupport.rsaRaw(kp, pkcs1(k, concat(SHA256_DIGEST_INFO_ABSENT, h)));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, absent, spki));

    // Garbage after the hash (the classic Bleichenbacher-2006 layout).
    byte[] em = pkcs1(k, concat(t, new byte[4]));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, SigTestSupport.rsaRaw(kp, em),
        spki));
    // Garbage between the padding and the DigestInfo.
    em = pkcs1(k, concat(new byte[] {0x42}, t));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, SigTestSupport.rsaRaw(kp, em),
        spki));
    // Block type 2, a non-FF padding byte, a missing separator.
    em = pkcs1(k, t);
    em[1] = 2;
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, SigTestSupport.rsaRaw(kp, em),
        spki));
    em = pkcs1(k, t);
    em[5] = (byte) 0xfe;
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, SigTestSupport.rsaRaw(kp, em),
        spki));
    em = pkcs1(k, t);
    em[k - t.length - 1] = (byte) 0xff;
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, SigTestSupport.rsaRaw(kp, em),
        spki));
    // The encoding shifted by one byte (no leading 00).
    em = concat(Arrays.copyOfRange(pkcs1(k, t), 1, k), new byte[] {0});
    if (new BigInteger(1, em).compareTo(((RSAPublicKey) kp.getPublic()).getModulus()) < 0) {
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
          verify(alg, data, SigTestSupport.rsaRaw(kp, em), spki));
    }
    // A DigestInfo whose lengths use the long form.
    byte[] longForm = hex("308131300d060960864801650304020105000420");
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(alg, data, SigTestSupport.rsaRaw(kp, pkcs1(k, concat(longForm, h))), spki));
    // The right DigestInfo for another hash.
    byte[] sha384Info = hex("3041300d060960864801650304020205000430");
    byte[] h384 = MessageDigest.getInstance("SHA-384").digest(data);
    byte[] s384 = SigTestSupport.rsaRaw(kp, pkcs1(k, concat(sha384Info, h384)));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, s384, spki));
    assertEquals(Result.SUCCESS, verify(SignatureAlgorithm.RSA_PKCS1_SHA384, data, s384, spki));
  }

  @Test
  void aSignatureWithAnotherHashIsABadSignature() {
    KeyPair kp = SigTestSupport.rsa(2048);
    byte[] spki = kp.getPublic().getEncoded();
    byte[] data = SigTestSupport.randomBytes(33);
    for (SignatureAlgorithm signedWith : new SignatureAlgorithm[] {
        SignatureAlgorithm.RSA_PKCS1_SHA1, SignatureAlgorithm.RSA_PKCS1_SHA256,
        SignatureAlgorithm.RSA_PKCS1_SHA384, SignatureAlgorithm.RSA_PKCS1_SHA512}) {
      byte[] sig = SigTestSupport.sign(signedWith, kp.getPrivate(), data);
      for (SignatureAlgorithm checkedWith : new SignatureAlgorithm[] {
          SignatureAlgorithm.RSA_PKCS1_SHA1, SignatureAlgorithm.RSA_PKCS1_SHA256,
          SignatureAlgorithm.RSA_PKCS1_SHA384, SignatureAlgorithm.RSA_PKCS1_SHA512,
          SignatureAlgorithm.RSA_PSS_SHA256, SignatureAlgorithm.RSA_PSS_SHA384,
          SignatureAlgorithm.RSA_PSS_SHA512}) {
        assertEquals(signedWith == checkedWith ? Result.SUCCESS : Result.SEC_ERROR_BAD_SIGNATURE,
            verify(checkedWith, data, sig, spki), signedWith + " checked as " + checkedWith);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = SignatureAlgorithm.class, names = {"RSA_PSS_SHA256", "RSA_PSS_SHA384",
      "RSA_PSS_SHA512"})
  void pssNeedsTheSaltLengthAndMgfHashOfTheParameterSet(SignatureAlgorithm alg) throws Exception {
    KeyPair kp = SigTestSupport.rsa(2048);
    byte[] spki = kp.getPublic().getEncoded();
    byte[] data = SigTestSupport.randomBytes(64);
    DigestAlgorithm d = alg.digestAlgorithm();
    int hLen = d.length();
    for (int salt : new int[] {0, 20, hLen - 1, hLen, hLen + 1, 64 == hLen ? 32 : 64}) {
      byte[] sig = signPss(kp, data, SigTestSupport.pss(d, salt));
      assertEquals(salt == hLen ? Result.SUCCESS : Result.SEC_ERROR_BAD_SIGNATURE,
          verify(alg, data, sig, spki), "salt " + salt);
    }
    // MGF1 with another hash.
    MGF1ParameterSpec otherMgf = d == DigestAlgorithm.SHA256 ? MGF1ParameterSpec.SHA384
        : MGF1ParameterSpec.SHA256;
    byte[] sig = signPss(kp, data, new PSSParameterSpec(d.jcaName(), "MGF1", otherMgf, hLen, 1));
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, data, sig, spki));
  }

  private static byte[] signPss(KeyPair kp, byte[] data, PSSParameterSpec spec) throws Exception {
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(spec);
    s.initSign(kp.getPrivate(), SigTestSupport.RANDOM);
    s.update(data);
    return s.sign();
  }

  @Test
  void pssEncodingDefectsAreBadSignatures() throws Exception {
    KeyPair kp = SigTestSupport.rsa(2048);
    byte[] spki = kp.getPublic().getEncoded();
    RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
    BigInteger n = pub.getModulus();
    int k = SigTestSupport.modulusLength(kp);
    SignatureAlgorithm alg = SignatureAlgorithm.RSA_PSS_SHA256;
    for (int i = 0; i < 10; i++) {
      byte[] data = SigTestSupport.randomBytes(40);
      byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
      byte[] em = RsaKey.toFixed(new BigInteger(1, sig).modPow(pub.getPublicExponent(), n), k);
      // Control: re-signing the recovered encoding gives a valid signature.
      assertEquals(Result.SUCCESS, verify(alg, data, SigTestSupport.rsaRaw(kp, em), spki));
      byte[] bad = em.clone();
      bad[k - 1] = (byte) 0xbd; // trailer
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
          verify(alg, data, SigTestSupport.rsaRaw(kp, bad), spki));
      bad = em.clone();
      bad[k - 1 - 32 - 1] ^= 1; // the last salt byte (in maskedDB)
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
          verify(alg, data, SigTestSupport.rsaRaw(kp, bad), spki));
      bad = em.clone();
      bad[k - 2] ^= 1; // H
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
          verify(alg, data, SigTestSupport.rsaRaw(kp, bad), spki));
      bad = em.clone();
      bad[3] ^= 0x10; // the zero padding of DB
      assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
          verify(alg, data, SigTestSupport.rsaRaw(kp, bad), spki));
    }
  }

  @Test
  void pssBitsAboveEmBitsMustBeZero() throws Exception {
    // For a 2048-bit modulus emBits = 2047, so the top bit of EM must be zero. Unmasking clears
    // that bit anyway, so EM | 0x80… is otherwise a valid encoding: only the explicit check (NSS
    // emsa_pss_verify step 6) refuses it. It can only be signed if it is still below n, so take
    // a modulus of at least 3/4 of 2^2048: then half of all encodings fit.
    KeyPair kp = SigTestSupport.rsa2048Where("at least 3/4 of 2^2048",
        n -> n.compareTo(THREE_QUARTERS_OF_2_TO_2048) >= 0);
    RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
    BigInteger n = pub.getModulus();
    int k = SigTestSupport.modulusLength(kp);
    byte[] spki = pub.getEncoded();
    SignatureAlgorithm alg = SignatureAlgorithm.RSA_PSS_SHA256;
    for (int i = 0; i < 1000; i++) {
      byte[] data = SigTestSupport.randomBytes(40);
      byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
      byte[] em = RsaKey.toFixed(new BigInteger(1, sig).modPow(pub.getPublicExponent(), n), k);
      byte[] bad = em.clone();
      bad[0] |= (byte) 0x80;
      if (new BigInteger(1, bad).compareTo(n) < 0) {
        assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
            verify(alg, data, SigTestSupport.rsaRaw(kp, bad), spki));
        assertFalse(SigTestSupport.jdkVerify(alg, pub, data, SigTestSupport.rsaRaw(kp, bad)));
        return;
      }
    }
    throw new AssertionError("no encoding with its top bit set below n in 1000 tries");
  }

  @ParameterizedTest
  @ValueSource(ints = {1025, 2047, 2049, 2050, 2055, 2056})
  void oddModulusSizesAgreeWithTheJdk(int bits) {
    KeyPair kp = SigTestSupport.rsa(bits);
    byte[] spki = kp.getPublic().getEncoded();
    for (SignatureAlgorithm alg : new SignatureAlgorithm[] {SignatureAlgorithm.RSA_PKCS1_SHA256,
        SignatureAlgorithm.RSA_PKCS1_SHA512, SignatureAlgorithm.RSA_PSS_SHA256,
        SignatureAlgorithm.RSA_PSS_SHA384}) {
      for (int i = 0; i < 10; i++) {
        byte[] data = SigTestSupport.randomBytes(1 + i * 13);
        byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
        if (i % 2 == 1) {
          sig = SigTestSupport.flipBit(sig, SigTestSupport.RANDOM.nextInt(sig.length * 8));
        }
        boolean jdk = SigTestSupport.jdkVerify(alg, kp.getPublic(), data, sig);
        assertEquals(i % 2 == 0, jdk);
        assertEquals(jdk ? Result.SUCCESS : Result.SEC_ERROR_BAD_SIGNATURE,
            verify(alg, data, sig, spki), alg + " " + bits + " bits");
      }
    }
  }

  @Test
  void pssNeedsRoomForTheHashAndSalt() {
    // A 1025-bit modulus holds a SHA-512/64-byte-salt encoding (130 ≥ 64 + 64 + 2), but a
    // 1024-bit-or-less one cannot: NSS's emsa_pss_verify refuses before anything else.
    KeyPair small = SigTestSupport.rsa(1024);
    byte[] data = SigTestSupport.randomBytes(10);
    byte[] sig = new byte[SigTestSupport.modulusLength(small)];
    sig[sig.length - 1] = 5;
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(SignatureAlgorithm.RSA_PSS_SHA512, data, sig, small.getPublic().getEncoded()));
  }

  @Test
  void publicExponentsUpTo64BitsAreUsableAndLongerOnesAreNot() throws Exception {
    SignatureAlgorithm alg = SignatureAlgorithm.RSA_PKCS1_SHA256;
    byte[] data = SigTestSupport.randomBytes(20);
    for (BigInteger e : new BigInteger[] {BigInteger.valueOf(3), BigInteger.valueOf(17),
        BigInteger.ONE.shiftLeft(63).add(BigInteger.valueOf(25)),
        BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(13))}) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(new RSAKeyGenParameterSpec(2048, e), SigTestSupport.RANDOM);
      KeyPair kp = g.generateKeyPair();
      byte[] sig = SigTestSupport.sign(alg, kp.getPrivate(), data);
      assertTrue(SigTestSupport.jdkVerify(alg, kp.getPublic(), data, sig));
      // NSS's RSA_PublicKeyOp refuses exponents over 64 bits (RSA_MAX_EXPONENT_BITS), which
      // RSA_HashCheckSign reports as a bad signature.
      Result expected = e.bitLength() <= 64 ? Result.SUCCESS : Result.SEC_ERROR_BAD_SIGNATURE;
      assertEquals(expected, verify(alg, data, sig, kp.getPublic().getEncoded()), "e = " + e);
      assertEquals(expected, verify(SignatureAlgorithm.RSA_PSS_SHA256, data,
          SigTestSupport.sign(SignatureAlgorithm.RSA_PSS_SHA256, kp.getPrivate(), data),
          kp.getPublic().getEncoded()), "PSS, e = " + e);
    }
  }

  @Test
  void anExponentLongerThanTheModulusIsRefused() {
    // n = 0xff…(9 bytes), e = 2^64 + 1 (9 bytes) is fine length-wise; with a 8-byte n it is not.
    BigInteger n = new BigInteger("ffffffffffffffed", 16);
    BigInteger e = BigInteger.ONE.shiftLeft(64).add(BigInteger.ONE);
    byte[] spki = SigTestSupport.rsaSpki(n, e);
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE,
        verify(SignatureAlgorithm.RSA_PKCS1_SHA1, new byte[1], new byte[8], spki));
  }

  @Test
  void tinyModuliAreHandled() {
    for (long n : new long[] {1, 2, 3, 0xff, 0x10001}) {
      byte[] spki = SigTestSupport.rsaSpki(BigInteger.valueOf(n), BigInteger.valueOf(3));
      int k = (BigInteger.valueOf(n).bitLength() + 7) / 8;
      for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
        if (alg.publicKeyAlgorithm() != SignatureAlgorithm.PublicKeyAlgorithm.ECDSA) {
          assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(alg, new byte[3], new byte[k], spki));
        }
      }
    }
  }
}
