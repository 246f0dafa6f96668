package dev.pkixj.testdata;

import static dev.pkixj.testdata.GeneralName.dirName;
import static dev.pkixj.testdata.GeneralName.dns;
import static dev.pkixj.testdata.GeneralName.email;
import static dev.pkixj.testdata.GeneralName.ip;
import static dev.pkixj.testdata.GeneralName.ipBytes;
import static dev.pkixj.testdata.GeneralName.ipSubnet;
import static dev.pkixj.testdata.GeneralName.otherName;
import static dev.pkixj.testdata.GeneralName.raw;
import static dev.pkixj.testdata.GeneralName.registeredId;
import static dev.pkixj.testdata.GeneralName.uri;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.Test;

class CertBuilderTest {

    private static final TestCert ROOT = CertBuilder.root("Builder Test Root").build();
    private static final TestCert ICA = CertBuilder.ca("Builder Test ICA").issuer(ROOT).pathLen(0).build();

    @Test
    void validChainParsesAndVerifiesWithJdk() throws Exception {
        TestCert leaf = CertBuilder.leaf("www.example.com").issuer(ICA).san(dns("www.example.com"), ip("10.0.0.1")).build();
        ROOT.x509().verify(ROOT.publicKey());
        ICA.x509().verify(ROOT.publicKey());
        leaf.x509().verify(ICA.publicKey());
        X509Certificate x = leaf.x509();
        assertEquals(3, x.getVersion());
        assertEquals("CN=www.example.com", x.getSubjectX500Principal().getName());
        assertEquals(ICA.x509().getSubjectX500Principal(), x.getIssuerX500Principal());
        assertEquals(-1, x.getBasicConstraints());
        assertEquals(0, ICA.x509().getBasicConstraints());
        assertEquals(Integer.MAX_VALUE, ROOT.x509().getBasicConstraints());
        assertEquals(List.of(Oids.SERVER_AUTH, Oids.CLIENT_AUTH), x.getExtendedKeyUsage());
        assertTrue(x.getKeyUsage()[0]);
        assertFalse(x.getKeyUsage()[2]); // EC key: no keyEncipherment
        assertEquals(2, x.getSubjectAlternativeNames().size());
        assertEquals(TestClock.daysAgo(30), x.getNotBefore().toInstant());
        assertEquals(TestClock.daysFromNow(365), x.getNotAfter().toInstant());
        assertEquals(TestClock.daysFromNow(3650), ROOT.x509().getNotAfter().toInstant());
        assertEquals(leaf.serial(), x.getSerialNumber());
        assertEquals(16, leaf.serial().toByteArray().length);
        assertArrayEquals(leaf.der(), x.getEncoded());
        assertArrayEquals(Crypto.digest("SHA-256", leaf.der()), leaf.sha256Fingerprint());
        assertEquals(List.of(leaf, ICA, ROOT), leaf.chain());
        assertEquals("ecdsa-with-SHA256", algName(leaf));
    }

    @Test
    void leafProfileAddsKeyEnciphermentForRsaAndSanForHostNames() {
        TestCert rsaLeaf = CertBuilder.leaf("rsa.example").issuer(ICA).key(TestKeys.rsa2048(0)).build();
        assertTrue(rsaLeaf.x509().getKeyUsage()[2]);
        assertArrayEquals(Der.seq(dns("rsa.example").der()), Asn1.extValue(rsaLeaf, Oids.SUBJECT_ALT_NAME));
        TestCert ipLeaf = CertBuilder.leaf("192.0.2.7").issuer(ICA).build();
        assertArrayEquals(Der.seq(Der.hex("8704c0000207")), Asn1.extValue(ipLeaf, Oids.SUBJECT_ALT_NAME));
        TestCert dnLeaf = CertBuilder.leaf("CN=Someone,O=Org").issuer(ICA).build();
        assertNull(Asn1.extValue(dnLeaf, Oids.SUBJECT_ALT_NAME));
        assertEquals("CN=Someone,O=Org", dnLeaf.x509().getSubjectX500Principal().getName());
    }

