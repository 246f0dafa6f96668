package dev.pkixj.bench;

import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

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

  /**
   * The peers' verifiers, trusting {@code pki}'s root: the JDK's default TrustManager, the
   * JDK's and BouncyCastle's PKIX CertPathValidators (revocation off, at {@link #NOW}).
   */
  static final class Peers {
    final X509TrustManager jdkTrustManager;
    final String authType;
    final CertificateFactory factory;
    final CertPathValidator jdkCpv;
    final PKIXParameters params;
    final CertPathValidator bcCpv;
    final PKIXParameters bcParams;

    Peers(TestPki pki, Kind kind) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("root", jdk(pki.root()));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(ks);
      jdkTrustManager = (X509TrustManager) tmf.getTrustManagers()[0];
      authType = kind == Kind.RSA ? "RSA" : "ECDHE_ECDSA";
      factory = CertificateFactory.getInstance("X.509");
      params = new PKIXParameters(Set.of(new TrustAnchor(jdk(pki.root()), null)));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(NOW));
      jdkCpv = CertPathValidator.getInstance("PKIX");
      bcCpv = CertPathValidator.getInstance("PKIX", new BouncyCastleProvider());
      bcParams = (PKIXParameters) params.clone();
    }

    X509Certificate[] trustManager(X509Certificate[] chain) throws Exception {
      jdkTrustManager.checkServerTrusted(chain, authType);
      return chain;
    }

    Object jdkCertPathValidator(X509Certificate... chain) throws Exception {
      return jdkCpv.validate(factory.generateCertPath(List.of(chain)), params);
    }

    Object bcCertPathValidator(X509Certificate... chain) throws Exception {
      return bcCpv.validate(factory.generateCertPath(List.of(chain)), bcParams);
    }
  }
}
