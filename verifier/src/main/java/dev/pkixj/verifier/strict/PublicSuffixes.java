package dev.pkixj.verifier.strict;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The Public Suffix List bundled with the strict profile (resource {@code
 * public_suffix_list.dat}, both sections), read once. Names are compared in ASCII lower case;
 * internationalized rules are matched in their Unicode form only (certificates carry A-labels,
 * which the list's ICANN entries also give for most IDN TLDs).
 */
final class PublicSuffixes {
  private static final Set<String> RULES = new HashSet<>();
  private static final Set<String> WILDCARDS = new HashSet<>();
  private static final Set<String> EXCEPTIONS = new HashSet<>();

  static {
    try (InputStream in = PublicSuffixes.class.getResourceAsStream("public_suffix_list.dat")) {
      if (in == null) {
        throw new IllegalStateException("public_suffix_list.dat is missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("//")) {
          continue;
        }
        int space = line.indexOf(' ');
        if (space > 0) {
          line = line.substring(0, space);
        }
        line = line.toLowerCase(Locale.ROOT);
        if (line.startsWith("!")) {
          EXCEPTIONS.add(line.substring(1));
        } else if (line.startsWith("*.")) {
          WILDCARDS.add(line.substring(2));
        } else {
          RULES.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private PublicSuffixes() {}

  /** True if {@code name} (no trailing dot) is itself a public suffix; a single label always is. */
  static boolean isPublicSuffix(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.isEmpty()) {
      return true;
    }
    if (EXCEPTIONS.contains(n)) {
      return false;
    }
    if (RULES.contains(n)) {
      return true;
    }
    int dot = n.indexOf('.');
    if (dot < 0) {
      return true; // the default rule "*"
    }
    return WILDCARDS.contains(n.substring(dot + 1));
  }

  /** True if the top label of {@code name} is a suffix the list knows (an ICANN TLD or rule). */
  static boolean hasKnownTopLevel(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    String tld = dot < 0 ? n : n.substring(dot + 1);
    return RULES.contains(tld) || WILDCARDS.contains(tld);
  }
}
