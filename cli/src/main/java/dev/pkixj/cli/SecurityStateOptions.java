package dev.pkixj.cli;

import dev.pkixj.truststore.SecurityStateLoader;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.state.SecurityState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The stored security state that the commands verifying with Firefox's data use ({@code verify},
 * {@code check}, {@code batch}): the preloaded intermediates (docs/intermediates.md) and OneCRL
 * (docs/onecrl.md) of {@code ~/.pkixj/security-state}, or of {@code --state-dir DIR} for one run,
 * read through {@link SecurityStateLoader} (never written). {@code --no-preloaded-intermediates}
 * and {@code --no-onecrl} leave either out for one run. A damaged store is one warning line
 * naming the file, and the run goes on without it.
 */
public final class SecurityStateOptions {
  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Read the preloaded intermediates and OneCRL of this security-state "
          + "directory for this run (default: ~/.pkixj/security-state; nothing is written).")
  public Path stateDir;

  @Option(names = "--no-preloaded-intermediates",
      description = "Do not offer the stored preloaded intermediates as issuers for this run.")
  public boolean noPreloaded;

  @Option(names = "--no-onecrl", description = "Do not apply the stored OneCRL for this run.")
  public boolean noOneCrl;

  /** The directory read. */
  public Path dir() {
    return stateDir != null ? stateDir : SecurityState.defaultDir();
  }

  /**
   * Reads the stored data these options name (nothing when both are left out); warnings go to
   * {@code err} as {@code COMMAND: warning: …}.
   *
   * @throws CliException {@code --state-dir} names a file (a directory that does not exist is
   *     one where nothing is stored yet, as for the other commands' {@code --state-dir})
   */
  public SecurityStateLoader.Loaded load(PrintWriter err, String command) throws CliException {
    if (stateDir != null && Files.exists(stateDir) && !Files.isDirectory(stateDir)) {
      throw new CliException("--state-dir " + stateDir + ": not a directory");
    }
    if (noPreloaded && noOneCrl) {
      return SecurityStateLoader.Loaded.none(dir());
    }
    SecurityStateLoader.Loaded l = SecurityStateLoader.load(dir(), !noPreloaded, !noOneCrl);
    for (String w : l.warnings()) {
      err.println(command + ": " + w);
    }
    return l;
  }

  /** {@code store} with the loaded preloaded intermediates (itself when there are none). */
  public static TrustStore apply(TrustStore store, SecurityStateLoader.Loaded l) {
    return l.intermediates().isEmpty() ? store : store.withPreloaded(l.intermediates());
  }

  /**
   * What the stored state did to one verification, for reports.
   *
   * @param preloaded per element of the built chain, true if it came from preloading (null when
   *     nothing was preloaded)
   * @param oneCrl the OneCRL entry that refused it, or null
   */
  record Report(boolean[] preloaded, dev.pkixj.verifier.policy.RevocationBlocklist.Match oneCrl) {
    static final Report NONE = new Report(null, null);

    boolean preloaded(int i) {
      return preloaded != null && i < preloaded.length && preloaded[i];
    }

    boolean anyPreloaded() {
      return SecurityStateLoader.any(preloaded);
    }

    static Report of(TrustStore store, VerifyPipeline pipeline,
        dev.pkixj.verifier.VerificationResult r, List<byte[]> presented) {
      boolean[] p = store == null ? null
          : SecurityStateLoader.preloadedElements(store, r.chain(), presented);
      return new Report(p, pipeline.oneCrlMatch(r, presented));
    }
  }

}
