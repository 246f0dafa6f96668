package dev.pkixj.verifier.ct;

import java.util.Objects;

/**
 * Everything that decides how CT is applied to a verification: the mode, the known logs, the
 * root program that {@link CtMode#AUTO} enforces under, and the enterprise exemptions (Firefox's
 * {@code security.pki.certificate_transparency.disable_for_hosts} and {@code
 * disable_for_spki_hashes}, spec part A5). Immutable.
 *
 * @param mode how CT is applied
 * @param logs the known logs; CT is not applicable after its expiry
 * @param rootProgram the roots {@link CtMode#AUTO} enforces under
 * @param exemptHosts the host exemption list as Firefox's preference holds it (comma-separated,
 *     entries not trimmed; {@code .example.com} is that host only, {@code example.com} includes
 *     its subdomains); empty for none
 * @param exemptSpkiHashes the SPKI exemption list as Firefox's preference holds it
 *     (comma-separated standard base64 of SHA-256 of SubjectPublicKeyInfo DER); empty for none
 */
public record CtSettings(CtMode mode, CtLogList logs, RootProgram rootProgram,
    String exemptHosts, String exemptSpkiHashes) {

  /** CT not evaluated: mode {@link CtMode#OFF}, no logs, no roots. */
  public static final CtSettings OFF = new CtSettings(CtMode.OFF,
      new CtLogList(java.util.List.of(), java.time.Instant.EPOCH, java.time.Instant.EPOCH, "none"),
      RootProgram.NONE, "", "");

  /**
   * Desktop Firefox: {@link CtMode#AUTO} under Mozilla's root program with the embedded log
   * list, no exemptions. The default of every {@link dev.pkixj.verifier.Verifier}.
   */
  public static CtSettings firefox() {
    return Firefox.SETTINGS;
  }

  private static final class Firefox {
    static final CtSettings SETTINGS = new CtSettings(CtMode.AUTO, KnownLogs.embedded(),
        RootProgram.mozilla(), "", "");
  }

  public CtSettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(rootProgram, "rootProgram");
    exemptHosts = exemptHosts == null ? "" : exemptHosts;
    exemptSpkiHashes = exemptSpkiHashes == null ? "" : exemptSpkiHashes;
  }

  /** These settings in another mode. */
  public CtSettings withMode(CtMode newMode) {
    return new CtSettings(newMode, logs, rootProgram, exemptHosts, exemptSpkiHashes);
  }

  /** These settings with another log list. */
  public CtSettings withLogs(CtLogList newLogs) {
    return new CtSettings(mode, newLogs, rootProgram, exemptHosts, exemptSpkiHashes);
  }

  /** These settings with these exemptions (preference syntax, see the class documentation). */
  public CtSettings withExemptions(String hosts, String spkiHashes) {
    return new CtSettings(mode, logs, rootProgram, hosts, spkiHashes);
  }
}
