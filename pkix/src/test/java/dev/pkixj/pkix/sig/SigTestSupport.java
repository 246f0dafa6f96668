package dev.pkixj.pkix.sig;

import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.TestSeed;
import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;
import dev.pkixj.pkix.der.Input;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Keys, JDK signing and verification, and a tiny DER writer for the signature tests. */
final class SigTestSupport {
  static final String[] CURVES = {"secp256r1", "secp384r1", "secp521r1"};
  static final int[] RSA_SIZES = {2048, 3072, 4096};

  private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();
  /**
   * Every random input of the signature tests: seeded per run and restarted for each test (see
   * {@link TestSeed}); a failure prints the seed, and {@code -Dpkixj.test.seed=N} replays it.
   */
  static final SecureRandom RANDOM = TestSeed.perTest();

  private SigTestSupport() {}

  static KeyPair rsa(int bits) {
    return rsa(bits, 0);
  }

  /** A cached RSA key pair; {@code variant} distinguishes several keys of one size. */
  static KeyPair rsa(int bits, int variant) {
    return KEYS.computeIfAbsent("rsa" + bits + "/" + variant, k -> {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        // Its own stream: a cached key must not depend on which test asked for it first.
        g.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4),
            TestSeed.secureRandom(k));
        return g.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  static KeyPair ec(String curve) {
    return ec(curve, 0);
  }

  static KeyPair ec(String curve, int variant) {
    return KEYS.computeIfAbsent(curve + "/" + variant, k -> {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve), TestSeed.secureRandom(k));
        return g.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /**
   * The first cached 2048-bit RSA key (variant 0, 1, …) whose modulus satisfies {@code ok}, for
   * tests that need room above or below the modulus; the seeded key generation makes the choice
   * reproducible.
   */
  static KeyPair rsa2048Where(String what, Predicate<BigInteger> ok) {
    for (int variant = 0; variant < 64; variant++) {
      KeyPair kp = rsa(2048, variant);
      if (ok.test(((RSAPublicKey) kp.getPublic()).getModulus())) {
        return kp;
      }
    }
    throw new AssertionError("no 2048-bit key whose modulus is " + what + " in 64 keys");
  }

  /** A key pair suitable for {@code alg} (RSA 2048 or P-256 unless {@code size} says otherwise). */
  static KeyPair keyFor(SignatureAlgorithm alg) {
    return alg.publicKeyAlgorithm() == SignatureAlgorithm.PublicKeyAlgorithm.ECDSA
        ? ec("secp256r1")
        : rsa(2048);
  }

  static Input spki(KeyPair kp) {
    return Input.of(kp.getPublic().getEncoded());
  }

  static Signature jdkSignature(SignatureAlgorithm alg) throws GeneralSecurityException {
    DigestAlgorithm d = alg.digestAlgorithm();
    String h = d.jcaName().replace("-", "");
    switch (alg.publicKeyAlgorithm()) {
      case RSA_PKCS1:
        return Signature.getInstance(h + "withRSA");
      case ECDSA:
        return Signature.getInstance(h + "withECDSA");
      case RSA_PSS:
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(pss(d, d.length()));
        return s;
      default:
        throw new AssertionError(alg);
    }
  }

  static PSSParameterSpec pss(DigestAlgorithm d, int saltLen) {
    MGF1ParameterSpec mgf;
    switch (d) {
      case SHA1:
        mgf = MGF1ParameterSpec.SHA1;
        break;
      case SHA256:
        mgf = MGF1ParameterSpec.SHA256;
        break;
      case SHA384:
        mgf = MGF1ParameterSpec.SHA384;
        break;
      default:
        mgf = MGF1ParameterSpec.SHA512;
    }
    return new PSSParameterSpec(d.jcaName(), "MGF1", mgf, saltLen, 1);
  }

  static byte[] sign(SignatureAlgorithm alg, PrivateKey key, byte[] data) {
    try {
      Signature s = jdkSignature(alg);
      s.initSign(key, RANDOM);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean jdkVerify(SignatureAlgorithm alg, PublicKey key, byte[] data, byte[] sig) {
    try {
      Signature s = jdkSignature(alg);
      s.initVerify(key);
      s.update(data);
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** The raw RSA private operation on a k-byte block (to craft arbitrary encoded messages). */
  static byte[] rsaRaw(KeyPair kp, byte[] em) {
    RSAPrivateKey priv = (RSAPrivateKey) kp.getPrivate();
    RSAPublicKey pub = (RSAPublicKey) kp.getPublic();
    BigInteger s = new BigInteger(1, em).modPow(priv.getPrivateExponent(), pub.getModulus());
    return RsaKey.toFixed(s, em.length);
  }

  static int modulusLength(KeyPair kp) {
    return (((RSAPublicKey) kp.getPublic()).getModulus().bitLength() + 7) / 8;
  }

  static byte[] flipBit(byte[] b, int bit) {
    byte[] c = b.clone();
    c[bit / 8] ^= (byte) (1 << (bit % 8));
    return c;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  // ---- A tiny DER writer ----

  static byte[] tlv(int tag, byte[]... contents) {
    byte[] value = concat(contents);
    int len = value.length;
    byte[] header;
    if (len < 128) {
      header = new byte[] {(byte) tag, (byte) len};
    } else if (len < 256) {
      header = new byte[] {(byte) tag, (byte) 0x81, (byte) len};
    } else {
      header = new byte[] {(byte) tag, (byte) 0x82, (byte) (len >> 8), (byte) len};
    }
    return concat(header, value);
  }

  static byte[] seq(byte[]... contents) {
    return tlv(0x30, contents);
  }

  /** A minimal DER INTEGER for a non-negative value. */
  static byte[] integer(BigInteger v) {
    return tlv(0x02, v.toByteArray());
  }

  static byte[] integerRaw(byte[] valueBytes) {
    return tlv(0x02, valueBytes);
  }

  static byte[] bitString(byte[] bits) {
    return tlv(0x03, new byte[] {0}, bits);
  }

  static byte[] oid(String hexValue) {
    return tlv(0x06, hex(hexValue));
  }

  static final byte[] NULL = {0x05, 0x00};
  static final String OID_RSA = "2a864886f70d010101";
  static final String OID_EC = "2a8648ce3d0201";
  static final String OID_P256 = "2a8648ce3d030107";
  static final String OID_P384 = "2b81040022";
  static final String OID_P521 = "2b81040023";

  static byte[] rsaSpki(BigInteger n, BigInteger e) {
    return seq(seq(oid(OID_RSA), NULL), bitString(seq(integer(n), integer(e))));
  }

  static byte[] ecSpki(String curveOid, byte[] point) {
    return seq(seq(oid(OID_EC), oid(curveOid)), bitString(point));
  }

  /** The uncompressed point of an EC SPKI produced by the JDK (the BIT STRING's last bytes). */
  static byte[] ecPoint(KeyPair kp, int fieldBytes) {
    byte[] enc = kp.getPublic().getEncoded();
    return java.util.Arrays.copyOfRange(enc, enc.length - (1 + 2 * fieldBytes), enc.length);
  }

  static byte[] ecdsaSig(BigInteger r, BigInteger s) {
    return seq(integer(r), integer(s));
  }

  /** r and s of a DER ECDSA-Sig-Value (assumed well-formed). */
  static BigInteger[] ecdsaRS(byte[] sig) {
    try {
      dev.pkixj.pkix.der.DerReader outer = Input.of(sig).reader();
      dev.pkixj.pkix.der.DerReader seq = outer.expectNested(0x30);
      BigInteger r = new BigInteger(seq.expectValue(0x02).toByteArray());
      BigInteger s = new BigInteger(seq.expectValue(0x02).toByteArray());
      return new BigInteger[] {r, s};
    } catch (dev.pkixj.pkix.PkixException e) {
      throw new IllegalStateException(e);
    }
  }

  static int fieldBytes(String curve) {
    switch (curve) {
      case "secp256r1":
        return 32;
      case "secp384r1":
        return 48;
      default:
        return 66;
    }
  }

  static String curveOid(String curve) {
    switch (curve) {
      case "secp256r1":
        return OID_P256;
      case "secp384r1":
        return OID_P384;
      default:
        return OID_P521;
    }
  }

  static EcCurve ecCurve(String curve) {
    switch (curve) {
      case "secp256r1":
        return EcCurve.P256;
      case "secp384r1":
        return EcCurve.P384;
      default:
        return EcCurve.P521;
    }
  }
}
