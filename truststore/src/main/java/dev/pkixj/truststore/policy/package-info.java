/**
 * The persistent side of Firefox's policy layer: certificate exceptions kept in the
 * certificate database ({@link dev.pkixj.verifier.policy.DbCertExceptions}) and exchanged with
 * Firefox's {@code cert_override.txt} ({@link dev.pkixj.truststore.policy.CertOverrideFile}),
 * and the small configuration file {@code ~/.pkixj/config.properties} that holds what Firefox
 * keeps as preferences: the MITM canary, HSTS/pinned hosts and the clock-skew window ({@link
 * dev.pkixj.verifier.policy.PolicyConfig}).
 */
package dev.pkixj.truststore.policy;