    @Test
    void defaultKeyFollowsSubjectAndAkiFollowsIssuerSki() {
        TestCert a = CertBuilder.blank("Same Name").build();
        TestCert b = CertBuilder.root("Same Name").build();
        assertEquals(a.publicKey(), b.publicKey());
        assertNotEquals(ROOT.publicKey(), ICA.publicKey());
        AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(Asn1.extValue(ICA, Oids.AUTHORITY_KEY_ID));
        assertArrayEquals(ROOT.subjectKeyId(), aki.getKeyIdentifierOctets());
        assertArrayEquals(Der.octetString(ROOT.subjectKeyId()), Asn1.extValue(ROOT, Oids.SUBJECT_KEY_ID));
        assertNull(Asn1.ext(ROOT, Oids.AUTHORITY_KEY_ID));

        TestCert customSki = CertBuilder.ca("Custom SKI CA").issuer(ROOT).subjectKeyId(new byte[] {1, 2, 3}).build();
        TestCert child = CertBuilder.leaf("c.example").issuer(customSki).build();
        assertArrayEquals(new byte[] {1, 2, 3},
                AuthorityKeyIdentifier.getInstance(Asn1.extValue(child, Oids.AUTHORITY_KEY_ID)).getKeyIdentifierOctets());
        TestCert custAki = CertBuilder.leaf("d.example").issuer(ICA).authorityKeyId(new byte[] {9}).build();
        assertArrayEquals(new byte[] {9},
                AuthorityKeyIdentifier.getInstance(Asn1.extValue(custAki, Oids.AUTHORITY_KEY_ID)).getKeyIdentifierOctets());
    }

    @Test
    void buildsAreReproducible() {
        CertBuilder b = CertBuilder.leaf("repro.example").issuer(ICA);
        assertArrayEquals(b.build().der(), b.build().der());
        CertBuilder pss = CertBuilder.leaf("pss.example").key(TestKeys.rsa2048(0)).sigAlg(SigAlg.PSS_SHA256);
        assertArrayEquals(pss.build().der(), pss.build().der());
        assertNotEquals(CertBuilder.leaf("repro.example").issuer(ICA).build().serial(),
                CertBuilder.leaf("repro2.example").issuer(ICA).build().serial());
    }

    @Test
    void corruptedSignatureFailsVerification() {
        TestCert bad = CertBuilder.leaf("bad.example").issuer(ICA).corruptSignature().build();
        assertThrows(SignatureException.class, () -> bad.x509().verify(ICA.publicKey()));
        TestCert badRsa = CertBuilder.leaf("bad.example").key(TestKeys.rsa2048(0)).corruptSignature().build();
        assertThrows(SignatureException.class, () -> badRsa.x509().verify(badRsa.publicKey()));
    }

    @Test
    void signingKeyOverride() throws Exception {
        KeyPair other = TestKeys.ec(TestKeys.Curve.P256, 99);
        TestCert c = CertBuilder.leaf("wrongkey.example").issuer(ICA).signingKey(other.getPrivate()).build();
        assertThrows(SignatureException.class, () -> c.x509().verify(ICA.publicKey()));
        c.x509().verify(other.getPublic());
        assertArrayEquals(ICA.subjectDer(), c.issuerDer());
    }

