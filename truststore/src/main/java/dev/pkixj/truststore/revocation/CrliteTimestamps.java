package dev.pkixj.truststore.revocation;

import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.Input;

/**
 * Where CRLite's (log id, timestamp) pairs of an end-entity come from (spec firefox-ct-crlite.md
 * B1, "Timestamps fed to CRLite"). Firefox takes the SCTs verified by its CT verifier when CT is
 * on, or the embedded SCTs decoded without signature checks when CT is off; both need the CT
 * code, which lives in the verifier module, so the verifier supplies the implementation for each
 * verification ({@link RevocationState#useCrliteTimestamps}). Without one, a certificate has no
 * timestamps and CRLite says NOT_COVERED.
 */
@FunctionalInterface
public interface CrliteTimestamps {
  /**
   * The pairs for the end-entity whose CertID is {@code certId}.
   *
   * @param sctExtension the end-entity's SCT list extension value (an OCTET STRING), or null
   * @param certId its CertID (the issuer's SPKI is the one of the issuer in the path being checked)
   * @param time the verification time, seconds since the epoch
   * @param distrustAfterSeconds the root's server distrust-after date (seconds), or {@link
   *     Long#MAX_VALUE} when it has none
   * @throws PkixException a fatal error of SCT verification (Firefox returns it from
   *     CheckRevocation)
   */
  Pairs timestamps(Input sctExtension, CertId certId, long time, long distrustAfterSeconds)
      throws PkixException;

  /** No timestamps at all. */
  CrliteTimestamps NONE = (sct, id, time, distrust) -> Pairs.EMPTY;

  /**
   * The pairs: {@code logIds} holds {@code timestamps.length} log ids of 32 bytes each,
   * concatenated; {@code timestamps} the SCT timestamps in milliseconds.
   */
  record Pairs(byte[] logIds, long[] timestamps) {
    public static final Pairs EMPTY = new Pairs(new byte[0], new long[0]);

    public Pairs {
      if (logIds.length != 32L * timestamps.length) {
        throw new IllegalArgumentException("32 bytes of log id per timestamp");
      }
    }
  }
}
