package dev.pkixj.truststore.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.Verifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Distrust-after dates (spec §5.2) from the built-in source and set by the user: the end-entity's
 * notBefore after the date → ISSUER_NO_LONGER_TRUSTED ({@code BrowserTrustDomain.isChainValid}).
 */
class DistrustAfterTest {
  private static final String HOST = "www.example.test";

  private static Result verify(TrustStore store, TestCert... chain) {
    List<byte[]> ders = new ArrayList<>();
    for (TestCert c : chain) {
      ders.add(c.der());
    }
    return new Verifier(store.trustDomains()).verifyServer(ders, HOST, TestClock.NOW).result();
  }

  private static TestCert leaf(TestCert root, Instant notBefore) {
    return CertBuilder.leaf(HOST).issuer(root).validity(notBefore, TestClock.daysFromNow(30))
        .build();
  }

  @Test
  void aUserRootWithoutADateIsExempt() {
    TestCert root = CertBuilder.root("DA1 Root").build();
    TrustStore user = TrustStore.of(List.of(),
        List.of(new TrustEntry(root.der(), Trust.ANCHOR, null, "", Source.USER)), List.of());
    assertEquals(Result.SUCCESS, verify(user, leaf(root, TestClock.daysAgo(1))));
  }

  @Test
  void userSettingsAndTheBuiltInDate() {
    TestCert root = CertBuilder.root("DA2 Root").build();
    Instant builtInCutoff = TestClock.daysAgo(20);
    TrustEntry builtIn = new TrustEntry(root.der(), Trust.ANCHOR, builtInCutoff, "",
        Source.CERTDATA);
    TestCert issued25DaysAgo = leaf(root, TestClock.daysAgo(25));
    TestCert issued10DaysAgo = leaf(root, TestClock.daysAgo(10));
    // The user re-trusts the built-in root without a date: the built-in date still applies.
    TrustStore retrusted = TrustStore.of(List.of(builtIn),
        List.of(new TrustEntry(root.der(), Trust.ANCHOR, null, "", Source.USER)), List.of());
    assertEquals(Result.SUCCESS, verify(retrusted, issued25DaysAgo));
    assertEquals(Result.MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED,
        verify(retrusted, issued10DaysAgo));
    // The user's own date replaces the built-in one.
    TrustStore earlier = TrustStore.of(List.of(builtIn), List.of(new TrustEntry(root.der(),
        Trust.ANCHOR, TestClock.daysAgo(40), "", Source.USER)), List.of());
    assertEquals(Result.MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED,
        verify(earlier, issued25DaysAgo));
    TrustStore later = TrustStore.of(List.of(builtIn), List.of(new TrustEntry(root.der(),
        Trust.ANCHOR, TestClock.daysAgo(5), "", Source.USER)), List.of());
    assertEquals(Result.SUCCESS, verify(later, issued10DaysAgo));
    // Strictly after: an end-entity issued exactly at the date is still trusted.
    assertEquals(Result.SUCCESS, verify(TrustStore.ofBuiltIns(List.of(builtIn)),
        leaf(root, builtInCutoff)));
    assertEquals(Result.MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED,
        verify(TrustStore.ofBuiltIns(List.of(builtIn)), leaf(root, builtInCutoff.plusSeconds(1))));
  }

  @Test
  void onlyTheRootsDateCounts() {
    // A date on an intermediate (not an anchor) is not a distrust-after rule.
    TestCert root = CertBuilder.root("DA3 Root").build();
    TestCert ca = CertBuilder.ca("DA3 CA").issuer(root).build();
    TestCert leaf = CertBuilder.leaf(HOST).issuer(ca)
        .validity(TestClock.daysAgo(1), TestClock.daysFromNow(30)).build();
    TrustStore store = TrustStore.of(
        List.of(new TrustEntry(root.der(), Trust.ANCHOR, null, "", Source.CERTDATA)),
        List.of(new TrustEntry(ca.der(), Trust.INHERIT, TestClock.daysAgo(100), "", Source.USER)),
        List.of());
    assertEquals(Result.SUCCESS, verify(store, leaf, ca));
  }
}
