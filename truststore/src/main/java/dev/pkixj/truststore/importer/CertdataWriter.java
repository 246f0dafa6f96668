package dev.pkixj.truststore.importer;

import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Objects;

/**
 * Writes trust entries as a minimal NSS {@code certdata.txt} that {@link CertdataImporter} reads
 * back to the same entries (same DER, trust, label, and distrust-after to the second; the source
 * becomes {@link Source#CERTDATA}). Each entry is a {@code CKO_CERTIFICATE} followed by its {@code
 * CKO_NSS_TRUST} in the layout of Mozilla's file (octal 16 bytes a line), but not byte for byte:
 * the comment headers are shorter and only the attributes NSS needs are written.
 *
 * <p>Trust: ANCHOR → {@code CKT_NSS_TRUSTED_DELEGATOR}, INHERIT → {@code CKT_NSS_MUST_VERIFY_TRUST},
 * DISTRUSTED → {@code CKT_NSS_NOT_TRUSTED} (server auth; email and code signing are always {@code
 * CKT_NSS_MUST_VERIFY_TRUST}). {@code CKA_NSS_MOZILLA_CA_POLICY} is true only for entries whose
 * source is CERTDATA. A distrust-after is written as a UTCTime for 1950–2049 and a GeneralizedTime
 * otherwise, truncated to the second.
 */
public final class CertdataWriter {
  private CertdataWriter() {}

  /**
   * The certdata.txt text for {@code entries}, in order.
   *
   * @throws IllegalArgumentException if an entry's DER is not a certificate {@link Cert#parse}
   *     accepts (importers never produce one)
   */
  public static String toText(Collection<TrustEntry> entries) {
    Objects.requireNonNull(entries, "entries");
    StringBuilder sb = new StringBuilder();
    sb.append("#\n# certdata.txt written by pkixj: ").append(entries.size())
        .append(entries.size() == 1 ? " certificate" : " certificates")
        .append(" with their server-authentication trust.\n")
        .append("# Format: NSS lib/ckfw/builtins/certdata.txt.\n#\n")
        .append("BEGINDATA\n")
        .append("CKA_CLASS CK_OBJECT_CLASS CKO_NSS_BUILTIN_ROOT_LIST\n")
        .append("CKA_TOKEN CK_BBOOL CK_TRUE\n")
        .append("CKA_PRIVATE CK_BBOOL CK_FALSE\n")
        .append("CKA_MODIFIABLE CK_BBOOL CK_FALSE\n")
        .append("CKA_LABEL UTF8 \"pkixj exported roots\"\n");
    for (TrustEntry e : entries) {
      Objects.requireNonNull(e, "entry");
      append(sb, e);
    }
    return sb.toString();
  }

  /** Writes {@link #toText(Collection)} to {@code file} as UTF-8 (replacing it). */
  public static void write(Collection<TrustEntry> entries, Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Files.writeString(file, toText(entries), StandardCharsets.UTF_8);
  }

