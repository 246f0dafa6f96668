package dev.pkixj.pkix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.der.Input;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The entry points ({@link Pkix}) and the certificate cache behind {@link Cert#of}. */
class PkixTest {
  private static final long NOW = TestClock.NOW.getEpochSecond();

  private static final TestCert ROOT = CertBuilder.root("Pkix Test Root").build();
  private static final TestCert CA = CertBuilder.ca("Pkix Test CA").issuer(ROOT).build();
  private static final TestCert LEAF = CertBuilder.leaf("a.example").issuer(CA).build();
  private static final TestCert OTHER_ROOT = CertBuilder.root("Pkix Other Root").build();
  private static final TestCert OTHER_LEAF =
      CertBuilder.leaf("b.example").issuer(OTHER_ROOT).build();

  private static TrustDomain trusting(TestCert root, TestCert... presented) {
    List<byte[]> ders = new java.util.ArrayList<>();
    for (TestCert c : presented) {
      ders.add(c.der());
    }
    return new InMemoryTrustDomain(TrustAnchors.of(List.of(root.der()), true), ders, 2048);
  }

  private static Result build(TrustDomain td, byte[] leaf) throws PkixException {
    return Pkix.buildCertChain(td, Cert.of(leaf), NOW, EndEntityOrCA.MUST_BE_END_ENTITY,
        KeyUsage.DIGITAL_SIGNATURE, KeyPurposeId.ID_KP_SERVER_AUTH, CertPolicy.ANY_POLICY, null);
  }

  private static byte[][] ders(Cert[] chain) {
    byte[][] out = new byte[chain.length][];
    for (int i = 0; i < chain.length; i++) {
      out[i] = chain[i].der();
    }
    return out;
  }

  @Test
  void buildsAndGivesThePathEndEntityFirst() throws PkixException {
    assertEquals(Result.SUCCESS, build(trusting(ROOT, CA), LEAF.der()));
    assertArrayEquals(new byte[][] {LEAF.der(), CA.der(), ROOT.der()},
        ders(Pkix.lastBuiltChain()));
    // One BuildForward call for each certificate below the anchor on a straight path.
    assertEquals(2, Pkix.lastBuildCalls());
    // A new array each time: the caller may keep it.
    assertTrue(Pkix.lastBuiltChain() != Pkix.lastBuiltChain());
  }

  @Test
  void aFailedBuildGivesTheLongestPathTried() throws PkixException {
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, build(trusting(OTHER_ROOT, CA), LEAF.der()));
    assertArrayEquals(new byte[][] {LEAF.der(), CA.der()}, ders(Pkix.lastBuiltChain()));
    assertEquals(List.of(Pkix.lastBuiltChain()), Pkix.lastBuiltChainList());
  }

  @Test
  void theListOfTheLastPathIsTheArraysAsListOf() throws PkixException {
    assertEquals(Result.SUCCESS, build(trusting(ROOT, CA), LEAF.der()));
    List<Cert> list = Pkix.lastBuiltChainList();
    assertEquals(List.of(Pkix.lastBuiltChain()), list);
    assertEquals(List.of(Pkix.lastBuiltChain()).getClass(), list.getClass());
    assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
    // A path of one certificate: the end-entity whose issuer was not found.
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, build(trusting(ROOT), LEAF.der()));
    assertEquals(List.of(Pkix.lastBuiltChain()), Pkix.lastBuiltChainList());
    assertEquals(1, Pkix.lastBuiltChainList().size());
  }

  @Test
  void aBuildInsideABuildOnTheSameThreadKeepsEachItsOwnPath() throws PkixException {
    TrustDomain inner = trusting(OTHER_ROOT);
    Result[] innerResult = new Result[1];
    Cert[][] innerChain = new Cert[1][];
    TrustDomain outer = new ForwardingTrustDomain(trusting(ROOT, CA)) {
      @Override
      public void isChainValid(Cert[] chain, int length, long time, CertPolicy policy)
          throws PkixException {
        innerResult[0] = build(inner, OTHER_LEAF.der());
        innerChain[0] = Pkix.lastBuiltChain();
        super.isChainValid(chain, length, time, policy);
      }
    };
    assertEquals(Result.SUCCESS, build(outer, LEAF.der()));
    assertEquals(Result.SUCCESS, innerResult[0]);
    assertArrayEquals(new byte[][] {OTHER_LEAF.der(), OTHER_ROOT.der()}, ders(innerChain[0]));
    // After the outer build, its own path, not the inner one.
    assertArrayEquals(new byte[][] {LEAF.der(), CA.der(), ROOT.der()},
        ders(Pkix.lastBuiltChain()));
  }

  private static Result build(TrustDomain td, byte[] leaf, KeyUsage ku, KeyPurposeId eku)
      throws PkixException {
    return Pkix.buildCertChain(td, Cert.of(leaf), NOW, EndEntityOrCA.MUST_BE_END_ENTITY, ku, eku,
        CertPolicy.ANY_POLICY, null);
  }

  /**
   * The checks remember what they parsed of a certificate (Checks' memos in Cert), never a
   * verdict: the same cached certificate, built again and again for other usages, gives each
   * build its own answer, in any order.
   */
  @Test
  void aCachedCertificateAnswersEachBuildsOwnRequirements() throws PkixException {
    TestCert leaf = CertBuilder.leaf("memo.example").issuer(CA)
        .keyUsage(dev.pkixj.testdata.KeyUsage.KEY_ENCIPHERMENT)
        .extendedKeyUsage(dev.pkixj.testdata.Oids.CLIENT_AUTH).build();
    TrustDomain td = trusting(ROOT, CA);
    for (int round = 0; round < 3; round++) {
      assertEquals(Result.SEC_ERROR_INADEQUATE_KEY_USAGE,
          build(td, leaf.der(), KeyUsage.DIGITAL_SIGNATURE, KeyPurposeId.ID_KP_CLIENT_AUTH));
      assertEquals(Result.SUCCESS,
          build(td, leaf.der(), KeyUsage.KEY_ENCIPHERMENT, KeyPurposeId.ID_KP_CLIENT_AUTH));
      assertEquals(Result.SEC_ERROR_INADEQUATE_CERT_TYPE,
          build(td, leaf.der(), KeyUsage.KEY_ENCIPHERMENT, KeyPurposeId.ID_KP_SERVER_AUTH));
      assertEquals(Result.SUCCESS, build(td, leaf.der(), KeyUsage.NO_PARTICULAR_KEY_USAGE_REQUIRED,
          KeyPurposeId.ANY_EXTENDED_KEY_USAGE));
      // The CA, cached too, is checked as a CA under the end-entity each time; alone as an
      // end-entity it is refused.
      assertEquals(Result.MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY,
          build(td, CA.der(), KeyUsage.NO_PARTICULAR_KEY_USAGE_REQUIRED,
              KeyPurposeId.ANY_EXTENDED_KEY_USAGE));
    }
    // A weak key is refused by one trust domain and accepted by another, for the same cached
    // certificate (the key's size is remembered, the policy's verdict is not).
    TestCert weakCa = CertBuilder.ca("Pkix Weak CA").issuer(ROOT)
        .key(dev.pkixj.testdata.TestKeys.rsa1024(7)).build();
    TestCert weakLeaf = CertBuilder.leaf("weak.example").issuer(weakCa).build();
    List<byte[]> presented = List.of(weakCa.der());
    TrustAnchors anchors = TrustAnchors.of(List.of(ROOT.der()), true);
    Result refused = build(new InMemoryTrustDomain(anchors, presented, 2048), weakLeaf.der());
    assertTrue(refused != Result.SUCCESS, refused.toString());
    for (int round = 0; round < 2; round++) {
      assertEquals(Result.SUCCESS,
          build(new InMemoryTrustDomain(anchors, presented, 1024), weakLeaf.der()));
      assertEquals(refused,
          build(new InMemoryTrustDomain(anchors, presented, 2048), weakLeaf.der()));
      assertEquals(Result.SUCCESS,
          build(new InMemoryTrustDomain(anchors, presented, 1024), weakLeaf.der()));
    }
  }

  @Test
  void certOfHandsOutOneParsedViewPerCertificate() throws PkixException {
    Cert.of(LEAF.der()); // a certificate is kept from its second sighting on (CertCache)
    Cert a = Cert.of(LEAF.der());
    assertSame(a, Cert.of(LEAF.der().clone()));
    assertArrayEquals(LEAF.der(), a.der());
    PkixException e = assertThrows(PkixException.class, () -> Cert.of(new byte[] {0x30, 0x00}));
    assertEquals(Result.SEC_ERROR_BAD_DER, e.result());
  }

  @Test
  void tlsFeatures() throws PkixException {
    Pkix.checkTlsFeaturesSatisfied(null, false);
    // SEQUENCE { INTEGER 5 }: status_request, must-staple.
    Input mustStaple = Input.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});
    Pkix.checkTlsFeaturesSatisfied(mustStaple, true);
    assertEquals(Result.MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING, assertThrows(
        PkixException.class, () -> Pkix.checkTlsFeaturesSatisfied(mustStaple, false)).result());
    assertEquals(Result.SEC_ERROR_BAD_DER, assertThrows(PkixException.class,
        () -> Pkix.checkTlsFeaturesSatisfied(Input.of(new byte[] {0x30, 0x00}), true)).result());
  }
}
