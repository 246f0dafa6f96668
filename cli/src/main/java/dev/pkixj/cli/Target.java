package dev.pkixj.cli;

import java.net.IDN;
import java.util.Locale;

/**
 * What {@code pkixj check} connects to: {@code https://HOST[:PORT][/...]}, {@code HOST:PORT} or
 * {@code HOST} (port 443); an IPv6 address as {@code [ADDR]:PORT}. Host names are converted to
 * their ASCII (punycode) form and lower-cased.
 */
record Target(String host, int port) {
  /** {@code host:port}, with brackets around an IPv6 address. */
  String display() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** Whether the host is an IP address (no SNI is sent for one). */
  boolean isIpLiteral() {
    return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
  }

  /** Parses a TARGET argument. */
  static Target parse(String s) throws CliException {
    if (s == null || s.isBlank()) {
      throw new CliException("missing TARGET (https://host[:port] or host:port)");
    }
    String in = s.trim();
    int scheme = in.indexOf("://");
    if (scheme >= 0) {
      if (!in.substring(0, scheme).equalsIgnoreCase("https")) {
        throw new CliException(in + ": only https:// URLs can be checked");
      }
      in = in.substring(scheme + 3);
    }
    int end = in.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = in.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String authority = in.substring(0, end);
    if (authority.indexOf('@') >= 0) {
      throw new CliException(s + ": user information is not allowed in the target");
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new CliException(s + ": unclosed IPv6 literal");
      }
      host = authority.substring(1, close);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new CliException(s + ": expected ':' after the IPv6 literal");
        }
        portText = rest.substring(1);
      }
      if (host.indexOf(':') < 0) {
        throw new CliException(s + ": not an IPv6 literal");
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0 && authority.indexOf(':') != colon) {
        throw new CliException(s + ": an IPv6 address needs brackets: [ADDR]:PORT");
      }
      host = colon >= 0 ? authority.substring(0, colon) : authority;
      portText = colon >= 0 ? authority.substring(colon + 1) : null;
      try {
        host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new CliException(s + ": bad host name");
      }
    }
    if (host.isEmpty()) {
      throw new CliException(s + ": no host name");
    }
    int port = 443;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new CliException(s + ": bad port '" + portText + "'");
      }
      if (port < 1 || port > 65535) {
        throw new CliException(s + ": port out of range");
      }
    }
    return new Target(host, port);
  }
}
