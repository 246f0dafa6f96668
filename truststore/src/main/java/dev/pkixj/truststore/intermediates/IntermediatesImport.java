package dev.pkixj.truststore.intermediates;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.NameDisplay;
import dev.pkixj.truststore.importer.PemBundle;
import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import dev.pkixj.truststore.remotesettings.Attachment;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.remotesettings.RsRecord;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads preloaded intermediates from files (docs/intermediates.md "Importing"; limits in
 * docs/limits.md "Preloaded intermediates"):
 *
 * <ul>
 *   <li><b>PEM or DER</b>: any number of certificates ({@link PemBundle#frame}); blocks of other
 *       types (keys, CRLs) are ignored.
 *   <li><b>The collection's JSON</b> (a dump or export {@code {"data":[records],"timestamp":N}},
 *       or a changeset {@code {"changes":[records],"timestamp":N}}): each record's attachment is
 *       looked up beside the JSON file, by its {@code location}, then by its {@code filename};
 *       tombstones are skipped.
 *   <li><b>Firefox's attachments bundle</b> {@code security-state--intermediates.zip}: entries
 *       {@code <id>.meta.json} (the record) and {@code <id>} (its attachment).
 * </ul>
 *
 * A record's attachment must have the record's size and SHA-256 (of the PEM file's bytes), hold
 * exactly one certificate, and that certificate's SHA-256 must be the record's {@code derHash}.
 * Every certificate must parse. A certificate that is not a CA, or is self-signed, is kept (as
 * Firefox stores whatever the collection holds; path building ignores it where it should) and
 * reported as a warning. Anything else wrong is an {@link IntermediatesException} naming the file
 * and the record, entry or line, and nothing of that input is used: never a partial import.
 */
public final class IntermediatesImport {
  /** The largest file read (a PEM bundle, a collection JSON, a zip bundle). */
  public static final int MAX_FILE_BYTES = 64 << 20;
  /** The most certificates one input, or the store, may hold. */
  public static final int MAX_CERTIFICATES = 20_000;
  /** The largest certificate: cert_storage keeps DER with a 16-bit length. */
  public static final int MAX_DER_BYTES = 65_535;
  /** The largest attachment (one PEM file) or zip entry. */
  public static final int MAX_ATTACHMENT_BYTES = 1 << 20;
  /** The most entries a zip bundle may have (a record and its attachment per certificate). */
  public static final int MAX_ZIP_ENTRIES = 2 * MAX_CERTIFICATES + 16;
  /** The most bytes a zip bundle may expand to, all entries together. */
  public static final long MAX_ZIP_EXPANDED_BYTES = 128L << 20;

  private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final JsonReader.Limits COLLECTION_LIMITS =
      new JsonReader.Limits(MAX_FILE_BYTES, 32, 1 << 20, 64, 4 << 20);
  private static final JsonReader.Limits RECORD_LIMITS =
      new JsonReader.Limits(1 << 20, 32, 1 << 16, 64, 1 << 16);

  private IntermediatesImport() {}

  /**
   * What one input holds.
   *
   * @param entries the certificates, in input order (a certificate given twice is kept once)
   * @param warnings one line each: non-CA and self-signed certificates (kept)
   * @param collectionTimestamp the collection's {@code timestamp} when the input gave one, else 0
   */
  public record Parsed(List<PreloadedIntermediates.Entry> entries, List<String> warnings,
      long collectionTimestamp) {
    public Parsed {
      entries = List.copyOf(entries);
      warnings = List.copyOf(warnings);
    }
  }

  /** Finds a record's attachment for {@link #parseCollection}. */
  @FunctionalInterface
  public interface Attachments {
    /**
     * The attachment's bytes, or null if there is none.
     *
     * @param where names the input and the record, for messages
     * @throws IntermediatesException a candidate exists but cannot be used (the message names it)
     */
    byte[] find(RsRecord record, Attachment attachment, String where)
        throws IntermediatesException;
  }

  // ------------------------------------------------------------------------------------------
  // Files

  /**
   * Reads one file, of any of the kinds above (told apart by content: a zip archive, a JSON
   * object, else PEM or DER). A collection JSON's attachments are looked up in its directory.
   */
  public static Parsed readFile(Path file) throws IntermediatesException {
    byte[] content = readBounded(file, MAX_FILE_BYTES, file.toString());
    Path parent = file.toAbsolutePath().getParent();
    return parse(content, file.toString(), directory(parent == null ? Path.of(".") : parent));
  }

  /** {@link #readFile} of content already read; {@code attachments} serves a collection JSON. */
  public static Parsed parse(byte[] content, String fileName, Attachments attachments)
      throws IntermediatesException {
    if (isZip(content)) {
      return parseBundle(content, fileName);
    }
    int i = 0;
    while (i < content.length && (content[i] == ' ' || content[i] == '\t' || content[i] == '\n'
        || content[i] == '\r')) {
      i++;
    }
    if (i < content.length && content[i] == '{') {
      return parseCollection(content, fileName, attachments);
    }
    return parsePemOrDer(content, fileName);
  }

  static boolean isZip(byte[] b) {
    return b.length >= 4 && b[0] == 'P' && b[1] == 'K'
        && ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6));
  }

  /**
   * The attachments of a collection JSON in {@code dir}: {@code dir/<location>}, then {@code
   * dir/<filename>}; the first of these that exists with the record's size and SHA-256 is used.
   */
  public static Attachments directory(Path dir) {
    return (record, a, where) -> {
      List<Path> candidates = new ArrayList<>(2);
      Path byLocation = relative(dir, a.location(), true);
      if (byLocation != null) {
        candidates.add(byLocation);
      }
      Path byName = relative(dir, a.filename(), false);
      if (byName != null && !candidates.contains(byName)) {
        candidates.add(byName);
      }
      String mismatch = null;
      for (Path p : candidates) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
          continue;
        }
        byte[] b = readBounded(p, MAX_ATTACHMENT_BYTES, where + ": attachment " + p);
        String problem = attachmentProblem(b, a);
        if (problem == null) {
          return b;
        }
        if (mismatch == null) {
          mismatch = where + ": attachment " + p + ": " + problem;
        }
      }
      if (mismatch != null) {
        throw new IntermediatesException(mismatch);
      }
      if (candidates.isEmpty()) {
        throw new IntermediatesException(where + ": the attachment's location '"
            + printable(a.location()) + "' and filename '" + printable(a.filename())
            + "' are not relative paths");
      }
      return null;
    };
  }

  /** {@code dir/path} if {@code path} is a plain relative path (one name unless nested). */
  private static Path relative(Path dir, String path, boolean nested) {
    if (path == null || path.isEmpty() || path.length() > 1024 || path.startsWith("/")
        || path.contains("\\") || path.contains("\0") || path.contains(":")) {
      return null;
    }
    String[] parts = path.split("/", -1);
    if (!nested && parts.length != 1) {
      return null;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.equals(".") || p.equals("..")) {
        return null;
      }
    }
    try {
      return dir.resolve(path);
    } catch (RuntimeException e) {
      return null; // not a path on this platform
    }
  }

  private static byte[] readBounded(Path file, int max, String shown)
      throws IntermediatesException {
    try {
      if (Files.isDirectory(file)) {
        throw new IntermediatesException(shown + ": is a directory, expected a file");
      }
      long size = Files.size(file);
      if (size > max) {
        throw new IntermediatesException(shown + ": " + size + " bytes, larger than the limit of "
            + max);
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] b = in.readNBytes(max + 1);
        if (b.length > max) {
          throw new IntermediatesException(shown + ": larger than the limit of " + max + " bytes");
        }
        return b;
      }
    } catch (NoSuchFileException e) {
      throw new IntermediatesException(shown + ": no such file");
    } catch (AccessDeniedException e) {
      throw new IntermediatesException(shown + ": permission denied");
    } catch (IOException e) {
      throw new IntermediatesException(shown + ": cannot be read (" + reason(e) + ")");
    }
  }

  // ------------------------------------------------------------------------------------------
  // PEM and DER

  /** Every certificate of a PEM or DER file. */
  public static Parsed parsePemOrDer(byte[] content, String fileName)
      throws IntermediatesException {
    PemBundle.Framing f = PemBundle.frame(content, fileName);
    if (!f.problems().isEmpty()) {
      throw new IntermediatesException(f.problems().get(0).toString());
    }
    Collector c = new Collector();
    int index = 0;
    for (PemBundle.Block b : f.blocks()) {
      if (!b.isCertificate() && !b.framing()) {
        continue;
      }
      index++;
      String where = fileName + ": " + (b.line() == 0 ? "certificate " + index : b.where());
      if (b.problem() != null) {
        throw new IntermediatesException(where + ": " + b.problem());
      }
      byte[] der = PemBundle.certificateOf(b);
      c.add(certificate(der, where), "", 0, fileName, where);
    }
    if (index == 0) {
      throw new IntermediatesException(fileName + ": no certificate in this file");
    }
    return c.result(0);
  }

  // ------------------------------------------------------------------------------------------
  // The collection's JSON

  /**
   * A collection's records ({@code data} of a dump or export, or {@code changes} of a
   * changeset), with their attachments from {@code attachments}.
   */
  public static Parsed parseCollection(byte[] json, String fileName, Attachments attachments)
      throws IntermediatesException {
    Objects.requireNonNull(attachments, "attachments");
    JsonObject top;
    try {
      top = JsonReader.parseObject(json, COLLECTION_LIMITS);
    } catch (JsonException e) {
      throw new IntermediatesException(fileName + ": not a JSON object: " + e.getMessage());
    }
    List<JsonObject> objects;
    long timestamp = 0;
    try {
      String member = top.has("data") ? "data" : top.has("changes") ? "changes" : null;
      if (member == null) {
        throw new IntermediatesException(fileName + ": neither \"data\" (a collection export)"
            + " nor \"changes\" (a changeset): not a Remote Settings collection");
      }
      objects = top.objects(member, true);
      if (top.has("timestamp")) {
        timestamp = top.longValue("timestamp");
      }
    } catch (JsonException e) {
      throw new IntermediatesException(fileName + ": " + e.getMessage());
    }
    if (objects.size() > MAX_CERTIFICATES) {
      throw new IntermediatesException(fileName + ": " + objects.size() + " records, more than "
          + MAX_CERTIFICATES);
    }
    Collector c = new Collector();
    Set<String> ids = new HashSet<>();
    for (JsonObject o : objects) {
      String at = fileName + ": " + o.path();
      RsRecord r = record(o, at);
      String where = at + " (record " + r.id() + ")";
      if (!ids.add(r.id())) {
        throw new IntermediatesException(where + ": a second record with this id");
      }
      if (r.deleted()) {
        continue;
      }
      Attachment a = attachmentOf(r, where);
      byte[] pem = attachments.find(r, a, where);
      if (pem == null) {
        throw new IntermediatesException(where + ": attachment not found (looked for '"
            + printable(a.location()) + "' and '" + printable(a.filename())
            + "' beside the JSON file)");
      }
      c.add(recordCertificate(r, pem, where), r.id(), r.lastModified(),
          fileName + " record " + r.id(), where);
    }
    if (c.isEmpty()) {
      throw new IntermediatesException(fileName + ": no records");
    }
    return c.result(timestamp);
  }

  /** A record from its JSON, in Remote Settings' shape; {@code at} names it for messages. */
  static RsRecord record(JsonObject r, String at) throws IntermediatesException {
    try {
      String id = r.string("id");
      if (!RECORD_ID.matcher(id).matches()) {
        throw new IntermediatesException(at + ": \"" + printable(id) + "\" is not a record id");
      }
      long lastModified = r.longValue("last_modified");
      boolean deleted = Boolean.TRUE.equals(r.get("deleted"));
      Optional<Attachment> attachment = Optional.empty();
      Optional<JsonObject> ao = deleted ? Optional.empty() : r.optObject("attachment");
      if (ao.isPresent()) {
        JsonObject o = ao.get();
        String hash = o.string("hash").toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(hash).matches()) {
          throw new JsonException(o.pathOf("hash") + ": not a SHA-256 in hex");
        }
        long size = o.longValue("size");
        if (size < 0) {
          throw new JsonException(o.pathOf("size") + ": negative");
        }
        attachment = Optional.of(new Attachment(o.string("location"), hash, size,
            o.optString("filename").orElse("")));
      }
      if (!deleted) {
        r.string("derHash"); // type-checked here, compared with the certificate later
      }
      return new RsRecord(id, lastModified, deleted, attachment, r);
    } catch (JsonException e) {
      throw new IntermediatesException(at + ": " + e.getMessage());
    }
  }

  private static Attachment attachmentOf(RsRecord r, String where)
      throws IntermediatesException {
    if (r.attachment().isEmpty()) {
      throw new IntermediatesException(where + ": the record has no attachment");
    }
    Attachment a = r.attachment().get();
    if (a.size() > MAX_ATTACHMENT_BYTES) {
      throw new IntermediatesException(where + ": the attachment's size " + a.size()
          + " is larger than the limit of " + MAX_ATTACHMENT_BYTES);
    }
    return a;
  }

  /** Why {@code b} is not the attachment {@code a} describes, or null if it is. */
  private static String attachmentProblem(byte[] b, Attachment a) {
    if (b.length != a.size()) {
      return b.length + " bytes, the record gives " + a.size();
    }
    String got = RemoteSettingsClient.sha256Hex(b);
    if (!got.equals(a.sha256Hex())) {
      return "SHA-256 " + got + " differs from the record's " + a.sha256Hex();
    }
    return null;
  }

  /**
   * The record's certificate from its attachment: the attachment must match the record (size,
   * SHA-256), hold one certificate, and that certificate's SHA-256 must be the record's derHash.
   */
  private static Cert recordCertificate(RsRecord r, byte[] pem, String where)
      throws IntermediatesException {
    Attachment a = attachmentOf(r, where);
    String problem = attachmentProblem(pem, a);
    if (problem != null) {
      throw new IntermediatesException(where + ": attachment: " + problem);
    }
    byte[] expected;
    try {
      String derHash = r.json().string("derHash");
      expected = Base64.getDecoder().decode(derHash);
    } catch (JsonException e) {
      throw new IntermediatesException(where + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IntermediatesException(where + ": derHash is not base64");
    }
    if (expected.length != 32) {
      throw new IntermediatesException(where + ": derHash is not a SHA-256 (" + expected.length
          + " bytes)");
    }
    PemBundle.Framing f = PemBundle.frame(pem, where);
    if (!f.problems().isEmpty()) {
      throw new IntermediatesException(where + ": attachment: " + f.problems().get(0).message());
    }
    byte[] der = null;
    for (PemBundle.Block b : f.blocks()) {
      if (b.problem() != null && (b.isCertificate() || b.framing())) {
        throw new IntermediatesException(where + ": attachment" + (b.line() == 0 ? "" : " "
            + b.where()) + ": " + b.problem());
      }
      if (b.isCertificate()) {
        if (der != null) {
          throw new IntermediatesException(where + ": the attachment holds more than one"
              + " certificate");
        }
        der = PemBundle.certificateOf(b);
      }
    }
    if (der == null) {
      throw new IntermediatesException(where + ": the attachment holds no certificate");
    }
    Cert cert = certificate(der, where);
    if (!Arrays.equals(cert.sha256(), expected)) {
      throw new IntermediatesException(where + ": the certificate's SHA-256 "
          + Base64.getEncoder().encodeToString(cert.sha256()) + " differs from derHash "
          + Base64.getEncoder().encodeToString(expected));
    }
    return cert;
  }

  private static Cert certificate(byte[] der, String where) throws IntermediatesException {
    if (der.length > MAX_DER_BYTES) {
      throw new IntermediatesException(where + ": a certificate of " + der.length
          + " bytes, larger than the limit of " + MAX_DER_BYTES);
    }
    try {
      return Cert.of(der);
    } catch (PkixException e) {
      throw new IntermediatesException(where + ": not a certificate ("
          + e.result().firefoxName() + ")");
    } catch (RuntimeException e) {
      throw new IntermediatesException(where + ": not a certificate");
    }
  }

  // ------------------------------------------------------------------------------------------
  // Remote Settings records (an update)

  /**
   * The certificates of downloaded records (tombstones are skipped), each checked as a record of
   * a collection JSON is.
   *
   * @param origin where they came from (the changeset URL), for messages and the entries
   */
  public static Parsed fromRecords(List<RecordAttachment> records, String origin)
      throws IntermediatesException {
    if (records.size() > MAX_CERTIFICATES) {
      throw new IntermediatesException(origin + ": " + records.size() + " records, more than "
          + MAX_CERTIFICATES);
    }
    Collector c = new Collector();
    Set<String> ids = new HashSet<>();
    for (RecordAttachment ra : records) {
      RsRecord r = ra.record();
      String where = origin + ": record " + printable(r.id());
      if (!RECORD_ID.matcher(r.id()).matches()) {
        throw new IntermediatesException(where + ": not a record id");
      }
      if (!ids.add(r.id())) {
        throw new IntermediatesException(where + ": a second record with this id");
      }
      if (r.deleted()) {
        continue;
      }
      c.add(recordCertificate(r, ra.attachment(), where), r.id(), r.lastModified(),
          origin + " record " + r.id(), where);
    }
    return c.result(0);
  }

  // ------------------------------------------------------------------------------------------
  // The attachments bundle

  /**
   * Firefox's attachments bundle ({@code security-state--intermediates.zip}): for each entry
   * {@code <id>.meta.json} (the record), the entry {@code <id>} is its attachment. Bounded:
   * {@link #MAX_ZIP_ENTRIES} entries, {@link #MAX_ATTACHMENT_BYTES} each once expanded, {@link
   * #MAX_ZIP_EXPANDED_BYTES} in all.
   */
  public static Parsed parseBundle(byte[] zip, String fileName) throws IntermediatesException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    long total = 0;
    int count = 0;
    String current = null;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip),
        StandardCharsets.UTF_8)) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        current = e.getName();
        if (++count > MAX_ZIP_ENTRIES) {
          throw new IntermediatesException(fileName + ": more than " + MAX_ZIP_ENTRIES
              + " entries");
        }
        String name = e.getName();
        byte[] b = readEntry(in, fileName, name, MAX_ATTACHMENT_BYTES);
        total += b.length;
        if (total > MAX_ZIP_EXPANDED_BYTES) {
          throw new IntermediatesException(fileName + ": expands to more than "
              + MAX_ZIP_EXPANDED_BYTES + " bytes");
        }
        if (e.isDirectory()) {
          continue;
        }
        if (entries.put(name, b) != null) {
          throw new IntermediatesException(fileName + ": entry '" + printable(name)
              + "' appears twice");
        }
      }
    } catch (ZipException | EOFException e) {
      throw new IntermediatesException(fileName + ": a damaged zip archive" + (current == null
          ? "" : " (at entry '" + printable(current) + "')") + ": " + zipReason(e));
    } catch (IOException | RuntimeException e) {
      throw new IntermediatesException(fileName + ": a damaged zip archive" + (current == null
          ? "" : " (at entry '" + printable(current) + "')"));
    }
    if (count == 0) {
      throw new IntermediatesException(fileName + ": not a zip archive, or an empty one");
    }
    Collector c = new Collector();
    int records = 0;
    for (Map.Entry<String, byte[]> me : entries.entrySet()) {
      String name = me.getKey();
      if (!name.endsWith(".meta.json")) {
        continue;
      }
      records++;
      String where = fileName + ": entry '" + printable(name) + "'";
      JsonObject o;
      try {
        o = JsonReader.parseObject(me.getValue(), RECORD_LIMITS);
      } catch (JsonException ex) {
        throw new IntermediatesException(where + ": not a JSON object: " + ex.getMessage());
      }
      RsRecord r = record(o, where);
      String id = name.substring(0, name.length() - ".meta.json".length());
      if (!id.equals(r.id())) {
        throw new IntermediatesException(where + ": the record's id is " + r.id());
      }
      where = where + " (record " + r.id() + ")";
      if (r.deleted()) {
        continue;
      }
      byte[] pem = entries.get(r.id());
      if (pem == null) {
        throw new IntermediatesException(where + ": no entry '" + r.id() + "' (its attachment)");
      }
      c.add(recordCertificate(r, pem, where), r.id(), r.lastModified(),
          fileName + " record " + r.id(), where);
    }
    if (records == 0) {
      throw new IntermediatesException(fileName + ": no records (no '<id>.meta.json' entries):"
          + " not an attachments bundle");
    }
    return c.result(0);
  }

  private static byte[] readEntry(ZipInputStream in, String fileName, String name, int max)
      throws IOException, IntermediatesException {
    byte[] b = in.readNBytes(max + 1);
    if (b.length > max) {
      throw new IntermediatesException(fileName + ": entry '" + printable(name)
          + "' expands to more than " + max + " bytes");
    }
    return b;
  }

  private static String zipReason(IOException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank() || m.contains("Exception")) {
      return "cannot be read";
    }
    return printable(m.strip());
  }

  // ------------------------------------------------------------------------------------------

  /** Gathers entries and warnings, keeping a certificate once. */
  private static final class Collector {
    private final List<PreloadedIntermediates.Entry> entries = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<Integer, List<Cert>> seen = new HashMap<>();

    void add(Cert cert, String recordId, long lastModified, String origin, String where)
        throws IntermediatesException {
      List<Cert> same = seen.computeIfAbsent(cert.contentHash(), k -> new ArrayList<>(1));
      for (Cert s : same) {
        if (Arrays.equals(s.der(), cert.der())) {
          return;
        }
      }
      if (entries.size() >= MAX_CERTIFICATES) {
        throw new IntermediatesException(where + ": more than " + MAX_CERTIFICATES
            + " certificates");
      }
      same.add(cert);
      entries.add(new PreloadedIntermediates.Entry(cert, recordId, lastModified, origin));
      String w = warning(cert);
      if (w != null) {
        warnings.add(where + ": " + NameDisplay.name(cert.subject()) + ": " + w);
      }
    }

    boolean isEmpty() {
      return entries.isEmpty();
    }

    Parsed result(long timestamp) {
      return new Parsed(entries, warnings, timestamp);
    }
  }

  /** Why {@code cert} is an odd preloaded intermediate (kept anyway), or null. */
  static String warning(Cert cert) {
    if (cert.isSelfIssued() && InMemoryTrustDomain.verifiesWithOwnKey(cert)) {
      return "self-signed; kept, but never offered as an issuer unless the same certificate is"
          + " a trust anchor";
    }
    if (!isCa(cert)) {
      return "not a CA certificate (basicConstraints without cA); kept, but it cannot issue";
    }
    return null;
  }

  private static boolean isCa(Cert cert) {
    Input bc = cert.basicConstraints();
    if (bc == null) {
      return false;
    }
    try {
      DerReader seq = bc.reader().expectNested(DerReader.SEQUENCE);
      return seq.readOptionalBoolean();
    } catch (PkixException e) {
      return false;
    }
  }

  /** {@code s} with control characters escaped and cut to 200 characters, for messages. */
  static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
    for (int i = 0; i < s.length() && b.length() < 200; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return s.length() > 200 ? b + "…" : b.toString();
  }

  static String reason(IOException e) {
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() || m.contains("Exception") ? "I/O error" : m.strip();
  }
}
