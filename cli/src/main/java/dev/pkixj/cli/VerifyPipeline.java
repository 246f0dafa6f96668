package dev.pkixj.cli;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.db.CertDbException;
import dev.pkixj.verifier.policy.DbCertExceptions;
import dev.pkixj.verifier.policy.PolicyConfig;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.policy.BrowserVerifier;
import dev.pkixj.verifier.policy.CertExceptions;
import dev.pkixj.verifier.policy.MitmCanary;
import dev.pkixj.verifier.policy.TimeSource;
import dev.pkixj.verifier.policy.TlsPolicy;
import dev.pkixj.verifier.policy.RevocationBlocklist;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.verifier.ct.CtSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The verification that {@code verify} and {@code check} both run: pkixj's {@link Verifier} with
 * the TLS policy (MITM canary), under the browser layer ({@link BrowserVerifier}: certificate
 * exceptions from the database, HSTS hosts, clock hints) and the run's Certificate Transparency
 * settings. One object for both commands, so that
 * the same chain, host, port, time and settings give the same verdict whether the chain came from
 * files or from a TLS handshake.
 */
final class VerifyPipeline {
  private final TrustDomainFactory trustDomains;
  private final BrowserVerifier browser;
  private final Verifier verifier;

  private VerifyPipeline(TrustDomainFactory trustDomains, BrowserVerifier browser,
      Verifier verifier) {
    this.trustDomains = trustDomains;
    this.browser = browser;
    this.verifier = verifier;
  }

  /**
   * The pipeline over {@code trustDomains} with the options of a run ({@code verify}, {@code
   * check}): the settings file of {@code policy}, its canary replaced by {@code --mitm-canary}.
   *
   * @param database where certificate exceptions are looked up, or null for none
   * @param readDefaultSettings whether the default settings file is read when {@code --config}
   *     is not given
   */
  static VerifyPipeline build(TrustDomainFactory trustDomains, Path database,
      PolicyOptions policy, CtOptions ct, boolean readDefaultSettings, PrintWriter err,
      String command) throws CliException {
    return build(trustDomains, database, policy, ct, readDefaultSettings, err, command,
        OneCrl.EMPTY);
  }

  /** As above, applying {@code oneCrl} (TLS server verification, every candidate path). */
  static VerifyPipeline build(TrustDomainFactory trustDomains, Path database,
      PolicyOptions policy, CtOptions ct, boolean readDefaultSettings, PrintWriter err,
      String command, OneCrl oneCrl) throws CliException {
    return build(trustDomains, database, policy, ct, readDefaultSettings, err, command, oneCrl,
        null);
  }

  /**
   * As above, under the profile of {@code profile} ({@code --profile}, {@code --crl}, {@code
   * --max-chain-depth}; null for the Firefox profile): docs/strict-profile.md.
   */
  static VerifyPipeline build(TrustDomainFactory trustDomains, Path database,
      PolicyOptions policy, CtOptions ct, boolean readDefaultSettings, PrintWriter err,
      String command, OneCrl oneCrl, ProfileOptions profile) throws CliException {
    PolicyConfig settings = policy.settings(readDefaultSettings);
    MitmCanary canary = policy.canary(settings);
    return build(trustDomains, database, settings, canary, ct.settings(settings, err, command),
        oneCrl, profile);
  }

  /**
   * The pipeline over {@code trustDomains} with {@code settings} (HSTS hosts, clock hints),
   * {@code canary} and the Certificate Transparency settings {@code ct} ({@link CtOptions}).
   *
   * @param database where certificate exceptions are looked up, or null for none
   */
  static VerifyPipeline build(TrustDomainFactory trustDomains, Path database,
      PolicyConfig settings, MitmCanary canary, CtSettings ct) throws CliException {
    return build(trustDomains, database, settings, canary, ct, OneCrl.EMPTY);
  }

  /** As above, applying {@code oneCrl} (TLS server verification, every candidate path). */
  static VerifyPipeline build(TrustDomainFactory trustDomains, Path database,
      PolicyConfig settings, MitmCanary canary, CtSettings ct, OneCrl oneCrl)
      throws CliException {
    return build(trustDomains, database, settings, canary, ct, oneCrl, null);
  }

  /** As above, under the profile of {@code profile} (null: the Firefox profile). */
  static VerifyPipeline build(TrustDomainFactory trustDomains, Path database,
      PolicyConfig settings, MitmCanary canary, CtSettings ct, OneCrl oneCrl,
      ProfileOptions profile) throws CliException {
    Verifier verifier = new Verifier(trustDomains)
        .withPolicy(TlsPolicy.builder().mitmCanary(canary)
            .blocklist(RevocationBlocklist.of(oneCrl)).build()).withCt(ct);
    if (profile != null) {
      verifier = profile.apply(verifier);
    }
    try {
      return new VerifyPipeline(trustDomains, BrowserVerifier.builder(verifier)
          .exceptions(exceptionsIn(database)).hsts(settings.hstsHosts())
          .clockHints(settings.clockHints()).build(), verifier);
    } catch (IllegalArgumentException e) {
      throw new CliException(settings.file() + ": " + e.getMessage());
    }
  }

  /** The trust domains verified with (for describing a stapled response). */
  TrustDomainFactory trustDomains() {
    return trustDomains;
  }

  /**
   * Verifies {@code chain} (leaf first, then whatever else was presented) for {@code host} and
   * {@code port} at {@code at}, with the stapled OCSP response and the SCT list of the TLS
   * extension when there are (null otherwise).
   */
  VerificationResult verify(List<byte[]> chain, String host, int port, Instant at,
      TimeSource source, byte[] staple, byte[] tlsSctList) {
    return browser.verify(chain, host, port, at, source, staple, tlsSctList);
  }

  /** The OneCRL entry that refused {@code r} ({@link Verifier#oneCrlMatch}), or null. */
  RevocationBlocklist.Match oneCrlMatch(VerificationResult r, List<byte[]> presented) {
    return verifier.oneCrlMatch(r, presented);
  }

  /** The exceptions of the database, read only if an overridable error needs them. */
  private static CertExceptions exceptionsIn(Path database) {
    if (database == null) {
      return CertExceptions.none();
    }
    return (h, p) -> {
      if (!Files.isRegularFile(database)) {
        return Optional.empty();
      }
      try (CertDb db = CertDb.openReadOnly(database)) {
        Optional<CertOverride> o = DbCertExceptions.find(db, h, p);
        return o.map(DbCertExceptions::toException);
      } catch (CertDbException ex) {
        return Optional.empty();
      }
    };
  }
}
