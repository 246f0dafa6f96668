package dev.pkixj.testdata;

import static dev.pkixj.testdata.GeneralName.dns;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Ready-made three-level PKIs: root, intermediate (pathLen 0) and a TLS server leaf with realistic
 * extensions: keyUsage digitalSignature (+keyEncipherment for RSA), EKU serverAuth+clientAuth,
 * SKI/AKI, AIA OCSP {@value #OCSP_URL}, certificatePolicies 2.23.140.1.2.1 and SAN
 * {@code www.example.test}, {@code example.test}. All certificates are valid at {@link TestClock#NOW}.
 * Instances are built once per JVM and shared.
 */
public final class TestPki {
    /** OCSP URL placed in the leaf's AIA. */
    public static final String OCSP_URL = "http://ocsp.example.test";
    /** The leaf's subject CN and first SAN. */
    public static final String LEAF_HOST = "www.example.test";
    /** Number of distinct leaf keys used by {@link #newLeaf(int)}. */
    public static final int LEAF_KEY_POOL = 4;

    private final String kind;
    private final IntFunction<KeyPair> leafKeys;
    private final TestCert root;
    private final TestCert intermediate;
    private final TestCert leaf;

    private TestPki(String kind, String display, KeyPair rootKey, KeyPair icaKey, IntFunction<KeyPair> leafKeys) {
        this.kind = kind;
        this.leafKeys = leafKeys;
        this.root = CertBuilder.root("CN=pkixj Test " + display + " Root,O=pkixj Test,C=US").key(rootKey).build();
        this.intermediate = CertBuilder.ca("CN=pkixj Test " + display + " Intermediate,O=pkixj Test,C=US")
                .issuer(root).key(icaKey).pathLen(0).build();
        this.leaf = CertBuilder.leaf(LEAF_HOST).issuer(intermediate).key(leafKey(0))
                .san(dns(LEAF_HOST), dns("example.test"))
                .ocspUrl(OCSP_URL)
                .certificatePolicies(Oids.CABF_DV)
                .build();
    }

    private static final class Rsa {
        static final TestPki INSTANCE = new TestPki("rsa", "RSA",
                TestKeys.rsa(2048, "TestPki/rsa/root"), TestKeys.rsa(2048, "TestPki/rsa/intermediate"),
                i -> TestKeys.rsa(2048, "TestPki/rsa/leaf/" + i));
    }

    private static final class Ec {
        static final TestPki INSTANCE = new TestPki("ec", "EC",
                TestKeys.ec(TestKeys.Curve.P256, "TestPki/ec/root"),
                TestKeys.ec(TestKeys.Curve.P256, "TestPki/ec/intermediate"),
                i -> TestKeys.ec(TestKeys.Curve.P256, "TestPki/ec/leaf/" + i));
    }

    private static final class Mixed {
        static final TestPki INSTANCE = new TestPki("mixed", "Mixed",
                TestKeys.rsa(2048, "TestPki/mixed/root"),
                TestKeys.ec(TestKeys.Curve.P256, "TestPki/mixed/intermediate"),
                i -> TestKeys.ec(TestKeys.Curve.P256, "TestPki/mixed/leaf/" + i));
    }

    /** RSA-2048 throughout, SHA-256 with RSA. */
    public static TestPki rsa() {
        return Rsa.INSTANCE;
    }

    /** ECDSA P-256 throughout, ecdsa-with-SHA256. */
    public static TestPki ec() {
        return Ec.INSTANCE;
    }

    /** RSA-2048 root, P-256 intermediate and leaf. */
    public static TestPki mixed() {
        return Mixed.INSTANCE;
    }

    /** The self-signed root (the trust anchor). */
    public TestCert root() {
        return root;
    }

    /** The intermediate CA (pathLen 0). */
    public TestCert intermediate() {
        return intermediate;
    }

    /** The leaf for {@value #LEAF_HOST}. */
    public TestCert leaf() {
        return leaf;
    }

    /** leaf, intermediate, root. */
    public List<TestCert> chain() {
        return Arrays.asList(leaf, intermediate, root);
    }

    /** A builder pre-set like {@link #leaf()} (same issuer, key and extensions) for leaf variants. */
    public CertBuilder leafBuilder() {
        return leaf.toBuilder();
    }

    /** A builder pre-set like {@link #intermediate()} (same issuer, key and extensions). */
    public CertBuilder intermediateBuilder() {
        return intermediate.toBuilder();
    }

    /**
     * A new leaf under {@link #intermediate()}: key {@code leafKey(i % LEAF_KEY_POOL)}, a serial derived
     * from {@code i}, otherwise like {@link #leaf()}. Built on every call (cheap: keys are cached).
     */
    public TestCert newLeaf(int i) {
        byte[] h = Crypto.digest("SHA-256", ("TestPki/" + kind + "/leaf-serial/" + i).getBytes(StandardCharsets.UTF_8));
        byte[] s = Arrays.copyOf(h, 16);
        s[0] = (byte) ((s[0] & 0x7F) | 0x40);
        return leafBuilder().key(leafKey(i)).serial(new BigInteger(s)).build();
    }

    /** Leaf key number {@code i % LEAF_KEY_POOL} of this PKI. */
    public KeyPair leafKey(int i) {
        return leafKeys.apply(Math.floorMod(i, LEAF_KEY_POOL));
    }

    @Override
    public String toString() {
        return "TestPki[" + kind + "]";
    }
}
