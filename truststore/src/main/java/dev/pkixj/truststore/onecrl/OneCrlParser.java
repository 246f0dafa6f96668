package dev.pkixj.truststore.onecrl;

import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.json.JsonNull;
import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import dev.pkixj.truststore.remotesettings.Changeset;
import dev.pkixj.truststore.remotesettings.RsRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the OneCRL collection's JSON in every shape it comes in (docs/onecrl.md "Input"): a
 * collection changeset {@code {"metadata":…, "timestamp":N, "changes":[records]}}, a records list
 * or dump {@code {"data":[records], "timestamp":N}} (timestamp optional), a bare array of
 * records, or a copy of pkixj's own store file ({@link OneCrlStore}). Per record Firefox's choice (RemoteSecuritySettings.sys.mjs {@code
 * updateCertBlocklist}): {@code issuerName} + {@code serialNumber} if both are non-empty, else
 * {@code subject} + {@code pubKeyHash}, else the record is ignored; each part is standard base64
 * (RFC 4648, padded, canonical), and a record whose chosen part does not decode is skipped with a
 * warning. Tombstones ({@code "deleted": true}) are deletions. {@code enabled} is not read.
 *
 * <p>Anything else wrong (not JSON, too large, a member of the wrong type, a record that is not an
 * object, too many records, a duplicate id, an absurdly long member) is a {@link OneCrlException}
 * naming the source, the record and what was wrong, and nothing of the input is used. Limits:
 * the constants here, docs/limits.md "OneCRL". Stateless and thread-safe.
 */
public final class OneCrlParser {
  /** The largest input, in bytes. */
  public static final int MAX_BYTES = 16 << 20;
  /** The most records (tombstones included) in one input. */
  public static final int MAX_RECORDS = 20_000;
  /** The longest record id, in characters. */
  public static final int MAX_ID_CHARS = 256;
  /** The longest {@code issuerName} or {@code subject} (base64 of a 12 KiB Name). */
  public static final int MAX_NAME_CHARS = 16_384;
  /** The longest {@code serialNumber} (base64 of 96 octets). */
  public static final int MAX_SERIAL_CHARS = 128;
  /** The longest {@code pubKeyHash} (a SHA-256 is 44 characters). */
  public static final int MAX_HASH_CHARS = 128;
  /** The longest {@code details} member, in characters. */
  public static final int MAX_DETAIL_CHARS = 65_536;

  private static final JsonReader.Limits LIMITS =
      new JsonReader.Limits(MAX_BYTES, 32, 1 << 20, 64, 1 << 20);

  /** What the input was. */
  public enum Shape {
    /** {@code {"metadata":…, "timestamp":N, "changes":[…]}} */
    CHANGESET,
    /** {@code {"data":[…], "timestamp":N}}: the records endpoint or a dump */
    RECORDS,
    /** {@code [records]} */
    ARRAY,
    /** pkixj's own store file ({@code {"format":"pkixj-onecrl", …, "records":[…]}}) */
    PKIXJ
  }

  /**
   * A parsed input.
   *
   * @param source the file or URL, as given
   * @param shape what the input was
   * @param timestamp the collection timestamp, if the input had one
   * @param records the usable records (not tombstones, not ignored), in input order
   * @param oneCrl their entries, in the same order
   * @param deleted the ids of the tombstones
   * @param ignored the ids of the records that were skipped (no usable key; each has a warning)
   * @param warnings one line each, naming the source and the record id
   */
  public record Parsed(String source, Shape shape, OptionalLong timestamp,
      List<OneCrlRecord> records, OneCrl oneCrl, List<String> deleted, List<String> ignored,
      List<String> warnings) {
    public Parsed {
      records = List.copyOf(records);
      deleted = List.copyOf(deleted);
      ignored = List.copyOf(ignored);
      warnings = List.copyOf(warnings);
    }

    /** The entries ({@code oneCrl().entries()}). */
    public List<OneCrl.Entry> entries() {
      return oneCrl.entries();
    }
  }

