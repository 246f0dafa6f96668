package dev.pkixj.verifier.strict;

import dev.pkixj.pkix.Result;

/**
 * The strict profile's rules (docs/strict-profile.md), in verdict priority order: when a chain
 * breaks several, the verdict's code is the first one's (after Firefox's own error, which always
 * wins). Each rule has a stable name ({@link #name()}), its own error code ({@link #code()}:
 * Firefox's name where one fits, otherwise a {@code PKIXJ_ERROR_…} name), its source and the
 * Firefox result it is reported as where only Firefox's codes are understood ({@link
 * #result()}).
 */
public enum Rule {
  /** Firefox's own verdict: the chain fails under the Firefox profile. */
  FIREFOX(null, "mozilla::pkix and Firefox's TLS policy (docs/limbo-divergences.md)",
      Scope.FIREFOX, null,
      "the chain fails under the Firefox profile; the code is Firefox's"),

  // ---- Path ----
  MAX_CHAIN_DEPTH("PKIXJ_ERROR_MAX_CHAIN_DEPTH_EXCEEDED",
      "caller's limit (RFC 5280 §6.1.4 (l) counting: self-issued intermediates are not counted)",
      Scope.PATH, Result.SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID,
      "more intermediates (not counting self-issued ones) than the maximum chain depth"),
  AKI_SKI_MISMATCH("PKIXJ_ERROR_AKI_SKI_MISMATCH",
      "RFC 5280 §4.2.1.1, §4.2.1.2; BR §7.1.2.1.3 (root: keyIdentifier = SKI)",
      Scope.RFC5280, Result.SEC_ERROR_UNKNOWN_ISSUER,
      "the authorityKeyIdentifier's keyIdentifier differs from the issuer's subjectKeyIdentifier "
          + "(for a self-signed certificate: its own)"),

  // ---- Revocation (CRLs given with the verification) ----
  REVOKED("SEC_ERROR_REVOKED_CERTIFICATE", "RFC 5280 §6.3.3 (i)", Scope.CRL,
      Result.SEC_ERROR_REVOKED_CERTIFICATE, "the certificate's serial number is on its issuer's CRL"),
  CRL_BAD_SIGNATURE("SEC_ERROR_CRL_BAD_SIGNATURE", "RFC 5280 §6.3.3 (g)", Scope.CRL,
      Result.SEC_ERROR_BAD_SIGNATURE,
      "a CRL naming the certificate's issuer does not verify with the issuer's key"),
  CRL_ISSUER_NO_CRLSIGN("PKIXJ_ERROR_CRL_ISSUER_NOT_CRL_SIGNER", "RFC 5280 §4.2.1.3, §6.3.3 (f)",
      Scope.CRL, Result.SEC_ERROR_INADEQUATE_KEY_USAGE,
      "the CRL's issuer has a keyUsage without cRLSign"),
  CRL_VERSION("SEC_ERROR_CRL_INVALID_VERSION", "RFC 5280 §5.1.2.1", Scope.CRL,
      Result.SEC_ERROR_BAD_DER, "the CRL is not a v2 CRL"),
  CRL_NUMBER_MISSING("PKIXJ_ERROR_CRL_NUMBER_MISSING", "RFC 5280 §5.2.3", Scope.CRL,
      Result.SEC_ERROR_EXTENSION_VALUE_INVALID, "the CRL has no cRLNumber extension"),
  CRL_NUMBER_CRITICAL("PKIXJ_ERROR_CRL_NUMBER_CRITICAL", "RFC 5280 §5.2.3", Scope.CRL,
      Result.SEC_ERROR_EXTENSION_VALUE_INVALID, "the CRL's cRLNumber extension is critical"),
  CRL_UNKNOWN_CRITICAL_EXTENSION("SEC_ERROR_CRL_UNKNOWN_CRITICAL_EXTENSION",
      "RFC 5280 §5.2, §5.3", Scope.CRL, Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION,
      "the CRL or one of its entries has a critical extension that is not understood (a delta "
          + "CRL indicator included)"),
  CRL_EXPIRED("SEC_ERROR_CRL_EXPIRED", "RFC 5280 §6.3.3 (a)(2)", Scope.CRL,
      Result.SEC_ERROR_EXPIRED_CERTIFICATE, "the CRL's nextUpdate is before the verification time"),
  CRL_NOT_YET_VALID("SEC_ERROR_CRL_NOT_YET_VALID", "RFC 5280 §5.1.2.4", Scope.CRL,
      Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE,
      "the CRL's thisUpdate is after the verification time"),

