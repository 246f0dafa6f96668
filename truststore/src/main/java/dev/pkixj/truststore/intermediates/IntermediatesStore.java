package dev.pkixj.truststore.intermediates;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.truststore.remotesettings.Changeset;
import dev.pkixj.truststore.state.SecurityState;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The stored preloaded intermediates: one file, {@value #FILE_NAME}, in a {@link SecurityState}
 * directory (by default {@code ~/.pkixj/security-state}), written only through {@link
 * SecurityState#write} (a new file is renamed over the old one: a crash or a failed write leaves
 * the old file whole) and read with a bound ({@link #MAX_STORE_BYTES}). docs/intermediates.md
 * "Storage" describes the format: a self-describing binary file ending in the SHA-256 of
 * everything before it, so any damage is found on load.
 *
 * <p>Changes are read-modify-write; within one JVM they are serialised, between processes the
 * last writer wins whole (never a mix of two files).
 */
public final class IntermediatesStore {
  /** The file's name in the security-state directory. */
  public static final String FILE_NAME = "preloaded-intermediates";
  /** The largest store file read. */
  public static final int MAX_STORE_BYTES = 128 << 20;
  /** The longest text field (record id, origin, source) stored, in UTF-8 bytes. */
  static final int MAX_TEXT_BYTES = 4096;

  private static final byte[] MAGIC = "pkixj preloaded intermediates\n"
      .getBytes(StandardCharsets.US_ASCII);
  private static final int FORMAT = 1;
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{8,64}");

  /** A write failure injected by tests (after this many entries), or null. */
  interface Fault {
    void at(int entriesWritten) throws IOException;
  }

  static volatile Fault fault;

  private IntermediatesStore() {}

  /** The store cannot be read or written; the message is one line naming the file. */
  public static final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
      super(message);
    }
  }

  /**
   * The stored set.
   *
   * @param intermediates the certificates, with each one's record id, last_modified and origin
   * @param source what last changed the store: "import …", "remove …", or a changeset URL
   * @param collectionTimestamp the collection's timestamp of the last update or imported
   *     collection JSON (ms), 0 if never known
   * @param updatedMillis when the store was last written (ms since the epoch)
   * @param bytes the file's size
   * @param file the file
   */
  public record Loaded(PreloadedIntermediates intermediates, String source,
      long collectionTimestamp, long updatedMillis, long bytes, Path file) {
    /** One line for status output. */
    public String describe() {
      return intermediates.size() + " preloaded intermediate"
          + (intermediates.size() == 1 ? "" : "s") + " in " + file + " (" + bytes
          + " bytes), updated " + Instant.ofEpochMilli(updatedMillis)
          + (collectionTimestamp == 0 ? "" : ", collection timestamp " + collectionTimestamp)
          + ", from " + source;
    }
  }

  /**
   * What a change did.
   *
   * @param added entries that were not stored before
   * @param removed entries that are no longer stored
   * @param unchanged how many stored entries stayed
   * @param warnings the inputs' warnings (non-CA and self-signed certificates, kept)
   * @param store the store after the change
   */
  public record Change(List<PreloadedIntermediates.Entry> added,
      List<PreloadedIntermediates.Entry> removed, int unchanged, List<String> warnings,
      Loaded store) {
    public Change {
      added = List.copyOf(added);
      removed = List.copyOf(removed);
      warnings = List.copyOf(warnings);
    }
  }

  /** The file's path in {@code dir}. */
  public static Path file(Path dir) {
    return SecurityState.at(dir).path(FILE_NAME);
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  /**
   * The stored set in {@code dir}, or empty when there is none.
   *
   * @throws StoreException the file cannot be read or is damaged (the message names it)
   */
  public static Optional<Loaded> load(Path dir) throws StoreException {
    SecurityState state = SecurityState.at(dir);
    Path file = state.path(FILE_NAME);
    Optional<byte[]> b;
    try {
      b = state.read(FILE_NAME, MAX_STORE_BYTES);
    } catch (IOException e) {
      String m = e.getMessage();
      throw new StoreException(m != null && m.startsWith(file.toString()) ? m
          : file + ": cannot be read (" + IntermediatesImport.reason(e) + ")");
    }
    if (b.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decode(b.get(), file));
  }

  /** Decodes a store file's content; {@code file} names it in messages. */
  static Loaded decode(byte[] b, Path file) throws StoreException {
    if (b.length < MAGIC.length + 32
        || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new StoreException(file + ": not a preloaded-intermediates file written by pkixj");
    }
    int bodyEnd = b.length - 32;
    byte[] digest = sha256(b, 0, bodyEnd);
    if (!Arrays.equals(digest, 0, 32, b, bodyEnd, b.length)) {
      throw new StoreException(file + ": damaged (its SHA-256 does not match: truncated or"
          + " changed)");
    }
    ByteBuffer in = ByteBuffer.wrap(b, MAGIC.length, bodyEnd - MAGIC.length);
    try {
      int format = in.getInt();
      if (format != FORMAT) {
        throw new StoreException(file + ": format " + format + " is not known (expected "
            + FORMAT + ")");
      }
      long updated = in.getLong();
      long timestamp = in.getLong();
      String source = text(in);
      int count = in.getInt();
      if (count < 0 || count > IntermediatesImport.MAX_CERTIFICATES) {
        throw new StoreException(file + ": damaged (" + count + " certificates)");
      }
      List<PreloadedIntermediates.Entry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String id = text(in);
        long lastModified = in.getLong();
        String origin = text(in);
        int len = in.getInt();
        if (len <= 0 || len > IntermediatesImport.MAX_DER_BYTES || len > in.remaining()) {
          throw new StoreException(file + ": damaged (certificate " + (i + 1) + " has length "
              + len + ")");
        }
        byte[] der = new byte[len];
        in.get(der);
        Cert cert;
        try {
          cert = Cert.of(der);
        } catch (PkixException e) {
          throw new StoreException(file + ": damaged (certificate " + (i + 1)
              + " does not parse: " + e.result().firefoxName() + ")");
        }
        entries.add(new PreloadedIntermediates.Entry(cert, id, lastModified, origin));
      }
      if (in.hasRemaining()) {
        throw new StoreException(file + ": damaged (" + in.remaining()
            + " bytes after the last certificate)");
      }
      return new Loaded(PreloadedIntermediates.of(entries), source, timestamp, updated,
          b.length, file);
    } catch (BufferUnderflowException | CharacterCodingException e) {
      throw new StoreException(file + ": damaged (truncated or malformed)");
    }
  }

  private static String text(ByteBuffer in) throws CharacterCodingException, StoreException {
    int n = in.getShort() & 0xffff;
    if (n > MAX_TEXT_BYTES) {
      throw new BufferUnderflowException();
    }
    ByteBuffer slice = in.slice(in.position(), n);
    in.position(in.position() + n);
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
  }

  // ------------------------------------------------------------------------------------------
  // Changes

  /**
   * Adds the certificates of {@code paths} (PEM or DER files, collection JSON exports,
   * attachments bundles: {@link IntermediatesImport#readFile}) to the stored ones; a certificate
   * already stored is kept as it is. All files are read and checked before anything is written:
   * one bad file and nothing changes.
   *
   * @throws IntermediatesException a file is not usable (the message names it)
   * @throws StoreException the store is damaged or cannot be written
   */
  public static Change importFiles(Path dir, List<Path> paths, Instant now)
      throws IntermediatesException, StoreException {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no files to import");
    }
    List<IntermediatesImport.Parsed> parsed = new ArrayList<>(paths.size());
    for (Path p : paths) {
      parsed.add(IntermediatesImport.readFile(p));
    }
    synchronized (IntermediatesStore.class) {
      Optional<Loaded> old = load(dir);
      List<PreloadedIntermediates.Entry> kept = old.isPresent()
          ? old.get().intermediates().entries() : List.of();
      PreloadedIntermediates before = old.isPresent() ? old.get().intermediates()
          : PreloadedIntermediates.EMPTY;
      List<PreloadedIntermediates.Entry> all = new ArrayList<>(kept);
      List<PreloadedIntermediates.Entry> added = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      long timestamp = old.map(Loaded::collectionTimestamp).orElse(0L);
      Set<String> addedHashes = new HashSet<>();
      for (IntermediatesImport.Parsed p : parsed) {
        warnings.addAll(p.warnings());
        timestamp = Math.max(timestamp, p.collectionTimestamp());
        for (PreloadedIntermediates.Entry e : p.entries()) {
          if (!before.contains(e.cert()) && addedHashes.add(e.sha256Hex())) {
            added.add(e);
            all.add(e);
          }
        }
      }
      if (all.size() > IntermediatesImport.MAX_CERTIFICATES) {
        throw new IntermediatesException("importing these files would store " + all.size()
            + " certificates, more than " + IntermediatesImport.MAX_CERTIFICATES);
      }
      StringBuilder source = new StringBuilder("import of");
      for (Path p : paths) {
        source.append(' ').append(p);
      }
      Loaded stored = write(dir, all, source.toString(), timestamp, now);
      return new Change(added, List.of(), kept.size(), warnings, stored);
    }
  }

  /**
   * Removes stored certificates. Each selector is, tried in this order: a SHA-256 of the DER in
   * hex (64 digits, or a prefix of at least 8 that only one stored certificate has; colons
   * allowed), a record id, or text found in the subject (RFC 4514, any case; every certificate
   * whose subject contains it). A selector that matches nothing, or a hash prefix that matches
   * more than one, is an error and nothing is removed.
   *
   * @throws IntermediatesException a selector matches nothing or is ambiguous
   * @throws StoreException the store is damaged or cannot be written
   */
  public static Change remove(Path dir, List<String> selectors, Instant now)
      throws IntermediatesException, StoreException {
    if (selectors.isEmpty()) {
      throw new IllegalArgumentException("no selectors");
    }
    synchronized (IntermediatesStore.class) {
      Optional<Loaded> old = load(dir);
      List<PreloadedIntermediates.Entry> entries = old.isPresent()
          ? old.get().intermediates().entries() : List.of();
      Set<PreloadedIntermediates.Entry> removed = new LinkedHashSet<>();
      for (String s : selectors) {
        List<PreloadedIntermediates.Entry> m = select(entries, s);
        removed.addAll(m);
      }
      List<PreloadedIntermediates.Entry> rest = new ArrayList<>(entries.size());
      for (PreloadedIntermediates.Entry e : entries) {
        if (!removed.contains(e)) {
          rest.add(e);
        }
      }
      Loaded stored = write(dir, rest, "remove " + String.join(" ", selectors),
          old.map(Loaded::collectionTimestamp).orElse(0L), now);
      return new Change(List.of(), new ArrayList<>(removed), rest.size(), List.of(), stored);
    }
  }

  /** The entries {@code selector} picks (see {@link #remove}). */
  static List<PreloadedIntermediates.Entry> select(List<PreloadedIntermediates.Entry> entries,
      String selector) throws IntermediatesException {
    String s = selector.strip();
    if (s.isEmpty()) {
      throw new IntermediatesException("an empty selector");
    }
    String hex = s.replace(":", "");
    if (HEX.matcher(hex).matches()) {
      String h = hex.toLowerCase(Locale.ROOT);
      List<PreloadedIntermediates.Entry> m = new ArrayList<>();
      for (PreloadedIntermediates.Entry e : entries) {
        if (e.sha256Hex().startsWith(h)) {
          m.add(e);
        }
      }
      if (m.size() > 1) {
        throw new IntermediatesException("'" + IntermediatesImport.printable(s) + "': "
            + m.size() + " stored certificates' SHA-256 start with it; give more digits");
      }
      if (m.size() == 1) {
        return m;
      }
    }
    List<PreloadedIntermediates.Entry> m = new ArrayList<>();
    for (PreloadedIntermediates.Entry e : entries) {
      if (e.recordId().equals(s)) {
        m.add(e);
      }
    }
    if (!m.isEmpty()) {
      return m;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    for (PreloadedIntermediates.Entry e : entries) {
      if (e.subject().toLowerCase(Locale.ROOT).contains(lower)) {
        m.add(e);
      }
    }
    if (m.isEmpty()) {
      throw new IntermediatesException("'" + IntermediatesImport.printable(s) + "': no stored"
          + " preloaded intermediate has this SHA-256, record id or subject text");
    }
    return m;
  }

  /**
   * Removes every stored certificate (the file).
   *
   * @return false if nothing was stored
   */
  public static boolean removeAll(Path dir) throws StoreException {
    synchronized (IntermediatesStore.class) {
      SecurityState state = SecurityState.at(dir);
      try {
        return state.delete(FILE_NAME);
      } catch (IOException e) {
        throw new StoreException(state.path(FILE_NAME) + ": cannot be removed ("
            + IntermediatesImport.reason(e) + ")");
      }
    }
  }

  /**
   * Replaces the stored set with a Remote Settings update's: the records (tombstones skipped)
   * with their downloaded attachments, each checked against its record (size, SHA-256 of the
   * PEM, one certificate whose SHA-256 is the record's derHash). One bad record and nothing
   * changes.
   *
   * @param records the collection's records and their attachments
   * @param changeset the changeset they came from (its URL becomes the source, its timestamp the
   *     collection timestamp)
   * @throws IntermediatesException a record or attachment is not usable (the message names it)
   * @throws StoreException the store cannot be written (the old one is then unchanged)
   */
  public static Change replace(Path dir, List<RecordAttachment> records, Changeset changeset,
      Instant now) throws IntermediatesException, StoreException {
    return replace(dir, records, List.of(), changeset, now);
  }

  /**
   * {@link #replace(Path, List, Changeset, Instant)} keeping, besides the downloaded records,
   * entries already stored (an update downloads only the attachments of records whose derHash is
   * not stored, as Firefox's {@code cert_import_complete}; the others keep their stored DER).
   *
   * @param kept stored entries to keep, each with its current record's id and last_modified
   */
  public static Change replace(Path dir, List<RecordAttachment> records,
      List<PreloadedIntermediates.Entry> kept, Changeset changeset, Instant now)
      throws IntermediatesException, StoreException {
    Objects.requireNonNull(changeset, "changeset");
    IntermediatesImport.Parsed downloaded =
        IntermediatesImport.fromRecords(records, changeset.url());
    List<PreloadedIntermediates.Entry> all = new ArrayList<>(kept);
    all.addAll(downloaded.entries());
    IntermediatesImport.Parsed p = new IntermediatesImport.Parsed(all, downloaded.warnings(),
        downloaded.collectionTimestamp());
    synchronized (IntermediatesStore.class) {
      PreloadedIntermediates before;
      try {
        before = load(dir).map(Loaded::intermediates).orElse(PreloadedIntermediates.EMPTY);
      } catch (StoreException e) {
        before = PreloadedIntermediates.EMPTY; // a damaged store is replaced whole
      }
      PreloadedIntermediates after = PreloadedIntermediates.of(p.entries());
      List<PreloadedIntermediates.Entry> added = new ArrayList<>();
      for (PreloadedIntermediates.Entry e : after.entries()) {
        if (!before.contains(e.cert())) {
          added.add(e);
        }
      }
      List<PreloadedIntermediates.Entry> removed = new ArrayList<>();
      for (PreloadedIntermediates.Entry e : before.entries()) {
        if (!after.contains(e.cert())) {
          removed.add(e);
        }
      }
      Loaded stored = write(dir, after.entries(), changeset.url(), changeset.timestamp(), now);
      return new Change(added, removed, after.size() - added.size(), p.warnings(), stored);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Writing

  private static Loaded write(Path dir, List<PreloadedIntermediates.Entry> entries, String source,
      long collectionTimestamp, Instant now) throws StoreException {
    SecurityState state = SecurityState.at(dir);
    Path file = state.path(FILE_NAME);
    long updated = now.toEpochMilli();
    long[] size = new long[1];
    try {
      state.write(FILE_NAME, out -> size[0] = encode(entries, source, collectionTimestamp,
          updated, out), IntermediatesStore::recognise, MAX_STORE_BYTES);
    } catch (IOException e) {
      String m = e.getMessage();
      throw new StoreException(m != null && m.startsWith(file.toString()) ? m
          : file + ": cannot be written (" + IntermediatesImport.reason(e) + "); the stored"
          + " intermediates are unchanged");
    }
    return new Loaded(PreloadedIntermediates.of(entries), clip(source), collectionTimestamp,
        updated, size[0], file);
  }

  private static boolean recognise(byte[] existing) {
    return existing.length >= MAGIC.length
        && Arrays.equals(existing, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** Writes the file's content; returns its size. */
  static long encode(List<PreloadedIntermediates.Entry> entries, String source,
      long collectionTimestamp, long updated, OutputStream sink) throws IOException {
    MessageDigest md = digest();
    CountingStream counted = new CountingStream(sink);
    DigestOutputStream dos = new DigestOutputStream(counted, md);
    DataOutputStream out = new DataOutputStream(dos);
    out.write(MAGIC);
    out.writeInt(FORMAT);
    out.writeLong(updated);
    out.writeLong(collectionTimestamp);
    text(out, source);
    out.writeInt(entries.size());
    Fault f = fault;
    int n = 0;
    for (PreloadedIntermediates.Entry e : entries) {
      if (f != null) {
        f.at(n);
      }
      text(out, e.recordId());
      out.writeLong(e.lastModified());
      text(out, e.origin());
      byte[] der = e.cert().der();
      out.writeInt(der.length);
      out.write(der);
      n++;
    }
    out.flush();
    counted.write(md.digest());
    return counted.count;
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] b = clip(s).getBytes(StandardCharsets.UTF_8);
    out.writeShort(b.length);
    out.write(b);
  }

  /** {@code s} cut to fit {@link #MAX_TEXT_BYTES} in UTF-8. */
  private static String clip(String s) {
    String t = s.length() > 1000 ? s.substring(0, 1000) : s;
    if (t.length() > 0 && Character.isHighSurrogate(t.charAt(t.length() - 1))) {
      t = t.substring(0, t.length() - 1);
    }
    return t;
  }

  private static final class CountingStream extends OutputStream {
    private final OutputStream out;
    long count;

    CountingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private static byte[] sha256(byte[] b, int off, int len) {
    MessageDigest md = digest();
    md.update(b, off, len);
    return md.digest();
  }

  /** Encodes to bytes (tests and measurements). */
  static byte[] encode(List<PreloadedIntermediates.Entry> entries, String source,
      long collectionTimestamp, long updated) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      encode(entries, source, collectionTimestamp, updated, b);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b.toByteArray();
  }
}
