package dev.pkixj.truststore.policy;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.der.Input;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Firefox's {@code cert_override.txt} (the profile's certificate exceptions, {@code
 * nsCertOverrideService}; spec §6), read and written.
 *
 * <p>Each line is {@code host:port:suffix⇥OID.2.16.840.1.101.3.4.2.1⇥fingerprint⇥bits⇥dbKey}
 * (⇥ = TAB), where the host of an IPv6 literal is in brackets, the suffix is the origin-attribute
 * suffix (empty for normal browsing; legacy files have no {@code :suffix} at all), the
 * fingerprint is the end-entity's SHA-256 as uppercase hex pairs joined by colons, the bits field
 * is empty now (legacy files have {@code M}, {@code U}, {@code T} letters, ignored), and the
 * dbKey is the base64 of the certificate's issuer and serial number. Lines starting with
 * {@code #}, and empty lines, are skipped.
 *
 * <p><b>Reading</b> follows Firefox's parser; a line it would drop is dropped and reported
 * ({@link Dropped}, with its number and the reason): a missing or malformed host or port, an
 * algorithm other than SHA-256's OID, a fingerprint that is not 32 uppercase hex pairs joined by
 * colons (Firefox compares fingerprints as strings, so any other spelling could never match), a
 * port outside 1–65535. Lines for other origin attributes ({@code ^privateBrowsingId=1},
 * containers) are dropped and reported too: pkixj verifies for normal browsing only. pkixj is
 * more lenient than Firefox in one point: the fields after the fingerprint may be missing (the
 * form {@code host:port:⇥OID⇥fingerprint⇥}), whereas Firefox 100 and later also require a
 * non-empty dbKey. A later line for the same host and port replaces an earlier one, as in
 * Firefox.
 *
 * <p><b>Writing</b> produces Firefox's header and one line per exception with an empty bits
 * field and a dbKey, so that Firefox reads the file back: the certificate's own when it is known,
 * else the dbKey of an empty issuer and serial ({@link #PLACEHOLDER_DB_KEY}), which Firefox
 * accepts (it matches overrides by fingerprint only; the dbKey only serves its certificate
 * manager's display).
 */
public final class CertOverrideFile {
  private CertOverrideFile() {}

  /** The only fingerprint algorithm Firefox accepts: SHA-256. */
  public static final String SHA256_OID = "OID.2.16.840.1.101.3.4.2.1";

  /** The dbKey of no issuer and no serial: 16 zero bytes in base64. */
  public static final String PLACEHOLDER_DB_KEY = "AAAAAAAAAAAAAAAAAAAAAA==";

  /** Firefox's header lines. */
  public static final String HEADER = "# PSM Certificate Override Settings file\n"
      + "# This is a generated file!  Do not edit.\n";

  /** A line that was not imported. */
  public record Dropped(int line, String text, String reason) {
    @Override
    public String toString() {
      return "line " + line + ": " + reason;
    }
  }

  /** What a file held: the exceptions (one per host and port) and the lines dropped. */
  public record Parsed(List<CertOverride> overrides, List<Dropped> dropped) {}

  /** Parses the text of a {@code cert_override.txt}; the exceptions get {@code created}. */
  public static Parsed parse(String text, Instant created) {
    Objects.requireNonNull(created, "created");
    Map<String, CertOverride> byKey = new LinkedHashMap<>();
    List<Dropped> dropped = new ArrayList<>();
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      try {
        CertOverride o = parseLine(line, created);
        byKey.remove(o.host() + ":" + o.port()); // keep the file order of the last one
        byKey.put(o.host() + ":" + o.port(), o);
      } catch (IllegalArgumentException e) {
        dropped.add(new Dropped(i + 1, line, e.getMessage()));
      }
    }
    return new Parsed(List.copyOf(byKey.values()), List.copyOf(dropped));
  }

  private static CertOverride parseLine(String line, Instant created) {
    int pos;
    String host;
    if (line.startsWith("[")) {
      int close = line.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("an IPv6 host without its closing ']'");
      }
      host = line.substring(1, close);
      pos = close + 1;
      if (pos >= line.length() || line.charAt(pos) != ':') {
        throw new IllegalArgumentException("no ':port' after the host");
      }
    } else {
      pos = indexOfAny(line, ":", 0);
      if (pos < 0) {
        throw new IllegalArgumentException("no ':port' after the host");
      }
      host = line.substring(0, pos);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("an empty host");
    }
    if (host.chars().anyMatch(c -> c > 0x7e || c <= 0x20)) {
      throw new IllegalArgumentException("a host that is not printable ASCII");
    }
    pos++; // ':'
    int portStart = pos;
    if (pos < line.length() && line.charAt(pos) == '-') {
      pos++;
    }
    while (pos < line.length() && Character.isDigit(line.charAt(pos))) {
      pos++;
    }
    String portText = line.substring(portStart, pos);
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("no port number after the host");
    }
    if (port == -1) {
      port = 443; // Firefox's "no port"
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range");
    }
    if (pos < line.length() && line.charAt(pos) == ':') {
      int end = indexOfAny(line, " \t", pos + 1);
      String suffix = line.substring(pos + 1, end < 0 ? line.length() : end);
      if (!suffix.isEmpty()) {
        if (!suffix.matches("\\^[A-Za-z]+=[^&=\\s]*(&[A-Za-z]+=[^&=\\s]*)*")) {
          throw new IllegalArgumentException("a malformed origin-attribute suffix '" + suffix
              + "'");
        }
        throw new IllegalArgumentException("an exception for other origin attributes ('"
            + suffix + "': private browsing or a container); pkixj keeps normal-browsing "
            + "exceptions only");
      }
      pos = end < 0 ? line.length() : end;
    }
    if (pos >= line.length() || (line.charAt(pos) != '\t' && line.charAt(pos) != ' ')) {
      throw new IllegalArgumentException("no white space after host:port");
    }
    pos++;
    String[] rest = line.substring(pos).split("[ \t]", -1);
    if (rest.length < 2) {
      throw new IllegalArgumentException("no fingerprint");
    }
    if (!rest[0].equals(SHA256_OID)) {
      throw new IllegalArgumentException("fingerprint algorithm '" + rest[0]
          + "' is not SHA-256 (" + SHA256_OID + ")");
    }
    byte[] sha256 = parseFingerprint(rest[1]);
    return new CertOverride(host.toLowerCase(Locale.ROOT), port, sha256, created);
  }

  /**
   * Parses {@code AB:CD:…} (32 uppercase hex pairs joined by colons, exactly as Firefox writes
   * and compares them).
   *
   * @throws IllegalArgumentException otherwise
   */
  public static byte[] parseFingerprint(String fp) {
    if (!fp.matches("[0-9A-F]{2}(:[0-9A-F]{2}){31}")) {
      throw new IllegalArgumentException("fingerprint '" + fp + "' is not 32 uppercase hex "
          + "pairs joined by colons");
    }
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      out[i] = (byte) Integer.parseInt(fp.substring(3 * i, 3 * i + 2), 16);
    }
    return out;
  }

  /** {@code AB:CD:…} for a SHA-256 value. */
  public static String fingerprint(byte[] sha256) {
    StringBuilder sb = new StringBuilder(95);
    for (int i = 0; i < sha256.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(String.format("%02X", sha256[i] & 0xff));
    }
    return sb.toString();
  }

  /**
   * Writes {@code overrides} in Firefox's format. {@code certificates} maps an exception to its
   * end-entity certificate when known (for the dbKey), or returns null; it may itself be null.
   */
  public static String write(Collection<CertOverride> overrides,
      Function<CertOverride, Cert> certificates) {
    StringBuilder sb = new StringBuilder(HEADER);
    for (CertOverride o : overrides) {
      Cert c = certificates == null ? null : certificates.apply(o);
      String host = o.host().indexOf(':') >= 0 ? "[" + o.host() + "]" : o.host();
      sb.append(host).append(':').append(o.port()).append(':')
          .append('\t').append(SHA256_OID)
          .append('\t').append(fingerprint(o.sha256()))
          .append('\t')
          .append('\t').append(c == null ? PLACEHOLDER_DB_KEY : dbKey(c))
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * Firefox's dbKey of a certificate ({@code nsNSSCertificate::GetDbKey}): base64 of four zero
   * bytes (module), four zero bytes (slot), the serial's length and the issuer's length (32-bit
   * big-endian), the serial number's contents and the issuer Name's DER.
   */
  public static String dbKey(Cert cert) {
    Input serial = cert.serialNumber();
    Input issuer = cert.issuer();
    ByteBuffer b = ByteBuffer.allocate(16 + serial.len() + issuer.len());
    b.putInt(0).putInt(0).putInt(serial.len()).putInt(issuer.len());
    b.put(unsafeGetData(serial), serial.off(), serial.len());
    b.put(unsafeGetData(issuer), issuer.off(), issuer.len());
    return Base64.getEncoder().encodeToString(b.array());
  }

  private static int indexOfAny(String s, String chars, int from) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
