package dev.pkixj.truststore.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * The file mechanics of one {@link CertDb}: the channel on the database file and its identity,
 * the cross-process lock on the sidecar {@code <name>.lock}, appending and committing records
 * ("write, force, write header, force"), writing a new file ("temporary file, force, atomic
 * rename, directory fsync") and the directory fsyncs (docs/certdb-format.md). What to write and
 * when is decided by {@link CertDb}; callers hold its JVM lock.
 */
final class DbFile {
  private final Path path;
  private final Path lockPath;

  // Guarded by the CertDb's JVM lock.
  private FileChannel channel;
  private Object fileKey;

  interface IoAction<T> {
    T run() throws IOException;
  }

  DbFile(Path path) {
    this.path = path;
    this.lockPath = path.resolveSibling(path.getFileName() + ".lock");
  }

  /** True while a channel on the database file is open. */
  boolean isOpen() {
    return channel != null;
  }

  /** The identity of the file the channel was opened on (null when unknown). */
  Object fileKey() {
    return fileKey;
  }

  /**
   * Runs an action holding the cross-process lock: exclusive in read-write mode; shared (when
   * the lock file can be opened for reading) in read-only mode.
   */
  <T> T withFileLock(Mode mode, IoAction<T> action) throws IOException {
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

  /**
   * Creates the missing directories and syncs the parent of each one it created, so that the
   * database's directory entry cannot vanish in a power loss after a write was acknowledged.
   */
  static void createDirectoriesDurably(Path dir) throws IOException {
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
  void removeStaleTemporaryFiles() {
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

  void openChannel(boolean write) throws IOException {
    close();
    channel = write
        ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
        : FileChannel.open(path, StandardOpenOption.READ);
    fileKey = currentFileKey();
  }

  Object currentFileKey() throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }

  /**
   * Whether the file at the path is still the one the channel was opened on (a stat); false
   * when no channel is open or the identity is unknown.
   */
  boolean sameFileAsOpened() throws IOException {
    return !(channel == null || !Objects.equals(currentFileKey(), fileKey) || fileKey == null);
  }

  void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do
      }
      channel = null;
    }
  }

  // ---- reading

  /** The whole file as the channel sees it. */
  byte[] readAll() throws IOException {
    return readAll(channel);
  }

  /** Reads {@code len} bytes at file position {@code pos} into {@code dst} at {@code off}. */
  void read(byte[] dst, int off, int len, long pos) throws IOException {
    readFully(channel, dst, off, len, pos);
  }

  /** The newest valid header slot (two 64-byte reads), or null when neither checks out. */
  Format.Slot readBestSlot() throws IOException {
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

  static byte[] readAll(FileChannel c) throws IOException {
    long size = c.size();
    if (size > Integer.MAX_VALUE - 64) {
      throw new IOException("file too large: " + size + " bytes");
    }
    byte[] img = new byte[(int) size];
    readFully(c, img, 0, img.length, 0);
    return img;
  }

  static void readFully(FileChannel c, byte[] dst, int off, int len, long pos)
      throws IOException {
    ByteBuffer b = ByteBuffer.wrap(dst, off, len);
    while (b.hasRemaining()) {
      int n = c.read(b, pos + (b.position() - off));
      if (n < 0) {
        throw new IOException("unexpected end of file at " + (pos + b.position() - off));
      }
    }
  }

  // ---- writing

  private static void writeFully(FileChannel c, byte[] src, long pos) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(src);
    while (b.hasRemaining()) {
      c.write(b, pos + b.position());
    }
  }

  /**
   * Appends {@code recs} after {@code st}'s committed length and commits them with header slot
   * {@code seq}: write, force, write header, force (a torn tail left there by a writer that
   * crashed is cut first). Does not change {@code st}.
   *
   * @return the number of bytes appended
   */
  int append(State st, List<Rec> recs, long seq) throws IOException {
    long pos = st.committedLength;
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
    if (channel.size() > pos) {
      channel.truncate(pos); // the torn tail of a writer that crashed since we last looked
    }
    writeFully(channel, buf, pos);
    channel.force(true);
    writeFully(channel, Format.encodeSlot((int) (seq % 2), st.generation, seq, pos + total,
        st.records + recs.size(), st.createdMillis), (seq % 2) * Format.SLOT_STRIDE);
    channel.force(true);
    return total;
  }

  /** Cuts the file at {@code at} and syncs it. */
  void truncate(long at) throws IOException {
    channel.truncate(at);
    channel.force(true);
  }

  /** Writes and syncs header slot {@code seq} committing {@code committedLength}. */
  void writeSlot(long seq, long generation, long committedLength, int records,
      long createdMillis) throws IOException {
    writeFully(channel, Format.encodeSlot((int) (seq % 2), generation, seq, committedLength,
        records, createdMillis), (seq % 2) * Format.SLOT_STRIDE);
    channel.force(true);
  }

  /**
   * Writes {@code st} as a new file (temporary file, sync, atomic rename over the database,
   * directory sync) and switches to it.
   */
  void writeNewFile(State st, long generation, long created) throws IOException {
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

  /**
   * fsync of the directory so the rename is durable (works on Linux; best effort elsewhere).
   * The outcome is kept in {@link CertDb#directorySync} for diagnostics.
   */
  static void syncDirectory(Path dir) {
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
      CertDb.directorySync = "ok";
    } catch (IOException | UnsupportedOperationException e) {
      CertDb.directorySync = "unsupported: " + e; // e.g. Windows: the rename is still atomic
    }
  }
}
