package dev.pkixj.truststore.importer;

import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Imports the trusted-certificate entries of a Java keystore (PKCS12, JKS or JCEKS), such as the
 * JDK's {@code lib/security/cacerts}. The type is recognised from the file's first bytes (JKS
 * {@code FEEDFEED}, JCEKS {@code CECECECE}, PKCS12 a DER SEQUENCE) and loaded with {@link
 * KeyStore#getInstance(String)} (rather than letting the JDK probe every type, so that a wrong
 * password is told apart from a file that is not a keystore); {@code KeyStore} is used at import
 * time only.
 *
 * <p>Trusted-certificate entries become {@link Trust#ANCHOR} with {@link Source#KEYSTORE}, labelled
 * by alias (entries are visited in alias order). Private-key entries and secret-key entries are
 * skipped with a note (see {@link Report#notes()}), not a problem. A wrong password or a corrupt
 * or unrecognised file is a single problem naming the file; a certificate that {@link Cert#parse}
 * rejects is a problem naming its alias.
 *
 * <p>The JDK lists the certificates of a PKCS12 file as trusted entries only when they carry its
 * trusted-key-usage attribute: a PKCS12 trust store made by OpenSSL without {@code -jdktrust}
 * shows no entries (a note says so; reading such files would need a PKCS12 parser of our own).
 */
public final class KeystoreImporter {
  /** The JDK's default keystore password, used by {@link #read(Path)}. */
  public static final String DEFAULT_PASSWORD = "changeit";

  /**
   * A keystore import with what the importer noted besides problems.
   *
   * @param type the keystore type that was loaded ("PKCS12", "JKS", "JCEKS"), or null when the
   *     file could not be read or recognised
   * @param result the trusted certificates and the problems
   * @param notes things skipped on purpose (key entries), one sentence each
   */
  public record Report(String type, ImportResult result, List<String> notes) {
    /** Checks {@code result} and copies {@code notes}. */
    public Report {
      Objects.requireNonNull(result, "result");
      notes = List.copyOf(notes);
    }
  }

  private KeystoreImporter() {}

  /** The running JDK's {@code $JAVA_HOME/lib/security/cacerts} (which may not exist). */
  public static Path jdkCacerts() {
    return Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
  }

  /** Imports with the password {@value #DEFAULT_PASSWORD}. */
  public static ImportResult read(Path file) {
    return read(file, DEFAULT_PASSWORD.toCharArray());
  }

  /** Imports the trusted-certificate entries of {@code file}, opened with {@code password}. */
  public static ImportResult read(Path file, char[] password) {
    return readReport(file, password).result();
  }

  /**
   * Like {@link #read(Path, char[])}, also telling the detected type and what was skipped.
   *
   * @param file the keystore file
   * @param password its store password (for JKS it is only used for the integrity check)
   */
  public static Report readReport(Path file, char[] password) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    String name = file.toString();
    ImportCollector c = new ImportCollector();
    List<String> notes = new ArrayList<>();
    byte[] bytes = PemBundle.readBytes(file, c);
    if (bytes == null) {
      return new Report(null, c.result(), notes);
    }
    String type = sniff(bytes);
    if (type == null) {
      c.problem(name, "", "not a keystore: unrecognised format (neither PKCS12 nor JKS)");
      return new Report(null, c.result(), notes);
    }
    KeyStore ks;
    try {
      ks = KeyStore.getInstance(type);
      ks.load(new ByteArrayInputStream(bytes), password);
    } catch (IOException e) {
      c.problem(name, "", loadFailure(type, e));
      return new Report(type, c.result(), notes);
    } catch (GeneralSecurityException | RuntimeException e) {
      c.problem(name, "", "cannot load the " + type + " keystore: " + message(e));
      return new Report(type, c.result(), notes);
    }

    List<String> aliases;
    try {
      aliases = Collections.list(ks.aliases());
    } catch (GeneralSecurityException e) {
      c.problem(name, "", "cannot list the keystore's entries: " + message(e));
      return new Report(type, c.result(), notes);
    }
    Collections.sort(aliases);
    for (String alias : aliases) {
      String where = "alias '" + alias + "'";
      try {
        if (ks.isCertificateEntry(alias)) {
          Certificate cert = ks.getCertificate(alias);
          if (!(cert instanceof X509Certificate)) {
            c.problem(name, where, "not an X.509 certificate ("
                + (cert == null ? "missing" : cert.getType()) + ")");
            continue;
          }
          byte[] der = cert.getEncoded();
          try {
            Cert.parse(der);
          } catch (PkixException e) {
            c.problem(name, where, "certificate does not parse (" + e.result().name() + ")");
            continue;
          }
          c.add(new TrustEntry(der, Trust.ANCHOR, null, alias, Source.KEYSTORE));
        } else if (ks.isKeyEntry(alias)) {
          notes.add(where + ": a key entry; its certificate chain is not imported as trust");
        } else {
          notes.add(where + ": neither a trusted certificate nor a key entry; skipped");
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        c.problem(name, where, "cannot read the entry: " + message(e));
      }
    }
    if (aliases.isEmpty()) {
      notes.add(type.equals("PKCS12")
          ? "the keystore shows no entries (the JDK ignores a PKCS12 certificate that has no key "
              + "and lacks its trusted-key-usage attribute: a trust store made by OpenSSL needs "
              + "-jdktrust)"
          : "the keystore is empty");
    }
    return new Report(type, c.result(), notes);
  }

  /** The keystore type from the magic number, or null. */
  static String sniff(byte[] b) {
    if (b.length >= 4) {
      int magic = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      if (magic == 0xFEEDFEED) {
        return "JKS";
      }
      if (magic == 0xCECECECE) {
        return "JCEKS";
      }
    }
    if (b.length >= 2 && (b[0] & 0xff) == 0x30) {
      return "PKCS12";
    }
    return null;
  }

  private static String loadFailure(String type, IOException e) {
    Throwable cause = e.getCause();
    String m = message(e);
    if (cause instanceof UnrecoverableKeyException
        || m.toLowerCase(java.util.Locale.ROOT).contains("password")) {
      return "wrong password, or the " + type + " keystore's integrity check failed (" + m + ")";
    }
    return "corrupt " + type + " keystore (" + m + ")";
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    if (m != null) {
      // The JDK often puts its cause's toString() in a message ("java.io.IOException: X500
      // RDN"): keep the words, not the class names.
      m = JAVA_CLASS_PREFIX.matcher(m).replaceAll("").trim();
      // It may also quote the damaged data at length: keep the start.
      if (m.length() > MAX_MESSAGE) {
        m = m.substring(0, MAX_MESSAGE) + "…";
      }
    }
    return m == null || m.isBlank() ? "malformed data" : m;
  }

  private static final int MAX_MESSAGE = 160;

  private static final java.util.regex.Pattern JAVA_CLASS_PREFIX = java.util.regex.Pattern.compile(
      "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*|\\b)");
}