  // ---- RFC 5280 certificate profile ----
  SERIAL_TOO_LONG("PKIXJ_ERROR_SERIAL_NUMBER_TOO_LONG", "RFC 5280 §4.1.2.2", Scope.RFC5280,
      Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
      "the serial number is longer than 20 octets"),
  SERIAL_NOT_POSITIVE("PKIXJ_ERROR_SERIAL_NUMBER_NOT_POSITIVE", "RFC 5280 §4.1.2.2",
      Scope.RFC5280, Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
      "the serial number is zero or negative"),
  AKI_MISSING("PKIXJ_ERROR_AKI_MISSING", "RFC 5280 §4.2.1.1", Scope.RFC5280,
      Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
      "a certificate that is not self-signed has no authorityKeyIdentifier"),
  AKI_CRITICAL("PKIXJ_ERROR_AKI_CRITICAL", "RFC 5280 §4.2.1.1", Scope.RFC5280,
      Result.SEC_ERROR_EXTENSION_VALUE_INVALID, "the authorityKeyIdentifier is critical"),
  SKI_MISSING("PKIXJ_ERROR_SKI_MISSING", "RFC 5280 §4.2.1.2", Scope.RFC5280,
      Result.SEC_ERROR_EXTENSION_VALUE_INVALID, "a CA certificate has no subjectKeyIdentifier"),
  SKI_CRITICAL("PKIXJ_ERROR_SKI_CRITICAL", "RFC 5280 §4.2.1.2", Scope.RFC5280,
      Result.SEC_ERROR_EXTENSION_VALUE_INVALID, "the subjectKeyIdentifier is critical"),
  BASIC_CONSTRAINTS_NOT_CRITICAL("PKIXJ_ERROR_BASIC_CONSTRAINTS_NOT_CRITICAL",
      "RFC 5280 §4.2.1.9", Scope.RFC5280, Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
      "a CA certificate's basicConstraints is not critical"),
  NAME_CONSTRAINTS_IN_END_ENTITY("PKIXJ_ERROR_NAME_CONSTRAINTS_IN_END_ENTITY",
      "RFC 5280 §4.2.1.10", Scope.RFC5280, Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
      "an end-entity certificate has nameConstraints"),
  POLICY_CONSTRAINTS_NOT_CRITICAL("PKIXJ_ERROR_POLICY_CONSTRAINTS_NOT_CRITICAL",
      "RFC 5280 §4.2.1.11", Scope.RFC5280, Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
      "policyConstraints is not critical"),
  AIA_CRITICAL("PKIXJ_ERROR_AIA_CRITICAL", "RFC 5280 §4.2.2.1", Scope.RFC5280,
      Result.SEC_ERROR_EXTENSION_VALUE_INVALID, "authorityInfoAccess is critical"),
  AIA_MALFORMED("SEC_ERROR_EXTENSION_VALUE_INVALID", "RFC 5280 §4.2.2.1; BR §7.1.2.7.7",
      Scope.RFC5280, Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
      "authorityInfoAccess is not a non-empty SEQUENCE of AccessDescription"),
  SAN_NOT_CRITICAL_WITH_EMPTY_SUBJECT("PKIXJ_ERROR_SAN_NOT_CRITICAL",
      "RFC 5280 §4.1.2.6, §4.2.1.6", Scope.RFC5280, Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
      "the subject is empty and subjectAltName is not critical"),
  SAN_DNS_NAME_SYNTAX("PKIXJ_ERROR_SAN_DNS_NAME_SYNTAX",
      "RFC 5280 §4.2.1.6 (RFC 1034 §3.5 preferred name syntax, RFC 1123 §2.1)", Scope.RFC5280,
      Result.SSL_ERROR_BAD_CERT_DOMAIN,
      "an end-entity dNSName is not in the preferred name syntax (letters, digits, hyphens; a "
          + "leading '*.' allowed)"),

