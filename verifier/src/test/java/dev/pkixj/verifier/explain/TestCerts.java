package dev.pkixj.verifier.explain;

import dev.pkixj.verifier.Cert;
import dev.pkixj.verifier.PkixException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Minimal certificates for the explanation tests, which only look at names, dates and SANs (the
 * signatures are real but never checked). TODO(issue-2): use the testdata module's builder once
 * it lands.
 */
final class TestCerts {
  private TestCerts() {}

  private static final KeyPair KEY = generate();

  private static KeyPair generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certificate builder state: fill in what a test needs, then {@link #build()}. */
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
        sans.add(new GeneralName(GeneralName.dNSName, n));
      }
      return this;
    }

    Spec ip(String ip) {
      sans.add(new GeneralName(GeneralName.iPAddress, ip));
      return this;
    }

    Spec validity(String from, String to) {
      notBefore = Instant.parse(from);
      notAfter = Instant.parse(to);
      return this;
    }

    Cert build() {
      try {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
            name(issuerO, issuerCn), BigInteger.valueOf(4242),
            Date.from(notBefore), Date.from(notAfter), name(subjectO, subjectCn), KEY.getPublic());
        if (!sans.isEmpty()) {
          b.addExtension(Extension.subjectAlternativeName, false,
              new GeneralNames(sans.toArray(new GeneralName[0])));
        }
        byte[] der = b.build(new JcaContentSignerBuilder("SHA256withECDSA")
            .build(KEY.getPrivate())).getEncoded();
        return Cert.parse(der);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Spec cert() {
    return new Spec();
  }

  static X500Name name(String o, String cn) {
    X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "ZZ");
    if (o != null) {
      b.addRDN(BCStyle.O, o);
    }
    if (cn != null) {
      b.addRDN(BCStyle.CN, cn);
    }
    return b.build();
  }

  static Cert parse(byte[] der) {
    try {
      return Cert.parse(der);
    } catch (PkixException e) {
      throw new IllegalStateException(e);
    }
  }
}
