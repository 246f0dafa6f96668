package dev.pkixj.truststore.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.intermediates.IntermediatesException;
import dev.pkixj.truststore.intermediates.IntermediatesImport;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fuzz targets for the preloaded-intermediates import (docs/intermediates.md "Importing",
 * docs/limits.md "Preloaded intermediates"): a collection JSON (its attachments served from a
 * fixed in-memory set: {@code a.pem} holds a real intermediate, {@code b.pem} junk) and an
 * attachments bundle (zip). Rule: the input is imported whole or refused with an {@link
 * IntermediatesException} whose one-line message names the file, never another exception and
 * never a Java exception name; what is imported is within the limits, held once, and each
 * certificate's derHash is its SHA-256.
 */
class IntermediatesFuzzTest {
  private static final String FILE = "fuzz-input";
  static final TestCert ROOT = CertBuilder.root("CN=Fuzz Intermediates Root").build();
  static final TestCert CA = CertBuilder.ca("CN=Fuzz Intermediates CA").issuer(ROOT).build();
  private static final Map<String, byte[]> FILES = Map.of(
      "a.pem", CA.pem().getBytes(StandardCharsets.US_ASCII),
      "b.pem", "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n"
          .getBytes(StandardCharsets.US_ASCII));

  @FuzzTest
  void collection(byte[] data) {
    IntermediatesImport.Parsed p;
    try {
      p = IntermediatesImport.parseCollection(data, FILE, (record, a, where) -> {
        byte[] b = FILES.get(a.location());
        return b != null ? b : FILES.get(a.filename());
      });
    } catch (IntermediatesException e) {
      check(e, data);
      return;
    }
    checkParsed(p);
  }

  @FuzzTest
  void bundle(byte[] data) {
    IntermediatesImport.Parsed p;
    try {
      p = IntermediatesImport.parseBundle(data, FILE);
    } catch (IntermediatesException e) {
      check(e, data);
      return;
    }
    checkParsed(p);
  }

  private static void checkParsed(IntermediatesImport.Parsed p) {
    ImporterFuzzTest.require(!p.entries().isEmpty(), "imported nothing without an error");
    ImporterFuzzTest.require(p.entries().size() <= IntermediatesImport.MAX_CERTIFICATES,
        "too many certificates");
    Set<String> seen = new HashSet<>();
    for (PreloadedIntermediates.Entry e : p.entries()) {
      ImporterFuzzTest.require(seen.add(e.sha256Hex()), "a certificate twice");
      ImporterFuzzTest.require(!e.recordId().isEmpty(), "a record without an id");
      ImporterFuzzTest.require(e.cert().der().length <= IntermediatesImport.MAX_DER_BYTES,
          "a certificate over the limit");
      ImporterFuzzTest.require(Arrays.equals(Base64.getDecoder().decode(e.derHash()),
          e.cert().sha256()), "derHash");
    }
    PreloadedIntermediates set = PreloadedIntermediates.of(p.entries());
    for (PreloadedIntermediates.Entry e : p.entries()) {
      ImporterFuzzTest.require(set.contains(e.cert()), "not found by DER");
      ImporterFuzzTest.require(Arrays.asList(set.bySubject(e.cert().subject()))
          .contains(e.cert()), "not found by subject");
    }
  }

  private static void check(IntermediatesException e, byte[] data) {
    String m = e.getMessage();
    ImporterFuzzTest.require(m != null && m.startsWith(FILE) && m.length() > FILE.length() + 2,
        "message does not name the file: " + m);
    ImporterFuzzTest.require(m.indexOf('\n') < 0, "message of more than one line: " + m);
    ImporterFuzzTest.require(!ImporterFuzzTest.leaksJavaException(m,
        new String(data, StandardCharsets.UTF_8)), "a Java exception leaked: " + m);
  }
}
