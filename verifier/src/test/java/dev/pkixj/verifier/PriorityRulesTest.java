package dev.pkixj.verifier;

import static dev.pkixj.verifier.Chains.HOST;
import static dev.pkixj.verifier.Chains.NOW;
import static dev.pkixj.verifier.Chains.ders;
import static dev.pkixj.verifier.Chains.trusting;
import static dev.pkixj.verifier.Chains.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.KeyUsage;
import dev.pkixj.pkix.Pkix;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.pkix.TrustLevel;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.pkix.der.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The error-priority rules of mozilla::pkix and Firefox's TLS layer. */
class PriorityRulesTest {

  private static TestCert expiredLeaf(TestCert issuer) {
    return CertBuilder.leaf(HOST).issuer(issuer)
        .validity(TestClock.daysAgo(100), TestClock.daysAgo(1)).build();
  }

  @Test
  void expiredLeafWithUnknownIssuerIsUnknownIssuer() {
    TestCert root = CertBuilder.root("P1 Root").build();
    TestCert strangerCa = CertBuilder.root("P1 Stranger").build();
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(trusting(root), HOST, expiredLeaf(strangerCa)));
  }

  @Test
  void expiredLeafWithWrongHostIsBadCertDomain() {
    TestCert root = CertBuilder.root("P2 Root").build();
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, verify(trusting(root), "other.test", expiredLeaf(root)));
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, verify(trusting(root), HOST, expiredLeaf(root)));
  }

  @Test
  void untrustedChainWithWrongHostIsUnknownIssuerOnly() {
    TestCert root = CertBuilder.root("P3 Root").build();
    TestCert stranger = CertBuilder.root("P3 Stranger").build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(stranger).build();
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(trusting(root), "other.test", leaf));
  }

  @Test
  void caProblemOutranksEndEntityProblem() {
    TestCert root = CertBuilder.root("P4 Root").build();
    TestCert badCa = CertBuilder.ca("P4 CA").issuer(root).basicConstraints(false).build();
    assertEquals(Result.SEC_ERROR_CA_CERT_INVALID, verify(trusting(root), HOST, expiredLeaf(badCa), badCa));
  }

  @Test
  void twoCandidatesFailingAlikeGiveTheSpecificError() {
    TestCert root = CertBuilder.root("P5 Root").build();
    TestCert ca1 = CertBuilder.ca("P5 CA").issuer(root).key(TestKeys.ec(TestKeys.Curve.P256, 51))
        .validity(TestClock.daysAgo(400), TestClock.daysAgo(2)).build();
    TestCert ca2 = CertBuilder.ca("P5 CA").issuer(root).key(TestKeys.ec(TestKeys.Curve.P256, 51))
        .validity(TestClock.daysAgo(300), TestClock.daysAgo(1)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca1).build();
    assertEquals(Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE, verify(trusting(root), HOST, leaf, ca1, ca2));
  }

  @Test
  void twoCandidatesFailingDifferentlyGiveUnknownIssuer() {
    TestCert root = CertBuilder.root("P6 Root").build();
    TestCert expired = CertBuilder.ca("P6 CA").issuer(root).key(TestKeys.ec(TestKeys.Curve.P256, 61))
        .validity(TestClock.daysAgo(400), TestClock.daysAgo(2)).build();
    TestCert future = CertBuilder.ca("P6 CA").issuer(root).key(TestKeys.ec(TestKeys.Curve.P256, 61))
        .validity(TestClock.daysFromNow(2), TestClock.daysFromNow(400)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(expired).build();
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(trusting(root), HOST, leaf, expired, future));
  }

  @Test
  void aBadCandidateFollowedByAGoodOneSucceeds() {
    TestCert root = CertBuilder.root("P7 Root").build();
    TestCert expired = CertBuilder.ca("P7 CA").issuer(root).key(TestKeys.ec(TestKeys.Curve.P256, 71))
        .validity(TestClock.daysAgo(400), TestClock.daysAgo(2)).build();
    TestCert good = CertBuilder.ca("P7 CA").issuer(root).key(TestKeys.ec(TestKeys.Curve.P256, 71)).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(good).build();
    VerificationResult r = trusting(root).verifyServer(ders(leaf, expired, good), HOST, NOW);
    assertEquals(Result.SUCCESS, r.result());
    assertTrue(java.util.Arrays.equals(good.der(), r.chain().get(1).der()), "the good intermediate was used");
  }

  @Test
  void issuerChainIsValidatedBeforeTheSubjectSignature() {
    TestCert root = CertBuilder.root("P8 Root").build();
    TestCert expiredCa = CertBuilder.ca("P8 CA").issuer(root)
        .validity(TestClock.daysAgo(400), TestClock.daysAgo(1)).build();
    TestCert badSig = CertBuilder.leaf(HOST).issuer(expiredCa).corruptSignature().build();
    assertEquals(Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE, verify(trusting(root), HOST, badSig, expiredCa));
  }

  @Test
  void weakKeyCombinedWithAnotherFaultReportsTheOtherFault() {
    TestCert root = CertBuilder.root("P9 Root").key(TestKeys.rsa2048(9)).build();
    TestCert weakExpired = CertBuilder.leaf(HOST).issuer(root).key(TestKeys.rsa1024(2))
        .validity(TestClock.daysAgo(100), TestClock.daysAgo(1)).build();
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, verify(trusting(root), HOST, weakExpired));
  }

  @Test
  void selfSignedLeafWithWrongEkuIsSelfSigned() {
    TestCert root = CertBuilder.root("P10 Root").build();
    TestCert self = CertBuilder.leaf(HOST).extendedKeyUsage(Oids.CLIENT_AUTH).build();
    assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, verify(trusting(root), HOST, self));
  }

  @Test
  void selfSignedLeafThatIsAnAnchorIsTrusted() {
    TestCert self = CertBuilder.leaf(HOST).build();
    assertEquals(Result.SUCCESS, verify(trusting(self), HOST, self));
  }

  @Test
  void untrustedRootSentByTheServerIsNeverUsed() {
    TestCert trusted = CertBuilder.root("P11 Trusted").build();
    TestCert untrusted = CertBuilder.root("P11 Untrusted").build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(untrusted).build();
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(trusting(trusted), HOST, leaf, untrusted));
  }

  @Test
  void issuerLoopWithoutExitIsUnknownIssuer() {
    // A and B cross-certify each other; neither chains to the trusted root.
    TestCert trusted = CertBuilder.root("P12 Trusted").build();
    TestCert aByB = CertBuilder.ca("P12 A").issuerName("CN=P12 B")
        .signingKey(TestKeys.ec(TestKeys.Curve.P256, "CN=P12 B").getPrivate())
        .key(TestKeys.ec(TestKeys.Curve.P256, "CN=P12 A")).build();
    TestCert bByA = CertBuilder.ca("P12 B").issuerName("CN=P12 A")
        .signingKey(TestKeys.ec(TestKeys.Curve.P256, "CN=P12 A").getPrivate())
        .key(TestKeys.ec(TestKeys.Curve.P256, "CN=P12 B")).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(aByB).build();
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(trusting(trusted), HOST, leaf, aByB, bByA));
  }

  @Test
  void atMostSixIntermediates() {
    TestCert root = CertBuilder.root("P13 Root").build();
    for (int n : new int[] {6, 7}) {
      List<TestCert> chain = new ArrayList<>();
      TestCert issuer = root;
      List<TestCert> cas = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        issuer = CertBuilder.ca("P13 CA " + n + "-" + i).issuer(issuer).build();
        cas.add(0, issuer);
      }
      chain.add(CertBuilder.leaf(HOST).issuer(issuer).build());
      chain.addAll(cas);
      Result r = verify(trusting(root), HOST, chain.toArray(new TestCert[0]));
      assertEquals(n == 6 ? Result.SUCCESS : Result.SEC_ERROR_UNKNOWN_ISSUER, r, n + " intermediates");
    }
  }

  /** A trust domain around {@link InMemoryTrustDomain} that fails chosen hooks. */
  private static Verifier withPolicy(TestCert root, java.util.function.Function<InMemoryTrustDomain, TrustDomain> wrap) {
    TrustAnchors anchors = TrustAnchors.of(ders(root), true);
    return new Verifier(new TrustDomainFactory() {
      @Override
      public TrustDomain create(List<byte[]> presented, int minRsaBits, byte[] staple) {
        return wrap.apply(new InMemoryTrustDomain(anchors, presented, minRsaBits));
      }

      @Override
      public boolean isBuiltInRoot(Cert anchor) {
        return true;
      }
    });
  }

  @Test
  void activelyDistrustedCertificates() {
    TestCert root = CertBuilder.root("P14 Root").build();
    TestCert ca = CertBuilder.ca("P14 CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    Verifier distrustCa = withPolicy(root, td -> new InMemoryTrustDomain(td.anchors(), List.of(ca.der()), 2048) {
      @Override
      public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert) throws PkixException {
        return java.util.Arrays.equals(cert.der(), ca.der()) ? TrustLevel.ACTIVELY_DISTRUSTED : super.getCertTrust(role, policy, cert);
      }
    });
    assertEquals(Result.SEC_ERROR_UNTRUSTED_ISSUER, verify(distrustCa, HOST, leaf, ca));
    Verifier distrustLeaf = withPolicy(root, td -> new InMemoryTrustDomain(td.anchors(), List.of(ca.der()), 2048) {
      @Override
      public TrustLevel getCertTrust(EndEntityOrCA role, CertPolicy policy, Cert cert) throws PkixException {
        return java.util.Arrays.equals(cert.der(), leaf.der()) ? TrustLevel.ACTIVELY_DISTRUSTED : super.getCertTrust(role, policy, cert);
      }
    });
    assertEquals(Result.SEC_ERROR_UNTRUSTED_CERT, verify(distrustLeaf, HOST, leaf, ca));
  }

  @Test
  void revocationIsCheckedRootwardFirstAndStopsTheSearch() {
    TestCert root = CertBuilder.root("P15 Root").build();
    TestCert ca = CertBuilder.ca("P15 CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    List<String> order = new ArrayList<>();
    Verifier v = withPolicy(root, td -> new InMemoryTrustDomain(td.anchors(), List.of(ca.der()), 2048) {
      @Override
      public void checkRevocation(EndEntityOrCA role, CertId id, long time, long duration,
          Input staple, Input aia, Input sct) throws PkixException {
        order.add(role.name());
        if (role == EndEntityOrCA.MUST_BE_END_ENTITY) {
          throw new PkixException(Result.SEC_ERROR_REVOKED_CERTIFICATE);
        }
      }
    });
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, verify(v, HOST, leaf, ca));
    // Rootward first; and, as in Firefox, the failed 2048-bit pass is followed by the 1024 one.
    assertEquals(List.of("MUST_BE_CA", "MUST_BE_END_ENTITY", "MUST_BE_CA", "MUST_BE_END_ENTITY"), order);
  }

  @Test
  void theSctExtensionReachesCheckRevocationForTheEndEntityOnly() throws Exception {
    TestCert root = CertBuilder.root("P15b Root").build();
    TestCert ca = CertBuilder.ca("P15b CA").issuer(root).build();
    dev.pkixj.testdata.TestCtLog log = dev.pkixj.testdata.TestCtLog.p256("P15b Log", "Op");
    TestCert withSct = CertBuilder.leaf(HOST).issuer(ca)
        .embeddedSct(log, TestClock.daysAgo(3).toEpochMilli()).build();
    TestCert without = CertBuilder.leaf(HOST).issuer(ca).build();
    Input expected = Cert.parse(withSct.der()).signedCertificateTimestamps();
    List<String> seen = new ArrayList<>();
    Verifier v = withPolicy(root, td -> new InMemoryTrustDomain(td.anchors(), List.of(ca.der()), 2048) {
      @Override
      public void checkRevocation(EndEntityOrCA role, CertId id, long time, long duration,
          Input staple, Input aia, Input sct) {
        seen.add(role.name() + ":" + (sct == null ? "none"
            : java.util.Arrays.equals(sct.toByteArray(), expected.toByteArray()) ? "sct" : "other"));
      }
    });
    assertEquals(Result.SUCCESS, verify(v, HOST, withSct, ca));
    assertEquals(List.of("MUST_BE_CA:none", "MUST_BE_END_ENTITY:sct"), seen);
    seen.clear();
    assertEquals(Result.SUCCESS, verify(v, HOST, without, ca));
    assertEquals(List.of("MUST_BE_CA:none", "MUST_BE_END_ENTITY:none"), seen);
  }

  @Test
  void anExpiredLeafIsNotCheckedForRevocation() {
    TestCert root = CertBuilder.root("P16 Root").build();
    AtomicInteger calls = new AtomicInteger();
    Verifier v = withPolicy(root, td -> new InMemoryTrustDomain(td.anchors(), List.of(), 2048) {
      @Override
      public void checkRevocation(EndEntityOrCA role, CertId id, long time, long duration,
          Input staple, Input aia, Input sct) throws PkixException {
        calls.incrementAndGet();
        throw new PkixException(Result.SEC_ERROR_REVOKED_CERTIFICATE);
      }
    });
    assertEquals(Result.SEC_ERROR_EXPIRED_CERTIFICATE, verify(v, HOST, expiredLeaf(root)));
    assertEquals(0, calls.get());
  }

  @Test
  void chainHookErrorsAreReported() {
    TestCert root = CertBuilder.root("P17 Root").build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(root).build();
    Verifier v = withPolicy(root, td -> new InMemoryTrustDomain(td.anchors(), List.of(), 2048) {
      @Override
      public void isChainValid(Cert[] chain, int length, long time, CertPolicy policy) throws PkixException {
        assertEquals(2, length);
        throw new PkixException(Result.MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED);
      }
    });
    assertEquals(Result.MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED, verify(v, HOST, leaf));
  }

  @Test
  void manySameSubjectIntermediatesEndWithinTheBudget() {
    // 40 intermediates share one name and cross-sign each other: an exponential search space.
    TestCert root = CertBuilder.root("P18 Root").build();
    List<TestCert> cas = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      cas.add(CertBuilder.ca("P18 Mesh").issuerName("CN=P18 Mesh")
          .key(TestKeys.ec(TestKeys.Curve.P256, 1800 + i))
          .signingKey(TestKeys.ec(TestKeys.Curve.P256, 1800 + (i + 1) % 40).getPrivate()).build());
    }
    TestCert leaf = CertBuilder.leaf(HOST).issuer(cas.get(0)).build();
    List<TestCert> chain = new ArrayList<>();
    chain.add(leaf);
    chain.addAll(cas);
    TrustDomain td = new InMemoryTrustDomain(TrustAnchors.of(ders(root), true),
        ders(cas.toArray(new TestCert[0])), 2048);
    Cert leafCert;
    try {
      leafCert = Cert.of(leaf.der());
    } catch (PkixException e) {
      throw new AssertionError(e);
    }
    Result r = Pkix.buildCertChain(td, leafCert, NOW.getEpochSecond(), EndEntityOrCA.MUST_BE_END_ENTITY,
        KeyUsage.DIGITAL_SIGNATURE, KeyPurposeId.ID_KP_SERVER_AUTH, CertPolicy.ANY_POLICY, null);
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, r);
    int calls = Pkix.lastBuildCalls();
    assertTrue(calls <= Pkix.BUILD_FORWARD_CALL_BUDGET);
    assertTrue(calls > 1000, "the mesh really was explored: " + calls);
  }

  @Test
  void policyValidationForARequiredPolicy() throws PkixException {
    TestCert root = CertBuilder.root("P19 Root").build();
    TestCert ca = CertBuilder.ca("P19 CA").issuer(root).certificatePolicies(Oids.ANY_POLICY).build();
    TestCert withPolicy = CertBuilder.leaf(HOST).issuer(ca).certificatePolicies("1.2.3.4").build();
    TestCert without = CertBuilder.leaf(HOST).issuer(ca).build();
    CertPolicy ev = new CertPolicy(new byte[] {0x2a, 0x03, 0x04});
    TrustDomain td = new InMemoryTrustDomain(TrustAnchors.of(ders(root), true), ders(ca), 2048);
    assertEquals(Result.SUCCESS, Pkix.buildCertChain(td, Cert.of(withPolicy.der()), NOW.getEpochSecond(),
        EndEntityOrCA.MUST_BE_END_ENTITY, KeyUsage.DIGITAL_SIGNATURE, KeyPurposeId.ID_KP_SERVER_AUTH, ev, null));
    assertEquals(Result.SEC_ERROR_POLICY_VALIDATION_FAILED, Pkix.buildCertChain(td, Cert.of(without.der()),
        NOW.getEpochSecond(), EndEntityOrCA.MUST_BE_END_ENTITY, KeyUsage.DIGITAL_SIGNATURE,
        KeyPurposeId.ID_KP_SERVER_AUTH, ev, null));
  }

  @Test
  void clientCertificates() {
    TestCert root = CertBuilder.root("P20 Root").build();
    TestCert client = CertBuilder.leaf("CN=client").issuer(root).extendedKeyUsage(Oids.CLIENT_AUTH).build();
    TestCert server = CertBuilder.leaf(HOST).issuer(root).extendedKeyUsage(Oids.SERVER_AUTH).build();
    Verifier v = trusting(root);
    assertEquals(Result.SUCCESS, v.verifyChain(ders(client), NOW, KeyPurposeId.ID_KP_CLIENT_AUTH).result());
    assertEquals(Result.SEC_ERROR_INADEQUATE_CERT_TYPE,
        v.verifyChain(ders(server), NOW, KeyPurposeId.ID_KP_CLIENT_AUTH).result());
  }
}
