package dev.pkixj.testdata;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Deterministic, cached test key pairs.
 *
 * <p>A key is identified by its type and an index or label; the same identity always yields the same
 * {@link KeyPair} instance within a JVM and the same key material across runs (generated from a
 * seeded deterministic random). Keys are JDK key objects where the JDK supports them. RSA keys are
 * generated lazily and additionally cached on disk in {@code target/pkixj-testkeys} when a
 * {@code target} directory exists in the working directory (override with system property
 * {@code pkixj.testkeys.dir}; set it to the empty string to disable).
 */
public final class TestKeys {
    private TestKeys() {}

    /** Named elliptic curves. */
    public enum Curve {
        P224("secp224r1"),
        P256("secp256r1"),
        P384("secp384r1"),
        P521("secp521r1"),
        SECP256K1("secp256k1");

        private final String curveName;

        Curve(String curveName) {
            this.curveName = curveName;
        }

        /** The SEC 2 curve name, e.g. {@code secp256r1}. */
        public String curveName() {
            return curveName;
        }
    }

    private static final ConcurrentMap<String, KeyPair> CACHE = new ConcurrentHashMap<>();
    private static final BigInteger F4 = BigInteger.valueOf(65537);

    /** RSA key with public exponent 65537 of the given modulus size (at least 512). */
    public static KeyPair rsa(int bits, int index) {
        return rsa(bits, "#" + index);
    }

    /** RSA key identified by a free-form label instead of an index. */
    public static KeyPair rsa(int bits, String label) {
        if (bits < 512) {
            throw new IllegalArgumentException("RSA keys below 512 bits are not supported");
        }
        return get("rsa" + bits + "/" + label, true, seed -> {
            RSAKeyPairGenerator g = new RSAKeyPairGenerator();
            g.init(new RSAKeyGenerationParameters(F4, new DeterministicRandom(seed), bits, 100));
            return g.generateKeyPair();
        }, "RSA");
    }

    /** RSA-768. */
    public static KeyPair rsa768(int index) {
        return rsa(768, index);
    }

    /** RSA-1024. */
    public static KeyPair rsa1024(int index) {
        return rsa(1024, index);
    }

    /** RSA-2048. */
    public static KeyPair rsa2048(int index) {
        return rsa(2048, index);
    }

    /** RSA-3072. */
    public static KeyPair rsa3072(int index) {
        return rsa(3072, index);
    }

    /** RSA-4096 (first generation takes seconds; cached on disk afterwards). */
    public static KeyPair rsa4096(int index) {
        return rsa(4096, index);
    }

    /** EC key on the given named curve; the SPKI uses the namedCurve form. */
    public static KeyPair ec(Curve curve, int index) {
        return ec(curve, "#" + index);
    }

    /** EC key identified by a free-form label instead of an index. */
    public static KeyPair ec(Curve curve, String label) {
        return get("ec-" + curve.curveName + "/" + label, false, seed -> {
            ECKeyPairGenerator g = new ECKeyPairGenerator();
            g.init(new ECKeyGenerationParameters(
                    new ECNamedDomainParameters(ECNamedCurveTable.getOID(curve.curveName),
                            ECNamedCurveTable.getByName(curve.curveName)),
                    new DeterministicRandom(seed)));
            return g.generateKeyPair();
        }, "EC");
    }

    /** Ed25519 key (not accepted by Web PKI verifiers; useful for unsupported-algorithm tests). */
    public static KeyPair ed25519(int index) {
        return get("ed25519/#" + index, false, seed -> {
            Ed25519KeyPairGenerator g = new Ed25519KeyPairGenerator();
            g.init(new Ed25519KeyGenerationParameters(new DeterministicRandom(seed)));
            return g.generateKeyPair();
        }, "Ed25519");
    }

    private interface Gen {
        AsymmetricCipherKeyPair generate(String seed) throws Exception;
    }

    private static KeyPair get(String id, boolean diskCache, Gen gen, String jcaAlg) {
        KeyPair kp = CACHE.get(id);
        if (kp != null) {
            return kp;
        }
        // Generate outside computeIfAbsent so slow RSA generation does not block unrelated keys.
        KeyPair created = create(id, diskCache, gen, jcaAlg);
        KeyPair prev = CACHE.putIfAbsent(id, created);
        return prev != null ? prev : created;
    }

    private static KeyPair create(String id, boolean diskCache, Gen gen, String jcaAlg) {
        Path file = diskCache ? cacheFile(id) : null;
        if (file != null) {
            KeyPair cached = load(file, id, jcaAlg);
            if (cached != null) {
                return cached;
            }
        }
        try {
            AsymmetricCipherKeyPair kp = gen.generate("pkixj-testkeys/v1/" + id);
            byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(kp.getPrivate()).getEncoded();
            byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(kp.getPublic()).getEncoded();
            KeyPair result = new KeyPair(Crypto.publicKey(jcaAlg, spki), Crypto.privateKey(jcaAlg, pkcs8));
            if (file != null) {
                store(file, id, result);
            }
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate test key " + id, e);
        }
    }

    private static Path cacheFile(String id) {
        String dir = System.getProperty("pkixj.testkeys.dir");
        Path base;
        if (dir == null) {
            if (!Files.isDirectory(Paths.get("target"))) {
                return null;
            }
            base = Paths.get("target", "pkixj-testkeys");
        } else if (dir.isEmpty()) {
            return null;
        } else {
            base = Paths.get(dir);
        }
        String name = id.replaceAll("[^A-Za-z0-9]", "_");
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        String h = Der.toHex(Crypto.digest("SHA-256", id.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        return base.resolve(name + "-" + h + ".key");
    }

    private static KeyPair load(Path file, String id, String jcaAlg) {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            if (lines.size() < 3 || !lines.get(0).equals("# " + id)) {
                return null;
            }
            PrivateKey priv = Crypto.privateKey(jcaAlg, Base64.getDecoder().decode(lines.get(1)));
            PublicKey pub = Crypto.publicKey(jcaAlg, Base64.getDecoder().decode(lines.get(2)));
            return new KeyPair(pub, priv);
        } catch (Exception e) {
            return null;
        }
    }

    private static void store(Path file, String id, KeyPair kp) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
            String text = "# " + id + "\n"
                    + Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded()) + "\n"
                    + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()) + "\n";
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // The disk cache is an optimisation only.
        }
    }
}
