/**
 * Firefox's revocation layer for the browser trust domain: the policy ({@link
 * dev.pkixj.truststore.revocation.RevocationChecker}, {@code NSSCertDBTrustDomain::CheckRevocation}),
 * its configuration ({@link dev.pkixj.truststore.revocation.RevocationConfig}: off, soft-fail or
 * hard-fail, fetching on or off, timeouts, the short-lifetime threshold, the shared {@link
 * dev.pkixj.truststore.revocation.OcspCache}) and the network fetch ({@link
 * dev.pkixj.truststore.revocation.OcspFetcher}, {@link
 * dev.pkixj.truststore.revocation.HttpOcspFetcher}).
 *
 * <p>Use it through {@code TrustStore.trustDomains(RevocationConfig)}; the no-argument {@code
 * trustDomains()} checks no revocation.
 */
package dev.pkixj.truststore.revocation;
