package dev.pkixj.truststore;

/** Where a certificate's trust came from. */
public enum Source {
  /** Mozilla's certdata.txt (the browser's built-in roots). */
  CERTDATA,
  /** The operating system's bundle or directory of PEM files. */
  OS,
  /** A Java keystore (PKCS12 or JKS). */
  KEYSTORE,
  /** A PEM or DER file given by the user. */
  FILE,
  /** Added by the user to the database. */
  USER,
  /** An intermediate seen in a verified chain (remembered, never an anchor). */
  SEEN
}
