package dev.pkixj.verifier.policy;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.NameDisplay;
import dev.pkixj.verifier.explain.CertDisplay;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A distinguished name compared the way a person means it, for the MITM canary: a name written as
 * text (RFC 4514, or the RFC 1485-style string NSS's {@code CERT_DerNameToAscii} prints and
 * Firefox stores in {@code security.pki.mitm_canary_issuer}) against a DER Name from a
 * certificate.
 *
 * <p>Firefox compares two NSS strings for exact equality, which works because both come from
 * NSS. A canary typed by a person or produced by another tool needs a normalisation; this one is:
 * <ul>
 *   <li><b>RDN order matters</b> and is read most specific first, as both RFC 4514 and NSS print
 *       it (the reverse of the DER order). {@code ","} and {@code ";"} separate RDNs,
 *       {@code "+"} separates the attributes of a multi-valued RDN, whose order does not
 *       matter.</li>
 *   <li><b>Attribute types</b> are compared as OIDs: keywords are case-insensitive and mapped to
 *       their OIDs (CN, L, ST, O, OU, C, STREET, DC, UID, SN, GN/givenName, title,
 *       serialNumber, postalCode, …; NSS's {@code E} and RFC 4514's {@code emailAddress} are both
 *       1.2.840.113549.1.9.1); a dotted OID may be written bare or with NSS's {@code OID.}
 *       prefix.</li>
 *   <li><b>Values</b>: escapes ({@code \,}, {@code \2C}) and NSS's double quotes are removed;
 *       a {@code #hex} value is decoded as the DER it encodes (a string type gives its text, any
 *       other type compares by its bytes); then the text is Unicode NFKC-normalised, leading and
 *       trailing white space is removed, inner runs of white space become one space, and case is
 *       ignored (locale-independent lower case), as X.520 caseIgnoreMatch does. A DER value of a
 *       non-string type compares by its encoding only.</li>
 *   <li>Spaces around separators and around {@code "="} are ignored (RFC 1485).</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class DistinguishedName {

  /** One attribute of an RDN. {@code match} is the normalised value (see the class comment). */
  private record Ava(String oid, String display, String match) {}

  /** RDNs, most specific first; each RDN's attributes sorted by (oid, match) for comparison. */
  private final List<List<Ava>> rdns;

  private DistinguishedName(List<List<Ava>> rdns) {
    this.rdns = rdns;
  }

  // ---- Text form ----

  /**
   * Parses a name written as text: RFC 4514 ({@code CN=Acme Root, O=Acme\, Inc., C=US}) or the
   * NSS form ({@code CN=Acme Root,O="Acme, Inc.",C=US}, {@code E=a@b}, {@code OID.2.5.4.3=x}).
   * The empty string is the empty name.
   *
   * @throws IllegalArgumentException if the text is not a name, with the reason
   */
  public static DistinguishedName parse(String text) {
    Objects.requireNonNull(text, "text");
    return new TextParser(text).parse();
  }

  /**
   * The name encoded by {@code nameTlv} (a Name, tag and length included).
   *
   * @throws IllegalArgumentException if it is not a well-formed Name (a SEQUENCE of SETs of
   *     SEQUENCEs of an OID and one value), which is when NSS's {@code CERT_DerNameToAscii}
   *     fails too
   */
  public static DistinguishedName fromDer(Input nameTlv) {
    try {
      List<List<Ava>> rdns = new ArrayList<>();
      DerReader outer = nameTlv.reader();
      DerReader name = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      while (!name.atEnd()) {
        DerReader rdn = name.expectNested(DerReader.SET);
        List<Ava> avas = new ArrayList<>();
        while (!rdn.atEnd()) {
          DerReader ava = rdn.expectNested(DerReader.SEQUENCE);
          ava.expect(DerReader.OID);
          String oid = dottedOid(ava.value());
          ava.readTlv();
          Input valueTlv = ava.tlv();
          ava.end();
          avas.add(ava(oid, valueTlv));
        }
        rdns.add(sorted(avas));
      }
      Collections.reverse(rdns);
      return new DistinguishedName(List.copyOf(rdns));
    } catch (PkixException | RuntimeException e) {
      throw new IllegalArgumentException("not a well-formed Name: " + e.getMessage(), e);
    }
  }

  /** As {@link #fromDer(Input)} for a whole byte array. */
  public static DistinguishedName fromDer(byte[] nameDer) {
    return fromDer(Input.of(nameDer));
  }

  // ---- Comparison ----

  /** True if both names are equal under the normalisation of the class comment. */
  public boolean matches(DistinguishedName other) {
    if (other == null || other.rdns.size() != rdns.size()) {
      return false;
    }
    for (int i = 0; i < rdns.size(); i++) {
      List<Ava> a = rdns.get(i);
      List<Ava> b = other.rdns.get(i);
      if (a.size() != b.size()) {
        return false;
      }
      for (int j = 0; j < a.size(); j++) {
        if (!a.get(j).oid.equals(b.get(j).oid) || !a.get(j).match.equals(b.get(j).match)) {
          return false;
        }
      }
    }
    return true;
  }

  public boolean isEmpty() {
    return rdns.isEmpty();
  }

  /** The most specific commonName, or null. */
  public String commonName() {
    return first(OID_CN);
  }

  /** The most specific organizationName, or null. */
  public String organization() {
    return first(OID_O);
  }

  private String first(String oid) {
    for (List<Ava> rdn : rdns) {
      for (Ava a : rdn) {
        if (a.oid.equals(oid)) {
          return a.display;
        }
      }
    }
    return null;
  }

  /**
   * The name in NSS's style ({@code CERT_DerNameToAscii}): most specific RDN first, {@code ","}
   * between RDNs, {@code "+"} inside one, NSS keywords (CN, O, OU, E, …, else {@code OID.n.n}),
   * and values that need it in double quotes. Parsing this string gives an equal name.
   */
  public String toNssString() {
    StringBuilder sb = new StringBuilder();
    for (List<Ava> rdn : rdns) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      for (int i = 0; i < rdn.size(); i++) {
        if (i > 0) {
          sb.append('+');
        }
        Ava a = rdn.get(i);
        sb.append(nssKeyword(a.oid)).append('=').append(nssQuote(a.display));
      }
    }
    return sb.toString();
  }

  /**
   * The name as RFC 4514 text, most specific RDN first, {@code ", "} between RDNs. Parsing this
   * string gives an equal name.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (List<Ava> rdn : rdns) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      for (int i = 0; i < rdn.size(); i++) {
        if (i > 0) {
          sb.append('+');
        }
        Ava a = rdn.get(i);
        String kw = KEYWORD_BY_OID.get(a.oid);
        sb.append(kw == null ? a.oid : kw).append('=').append(rfc4514Escape(a.display));
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DistinguishedName d && matches(d);
  }

  @Override
  public int hashCode() {
    int h = rdns.size();
    for (List<Ava> rdn : rdns) {
      for (Ava a : rdn) {
        h = 31 * h + a.oid.hashCode();
        h = 31 * h + a.match.hashCode();
      }
    }
    return h;
  }

  // ---- Attribute values ----

  /** An attribute from its type and its value TLV (DER). */
  private static Ava ava(String oid, Input valueTlv) throws PkixException {
    DerReader r = valueTlv.reader();
    int tag = r.readTlv();
    String text = CertDisplay.directoryString(tag, r.value());
    if (text == null) {
      String hex = "#" + hex(valueTlv.toByteArray());
      return new Ava(oid, hex, hex);
    }
    return new Ava(oid, text, normalise(text));
  }

  /** NFKC, trimmed, inner white space collapsed, lower case (locale-independent). */
  static String normalise(String value) {
    String n = Normalizer.normalize(value, Normalizer.Form.NFKC);
    StringBuilder sb = new StringBuilder(n.length());
    boolean space = false;
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = sb.length() > 0;
        continue;
      }
      if (space) {
        sb.append(' ');
        space = false;
      }
      sb.append(c);
    }
    return sb.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  private static List<Ava> sorted(List<Ava> avas) {
    List<Ava> out = new ArrayList<>(avas);
    out.sort((a, b) -> {
      int c = a.oid.compareTo(b.oid);
      return c != 0 ? c : a.match.compareTo(b.match);
    });
    return List.copyOf(out);
  }

  // ---- Attribute types ----

  private static final String OID_CN = "2.5.4.3";
  private static final String OID_O = "2.5.4.10";
  private static final String OID_EMAIL = "1.2.840.113549.1.9.1";

  /** Keyword (upper case) → OID, for parsing. */
  private static final Map<String, String> OID_BY_KEYWORD = new HashMap<>();
  /** OID → RFC 4514 / common keyword, for {@link #toString()}. */
  private static final Map<String, String> KEYWORD_BY_OID = new HashMap<>();
  /** OID → NSS keyword, for {@link #toNssString()}. */
  private static final Map<String, String> NSS_KEYWORD_BY_OID = new HashMap<>();

  private static void type(String oid, String keyword, String nssKeyword, String... aliases) {
    KEYWORD_BY_OID.put(oid, keyword);
    NSS_KEYWORD_BY_OID.put(oid, nssKeyword);
    OID_BY_KEYWORD.put(keyword.toUpperCase(Locale.ROOT), oid);
    OID_BY_KEYWORD.put(nssKeyword.toUpperCase(Locale.ROOT), oid);
    for (String a : aliases) {
      OID_BY_KEYWORD.put(a.toUpperCase(Locale.ROOT), oid);
    }
  }

  static {
    type(OID_CN, "CN", "CN", "commonName");
    type("2.5.4.4", "SN", "SN", "surname");
    type("2.5.4.5", "serialNumber", "serialNumber");
    type("2.5.4.6", "C", "C", "countryName");
    type("2.5.4.7", "L", "L", "localityName");
    type("2.5.4.8", "ST", "ST", "stateOrProvinceName", "S");
    type("2.5.4.9", "STREET", "street", "streetAddress");
    type(OID_O, "O", "O", "organizationName");
    type("2.5.4.11", "OU", "OU", "organizationalUnitName");
    type("2.5.4.12", "title", "title", "T");
    type("2.5.4.17", "postalCode", "postalCode");
    type("2.5.4.41", "name", "name");
    type("2.5.4.42", "givenName", "givenName", "GN", "G");
    type("2.5.4.43", "initials", "initials");
    type("2.5.4.44", "generationQualifier", "generationQualifier");
    type("2.5.4.46", "dnQualifier", "dnQualifier");
    type("2.5.4.65", "pseudonym", "pseudonym");
    type("2.5.4.97", "organizationIdentifier", "organizationIdentifier");
    type(OID_EMAIL, "emailAddress", "E", "EMAIL");
    type("0.9.2342.19200300.100.1.25", "DC", "DC", "domainComponent");
    type("0.9.2342.19200300.100.1.1", "UID", "UID", "userId");
  }

  private static String nssKeyword(String oid) {
    String k = NSS_KEYWORD_BY_OID.get(oid);
    return k == null ? "OID." + oid : k;
  }

  /** The OID of a type written as a keyword, a dotted OID, or {@code OID.}dotted. */
  private static String oidOf(String type) {
    String t = type.trim();
    if (t.regionMatches(true, 0, "OID.", 0, 4)) {
      t = t.substring(4);
    }
    if (t.matches("[0-9]+(\\.[0-9]+)+")) {
      for (String arc : t.split("\\.")) {
        if (arc.length() > 1 && arc.charAt(0) == '0') {
          throw new IllegalArgumentException("OID arc with a leading zero: " + type);
        }
      }
      return t;
    }
    String oid = OID_BY_KEYWORD.get(t.toUpperCase(Locale.ROOT));
    if (oid == null) {
      throw new IllegalArgumentException("unknown attribute type '" + type
          + "' (use a dotted OID such as 2.5.4.3)");
    }
    return oid;
  }

  /**
   * The dotted form of an OID's contents. Empty contents, or a last byte that continues (bit 8
   * set), are an error, as in NSS's {@code CERT_GetOidString}.
   */
  private static String dottedOid(Input oid) {
    if (oid.len() == 0 || (oid.at(oid.len() - 1) & 0x80) != 0) {
      throw new IllegalArgumentException("malformed OID");
    }
    StringBuilder sb = new StringBuilder();
    java.math.BigInteger value = java.math.BigInteger.ZERO;
    boolean first = true;
    for (int i = 0; i < oid.len(); i++) {
      int b = oid.at(i);
      value = value.shiftLeft(7).or(java.math.BigInteger.valueOf(b & 0x7f));
      if ((b & 0x80) == 0) {
        if (first) {
          java.math.BigInteger forty = java.math.BigInteger.valueOf(40);
          int arc1 = value.compareTo(forty) < 0 ? 0
              : value.compareTo(java.math.BigInteger.valueOf(80)) < 0 ? 1 : 2;
          sb.append(arc1).append('.').append(value.subtract(forty.multiply(
              java.math.BigInteger.valueOf(arc1))));
          first = false;
        } else {
          sb.append('.').append(value);
        }
        value = java.math.BigInteger.ZERO;
      }
    }
    return sb.toString();
  }

  // ---- Rendering helpers ----

  private static String rfc4514Escape(String s) {
    if (s.startsWith("#") && s.length() > 1 && s.substring(1).matches("[0-9a-f]+")) {
      return s; // a hex-encoded value stays as is
    }
    return NameDisplay.escape(s);
  }

  /** NSS quotes a value that holds a special character or starts/ends with a space. */
  private static String nssQuote(String s) {
    if (s.startsWith("#") && s.length() > 1 && s.substring(1).matches("[0-9a-f]+")) {
      return s;
    }
    boolean needs = s.isEmpty() || s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' '
        || s.charAt(0) == '#';
    for (int i = 0; i < s.length() && !needs; i++) {
      needs = ",+=\"<>;\\\n\r".indexOf(s.charAt(i)) >= 0;
    }
    if (!needs) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.toString();
  }

  // ---- Text parser ----

  private static final class TextParser {
    private final String s;
    private int pos;

    TextParser(String s) {
      this.s = s;
    }

    DistinguishedName parse() {
      List<List<Ava>> rdns = new ArrayList<>();
      skipSpaces();
      if (pos == s.length()) {
        return new DistinguishedName(List.of());
      }
      List<Ava> rdn = new ArrayList<>();
      while (true) {
        rdn.add(attribute());
        skipSpaces();
        if (pos == s.length()) {
          rdns.add(sorted(rdn));
          break;
        }
        char sep = s.charAt(pos++);
        if (sep == '+') {
          continue;
        }
        if (sep != ',' && sep != ';') {
          throw error("expected ',', ';' or '+'");
        }
        rdns.add(sorted(rdn));
        rdn = new ArrayList<>();
        skipSpaces();
        if (pos == s.length()) {
          throw error("a separator at the end");
        }
      }
      return new DistinguishedName(List.copyOf(rdns));
    }

    private Ava attribute() {
      skipSpaces();
      int eq = s.indexOf('=', pos);
      if (eq < 0) {
        throw error("expected TYPE=VALUE");
      }
      String type = s.substring(pos, eq).trim();
      if (type.isEmpty()) {
        throw error("an attribute without a type");
      }
      String oid = oidOf(type);
      pos = eq + 1;
      skipSpaces();
      if (pos < s.length() && s.charAt(pos) == '#') {
        return hexValue(oid);
      }
      String text = pos < s.length() && s.charAt(pos) == '"' ? quoted() : unquoted();
      return new Ava(oid, text, normalise(text));
    }

    private Ava hexValue(String oid) {
      int start = ++pos;
      while (pos < s.length() && Character.digit(s.charAt(pos), 16) >= 0) {
        pos++;
      }
      String h = s.substring(start, pos);
      if (h.isEmpty() || h.length() % 2 != 0) {
        throw error("a #hex value needs an even number of hex digits");
      }
      byte[] der = new byte[h.length() / 2];
      for (int i = 0; i < der.length; i++) {
        der[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
      }
      try {
        DerReader r = Input.of(der).reader();
        r.readTlv();
        if (!r.atEnd()) {
          throw error("a #hex value must be exactly one DER value");
        }
        return ava(oid, Input.of(der));
      } catch (PkixException e) {
        throw error("a #hex value that is not DER");
      }
    }

    private String quoted() {
      pos++; // opening quote
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        if (pos >= s.length()) {
          throw error("an unterminated quoted value");
        }
        char c = s.charAt(pos);
        if (c == '"') {
          pos++;
          break;
        }
        if (c == '\\') {
          escape(out);
        } else {
          appendChar(out, c);
          pos++;
        }
      }
      return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private String unquoted() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int lastSignificant = 0; // bytes written up to the last non-space or escaped character
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ',' || c == ';' || c == '+') {
          break;
        }
        if (c == '"') {
          throw error("a '\"' inside an unquoted value must be escaped");
        }
        if (c == '\\') {
          escape(out);
          lastSignificant = out.size();
        } else {
          appendChar(out, c);
          pos++;
          if (c != ' ') {
            lastSignificant = out.size();
          }
        }
      }
      byte[] bytes = out.toByteArray();
      return new String(bytes, 0, lastSignificant, StandardCharsets.UTF_8);
    }

    /** {@code \X} (a special character) or {@code \HH} (one byte of UTF-8). */
    private void escape(ByteArrayOutputStream out) {
      pos++; // the backslash
      if (pos >= s.length()) {
        throw error("a backslash at the end");
      }
      char c = s.charAt(pos);
      if (pos + 1 < s.length() && Character.digit(c, 16) >= 0
          && Character.digit(s.charAt(pos + 1), 16) >= 0) {
        out.write(Integer.parseInt(s.substring(pos, pos + 2), 16));
        pos += 2;
        return;
      }
      appendChar(out, c);
      pos++;
    }

    private void appendChar(ByteArrayOutputStream out, char c) {
      if (Character.isHighSurrogate(c) && pos + 1 < s.length()) {
        byte[] b = s.substring(pos, pos + 2).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        pos++; // the caller advances past the low surrogate
        return;
      }
      byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(b, 0, b.length);
    }

    private void skipSpaces() {
      while (pos < s.length() && s.charAt(pos) == ' ') {
        pos++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at position " + pos + " of '" + s + "'");
    }
  }
}
