package dev.pkixj.truststore.importer;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Small DER helpers shared by the importers (names for labels, TLV lengths, digests). */
final class Asn1 {
  private Asn1() {}

  /** id-at-commonName, 2.5.4.3. */
  private static final byte[] OID_CN = {0x55, 0x04, 0x03};

  /**
   * The total length (header + value) of the DER TLV starting at {@code off}, or -1 when the
   * bytes there are not a complete definite-length TLV with a low tag number.
   */
  static int tlvLength(byte[] b, int off) {
    if (off < 0 || off + 2 > b.length || (b[off] & 0x1f) == 0x1f) {
      return -1;
    }
    int l1 = b[off + 1] & 0xff;
    int header = 2;
    long len;
    if (l1 < 0x80) {
      len = l1;
    } else {
      int n = l1 & 0x7f;
      if (n == 0 || n > 4 || off + 2 + n > b.length) {
        return -1; // indefinite length, or too long to be a certificate
      }
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[off + 2 + i] & 0xff);
      }
      header += n;
    }
    long total = header + len;
    return off + total <= b.length ? (int) total : -1;
  }

  /**
   * The value (contents) of {@code tlv} when it is exactly one DER TLV with the given tag, else
   * null.
   */
  static byte[] contentsOf(byte[] tlv, int tag) {
    int total = tlvLength(tlv, 0);
    if (total != tlv.length || (tlv[0] & 0xff) != tag) {
      return null;
    }
    int l1 = tlv[1] & 0xff;
    int header = l1 < 0x80 ? 2 : 2 + (l1 & 0x7f);
    return java.util.Arrays.copyOfRange(tlv, header, total);
  }

  /**
   * The subject's common name (the last CN attribute, as tools show the most specific one), or
   * null when the subject has none or it cannot be decoded.
   */
  static String commonName(Cert cert) {
    try {
      DerReader rdns = cert.subject().reader().expectNested(DerReader.SEQUENCE);
      String cn = null;
      while (!rdns.atEnd()) {
        DerReader set = rdns.expectNested(DerReader.SET);
        while (!set.atEnd()) {
          DerReader atv = set.expectNested(DerReader.SEQUENCE);
          atv.expect(DerReader.OID);
          boolean isCn = atv.valueEquals(OID_CN);
          int tag = atv.readTlv();
          if (isCn) {
            String s = decodeString(tag, atv.value());
            if (s != null && !s.isBlank()) {
              cn = s.strip();
            }
          }
        }
      }
      return cn;
    } catch (PkixException | RuntimeException e) {
      return null;
    }
  }

  /** A directory string's text, or null for a string type this does not decode. */
  private static String decodeString(int tag, Input v) {
    Charset cs;
    switch (tag) {
      case 0x0c: // UTF8String
        cs = StandardCharsets.UTF_8;
        break;
      case 0x13: // PrintableString
      case 0x16: // IA5String
      case 0x1a: // VisibleString
        cs = StandardCharsets.US_ASCII;
        break;
      case 0x14: // TeletexString: in practice Latin-1
        cs = StandardCharsets.ISO_8859_1;
        break;
      case 0x1e: // BMPString
        cs = StandardCharsets.UTF_16BE;
        break;
      case 0x1c: // UniversalString
        cs = Charset.forName("UTF-32BE");
        break;
      default:
        return null;
    }
    return new String(unsafeGetData(v), v.off(), v.len(), cs);
  }

  /** The digest of {@code data} ("SHA-1", "MD5", "SHA-256": every JDK has them). */
  static byte[] digest(String alg, byte[] data) {
    try {
      return MessageDigest.getInstance(alg).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " is missing from this JDK", e);
    }
  }
}
