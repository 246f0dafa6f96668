/**
 * Firefox's policy around path building: what {@code CertVerifier}, the socket layer
 * and the certificate error page add to mozilla::pkix's verdict.
 *
 * <ul>
 *   <li><b>Inside a verification</b> ({@link dev.pkixj.verifier.policy.TlsPolicy}, given to
 *       {@link dev.pkixj.verifier.Verifier#withPolicy}): a OneCRL-style
 *       {@link dev.pkixj.verifier.policy.RevocationBlocklist} (REVOKED_CERTIFICATE from
 *       {@code GetCertTrust}), named-CA distrust with an intermediate allow-list
 *       ({@link dev.pkixj.verifier.policy.CaDistrust}, the Symantec model:
 *       ADDITIONAL_POLICY_CONSTRAINT_FAILED from {@code IsChainValid}, also replacing the final
 *       non-fatal, non-revocation error of a search that met it), and the
 *       {@link dev.pkixj.verifier.policy.MitmCanary} (MITM_DETECTED). The trust domain of each
 *       pass is wrapped in a {@link dev.pkixj.verifier.policy.PolicyTrustDomain}.</li>
 *   <li><b>Above a verification</b> ({@link dev.pkixj.verifier.policy.BrowserVerifier}, per
 *       host and port): certificate exceptions ({@link dev.pkixj.verifier.policy.CertExceptions},
 *       matched by the end-entity's SHA-256 and usable for overridable errors only), hosts that
 *       allow none ({@link dev.pkixj.verifier.policy.HstsHosts}), and the time-error page's
 *       clock check ({@link dev.pkixj.verifier.policy.ClockHints} with a lock-free
 *       {@link dev.pkixj.verifier.policy.ClockSkewMonitor}). What it adds is in
 *       {@link dev.pkixj.verifier.VerificationResult#notes()}
 *       ({@link dev.pkixj.verifier.policy.PolicyNotes}); a success through an exception is
 *       {@link dev.pkixj.pkix.Result#SUCCESS} with
 *       {@link dev.pkixj.verifier.VerificationResult#overriddenError()} set.</li>
 *   <li><b>Explanations</b> ({@link dev.pkixj.verifier.explain.Explanations}) read those notes:
 *       "Did Not Connect: Potential Security Issue" for an HSTS host, "Your Computer Clock is
 *       Wrong" when the clock is blamed, the time used and its source for other time errors,
 *       and the exception in use for an overridden success.</li>
 *   <li><b>Persistent settings</b>: exceptions kept in the certificate database ({@link
 *       dev.pkixj.verifier.policy.DbCertExceptions}) and the configuration file {@code
 *       ~/.pkixj/config.properties} with what Firefox keeps as preferences: the MITM canary,
 *       HSTS/pinned hosts and the clock-skew window ({@link
 *       dev.pkixj.verifier.policy.PolicyConfig}).</li>
 * </ul>
 *
 * <p>Choices where pkixj cannot do exactly what Firefox does, all documented on the classes:
 * the canary is compared after a normalisation ({@link
 * dev.pkixj.verifier.policy.DistinguishedName}) rather than as an exact NSS string; the clock
 * check uses a ±1-day window around the verification time, a fixed build-date floor and a
 * per-process failure monitor instead of Firefox's remote-settings server time ({@link
 * dev.pkixj.verifier.policy.ClockHints}); exceptions have no origin attributes (normal browsing
 * only).
 */
package dev.pkixj.verifier.policy;
