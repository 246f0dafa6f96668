package dev.pkixj.verifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blocklist as a view over OneCRL, and which entry refused a verification. */
class RevocationBlocklistTest {
  static final TestPki PKI = TestPki.ec();

  static Cert cert(byte[] der) throws Exception {
    return Cert.of(der);
  }

  @Test
  void aViewOverOneCrl() throws Exception {
    OneCrl crl = OneCrl.of(List.of(OneCrl.Entry.issuerSerial("is", 0,
        PKI.intermediate().issuerDer(), PKI.intermediate().serial().toByteArray(), null)));
    RevocationBlocklist b = RevocationBlocklist.of(crl);
    assertSame(crl, b.oneCrl());
    assertTrue(b.isRevoked(cert(PKI.intermediate().der())));
    assertFalse(b.isRevoked(cert(PKI.leaf().der())));
    assertSame(RevocationBlocklist.empty(), RevocationBlocklist.of(OneCrl.EMPTY));
  }

  @Test
  void theBuilderKeepsItsApiAndDropsDuplicates() throws Exception {
    Cert leaf = cert(PKI.leaf().der());
    RevocationBlocklist b = RevocationBlocklist.builder().cert(leaf).cert(leaf)
        .subjectAndKeyOf(leaf).build();
    assertEquals(2, b.size());
    assertTrue(b.isRevoked(leaf));
    assertEquals(List.of("builder-1", "builder-2"),
        b.oneCrl().entries().stream().map(OneCrl.Entry::id).toList());
  }

  @Test
  void matchInThenChainThenPresented() throws Exception {
    Cert leaf = cert(PKI.leaf().der());
    Cert ica = cert(PKI.intermediate().der());
    RevocationBlocklist b = RevocationBlocklist.builder().subjectAndKeyOf(ica).build();
    assertEquals(1, b.matchIn(List.of(leaf, ica), List.of()).certIndex());
    assertEquals(-1, b.matchIn(List.of(leaf), List.of(leaf, ica)).certIndex());
    assertNull(b.matchIn(List.of(leaf), List.of(leaf)));
  }

  @Test
  void theVerifierReportsTheEntryOnlyForRevokedResults() throws Exception {
    Verifier v = Verifier.withRoots(List.of(PKI.root().der())).withPolicy(TlsPolicy.builder()
        .blocklist(RevocationBlocklist.builder().cert(cert(PKI.intermediate().der())).build())
        .build());
    List<byte[]> chain = List.of(PKI.leaf().der(), PKI.intermediate().der());
    VerificationResult r = v.verifyServer(chain, TestPki.LEAF_HOST, TestClock.NOW);
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE, r.result());
    RevocationBlocklist.Match m = v.oneCrlMatch(r, chain);
    assertEquals("builder-1", m.entry().id());
    assertEquals(1, m.certIndex());

    Verifier none = Verifier.withRoots(List.of(PKI.root().der()));
    VerificationResult ok = none.verifyServer(chain, TestPki.LEAF_HOST, TestClock.NOW);
    assertEquals(Result.SUCCESS, ok.result());
    assertNull(none.oneCrlMatch(ok, chain));
  }
}
