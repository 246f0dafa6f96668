package dev.pkixj.verifier.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hosts for which no certificate exception may be added or used: those with HTTP Strict
 * Transport Security or static key pins (Firefox's {@code OverrideAllowedForHost}: RFC 6797
 * §12.1). Their overridable errors are shown as "Did Not Connect: Potential Security Issue"
 * without the exception button. An IPv6 literal is never such a host (Firefox allows overrides
 * for it before asking), nor is any IP address in practice.
 *
 * <p>Entries, as in the configuration file: {@code example.com} marks that host only;
 * {@code .example.com} or {@code example.com;includeSubDomains} marks it and every subdomain
 * (HSTS's includeSubDomains). Matching ignores case and a trailing dot of the host.
 *
 * <p>Immutable and thread-safe.
 */
public final class HstsHosts {
  private static final HstsHosts NONE = new HstsHosts(Set.of(), Set.of());

  private final Set<String> exact;
  private final Set<String> withSubdomains;

  private HstsHosts(Set<String> exact, Set<String> withSubdomains) {
    this.exact = exact;
    this.withSubdomains = withSubdomains;
  }

  public static HstsHosts none() {
    return NONE;
  }

  /**
   * Parses entries (see the class comment); blank entries are ignored.
   *
   * @throws IllegalArgumentException for an entry that is not a host name
   */
  public static HstsHosts of(Collection<String> entries) {
    Set<String> exact = new HashSet<>();
    Set<String> subs = new HashSet<>();
    for (String raw : entries) {
      String e = raw.trim().toLowerCase(Locale.ROOT);
      if (e.isEmpty()) {
        continue;
      }
      boolean include = false;
      int semi = e.indexOf(';');
      if (semi >= 0) {
        String directive = e.substring(semi + 1).trim();
        if (!directive.equals("includesubdomains")) {
          throw new IllegalArgumentException("unknown HSTS directive '" + directive
              + "' in '" + raw.trim() + "' (only includeSubDomains)");
        }
        include = true;
        e = e.substring(0, semi).trim();
      }
      if (e.startsWith(".")) {
        include = true;
        e = e.substring(1);
      }
      e = stripDot(e);
      if (e.isEmpty() || !e.matches("[a-z0-9_.-]+") || e.contains("..")) {
        throw new IllegalArgumentException("not a host name: '" + raw.trim() + "'");
      }
      (include ? subs : exact).add(e);
    }
    return new HstsHosts(Set.copyOf(exact), Set.copyOf(subs));
  }

  /** As {@link #of(Collection)} for a comma- or space-separated list. */
  public static HstsHosts parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<String> entries = new ArrayList<>();
    for (String s : list.split("[,\\s]+")) {
      entries.add(s);
    }
    return of(entries);
  }

  public boolean isEmpty() {
    return exact.isEmpty() && withSubdomains.isEmpty();
  }

  /** True if {@code host} is marked (itself, or a parent with subdomains included). */
  public boolean contains(String host) {
    if (host == null || isEmpty()) {
      return false;
    }
    String h = stripDot(CertException.normaliseHost(host));
    if (h.indexOf(':') >= 0) {
      return false; // an IPv6 literal
    }
    if (exact.contains(h) || withSubdomains.contains(h)) {
      return true;
    }
    for (int dot = h.indexOf('.'); dot >= 0; dot = h.indexOf('.', dot + 1)) {
      if (withSubdomains.contains(h.substring(dot + 1))) {
        return true;
      }
    }
    return false;
  }

  /** The entries in the configuration-file form, sorted. */
  public List<String> entries() {
    List<String> out = new ArrayList<>(exact);
    for (String s : withSubdomains) {
      out.add("." + s);
    }
    out.sort(null);
    return out;
  }

  private static String stripDot(String h) {
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  @Override
  public String toString() {
    return "HstsHosts" + entries();
  }
}