    @Test
    void allSignatureAlgorithmsVerify() throws Exception {
        KeyPair rsa = TestKeys.rsa2048(0);
        for (SigAlg alg : new SigAlg[] {SigAlg.SHA256_WITH_RSA, SigAlg.SHA384_WITH_RSA, SigAlg.SHA512_WITH_RSA,
                SigAlg.SHA1_WITH_RSA, SigAlg.MD5_WITH_RSA, SigAlg.PSS_SHA256, SigAlg.PSS_SHA384, SigAlg.PSS_SHA512,
                SigAlg.pss("SHA-256", 20), SigAlg.pss("SHA256", 0), SigAlg.pss("SHA-512", 32)}) {
            TestCert c = CertBuilder.root("Sig " + alg).key(rsa).sigAlg(alg).build();
            c.x509().verify(rsa.getPublic());
            assertArrayEquals(alg.algIdDer(), Asn1.bc(c).getSignatureAlgorithm().getEncoded(), alg.toString());
        }
        for (TestKeys.Curve curve : new TestKeys.Curve[] {TestKeys.Curve.P256, TestKeys.Curve.P384, TestKeys.Curve.P521}) {
            KeyPair ec = TestKeys.ec(curve, 0);
            for (SigAlg alg : new SigAlg[] {SigAlg.ECDSA_SHA256, SigAlg.ECDSA_SHA384, SigAlg.ECDSA_SHA512, SigAlg.ECDSA_SHA1}) {
                TestCert c = CertBuilder.root("Sig " + alg + curve).key(ec).sigAlg(alg).build();
                c.x509().verify(ec.getPublic());
            }
        }
        // Curves the JDK 17 provider cannot verify: check with BouncyCastle.
        for (TestKeys.Curve curve : new TestKeys.Curve[] {TestKeys.Curve.P224, TestKeys.Curve.SECP256K1}) {
            KeyPair ec = TestKeys.ec(curve, 0);
            TestCert c = CertBuilder.root("Sig " + curve).key(ec).build();
            c.x509().verify(ec.getPublic(), Asn1.BC);
            assertEquals("ecdsa-with-SHA256", algName(c));
        }
        KeyPair ed = TestKeys.ed25519(0);
        TestCert edCert = CertBuilder.root("Sig Ed25519").key(ed).build();
        edCert.x509().verify(ed.getPublic());
        assertEquals(Oids.ED25519, Asn1.bc(edCert).getSignatureAlgorithm().getAlgorithm().getId());
    }

    @Test
    void defaultSigAlgFollowsCurveSize() {
        assertEquals("ecdsa-with-SHA384", algName(CertBuilder.root("P384 Root").key(TestKeys.ec(TestKeys.Curve.P384, 0)).build()));
        assertEquals("ecdsa-with-SHA512", algName(CertBuilder.root("P521 Root").key(TestKeys.ec(TestKeys.Curve.P521, 0)).build()));
        assertEquals("sha256WithRSA", algName(CertBuilder.root("RSA Root").key(TestKeys.rsa2048(0)).build()));
    }

    @Test
    void pssAlgorithmIdentifiersMatchCabfEncodings() {
        assertEquals("304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120",
                Der.toHex(SigAlg.PSS_SHA256.algIdDer()));
        assertEquals("304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130",
                Der.toHex(SigAlg.PSS_SHA384.algIdDer()));
        assertEquals("304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140",
                Der.toHex(SigAlg.PSS_SHA512.algIdDer()));
        assertEquals("300d06092a864886f70d01010b0500", Der.toHex(SigAlg.SHA256_WITH_RSA.algIdDer()));
        assertEquals("300a06082a8648ce3d040302", Der.toHex(SigAlg.ECDSA_SHA256.algIdDer()));
    }

