package dev.pkixj.truststore.onecrl;

import java.util.Objects;

/**
 * One record of the OneCRL collection as pkixj keeps it: the members Firefox's client reads, as
 * text (base64 as in the collection), plus {@code details} and {@code enabled} for people. A
 * string member that is absent, null or empty is null here (Firefox tests them for truthiness).
 *
 * @param id the record id
 * @param lastModified {@code last_modified} in ms since the epoch (0 if absent)
 * @param deleted a tombstone ({@code "deleted": true}): the record was removed from the collection
 * @param issuerName base64 DER issuer Name, or null
 * @param serialNumber base64 serial INTEGER content octets, or null
 * @param subject base64 DER subject Name, or null
 * @param pubKeyHash base64 SHA-256 of the SPKI DER, or null
 * @param details the record's details ({@link OneCrl.Details#NONE} if absent)
 * @param enabled the record's {@code enabled} member, or null; kept but not read (docs/onecrl.md)
 */
public record OneCrlRecord(String id, long lastModified, boolean deleted, String issuerName,
    String serialNumber, String subject, String pubKeyHash, OneCrl.Details details,
    Boolean enabled) {
  public OneCrlRecord {
    Objects.requireNonNull(id, "id");
    issuerName = emptyToNull(issuerName);
    serialNumber = emptyToNull(serialNumber);
    subject = emptyToNull(subject);
    pubKeyHash = emptyToNull(pubKeyHash);
    details = details == null ? OneCrl.Details.NONE : details;
  }

  /** A tombstone for {@code id}. */
  public static OneCrlRecord tombstone(String id, long lastModified) {
    return new OneCrlRecord(id, lastModified, true, null, null, null, null, null, null);
  }

  /** An issuer-and-serial record from DER bytes (encoded here). */
  public static OneCrlRecord issuerSerial(String id, long lastModified, byte[] issuerDer,
      byte[] serialContents, OneCrl.Details details) {
    java.util.Base64.Encoder b = java.util.Base64.getEncoder();
    return new OneCrlRecord(id, lastModified, false, b.encodeToString(issuerDer),
        b.encodeToString(serialContents), null, null, details, null);
  }

  /** A subject-and-key record from DER bytes and a SHA-256 (encoded here). */
  public static OneCrlRecord subjectKey(String id, long lastModified, byte[] subjectDer,
      byte[] spkiSha256, OneCrl.Details details) {
    java.util.Base64.Encoder b = java.util.Base64.getEncoder();
    return new OneCrlRecord(id, lastModified, false, null, null, b.encodeToString(subjectDer),
        b.encodeToString(spkiSha256), details, null);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
