package dev.pkixj.truststore.importer;

import dev.pkixj.truststore.Trust;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import java.nio.charset.StandardCharsets;

/**
 * OpenSSL's auxiliary trust settings, the {@code X509_CERT_AUX} that follows the certificate in a
 * "TRUSTED CERTIFICATE" PEM block ({@code crypto/x509/x_x509a.c}):
 *
 * <pre>
 * X509_CERT_AUX ::= SEQUENCE {
 *   trust  SEQUENCE OF OBJECT IDENTIFIER OPTIONAL,          -- trusted uses
 *   reject [0] IMPLICIT SEQUENCE OF OBJECT IDENTIFIER OPTIONAL,
 *   alias  UTF8String OPTIONAL,
 *   keyid  OCTET STRING OPTIONAL,
 *   other  [1] IMPLICIT SEQUENCE OF AlgorithmIdentifier OPTIONAL }
 * </pre>
 *
 * Only server authentication matters here: serverAuth (1.3.6.1.5.5.7.3.1) or anyExtendedKeyUsage
 * (2.5.29.37.0) in the reject list means DISTRUSTED; a non-empty trust list with neither means
 * "not trusted for TLS" (INHERIT: OpenSSL 1.1+ rejects such a certificate for the purpose, but
 * it is not an explicit distrust); otherwise the caller's trust stands.
 */
final class OpenSslAux {
  private static final byte[] SERVER_AUTH = {0x2b, 6, 1, 5, 5, 7, 3, 1};
  private static final byte[] ANY_EKU = {0x55, 0x1d, 0x25, 0x00};

  final boolean rejectsServerAuth;
  final boolean hasTrustList;
  final boolean trustsServerAuth;
  final String alias;

  private OpenSslAux(boolean rejects, boolean hasTrust, boolean trusts, String alias) {
    this.rejectsServerAuth = rejects;
    this.hasTrustList = hasTrust;
    this.trustsServerAuth = trusts;
    this.alias = alias;
  }

  /** No auxiliary data at all (a TRUSTED CERTIFICATE block holding only the certificate). */
  static final OpenSslAux NONE = new OpenSslAux(false, false, false, null);

  /**
   * Parses the bytes after the certificate.
   *
   * @throws IllegalArgumentException when they are not a well-formed X509_CERT_AUX
   */
  static OpenSslAux parse(byte[] aux) {
    if (aux.length == 0) {
      return NONE;
    }
    try {
      DerReader outer = new DerReader(aux, 0, aux.length);
      DerReader seq = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      boolean hasTrust = false;
      boolean trusts = false;
      boolean rejects = false;
      String alias = null;
      if (seq.peek(DerReader.SEQUENCE)) {
        DerReader trust = seq.expectNested(DerReader.SEQUENCE);
        while (!trust.atEnd()) {
          trust.expect(DerReader.OID);
          hasTrust = true;
          trusts |= trust.valueEquals(SERVER_AUTH) || trust.valueEquals(ANY_EKU);
        }
      }
      if (seq.peek(DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED)) {
        DerReader reject = seq.expectNested(DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED);
        while (!reject.atEnd()) {
          reject.expect(DerReader.OID);
          rejects |= reject.valueEquals(SERVER_AUTH) || reject.valueEquals(ANY_EKU);
        }
      }
      if (seq.peek(DerReader.UTF8_STRING)) {
        seq.expect(DerReader.UTF8_STRING);
        alias = new String(seq.value().toByteArray(), StandardCharsets.UTF_8);
      }
      seq.skipOptional(DerReader.OCTET_STRING);
      seq.skipOptional(DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED | 1);
      seq.end();
      return new OpenSslAux(rejects, hasTrust, trusts, alias == null || alias.isBlank() ? null : alias);
    } catch (PkixException | RuntimeException e) {
      throw new IllegalArgumentException("malformed X509_CERT_AUX", e);
    }
  }

  /** The trust for TLS server authentication, starting from the caller's {@code base}. */
  Trust apply(Trust base) {
    if (rejectsServerAuth) {
      return Trust.DISTRUSTED;
    }
    if (hasTrustList && !trustsServerAuth) {
      return ImportCollector.restrictive(base, Trust.INHERIT);
    }
    return base;
  }
}
