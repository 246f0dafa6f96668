package dev.pkixj.pkix.ocsp;

import static dev.pkixj.pkix.ocsp.OcspTestSupport.DAY;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.NOW;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.byKey;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.byName;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.certId;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.certIdDer;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.extension;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.good;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.parts;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.responseData;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.revoked;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.single;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.trustDomain;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.unknown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.KeyUsage;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.SigAlg;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.names.NameDisplay;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.ForwardingTrustDomain;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustLevel;
import dev.pkixj.pkix.der.DerReader;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@link OcspVerifier#verify} on responses built with testdata's {@link OcspResponseBuilder} and
 * by hand: every result of mozilla::pkix's {@code VerifyEncodedOCSPResponse}, its order of checks,
 * its boundaries, and the delegated-responder rules.
 */
class OcspVerifierTest {
  static final TestPki PKI = TestPki.ec();
  static final TestCert ROOT = PKI.root();
  static final TestCert ISSUER = PKI.intermediate();
  static final TestCert LEAF = PKI.leaf();
  static final TestCert OTHER_LEAF = PKI.newLeaf(7);
  static final CertId CERT_ID = certId(ISSUER, LEAF);
  static final InMemoryTrustDomain TD = trustDomain(ROOT);

  static final String RESPONDER_NAME = "CN=pkixj OCSP Responder,O=pkixj Test,C=US";

  /** A valid delegated responder: end-entity, EKU id-kp-OCSPSigning, issued by ISSUER. */
  static CertBuilder responderBuilder() {
    return CertBuilder.leaf(RESPONDER_NAME).issuer(ISSUER).extendedKeyUsage(Oids.OCSP_SIGNING);
  }

  static final TestCert RESPONDER = responderBuilder().build();

  static OcspResponseBuilder issuerSigned() {
    return OcspResponseBuilder.forIssuer(ISSUER);
  }

  static OcspVerification verify(byte[] response) {
    return verify(response, NOW);
  }

  static OcspVerification verify(byte[] response, long time) {
    return OcspVerifier.verify(TD, CERT_ID, time, 10, response);
  }

  static void assertResult(Result expected, byte[] response) {
    OcspVerification v = verify(response);
    assertEquals(expected, v.result(), () -> "got " + v);
  }

  /** A response whose ResponseData is {@code rd}, signed by the issuer (or {@code responder}). */
  static byte[] signed(byte[] rd) {
    return issuerSigned().good(LEAF).transformResponseData(x -> rd).build();
  }

  static byte[] signedBy(TestCert responder, byte[] rd) {
    return issuerSigned().responder(responder).good(LEAF).transformResponseData(x -> rd).build();
  }

  static byte[] leafCertId() {
    return certIdDer("SHA-1", ISSUER, LEAF.serial());
  }

  static byte[] otherCertId() {
    return certIdDer("SHA-1", ISSUER, OTHER_LEAF.serial());
  }

