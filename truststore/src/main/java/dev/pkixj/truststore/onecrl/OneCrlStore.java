package dev.pkixj.truststore.onecrl;

import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.json.JsonNull;
import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import dev.pkixj.truststore.remotesettings.Changeset;
import dev.pkixj.truststore.state.SecurityState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The stored OneCRL: {@value #FILE} in a {@link SecurityState} directory ({@code
 * ~/.pkixj/security-state/} by default), pkixj's own self-describing JSON (docs/onecrl.md
 * "Storage"): a format marker, where the last change came from, the collection timestamp, when it
 * was written, and the records kept (only those with a usable key, in the collection's record
 * shape). Every change writes the whole file through {@link SecurityState#write} (temporary file,
 * force, atomic rename), so a reader sees the old file or the new one, and a failed write leaves
 * the old one as it was. The file is read with a bound ({@link #MAX_FILE_BYTES}).
 *
 * <p>A file that does not start with pkixj's format marker is never overwritten. A pkixj file
 * that no longer parses (damaged) fails {@link #load}; {@link #replace} (a whole new collection)
 * writes over it, {@link #importFile} refuses unless told to start afresh. Changes within one JVM
 * are serialised; two processes changing the store at once may lose one change (the file is
 * never torn).
 */
public final class OneCrlStore {
  /** The file's name in the security-state directory. */
  public static final String FILE = "onecrl.json";
  /** The largest store file read. */
  public static final int MAX_FILE_BYTES = 32 << 20;

  static final String FORMAT = "pkixj-onecrl";
  static final int VERSION = 1;
  private static final byte[] MARKER =
      ("{\"format\":\"" + FORMAT + "\"").getBytes(StandardCharsets.US_ASCII);
  private static final JsonReader.Limits LIMITS =
      new JsonReader.Limits(MAX_FILE_BYTES, 8, 1 << 20, 64, 1 << 22);

  /** For tests: wraps the content writer of every store write (fault injection). */
  static volatile UnaryOperator<SecurityState.Content> contentFilter = UnaryOperator.identity();

  private OneCrlStore() {}

  /** The store cannot be read or written; the message is one line naming the file. */
  public static final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
      super(message);
    }
  }

  /**
   * The stored OneCRL.
   *
   * @param oneCrl the entries
   * @param records the records kept, in stored order (one per entry)
   * @param source where the last change came from (a URL or a file)
   * @param collectionTimestamp the collection's timestamp, if known
   * @param updatedMillis when the file was written (ms since the epoch)
   * @param bytes the file's size
   */
  public record Loaded(OneCrl oneCrl, List<OneCrlRecord> records, String source,
      OptionalLong collectionTimestamp, long updatedMillis, long bytes) {
    public Loaded {
      Objects.requireNonNull(oneCrl, "oneCrl");
      records = List.copyOf(records);
      Objects.requireNonNull(source, "source");
    }

    /** One line for status output. */
    public String describe() {
      int is = 0;
      for (OneCrl.Entry e : oneCrl.entries()) {
        if (e.kind() == OneCrl.Kind.ISSUER_SERIAL) {
          is++;
        }
      }
      return oneCrl.size() + " entr" + (oneCrl.size() == 1 ? "y" : "ies") + " (" + is
          + " by issuer and serial, " + (oneCrl.size() - is) + " by subject and key), from "
          + source + (collectionTimestamp.isPresent() ? ", collection timestamp "
          + collectionTimestamp.getAsLong() : "") + ", updated "
          + Instant.ofEpochMilli(updatedMillis) + ", " + bytes + " bytes";
    }
  }

  /**
   * What a change did, against the records stored before it.
   *
   * @param added records whose id was not stored
   * @param replaced stored records replaced by a different version
   * @param unchanged stored records given again, identical
   * @param removed stored records removed (tombstones, ids asked for, records of a replaced
   *     collection that are gone, records replaced by an unusable version)
   * @param ignored input records without a usable key (each with a warning)
   * @param warnings one line each, naming the file or URL and the record
   * @param stored the store as written
   */
  public record Change(int added, int replaced, int unchanged, int removed, int ignored,
      List<String> warnings, Loaded stored) {
    public Change {
      warnings = List.copyOf(warnings);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Reading

  /**
   * The stored OneCRL, or empty if there is no file.
   *
   * @throws StoreException the file cannot be read, is not pkixj's, or is damaged (the message
   *     names the file)
   */
  public static Optional<Loaded> load(SecurityState state) throws StoreException {
    Path file = state.path(FILE);
    Optional<byte[]> b;
    try {
      b = state.read(FILE, MAX_FILE_BYTES);
    } catch (IOException e) {
      throw new StoreException(message(e, file));
    }
    if (b.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(parseStore(b.get(), file.toString()));
  }

  static Loaded parseStore(byte[] b, String file) throws StoreException {
    if (!startsWithMarker(b)) {
      throw new StoreException(file + ": not a pkixj OneCRL file (no \"format\":\"" + FORMAT
          + "\" at its start)");
    }
    JsonObject o;
    try {
      o = JsonReader.parseObject(b, LIMITS);
    } catch (JsonException e) {
      throw new StoreException(file + ": damaged: " + e.getMessage());
    }
    try {
      long version = o.longValue("version");
      if (version != VERSION) {
        throw new StoreException(file + ": format version " + version + " is not known (expected "
            + VERSION + ")");
      }
      String source = o.string("source");
      long updated = o.longValue("updated");
      OptionalLong ts = OptionalLong.empty();
      Object t = o.get("collection_timestamp");
      if (t != null && t != JsonNull.NULL) {
        ts = OptionalLong.of(o.longValue("collection_timestamp"));
      }
      List<JsonObject> rs = o.objects("records", true);
      if (rs.size() > OneCrlParser.MAX_RECORDS) {
        throw new StoreException(file + ": damaged: " + rs.size() + " records, more than "
            + OneCrlParser.MAX_RECORDS);
      }
      List<OneCrlRecord> records = new ArrayList<>(rs.size());
      for (int i = 0; i < rs.size(); i++) {
        OneCrlRecord r = OneCrlParser.record(rs.get(i), file, "records[" + i + "]");
        if (r.deleted()) {
          throw new StoreException(file + ": damaged: records[" + i + "] is a tombstone");
        }
        records.add(r);
      }
      OneCrlParser.Parsed p = OneCrlParser.of(records, file, ts);
      if (!p.warnings().isEmpty()) {
        throw new StoreException(damaged(file, p.warnings().get(0)));
      }
      return new Loaded(p.oneCrl(), p.records(), source, ts, updated, b.length);
    } catch (JsonException e) {
      throw new StoreException(file + ": damaged: " + e.getMessage());
    } catch (OneCrlException e) {
      throw new StoreException(damaged(file, e.getMessage()));
    }
  }

  /** "FILE: damaged: what" from a message that starts with "FILE: ". */
  private static String damaged(String file, String message) {
    return file + ": damaged: " + (message.startsWith(file + ": ")
        ? message.substring(file.length() + 2) : message);
  }

  private static boolean startsWithMarker(byte[] b) {
    if (b.length < MARKER.length) {
      return false;
    }
    for (int i = 0; i < MARKER.length; i++) {
      if (b[i] != MARKER[i]) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------------------
  // Changing

  /**
   * Replaces the stored OneCRL with a collection's records (what a Remote Settings update
   * does with a full changeset). Tombstones among them are dropped; records without a usable
   * key are not stored (each has a warning). A damaged pkixj file is written over.
   *
   * @param source the URL or file the records came from
   * @param collectionTimestamp the collection's timestamp, if known
   * @param nowMillis the update time to record
   * @throws OneCrlException the records break a limit or two have the same id (nothing written)
   * @throws StoreException the file cannot be written (the old one is intact) or is not pkixj's
   */
  public static Change replace(SecurityState state, List<OneCrlRecord> records, String source,
      OptionalLong collectionTimestamp, long nowMillis) throws OneCrlException, StoreException {
    return replace(state, OneCrlParser.of(records, source, collectionTimestamp), nowMillis);
  }

  /** {@link #replace(SecurityState, List, String, OptionalLong, long)} with a changeset. */
  public static Change replace(SecurityState state, Changeset changeset, long nowMillis)
      throws OneCrlException, StoreException {
    return replace(state, OneCrlParser.fromChangeset(changeset), nowMillis);
  }

  /** {@link #replace(SecurityState, List, String, OptionalLong, long)} with a parsed input. */
  public static Change replace(SecurityState state, OneCrlParser.Parsed parsed, long nowMillis)
      throws StoreException {
    synchronized (OneCrlStore.class) {
      Map<String, OneCrlRecord> old = new LinkedHashMap<>();
      try {
        load(state).ifPresent(l -> l.records().forEach(r -> old.put(r.id(), r)));
      } catch (StoreException e) {
        // damaged or unreadable: a whole new collection replaces it (a foreign file is still
        // refused by the write below)
      }
      int added = 0;
      int replaced = 0;
      int unchanged = 0;
      for (OneCrlRecord r : parsed.records()) {
        OneCrlRecord was = old.remove(r.id());
        if (was == null) {
          added++;
        } else if (was.equals(r)) {
          unchanged++;
        } else {
          replaced++;
        }
      }
      Loaded stored = write(state, parsed.records(), parsed.source(), parsed.timestamp(),
          nowMillis);
      return new Change(added, replaced, unchanged, old.size(), parsed.ignored().size(),
          parsed.warnings(), stored);
    }
  }

  /**
   * {@link #importFile(SecurityState, Path, long, boolean)} that refuses to write over a damaged
   * store.
   */
  public static Change importFile(SecurityState state, Path file, long nowMillis)
      throws OneCrlException, StoreException {
    return importFile(state, file, nowMillis, false);
  }

  /**
   * Merges the records of a OneCRL file (any shape {@link OneCrlParser} reads) into the stored
   * set: a record with a stored id replaces it, a tombstone removes it, a record without a usable
   * key is not stored and removes the stored record of its id (as Firefox unsets the old
   * version's key). The collection timestamp stays the stored one (the file's if none was
   * stored); the source becomes the file.
   *
   * @param startAfresh when the stored file is pkixj's but damaged, start from nothing instead of
   *     refusing
   * @throws OneCrlException the file cannot be read or is refused (nothing written)
   * @throws StoreException the stored file is damaged (and not {@code startAfresh}), is not
   *     pkixj's, or cannot be written (the old one is then intact)
   */
  public static Change importFile(SecurityState state, Path file, long nowMillis,
      boolean startAfresh) throws OneCrlException, StoreException {
    OneCrlParser.Parsed p = OneCrlParser.read(file);
    synchronized (OneCrlStore.class) {
      Optional<Loaded> loaded;
      try {
        loaded = load(state);
      } catch (StoreException e) {
        if (!startAfresh) {
          throw new StoreException(e.getMessage() + "; nothing imported (import again starting"
              + " afresh to replace it)");
        }
        loaded = Optional.empty();
      }
      Map<String, OneCrlRecord> map = new LinkedHashMap<>();
      loaded.ifPresent(l -> l.records().forEach(r -> map.put(r.id(), r)));
      List<String> warnings = new ArrayList<>(p.warnings());
      int added = 0;
      int replaced = 0;
      int unchanged = 0;
      int removed = 0;
      for (OneCrlRecord r : p.records()) {
        OneCrlRecord was = map.put(r.id(), r);
        if (was == null) {
          added++;
        } else if (was.equals(r)) {
          unchanged++;
        } else {
          replaced++;
        }
      }
      for (String id : p.ignored()) {
        if (map.remove(id) != null) {
          removed++;
          warnings.add(p.source() + ": record " + id + ": the stored version is removed (the new"
              + " one has no usable key)");
        }
      }
      for (String id : p.deleted()) {
        if (map.remove(id) != null) {
          removed++;
        }
      }
      OptionalLong ts = loaded.isPresent() && loaded.get().collectionTimestamp().isPresent()
          ? loaded.get().collectionTimestamp() : p.timestamp();
      Loaded stored = write(state, new ArrayList<>(map.values()),
          file.toAbsolutePath().toString(), ts, nowMillis);
      return new Change(added, replaced, unchanged, removed, p.ignored().size(), warnings,
          stored);
    }
  }

  /**
   * Removes the records with these ids (a warning for each id not stored). With nothing stored,
   * nothing is written and {@code stored} is empty (no entries, source "", size 0).
   *
   * @throws StoreException the store is damaged, not pkixj's, or cannot be written (the old
   *     file is then intact)
   */
  public static Change remove(SecurityState state, Collection<String> ids, long nowMillis)
      throws StoreException {
    synchronized (OneCrlStore.class) {
      Optional<Loaded> loaded = load(state);
      Map<String, OneCrlRecord> map = new LinkedHashMap<>();
      loaded.ifPresent(l -> l.records().forEach(r -> map.put(r.id(), r)));
      List<String> warnings = new ArrayList<>();
      int removed = 0;
      for (String id : ids) {
        if (map.remove(id) != null) {
          removed++;
        } else {
          warnings.add(state.path(FILE) + ": no record " + id);
        }
      }
      if (loaded.isEmpty()) {
        return new Change(0, 0, 0, 0, 0, warnings, new Loaded(OneCrl.EMPTY, List.of(),
            "", OptionalLong.empty(), 0, 0));
      }
      Loaded l = loaded.get();
      Loaded stored = removed == 0 ? l
          : write(state, new ArrayList<>(map.values()), l.source(), l.collectionTimestamp(),
              nowMillis);
      return new Change(0, 0, 0, removed, 0, warnings, stored);
    }
  }

  /**
   * Deletes the stored file, whatever it holds.
   *
   * @return false if there was none
   * @throws StoreException it cannot be deleted
   */
  public static boolean removeAll(SecurityState state) throws StoreException {
    synchronized (OneCrlStore.class) {
      try {
        return state.delete(FILE);
      } catch (IOException e) {
        throw new StoreException(message(e, state.path(FILE)));
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Writing

  private static Loaded write(SecurityState state, List<OneCrlRecord> records, String source,
      OptionalLong ts, long nowMillis) throws StoreException {
    byte[] json = toJson(records, source, ts, nowMillis);
    Path file = state.path(FILE);
    if (json.length > MAX_FILE_BYTES) {
      throw new StoreException(file + ": " + json.length + " bytes would be more than "
          + MAX_FILE_BYTES + "; not written");
    }
    Predicate<byte[]> ours = OneCrlStore::startsWithMarker;
    try {
      state.write(FILE, contentFilter.apply(out -> out.write(json)), ours, MAX_FILE_BYTES);
    } catch (IOException e) {
      String m = message(e, file);
      throw new StoreException(m.contains("not replaced") ? m : m + "; the stored OneCRL is"
          + " unchanged");
    }
    List<OneCrl.Entry> entries = new ArrayList<>(records.size());
    List<String> ignore = new ArrayList<>();
    for (OneCrlRecord r : records) {
      entries.add(OneCrlParser.decode(r, file.toString(), ignore));
    }
    return new Loaded(OneCrl.of(entries), records, source, ts, nowMillis, json.length);
  }

  static byte[] toJson(List<OneCrlRecord> records, String source, OptionalLong ts,
      long nowMillis) {
    StringBuilder sb = new StringBuilder(256 + records.size() * 400);
    sb.append("{\"format\":\"").append(FORMAT).append("\",\"version\":").append(VERSION)
        .append(",\n\"source\":").append(quote(source))
        .append(",\n\"collection_timestamp\":")
        .append(ts.isPresent() ? Long.toString(ts.getAsLong()) : "null")
        .append(",\n\"updated\":").append(nowMillis)
        .append(",\n\"records\":[");
    for (int i = 0; i < records.size(); i++) {
      OneCrlRecord r = records.get(i);
      sb.append(i == 0 ? "\n" : ",\n").append("{\"id\":").append(quote(r.id()))
          .append(",\"last_modified\":").append(r.lastModified());
      member(sb, "issuerName", r.issuerName());
      member(sb, "serialNumber", r.serialNumber());
      member(sb, "subject", r.subject());
      member(sb, "pubKeyHash", r.pubKeyHash());
      if (r.enabled() != null) {
        sb.append(",\"enabled\":").append(r.enabled());
      }
      OneCrl.Details d = r.details();
      if (!d.isEmpty()) {
        sb.append(",\"details\":{");
        int before = sb.length();
        member(sb, "bug", d.bug());
        member(sb, "who", d.who());
        member(sb, "why", d.why());
        member(sb, "name", d.name());
        member(sb, "created", d.created());
        sb.deleteCharAt(before); // the first member's comma
        sb.append('}');
      }
      sb.append('}');
    }
    sb.append("\n]}\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void member(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append(",\"").append(name).append("\":").append(quote(value));
    }
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        b.append("\\ufffd"); // unpaired: JSON text cannot carry it
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  private static String message(IOException e, Path file) {
    String m = e.getMessage();
    if (m != null && m.startsWith(file.toString())) {
      return m.strip();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return file + ": permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return file + ": no such file or directory";
    }
    return file + ": " + OneCrlParser.reason(e);
  }
}
