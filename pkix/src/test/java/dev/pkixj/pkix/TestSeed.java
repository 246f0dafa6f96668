package dev.pkixj.pkix;

import dev.pkixj.testdata.DeterministicRandom;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The seed of every random input in this module's tests (docs/conformance.md, "How the suite
 * guards against silent skips"): chosen once per test run, or given with {@code
 * -Dpkixj.test.seed=N} to replay a run, and printed with every failure by {@link SeedReporter}.
 *
 * <p>Each generator is a SHA-256 counter-mode stream of (seed, label), so what a test draws does
 * not depend on which other tests ran before it: {@link #perTest()} is restarted from (seed, test
 * id) before each test, and {@link #secureRandom(String)} gives an independent stream per label
 * (for keys cached across tests). Not secure; only reproducible.
 */
public final class TestSeed {
  /** The system property that replays a run. */
  public static final String PROPERTY = "pkixj.test.seed";

  private static final long SEED = choose(System.getProperty(PROPERTY));
  private static final DeterministicRandom PER_TEST =
      new DeterministicRandom(material("per-test", ""));

  private TestSeed() {}

  /** {@code property} as a whole number (decimal, or hex with 0x), else a fresh seed. */
  static long choose(String property) {
    if (property == null || property.isBlank()) {
      return new SplittableRandom().nextLong();
    }
    try {
      return Long.decode(property.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + " must be a whole number, not '"
          + property + "'");
    }
  }

  /** This run's seed. */
  public static long seed() {
    return SEED;
  }

  /** What a failure message says: the seed and how to replay it. */
  public static String replayHint() {
    return "random seed " + SEED + " (replay with -D" + PROPERTY + "=" + SEED + ")";
  }

  /** The stream of the current test: restarted from (seed, test id) before each test. */
  public static SecureRandom perTest() {
    return PER_TEST;
  }

  /** Restarts {@link #perTest()} for the test (or class) with this unique id. */
  static void startTest(String uniqueId) {
    PER_TEST.restart(material("per-test", uniqueId));
  }

  /** An independent stream of (seed, label). */
  public static SecureRandom secureRandom(String label) {
    return new DeterministicRandom(material("label", label));
  }

  /** A {@link Random} seeded from (seed, label). */
  public static Random random(String label) {
    return new Random(ByteBuffer.wrap(material("random", label)).getLong());
  }

  private static byte[] material(String kind, String label) {
    return sha256(ByteBuffer.allocate(8).putLong(SEED).array(),
        (kind + "\0" + label).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
