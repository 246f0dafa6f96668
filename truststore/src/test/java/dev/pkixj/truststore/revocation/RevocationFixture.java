package dev.pkixj.truststore.revocation;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.BrowserTrustDomain;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared test PKI, trust store and helpers for the revocation tests. */
final class RevocationFixture {
  static final String HOST = TestPki.LEAF_HOST;
  static final TestPki PKI = TestPki.ec();
  static final TestCert ROOT = PKI.root();
  static final TestCert ICA = PKI.intermediate();
  static final long NOW = TestClock.NOW.getEpochSecond();
  static final TrustStore STORE = TrustStore.ofBuiltIns(
      List.of(new TrustEntry(ROOT.der(), Trust.ANCHOR, null, "", Source.CERTDATA)));
  /** Never contacted: the fake fetcher answers for it. */
  static final String FAKE_URL = "http://ocsp.invalid/";

  private static final AtomicInteger SERIALS = new AtomicInteger(1000);

  private RevocationFixture() {}

  /** A leaf with a fresh serial; {@code urls} become its AIA OCSP URLs, in order. */
  static TestCert leaf(String... urls) {
    return leaf(TestClock.daysAgo(30), TestClock.daysFromNow(365), urls);
  }

  static TestCert leaf(Instant notBefore, Instant notAfter, String... urls) {
    return leafBuilder(urls).validity(notBefore, notAfter).build();
  }

  /** A leaf builder (fresh serial, the shared leaf key, these AIA OCSP URLs). */
  static CertBuilder leafBuilder(String... urls) {
    CertBuilder b = CertBuilder.leaf(HOST).issuer(ICA).key(PKI.leafKey(0))
        .serial(BigInteger.valueOf(SERIALS.incrementAndGet()).shiftLeft(64).add(BigInteger.ONE));
    for (String u : urls) {
      b.ocspUrl(u);
    }
    return b;
  }

  static Cert parse(TestCert c) {
    try {
      return Cert.parse(c.der());
    } catch (PkixException e) {
      throw new AssertionError(e);
    }
  }

  static CertId certId(TestCert leaf) {
    Cert c = parse(leaf);
    return new CertId(c.issuer(), Input.of(ICA.spkiDer()), c.serialNumber());
  }

  static long validity(TestCert leaf) {
    return leaf.notAfter().getEpochSecond() - leaf.notBefore().getEpochSecond();
  }

  static BrowserTrustDomain trustDomain() {
    return new BrowserTrustDomain(STORE, List.of(ICA.der()), 2048);
  }

  /** Runs the checker for {@code leaf} as the end-entity, with its own AIA. */
  static Result check(RevocationConfig config, TestCert leaf, byte[] staple) {
    return check(config, leaf, staple, parse(leaf).authorityInfoAccess());
  }

  static Result check(RevocationConfig config, TestCert leaf, byte[] staple, Input aia) {
    return new RevocationChecker(config).check(trustDomain(), EndEntityOrCA.MUST_BE_END_ENTITY,
        certId(leaf), NOW, validity(leaf), staple == null ? null : Input.of(staple), aia);
  }

  /** A fetcher that never touches the network: it records calls and answers as told. */
  static final class FakeFetcher implements OcspFetcher {
    final List<String> urls = new ArrayList<>();
    final List<byte[]> requests = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    volatile Response answer = Response.failure(Result.SEC_ERROR_OCSP_SERVER_ERROR);

    FakeFetcher answering(byte[] body) {
      answer = Response.ok(body);
      return this;
    }

    FakeFetcher failing(Result error) {
      answer = Response.failure(error);
      return this;
    }

    synchronized int calls() {
      return urls.size();
    }

    @Override
    public synchronized Response fetch(String url, byte[] encodedRequest, Duration timeout) {
      urls.add(url);
      requests.add(encodedRequest);
      timeouts.add(timeout);
      return answer;
    }
  }

  static RevocationConfig config(RevocationConfig.Mode mode, boolean fetch, OcspFetcher f) {
    return RevocationConfig.batchDefaults().withMode(mode).withFetch(fetch).withFetcher(f);
  }
}