  private OneCrlParser() {}

  /**
   * Reads and parses a file (at most {@link #MAX_BYTES}).
   *
   * @throws OneCrlException it cannot be read, or {@link #parse} refuses it (the message names
   *     the file)
   */
  public static Parsed read(Path file) throws OneCrlException {
    String name = file.toString();
    byte[] b;
    try (InputStream in = Files.newInputStream(file)) {
      b = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new OneCrlException(name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new OneCrlException(name + ": permission denied");
    } catch (IOException e) {
      throw new OneCrlException(name + ": cannot be read (" + reason(e) + ")");
    }
    if (b.length > MAX_BYTES) {
      throw new OneCrlException(name + ": larger than " + MAX_BYTES + " bytes: not a OneCRL file");
    }
    return parse(b, name);
  }

  /**
   * Parses the collection's JSON.
   *
   * @param source the file or URL, for messages
   * @throws OneCrlException see the class comment
   */
  public static Parsed parse(byte[] json, String source) throws OneCrlException {
    Objects.requireNonNull(source, "source");
    if (json.length > MAX_BYTES) {
      throw new OneCrlException(source + ": larger than " + MAX_BYTES + " bytes: not a OneCRL"
          + " file");
    }
    Object top;
    try {
      top = JsonReader.parse(json, LIMITS);
    } catch (JsonException e) {
      throw new OneCrlException(source + ": not JSON: " + e.getMessage());
    }
    Shape shape;
    List<Object> items;
    String path;
    OptionalLong timestamp = OptionalLong.empty();
    try {
      if (top instanceof List<?> l) {
        shape = Shape.ARRAY;
        items = cast(l);
        path = "";
      } else if (top instanceof JsonObject o) {
        if (OneCrlStore.FORMAT.equals(o.get("format"))) {
          shape = Shape.PKIXJ;
          path = "records";
          items = o.array("records");
          if (o.get("collection_timestamp") != null
              && o.get("collection_timestamp") != JsonNull.NULL) {
            timestamp = OptionalLong.of(o.longValue("collection_timestamp"));
          }
        } else if (o.has("changes")) {
          shape = Shape.CHANGESET;
          path = "changes";
          items = o.array("changes");
          timestamp = OptionalLong.of(o.longValue("timestamp"));
          o.optObject("metadata");
        } else if (o.has("data")) {
          shape = Shape.RECORDS;
          path = "data";
          items = o.array("data");
          if (o.get("timestamp") != null && o.get("timestamp") != JsonNull.NULL) {
            timestamp = OptionalLong.of(o.longValue("timestamp"));
          }
        } else {
          throw new OneCrlException(source + ": neither \"changes\" (a changeset) nor \"data\""
              + " (a records list or dump) at the top level: not the OneCRL collection");
        }
      } else {
        throw new OneCrlException(source + ": expected an object or an array of records at the"
            + " top level, found " + JsonObject.typeName(top));
      }
    } catch (JsonException e) {
      throw new OneCrlException(source + ": " + e.getMessage());
    }
    if (timestamp.isPresent() && timestamp.getAsLong() < 0) {
      throw new OneCrlException(source + ": timestamp: negative");
    }
    if (items.size() > MAX_RECORDS) {
      throw new OneCrlException(source + ": " + items.size() + " records, more than "
          + MAX_RECORDS);
    }
    List<OneCrlRecord> records = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Object item = items.get(i);
      String at = path + "[" + i + "]";
      if (!(item instanceof JsonObject r)) {
        throw new OneCrlException(source + ": " + at + ": expected a record (an object), found "
            + JsonObject.typeName(item));
      }
      records.add(record(r, source, at));
    }
    return build(source, shape, timestamp, records);
  }

