package dev.pkixj.cli;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.TrustStoreLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where trust comes from, for the commands that verify: the built-in roots (the operating
 * system's store by default, another source with {@code --root-source}, or a PEM/DER bundle given
 * with {@code --roots} that replaces them for one run) plus the user's database, loaded by {@link
 * TrustStoreLoader} exactly as the JSSE {@code PkixjTrust} loads them.
 *
 * <p>The database is {@code --db PATH}, or {@code ~/.pkixj/certdb} when that file exists (also
 * with {@code --root-source}: choosing the built-in roots keeps the user's own decisions, as in
 * Firefox). Verifying never creates a database. With {@code --roots} the default database is not
 * read (the run uses exactly the given roots), unless {@code --db} is given too.
 */
final class TrustOptions {
  @Option(names = "--roots", paramLabel = "FILE",
      description = "PEM/DER bundle of trust anchors that replaces the built-in roots and the "
          + "default database for this run ('-' for standard input).")
  String roots;

  @Option(names = "--root-source", paramLabel = "SPEC",
      description = "Where the built-in roots come from: os (default), jdk, certdata:PATH, "
          + "keystore:PATH[:PASSWORD], pem:PATH. The default database still applies.")
  String rootSource;

  @Option(names = "--db", paramLabel = "PATH",
      description = "The user's certificate database (default: ~/.pkixj/certdb when it exists).")
  Path db;

  /** Set by {@link #load}: the database is damaged and was read with what could be kept. */
  boolean databaseDamaged;

  /** What was loaded, for display. */
  record Loaded(TrustStore store, String rootsDescription, int rootCount, Path database,
      List<CertOverride> exceptions) {}

  /** The roots these options name (reading {@code --roots}, which may be standard input). */
  TrustStoreLoader.Roots rootsSpec() throws CliException {
    if (roots != null && rootSource != null) {
      throw new CliException("--roots and --root-source are exclusive");
    }
    if (roots != null) {
      List<TrustEntry> builtIns = new ArrayList<>();
      for (byte[] der : CertFiles.read(roots, System.in)) {
        builtIns.add(new TrustEntry(der, Trust.ANCHOR, null, roots, Source.FILE));
      }
      return TrustStoreLoader.Roots.of(builtIns, roots);
    }
    try {
      return rootSource == null ? TrustStoreLoader.Roots.os()
          : TrustStoreLoader.Roots.source(rootSource);
    } catch (IllegalArgumentException e) {
      throw new CliException("--root-source: " + e.getMessage());
    }
  }

  /** The database these options name. */
  TrustStoreLoader.Database databaseSpec() {
    return db == null ? TrustStoreLoader.Database.byDefault() : TrustStoreLoader.Database.at(db);
  }

  /**
   * Loads the trust store. Problems in the root source and the database are reported on {@code
   * err} (one line each, at most a few for the roots) and do not stop the run; an unusable root
   * source or database is an error.
   */
  Loaded load(PrintWriter err) throws CliException {
    TrustStoreLoader.Loaded l;
    try {
      l = TrustStoreLoader.load(rootsSpec(), databaseSpec());
    } catch (TrustStoreLoader.LoadException e) {
      switch (e.reason()) {
        case NO_ANCHORS:
          throw new CliException("no trust anchors: " + e.subject()
              + " gave none (give --roots FILE or --root-source SPEC)");
        case NO_DATABASE:
          throw new CliException("--db " + e.subject()
              + ": no such database (create it with pkixj db import)");
        case NOT_A_DATABASE:
          throw new CliException(e.getMessage());
        default:
          throw new CliException("--db " + e.subject() + ": " + e.detail());
      }
    }
    for (String p : l.problems()) {
      err.println("pkixj: " + p);
    }
    databaseDamaged = l.databaseDamaged();
    return new Loaded(l.store(), l.rootsDescription(), l.rootCount(), l.database(),
        l.exceptions());
  }
}
