package dev.pkixj.jsse;

import java.math.BigInteger;
import java.security.Principal;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Set;

/**
 * A certificate whose {@code getEncoded()} misbehaves (returns null, an empty array, or throws),
 * as a foreign JSSE provider's or a caller's own {@code X509Certificate} can; everything else is
 * the real certificate's.
 */
final class BrokenCert extends X509Certificate {
  enum Fault { NULL, EMPTY, ENCODING_EXCEPTION, RUNTIME_EXCEPTION }

  private final X509Certificate real;
  private final Fault fault;

  BrokenCert(X509Certificate real, Fault fault) {
    this.real = real;
    this.fault = fault;
  }

  @Override
  public byte[] getEncoded() throws CertificateEncodingException {
    switch (fault) {
      case NULL:
        return null;
      case EMPTY:
        return new byte[0];
      case ENCODING_EXCEPTION:
        throw new CertificateEncodingException("test: cannot encode");
      default:
        throw new IllegalStateException("test: encoder broke");
    }
  }

  @Override
  public void checkValidity() throws java.security.cert.CertificateExpiredException,
      java.security.cert.CertificateNotYetValidException {
    real.checkValidity();
  }

  @Override
  public void checkValidity(Date date) throws java.security.cert.CertificateExpiredException,
      java.security.cert.CertificateNotYetValidException {
    real.checkValidity(date);
  }

  @Override
  public int getVersion() {
    return real.getVersion();
  }

  @Override
  public BigInteger getSerialNumber() {
    return real.getSerialNumber();
  }

  @Override
  public Principal getIssuerDN() {
    return real.getIssuerX500Principal();
  }

  @Override
  public Principal getSubjectDN() {
    return real.getSubjectX500Principal();
  }

  @Override
  public Date getNotBefore() {
    return real.getNotBefore();
  }

  @Override
  public Date getNotAfter() {
    return real.getNotAfter();
  }

  @Override
  public byte[] getTBSCertificate() throws java.security.cert.CertificateEncodingException {
    return real.getTBSCertificate();
  }

  @Override
  public byte[] getSignature() {
    return real.getSignature();
  }

  @Override
  public String getSigAlgName() {
    return real.getSigAlgName();
  }

  @Override
  public String getSigAlgOID() {
    return real.getSigAlgOID();
  }

  @Override
  public byte[] getSigAlgParams() {
    return real.getSigAlgParams();
  }

  @Override
  public boolean[] getIssuerUniqueID() {
    return real.getIssuerUniqueID();
  }

  @Override
  public boolean[] getSubjectUniqueID() {
    return real.getSubjectUniqueID();
  }

  @Override
  public boolean[] getKeyUsage() {
    return real.getKeyUsage();
  }

  @Override
  public int getBasicConstraints() {
    return real.getBasicConstraints();
  }

  @Override
  public void verify(PublicKey key) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void verify(PublicKey key, String sigProvider) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String toString() {
    return "BrokenCert[" + fault + "]";
  }

  @Override
  public PublicKey getPublicKey() {
    return real.getPublicKey();
  }

  @Override
  public boolean hasUnsupportedCriticalExtension() {
    return real.hasUnsupportedCriticalExtension();
  }

  @Override
  public Set<String> getCriticalExtensionOIDs() {
    return real.getCriticalExtensionOIDs();
  }

  @Override
  public Set<String> getNonCriticalExtensionOIDs() {
    return real.getNonCriticalExtensionOIDs();
  }

  @Override
  public byte[] getExtensionValue(String oid) {
    return real.getExtensionValue(oid);
  }
}
