package dev.pkixj.jsse;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import java.time.Instant;
import java.util.List;

/**
 * What a stapled OCSP response says about the end-entity, for display ({@code pkixj check}): the
 * response checked on its own with mozilla::pkix's {@code VerifyEncodedOCSPResponse} against the
 * end-entity's issuer. Whether the staple changes the verdict is the verifier's business (its
 * revocation policy), not this class's.
 *
 * @param stapled whether the server stapled a response
 * @param verification the response's verdict, or null when nothing was stapled or the issuer is
 *     unknown
 * @param note why there is no verification, or null
 */
public record OcspStaple(boolean stapled, OcspVerification verification, String note) {

  /**
   * Inspects {@code staple} for {@code presented.get(0)}; the issuer is taken from the built
   * chain of {@code result}, else from the presented certificates.
   */
  public static OcspStaple inspect(PkixjTrust trust, List<byte[]> presented,
      VerificationResult result, byte[] staple, Instant time) {
    if (staple == null || staple.length == 0) {
      return new OcspStaple(false, null, "no stapled response");
    }
    Cert leaf;
    try {
      leaf = Cert.of(presented.get(0));
    } catch (PkixException e) {
      return new OcspStaple(true, null, "the certificate does not parse");
    }
    Cert issuer = null;
    if (result != null && result.chain().size() >= 2 && result.chain().get(0).der() != null
        && java.util.Arrays.equals(result.chain().get(0).der(), leaf.der())) {
      issuer = result.chain().get(1);
    }
    for (int i = 1; issuer == null && i < presented.size(); i++) {
      try {
        Cert c = Cert.of(presented.get(i));
        if (c.subject().contentEquals(leaf.issuer())) {
          issuer = c;
        }
      } catch (PkixException e) {
        // skip
      }
    }
    if (issuer == null) {
      return new OcspStaple(true, null, "the issuer of the certificate is unknown");
    }
    TrustDomain td = trust.trustDomainFactory().create(presented.subList(1, presented.size()),
        2048, staple);
    CertId id = new CertId(leaf.issuer(), issuer.subjectPublicKeyInfo(), leaf.serialNumber());
    return new OcspStaple(true, OcspVerifier.verify(td, id, time.getEpochSecond(),
        OcspVerifier.FIREFOX_MAX_LIFETIME_DAYS, staple), null);
  }
}
