package dev.pkixj.testdata;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * Minimal DER encoder used to hand-build certificates, OCSP responses and raw extension values.
 *
 * <p>Nothing is validated: content bytes are emitted exactly as given, so callers can produce
 * deliberately malformed encodings. Only single-byte tags (tag number &lt; 31) are supported.
 */
public final class Der {
    private Der() {}

    /** Universal tag bytes. */
    public static final int BOOLEAN = 0x01, INTEGER = 0x02, BIT_STRING = 0x03, OCTET_STRING = 0x04,
            NULL = 0x05, OID = 0x06, ENUMERATED = 0x0A, UTF8_STRING = 0x0C, PRINTABLE_STRING = 0x13,
            IA5_STRING = 0x16, UTC_TIME = 0x17, GENERALIZED_TIME = 0x18, SEQUENCE = 0x30, SET = 0x31;

    /** Encodes tag, definite minimal length, and the concatenated contents. */
    public static byte[] tlv(int tag, byte[]... contents) {
        byte[] body = concat(contents);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 6);
        out.write(tag & 0xFF);
        writeLength(out, body.length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int len) {
        if (len < 0x80) {
            out.write(len);
        } else {
            int n = (32 - Integer.numberOfLeadingZeros(len) + 7) / 8;
            out.write(0x80 | n);
            for (int i = n - 1; i >= 0; i--) {
                out.write(len >>> (8 * i));
            }
        }
    }

    /** SEQUENCE of the given already-encoded elements. */
    public static byte[] seq(byte[]... items) {
        return tlv(SEQUENCE, items);
    }

    /** SET of the given already-encoded elements (no DER sorting is applied). */
    public static byte[] set(byte[]... items) {
        return tlv(SET, items);
    }

    /** INTEGER with minimal two's-complement encoding. */
    public static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    /** INTEGER with minimal two's-complement encoding. */
    public static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    /** INTEGER whose content octets are exactly {@code content} (may be empty or non-minimal). */
    public static byte[] integerRaw(byte[] content) {
        return tlv(INTEGER, content);
    }

    /** ENUMERATED with minimal encoding. */
    public static byte[] enumerated(int value) {
        return tlv(ENUMERATED, BigInteger.valueOf(value).toByteArray());
    }