  /**
   * The records of a Remote Settings changeset ({@code RemoteSettingsClient.changeset(
   * "security-state", "onecrl", …)}), checked as {@link #parse} checks them.
   */
  public static Parsed fromChangeset(Changeset changeset) throws OneCrlException {
    String source = changeset.url();
    if (changeset.records().size() > MAX_RECORDS) {
      throw new OneCrlException(source + ": " + changeset.records().size()
          + " records, more than " + MAX_RECORDS);
    }
    List<OneCrlRecord> records = new ArrayList<>(changeset.records().size());
    int i = 0;
    for (RsRecord r : changeset.records()) {
      records.add(record(r.json(), source, "changes[" + i++ + "]"));
    }
    if (changeset.timestamp() < 0) {
      throw new OneCrlException(source + ": timestamp: negative");
    }
    return build(source, Shape.CHANGESET, OptionalLong.of(changeset.timestamp()), records);
  }

  /**
   * Checks records (given as objects, not read from JSON) as {@link #parse} checks them and
   * decodes them.
   *
   * @throws OneCrlException a duplicate id, a member longer than its limit, too many records
   */
  public static Parsed of(List<OneCrlRecord> records, String source, OptionalLong timestamp)
      throws OneCrlException {
    if (records.size() > MAX_RECORDS) {
      throw new OneCrlException(source + ": " + records.size() + " records, more than "
          + MAX_RECORDS);
    }
    for (OneCrlRecord r : records) {
      checkId(r.id(), source, "record");
      checkLength(r.issuerName(), MAX_NAME_CHARS, "issuerName", source, r.id());
      checkLength(r.serialNumber(), MAX_SERIAL_CHARS, "serialNumber", source, r.id());
      checkLength(r.subject(), MAX_NAME_CHARS, "subject", source, r.id());
      checkLength(r.pubKeyHash(), MAX_HASH_CHARS, "pubKeyHash", source, r.id());
    }
    return build(source, Shape.ARRAY, timestamp, records);
  }

  private static Parsed build(String source, Shape shape, OptionalLong timestamp,
      List<OneCrlRecord> all) throws OneCrlException {
    Set<String> ids = new HashSet<>();
    List<OneCrlRecord> usable = new ArrayList<>();
    List<OneCrl.Entry> entries = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (OneCrlRecord r : all) {
      if (!ids.add(r.id())) {
        throw new OneCrlException(source + ": record " + r.id() + ": the id appears twice");
      }
      if (r.deleted()) {
        deleted.add(r.id());
        continue;
      }
      OneCrl.Entry e = decode(r, source, warnings);
      if (e == null) {
        ignored.add(r.id());
      } else {
        usable.add(r);
        entries.add(e);
      }
    }
    return new Parsed(source, shape, timestamp, usable, OneCrl.of(entries), deleted, ignored,
        warnings);
  }

  /**
   * The record's entry, or null (with a warning naming the source and the record) if it has no
   * usable key. Tombstones have none (null, no warning).
   */
  public static OneCrl.Entry decode(OneCrlRecord r, String source, List<String> warnings) {
    if (r.deleted()) {
      return null;
    }
    String where = source + ": record " + r.id() + ": ";
    if (r.issuerName() != null && r.serialNumber() != null) {
      byte[] issuer = base64(r.issuerName(), "issuerName", where, warnings);
      byte[] serial = issuer == null ? null
          : base64(r.serialNumber(), "serialNumber", where, warnings);
      return serial == null ? null
          : OneCrl.Entry.issuerSerial(r.id(), r.lastModified(), issuer, serial, r.details());
    }
    if (r.subject() != null && r.pubKeyHash() != null) {
      byte[] subject = base64(r.subject(), "subject", where, warnings);
      byte[] hash = subject == null ? null
          : base64(r.pubKeyHash(), "pubKeyHash", where, warnings);
      if (hash == null) {
        return null;
      }
      if (hash.length != 32) {
        warnings.add(where + "pubKeyHash is " + hash.length + " bytes, not a SHA-256 (32): it"
            + " can never match; skipped");
        return null;
      }
      return OneCrl.Entry.subjectKey(r.id(), r.lastModified(), subject, hash, r.details());
    }
    warnings.add(where + "has neither issuerName and serialNumber nor subject and pubKeyHash;"
        + " ignored, as Firefox ignores it");
    return null;
  }

