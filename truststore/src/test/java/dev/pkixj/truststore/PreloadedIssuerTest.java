package dev.pkixj.truststore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.KeyUsage;
import dev.pkixj.pkix.Pkix;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustLevel;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Preloaded intermediates in path building (spec firefox-security-state.md section 1,
 * docs/intermediates.md): offered after the presented certificates and before the database,
 * never twice, never a self-signed non-anchor, never a source of trust.
 */
class PreloadedIssuerTest {
  private static final String HOST = "preloaded.example.test";
  private static final long NOW = TestClock.NOW.getEpochSecond();

  private static TrustEntry builtIn(TestCert c) {
    return new TrustEntry(c.der(), Trust.ANCHOR, null, "", Source.CERTDATA);
  }

  private static Cert cert(TestCert c) throws PkixException {
    return Cert.of(c.der());
  }

  private static PreloadedIntermediates preload(TestCert... certs) throws PkixException {
    List<PreloadedIntermediates.Entry> entries = new ArrayList<>();
    for (TestCert c : certs) {
      entries.add(new PreloadedIntermediates.Entry(cert(c), "", 0, "test"));
    }
    return PreloadedIntermediates.of(entries);
  }

  private static Result build(TrustDomain td, TestCert leaf) throws PkixException {
    return Pkix.buildCertChain(td, cert(leaf), NOW, EndEntityOrCA.MUST_BE_END_ENTITY,
        KeyUsage.DIGITAL_SIGNATURE, KeyPurposeId.ID_KP_SERVER_AUTH, CertPolicy.ANY_POLICY, null);
  }

  private static BrowserTrustDomain domain(TrustStore store, TestCert... presented) {
    List<byte[]> ders = new ArrayList<>();
    for (TestCert c : presented) {
      ders.add(c.der());
    }
    return new BrowserTrustDomain(store, ders, 2048);
  }

  /** Every candidate findIssuer offers for {@code name}, in order (always going on). */
  private static List<Cert> offered(BrowserTrustDomain td, byte[] name) throws PkixException {
    List<Cert> out = new ArrayList<>();
    td.findIssuer(Input.of(name), new TrustDomain.IssuerChecker() {
      @Override
      public boolean check(Cert candidate, Input nc) {
        out.add(candidate);
        return true;
      }

      @Override
      public boolean check(byte[] der, Input nc) throws PkixException {
        out.add(Cert.of(der));
        return true;
      }
    }, NOW);
    return out;
  }

  private static List<String> fingerprints(List<Cert> certs) {
    List<String> out = new ArrayList<>();
    for (Cert c : certs) {
      out.add(c.fingerprintHex());
    }
    return out;
  }

  @Test
  void aMissingIntermediateIsFoundAmongThePreloadedOnes() throws Exception {
    TestCert root = CertBuilder.root("CN=Preload Root A").build();
    TestCert ca = CertBuilder.ca("CN=Preload CA A").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    TrustStore plain = TrustStore.ofBuiltIns(List.of(builtIn(root)));
    assertSame(PreloadedIntermediates.EMPTY, plain.preloaded());
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, build(domain(plain), leaf),
        "the server sent only its leaf and nothing is preloaded");

