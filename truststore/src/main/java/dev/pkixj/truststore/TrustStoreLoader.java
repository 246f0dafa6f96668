package dev.pkixj.truststore;

import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.db.CertDbEvent;
import dev.pkixj.truststore.db.CertDbException;
import dev.pkixj.truststore.db.NotACertDbException;
import dev.pkixj.truststore.db.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one way trust is loaded (the CLI's {@code --roots}/{@code --root-source}/{@code --db}, the
 * JSSE {@code PkixjTrust} builder and its system properties): a roots specification plus a
 * database choice give a {@link TrustStore}, the problems met on the way and whether the database
 * was damaged. Loading never writes: the database is opened with {@link CertDb#openReadOnly}.
 *
 * <h2>Which database is read</h2>
 * As in Firefox, the user's own database (certificates imported or distrusted, exceptions) is
 * part of the trust state whatever the built-in roots are: Firefox reads {@code cert9.db} with
 * any built-in roots module. So:
 * <ul>
 *   <li>{@link Database#at(Path)} reads that database (it must exist); {@link Database#none()}
 *       reads none;</li>
 *   <li>{@link Database#byDefault()} reads {@code ~/.pkixj/certdb} when that file exists, with the
 *       built-in roots of the operating system or of any {@linkplain Roots#source root source}
 *       ({@code jdk}, {@code certdata:PATH}, {@code keystore:PATH}, {@code pem:PATH}): choosing
 *       where the built-in roots come from does not drop the user's decisions;</li>
 *   <li>except with {@linkplain Roots#explicit explicit roots} (the CLI's {@code --roots FILE},
 *       {@code PkixjTrust.Builder.roots(...)}/{@code rootsDer}/{@code rootsFromKeyStore}): they
 *       replace the whole trust state for one run, so the default database is not read (give the
 *       database explicitly to combine them).</li>
 * </ul>
 *
 * <p>Problems are one line each and name the file: at most {@link #MAX_ROOT_PROBLEMS} problems of
 * the roots (then a count of the rest), every database event, and the database entries the store
 * rejected. They never stop the load; a source that gives no anchor, a missing or unreadable
 * database do ({@link LoadException}).
 */
public final class TrustStoreLoader {
  /** How many problems in the roots are listed one by one before the rest are counted. */
  public static final int MAX_ROOT_PROBLEMS = 3;

  private TrustStoreLoader() {}

  /** Where the built-in roots come from. */
  public static final class Roots {
    private final RootSource source;
    private final Path file;
    private final List<TrustEntry> entries;
    private final String description;

    private Roots(RootSource source, Path file, List<TrustEntry> entries, String description) {
      this.source = source;
      this.file = file;
      this.entries = entries;
      this.description = description;
    }

    /** The operating system's store (the default). */
    public static Roots os() {
      return new Roots(RootSource.os(), null, null, null);
    }

    /**
     * A built-in root source ({@code os}, {@code jdk}, {@code certdata:PATH}, {@code
     * keystore:PATH[:PASSWORD]}, {@code pem:PATH}, or a bare path read by its content); the
     * default database still applies.
     *
     * @throws IllegalArgumentException if the specification is malformed
     */
    public static Roots source(String spec) {
      return new Roots(RootSource.parse(spec), null, null, null);
    }

    /** As {@link #source(String)}. */
    public static Roots source(RootSource source) {
      return new Roots(Objects.requireNonNull(source, "source"), null, null, null);
    }

    /**
     * Explicit roots: the certificates in {@code file} (PEM or DER bundle, directory, keystore or
     * certdata.txt, recognised as a bare {@linkplain RootSource#parse root source path}). They
     * replace the trust state for one run: the default database is not read.
     */
    public static Roots file(Path file) {
      Objects.requireNonNull(file, "file");
      return new Roots(RootSource.byContent(file), file, null, null);
    }

    /**
     * Explicit roots already read (for example from standard input, or from a {@code KeyStore});
     * {@code description} says where from, for display and errors.
     */
    public static Roots of(List<TrustEntry> entries, String description) {
      return new Roots(null, null, List.copyOf(entries), Objects.requireNonNull(description));
    }

    /** True for roots that replace the whole trust state (see the class comment). */
    public boolean explicit() {
      return source == null || file != null;
    }

    @Override
    public String toString() {
      return entries != null ? description : file != null ? file.toString() : source.kind().name();
    }
  }

  /** Which database is read. */
  public static final class Database {
    private static final Database DEFAULT = new Database(null, true);
    private static final Database NONE = new Database(null, false);

    private final Path path;
    private final boolean byDefault;

    private Database(Path path, boolean byDefault) {
      this.path = path;
      this.byDefault = byDefault;
    }

    /** {@code ~/.pkixj/certdb} when it exists (and the roots are not explicit). */
    public static Database byDefault() {
      return DEFAULT;
    }

    /** No database. */
    public static Database none() {
      return NONE;
    }

    /** The database at {@code file}, which must exist. */
    public static Database at(Path file) {
      return new Database(Objects.requireNonNull(file, "file"), false);
    }

    /** The explicit path, or null. */
    public Path path() {
      return path;
    }

    /** True for {@link #byDefault()}. */
    public boolean isDefault() {
      return byDefault;
    }

    @Override
    public String toString() {
      return path != null ? path.toString() : byDefault ? "default" : "none";
    }
  }

  /**
   * What was loaded.
   *
   * @param store the trust store
   * @param rootsDescription where the built-in roots came from ("os:…", "pem:…", a file name)
   * @param rootCount how many built-in roots were read
   * @param database the database read, or null
   * @param exceptions the database's certificate exceptions (empty without a database)
   * @param problems one line each, naming the file (see the class comment)
   * @param databaseDamaged true if the database is damaged and was read with what could be kept
   */
  public record Loaded(TrustStore store, String rootsDescription, int rootCount, Path database,
      List<CertOverride> exceptions, List<String> problems, boolean databaseDamaged) {
    public Loaded {
      exceptions = List.copyOf(exceptions);
      problems = List.copyOf(problems);
    }
  }

  /** Why trust could not be loaded; the message is one line naming the file. */
  public static final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
      /** The roots gave no trust anchor. */
      NO_ANCHORS,
      /** The database given does not exist. */
      NO_DATABASE,
      /** The file given as the database is not a pkixj database. */
      NOT_A_DATABASE,
      /** The database cannot be read. */
      DATABASE_UNREADABLE
    }

    private final Reason reason;
    private final String subject;
    private final String detail;

    LoadException(Reason reason, String subject, String message, String detail,
        Throwable cause) {
      super(message, cause);
      this.reason = reason;
      this.subject = subject;
      this.detail = detail;
    }

    /** What is wrong with the subject, without naming it ("no such database"). */
    public String detail() {
      return detail;
    }

    public Reason reason() {
      return reason;
    }

    /** The roots description or the database path the problem is about. */
    public String subject() {
      return subject;
    }
  }

  /**
   * Loads the roots and the database (see the class comment).
   *
   * @throws LoadException if the roots give no anchor or the database is missing or unreadable
   */
  public static Loaded load(Roots roots, Database database) throws LoadException {
    return load(roots, database, CertDb.defaultPath());
  }

  /** As {@link #load(Roots, Database)} with another default database path (for tests). */
  static Loaded load(Roots roots, Database database, Path defaultDatabase) throws LoadException {
    Objects.requireNonNull(roots, "roots");
    Objects.requireNonNull(database, "database");
    List<String> problems = new ArrayList<>();
    List<TrustEntry> builtIns;
    String description;
    if (roots.entries != null) {
      builtIns = roots.entries;
      description = roots.description;
    } else {
      RootSource.Loaded loaded = roots.source.load();
      builtIns = loaded.result().entries();
      rootProblems(loaded.result().problems(), problems);
      description = loaded.description();
    }
    if (builtIns.isEmpty()) {
      throw new LoadException(LoadException.Reason.NO_ANCHORS, description,
          "no trust anchors: " + description + " gave none", "gave none", null);
    }

    Path dbPath = database.path;
    if (database.byDefault && !roots.explicit()) {
      dbPath = Files.isRegularFile(defaultDatabase) ? defaultDatabase : null;
    }
    if (dbPath == null) {
      return new Loaded(TrustStore.ofBuiltIns(builtIns), description, builtIns.size(), null,
          List.of(), problems, false);
    }
    if (!Files.exists(dbPath)) {
      throw new LoadException(LoadException.Reason.NO_DATABASE, dbPath.toString(),
          "database " + dbPath + ": no such database", "no such database", null);
    }
    try (CertDb db = CertDb.openReadOnly(dbPath)) { // loading trust never writes it
      for (CertDbEvent e : db.events()) {
        problems.add("database " + e.code() + ": " + e.message());
      }
      boolean damaged = db.damageFound().isPresent();
      Snapshot s = db.snapshot();
      List<byte[]> seen = new ArrayList<>();
      for (TrustEntry i : s.intermediates()) {
        seen.add(i.der());
      }
      TrustStore store = TrustStore.of(builtIns, s.entries(), seen, s.suspects());
      rootProblems(store.rejected(), problems);
      return new Loaded(store, description, builtIns.size(), dbPath, s.overrides(), problems,
          damaged);
    } catch (NotACertDbException e) {
      throw new LoadException(LoadException.Reason.NOT_A_DATABASE, dbPath.toString(),
          e.getMessage(), e.getMessage(), e);
    } catch (CertDbException e) {
      throw new LoadException(LoadException.Reason.DATABASE_UNREADABLE, dbPath.toString(),
          "database " + dbPath + ": " + e.getMessage(), e.getMessage(), e);
    }
  }

  /** The first few problems, then how many more. */
  private static void rootProblems(List<ImportProblem> found, List<String> out) {
    for (int i = 0; i < found.size(); i++) {
      if (i == MAX_ROOT_PROBLEMS) {
        out.add("… and " + (found.size() - MAX_ROOT_PROBLEMS) + " more problems in the roots");
        return;
      }
      out.add("warning: " + found.get(i));
    }
  }
}
