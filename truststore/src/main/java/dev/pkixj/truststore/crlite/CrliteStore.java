package dev.pkixj.truststore.crlite;

import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The CRLite filters on disk (docs/crlite.md "Filters on disk and updates"), in generations:
 * {@code DIR/gen-<n>/} holds {@code full.filter}, the deltas {@code 0001.delta}, {@code
 * 0002.delta}, … in the order they apply, and {@code meta.json}; the small file {@code
 * DIR/CURRENT} names the generation in force. An update writes a whole new generation and forces
 * it to disk, then replaces {@code CURRENT} atomically (temporary file, force, atomic rename,
 * directory force), and only then deletes the older generations. A crash at any point leaves
 * either the old generation or the new one in force, never a half-written one; leftovers of an
 * interrupted update are removed by the next one. Updates take a lock file ({@code DIR/lock}) so
 * two updates never interleave. A reader holds only immutable objects once {@link #load} returned
 * (the filters are read whole into memory), so an update never disturbs it; a reader that finds
 * its generation deleted while it opens the files tries again with the new {@code CURRENT}.
 */
public final class CrliteStore {
  /** The file naming the generation in force. */
  public static final String CURRENT = "CURRENT";
  /** The full filter's name in a generation. */
  public static final String FULL = "full.filter";
  /** The description's name in a generation. */
  public static final String META = "meta.json";
  /** The most deltas a generation may hold. */
  public static final int MAX_DELTAS = 1000;
  /** The largest {@code meta.json} read. */
  public static final int MAX_META_BYTES = 1 << 20;

  private static final Pattern GEN = Pattern.compile("gen-([0-9]{1,9})");
  private static final int META_FORMAT = 1;

  private CrliteStore() {}

  /** A stored filter: the record it came from and its file. */
  public record FilterInfo(String id, long effectiveTimestamp, long lastModified, String sha256,
      long size, String name) {
    public FilterInfo {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(sha256, "sha256");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * What a generation holds and where it came from.
   *
   * @param updateEpochMillis when it was stored (the filters' freshness starts there)
   * @param channel the filter channel ({@code default}, {@code compat})
   * @param source the changeset URL
   * @param collectionTimestamp the collection's timestamp in that changeset
   */
  public record Meta(long updateEpochMillis, String channel, String source,
      long collectionTimestamp, FilterInfo full, List<FilterInfo> deltas) {
    public Meta {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(full, "full");
      deltas = List.copyOf(deltas);
    }
  }

  /**
   * The generation in force, loaded.
   *
   * @param directory the generation's directory
   * @param generation its number
   * @param filters the filters, with the update time for freshness
   * @param full the full filter
   * @param deltas the deltas in the order they apply
   * @param bytesOnDisk the filters' total size
   */
  public record Loaded(Path directory, long generation, CrliteFilters filters, Meta meta,
      Clubcard full, List<Clubcard> deltas, long bytesOnDisk) {
    public Loaded {
      deltas = List.copyOf(deltas);
    }

    /** One line for status output. */
    public String describe() {
      return "generation " + generation + " (" + directory + "): full filter " + meta.full().name()
          + ", " + deltas.size() + " delta" + (deltas.size() == 1 ? "" : "s") + ", channel "
          + meta.channel() + ", updated " + java.time.Instant.ofEpochMilli(meta.updateEpochMillis())
          + ", " + bytesOnDisk + " bytes";
    }
  }

  /** The store cannot be read or written; the message is one line naming the file. */
  public static final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
      super(message);
    }
  }

  /** {@code ~/.pkixj/crlite}: beside the default certificate database, as the security state. */
  public static Path defaultDir() {
    return CertDb.defaultPath().toAbsolutePath().getParent().resolve("crlite");
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  /**
   * The generation in force in {@code dir}, or empty when nothing is stored there (no directory,
   * or no {@code CURRENT}).
   *
   * @throws StoreException {@code CURRENT}, the generation or one of its files is damaged (the
   *     message names the file)
   */
  public static Optional<Loaded> load(Path dir) throws StoreException {
    Path d = dir.toAbsolutePath();
    StoreException last = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      Optional<String> gen = readCurrent(d);
      if (gen.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(loadGeneration(d.resolve(gen.get())));
      } catch (StoreException e) {
        // An update may have replaced CURRENT and deleted this generation meanwhile: try again
        // with the new CURRENT; a generation that stays in force and is damaged is an error.
        Optional<String> now = readCurrent(d);
        if (now.equals(gen)) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  private static Optional<String> readCurrent(Path d) throws StoreException {
    Path cur = d.resolve(CURRENT);
    if (Files.exists(d) && !Files.isDirectory(d)) {
      throw new StoreException(d + ": not a directory (the CRLite filter directory)");
    }
    if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    byte[] b;
    try (InputStream in = Files.newInputStream(cur)) {
      b = in.readNBytes(65);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException(cur + ": cannot be read (" + reason(e) + ")");
    }
    String s = new String(b, StandardCharsets.US_ASCII).strip();
    if (b.length > 64 || !GEN.matcher(s).matches()) {
      throw new StoreException(cur + ": does not name a generation (gen-<n>)");
    }
    return Optional.of(s);
  }

  private static Loaded loadGeneration(Path g) throws StoreException {
    if (!Files.isDirectory(g)) {
      throw new StoreException(g + ": the generation named by CURRENT is missing");
    }
    Matcher m = GEN.matcher(g.getFileName().toString());
    long number = m.matches() ? Long.parseLong(m.group(1)) : -1;
    Path metaFile = g.resolve(META);
    Meta meta = readMeta(metaFile);
    Clubcard full = readFilter(g.resolve(FULL), meta.full());
    List<Clubcard> deltas = new ArrayList<>();
    long bytes = meta.full().size();
    for (int i = 0; i < meta.deltas().size(); i++) {
      deltas.add(readFilter(g.resolve(deltaName(i)), meta.deltas().get(i)));
      bytes += meta.deltas().get(i).size();
    }
    CrliteFilters filters = CrliteFilters.of(full, deltas, meta.updateEpochMillis());
    return new Loaded(g, number, filters, meta, full, deltas, bytes);
  }

  private static Clubcard readFilter(Path file, FilterInfo info) throws StoreException {
    try {
      long size = Files.size(file);
      if (size != info.size()) {
        throw new StoreException(file + ": " + size + " bytes, " + META + " gives " + info.size());
      }
      return Clubcard.read(file);
    } catch (NoSuchFileException e) {
      throw new StoreException(file + ": missing");
    } catch (IOException e) {
      throw new StoreException(file + ": cannot be read (" + reason(e) + ")");
    } catch (ClubcardException e) {
      throw new StoreException(e.getMessage());
    }
  }

  /** {@code 0001.delta} for index 0. */
  static String deltaName(int index) {
    return String.format(Locale.ROOT, "%04d.delta", index + 1);
  }

  private static Meta readMeta(Path file) throws StoreException {
    byte[] b;
    try (InputStream in = Files.newInputStream(file)) {
      b = in.readNBytes(MAX_META_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new StoreException(file + ": missing");
    } catch (IOException e) {
      throw new StoreException(file + ": cannot be read (" + reason(e) + ")");
    }
    if (b.length > MAX_META_BYTES) {
      throw new StoreException(file + ": larger than " + MAX_META_BYTES + " bytes");
    }
    try {
      JsonObject o = JsonReader.parseObject(b);
      long format = o.longValue("format");
      if (format != META_FORMAT) {
        throw new StoreException(file + ": format " + format + " is not known (expected "
            + META_FORMAT + ")");
      }
      List<JsonObject> ds = o.objects("deltas", true);
      if (ds.size() > MAX_DELTAS) {
        throw new StoreException(file + ": more than " + MAX_DELTAS + " deltas");
      }
      List<FilterInfo> deltas = new ArrayList<>();
      for (JsonObject d : ds) {
        deltas.add(info(d));
      }
      return new Meta(o.longValue("updated"), o.string("channel"), o.string("source"),
          o.longValue("collection_timestamp"), info(o.object("full")), deltas);
    } catch (JsonException e) {
      throw new StoreException(file + ": " + e.getMessage());
    }
  }

  private static FilterInfo info(JsonObject o) throws JsonException {
    long size = o.longValue("size");
    if (size < 0) {
      throw new JsonException(o.pathOf("size") + ": negative");
    }
    return new FilterInfo(o.string("id"), o.longValue("effective_timestamp"),
        o.longValue("last_modified"), o.string("sha256"), size, o.string("name"));
  }

  // ------------------------------------------------------------------------------------------
  // Writing

  /**
   * Stores a new generation and puts it in force (see the class comment). The filters are parsed
   * first: if one is not a clubcard nothing is written.
   *
   * @param full the full filter's bytes
   * @param deltas the deltas' bytes, in the order they apply
   * @param meta their description; sizes must match the bytes
   * @return the new generation, loaded
   * @throws StoreException a filter does not parse, or the directory cannot be written (the
   *     generation in force is then unchanged)
   */
  public static Loaded commit(Path dir, byte[] full, List<byte[]> deltas, Meta meta)
      throws StoreException {
    synchronized (CrliteStore.class) { // the file lock excludes other processes, this threads
      return commitLocked(dir, full, deltas, meta);
    }
  }

  private static Loaded commitLocked(Path dir, byte[] full, List<byte[]> deltas, Meta meta)
      throws StoreException {
    if (deltas.size() != meta.deltas().size() || deltas.size() > MAX_DELTAS) {
      throw new IllegalArgumentException("deltas and their descriptions differ in number");
    }
    checkSize(full, meta.full());
    for (int i = 0; i < deltas.size(); i++) {
      checkSize(deltas.get(i), meta.deltas().get(i));
    }
    Clubcard fullCard;
    List<Clubcard> deltaCards = new ArrayList<>();
    try {
      fullCard = Clubcard.parse(full, meta.full().name());
      for (int i = 0; i < deltas.size(); i++) {
        deltaCards.add(Clubcard.parse(deltas.get(i), meta.deltas().get(i).name()));
      }
    } catch (ClubcardException e) {
      throw new StoreException(e.getMessage() + " (not stored)");
    }
    Path d = dir.toAbsolutePath();
    try {
      Files.createDirectories(d);
    } catch (IOException e) {
      throw new StoreException(d + ": cannot be created (" + reason(e) + ")");
    }
    Path lockFile = d.resolve("lock");
    try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
      long n = 1 + highestGeneration(d);
      Path g = d.resolve("gen-" + n);
      boolean inForce = false;
      try {
        Files.createDirectory(g);
        writeFile(g.resolve(FULL), full);
        for (int i = 0; i < deltas.size(); i++) {
          writeFile(g.resolve(deltaName(i)), deltas.get(i));
        }
        writeFile(g.resolve(META), metaJson(meta));
        forceDirectory(g);
        forceDirectory(d);
        Path tmp = d.resolve(CURRENT + ".tmp-" + ProcessHandle.current().pid() + "-"
            + Long.toHexString(System.nanoTime()));
        try {
          writeFile(tmp, ("gen-" + n + "\n").getBytes(StandardCharsets.US_ASCII));
          Files.move(tmp, d.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(tmp);
        }
        inForce = true;
        forceDirectory(d);
      } catch (IOException e) {
        throw new StoreException((e instanceof FileSystemException f && f.getFile() != null
            ? f.getFile() : g) + ": cannot be written (" + reason(e) + "); the filters in force"
            + " are unchanged");
      } finally {
        if (!inForce) {
          deleteTree(g);
        }
      }
      removeOthers(d, g.getFileName().toString());
      long bytes = full.length;
      for (byte[] x : deltas) {
        bytes += x.length;
      }
      return new Loaded(g, n, CrliteFilters.of(fullCard, deltaCards, meta.updateEpochMillis()),
          meta, fullCard, deltaCards, bytes);
    } catch (IOException e) {
      throw new StoreException(lockFile + ": cannot be locked (" + reason(e) + ")");
    }
  }

  private static void checkSize(byte[] b, FilterInfo info) {
    if (b.length != info.size()) {
      throw new IllegalArgumentException(info.name() + ": " + b.length + " bytes, described as "
          + info.size());
    }
  }

  private static long highestGeneration(Path d) throws IOException {
    long max = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "gen-*")) {
      for (Path p : s) {
        Matcher m = GEN.matcher(p.getFileName().toString());
        if (m.matches()) {
          max = Math.max(max, Long.parseLong(m.group(1)));
        }
      }
    }
    if (max >= 999_999_999L) {
      throw new IOException("generation numbers exhausted");
    }
    return max;
  }

  /** Deletes every generation but {@code keep} and stale temporary files (best effort). */
  private static void removeOthers(Path d, String keep) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if ((GEN.matcher(name).matches() && !name.equals(keep))
            || name.startsWith(CURRENT + ".tmp-")) {
          deleteTree(p);
        }
      }
    } catch (IOException e) {
      // left for the next update
    }
  }

  private static void deleteTree(Path p) {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(x);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // left for the next update
    }
  }

  private static void writeFile(Path file, byte[] data) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  private static void forceDirectory(Path dir) {
    // Makes created and renamed entries durable on POSIX; Windows cannot open a directory this
    // way (its renames are durable on their own), so a failure here is not an error.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort, see above
    }
  }

  static byte[] metaJson(Meta m) {
    StringBuilder sb = new StringBuilder(512);
    sb.append("{\"format\":").append(META_FORMAT)
        .append(",\"updated\":").append(m.updateEpochMillis())
        .append(",\"channel\":").append(quote(m.channel()))
        .append(",\"source\":").append(quote(m.source()))
        .append(",\"collection_timestamp\":").append(m.collectionTimestamp())
        .append(",\"full\":");
    info(sb, m.full());
    sb.append(",\"deltas\":[");
    for (int i = 0; i < m.deltas().size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("\n  ");
      info(sb, m.deltas().get(i));
    }
    sb.append("]}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void info(StringBuilder sb, FilterInfo f) {
    sb.append("{\"id\":").append(quote(f.id()))
        .append(",\"effective_timestamp\":").append(f.effectiveTimestamp())
        .append(",\"last_modified\":").append(f.lastModified())
        .append(",\"sha256\":").append(quote(f.sha256()))
        .append(",\"size\":").append(f.size())
        .append(",\"name\":").append(quote(f.name())).append('}');
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF)) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? "I/O error" : m.strip();
  }
}
