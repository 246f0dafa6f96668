package dev.pkixj.verifier.policy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One certificate exception ("Accept the Risk and Continue", spec §6): the end-entity with this
 * SHA-256 fingerprint is accepted for this host and port despite an overridable error.
 *
 * @param host the host, lower case (an IPv6 literal without brackets)
 * @param port the port (443 for https without one)
 * @param sha256 the end-entity's SHA-256 fingerprint (32 bytes)
 */
public record CertException(String host, int port, byte[] sha256) {
  public CertException {
    Objects.requireNonNull(host, "host");
    host = normaliseHost(host);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty host");
    }
    if (!validPort(port)) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 fingerprint has 32 bytes");
    }
    sha256 = sha256.clone();
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  /** True if the fingerprint is {@code leafSha256}. */
  public boolean matches(byte[] leafSha256) {
    return Arrays.equals(sha256, leafSha256);
  }

  /** The fingerprint as Firefox shows and stores it: uppercase hex pairs joined by colons. */
  public String fingerprint() {
    return fingerprint(sha256);
  }

  /** {@code AB:CD:…} for a SHA-256 value. */
  public static String fingerprint(byte[] sha256) {
    StringBuilder sb = new StringBuilder(sha256.length * 3);
    String hex = HexFormat.of().withUpperCase().formatHex(sha256);
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(hex, i, i + 2);
    }
    return sb.toString();
  }

  /** True for a real port, 1 to 65535 (-1 and 0 mean "unknown"). */
  public static boolean validPort(int port) {
    return port >= 1 && port <= 65535;
  }

  /** Host names compare lower case; an IPv6 literal loses its brackets. */
  public static String normaliseHost(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertException c && c.host.equals(host) && c.port == port
        && Arrays.equals(c.sha256, sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, Arrays.hashCode(sha256));
  }

  @Override
  public String toString() {
    return host + ":" + port + " " + fingerprint();
  }
}
