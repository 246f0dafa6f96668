package dev.pkixj.verifier.ct;

/** Where an SCT came from (Firefox's VerifiedSCT origin). */
public enum SctOrigin {
  /** The end-entity's SCT-list extension; signed over a precertificate entry. */
  EMBEDDED("embedded"),
  /** The TLS signed_certificate_timestamp extension; signed over an X.509 entry. */
  TLS_EXTENSION("tls"),
  /** The stapled OCSP response's SCT-list single extension; signed over an X.509 entry. */
  OCSP_RESPONSE("ocsp");

  private final String jsonName;

  SctOrigin(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name used in JSON output: embedded, tls or ocsp. */
  public String jsonName() {
    return jsonName;
  }
}