    @Test
    void signatureAlgorithmMismatchAndRawAlgId() throws Exception {
        TestCert c = CertBuilder.leaf("mismatch.example").issuer(ICA).outerSigAlg(SigAlg.ECDSA_SHA384).build();
        Certificate bc = Asn1.bc(c);
        assertEquals(Oids.ECDSA_SHA256, bc.getTBSCertificate().getSignature().getAlgorithm().getId());
        assertEquals(Oids.ECDSA_SHA384, bc.getSignatureAlgorithm().getAlgorithm().getId());

        byte[] noNull = Der.seq(Der.oid(Oids.SHA256_WITH_RSA));
        TestCert absentParams = CertBuilder.root("No NULL").key(TestKeys.rsa2048(0))
                .sigAlg(SigAlg.SHA256_WITH_RSA.withAlgIdDer(noNull)).build();
        assertArrayEquals(noNull, bc(absentParams).getSignatureAlgorithm().getEncoded());
        assertArrayEquals(noNull, bc(absentParams).getTBSCertificate().getSignature().getEncoded());
        absentParams.x509().verify(absentParams.publicKey());

        TestCert outerRaw = CertBuilder.leaf("o.example").issuer(ICA).outerSigAlgDer(noNull).build();
        assertArrayEquals(noNull, bc(outerRaw).getSignatureAlgorithm().getEncoded());
        assertEquals(Oids.ECDSA_SHA256, bc(outerRaw).getTBSCertificate().getSignature().getAlgorithm().getId());
    }

    @Test
    void serialNumbers() {
        assertEquals(BigInteger.ZERO, CertBuilder.leaf("s.example").serial(0).build().x509().getSerialNumber());
        assertEquals(BigInteger.valueOf(-5), bc(CertBuilder.leaf("s.example").serial(-5).build()).getSerialNumber().getValue());
        BigInteger twenty = new BigInteger(1, filled(20, 0x7F));
        BigInteger twentyOne = new BigInteger(1, filled(20, 0xFF)); // needs a leading 00: 21 octets
        TestCert c20 = CertBuilder.leaf("s.example").serial(twenty).build();
        TestCert c21 = CertBuilder.leaf("s.example").serial(twentyOne).build();
        assertTrue(Asn1.contains(c20.der(), Der.concat(new byte[] {2, 20}, filled(20, 0x7F))));
        assertTrue(Asn1.contains(c21.der(), Der.concat(new byte[] {2, 21, 0}, filled(20, 0xFF))));
        TestCert nonMinimal = CertBuilder.leaf("s.example").serialRaw(new byte[] {0, 0, 1}).build();
        assertTrue(Asn1.contains(nonMinimal.der(), new byte[] {(byte) 0xA0, 3, 2, 1, 2, 2, 3, 0, 0, 1}));
        assertNull(nonMinimal.serial());
    }

    @Test
    void validityEncodings() {
        TestCert def = CertBuilder.leaf("t.example").build();
        assertTrue(Asn1.contains(def.der(), Der.utcTime("260502000000Z")));
        TestCert gen = CertBuilder.leaf("t.example").generalizedTime().build();
        assertTrue(Asn1.contains(gen.der(), Der.generalizedTime("20260502000000Z")));
        assertTrue(Asn1.contains(gen.der(), Der.generalizedTime("20270601000000Z")));
        TestCert far = CertBuilder.leaf("t.example").notAfter(Instant.parse("2050-01-01T00:00:00Z")).build();
        assertTrue(Asn1.contains(far.der(), Der.generalizedTime("20500101000000Z")));
        assertEquals(Instant.parse("2050-01-01T00:00:00Z"), far.x509().getNotAfter().toInstant());
        TestCert forcedUtc = CertBuilder.leaf("t.example").notAfter(Instant.parse("2050-01-01T00:00:00Z")).utcTime().build();
        assertTrue(Asn1.contains(forcedUtc.der(), Der.utcTime("500101000000Z")));
        TestCert raw = CertBuilder.leaf("t.example").notBeforeRaw(Der.utcTime("2605010000Z")).build();
        assertTrue(Asn1.contains(raw.der(), Der.utcTime("2605010000Z")));
        assertNull(raw.notBefore());
        TestCert expired = CertBuilder.leaf("t.example").validity(TestClock.daysAgo(100), TestClock.daysAgo(1)).build();
        assertEquals(TestClock.daysAgo(1), expired.notAfter());
    }

