package dev.pkixj.truststore.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.importer.CertdataImporter;
import dev.pkixj.truststore.importer.KeystoreImporter;
import dev.pkixj.truststore.importer.PemBundle;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz targets for the trust store's importers: a PEM/DER bundle, Mozilla's certdata.txt and a
 * Java keystore (JKS or PKCS12, through the JDK). Rule: nothing throws; every certificate
 * imported parses; every problem names the file, where in it, and what was wrong.
 */
class ImporterFuzzTest {
  @FuzzTest
  void pemBundle(byte[] data) {
    for (Trust trust : new Trust[] {Trust.ANCHOR, Trust.INHERIT}) {
      ImportResult r = PemBundle.parse(data, "fuzz.pem", Source.FILE, trust);
      check(r, "fuzz.pem", data);
    }
  }

  @FuzzTest
  void certdata(byte[] data) {
    CertdataImporter.Parsed p = CertdataImporter.parseDetailed(
        new String(data, StandardCharsets.UTF_8), "certdata.txt");
    check(p.result(), "certdata.txt", data);
    for (CertdataImporter.OrphanTrust o : p.orphanTrust()) {
      require(o.trust() != null && o.line() > 0, "orphan trust without trust or line: " + o);
    }
  }

  @FuzzTest
  void keystore(byte[] data) {
    Path file = Scratch.file("keystore");
    try {
      Files.write(file, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KeystoreImporter.Report r = KeystoreImporter.readReport(file,
        KeystoreImporter.DEFAULT_PASSWORD.toCharArray());
    require(r != null && r.notes() != null, "null report");
    check(r.result(), file.toString(), data);
  }

  /**
   * A Java exception class name ({@code java.io.EOFException}) or a stack frame in a message,
   * unless the input itself contains that text (messages quote the offending input, and the
   * fuzzer learns the strings this check looks for).
   */
  static boolean leaksJavaException(String message, String input) {
    java.util.regex.Matcher m = JAVA_THROWABLE.matcher(message);
    while (m.find()) {
      if (!input.contains(m.group())) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.regex.Pattern JAVA_THROWABLE = java.util.regex.Pattern.compile(
      "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b|\\tat [a-z]");

  static void check(ImportResult r, String file, byte[] data) {
    // Problems may quote the input, raw or with its control characters escaped.
    String latin1 = new String(data, StandardCharsets.ISO_8859_1);
    String utf8 = new String(data, StandardCharsets.UTF_8);
    check(r, file, latin1 + utf8 + ImportProblem.escapeControls(latin1)
        + ImportProblem.escapeControls(utf8));
  }

  static void check(ImportResult r, String file, String input) {
    require(r != null && r.entries() != null && r.problems() != null, "null result");
    for (TrustEntry e : r.entries()) {
      try {
        Cert.parse(e.der());
      } catch (PkixException ex) {
        throw new AssertionError("imported a certificate that does not parse: " + ex.result());
      }
      require(e.trust() != null && e.label() != null && e.source() != null, "entry fields");
    }
    for (ImportProblem p : r.problems()) {
      require(file.equals(p.file()), "problem names another file: " + p);
      require(p.where() != null, "problem without a place: " + p);
      require(p.message() != null && !p.message().isBlank(), "problem without a message: " + p);
      require(!leaksJavaException(p.message(), input),
          "a Java exception leaked into a problem: " + p);
    }
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
