package dev.pkixj.pkix.ocsp;

import static dev.pkixj.pkix.ocsp.OcspTestSupport.NOW;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.certId;
import static dev.pkixj.pkix.ocsp.OcspTestSupport.trustDomain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.Result;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Robustness: every truncation of valid responses and thousands of seeded random mutations give a
 * defined, non-fatal {@link Result} and never an exception; a result without a status carries no
 * times and no expired flag.
 */
class OcspMalformedTest {
  record Sample(String name, InMemoryTrustDomain td, CertId certId, byte[] response) {}

  static List<Sample> samples() {
    TestPki ec = TestPki.ec();
    TestPki rsa = TestPki.rsa();
    TestCert responder = CertBuilder.leaf("CN=Fuzz Responder").issuer(rsa.intermediate())
        .key(dev.pkixj.testdata.TestKeys.rsa2048(11)).extendedKeyUsage(Oids.OCSP_SIGNING).build();
    return List.of(
        new Sample("ec-issuer", trustDomain(ec.root()), certId(ec.intermediate(), ec.leaf()),
            OcspResponseBuilder.forIssuer(ec.intermediate()).good(ec.leaf())
                .good(ec.newLeaf(3)).responseExtension(Oids.OCSP_NONCE, false, new byte[] {4, 2, 0, 0})
                .build()),
        new Sample("rsa-delegated", trustDomain(rsa.root()), certId(rsa.intermediate(), rsa.leaf()),
            OcspResponseBuilder.forIssuer(rsa.intermediate()).responder(responder).byName()
                .revoked(rsa.leaf(), TestClock.daysAgo(3), OcspResponseBuilder.REASON_KEY_COMPROMISE)
                .build()),
        new Sample("ec-unknown-sha256", trustDomain(ec.root()), certId(ec.intermediate(), ec.leaf()),
            OcspResponseBuilder.forIssuer(ec.intermediate()).certIdHash("SHA-256").noNextUpdate()
                .unknown(ec.leaf()).build()));
  }

  static OcspVerification check(Sample s, byte[] input) {
    OcspVerification v = OcspVerifier.verify(s.td(), s.certId(), NOW, 10, input);
    assertNotNull(v);
    assertNotNull(v.result());
    assertFalse(v.result().isFatal(), () -> s.name() + ": fatal " + v);
    if (v.status() == null) {
      assertFalse(v.expired());
      assertNull(v.thisUpdate());
      assertNull(v.validThrough());
    } else {
      assertNotNull(v.thisUpdate());
      assertNotNull(v.validThrough());
    }
    return v;
  }

  @Test
  void samplesAreValid() {
    List<Sample> samples = samples();
    assertEquals(Result.SUCCESS, check(samples.get(0), samples.get(0).response()).result());
    assertEquals(Result.SEC_ERROR_REVOKED_CERTIFICATE,
        check(samples.get(1), samples.get(1).response()).result());
    assertEquals(Result.SEC_ERROR_OCSP_UNKNOWN_CERT,
        check(samples.get(2), samples.get(2).response()).result());
  }

  @Test
  void everyTruncationIsMalformed() {
    for (Sample s : samples()) {
      byte[] r = s.response();
      for (int len = 0; len < r.length; len++) {
        byte[] cut = java.util.Arrays.copyOf(r, len);
        assertEquals(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, check(s, cut).result(),
            s.name() + " truncated to " + len);
      }
      // And every suffix (the start cut off).
      for (int off = 1; off < r.length; off++) {
        check(s, java.util.Arrays.copyOfRange(r, off, r.length));
      }
    }
  }

  @Test
  void randomMutations() {
    SplittableRandom random = new SplittableRandom(0x0c5bL);
    Map<Result, Integer> histogram = new EnumMap<>(Result.class);
    int runs = 0;
    for (Sample s : samples()) {
      byte[] r = s.response();
      for (int i = 0; i < 2000; i++) {
        byte[] m = mutate(r, random);
        histogram.merge(check(s, m).result(), 1, Integer::sum);
        runs++;
      }
    }
    System.out.println("OCSP mutations: " + runs + " runs, results " + histogram);
    assertTrue(histogram.getOrDefault(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, 0) > runs / 4);
  }

  private static byte[] mutate(byte[] in, SplittableRandom random) {
    byte[] out = in.clone();
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int kind = random.nextInt(6);
      int at = random.nextInt(out.length);
      switch (kind) {
        case 0: // flip one bit
          out[at] ^= (byte) (1 << random.nextInt(8));
          break;
        case 1: // random byte
          out[at] = (byte) random.nextInt(256);
          break;
        case 2: { // delete a run
          int n = Math.min(out.length - at, 1 + random.nextInt(4));
          byte[] shorter = new byte[out.length - n];
          System.arraycopy(out, 0, shorter, 0, at);
          System.arraycopy(out, at + n, shorter, at, out.length - at - n);
          out = shorter.length == 0 ? new byte[] {0x30} : shorter;
          break;
        }
        case 3: { // insert random bytes
          int n = 1 + random.nextInt(4);
          byte[] longer = new byte[out.length + n];
          System.arraycopy(out, 0, longer, 0, at);
          for (int k = 0; k < n; k++) {
            longer[at + k] = (byte) random.nextInt(256);
          }
          System.arraycopy(out, at, longer, at + n, out.length - at);
          out = longer;
          break;
        }
        case 4: // typical tags and lengths
          out[at] = (byte) new int[] {0x30, 0x31, 0x04, 0x03, 0x02, 0x0a, 0x18, 0x80, 0x81, 0x82,
              0xa0, 0xa1, 0xa2, 0x00, 0xff}[random.nextInt(15)];
          break;
        default: { // duplicate a slice somewhere else
          int n = Math.min(out.length - at, 1 + random.nextInt(16));
          int to = random.nextInt(out.length);
          byte[] longer = new byte[out.length + n];
          System.arraycopy(out, 0, longer, 0, to);
          System.arraycopy(out, at, longer, to, n);
          System.arraycopy(out, to, longer, to + n, out.length - to);
          out = longer;
        }
      }
    }
    return out;
  }

  @Test
  void randomBytes() {
    SplittableRandom random = new SplittableRandom(42);
    Sample s = samples().get(0);
    for (int i = 0; i < 1000; i++) {
      byte[] junk = new byte[random.nextInt(300)];
      for (int k = 0; k < junk.length; k++) {
        junk[k] = (byte) random.nextInt(256);
      }
      if (junk.length > 0 && random.nextBoolean()) {
        junk[0] = 0x30;
      }
      check(s, junk);
    }
  }
}