  private static void append(StringBuilder sb, TrustEntry e) {
    Cert cert;
    try {
      cert = Cert.parse(e.der());
    } catch (PkixException ex) {
      throw new IllegalArgumentException("entry \"" + e.label() + "\" is not a certificate ("
          + ex.result().name() + ")", ex);
    }
    byte[] issuer = cert.issuer().toByteArray();
    byte[] subject = cert.subject().toByteArray();
    byte[] serialContents = cert.serialNumber().toByteArray();
    byte[] serial = new byte[serialContents.length + lengthHeader(serialContents.length)];
    serial[0] = 0x02;
    writeLength(serial, serialContents.length);
    System.arraycopy(serialContents, 0, serial, serial.length - serialContents.length,
        serialContents.length);
    String label = quote(e.label());
    String comment = e.label().replaceAll("\\p{Cntrl}", "?");

    sb.append("\n#\n# Certificate \"").append(comment).append("\"\n#\n");
    sb.append("CKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE\n")
        .append("CKA_TOKEN CK_BBOOL CK_TRUE\n")
        .append("CKA_PRIVATE CK_BBOOL CK_FALSE\n")
        .append("CKA_MODIFIABLE CK_BBOOL CK_FALSE\n")
        .append("CKA_LABEL UTF8 ").append(label).append('\n')
        .append("CKA_CERTIFICATE_TYPE CK_CERTIFICATE_TYPE CKC_X_509\n");
    octal(sb, "CKA_SUBJECT", subject);
    sb.append("CKA_ID UTF8 \"0\"\n");
    octal(sb, "CKA_ISSUER", issuer);
    octal(sb, "CKA_SERIAL_NUMBER", serial);
    octal(sb, "CKA_VALUE", e.der());
    sb.append("CKA_NSS_MOZILLA_CA_POLICY CK_BBOOL ")
        .append(e.source() == Source.CERTDATA ? "CK_TRUE" : "CK_FALSE").append('\n');
    if (e.distrustAfter() == null) {
      sb.append("CKA_NSS_SERVER_DISTRUST_AFTER CK_BBOOL CK_FALSE\n");
    } else {
      sb.append("# For Server Distrust After: ").append(e.distrustAfter()).append('\n');
      octal(sb, "CKA_NSS_SERVER_DISTRUST_AFTER", time(e.distrustAfter()));
    }
    sb.append("CKA_NSS_EMAIL_DISTRUST_AFTER CK_BBOOL CK_FALSE\n");

    sb.append("\n# Trust for \"").append(comment).append("\"\n");
    sb.append("CKA_CLASS CK_OBJECT_CLASS CKO_NSS_TRUST\n")
        .append("CKA_TOKEN CK_BBOOL CK_TRUE\n")
        .append("CKA_PRIVATE CK_BBOOL CK_FALSE\n")
        .append("CKA_MODIFIABLE CK_BBOOL CK_FALSE\n")
        .append("CKA_LABEL UTF8 ").append(label).append('\n');
    octal(sb, "CKA_CERT_SHA1_HASH", Asn1.digest("SHA-1", e.der()));
    octal(sb, "CKA_CERT_MD5_HASH", Asn1.digest("MD5", e.der()));
    octal(sb, "CKA_ISSUER", issuer);
    octal(sb, "CKA_SERIAL_NUMBER", serial);
    sb.append("CKA_TRUST_SERVER_AUTH CK_TRUST ").append(ckt(e.trust())).append('\n')
        .append("CKA_TRUST_EMAIL_PROTECTION CK_TRUST CKT_NSS_MUST_VERIFY_TRUST\n")
        .append("CKA_TRUST_CODE_SIGNING CK_TRUST CKT_NSS_MUST_VERIFY_TRUST\n")
        .append("CKA_TRUST_STEP_UP_APPROVED CK_BBOOL CK_FALSE\n");
  }

  private static String ckt(Trust t) {
    switch (t) {
      case ANCHOR:
        return "CKT_NSS_TRUSTED_DELEGATOR";
      case DISTRUSTED:
        return "CKT_NSS_NOT_TRUSTED";
      default:
        return "CKT_NSS_MUST_VERIFY_TRUST";
    }
  }

  /** UTCTime (1950–2049) or GeneralizedTime, to the second, as ASCII bytes. */
  static byte[] time(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    int y = z.getYear();
    if (y < 0 || y > 9999) {
      throw new IllegalArgumentException("distrust-after out of range: " + t);
    }
    String rest = String.format("%02d%02d%02d%02d%02dZ", z.getMonthValue(), z.getDayOfMonth(),
        z.getHour(), z.getMinute(), z.getSecond());
    String s = y >= 1950 && y <= 2049 ? String.format("%02d", y % 100) + rest
        : String.format("%04d", y) + rest;
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void octal(StringBuilder sb, String attr, byte[] value) {
    sb.append(attr).append(" MULTILINE_OCTAL\n");
    for (int i = 0; i < value.length; i++) {
      int b = value[i] & 0xff;
      sb.append('\\').append((char) ('0' + (b >> 6))).append((char) ('0' + ((b >> 3) & 7)))
          .append((char) ('0' + (b & 7)));
      if (i % 16 == 15 || i == value.length - 1) {
        sb.append('\n');
      }
    }
    sb.append("END\n");
  }

  /** A UTF8 value in quotes, escaping quote, backslash and control characters. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20 || ch == 0x7f) {
        sb.append(String.format("\\%03o", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }

  private static int lengthHeader(int len) {
    return len < 0x80 ? 2 : len < 0x100 ? 3 : len < 0x10000 ? 4 : 5;
  }

  private static void writeLength(byte[] tlv, int len) {
    if (len < 0x80) {
      tlv[1] = (byte) len;
      return;
    }
    int n = lengthHeader(len) - 2;
    tlv[1] = (byte) (0x80 | n);
    for (int i = 0; i < n; i++) {
      tlv[2 + i] = (byte) (len >>> (8 * (n - 1 - i)));
    }
  }
}
