package dev.pkixj.pkix.names;

/**
 * Textual IP address parsing exactly as mozilla::pkix ({@code ParseIPv4Address}, {@code
 * ParseIPv6Address}): no OS resolver, no alternative notations. Results are written into a
 * caller-supplied array; on failure its contents are unspecified.
 */
final class IpAddresses {
  private IpAddresses() {}

  /**
   * Exactly four dot-separated decimal components, each 0–255 without leading zeros (so no
   * octal, hex, short or dotless forms, and no surrounding whitespace or trailing dot).
   */
  static boolean parseIPv4(byte[] b, int off, int len, byte[] out, int outOff) {
    int p = off;
    int end = off + len;
    for (int component = 0; component < 4; component++) {
      boolean last = component == 3;
      int length = 0;
      int value = 0;
      for (;;) {
        if (p >= end) {
          if (last) {
            break;
          }
          return false;
        }
        int c = b[p++] & 0xff;
        if (c >= '0' && c <= '9') {
          if (value == 0 && length > 0) {
            return false; // leading zero
          }
          value = value * 10 + (c - '0');
          if (value > 255) {
            return false;
          }
          length++;
        } else if (!last && c == '.') {
          break;
        } else {
          return false;
        }
      }
      if (length == 0) {
        return false; // empty component
      }
      out[outOff + component] = (byte) value;
    }
    return true;
  }

  /**
   * RFC 4291 text form: eight groups of 1–4 hex digits, at most one {@code ::}, an optional
   * dotted-quad tail taking the place of the last two groups. {@code ::} alone, zone IDs and
   * brackets are refused.
   */
  static boolean parseIPv6(byte[] b, int off, int len, byte[] out) {
    int p = off;
    int end = off + len;
    int component = 0;
    int contraction = -1;

    if (p < end && b[p] == ':') {
      // Input may only start with ':' as part of a leading "::".
      p++;
      if (p >= end || b[p] != ':') {
        return false;
      }
      p++;
      contraction = 0;
    }

    for (;;) {
      int componentStart = p;
      int value = 0;
      int digits = 0;
      while (p < end && b[p] != ':') {
        int c = b[p++] & 0xff;
        int v;
        if (c >= '0' && c <= '9') {
          v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
          v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
          v = c - 'A' + 10;
        } else if (c == '.') {
          // An IPv4 tail: re-parse from the start of this component to the end of the input.
          if (component > 6) {
            return false;
          }
          if (!parseIPv4(b, componentStart, end - componentStart, out, 2 * component)) {
            return false;
          }
          return finish(out, component + 2, contraction);
        } else {
          return false;
        }
        if (digits >= 4) {
          return false;
        }
        digits++;
        value = value * 16 + v;
      }

      if (component >= 8) {
        return false;
      }
      if (digits == 0) {
        // Only legal right after a "::" that ends the input, and not for "::" alone.
        if (p >= end && component == contraction) {
          if (contraction == 0) {
            return false;
          }
          return finish(out, component, contraction);
        }
        return false;
      }
      out[2 * component] = (byte) (value >> 8);
      out[2 * component + 1] = (byte) value;
      component++;

      if (p >= end) {
        return finish(out, component, contraction);
      }
      p++; // the ':' that stopped the loop above
      if (p < end && b[p] == ':') {
        if (contraction != -1) {
          return false; // a second "::"
        }
        p++;
        contraction = component;
        if (p >= end) {
          return finish(out, component, contraction);
        }
      }
    }
  }

  /** Expands the contraction, if any, in the 16-byte result. */
  private static boolean finish(byte[] a, int components, int contraction) {
    if (components < 0 || components > 8 || contraction < -1 || contraction > 8
        || contraction > components) {
      return false;
    }
    if (contraction == -1) {
      return components == 8;
    }
    if (components >= 8) {
      return false; // nothing left for "::" to stand for
    }
    int tail = 2 * (components - contraction);
    System.arraycopy(a, 2 * contraction, a, 16 - tail, tail);
    java.util.Arrays.fill(a, 2 * contraction, 2 * contraction + 2 * (8 - components), (byte) 0);
    return true;
  }
}
