/**
 * Certificate Transparency as Firefox enforces it (security/ct/ and CertVerifier's TLS-server
 * branch): SCT lists from the three sources, per-SCT verification against the known-log list, the
 * CT policy, and the result attached to a verification. The behaviour is specified in
 * {@code ../shared/spec/firefox-ct-crlite.md}, part A; docs/ct.md says how pkixj applies it.
 */
package dev.pkixj.verifier.ct;
