package dev.pkixj.pkix.names;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;

/**
 * Name-constraint enforcement with the exact results of mozilla::pkix {@code
 * CheckNameConstraints} ({@code pkixnames.cpp}).
 *
 * <h2>Which names of a certificate are checked</h2>
 * <ul>
 *   <li>Every subjectAltName entry, in order. A SAN that does not parse, or an entry with an
 *       unknown GeneralName tag, is BAD_DER.</li>
 *   <li>The subject DN, always, as a directoryName.</li>
 *   <li>The subject's emailAddress attributes (as rfc822Names; not IA5String → BAD_DER), only when
 *       the certificate has no SAN extension at all (an empty SAN counts as present).</li>
 *   <li>For the end-entity of a TLS server chain ({@code requiredEku ==
 *       ID_KP_SERVER_AUTH}) whose SAN has no dNSName or iPAddress entry: the most specific (last)
 *       subject CN, if it is a Printable/UTF8/Teletex string that is a valid presented DNS-ID
 *       (wildcards allowed) or else an IPv4 dotted quad. A CN that is neither is ignored. A CN
 *       violating the constraints — or meeting constraints of its type that are malformed — puts
 *       the certificate out of the name space (CERT_NOT_IN_NAME_SPACE, never BAD_DER).</li>
 * </ul>
 *
 * <h2>Semantics per type</h2>
 * Permitted subtrees: if there are constraints of the name's type, one must match. Excluded: any
 * match fails. dNSName: {@code a.com} covers itself and whole-label subdomains, {@code .a.com}
 * only subdomains, {@code ""} everything; under permitted, {@code *.a.com} is covered only by a
 * constraint covering every name it stands for. iPAddress: address+mask of 8 or 32 bytes (else
 * BAD_DER; presented must be 4 or 16, else BAD_DER); v4 never matches v6. directoryName:
 * permitted = RDN-prefix match with equal AVAs (UTF8String ≡ PrintableString); any excluded
 * directoryName puts every certificate out (all certificates present their subject). rfc822Name:
 * {@code local@host} exact (ASCII case-insensitive), {@code host} that host only, {@code .host}
 * any host below. A presented otherName/x400Address/ediPartyName/URI/registeredID meeting a
 * constraint of its own form is out of the name space. Malformed NameConstraints (empty, minimum
 * or maximum present, trailing data, invalid constraint of a type being checked) → BAD_DER.
 */
public final class NameConstraints {
  private NameConstraints() {}

  /**
   * mozilla::pkix {@code CheckNameConstraints(encodedNameConstraints, firstChild,
   * requiredEKUIfPresent)}.
   *
   * <p>{@code chain[0..count)} are the certificates below the constraining CA, ordered from the
   * bottom: {@code chain[0]} is the end-entity when {@code endEntityFirst} is true (else every
   * entry is a CA), and {@code chain[count-1]} is the certificate the constraining CA issued
   * (the constraining CA is not in the array). They are checked in mozilla::pkix's order, from
   * {@code chain[count-1]} down to {@code chain[0]}, and the first failure is thrown.
   *
   * @param encodedNameConstraints the constraining CA's nameConstraints extnValue (the
   *     NameConstraints SEQUENCE TLV)
   * @throws PkixException {@link Result#SEC_ERROR_CERT_NOT_IN_NAME_SPACE} on a violation, {@link
   *     Result#SEC_ERROR_BAD_DER} on malformed data, {@link Result#SEC_ERROR_INVALID_ARGS} for
   *     null or out-of-range arguments; nothing else, for any input
   */
  public static void check(Input encodedNameConstraints, Cert[] chain, int count,
      boolean endEntityFirst, KeyPurposeId requiredEku) throws PkixException {
    if (encodedNameConstraints == null || chain == null || count < 0 || count > chain.length) {
      throw new PkixException(Result.SEC_ERROR_INVALID_ARGS);
    }
    for (int i = 0; i < count; i++) {
      if (chain[i] == null) {
        throw new PkixException(Result.SEC_ERROR_INVALID_ARGS);
      }
    }
    byte[] nb = unsafeGetData(encodedNameConstraints);
    int nOff = encodedNameConstraints.off();
    int nLen = encodedNameConstraints.len();
    for (int i = count - 1; i >= 0; i--) {
      Cert child = chain[i];
      boolean fallBackToCommonName = endEntityFirst && i == 0
          && requiredEku == KeyPurposeId.ID_KP_SERVER_AUTH;
      int m = NameSearch.searchNames(child.subjectAltName(), child.subject(),
          NameSearch.NAME_CONSTRAINTS, nb, nOff, nLen, fallBackToCommonName, false);
      if (m == NameSearch.ERR_BAD_DER) {
        throw new PkixException(Result.SEC_ERROR_BAD_DER);
      }
      if (m == NameSearch.ERR_NOT_IN_NAME_SPACE || m == NameSearch.MISMATCH) {
        throw new PkixException(Result.SEC_ERROR_CERT_NOT_IN_NAME_SPACE);
      }
    }
  }
}
