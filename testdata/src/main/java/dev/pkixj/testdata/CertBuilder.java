package dev.pkixj.testdata;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Fluent builder for one X.509 certificate, DER-encoded by hand so that any field can be made
 * malformed.
 *
 * <p>Start with a profile:
 * <ul>
 *   <li>{@link #root(String)}: self-signed CA; basicConstraints cA (critical), keyUsage
 *       keyCertSign+cRLSign (critical), subjectKeyIdentifier; valid NOW-365d..NOW+3650d.
 *   <li>{@link #ca(String)}: like root plus authorityKeyIdentifier; set {@link #issuer(TestCert)}.
 *   <li>{@link #leaf(String)}: keyUsage digitalSignature (+keyEncipherment for RSA keys, critical),
 *       EKU serverAuth+clientAuth, SKI, AKI, and a subjectAltName when the name is a host name or IP
 *       literal; valid NOW-30d..NOW+365d.
 *   <li>{@link #blank(String)}: v3, no extensions, leaf validity.
 * </ul>
 * A name without '=' is a bare CN; otherwise it is an RFC 4514 DN (see {@link Der#name(String)}).
 *
 * <p>Defaults: without {@link #issuer(TestCert)} the certificate is self-signed. Without {@link #key(KeyPair)}
 * the key is a P-256 key derived from the subject name ({@code TestKeys.ec(P256, "subject:<hash>")}),
 * so certificates with the same subject share a key. The signature algorithm follows the signing key
 * ({@link SigAlg#defaultFor}). The serial is 16 positive octets derived from the other TBS fields.
 *
 * <p>Extension methods with a specific type replace an existing extension of that OID in place
 * (keeping its position and criticality) or append it with the customary criticality. The
 * {@code addExtension}/{@code addRawExtension}/{@code duplicateExtension} methods always append, so
 * duplicate extensions are possible. Calling {@link #version(int)} with 1 or 2 drops the extensions
 * added so far.
 *
 * <p>Certificate Transparency: {@link #embeddedSct(TestCtLog, long)} embeds SCTs signed over the
 * precertificate TBS (this TBS without the SCT-list extension), as a CA does after logging the
 * precertificate; see {@link TestCtLog}.
 */
public final class CertBuilder {
    private enum Profile { ROOT, CA, LEAF, BLANK }

    private enum TimeEncoding { AUTO, UTC, GENERALIZED }

    /** Values resolved at build time, available to lazily computed extension values. */
    private static final class Ctx {
        KeyPair key;
        byte[] spki;
        byte[] ski;
        byte[] issuerKeyId;
    }

    private static final class Ext {
        final String oid;
        boolean critical;
        Function<Ctx, byte[]> value;
        final byte[] raw; // complete Extension TLV, or null

        Ext(String oid, boolean critical, Function<Ctx, byte[]> value, byte[] raw) {
            this.oid = oid;
            this.critical = critical;
            this.value = value;
            this.raw = raw;
        }

        Ext copy() {
            return new Ext(oid, critical, value, raw);
        }
    }

    private final Profile profile;
    private byte[] subject;
    private TestCert issuer;
    private byte[] issuerName;
    private KeyPair key;
    private PrivateKey signingKey;
    private byte[] spki;
    private BigInteger serial;
    private byte[] serialRaw;
    private Instant notBefore;
    private Instant notAfter;
    private byte[] notBeforeRaw;
    private byte[] notAfterRaw;
    private TimeEncoding timeEncoding = TimeEncoding.AUTO;
    private int version = 3;
    private boolean explicitVersion;
    private byte[] issuerUid;
    private byte[] subjectUid;
    private SigAlg sigAlg;
    private SigAlg outerSigAlg;
    private byte[] sigAlgDer;
    private byte[] outerSigAlgDer;
    private boolean corruptSignature;
    private byte[] signatureValue;
    private List<Ext> exts = new ArrayList<>();
    private byte[] extensionsDer;
    private byte[] skiOverride;
    private List<GeneralName> permitted;
    private List<GeneralName> excluded;
    private List<byte[]> aia = new ArrayList<>();
    private UnaryOperator<byte[]> tbsTransform;
    private UnaryOperator<byte[]> certTransform;
    private List<Object> embeddedScts = new ArrayList<>(); // TestCtLog.SctRequest or raw byte[]
    private int sctListPosition = -1;
    private byte[] sctIssuerSpki;

    private CertBuilder(Profile profile, String name) {
        this.profile = profile;
        this.subject = Der.name(name);
    }

    /** Self-signed CA certificate profile. */
    public static CertBuilder root(String name) {
        CertBuilder b = new CertBuilder(Profile.ROOT, name);
        b.basicConstraints(true).keyUsage(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN).subjectKeyId();
        return b;
    }

    /** Intermediate CA profile (set the issuer with {@link #issuer(TestCert)}). */
    public static CertBuilder ca(String name) {
        CertBuilder b = new CertBuilder(Profile.CA, name);
        b.basicConstraints(true).keyUsage(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN).subjectKeyId().authorityKeyId();
        return b;
    }

    /** End-entity (TLS server/client) profile (set the issuer with {@link #issuer(TestCert)}). */
    public static CertBuilder leaf(String name) {
        CertBuilder b = new CertBuilder(Profile.LEAF, name);
        b.put(Oids.KEY_USAGE, true, ctx -> "RSA".equals(ctx.key.getPublic().getAlgorithm())
                ? KeyUsage.bitString(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT)
                : KeyUsage.bitString(KeyUsage.DIGITAL_SIGNATURE));
        b.extendedKeyUsage(Oids.SERVER_AUTH, Oids.CLIENT_AUTH).subjectKeyId().authorityKeyId();
        if (name.indexOf('=') < 0) {
            GeneralName san = null;
            try {
                san = GeneralName.ip(name);
            } catch (RuntimeException notIp) {
                if (name.matches("[A-Za-z0-9*_.-]+")) {
                    san = GeneralName.dns(name);
                }
            }
            if (san != null) {
                b.san(san);
            }
        }
        return b;
    }

    /** v3 certificate with no extensions and leaf validity. */
    public static CertBuilder blank(String name) {
        return new CertBuilder(Profile.BLANK, name);
    }

    /** A copy of {@code other}; used by {@link TestCert#toBuilder()}. */
    CertBuilder(CertBuilder o) {
        profile = o.profile;
        subject = o.subject;
        issuer = o.issuer;
        issuerName = o.issuerName;
        key = o.key;
        signingKey = o.signingKey;
        spki = o.spki;
        serial = o.serial;
        serialRaw = o.serialRaw;
        notBefore = o.notBefore;
        notAfter = o.notAfter;
        notBeforeRaw = o.notBeforeRaw;
        notAfterRaw = o.notAfterRaw;
        timeEncoding = o.timeEncoding;
        version = o.version;
        explicitVersion = o.explicitVersion;
        issuerUid = o.issuerUid;
        subjectUid = o.subjectUid;
        sigAlg = o.sigAlg;
        outerSigAlg = o.outerSigAlg;
        sigAlgDer = o.sigAlgDer;
        outerSigAlgDer = o.outerSigAlgDer;
        corruptSignature = o.corruptSignature;
        signatureValue = o.signatureValue;
        for (Ext e : o.exts) {
            exts.add(e.copy());
        }
        extensionsDer = o.extensionsDer;
        skiOverride = o.skiOverride;
        permitted = o.permitted == null ? null : new ArrayList<>(o.permitted);
        excluded = o.excluded == null ? null : new ArrayList<>(o.excluded);
        aia = new ArrayList<>(o.aia);
        tbsTransform = o.tbsTransform;
        certTransform = o.certTransform;
        embeddedScts = new ArrayList<>(o.embeddedScts);
        sctListPosition = o.sctListPosition;
        sctIssuerSpki = o.sctIssuerSpki;
    }

    // ---- names, keys, issuer ------------------------------------------------------------------

    /** Subject from an RFC 4514 string (or bare CN value). */
    public CertBuilder subject(String name) {
        this.subject = Der.name(name);
        return this;
    }

    /** Subject as raw Name DER (used verbatim). */
    public CertBuilder subjectDer(byte[] nameDer) {
        this.subject = nameDer.clone();
        return this;
    }

    /** Empty subject: an empty SEQUENCE (30 00). */
    public CertBuilder emptySubject() {
        return subjectDer(Der.seq());
    }

    /** Issuing certificate: its subject becomes the issuer name and its private key signs. */
    public CertBuilder issuer(TestCert issuerCert) {
        this.issuer = issuerCert;
        return this;
    }

    /** Overrides only the encoded issuer name (RFC 4514 string or bare CN). */
    public CertBuilder issuerName(String name) {
        this.issuerName = Der.name(name);
        return this;
    }

    /** Overrides only the encoded issuer name with raw Name DER. */
    public CertBuilder issuerNameDer(byte[] nameDer) {
        this.issuerName = nameDer.clone();
        return this;
    }

    /** Empty issuer name (30 00). */
    public CertBuilder emptyIssuerName() {
        return issuerNameDer(Der.seq());
    }

    /** The certified key pair (its public key goes into subjectPublicKeyInfo). */
    public CertBuilder key(KeyPair keyPair) {
        this.key = keyPair;
        return this;
    }

    /** Signs with this key instead of the issuer's (names and AKI still refer to the issuer). */
    public CertBuilder signingKey(PrivateKey privateKey) {
        this.signingKey = privateKey;
        return this;
    }

    /** Raw subjectPublicKeyInfo DER, used verbatim instead of the key pair's public key. */
    public CertBuilder spkiDer(byte[] spkiDer) {
        this.spki = spkiDer.clone();
        return this;
    }

    // ---- serial, validity, version ------------------------------------------------------------

    /** Serial number. */
    public CertBuilder serial(long serialNumber) {
        return serial(BigInteger.valueOf(serialNumber));
    }

    /** Serial number (any value: zero, negative, 20 or 21 octets ...), minimally encoded. */
    public CertBuilder serial(BigInteger serialNumber) {
        this.serial = serialNumber;
        this.serialRaw = null;
        return this;
    }

    /** Serial INTEGER content octets used verbatim (e.g. non-minimal {@code 00 01}, or empty). */
    public CertBuilder serialRaw(byte[] contentOctets) {
        this.serialRaw = contentOctets.clone();
        this.serial = null;
        return this;
    }

    /** notBefore (truncated to seconds). */
    public CertBuilder notBefore(Instant t) {
        this.notBefore = t;
        this.notBeforeRaw = null;
        return this;
    }

    /** notAfter (truncated to seconds). */
    public CertBuilder notAfter(Instant t) {
        this.notAfter = t;
        this.notAfterRaw = null;
        return this;
    }

    /** notBefore and notAfter. */
    public CertBuilder validity(Instant from, Instant to) {
        return notBefore(from).notAfter(to);
    }

    /** Encode both times as UTCTime, even outside 1950..2049 (the year then wraps). */
    public CertBuilder utcTime() {
        this.timeEncoding = TimeEncoding.UTC;
        return this;
    }

    /** Encode both times as GeneralizedTime, even before 2050. */
    public CertBuilder generalizedTime() {
        this.timeEncoding = TimeEncoding.GENERALIZED;
        return this;
    }

    /** notBefore as a raw Time TLV, e.g. {@code Der.utcTime("2606010000Z")}. */
    public CertBuilder notBeforeRaw(byte[] timeDer) {
        this.notBeforeRaw = timeDer.clone();
        return this;
    }

    /** notAfter as a raw Time TLV. */
    public CertBuilder notAfterRaw(byte[] timeDer) {
        this.notAfterRaw = timeDer.clone();
        return this;
    }

    /**
     * Certificate version as the human number (1, 2, 3; 4+ gives unknown versions). v1 omits the
     * version field. A value below 3 drops the extensions added so far.
     */
    public CertBuilder version(int humanVersion) {
        this.version = humanVersion;
        this.explicitVersion = false;
        if (humanVersion < 3) {
            noExtensions();
            extensionsDer = null;
        }
        return this;
    }

    /** v1 with the version field explicitly encoded as {@code [0] INTEGER 0} (not DER). */
    public CertBuilder explicitV1() {
        version(1);
        this.explicitVersion = true;
        return this;
    }

    /** issuerUniqueID [1] with the given bytes (0 unused bits). */
    public CertBuilder issuerUniqueId(byte[] id) {
        this.issuerUid = id.clone();
        return this;
    }

    /** subjectUniqueID [2] with the given bytes (0 unused bits). */
    public CertBuilder subjectUniqueId(byte[] id) {
        this.subjectUid = id.clone();
        return this;
    }

    // ---- signature ----------------------------------------------------------------------------

    /** Signature algorithm used to sign and to fill both AlgorithmIdentifier fields. */
    public CertBuilder sigAlg(SigAlg alg) {
        this.sigAlg = alg;
        return this;
    }

    /** Raw AlgorithmIdentifier for both the TBS and outer fields (signing still uses {@link #sigAlg}). */
    public CertBuilder sigAlgDer(byte[] algIdDer) {
        this.sigAlgDer = algIdDer.clone();
        return this;
    }

    /** Outer Certificate.signatureAlgorithm only, to make it differ from the TBS one. */
    public CertBuilder outerSigAlg(SigAlg alg) {
        this.outerSigAlg = alg;
        this.outerSigAlgDer = null;
        return this;
    }

    /** Outer Certificate.signatureAlgorithm only, as raw DER. */
    public CertBuilder outerSigAlgDer(byte[] algIdDer) {
        this.outerSigAlgDer = algIdDer.clone();
        return this;
    }

    /** Flips the low bit of the signature's last octet (a well-formed but invalid signature). */
    public CertBuilder corruptSignature() {
        this.corruptSignature = true;
        return this;
    }

    /** Uses these bytes as the signature value (BIT STRING with 0 unused bits). */
    public CertBuilder signatureValue(byte[] sig) {
        this.signatureValue = sig.clone();
        return this;
    }

    // ---- typed extensions ---------------------------------------------------------------------

    /** basicConstraints without pathLenConstraint; critical unless already present. */
    public CertBuilder basicConstraints(boolean ca) {
        return put(Oids.BASIC_CONSTRAINTS, true, ctx -> Der.seq(ca ? Der.bool(true) : null));
    }

    /** basicConstraints with pathLenConstraint (any int, negative included, for malformed tests). */
    public CertBuilder basicConstraints(boolean ca, int pathLen) {
        return put(Oids.BASIC_CONSTRAINTS, true, ctx -> Der.seq(ca ? Der.bool(true) : null, Der.integer(pathLen)));
    }

    /** Shorthand for {@code basicConstraints(true, pathLen)}. */
    public CertBuilder pathLen(int pathLen) {
        return basicConstraints(true, pathLen);
    }

    /** keyUsage with exactly these bits (none: an empty BIT STRING); critical unless already present. */
    public CertBuilder keyUsage(KeyUsage... usages) {
        byte[] v = KeyUsage.bitString(usages);
        return put(Oids.KEY_USAGE, true, ctx -> v);
    }

    /** extendedKeyUsage with these OIDs (none: empty SEQUENCE); see {@link Oids}. */
    public CertBuilder extendedKeyUsage(String... oids) {
        byte[][] items = Arrays.stream(oids).map(Der::oid).toArray(byte[][]::new);
        return put(Oids.EXT_KEY_USAGE, false, ctx -> Der.seq(items));
    }

    /** subjectAltName with these names (none: empty SEQUENCE); see {@link GeneralName}. */
    public CertBuilder san(GeneralName... names) {
        byte[] v = Der.seq(ders(names));
        return put(Oids.SUBJECT_ALT_NAME, false, ctx -> v);
    }

    /** Adds permittedSubtrees entries to nameConstraints (created critical if absent; no args: empty [0]). */
    public CertBuilder permitted(GeneralName... bases) {
        if (permitted == null) {
            permitted = new ArrayList<>();
        }
        permitted.addAll(Arrays.asList(bases));
        return ensureNameConstraints();
    }

    /** Adds excludedSubtrees entries to nameConstraints (created critical if absent; no args: empty [1]). */
    public CertBuilder excluded(GeneralName... bases) {
        if (excluded == null) {
            excluded = new ArrayList<>();
        }
        excluded.addAll(Arrays.asList(bases));
        return ensureNameConstraints();
    }

    private CertBuilder ensureNameConstraints() {
        List<GeneralName> p = permitted == null ? null : List.copyOf(permitted);
        List<GeneralName> x = excluded == null ? null : List.copyOf(excluded);
        return put(Oids.NAME_CONSTRAINTS, true, ctx -> Der.seq(
                p == null ? null : Der.implicit(0, true, subtrees(p)),
                x == null ? null : Der.implicit(1, true, subtrees(x))));
    }

    private static byte[] subtrees(List<GeneralName> names) {
        byte[][] items = names.stream().map(n -> Der.seq(n.der())).toArray(byte[][]::new);
        return Der.concat(items);
    }

    /** certificatePolicies with these policy OIDs and no qualifiers (e.g. {@link Oids#ANY_POLICY}). */
    public CertBuilder certificatePolicies(String... policyOids) {
        byte[][] items = Arrays.stream(policyOids).map(o -> Der.seq(Der.oid(o))).toArray(byte[][]::new);
        return put(Oids.CERTIFICATE_POLICIES, false, ctx -> Der.seq(items));
    }

    /** TLS feature extension with status_request (5): OCSP must-staple. */
    public CertBuilder mustStaple() {
        return tlsFeature(5);
    }

    /** TLS feature extension (1.3.6.1.5.5.7.1.24) with these feature numbers. */
    public CertBuilder tlsFeature(int... features) {
        byte[][] items = Arrays.stream(features).mapToObj(Der::integer).toArray(byte[][]::new);
        return put(Oids.TLS_FEATURE, false, ctx -> Der.seq(items));
    }

    /** Adds an id-ad-ocsp URI to authorityInfoAccess (created if absent). */
    public CertBuilder ocspUrl(String url) {
        aia.add(Der.seq(Der.oid(Oids.AD_OCSP), GeneralName.uri(url).der()));
        return ensureAia();
    }

    /** Adds an id-ad-caIssuers URI to authorityInfoAccess (created if absent). */
    public CertBuilder caIssuersUrl(String url) {
        aia.add(Der.seq(Der.oid(Oids.AD_CA_ISSUERS), GeneralName.uri(url).der()));
        return ensureAia();
    }

    private CertBuilder ensureAia() {
        byte[][] items = aia.toArray(new byte[0][]);
        return put(Oids.AUTHORITY_INFO_ACCESS, false, ctx -> Der.seq(items));
    }

    /** subjectKeyIdentifier = SHA-1 of the subjectPublicKey bits (RFC 5280 method 1). */
    public CertBuilder subjectKeyId() {
        skiOverride = null;
        return put(Oids.SUBJECT_KEY_ID, false, ctx -> Der.octetString(ctx.ski));
    }

    /** subjectKeyIdentifier with the given key identifier; children's AKI follow it. */
    public CertBuilder subjectKeyId(byte[] keyId) {
        skiOverride = keyId.clone();
        return put(Oids.SUBJECT_KEY_ID, false, ctx -> Der.octetString(ctx.ski));
    }

    /** authorityKeyIdentifier [0] keyIdentifier = the issuer's key identifier. */
    public CertBuilder authorityKeyId() {
        return put(Oids.AUTHORITY_KEY_ID, false, ctx -> Der.seq(Der.implicit(0, false, ctx.issuerKeyId)));
    }

    /** authorityKeyIdentifier with the given keyIdentifier. */
    public CertBuilder authorityKeyId(byte[] keyId) {
        byte[] id = keyId.clone();
        return put(Oids.AUTHORITY_KEY_ID, false, ctx -> Der.seq(Der.implicit(0, false, id)));
    }

    /** inhibitAnyPolicy (critical) with SkipCerts. */
    public CertBuilder inhibitAnyPolicy(int skipCerts) {
        return put(Oids.INHIBIT_ANY_POLICY, true, ctx -> Der.integer(skipCerts));
    }

    /** policyConstraints (critical); null omits a field. */
    public CertBuilder policyConstraints(Integer requireExplicitPolicy, Integer inhibitPolicyMapping) {
        return put(Oids.POLICY_CONSTRAINTS, true, ctx -> Der.seq(
                requireExplicitPolicy == null ? null : Der.retag(0, Der.integer(requireExplicitPolicy)),
                inhibitPolicyMapping == null ? null : Der.retag(1, Der.integer(inhibitPolicyMapping))));
    }

    /** id-pkix-ocsp-nocheck (value NULL), for delegated OCSP responders. */
    public CertBuilder ocspNoCheck() {
        return put(Oids.OCSP_NO_CHECK, false, ctx -> Der.nul());
    }

    // ---- generic extensions -------------------------------------------------------------------

    /** Sets extension {@code oid} to this extnValue content (replacing the first with that OID, else appending). */
    public CertBuilder extension(String oid, boolean critical, byte[] value) {
        byte[] v = value.clone();
        Ext e = find(oid);
        if (e != null) {
            e.value = ctx -> v;
            e.critical = critical;
        } else {
            exts.add(new Ext(oid, critical, ctx -> v, null));
        }
        return this;
    }

    /** Appends an extension even if one with the same OID exists (duplicates). */
    public CertBuilder addExtension(String oid, boolean critical, byte[] value) {
        byte[] v = value.clone();
        exts.add(new Ext(oid, critical, ctx -> v, null));
        return this;
    }

    /** Appends a complete raw Extension TLV (e.g. with an explicit {@code critical FALSE}). */
    public CertBuilder addRawExtension(byte[] extensionDer) {
        exts.add(new Ext(null, false, null, extensionDer.clone()));
        return this;
    }

    /** Appends a second copy of the first extension with this OID. */
    public CertBuilder duplicateExtension(String oid) {
        Ext e = find(oid);
        if (e == null) {
            throw new IllegalStateException("no extension " + oid + " to duplicate");
        }
        exts.add(e.copy());
        return this;
    }

    /** Appends an unknown critical extension ({@link Oids#UNKNOWN_EXTENSION}, value NULL). */
    public CertBuilder unknownCriticalExtension() {
        return addExtension(Oids.UNKNOWN_EXTENSION, true, Der.nul());
    }

    /** Sets the critical flag of every extension with this OID. */
    public CertBuilder critical(String oid, boolean critical) {
        for (Ext e : exts) {
            if (oid.equals(e.oid)) {
                e.critical = critical;
            }
        }
        return this;
    }

    /** Removes every extension with this OID. */
    public CertBuilder removeExtension(String oid) {
        exts.removeIf(e -> oid.equals(e.oid));
        if (oid.equals(Oids.NAME_CONSTRAINTS)) {
            permitted = null;
            excluded = null;
        } else if (oid.equals(Oids.AUTHORITY_INFO_ACCESS)) {
            aia.clear();
        }
        return this;
    }

    /** Removes all extensions (the certificate stays v3 unless {@link #version} says otherwise). */
    public CertBuilder noExtensions() {
        exts.clear();
        permitted = null;
        excluded = null;
        aia.clear();
        return this;
    }

    /** Uses this raw Extensions DER (e.g. an empty SEQUENCE) inside {@code [3]} instead of the list. */
    public CertBuilder extensionsDer(byte[] extensionsSeqDer) {
        this.extensionsDer = extensionsSeqDer.clone();
        return this;
    }

    // ---- embedded SCTs (Certificate Transparency) ----------------------------------------------

    /**
     * Embeds an SCT from {@code log} at {@code timestampMillis}, signed over the precertificate
     * entry Firefox reconstructs from this certificate (RFC 6962 section 3.2): the issuer's SPKI
     * hash and this TBSCertificate without the SCT-list extension. With one or more embedded SCTs
     * the builder encodes the TBS without the SCT list (the serial, unless set, is derived from that
     * precertificate TBS), has each log sign it, then adds the SCT-list extension (non-critical, last
     * unless {@link #embeddedSctListPosition} says otherwise; it replaces any SCT-list extension set
     * with {@link #extension}) and signs the certificate. The SCTs are listed in the order added.
     */
    public CertBuilder embeddedSct(TestCtLog log, long timestampMillis) {
        return embeddedSct(log.sct(timestampMillis));
    }

    /** Embeds an SCT with options ({@code log.sct(ts).corruptSignature()} ...); see {@link #embeddedSct(TestCtLog, long)}. */
    public CertBuilder embeddedSct(TestCtLog.SctRequest request) {
        embeddedScts.add(request);
        return this;
    }

    /** Puts these serialized SCT bytes into the embedded list as they are (e.g. malformed or foreign SCTs). */
    public CertBuilder embeddedRawSct(byte[] sct) {
        embeddedScts.add(sct.clone());
        return this;
    }

    /** Index of the SCT-list extension among the extensions (0 = first; out of range = last, the default). */
    public CertBuilder embeddedSctListPosition(int index) {
        this.sctListPosition = index;
        return this;
    }

    /** Signs embedded SCTs with this issuer SPKI instead of the issuer's (a wrong issuer key hash). */
    public CertBuilder embeddedSctIssuerSpki(byte[] spkiDer) {
        this.sctIssuerSpki = spkiDer.clone();
        return this;
    }

    /** Drops the embedded SCTs added so far (and the extension they would make). */
    public CertBuilder noEmbeddedScts() {
        embeddedScts.clear();
        return this;
    }

    // ---- escape hatches -----------------------------------------------------------------------

    /** Rewrites the encoded TBSCertificate before it is signed. */
    public CertBuilder transformTbs(UnaryOperator<byte[]> f) {
        this.tbsTransform = f;
        return this;
    }

    /** Rewrites the final encoded Certificate (after signing). */
    public CertBuilder transformCert(UnaryOperator<byte[]> f) {
        this.certTransform = f;
        return this;
    }

    // ---- build --------------------------------------------------------------------------------

    /** Encodes and signs the certificate. */
    public TestCert build() {
        Ctx ctx = new Ctx();
        ctx.key = key != null ? key : TestKeys.ec(TestKeys.Curve.P256,
                "subject:" + Der.toHex(Crypto.digest("SHA-256", subject)));
        ctx.spki = spki != null ? spki : ctx.key.getPublic().getEncoded();
        ctx.ski = skiOverride != null ? skiOverride : Crypto.digest("SHA-1", Crypto.spkiKeyBits(ctx.spki));
        ctx.issuerKeyId = issuer != null ? issuer.subjectKeyId() : ctx.ski;

        PrivateKey signer = signingKey != null ? signingKey
                : issuer != null ? issuer.keyPair().getPrivate() : ctx.key.getPrivate();
        SigAlg alg = sigAlg != null ? sigAlg : SigAlg.defaultFor(signer);
        byte[] tbsAlg = sigAlgDer != null ? sigAlgDer : alg.algIdDer();
        byte[] outerAlg = outerSigAlgDer != null ? outerSigAlgDer
                : outerSigAlg != null ? outerSigAlg.algIdDer() : tbsAlg;
        byte[] issuerNameDer = issuerName != null ? issuerName : issuer != null ? issuer.subjectDer() : subject;

        boolean ca = profile == Profile.ROOT || profile == Profile.CA;
        Instant nb = notBefore != null ? notBefore : TestClock.daysAgo(ca ? 365 : 30);
        Instant na = notAfter != null ? notAfter : TestClock.daysFromNow(ca ? 3650 : 365);
        byte[] validity = Der.seq(notBeforeRaw != null ? notBeforeRaw : encodeTime(nb),
                notAfterRaw != null ? notAfterRaw : encodeTime(na));

        boolean embed = !embeddedScts.isEmpty();
        List<byte[]> items = new ArrayList<>();
        for (Ext e : exts) {
            if (embed && Oids.SCT_LIST.equals(e.oid)) {
                continue;
            }
            items.add(e.raw != null ? e.raw : Der.seq(Der.oid(e.oid),
                    e.critical ? Der.bool(true) : null, Der.octetString(e.value.apply(ctx))));
        }
        byte[] extensions = null;
        if (extensionsDer != null) {
            if (embed) {
                throw new IllegalStateException("embedded SCTs need the extension list, not extensionsDer");
            }
            extensions = Der.explicit(3, extensionsDer);
        } else if (!items.isEmpty()) {
            extensions = Der.explicit(3, Der.seq(items.toArray(new byte[0][])));
        }
        byte[] versionField = (version != 1 || explicitVersion) ? Der.explicit(0, Der.integer(version - 1)) : null;
        byte[] uids = Der.concat(issuerUid == null ? null : Der.implicit(1, false, Der.concat(new byte[] {0}, issuerUid)),
                subjectUid == null ? null : Der.implicit(2, false, Der.concat(new byte[] {0}, subjectUid)));

        BigInteger serialValue = serial;
        byte[] serialField;
        if (serialRaw != null) {
            serialField = Der.integerRaw(serialRaw);
        } else {
            if (serialValue == null) {
                byte[] h = Crypto.digest("SHA-256", Der.concat(versionField, tbsAlg, issuerNameDer, validity,
                        subject, ctx.spki, uids, extensions));
                byte[] s = Arrays.copyOf(h, 16);
                s[0] = (byte) ((s[0] & 0x7F) | 0x40);
                serialValue = new BigInteger(s);
            }
            serialField = Der.integer(serialValue);
        }

        byte[] head = Der.concat(versionField, serialField, tbsAlg, issuerNameDer, validity, subject, ctx.spki, uids);
        if (embed) {
            byte[] precertTbs = Der.seq(head, extensions);
            byte[] issuerSpki = sctIssuerSpki != null ? sctIssuerSpki : issuer != null ? issuer.spkiDer() : ctx.spki;
            byte[][] scts = new byte[embeddedScts.size()][];
            for (int i = 0; i < scts.length; i++) {
                Object o = embeddedScts.get(i);
                scts[i] = o instanceof byte[] ? (byte[]) o
                        : ((TestCtLog.SctRequest) o).forPrecert(issuerSpki, precertTbs);
            }
            byte[] sctExt = SctListEncoder.certificateExtension(SctListEncoder.list(scts));
            int at = sctListPosition < 0 || sctListPosition > items.size() ? items.size() : sctListPosition;
            items.add(at, sctExt);
            extensions = Der.explicit(3, Der.seq(items.toArray(new byte[0][])));
        }
        byte[] tbs = Der.seq(head, extensions);
        if (tbsTransform != null) {
            tbs = tbsTransform.apply(tbs);
        }
        byte[] sig = signatureValue != null ? signatureValue.clone() : alg.sign(signer, tbs);
        if (corruptSignature && sig.length > 0) {
            sig[sig.length - 1] ^= 0x01;
        }
        byte[] der = Der.seq(tbs, outerAlg, Der.bitString(sig));
        if (certTransform != null) {
            der = certTransform.apply(der);
        }
        return new TestCert(der, ctx.key, issuer, subject, issuerNameDer, ctx.spki, ctx.ski,
                serialRaw != null ? null : serialValue,
                notBeforeRaw != null ? null : nb.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                notAfterRaw != null ? null : na.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                new CertBuilder(this));
    }

    private byte[] encodeTime(Instant t) {
        switch (timeEncoding) {
            case UTC: return Der.utcTime(t);
            case GENERALIZED: return Der.generalizedTime(t);
            default: return Der.time(t);
        }
    }

    private CertBuilder put(String oid, boolean defaultCritical, Function<Ctx, byte[]> value) {
        Ext e = find(oid);
        if (e != null) {
            e.value = value;
        } else {
            exts.add(new Ext(oid, defaultCritical, value, null));
        }
        return this;
    }

    private Ext find(String oid) {
        for (Ext e : exts) {
            if (oid.equals(e.oid)) {
                return e;
            }
        }
        return null;
    }

    private static byte[][] ders(GeneralName[] names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].der();
        }
        return out;
    }

    @Override
    public String toString() {
        return "CertBuilder[" + profile + " " + new String(subject, StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", ".") + "]";
    }
}
