package dev.pkixj.truststore.db;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.TrustEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private static final DateTimeFormatter QUARANTINE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int MESSAGE_LIST_LIMIT = 20;

  /** Whether the last directory fsync worked (null before the first one): for diagnostics. */
  static volatile String directorySync;

  private final Path path;
  private final Path lockPath;
  private final CertDbOptions options;
  /** Opened with {@link #openReadOnly}: nothing is ever created, renamed, locked or written. */
  private final boolean readOnly;
  private final ReentrantLock jvmLock;
  private final CopyOnWriteArrayList<CertDbEvent> events = new CopyOnWriteArrayList<>();
  private volatile Mode mode = Mode.READ_WRITE;
  private volatile Snapshot snapshot;

  // Guarded by jvmLock.
  private State state;
  private FileChannel channel;
  private Object fileKey;
  private boolean closed;

  private CertDb(Path path, CertDbOptions options, boolean readOnly) {
    this.path = path;
    this.lockPath = path.resolveSibling(path.getFileName() + ".lock");
    this.options = options;
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
      db.closeChannel();
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
      readFully(c, head, 0, n, 0);
      if (Format.hasMagic(head, n, 0) || Format.hasMagic(head, n, 1)) {
        return; // the usual case: two small reads
      }
      byte[] img = readAll(c);
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
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).isCorruption()) {
        return Optional.of(events.get(i));
      }
    }
    return Optional.empty();
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
    return List.copyOf(events);
  }

  /**
   * The latest corruption found and salvaged: in this session if any, else the newest one
   * recorded in the event log beside the file ({@code certdb.events}), so that it is still
   * reported after the damaged file was set aside and the database regenerated.
   */
  public Optional<CertDbEvent> lastCorruption() {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).isCorruption()) {
        return Optional.of(events.get(i));
      }
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
      withFileLock(() -> {
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
      return withFileLock(this::checkLocked);
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
      img = readAll(c);
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
      withFileLock(() -> {
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
      closeChannel();
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

  private interface IoAction<T> {
    T run() throws IOException;
  }

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
          + events.stream().filter(e -> e.code() == EventCode.CERTDB_READ_ONLY_FALLBACK)
              .map(CertDbEvent::message).reduce((a, b) -> b).orElse("opened read-only") + ")");
    }
  }

  private <T> T mutate(Function<State, Plan<T>> planner) {
    jvmLock.lock();
    try {
      ensureOpen();
      if (mode == Mode.READ_WRITE) {
        requireWritable();
        Plan<T> p = withFileLock(() -> {
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

  /**
   * Runs an action holding the cross-process lock: exclusive in read-write mode; shared (when
   * the lock file can be opened for reading) in read-only mode.
   */
  private <T> T withFileLock(IoAction<T> action) throws IOException {
    if (mode == Mode.MEMORY_ONLY) {
      return action.run();
    }
    boolean exclusive = mode == Mode.READ_WRITE;
    FileChannel lc;
    try {
      lc = exclusive
          ? FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
          : FileChannel.open(lockPath, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      if (exclusive) {
        throw e instanceof IOException io ? io : new IOException(e);
      }
      return action.run(); // read-only without a lock file: best effort
    }
    try (lc) {
      FileLock fl = lockBlocking(lc, !exclusive);
      try {
        return action.run();
      } finally {
        if (fl != null && fl.isValid()) {
          fl.release();
        }
      }
    }
  }

  private static FileLock lockBlocking(FileChannel lc, boolean shared) throws IOException {
    while (true) {
      try {
        return lc.lock(0, Long.MAX_VALUE, shared);
      } catch (OverlappingFileLockException e) {
        // another CertDb in this JVM reached the same file through a different path: wait
        try {
          Thread.sleep(1);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for " + lc, ie);
        }
      }
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
      openChannel(false);
      withFileLock(() -> {
        fullLoadLocked(false);
        return null;
      });
    } catch (IOException | UncheckedIOException | UnsupportedOperationException
        | SecurityException e) {
      closeChannel();
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
      createDirectoriesDurably(path.getParent());
      withFileLock(() -> {
        removeStaleTemporaryFiles();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
          writeNewFileLocked(new State(options.maxIntermediates()), 1);
        } else {
          openChannel(true);
        }
        fullLoadLocked(true);
        return null;
      });
      return;
    } catch (IOException | UncheckedIOException | UnsupportedOperationException
        | SecurityException e) {
      rwFailure = e;
      closeChannel();
    }
    Exception roFailure;
    try {
      mode = Mode.READ_ONLY;
      state = new State(options.maxIntermediates());
      openChannel(false);
      event(EventCode.CERTDB_READ_ONLY_FALLBACK, null, 0, List.of(), "certdb " + path
          + ": cannot be opened for writing (" + describe(rwFailure) + "); using it read-only:"
          + " changes cannot be saved");
      withFileLock(() -> {
        fullLoadLocked(false);
        return null;
      });
      return;
    } catch (IOException | UncheckedIOException | UnsupportedOperationException
        | SecurityException e) {
      roFailure = e;
      closeChannel();
      events.removeIf(ev -> ev.code() == EventCode.CERTDB_READ_ONLY_FALLBACK);
    }
    mode = Mode.MEMORY_ONLY;
    state = new State(options.maxIntermediates());
    event(EventCode.CERTDB_MEMORY_ONLY_FALLBACK, null, 0, List.of(), "certdb " + path
        + ": cannot be opened for writing (" + describe(rwFailure) + ") nor for reading ("
        + describe(roFailure) + "); running memory-only: user certificates, trust settings and"
        + " exceptions from the file are not available and changes will not be saved");
    publish();
  }

  /**
   * Creates the missing directories and syncs the parent of each one it created, so that the
   * database's directory entry cannot vanish in a power loss after a write was acknowledged.
   */
  private static void createDirectoriesDurably(Path dir) throws IOException {
    if (dir == null || Files.isDirectory(dir)) {
      return;
    }
    List<Path> missing = new ArrayList<>();
    for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
      missing.add(d);
    }
    Files.createDirectories(dir);
    for (Path d : missing) {
      syncDirectory(d.getParent());
    }
  }

  /**
   * Deletes {@code <name>.tmp-*} files: new files are only written under the writer lock, which
   * we hold, so any such file is what a process killed during a compaction left behind.
   */
  private void removeStaleTemporaryFiles() {
    Path dir = path.getParent();
    if (dir == null) {
      return;
    }
    try (var files = Files.newDirectoryStream(dir, path.getFileName() + ".tmp-*")) {
      String ours = java.util.regex.Pattern.quote(path.getFileName() + ".tmp-")
          + "[0-9]+-[0-9a-f]+";
      for (Path f : files) {
        if (f.getFileName().toString().matches(ours)) {
          Files.deleteIfExists(f); // only names this class gives its temporary files
        }
      }
    } catch (IOException | RuntimeException e) {
      // harmless leftovers
    }
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

  private void openChannel(boolean write) throws IOException {
    closeChannel();
    channel = write
        ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
        : FileChannel.open(path, StandardOpenOption.READ);
    fileKey = currentFileKey();
  }

  private Object currentFileKey() throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do
      }
      channel = null;
    }
  }

  private void publish() {
    snapshot = state.snapshot(mode);
  }

  private void event(EventCode code, Path quarantined, int kept, List<LostRecord> lost,
      String message) {
    CertDbEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
    if (last != null && last.code() == code && last.message().equals(message)) {
      return; // the same finding again (e.g. a read-only reload of the same torn tail)
    }
    CertDbEvent e = new CertDbEvent(code, options.clock().instant(), path, quarantined, kept,
        lost, message);
    events.add(e);
    if (e.isCorruption() && mode != Mode.MEMORY_ONLY && !readOnly) {
      EventLog.append(path, e); // best effort: the event stands in memory either way
    }
  }

  // ---- loading, catching up, recovery

  private static byte[] readAll(FileChannel c) throws IOException {
    long size = c.size();
    if (size > Integer.MAX_VALUE - 64) {
      throw new IOException("file too large: " + size + " bytes");
    }
    byte[] img = new byte[(int) size];
    readFully(c, img, 0, img.length, 0);
    return img;
  }

  private static void readFully(FileChannel c, byte[] dst, int off, int len, long pos)
      throws IOException {
    ByteBuffer b = ByteBuffer.wrap(dst, off, len);
    while (b.hasRemaining()) {
      int n = c.read(b, pos + (b.position() - off));
      if (n < 0) {
        throw new IOException("unexpected end of file at " + (pos + b.position() - off));
      }
    }
  }

  private static void writeFully(FileChannel c, byte[] src, long pos) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(src);
    while (b.hasRemaining()) {
      c.write(b, pos + b.position());
    }
  }

  /** Reads the whole file, classifies it and repairs it (when {@code repair}). */
  private void fullLoadLocked(boolean repair) throws IOException {
    byte[] img;
    try {
      img = readAll(channel);
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
    Path quarantine = quarantineTarget(now);
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
          channel.truncate(o.truncateAt);
          channel.force(true);
          if (o.adopted > 0) {
            long seq = o.slot.seq() + 1;
            writeFully(channel, Format.encodeSlot((int) (seq % 2), st.generation, seq,
                o.truncateAt, st.records, st.createdMillis), (seq % 2) * Format.SLOT_STRIDE);
            channel.force(true);
            st.seq = seq;
          }
        }
        long dropped = img.length - o.truncateAt;
        StringBuilder m = new StringBuilder("certdb ").append(path).append(": ");
        if (dropped > 0) {
          m.append(repair ? "cut off " : "ignored ").append(dropped)
              .append(" bytes of an incomplete write at the end (a crash during a write that had"
                  + " not returned; no acknowledged data is affected)");
          for (LostRecord l : o.tailDropped) {
            if (l.type() != null) {
              m.append("; the incomplete write was ").append(l.describe());
            }
          }
        }
        if (o.adopted > 0) {
          m.append(dropped > 0 ? "; " : "").append("adopted ").append(o.adopted)
              .append(" complete record(s) written after the last commit point");
        }
        m.append(". Kept ").append(o.kept).append(" record(s).");
        event(dropped > 0 ? EventCode.CERTDB_TORN_TAIL_TRUNCATED : EventCode.CERTDB_TAIL_RECOVERED,
            null, o.kept, List.of(), m.toString());
      }
      case CORRUPT, UNREADABLE -> {
        long newGeneration = Math.max(st.generation,
            Math.max(o.slot == null ? 0 : o.slot.generation(),
                scan.other == null ? 0 : scan.other.generation())) + 1;
        Path kept = null;
        if (repair) {
          quarantine(quarantine);
          kept = quarantine;
          this.state = st;
          writeNewFileLocked(st, newGeneration);
        }
        event(o.kind == Recovery.Kind.UNREADABLE ? EventCode.CERTDB_UNREADABLE_REGENERATED
            : EventCode.CERTDB_CORRUPT_SALVAGED, kept, o.kept, o.lost,
            corruptionMessage(o, kept, repair));
      }
      case NEWER -> {
        closeChannel();
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
    Path q = quarantineTarget(now);
    closeChannel();
    Files.move(path, q, StandardCopyOption.ATOMIC_MOVE);
    State st = new State(options.maxIntermediates());
    writeNewFileLocked(st, 1);
    state = st;
    LostRecord unknown = new LostRecord(null, null, null, 0, -1, 0, false,
        "the file could not be read: " + reason(cause));
    event(EventCode.CERTDB_UNREADABLE_REGENERATED, q, 0, List.of(unknown), "certdb " + path
        + ": the file could not be read (" + reason(cause) + "); it was moved aside as " + q
        + " (never deleted) and an empty database was created. Kept 0 records; lost: unknown."
        + " WARNING: any certificate you had distrusted in it is no longer distrusted;"
        + " review your trust settings.");
    publish();
  }

  private String corruptionMessage(Recovery.Outcome o, Path quarantined, boolean repaired) {
    StringBuilder m = new StringBuilder("certdb ").append(path).append(": ");
    m.append(o.kind == Recovery.Kind.UNREADABLE
        ? "the file is not a readable certificate database" : "corruption detected");
    m.append(" (").append(String.join("; ", o.problems.subList(0,
        Math.min(o.problems.size(), 5))));
    if (o.problems.size() > 5) {
      m.append("; and ").append(o.problems.size() - 5).append(" more");
    }
    m.append("). ");
    if (repaired) {
      m.append("The damaged file was moved aside as ").append(quarantined)
          .append(" (never deleted) and a regenerated database was written from the records"
              + " that check out. ");
    } else if (readOnly) {
      m.append("Opened read-only: the file was left as it is and the records that check out"
          + " are used in memory (a command that writes, e.g. pkixj db repair, salvages it). ");
    } else {
      m.append("The database is read-only, so the file was left as it is and the records that"
          + " check out are used in memory. ");
    }
    m.append("Kept ").append(o.kept).append(" record(s); lost ").append(o.lost.size())
        .append(" record(s)");
    if (!o.lost.isEmpty()) {
      m.append(": ");
      for (int i = 0; i < Math.min(o.lost.size(), MESSAGE_LIST_LIMIT); i++) {
        m.append(i == 0 ? "" : "; ").append(o.lost.get(i).describe());
      }
      if (o.lost.size() > MESSAGE_LIST_LIMIT) {
        m.append("; and ").append(o.lost.size() - MESSAGE_LIST_LIMIT).append(" more");
      }
    }
    m.append('.');
    long unknown = o.lost.stream().filter(l -> l.type() == null).count();
    if (!o.newSuspects.isEmpty() || !o.droppedOverrides.isEmpty() || unknown > 0
        || o.lost.stream().anyMatch(LostRecord::mayHaveBeenDistrust)) {
      m.append(" WARNING: a lost record may have been a distrust or the removal of trust.");
      if (!o.newSuspects.isEmpty()) {
        m.append(" ").append(o.newSuspects.size()).append(" certificate(s) are now treated as"
            + " distrusted until you put or remove them again:");
        for (int i = 0; i < Math.min(o.newSuspects.size(), MESSAGE_LIST_LIMIT); i++) {
          m.append(" sha256=").append(o.newSuspects.get(i));
        }
        m.append('.');
      }
      if (!o.droppedOverrides.isEmpty()) {
        m.append(" ").append(o.droppedOverrides.size()).append(" exception(s) were dropped:");
        for (State.OverrideKey k : o.droppedOverrides) {
          m.append(' ').append(k.host()).append(':').append(k.port());
        }
        m.append('.');
      }
      if (o.unidentified) {
        m.append(" Some lost record(s) could not be identified for sure (").append(unknown)
            .append(" unidentified), so every certificate whose trust was set before the damage"
                + " is treated as distrusted and every exception set before it was dropped; a"
                + " distrust of a certificate the database held no other record of cannot be"
                + " restored: if you had distrusted certificates, distrust them again.");
      }
    }
    return m.toString();
  }

  private Path quarantineTarget(Instant now) {
    String base = path.getFileName() + ".corrupt-" + QUARANTINE_TIME.format(now);
    Path q = path.resolveSibling(base);
    for (int n = 2; Files.exists(q, LinkOption.NOFOLLOW_LINKS); n++) {
      q = path.resolveSibling(base + "-" + n);
    }
    return q;
  }

  /** Keeps the damaged file under {@code q}: a hard link when possible, else a synced copy. */
  private void quarantine(Path q) throws IOException {
    try {
      Files.createLink(q, path);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(path, q, StandardCopyOption.COPY_ATTRIBUTES);
      try (FileChannel c = FileChannel.open(q, StandardOpenOption.WRITE)) {
        c.force(true);
      }
    }
  }

  /**
   * Cheap test, under the JVM lock, whether the file is what this process last read: same file
   * identity, same newest header slot.
   */
  private boolean unchangedLocked() throws IOException {
    if (channel == null || !Objects.equals(currentFileKey(), fileKey) || fileKey == null) {
      return false;
    }
    Format.Slot best = readBestSlot();
    return best != null && best.generation() == state.generation && best.seq() == state.seq
        && best.committedLength() == state.committedLength;
  }

  private Format.Slot readBestSlot() throws IOException {
    long size = channel.size();
    int n = (int) Math.min(size, Format.SLOT_STRIDE + Format.SLOT_SIZE);
    byte[] img = new byte[Format.SLOT_STRIDE + Format.SLOT_SIZE];
    readFully(channel, img, 0, Math.min(n, Format.SLOT_SIZE), 0);
    if (n > Format.SLOT_STRIDE) {
      readFully(channel, img, Format.SLOT_STRIDE, n - Format.SLOT_STRIDE, Format.SLOT_STRIDE);
    }
    Format.Slot best = null;
    for (int i = 0; i < 2; i++) {
      Format.Slot[] out = new Format.Slot[1];
      if (Format.decodeSlot(img, n, i, out) == null
          && (best == null || out[0].seq() > best.seq())) {
        best = out[0];
      }
    }
    return best;
  }

  /**
   * Brings {@link #state} up to what the file commits now (under the file lock): nothing when
   * unchanged, the new records when another process appended, a full load otherwise.
   */
  private void catchUpLocked() throws IOException {
    boolean repair = mode == Mode.READ_WRITE;
    Object key;
    try {
      key = currentFileKey();
    } catch (NoSuchFileException e) {
      if (!repair) {
        return; // read-only and the file is gone: keep what we have
      }
      closeChannel();
      State st = new State(options.maxIntermediates());
      writeNewFileLocked(st, 1); // deleted by the user: start again empty
      state = st;
      publish();
      return;
    }
    if (channel == null || key == null || !key.equals(fileKey)) {
      openChannel(repair);
      fullLoadLocked(repair);
      return;
    }
    Format.Slot best = readBestSlot();
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
        readFully(channel, buf, 0, n, state.committedLength);
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

  private void appendLocked(List<Rec> recs) throws IOException {
    long pos = state.committedLength;
    int total = 0;
    for (Rec r : recs) {
      total += r.framed().length;
    }
    byte[] buf = new byte[total];
    int o = 0;
    for (Rec r : recs) {
      System.arraycopy(r.framed(), 0, buf, o, r.framed().length);
      o += r.framed().length;
    }
    long seq = state.seq + 1;
    try {
      if (channel.size() > pos) {
        channel.truncate(pos); // the torn tail of a writer that crashed since we last looked
      }
      writeFully(channel, buf, pos);
      channel.force(true);
      writeFully(channel, Format.encodeSlot((int) (seq % 2), state.generation, seq, pos + total,
          state.records + recs.size(), state.createdMillis), (seq % 2) * Format.SLOT_STRIDE);
      channel.force(true);
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
   * Writes {@code st} as a new file (temporary file, sync, atomic rename over the database,
   * directory sync) and switches to it.
   */
  private void writeNewFileLocked(State st, long generation) throws IOException {
    long created = options.clock().millis();
    List<byte[]> recs = st.compactRecords(generation, created);
    long len = Format.RECORDS_START;
    for (byte[] r : recs) {
      len += r.length;
    }
    if (len > Integer.MAX_VALUE - 64) {
      throw new IOException("database too large: " + len + " bytes");
    }
    byte[] img = new byte[(int) len];
    System.arraycopy(Format.encodeSlot(0, generation, 2, len, recs.size(), created), 0, img, 0,
        Format.SLOT_SIZE);
    System.arraycopy(Format.encodeSlot(1, generation, 1, len, recs.size(), created), 0, img,
        Format.SLOT_STRIDE, Format.SLOT_SIZE);
    int o = Format.RECORDS_START;
    for (byte[] r : recs) {
      System.arraycopy(r, 0, img, o, r.length);
      o += r.length;
    }
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp-" + ProcessHandle.current().pid()
        + "-" + Long.toHexString(System.nanoTime()));
    try {
      try (FileChannel t = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE))) {
        writeFully(t, img, 0);
        t.force(true);
      }
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e2) {
        e.addSuppressed(e2);
      }
      throw e;
    }
    syncDirectory(path.getParent());
    openChannel(true);
    st.generation = generation;
    st.seq = 2;
    st.committedLength = len;
    st.records = recs.size();
    st.createdMillis = created;
  }

  /** fsync of the directory so the rename is durable (works on Linux; best effort elsewhere). */
  static void syncDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
      directorySync = "ok";
    } catch (IOException | UnsupportedOperationException e) {
      directorySync = "unsupported: " + e; // e.g. Windows: the rename is still atomic
    }
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