    @Test
    void versions() {
        TestCert v1 = CertBuilder.root("V1 Root").version(1).build();
        assertEquals(1, v1.x509().getVersion());
        assertEquals(6, Asn1.children(tbs(v1)).size()); // no version field, no extensions
        assertEquals(Der.INTEGER, Der.contents(tbs(v1))[0]);
        TestCert explicitV1 = CertBuilder.root("V1 Root").explicitV1().build();
        assertTrue(Asn1.contains(tbs(explicitV1), Der.hex("a003020100")));
        assertEquals(1, bc(explicitV1).getTBSCertificate().getVersionNumber());
        TestCert v2 = CertBuilder.root("V2 Root").version(2).issuerUniqueId(new byte[] {1}).subjectUniqueId(new byte[] {2}).build();
        assertEquals(2, v2.x509().getVersion());
        assertTrue(Asn1.contains(v2.der(), Der.hex("8102000182020002")));
        TestCert v1WithExt = CertBuilder.blank("V1 Ext").version(1).basicConstraints(true).build();
        assertTrue(Asn1.contains(tbs(v1WithExt), Der.oid(Oids.BASIC_CONSTRAINTS)));
        TestCert v4 = CertBuilder.blank("V4").version(4).build();
        assertTrue(Asn1.contains(tbs(v4), Der.hex("a003020103")));
    }

    @Test
    void emptyNames() {
        TestCert c = CertBuilder.leaf("x.example").issuer(ICA).emptySubject().build();
        assertArrayEquals(Der.seq(), c.subjectDer());
        assertEquals(0, bc(c).getSubject().getRDNs().length);
        assertArrayEquals(Der.seq(), Asn1.children(tbs(c)).get(5)); // subject field
        TestCert d = CertBuilder.blank("y").emptyIssuerName().build();
        assertArrayEquals(Der.seq(), d.issuerDer());
        assertArrayEquals(Der.seq(), Asn1.children(tbs(d)).get(3)); // issuer field
        TestCert raw = CertBuilder.blank("z").subjectDer(Der.seq(Der.set(Der.seq(Der.oid("2.5.4.3"), Der.utf8("raw"))))).build();
        assertEquals("CN=raw", raw.x509().getSubjectX500Principal().getName());
    }

    @Test
    void duplicateAndUnknownExtensions() {
        TestCert dup = CertBuilder.leaf("dup.example").issuer(ICA).duplicateExtension(Oids.EXT_KEY_USAGE).build();
        assertEquals(2, Asn1.count(tbs(dup), Der.oid(Oids.EXT_KEY_USAGE)));
        TestCert dupBc = CertBuilder.ca("Dup CA").issuer(ROOT).addExtension(Oids.BASIC_CONSTRAINTS, true, Der.seq()).build();
        assertEquals(2, Asn1.count(tbs(dupBc), Der.oid(Oids.BASIC_CONSTRAINTS)));
        TestCert unknown = CertBuilder.leaf("u.example").issuer(ICA).unknownCriticalExtension().build();
        assertTrue(unknown.x509().getCriticalExtensionOIDs().contains(Oids.UNKNOWN_EXTENSION));
        byte[] explicitFalse = Der.seq(Der.oid(Oids.SUBJECT_ALT_NAME), Der.bool(false), Der.octetString(Der.seq(dns("a.example").der())));
        TestCert rawExt = CertBuilder.leaf("r.example").issuer(ICA).removeExtension(Oids.SUBJECT_ALT_NAME)
                .addRawExtension(explicitFalse).build();
        assertTrue(Asn1.contains(tbs(rawExt), explicitFalse));
        TestCert nonCritKu = CertBuilder.leaf("k.example").issuer(ICA).critical(Oids.KEY_USAGE, false).build();
        assertFalse(nonCritKu.x509().getCriticalExtensionOIDs().contains(Oids.KEY_USAGE));
        TestCert none = CertBuilder.leaf("n.example").issuer(ICA).noExtensions().build();
        assertNull(bc(none).getTBSCertificate().getExtensions());
        assertEquals(3, none.x509().getVersion());
        TestCert emptyExts = CertBuilder.leaf("n.example").issuer(ICA).extensionsDer(Der.seq()).build();
        assertTrue(Asn1.contains(tbs(emptyExts), Der.hex("a3023000")));
        TestCert replaced = CertBuilder.leaf("e.example").issuer(ICA).extension(Oids.EXT_KEY_USAGE, true, Der.seq()).build();
        assertEquals(1, Asn1.count(tbs(replaced), Der.oid(Oids.EXT_KEY_USAGE)));
        assertTrue(replaced.x509().getCriticalExtensionOIDs().contains(Oids.EXT_KEY_USAGE));
    }

