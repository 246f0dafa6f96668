package dev.pkixj.verifier.explain;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.HostnameMatcher;
import dev.pkixj.pkix.names.NameDisplay;
import dev.pkixj.pkix.names.NameDisplay.GeneralName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Human-readable views of a {@link Cert} for error pages and command-line output: distinguished
 * names as text, validity dates, the dNSName entries of the subjectAltName, and the whole
 * subjectAltName as {@code pkixj check} lists it.
 *
 * <p>Display only. Nothing here takes part in verification, and every method tolerates malformed
 * input (it returns what it could read, or a placeholder) instead of throwing: a certificate that
 * the verifier rejected as malformed must still be shown.
 */
public final class CertDisplay {
  private CertDisplay() {}

  /** Shown for a name or field that cannot be decoded. */
  public static final String UNREADABLE = NameDisplay.UNREADABLE;

  /** The subject as an RFC 4514 string, most specific RDN first ("CN=a, O=b, C=ZZ"). */
  public static String subject(Cert cert) {
    return name(cert.subject());
  }

  /** The issuer as an RFC 4514 string, most specific RDN first. */
  public static String issuer(Cert cert) {
    return name(cert.issuer());
  }

  /**
   * Renders a Name (tag and length included) as RFC 4514 text, most specific RDN first: {@link
   * NameDisplay#name}.
   */
  public static String name(Input nameTlv) {
    return NameDisplay.name(nameTlv);
  }

  /** The issuer's last (most specific) commonName, or null. */
  public static String issuerCommonName(Cert cert) {
    return lastAttribute(cert.issuer(), OID_CN);
  }

  /** The issuer's last organizationName, or null. */
  public static String issuerOrganization(Cert cert) {
    return lastAttribute(cert.issuer(), OID_O);
  }

  /** The subject's last (most specific) commonName, or null. */
  public static String subjectCommonName(Cert cert) {
    return lastAttribute(cert.subject(), OID_CN);
  }

  /** notBefore, or null if the validity cannot be parsed. */
  public static Instant notBefore(Cert cert) {
    return validityTime(cert, 0);
  }

  /** notAfter, or null if the validity cannot be parsed. */
  public static Instant notAfter(Cert cert) {
    return validityTime(cert, 1);
  }

  /**
   * The dNSName entries of the subjectAltName, in order, as Firefox lists them on the error page
   * ("only valid for …"): {@link HostnameMatcher#dnsNamesForErrorPage}, with empty names left
   * out (the page skips them).
   */
  static List<String> dnsNames(Cert cert) {
    List<String> names = new ArrayList<>();
    for (String n : HostnameMatcher.dnsNamesForErrorPage(cert)) {
      if (!n.isEmpty()) {
        names.add(n);
      }
    }
    return names;
  }

  /** The last entry of {@link #subjectAltNames} when the extension is malformed. */
  public static final String UNREADABLE_SUBJECT_ALT_NAME = "(unreadable subjectAltName)";

  /**
   * Labels of the GeneralName types, by CHOICE number: Firefox's certificate viewer's names
   * (toolkit/components/certviewer), except that dNSName and iPAddress keep the short "DNS" and
   * "IP" that {@code pkixj check} has always printed.
   */
  private static final String[] GENERAL_NAME_LABELS = {"Other Name", "RFC 822 Name", "DNS",
      "X.400 Address", "Directory Name", "EDI Party Name", "URI", "IP", "Registered ID"};

  /**
   * Every entry of the subjectAltName, in order, as "TYPE:VALUE": {@code DNS:www.example.com},
   * {@code IP:192.0.2.1}, {@code IP:2001:db8:0:0:0:0:0:1} (eight groups, as the JDK writes them),
   * and for the other types the name Firefox's certificate viewer gives them: {@code RFC 822
   * Name:}, {@code URI:}, {@code Directory Name:} (the name as {@link #name}), {@code Registered
   * ID:} (the OID), {@code Other Name:} (its type OID, then {@code =text} when the value is a
   * string), {@code X.400 Address:} and {@code EDI Party Name:} (their size only). Bytes outside
   * printable ASCII in a string are shown as {@code \xNN}. Empty when there is no
   * subjectAltName; a malformed one gives the entries before the damage, then {@link
   * #UNREADABLE_SUBJECT_ALT_NAME}.
   */
  public static List<String> subjectAltNames(Cert cert) {
    List<String> out = new ArrayList<>();
    Input san = cert.subjectAltName();
    if (san == null) {
      return out;
    }
    List<GeneralName> names = new ArrayList<>();
    boolean complete = NameDisplay.generalNames(san, names);
    for (GeneralName n : names) {
      out.add(generalName(n));
    }
    if (!complete) {
      out.add(UNREADABLE_SUBJECT_ALT_NAME);
    }
    return out;
  }

