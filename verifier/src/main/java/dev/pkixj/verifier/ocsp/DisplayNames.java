package dev.pkixj.verifier.ocsp;

import dev.pkixj.verifier.PkixException;
import dev.pkixj.verifier.der.DerReader;
import dev.pkixj.verifier.der.Input;
import java.nio.charset.StandardCharsets;

/**
 * Renders a DER Name as an RFC 4514 string for display (the responder of an OCSP response). Never
 * used for any decision; never throws: a Name it cannot read is shown as {@code #} and its hex.
 */
final class DisplayNames {
  private DisplayNames() {}

  private static final int UNIVERSAL_STRING = 0x1c;
  private static final int BMP_STRING = 0x1e;
  private static final int NUMERIC_STRING = 0x12;

  static String toRfc4514(Input name) {
    try {
      DerReader outer = name.reader();
      DerReader rdns = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      java.util.ArrayList<String> parts = new java.util.ArrayList<>();
      while (!rdns.atEnd()) {
        DerReader set = rdns.expectNested(DerReader.SET);
        StringBuilder rdn = new StringBuilder();
        while (!set.atEnd()) {
          DerReader atv = set.expectNested(DerReader.SEQUENCE);
          atv.expect(DerReader.OID);
          String type = attributeType(atv.value());
          int tag = atv.readTlv();
          Input value = atv.value();
          Input tlv = atv.tlv();
          atv.end();
          if (rdn.length() > 0) {
            rdn.append('+');
          }
          rdn.append(type).append('=');
          String text = decode(tag, value);
          if (text == null) {
            rdn.append('#').append(tlv);
          } else {
            escape(text, rdn);
          }
        }
        parts.add(rdn.toString());
      }
      StringBuilder sb = new StringBuilder();
      for (int i = parts.size() - 1; i >= 0; i--) { // RFC 4514: last RDN first
        if (sb.length() > 0) {
          sb.append(", ");
        }
        sb.append(parts.get(i));
      }
      return sb.toString();
    } catch (PkixException | RuntimeException e) {
      return "#" + name;
    }
  }

  private static String attributeType(Input oid) {
    String dotted = dotted(oid);
    switch (dotted) {
      case "2.5.4.3": return "CN";
      case "2.5.4.6": return "C";
      case "2.5.4.7": return "L";
      case "2.5.4.8": return "ST";
      case "2.5.4.9": return "STREET";
      case "2.5.4.10": return "O";
      case "2.5.4.11": return "OU";
      case "2.5.4.5": return "SERIALNUMBER";
      case "0.9.2342.19200300.100.1.25": return "DC";
      case "0.9.2342.19200300.100.1.1": return "UID";
      case "1.2.840.113549.1.9.1": return "emailAddress";
      default: return dotted;
    }
  }

  private static String dotted(Input oid) {
    StringBuilder sb = new StringBuilder();
    long value = 0;
    boolean first = true;
    for (int i = 0; i < oid.len(); i++) {
      int b = oid.at(i);
      value = (value << 7) | (b & 0x7f);
      if ((b & 0x80) != 0) {
        if (value > (Long.MAX_VALUE >> 7)) {
          throw new IllegalArgumentException("OID arc too long");
        }
        continue;
      }
      if (first) {
        long top = value < 40 ? 0 : value < 80 ? 1 : 2;
        sb.append(top).append('.').append(value - top * 40);
        first = false;
      } else {
        sb.append('.').append(value);
      }
      value = 0;
    }
    if (first) {
      throw new IllegalArgumentException("empty OID");
    }
    return sb.toString();
  }

  private static String decode(int tag, Input v) {
    byte[] b = v.toByteArray();
    switch (tag) {
      case DerReader.UTF8_STRING:
        return new String(b, StandardCharsets.UTF_8);
      case DerReader.PRINTABLE_STRING:
      case DerReader.IA5_STRING:
      case NUMERIC_STRING:
        return new String(b, StandardCharsets.US_ASCII);
      case DerReader.TELETEX_STRING:
        return new String(b, StandardCharsets.ISO_8859_1);
      case BMP_STRING:
        return new String(b, StandardCharsets.UTF_16BE);
      case UNIVERSAL_STRING:
        return b.length % 4 == 0 ? new String(b, java.nio.charset.Charset.forName("UTF-32BE")) : null;
      default:
        return null;
    }
  }

  private static void escape(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean special = c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>'
          || c == ';' || c == '=' || (c == '#' && i == 0)
          || (c == ' ' && (i == 0 || i == s.length() - 1));
      if (special) {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\%02X", (int) c));
      } else {
        out.append(c);
      }
    }
  }
}