  /** A copy of a Name with every UTF8String turned into a PrintableString and vice versa. */
  static byte[] swapStringTypes(byte[] name) {
    byte[] out = name.clone();
    try {
      DerReader rdns = dev.pkixj.pkix.der.Input.of(out).reader().expectNested(DerReader.SEQUENCE);
      while (!rdns.atEnd()) {
        DerReader set = rdns.expectNested(DerReader.SET);
        while (!set.atEnd()) {
          DerReader atv = set.expectNested(DerReader.SEQUENCE);
          atv.expect(DerReader.OID);
          int tag = atv.readTlv();
          int at = atv.tlvOff();
          if (tag == DerReader.UTF8_STRING) {
            out[at] = DerReader.PRINTABLE_STRING;
          } else if (tag == DerReader.PRINTABLE_STRING) {
            out[at] = DerReader.UTF8_STRING;
          }
        }
      }
    } catch (PkixException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  static Instant t(long epochSeconds) {
    return Instant.ofEpochSecond(epochSeconds);
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Basics {
    @Test
    void goodSignedByIssuerByKey() {
      OcspVerification v = verify(issuerSigned().good(LEAF).build());
      assertEquals(Result.SUCCESS, v.result());
      assertFalse(v.expired());
      assertEquals(CertStatus.GOOD, v.status());
      assertEquals(TestClock.daysAgo(1), v.thisUpdate());
      assertEquals(TestClock.daysFromNow(6), v.nextUpdate());
      // min(nextUpdate, thisUpdate + 10 d) + 1 d slack
      assertEquals(TestClock.daysFromNow(7), v.validThrough());
      assertEquals("CN=pkixj Test EC Intermediate, O=pkixj Test, C=US", v.responder());
      assertTrue(v.statusReached());
    }

    @Test
    void goodSignedByIssuerByName() {
      assertResult(Result.SUCCESS, issuerSigned().byName().good(LEAF).build());
    }

    @Test
    void rsaIssuerWithEveryCertIdHash() {
      TestPki rsa = TestPki.rsa();
      CertId id = certId(rsa.intermediate(), rsa.leaf());
      for (String hash : new String[] {"SHA-1", "SHA-256", "SHA-384", "SHA-512"}) {
        byte[] r = OcspResponseBuilder.forIssuer(rsa.intermediate()).certIdHash(hash)
            .good(rsa.leaf()).build();
        assertEquals(Result.SUCCESS,
            OcspVerifier.verify(trustDomain(rsa.root()), id, NOW, 10, r).result(), hash);
      }
    }

    @Test
    void responseSignatureAlgorithmsWithoutPolicy() {
      // The response signature gets no digest or key-size policy: SHA-1 and RSA-1024 pass.
      TestPki rsa = TestPki.rsa();
      CertId id = certId(rsa.intermediate(), rsa.leaf());
      for (SigAlg alg : new SigAlg[] {SigAlg.SHA1_WITH_RSA, SigAlg.SHA384_WITH_RSA,
          SigAlg.SHA512_WITH_RSA, SigAlg.PSS_SHA256, SigAlg.PSS_SHA384, SigAlg.PSS_SHA512}) {
        byte[] r = OcspResponseBuilder.forIssuer(rsa.intermediate()).sigAlg(alg).good(rsa.leaf())
            .build();
        assertEquals(Result.SUCCESS,
            OcspVerifier.verify(trustDomain(rsa.root()), id, NOW, 10, r).result(), alg.toString());
      }
      TestCert weakCa = CertBuilder.ca("CN=Weak CA").issuer(rsa.root())
          .key(TestKeys.rsa1024(1)).build();
      TestCert weakLeaf = CertBuilder.leaf("weak.example.test").issuer(weakCa).build();
      byte[] r = OcspResponseBuilder.forIssuer(weakCa).good(weakLeaf).build();
      assertEquals(Result.SUCCESS, OcspVerifier.verify(trustDomain(rsa.root()),
          certId(weakCa, weakLeaf), NOW, 10, r).result());
      for (SigAlg alg : new SigAlg[] {SigAlg.ECDSA_SHA1, SigAlg.ECDSA_SHA384,
          SigAlg.ECDSA_SHA512}) {
        assertResult(Result.SUCCESS, issuerSigned().sigAlg(alg).good(LEAF).build());
      }
    }

    @Test
    void nullAndEmptyInput() {
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, new byte[0]);
      assertEquals(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          OcspVerifier.verify(TD, CERT_ID, NOW, 10, null).result());
    }

    @Test
    void badArguments() {
      byte[] r = issuerSigned().good(LEAF).build();
      assertThrows(NullPointerException.class, () -> OcspVerifier.verify(null, CERT_ID, NOW, 10, r));
      assertThrows(NullPointerException.class, () -> OcspVerifier.verify(TD, null, NOW, 10, r));
      assertThrows(IllegalArgumentException.class,
          () -> OcspVerifier.verify(TD, CERT_ID, NOW, -1, r));
      assertThrows(IllegalArgumentException.class,
          () -> OcspVerifier.verify(TD, CERT_ID, NOW, 65536, r));
    }

    @Test
    void errorsCarryNoStatusOrTimes() {
      OcspVerification v = verify(issuerSigned().corruptSignature().good(LEAF).build());
      assertEquals(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, v.result());
      assertFalse(v.expired());
      assertNull(v.status());
      assertNull(v.thisUpdate());
      assertNull(v.validThrough());
      assertNull(v.nextUpdate());
      assertNull(v.responder());
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class ResponseStatus {
    @Test
    void statusErrors() {
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_REQUEST, OcspResponseBuilder.errorResponse(1));
      assertResult(Result.SEC_ERROR_OCSP_SERVER_ERROR, OcspResponseBuilder.errorResponse(2));
      assertResult(Result.SEC_ERROR_OCSP_TRY_SERVER_LATER, OcspResponseBuilder.errorResponse(3));
      assertResult(Result.SEC_ERROR_OCSP_UNKNOWN_RESPONSE_STATUS,
          OcspResponseBuilder.errorResponse(4));
      assertResult(Result.SEC_ERROR_OCSP_REQUEST_NEEDS_SIG, OcspResponseBuilder.errorResponse(5));
      assertResult(Result.SEC_ERROR_OCSP_UNAUTHORIZED_REQUEST,
          OcspResponseBuilder.errorResponse(6));
      assertResult(Result.SEC_ERROR_OCSP_UNKNOWN_RESPONSE_STATUS,
          OcspResponseBuilder.errorResponse(7));
      assertResult(Result.SEC_ERROR_OCSP_UNKNOWN_RESPONSE_STATUS,
          OcspResponseBuilder.errorResponse(127));
    }

    @Test
    void statusErrorWinsOverWhatFollows() {
      // Nothing after a non-zero status is looked at: neither responseBytes nor trailing junk.
      byte[] good = issuerSigned().good(LEAF).build();
      byte[] withBytes = Der.seq(Der.enumerated(3), Der.contents(good));
      byte[] tryLaterWithJunk = Der.seq(Der.enumerated(3), Der.hex("0500ffff"));
      assertResult(Result.SEC_ERROR_OCSP_TRY_SERVER_LATER, tryLaterWithJunk);
      assertEquals(Result.SEC_ERROR_OCSP_TRY_SERVER_LATER, verify(withBytes).result());
    }

    @Test
    void badStatusIntegers() {
      assertResult(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
          Der.seq(Der.enumerated(128)));
      assertResult(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
          Der.seq(Der.tlv(Der.ENUMERATED, Der.hex("ff"))));
      assertResult(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
          Der.seq(Der.tlv(Der.ENUMERATED, Der.hex("0000"))));
      assertResult(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
          Der.seq(Der.tlv(Der.ENUMERATED, new byte[0])));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, Der.seq(Der.integer(0)));
    }

    @Test
    void successfulWithoutResponseBytes() {
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, Der.seq(Der.enumerated(0)));
    }

    @Test
    void onlyBasicResponses() {
      Basic p = new Basic(issuerSigned().good(LEAF).build());
      byte[] nonce = Der.seq(Der.enumerated(0), Der.explicit(0,
          Der.seq(Der.oid(Oids.OCSP_NONCE), Der.octetString(p.basic))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, nonce);
      byte[] notOctets = Der.seq(Der.enumerated(0), Der.explicit(0,
          Der.seq(Der.oid(Oids.OCSP_BASIC), p.basic)));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, notOctets);
      byte[] implicit = Der.seq(Der.enumerated(0), Der.implicit(0, true,
          Der.concat(Der.oid(Oids.OCSP_BASIC), Der.octetString(p.basic))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, implicit);
    }

    /** The BasicOCSPResponse TLV of a response. */
    final class Basic {
      final byte[] basic;

      Basic(byte[] response) {
        OcspTestSupport.Parts p = parts(response);
        basic = Der.seq(p.tbs(), p.algorithm(), p.signature(), p.certs());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Structure {
    @Test
    void versions() {
      byte[] rd = responseData(byKey(ISSUER), null,
          single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null));
      UnaryOperator<byte[]> withVersion = v -> Der.seq(Der.explicit(0, v), Der.contents(rd));
      assertResult(Result.SUCCESS, signed(rd));
      assertResult(Result.SUCCESS, signed(withVersion.apply(Der.integer(0))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(withVersion.apply(Der.integer(1))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(withVersion.apply(Der.integer(2))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(withVersion.apply(Der.integer(7))));
      assertResult(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
          signed(withVersion.apply(Der.integer(-1))));
    }

    @Test
    void versionIsCheckedBeforeTheSignature() {
      byte[] rd = responseData(byKey(ISSUER), null,
          single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null));
      byte[] v2 = Der.seq(Der.explicit(0, Der.integer(1)), Der.contents(rd));
      byte[] r = issuerSigned().good(LEAF).transformResponseData(x -> v2).corruptSignature().build();
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, r);
    }

    @Test
    void atMostEightEmbeddedCertificates() {
      TestCert[] eight = new TestCert[8];
      java.util.Arrays.fill(eight, RESPONDER);
      assertResult(Result.SUCCESS, issuerSigned().responder(RESPONDER).certs(eight).good(LEAF).build());
      TestCert[] nine = new TestCert[9];
      java.util.Arrays.fill(nine, RESPONDER);
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          issuerSigned().responder(RESPONDER).certs(nine).good(LEAF).build());
      // Even when the issuer signs and the certificates would not be looked at.
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, issuerSigned().certs(nine).good(LEAF).build());
    }

    @Test
    void producedAtIsParsedAfterTheSignature() {
      byte[] badTime = Der.seq(byKey(ISSUER), Der.generalizedTime("20260231000000Z"),
          Der.seq(single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null)));
      assertResult(Result.SEC_ERROR_INVALID_TIME, signed(badTime));
      byte[] corrupt = issuerSigned().good(LEAF).transformResponseData(x -> badTime)
          .corruptSignature().build();
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, corrupt);
      byte[] utc = Der.seq(byKey(ISSUER), Der.utcTime(TestClock.daysAgo(1)),
          Der.seq(single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null)));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(utc));
    }

