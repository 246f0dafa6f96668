package dev.pkixj.cli;

import dev.pkixj.batch.Pem;
import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Revocation for the commands that verify ({@code verify}, {@code check}): Firefox's soft-fail
 * (default) or hard-fail mode, and whether to fetch from the end-entity's OCSP responder (off by
 * default for the command line: no network unless asked). {@code verify} also takes a stapled
 * response from a file ({@link StapleOption}); {@code check} gets the one the server staples.
 */
final class RevocationOptions {
  @Option(names = "--revocation", paramLabel = "soft|hard|off",
      description = "Firefox's soft-fail (default), hard-fail, or no revocation checking.")
  String mode = "soft";

  @Option(names = "--ocsp-fetch",
      description = "Ask the leaf's OCSP responder (its first AIA OCSP URL) when no usable "
          + "stapled or cached answer exists.")
  boolean fetch;

  RevocationConfig config() throws CliException {
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "off":
        return RevocationConfig.off();
      case "soft":
        return RevocationConfig.batchDefaults().withMode(RevocationConfig.Mode.SOFT)
            .withFetch(fetch);
      case "hard":
        return RevocationConfig.batchDefaults().withMode(RevocationConfig.Mode.HARD)
            .withFetch(fetch);
      default:
        throw new CliException("--revocation must be soft, hard or off, not '" + mode + "'");
    }
  }

  /**
   * What the stapled response says about the leaf of the built chain, for display (the verdict
   * itself came from the revocation policy): null without a staple or without the leaf's issuer.
   */
  static OcspVerification describe(byte[] staple, VerificationResult r,
      TrustDomainFactory trustDomains, List<byte[]> presented) {
    if (staple == null || r.chain().size() < 2) {
      return null;
    }
    Cert leaf = r.chain().get(0);
    Cert issuer = r.chain().get(1);
    CertId id = new CertId(leaf.issuer(), issuer.subjectPublicKeyInfo(), leaf.serialNumber());
    return OcspVerifier.verify(trustDomains.create(presented, 2048, null), id,
        r.time().getEpochSecond(), 10, staple);
  }
}
