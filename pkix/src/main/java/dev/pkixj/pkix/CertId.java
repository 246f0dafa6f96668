package dev.pkixj.pkix;

import dev.pkixj.pkix.der.Input;

/**
 * Identifies a certificate for revocation (RFC 6960 CertID, mozilla::pkix {@code CertID}): the
 * issuer's name as it appears in the subject certificate, the issuer's SubjectPublicKeyInfo, and
 * the serial number's INTEGER contents.
 */
public record CertId(Input issuer, Input issuerSubjectPublicKeyInfo, Input serialNumber) {}
