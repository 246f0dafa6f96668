package dev.pkixj.pkix.names;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Distinguished names as text (RFC 4514), for messages: the OCSP verifier names a responder with
 * it, and the verifier's error page ({@code dev.pkixj.verifier.explain.CertDisplay}) shows
 * subjects and issuers with it; and the entries of a GeneralNames value, which CertDisplay
 * formats as subjectAltNames.
 *
 * <p>Display only. Nothing here takes part in verification, and every method tolerates malformed
 * input (it returns what it could read, or a placeholder) instead of throwing.
 */
public final class NameDisplay {
  private NameDisplay() {}

  /** Shown for a name or field that cannot be decoded. */
  public static final String UNREADABLE = "(unreadable)";

  // GeneralName CHOICE numbers (RFC 5280 §4.2.1.6).
  public static final int OTHER_NAME = 0;
  public static final int RFC822_NAME = 1;
  public static final int DNS_NAME = 2;
  public static final int X400_ADDRESS = 3;
  public static final int DIRECTORY_NAME = 4;
  public static final int EDI_PARTY_NAME = 5;
  public static final int URI = 6;
  public static final int IP_ADDRESS = 7;
  public static final int REGISTERED_ID = 8;

  /**
   * One entry of a GeneralNames value: its CHOICE number ({@link #OTHER_NAME} …
   * {@link #REGISTERED_ID}) and its contents, a slice of the certificate: the string's bytes for
   * rfc822Name, dNSName and uniformResourceIdentifier, the address for iPAddress, the Name TLV for
   * directoryName, the OID's value bytes for registeredID, the OID TLV and the explicitly tagged
   * value for otherName.
   */
  public record GeneralName(int type, Input value) {}

