package dev.pkixj.truststore.policy;

import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.verifier.policy.ClockHints;
import dev.pkixj.verifier.policy.DistinguishedName;
import dev.pkixj.verifier.policy.HstsHosts;
import dev.pkixj.verifier.policy.MitmCanary;
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
 * </table>
 * Unknown keys are kept when the file is rewritten. Writes replace the file atomically.
 */
public final class PolicyConfig {
  public static final String MITM_CANARY = "mitm.canary.issuer";
  public static final String MITM_ENABLED = "mitm.canary.enabled";
  public static final String HSTS_HOSTS = "hsts.hosts";
  public static final String CLOCK_WINDOW = "clock.skew.window";

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

  /**
   * Reads {@code file}; a missing file is an empty configuration.
   *
   * @throws IOException if it exists but cannot be read
   */
  public static PolicyConfig load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Map<String, String> values = new TreeMap<>();
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      for (String k : p.stringPropertyNames()) {
        values.put(k, p.getProperty(k));
      }
    }
    return new PolicyConfig(file, values);
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

  /** Writes the file (creating its directory), replacing it atomically. */
  public void save() throws IOException {
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
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, w.toString(), StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
