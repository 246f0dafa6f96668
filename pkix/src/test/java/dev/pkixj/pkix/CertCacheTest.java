package dev.pkixj.pkix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pkixj.testdata.TestPki;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CertCacheTest {
  private static final TestPki PKI = TestPki.ec();

  @Test
  void aHitIsTheSameViewAndNeedsTheSameBytesNotTheSameArray() throws PkixException {
    CertCache cache = new CertCache(64);
    byte[] der = PKI.leaf().der();
    Cert first = cache.get(der);
    assertSame(first, cache.get(der.clone()), "equal content is a hit");
    assertArrayEquals(der, first.der());
    byte[] other = PKI.newLeaf(1).der();
    assertNotSame(first, cache.get(other));
  }

  @Test
  void aCertificateInUseSurvivesAStreamOfOnceSeenOnes() throws PkixException {
    CertCache cache = new CertCache(2); // one bucket: every certificate collides
    byte[] intermediate = PKI.intermediate().der();
    Cert ica = cache.get(intermediate);
    assertSame(ica, cache.get(intermediate), "second use: promoted");
    for (int i = 0; i < 50; i++) {
      Cert leaf = cache.get(PKI.newLeaf(100 + i).der());
      assertEquals(PKI.newLeaf(100 + i).der().length, leaf.der().length);
      assertSame(ica, cache.get(intermediate), "the intermediate stays after leaf " + i);
    }
  }

  @Test
  void withoutReuseTheOldestNewcomerGoes() throws PkixException {
    CertCache cache = new CertCache(2);
    Cert a = cache.get(PKI.newLeaf(1).der());
    cache.get(PKI.newLeaf(2).der());
    assertNotSame(a, cache.get(PKI.newLeaf(1).der()), "a once-seen entry is replaced");
  }

  @Test
  void parseFailuresAreNotCached() throws PkixException {
    CertCache cache = new CertCache(2);
    byte[] good = PKI.intermediate().der();
    Cert ica = cache.get(good);
    cache.get(good);
    byte[] bad = Arrays.copyOf(good, good.length - 1);
    assertThrows(PkixException.class, () -> cache.get(bad));
    assertThrows(PkixException.class, () -> cache.get(bad));
    assertSame(ica, cache.get(good));
  }
}
