package dev.pkixj.verifier;

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
 * host name is checked first and a mismatch wins. {@link #rank()} exposes this order as a number
 * (lower = reported in preference) for callers that must pick between results of separate runs;
 * the verifier itself never compares ranks: the order of its checks is the priority.
 */
public enum Result {
  SUCCESS(0, "Success", "Success", Rank.SUCCESS, Override.NONE, false),

  // ---- Trust and path building ----
  SEC_ERROR_UNKNOWN_ISSUER(-8179, "ERROR_UNKNOWN_ISSUER", Rank.UNKNOWN_ISSUER, Override.TRUST, false),
  MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT(-16370, "ERROR_SELF_SIGNED_CERT", Rank.UNKNOWN_ISSUER, Override.TRUST, false),
  MOZILLA_PKIX_ERROR_MITM_DETECTED(-16369, "ERROR_MITM_DETECTED", Rank.UNKNOWN_ISSUER, Override.TRUST, false),
  SEC_ERROR_UNTRUSTED_CERT(-8171, "ERROR_UNTRUSTED_CERT", Rank.DISTRUST, Override.NONE, false),
  SEC_ERROR_UNTRUSTED_ISSUER(-8172, "ERROR_UNTRUSTED_ISSUER", Rank.DISTRUST, Override.NONE, false),
  SEC_ERROR_REVOKED_CERTIFICATE(-8180, "ERROR_REVOKED_CERTIFICATE", Rank.DISTRUST, Override.NONE, false),
  MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED(-16367, "ERROR_ISSUER_NO_LONGER_TRUSTED", Rank.DISTRUST, Override.NONE, false),
  MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED(-16371, "ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED", Rank.DISTRUST, Override.NONE, false),
  MOZILLA_PKIX_ERROR_KEY_PINNING_FAILURE(-16384, "ERROR_KEY_PINNING_FAILURE", Rank.DISTRUST, Override.NONE, false),
  SEC_ERROR_CA_CERT_INVALID(-8156, "ERROR_CA_CERT_INVALID", Rank.CERT, Override.TRUST, false),
  MOZILLA_PKIX_ERROR_V1_CERT_USED_AS_CA(-16381, "ERROR_V1_CERT_USED_AS_CA", Rank.CERT, Override.TRUST, false),
  MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY(-16383, "ERROR_CA_CERT_USED_AS_END_ENTITY", Rank.CERT, Override.TRUST, false),
  SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID(-8155, "ERROR_PATH_LEN_CONSTRAINT_INVALID", Rank.CERT, Override.NONE, false),
  MOZILLA_PKIX_ERROR_EMPTY_ISSUER_NAME(-16372, "ERROR_EMPTY_ISSUER_NAME", Rank.CERT, Override.TRUST, false),
  MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY(-16368, "ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY", Rank.POLICY, Override.TRUST, false),

  // ---- Time ----
  SEC_ERROR_EXPIRED_CERTIFICATE(-8181, "ERROR_EXPIRED_CERTIFICATE", Rank.CERT, Override.TIME, true),
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE(-16379, "ERROR_NOT_YET_VALID_CERTIFICATE", Rank.CERT, Override.TIME, true),
  SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE(-8162, "ERROR_EXPIRED_ISSUER_CERTIFICATE", Rank.CERT, Override.TRUST, true),
  MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE(-16378, "ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE", Rank.CERT, Override.TRUST, true),
  /** mozilla::pkix ERROR_INVALID_DER_TIME: a validity time that does not parse. */
  SEC_ERROR_INVALID_TIME(-8184, "ERROR_INVALID_DER_TIME", Rank.CERT, Override.TIME, false),
  MOZILLA_PKIX_ERROR_VALIDITY_TOO_LONG(-16375, "ERROR_VALIDITY_TOO_LONG", Rank.CERT, Override.NONE, false),

  // ---- Names ----
  SSL_ERROR_BAD_CERT_DOMAIN(-12276, "ERROR_BAD_CERT_DOMAIN", Rank.HOST, Override.DOMAIN, false),
  SEC_ERROR_CERT_NOT_IN_NAME_SPACE(-8080, "ERROR_CERT_NOT_IN_NAME_SPACE", Rank.CERT, Override.NONE, false),

  // ---- Algorithms and keys ----
  SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED(-8016, "ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED", Rank.CERT, Override.TRUST, false),
  MOZILLA_PKIX_ERROR_SIGNATURE_ALGORITHM_MISMATCH(-16377, "ERROR_SIGNATURE_ALGORITHM_MISMATCH", Rank.CERT, Override.NONE, false),
  MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE(-16382, "ERROR_INADEQUATE_KEY_SIZE", Rank.CERT, Override.TRUST, false),
  SEC_ERROR_UNSUPPORTED_KEYALG(-8144, "ERROR_UNSUPPORTED_KEYALG", Rank.CERT, Override.NONE, false),
  SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE(-8051, "ERROR_UNSUPPORTED_ELLIPTIC_CURVE", Rank.CERT, Override.NONE, false),
  SEC_ERROR_UNSUPPORTED_EC_POINT_FORM(-8050, "ERROR_UNSUPPORTED_EC_POINT_FORM", Rank.CERT, Override.NONE, false),
  SEC_ERROR_INVALID_ALGORITHM(-8186, "ERROR_INVALID_ALGORITHM", Rank.CERT, Override.NONE, false),
  SEC_ERROR_INVALID_KEY(-8152, "ERROR_INVALID_KEY", Rank.CERT, Override.NONE, false),
  SEC_ERROR_BAD_SIGNATURE(-8182, "ERROR_BAD_SIGNATURE", Rank.CERT, Override.NONE, false),

  // ---- Encoding and extensions ----
  SEC_ERROR_BAD_DER(-8183, "ERROR_BAD_DER", Rank.CERT, Override.NONE, false),
  MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING(-16373, "ERROR_INVALID_INTEGER_ENCODING", Rank.CERT, Override.NONE, false),
  SEC_ERROR_EXTENSION_VALUE_INVALID(-8158, "ERROR_EXTENSION_VALUE_INVALID", Rank.CERT, Override.NONE, false),
  SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION(-8151, "ERROR_UNKNOWN_CRITICAL_EXTENSION", Rank.CERT, Override.NONE, false),
  SEC_ERROR_INADEQUATE_KEY_USAGE(-8102, "ERROR_INADEQUATE_KEY_USAGE", Rank.CERT, Override.NONE, false),
  SEC_ERROR_INADEQUATE_CERT_TYPE(-8101, "ERROR_INADEQUATE_CERT_TYPE", Rank.CERT, Override.NONE, false),
  SEC_ERROR_POLICY_VALIDATION_FAILED(-8032, "ERROR_POLICY_VALIDATION_FAILED", Rank.CERT, Override.NONE, false),
  MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING(-16374, "ERROR_REQUIRED_TLS_FEATURE_MISSING", Rank.POLICY, Override.NONE, false),
  SEC_ERROR_CERT_BAD_ACCESS_LOCATION(-8075, "ERROR_CERT_BAD_ACCESS_LOCATION", Rank.REVOCATION, Override.NONE, false),

  // ---- OCSP ----
  MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING(-16376, "ERROR_OCSP_RESPONSE_FOR_CERT_MISSING", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_UNKNOWN_CERT(-8066, "ERROR_OCSP_UNKNOWN_CERT", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_OLD_RESPONSE(-8060, "ERROR_OCSP_OLD_RESPONSE", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_FUTURE_RESPONSE(-8061, "ERROR_OCSP_FUTURE_RESPONSE", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_BAD_SIGNATURE(-8035, "ERROR_OCSP_BAD_SIGNATURE", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_INVALID_SIGNING_CERT(-8048, "ERROR_OCSP_INVALID_SIGNING_CERT", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_RESPONDER_CERT_INVALID(-8036, "ERROR_OCSP_RESPONDER_CERT_INVALID", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_MALFORMED_RESPONSE(-8063, "ERROR_OCSP_MALFORMED_RESPONSE", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_MALFORMED_REQUEST(-8072, "ERROR_OCSP_MALFORMED_REQUEST", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_SERVER_ERROR(-8071, "ERROR_OCSP_SERVER_ERROR", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_TRY_SERVER_LATER(-8070, "ERROR_OCSP_TRY_SERVER_LATER", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_REQUEST_NEEDS_SIG(-8069, "ERROR_OCSP_REQUEST_NEEDS_SIG", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_UNAUTHORIZED_REQUEST(-8068, "ERROR_OCSP_UNAUTHORIZED_REQUEST", Rank.REVOCATION, Override.NONE, false),
  SEC_ERROR_OCSP_UNKNOWN_RESPONSE_STATUS(-8067, "ERROR_OCSP_UNKNOWN_RESPONSE_STATUS", Rank.REVOCATION, Override.NONE, false),

  // ---- Fatal: the verifier itself failed; never a verdict about the certificate ----
  SEC_ERROR_LIBRARY_FAILURE(-8191, "FATAL_ERROR_LIBRARY_FAILURE", Rank.FATAL, Override.NONE, false),
  SEC_ERROR_INVALID_ARGS(-8187, "FATAL_ERROR_INVALID_ARGS", Rank.FATAL, Override.NONE, false),
  SEC_ERROR_NO_MEMORY(-8173, "FATAL_ERROR_NO_MEMORY", Rank.FATAL, Override.NONE, false);

  /** Coarse ranking classes (see the class Javadoc). Lower ordinal = preferred when comparing. */
  public enum Rank { FATAL, DISTRUST, CERT, UNKNOWN_ISSUER, POLICY, HOST, REVOCATION, SUCCESS }

  /** Which kind of "Accept the Risk and Continue" exception can cover the error (spec §6). */
  public enum Override {
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
  private final Rank rank;
  private final Override override;
  private final boolean timeRelated;

  Result(int nssCode, String pkixName, Rank rank, Override override, boolean timeRelated) {
    this.nssCode = nssCode;
    this.firefoxName = name();
    this.pkixName = pkixName;
    this.rank = rank;
    this.override = override;
    this.timeRelated = timeRelated;
  }

  Result(int nssCode, String firefoxName, String pkixName, Rank rank, Override override,
      boolean timeRelated) {
    this.nssCode = nssCode;
    this.firefoxName = firefoxName;
    this.pkixName = pkixName;
    this.rank = rank;
    this.override = override;
    this.timeRelated = timeRelated;
  }

  /** The NSS/PR numeric error value (0 for success), as in {@code secerr.h}/{@code sslerr.h}. */
  public int nssCode() { return nssCode; }

  /** The name Firefox shows ("Success" for {@link #SUCCESS}). */
  public String firefoxName() { return firefoxName; }

  /** The mozilla::pkix {@code Result} name ({@code ERROR_UNKNOWN_ISSUER}, …). */
  public String pkixName() { return pkixName; }

  public Rank rank() { return rank; }

  public Override override() { return override; }

  /** True if an exception ("Accept the Risk and Continue") may cover this error. */
  public boolean isOverridable() { return override != Override.NONE; }

  /** True for the errors whose page checks whether the computer's clock is wrong (spec §7 ⏰). */
  public boolean isTimeRelated() { return timeRelated; }

  /** True if the verifier failed rather than reaching a verdict (mozilla::pkix FATAL_ERROR_*). */
  public boolean isFatal() { return rank == Rank.FATAL; }

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
