package dev.pkixj.pkix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/** The seeded randomness of this module's tests: reproducible, replayable, and reported. */
class TestSeedTest {
  private static byte[] draw(java.security.SecureRandom r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  @Test
  void theSeedIsTheReplayPropertyWhenGiven() {
    assertEquals(42L, TestSeed.choose("42"));
    assertEquals(-7L, TestSeed.choose(" -7 "));
    assertEquals(16L, TestSeed.choose("0x10"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TestSeed.choose("forty-two"));
    assertTrue(e.getMessage().contains("-Dpkixj.test.seed") && e.getMessage().contains(
        "forty-two"), e.getMessage());
    // Without it a seed is chosen; the hint names the one in use.
    assertTrue(TestSeed.replayHint().contains("-Dpkixj.test.seed=" + TestSeed.seed()));
  }

  @Test
  void aLabelledStreamIsAFunctionOfSeedAndLabel() {
    assertArrayEquals(draw(TestSeed.secureRandom("a"), 100), draw(TestSeed.secureRandom("a"), 100));
    assertFalse(Arrays.equals(draw(TestSeed.secureRandom("a"), 32),
        draw(TestSeed.secureRandom("b"), 32)));
    assertEquals(TestSeed.random("x").nextLong(), TestSeed.random("x").nextLong());
    // setSeed cannot mix anything else in.
    java.security.SecureRandom r = TestSeed.secureRandom("a");
    r.setSeed(123);
    assertArrayEquals(draw(TestSeed.secureRandom("a"), 16), draw(r, 16));
  }

  @Test
  void thePerTestStreamRestartsFromTheTestId() {
    TestSeed.startTest("[engine:x]/[class:A]/[method:m()]");
    byte[] first = draw(TestSeed.perTest(), 64);
    TestSeed.startTest("[engine:x]/[class:A]/[method:other()]");
    byte[] other = draw(TestSeed.perTest(), 64);
    TestSeed.startTest("[engine:x]/[class:A]/[method:m()]");
    assertArrayEquals(first, draw(TestSeed.perTest(), 64));
    assertFalse(Arrays.equals(first, other));
  }

  @Test
  void jdkKeysAndSignaturesFollowTheSeed() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp256r1"), TestSeed.secureRandom("ec"));
    byte[] a = ec.generateKeyPair().getPublic().getEncoded();
    ec.initialize(new ECGenParameterSpec("secp256r1"), TestSeed.secureRandom("ec"));
    assertArrayEquals(a, ec.generateKeyPair().getPublic().getEncoded());

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4),
        TestSeed.secureRandom("rsa"));
    java.security.KeyPair kp = rsa.generateKeyPair();
    rsa.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4),
        TestSeed.secureRandom("rsa"));
    assertArrayEquals(kp.getPublic().getEncoded(), rsa.generateKeyPair().getPublic().getEncoded());

    // A randomized signature (PSS's salt) is reproducible too.
    byte[][] sigs = new byte[2][];
    for (int i = 0; i < 2; i++) {
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
          java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
      s.initSign(kp.getPrivate(), TestSeed.secureRandom("pss"));
      s.update(new byte[10]);
      sigs[i] = s.sign();
    }
    assertArrayEquals(sigs[0], sigs[1]);
  }

  @Test
  void aFailureCarriesTheSeedOnceAndASkipDoesNot() {
    ExtensionContext context = (ExtensionContext) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {ExtensionContext.class},
        (proxy, method, args) -> method.getName().equals("getDisplayName") ? "a test" : null);
    AssertionError failure = new AssertionError("boom");
    assertSame(failure, SeedReporter.note(context, failure));
    SeedReporter.note(context, failure);
    assertEquals(1, failure.getSuppressed().length);
    assertEquals(TestSeed.replayHint(), failure.getSuppressed()[0].getMessage());
    TestAbortedException skip = new TestAbortedException("no corpus");
    SeedReporter.note(context, skip);
    assertEquals(0, skip.getSuppressed().length);
  }
}
