package dev.pkixj.verifier.policy;

import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.RootProgram;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * pkixj's small configuration file, {@code ~/.pkixj/config.properties} by default (Java
 * properties, UTF-8): the settings Firefox keeps as preferences.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>Firefox preference</th><th>value</th></tr>
 *   <tr><td>{@value #MITM_CANARY}</td><td>security.pki.mitm_canary_issuer</td>
 *       <td>the canary issuer DN (RFC 4514 or NSS form); absent or empty: unset</td></tr>
 *   <tr><td>{@value #MITM_ENABLED}</td><td>security.pki.mitm_canary_issuer.enabled</td>
 *       <td>true (default) or false</td></tr>
 *   <tr><td>{@value #HSTS_HOSTS}</td><td>(the HSTS and pinning lists)</td>
 *       <td>hosts, comma-separated; {@code .example.com} includes subdomains</td></tr>
 *   <tr><td>{@value #CLOCK_WINDOW}</td><td>(the 1-day clock-skew threshold)</td>
 *       <td>an ISO-8601 duration, default PT24H</td></tr>
 *   <tr><td>{@value #CT_MODE}</td><td>security.pki.certificate_transparency.mode</td>
 *       <td>auto (default), enforce, telemetry or off (docs/ct.md)</td></tr>
 *   <tr><td>{@value #CT_EXEMPT_HOSTS}</td>
 *       <td>security.pki.certificate_transparency.disable_for_hosts</td>
 *       <td>hosts, comma-separated, as Firefox reads them</td></tr>
 *   <tr><td>{@value #CT_EXEMPT_SPKI}</td>
 *       <td>security.pki.certificate_transparency.disable_for_spki_hashes</td>
 *       <td>base64 SHA-256 hashes of SubjectPublicKeyInfo, comma-separated</td></tr>
 * </table>
 * Unknown keys are kept when the file is rewritten. Writes replace the file atomically.
 */
public final class PolicyConfig {
  public static final String MITM_CANARY = "mitm.canary.issuer";
  public static final String MITM_ENABLED = "mitm.canary.enabled";
  public static final String HSTS_HOSTS = "hsts.hosts";
  public static final String CLOCK_WINDOW = "clock.skew.window";
  public static final String CT_MODE = "ct.mode";
  public static final String CT_EXEMPT_HOSTS = "ct.exempt.hosts";
  public static final String CT_EXEMPT_SPKI = "ct.exempt.spki";

  private final Path file;
  private final Map<String, String> values;

  private PolicyConfig(Path file, Map<String, String> values) {
    this.file = file;
    this.values = values;
  }

  /** {@code config.properties} next to the default database ({@code ~/.pkixj/}). */
  public static Path defaultPath() {
    return CertDb.defaultPath().resolveSibling("config.properties");
  }

  /** Largest settings file read (a few lines in practice). */
  static final int MAX_BYTES = 1 << 20;

  /**
   * Reads {@code file}; a missing file is an empty configuration (for the default path).
   *
   * @throws IOException if it exists but cannot be read or is not a settings file (a
   *     directory, binary data, text that is not UTF-8, a malformed escape): the message is one
   *     line naming the file, without a Java class name
   */
  public static PolicyConfig load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file) && !Files.isDirectory(file)) {
      return new PolicyConfig(file, new TreeMap<>());
    }
    return new PolicyConfig(file, read(file));
  }

  /**
   * Reads a settings file the user named ({@code --config FILE}): like {@link #load}, but a
   * missing file is an error too.
   *
   * @throws IOException if it is missing, cannot be read or is not a settings file
   */
  public static PolicyConfig loadExisting(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    if (!Files.exists(file)) {
      throw new IOException("settings file " + file + ": no such file");
    }
    return new PolicyConfig(file, read(file));
  }

  /**
   * The values of an existing settings file, after recognising it as one (docs/reliability.md,
   * "Files pkixj owns"): a regular file of at most 1 MiB of UTF-8 text without NUL bytes that
   * {@link Properties#load(Reader)} accepts.
   */
  private static Map<String, String> read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("settings file " + file + ": is a directory, not a properties file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException("settings file " + file + ": not a regular file");
    }
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IOException("settings file " + file + ": larger than 1 MiB, not a pkixj"
            + " settings file");
      }
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new IOException("settings file " + file + ": permission denied", e);
    } catch (java.nio.file.FileSystemException e) {
      throw new IOException("settings file " + file + ": cannot be read"
          + (e.getReason() == null ? "" : " (" + e.getReason() + ")"), e);
    }
    for (byte b : bytes) {
      if (b == 0) {
        throw new IOException("settings file " + file + ": binary data (NUL bytes), not a"
            + " properties text file");
      }
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException("settings file " + file + ": not UTF-8 text, not a properties file",
          e);
    }
    Properties p = new Properties();
    try {
      p.load(new java.io.StringReader(text));
    } catch (IllegalArgumentException e) {
      throw new IOException("settings file " + file + ": not a properties file ("
          + e.getMessage() + ")", e);
    }
    Map<String, String> values = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      values.put(k, p.getProperty(k));
    }
    return values;
  }

  /** An empty configuration for {@code file} (not read; {@link #save()} would create it). */
  public static PolicyConfig empty(Path file) {
    return new PolicyConfig(Objects.requireNonNull(file, "file"), new TreeMap<>());
  }

  public Path file() {
    return file;
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Sets {@code key}; null or empty removes it. Call {@link #save()} to write. */
  public PolicyConfig set(String key, String value) {
    if (value == null || value.isEmpty()) {
      values.remove(key);
    } else {
      values.put(key, value);
    }
    return this;
  }

  /** The canary issuer, if set. */
  public Optional<String> mitmCanary() {
    return get(MITM_CANARY).filter(s -> !s.isBlank());
  }

  /**
   * Sets (or, with null or blank, clears) the canary issuer, after checking that it parses.
   *
   * @throws IllegalArgumentException if it is not a distinguished name
   */
  public PolicyConfig setMitmCanary(String issuerDn) {
    if (issuerDn == null || issuerDn.isBlank()) {
      return set(MITM_CANARY, null);
    }
    DistinguishedName.parse(issuerDn);
    return set(MITM_CANARY, issuerDn.trim());
  }

  /** A canary object configured from this file (unset when the file has none). */
  public MitmCanary toMitmCanary() {
    MitmCanary c = MitmCanary.unset();
    mitmCanary().ifPresent(c::set);
    c.setEnabled(!"false".equalsIgnoreCase(get(MITM_ENABLED).orElse("true").trim()));
    return c;
  }

  /** The HSTS/pinned hosts. */
  public HstsHosts hstsHosts() {
    return HstsHosts.parse(get(HSTS_HOSTS).orElse(""));
  }

  /** The clock hints with this file's window (defaults otherwise). */
  public ClockHints clockHints() {
    Optional<String> w = get(CLOCK_WINDOW);
    if (w.isEmpty() || w.get().isBlank()) {
      return ClockHints.defaults();
    }
    try {
      return ClockHints.defaults().withWindow(Duration.parse(w.get().trim()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(CLOCK_WINDOW + " in " + file + ": '" + w.get()
          + "' is not an ISO-8601 duration (e.g. PT24H)");
    }
  }

  /**
   * The CT settings of this file over {@code logs}: {@value #CT_MODE} (default auto), Mozilla's
   * root program, the two exemption lists.
   *
   * @throws IllegalArgumentException if the mode is not one of auto, enforce, telemetry, off
   */
  public CtSettings ctSettings(CtLogList logs) {
    CtMode mode;
    try {
      mode = get(CT_MODE).filter(s -> !s.isBlank()).map(CtMode::parse).orElse(CtMode.AUTO);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(CT_MODE + " in " + file + ": " + e.getMessage());
    }
    return new CtSettings(mode, logs, RootProgram.mozilla(), get(CT_EXEMPT_HOSTS).orElse(""),
        get(CT_EXEMPT_SPKI).orElse(""));
  }

  /**
   * Writes the file (creating its directory), replacing it atomically. An existing file is
   * replaced only when it is recognised as a settings file (as {@link #load} reads them): never
   * a directory, binary data or anything else that is not ours.
   *
   * @throws IOException if it cannot be written, or the file there is not a settings file
   */
  public void save() throws IOException {
    if (Files.exists(file) || Files.isDirectory(file)) {
      read(file); // recognise it before replacing it
    }
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    StringWriter w = new StringWriter();
    w.write("# pkixj configuration (see PolicyConfig): written by pkixj, comments are not kept\n");
    for (Map.Entry<String, String> e : values.entrySet()) {
      Properties one = new Properties();
      one.setProperty(e.getKey(), e.getValue());
      StringWriter line = new StringWriter();
      one.store(line, null);
      for (String l : line.toString().split("\n")) {
        if (!l.startsWith("#") && !l.isBlank()) {
          w.write(l.replace("\r", ""));
          w.write('\n');
        }
      }
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp-"
        + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()));
    try {
      // CREATE_NEW: never write through a file (or link) that was already there.
      Files.writeString(tmp, w.toString(), StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
