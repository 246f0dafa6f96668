package dev.pkixj.testdata;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Encodes SignedCertificateTimestampLists (RFC 6962 section 3.3): the TLS structure
 * {@code u16 total length || (u16 length || SCT)*}, and the X.509 / OCSP extensions that carry it.
 *
 * <p>In both the certificate extension (1.3.6.1.4.1.11129.2.4.2) and the OCSP SingleResponse
 * extension (1.3.6.1.4.1.11129.2.4.5) the extnValue OCTET STRING contains the DER encoding of a
 * second OCTET STRING whose contents are the TLS list: {@link #extensionValue} returns that inner
 * OCTET STRING, ready for {@link CertBuilder#extension} (which adds the extnValue wrapper).
 */
public final class SctListEncoder {
    private SctListEncoder() {}

    /** The TLS SignedCertificateTimestampList of these serialized SCTs (none: {@code 00 00}). */
    public static byte[] list(byte[]... scts) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        for (byte[] sct : scts) {
            TestCtLog.writeLen(items, sct.length, 2);
            items.writeBytes(sct);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() + 2);
        TestCtLog.writeLen(out, items.size(), 2);
        out.writeBytes(items.toByteArray());
        return out.toByteArray();
    }

    /** {@link #list(byte[]...)} of a list. */
    public static byte[] list(List<byte[]> scts) {
        return list(scts.toArray(new byte[0][]));
    }

    /** The inner OCTET STRING holding a TLS list: the extnValue contents of either SCT extension. */
    public static byte[] extensionValue(byte[] tlsList) {
        return Der.octetString(tlsList);
    }

    /** The complete non-critical certificate Extension TLV (OID 1.3.6.1.4.1.11129.2.4.2) for a TLS list. */
    public static byte[] certificateExtension(byte[] tlsList) {
        return Der.seq(Der.oid(Oids.SCT_LIST), Der.octetString(extensionValue(tlsList)));
    }

    /** The complete non-critical OCSP single Extension TLV (OID 1.3.6.1.4.1.11129.2.4.5) for a TLS list. */
    public static byte[] ocspExtension(byte[] tlsList) {
        return Der.seq(Der.oid(Oids.SCT_LIST_OCSP), Der.octetString(extensionValue(tlsList)));
    }
}
