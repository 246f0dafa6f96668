package dev.pkixj.testdata;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * A deterministic test Certificate Transparency log: a name, an operator and a key (P-256 by
 * default, RSA-2048 as an option) that issues RFC 6962 v1 SignedCertificateTimestamps.
 *
 * <p>The log id is SHA-256 of the key's SubjectPublicKeyInfo DER. An SCT is encoded as RFC 6962
 * section 3.2 lays it out: {@code version u8 (0 = v1) || log_id [32] || timestamp u64 (ms) ||
 * extensions (u16 length) || hash algorithm u8 (4 = SHA-256) || signature algorithm u8 (3 = ECDSA,
 * 1 = RSA) || signature (u16 length)}, the signature being over the {@code digitally-signed} input
 * {@code 0x00 (v1) || 0x00 (certificate_timestamp) || timestamp u64 || entry type u16 || entry ||
 * extensions (u16 length)}, where the entry is the u24-length leaf DER (x509_entry, type 0) or the
 * 32-byte SHA-256 of the issuer's SPKI followed by the u24-length precertificate TBSCertificate
 * (precert_entry, type 1). ECDSA signatures are DER {@code Ecdsa-Sig-Value}s with RFC 6979
 * deterministic nonces and RSA ones PKCS #1 v1.5 with SHA-256, so the same inputs always give the
 * same bytes.
 *
 * <pre>{@code
 * TestCtLog log = TestCtLog.p256("Test Log 2026", "Test Operator A");
 * byte[] sct = log.x509Sct(leaf.der(), ts);
 * byte[] bad = log.sct(ts).corruptSignature().forX509(leaf.der());
 * }</pre>
 * Instances are immutable and thread-safe.
 */
public final class TestCtLog {
    /** RFC 6962 HashAlgorithm sha256. */
    public static final int HASH_SHA256 = 4;
    /** RFC 6962 SignatureAlgorithm rsa. */
    public static final int SIG_RSA = 1;
    /** RFC 6962 SignatureAlgorithm ecdsa. */
    public static final int SIG_ECDSA = 3;
    /** LogEntryType x509_entry. */
    public static final int ENTRY_X509 = 0;
    /** LogEntryType precert_entry. */
    public static final int ENTRY_PRECERT = 1;
    /** The static-ct-api SCT extension type leaf_index (5-byte big-endian value). */
    public static final int EXTENSION_LEAF_INDEX = 0;

    private static final ECDomainParameters P256;

    static {
        X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
        P256 = new ECNamedDomainParameters(X9ObjectIdentifiers.prime256v1, x9);
    }

    private final String name;
    private final String operator;
    private final KeyPair key;
    private final byte[] spki;
    private final byte[] logId;
    private final int sigAlg;
    private final ECPrivateKeyParameters ecKey; // null for RSA logs

    private TestCtLog(String name, String operator, KeyPair key) {
        this.name = Objects.requireNonNull(name, "name");
        this.operator = Objects.requireNonNull(operator, "operator");
        this.key = key;
        this.spki = key.getPublic().getEncoded();
        this.logId = Crypto.digest("SHA-256", spki);
        if (key.getPublic() instanceof ECPublicKey) {
            int bits = ((ECPublicKey) key.getPublic()).getParams().getCurve().getField().getFieldSize();
            if (bits != 256) {
                throw new IllegalArgumentException("a CT log's EC key must be P-256");
            }
            this.sigAlg = SIG_ECDSA;
            this.ecKey = new ECPrivateKeyParameters(((ECPrivateKey) key.getPrivate()).getS(), P256);
        } else if (key.getPublic() instanceof RSAPublicKey) {
            this.sigAlg = SIG_RSA;
            this.ecKey = null;
        } else {
            throw new IllegalArgumentException("a CT log's key must be P-256 or RSA, not "
                    + key.getPublic().getAlgorithm());
        }
    }

    /** A log with a P-256 key derived from its operator and name ({@link TestKeys}). */
    public static TestCtLog p256(String name, String operator) {
        return new TestCtLog(name, operator, TestKeys.ec(TestKeys.Curve.P256, keyLabel(name, operator)));
    }

    /** A log with an RSA-2048 key derived from its operator and name (slow the first time; cached on disk). */
    public static TestCtLog rsa2048(String name, String operator) {
        return new TestCtLog(name, operator, TestKeys.rsa(2048, keyLabel(name, operator)));
    }

