package dev.pkixj.pkix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins the error enum to Firefox's names, NSS numbers and override classes (spec §6, §7). */
class ResultTest {

  @Test
  void nssNumbersAreFirefoxs() {
    Map<Result, Integer> spec = Map.ofEntries(
        Map.entry(Result.SEC_ERROR_UNKNOWN_ISSUER, -8179),
        Map.entry(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, -16370),
        Map.entry(Result.MOZILLA_PKIX_ERROR_MITM_DETECTED, -16369),
        Map.entry(Result.SEC_ERROR_CA_CERT_INVALID, -8156),
        Map.entry(Result.SEC_ERROR_UNTRUSTED_ISSUER, -8172),
        Map.entry(Result.SEC_ERROR_UNTRUSTED_CERT, -8171),
        Map.entry(Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE, -8162),
        Map.entry(Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE, -16378),
        Map.entry(Result.SEC_ERROR_EXPIRED_CERTIFICATE, -8181),
        Map.entry(Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE, -16379),
        Map.entry(Result.SEC_ERROR_INVALID_TIME, -8184),
        Map.entry(Result.SSL_ERROR_BAD_CERT_DOMAIN, -12276),
        Map.entry(Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED, -8016),
        Map.entry(Result.MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE, -16382),
        Map.entry(Result.MOZILLA_PKIX_ERROR_V1_CERT_USED_AS_CA, -16381),
        Map.entry(Result.MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY, -16383),
        Map.entry(Result.MOZILLA_PKIX_ERROR_EMPTY_ISSUER_NAME, -16372),
        Map.entry(Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY, -16368),
        Map.entry(Result.SEC_ERROR_REVOKED_CERTIFICATE, -8180),
        Map.entry(Result.MOZILLA_PKIX_ERROR_ISSUER_NO_LONGER_TRUSTED, -16367),
        Map.entry(Result.MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED, -16371),
        Map.entry(Result.MOZILLA_PKIX_ERROR_KEY_PINNING_FAILURE, -16384),
        Map.entry(Result.SEC_ERROR_BAD_SIGNATURE, -8182),
        Map.entry(Result.SEC_ERROR_BAD_DER, -8183),
        Map.entry(Result.SEC_ERROR_INADEQUATE_KEY_USAGE, -8102),
        Map.entry(Result.SEC_ERROR_INADEQUATE_CERT_TYPE, -8101),
        Map.entry(Result.SEC_ERROR_EXTENSION_VALUE_INVALID, -8158),
        Map.entry(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION, -8151),
        Map.entry(Result.SEC_ERROR_PATH_LEN_CONSTRAINT_INVALID, -8155),
        Map.entry(Result.SEC_ERROR_CERT_NOT_IN_NAME_SPACE, -8080),
        Map.entry(Result.SEC_ERROR_POLICY_VALIDATION_FAILED, -8032),
        Map.entry(Result.SEC_ERROR_UNSUPPORTED_KEYALG, -8144),
        Map.entry(Result.SEC_ERROR_UNSUPPORTED_ELLIPTIC_CURVE, -8051),
        Map.entry(Result.SEC_ERROR_UNSUPPORTED_EC_POINT_FORM, -8050),
        Map.entry(Result.SEC_ERROR_INVALID_ALGORITHM, -8186),
        Map.entry(Result.SEC_ERROR_INVALID_KEY, -8152),
        Map.entry(Result.MOZILLA_PKIX_ERROR_SIGNATURE_ALGORITHM_MISMATCH, -16377),
        Map.entry(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING, -16373),
        Map.entry(Result.MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING, -16374),
        Map.entry(Result.MOZILLA_PKIX_ERROR_VALIDITY_TOO_LONG, -16375),
        Map.entry(Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION, -8075),
        Map.entry(Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING, -16376),
        Map.entry(Result.SEC_ERROR_OCSP_UNKNOWN_CERT, -8066),
        Map.entry(Result.SEC_ERROR_OCSP_OLD_RESPONSE, -8060),
        Map.entry(Result.SEC_ERROR_OCSP_FUTURE_RESPONSE, -8061),
        Map.entry(Result.SEC_ERROR_OCSP_BAD_SIGNATURE, -8035),
        Map.entry(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT, -8048),
        Map.entry(Result.SEC_ERROR_OCSP_RESPONDER_CERT_INVALID, -8036),
        Map.entry(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE, -8063),
        Map.entry(Result.SEC_ERROR_OCSP_MALFORMED_REQUEST, -8072),
        Map.entry(Result.SEC_ERROR_OCSP_SERVER_ERROR, -8071),
        Map.entry(Result.SEC_ERROR_OCSP_TRY_SERVER_LATER, -8070),
        Map.entry(Result.SEC_ERROR_OCSP_REQUEST_NEEDS_SIG, -8069),
        Map.entry(Result.SEC_ERROR_OCSP_UNAUTHORIZED_REQUEST, -8068),
        Map.entry(Result.SEC_ERROR_OCSP_UNKNOWN_RESPONSE_STATUS, -8067));
    spec.forEach((r, code) -> assertEquals(code.intValue(), r.nssCode(), r.name()));
    Set<Integer> codes = new HashSet<>();
    for (Result r : Result.values()) {
      assertTrue(codes.add(r.nssCode()), "NSS numbers are unique: " + r);
    }
  }

