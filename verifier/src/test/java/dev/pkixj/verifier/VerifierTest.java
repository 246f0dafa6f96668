package dev.pkixj.verifier;

import static dev.pkixj.verifier.Chains.HOST;
import static dev.pkixj.verifier.Chains.NOW;
import static dev.pkixj.verifier.Chains.ders;
import static dev.pkixj.verifier.Chains.rootAndCa;
import static dev.pkixj.verifier.Chains.trusting;
import static dev.pkixj.verifier.Chains.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.GeneralName;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.SigAlg;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.testdata.TestPki;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test (at least) per error code the core produces for a TLS server chain. */
class VerifierTest {

  @Test
  void validChainsOfEachKeyType() {
    for (TestPki pki : List.of(TestPki.rsa(), TestPki.ec(), TestPki.mixed())) {
      VerificationResult r = trusting(pki.root())
          .verifyServer(ders(pki.leaf(), pki.intermediate()), TestPki.LEAF_HOST, NOW);
      assertEquals(Result.SUCCESS, r.result());
      assertEquals(3, r.chain().size(), "leaf, intermediate, root");
      assertEquals(-1, r.certIndex());
    }
  }

  @Test
  void resultCarriesTheErrorPageExplanation() {
    TestPki pki = TestPki.ec();
    VerificationResult r = trusting(pki.root())
        .verifyServer(ders(pki.leaf(), pki.intermediate()), "other.example.test", NOW);
    var e = r.explanation();
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, e.code());
    assertTrue(e.overridable());
    assertTrue(e.description().contains("other.example.test"), e.description());
    assertTrue(e.validNames().contains(TestPki.LEAF_HOST), e.validNames().toString());
  }

  @Test
  void unknownIssuerWhenTheIntermediateIsMissing() {
    TestPki pki = TestPki.ec();
    VerificationResult r = trusting(pki.root()).verifyServer(ders(pki.leaf()), TestPki.LEAF_HOST, NOW);
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, r.result());
    assertEquals(0, r.certIndex());
  }

  @Test
  void selfSignedLeaf() {
    TestCert self = CertBuilder.leaf(HOST).build(); // no issuer: self-signed
    TestCert otherRoot = CertBuilder.root("Unrelated Root").build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, verify(trusting(otherRoot), HOST, self));
  }

  @Test
  void selfIssuedButSignedByAnotherKeyIsUnknownIssuer() {
    TestCert other = CertBuilder.root("Signer").build();
    TestCert selfIssued = CertBuilder.leaf(HOST).signingKey(other.privateKey()).build();
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(trusting(other), HOST, selfIssued));
  }

  @Test
  void caCertInvalidForAnIntermediateWithoutCaBit() {
    TestCert root = CertBuilder.root("NotCA Root").build();
    TestCert ica = CertBuilder.ca("NotCA CA").issuer(root).basicConstraints(false).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ica).build();
    VerificationResult r = trusting(root).verifyServer(ders(leaf, ica), HOST, NOW);
    assertEquals(Result.SEC_ERROR_CA_CERT_INVALID, r.result());
  }

  @Test
  void v1IntermediateIsV1CertUsedAsCa() {
    TestCert root = CertBuilder.root("V1 Root").build();
    TestCert ica = CertBuilder.ca("V1 CA").issuer(root).version(1).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ica).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_V1_CERT_USED_AS_CA, verify(trusting(root), HOST, leaf, ica));
  }

  @Test
  void v1RootIsAcceptedAsAnAnchor() {
    TestCert root = CertBuilder.root("V1 Anchor").version(1).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).build();
    assertEquals(Result.SUCCESS, verify(trusting(root), HOST, leaf));
  }

  @Test
  void caCertUsedAsEndEntity() {
    TestCert[] rc = rootAndCa("CAasEE");
    TestCert leaf = CertBuilder.leaf(HOST).issuer(rc[1]).basicConstraints(true)
        .keyUsage(dev.pkixj.testdata.KeyUsage.DIGITAL_SIGNATURE).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY,
        verify(trusting(rc[0]), HOST, leaf, rc[1]));
  }

  @Test
  void pathLenConstraintAppliesToAnchorsToo() {
    TestCert root = CertBuilder.root("PathLen Root").pathLen(0).build();
    TestCert ica = CertBuilder.ca("PathLen CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ica).build();
    assertEquals(Result.SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID, verify(trusting(root), HOST, leaf, ica));
    TestCert direct = CertBuilder.leaf(HOST).issuer(root).build();
    assertEquals(Result.SUCCESS, verify(trusting(root), HOST, direct));
  }

  @Test
  void emptyIssuerName() {
    TestCert root = CertBuilder.root("Empty Root").build();
    TestCert ica = CertBuilder.ca("ignored").issuer(root).emptySubject().build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ica).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_EMPTY_ISSUER_NAME, verify(trusting(root), HOST, leaf, ica));
  }

  @Test
  void leafTimeErrors() {
    TestCert[] rc = rootAndCa("Time");
    Verifier v = trusting(rc[0]);
    TestCert expired = CertBuilder.leaf(HOST).issuer(rc[1])
        .validity(TestClock.daysAgo(100), TestClock.daysAgo(1)).build();
    TestCert future = CertBuilder.leaf(HOST).issuer(rc[1])
        .validity(TestClock.daysFromNow(1), TestClock.daysFromNow(100)).build();
    TestCert inverted = CertBuilder.leaf(HOST).issuer(rc[1])
        .validity(TestClock.daysFromNow(10), TestClock.daysAgo(10)).build();
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, verify(v, HOST, expired, rc[1]));
    assertEquals(Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE, verify(v, HOST, future, rc[1]));
    assertEquals(Result.SEC_ERROR_INVALID_TIME, verify(v, HOST, inverted, rc[1]));
  }

  @Test
  void validityBoundsAreInclusive() {
    TestCert[] rc = rootAndCa("Bounds");
    TestCert leaf = CertBuilder.leaf(HOST).issuer(rc[1]).validity(NOW, NOW).build();
    assertEquals(Result.SUCCESS, verify(trusting(rc[0]), HOST, leaf, rc[1]));
  }

  @Test
  void issuerTimeErrors() {
    TestCert root = CertBuilder.root("IssuerTime Root").build();
    TestCert expiredCa = CertBuilder.ca("IssuerTime CA").issuer(root)
        .validity(TestClock.daysAgo(400), TestClock.daysAgo(1)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(expiredCa).build();
    assertEquals(Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE, verify(trusting(root), HOST, leaf, expiredCa));
    TestCert futureCa = CertBuilder.ca("IssuerTime CA").issuer(root)
        .validity(TestClock.daysFromNow(1), TestClock.daysFromNow(400)).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE,
        verify(trusting(root), HOST, leaf, futureCa));
  }

  @Test
  void anchorsMustBeWithinTheirValidity() {
    TestCert root = CertBuilder.root("Expired Anchor")
        .validity(TestClock.daysAgo(4000), TestClock.daysAgo(1)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).build();
    assertEquals(Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE, verify(trusting(root), HOST, leaf));
  }

  @Test
  void wrongHostName() {
    TestPki pki = TestPki.ec();
    VerificationResult r = trusting(pki.root())
        .verifyServer(ders(pki.leaf(), pki.intermediate()), "other.example.test", NOW);
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, r.result());
    assertEquals(0, r.certIndex());
  }

  @Test
  void sha1AndMd5SignaturesAreDisabled() {
    TestCert root = CertBuilder.root("Digest Root").key(TestKeys.rsa2048(1)).build();
    TestCert sha1 = CertBuilder.leaf(HOST).issuer(root).sigAlg(SigAlg.SHA1_WITH_RSA).build();
    TestCert md5 = CertBuilder.leaf(HOST).issuer(root).sigAlg(SigAlg.MD5_WITH_RSA).build();
    assertEquals(Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED, verify(trusting(root), HOST, sha1));
    assertEquals(Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED, verify(trusting(root), HOST, md5));
  }

  @Test
  void signatureAlgorithmMismatch() {
    TestCert root = CertBuilder.root("Mismatch Root").key(TestKeys.rsa2048(1)).build();
    // Signed with SHA-384 (as the outer field says) while the TBS field says SHA-256: the path
    // is otherwise good, so the deferred end-entity error is reported.
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).sigAlg(SigAlg.SHA384_WITH_RSA)
        .sigAlgDer(SigAlg.SHA256_WITH_RSA.algIdDer()).outerSigAlg(SigAlg.SHA384_WITH_RSA).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_SIGNATURE_ALGORITHM_MISMATCH, verify(trusting(root), HOST, leaf));
    // Signed as the TBS field says: the signature is checked with the outer algorithm and fails,
    // so no path is found and that failure is what mozilla::pkix reports.
    TestCert signedAsTbs = CertBuilder.leaf(HOST).issuer(root).outerSigAlg(SigAlg.SHA384_WITH_RSA).build();
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(trusting(root), HOST, signedAsTbs));
  }

  @Test
  void rsaPssWithTheStandardParametersIsAccepted() {
    TestCert root = CertBuilder.root("PSS Root").key(TestKeys.rsa2048(1)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).sigAlg(SigAlg.PSS_SHA256).build();
    assertEquals(Result.SUCCESS, verify(trusting(root), HOST, leaf));
    TestCert odd = CertBuilder.leaf(HOST).issuer(root).sigAlg(SigAlg.pss("SHA-256", 20)).build();
    assertEquals(Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED, verify(trusting(root), HOST, odd));
  }

  @Test
  void rsa1024UnderABuiltInRootIsInadequateKeySize() {
    TestCert root = CertBuilder.root("Weak Root").key(TestKeys.rsa2048(2)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).key(TestKeys.rsa1024(1)).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE, verify(trusting(root), HOST, leaf));
    // 768 bits fails both passes: the 1024 pass's own error is reported.
    TestCert tiny = CertBuilder.leaf(HOST).issuer(root).key(TestKeys.rsa768(1)).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE, verify(trusting(root), HOST, tiny));
  }

  @Test
  void rsa1024UnderANonBuiltInRootIsAccepted() {
    TestCert root = CertBuilder.root("Weak User Root").key(TestKeys.rsa2048(2)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).key(TestKeys.rsa1024(1)).build();
    Verifier userRoots = new Verifier(TrustDomainFactory.of(TrustAnchors.of(ders(root), false)));
    assertEquals(Result.SUCCESS, verify(userRoots, HOST, leaf));
  }

  @Test
  void unsupportedKeys() {
    TestCert root = CertBuilder.root("Keys Root").build();
    TestCert p224 = CertBuilder.leaf(HOST).issuer(root)
        .key(TestKeys.ec(TestKeys.Curve.P224, 1)).build();
    TestCert k1 = CertBuilder.leaf(HOST).issuer(root)
        .key(TestKeys.ec(TestKeys.Curve.SECP256K1, 1)).build();
    TestCert ed = CertBuilder.leaf(HOST).issuer(root).key(TestKeys.ed25519(1)).build();
    Verifier v = trusting(root);
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE, verify(v, HOST, p224));
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE, verify(v, HOST, k1));
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_KEYALG, verify(v, HOST, ed));
  }

  @Test
  void compressedEcPointIsUnsupportedPointForm() {
    TestCert root = CertBuilder.root("Point Root").build();
    byte[] spki = TestKeys.ec(TestKeys.Curve.P256, 7).getPublic().getEncoded();
    byte[] compressed = compressP256Spki(spki);
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).spkiDer(compressed).build();
    assertEquals(Result.SEC_ERROR_UNSUPPORTED_EC_POINT_FORM, verify(trusting(root), HOST, leaf));
  }

  /** Re-encodes a P-256 SPKI with a compressed point (prefix 02/03 and X only). */
  static byte[] compressP256Spki(byte[] spki) {
    // The uncompressed point is the last 65 bytes: 04 || X || Y.
    int p = spki.length - 65;
    byte[] x = java.util.Arrays.copyOfRange(spki, p + 1, p + 33);
    int prefix = (spki[spki.length - 1] & 1) == 0 ? 2 : 3;
    byte[] point = new byte[33];
    point[0] = (byte) prefix;
    System.arraycopy(x, 0, point, 1, 32);
    byte[] algId = java.util.Arrays.copyOfRange(spki, 2, 2 + 2 + spki[3]);
    return Der.seq(algId, Der.bitString(point));
  }

  @Test
  void badSignature() {
    TestCert[] rc = rootAndCa("BadSig");
    TestCert leaf = CertBuilder.leaf(HOST).issuer(rc[1]).corruptSignature().build();
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(trusting(rc[0]), HOST, leaf, rc[1]));
    TestCert wrongKey = CertBuilder.leaf(HOST).issuer(rc[1])
        .signingKey(TestKeys.ec(TestKeys.Curve.P256, 99).getPrivate()).build();
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, verify(trusting(rc[0]), HOST, wrongKey, rc[1]));
  }

  @Test
  void malformedLeafIsBadDer() {
    TestCert root = CertBuilder.root("Garbage Root").build();
    VerificationResult r = trusting(root).verifyServer(List.of(new byte[] {0x30, 0x03, 1, 2, 3}), HOST, NOW);
    assertEquals(Result.SEC_ERROR_BAD_DER, r.result());
    assertEquals(0, r.certIndex());
  }

  @Test
  void nonMinimalSerialIsInvalidIntegerEncoding() {
    TestCert root = CertBuilder.root("Serial Root").build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).serialRaw(new byte[] {0x00, 0x01}).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING, verify(trusting(root), HOST, leaf));
    TestCert negative = CertBuilder.leaf(HOST).issuer(root).serialRaw(new byte[] {(byte) 0xff}).build();
    assertEquals(Result.SUCCESS, verify(trusting(root), HOST, negative), "negative serials are tolerated");
  }

  @Test
  void duplicateOrEmptyKnownExtensionIsExtensionValueInvalid() {
    TestCert root = CertBuilder.root("Dup Root").build();
    TestCert dup = CertBuilder.leaf(HOST).issuer(root).duplicateExtension(Oids.SUBJECT_ALT_NAME).build();
    assertEquals(Result.SEC_ERROR_EXTENSION_VALUE_INVALID, verify(trusting(root), HOST, dup));
    TestCert empty = CertBuilder.leaf(HOST).issuer(root).extension(Oids.EXT_KEY_USAGE, false, new byte[0]).build();
    assertEquals(Result.SEC_ERROR_EXTENSION_VALUE_INVALID, verify(trusting(root), HOST, empty));
    // Duplicated unknown non-critical extensions are ignored.
    TestCert dupUnknown = CertBuilder.leaf(HOST).issuer(root)
        .addExtension(Oids.UNKNOWN_EXTENSION, false, Der.hex("0500"))
        .addExtension(Oids.UNKNOWN_EXTENSION, false, Der.hex("0500")).build();
    assertEquals(Result.SUCCESS, verify(trusting(root), HOST, dupUnknown));
  }

  @Test
  void unknownCriticalExtension() {
    TestCert root = CertBuilder.root("Crit Root").build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).unknownCriticalExtension().build();
    assertEquals(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION, verify(trusting(root), HOST, leaf));
  }

  @Test
  void keyUsageFallbackAndInadequateKeyUsage() {
    TestCert root = CertBuilder.root("KU Root").build();
    Verifier v = trusting(root);
    for (dev.pkixj.testdata.KeyUsage ok : List.of(dev.pkixj.testdata.KeyUsage.DIGITAL_SIGNATURE,
        dev.pkixj.testdata.KeyUsage.KEY_ENCIPHERMENT, dev.pkixj.testdata.KeyUsage.KEY_AGREEMENT)) {
      TestCert leaf = CertBuilder.leaf(HOST).issuer(root).keyUsage(ok).build();
      assertEquals(Result.SUCCESS, verify(v, HOST, leaf), ok.name());
    }
    TestCert nonRep = CertBuilder.leaf(HOST).issuer(root)
        .keyUsage(dev.pkixj.testdata.KeyUsage.NON_REPUDIATION).build();
    assertEquals(Result.SEC_ERROR_INADEQUATE_KEY_USAGE, verify(v, HOST, nonRep));
    TestCert caWithoutCertSign = CertBuilder.ca("KU CA").issuer(root)
        .keyUsage(dev.pkixj.testdata.KeyUsage.DIGITAL_SIGNATURE).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(caWithoutCertSign).build();
    assertEquals(Result.SEC_ERROR_INADEQUATE_KEY_USAGE, verify(v, HOST, leaf, caWithoutCertSign));
  }

  @Test
  void extendedKeyUsage() {
    TestCert root = CertBuilder.root("EKU Root").build();
    Verifier v = trusting(root);
    TestCert clientOnly = CertBuilder.leaf(HOST).issuer(root).extendedKeyUsage(Oids.CLIENT_AUTH).build();
    TestCert anyEku = CertBuilder.leaf(HOST).issuer(root).extendedKeyUsage(Oids.ANY_EKU).build();
    TestCert ocsp = CertBuilder.leaf(HOST).issuer(root)
        .extendedKeyUsage(Oids.SERVER_AUTH, Oids.OCSP_SIGNING).build();
    TestCert none = CertBuilder.leaf(HOST).issuer(root).removeExtension(Oids.EXT_KEY_USAGE).build();
    assertEquals(Result.SEC_ERROR_INADEQUATE_CERT_TYPE, verify(v, HOST, clientOnly));
    assertEquals(Result.SEC_ERROR_INADEQUATE_CERT_TYPE, verify(v, HOST, anyEku), "anyEKU is no wildcard");
    assertEquals(Result.SEC_ERROR_INADEQUATE_CERT_TYPE, verify(v, HOST, ocsp));
    assertEquals(Result.SUCCESS, verify(v, HOST, none), "no EKU = any usage");
    TestCert caClientOnly = CertBuilder.ca("EKU CA").issuer(root).extendedKeyUsage(Oids.CLIENT_AUTH).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(caClientOnly).build();
    assertEquals(Result.SEC_ERROR_INADEQUATE_CERT_TYPE, verify(v, HOST, leaf, caClientOnly));
  }

  @Test
  void mustStaple() {
    TestCert root = CertBuilder.root("Staple Root").build();
    Verifier v = trusting(root);
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).mustStaple().build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING, verify(v, HOST, leaf));
    // An issuer's TLS features must be repeated in the subject.
    TestCert stapleCa = CertBuilder.ca("Staple CA").issuer(root).mustStaple().build();
    TestCert plain = CertBuilder.leaf(HOST).issuer(stapleCa).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING, verify(v, HOST, plain, stapleCa));
  }

  @Test
  void nameConstraintsViolation() {
    TestCert root = CertBuilder.root("NC Root").build();
    TestCert ca = CertBuilder.ca("NC CA").issuer(root).permitted(GeneralName.dns("example.org")).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    assertEquals(Result.SEC_ERROR_CERT_NOT_IN_NAME_SPACE, verify(trusting(root), HOST, leaf, ca));
    TestCert inside = CertBuilder.leaf("www.example.org").issuer(ca).build();
    assertEquals(Result.SUCCESS, verify(trusting(root), "www.example.org", inside, ca));
  }

  @Test
  void certIndexOfAnIssuerProblemPointsAboveTheLeaf() {
    TestCert root = CertBuilder.root("Idx Root").build();
    TestCert ca = CertBuilder.ca("Idx CA").issuer(root)
        .validity(TestClock.daysAgo(400), TestClock.daysAgo(1)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    VerificationResult r = trusting(root).verifyServer(ders(leaf, ca), HOST, NOW);
    assertEquals(Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE, r.result());
    assertTrue(r.certIndex() >= 1, "the expired intermediate, not the leaf: " + r.certIndex());
  }
}
