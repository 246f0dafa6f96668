package dev.pkixj.testdata;

import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Internal crypto helpers. The BouncyCastle provider is used by instance and never registered globally. */
final class Crypto {
    private Crypto() {}

    static final Provider BC = new BouncyCastleProvider();

    static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subjectPublicKey BIT STRING value of an SPKI (without unused-bits byte); the whole input if unparseable. */
    static byte[] spkiKeyBits(byte[] spki) {
        try {
            return SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();
        } catch (RuntimeException e) {
            return spki;
        }
    }

    /** Converts encoded keys to JDK key objects when the JDK supports them, else BouncyCastle ones. */
    static PrivateKey privateKey(String alg, byte[] pkcs8) throws Exception {
        try {
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (Exception e) {
            return KeyFactory.getInstance(alg, BC).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        }
    }

    static PublicKey publicKey(String alg, byte[] spki) throws Exception {
        try {
            return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
        } catch (Exception e) {
            return KeyFactory.getInstance(alg, BC).generatePublic(new X509EncodedKeySpec(spki));
        }
    }
}
