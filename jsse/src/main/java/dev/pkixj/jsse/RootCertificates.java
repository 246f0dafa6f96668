package dev.pkixj.jsse;

import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.lang.System.Logger.Level;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Roots given as JCA objects ({@code X509Certificate}s, a {@code KeyStore}), made into DER. */
final class RootCertificates {
  private static final System.Logger LOG = System.getLogger("dev.pkixj.jsse");

  private RootCertificates() {}

  /**
   * The encodings of {@code certs}, in order.
   *
   * @throws IllegalArgumentException if a certificate is null or cannot be encoded
   */
  static List<byte[]> encode(Collection<? extends X509Certificate> certs) {
    List<byte[]> ders = new ArrayList<>();
    for (X509Certificate c : certs) {
      String which = "root " + ders.size();
      if (c == null) {
        throw new IllegalArgumentException(which + " is null");
      }
      byte[] der;
      try {
        der = c.getEncoded();
      } catch (CertificateEncodingException | RuntimeException e) {
        throw new IllegalArgumentException(which + " cannot be encoded: " + e.getMessage(), e);
      }
      if (der == null || der.length == 0) {
        throw new IllegalArgumentException(which + " has no encoding");
      }
      ders.add(der);
    }
    return ders;
  }

  /**
   * {@code ks}'s trusted certificate entries and the first certificate of each key entry (what
   * the JDK's own trust manager uses) as anchors labelled by alias; an entry that cannot be
   * encoded is logged and left out.
   */
  static List<TrustEntry> fromKeyStore(KeyStore ks) throws KeyStoreException {
    List<TrustEntry> list = new ArrayList<>();
    for (String alias : Collections.list(ks.aliases())) {
      Certificate c = null;
      if (ks.isCertificateEntry(alias)) {
        c = ks.getCertificate(alias);
      } else if (ks.isKeyEntry(alias)) {
        Certificate[] chain = ks.getCertificateChain(alias);
        c = chain != null && chain.length > 0 ? chain[0] : null;
      }
      if (c instanceof X509Certificate) {
        byte[] der;
        try {
          der = c.getEncoded();
        } catch (CertificateEncodingException | RuntimeException e) {
          der = null;
        }
        if (der == null || der.length == 0) {
          LOG.log(Level.WARNING, "pkixj: keystore entry " + alias + " cannot be encoded");
        } else {
          list.add(new TrustEntry(der, Trust.ANCHOR, null, alias, Source.KEYSTORE));
        }
      }
    }
    return list;
  }
}