  /**
   * Adds the entries of a GeneralNames value (tag and length included, such as {@link
   * dev.pkixj.pkix.Cert#subjectAltName()}) to {@code out}, in order. The TLVs are read with the
   * rules path building reads them with (and an entry must carry one of the nine GeneralName
   * tags, as in mozilla::pkix's name search); the contents of each entry are not checked.
   *
   * @return true when the whole value was read; false when it is malformed, {@code out} then
   *     holding the entries before the damage
   */
  public static boolean generalNames(Input generalNames, List<GeneralName> out) {
    try {
      DerReader outer = generalNames.reader();
      DerReader names = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      while (!names.atEnd()) {
        int tag = names.readTlv();
        if (!NameSearch.isGeneralNameTag(tag)) {
          return false;
        }
        out.add(new GeneralName(tag & 0x1f, names.value()));
      }
      return true;
    } catch (PkixException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Renders a Name (tag and length included) as RFC 4514 text, most specific RDN first, with
   * ", " between RDNs and "+" inside multi-valued RDNs. Known attribute types get their short
   * names (CN, O, …), others their dotted OID. An empty name is "" and a malformed one {@link
   * #UNREADABLE}.
   */
  public static String name(Input nameTlv) {
    try {
      List<String> rdns = new ArrayList<>();
      DerReader outer = nameTlv.reader();
      DerReader name = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      while (!name.atEnd()) {
        DerReader rdn = name.expectNested(DerReader.SET);
        StringBuilder sb = new StringBuilder();
        while (!rdn.atEnd()) {
          DerReader ava = rdn.expectNested(DerReader.SEQUENCE);
          ava.expect(DerReader.OID);
          String type = attributeTypeName(ava.value());
          int tag = ava.readTlv();
          String value = isStringTag(tag)
              ? escape(decodeString(tag, ava.value()))
              : "#" + ava.value(); // RFC 4514 §2.4: hex of the value's contents
          ava.end();
          if (sb.length() > 0) {
            sb.append('+');
          }
          sb.append(type).append('=').append(value);
        }
        rdns.add(sb.toString());
      }
      Collections.reverse(rdns);
      return String.join(", ", rdns);
    } catch (PkixException | RuntimeException e) {
      return UNREADABLE;
    }
  }

  private static final Object[][] SHORT_NAMES = {
      {new byte[] {0x55, 0x04, 0x03}, "CN"},
      {new byte[] {0x55, 0x04, 0x04}, "SN"},
      {new byte[] {0x55, 0x04, 0x05}, "serialNumber"},
      {new byte[] {0x55, 0x04, 0x06}, "C"},
      {new byte[] {0x55, 0x04, 0x07}, "L"},
      {new byte[] {0x55, 0x04, 0x08}, "ST"},
      {new byte[] {0x55, 0x04, 0x09}, "street"},
      {new byte[] {0x55, 0x04, 0x0a}, "O"},
      {new byte[] {0x55, 0x04, 0x0b}, "OU"},
      {new byte[] {0x55, 0x04, 0x0c}, "title"},
      {new byte[] {0x55, 0x04, 0x11}, "postalCode"},
      {new byte[] {0x55, 0x04, 0x2a}, "GN"},
      {new byte[] {0x55, 0x04, 0x61}, "organizationIdentifier"},
      {new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x09, 0x01},
          "emailAddress"},
      {new byte[] {0x09, (byte) 0x92, 0x26, (byte) 0x89, (byte) 0x93, (byte) 0xf2, 0x2c, 0x64,
          0x01, 0x19}, "DC"},
      {new byte[] {0x09, (byte) 0x92, 0x26, (byte) 0x89, (byte) 0x93, (byte) 0xf2, 0x2c, 0x64,
          0x01, 0x01}, "UID"},
  };

  private static String attributeTypeName(Input oid) {
    for (Object[] entry : SHORT_NAMES) {
      if (oid.contentEquals((byte[]) entry[0])) {
        return (String) entry[1];
      }
    }
    return dottedOid(oid);
  }

  /** The dotted form of an OID's value bytes ("1.2.840.113549"). */
  public static String dottedOid(Input oid) {
    StringBuilder sb = new StringBuilder();
    long value = 0;
    boolean first = true;
    for (int i = 0; i < oid.len(); i++) {
      int b = oid.at(i);
      value = (value << 7) | (b & 0x7f);
      if ((b & 0x80) == 0) {
        if (first) {
          int arc1 = value < 40 ? 0 : value < 80 ? 1 : 2;
          sb.append(arc1).append('.').append(value - 40L * arc1);
          first = false;
        } else {
          sb.append('.').append(value);
        }
        value = 0;
      }
    }
    return sb.toString();
  }

  /**
   * The text of the last (most specific) attribute of type {@code type} (the OID's value
   * bytes) in a Name (tag and length included), or null; what was read before any damage counts.
   */
  public static String lastAttribute(Input nameTlv, byte[] type) {
    String found = null;
    try {
      DerReader outer = nameTlv.reader();
      DerReader name = outer.expectNested(DerReader.SEQUENCE);
      while (!name.atEnd()) {
        DerReader rdn = name.expectNested(DerReader.SET);
        while (!rdn.atEnd()) {
          DerReader ava = rdn.expectNested(DerReader.SEQUENCE);
          ava.expect(DerReader.OID);
          boolean match = ava.valueEquals(type);
          int tag = ava.readTlv();
          if (match) {
            found = decodeString(tag, ava.value());
          }
        }
      }
    } catch (PkixException | RuntimeException e) {
      // Keep what was found before the damage.
    }
    return found;
  }

  // ---- String decoding ----

  /**
   * The text of an attribute value with tag {@code tag} and contents {@code value} when it is one
   * of the directory string types (UTF8String, PrintableString, IA5String, NumericString,
   * VisibleString, TeletexString, BMPString, UniversalString); null for any other type.
   */
  public static String directoryString(int tag, Input value) {
    return isStringTag(tag) ? decodeString(tag, value) : null;
  }

  private static final int BMP_STRING = 0x1e;
  private static final int UNIVERSAL_STRING = 0x1c;
  private static final int NUMERIC_STRING = 0x12;
  private static final int VISIBLE_STRING = 0x1a;

  private static boolean isStringTag(int tag) {
    switch (tag) {
      case DerReader.UTF8_STRING:
      case DerReader.PRINTABLE_STRING:
      case DerReader.IA5_STRING:
      case NUMERIC_STRING:
      case VISIBLE_STRING:
      case DerReader.TELETEX_STRING:
      case BMP_STRING:
      case UNIVERSAL_STRING:
        return true;
      default:
        return false;
    }
  }

  private static String decodeString(int tag, Input v) {
    byte[] bytes = v.toByteArray();
    switch (tag) {
      case DerReader.UTF8_STRING:
        return new String(bytes, StandardCharsets.UTF_8);
      case DerReader.PRINTABLE_STRING:
      case DerReader.IA5_STRING:
      case NUMERIC_STRING:
      case VISIBLE_STRING:
      case DerReader.TELETEX_STRING: // T.61; Latin-1 is what every decoder in practice assumes
        return new String(bytes, StandardCharsets.ISO_8859_1);
      case BMP_STRING:
        return new String(bytes, StandardCharsets.UTF_16BE);
      case UNIVERSAL_STRING:
        return utf32(bytes);
      default:
        return "#" + v;
    }
  }

  private static String utf32(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i + 3 < bytes.length; i += 4) {
      int cp = ((bytes[i] & 0xff) << 24) | ((bytes[i + 1] & 0xff) << 16)
          | ((bytes[i + 2] & 0xff) << 8) | (bytes[i + 3] & 0xff);
      sb.appendCodePoint(Character.isValidCodePoint(cp) ? cp : 0xfffd);
    }
    return sb.toString();
  }

  /** RFC 4514 §2.4 escaping, plus hex escapes for control characters. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean edge = (i == 0 && (c == ' ' || c == '#')) || (i == s.length() - 1 && c == ' ');
      if (edge || ",+\"\\<>;=".indexOf(c) >= 0) {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append('\\').append(String.format("%02X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