    @Test
    void basicConstraintsAndKeyUsageVariants() {
        assertArrayEquals(Der.seq(Der.bool(true), Der.integer(3)),
                Asn1.extValue(CertBuilder.ca("P").pathLen(3).build(), Oids.BASIC_CONSTRAINTS));
        assertArrayEquals(Der.seq(), Asn1.extValue(CertBuilder.leaf("p.example").basicConstraints(false).build(), Oids.BASIC_CONSTRAINTS));
        TestCert noBc = CertBuilder.ca("No BC").issuer(ROOT).removeExtension(Oids.BASIC_CONSTRAINTS).build();
        assertNull(Asn1.ext(noBc, Oids.BASIC_CONSTRAINTS));
        TestCert nonCritBc = CertBuilder.ca("NC BC").issuer(ROOT).critical(Oids.BASIC_CONSTRAINTS, false).build();
        assertTrue(BasicConstraints.getInstance(Asn1.extValue(nonCritBc, Oids.BASIC_CONSTRAINTS)).isCA());
        assertFalse(Asn1.ext(nonCritBc, Oids.BASIC_CONSTRAINTS).isCritical());

        assertArrayEquals(Der.hex("030100"), Asn1.extValue(CertBuilder.leaf("k.example").keyUsage().build(), Oids.KEY_USAGE));
        assertArrayEquals(Der.hex("03020106"), Asn1.extValue(CertBuilder.ca("K").keyUsage(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN).build(), Oids.KEY_USAGE));
        assertArrayEquals(Der.hex("0303070080"), KeyUsage.bitString(KeyUsage.DECIPHER_ONLY));
        boolean[] all = CertBuilder.leaf("k.example").keyUsage(KeyUsage.values()).build().x509().getKeyUsage();
        for (int i = 0; i < 9; i++) {
            assertTrue(all[i]);
        }
        byte[] badPadding = Der.bitString(1, new byte[] {(byte) 0x81});
        TestCert bad = CertBuilder.leaf("k.example").extension(Oids.KEY_USAGE, true, badPadding).build();
        assertArrayEquals(Der.hex("03020181"), Asn1.extValue(bad, Oids.KEY_USAGE));
    }

    @Test
    void subjectAltNameKinds() {
        TestCert c = CertBuilder.leaf("san.example").issuer(ICA).san(
                dns("a.example"), ip("10.0.0.1"), ip("2001:db8::1"), ipBytes(1, 2, 3, 4, 5), email("me@example.com"),
                uri("https://example.com/"), dirName("CN=Dir,O=Org"), registeredId("1.2.3.4"),
                otherName("1.3.6.1.4.1.311.20.2.3", Der.utf8("upn@example.com")), raw(Der.hex("8200")))
                .build();
        GeneralNames names = GeneralNames.getInstance(Asn1.extValue(c, Oids.SUBJECT_ALT_NAME));
        org.bouncycastle.asn1.x509.GeneralName[] n = names.getNames();
        assertEquals(10, n.length);
        int[] tags = Arrays.stream(n).mapToInt(org.bouncycastle.asn1.x509.GeneralName::getTagNo).toArray();
        assertArrayEquals(new int[] {2, 7, 7, 7, 1, 6, 4, 8, 0, 2}, tags);
        byte[] ext = Asn1.extValue(c, Oids.SUBJECT_ALT_NAME);
        assertTrue(Asn1.contains(ext, Der.hex("87040a000001")));
        assertTrue(Asn1.contains(ext, Der.hex("871020010db8000000000000000000000001")));
        assertTrue(Asn1.contains(ext, Der.hex("87050102030405")));
        assertTrue(Asn1.contains(ext, Der.hex("8200")));
    }

