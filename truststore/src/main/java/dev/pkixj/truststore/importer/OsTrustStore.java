package dev.pkixj.truststore.importer;

import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds and reads the operating system's TLS trust store the way OpenSSL-based programs do,
 * without native code: a PEM bundle or a directory of PEM files. Every certificate becomes a
 * {@link Trust#ANCHOR} with {@link Source#OS} (OpenSSL "TRUSTED CERTIFICATE" settings may lower
 * that, see {@link PemBundle}).
 *
 * <p>Order of search:
 * <ol>
 *   <li>{@code SSL_CERT_FILE} (a bundle) and {@code SSL_CERT_DIR} (directories separated by the
 *       platform path separator), as OpenSSL honours them; when set, they replace the defaults,
 *       unless none of them exists (then a problem is recorded and the defaults are searched).
 *   <li>The candidates in order (see {@link #defaultCandidates()}): the first that exists and
 *       yields at least one certificate is used; when none yields any, the first existing one is
 *       reported with its problems.
 * </ol>
 *
 * Windows and macOS keychains need native APIs and are not read; on macOS {@code /etc/ssl/cert.pem}
 * (a candidate) holds the system roots.
 */
public final class OsTrustStore {
  /** Where the certificates came from. */
  public enum Kind {
    /** {@code SSL_CERT_FILE} and/or {@code SSL_CERT_DIR}. */
    ENVIRONMENT,
    /** A PEM bundle file among the candidates. */
    BUNDLE,
    /** A directory of PEM files among the candidates. */
    DIRECTORY,
    /** Nothing found. */
    NONE
  }

  /**
   * The outcome of {@link #detect()}.
   *
   * @param kind which kind of source was used
   * @param paths the files or directories read (empty for {@link Kind#NONE})
   * @param result the certificates and the problems met
   */
  public record Detection(Kind kind, List<Path> paths, ImportResult result) {
    /** Checks for nulls and copies {@code paths}. */
    public Detection {
      Objects.requireNonNull(kind, "kind");
      paths = List.copyOf(paths);
      Objects.requireNonNull(result, "result");
    }

    /** The first path read, or null when nothing was found. */
    public Path path() {
      return paths.isEmpty() ? null : paths.get(0);
    }
  }

  /** Environment variable naming a bundle file (OpenSSL's {@code X509_get_default_cert_file_env}). */
  public static final String SSL_CERT_FILE = "SSL_CERT_FILE";
  /** Environment variable naming certificate directories (OpenSSL's default dir variable). */
  public static final String SSL_CERT_DIR = "SSL_CERT_DIR";

  private static final List<Path> DEFAULTS = List.of(
      Path.of("/etc/ssl/certs/ca-certificates.crt"),                // Debian, Ubuntu, Gentoo, Arch
      Path.of("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"), // RHEL/CentOS 7+, Fedora
      Path.of("/etc/pki/tls/certs/ca-bundle.crt"),                  // RHEL 6, older Fedora
      Path.of("/etc/ssl/cert.pem"),                                 // Alpine, macOS, OpenBSD
      Path.of("/var/lib/ca-certificates/ca-bundle.pem"),            // openSUSE, SLES 12+
      Path.of("/etc/ssl/ca-bundle.pem"),                            // older openSUSE/SLES
      Path.of("/etc/pki/tls/cacert.pem"),                           // OpenELEC
      Path.of("/usr/local/share/certs/ca-root-nss.crt"),            // FreeBSD
      Path.of("/etc/ssl/certs"),                                    // directory (OpenSSL CApath)
      Path.of("/etc/pki/tls/certs"),                                // directory (RHEL)
      Path.of("/system/etc/security/cacerts"));                     // directory (Android)

  private final List<Path> candidates;
  private final Map<String, String> env;

  /** Searches {@link #defaultCandidates()} and honours the process environment. */
  public OsTrustStore() {
    this(DEFAULTS, System.getenv());
  }

  /**
   * Searches the given candidates (files or directories, in order) and honours {@code
   * SSL_CERT_FILE}/{@code SSL_CERT_DIR} from {@code env} (for tests: an empty map ignores them).
   */
  public OsTrustStore(List<Path> candidates, Map<String, String> env) {
    this.candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  /** The well-known bundle files and directories of Linux distributions, BSDs, macOS, Android. */
  public static List<Path> defaultCandidates() {
    return DEFAULTS;
  }

  /** Finds the store and reads it; never throws for missing or bad files (see the problems). */
  public Detection detect() {
    ImportCollector envProblems = new ImportCollector();
    Detection fromEnv = fromEnvironment(envProblems);
    if (fromEnv != null) {
      return fromEnv;
    }
    Path firstPath = null;
    Kind firstKind = null;
    ImportResult firstResult = null;
    for (Path p : candidates) {
      Kind kind = Files.isRegularFile(p) ? Kind.BUNDLE : Files.isDirectory(p) ? Kind.DIRECTORY : null;
      if (kind == null) {
        continue;
      }
      ImportCollector c = new ImportCollector();
      c.addAll(envProblems.result());
      PemBundle.readInto(p, Source.OS, Trust.ANCHOR, c);
      ImportResult r = c.result();
      if (!r.entries().isEmpty()) {
        return new Detection(kind, List.of(p), r);
      }
      if (firstPath == null) {
        firstPath = p;
        firstKind = kind;
        firstResult = r;
      }
    }
    if (firstPath != null) {
      return new Detection(firstKind, List.of(firstPath), firstResult);
    }
    envProblems.problem("OS trust store", "", "no trust store found; looked for: "
        + candidates.stream().map(Path::toString).collect(Collectors.joining(", ")));
    return new Detection(Kind.NONE, List.of(), envProblems.result());
  }

  /** Reads what SSL_CERT_FILE/SSL_CERT_DIR name; null when unset or when none of it exists. */
  private Detection fromEnvironment(ImportCollector envProblems) {
    String file = env.get(SSL_CERT_FILE);
    String dirs = env.get(SSL_CERT_DIR);
    boolean hasFile = file != null && !file.isBlank();
    boolean hasDirs = dirs != null && !dirs.isBlank();
    if (!hasFile && !hasDirs) {
      return null;
    }
    ImportCollector c = new ImportCollector();
    List<Path> used = new ArrayList<>();
    if (hasFile) {
      Path p = toPath(file.strip(), SSL_CERT_FILE, envProblems);
      if (p != null && Files.isRegularFile(p)) {
        PemBundle.readInto(p, Source.OS, Trust.ANCHOR, c);
        used.add(p);
      } else if (p != null) {
        envProblems.problem(p.toString(), "", SSL_CERT_FILE
            + " names a file that does not exist or is not a regular file; ignored");
      }
    }
    if (hasDirs) {
      for (String d : dirs.split(Pattern.quote(File.pathSeparator))) {
        if (d.isBlank()) {
          continue;
        }
        Path p = toPath(d.strip(), SSL_CERT_DIR, envProblems);
        if (p != null && Files.isDirectory(p)) {
          PemBundle.readInto(p, Source.OS, Trust.ANCHOR, c);
          used.add(p);
        } else if (p != null) {
          envProblems.problem(p.toString(), "", SSL_CERT_DIR
              + " names a directory that does not exist; ignored");
        }
      }
    }
    if (used.isEmpty()) {
      return null;
    }
    ImportCollector all = new ImportCollector();
    all.addAll(envProblems.result());
    all.addAll(c.result());
    return new Detection(Kind.ENVIRONMENT, used, all.result());
  }

  private static Path toPath(String s, String var, ImportCollector problems) {
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      problems.problem(s, "", var + " is not a valid path: " + e.getReason());
      return null;
    }
  }
}
