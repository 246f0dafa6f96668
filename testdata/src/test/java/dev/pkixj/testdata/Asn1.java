package dev.pkixj.testdata;

import java.security.Provider;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Test helpers. */
final class Asn1 {
    private Asn1() {}

    static final Provider BC = new BouncyCastleProvider();

    static int count(byte[] haystack, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        return count(haystack, needle) > 0;
    }

    /** The child elements (full TLVs) of a constructed DER element. */
    static java.util.List<byte[]> children(byte[] tlv) {
        byte[] content = Der.contents(tlv);
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        int pos = 0;
        while (pos < content.length) {
            int len = content[pos + 1] & 0xFF;
            int hdr = 2;
            if (len >= 0x80) {
                int n = len & 0x7F;
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (content[pos + 2 + i] & 0xFF);
                }
                hdr += n;
            }
            out.add(java.util.Arrays.copyOfRange(content, pos, pos + hdr + len));
            pos += hdr + len;
        }
        return out;
    }

    /** The TBSCertificate TLV, extracted without validating it. */
    static byte[] tbs(TestCert c) {
        return children(c.der()).get(0);
    }

    static Certificate bc(TestCert c) {
        return Certificate.getInstance(c.der());
    }

    static Extension ext(TestCert c, String oid) {
        Extensions exts = bc(c).getTBSCertificate().getExtensions();
        return exts == null ? null : exts.getExtension(new ASN1ObjectIdentifier(oid));
    }

    static byte[] extValue(TestCert c, String oid) {
        Extension e = ext(c, oid);
        return e == null ? null : e.getExtnValue().getOctets();
    }
}
