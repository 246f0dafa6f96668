package dev.pkixj.pkix.sig;

import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Per-thread {@link MessageDigest}s (the JDK's SHA implementations use the CPU's SHA extensions
 * through HotSpot intrinsics and beat BouncyCastle's Java digests; looking a digest up in the
 * provider list on each call would cost more than hashing a certificate).
 */
final class Digests {
  private static final DigestAlgorithm[] ALGS = DigestAlgorithm.values();

  private static final ThreadLocal<MessageDigest[]> DIGESTS =
      ThreadLocal.withInitial(
          () -> {
            MessageDigest[] mds = new MessageDigest[ALGS.length];
            for (DigestAlgorithm a : ALGS) {
              try {
                mds[a.ordinal()] = MessageDigest.getInstance(a.jcaName());
              } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
              }
            }
            return mds;
          });

  private Digests() {}

  /** This thread's digest for {@code alg}, reset and ready for use. */
  static MessageDigest get(DigestAlgorithm alg) {
    MessageDigest md = DIGESTS.get()[alg.ordinal()];
    md.reset();
    return md;
  }

  static byte[] digest(DigestAlgorithm alg, byte[] data, int off, int len) {
    MessageDigest md = get(alg);
    md.update(data, off, len);
    return md.digest();
  }
}
