package dev.pkixj.truststore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.Verifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrowserTrustDomainTest {
  private static final String HOST = "www.example.test";

  private static TrustEntry builtIn(TestCert c) {
    return new TrustEntry(c.der(), Trust.ANCHOR, null, "", Source.CERTDATA);
  }

  private static Result verify(TrustStore store, TestCert... chain) {
    List<byte[]> ders = new ArrayList<>();
    for (TestCert c : chain) {
      ders.add(c.der());
    }
    return new Verifier(store.trustDomains()).verifyServer(ders, HOST, TestClock.NOW).result();
  }

  @Test
  void builtInRootAnchorsAChain() {
    TestCert root = CertBuilder.root("BTD Root").build();
    TestCert ca = CertBuilder.ca("BTD CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    TrustStore store = TrustStore.ofBuiltIns(List.of(builtIn(root)));
    assertEquals(Result.SUCCESS, verify(store, leaf, ca));
    assertEquals(Result.SEC_ERROR_UNKNOWN_ISSUER, verify(store, leaf));
  }

  @Test
  void intermediateFromTheDatabaseIsUsedWhenTheServerOmitsIt() {
    TestCert root = CertBuilder.root("BTD2 Root").build();
    TestCert ca = CertBuilder.ca("BTD2 CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    TrustStore store = TrustStore.of(List.of(builtIn(root)), List.of(), List.of(ca.der()));
    assertEquals(Result.SUCCESS, verify(store, leaf));
  }

  @Test
  void userDistrustOfAnIntermediateOrARoot() {
    TestCert root = CertBuilder.root("BTD3 Root").build();
    TestCert ca = CertBuilder.ca("BTD3 CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    TrustStore distrustCa = TrustStore.of(List.of(builtIn(root)),
        List.of(new TrustEntry(ca.der(), Trust.DISTRUSTED, null, "", Source.USER)), List.of());
    assertEquals(Result.SEC_ERROR_UNTRUSTED_ISSUER, verify(distrustCa, leaf, ca));
    assertEquals(Result.SEC_ERROR_UNTRUSTED_ISSUER, verify(distrustCa, leaf),
        "a distrusted certificate in the database is still found, and refused");
    TrustStore distrustRoot = TrustStore.of(List.of(builtIn(root)),
        List.of(new TrustEntry(root.der(), Trust.DISTRUSTED, null, "", Source.USER)), List.of());
    assertEquals(Result.SEC_ERROR_UNTRUSTED_ISSUER, verify(distrustRoot, leaf, ca));
  }

  @Test
  void userAnchorIsNotABuiltInRoot() {
    TestCert root = CertBuilder.root("BTD4 Root").key(TestKeys.rsa2048(4)).build();
    TestCert weak = CertBuilder.leaf(HOST).issuer(root).key(TestKeys.rsa1024(4)).build();
    TrustStore asBuiltIn = TrustStore.ofBuiltIns(List.of(builtIn(root)));
    TrustStore asUser = TrustStore.of(List.of(),
        List.of(new TrustEntry(root.der(), Trust.ANCHOR, null, "", Source.USER)), List.of());
    assertEquals(Result.MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE, verify(asBuiltIn, weak));
    assertEquals(Result.SUCCESS, verify(asUser, weak), "1024-bit keys pass under a user root");
  }

  @Test
  void distrustAfterAppliesToEndEntitiesIssuedLater() {
    TestCert root = CertBuilder.root("BTD5 Root").build();
    Instant cutoff = TestClock.daysAgo(20);
    TrustStore store = TrustStore.ofBuiltIns(
        List.of(new TrustEntry(root.der(), Trust.ANCHOR, cutoff, "", Source.CERTDATA)));
    TestCert before = CertBuilder.leaf(HOST).issuer(root)
        .validity(TestClock.daysAgo(30), TestClock.daysFromNow(30)).build();
    TestCert after = CertBuilder.leaf(HOST).issuer(root)
        .validity(TestClock.daysAgo(10), TestClock.daysFromNow(30)).build();
    assertEquals(Result.SUCCESS, verify(store, before));
    assertEquals(Result.MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED, verify(store, after));
    // A date the user set applies too (see policy/DistrustAfterTest).
    TrustStore user = TrustStore.of(List.of(),
        List.of(new TrustEntry(root.der(), Trust.ANCHOR, cutoff, "", Source.USER)), List.of());
    assertEquals(Result.MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED, verify(user, after));
  }

  @Test
  void certificatesWhoseSettingWasLostAreDistrusted() throws Exception {
    TestCert root = CertBuilder.root("BTD7 Root").build();
    TestCert ca = CertBuilder.ca("BTD7 CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca).build();
    byte[] caFingerprint = java.security.MessageDigest.getInstance("SHA-256").digest(ca.der());
    TrustStore store = TrustStore.of(List.of(builtIn(root)), List.of(), List.of(),
        List.of(caFingerprint));
    assertEquals(Result.SEC_ERROR_UNTRUSTED_ISSUER, verify(store, leaf, ca));
  }

  @Test
  void unparseableEntriesAreRejectedNotFatal() {
    TestCert root = CertBuilder.root("BTD6 Root").build();
    TrustStore store = TrustStore.ofBuiltIns(List.of(builtIn(root),
        new TrustEntry(new byte[] {0x30, 0x00}, Trust.ANCHOR, null, "broken", Source.OS)));
    assertEquals(1, store.builtIns().size());
    assertEquals(1, store.rejected().size());
    assertTrue(store.rejected().get(0).toString().contains("broken"));
  }
}
