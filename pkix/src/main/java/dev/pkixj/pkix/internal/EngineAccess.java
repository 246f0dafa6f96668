package dev.pkixj.pkix.internal;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.KeyUsage;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.TrustDomain;

/**
 * The engine's checks that the other pkix packages ({@code names}, {@code ocsp}) need, while the
 * engine itself stays package-private in {@code dev.pkixj.pkix} (as mozilla::pkix's
 * {@code pkixcheck.h} is internal to it). The package {@code dev.pkixj.pkix} installs the one
 * implementation when {@link Cert} is initialized. Not API: this package is not exported.
 */
public abstract class EngineAccess {
  private static volatile EngineAccess installed;

  protected EngineAccess() {}

  /** Called once, by {@code dev.pkixj.pkix}. */
  public static void install(EngineAccess access) {
    if (installed != null) {
      throw new IllegalStateException("the engine is already installed");
    }
    installed = access;
  }

  /** The engine. */
  public static EngineAccess get() {
    EngineAccess a = installed;
    if (a == null) {
      try {
        Class.forName(Cert.class.getName(), true, Cert.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = installed;
    }
    return a;
  }

  /**
   * mozilla::pkix {@code ParseValidity}, memoized in the certificate: its notBefore in seconds
   * since the epoch.
   *
   * @throws PkixException SEC_ERROR_INVALID_TIME when the validity is malformed, before 1970, or
   *     notBefore is after notAfter
   */
  public abstract long notBefore(Cert cert) throws PkixException;

  /**
   * mozilla::pkix {@code CheckIssuerIndependentProperties} for callers outside path building
   * (the OCSP delegated-responder check): asks the trust domain for the certificate's trust, then
   * checks everything that does not depend on the issuer. An anchor checked as an OCSP signer is
   * treated as inheriting trust.
   *
   * @throws PkixException the first failing check's code, in mozilla::pkix's order
   */
  public abstract void checkIssuerIndependentProperties(TrustDomain td, Cert cert,
      EndEntityOrCA role, long time, KeyUsage requiredKeyUsage, KeyPurposeId requiredEku,
      CertPolicy requiredPolicy, int subCaCount) throws PkixException;
}
