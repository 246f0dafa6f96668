package dev.pkixj.truststore.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.TrustEntry;
import java.util.List;
import java.util.stream.Collectors;

/** Test certificates and assertions shared by the importer tests. */
final class Fixtures {
  private Fixtures() {}

  static final TestCert ROOT_A = CertBuilder.root("Importer Test Root A").build();
  static final TestCert ROOT_B = CertBuilder.root("Importer Test Root B").build();
  static final TestCert ROOT_C = CertBuilder.root("Importer Test Root C").build();
  static final TestCert ROOT_D = CertBuilder.root("Importer Test Root D").build();
  /** No common name: labelled by file name. */
  static final TestCert NO_CN = CertBuilder.root("O=No Common Name Inc,C=DE").build();
  /** Cert.parse rejects it (SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION); the JDK accepts it. */
  static final TestCert UNPARSABLE =
      CertBuilder.root("Importer Unparsable Root").unknownCriticalExtension().build();

  /** The single problem of {@code r}, failing with the list when there is not exactly one. */
  static ImportProblem onlyProblem(ImportResult r) {
    if (r.problems().size() != 1) {
      fail("expected one problem, got " + r.problems());
    }
    return r.problems().get(0);
  }

  static void assertNoProblems(ImportResult r) {
    if (!r.problems().isEmpty()) {
      fail("unexpected problems: " + r.problems().stream().map(ImportProblem::toString)
          .collect(Collectors.joining("\n  ", "\n  ", "")));
    }
  }

  /** Asserts the entries are exactly these certificates, in this order. */
  static void assertCerts(ImportResult r, TestCert... certs) {
    List<TrustEntry> e = r.entries();
    assertEquals(certs.length, e.size(), () -> "entries: " + labels(r));
    for (int i = 0; i < certs.length; i++) {
      assertArrayEquals(certs[i].der(), e.get(i).der(), "entry " + i + " " + e.get(i).label());
    }
  }

  static List<String> labels(ImportResult r) {
    return r.entries().stream().map(TrustEntry::label).collect(Collectors.toList());
  }

  /** The 1-based number of the first line of {@code text} that contains {@code needle}. */
  static int lineOf(String text, String needle) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(needle)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line contains " + needle);
  }

  /** The 1-based number of the n-th (1-based) line of {@code text} that contains {@code needle}. */
  static int lineOf(String text, String needle, int nth) {
    String[] lines = text.split("\n", -1);
    int seen = 0;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(needle) && ++seen == nth) {
        return i + 1;
      }
    }
    throw new AssertionError("fewer than " + nth + " lines contain " + needle);
  }
}
