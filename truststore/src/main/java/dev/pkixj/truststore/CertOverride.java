package dev.pkixj.truststore;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A certificate exception ("Accept the Risk and Continue", spec §6): the end-entity with this
 * SHA-256 fingerprint is accepted for this host and port despite an overridable error.
 *
 * @param host the host (lower case; an IPv6 literal without brackets)
 * @param port the port (443 when the URL had none)
 * @param sha256 the end-entity's SHA-256 fingerprint (32 bytes)
 * @param created when the exception was added
 */
public record CertOverride(String host, int port, byte[] sha256, Instant created) {
  public CertOverride {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 fingerprint has 32 bytes");
    }
    Objects.requireNonNull(created, "created");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertOverride c && c.host.equals(host) && c.port == port
        && Arrays.equals(c.sha256, sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, Arrays.hashCode(sha256));
  }
}
