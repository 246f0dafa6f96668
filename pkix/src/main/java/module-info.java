/**
 * The mozilla::pkix port: DER, certificates, path building, name checks, signatures and OCSP
 * response verification. What it exports and what it keeps is listed in the {@code dev.pkixj.pkix}
 * package documentation.
 */
module dev.pkixj.pkix {
  requires org.bouncycastle.provider;
  requires it.unimi.dsi.fastutil;

  exports dev.pkixj.pkix;
  exports dev.pkixj.pkix.der;
  exports dev.pkixj.pkix.names;
  exports dev.pkixj.pkix.ocsp;
  exports dev.pkixj.pkix.crl;
}
