package dev.pkixj.testdata;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * An independent reading of RFC 6962 for the tests: SCT list and SCT decoding, the signed input,
 * precertificate TBS reconstruction with BouncyCastle's ASN.1 classes, and signature checks.
 */
final class Ct {
    private Ct() {}

    static final String SCT_OID = "1.3.6.1.4.1.11129.2.4.2";

    record ParsedSct(int version, byte[] logId, long timestamp, byte[] extensions, int hashAlg, int sigAlg,
            byte[] signature) {}

    /** The items of a TLS SignedCertificateTimestampList; fails on any length mismatch. */
    static List<byte[]> items(byte[] list) {
        ByteBuffer b = ByteBuffer.wrap(list);
        int total = b.getShort() & 0xffff;
        if (total != list.length - 2) {
            throw new IllegalArgumentException("list length " + total + " for " + (list.length - 2) + " bytes");
        }
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] item = new byte[b.getShort() & 0xffff];
            b.get(item);
            out.add(item);
        }
        return out;
    }

    static ParsedSct parse(byte[] sct) {
        ByteBuffer b = ByteBuffer.wrap(sct);
        int version = b.get() & 0xff;
        byte[] id = new byte[32];
        b.get(id);
        long ts = b.getLong();
        byte[] ext = new byte[b.getShort() & 0xffff];
        b.get(ext);
        int hash = b.get() & 0xff;
        int sig = b.get() & 0xff;
        byte[] signature = new byte[b.getShort() & 0xffff];
        b.get(signature);
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " bytes after the signature");
        }
        return new ParsedSct(version, id, ts, ext, hash, sig, signature);
    }

    /** RFC 6962 section 3.2 digitally-signed input; issuerKeyHash null for an X.509 entry. */
    static byte[] signedData(long ts, byte[] issuerKeyHash, byte[] entry, byte[] ext) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeByte(0);
        d.writeByte(0);
        d.writeLong(ts);
        d.writeShort(issuerKeyHash == null ? 0 : 1);
        if (issuerKeyHash != null) {
            d.write(issuerKeyHash);
        }
        d.writeByte(entry.length >>> 16);
        d.writeShort(entry.length & 0xffff);
        d.write(entry);
        d.writeShort(ext.length);
        d.write(ext);
        return bytes.toByteArray();
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    /** Verifies an SCT signature with the log's SPKI (EC: SHA256withECDSA, RSA: SHA256withRSA), via BouncyCastle. */
    static boolean verify(byte[] logSpki, byte[] signedData, byte[] signature) throws Exception {
        boolean ec = SubjectPublicKeyInfo.getInstance(logSpki).getAlgorithm().getAlgorithm()
                .equals(X9ObjectIdentifiers.id_ecPublicKey);
        PublicKey key = KeyFactory.getInstance(ec ? "EC" : "RSA", Asn1.BC).generatePublic(new X509EncodedKeySpec(logSpki));
        Signature s = Signature.getInstance(ec ? "SHA256withECDSA" : "SHA256withRSA", Asn1.BC);
        s.initVerify(key);
        s.update(signedData);
        try {
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    /** The TLS list inside a certificate's SCT extension (extnValue = OCTET STRING of the list), or null. */
    static byte[] embeddedList(byte[] certDer) {
        Extensions exts = Certificate.getInstance(certDer).getTBSCertificate().getExtensions();
        Extension e = exts == null ? null : exts.getExtension(new org.bouncycastle.asn1.ASN1ObjectIdentifier(SCT_OID));
        return e == null ? null : ASN1OctetString.getInstance(e.getExtnValue().getOctets()).getOctets();
    }

    /**
     * The precertificate TBS Firefox reconstructs: the certificate's TBSCertificate with only the
     * SCT-list extension removed, re-encoded in DER (the [3] field dropped when nothing is left).
     */
    static byte[] precertTbs(byte[] certDer) throws IOException {
        ASN1Sequence tbs = ASN1Sequence.getInstance(Certificate.getInstance(certDer).getTBSCertificate()
                .toASN1Primitive());
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (int i = 0; i < tbs.size(); i++) {
            if (tbs.getObjectAt(i) instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
                Extensions exts = Extensions.getInstance(t.getExplicitBaseObject());
                List<Extension> kept = new ArrayList<>();
                for (var oid : exts.getExtensionOIDs()) {
                    if (!oid.getId().equals(SCT_OID)) {
                        kept.add(exts.getExtension(oid));
                    }
                }
                if (!kept.isEmpty()) {
                    v.add(new DERTaggedObject(true, 3, new Extensions(kept.toArray(new Extension[0]))));
                }
            } else {
                v.add(tbs.getObjectAt(i));
            }
        }
        return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