    /** BOOLEAN encoded as 0xFF (true) or 0x00 (false). */
    public static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {value ? (byte) 0xFF : 0});
    }

    /** NULL (05 00). */
    public static byte[] nul() {
        return new byte[] {NULL, 0};
    }

    /** OBJECT IDENTIFIER from dotted-decimal form. */
    public static byte[] oid(String dotted) {
        try {
            return new ASN1ObjectIdentifier(dotted).getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** OCTET STRING. */
    public static byte[] octetString(byte[] content) {
        return tlv(OCTET_STRING, content);
    }

    /** BIT STRING with zero unused bits. */
    public static byte[] bitString(byte[] bytes) {
        return bitString(0, bytes);
    }

    /** BIT STRING with the given unused-bits count; padding bits in {@code bytes} are not cleared. */
    public static byte[] bitString(int unusedBits, byte[] bytes) {
        return tlv(BIT_STRING, new byte[] {(byte) unusedBits}, bytes);
    }

    /** UTF8String of the string's UTF-8 bytes. */
    public static byte[] utf8(String s) {
        return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    /** IA5String of the string's UTF-8 bytes (not checked to be ASCII). */
    public static byte[] ia5(String s) {
        return tlv(IA5_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    /** PrintableString of the string's UTF-8 bytes (not checked). */
    public static byte[] printable(String s) {
        return tlv(PRINTABLE_STRING, s.getBytes(StandardCharsets.UTF_8));
    }

    private static final DateTimeFormatter UTC_FMT =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GEN_FMT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    /** UTCTime YYMMDDHHMMSSZ (sub-second part dropped; years outside 1950..2049 wrap silently). */
    public static byte[] utcTime(Instant t) {
        return utcTime(UTC_FMT.format(t));
    }

    /** UTCTime with exactly the given text, e.g. {@code "260601000000Z"} or a malformed one. */
    public static byte[] utcTime(String text) {
        return tlv(UTC_TIME, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** GeneralizedTime YYYYMMDDHHMMSSZ (sub-second part dropped). */
    public static byte[] generalizedTime(Instant t) {
        return generalizedTime(GEN_FMT.format(t));
    }

    /** GeneralizedTime with exactly the given text, e.g. {@code "20260601000000.5Z"}. */
    public static byte[] generalizedTime(String text) {
        return tlv(GENERALIZED_TIME, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 5280 Time: UTCTime for years 1950..2049, GeneralizedTime otherwise. */
    public static byte[] time(Instant t) {
        int year = t.atZone(ZoneOffset.UTC).getYear();
        return (year >= 1950 && year < 2050) ? utcTime(t) : generalizedTime(t);
    }

    /** Context-specific constructed tag {@code [n]} wrapping the contents (EXPLICIT tagging). */
    public static byte[] explicit(int tagNumber, byte[]... contents) {
        return tlv(0xA0 | tagNumber, contents);
    }

    /** Context-specific tag {@code [n]} with the given contents (IMPLICIT tagging, built from content). */
    public static byte[] implicit(int tagNumber, boolean constructed, byte[] content) {
        return tlv((constructed ? 0xA0 : 0x80) | tagNumber, content);
    }

    /** Replaces the tag of an encoded element by context-specific {@code [n]}, keeping the constructed bit. */
    public static byte[] retag(int tagNumber, byte[] tlv) {
        byte[] out = tlv.clone();
        out[0] = (byte) ((tlv[0] & 0x20) | 0x80 | tagNumber);
        return out;
    }

    /** Returns the content octets of a single DER element (tag and length stripped). */
    public static byte[] contents(byte[] tlv) {
        int len = tlv[1] & 0xFF;
        int off = 2;
        if (len >= 0x80) {
            int n = len & 0x7F;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (tlv[2 + i] & 0xFF);
            }
            off = 2 + n;
        }
        byte[] out = new byte[len];
        System.arraycopy(tlv, off, out, 0, len);
        return out;
    }

    /** Concatenates byte arrays; {@code null} entries are skipped. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p == null ? 0 : p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            if (p != null) {
                System.arraycopy(p, 0, out, off, p.length);
                off += p.length;
            }
        }
        return out;
    }

    private static final Map<String, String> EXTRA_KEYWORDS = new HashMap<>();

    static {
        EXTRA_KEYWORDS.put("SERIALNUMBER", "2.5.4.5");
        EXTRA_KEYWORDS.put("SN", "2.5.4.4");
        EXTRA_KEYWORDS.put("GIVENNAME", "2.5.4.42");
        EXTRA_KEYWORDS.put("TITLE", "2.5.4.12");
        EXTRA_KEYWORDS.put("EMAILADDRESS", "1.2.840.113549.1.9.1");
        EXTRA_KEYWORDS.put("E", "1.2.840.113549.1.9.1");
        EXTRA_KEYWORDS.put("JURISDICTIONC", "1.3.6.1.4.1.311.60.2.1.3");
        EXTRA_KEYWORDS.put("BUSINESSCATEGORY", "2.5.4.15");
        EXTRA_KEYWORDS.put("ORGANIZATIONIDENTIFIER", "2.5.4.97");
    }

    /**
     * Encodes an X.501 Name from an RFC 4514 string (e.g. {@code "CN=Test,O=Org,C=US"}; the last RDN
     * in the string is the first in the DER). A string without '=' is taken as a bare CN value. The
     * empty string gives an empty Name (30 00). Uses the JDK's {@link X500Principal} encoder, plus the
     * keywords SERIALNUMBER, SN, GIVENNAME, TITLE, EMAILADDRESS/E, BUSINESSCATEGORY,
     * ORGANIZATIONIDENTIFIER and JURISDICTIONC.
     */
    public static byte[] name(String rfc4514) {
        if (rfc4514.isEmpty()) {
            return seq();
        }
        String dn = rfc4514.indexOf('=') < 0 ? "CN=" + escapeRdnValue(rfc4514) : rfc4514;
        return new X500Principal(dn, EXTRA_KEYWORDS).getEncoded();
    }

    static String escapeRdnValue(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (",+\"\\<>;=".indexOf(c) >= 0 || (i == 0 && (c == '#' || c == ' '))
                    || (i == v.length() - 1 && c == ' ')) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Parses hex, ignoring whitespace and ':' separators. */
    public static byte[] hex(String hex) {
        String h = hex.replaceAll("[\\s:]", "");
        if (h.length() % 2 != 0) {
            throw new IllegalArgumentException("odd hex length");
        }
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** Lower-case hex without separators. */
    public static String toHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
