/**
 * The file formats of Firefox's policy layer that belong to storage: certificate exceptions
 * exchanged with Firefox's {@code cert_override.txt} ({@link
 * dev.pkixj.truststore.policy.CertOverrideFile}). The policy itself (the exceptions kept in the
 * certificate database, the configuration file with the MITM canary, HSTS hosts and the
 * clock-skew window) is the verifier module's {@code dev.pkixj.verifier.policy}.
 */
package dev.pkixj.truststore.policy;
