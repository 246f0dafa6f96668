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
    assertSame(first, cache.get(der.clone()), "and stays one once admitted");
    assertArrayEquals(der, first.der());
    byte[] other = PKI.newLeaf(1).der();
    assertNotSame(first, cache.get(other));
  }

  @Test
  void aCertificateSeenOnceIsOnlyOnProbationUntilNewcomersReplaceIt() throws PkixException {
    CertCache cache = new CertCache(64); // 4 probation places
    byte[] der = PKI.newLeaf(7).der();
    Cert once = cache.get(der);
    for (int i = 0; i < 64; i++) {
      cache.get(PKI.newLeaf(200 + i).der()); // each seen once
    }
    Cert again = cache.get(der);
    assertNotSame(once, again, "replaced on probation by the newcomers: parsed anew");
    assertArrayEquals(once.der(), again.der());
    assertSame(again, cache.get(der), "seen again soon: admitted");
    for (int i = 0; i < 64; i++) {
      cache.get(PKI.newLeaf(300 + i).der());
    }
    assertSame(again, cache.get(der), "admitted: newcomers on probation do not displace it");
  }

  @Test
  void aCertificateInUseSurvivesAStreamOfOnceSeenOnes() throws PkixException {
    CertCache cache = new CertCache(2); // one bucket: every certificate collides
    byte[] intermediate = PKI.intermediate().der();
    cache.get(intermediate);
    Cert ica = cache.get(intermediate);
    assertSame(ica, cache.get(intermediate), "third use: promoted");
    for (int i = 0; i < 50; i++) {
      byte[] leafDer = PKI.newLeaf(100 + i).der();
      cache.get(leafDer);
      Cert leaf = cache.get(leafDer); // seen twice: admitted into the second slot
      assertEquals(PKI.newLeaf(100 + i).der().length, leaf.der().length);
      assertSame(ica, cache.get(intermediate), "the intermediate stays after leaf " + i);
    }
  }

  @Test
  void withoutReuseTheOldestNewcomerGoes() throws PkixException {
    CertCache cache = new CertCache(2);
    byte[] first = PKI.newLeaf(1).der();
    byte[] second = PKI.newLeaf(2).der();
    cache.get(first);
    Cert a = cache.get(first);
    cache.get(second);
    cache.get(second);
    assertNotSame(a, cache.get(first), "an entry seen twice is replaced by the next one");
  }

  @Test
  void parseFailuresAreNotCached() throws PkixException {
    CertCache cache = new CertCache(2);
    byte[] good = PKI.intermediate().der();
    cache.get(good);
    Cert ica = cache.get(good);
    cache.get(good);
    byte[] bad = Arrays.copyOf(good, good.length - 1);
    assertThrows(PkixException.class, () -> cache.get(bad));
    assertThrows(PkixException.class, () -> cache.get(bad));
    assertSame(ica, cache.get(good));
  }
}