    TrustStore store = plain.withPreloaded(preload(ca));
    BrowserTrustDomain td = domain(store);
    assertEquals(Result.SUCCESS, build(td, leaf));
    Cert[] chain = Pkix.lastBuiltChain();
    assertEquals(3, chain.length);
    assertArrayEquals(ca.der(), chain[1].der());
    assertTrue(store.isPreloaded(chain[1]));
    assertTrue(td.cameFromPreloading(chain[1]));
    assertFalse(store.isPreloaded(chain[2]), "the root is a built-in");
    assertFalse(td.cameFromPreloading(chain[0]));
    // The new store shares the rest: the same built-ins, and the original is unchanged.
    assertSame(plain.builtIns(), store.builtIns());
    assertTrue(plain.preloaded().isEmpty());
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, build(domain(plain), leaf));
  }

  @Test
  void aPresentedCopyWinsAndIsNotOfferedTwice() throws Exception {
    TestCert root = CertBuilder.root("CN=Preload Root B").build();
    TestCert ca = CertBuilder.ca("CN=Preload CA B").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    // The same intermediate in every place: presented, preloaded and in the database.
    TrustStore store = TrustStore.of(List.of(builtIn(root)), List.of(), List.of(ca.der()))
        .withPreloaded(preload(ca));
    BrowserTrustDomain td = domain(store, leaf, ca);
    List<Cert> offers = offered(td, ca.subjectDer());
    assertEquals(1, offers.size(), "offered once: " + fingerprints(offers));
    assertArrayEquals(ca.der(), offers.get(0).der());
    assertFalse(td.cameFromPreloading(offers.get(0)), "the server sent it");
    assertEquals(Result.SUCCESS, build(td, leaf));
  }

  @Test
  void aPreloadedSelfSignedNonAnchorIsNeverOffered() throws Exception {
    TestCert stranger = CertBuilder.root("CN=Preload Stranger Root").build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(stranger).build();
    TestCert otherRoot = CertBuilder.root("CN=Preload Root C").build();
    TrustStore store = TrustStore.ofBuiltIns(List.of(builtIn(otherRoot)))
        .withPreloaded(preload(stranger));
    BrowserTrustDomain td = domain(store);
    assertTrue(offered(td, stranger.subjectDer()).isEmpty());
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, build(td, leaf));
  }

  @Test
  void preloadingNeverMakesATrustAnchor() throws Exception {
    // A root-named certificate in the collection: preloaded, it gives no trust.
    TestCert root = CertBuilder.root("CN=Preload Root D").build();
    TestCert ca = CertBuilder.ca("CN=Preload CA D").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    TrustStore unrelated = TrustStore.ofBuiltIns(List.of(
        builtIn(CertBuilder.root("CN=Preload Unrelated Root").build())));
    TrustStore store = unrelated.withPreloaded(preload(root, ca));
    BrowserTrustDomain td = domain(store);
    assertEquals(TrustLevel.INHERITS_TRUST,
        td.getCertTrust(EndEntityOrCA.MUST_BE_CA, CertPolicy.ANY_POLICY, cert(root)));
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, build(td, leaf));
    // A cross-signed copy of the root's name and key, issued by an untrusted root: offered, and
    // still no anchor.
    TestCert crossIssuer = CertBuilder.root("CN=Preload Cross Issuer").build();
    TestCert cross = CertBuilder.ca("CN=Preload Root D").key(root.keyPair()).issuer(crossIssuer)
        .build();
    TrustStore withCross = unrelated.withPreloaded(preload(cross, ca));
    assertEquals(List.of(cert(cross).fingerprintHex()),
        fingerprints(offered(domain(withCross), root.subjectDer())));
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, build(domain(withCross), leaf));
    // Trust comes from the trust store, for the same DER: the built-in root anchors the chain.
    TrustStore trusted = TrustStore.ofBuiltIns(List.of(builtIn(root)))
        .withPreloaded(preload(root, ca));
    assertEquals(Result.SUCCESS, build(domain(trusted), leaf));
    assertFalse(trusted.isPreloaded(cert(root)), "a built-in root is offered as a built-in");
    assertTrue(trusted.isPreloaded(cert(ca)));
  }

  @Test
  void aPreloadedCertificateTheUserDistrustsStaysDistrusted() throws Exception {
    TestCert root = CertBuilder.root("CN=Preload Root G").build();
    TestCert ca = CertBuilder.ca("CN=Preload CA G").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    TrustStore store = TrustStore.of(List.of(builtIn(root)),
        List.of(new TrustEntry(ca.der(), Trust.DISTRUSTED, null, "", Source.USER)), List.of())
        .withPreloaded(preload(ca));
    assertEquals(Result.SEC_ERROR_UNTRUSTED_ISSUER, build(domain(store), leaf),
        "trust is the store's for the same DER, wherever the candidate came from");
  }

  @Test
  void preloadedCandidatesComeBeforeTheDatabase() throws Exception {
    TestCert root = CertBuilder.root("CN=Preload Root E").build();
    // Two intermediates with one name: the leaf's signature verifies only with the first's key.
    TestCert good = CertBuilder.ca("CN=Preload CA E").key(TestKeys.rsa2048(61)).issuer(root)
        .serial(1).build();
    TestCert wrongKey = CertBuilder.ca("CN=Preload CA E").key(TestKeys.rsa2048(62)).issuer(root)
        .serial(2).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(good).build();

    // The preloaded one fails its signature check; the database one is still reached.
    TrustStore failingFirst = TrustStore.of(List.of(builtIn(root)), List.of(),
        List.of(good.der())).withPreloaded(preload(wrongKey));
    BrowserTrustDomain td = domain(failingFirst);
    assertEquals(List.of(cert(wrongKey).fingerprintHex(), cert(good).fingerprintHex()),
        fingerprints(offered(td, good.subjectDer())));
    assertEquals(Result.SUCCESS, build(td, leaf));
    assertArrayEquals(good.der(), Pkix.lastBuiltChain()[1].der());

    // Both work: the preloaded one is used, the database one is not needed.
    TestCert twin = CertBuilder.ca("CN=Preload CA E").key(good.keyPair()).issuer(root)
        .serial(3).build();
    TrustStore preloadedFirst = TrustStore.of(List.of(builtIn(root)), List.of(),
        List.of(good.der())).withPreloaded(preload(twin));
    BrowserTrustDomain td2 = domain(preloadedFirst);
    assertEquals(Result.SUCCESS, build(td2, leaf));
    assertArrayEquals(twin.der(), Pkix.lastBuiltChain()[1].der());
    assertTrue(td2.cameFromPreloading(Pkix.lastBuiltChain()[1]));

    // After the presented certificates: a presented twin is tried first.
    BrowserTrustDomain td3 = domain(preloadedFirst, leaf, good);
    assertEquals(List.of(cert(good).fingerprintHex(), cert(twin).fingerprintHex()),
        fingerprints(offered(td3, good.subjectDer())));
    assertEquals(Result.SUCCESS, build(td3, leaf));
    assertArrayEquals(good.der(), Pkix.lastBuiltChain()[1].der());
  }

  @Test
  void lookupIsByExactSubjectBytes() throws Exception {
    TestCert root = CertBuilder.root("CN=Preload Root F").build();
    TestCert ca = CertBuilder.ca("CN=Preload CA F").issuer(root).build();
    PreloadedIntermediates p = preload(ca);
    assertEquals(1, p.bySubject(Input.of(ca.subjectDer())).length);
    // The same name with another string type (UTF8String, not PrintableString) is not found.
    byte[] other = ca.subjectDer().clone();
    int tagAt = other.length - ("Preload CA F".length() + 2);
    assertEquals(0x13, other[tagAt], "PrintableString expected in the test name");
    other[tagAt] = 0x0c;
    assertEquals(0, p.bySubject(Input.of(other)).length);
    assertEquals(0, PreloadedIntermediates.EMPTY.bySubject(Input.of(ca.subjectDer())).length);
  }
}
