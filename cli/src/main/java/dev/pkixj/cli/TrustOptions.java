package dev.pkixj.cli;

import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.RootSource;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.db.CertDbEvent;
import dev.pkixj.truststore.db.CertDbException;
import dev.pkixj.truststore.db.NotACertDbException;
import dev.pkixj.truststore.db.Snapshot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where trust comes from, for the commands that verify: the built-in roots (the operating
 * system's store by default, another source with {@code --root-source}, or a PEM bundle given
 * with {@code --roots} that replaces them for one run) plus the user's database.
 *
 * <p>The database is {@code --db PATH}, or {@code ~/.pkixj/certdb} when that file exists.
 * Verifying never creates a database. With {@code --roots} the default database is not read (the
 * run uses exactly the given roots), unless {@code --db} is given too.
 */
final class TrustOptions {
  @Option(names = "--roots", paramLabel = "FILE",
      description = "PEM/DER bundle of trust anchors that replaces the built-in roots for this "
          + "run ('-' for standard input).")
  String roots;

  @Option(names = "--root-source", paramLabel = "SPEC",
      description = "Where the built-in roots come from: os (default), jdk, certdata:PATH, "
          + "keystore:PATH[:PASSWORD], pem:PATH.")
  String rootSource;

  @Option(names = "--db", paramLabel = "PATH",
      description = "The user's certificate database (default: ~/.pkixj/certdb when it exists).")
  Path db;

  /** Set by {@link #load}: the database is damaged and was read with what could be kept. */
  boolean databaseDamaged;

  /** What was loaded, for display. */
  record Loaded(TrustStore store, String rootsDescription, int rootCount, Path database) {}

  /**
   * Loads the trust store. Problems in the root source are reported on {@code err} (one line
   * each, at most a few) and do not stop the run; an unusable root source is an error.
   */
  Loaded load(PrintWriter err) throws CliException {
    if (roots != null && rootSource != null) {
      throw new CliException("--roots and --root-source are exclusive");
    }
    List<TrustEntry> builtIns = new ArrayList<>();
    String description;
    if (roots != null) {
      for (byte[] der : CertFiles.read(roots, System.in)) {
        builtIns.add(new TrustEntry(der, Trust.ANCHOR, null, roots, Source.FILE));
      }
      description = roots;
    } else {
      RootSource source;
      try {
        source = rootSource == null ? RootSource.os() : RootSource.parse(rootSource);
      } catch (IllegalArgumentException e) {
        throw new CliException("--root-source: " + e.getMessage());
      }
      RootSource.Loaded loaded = source.load();
      builtIns.addAll(loaded.result().entries());
      report(err, loaded.result().problems());
      description = loaded.description();
    }
    if (builtIns.isEmpty()) {
      throw new CliException("no trust anchors: " + description
          + " gave none (give --roots FILE or --root-source SPEC)");
    }

    Path dbPath = db;
    if (dbPath == null && roots == null) {
      Path def = CertDb.defaultPath();
      dbPath = Files.isRegularFile(def) ? def : null;
    }
    if (dbPath == null) {
      return new Loaded(TrustStore.ofBuiltIns(builtIns), description, builtIns.size(), null);
    }
    if (!Files.exists(dbPath)) {
      throw new CliException("--db " + dbPath + ": no such database (create it with pkixj db import)");
    }
    try (CertDb database = CertDb.openReadOnly(dbPath)) { // verifying never writes it
      for (CertDbEvent e : database.events()) {
        err.println("pkixj: database " + e.code() + ": " + e.message());
      }
      databaseDamaged = database.damageFound().isPresent();
      Snapshot s = database.snapshot();
      List<byte[]> seen = new ArrayList<>();
      for (TrustEntry i : s.intermediates()) {
        seen.add(i.der());
      }
      TrustStore store = TrustStore.of(builtIns, s.entries(), seen, s.suspects());
      report(err, store.rejected());
      return new Loaded(store, description, builtIns.size(), dbPath);
    } catch (NotACertDbException e) {
      throw new CliException(e.getMessage());
    } catch (CertDbException e) {
      throw new CliException("--db " + dbPath + ": " + e.getMessage());
    }
  }

  private static void report(PrintWriter err, List<ImportProblem> problems) {
    int shown = 0;
    for (ImportProblem p : problems) {
      if (shown++ == 3) {
        err.println("pkixj: … and " + (problems.size() - 3) + " more problems in the roots");
        break;
      }
      err.println("pkixj: warning: " + p);
    }
  }
}
