package dev.pkixj.truststore.db;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.TrustEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The persistent certificate database: the user's roots and intermediates with their trust,
 * certificate exceptions and remembered intermediates, in one append-only file with checksummed
 * records (docs/certdb-format.md). Built-in roots are never stored in it.
 *
 * <ul>
 *   <li><b>Reads</b> never touch the file: {@link #snapshot()} returns an immutable view that any
 *       number of threads can use without locks.
 *   <li><b>Writes</b> ({@link #put}, {@link #remove}, {@link #putOverride}, ...) are durable when
 *       they return: the record is written and synced, then the header that commits it is written
 *       and synced. A crash (kill -9, power loss) before that leaves at most a torn tail, which
 *       the next open cuts off silently (reported as {@link EventCode#CERTDB_TORN_TAIL_TRUNCATED}).
 *   <li><b>Processes</b>: writers take an exclusive lock on the sidecar {@code <name>.lock} and
 *       first catch up with what other processes committed; {@link #reload()} / {@link
 *       #refresh()} let a reader see them.
 *   <li><b>Corruption</b> is detected on open and whenever records are read (CRC-32C of headers
 *       and records, lengths, structure, SHA-256 of every certificate). The damaged file is kept
 *       as {@code <name>.corrupt-<UTC time>}, every record that checks out is kept, a regenerated
 *       file is written, and a {@link CertDbEvent} says what was kept and lost. A certificate
 *       whose latest record was lost is treated as distrusted ({@link Snapshot#suspects()}), so
 *       corruption can only make verification stricter.
 *   <li><b>Fallbacks</b>: read-write, then read-only, then memory-only, as Firefox does.
 *   <li><b>Ownership</b>: a path that is not a pkixj database (a directory, an empty file, a PEM
 *       bundle, anything without the magic) is refused with {@link NotACertDbException} before
 *       anything is created, locked, renamed or written; only a file that is ours is ever
 *       salvaged ({@code docs/certdb-format.md} §5.0).
 *   <li><b>Read-only by request</b>: {@link #openReadOnly} never writes the file or anything
 *       beside it; damage is salvaged in memory and reported by {@link #damageFound()}.
 * </ul>
 */
public final class CertDb implements AutoCloseable {
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  /**
   * Whether the last directory fsync worked (null before the first one): for diagnostics. Set
   * by {@link DbFile#syncDirectory}.
   */
  static volatile String directorySync;

  private final Path path;
  private final CertDbOptions options;
  /** Opened with {@link #openReadOnly}: nothing is ever created, renamed, locked or written. */
  private final boolean readOnly;
  private final ReentrantLock jvmLock;
  /** The file mechanics: channel, locks, append, rewrite, fsync. */
  private final DbFile file;
  /** The events, their messages and the quarantine of damaged files. */
  private final RecoveryReport report;
  private volatile Mode mode = Mode.READ_WRITE;
  private volatile Snapshot snapshot;

  // Guarded by jvmLock.
  private State state;
  private boolean closed;

  private CertDb(Path path, CertDbOptions options, boolean readOnly) {
    this.path = path;
    this.options = options;
    this.file = new DbFile(path);
    this.report = new RecoveryReport(path, options.clock());
    this.readOnly = readOnly;
    this.jvmLock = JVM_LOCKS.computeIfAbsent(path, p -> new ReentrantLock());
    this.state = new State(options.maxIntermediates());
  }

  /** {@code ~/.pkixj/certdb}. */
  public static Path defaultPath() {
    return Path.of(System.getProperty("user.home"), ".pkixj", "certdb");
  }

  /** Opens (creating when missing) the database at {@code file} with default options. */
  public static CertDb open(Path file) throws CertDbException {
    return open(file, CertDbOptions.defaults());
  }

  /**
   * Opens (creating when missing) the database at {@code file}. Never throws for corruption: it
   * salvages and reports ({@link #events()}, {@link #lastCorruption()}); falls back to read-only
   * and then memory-only when the file cannot be written or read.
   */
  public static CertDb open(Path file, CertDbOptions options) throws CertDbException {
    return open(file, options, false);
  }

  /** Opens the database at {@code file} read-only with default options; see below. */
  public static CertDb openReadOnly(Path file) throws CertDbException {
    return openReadOnly(file, CertDbOptions.defaults());
  }

  /**
   * Opens the database at {@code file} for reading only ({@link Mode#READ_ONLY}): nothing is
   * created, renamed, truncated or written, not even the lock file or the event log. A missing
   * file is an empty database. A damaged database is salvaged in memory only: the records that
   * check out are used and {@link #damageFound()} says what was lost; the file stays as it is
   * for a command that writes to repair. Writes throw {@link CertDbException}.
   *
   * @throws NotACertDbException when {@code file} is a directory or a file that is not a pkixj
   *     database (docs/certdb-format.md, "Files pkixj owns")
   */
  public static CertDb openReadOnly(Path file, CertDbOptions options) throws CertDbException {
    return open(file, options, true);
  }

  private static CertDb open(Path file, CertDbOptions options, boolean readOnly) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    CertDb db = new CertDb(canonical(file), options, readOnly);
    db.jvmLock.lock();
    try {
      requireOurs(db.path);
      if (readOnly) {
        db.openReadOnlyLocked();
      } else {
        db.openLocked();
      }
    } catch (RuntimeException e) {
      db.closed = true;
      db.file.close();
      throw e;
    } finally {
      db.jvmLock.unlock();
    }
    return db;
  }

  /**
   * Refuses what is not a pkixj database before anything is created, locked or written: a
   * directory, something that is not a regular file, and a file without the database's magic
   * ({@link Format#isOurs}). A missing file passes (it is created, or read as empty). A file that
   * cannot be read passes too: the open's fallbacks report that.
   */
  static void requireOurs(Path path) {
    if (Files.isDirectory(path)) {
      throw new NotACertDbException(path, "a directory");
    }
    if (!Files.exists(path)) {
      return;
    }
    if (!Files.isRegularFile(path)) {
      throw new NotACertDbException(path, "not a regular file");
    }
    try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = c.size();
      int n = (int) Math.min(size, Format.SLOT_STRIDE + Format.MAGIC.length);
      byte[] head = new byte[Format.SLOT_STRIDE + Format.MAGIC.length];
      DbFile.readFully(c, head, 0, n, 0);
      if (Format.hasMagic(head, n, 0) || Format.hasMagic(head, n, 1)) {
        return; // the usual case: two small reads
      }
      byte[] img = DbFile.readAll(c);
      if (!Format.isOurs(img, img.length)) {
        throw new NotACertDbException(path, Format.describeForeign(img, img.length));
      }
    } catch (IOException | SecurityException e) {
      // unreadable: the open falls back and says why
    }
  }

  /**
   * The damage found in the file by this session, if any: for a read-only database, what the
   * in-memory salvage kept and lost (the file itself is unchanged); for a read-write one, the
   * salvage that was written. A torn tail left by a crash is not damage.
   */
  public Optional<CertDbEvent> damageFound() {
    return report.lastCorruption();
  }

  /** True when opened with {@link #openReadOnly}. */
  public boolean isReadOnly() {
    return readOnly;
  }

  private static Path canonical(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    try {
      if (parent != null && Files.isDirectory(parent)) {
        return parent.toRealPath().resolve(abs.getFileName());
      }
    } catch (IOException | SecurityException e) {
      // keep the absolute path
    }
    return abs;
  }

  // ------------------------------------------------------------------------------- reading

  /** The current immutable view; no I/O, no lock. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** The current mode (read-write, read-only, memory-only). */
  public Mode mode() {
    return mode;
  }

  /** The database file. */
  public Path path() {
    return path;
  }

  /** The number of records in the file (live and superseded) at the current snapshot. */
  public int recordCount() {
    return snapshot.metadata().recordCount();
  }

  /** The format version this database reads and writes. */
  public int formatVersion() {
    return Format.VERSION;
  }

  /** The file's generation: incremented by every compaction and regeneration. */
  public long generation() {
    return snapshot.metadata().generation();
  }

  /** Everything the database did on its own since it was opened, oldest first. */
  public List<CertDbEvent> events() {
    return report.events();
  }

  /**
   * The latest corruption found and salvaged: in this session if any, else the newest one
   * recorded in the event log beside the file ({@code certdb.events}), so that it is still
   * reported after the damaged file was set aside and the database regenerated.
   */
  public Optional<CertDbEvent> lastCorruption() {
    Optional<CertDbEvent> found = report.lastCorruption();
    if (found.isPresent()) {
      return found;
    }
    return EventLog.last(path);
  }

  /** The records lost in the latest corruption (empty when none). */
  public List<LostRecord> lostRecords() {
    return lastCorruption().map(CertDbEvent::lost).orElse(List.of());
  }

  /**
   * Picks up what other processes committed (new records, a compaction, a regeneration). The
   * records read are verified like on open; damage found is salvaged and reported.
   */
  public void reload() {
    jvmLock.lock();
    try {
      ensureOpen();
      if (mode == Mode.MEMORY_ONLY) {
        return;
      }
      file.withFileLock(mode, () -> {
        catchUpLocked();
        return null;
      });
    } catch (IOException e) {
      throw new CertDbException("reloading " + path + " failed: " + reason(e), e);
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * Cheap change detection: compares the file identity and the header with this process's view
   * (a stat and two 64-byte reads) and reloads only when another process changed the file.
   *
   * @return true when something changed and was reloaded
   */
  public boolean refresh() {
    if (mode == Mode.MEMORY_ONLY) {
      return false;
    }
    jvmLock.lock();
    try {
      ensureOpen();
      if (unchangedLocked()) {
        return false;
      }
    } catch (IOException e) {
      // fall through to a reload, which reports what it finds
    } finally {
      jvmLock.unlock();
    }
    reload();
    return true;
  }

  /**
   * Verifies the whole file as it is on disk without changing it (for {@code pkixj db check}).
   */
  public Check check() {
    jvmLock.lock();
    try {
      ensureOpen();
      return file.withFileLock(mode, this::checkLocked);
    } catch (IOException e) {
      return new Check(path, false, List.of("cannot read the file: " + reason(e)), List.of(), List.of(),
          0, 0, -1, -1, 0, 0);
    } finally {
      jvmLock.unlock();
    }
  }

  private Check checkLocked() throws IOException {
    byte[] img;
    try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
      img = DbFile.readAll(c);
    }
    return checkImage(path, img, options.maxIntermediates());
  }

  /**
   * Verifies a database file as it is on disk without opening it: no salvage, no lock, no change
   * (for {@code pkixj db check} on a file that may be corrupt).
   *
   * @throws IOException when the file cannot be read
   */
  public static Check checkFile(Path file) throws IOException {
    requireOurs(file);
    byte[] img;
    try {
      img = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CertDbException("cannot read " + file + ": " + reason(e), e);
    }
    if (!Format.isOurs(img, img.length)) {
      throw new NotACertDbException(file, Format.describeForeign(img, img.length));
    }
    return checkImage(file, img, CertDbOptions.DEFAULT_MAX_INTERMEDIATES);
  }

  private static Check checkImage(Path path, byte[] img, int maxIntermediates) {
    Scanner.Scan scan = Scanner.scan(img, img.length);
    Recovery.Outcome o = Recovery.classify(scan, maxIntermediates, "check");
    List<String> notes = new ArrayList<>(o.notes);
    List<String> problems = new ArrayList<>(o.problems);
    if (o.kind == Recovery.Kind.TAIL) {
      for (LostRecord l : o.tailDropped) {
        notes.add("incomplete write after the commit point (never acknowledged): "
            + l.describe());
      }
    }
    boolean ok = o.kind == Recovery.Kind.CLEAN || o.kind == Recovery.Kind.TAIL;
    Format.Slot s = o.slot != null ? o.slot : scan.newer;
    return new Check(path, ok, problems, notes, ok ? List.of() : o.lost,
        s == null ? 0 : s.version(), s == null ? 0 : s.generation(), img.length,
        o.slot == null ? -1 : o.slot.committedLength(), o.kept, o.liveRecords);
  }

  // ------------------------------------------------------------------------------- writing

  /**
   * Adds or replaces a user certificate with its trust; durable on return. Built-in roots
   * ({@link Source#CERTDATA}) are never stored, and seen intermediates go through {@link
   * #rememberIntermediate}.
   */
  public void put(TrustEntry e) {
    putAll(List.of(e));
  }

  /**
   * Adds or replaces several certificates in one commit (one pair of syncs); durable on return.
   * A crash during the call may keep a prefix of them (each record is independently valid).
   */
  public void putAll(Collection<TrustEntry> entries) {
    List<Rec> planned = new ArrayList<>();
    for (TrustEntry e : entries) {
      Objects.requireNonNull(e, "entry");
      if (e.source() == Source.CERTDATA) {
        throw new IllegalArgumentException("built-in roots (CERTDATA) are never stored");
      }
      if (e.source() == Source.SEEN) {
        throw new IllegalArgumentException("seen intermediates go through rememberIntermediate");
      }
      if (e.der().length == 0) {
        throw new IllegalArgumentException("empty certificate");
      }
      byte[] key = Format.sha256(e.der());
      planned.add(rec(RecordType.CERT, key, e, Format.certBody(e)));
    }
    mutate(st -> {
      List<Rec> out = new ArrayList<>();
      for (Rec r : planned) {
        ByteKey k = new ByteKey(r.key());
        TrustEntry old = st.entries.get(k);
        if (old == null || st.suspects.containsKey(k) || !sameEntry(old, (TrustEntry) r.value())) {
          out.add(r);
        }
      }
      return new Plan<>(out, null);
    });
  }

  /** Removes the certificate with this SHA-256; durable on return. */
  public boolean remove(byte[] sha256) {
    byte[] key = requireSha(sha256);
    return mutate(st -> {
      ByteKey k = new ByteKey(key);
      boolean present = st.entries.containsKey(k) || st.suspects.containsKey(k);
      return new Plan<>(present ? List.of(rec(RecordType.CERT_TOMBSTONE, key, null, new byte[0]))
          : List.of(), present);
    });
  }

  /** Adds or replaces a certificate exception (host compared in lower case); durable on return. */
  public void putOverride(CertOverride o) {
    Objects.requireNonNull(o, "override");
    CertOverride n = new CertOverride(o.host().toLowerCase(Locale.ROOT), o.port(),
        o.sha256().clone(), o.created());
    byte[] key = Format.overrideKey(n.host(), n.port());
    Rec r = rec(RecordType.OVERRIDE, key, n, Format.overrideBody(n));
    mutate(st -> {
      CertOverride old = st.overrides.get(new State.OverrideKey(n.host(), n.port()));
      return new Plan<>(n.equals(old) ? List.of() : List.of(r), null);
    });
  }

  /** Removes the exception for this host and port; durable on return. */
  public boolean removeOverride(String host, int port) {
    String h = host.toLowerCase(Locale.ROOT);
    byte[] key = Format.overrideKey(h, port);
    return mutate(st -> {
      boolean present = st.overrides.containsKey(new State.OverrideKey(h, port));
      return new Plan<>(present
          ? List.of(rec(RecordType.OVERRIDE_TOMBSTONE, key, null, new byte[0])) : List.of(),
          present);
    });
  }

  /**
   * Remembers an intermediate seen in a verified chain (never trusted by itself). Bounded: the
   * oldest beyond {@link CertDbOptions#maxIntermediates()} are forgotten (and dropped from the
   * file at the next compaction). Seeing a known one again refreshes it once it is in the older
   * half, so the kept set approximates the most recently seen.
   */
  public void rememberIntermediate(byte[] der) {
    Objects.requireNonNull(der, "der");
    if (der.length == 0 || options.maxIntermediates() == 0) {
      return;
    }
    byte[] key = Format.sha256(der);
    ByteKey k = new ByteKey(key);
    if (snapshot.freshIntermediate(k)) {
      return; // hot path when verifying known chains: no lock, no I/O
    }
    byte[] copy = der.clone();
    Rec r = rec(RecordType.INTERMEDIATE, key, copy, copy);
    mutate(st -> {
      State.Inter cur = st.intermediates.get(k);
      return new Plan<>(cur != null && cur.ordinal() >= st.freshFrom() ? List.of() : List.of(r),
          null);
    });
  }

  /**
   * Remembers several intermediates (e.g. those of one verified chain) in one commit; the ones
   * already remembered and fresh are skipped without I/O.
   */
  public void rememberIntermediates(Collection<byte[]> ders) {
    if (options.maxIntermediates() == 0) {
      return;
    }
    List<Rec> planned = new ArrayList<>();
    for (byte[] der : ders) {
      Objects.requireNonNull(der, "der");
      if (der.length == 0) {
        continue;
      }
      byte[] key = Format.sha256(der);
      if (!snapshot.freshIntermediate(new ByteKey(key))) {
        byte[] copy = der.clone();
        planned.add(rec(RecordType.INTERMEDIATE, key, copy, copy));
      }
    }
    if (planned.isEmpty()) {
      return;
    }
    mutate(st -> {
      List<Rec> out = new ArrayList<>();
      java.util.Set<ByteKey> seen = new java.util.HashSet<>();
      for (Rec r : planned) {
        ByteKey k = new ByteKey(r.key());
        State.Inter cur = st.intermediates.get(k);
        if ((cur == null || cur.ordinal() < st.freshFrom()) && seen.add(k)) {
          out.add(r);
        }
      }
      return new Plan<>(out, null);
    });
  }

  /** Forgets a remembered intermediate; durable on return. */
  public boolean forgetIntermediate(byte[] sha256) {
    byte[] key = requireSha(sha256);
    return mutate(st -> {
      boolean present = st.intermediates.containsKey(new ByteKey(key));
      return new Plan<>(present
          ? List.of(rec(RecordType.INTERMEDIATE_TOMBSTONE, key, null, new byte[0])) : List.of(),
          present);
    });
  }

  /**
   * Rewrites the file with only the live records (new file, sync, atomic rename, directory sync);
   * the generation increments.
   */
  public void compact() {
    jvmLock.lock();
    try {
      ensureOpen();
      if (mode == Mode.MEMORY_ONLY) {
        state.generation++;
        publish();
        return;
      }
      requireWritable();
      file.withFileLock(mode, () -> {
        catchUpLocked();
        if (mode == Mode.READ_WRITE) {
          writeNewFileLocked(state, state.generation + 1);
          publish();
        }
        return null;
      });
    } catch (IOException e) {
      throw new CertDbException("compacting " + path + " failed: " + reason(e), e);
    } finally {
      jvmLock.unlock();
    }
  }

  @Override
  public void close() {
    jvmLock.lock();
    try {
      closed = true;
      file.close();
    } finally {
      jvmLock.unlock();
    }
  }

  @Override
  public String toString() {
    return "CertDb[" + path + ", " + mode + ", " + snapshot + "]";
  }

  // ------------------------------------------------------------------------------- internals

  private record Plan<T>(List<Rec> records, T result) {}

  private static Rec rec(RecordType t, byte[] key, Object value, byte[] body) {
    return new Rec(t, t.code(), key, value, -1, Format.frame(t.code(), key, body));
  }

  private static byte[] requireSha(byte[] sha256) {
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("a SHA-256 fingerprint has 32 bytes");
    }
    return sha256.clone();
  }

  private static boolean sameEntry(TrustEntry a, TrustEntry b) {
    return a.trust() == b.trust() && Objects.equals(a.distrustAfter(), b.distrustAfter())
        && a.label().equals(b.label()) && a.source() == b.source()
        && Arrays.equals(a.der(), b.der());
  }

  private void ensureOpen() {
    if (closed) {
      throw new CertDbException("the database " + path + " is closed");
    }
  }

  private void requireWritable() {
    if (readOnly) {
      throw new CertDbException("the database " + path + " was opened read-only");
    }
    if (mode == Mode.READ_ONLY) {
      throw new CertDbException("the database " + path + " is read-only ("
          + report.lastMessage(EventCode.CERTDB_READ_ONLY_FALLBACK).orElse("opened read-only")
          + ")");
    }
  }

  private <T> T mutate(Function<State, Plan<T>> planner) {
    jvmLock.lock();
    try {
      ensureOpen();
      if (mode == Mode.READ_WRITE) {
        requireWritable();
        Plan<T> p = file.withFileLock(mode, () -> {
          catchUpLocked();
          if (mode != Mode.READ_WRITE) {
            return null;
          }
          Plan<T> plan = planner.apply(state);
          if (!plan.records().isEmpty()) {
            appendLocked(plan.records());
            if (options.autoCompact()
                && state.records - state.live() > Math.max(1000, state.live())) {
              writeNewFileLocked(state, state.generation + 1);
              publish();
            }
          }
          return plan;
        });
        if (p != null) {
          return p.result();
        }
      }
      requireWritable();
      // MEMORY_ONLY: the change lives in this process only.
      Plan<T> plan = planner.apply(state);
      for (Rec r : plan.records()) {
        state.apply(r);
      }
      if (!plan.records().isEmpty()) {
        state.records += plan.records().size();
        state.seq++;
        publish();
      }
      return plan.result();
    } catch (IOException e) {
      throw new CertDbException("writing to " + path + " failed (nothing was acknowledged): "
          + reason(e), e);
    } finally {
      jvmLock.unlock();
    }
  }

  // ---- open and fallbacks

  /** {@link #openReadOnly}: reads, never writes; an unreadable file means memory-only. */
  private void openReadOnlyLocked() {
    mode = Mode.READ_ONLY;
    state = new State(options.maxIntermediates());
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.exists(path)) {
      publish(); // missing: an empty database, nothing created
      return;
    }
    try {
      file.openChannel(false);
      file.withFileLock(mode, () -> {
        fullLoadLocked(false);
        return null;
      });
    } catch (IOException | UncheckedIOException | UnsupportedOperationException
        | SecurityException e) {
      file.close();
      mode = Mode.MEMORY_ONLY;
      state = new State(options.maxIntermediates());
      event(EventCode.CERTDB_MEMORY_ONLY_FALLBACK, null, 0, List.of(), "certdb " + path
          + ": cannot be read (" + describe(e) + "); running memory-only: user certificates,"
          + " trust settings and exceptions from the file are not available");
      publish();
    }
  }

  private void openLocked() {
    Exception rwFailure;
    try {
      mode = Mode.READ_WRITE;
      DbFile.createDirectoriesDurably(path.getParent());
      file.withFileLock(mode, () -> {
        file.removeStaleTemporaryFiles();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
          writeNewFileLocked(new State(options.maxIntermediates()), 1);
        } else {
          file.openChannel(true);
        }
        fullLoadLocked(true);
        return null;
      });
      return;
    } catch (IOException | UncheckedIOException | UnsupportedOperationException
        | SecurityException e) {
      rwFailure = e;
      file.close();
    }
    Exception roFailure;
    try {
      mode = Mode.READ_ONLY;
      state = new State(options.maxIntermediates());
      file.openChannel(false);
      event(EventCode.CERTDB_READ_ONLY_FALLBACK, null, 0, List.of(), "certdb " + path
          + ": cannot be opened for writing (" + describe(rwFailure) + "); using it read-only:"
          + " changes cannot be saved");
      file.withFileLock(mode, () -> {
        fullLoadLocked(false);
        return null;
      });
      return;
    } catch (IOException | UncheckedIOException | UnsupportedOperationException
        | SecurityException e) {
      roFailure = e;
      file.close();
      report.removeIf(ev -> ev.code() == EventCode.CERTDB_READ_ONLY_FALLBACK);
    }
    mode = Mode.MEMORY_ONLY;
    state = new State(options.maxIntermediates());
    event(EventCode.CERTDB_MEMORY_ONLY_FALLBACK, null, 0, List.of(), "certdb " + path
        + ": cannot be opened for writing (" + describe(rwFailure) + ") nor for reading ("
        + describe(roFailure) + "); running memory-only: user certificates, trust settings and"
        + " exceptions from the file are not available and changes will not be saved");
    publish();
  }

  private static String describe(Exception e) {
    if (e instanceof IOException io) {
      return reason(io);
    }
    return e.getMessage() == null ? "unknown error" : e.getMessage();
  }

  /** A human reason for an I/O failure, without a Java class name. */
  static String reason(IOException e) {
    if (e instanceof NoSuchFileException f) {
      return "no such file: " + f.getFile();
    }
    if (e instanceof java.nio.file.AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException f) {
      return "already exists: " + f.getFile();
    }
    if (e instanceof FileSystemException fse) {
      return (fse.getFile() == null ? "" : fse.getFile() + ": ")
          + (fse.getReason() == null ? "input/output error" : fse.getReason());
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  private void publish() {
    snapshot = state.snapshot(mode);
  }

  private void event(EventCode code, Path quarantined, int kept, List<LostRecord> lost,
      String message) {
    report.event(code, quarantined, kept, lost, message, mode != Mode.MEMORY_ONLY && !readOnly);
  }

  // ---- loading, catching up, recovery

  /** Reads the whole file, classifies it and repairs it (when {@code repair}). */
  private void fullLoadLocked(boolean repair) throws IOException {
    byte[] img;
    try {
      img = file.readAll();
    } catch (IOException e) {
      if (!repair) {
        throw e;
      }
      regenerateUnreadable(e);
      return;
    }
    if (!Format.isOurs(img, img.length)) {
      // Replaced by something that is not a database since we last looked: never claim it.
      throw new NotACertDbException(path, Format.describeForeign(img, img.length));
    }
    Instant now = options.clock().instant();
    Path quarantine = report.quarantineTarget(now);
    String suspectReason = "its latest record was lost in a corruption detected at " + now
        + (repair ? " (damaged file kept as " + quarantine.getFileName() + ")" : "");
    Scanner.Scan scan = Scanner.scan(img, img.length);
    Recovery.Outcome o = Recovery.classify(scan, options.maxIntermediates(), suspectReason);
    State st = o.state;
    switch (o.kind) {
      case CLEAN -> st.committedLength = o.slot.committedLength();
      case TAIL -> {
        st.committedLength = o.truncateAt;
        if (repair) {
          file.truncate(o.truncateAt);
          if (o.adopted > 0) {
            long seq = o.slot.seq() + 1;
            file.writeSlot(seq, st.generation, o.truncateAt, st.records, st.createdMillis);
            st.seq = seq;
          }
        }
        long dropped = img.length - o.truncateAt;
        event(dropped > 0 ? EventCode.CERTDB_TORN_TAIL_TRUNCATED : EventCode.CERTDB_TAIL_RECOVERED,
            null, o.kept, List.of(), report.tailMessage(o, dropped, repair));
      }
      case CORRUPT, UNREADABLE -> {
        long newGeneration = Math.max(st.generation,
            Math.max(o.slot == null ? 0 : o.slot.generation(),
                scan.other == null ? 0 : scan.other.generation())) + 1;
        Path kept = null;
        if (repair) {
          report.quarantine(quarantine);
          kept = quarantine;
          this.state = st;
          writeNewFileLocked(st, newGeneration);
        }
        event(o.kind == Recovery.Kind.UNREADABLE ? EventCode.CERTDB_UNREADABLE_REGENERATED
            : EventCode.CERTDB_CORRUPT_SALVAGED, kept, o.kept, o.lost,
            report.corruptionMessage(o, kept, repair, readOnly));
      }
      case NEWER -> {
        file.close();
        mode = Mode.MEMORY_ONLY;
        st = new State(options.maxIntermediates());
        event(EventCode.CERTDB_NEWER_FORMAT, null, 0, List.of(), "certdb " + path + ": "
            + o.problems.get(0) + "; the file is left untouched and the database runs"
            + " memory-only: the certificates, trust settings and exceptions in it are not"
            + " applied by this version");
      }
      default -> throw new IllegalStateException();
    }
    state = st;
    publish();
  }

  private void regenerateUnreadable(IOException cause) throws IOException {
    Instant now = options.clock().instant();
    Path q = report.quarantineTarget(now);
    file.close();
    report.moveAside(q);
    State st = new State(options.maxIntermediates());
    writeNewFileLocked(st, 1);
    state = st;
    LostRecord unknown = new LostRecord(null, null, null, 0, -1, 0, false,
        "the file could not be read: " + reason(cause));
    event(EventCode.CERTDB_UNREADABLE_REGENERATED, q, 0, List.of(unknown),
        report.unreadableMessage(q, reason(cause)));
    publish();
  }

  /**
   * Cheap test, under the JVM lock, whether the file is what this process last read: same file
   * identity, same newest header slot.
   */
  private boolean unchangedLocked() throws IOException {
    if (!file.sameFileAsOpened()) {
      return false;
    }
    Format.Slot best = file.readBestSlot();
    return best != null && best.generation() == state.generation && best.seq() == state.seq
        && best.committedLength() == state.committedLength;
  }

  /**
   * Brings {@link #state} up to what the file commits now (under the file lock): nothing when
   * unchanged, the new records when another process appended, a full load otherwise.
   */
  private void catchUpLocked() throws IOException {
    boolean repair = mode == Mode.READ_WRITE;
    Object key;
    try {
      key = file.currentFileKey();
    } catch (NoSuchFileException e) {
      if (!repair) {
        return; // read-only and the file is gone: keep what we have
      }
      file.close();
      State st = new State(options.maxIntermediates());
      writeNewFileLocked(st, 1); // deleted by the user: start again empty
      state = st;
      publish();
      return;
    }
    if (!file.isOpen() || key == null || !key.equals(file.fileKey())) {
      file.openChannel(repair);
      fullLoadLocked(repair);
      return;
    }
    Format.Slot best = file.readBestSlot();
    if (best == null) {
      fullLoadLocked(repair);
      return;
    }
    if (best.generation() == state.generation && best.seq() == state.seq
        && best.committedLength() == state.committedLength) {
      return;
    }
    if (best.generation() == state.generation && best.seq() > state.seq
        && best.committedLength() >= state.committedLength
        && best.recordCount() >= state.records
        && best.committedLength() - state.committedLength < Integer.MAX_VALUE - 64) {
      int n = (int) (best.committedLength() - state.committedLength);
      byte[] buf = new byte[n];
      try {
        file.read(buf, 0, n, state.committedLength);
        List<Scanner.Item> items = new ArrayList<>();
        Scanner.scanRecords(buf, 0, n, state.committedLength, items);
        boolean allValid = items.stream().allMatch(i -> i.rec() != null);
        if (allValid && items.size() == best.recordCount() - state.records) {
          for (Scanner.Item i : items) {
            state.apply(i.rec());
          }
          state.records = best.recordCount();
          state.seq = best.seq();
          state.committedLength = best.committedLength();
          publish();
          return;
        }
      } catch (IOException e) {
        // fall through to a full load, which classifies what is wrong
      }
    }
    fullLoadLocked(repair);
  }

  /** Appends and commits {@code recs} ({@link DbFile#append}), then applies them to the state. */
  private void appendLocked(List<Rec> recs) throws IOException {
    long pos = state.committedLength;
    long seq = state.seq + 1;
    int total;
    try {
      total = file.append(state, recs, seq);
    } catch (IOException e) {
      try {
        fullLoadLocked(true); // resynchronise with whatever reached the file
      } catch (IOException | RuntimeException e2) {
        e.addSuppressed(e2);
      }
      throw e;
    }
    long off = pos;
    for (Rec r : recs) {
      state.apply(r.at(off));
      off += r.framed().length;
    }
    state.records += recs.size();
    state.seq = seq;
    state.committedLength = pos + total;
    publish();
  }

  /**
   * Writes {@code st} as a new file and switches to it ({@link DbFile#writeNewFile}: temporary
   * file, sync, atomic rename over the database, directory sync).
   */
  private void writeNewFileLocked(State st, long generation) throws IOException {
    file.writeNewFile(st, generation, options.clock().millis());
  }

  /** The SHA-256 of a certificate, as used for keys and lookups. */
  public static byte[] fingerprint(byte[] der) {
    return Format.sha256(der);
  }

  /** Lower-case hex of a fingerprint. */
  public static String hex(byte[] sha256) {
    return HexFormat.of().formatHex(sha256);
  }
}
