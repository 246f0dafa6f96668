package dev.pkixj.verifier.strict;

/**
 * IP addresses as the Baseline Requirements write them in a commonName (BR §7.1.4.3): IPv4 in
 * dotted-decimal, IPv6 in the RFC 5952 §4 form; and the reserved ranges of BR §4.2.2 (IANA
 * special-purpose registries: private, loopback, link-local, shared, documentation, multicast).
 */
final class IpText {
  private IpText() {}

  /** The canonical text of a 4- or 16-byte address, or null for another length. */
  static String format(byte[] ip) {
    if (ip.length == 4) {
      return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
    }
    if (ip.length != 16) {
      return null;
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((ip[2 * i] & 0xff) << 8) | (ip[2 * i + 1] & 0xff);
    }
    // The longest run of two or more zero groups, the first one on a tie.
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8;) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestStart = -1;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /** True for an address in a range reserved for private or special use. */
  static boolean isReserved(byte[] ip) {
    if (ip.length == 4) {
      int a = ip[0] & 0xff;
      int b = ip[1] & 0xff;
      return a == 0 || a == 10 || a == 127 || a >= 224
          || (a == 100 && b >= 64 && b < 128)
          || (a == 169 && b == 254)
          || (a == 172 && b >= 16 && b < 32)
          || (a == 192 && b == 168)
          || (a == 192 && b == 0 && (ip[2] & 0xff) == 2)
          || (a == 198 && (b == 18 || b == 19))
          || (a == 198 && b == 51 && (ip[2] & 0xff) == 100)
          || (a == 203 && b == 0 && (ip[2] & 0xff) == 113);
    }
    if (ip.length == 16) {
      int first = ip[0] & 0xff;
      boolean allZeroButLast = true;
      for (int i = 0; i < 15; i++) {
        allZeroButLast &= ip[i] == 0;
      }
      if (allZeroButLast && ((ip[15] & 0xff) <= 1)) {
        return true; // :: and ::1
      }
      return (first & 0xfe) == 0xfc // fc00::/7 unique local
          || (first == 0xfe && (ip[1] & 0xc0) == 0x80) // fe80::/10 link-local
          || first == 0xff // multicast
          || (first == 0x20 && (ip[1] & 0xff) == 0x01 && (ip[2] & 0xff) == 0x0d
              && (ip[3] & 0xff) == 0xb8); // 2001:db8::/32 documentation
    }
    return false;
  }
}
