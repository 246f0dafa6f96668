package dev.pkixj.testdata;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A built certificate: its DER plus the key pair and metadata used to build it. Immutable; byte
 * arrays returned are copies.
 */
public final class TestCert {
    private final byte[] der;
    private final KeyPair keyPair;
    private final TestCert issuer;
    private final byte[] subjectDer;
    private final byte[] issuerDer;
    private final byte[] spkiDer;
    private final byte[] subjectKeyId;
    private final BigInteger serial;
    private final Instant notBefore;
    private final Instant notAfter;
    private final CertBuilder recipe;
    private volatile X509Certificate x509;

    TestCert(byte[] der, KeyPair keyPair, TestCert issuer, byte[] subjectDer, byte[] issuerDer, byte[] spkiDer,
            byte[] subjectKeyId, BigInteger serial, Instant notBefore, Instant notAfter, CertBuilder recipe) {
        this.der = der;
        this.keyPair = keyPair;
        this.issuer = issuer;
        this.subjectDer = subjectDer;
        this.issuerDer = issuerDer;
        this.spkiDer = spkiDer;
        this.subjectKeyId = subjectKeyId;
        this.serial = serial;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.recipe = recipe;
    }

    /** The encoded Certificate. */
    public byte[] der() {
        return der.clone();
    }

    /** PEM "CERTIFICATE" block. */
    public String pem() {
        return Pem.encode("CERTIFICATE", der);
    }

    /** The certified key pair (whose private key signs certificates issued by this one). */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** Shorthand for {@code keyPair().getPrivate()}. */
    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** Shorthand for {@code keyPair().getPublic()}. */
    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    /** The encoded subject Name as placed in the certificate. */
    public byte[] subjectDer() {
        return subjectDer.clone();
    }

    /** The encoded issuer Name as placed in the certificate. */
    public byte[] issuerDer() {
        return issuerDer.clone();
    }

    /** The encoded subjectPublicKeyInfo as placed in the certificate. */
    public byte[] spkiDer() {
        return spkiDer.clone();
    }

    /** The subject key identifier (the SKI extension value when set, else SHA-1 of the key bits). */
    public byte[] subjectKeyId() {
        return subjectKeyId.clone();
    }

    /** Serial number, or {@code null} when it was given as raw bytes. */
    public BigInteger serial() {
        return serial;
    }

    /** notBefore, or {@code null} when it was given as raw bytes. */
    public Instant notBefore() {
        return notBefore;
    }

    /** notAfter, or {@code null} when it was given as raw bytes. */
    public Instant notAfter() {
        return notAfter;
    }

    /** The certificate that issued this one, or {@code null} when self-signed. */
    public TestCert issuer() {
        return issuer;
    }

    /** This certificate followed by its issuers (via {@link #issuer()}) up to the self-signed one. */
    public List<TestCert> chain() {
        List<TestCert> out = new ArrayList<>();
        for (TestCert c = this; c != null && out.size() < 32; c = c.issuer) {
            out.add(c);
        }
        return out;
    }

    /** Parsed by the JDK's CertificateFactory; throws {@link IllegalStateException} if the JDK rejects it. */
    public X509Certificate x509() {
        X509Certificate c = x509;
        if (c == null) {
            try {
                c = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der));
            } catch (CertificateException e) {
                throw new IllegalStateException("JDK cannot parse this certificate", e);
            }
            x509 = c;
        }
        return c;
    }

    /** SHA-256 of the DER. */
    public byte[] sha256Fingerprint() {
        return Crypto.digest("SHA-256", der);
    }

    /** SHA-256 of the DER as lower-case hex. */
    public String sha256FingerprintHex() {
        return Der.toHex(sha256Fingerprint());
    }

    /** A builder pre-set with everything used to build this certificate, for variants of it. */
    public CertBuilder toBuilder() {
        return new CertBuilder(recipe);
    }

    @Override
    public String toString() {
        String name;
        try {
            name = new javax.security.auth.x500.X500Principal(subjectDer).getName();
        } catch (RuntimeException e) {
            name = Der.toHex(subjectDer);
        }
        return "TestCert[" + name + ", sha256=" + sha256FingerprintHex().substring(0, 16) + "]";
    }
}
