package dev.pkixj.testdata;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds DER-encoded OCSPResponse messages (RFC 6960) by hand, so malformed variants are possible.
 *
 * <p>Defaults: signed by the issuer itself with its default {@link SigAlg}, ResponderID byKey,
 * CertID hashed with SHA-1, producedAt = thisUpdate = NOW-1d, nextUpdate = NOW+6d, no embedded
 * certificates unless a delegated responder is set (then that responder's certificate is embedded).
 * <pre>{@code
 * byte[] resp = OcspResponseBuilder.forIssuer(pki.intermediate()).good(pki.leaf()).build();
 * }</pre>
 */
public final class OcspResponseBuilder {
    /** OCSPResponseStatus values. */
    public static final int SUCCESSFUL = 0, MALFORMED_REQUEST = 1, INTERNAL_ERROR = 2, TRY_LATER = 3,
            SIG_REQUIRED = 5, UNAUTHORIZED = 6;

    /** Common CRLReason values for {@link #revoked(TestCert, Instant, int)}. */
    public static final int REASON_UNSPECIFIED = 0, REASON_KEY_COMPROMISE = 1, REASON_CA_COMPROMISE = 2,
            REASON_SUPERSEDED = 4, REASON_CESSATION_OF_OPERATION = 5;

    private static final class Single {
        final BigInteger serial;
        final byte[] status;
        final List<byte[]> extensions = new ArrayList<>();

        Single(BigInteger serial, byte[] status) {
            this.serial = serial;
            this.status = status;
        }
    }

    private final TestCert issuer;
    private TestCert responder;
    private TestCert certIdIssuer;
    private boolean byName;
    private Instant producedAt = TestClock.daysAgo(1);
    private Instant thisUpdate = TestClock.daysAgo(1);
    private Instant nextUpdate = TestClock.daysFromNow(6);
    private List<TestCert> certs;
    private SigAlg sigAlg;
    private PrivateKey signingKey;
    private boolean corruptSignature;
    private String certIdHash = "SHA-1";
    private int responseStatus = SUCCESSFUL;
    private final List<Single> singles = new ArrayList<>();
    private final List<byte[]> responseExtensions = new ArrayList<>();
    private UnaryOperator<byte[]> responseDataTransform;

    private OcspResponseBuilder(TestCert issuer) {
        this.issuer = issuer;
    }

    /** A response about certificates issued by {@code issuer}. */
    public static OcspResponseBuilder forIssuer(TestCert issuer) {
        return new OcspResponseBuilder(issuer);
    }

    /** An OCSPResponse with a non-successful status and no responseBytes. */
    public static byte[] errorResponse(int responseStatus) {
        return Der.seq(Der.enumerated(responseStatus));
    }

    /** Adds a SingleResponse with status good. */
    public OcspResponseBuilder good(TestCert cert) {
        return good(serialOf(cert));
    }

    /** Adds a SingleResponse with status good for a serial number. */
    public OcspResponseBuilder good(BigInteger serial) {
        singles.add(new Single(serial, Der.implicit(0, false, new byte[0])));
        return this;
    }

    /** Adds a SingleResponse with status revoked and no reason. */
    public OcspResponseBuilder revoked(TestCert cert, Instant revocationTime) {
        return revoked(serialOf(cert), revocationTime, null);
    }

    /** Adds a SingleResponse with status revoked and a CRLReason. */
    public OcspResponseBuilder revoked(TestCert cert, Instant revocationTime, int reason) {
        return revoked(serialOf(cert), revocationTime, reason);
    }

    /** Adds a SingleResponse with status revoked for a serial; {@code reason} may be null. */
    public OcspResponseBuilder revoked(BigInteger serial, Instant revocationTime, Integer reason) {
        singles.add(new Single(serial, Der.implicit(1, true, Der.concat(Der.generalizedTime(revocationTime),
                reason == null ? null : Der.explicit(0, Der.enumerated(reason))))));
        return this;
    }

    /** Adds a SingleResponse with status unknown. */
    public OcspResponseBuilder unknown(TestCert cert) {
        return unknown(serialOf(cert));
    }

    /** Adds a SingleResponse with status unknown for a serial. */
    public OcspResponseBuilder unknown(BigInteger serial) {
        singles.add(new Single(serial, Der.implicit(2, false, new byte[0])));
        return this;
    }

    /** Adds a singleExtensions entry to the SingleResponse added last. */
    public OcspResponseBuilder singleExtension(String oid, boolean critical, byte[] value) {
        if (singles.isEmpty()) {
            throw new IllegalStateException("add a SingleResponse (good, revoked, unknown) first");
        }
        singles.get(singles.size() - 1).extensions.add(
                Der.seq(Der.oid(oid), critical ? Der.bool(true) : null, Der.octetString(value)));
        return this;
    }

    /**
     * Adds the SCT-list single extension (1.3.6.1.4.1.11129.2.4.5, non-critical) with this TLS
     * SignedCertificateTimestampList ({@link SctListEncoder#list}) to the SingleResponse added last.
     */
    public OcspResponseBuilder sctList(byte[] tlsList) {
        return singleExtension(Oids.SCT_LIST_OCSP, false, SctListEncoder.extensionValue(tlsList));
    }

    /** Delegated responder: signs with its key, is named in ResponderID and embedded by default. */
    public OcspResponseBuilder responder(TestCert responderCert) {
        this.responder = responderCert;
        return this;
    }

    /** ResponderID byName (the responder's subject). */
    public OcspResponseBuilder byName() {
        this.byName = true;
        return this;
    }

    /** ResponderID byKey (SHA-1 of the responder's public key bits); the default. */
    public OcspResponseBuilder byKey() {
        this.byName = false;
        return this;
    }

    /** producedAt. */
    public OcspResponseBuilder producedAt(Instant t) {
        this.producedAt = t;
        return this;
    }

    /** thisUpdate of every SingleResponse. */
    public OcspResponseBuilder thisUpdate(Instant t) {
        this.thisUpdate = t;
        return this;
    }

    /** nextUpdate of every SingleResponse. */
    public OcspResponseBuilder nextUpdate(Instant t) {
        this.nextUpdate = t;
        return this;
    }

    /** Omits nextUpdate. */
    public OcspResponseBuilder noNextUpdate() {
        this.nextUpdate = null;
        return this;
    }

    /** Embedded certificates, replacing the default (none: no certs field). */
    public OcspResponseBuilder certs(TestCert... embedded) {
        this.certs = Arrays.asList(embedded);
        return this;
    }

    /** Signature algorithm (default follows the signing key). */
    public OcspResponseBuilder sigAlg(SigAlg alg) {
        this.sigAlg = alg;
        return this;
    }

    /** Signs with this key instead of the responder's. */
    public OcspResponseBuilder signingKey(PrivateKey key) {
        this.signingKey = key;
        return this;
    }

    /** Flips the low bit of the signature's last octet. */
    public OcspResponseBuilder corruptSignature() {
        this.corruptSignature = true;
        return this;
    }

    /** CertID hash algorithm: SHA-1 (default), SHA-256, SHA-384 or SHA-512. */
    public OcspResponseBuilder certIdHash(String jcaDigestName) {
        hashOid(jcaDigestName); // validates
        String n = jcaDigestName.toUpperCase(java.util.Locale.ROOT).replace("-", "");
        this.certIdHash = "SHA-" + n.substring(3);
        return this;
    }

    /** Computes CertID name/key hashes from another certificate than the issuer (mismatch tests). */
    public OcspResponseBuilder certIdIssuer(TestCert cert) {
        this.certIdIssuer = cert;
        return this;
    }

    /** OCSPResponseStatus; anything but {@link #SUCCESSFUL} yields a response without responseBytes. */
    public OcspResponseBuilder responseStatus(int status) {
        this.responseStatus = status;
        return this;
    }

    /** Adds a responseExtensions entry. */
    public OcspResponseBuilder responseExtension(String oid, boolean critical, byte[] value) {
        responseExtensions.add(Der.seq(Der.oid(oid), critical ? Der.bool(true) : null, Der.octetString(value)));
        return this;
    }

    /** Rewrites the encoded ResponseData before it is signed. */
    public OcspResponseBuilder transformResponseData(UnaryOperator<byte[]> f) {
        this.responseDataTransform = f;
        return this;
    }

    /** Encodes the OCSPResponse. */
    public byte[] build() {
        if (responseStatus != SUCCESSFUL) {
            return errorResponse(responseStatus);
        }
        TestCert resp = responder != null ? responder : issuer;
        TestCert idIssuer = certIdIssuer != null ? certIdIssuer : issuer;
        byte[] hashAlg = Der.seq(Der.oid(hashOid(certIdHash)), Der.nul());
        byte[] nameHash = Der.octetString(Crypto.digest(certIdHash, idIssuer.subjectDer()));
        byte[] keyHash = Der.octetString(Crypto.digest(certIdHash, Crypto.spkiKeyBits(idIssuer.spkiDer())));

        byte[][] items = new byte[singles.size()][];
        for (int i = 0; i < items.length; i++) {
            Single s = singles.get(i);
            items[i] = Der.seq(Der.seq(hashAlg, nameHash, keyHash, Der.integer(s.serial)), s.status,
                    Der.generalizedTime(thisUpdate),
                    nextUpdate == null ? null : Der.explicit(0, Der.generalizedTime(nextUpdate)),
                    s.extensions.isEmpty() ? null : Der.explicit(1, Der.seq(s.extensions.toArray(new byte[0][]))));
        }
        byte[] responderId = byName ? Der.explicit(1, resp.subjectDer())
                : Der.explicit(2, Der.octetString(Crypto.digest("SHA-1", Crypto.spkiKeyBits(resp.spkiDer()))));
        byte[] rd = Der.seq(responderId, Der.generalizedTime(producedAt), Der.seq(items),
                responseExtensions.isEmpty() ? null
                        : Der.explicit(1, Der.seq(responseExtensions.toArray(new byte[0][]))));
        if (responseDataTransform != null) {
            rd = responseDataTransform.apply(rd);
        }
        PrivateKey key = signingKey != null ? signingKey : resp.privateKey();
        SigAlg alg = sigAlg != null ? sigAlg : SigAlg.defaultFor(key);
        byte[] sig = alg.sign(key, rd);
        if (corruptSignature) {
            sig[sig.length - 1] ^= 0x01;
        }
        List<TestCert> embedded = certs != null ? certs : responder != null ? List.of(responder) : List.of();
        byte[] certsField = null;
        if (!embedded.isEmpty()) {
            certsField = Der.explicit(0, Der.seq(embedded.stream().map(TestCert::der).toArray(byte[][]::new)));
        }
        byte[] basic = Der.seq(rd, alg.algIdDer(), Der.bitString(sig), certsField);
        return Der.seq(Der.enumerated(SUCCESSFUL),
                Der.explicit(0, Der.seq(Der.oid(Oids.OCSP_BASIC), Der.octetString(basic))));
    }

    private static BigInteger serialOf(TestCert cert) {
        if (cert.serial() == null) {
            throw new IllegalArgumentException("certificate has a raw serial; pass the serial explicitly");
        }
        return cert.serial();
    }

    private static String hashOid(String alg) {
        switch (alg.toUpperCase(java.util.Locale.ROOT).replace("-", "")) {
            case "SHA1": return Oids.SHA1;
            case "SHA256": return Oids.SHA256;
            case "SHA384": return Oids.SHA384;
            case "SHA512": return Oids.SHA512;
            default: throw new IllegalArgumentException("unsupported CertID hash " + alg);
        }
    }
}
