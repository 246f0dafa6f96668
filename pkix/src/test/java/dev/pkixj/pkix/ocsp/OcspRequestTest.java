package dev.pkixj.pkix.ocsp;

import static dev.pkixj.pkix.ocsp.OcspTestSupport.certId;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.digest;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.keyBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.der.Input;
import java.math.BigInteger;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

/** {@link OcspVerifier#createRequest}: mozilla::pkix's request, checked with BouncyCastle. */
class OcspRequestTest {
  static OCSPReq parse(byte[] der) throws Exception {
    return new OCSPReq(der);
  }

  void checkRequest(TestCert issuer, TestCert leaf) throws Exception {
    CertId id = certId(issuer, leaf);
    byte[] der = OcspVerifier.createRequest(id);
    assertTrue(der.length <= OcspVerifier.OCSP_REQUEST_MAX_LENGTH, "length " + der.length);
    assertEquals(67 + id.serialNumber().len(), der.length);

    OCSPReq req = parse(der);
    assertFalse(req.isSigned());
    assertNull(req.getRequestorName());
    assertFalse(req.hasExtensions());
    assertEquals(1, req.getVersionNumber());
    Req[] list = req.getRequestList();
    assertEquals(1, list.length);
    assertNull(list[0].getSingleRequestExtensions());
    CertificateID cid = list[0].getCertID();
    assertEquals(OIWObjectIdentifiers.idSHA1, cid.getHashAlgOID());
    assertArrayEquals(digest("SHA-1", issuer.subjectDer()), cid.getIssuerNameHash());
    assertArrayEquals(digest("SHA-1", keyBits(issuer)), cid.getIssuerKeyHash());
    assertEquals(leaf.serial(), cid.getSerialNumber());
    // BouncyCastle's own CertID for the same certificate matches.
    DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
    CertificateID expected = new CertificateID(digests.get(CertificateID.HASH_SHA1),
        new X509CertificateHolder(issuer.der()), leaf.serial());
    assertTrue(expected.matchesIssuer(new X509CertificateHolder(issuer.der()), digests));
    assertEquals(expected, cid);
  }

  @Test
  void typicalKeys() throws Exception {
    checkRequest(TestPki.ec().intermediate(), TestPki.ec().leaf());
    checkRequest(TestPki.rsa().intermediate(), TestPki.rsa().leaf());
    TestCert bigCa = CertBuilder.ca("CN=RSA-4096 CA").key(TestKeys.rsa4096(1))
        .issuer(TestPki.rsa().root()).build();
    TestCert p521Ca = CertBuilder.ca("CN=P-521 CA").key(TestKeys.ec(TestKeys.Curve.P521, 1))
        .issuer(TestPki.ec().root()).build();
    for (TestCert ca : new TestCert[] {bigCa, p521Ca}) {
      // A 20-octet serial with the high bit set (21 content octets): the longest RFC 5280 allows.
      TestCert leaf = CertBuilder.leaf("req.example.test").issuer(ca)
          .serial(new BigInteger(1, new byte[] {(byte) 0xff, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
              13, 14, 15, 16, 17, 18, 19})).build();
      checkRequest(ca, leaf);
      assertEquals(67 + 21, OcspVerifier.createRequest(certId(ca, leaf)).length);
    }
  }

  @Test
  void exactBytes() {
    TestCert issuer = TestPki.ec().intermediate();
    CertId id = certId(issuer, TestPki.ec().leaf());
    CertId one = new CertId(id.issuer(), id.issuerSubjectPublicKeyInfo(), Input.of(new byte[] {1}));
    byte[] der = OcspVerifier.createRequest(one);
    byte[] head = {0x30, 0x42, 0x30, 0x40, 0x30, 0x3e, 0x30, 0x3c, 0x30, 0x3a,
        0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
    assertArrayEquals(head, java.util.Arrays.copyOf(der, head.length));
    assertArrayEquals(new byte[] {0x02, 0x01, 0x01},
        java.util.Arrays.copyOfRange(der, der.length - 3, der.length));
  }

  @Test
  void serialLimits() {
    CertId id = certId(TestPki.ec().intermediate(), TestPki.ec().leaf());
    byte[] sixty = new byte[60];
    sixty[0] = 1;
    byte[] der = OcspVerifier.createRequest(
        new CertId(id.issuer(), id.issuerSubjectPublicKeyInfo(), Input.of(sixty)));
    assertEquals(127, der.length);
    assertThrows(IllegalArgumentException.class, () -> OcspVerifier.createRequest(
        new CertId(id.issuer(), id.issuerSubjectPublicKeyInfo(), Input.of(new byte[61]))));
    assertThrows(IllegalArgumentException.class, () -> OcspVerifier.createRequest(
        new CertId(id.issuer(), id.issuerSubjectPublicKeyInfo(), Input.EMPTY)));
    assertThrows(IllegalArgumentException.class, () -> OcspVerifier.createRequest(
        new CertId(id.issuer(), Input.of(new byte[] {0x30, 0}), id.serialNumber())));
  }
}
