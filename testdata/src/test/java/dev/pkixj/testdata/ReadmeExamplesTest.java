package dev.pkixj.testdata;

import static dev.pkixj.testdata.GeneralName.dirName;
import static dev.pkixj.testdata.GeneralName.dns;
import static dev.pkixj.testdata.GeneralName.ip;
import static dev.pkixj.testdata.GeneralName.ipSubnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README examples compiling and running. */
class ReadmeExamplesTest {

    @Test
    void examples() {
        TestCert root = CertBuilder.root("Test Root").key(TestKeys.ec(TestKeys.Curve.P256, 1)).build();
        TestCert ica = CertBuilder.ca("Test ICA").issuer(root).pathLen(0).build();
        TestCert leaf = CertBuilder.leaf("www.example.com").issuer(ica)
                .san(dns("www.example.com"), ip("10.0.0.1"))
                .build();
        byte[] der = leaf.der();
        String bundle = Pem.certs(leaf, ica, root);
        assertEquals(3, Pem.decodeAll(bundle).size());
        assertTrue(der.length > 0);

        TestPki pki = TestPki.rsa();
        List<TestCert> broken = List.of(
                pki.leafBuilder().corruptSignature().build(),
                pki.leafBuilder().signingKey(TestKeys.rsa2048(9).getPrivate()).build(),
                pki.leafBuilder().outerSigAlg(SigAlg.SHA384_WITH_RSA).build(),
                pki.leafBuilder().duplicateExtension(Oids.EXT_KEY_USAGE).build(),
                pki.leafBuilder().unknownCriticalExtension().build(),
                pki.leafBuilder().serialRaw(new byte[] {0, 1}).build(),
                pki.leafBuilder().notAfterRaw(Der.utcTime("2706010000Z")).build(),
                pki.leafBuilder().validity(TestClock.daysAgo(400), TestClock.daysAgo(1)).build(),
                pki.leafBuilder().sigAlg(SigAlg.SHA1_WITH_RSA).build(),
                CertBuilder.ca("No BC").issuer(pki.root()).removeExtension(Oids.BASIC_CONSTRAINTS).build(),
                CertBuilder.root("V1 Root").version(1).build(),
                pki.leafBuilder().extension(Oids.KEY_USAGE, true, Der.bitString(1, new byte[] {(byte) 0x81})).build());
        assertEquals(12, broken.size());

        TestCert constrained = CertBuilder.ca("Constrained ICA").issuer(root)
                .permitted(dns("example.com"), ipSubnet("10.0.0.0/8"), dirName("O=Example,C=US"))
                .excluded(dns("bad.example.com"))
                .certificatePolicies(Oids.ANY_POLICY)
                .build();
        TestCert staple = CertBuilder.leaf("a.example.com").issuer(constrained)
                .mustStaple()
                .ocspUrl("http://ocsp.example.test")
                .addExtension("1.2.3.4", false, Der.utf8("anything"))
                .build();
        staple.x509();

        byte[] good = OcspResponseBuilder.forIssuer(pki.intermediate()).good(pki.leaf()).build();
        byte[] revoked = OcspResponseBuilder.forIssuer(pki.intermediate())
                .revoked(pki.leaf(), TestClock.daysAgo(2), OcspResponseBuilder.REASON_KEY_COMPROMISE)
                .certIdHash("SHA-256").byName().build();
        TestCert responder = CertBuilder.leaf("CN=OCSP Responder").issuer(pki.intermediate())
                .extendedKeyUsage(Oids.OCSP_SIGNING).build();
        byte[] delegated = OcspResponseBuilder.forIssuer(pki.intermediate()).responder(responder)
                .good(pki.leaf()).build();
        byte[] tryLater = OcspResponseBuilder.errorResponse(OcspResponseBuilder.TRY_LATER);
        assertTrue(good.length > 0 && revoked.length > 0 && delegated.length > 0 && tryLater.length == 5);

        TestCtLog a = TestCtLog.p256("Test Log A", "Operator One");
        TestCtLog b = TestCtLog.p256("Test Log B", "Operator Two");
        long issued = TestClock.daysAgo(30).toEpochMilli();
        TestCert ctLeaf = pki.leafBuilder()
                .embeddedSct(a, issued)
                .embeddedSct(b.sct(issued).leafIndex(42))
                .build();
        TestCert badSct = pki.leafBuilder().embeddedSct(a.sct(issued).corruptSignature()).build();
        byte[] tlsSct = a.x509Sct(pki.leaf().der(), issued);
        byte[] stapled = OcspResponseBuilder.forIssuer(pki.intermediate()).good(pki.leaf())
                .sctList(SctListEncoder.list(tlsSct)).build();
        String logList = CtLogListWriter.create()
                .log(a, CtLogListWriter.State.USABLE, TestClock.daysAgo(400))
                .log(b, CtLogListWriter.State.RETIRED, TestClock.daysAgo(10))
                .toJson();
        assertEquals(2, Ct.items(Ct.embeddedList(ctLeaf.der())).size());
        assertEquals(1, Ct.items(Ct.embeddedList(badSct.der())).size());
        assertTrue(Asn1.contains(stapled, tlsSct));
        assertTrue(logList.contains("\"retired\"") && logList.contains("\"usable\""));
    }
}
