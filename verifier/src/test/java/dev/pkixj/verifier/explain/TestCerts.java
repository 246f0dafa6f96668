package dev.pkixj.verifier.explain;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.GeneralName;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for the explanation tests, which look only at names, dates and SANs. Built with
 * the testdata module; the issuer name is set directly (no issuing certificate is needed).
 */
final class TestCerts {
  private TestCerts() {}

  /** What a test may change before {@link #build()}. */
  static final class Spec {
    String subjectCn = "leaf.example";
    String subjectO = "Example Org";
    String issuerCn = "Example Issuing CA";
    String issuerO = "Example CA Org";
    Instant notBefore = Instant.parse("2026-01-01T00:00:00Z");
    Instant notAfter = Instant.parse("2026-11-28T12:00:00Z");
    final List<GeneralName> sans = new ArrayList<>();

    Spec dns(String... names) {
      for (String n : names) {
        sans.add(GeneralName.dns(n));
      }
      return this;
    }

    Spec ip(String ip) {
      sans.add(GeneralName.ip(ip));
      return this;
    }

    Spec validity(String from, String to) {
      notBefore = Instant.parse(from);
      notAfter = Instant.parse(to);
      return this;
    }

    Cert build() {
      CertBuilder b = CertBuilder.blank(name(subjectO, subjectCn))
          .issuerName(name(issuerO, issuerCn))
          .validity(notBefore, notAfter);
      if (!sans.isEmpty()) {
        b.san(sans.toArray(new GeneralName[0]));
      }
      try {
        return Cert.parse(b.build().der());
      } catch (PkixException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Spec cert() {
    return new Spec();
  }

  /** RFC 4514, most specific first. */
  private static String name(String o, String cn) {
    StringBuilder sb = new StringBuilder();
    if (cn != null) {
      sb.append("CN=").append(escape(cn)).append(',');
    }
    if (o != null) {
      sb.append("O=").append(escape(o)).append(',');
    }
    return sb.append("C=ZZ").toString();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace(",", "\\,").replace("+", "\\+");
  }
}
