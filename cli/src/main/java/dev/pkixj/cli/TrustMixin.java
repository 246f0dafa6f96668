package dev.pkixj.cli;

import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.truststore.revocation.RevocationConfig;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;

/**
 * The trust options of {@code verify} ({@code --roots}, {@code --root-source}, {@code --db}) for
 * commands outside this package ({@code batch}): the same options, loaded the same way.
 */
public final class TrustMixin {
  @Mixin TrustOptions options = new TrustOptions();

  /** True if any trust option was given. */
  public boolean given() {
    return options.roots != null || options.rootSource != null || options.db != null;
  }

  /** Sets {@code --roots} (for a run on generated data). */
  public void useRoots(String file) {
    options.roots = file;
  }

  /** What was loaded: the trust domains to verify with, and how many roots. */
  public record Loaded(TrustDomainFactory trustDomains, int rootCount, String description) {}

  /**
   * True once {@link #load} has read a damaged database with what could be kept (reported on its
   * error stream); a read-only command then exits 2.
   */
  public boolean databaseDamaged() {
    return options.databaseDamaged;
  }

  /**
   * Loads the trust store itself (to add the stored security state to it, {@link
   * SecurityStateOptions#apply}); problems are reported on {@code err}.
   */
  public dev.pkixj.truststore.TrustStore loadStore(PrintWriter err) throws CliException {
    return options.load(err).store();
  }

  /** Loads the trust store; problems are reported on {@code err}. */
  public Loaded load(PrintWriter err) throws CliException {
    return load(err, RevocationConfig.off());
  }

  /** As {@link #load(PrintWriter)}, checking revocation as {@code revocation} says. */
  public Loaded load(PrintWriter err, RevocationConfig revocation) throws CliException {
    TrustOptions.Loaded l = options.load(err);
    return new Loaded(l.store().trustDomains(revocation), l.rootCount(), l.rootsDescription());
  }
}