    /** A log with this key (P-256 or RSA). */
    public static TestCtLog of(String name, String operator, KeyPair key) {
        return new TestCtLog(name, operator, key);
    }

    private static String keyLabel(String name, String operator) {
        return "TestCtLog/" + operator + "/" + name;
    }

    /** The log's name (the log list's description). */
    public String name() {
        return name;
    }

    /** The operator's name. */
    public String operator() {
        return operator;
    }

    /** The log's key pair. */
    public KeyPair keyPair() {
        return key;
    }

    /** The key's SubjectPublicKeyInfo DER (a copy). */
    public byte[] spkiDer() {
        return spki.clone();
    }

    /** SHA-256 of {@link #spkiDer()} (a copy). */
    public byte[] logId() {
        return logId.clone();
    }

    /** The SCT signature algorithm byte this log uses: {@link #SIG_ECDSA} or {@link #SIG_RSA}. */
    public int signatureAlgorithm() {
        return sigAlg;
    }

    /** A URL for the log list, derived from the name ({@code https://ct.example/<name>/}). */
    public String url() {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return "https://ct.example/" + slug + "/";
    }

    /** A well-formed v1 SCT for an X.509 entry (the full leaf certificate DER). */
    public byte[] x509Sct(byte[] leafDer, long timestampMillis) {
        return sct(timestampMillis).forX509(leafDer);
    }

    /** A well-formed v1 SCT for a precert entry (the issuer's SPKI DER and the precert TBSCertificate). */
    public byte[] precertSct(byte[] issuerSpkiDer, byte[] precertTbs, long timestampMillis) {
        return sct(timestampMillis).forPrecert(issuerSpkiDer, precertTbs);
    }

    /** An SCT with options (extensions, wrong algorithm bytes, bad signature); finish with forX509/forPrecert. */
    public SctRequest sct(long timestampMillis) {
        return new SctRequest(this, timestampMillis);
    }

    /** The static-ct-api leaf_index extension: type 0, length 5, the index as 5 big-endian bytes. */
    public static byte[] leafIndexExtension(long index) {
        if (index < 0 || index >= (1L << 40)) {
            throw new IllegalArgumentException("leaf index out of the 40-bit range: " + index);
        }
        return new byte[] {EXTENSION_LEAF_INDEX, 0, 5, (byte) (index >>> 32), (byte) (index >>> 24),
            (byte) (index >>> 16), (byte) (index >>> 8), (byte) index};
    }

    /** The RFC 6962 {@code digitally-signed} input for an X.509 entry. */
    public static byte[] x509SignedData(long timestampMillis, byte[] leafDer, byte[] extensions) {
        return signedData(timestampMillis, ENTRY_X509, null, leafDer, extensions);
    }

    /** The RFC 6962 {@code digitally-signed} input for a precert entry (issuer key hash = SHA-256 of its SPKI). */
    public static byte[] precertSignedData(long timestampMillis, byte[] issuerSpkiDer, byte[] precertTbs,
            byte[] extensions) {
        return signedData(timestampMillis, ENTRY_PRECERT, Crypto.digest("SHA-256", issuerSpkiDer), precertTbs,
                extensions);
    }