  @Test
  void overridableClassesAreFirefoxs() {
    Set<Result> trust = EnumSet.of(Result.SEC_ERROR_UNKNOWN_ISSUER,
        Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, Result.MOZILLA_PKIX_ERROR_MITM_DETECTED,
        Result.SEC_ERROR_CA_CERT_INVALID, Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED,
        Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE,
        Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE,
        Result.MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY,
        Result.MOZILLA_PKIX_ERROR_EMPTY_ISSUER_NAME, Result.MOZILLA_PKIX_ERROR_INADEQUATE_KEY_SIZE,
        Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY,
        Result.MOZILLA_PKIX_ERROR_V1_CERT_USED_AS_CA);
    Set<Result> time = EnumSet.of(Result.SEC_ERROR_EXPIRED_CERTIFICATE,
        Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE, Result.SEC_ERROR_INVALID_TIME);
    for (Result r : Result.values()) {
      Result.OverrideKind expected = trust.contains(r) ? Result.OverrideKind.TRUST
          : time.contains(r) ? Result.OverrideKind.TIME
          : r == Result.SSL_ERROR_BAD_CERT_DOMAIN ? Result.OverrideKind.DOMAIN
          : Result.OverrideKind.NONE;
      assertEquals(expected, r.override(), r.name());
      assertEquals(expected != Result.OverrideKind.NONE, r.isOverridable(), r.name());
    }
    assertFalse(Result.SEC_ERROR_REVOKED_CERTIFICATE.isOverridable());
    assertFalse(Result.MOZILLA_PKIX_ERROR_KEY_PINNING_FAILURE.isOverridable());
  }

  @Test
  void timeRelatedCodesGetTheClockCheck() {
    Set<Result> clock = EnumSet.of(Result.SEC_ERROR_EXPIRED_CERTIFICATE,
        Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE,
        Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE,
        Result.MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE);
    for (Result r : Result.values()) {
      assertEquals(clock.contains(r), r.isTimeRelated(), r.name());
    }
  }

  @Test
  void lookupByAnyName() {
    assertSame(Result.SEC_ERROR_UNKNOWN_ISSUER, Result.lookup("SEC_ERROR_UNKNOWN_ISSUER"));
    assertSame(Result.SEC_ERROR_UNKNOWN_ISSUER, Result.lookup("error_unknown_issuer"));
    assertSame(Result.SEC_ERROR_UNKNOWN_ISSUER, Result.lookup("-8179"));
    assertSame(Result.SEC_ERROR_INVALID_TIME, Result.lookup("ERROR_INVALID_DER_TIME"));
    assertSame(Result.SUCCESS, Result.lookup("Success"));
    assertNull(Result.lookup("NO_SUCH_CODE"));
    assertNull(Result.lookup(null));
  }

  @Test
  void fatalIsExactlyMozillaPkixsFatalErrors() {
    // pkix.h: FATAL_ERROR_* means the verifier failed, not the certificate; nothing else is fatal.
    Set<Result> fatal = EnumSet.of(Result.SEC_ERROR_LIBRARY_FAILURE, Result.SEC_ERROR_INVALID_ARGS,
        Result.SEC_ERROR_NO_MEMORY);
    for (Result r : Result.values()) {
      assertEquals(fatal.contains(r), r.isFatal(), r.name());
    }
  }
}
