package dev.pkixj.cli;

import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.revocation.CrliteMode;
import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Revocation for the commands that verify ({@code verify}, {@code check}): Firefox's soft-fail
 * (default) or hard-fail mode, and whether to fetch from the end-entity's OCSP responder (off by
 * default for the command line: no network unless asked). {@code verify} also takes a stapled
 * response from a file ({@link StapleOption}); {@code check} gets the one the server staples.
 * CRLite filters come from {@code --crlite}, else from the store {@code pkixj crlite update}
 * writes ({@link dev.pkixj.truststore.crlite.CrliteStore#defaultDir()}); CRLite is enforced by default, as in Firefox
 * (docs/crlite.md).
 */
final class RevocationOptions {
  @Option(names = "--revocation", paramLabel = "soft|hard|off",
      description = "Firefox's soft-fail (default), hard-fail, or no revocation checking.")
  String mode = "soft";

  @Option(names = "--ocsp-fetch",
      description = "Ask the leaf's OCSP responder (its first AIA OCSP URL) when no usable "
          + "stapled or cached answer exists.")
  boolean fetch;

  @Mixin CrliteOptions crliteOptions = new CrliteOptions();

  /**
   * The run's revocation settings.
   *
   * @param err where a damaged filter store's warning goes (one line)
   * @param command the command's full name (pkixj verify), for the warning
   */
  RevocationConfig config(PrintWriter err, String command) throws CliException {
    RevocationConfig c;
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "off":
        c = RevocationConfig.off();
        break;
      case "soft":
        c = RevocationConfig.batchDefaults().withMode(RevocationConfig.Mode.SOFT)
            .withFetch(fetch);
        break;
      case "hard":
        c = RevocationConfig.batchDefaults().withMode(RevocationConfig.Mode.HARD)
            .withFetch(fetch);
        break;
      default:
        throw new CliException("--revocation must be soft, hard or off, not '" + mode + "'");
    }
    // Firefox's default (security.pki.crlite_mode 2), with or without filters
    CrliteMode m = crliteOptions.mode(CrliteMode.ENFORCE);
    return c.withCrlite(m, m == CrliteMode.OFF ? CrliteFilters.NONE
        : crliteOptions.filters(err, command));
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
