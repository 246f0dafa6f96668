package dev.pkixj.verifier.explain;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.HostnameMatcher;
import dev.pkixj.pkix.names.NameDisplay;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Human-readable views of a {@link Cert} for error pages and command-line output: distinguished
 * names as text, validity dates, and the dNSName entries of the subjectAltName.
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