    private static byte[] signedData(long ts, int entryType, byte[] issuerKeyHash, byte[] body, byte[] ext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + ext.length + 64);
        out.write(0); // v1
        out.write(0); // certificate_timestamp
        writeU64(out, ts);
        out.write(entryType >>> 8);
        out.write(entryType);
        if (issuerKeyHash != null) {
            out.writeBytes(issuerKeyHash);
        }
        writeLen(out, body.length, 3);
        out.writeBytes(body);
        writeLen(out, ext.length, 2);
        out.writeBytes(ext);
        return out.toByteArray();
    }

    private static void writeU64(ByteArrayOutputStream out, long v) {
        for (int i = 7; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    static void writeLen(ByteArrayOutputStream out, int len, int bytes) {
        if (len < 0 || (bytes < 4 && len >= 1 << (8 * bytes))) {
            throw new IllegalArgumentException("length " + len + " does not fit in " + bytes + " bytes");
        }
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(len >>> (8 * i));
        }
    }

    byte[] sign(byte[] data) {
        if (ecKey != null) {
            ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            s.init(true, ecKey);
            BigInteger[] rs = s.generateSignature(Crypto.digest("SHA-256", data));
            return Der.seq(Der.integer(rs[0]), Der.integer(rs[1]));
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the RSA key of log " + name, e);
        }
    }

    /** The operator name, log name and the first 8 bytes of the log id in hex. */
    @Override
    public String toString() {
        return "TestCtLog[" + operator + " / " + name + ", id " + Der.toHex(logId).substring(0, 16) + "]";
    }

    /**
     * One SCT to issue, with its options. Defaults: version 0, this log's id, no extensions, hash
     * algorithm 4, this log's signature algorithm, a valid signature. The wrong-byte options only
     * change what is encoded: the signature is still computed as a correct one over the signed input.
     */
    public static final class SctRequest {
        private final TestCtLog log;
        private final long timestamp;
        private int version = 0;
        private byte[] logIdOverride;
        private byte[] extensions = new byte[0];
        private int hashAlg = HASH_SHA256;
        private int sigAlg;
        private boolean corruptSignature;
        private long signedTimestampDelta;

        SctRequest(TestCtLog log, long timestamp) {
            this.log = log;
            this.timestamp = timestamp;
            this.sigAlg = log.sigAlg;
        }

        /** The log that signs. */
        public TestCtLog log() {
            return log;
        }

        /** The SCT's timestamp in milliseconds since the epoch. */
        public long timestampMillis() {
            return timestamp;
        }

        /** The SCT version byte (0 = v1; anything else is undecodable for Firefox). */
        public SctRequest version(int v) {
            this.version = v;
            return this;
        }

        /** Encodes this log id instead of the log's own (32 bytes, or any length for malformed SCTs). */
        public SctRequest logId(byte[] id) {
            this.logIdOverride = id.clone();
            return this;
        }

        /** The raw CtExtensions bytes (signed and encoded), e.g. {@link TestCtLog#leafIndexExtension}. */
        public SctRequest extensions(byte[] ext) {
            this.extensions = ext.clone();
            return this;
        }

        /** Shorthand for {@code extensions(leafIndexExtension(index))}. */
        public SctRequest leafIndex(long index) {
            return extensions(leafIndexExtension(index));
        }

        /** Encodes this HashAlgorithm byte instead of 4 (SHA-256). */
        public SctRequest hashAlgorithm(int alg) {
            this.hashAlg = alg;
            return this;
        }

        /** Encodes this SignatureAlgorithm byte instead of the log's. */
        public SctRequest signatureAlgorithm(int alg) {
            this.sigAlg = alg;
            return this;
        }

        /** Flips the low bit of the signature's last byte (still well-formed, no longer valid). */
        public SctRequest corruptSignature() {
            this.corruptSignature = true;
            return this;
        }

        /** Signs a timestamp {@code delta} ms away from the encoded one (the signature then fails). */
        public SctRequest signedTimestampDelta(long delta) {
            this.signedTimestampDelta = delta;
            return this;
        }

        /** The SCT for an X.509 entry: the full leaf certificate DER. */
        public byte[] forX509(byte[] leafDer) {
            return encode(x509SignedData(timestamp + signedTimestampDelta, leafDer, extensions));
        }

        /** The SCT for a precert entry: the issuer's SPKI DER and the precert TBSCertificate DER. */
        public byte[] forPrecert(byte[] issuerSpkiDer, byte[] precertTbs) {
            return encode(precertSignedData(timestamp + signedTimestampDelta, issuerSpkiDer, precertTbs,
                    extensions));
        }

        private byte[] encode(byte[] signedData) {
            byte[] sig = log.sign(signedData);
            if (corruptSignature) {
                sig[sig.length - 1] ^= 0x01;
            }
            byte[] id = logIdOverride != null ? logIdOverride : log.logId;
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 + extensions.length + sig.length);
            out.write(version);
            out.writeBytes(id);
            writeU64(out, timestamp);
            writeLen(out, extensions.length, 2);
            out.writeBytes(extensions);
            out.write(hashAlg);
            out.write(sigAlg);
            writeLen(out, sig.length, 2);
            out.writeBytes(sig);
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return "SctRequest[" + log.name + " @" + timestamp + "]";
        }
    }
}