  /** One GeneralName as "TYPE:VALUE" ({@link #subjectAltNames}). */
  public static String generalName(GeneralName n) {
    return GENERAL_NAME_LABELS[n.type()] + ":" + generalNameValue(n.type(), n.value());
  }

  private static String generalNameValue(int type, Input v) {
    switch (type) {
      case NameDisplay.RFC822_NAME:
      case NameDisplay.DNS_NAME:
      case NameDisplay.URI:
        return ascii(v);
      case NameDisplay.IP_ADDRESS:
        return ipAddress(v);
      case NameDisplay.DIRECTORY_NAME:
        return name(v);
      case NameDisplay.REGISTERED_ID:
        return dottedOid(v);
      case NameDisplay.OTHER_NAME:
        return otherName(v);
      default:
        return "(" + v.len() + " bytes)";
    }
  }

  /** IA5String contents: printable ASCII as it is, every other byte as \xNN. */
  private static String ascii(Input v) {
    StringBuilder sb = new StringBuilder(v.len());
    for (int i = 0; i < v.len(); i++) {
      int b = v.at(i) & 0xff;
      if (b >= 0x20 && b < 0x7f) {
        sb.append((char) b);
      } else {
        sb.append(String.format("\\x%02x", b));
      }
    }
    return sb.toString();
  }

  /** Decoded text with control and invisible formatting characters escaped. */
  private static String printable(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        sb.append(String.format("\\x%02x", (int) c));
      } else if (Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * An iPAddress: four bytes in dotted decimal, sixteen as eight groups of hex digits without
   * leading zeros and without "::" (as the JDK and so {@code pkixj check} always wrote them);
   * any other length is not an address.
   */
  private static String ipAddress(Input v) {
    StringBuilder sb = new StringBuilder();
    if (v.len() == 4) {
      for (int i = 0; i < 4; i++) {
        sb.append(i == 0 ? "" : ".").append(v.at(i) & 0xff);
      }
    } else if (v.len() == 16) {
      for (int i = 0; i < 16; i += 2) {
        int group = ((v.at(i) & 0xff) << 8) | (v.at(i + 1) & 0xff);
        sb.append(i == 0 ? "" : ":").append(Integer.toHexString(group));
      }
    } else {
      sb.append("(unknown IP address, ").append(v.len()).append(" bytes)");
    }
    return sb.toString();
  }

  /** otherName: SEQUENCE { type-id OID, [0] EXPLICIT value }, contents given. */
  private static String otherName(Input v) {
    try {
      DerReader r = v.reader();
      r.expect(DerReader.OID);
      String type = dottedOid(r.value());
      DerReader explicit = r.expectNested(DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED);
      r.end();
      int tag = explicit.readTlv();
      explicit.end();
      String text = directoryString(tag, explicit.value());
      return text == null ? type : type + "=" + printable(text);
    } catch (PkixException | RuntimeException e) {
      return UNREADABLE;
    }
  }

  private static Instant validityTime(Cert cert, int which) {
    try {
      DerReader validity = cert.validity().reader();
      long notBefore = validity.readTime();
      if (which == 0) {
        return Instant.ofEpochSecond(notBefore);
      }
      return Instant.ofEpochSecond(validity.readTime());
    } catch (PkixException | RuntimeException e) {
      return null;
    }
  }

  private static final byte[] OID_CN = {0x55, 0x04, 0x03};
  private static final byte[] OID_O = {0x55, 0x04, 0x0a};

  private static String lastAttribute(Input nameTlv, byte[] type) {
    return NameDisplay.lastAttribute(nameTlv, type);
  }

  /** The dotted form of an OID's value bytes ("1.2.840.113549"). */
  static String dottedOid(Input oid) {
    return NameDisplay.dottedOid(oid);
  }

  /**
   * The text of a directory string attribute value, or null for any other type: {@link
   * NameDisplay#directoryString}.
   */
  public static String directoryString(int tag, Input value) {
    return NameDisplay.directoryString(tag, value);
  }
}
