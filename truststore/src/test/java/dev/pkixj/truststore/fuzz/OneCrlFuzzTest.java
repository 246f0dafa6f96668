package dev.pkixj.truststore.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.onecrl.OneCrlException;
import dev.pkixj.truststore.onecrl.OneCrlParser;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Fuzz target for the OneCRL reader (docs/onecrl.md, docs/limits.md "OneCRL"). Rule: an input
 * parses or is refused with a {@link OneCrlException} whose one-line message names the source,
 * never another exception; from one that parses, every usable record gives one entry, ids are
 * unique, every warning names the source, the records read again give the same entries without
 * new warnings, and {@link OneCrl#match} agrees with a plain scan of the entries.
 */
class OneCrlFuzzTest {
  private static final String SOURCE = "fuzz-onecrl.json";
  private static final Cert[] CERTS = certs();

  private static Cert[] certs() {
    TestPki pki = TestPki.ec();
    try {
      return new Cert[] {Cert.parse(pki.leaf().der()), Cert.parse(pki.intermediate().der()),
          Cert.parse(pki.root().der())};
    } catch (PkixException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest
  void onecrl(byte[] data) {
    OneCrlParser.Parsed p;
    try {
      p = OneCrlParser.parse(data, SOURCE);
    } catch (OneCrlException e) {
      String m = e.getMessage();
      ImporterFuzzTest.require(m.startsWith(SOURCE + ": ") && m.length() > SOURCE.length() + 2
          && m.indexOf('\n') < 0, "message does not name the source in one line: " + m);
      ImporterFuzzTest.require(!ImporterFuzzTest.leaksJavaException(m,
          new String(data, StandardCharsets.UTF_8)), "a Java exception leaked: " + m);
      return;
    }
    ImporterFuzzTest.require(p.records().size() == p.entries().size(), "records and entries");
    ImporterFuzzTest.require(p.records().size() + p.deleted().size() + p.ignored().size()
        <= OneCrlParser.MAX_RECORDS, "too many records");
    ImporterFuzzTest.require(p.warnings().size() >= p.ignored().size(), "an unwarned skip");
    Set<String> ids = new HashSet<>();
    for (OneCrl.Entry e : p.entries()) {
      ImporterFuzzTest.require(ids.add(e.id()), "an id twice: " + e.id());
      ImporterFuzzTest.require(e.kind() != OneCrl.Kind.SUBJECT_KEY || e.value().length == 32,
          "a key hash that is not 32 bytes");
    }
    for (String w : p.warnings()) {
      ImporterFuzzTest.require(w.startsWith(SOURCE + ": record ") && w.indexOf('\n') < 0,
          "warning does not name the source and record: " + w);
    }
    OneCrlParser.Parsed again;
    try {
      again = OneCrlParser.of(p.records(), SOURCE, p.timestamp());
    } catch (OneCrlException e) {
      throw new AssertionError("its own records are refused: " + e.getMessage());
    }
    ImporterFuzzTest.require(again.entries().equals(p.entries()), "records give other entries");
    ImporterFuzzTest.require(again.warnings().isEmpty(), "new warnings: " + again.warnings());
    for (Cert c : CERTS) {
      OneCrl.Entry m = p.oneCrl().match(c);
      OneCrl.Entry scan = scan(p.oneCrl(), c);
      ImporterFuzzTest.require((m == null) == (scan == null), "match and scan disagree");
      ImporterFuzzTest.require(m == null || m.kind() == scan.kind(), "match missed issuer+serial");
    }
  }

  private static OneCrl.Entry scan(OneCrl crl, Cert c) {
    byte[] hash = OneCrl.pubKeyHash(c.subjectPublicKeyInfo().toByteArray());
    OneCrl.Entry sk = null;
    for (OneCrl.Entry e : crl.entries()) {
      if (e.kind() == OneCrl.Kind.ISSUER_SERIAL && c.issuer().contentEquals(e.name())
          && c.serialNumber().contentEquals(e.value())) {
        return e;
      }
      if (sk == null && e.kind() == OneCrl.Kind.SUBJECT_KEY && c.subject().contentEquals(e.name())
          && java.util.Arrays.equals(hash, e.value())) {
        sk = e;
      }
    }
    return sk;
  }
}
