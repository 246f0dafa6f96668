package dev.pkixj.cli;

import dev.pkixj.verifier.policy.PolicyConfig;
import dev.pkixj.verifier.policy.MitmCanary;
import dev.pkixj.verifier.policy.TimeSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Option;

/**
 * The browser-policy options of {@code verify} and {@code check}: the verification time, the
 * settings file and the MITM canary. Each applies to its own run only: nothing here writes a
 * file (persistent settings are {@code pkixj config}'s job; README, "Browser policy").
 */
final class PolicyOptions {
  @Option(names = "--time", paramLabel = "TIME", converter = TimeConverter.class,
      description = "Verification time: RFC 3339 (2026-01-01T00:00:00Z) or seconds since 1970. "
          + "Default: now.")
  Instant time;

  @Option(names = "--now",
      description = "Verify at this computer's clock (the default without --time). A time "
          + "error then gets the clock check of Firefox's page (\"Your Computer Clock is "
          + "Wrong\"); with --time the clock is never blamed.")
  boolean now;

  @Option(names = "--mitm-canary", paramLabel = "ISSUER_DN",
      description = "The issuer name (RFC 4514, e.g. 'CN=Acme Inspection CA, O=Acme') of the "
          + "certificates an intercepting product presents: an unknown issuer with this name is "
          + "MOZILLA_PKIX_ERROR_MITM_DETECTED. For this run only ('' turns the configured canary "
          + "off); pkixj config set mitm.canary.issuer DN keeps one.")
  String mitmCanary;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The settings file: MITM canary, HSTS hosts, clock-skew window "
          + "(default: ~/.pkixj/config.properties; see pkixj config). Read, never written.")
  Path config;

  /** Refuses contradictory options. */
  void validate() throws CliException {
    if (now && time != null) {
      throw new CliException("--now and --time are exclusive");
    }
  }

  /**
   * The settings: {@code --config FILE} (which must exist) or the default file (absent: the
   * defaults). With {@code readDefault} false and no {@code --config}, no file is read (the
   * built-in sample stays reproducible).
   */
  PolicyConfig settings(boolean readDefault) throws CliException {
    Path file = config != null ? config : PolicyConfig.defaultPath();
    try {
      return config != null ? PolicyConfig.loadExisting(file)
          : readDefault ? PolicyConfig.load(file) : PolicyConfig.empty(file);
    } catch (IOException ex) {
      throw new CliException("--config: " + ex.getMessage());
    }
  }

  /**
   * The canary of this run: the settings file's, replaced by {@code --mitm-canary} when given (a
   * name sets and enables it, '' turns it off).
   */
  MitmCanary canary(PolicyConfig settings) throws CliException {
    MitmCanary canary = settings.toMitmCanary();
    if (mitmCanary == null) {
      return canary;
    }
    if (mitmCanary.isBlank()) {
      canary.clear();
      return canary;
    }
    try {
      canary.set(mitmCanary);
    } catch (IllegalArgumentException ex) {
      throw new CliException("--mitm-canary: " + ex.getMessage());
    }
    canary.setEnabled(true);
    return canary;
  }

  /** The verification time: {@code --time}, else this computer's clock (to the second). */
  Instant at() {
    return time != null ? time : Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /** Where the time came from, for the clock check of Firefox's error page. */
  TimeSource source() {
    return time != null ? TimeSource.GIVEN : TimeSource.SYSTEM_CLOCK;
  }
}
