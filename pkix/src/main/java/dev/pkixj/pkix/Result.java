package dev.pkixj.pkix;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every outcome the verifier can report, named as Firefox names it (the NSS/PR error name shown as
 * "Error code: …" on the certificate error page), with its NSS numeric value.
 *
 * <h2>Error ranking</h2>
 * When several things are wrong, Firefox reports one code, chosen by where the check sits in the
 * search rather than by a global table (mozilla::pkix {@code pkix.h}, "ERROR RANKING"):
 * <ol>
 *   <li>active distrust of a certificate ({@link #SEC_ERROR_UNTRUSTED_CERT}, and the TrustDomain's
 *       own errors such as OneCRL's {@link #SEC_ERROR_REVOKED_CERTIFICATE});</li>
 *   <li>problems with the issuer-independent properties of CA certificates (they stop that
 *       candidate; several candidates failing differently merge into
 *       {@link #SEC_ERROR_UNKNOWN_ISSUER});</li>
 *   <li>{@link #SEC_ERROR_UNKNOWN_ISSUER};</li>
 *   <li>problems with the issuer-independent properties of the end-entity (deferred until a path
 *       is found);</li>
 *   <li>revocation.</li>
 * </ol>
 * After a successful build the TLS layer adds must-staple, then the host name; on a time error the
 * host name is checked first and a mismatch wins. No table ranks the codes: the same code can come
 * from a CA (where it ranks above {@link #SEC_ERROR_UNKNOWN_ISSUER}) or from the end-entity (where
 * it ranks below), so the order of the verifier's checks is the priority, as in mozilla::pkix.
 */
public enum Result {
  SUCCESS(0, "Success", "Success", OverrideKind.NONE, false),

  // ---- Trust and path building ----
  SEC_ERROR_UNKNOWN_ISSUER(-8179, "ERROR_UNKNOWN_ISSUER", OverrideKind.TRUST, false),
  MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT(-16370, "ERROR_SELF_SIGNED_CERT", OverrideKind.TRUST, false),
  MOZILLA_PKIX_ERROR_MITM_DETECTED(-16369, "ERROR_MITM_DETECTED", OverrideKind.TRUST, false),
  SEC_ERROR_UNTRUSTED_CERT(-8171, "ERROR_UNTRUSTED_CERT", OverrideKind.NONE, false),
  SEC_ERROR_UNTRUSTED_ISSUER(-8172, "ERROR_UNTRUSTED_ISSUER", OverrideKind.NONE, false),
  SEC_ERROR_REVOKED_CERTIFICATE(-8180, "ERROR_REVOKED_CERTIFICATE", OverrideKind.NONE, false),
  MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED(-16367, "ERROR_ISSUER_NO_LONGER_TRUSTED", OverrideKind.NONE, false),
  MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED(-16371, "ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED", OverrideKind.NONE, false),
  MOZILLA_PKIX_ERROR_KEY_PINNING_FAILURE(-16384, "ERROR_KEY_PINNING_FAILURE", OverrideKind.NONE, false),
  SEC_ERROR_CA_CERT_INVALID(-8156, "ERROR_CA_CERT_INVALID", OverrideKind.TRUST, false),
  MOZILLA_PKIX_ERROR_V1_CERT_USED_AS_CA(-16381, "ERROR_V1_CERT_USED_AS_CA", OverrideKind.TRUST, false),
  MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY(-16383, "ERROR_CA_CERT_USED_AS_END_ENTITY", OverrideKind.TRUST, false),
  SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID(-8155, "ERROR_PATH_LEN_CONSTRAINT_INVALID", OverrideKind.NONE, false),
  MOZILLA_PKIX_ERROR_EMPTY_ISSUER_NAME(-16372, "ERROR_EMPTY_ISSUER_NAME", OverrideKind.TRUST, false),
  MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY(-16368, "ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY", OverrideKind.TRUST, false),

  // ---- Time ----
  SEC_ERROR_EXPIRED_CERTIFICATE(-8181, "ERROR_EXPIRED_CERTIFICATE", OverrideKind.TIME, true),
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE(-16379, "ERROR_NOT_YET_VALID_CERTIFICATE", OverrideKind.TIME, true),
  SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE(-8162, "ERROR_EXPIRED_ISSUER_CERTIFICATE", OverrideKind.TRUST, true),
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE(-16378, "ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE", OverrideKind.TRUST, true),
  /** mozilla::pkix ERROR_INVALID_DER_TIME: a validity time that does not parse. */
  SEC_ERROR_INVALID_TIME(-8184, "ERROR_INVALID_DER_TIME", OverrideKind.TIME, false),
  MOZILLA_PKIX_ERROR_VALIDITY_TOO_LONG(-16375, "ERROR_VALIDITY_TOO_LONG", OverrideKind.NONE, false),

  // ---- Names ----
  SSL_ERROR_BAD_CERT_DOMAIN(-12276, "ERROR_BAD_CERT_DOMAIN", OverrideKind.DOMAIN, false),
  SEC_ERROR_CERT_NOT_IN_NAME_SPACE(-8080, "ERROR_CERT_NOT_IN_NAME_SPACE", OverrideKind.NONE, false),

  // ---- Algorithms and keys ----
  SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED(-8016, "ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED", OverrideKind.TRUST, false),
  MOZILLA_PKIX_ERROR_SIGNATURE_ALGORITHM_MISMATCH(-16377, "ERROR_SIGNATURE_ALGORITHM_MISMATCH", OverrideKind.NONE, false),
  MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE(-16382, "ERROR_INADEQUATE_KEY_SIZE", OverrideKind.TRUST, false),
  SEC_ERROR_UNSUPPORTED_KEYALG(-8144, "ERROR_UNSUPPORTED_KEYALG", OverrideKind.NONE, false),
  SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE(-8051, "ERROR_UNSUPPORTED_ELLIPTIC_CURVE", OverrideKind.NONE, false),
  SEC_ERROR_UNSUPPORTED_EC_POINT_FORM(-8050, "ERROR_UNSUPPORTED_EC_POINT_FORM", OverrideKind.NONE, false),
  SEC_ERROR_INVALID_ALGORITHM(-8186, "ERROR_INVALID_ALGORITHM", OverrideKind.NONE, false),
  SEC_ERROR_INVALID_KEY(-8152, "ERROR_INVALID_KEY", OverrideKind.NONE, false),
  SEC_ERROR_BAD_SIGNATURE(-8182, "ERROR_BAD_SIGNATURE", OverrideKind.NONE, false),

  // ---- Encoding and extensions ----
  SEC_ERROR_BAD_DER(-8183, "ERROR_BAD_DER", OverrideKind.NONE, false),
  MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING(-16373, "ERROR_INVALID_INTEGER_ENCODING", OverrideKind.NONE, false),
  SEC_ERROR_EXTENSION_VALUE_INVALID(-8158, "ERROR_EXTENSION_VALUE_INVALID", OverrideKind.NONE, false),
  SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION(-8151, "ERROR_UNKNOWN_CRITICAL_EXTENSION", OverrideKind.NONE, false),
  SEC_ERROR_INADEQUATE_KEY_USAGE(-8102, "ERROR_INADEQUATE_KEY_USAGE", OverrideKind.NONE, false),
  SEC_ERROR_INADEQUATE_CERT_TYPE(-8101, "ERROR_INADEQUATE_CERT_TYPE", OverrideKind.NONE, false),
  SEC_ERROR_POLICY_VALIDATION_FAILED(-8032, "ERROR_POLICY_VALIDATION_FAILED", OverrideKind.NONE, false),
  MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING(-16374, "ERROR_REQUIRED_TLS_FEATURE_MISSING", OverrideKind.NONE, false),
  SEC_ERROR_CERT_BAD_ACCESS_LOCATION(-8075, "ERROR_CERT_BAD_ACCESS_LOCATION", OverrideKind.NONE, false),

  // ---- OCSP ----
  MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING(-16376, "ERROR_OCSP_RESPONSE_FOR_CERT_MISSING", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_UNKNOWN_CERT(-8066, "ERROR_OCSP_UNKNOWN_CERT", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_OLD_RESPONSE(-8060, "ERROR_OCSP_OLD_RESPONSE", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_FUTURE_RESPONSE(-8061, "ERROR_OCSP_FUTURE_RESPONSE", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_BAD_SIGNATURE(-8035, "ERROR_OCSP_BAD_SIGNATURE", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_INVALID_SIGNING_CERT(-8048, "ERROR_OCSP_INVALID_SIGNING_CERT", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_RESPONDER_CERT_INVALID(-8036, "ERROR_OCSP_RESPONDER_CERT_INVALID", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_MALFORMED_RESPONSE(-8063, "ERROR_OCSP_MALFORMED_RESPONSE", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_MALFORMED_REQUEST(-8072, "ERROR_OCSP_MALFORMED_REQUEST", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_SERVER_ERROR(-8071, "ERROR_OCSP_SERVER_ERROR", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_TRY_SERVER_LATER(-8070, "ERROR_OCSP_TRY_SERVER_LATER", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_REQUEST_NEEDS_SIG(-8069, "ERROR_OCSP_REQUEST_NEEDS_SIG", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_UNAUTHORIZED_REQUEST(-8068, "ERROR_OCSP_UNAUTHORIZED_REQUEST", OverrideKind.NONE, false),
  SEC_ERROR_OCSP_UNKNOWN_RESPONSE_STATUS(-8067, "ERROR_OCSP_UNKNOWN_RESPONSE_STATUS", OverrideKind.NONE, false),

  // ---- Fatal: the verifier itself failed; never a verdict about the certificate ----
  SEC_ERROR_LIBRARY_FAILURE(-8191, "FATAL_ERROR_LIBRARY_FAILURE", OverrideKind.NONE, false),
  SEC_ERROR_INVALID_ARGS(-8187, "FATAL_ERROR_INVALID_ARGS", OverrideKind.NONE, false),
  SEC_ERROR_NO_MEMORY(-8173, "FATAL_ERROR_NO_MEMORY", OverrideKind.NONE, false);

  /** Which kind of "Accept the Risk and Continue" exception can cover the error (spec §6). */
  public enum OverrideKind {
    /** Not overridable: the page offers no exception. */
    NONE,
    /** An untrusted-chain error (Firefox's "Untrusted" override bit). */
    TRUST,
    /** A host-name mismatch. */
    DOMAIN,
    /** A validity-period error of the end-entity certificate. */
    TIME
  }

  private final int nssCode;
  private final String firefoxName;
  private final String pkixName;
  private final OverrideKind override;
  private final boolean fatal;
  private final boolean timeRelated;

  Result(int nssCode, String pkixName, OverrideKind override, boolean timeRelated) {
    this.nssCode = nssCode;
    this.firefoxName = name();
    this.pkixName = pkixName;
    this.fatal = pkixName.startsWith("FATAL_");
    this.override = override;
    this.timeRelated = timeRelated;
  }

  Result(int nssCode, String firefoxName, String pkixName, OverrideKind override,
      boolean timeRelated) {
    this.nssCode = nssCode;
    this.firefoxName = firefoxName;
    this.pkixName = pkixName;
    this.fatal = pkixName.startsWith("FATAL_");
    this.override = override;
    this.timeRelated = timeRelated;
  }

  /** The NSS/PR numeric error value (0 for success), as in {@code secerr.h}/{@code sslerr.h}. */
  public int nssCode() { return nssCode; }

  /** The name Firefox shows ("Success" for {@link #SUCCESS}). */
  public String firefoxName() { return firefoxName; }

  /** The mozilla::pkix {@code Result} name ({@code ERROR_UNKNOWN_ISSUER}, …). */
  public String pkixName() { return pkixName; }

  /** Which kind of exception can cover this error ({@link OverrideKind#NONE} if none). */
  public OverrideKind override() { return override; }

  /** True if an exception ("Accept the Risk and Continue") may cover this error. */
  public boolean isOverridable() { return override != OverrideKind.NONE; }

  /** True for the errors whose page checks whether the computer's clock is wrong (spec §7 ⏰). */
  public boolean isTimeRelated() { return timeRelated; }

  /** True if the verifier failed rather than reaching a verdict (mozilla::pkix FATAL_ERROR_*). */
  public boolean isFatal() { return fatal; }

  public boolean isSuccess() { return this == SUCCESS; }

  private static final Map<String, Result> BY_NAME = new HashMap<>();
  private static final Map<Integer, Result> BY_CODE = new HashMap<>();

  static {
    for (Result r : values()) {
      BY_NAME.put(r.firefoxName.toUpperCase(Locale.ROOT), r);
      BY_NAME.put(r.pkixName.toUpperCase(Locale.ROOT), r);
      BY_CODE.put(r.nssCode, r);
    }
  }

  /**
   * Looks a result up by its Firefox name, its mozilla::pkix name (case-insensitive), or its NSS
   * number in decimal; {@code null} when unknown.
   */
  public static Result lookup(String nameOrCode) {
    if (nameOrCode == null) {
      return null;
    }
    String key = nameOrCode.trim();
    Result r = BY_NAME.get(key.toUpperCase(Locale.ROOT));
    if (r != null) {
      return r;
    }
    try {
      return BY_CODE.get(Integer.parseInt(key));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
