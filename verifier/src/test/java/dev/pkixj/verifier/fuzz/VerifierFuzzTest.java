package dev.pkixj.verifier.fuzz;

import static dev.pkixj.verifier.fuzz.Oracle.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import java.time.Instant;
import java.util.List;

/**
 * Fuzz targets for the whole verifier on mutated chains and for OCSP response parsing and
 * verification. Besides "a defined result, never an exception", both check that nothing is
 * accepted by accident: a valid verdict, or an OCSP status, must rest on bytes that really were
 * signed ({@link Corpus#SIGNED_TBS}, {@link Corpus#SIGNED_RESPONSE_DATA}).
 */
class VerifierFuzzTest {
  private static final Instant NOW = TestClock.NOW;
  private static final Verifier VERIFIER = Verifier.withRoots(Corpus.roots());
  /** More certificates than this add nothing but time (Firefox has no such limit). */
  private static final int MAX_CERTS = 12;

  /**
   * The input is the chain as the server would send it: DER certificates back to back, the
   * end-entity first (split at top-level TLV boundaries, leniently). Verified as a TLS server
   * chain for {@value TestPki#LEAF_HOST}, and as a client chain.
   */
  @FuzzTest
  void chain(byte[] data) {
    if (data.length == 0) {
      return; // the API requires an end-entity
    }
    List<byte[]> chain = Corpus.split(data, MAX_CERTS);
    VerificationResult r = VERIFIER.verifyServer(chain, TestPki.LEAF_HOST, NOW);
    check(r, "verifyServer");
    VerificationResult c = VERIFIER.verifyChain(chain, NOW, KeyPurposeId.ID_KP_CLIENT_AUTH);
    check(c, "verifyChain");
  }

  private static void check(VerificationResult r, String what) {
    Oracle.defined(r.result(), what);
    require(!r.result().isFatal(), what + ": fatal " + r.result());
    require(r.chain() != null, what + ": null chain");
    if (r.result() == Result.SUCCESS) {
      List<Cert> built = r.chain();
      require(built.size() >= 2 || isRoot(built.get(0)), what + ": success without an anchor");
      for (int i = 0; i < built.size() - 1; i++) {
        Input tbs = built.get(i).signedData();
        require(Corpus.SIGNED_TBS.contains(Input.of(tbs.toByteArray())),
            what + ": accepted a certificate nobody signed at position " + i);
      }
      require(isRoot(built.get(built.size() - 1)), what + ": chain does not end at a root");
    }
    // The error page for whatever came out must render.
    require(r.explanation().toText() != null, what + ": explanation");
  }

  private static boolean isRoot(Cert c) {
    for (byte[] root : Corpus.roots()) {
      if (java.util.Arrays.equals(root, c.der())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The input is an OCSPResponse, verified against each sample's trust domain and CertID at the
   * fixed time, with Firefox's 10-day maximum lifetime.
   */
  @FuzzTest
  void ocspResponse(byte[] data) {
    for (Corpus.OcspSample s : Corpus.OCSP) {
      OcspVerification v = OcspVerifier.verify(s.trustDomain(), s.certId(),
          NOW.getEpochSecond(), OcspVerifier.FIREFOX_MAX_LIFETIME_DAYS, data);
      require(v != null && v.result() != null, s.name() + ": null");
      Oracle.defined(v.result(), s.name());
      require(!v.result().isFatal(), s.name() + ": fatal " + v.result());
      if (v.status() == null) {
        require(!v.expired() && v.thisUpdate() == null && v.validThrough() == null,
            s.name() + ": times without a status");
      } else {
        require(v.thisUpdate() != null && v.validThrough() != null, s.name() + ": no times");
        Input tbs = Corpus.responseData(data);
        require(tbs != null && Corpus.SIGNED_RESPONSE_DATA.contains(Input.of(tbs.toByteArray())),
            s.name() + ": a status from response data nobody signed: " + v.result());
      }
    }
  }
}
