package dev.pkixj.testdata;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

/**
 * A signature algorithm: how to sign (JCA) and how to encode the AlgorithmIdentifier.
 *
 * <p>ECDSA signatures are deterministic (RFC 6979) and RSA-PSS salts come from a deterministic
 * random, so certificates built from the same inputs are byte-identical across runs. RSA PKCS#1
 * AlgorithmIdentifiers carry NULL parameters, ECDSA ones none, RSA-PSS ones the CA/Browser Forum
 * encodings (hash and MGF1 hash with NULL parameters, explicit salt length, default trailer).
 * Use {@link #withAlgIdDer(byte[])} to sign the same way but encode another AlgorithmIdentifier.
 */
public final class SigAlg {
    public static final SigAlg SHA256_WITH_RSA = pkcs1("SHA256withRSA", Oids.SHA256_WITH_RSA);
    public static final SigAlg SHA384_WITH_RSA = pkcs1("SHA384withRSA", Oids.SHA384_WITH_RSA);
    public static final SigAlg SHA512_WITH_RSA = pkcs1("SHA512withRSA", Oids.SHA512_WITH_RSA);
    public static final SigAlg SHA1_WITH_RSA = pkcs1("SHA1withRSA", Oids.SHA1_WITH_RSA);
    public static final SigAlg MD5_WITH_RSA = pkcs1("MD5withRSA", Oids.MD5_WITH_RSA);
    public static final SigAlg ECDSA_SHA256 = ecdsa("SHA256", Oids.ECDSA_SHA256);
    public static final SigAlg ECDSA_SHA384 = ecdsa("SHA384", Oids.ECDSA_SHA384);
    public static final SigAlg ECDSA_SHA512 = ecdsa("SHA512", Oids.ECDSA_SHA512);
    public static final SigAlg ECDSA_SHA1 = ecdsa("SHA1", Oids.ECDSA_SHA1);
    /** RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32. */
    public static final SigAlg PSS_SHA256 = pss("SHA-256", 32);
    /** RSASSA-PSS, SHA-384, MGF1-SHA-384, salt 48. */
    public static final SigAlg PSS_SHA384 = pss("SHA-384", 48);
    /** RSASSA-PSS, SHA-512, MGF1-SHA-512, salt 64. */
    public static final SigAlg PSS_SHA512 = pss("SHA-512", 64);
    /** Ed25519 (pure). */
    public static final SigAlg ED25519 =
            new SigAlg("Ed25519", "Ed25519", "Ed25519", Der.seq(Der.oid(Oids.ED25519)), null);

    private final String name;
    private final String signName; // BouncyCastle algorithm used for signing
    private final String jcaName; // standard JCA name for verification
    private final byte[] algIdDer;
    private final PSSParameterSpec pssSpec;

    private SigAlg(String name, String signName, String jcaName, byte[] algIdDer, PSSParameterSpec pssSpec) {
        this.name = name;
        this.signName = signName;
        this.jcaName = jcaName;
        this.algIdDer = algIdDer;
        this.pssSpec = pssSpec;
    }

    private static SigAlg pkcs1(String jca, String oid) {
        return new SigAlg(jca, jca, jca, Der.seq(Der.oid(oid), Der.nul()), null);
    }

    private static SigAlg ecdsa(String hash, String oid) {
        return new SigAlg(hash + "withECDSA", hash + "withECDDSA", hash + "withECDSA", Der.seq(Der.oid(oid)), null);
    }

    /**
     * RSASSA-PSS with MGF1 using the same hash and the given salt length (the standard salt length is
     * the hash length; anything else is "non-standard"). {@code hash} is SHA-256, SHA-384 or SHA-512.
     */
    public static SigAlg pss(String hash, int saltLength) {
        String h = hash.toUpperCase(Locale.ROOT).replace("SHA", "SHA-").replace("--", "-");
        String oid;
        switch (h) {
            case "SHA-256": oid = Oids.SHA256; break;
            case "SHA-384": oid = Oids.SHA384; break;
            case "SHA-512": oid = Oids.SHA512; break;
            default: throw new IllegalArgumentException("unsupported PSS hash " + hash);
        }
        byte[] hashAlg = Der.seq(Der.oid(oid), Der.nul());
        byte[] params = Der.seq(
                Der.explicit(0, hashAlg),
                Der.explicit(1, Der.seq(Der.oid(Oids.MGF1), hashAlg)),
                saltLength == 20 ? null : Der.explicit(2, Der.integer(saltLength)));
        PSSParameterSpec spec = new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), saltLength, 1);
        String bcName = h.replace("-", "") + "withRSAandMGF1";
        return new SigAlg("RSASSA-PSS/" + h + "/salt" + saltLength, bcName, "RSASSA-PSS",
                Der.seq(Der.oid(Oids.RSASSA_PSS), params), spec);
    }

    /** The customary algorithm for a key: SHA-256 with RSA; ECDSA with SHA-256/384/512 by curve size; Ed25519. */
    public static SigAlg defaultFor(Key key) {
        String alg = key.getAlgorithm();
        if (alg.equals("RSA")) {
            return SHA256_WITH_RSA;
        }
        if (key instanceof ECKey) {
            int bits = ((ECKey) key).getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? ECDSA_SHA512 : bits > 256 ? ECDSA_SHA384 : ECDSA_SHA256;
        }
        if (alg.equals("EdDSA") || alg.equals("Ed25519")) {
            return ED25519;
        }
        throw new IllegalArgumentException("no default signature algorithm for " + alg);
    }

    /** Same signing algorithm, but encodes {@code algIdDer} (a full AlgorithmIdentifier TLV) instead. */
    public SigAlg withAlgIdDer(byte[] algIdDer) {
        return new SigAlg(name + "/custom-algid", signName, jcaName, algIdDer.clone(), pssSpec);
    }

    /** The encoded AlgorithmIdentifier. */
    public byte[] algIdDer() {
        return algIdDer.clone();
    }

    /** Standard JCA name for verifying (e.g. {@code SHA256withECDSA}, {@code RSASSA-PSS}). */
    public String jcaName() {
        return jcaName;
    }

    /** PSS parameters, or {@code null} for non-PSS algorithms. */
    public PSSParameterSpec pssParameters() {
        return pssSpec;
    }

    /** Signs {@code data} with {@code key}. */
    public byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s;
            try {
                s = Signature.getInstance(signName, Crypto.BC);
                init(s, key, data);
            } catch (GeneralSecurityException e) {
                if (pssSpec != null || !signName.equals(jcaName)) {
                    throw e;
                }
                s = Signature.getInstance(jcaName);
                init(s, key, data);
            }
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with " + name + " using " + key.getAlgorithm() + " key", e);
        }
    }

    private void init(Signature s, PrivateKey key, byte[] data) throws GeneralSecurityException {
        if (pssSpec != null) {
            s.setParameter(pssSpec);
            s.initSign(key, new DeterministicRandom(DeterministicRandom.sha256(algIdDer, data)));
        } else {
            s.initSign(key);
        }
    }

    /** Verifies {@code sig} over {@code data} with the standard JCA name (BouncyCastle provider). */
    public boolean verify(PublicKey key, byte[] data, byte[] sig) {
        try {
            Signature s = Signature.getInstance(jcaName, Crypto.BC);
            if (pssSpec != null) {
                s.setParameter(pssSpec);
            }
            s.initVerify(key);
            s.update(data);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