  private static byte[] base64(String text, String member, String where,
      List<String> warnings) {
    String problem = Base64Strict.problem(text);
    if (problem != null) {
      warnings.add(where + member + " is not standard base64 (" + problem + "); skipped, as"
          + " Firefox skips it");
      return null;
    }
    return Base64Strict.decode(text);
  }

  // --- one record ------------------------------------------------------------------------------

  static OneCrlRecord record(JsonObject r, String source, String at) throws OneCrlException {
    Object v = r.get("id");
    if (v == null) {
      throw new OneCrlException(source + ": " + at + ": a record without \"id\"");
    }
    if (!(v instanceof String id)) {
      throw new OneCrlException(source + ": " + at + ".id: expected a string, found "
          + JsonObject.typeName(v));
    }
    checkId(id, source, at);
    String where = source + ": record " + id + " (" + at + "): ";
    try {
      long lastModified = 0;
      if (r.get("last_modified") != null && r.get("last_modified") != JsonNull.NULL) {
        lastModified = r.longValue("last_modified");
        if (lastModified < 0) {
          throw new OneCrlException(where + "last_modified: negative");
        }
      }
      Object del = r.get("deleted");
      boolean deleted = false;
      if (del != null && del != JsonNull.NULL) {
        if (!(del instanceof Boolean b)) {
          throw new OneCrlException(where + "deleted: expected a boolean, found "
              + JsonObject.typeName(del));
        }
        deleted = b;
      }
      if (deleted) {
        return OneCrlRecord.tombstone(id, lastModified);
      }
      if (r.has("derHash") || r.has("attachment")) {
        throw new OneCrlException(where + "has \"derHash\" or \"attachment\": a record of"
            + " security-state/intermediates, not of OneCRL");
      }
      if (r.has("bucket") && r.has("collection")) {
        throw new OneCrlException(where + "has \"bucket\" and \"collection\": an entry of the"
            + " monitor/changes feed, not a OneCRL record");
      }
      String issuerName = text(r, "issuerName", MAX_NAME_CHARS, where, "");
      String serialNumber = text(r, "serialNumber", MAX_SERIAL_CHARS, where, "");
      String subject = text(r, "subject", MAX_NAME_CHARS, where, "");
      String pubKeyHash = text(r, "pubKeyHash", MAX_HASH_CHARS, where, "");
      OneCrl.Details details = OneCrl.Details.NONE;
      Object d = r.get("details");
      if (d != null && d != JsonNull.NULL) {
        if (!(d instanceof JsonObject dj)) {
          throw new OneCrlException(where + "details: expected an object, found "
              + JsonObject.typeName(d));
        }
        String p = "details.";
        details = new OneCrl.Details(text(dj, "bug", MAX_DETAIL_CHARS, where, p),
            text(dj, "who", MAX_DETAIL_CHARS, where, p),
            text(dj, "why", MAX_DETAIL_CHARS, where, p),
            text(dj, "name", MAX_DETAIL_CHARS, where, p),
            text(dj, "created", MAX_DETAIL_CHARS, where, p));
      }
      Object en = r.get("enabled");
      Boolean enabled = null;
      if (en != null && en != JsonNull.NULL) {
        if (!(en instanceof Boolean b)) {
          throw new OneCrlException(where + "enabled: expected a boolean, found "
              + JsonObject.typeName(en));
        }
        enabled = b;
      }
      return new OneCrlRecord(id, lastModified, false, issuerName, serialNumber, subject,
          pubKeyHash, details, enabled);
    } catch (JsonException e) {
      throw new OneCrlException(where + stripPath(e.getMessage(), r));
    }
  }

