/**
 * OCSP with the results of Firefox's mozilla::pkix {@code pkixocsp.cpp}: {@link
 * dev.pkixj.pkix.ocsp.OcspVerifier#verify} is {@code VerifyEncodedOCSPResponse} (a stapled or
 * fetched response about one certificate, with the {@code expired}, thisUpdate and validThrough
 * outputs Firefox's OCSP cache and revocation policy need) and {@link
 * dev.pkixj.pkix.ocsp.OcspVerifier#createRequest} is {@code CreateEncodedOCSPRequest}.
 *
 * <p>The port follows the NSS revision whose ResponseData must end after its extensions (a
 * trailing element inside tbsResponseData is a malformed response). Caching and the revocation
 * policy (soft/hard fail, which errors of a staple are final) belong to the trust domain, not
 * here.
 */
package dev.pkixj.pkix.ocsp;
