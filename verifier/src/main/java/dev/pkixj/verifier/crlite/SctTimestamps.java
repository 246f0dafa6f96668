package dev.pkixj.verifier.crlite;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.truststore.revocation.CrliteTimestamps;
import dev.pkixj.verifier.ct.CtVerifier;
import dev.pkixj.verifier.ct.Sct;
import dev.pkixj.verifier.ct.SctList;
import dev.pkixj.verifier.ct.SctOrigin;
import dev.pkixj.verifier.ct.VerifiedSct;
import java.util.ArrayList;
import java.util.List;

/**
 * CRLite's (log id, timestamp) pairs for one verification's end-entity, as Firefox's {@code
 * CheckRevocationByCRLite} takes them (spec firefox-ct-crlite.md B1; docs/crlite.md):
 *
 * <ul>
 *   <li>CT on (a {@link CtVerifier}): the SCTs embedded in the end-entity (over the
 *       precertificate entry with the CertID's issuer key) and those of the TLS extension,
 *       verified with the verifier's log list at the verification time and the root's
 *       distrust-after date; the {@link dev.pkixj.verifier.ct.SctStatus#VALID} ones count
 *       (SCTs of retired logs included), SCTs of unknown logs, with bad signatures, from the
 *       future or after the distrust date do not. The stapled OCSP response's SCTs are not used
 *       (Firefox has not looked at the staple yet at that point). A fatal error of SCT
 *       verification is thrown.</li>
 *   <li>CT off (no verifier): the embedded SCTs, decoded without any signature check; TLS SCTs
 *       are not used.</li>
 * </ul>
 * Made per verification (it holds the end-entity and its TLS SCTs); no state between calls. The
 * later CT policy check verifies the SCTs again; the {@link CtVerifier}'s signature cache makes
 * that second pass cost a hash per SCT instead of a signature verification.
 */
public final class SctTimestamps implements CrliteTimestamps {
  private final CtVerifier ct;
  private final Cert leaf;
  private final byte[] tlsSctList;

  /**
   * @param ct the CT verifier, or null when CT is off
   * @param leaf the end-entity being verified
   * @param tlsSctList the TLS extension's SCT list, or null
   */
  public SctTimestamps(CtVerifier ct, Cert leaf, byte[] tlsSctList) {
    this.ct = ct;
    this.leaf = leaf;
    this.tlsSctList = tlsSctList;
  }

  @Override
  public Pairs timestamps(Input sctExtension, CertId certId, long time,
      long distrustAfterSeconds) throws PkixException {
    List<Sct> scts = new ArrayList<>(4);
    if (ct == null) {
      Input list = SctList.unwrapExtension(sctExtension);
      if (list != null && !list.isEmpty()) {
        scts.addAll(SctList.decode(list, SctOrigin.EMBEDDED).scts());
      }
    } else {
      long distrust = distrustAfterSeconds == Long.MAX_VALUE
          ? CtVerifier.NO_DISTRUST_AFTER : distrustAfterSeconds;
      CtVerifier.Verified v = ct.verifyWithIssuerKey(leaf, certId.issuerSubjectPublicKeyInfo(),
          tlsSctList, null, time, distrust);
      for (VerifiedSct s : v.scts()) {
        if (s.isValid()) {
          scts.add(s.sct());
        }
      }
    }
    if (scts.isEmpty()) {
      return Pairs.EMPTY;
    }
    byte[] logIds = new byte[32 * scts.size()];
    long[] timestamps = new long[scts.size()];
    for (int i = 0; i < scts.size(); i++) {
      System.arraycopy(scts.get(i).logId(), 0, logIds, 32 * i, 32);
      timestamps[i] = scts.get(i).timestampMillis();
    }
    return new Pairs(logIds, timestamps);
  }
}