  /** A string member; absent or null: null; anything else: an error. */
  private static String text(JsonObject o, String name, int max, String where, String prefix)
      throws OneCrlException {
    Object v = o.get(name);
    if (v == null || v == JsonNull.NULL) {
      return null;
    }
    String member = prefix + name;
    if (!(v instanceof String s)) {
      throw new OneCrlException(where + member + ": expected a string, found "
          + JsonObject.typeName(v));
    }
    if (s.length() > max) {
      throw new OneCrlException(where + member + ": " + s.length() + " characters, more than "
          + max);
    }
    return s;
  }

  /** The message of a JsonObject accessor without the record's own path (named already). */
  private static String stripPath(String message, JsonObject r) {
    String p = r.path();
    if (!p.isEmpty() && message.startsWith(p + ".")) {
      return message.substring(p.length() + 1);
    }
    return message;
  }

  private static void checkId(String id, String source, String at) throws OneCrlException {
    if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
      throw new OneCrlException(source + ": " + at + ".id: not a record id (1 to " + MAX_ID_CHARS
          + " characters)");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        throw new OneCrlException(source + ": " + at + ".id: a control character in a record"
            + " id");
      }
    }
  }

  private static void checkLength(String s, int max, String member, String source, String id)
      throws OneCrlException {
    if (s != null && s.length() > max) {
      throw new OneCrlException(source + ": record " + id + ": " + member + ": " + s.length()
          + " characters, more than " + max);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> cast(List<?> l) {
    return (List<Object>) l;
  }

  static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? "I/O error" : m.strip();
  }

  /** Standard base64 as Rust's {@code BASE64_STANDARD} decodes it: padded, canonical. */
  static final class Base64Strict {
    private Base64Strict() {}

    private static int value(char c) {
      if (c >= 'A' && c <= 'Z') {
        return c - 'A';
      } else if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
      } else if (c >= '0' && c <= '9') {
        return c - '0' + 52;
      } else if (c == '+') {
        return 62;
      } else if (c == '/') {
        return 63;
      }
      return -1;
    }

    /** Why {@code s} is not canonical padded standard base64, or null if it is. */
    static String problem(String s) {
      int n = s.length();
      if (n % 4 != 0) {
        return n + " characters, not a multiple of 4";
      }
      int pad = n > 0 && s.charAt(n - 1) == '=' ? (n > 1 && s.charAt(n - 2) == '=' ? 2 : 1) : 0;
      for (int i = 0; i < n - pad; i++) {
        char c = s.charAt(i);
        if (value(c) < 0) {
          return c == '=' ? "'=' before the end" : c == '-' || c == '_'
              ? "'" + c + "' at offset " + i + " (base64url, not standard base64)"
              : "a character outside the base64 alphabet at offset " + i;
        }
      }
      if (pad > 0) {
        int last = value(s.charAt(n - pad - 1));
        int unused = pad == 1 ? 2 : 4;
        if ((last & ((1 << unused) - 1)) != 0) {
          return "non-zero bits before the padding";
        }
      }
      return null;
    }

    /** Decodes what {@link #problem} accepted. */
    static byte[] decode(String s) {
      int n = s.length();
      int pad = n > 0 && s.charAt(n - 1) == '=' ? (n > 1 && s.charAt(n - 2) == '=' ? 2 : 1) : 0;
      byte[] out = new byte[n / 4 * 3 - pad];
      int o = 0;
      for (int i = 0; i < n; i += 4) {
        int a = value(s.charAt(i));
        int b = value(s.charAt(i + 1));
        int c = s.charAt(i + 2) == '=' ? 0 : value(s.charAt(i + 2));
        int d = s.charAt(i + 3) == '=' ? 0 : value(s.charAt(i + 3));
        int v = (a << 18) | (b << 12) | (c << 6) | d;
        out[o++] = (byte) (v >> 16);
        if (o < out.length) {
          out[o++] = (byte) (v >> 8);
        }
        if (o < out.length) {
          out[o++] = (byte) v;
        }
      }
      return out;
    }
  }
}
