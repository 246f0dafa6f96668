package dev.pkixj.truststore.state;

import dev.pkixj.truststore.db.CertDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A directory of named security-state files (name → bytes), each written crash-safely: the new
 * content goes to a temporary file in the same directory (created with {@code CREATE_NEW}, so
 * never through an existing file or link), is forced to disk, then atomically renamed over the
 * old file, and the directory is forced where the platform allows it. A reader therefore sees the
 * old file or the new one, whole, whatever happens during a write (power loss, kill -9, a full
 * disk); a write that fails leaves the old file as it was. Reads are bounded.
 *
 * <p>Names are 1–64 characters of {@code [a-z0-9._-]}, starting with a letter or digit (no path
 * separators). Temporary files are {@code NAME.tmp-*}; those older than an hour (left by a crash)
 * are removed by the next write of that name. Thread-safe; concurrent writers of one name each
 * replace the file whole (the last rename wins).
 */
public final class SecurityState {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Duration STALE_TEMP = Duration.ofHours(1);

  /** Writes a file's new content to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Path dir;

  private SecurityState(Path dir) {
    this.dir = dir;
  }

  /**
   * {@code ~/.pkixj/security-state}: beside the default certificate database ({@link
   * CertDb#defaultPath()}, so under the same {@code user.home}).
   */
  public static Path defaultDir() {
    Path db = CertDb.defaultPath().toAbsolutePath();
    return db.getParent().resolve("security-state");
  }

  /** The store in {@code dir} (created on the first write; nothing is read or written here). */
  public static SecurityState at(Path dir) {
    return new SecurityState(Objects.requireNonNull(dir, "dir").toAbsolutePath());
  }

  /** The store in {@link #defaultDir()}. */
  public static SecurityState atDefault() {
    return at(defaultDir());
  }

  public Path dir() {
    return dir;
  }

  /** Where the file of this name is (whether or not it exists). */
  public Path path(String name) {
    return dir.resolve(checkName(name));
  }

  private static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains(".tmp-")) {
      throw new IllegalArgumentException("not a security-state name: " + name);
    }
    return name;
  }

  /**
   * The file's content, or empty if there is no such file.
   *
   * @param maxBytes the largest content accepted
   * @throws IOException if it cannot be read, is not a regular file, or is larger than
   *     {@code maxBytes} (the message names the file)
   */
  public Optional<byte[]> read(String name, int maxBytes) throws IOException {
    Path file = path(name);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": not a regular file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(maxBytes + 1);
      if (b.length > maxBytes) {
        throw new IOException(file + ": larger than " + maxBytes + " bytes");
      }
      return Optional.of(b);
    } catch (NoSuchFileException e) {
      return Optional.empty(); // replaced or removed meanwhile
    }
  }

  /** {@link #write(String, Content, Predicate, int)} of these bytes, without a check. */
  public void write(String name, byte[] data) throws IOException {
    Objects.requireNonNull(data, "data");
    write(name, out -> out.write(data), null, 0);
  }

  /**
   * Replaces (or creates) the file atomically.
   *
   * @param content writes the new content; if it throws, the old file stays as it was
   * @param recognise when not null, an existing file is replaced only if this accepts its
   *     content (read up to {@code maxExisting} bytes): a file that is not what this name should
   *     hold is never overwritten
   * @throws IOException if the file cannot be written (the old one is then intact), or the
   *     existing file is not a regular file or is not recognised (the message names the file)
   */
  public void write(String name, Content content, Predicate<byte[]> recognise, int maxExisting)
      throws IOException {
    Path file = path(name);
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(file + ": not a regular file; not replaced");
      }
      if (recognise != null) {
        Optional<byte[]> old;
        try {
          old = read(name, maxExisting);
        } catch (IOException e) {
          throw new IOException(e.getMessage() + "; not replaced");
        }
        if (old.isPresent() && !recognise.test(old.get())) {
          throw new IOException(file + ": exists and is not a file pkixj wrote there; not"
              + " replaced");
        }
      }
    }
    Files.createDirectories(dir);
    removeStaleTemps(name);
    Path tmp = dir.resolve(name + ".tmp-" + ProcessHandle.current().pid() + "-"
        + Long.toHexString(System.nanoTime()));
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE));
          OutputStream out = Channels.newOutputStream(ch)) {
        java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16) {
          @Override
          public void close() throws IOException {
            flush(); // the channel is closed by this method, not by the content writer
          }
        };
        content.writeTo(buffered);
        buffered.flush();
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      forceDirectory();
    } catch (FileAlreadyExistsException e) {
      throw new IOException(tmp + ": a temporary file of that name already exists");
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Removes the file.
   *
   * @return false if there was none
   */
  public boolean delete(String name) throws IOException {
    boolean deleted = Files.deleteIfExists(path(name));
    if (deleted) {
      forceDirectory();
    }
    return deleted;
  }

  private void forceDirectory() {
    // Makes the rename durable on POSIX file systems; Windows cannot open a directory this way
    // (its rename is durable on its own), so a failure here is not an error.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort, see above
    }
  }

  private void removeStaleTemps(String name) {
    Instant cutoff = Instant.now().minus(STALE_TEMP);
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, name + ".tmp-*")) {
      for (Path t : temps) {
        try {
          FileTime m = Files.getLastModifiedTime(t, LinkOption.NOFOLLOW_LINKS);
          if (m.toInstant().isBefore(cutoff) && Files.isRegularFile(t, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(t);
          }
        } catch (IOException e) {
          // another writer's file, or gone: leave it
        }
      }
    } catch (IOException e) {
      // the directory cannot be listed: the write itself will report a real problem
    }
  }
}
