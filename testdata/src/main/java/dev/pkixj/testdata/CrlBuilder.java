package dev.pkixj.testdata;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fluent builder for one X.509 CRL (RFC 5280 §5), DER-encoded by hand so that any field can be
 * made non-conforming. Defaults: v2, issued by {@link #issuer(TestCert)} (its subject and key),
 * thisUpdate NOW−1d, nextUpdate NOW+7d, a non-critical cRLNumber 1, no entries.
 */
public final class CrlBuilder {
    private final TestCert issuer;
    private PrivateKey signingKey;
    private byte[] issuerName;
    private boolean v2 = true;
    private Instant thisUpdate = TestClock.daysAgo(1);
    private Instant nextUpdate = TestClock.daysFromNow(7);
    private final List<byte[]> entries = new ArrayList<>();
    private final List<byte[]> extensions = new ArrayList<>();
    private boolean crlNumber = true;
    private boolean crlNumberCritical;

    private CrlBuilder(TestCert issuer) {
        this.issuer = issuer;
    }

    /** A CRL issued (named and signed) by {@code issuer}. */
    public static CrlBuilder issuer(TestCert issuer) {
        return new CrlBuilder(issuer);
    }

    /** Signs with this key instead of the issuer's. */
    public CrlBuilder signingKey(PrivateKey key) {
        this.signingKey = key;
        return this;
    }

    /** Another issuer name (RFC 4514 or a bare CN). */
    public CrlBuilder issuerName(String name) {
        this.issuerName = Der.name(name);
        return this;
    }

    /** A v1 CRL (no version field, and then no extensions). */
    public CrlBuilder v1() {
        this.v2 = false;
        this.crlNumber = false;
        return this;
    }

    public CrlBuilder thisUpdate(Instant t) {
        this.thisUpdate = t;
        return this;
    }

    /** nextUpdate, or null to omit it. */
    public CrlBuilder nextUpdate(Instant t) {
        this.nextUpdate = t;
        return this;
    }

    /** Revokes {@code serial} at thisUpdate. */
    public CrlBuilder revoke(BigInteger serial) {
        entries.add(Der.seq(Der.integer(serial), Der.time(thisUpdate)));
        return this;
    }

    /** Revokes {@code serial} with one entry extension. */
    public CrlBuilder revoke(BigInteger serial, String extOid, boolean critical, byte[] value) {
        entries.add(Der.seq(Der.integer(serial), Der.time(thisUpdate),
                Der.seq(Der.seq(Der.oid(extOid), critical ? Der.bool(true) : null,
                        Der.octetString(value)))));
        return this;
    }

    /** Leaves out the cRLNumber extension. */
    public CrlBuilder noCrlNumber() {
        this.crlNumber = false;
        return this;
    }

    /** Marks the cRLNumber critical. */
    public CrlBuilder criticalCrlNumber() {
        this.crlNumberCritical = true;
        return this;
    }

    /** Adds a CRL extension. */
    public CrlBuilder extension(String oid, boolean critical, byte[] value) {
        extensions.add(Der.seq(Der.oid(oid), critical ? Der.bool(true) : null,
                Der.octetString(value)));
        return this;
    }

    /** The DER CertificateList. */
    public byte[] build() {
        PrivateKey key = signingKey != null ? signingKey : issuer.keyPair().getPrivate();
        SigAlg alg = SigAlg.defaultFor(key);
        List<byte[]> exts = new ArrayList<>();
        if (crlNumber) {
            exts.add(Der.seq(Der.oid("2.5.29.20"), crlNumberCritical ? Der.bool(true) : null,
                    Der.octetString(Der.integer(1))));
        }
        exts.addAll(extensions);
        byte[] tbs = Der.seq(
                v2 ? Der.integer(1) : null,
                alg.algIdDer(),
                issuerName != null ? issuerName : issuer.subjectDer(),
                Der.time(thisUpdate),
                nextUpdate == null ? null : Der.time(nextUpdate),
                entries.isEmpty() ? null : Der.seq(entries.toArray(new byte[0][])),
                exts.isEmpty() ? null : Der.explicit(0, Der.seq(exts.toArray(new byte[0][]))));
        return Der.seq(tbs, alg.algIdDer(), Der.bitString(alg.sign(key, tbs)));
    }
}
