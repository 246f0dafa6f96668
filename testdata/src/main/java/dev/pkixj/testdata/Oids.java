package dev.pkixj.testdata;

/** Dotted-decimal OIDs used in test certificates. */
public final class Oids {
    private Oids() {}

    // Certificate extensions
    public static final String SUBJECT_KEY_ID = "2.5.29.14";
    public static final String KEY_USAGE = "2.5.29.15";
    public static final String SUBJECT_ALT_NAME = "2.5.29.17";
    public static final String ISSUER_ALT_NAME = "2.5.29.18";
    public static final String BASIC_CONSTRAINTS = "2.5.29.19";
    public static final String NAME_CONSTRAINTS = "2.5.29.30";
    public static final String CRL_DISTRIBUTION_POINTS = "2.5.29.31";
    public static final String CERTIFICATE_POLICIES = "2.5.29.32";
    public static final String POLICY_MAPPINGS = "2.5.29.33";
    public static final String AUTHORITY_KEY_ID = "2.5.29.35";
    public static final String POLICY_CONSTRAINTS = "2.5.29.36";
    public static final String EXT_KEY_USAGE = "2.5.29.37";
    public static final String INHIBIT_ANY_POLICY = "2.5.29.54";
    public static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
    public static final String TLS_FEATURE = "1.3.6.1.5.5.7.1.24";
    public static final String OCSP_NO_CHECK = "1.3.6.1.5.5.7.48.1.5";
    /** Embedded SignedCertificateTimestampList (RFC 6962 section 3.3). */
    public static final String SCT_LIST = "1.3.6.1.4.1.11129.2.4.2";
    /** Precertificate poison (RFC 6962 section 3.1). */
    public static final String CT_POISON = "1.3.6.1.4.1.11129.2.4.3";
    /** SignedCertificateTimestampList as an OCSP SingleResponse extension (RFC 6962 section 3.3). */
    public static final String SCT_LIST_OCSP = "1.3.6.1.4.1.11129.2.4.5";
    /** An arbitrary private OID no verifier knows; handy as an unknown extension. */
    public static final String UNKNOWN_EXTENSION = "1.3.6.1.4.1.55555.1.1";

    // Extended key usages
    public static final String ANY_EKU = "2.5.29.37.0";
    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    public static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    public static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    public static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    public static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    /** Netscape Server Gated Crypto. */
    public static final String NS_SGC = "2.16.840.1.113730.4.1";

    // Policies
    public static final String ANY_POLICY = "2.5.29.32.0";
    public static final String CABF_DV = "2.23.140.1.2.1";
    public static final String CABF_OV = "2.23.140.1.2.2";
    public static final String CABF_IV = "2.23.140.1.2.3";
    public static final String CABF_EV = "2.23.140.1.1";

    // Access methods
    public static final String AD_OCSP = "1.3.6.1.5.5.7.48.1";
    public static final String AD_CA_ISSUERS = "1.3.6.1.5.5.7.48.2";
    public static final String OCSP_BASIC = "1.3.6.1.5.5.7.48.1.1";
    public static final String OCSP_NONCE = "1.3.6.1.5.5.7.48.1.2";

    // Hashes
    public static final String SHA1 = "1.3.14.3.2.26";
    public static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    public static final String SHA384 = "2.16.840.1.101.3.4.2.2";
    public static final String SHA512 = "2.16.840.1.101.3.4.2.3";

    // Key and signature algorithms
    public static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    public static final String MD5_WITH_RSA = "1.2.840.113549.1.1.4";
    public static final String SHA1_WITH_RSA = "1.2.840.113549.1.1.5";
    public static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
    public static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
    public static final String SHA384_WITH_RSA = "1.2.840.113549.1.1.12";
    public static final String SHA512_WITH_RSA = "1.2.840.113549.1.1.13";
    public static final String MGF1 = "1.2.840.113549.1.1.8";
    public static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    public static final String ECDSA_SHA1 = "1.2.840.10045.4.1";
    public static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2";
    public static final String ECDSA_SHA384 = "1.2.840.10045.4.3.3";
    public static final String ECDSA_SHA512 = "1.2.840.10045.4.3.4";
    public static final String ED25519 = "1.3.101.112";
}
