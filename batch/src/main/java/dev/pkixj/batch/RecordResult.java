package dev.pkixj.batch;

import dev.pkixj.pkix.Result;
import dev.pkixj.truststore.revocation.RevocationInfo;
import dev.pkixj.verifier.ct.CtStatus;
import dev.pkixj.verifier.strict.Violation;
import java.util.List;

/**
 * The outcome for one input record: a verdict with Firefox's code, or why the record could not
 * be read.
 *
 * @param id the record's id, or a name derived from its position
 * @param line the NDJSON line number or CT entry index (0-based for CT), or -1 when not applicable
 * @param result Firefox's code; null for a malformed record
 * @param certIndex the certificate the code concerns (-1 when valid or malformed)
 * @param host the host name that was checked, or null
 * @param chain SHA-256 fingerprints (lowercase hex) of the path built or tried, end-entity first
 * @param issuer for an invalid record, the issuer name of the certificate the code concerns
 * @param error for a malformed record, what is wrong
 * @param entryType "x509"/"precert" for CT entries, else null
 * @param ctStatus what Certificate Transparency said (docs/ct.md); null for a malformed record
 * @param crlite what CRLite said (docs/crlite.md); null for a malformed record
 * @param preloaded true if a preloaded intermediate completed the chain built
 *     (docs/intermediates.md)
 * @param oneCrl the id of the OneCRL entry that refused the chain (docs/onecrl.md), or null
 * @param violations under the strict profile, every rule the chain breaks, in priority order
 *     (docs/strict-profile.md; empty when none); null under the Firefox profile and for a
 *     malformed record
 */
public record RecordResult(String id, long line, Result result, int certIndex, String host,
    List<String> chain, String issuer, String error, String entryType, CtStatus ctStatus,
    RevocationInfo.Crlite crlite, boolean preloaded, String oneCrl, List<Violation> violations) {

  /** A result of the Firefox profile (no violations). */
  public RecordResult(String id, long line, Result result, int certIndex, String host,
      List<String> chain, String issuer, String error, String entryType, CtStatus ctStatus,
      RevocationInfo.Crlite crlite, boolean preloaded, String oneCrl) {
    this(id, line, result, certIndex, host, chain, issuer, error, entryType, ctStatus, crlite,
        preloaded, oneCrl, null);
  }

  /** A result that owes nothing to preloading nor OneCRL. */
  public RecordResult(String id, long line, Result result, int certIndex, String host,
      List<String> chain, String issuer, String error, String entryType, CtStatus ctStatus,
      RevocationInfo.Crlite crlite) {
    this(id, line, result, certIndex, host, chain, issuer, error, entryType, ctStatus, crlite,
        false, null);
  }

  /** A result without a CT status nor a CRLite answer (a malformed record). */
  public RecordResult(String id, long line, Result result, int certIndex, String host,
      List<String> chain, String issuer, String error, String entryType) {
    this(id, line, result, certIndex, host, chain, issuer, error, entryType, null, null);
  }

  public enum Verdict { VALID, INVALID, MALFORMED }

  public Verdict verdict() {
    return result == null ? Verdict.MALFORMED
        : result == Result.SUCCESS ? Verdict.VALID : Verdict.INVALID;
  }

  /** Firefox's code name ("Success" when valid), or null when malformed. */
  public String code() {
    return result == null ? null : result.firefoxName();
  }

  /** The CT status's JSON name (compliant, not_enough_scts, …), or null when malformed. */
  public String ctStatusName() {
    return ctStatus == null ? null : ctStatus.jsonName();
  }

  /** CRLite's answer's JSON name (off, revoked, good, …), or null when malformed. */
  public String crliteName() {
    return crlite == null ? null : crlite.jsonName();
  }

  public static RecordResult malformed(String id, long line, String error) {
    return new RecordResult(id, line, null, -1, null, List.of(), null, error, null, null, null);
  }
}
