package dev.pkixj.truststore;

import dev.pkixj.truststore.importer.CertdataImporter;
import dev.pkixj.truststore.importer.KeystoreImporter;
import dev.pkixj.truststore.importer.OsTrustStore;
import dev.pkixj.truststore.importer.PemBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the built-in roots come from (they are read-only and never stored in the database):
 * {@code os} (the operating system's store, the default), {@code jdk} (the JDK's cacerts),
 * {@code certdata:PATH} (Mozilla's certdata.txt, with trust values and distrust-after dates),
 * {@code keystore:PATH[:PASSWORD]} (PKCS12 or JKS), {@code pem:PATH} (a PEM bundle, or a directory
 * of PEM/DER files). A bare path is read by its content: certdata.txt, a keystore, or PEM/DER.
 */
public record RootSource(Kind kind, Path path, char[] password) {
  /** The kinds of source. */
  public enum Kind { OS, JDK, CERTDATA, KEYSTORE, PEM }

  /** The default: the operating system's store. */
  public static RootSource os() {
    return new RootSource(Kind.OS, null, null);
  }

  /**
   * Parses a source specification (see the class comment).
   *
   * @throws IllegalArgumentException naming what is wrong with {@code spec}
   */
  public static RootSource parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty root source");
    }
    String s = spec.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("os")) {
      return os();
    }
    if (lower.equals("jdk")) {
      return new RootSource(Kind.JDK, KeystoreImporter.jdkCacerts(), null);
    }
    int colon = s.indexOf(':');
    if (colon > 0) {
      String prefix = lower.substring(0, colon);
      String rest = s.substring(colon + 1);
      switch (prefix) {
        case "certdata":
          return new RootSource(Kind.CERTDATA, Path.of(rest), null);
        case "pem":
          return new RootSource(Kind.PEM, Path.of(rest), null);
        case "keystore": {
          int pw = rest.lastIndexOf(':');
          if (pw > 0 && !Files.exists(Path.of(rest))) {
            return new RootSource(Kind.KEYSTORE, Path.of(rest.substring(0, pw)),
                rest.substring(pw + 1).toCharArray());
          }
          return new RootSource(Kind.KEYSTORE, Path.of(rest), null);
        }
        default:
          break; // a path with a colon
      }
    }
    return byContent(Path.of(s));
  }

  /** A bare path: certdata.txt by name or content, a keystore by name, else PEM/DER. */
  static RootSource byContent(Path p) {
    String name = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks")
        || name.equals("cacerts")) {
      return new RootSource(Kind.KEYSTORE, p, null);
    }
    if (name.equals("certdata.txt")) {
      return new RootSource(Kind.CERTDATA, p, null);
    }
    return new RootSource(Kind.PEM, p, null);
  }

  /** Reads the roots. Never throws for bad content: problems are in the result. */
  public Loaded load() {
    switch (kind) {
      case OS: {
        OsTrustStore.Detection d = new OsTrustStore().detect();
        return new Loaded(describe(d), d.result());
      }
      case JDK:
      case KEYSTORE:
        return new Loaded(kind.name().toLowerCase(Locale.ROOT) + ":" + path,
            password == null ? KeystoreImporter.read(path) : KeystoreImporter.read(path, password));
      case CERTDATA:
        return new Loaded("certdata:" + path, CertdataImporter.read(path));
      case PEM:
      default:
        return new Loaded("pem:" + path, PemBundle.read(path, Source.FILE));
    }
  }

  private static String describe(OsTrustStore.Detection d) {
    List<Path> paths = d.paths();
    return "os:" + d.kind().name().toLowerCase(Locale.ROOT)
        + (paths.isEmpty() ? "" : ":" + paths.get(0) + (paths.size() > 1 ? " (+" + (paths.size() - 1) + ")" : ""));
  }

  /** What was read: a description of where from, and the entries and problems. */
  public record Loaded(String description, ImportResult result) {}
}
