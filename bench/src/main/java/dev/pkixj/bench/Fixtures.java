package dev.pkixj.bench;

import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Benchmark fixtures, generated once per JVM by the testdata builder. */
public final class Fixtures {
  private Fixtures() {}

  static final Instant NOW = TestClock.NOW;
  static final String HOST = TestPki.LEAF_HOST;

  /** The key types of the three standard chains. */
  public enum Kind {
    RSA, EC, MIXED;

    TestPki pki() {
      switch (this) {
        case RSA: return TestPki.rsa();
        case EC: return TestPki.ec();
        default: return TestPki.mixed();
      }
    }
  }

  /** {@code n} distinct leaves under the kind's intermediate (DER). */
  static List<byte[]> newLeaves(TestPki pki, int n) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(pki.newLeaf(1000 + i).der());
    }
    return out;
  }

  /** Parses DER with the JDK (a fresh object each call, bypassing nothing: callers copy the bytes first). */
  static X509Certificate jdk(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate jdk(TestCert c) {
    return jdk(c.der());
  }
}
