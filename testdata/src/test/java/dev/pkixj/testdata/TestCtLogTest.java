package dev.pkixj.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PublicKey;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

/** The test CT log, the SCT list encodings and embedded SCTs, checked against an independent reading of RFC 6962. */
class TestCtLogTest {
    private static final TestCtLog A = TestCtLog.p256("Test Log A 2026", "Operator One");
    private static final TestCtLog B = TestCtLog.p256("Test Log B 2026", "Operator Two");
    private static final long TS = TestClock.daysAgo(31).toEpochMilli() + 123;

    @Test
    void logIdIsTheSha256OfTheSpkiAndTheKeyComesFromTheSeededDerivation() throws Exception {
        assertArrayEquals(Ct.sha256(A.spkiDer()), A.logId());
        assertEquals(TestCtLog.SIG_ECDSA, A.signatureAlgorithm());
        // The same derivation as TestKeys, done here again: the seed alone fixes the key.
        ECKeyPairGenerator g = new ECKeyPairGenerator();
        g.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(ECNamedCurveTable.getOID("secp256r1"),
                ECNamedCurveTable.getByName("secp256r1")),
                new DeterministicRandom("pkixj-testkeys/v1/ec-secp256r1/TestCtLog/Operator One/Test Log A 2026")));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        assertArrayEquals(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(kp.getPublic()).getEncoded(),
                A.spkiDer());
        assertFalse(Ct.same(A.logId(), B.logId()));
        assertEquals("https://ct.example/test-log-a-2026/", A.url());
        assertThrows(IllegalArgumentException.class,
                () -> TestCtLog.of("x", "y", TestKeys.ec(TestKeys.Curve.P384, 1)));
    }

    @Test
    void anX509EntrySctHasTheV1LayoutAndVerifies() throws Exception {
        byte[] leaf = TestPki.ec().leaf().der();
        byte[] sct = A.x509Sct(leaf, TS);
        Ct.ParsedSct p = Ct.parse(sct);
        assertEquals(0, p.version());
        assertArrayEquals(A.logId(), p.logId());
        assertEquals(TS, p.timestamp());
        assertEquals(0, p.extensions().length);
        assertEquals(4, p.hashAlg());
        assertEquals(3, p.sigAlg());
        assertTrue(Ct.verify(A.spkiDer(), Ct.signedData(TS, null, leaf, new byte[0]), p.signature()));
        assertArrayEquals(Ct.signedData(TS, null, leaf, new byte[0]),
                TestCtLog.x509SignedData(TS, leaf, new byte[0]));
        // Signed over exactly this leaf: another leaf or another time does not verify.
        byte[] other = TestPki.ec().newLeaf(7).der();
        assertFalse(Ct.verify(A.spkiDer(), Ct.signedData(TS, null, other, new byte[0]), p.signature()));
        assertFalse(Ct.verify(A.spkiDer(), Ct.signedData(TS + 1, null, leaf, new byte[0]), p.signature()));
        assertArrayEquals(sct, A.x509Sct(leaf, TS), "deterministic signatures");
    }

    @Test
    void anRsaLogSignsWithPkcs1AndSaysSo() throws Exception {
        TestCtLog rsa = TestCtLog.rsa2048("Test RSA Log", "Operator Three");
        assertEquals(TestCtLog.SIG_RSA, rsa.signatureAlgorithm());
        byte[] leaf = TestPki.rsa().leaf().der();
        Ct.ParsedSct p = Ct.parse(rsa.x509Sct(leaf, TS));
        assertEquals(1, p.sigAlg());
        assertEquals(256, p.signature().length);
        assertTrue(Ct.verify(rsa.spkiDer(), Ct.signedData(TS, null, leaf, new byte[0]), p.signature()));
    }

    @Test
    void theOptionsMakeTheBadSctsTestsNeed() throws Exception {
        byte[] leaf = TestPki.ec().leaf().der();
        byte[] good = Ct.signedData(TS, null, leaf, new byte[0]);

        Ct.ParsedSct corrupt = Ct.parse(A.sct(TS).corruptSignature().forX509(leaf));
        assertFalse(Ct.verify(A.spkiDer(), good, corrupt.signature()));
        byte[] sig = Ct.parse(A.x509Sct(leaf, TS)).signature();
        sig[sig.length - 1] ^= 1;
        assertArrayEquals(sig, corrupt.signature(), "exactly one bit flipped");

        Ct.ParsedSct algs = Ct.parse(A.sct(TS).hashAlgorithm(2).signatureAlgorithm(1).forX509(leaf));
        assertEquals(2, algs.hashAlg());
        assertEquals(1, algs.sigAlg());
        assertTrue(Ct.verify(A.spkiDer(), good, algs.signature()), "only the algorithm bytes are wrong");

        long future = TestClock.daysFromNow(400).toEpochMilli();
        Ct.ParsedSct f = Ct.parse(A.x509Sct(leaf, future));
        assertEquals(future, f.timestamp());
        assertTrue(Ct.verify(A.spkiDer(), Ct.signedData(future, null, leaf, new byte[0]), f.signature()));

        Ct.ParsedSct shifted = Ct.parse(A.sct(TS).signedTimestampDelta(1000).forX509(leaf));
        assertEquals(TS, shifted.timestamp());
        assertFalse(Ct.verify(A.spkiDer(), good, shifted.signature()));

        byte[] v2 = A.sct(TS).version(1).forX509(leaf);
        assertEquals(1, v2[0]);
        byte[] foreign = new byte[32];
        assertArrayEquals(foreign, Ct.parse(A.sct(TS).logId(foreign).forX509(leaf)).logId());
    }

    @Test
    void extensionsAreEncodedAndSigned() throws Exception {
        byte[] leaf = TestPki.ec().leaf().der();
        byte[] ext = TestCtLog.leafIndexExtension(0x0102030405L);
        assertArrayEquals(new byte[] {0, 0, 5, 1, 2, 3, 4, 5}, ext);
        Ct.ParsedSct p = Ct.parse(A.sct(TS).leafIndex(0x0102030405L).forX509(leaf));
        assertArrayEquals(ext, p.extensions());
        assertTrue(Ct.verify(A.spkiDer(), Ct.signedData(TS, null, leaf, ext), p.signature()));
        assertFalse(Ct.verify(A.spkiDer(), Ct.signedData(TS, null, leaf, new byte[0]), p.signature()));
        assertThrows(IllegalArgumentException.class, () -> TestCtLog.leafIndexExtension(1L << 40));
    }

    @Test
    void theSctListIsTlsEncodedAndTheExtensionsWrapItInTwoOctetStrings() {
        byte[] one = {1, 2, 3};
        byte[] two = {9};
        byte[] list = SctListEncoder.list(one, two);
        assertArrayEquals(new byte[] {0, 8, 0, 3, 1, 2, 3, 0, 1, 9}, list);
        assertArrayEquals(new byte[] {0, 0}, SctListEncoder.list());
        assertEquals(2, Ct.items(list).size());

        Extension cert = Extension.getInstance(SctListEncoder.certificateExtension(list));
        assertEquals(new ASN1ObjectIdentifier(Oids.SCT_LIST), cert.getExtnId());
        assertFalse(cert.isCritical());
        assertArrayEquals(list, ASN1OctetString.getInstance(cert.getExtnValue().getOctets()).getOctets());
        Extension ocsp = Extension.getInstance(SctListEncoder.ocspExtension(list));
        assertEquals(new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.5"), ocsp.getExtnId());
        assertArrayEquals(list, ASN1OctetString.getInstance(ocsp.getExtnValue().getOctets()).getOctets());
    }

    @Test
    void embeddedSctsVerifyOverThePrecertRebuiltFromTheFinalCertificate() throws Exception {
        TestPki pki = TestPki.ec();
        TestCert leaf = pki.leafBuilder().embeddedSct(A, TS).embeddedSct(B.sct(TS + 5).leafIndex(42)).build();
        byte[] der = leaf.der();
        // The certificate itself is still signed correctly by its issuer.
        assertTrue(new X509CertificateHolder(der).isSignatureValid(new JcaContentVerifierProviderBuilder()
                .setProvider(Asn1.BC).build(pki.intermediate().publicKey())));

        // The SCT list is the last extension.
        var exts = Certificate.getInstance(der).getTBSCertificate().getExtensions().getExtensionOIDs();
        assertEquals(Oids.SCT_LIST, exts[exts.length - 1].getId());
        List<byte[]> items = Ct.items(Ct.embeddedList(der));
        assertEquals(2, items.size());

        byte[] precert = Ct.precertTbs(der);
        byte[] issuerKeyHash = Ct.sha256(pki.intermediate().spkiDer());
        TestCtLog[] logs = {A, B};
        for (int i = 0; i < 2; i++) {
            Ct.ParsedSct p = Ct.parse(items.get(i));
            assertArrayEquals(logs[i].logId(), p.logId(), "SCT " + i);
            assertTrue(Ct.verify(logs[i].spkiDer(), Ct.signedData(p.timestamp(), issuerKeyHash, precert,
                    p.extensions()), p.signature()), "SCT " + i);
            // Not an X.509 entry, and not over the final TBS.
            byte[] finalTbs = Certificate.getInstance(der).getTBSCertificate().getEncoded();
            assertFalse(Ct.verify(logs[i].spkiDer(), Ct.signedData(p.timestamp(), issuerKeyHash, finalTbs,
                    p.extensions()), p.signature()), "SCT " + i);
        }
        assertEquals(TS + 5, Ct.parse(items.get(1)).timestamp());
        assertArrayEquals(TestCtLog.leafIndexExtension(42), Ct.parse(items.get(1)).extensions());

        // The precert is the leaf built without SCTs (same serial, derived from the precert TBS).
        TestCert plain = pki.leafBuilder().build();
        assertArrayEquals(Certificate.getInstance(plain.der()).getTBSCertificate().getEncoded(), precert);
        assertEquals(plain.serial(), leaf.serial());
        assertNull(Ct.embeddedList(plain.der()));

        // Deterministic: built again, the same bytes.
        assertArrayEquals(der, pki.leafBuilder().embeddedSct(A, TS).embeddedSct(B.sct(TS + 5).leafIndex(42))
                .build().der());
    }

    @Test
    void theSctListCanSitAnywhereAndStillVerify() throws Exception {
        TestPki pki = TestPki.mixed();
        TestCert leaf = pki.leafBuilder().embeddedSct(A, TS).embeddedSct(B, TS).embeddedSctListPosition(1).build();
        var exts = Certificate.getInstance(leaf.der()).getTBSCertificate().getExtensions().getExtensionOIDs();
        assertEquals(Oids.SCT_LIST, exts[1].getId());
        byte[] precert = Ct.precertTbs(leaf.der());
        assertArrayEquals(Certificate.getInstance(pki.leafBuilder().build().der()).getTBSCertificate().getEncoded(),
                precert);
        for (byte[] item : Ct.items(Ct.embeddedList(leaf.der()))) {
            Ct.ParsedSct p = Ct.parse(item);
            TestCtLog log = Ct.same(p.logId(), A.logId()) ? A : B;
            assertTrue(Ct.verify(log.spkiDer(), Ct.signedData(TS, Ct.sha256(pki.intermediate().spkiDer()), precert,
                    new byte[0]), p.signature()));
        }
        // An SCT list that was the only extension: the precert has no [3] at all.
        TestCert bare = CertBuilder.blank("only-sct.example").issuer(pki.intermediate()).embeddedSct(A, TS).build();
        byte[] barePrecert = Ct.precertTbs(bare.der());
        assertArrayEquals(Certificate.getInstance(CertBuilder.blank("only-sct.example").issuer(pki.intermediate())
                .build().der()).getTBSCertificate().getEncoded(), barePrecert);
        Ct.ParsedSct p = Ct.parse(Ct.items(Ct.embeddedList(bare.der())).get(0));
        assertTrue(Ct.verify(A.spkiDer(), Ct.signedData(TS, Ct.sha256(pki.intermediate().spkiDer()), barePrecert,
                new byte[0]), p.signature()));
    }

    @Test
    void badEmbeddedSctsAndRawItems() throws Exception {
        TestPki pki = TestPki.ec();
        byte[] junk = {0, 1, 2};
        TestCert leaf = pki.leafBuilder().embeddedSct(A.sct(TS).corruptSignature())
                .embeddedSctIssuerSpki(pki.root().spkiDer()).embeddedRawSct(junk).build();
        List<byte[]> items = Ct.items(Ct.embeddedList(leaf.der()));
        assertEquals(2, items.size());
        assertArrayEquals(junk, items.get(1));
        byte[] precert = Ct.precertTbs(leaf.der());
        Ct.ParsedSct p = Ct.parse(items.get(0));
        assertFalse(Ct.verify(A.spkiDer(), Ct.signedData(TS, Ct.sha256(pki.intermediate().spkiDer()), precert,
                new byte[0]), p.signature()));
        p.signature()[p.signature().length - 1] ^= 1;
        assertTrue(Ct.verify(A.spkiDer(), Ct.signedData(TS, Ct.sha256(pki.root().spkiDer()), precert,
                new byte[0]), p.signature()), "signed with the given (wrong) issuer key hash");

        // A builder copy keeps the SCTs; noEmbeddedScts drops them.
        assertArrayEquals(leaf.der(), leaf.toBuilder().build().der());
        assertNull(Ct.embeddedList(leaf.toBuilder().noEmbeddedScts().build().der()));
        assertThrows(IllegalStateException.class,
                () -> pki.leafBuilder().extensionsDer(Der.seq()).embeddedSct(A, TS).build());
    }

    @Test
    void ocspResponsesCarryTheSctListAsASingleExtension() throws Exception {
        TestPki pki = TestPki.ec();
        byte[] list = SctListEncoder.list(A.x509Sct(pki.leaf().der(), TS), B.x509Sct(pki.leaf().der(), TS));
        byte[] der = OcspResponseBuilder.forIssuer(pki.intermediate()).good(pki.leaf()).sctList(list).build();
        BasicOCSPResp r = (BasicOCSPResp) new OCSPResp(der).getResponseObject();
        PublicKey key = pki.intermediate().publicKey();
        assertTrue(r.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Asn1.BC).build(key)));
        Extension e = r.getResponses()[0].getExtension(new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.5"));
        assertFalse(e.isCritical());
        byte[] got = ASN1OctetString.getInstance(e.getExtnValue().getOctets()).getOctets();
        assertArrayEquals(list, got);
        Ct.ParsedSct p = Ct.parse(Ct.items(got).get(1));
        assertTrue(Ct.verify(B.spkiDer(), Ct.signedData(TS, null, pki.leaf().der(), new byte[0]), p.signature()));
        assertThrows(IllegalStateException.class,
                () -> OcspResponseBuilder.forIssuer(pki.intermediate()).sctList(list));
    }
}
