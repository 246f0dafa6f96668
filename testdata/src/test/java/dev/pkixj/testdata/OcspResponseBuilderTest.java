package dev.pkixj.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

class OcspResponseBuilderTest {

    private static BasicOCSPResp parse(byte[] der) throws Exception {
        OCSPResp resp = new OCSPResp(der);
        assertEquals(OCSPResp.SUCCESSFUL, resp.getStatus());
        return (BasicOCSPResp) resp.getResponseObject();
    }

    private static boolean sigValid(BasicOCSPResp r, PublicKey key) throws Exception {
        try {
            return r.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Asn1.BC).build(key));
        } catch (org.bouncycastle.cert.ocsp.OCSPException e) {
            return false; // e.g. key type does not match the signature algorithm
        }
    }

    private static CertificateID certId(TestCert issuer, BigInteger serial, org.bouncycastle.asn1.x509.AlgorithmIdentifier hash)
            throws Exception {
        DigestCalculatorProvider dcp = new JcaDigestCalculatorProviderBuilder().setProvider(Asn1.BC).build();
        return new CertificateID(dcp.get(hash), new X509CertificateHolder(issuer.der()), serial);
    }

    @Test
    void goodResponseSignedByIssuer() throws Exception {
        for (TestPki pki : new TestPki[] {TestPki.rsa(), TestPki.ec(), TestPki.mixed()}) {
            byte[] der = OcspResponseBuilder.forIssuer(pki.intermediate()).good(pki.leaf()).build();
            BasicOCSPResp r = parse(der);
            assertTrue(sigValid(r, pki.intermediate().publicKey()), pki.toString());
            assertEquals(1, r.getResponses().length);
            SingleResp s = r.getResponses()[0];
            assertNull(s.getCertStatus()); // good
            assertEquals(certId(pki.intermediate(), pki.leaf().serial(), CertificateID.HASH_SHA1), s.getCertID());
            assertEquals(Date.from(TestClock.daysAgo(1)), s.getThisUpdate());
            assertEquals(Date.from(TestClock.daysFromNow(6)), s.getNextUpdate());
            assertEquals(Date.from(TestClock.daysAgo(1)), r.getProducedAt());
            assertEquals(0, r.getCerts().length);
            // default ResponderID byKey
            ResponderID rid = r.getResponderId().toASN1Primitive();
            assertArrayEquals(Crypto.digest("SHA-1", Crypto.spkiKeyBits(pki.intermediate().spkiDer())), rid.getKeyHash());
        }
    }

    @Test
    void revokedUnknownAndMultipleResponses() throws Exception {
        TestPki pki = TestPki.ec();
        Instant revokedAt = TestClock.daysAgo(3);
        byte[] der = OcspResponseBuilder.forIssuer(pki.intermediate())
                .revoked(pki.leaf(), revokedAt, OcspResponseBuilder.REASON_KEY_COMPROMISE)
                .unknown(BigInteger.valueOf(42))
                .good(pki.newLeaf(1))
                .revoked(pki.newLeaf(2), revokedAt)
                .noNextUpdate()
                .build();
        BasicOCSPResp r = parse(der);
        assertTrue(sigValid(r, pki.intermediate().publicKey()));
        SingleResp[] s = r.getResponses();
        assertEquals(4, s.length);
        RevokedStatus rs = (RevokedStatus) s[0].getCertStatus();
        assertEquals(Date.from(revokedAt), rs.getRevocationTime());
        assertEquals(1, rs.getRevocationReason());
        assertTrue(s[1].getCertStatus() instanceof UnknownStatus);
        assertEquals(BigInteger.valueOf(42), s[1].getCertID().getSerialNumber());
        assertNull(s[2].getCertStatus());
        assertFalse(((RevokedStatus) s[3].getCertStatus()).hasRevocationReason());
        assertNull(s[0].getNextUpdate());
    }

    @Test
    void delegatedResponderByName() throws Exception {
        TestPki pki = TestPki.rsa();
        TestCert responder = CertBuilder.leaf("CN=OCSP Responder").issuer(pki.intermediate())
                .extendedKeyUsage(Oids.OCSP_SIGNING).keyUsage(KeyUsage.DIGITAL_SIGNATURE).ocspNoCheck().build();
        byte[] der = OcspResponseBuilder.forIssuer(pki.intermediate()).responder(responder).byName()
                .good(pki.leaf()).build();
        BasicOCSPResp r = parse(der);
        assertTrue(sigValid(r, responder.publicKey()));
        assertFalse(sigValid(r, pki.intermediate().publicKey()));
        assertEquals(1, r.getCerts().length);
        assertArrayEquals(responder.der(), r.getCerts()[0].getEncoded());
        assertEquals(X500Name.getInstance(responder.subjectDer()), r.getResponderId().toASN1Primitive().getName());
        byte[] noCerts = OcspResponseBuilder.forIssuer(pki.intermediate()).responder(responder).certs().good(pki.leaf()).build();
        assertEquals(0, parse(noCerts).getCerts().length);
        byte[] withChain = OcspResponseBuilder.forIssuer(pki.intermediate()).certs(pki.intermediate(), pki.root())
                .good(pki.leaf()).build();
        assertEquals(2, parse(withChain).getCerts().length);
    }

    @Test
    void sha256CertIdAndCertIdIssuerMismatch() throws Exception {
        TestPki pki = TestPki.mixed();
        BasicOCSPResp r = parse(OcspResponseBuilder.forIssuer(pki.intermediate()).certIdHash("SHA-256").good(pki.leaf()).build());
        CertificateID expected = certId(pki.intermediate(), pki.leaf().serial(),
                new org.bouncycastle.asn1.x509.AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256,
                        org.bouncycastle.asn1.DERNull.INSTANCE));
        assertEquals(expected, r.getResponses()[0].getCertID());
        BasicOCSPResp wrong = parse(OcspResponseBuilder.forIssuer(pki.intermediate()).certIdIssuer(pki.root()).good(pki.leaf()).build());
        assertTrue(wrong.getResponses()[0].getCertID().matchesIssuer(new X509CertificateHolder(pki.root().der()),
                new JcaDigestCalculatorProviderBuilder().setProvider(Asn1.BC).build()));
    }

    @Test
    void corruptSignatureAndSigAlgs() throws Exception {
        TestPki pki = TestPki.rsa();
        BasicOCSPResp bad = parse(OcspResponseBuilder.forIssuer(pki.intermediate()).good(pki.leaf()).corruptSignature().build());
        assertFalse(sigValid(bad, pki.intermediate().publicKey()));
        for (SigAlg alg : new SigAlg[] {SigAlg.SHA1_WITH_RSA, SigAlg.SHA384_WITH_RSA, SigAlg.PSS_SHA256}) {
            BasicOCSPResp r = parse(OcspResponseBuilder.forIssuer(pki.intermediate()).sigAlg(alg).good(pki.leaf()).build());
            assertTrue(sigValid(r, pki.intermediate().publicKey()), alg.toString());
            assertArrayEquals(alg.algIdDer(), r.getSignatureAlgorithmID().getEncoded());
        }
        BasicOCSPResp otherKey = parse(OcspResponseBuilder.forIssuer(pki.intermediate())
                .signingKey(TestKeys.rsa2048(0).getPrivate()).good(pki.leaf()).build());
        assertFalse(sigValid(otherKey, pki.intermediate().publicKey()));
        assertTrue(sigValid(otherKey, TestKeys.rsa2048(0).getPublic()));
    }

    @Test
    void errorStatuses() throws Exception {
        for (int status : new int[] {OcspResponseBuilder.MALFORMED_REQUEST, OcspResponseBuilder.INTERNAL_ERROR,
                OcspResponseBuilder.TRY_LATER, OcspResponseBuilder.SIG_REQUIRED, OcspResponseBuilder.UNAUTHORIZED}) {
            OCSPResp r = new OCSPResp(OcspResponseBuilder.errorResponse(status));
            assertEquals(status, r.getStatus());
            assertNull(r.getResponseObject());
            byte[] viaBuilder = OcspResponseBuilder.forIssuer(TestPki.ec().intermediate()).responseStatus(status)
                    .good(TestPki.ec().leaf()).build();
            assertArrayEquals(OcspResponseBuilder.errorResponse(status), viaBuilder);
        }
        assertArrayEquals(Der.hex("30030a0103"), OcspResponseBuilder.errorResponse(OcspResponseBuilder.TRY_LATER));
    }

    @Test
    void extensionsAndTimes() throws Exception {
        TestPki pki = TestPki.ec();
        Instant t = TestClock.daysAgo(20);
        byte[] der = OcspResponseBuilder.forIssuer(pki.intermediate()).good(pki.leaf())
                .producedAt(t).thisUpdate(t).nextUpdate(TestClock.daysAgo(10))
                .responseExtension(Oids.OCSP_NONCE, false, Der.octetString(new byte[] {1, 2, 3}))
                .build();
        BasicOCSPResp r = parse(der);
        assertTrue(sigValid(r, pki.intermediate().publicKey()));
        assertEquals(Date.from(t), r.getProducedAt());
        assertEquals(Date.from(TestClock.daysAgo(10)), r.getResponses()[0].getNextUpdate());
        assertNotNull(r.getExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(Oids.OCSP_NONCE)));
    }
}
