package dev.pkixj.pkix.names;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A tiny DER writer for the name tests, plus a builder of minimal, structurally valid
 * certificates (signatures are dummies: {@link Cert#parse} only checks structure).
 */
final class Der {
  private Der() {}

  static final int UTF8_STRING = 0x0c;
  static final int PRINTABLE_STRING = 0x13;
  static final int TELETEX_STRING = 0x14;
  static final int IA5_STRING = 0x16;

  static final byte[] ID_AT_CN = {0x55, 0x04, 0x03};
  static final byte[] ID_AT_OU = {0x55, 0x04, 0x0b};
  static final byte[] ID_EMAIL_ADDRESS =
      {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x09, 0x01};

  /** Bytes of a string whose chars are all 0–255 (so "\u00c4" is the byte 0xC4). */
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] tlv(int tag, byte[]... parts) {
    byte[] value = cat(parts);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = value.length;
    if (n < 128) {
      out.write(n);
    } else if (n < 256) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  static byte[] seq(byte[]... parts) {
    return tlv(0x30, parts);
  }

  static byte[] set(byte[]... parts) {
    return tlv(0x31, parts);
  }

  // ---- Names ----

  static byte[] ava(byte[] oid, int tag, byte[] value) {
    return seq(tlv(0x06, oid), tlv(tag, value));
  }

  static byte[] cn(String value) {
    return cn(b(value), UTF8_STRING);
  }

  static byte[] cn(byte[] value) {
    return cn(value, UTF8_STRING);
  }

  static byte[] cn(String value, int tag) {
    return cn(b(value), tag);
  }

  static byte[] cn(byte[] value, int tag) {
    return ava(ID_AT_CN, tag, value);
  }

  static byte[] ou(String value) {
    return ou(value, UTF8_STRING);
  }

  static byte[] ou(String value, int tag) {
    return ava(ID_AT_OU, tag, b(value));
  }

  static byte[] emailAddress(String value) {
    return ava(ID_EMAIL_ADDRESS, IA5_STRING, b(value));
  }

  /** One RDN (a SET) holding the given AVAs. */
  static byte[] rdn(byte[]... avas) {
    return set(avas);
  }

  /** A Name (SEQUENCE of RDNs) from the concatenated RDNs. */
  static byte[] name(byte[]... rdns) {
    return seq(rdns);
  }

  // ---- GeneralName ----

  static byte[] dnsName(String s) {
    return tlv(0x82, b(s));
  }

  static byte[] dnsName(byte[] s) {
    return tlv(0x82, s);
  }

  static byte[] rfc822Name(String s) {
    return tlv(0x81, b(s));
  }

  static byte[] uri(String s) {
    return tlv(0x86, b(s));
  }

  static byte[] ipAddress(byte[] a) {
    return tlv(0x87, a);
  }

  static byte[] ipAddress(int... a) {
    return tlv(0x87, bytes(a));
  }

  static byte[] directoryName(byte[] nameTlv) {
    return tlv(0xa4, nameTlv);
  }

  static byte[] otherName(byte[] content) {
    return tlv(0xa0, content);
  }

  static byte[] registeredId(byte[] oid) {
    return tlv(0x88, oid);
  }

  // ---- NameConstraints ----

  static byte[] generalSubtree(byte[] base) {
    return seq(base);
  }

  static byte[] permitted(byte[] subtrees) {
    return tlv(0xa0, subtrees);
  }

  static byte[] excluded(byte[] subtrees) {
    return tlv(0xa1, subtrees);
  }

  static byte[] nameConstraints(byte[]... parts) {
    return seq(parts);
  }

  // ---- Certificates ----

  private static final byte[] SHA256_WITH_RSA =
      seq(tlv(0x06, bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b)), tlv(0x05));
  private static final byte[] RSA_ENCRYPTION =
      seq(tlv(0x06, bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)), tlv(0x05));
  private static final byte[] ID_CE_SUBJECT_ALT_NAME = {0x55, 0x1d, 0x11};
  private static final byte[] ID_CE_BASIC_CONSTRAINTS = {0x55, 0x1d, 0x13};

  /** The extnValue for a SAN holding the concatenated GeneralNames {@code names}. */
  static byte[] san(byte[]... names) {
    return seq(names);
  }

  /**
   * A v3 certificate with the given subject Name TLV and, when {@code sanExtnValue} is not null,
   * a SAN extension whose extnValue is exactly those bytes; a CA gets a critical
   * basicConstraints cA=TRUE.
   */
  static byte[] certDer(byte[] subjectName, byte[] sanExtnValue, boolean ca) {
    return certDer(subjectName, sanExtnValue, ca, b("200101000000Z"), b("491231235959Z"));
  }

  static byte[] certDer(byte[] subjectName, byte[] sanExtnValue, boolean ca,
      byte[] notBeforeUtc, byte[] notAfterUtc) {
    byte[] validity = seq(tlv(0x17, notBeforeUtc), tlv(0x17, notAfterUtc));
    return certDerWithValidity(subjectName, sanExtnValue, ca, validity);
  }

  static byte[] certDerWithValidity(byte[] subjectName, byte[] sanExtnValue, boolean ca,
      byte[] validity) {
    byte[] extensions = new byte[0];
    if (sanExtnValue != null) {
      extensions = cat(extensions,
          seq(tlv(0x06, ID_CE_SUBJECT_ALT_NAME), tlv(0x04, sanExtnValue)));
    }
    if (ca) {
      extensions = cat(extensions, seq(tlv(0x06, ID_CE_BASIC_CONSTRAINTS), tlv(0x01, bytes(0xff)),
          tlv(0x04, seq(tlv(0x01, bytes(0xff))))));
    }
    byte[] tbs = seq(
        tlv(0xa0, tlv(0x02, bytes(2))),
        tlv(0x02, bytes(1)),
        SHA256_WITH_RSA,
        name(rdn(cn("issuer"))),
        validity,
        subjectName,
        seq(RSA_ENCRYPTION, tlv(0x03, bytes(0, 0x30, 0))),
        extensions.length == 0 ? new byte[0] : tlv(0xa3, seq(extensions)));
    return seq(tbs, SHA256_WITH_RSA, tlv(0x03, bytes(0, 1)));
  }

  static Cert cert(byte[] subjectName, byte[] sanExtnValue) {
    return cert(subjectName, sanExtnValue, false);
  }

  static Cert cert(byte[] subjectName, byte[] sanExtnValue, boolean ca) {
    try {
      return Cert.parse(certDer(subjectName, sanExtnValue, ca));
    } catch (PkixException e) {
      throw new AssertionError("test certificate does not parse: " + e.getMessage(), e);
    }
  }
}
