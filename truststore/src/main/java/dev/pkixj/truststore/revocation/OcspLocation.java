package dev.pkixj.truststore.revocation;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.nio.charset.StandardCharsets;

/**
 * The OCSP responder URL of a certificate: Firefox's {@code GetOCSPAuthorityInfoAccessLocation}
 * ({@code NSSCertDBTrustDomain.cpp}).
 *
 * <pre>
 * AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 * AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 * </pre>
 * The whole extension is decoded first (NSS's {@code CERT_DecodeAuthInfoAccessExtension}); if it
 * does not decode, the result is CERT_BAD_ACCESS_LOCATION. Then the <b>first</b> AccessDescription
 * whose method is id-ad-ocsp (1.3.6.1.5.5.7.48.1) and whose location is a
 * uniformResourceIdentifier [6] gives the URL (NSS itself would take the last one; Firefox takes
 * the first). A URL over 1,024 bytes or containing a NUL byte is CERT_BAD_ACCESS_LOCATION. No such
 * description: no URL.
 */
public final class OcspLocation {
  private OcspLocation() {}

  /** Firefox's limit on the URL's length. */
  public static final int MAX_URL_LENGTH = 1024;

  /** id-ad-ocsp, 1.3.6.1.5.5.7.48.1 (OID contents). */
  private static final byte[] ID_AD_OCSP = {0x2b, 6, 1, 5, 5, 7, 0x30, 1};

  private static final int URI_TAG = DerReader.CONTEXT_SPECIFIC | 6;

  /**
   * The first OCSP URL in {@code aiaExtension} (the extension's value: the
   * AuthorityInfoAccessSyntax SEQUENCE), or null when there is none (or no extension).
   *
   * @throws PkixException with {@link Result#SEC_ERROR_CERT_BAD_ACCESS_LOCATION} if the extension
   *     does not decode, or the URL is over 1,024 bytes or contains a NUL byte
   */
  public static String firstOcspUrl(Input aiaExtension) throws PkixException {
    if (aiaExtension == null) {
      return null;
    }
    Input found = null;
    try {
      DerReader outer = aiaExtension.reader();
      DerReader list = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      while (!list.atEnd()) {
        DerReader description = list.expectNested(DerReader.SEQUENCE);
        description.expect(DerReader.OID);
        boolean ocsp = description.valueEquals(ID_AD_OCSP);
        int tag = description.readTlv();
        if (!isGeneralNameTag(tag)) {
          throw new PkixException(Result.SEC_ERROR_BAD_DER);
        }
        Input location = description.value();
        description.end();
        if (ocsp && tag == URI_TAG && found == null) {
          found = location; // keep decoding: a later malformed description fails it all
        }
      }
    } catch (PkixException e) {
      throw new PkixException(Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION);
    }
    if (found == null) {
      return null;
    }
    if (found.len() > MAX_URL_LENGTH) {
      throw new PkixException(Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION, "URL over 1024 bytes");
    }
    for (int i = 0; i < found.len(); i++) {
      if (found.at(i) == 0) {
        throw new PkixException(Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION, "NUL in the URL");
      }
    }
    return new String(unsafeGetData(found), found.off(), found.len(), StandardCharsets.ISO_8859_1);
  }

  /** The GeneralName CHOICE tags, each in the form NSS's template decodes. */
  private static boolean isGeneralNameTag(int tag) {
    int cs = DerReader.CONTEXT_SPECIFIC;
    int csc = DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED;
    return tag == (csc | 0) // otherName
        || tag == (cs | 1) // rfc822Name
        || tag == (cs | 2) // dNSName
        || tag == (csc | 3) // x400Address
        || tag == (csc | 4) // directoryName
        || tag == (csc | 5) // ediPartyName
        || tag == (cs | 6) // uniformResourceIdentifier
        || tag == (cs | 7) // iPAddress
        || tag == (cs | 8); // registeredID
  }
}
