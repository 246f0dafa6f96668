package dev.pkixj.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.junit.jupiter.api.Test;

class TestKeysTest {

    @Test
    void cachedPerTypeAndIndex() {
        assertSame(TestKeys.ec(TestKeys.Curve.P256, 1), TestKeys.ec(TestKeys.Curve.P256, 1));
        assertNotEquals(TestKeys.ec(TestKeys.Curve.P256, 1).getPublic(), TestKeys.ec(TestKeys.Curve.P256, 2).getPublic());
        assertNotEquals(TestKeys.ec(TestKeys.Curve.P256, 1).getPublic(), TestKeys.ec(TestKeys.Curve.P256, "#2").getPublic());
        assertSame(TestKeys.rsa2048(0), TestKeys.rsa(2048, 0));
        assertNotEquals(TestKeys.rsa2048(0).getPublic(), TestKeys.rsa2048(1).getPublic());
    }

    @Test
    void deterministicAcrossRuns() {
        // Pinned: the P-256 key #1 must be the same in every run and on every machine.
        String fp = Der.toHex(Crypto.digest("SHA-256", TestKeys.ec(TestKeys.Curve.P256, 1).getPublic().getEncoded()));
        assertEquals(PINNED_P256_1, fp);
        assertEquals(PINNED_RSA1024_0,
                Der.toHex(Crypto.digest("SHA-256", TestKeys.rsa1024(0).getPublic().getEncoded())));
        DeterministicRandom a = new DeterministicRandom("x");
        DeterministicRandom b = new DeterministicRandom("x");
        byte[] x = new byte[100];
        byte[] y = new byte[100];
        a.nextBytes(x);
        b.nextBytes(y);
        assertArrayEquals(x, y);
    }

    static final String PINNED_P256_1 = "45b1d75cc745b59f6a53a836b4539031a25db9f7883f91c4cc4729c9b6f62832";
    static final String PINNED_RSA1024_0 = "26ba9715312aa70c6c3cc3964cde9af4cdd3b4bd24ff9450a0c10dff2978c0b3";

    @Test
    void rsaSizes() {
        for (int bits : new int[] {768, 1024, 2048, 3072, 4096}) {
            KeyPair kp = TestKeys.rsa(bits, 0);
            assertEquals(bits, ((RSAPublicKey) kp.getPublic()).getModulus().bitLength());
            assertEquals("RSA", kp.getPrivate().getAlgorithm());
        }
        assertEquals(768, ((RSAPublicKey) TestKeys.rsa768(0).getPublic()).getModulus().bitLength());
        assertEquals(1024, ((RSAPublicKey) TestKeys.rsa1024(0).getPublic()).getModulus().bitLength());
        assertEquals(3072, ((RSAPublicKey) TestKeys.rsa3072(0).getPublic()).getModulus().bitLength());
        assertEquals(4096, ((RSAPublicKey) TestKeys.rsa4096(0).getPublic()).getModulus().bitLength());
    }

    @Test
    void curvesUseNamedCurveOids() {
        for (TestKeys.Curve c : TestKeys.Curve.values()) {
            KeyPair kp = TestKeys.ec(c, 0);
            assertTrue(kp.getPublic() instanceof ECPublicKey, c.name());
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
            assertEquals(ECNamedCurveTable.getOID(c.curveName()), spki.getAlgorithm().getParameters(), c.name());
            assertEquals(Oids.EC_PUBLIC_KEY, spki.getAlgorithm().getAlgorithm().getId());
        }
        assertEquals("EdDSA", TestKeys.ed25519(0).getPublic().getAlgorithm());
    }
}