    @Test
    void nameConstraints() {
        TestCert nc = CertBuilder.ca("NC CA").issuer(ROOT)
                .permitted(dns("example.com"), ipSubnet("10.0.0.0/8"), dirName("O=Org,C=US"), email("example.com"), uri(".example.com"))
                .excluded(dns("bad.example.com"), ipSubnet("2001:db8::/32"))
                .build();
        assertTrue(Asn1.ext(nc, Oids.NAME_CONSTRAINTS).isCritical());
        NameConstraints parsed = NameConstraints.getInstance(Asn1.extValue(nc, Oids.NAME_CONSTRAINTS));
        assertEquals(5, parsed.getPermittedSubtrees().length);
        assertEquals(2, parsed.getExcludedSubtrees().length);
        byte[] v = Asn1.extValue(nc, Oids.NAME_CONSTRAINTS);
        assertTrue(Asn1.contains(v, Der.hex("87080a000000ff000000")));
        assertTrue(Asn1.contains(v, Der.hex("872020010db8000000000000000000000000ffffffff000000000000000000000000")));
        nc.x509(); // JDK accepts it

        TestCert onlyExcluded = CertBuilder.ca("NC2").excluded(dns("x.example")).build();
        NameConstraints p2 = NameConstraints.getInstance(Asn1.extValue(onlyExcluded, Oids.NAME_CONSTRAINTS));
        assertNull(p2.getPermittedSubtrees());
        assertEquals(1, p2.getExcludedSubtrees().length);
        TestCert emptyPermitted = CertBuilder.ca("NC3").permitted().build();
        assertArrayEquals(Der.hex("3002a000"), Asn1.extValue(emptyPermitted, Oids.NAME_CONSTRAINTS));
    }

    @Test
    void otherExtensions() {
        TestCert c = CertBuilder.leaf("o.example").issuer(ICA)
                .mustStaple()
                .ocspUrl("http://ocsp.example.test").caIssuersUrl("http://ca.example.test/ica.der")
                .certificatePolicies(Oids.CABF_DV, Oids.ANY_POLICY)
                .extendedKeyUsage(Oids.ANY_EKU, Oids.OCSP_SIGNING)
                .inhibitAnyPolicy(0)
                .policyConstraints(0, null)
                .ocspNoCheck()
                .build();
        assertArrayEquals(Der.hex("3003020105"), Asn1.extValue(c, Oids.TLS_FEATURE));
        assertArrayEquals(Der.seq(Der.seq(Der.oid(Oids.AD_OCSP), uri("http://ocsp.example.test").der()),
                Der.seq(Der.oid(Oids.AD_CA_ISSUERS), uri("http://ca.example.test/ica.der").der())),
                Asn1.extValue(c, Oids.AUTHORITY_INFO_ACCESS));
        assertArrayEquals(Der.seq(Der.seq(Der.oid(Oids.CABF_DV)), Der.seq(Der.oid(Oids.ANY_POLICY))),
                Asn1.extValue(c, Oids.CERTIFICATE_POLICIES));
        assertArrayEquals(Der.seq(Der.oid(Oids.ANY_EKU), Der.oid(Oids.OCSP_SIGNING)), Asn1.extValue(c, Oids.EXT_KEY_USAGE));
        assertArrayEquals(Der.hex("020100"), Asn1.extValue(c, Oids.INHIBIT_ANY_POLICY));
        assertArrayEquals(Der.hex("3003800100"), Asn1.extValue(c, Oids.POLICY_CONSTRAINTS));
        assertArrayEquals(Der.nul(), Asn1.extValue(c, Oids.OCSP_NO_CHECK));
        assertArrayEquals(Der.seq(), Asn1.extValue(CertBuilder.leaf("e.example").extendedKeyUsage().build(), Oids.EXT_KEY_USAGE));
        c.x509();
    }