  // ---- Web PKI profile (CA/Browser Forum requirements that apply to every chain) ----
  CA_AS_LEAF("MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY", "BR §7.1.2.7.8", Scope.WEBPKI,
      Result.MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY,
      "the end-entity certificate is a CA certificate (cA=TRUE)"),
  SAN_MISSING("PKIXJ_ERROR_SAN_MISSING", "BR §7.1.2.7.12", Scope.WEBPKI,
      Result.SSL_ERROR_BAD_CERT_DOMAIN, "the end-entity certificate has no subjectAltName"),
  EKU_MISSING("PKIXJ_ERROR_EKU_MISSING", "BR §7.1.2.7.10", Scope.WEBPKI,
      Result.SEC_ERROR_INADEQUATE_CERT_TYPE, "the end-entity certificate has no extKeyUsage"),
  EKU_CRITICAL("PKIXJ_ERROR_EKU_CRITICAL", "BR §7.1.2.7.10", Scope.WEBPKI,
      Result.SEC_ERROR_INADEQUATE_CERT_TYPE, "the end-entity certificate's extKeyUsage is critical"),
  EKU_ANY("PKIXJ_ERROR_EKU_ANY", "BR §7.1.2.7.10", Scope.WEBPKI,
      Result.SEC_ERROR_INADEQUATE_CERT_TYPE,
      "the end-entity certificate's extKeyUsage contains anyExtendedKeyUsage"),
  ROOT_HAS_EKU("PKIXJ_ERROR_ROOT_HAS_EKU", "BR §7.1.2.1.2", Scope.WEBPKI,
      Result.SEC_ERROR_INADEQUATE_CERT_TYPE, "the self-signed root has an extKeyUsage"),
  AKI_INVALID("PKIXJ_ERROR_AKI_INVALID", "BR §7.1.2.1.3, §7.1.2.11.1", Scope.WEBPKI,
      Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
      "the authorityKeyIdentifier has no keyIdentifier, or has authorityCertIssuer or "
          + "authorityCertSerialNumber"),
  RSA_MODULUS_SIZE("PKIXJ_ERROR_RSA_MODULUS_NOT_MULTIPLE_OF_8", "BR §6.1.5", Scope.WEBPKI,
      Result.MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE,
      "an RSA modulus whose size in bits is not divisible by 8"),
  WILDCARD_PUBLIC_SUFFIX("PKIXJ_ERROR_WILDCARD_PUBLIC_SUFFIX", "BR §3.2.2.6; RFC 6125 §7.2",
      Scope.WEBPKI, Result.SSL_ERROR_BAD_CERT_DOMAIN,
      "the host name is matched only by a wildcard dNSName whose base is a public suffix "
          + "(Public Suffix List, ICANN and private sections)"),

  // ---- Baseline Requirements for a TLS server leaf under a public root ----
  VALIDITY_TOO_LONG("MOZILLA_PKIX_ERROR_VALIDITY_TOO_LONG", "BR §6.3.2", Scope.BR_PUBLIC,
      Result.MOZILLA_PKIX_ERROR_VALIDITY_TOO_LONG,
      "the leaf's validity period exceeds the maximum for its issuance date (notBefore)"),
  SERIAL_LOW_ENTROPY("PKIXJ_ERROR_SERIAL_NUMBER_TOO_SHORT", "BR §7.1", Scope.BR_PUBLIC,
      Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
      "a leaf issued since 2016-09-30 has a serial number of fewer than 8 octets (it cannot "
          + "hold 64 bits of CSPRNG output)"),
  KEY_USAGE_NOT_ALLOWED("PKIXJ_ERROR_KEY_USAGE_NOT_ALLOWED", "BR §7.1.2.7.11", Scope.BR_PUBLIC,
      Result.SEC_ERROR_INADEQUATE_KEY_USAGE,
      "the leaf's keyUsage has a bit its key type forbids (RSA: only digitalSignature and "
          + "keyEncipherment; ECDSA: digitalSignature required, keyAgreement allowed)"),
  CN_NOT_IN_SAN("PKIXJ_ERROR_CN_NOT_IN_SAN", "BR §7.1.4.3", Scope.BR_PUBLIC,
      Result.SSL_ERROR_BAD_CERT_DOMAIN,
      "the leaf's commonName is not exactly one of its subjectAltName values (IPv4 dotted quad, "
          + "IPv6 in RFC 5952 form)"),
  INTERNAL_NAME("PKIXJ_ERROR_INTERNAL_NAME", "BR §7.1.2.7.12, §4.2.2", Scope.BR_PUBLIC,
      Result.SSL_ERROR_BAD_CERT_DOMAIN,
      "the leaf names an internal name (no public suffix) or a reserved IP address");

  /** Which set of requirements a rule belongs to (docs/strict-profile.md, "Scopes"). */
  public enum Scope {
    /** Firefox's own checks. */
    FIREFOX,
    /** Path building: the caller's depth limit. */
    PATH,
    /** RFC 5280 §6.3, when CRLs are given. */
    CRL,
    /** RFC 5280 certificate profile MUSTs. */
    RFC5280,
    /** CA/Browser Forum requirements every chain is held to (as x509-limbo's webpki cases). */
    WEBPKI,
    /** BR issuance rules for a TLS server leaf, applied under a public root only. */
    BR_PUBLIC
  }

  private final String code;
  private final String source;
  private final Scope scope;
  private final Result result;
  private final String description;

  Rule(String code, String source, Scope scope, Result result, String description) {
    this.code = code;
    this.source = source;
    this.scope = scope;
    this.result = result;
    this.description = description;
  }

  /** The rule's error code (null for {@link #FIREFOX}, whose code is Firefox's own). */
  public String code() { return code; }

  /** Where the requirement is written (RFC 5280 or BR section). */
  public String source() { return source; }

  public Scope scope() { return scope; }

  /** The Firefox result a violation is reported as where only Firefox codes are known. */
  public Result result() { return result; }

  /** What the rule checks. */
  public String description() { return description; }
}