    @Test
    void emptyResponses() {
      byte[] rd = Der.seq(byKey(ISSUER), Der.generalizedTime(TestClock.daysAgo(1)), Der.seq());
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(rd));
    }

    @Test
    void trailingBytes() {
      byte[] good = issuerSigned().good(LEAF).build();
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, Der.concat(good, new byte[] {0}));
      byte[] rd = responseData(byKey(ISSUER), Der.seq(extension(Oids.OCSP_NONCE, false,
          Der.octetString(new byte[8]))),
          single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null));
      assertResult(Result.SUCCESS, signed(rd));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          signed(Der.seq(Der.contents(rd), Der.nul())));
      // In a SingleResponse, in the CertID, after the certs.
      byte[] single = single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null);
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(responseData(byKey(ISSUER), null,
          Der.seq(Der.contents(single), Der.nul()))));
      byte[] certIdWithJunk = Der.seq(Der.contents(leafCertId()), Der.nul());
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(responseData(byKey(ISSUER), null,
          single(certIdWithJunk, good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null))));
      OcspTestSupport.Parts p = parts(issuerSigned().responder(RESPONDER).good(LEAF).build());
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          p.response(Der.concat(p.certs(), Der.nul())));
    }

    @Test
    void trailingBytesLoseToAnEarlierVerdict() {
      // der::Nested checks the end only after a successful decode.
      byte[] single = single(leafCertId(), good(), TestClock.daysFromNow(3), null, null);
      assertResult(Result.SEC_ERROR_OCSP_FUTURE_RESPONSE, signed(responseData(byKey(ISSUER), null,
          Der.seq(Der.contents(single), Der.nul()))));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Signature {
    @Test
    void corruptOrWrongKey() {
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, issuerSigned().corruptSignature().good(LEAF).build());
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE,
          issuerSigned().signingKey(ROOT.privateKey()).good(LEAF).build());
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE,
          issuerSigned().responder(RESPONDER).corruptSignature().good(LEAF).build());
    }

    @Test
    void malformedBitString() {
      OcspTestSupport.Parts p = parts(issuerSigned().good(LEAF).build());
      byte[] sig = Der.contents(p.signature());
      byte[] unused = sig.clone();
      unused[0] = 1;
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, p.withSignature(Der.tlv(Der.BIT_STRING, unused)));
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, p.withSignature(Der.tlv(Der.BIT_STRING)));
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, p.withSignature(Der.bitString(new byte[0])));
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, p.withSignature(Der.octetString(sig)));
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, p.withSignature(
          Der.bitString(java.util.Arrays.copyOf(sig, sig.length - 2))));
    }

    @Test
    void disabledOrUnknownAlgorithms() {
      TestPki rsa = TestPki.rsa();
      byte[] md5 = OcspResponseBuilder.forIssuer(rsa.intermediate()).sigAlg(SigAlg.MD5_WITH_RSA)
          .good(rsa.leaf()).build();
      assertEquals(Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED, OcspVerifier.verify(
          trustDomain(rsa.root()), certId(rsa.intermediate(), rsa.leaf()), NOW, 10, md5).result());
      byte[] unknownOid = issuerSigned()
          .sigAlg(SigAlg.ECDSA_SHA256.withAlgIdDer(Der.seq(Der.oid("1.2.3.4.5")))).good(LEAF).build();
      assertResult(Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED, unknownOid);
      byte[] badParams = issuerSigned().sigAlg(SigAlg.ECDSA_SHA256.withAlgIdDer(
          Der.seq(Der.oid(Oids.ECDSA_SHA256), Der.integer(1)))).good(LEAF).build();
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, badParams);
      byte[] nullParams = issuerSigned().sigAlg(SigAlg.ECDSA_SHA256.withAlgIdDer(
          Der.seq(Der.oid(Oids.ECDSA_SHA256), Der.nul()))).good(LEAF).build();
      assertResult(Result.SUCCESS, nullParams);
    }

    @Test
    void algorithmForAnotherKeyType() {
      // An ECDSA signature labeled RSA, with an EC key: NSS's INVALID_KEY, passed through.
      byte[] rsaLabel = issuerSigned()
          .sigAlg(SigAlg.ECDSA_SHA256.withAlgIdDer(SigAlg.SHA256_WITH_RSA.algIdDer())).good(LEAF).build();
      assertResult(Result.SEC_ERROR_INVALID_KEY, rsaLabel);
      byte[] pssLabel = issuerSigned()
          .sigAlg(SigAlg.ECDSA_SHA256.withAlgIdDer(SigAlg.PSS_SHA256.algIdDer())).good(LEAF).build();
      assertResult(Result.SEC_ERROR_INVALID_KEY, pssLabel);
      // An RSA signature labeled ECDSA, with an RSA key: not an ECDSA-Sig-Value, BAD_SIGNATURE.
      TestPki rsa = TestPki.rsa();
      byte[] ecdsaLabel = OcspResponseBuilder.forIssuer(rsa.intermediate())
          .sigAlg(SigAlg.SHA256_WITH_RSA.withAlgIdDer(SigAlg.ECDSA_SHA256.algIdDer()))
          .good(rsa.leaf()).build();
      assertEquals(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, OcspVerifier.verify(trustDomain(rsa.root()),
          certId(rsa.intermediate(), rsa.leaf()), NOW, 10, ecdsaLabel).result());
      // A real ECDSA signature (it parses, and r and s fit in half the modulus) with an RSA key:
      // NSS refuses the key for the mechanism.
      byte[] ecdsaOverRsaKey = OcspResponseBuilder.forIssuer(rsa.intermediate())
          .signingKey(TestKeys.ec(TestKeys.Curve.P256, 5).getPrivate()).good(rsa.leaf()).build();
      assertEquals(Result.SEC_ERROR_INVALID_KEY, OcspVerifier.verify(trustDomain(rsa.root()),
          certId(rsa.intermediate(), rsa.leaf()), NOW, 10, ecdsaOverRsaKey).result());
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class ResponderId {
    @Test
    void byKeyAndByNameOfTheIssuer() {
      byte[] rd = responseData(byName(ISSUER), null,
          single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null));
      assertResult(Result.SUCCESS, signed(rd));
    }

    @Test
    void issuerNamedButDelegateSigns() {
      // The ResponderID names the issuer: only the issuer's key counts; embedded certs are ignored.
      byte[] r = issuerSigned().responder(RESPONDER).good(LEAF)
          .transformResponseData(rd -> Der.seq(byKey(ISSUER),
              java.util.Arrays.copyOfRange(Der.contents(rd), byKey(RESPONDER).length,
                  Der.contents(rd).length)))
          .build();
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, r);
    }

    @Test
    void unrelatedResponderIds() {
      TestCert stranger = CertBuilder.leaf("CN=Stranger").issuer(ISSUER).build();
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, signed(responseData(byName(stranger),
          null, single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null))));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, signed(responseData(byKey(stranger),
          null, single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null))));
      // The issuer's name with its strings re-encoded (UTF8String <-> PrintableString) is another
      // name: names are compared byte for byte.
      byte[] reencoded = Der.explicit(1, swapStringTypes(ISSUER.subjectDer()));
      assertFalse(java.util.Arrays.equals(reencoded, byName(ISSUER)));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, signed(responseData(reencoded,
          null, single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null))));
      // byName as IMPLICIT (the RDNs directly in [1]).
      byte[] implicit = Der.implicit(1, true, Der.contents(ISSUER.subjectDer()));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, signed(responseData(implicit,
          null, single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null))));
    }

    @Test
    void malformedKeyHashes() {
      byte[] s = single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null);
      byte[] long32 = Der.explicit(2, Der.octetString(new byte[32]));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(responseData(long32, null, s)));
      byte[] bare = Der.explicit(2, new byte[20]);
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(responseData(bare, null, s)));
      byte[] tag3 = Der.explicit(3, Der.octetString(new byte[20]));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(responseData(tag3, null, s)));
      // Bytes after the KeyHash inside [2] are ignored, as in mozilla::pkix.
      byte[] trailing = Der.explicit(2, Der.contents(byKey(ISSUER)), Der.nul());
      assertResult(Result.SUCCESS, signed(responseData(trailing, null, s)));
    }

    @Test
    void keyHashOverTheWholeSpkiIsNotTheIssuer() {
      byte[] wrong = Der.explicit(2, Der.octetString(OcspTestSupport.digest("SHA-1", ISSUER.spkiDer())));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, signed(responseData(wrong, null,
          single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null))));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Delegated {
    byte[] delegated(TestCert responder) {
      return issuerSigned().responder(responder).good(LEAF).build();
    }

    @Test
    void validByKeyAndByName() {
      OcspVerification v = verify(delegated(RESPONDER));
      assertEquals(Result.SUCCESS, v.result());
      assertEquals("CN=pkixj OCSP Responder, O=pkixj Test, C=US", v.responder());
      assertResult(Result.SUCCESS, issuerSigned().responder(RESPONDER).byName().good(LEAF).build());
    }

    @Test
    void ekuRules() {
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().extendedKeyUsage(Oids.SERVER_AUTH).build()));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().removeExtension(Oids.EXT_KEY_USAGE).build()));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().extendedKeyUsage(Oids.ANY_EKU).build()));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().extension(Oids.EXT_KEY_USAGE, false, Der.seq()).build()));
      assertResult(Result.SUCCESS, delegated(responderBuilder()
          .extendedKeyUsage(Oids.SERVER_AUTH, Oids.OCSP_SIGNING).build()));
      assertResult(Result.SUCCESS, delegated(responderBuilder().critical(Oids.EXT_KEY_USAGE, true).build()));
    }

    @Test
    void keyUsageIsNotChecked() {
      assertResult(Result.SUCCESS, delegated(responderBuilder().keyUsage(KeyUsage.NON_REPUDIATION).build()));
      assertResult(Result.SUCCESS, delegated(responderBuilder().keyUsage(KeyUsage.KEY_CERT_SIGN).build()));
    }

    @Test
    void validityWithoutSlack() {
      Instant now = TestClock.NOW;
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(responderBuilder()
          .validity(TestClock.daysAgo(100), TestClock.daysAgo(1)).build()));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(responderBuilder()
          .validity(TestClock.daysAgo(100), now.minusSeconds(1)).build()));
      assertResult(Result.SUCCESS, delegated(responderBuilder()
          .validity(TestClock.daysAgo(100), now).build()));
      assertResult(Result.SUCCESS, delegated(responderBuilder()
          .validity(now, TestClock.daysFromNow(10)).build()));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(responderBuilder()
          .validity(now.plusSeconds(1), TestClock.daysFromNow(10)).build()));
    }

    @Test
    void caCertificateIsNoResponder() {
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().basicConstraints(true).build()));
      assertResult(Result.SUCCESS, delegated(responderBuilder().basicConstraints(false).build()));
    }

    @Test
    void mustBeIssuedDirectlyByTheIssuer() {
      TestCert byOtherCa = responderBuilder().issuer(TestPki.mixed().intermediate()).build();
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(byOtherCa));
      TestCert byRoot = responderBuilder().issuer(ROOT).build();
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(byRoot));
      TestCert sameNameOtherKey = CertBuilder.ca("CN=pkixj Test EC Intermediate,O=pkixj Test,C=US")
          .issuer(ROOT).key(TestKeys.ec(TestKeys.Curve.P256, "ocsp-test/other-ica")).build();
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().issuer(sameNameOtherKey).build()));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().corruptSignature().build()));
      TestCert selfSigned = CertBuilder.leaf(RESPONDER_NAME).extendedKeyUsage(Oids.OCSP_SIGNING).build();
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(selfSigned));
    }

    @Test
    void trustDomainPolicyApplies() {
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().sigAlg(SigAlg.ECDSA_SHA1).build()));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().key(TestKeys.rsa1024(3)).build()));
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          delegated(responderBuilder().key(TestKeys.ec(TestKeys.Curve.P224, 3)).build()));
      assertResult(Result.SUCCESS, delegated(responderBuilder().key(TestKeys.rsa2048(3)).build()));
      assertResult(Result.SUCCESS,
          delegated(responderBuilder().key(TestKeys.ec(TestKeys.Curve.P384, 3)).build()));
    }

    @Test
    void parseErrorsOfEmbeddedCertificatesStopEverything() {
      assertResult(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION,
          delegated(responderBuilder().unknownCriticalExtension().build()));
      assertResult(Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
          delegated(responderBuilder().duplicateExtension(Oids.EXT_KEY_USAGE).build()));
      OcspTestSupport.Parts p = parts(delegated(RESPONDER));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          p.response(OcspTestSupport.Parts.certsField(Der.seq(Der.integer(1)), RESPONDER.der())));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          p.response(OcspTestSupport.Parts.certsField(Der.integer(1), RESPONDER.der())));
      // After the responder that was used, a junk certificate is never parsed.
      assertResult(Result.SUCCESS,
          p.response(OcspTestSupport.Parts.certsField(RESPONDER.der(), Der.seq(Der.integer(1)))));
      // An empty certs SEQUENCE: no responder.
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          p.response(OcspTestSupport.Parts.certsField()));
    }

    @Test
    void failingCandidatesAreSkipped() {
      TestCert expiredTwin = responderBuilder()
          .validity(TestClock.daysAgo(100), TestClock.daysAgo(1)).build();
      assertResult(Result.SUCCESS, issuerSigned().responder(RESPONDER)
          .certs(expiredTwin, RESPONDER).good(LEAF).build());
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, issuerSigned().responder(RESPONDER)
          .certs(expiredTwin).good(LEAF).build());
      assertResult(Result.SUCCESS, issuerSigned().responder(RESPONDER)
          .certs(LEAF, ROOT, RESPONDER).good(LEAF).build());
      // The first usable candidate decides: its signature must verify.
      TestCert twinOtherKey = responderBuilder().key(TestKeys.ec(TestKeys.Curve.P256, "ocsp-test/twin"))
          .build();
      assertResult(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, issuerSigned().responder(RESPONDER).byName()
          .certs(twinOtherKey, RESPONDER).good(LEAF).build());
    }

    @Test
    void notEmbedded() {
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          issuerSigned().responder(RESPONDER).certs().good(LEAF).build());
    }

    @Test
    void leafAsResponder() {
      TestCert leafKeyed = LEAF; // no OCSPSigning EKU
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          issuerSigned().responder(leafKeyed).good(LEAF).build());
    }

    @Test
    void anchorResponderIsStillCheckedAsAnEndEntity() {
      TestCert noEku = responderBuilder().removeExtension(Oids.EXT_KEY_USAGE).build();
      InMemoryTrustDomain anchors = new InMemoryTrustDomain(
          TrustAnchors.of(List.of(ROOT.der(), noEku.der(), RESPONDER.der()), true), List.of(), 2048);
      assertEquals(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, OcspVerifier.verify(anchors, CERT_ID,
          NOW, 10, delegated(noEku)).result());
      assertEquals(Result.SUCCESS, OcspVerifier.verify(anchors, CERT_ID, NOW, 10,
          delegated(RESPONDER)).result());
    }

    @Test
    void distrustedOrRevokedResponder() {
      TrustDomain distrusting = new ForwardingTrustDomain(TD) {
        @Override
        public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert) {
          return TrustLevel.ACTIVELY_DISTRUSTED;
        }
      };
      assertEquals(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          OcspVerifier.verify(distrusting, CERT_ID, NOW, 10, delegated(RESPONDER)).result());
      TrustDomain oneCrl = new ForwardingTrustDomain(TD) {
        @Override
        public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert)
            throws PkixException {
          throw new PkixException(Result.SEC_ERROR_REVOKED_CERTIFICATE);
        }
      };
      assertEquals(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT,
          OcspVerifier.verify(oneCrl, CERT_ID, NOW, 10, delegated(RESPONDER)).result());
      // The issuer itself is never submitted to the trust domain.
      assertEquals(Result.SUCCESS,
          OcspVerifier.verify(oneCrl, CERT_ID, NOW, 10, issuerSigned().good(LEAF).build()).result());
    }

    @Test
    void fatalTrustDomainErrorsStop() {
      TrustDomain broken = new ForwardingTrustDomain(TD) {
        @Override
        public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert)
            throws PkixException {
          throw new PkixException(Result.SEC_ERROR_LIBRARY_FAILURE);
        }
      };
      TestCert expiredTwin = responderBuilder()
          .validity(TestClock.daysAgo(100), TestClock.daysAgo(1)).build();
      assertEquals(Result.SEC_ERROR_LIBRARY_FAILURE, OcspVerifier.verify(broken, CERT_ID, NOW, 10,
          issuerSigned().responder(RESPONDER).certs(expiredTwin, RESPONDER).good(LEAF).build())
          .result());
    }

    @Test
    void eachIssuerIndependentCheckIsEnforced() {
      // Pins the ResponderCertCheck probe: a failure of any check, early or late, is seen.
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(responderBuilder()
          .notAfterRaw(Der.generalizedTime("20270230000000Z")).build())); // validity parse
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(responderBuilder()
          .outerSigAlg(SigAlg.ECDSA_SHA384).build())); // algorithm mismatch
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(responderBuilder()
          .extension(Oids.KEY_USAGE, true, Der.bitString(0, new byte[0])).build())); // bad KU
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(responderBuilder()
          .extension(Oids.BASIC_CONSTRAINTS, true, Der.octetString(new byte[1])).build())); // bad BC
      assertResult(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, delegated(responderBuilder()
          .version(1).build())); // v1: no EKU
    }

    @Test
    void nameConstraintsOfTheIssuerDoNotApply() {
      TestCert constrained = CertBuilder.ca("CN=Constrained ICA").issuer(ROOT)
          .permitted(dev.pkixj.testdata.GeneralName.dns("example.org")).build();
      TestCert leaf = CertBuilder.leaf("www.example.org").issuer(constrained).build();
      TestCert responder = CertBuilder.leaf("CN=Outside Responder,O=Elsewhere").issuer(constrained)
          .extendedKeyUsage(Oids.OCSP_SIGNING).build();
      byte[] r = OcspResponseBuilder.forIssuer(constrained).responder(responder).good(leaf).build();
      assertEquals(Result.SUCCESS,
          OcspVerifier.verify(TD, certId(constrained, leaf), NOW, 10, r).result());
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Times {
    byte[] response(Instant thisUpdate, Instant nextUpdate, byte[] status) {
      return signed(responseData(byKey(ISSUER), null,
          single(leafCertId(), status, thisUpdate, nextUpdate, null)));
    }

    @Test
    void futureResponse() {
      assertResult(Result.SEC_ERROR_OCSP_FUTURE_RESPONSE,
          response(t(NOW + DAY + 1), null, good()));
      assertResult(Result.SUCCESS, response(t(NOW + DAY), null, good()));
      assertResult(Result.SUCCESS, response(t(NOW + 3600), t(NOW + 5 * DAY), good()));
      // Also for revoked and unknown: the time check precedes the status.
      assertResult(Result.SEC_ERROR_OCSP_FUTURE_RESPONSE,
          response(t(NOW + 2 * DAY), null, revoked(TestClock.daysAgo(3))));
    }

    @Test
    void nextUpdateBoundaries() {
      // Expired when time > nextUpdate + 1 day; exactly at the limit is still fresh.
      OcspVerification ok = verify(response(t(NOW - 5 * DAY), t(NOW - DAY), good()));
      assertEquals(Result.SUCCESS, ok.result());
      assertEquals(t(NOW), ok.validThrough());
      OcspVerification old = verify(response(t(NOW - 5 * DAY), t(NOW - DAY - 1), good()));
      assertEquals(Result.SEC_ERROR_OCSP_OLD_RESPONSE, old.result());
      assertTrue(old.expired());
      assertEquals(CertStatus.GOOD, old.status());
      assertEquals(t(NOW - 1), old.validThrough());
      assertEquals(t(NOW - 5 * DAY), old.thisUpdate());
    }

    @Test
    void withoutNextUpdate() {
      OcspVerification ok = verify(response(t(NOW - 2 * DAY), null, good()));
      assertEquals(Result.SUCCESS, ok.result());
      assertEquals(t(NOW), ok.validThrough());
      assertNull(ok.nextUpdate());
      OcspVerification old = verify(response(t(NOW - 2 * DAY - 1), null, good()));
      assertEquals(Result.SEC_ERROR_OCSP_OLD_RESPONSE, old.result());
      assertTrue(old.expired());
    }

    @Test
    void lifetimeCap() {
      // nextUpdate far away: validThrough = thisUpdate + maxLifetime + 1 day.
      OcspVerification ok = verify(response(t(NOW - 11 * DAY), t(NOW + 300 * DAY), good()));
      assertEquals(Result.SUCCESS, ok.result());
      assertEquals(t(NOW), ok.validThrough());
      assertEquals(Result.SEC_ERROR_OCSP_OLD_RESPONSE,
          verify(response(t(NOW - 11 * DAY - 1), t(NOW + 300 * DAY), good())).result());
      byte[] far = response(t(NOW - 3 * DAY), t(NOW + 300 * DAY), good());
      assertEquals(Result.SEC_ERROR_OCSP_OLD_RESPONSE,
          OcspVerifier.verify(TD, CERT_ID, NOW, 1, far).result());
      assertEquals(Result.SUCCESS, OcspVerifier.verify(TD, CERT_ID, NOW, 2, far).result());
      assertEquals(Result.SEC_ERROR_OCSP_OLD_RESPONSE,
          OcspVerifier.verify(TD, CERT_ID, NOW, 0, response(t(NOW - DAY - 1), t(NOW), good()))
              .result());
      assertResult(Result.SUCCESS, response(t(NOW - DAY), t(Instant.parse("9999-12-31T23:59:59Z")
          .getEpochSecond()), good()));
    }

    @Test
    void nextUpdateBeforeThisUpdate() {
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, response(t(NOW - DAY), t(NOW - DAY - 1), good()));
      assertResult(Result.SUCCESS, response(t(NOW - DAY), t(NOW - DAY), good()));
    }

    @Test
    void revokedAndUnknownStayWhenExpired() {
      OcspVerification r = verify(response(t(NOW - 30 * DAY), t(NOW - 20 * DAY),
          revoked(TestClock.daysAgo(40))));
      assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, r.result());
      assertTrue(r.expired());
      assertEquals(CertStatus.REVOKED, r.status());
      OcspVerification u = verify(response(t(NOW - 30 * DAY), t(NOW - 20 * DAY), unknown()));
      assertEquals(Result.SEC_ERROR_OCSP_UNKNOWN_CERT, u.result());
      assertTrue(u.expired());
      assertEquals(CertStatus.UNKNOWN, u.status());
    }

    @Test
    void badTimeEncodings() {
      byte[] s = Der.seq(leafCertId(), good(), Der.generalizedTime("20260531000000.5Z"));
      assertResult(Result.SEC_ERROR_INVALID_TIME, signed(responseData(byKey(ISSUER), null, s)));
      s = Der.seq(leafCertId(), good(), Der.generalizedTime("20260531000000+0100"));
      assertResult(Result.SEC_ERROR_INVALID_TIME, signed(responseData(byKey(ISSUER), null, s)));
      s = Der.seq(leafCertId(), good(), Der.generalizedTime("19690531000000Z"));
      assertResult(Result.SEC_ERROR_INVALID_TIME, signed(responseData(byKey(ISSUER), null, s)));
      s = Der.seq(leafCertId(), good(), Der.utcTime(TestClock.daysAgo(1)));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(responseData(byKey(ISSUER), null, s)));
      s = Der.seq(leafCertId(), good(), Der.generalizedTime(TestClock.daysAgo(1)),
          Der.implicit(0, false, Der.contents(Der.generalizedTime(TestClock.daysFromNow(1)))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, signed(responseData(byKey(ISSUER), null, s)));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Status {
    byte[] response(byte[]... singles) {
      return signed(responseData(byKey(ISSUER), null, singles));
    }

    byte[] s(byte[] certId, byte[] status) {
      return single(certId, status, TestClock.daysAgo(1), TestClock.daysFromNow(6), null);
    }

    @Test
    void revokedAndUnknown() {
      assertResult(Result.SEC_ERROR_REVOKED_CERTIFICATE,
          issuerSigned().revoked(LEAF, TestClock.daysAgo(2)).build());
      assertResult(Result.SEC_ERROR_REVOKED_CERTIFICATE, issuerSigned()
          .revoked(LEAF, TestClock.daysAgo(2), OcspResponseBuilder.REASON_KEY_COMPROMISE).build());
      // RevokedInfo is not parsed: a revocation time after now, or junk, is still revoked.
      assertResult(Result.SEC_ERROR_REVOKED_CERTIFICATE, response(s(leafCertId(),
          Der.implicit(1, true, Der.hex("ffff")))));
      assertResult(Result.SEC_ERROR_OCSP_UNKNOWN_CERT, issuerSigned().unknown(LEAF).build());
    }

    @Test
    void malformedStatuses() {
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          response(s(leafCertId(), Der.implicit(0, false, new byte[] {0}))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          response(s(leafCertId(), Der.implicit(0, true, new byte[0]))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          response(s(leafCertId(), Der.implicit(2, true, new byte[0]))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          response(s(leafCertId(), Der.implicit(1, false, Der.contents(
              Der.generalizedTime(TestClock.daysAgo(2)))))));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          response(s(leafCertId(), Der.implicit(3, false, new byte[0]))));
      // Another certificate's malformed status is never parsed.
      assertResult(Result.SUCCESS, response(s(otherCertId(), Der.implicit(3, false, new byte[0])),
          s(leafCertId(), good())));
    }

    @Test
    void precedence() {
      byte[] g = s(leafCertId(), good());
      byte[] r = s(leafCertId(), revoked(TestClock.daysAgo(2)));
      byte[] u = s(leafCertId(), unknown());
      assertResult(Result.SEC_ERROR_REVOKED_CERTIFICATE, response(g, r));
      assertResult(Result.SEC_ERROR_REVOKED_CERTIFICATE, response(r, g));
      assertResult(Result.SEC_ERROR_REVOKED_CERTIFICATE, response(r, u));
      assertResult(Result.SEC_ERROR_REVOKED_CERTIFICATE, response(u, r));
      assertResult(Result.SUCCESS, response(u, g));
      assertResult(Result.SUCCESS, response(g, u));
      assertResult(Result.SUCCESS, response(g, g));
      assertResult(Result.SEC_ERROR_OCSP_UNKNOWN_CERT, response(u, u));
    }

    @Test
    void otherCertificates() {
      byte[] g = s(leafCertId(), good());
      byte[] otherRevoked = s(otherCertId(), revoked(TestClock.daysAgo(2)));
      assertResult(Result.SUCCESS, response(otherRevoked, g));
      assertResult(Result.SUCCESS, response(g, otherRevoked));
      assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING, response(otherRevoked));
      assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING,
          issuerSigned().good(OTHER_LEAF).build());
      byte[][] many = new byte[30][];
      for (int i = 0; i < many.length; i++) {
        many[i] = s(certIdDer("SHA-1", ISSUER, BigInteger.valueOf(1000 + i)), good());
      }
      assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING, response(many));
      many[17] = g;
      assertResult(Result.SUCCESS, response(many));
    }

    @Test
    void expiredIsStickyAndTimesComeFromTheLastMatch() {
      byte[] old = single(leafCertId(), good(), t(NOW - 30 * DAY), t(NOW - 20 * DAY), null);
      byte[] fresh = single(leafCertId(), good(), t(NOW - 2 * DAY), t(NOW + 3 * DAY), null);
      OcspVerification v1 = verify(response(old, fresh));
      assertEquals(Result.SEC_ERROR_OCSP_OLD_RESPONSE, v1.result());
      assertTrue(v1.expired());
      assertEquals(t(NOW - 2 * DAY), v1.thisUpdate());
      assertEquals(t(NOW + 4 * DAY), v1.validThrough());
      OcspVerification v2 = verify(response(fresh, old));
      assertEquals(Result.SEC_ERROR_OCSP_OLD_RESPONSE, v2.result());
      assertEquals(t(NOW - 30 * DAY), v2.thisUpdate());
      // A future entry anywhere stops everything.
      byte[] future = single(leafCertId(), good(), t(NOW + 3 * DAY), null, null);
      assertResult(Result.SEC_ERROR_OCSP_FUTURE_RESPONSE, response(fresh, future));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class CertIdMatching {
    byte[] response(byte[] certId) {
      return signed(responseData(byKey(ISSUER), null,
          single(certId, good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null)));
    }

    @Test
    void everySupportedHash() {
      for (String h : new String[] {"SHA-1", "SHA-256", "SHA-384", "SHA-512"}) {
        assertResult(Result.SUCCESS, response(certIdDer(h, ISSUER, LEAF.serial())));
      }
    }

    @Test
    void unsupportedHashesAreSkipped() {
      for (String h : new String[] {"MD5", "SHA-224"}) {
        assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING,
            response(certIdDer(h, ISSUER, LEAF.serial())));
      }
      // ...even when revoked, if another entry says good.
      byte[] md5Revoked = single(certIdDer("MD5", ISSUER, LEAF.serial()),
          revoked(TestClock.daysAgo(2)), TestClock.daysAgo(1), null, null);
      byte[] g = single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null);
      assertResult(Result.SUCCESS, signed(responseData(byKey(ISSUER), null, md5Revoked, g)));
    }

    @Test
    void hashAlgorithmParameters() {
      byte[] absent = Der.seq(Der.seq(Der.oid(Oids.SHA1)),
          Der.octetString(OcspTestSupport.digest("SHA-1", ISSUER.subjectDer())),
          Der.octetString(OcspTestSupport.digest("SHA-1", OcspTestSupport.keyBits(ISSUER))),
          Der.integer(LEAF.serial()));
      assertResult(Result.SUCCESS, response(absent));
      byte[] bogus = Der.seq(Der.seq(Der.oid(Oids.SHA1), Der.integer(0)),
          Der.octetString(new byte[20]), Der.octetString(new byte[20]), Der.integer(LEAF.serial()));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, response(bogus));
      // Bogus parameters are refused before the algorithm is looked at.
      byte[] bogusMd5 = Der.seq(Der.seq(Der.oid("1.2.840.113549.2.5"), Der.integer(0)),
          Der.octetString(new byte[16]), Der.octetString(new byte[16]), Der.integer(LEAF.serial()));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, response(bogusMd5));
    }

    @Test
    void mismatchesAreSkipped() {
      assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING,
          response(certIdDer("SHA-1", ROOT, LEAF.serial())));
      assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING,
          issuerSigned().certIdIssuer(ROOT).good(LEAF).build());
      assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING,
          response(certIdDer("SHA-1", ISSUER, LEAF.serial().negate())));
      assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING,
          response(certIdDer("SHA-1", ISSUER, ISSUER.serial())));
      byte[] wrongKey = Der.seq(Der.seq(Der.oid(Oids.SHA1), Der.nul()),
          Der.octetString(OcspTestSupport.digest("SHA-1", ISSUER.subjectDer())),
          Der.octetString(OcspTestSupport.digest("SHA-1", ISSUER.spkiDer())),
          Der.integer(LEAF.serial()));
      assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING, response(wrongKey));
    }

    @Test
    void wrongHashLengthForOurSerialIsMalformed() {
      byte[] sha1Hashes = certIdDer("SHA-1", ISSUER, LEAF.serial());
      byte[] labeled256 = Der.seq(Der.seq(Der.oid(Oids.SHA256), Der.nul()),
          java.util.Arrays.copyOfRange(sha1Hashes, 13, sha1Hashes.length));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, response(labeled256));
      byte[] shortName = Der.seq(Der.seq(Der.oid(Oids.SHA1), Der.nul()),
          Der.octetString(new byte[19]),
          Der.octetString(OcspTestSupport.digest("SHA-1", OcspTestSupport.keyBits(ISSUER))),
          Der.integer(LEAF.serial()));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, response(shortName));
      byte[] longKey = Der.seq(Der.seq(Der.oid(Oids.SHA1), Der.nul()),
          Der.octetString(OcspTestSupport.digest("SHA-1", ISSUER.subjectDer())),
          Der.octetString(new byte[21]), Der.integer(LEAF.serial()));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, response(longKey));
      // The same for another serial is skipped.
      byte[] otherShort = Der.seq(Der.seq(Der.oid(Oids.SHA1), Der.nul()),
          Der.octetString(new byte[19]), Der.octetString(new byte[21]),
          Der.integer(OTHER_LEAF.serial()));
      assertResult(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING, response(otherShort));
    }

    @Test
    void nonMinimalSerial() {
      // A positive serial with one more leading 0x00 is not minimal.
      byte[] serial = Der.contents(Der.integer(LEAF.serial()));
      byte[] id = Der.seq(Der.seq(Der.oid(Oids.SHA1), Der.nul()),
          Der.octetString(OcspTestSupport.digest("SHA-1", ISSUER.subjectDer())),
          Der.octetString(OcspTestSupport.digest("SHA-1", OcspTestSupport.keyBits(ISSUER))),
          Der.integerRaw(Der.concat(new byte[] {0}, serial)));
      assertResult(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING, response(id));
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Extensions {
    static final String SCT_SINGLE = "1.3.6.1.4.1.11129.2.4.5";

    byte[] withSingleExtensions(byte[] status, byte[]... exts) {
      return signed(responseData(byKey(ISSUER), null, single(leafCertId(), status,
          TestClock.daysAgo(1), TestClock.daysFromNow(6), Der.seq(exts))));
    }

    @Test
    void responseExtensions() {
      byte[] s = single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null);
      byte[] nonce = extension(Oids.OCSP_NONCE, false, Der.octetString(new byte[16]));
      assertResult(Result.SUCCESS, signed(responseData(byKey(ISSUER), Der.seq(nonce), s)));
      assertResult(Result.SUCCESS, signed(responseData(byKey(ISSUER), Der.seq(nonce, nonce), s)));
      assertResult(Result.SUCCESS, signed(responseData(byKey(ISSUER), Der.seq(), s)));
      assertResult(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION, signed(responseData(byKey(ISSUER),
          Der.seq(extension(Oids.OCSP_NONCE, true, Der.octetString(new byte[16]))), s)));
      byte[] explicitFalse = Der.seq(Der.oid(Oids.OCSP_NONCE), Der.bool(false),
          Der.octetString(new byte[4]));
      assertResult(Result.SUCCESS, signed(responseData(byKey(ISSUER), Der.seq(explicitFalse), s)));
      byte[] badBoolean = Der.seq(Der.oid(Oids.OCSP_NONCE), Der.tlv(Der.BOOLEAN, new byte[] {1}),
          Der.octetString(new byte[4]));
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE,
          signed(responseData(byKey(ISSUER), Der.seq(badBoolean), s)));
      // Response extensions are parsed after the SingleResponses, before the status is reported:
      // their error wins over a revoked status.
      byte[] r = single(leafCertId(), revoked(TestClock.daysAgo(2)), TestClock.daysAgo(1), null, null);
      assertResult(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION, signed(responseData(byKey(ISSUER),
          Der.seq(extension(Oids.UNKNOWN_EXTENSION, true, new byte[0])), r)));
    }

    @Test
    void singleExtensions() {
      assertResult(Result.SUCCESS, withSingleExtensions(good()));
      assertResult(Result.SUCCESS,
          withSingleExtensions(good(), extension(Oids.UNKNOWN_EXTENSION, false, new byte[0])));
      assertResult(Result.SUCCESS, withSingleExtensions(good(),
          extension(Oids.UNKNOWN_EXTENSION, false, new byte[0]),
          extension(Oids.UNKNOWN_EXTENSION, false, new byte[0])));
      assertResult(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION,
          withSingleExtensions(good(), extension(Oids.UNKNOWN_EXTENSION, true, new byte[0])));
      // Another certificate's entry is skipped before its extensions.
      byte[] other = single(otherCertId(), good(), TestClock.daysAgo(1), null,
          Der.seq(extension(Oids.UNKNOWN_EXTENSION, true, new byte[0])));
      byte[] ours = single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6), null);
      assertResult(Result.SUCCESS, signed(responseData(byKey(ISSUER), null, other, ours)));
    }

    @Test
    void sctListSingleExtension() {
      byte[] sct = Der.octetString(Der.hex("0004000200aa"));
      assertResult(Result.SUCCESS, withSingleExtensions(good(), extension(SCT_SINGLE, false, sct)));
      assertResult(Result.SUCCESS, withSingleExtensions(good(), extension(SCT_SINGLE, true, sct)));
      assertResult(Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
          withSingleExtensions(good(), extension(SCT_SINGLE, false, new byte[0])));
      assertResult(Result.SEC_ERROR_EXTENSION_VALUE_INVALID, withSingleExtensions(good(),
          extension(SCT_SINGLE, false, sct), extension(SCT_SINGLE, false, sct)));
      // Duplicate across two matching entries.
      byte[] withSct = single(leafCertId(), good(), TestClock.daysAgo(1), TestClock.daysFromNow(6),
          Der.seq(extension(SCT_SINGLE, false, sct)));
      assertResult(Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
          signed(responseData(byKey(ISSUER), null, withSct, withSct)));
      // Not an OCTET STRING: malformed only for a fresh good status, where it is unwrapped.
      byte[] notOctets = extension(SCT_SINGLE, false, Der.seq());
      assertResult(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, withSingleExtensions(good(), notOctets));
      assertResult(Result.SEC_ERROR_REVOKED_CERTIFICATE,
          withSingleExtensions(revoked(TestClock.daysAgo(2)), notOctets));
      assertResult(Result.SEC_ERROR_OCSP_UNKNOWN_CERT, withSingleExtensions(unknown(), notOctets));
      byte[] oldGood = signed(responseData(byKey(ISSUER), null, single(leafCertId(), good(),
          t(NOW - 30 * DAY), t(NOW - 20 * DAY), Der.seq(notOctets))));
      assertResult(Result.SEC_ERROR_OCSP_OLD_RESPONSE, oldGood);
    }
  }

  @Test
  void responderDisplayNameNeverThrows() {
    assertNotNull(NameDisplay.name(dev.pkixj.pkix.der.Input.of(new byte[] {0x30, 0x05})));
    assertEquals("", NameDisplay.name(dev.pkixj.pkix.der.Input.of(new byte[] {0x30, 0})));
    assertEquals("CN=a\\,b+O=x", NameDisplay.name(dev.pkixj.pkix.der.Input.of(
        Der.seq(Der.set(Der.seq(Der.oid("2.5.4.3"), Der.utf8("a,b")),
            Der.seq(Der.oid("2.5.4.10"), Der.printable("x")))))));
  }
}
