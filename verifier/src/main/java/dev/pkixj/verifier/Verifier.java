package dev.pkixj.verifier;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Verifies certificate chains the way Firefox does. One instance is shared by all threads.
 * (Implementation in progress in this commit: signatures only.)
 */
public final class Verifier {

  /** A verifier whose trust anchors are {@code rootDers}, treated as Firefox built-in roots. */
  public static Verifier withRoots(Collection<byte[]> rootDers) {
    throw new UnsupportedOperationException("TODO(issue-2)");
  }

  /**
   * Verifies a TLS server certificate as Firefox does for https: path building, then
   * must-staple, then the host name.
   *
   * @param chain the certificates the server sent: the end-entity first, then the others in the
   *     order sent (they are only candidates; order and extras do not matter)
   * @param host the reference identifier (DNS name, IPv4, or IPv6 without brackets), as given;
   *     null skips the host-name check
   * @param time the verification time
   */
  public VerificationResult verifyServer(List<byte[]> chain, String host, Instant time) {
    return verifyServer(chain, host, time, null);
  }

  /** As {@link #verifyServer(List, String, Instant)} with a stapled OCSP response (DER). */
  public VerificationResult verifyServer(List<byte[]> chain, String host, Instant time,
      byte[] stapledOcspResponse) {
    throw new UnsupportedOperationException("TODO(issue-2)");
  }

  /**
   * Builds and checks a path for {@code chain[0]} for {@code eku} with no host name (e.g. a
   * client certificate: {@link KeyPurposeId#ID_KP_CLIENT_AUTH}, key usage digitalSignature).
   */
  public VerificationResult verifyChain(List<byte[]> chain, Instant time, KeyPurposeId eku) {
    throw new UnsupportedOperationException("TODO(issue-2)");
  }
}
