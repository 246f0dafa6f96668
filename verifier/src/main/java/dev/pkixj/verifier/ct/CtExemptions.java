package dev.pkixj.verifier.ct;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.der.Input;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Firefox's enterprise CT exemptions (spec part A5; {@code HostnameMatchesPolicy} and {@code
 * CertificateListHasSPKIHashIn} in CertVerifier.cpp), parsed once from the two preference
 * strings. They only ever turn the CT error into success. Immutable.
 *
 * <ul>
 *   <li>Hosts ({@code security.pki.certificate_transparency.disable_for_hosts}): split at every
 *       comma, entries not trimmed (a space makes an entry match nothing useful), empty entries
 *       skipped. An entry {@code .example.com} matches the host {@code example.com} only, ignoring
 *       ASCII case. Any entry (a dotted one too, when the first rule did not match) matches a
 *       host that ends with it, case-sensitively, on a label boundary: the whole host, or the
 *       character before it is a dot. No host never matches.</li>
 *   <li>SPKI hashes ({@code disable_for_spki_hashes}): split at every comma, each entry standard
 *       base64 of SHA-256 of a SubjectPublicKeyInfo DER; entries that do not decode are dropped;
 *       the length is not checked. The chain is exempt when any of its certificates (end-entity,
 *       intermediates, root) has a listed SPKI.</li>
 * </ul>
 */
public final class CtExemptions {
  /** No exemption. */
  public static final CtExemptions NONE = new CtExemptions(new String[0], new byte[0][]);

  private final String[] hosts;
  private final byte[][] spkiHashes;

  private CtExemptions(String[] hosts, byte[][] spkiHashes) {
    this.hosts = hosts;
    this.spkiHashes = spkiHashes;
  }

  /** Parses the two preference strings (null or empty for none). */
  public static CtExemptions parse(String hostList, String spkiHashList) {
    List<String> h = new ArrayList<>();
    for (String entry : split(hostList)) {
      if (!entry.isEmpty()) {
        h.add(entry);
      }
    }
    List<byte[]> s = new ArrayList<>();
    for (String entry : split(spkiHashList)) {
      try {
        s.add(Base64.getDecoder().decode(entry));
      } catch (IllegalArgumentException e) {
        // Dropped, as Firefox drops an entry its Base64Decode refuses.
      }
    }
    if (h.isEmpty() && s.isEmpty()) {
      return NONE;
    }
    return new CtExemptions(h.toArray(new String[0]), s.toArray(new byte[0][]));
  }

  /** The exemptions of {@code settings}. */
  public static CtExemptions of(CtSettings settings) {
    return parse(settings.exemptHosts(), settings.exemptSpkiHashes());
  }

  /** Splits at every comma, keeping empty entries (String.split would drop trailing ones). */
  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    if (s == null || s.isEmpty()) {
      return out;
    }
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == ',') {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    return out;
  }

  public boolean isEmpty() {
    return hosts.length == 0 && spkiHashes.length == 0;
  }

  /** The host entries kept (for display). */
  public List<String> hosts() {
    return List.of(hosts);
  }

  /** The number of SPKI hashes kept. */
  public int spkiHashCount() {
    return spkiHashes.length;
  }

  /** True if {@code host} is exempt. */
  public boolean exemptsHost(String host) {
    if (host == null) {
      return false;
    }
    for (String entry : hosts) {
      if (entry.charAt(0) == '.' && equalsIgnoreAsciiCase(entry, 1, host)) {
        return true;
      }
      if (host.endsWith(entry) && (host.length() == entry.length()
          || host.charAt(host.length() - entry.length() - 1) == '.')) {
        return true;
      }
    }
    return false;
  }

  private static boolean equalsIgnoreAsciiCase(String entry, int from, String host) {
    if (entry.length() - from != host.length()) {
      return false;
    }
    for (int i = 0; i < host.length(); i++) {
      char a = entry.charAt(from + i);
      char b = host.charAt(i);
      if (a != b && lower(a) != lower(b)) {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /** True if a certificate of {@code chain} has a listed SPKI hash. */
  public boolean exemptsChain(List<Cert> chain) {
    if (spkiHashes.length == 0 || chain == null) {
      return false;
    }
    for (Cert c : chain) {
      Input spki = c.subjectPublicKeyInfo();
      byte[] hash = CtSignedData.sha256(spki);
      for (byte[] h : spkiHashes) {
        if (Arrays.equals(h, hash)) {
          return true;
        }
      }
    }
    return false;
  }

  /** True if the host or the chain is exempt. */
  public boolean exempts(String host, List<Cert> chain) {
    return exemptsHost(host) || exemptsChain(chain);
  }
}
