package dev.pkixj.verifier.policy;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where certificate exceptions are looked up (Firefox's {@code nsCertOverrideService}): at most
 * one per host and port, matched by the end-entity's SHA-256 fingerprint. Implementations must be
 * thread-safe.
 */
public interface CertExceptions {
  /** The exception stored for {@code host} (as {@link CertException#normaliseHost}) and port. */
  Optional<CertException> lookup(String host, int port);

  /**
   * True if an exception for {@code host} and {@code port} has the fingerprint {@code leafSha256}.
   * An unknown port (anything outside 1 to 65535, e.g. -1 or 0) or a missing host matches no
   * exception: exceptions are per host and port, never for "any port".
   */
  default boolean matches(String host, int port, byte[] leafSha256) {
    if (host == null || !CertException.validPort(port) || leafSha256 == null) {
      return false;
    }
    return lookup(CertException.normaliseHost(host), port)
        .map(e -> e.matches(leafSha256)).orElse(false);
  }

  /** No exceptions. */
  static CertExceptions none() {
    return (host, port) -> Optional.empty();
  }

  /** A fixed set (a later entry for the same host and port replaces an earlier one). */
  static CertExceptions of(Collection<CertException> exceptions) {
    Map<String, CertException> map = new HashMap<>();
    for (CertException e : exceptions) {
      map.put(e.host() + ":" + e.port(), e);
    }
    Map<String, CertException> fixed = Map.copyOf(map);
    return (host, port) -> Optional.ofNullable(
        fixed.get(CertException.normaliseHost(host) + ":" + port));
  }

  /** As {@link #of(Collection)}. */
  static CertExceptions of(CertException... exceptions) {
    return of(List.of(exceptions));
  }
}