    @Test
    void spkiOverrideAndTransforms() {
        byte[] spki = TestKeys.ec(TestKeys.Curve.P384, 5).getPublic().getEncoded();
        TestCert c = CertBuilder.leaf("spki.example").issuer(ICA).spkiDer(spki).build();
        assertArrayEquals(spki, c.x509().getPublicKey().getEncoded());
        TestCert trailing = CertBuilder.leaf("t.example").transformCert(d -> Der.concat(d, new byte[] {0})).build();
        assertEquals(0, trailing.der()[trailing.der().length - 1]);
        TestCert t = CertBuilder.leaf("t.example").transformTbs(tbs -> tbs).build();
        t.x509();
    }

    @Test
    void toBuilderMakesVariants() throws Exception {
        TestCert leaf = CertBuilder.leaf("v.example").issuer(ICA).mustStaple().build();
        TestCert expired = leaf.toBuilder().validity(TestClock.daysAgo(400), TestClock.daysAgo(35)).build();
        assertEquals(leaf.publicKey(), expired.publicKey());
        assertArrayEquals(Asn1.extValue(leaf, Oids.TLS_FEATURE), Asn1.extValue(expired, Oids.TLS_FEATURE));
        assertNotEquals(leaf.serial(), expired.serial());
        expired.x509().verify(ICA.publicKey());
        // the original builder state is not shared
        CertBuilder b = CertBuilder.leaf("w.example").issuer(ICA);
        TestCert first = b.build();
        b.unknownCriticalExtension();
        assertNull(Asn1.ext(first.toBuilder().build(), Oids.UNKNOWN_EXTENSION));
    }

    @Test
    void derHelpers() {
        assertArrayEquals(Der.hex("0481800000"), Arrays.copyOf(Der.octetString(new byte[128]), 5));
        assertArrayEquals(Der.hex("048201000000"), Arrays.copyOf(Der.octetString(new byte[256]), 6));
        assertArrayEquals(Der.hex("020100"), Der.integer(0));
        assertArrayEquals(Der.hex("0201ff"), Der.integer(-1));
        assertArrayEquals(Der.hex("02020080"), Der.integer(128));
        assertArrayEquals(new byte[] {1, 2}, Der.contents(Der.octetString(new byte[] {1, 2})));
        assertEquals(2, ASN1Sequence.getInstance(Der.name("CN=a,O=b")).size());
        assertEquals("CN=a\\,b", new javax.security.auth.x500.X500Principal(Der.name("a,b")).getName());
    }

    private static byte[] tbs(TestCert c) {
        return Asn1.tbs(c);
    }

    private static Certificate bc(TestCert c) {
        return Asn1.bc(c);
    }

    private static String algName(TestCert c) {
        String oid = Asn1.bc(c).getSignatureAlgorithm().getAlgorithm().getId();
        switch (oid) {
            case Oids.ECDSA_SHA256: return "ecdsa-with-SHA256";
            case Oids.ECDSA_SHA384: return "ecdsa-with-SHA384";
            case Oids.ECDSA_SHA512: return "ecdsa-with-SHA512";
            case Oids.SHA256_WITH_RSA: return "sha256WithRSA";
            default: return oid;
        }
    }

    private static byte[] filled(int n, int b) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) b);
        return out;
    }
}
