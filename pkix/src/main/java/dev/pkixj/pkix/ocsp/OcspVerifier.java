package dev.pkixj.pkix.ocsp;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.NameDisplay;
import dev.pkixj.pkix.sig.SignatureVerifier;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * OCSP response verification and request encoding with the exact semantics of mozilla::pkix
 * ({@code pkixocsp.cpp}: {@code VerifyEncodedOCSPResponse}, {@code CreateEncodedOCSPRequest}), the
 * code Firefox uses for stapled and fetched responses.
 *
 * <h2>Order of the checks (it is the error priority)</h2>
 * <ol>
 *   <li>OCSPResponse SEQUENCE; responseStatus ENUMERATED (0..127, minimal, else
 *       INVALID_INTEGER_ENCODING): 1 MALFORMED_REQUEST, 2 SERVER_ERROR, 3 TRY_SERVER_LATER, 5
 *       REQUEST_NEEDS_SIG, 6 UNAUTHORIZED_REQUEST, any other non-zero UNKNOWN_RESPONSE_STATUS
 *       (nothing after the status is looked at);</li>
 *   <li>responseBytes [0]: responseType must be id-pkix-ocsp-basic; response an OCTET STRING
 *       holding a BasicOCSPResponse;</li>
 *   <li>tbsResponseData, signatureAlgorithm (unparsed yet) and the signature BIT STRING (a bad
 *       one is OCSP_BAD_SIGNATURE); then the embedded certificates, at most 8;</li>
 *   <li>version (only v1, explicit or not); the ResponderID;</li>
 *   <li><b>the signature</b>, before anything else in tbsResponseData is parsed: a ResponderID
 *       naming the issuer (byName: DER equality with the CertID's issuer Name; byKey: SHA-1 of the
 *       issuer key's BIT STRING contents) means the issuer's key; otherwise the embedded
 *       certificates are tried in order: each is parsed (a parse error stops everything with that
 *       error), compared with the ResponderID, and checked as a delegated responder ({@link
 *       ResponderCertCheck}); a failing candidate is skipped, and without a usable one the result
 *       is OCSP_INVALID_SIGNING_CERT;</li>
 *   <li>producedAt; each SingleResponse in order (entries for other certificates are skipped after
 *       their CertID); the response extensions (any critical one is UNKNOWN_CRITICAL_EXTENSION);
 *   </li>
 *   <li>no matching SingleResponse: OCSP_RESPONSE_FOR_CERT_MISSING; good: Success, or
 *       OCSP_OLD_RESPONSE when expired; revoked: REVOKED_CERTIFICATE; unknown:
 *       OCSP_UNKNOWN_CERT.</li>
 * </ol>
 * Every {@code BAD_DER} becomes OCSP_MALFORMED_RESPONSE at the outermost level only; other parse
 * errors keep their code (INVALID_INTEGER_ENCODING, INVALID_TIME, a responder certificate's own
 * parse error, the signature's CERT_SIGNATURE_ALGORITHM_DISABLED or INVALID_KEY…). Each structure
 * is checked for trailing bytes only after its contents were processed successfully, as
 * mozilla::pkix's {@code der::Nested} does, so an earlier verdict (a bad signature, a future
 * response…) wins over trailing garbage.
 *
 * <p>Thread-safe and allocation-light: the response is read in place (zero-copy slices); only the
 * embedded certificates are copied, to be parsed once through {@link Cert#of}. Signatures go
 * through {@link SignatureVerifier#shared()}.
 */
public final class OcspVerifier {
  private OcspVerifier() {}

  /** mozilla::pkix OCSP_REQUEST_MAX_LENGTH: what fits in single-byte DER lengths. */
  public static final int OCSP_REQUEST_MAX_LENGTH = 127;

  /** Firefox's maximum lifetime of a response without a sooner nextUpdate. */
  public static final int FIREFOX_MAX_LIFETIME_DAYS = 10;

  private static final long ONE_DAY = 24L * 60 * 60;

  /** The most embedded certificates looked at (mozilla::pkix NonOwningDERArray capacity). */
  static final int MAX_EMBEDDED_CERTS = 8;

  private static final int CS = DerReader.CONTEXT_SPECIFIC;
  private static final int CSC = DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED;

  // CertStatus CHOICE tags.
  private static final int STATUS_GOOD = CS;
  private static final int STATUS_REVOKED = CSC | 1;
  private static final int STATUS_UNKNOWN = CS | 2;

  // ResponderID CHOICE tags.
  private static final int BY_NAME = CSC | 1;
  private static final int BY_KEY = CSC | 2;

  private static final byte[] ID_PKIX_OCSP_BASIC = {0x2b, 6, 1, 5, 5, 7, 0x30, 1, 1};
  private static final byte[] ID_SCT_LIST_SINGLE_EXTENSION =
      {0x2b, 6, 1, 4, 1, (byte) 0xd6, 0x79, 2, 4, 5};

  private static final byte[] ID_SHA1 = {0x2b, 0x0e, 0x03, 0x02, 0x1a};
  private static final byte[] ID_SHA256 = {0x60, (byte) 0x86, 0x48, 1, 0x65, 3, 4, 2, 1};
  private static final byte[] ID_SHA384 = {0x60, (byte) 0x86, 0x48, 1, 0x65, 3, 4, 2, 2};
  private static final byte[] ID_SHA512 = {0x60, (byte) 0x86, 0x48, 1, 0x65, 3, 4, 2, 3};


  /**
   * mozilla::pkix {@code VerifyEncodedOCSPResponse}: verifies {@code encodedResponse} about the
   * certificate {@code certId} identifies, at {@code time}.
   *
   * @param trustDomain answers the trust and algorithm-policy questions about an embedded
   *     delegated responder certificate, as in mozilla::pkix ({@code GetCertTrust}, the digest,
   *     RSA-size and curve hooks, {@code CheckValidityIsAcceptable}); the issuer and the response
   *     signature itself are not submitted to it
   * @param certId the issuer's Name and SubjectPublicKeyInfo (TLVs) and the serial number's
   *     INTEGER contents
   * @param time the validation time, seconds since the Unix epoch
   * @param maxLifetimeDays the longest a response stays valid after its thisUpdate when its
   *     nextUpdate is later or absent-but-recent ({@link #FIREFOX_MAX_LIFETIME_DAYS} in Firefox);
   *     0..65535
   * @param encodedResponse the DER OCSPResponse; any bytes (null is treated as empty)
   * @return the verdict; never null. Never throws for any response bytes
   * @throws NullPointerException if {@code trustDomain} or {@code certId} or one of its parts is
   *     null
   * @throws IllegalArgumentException if {@code maxLifetimeDays} is outside 0..65535
   */
  public static OcspVerification verify(TrustDomain trustDomain, CertId certId, long time,
      int maxLifetimeDays, byte[] encodedResponse) {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(certId, "certId");
    Objects.requireNonNull(certId.issuer(), "certId.issuer");
    Objects.requireNonNull(certId.issuerSubjectPublicKeyInfo(), "certId.issuerSubjectPublicKeyInfo");
    Objects.requireNonNull(certId.serialNumber(), "certId.serialNumber");
    if (maxLifetimeDays < 0 || maxLifetimeDays > 0xffff) {
      throw new IllegalArgumentException("maxLifetimeDays " + maxLifetimeDays);
    }
    byte[] in = encodedResponse != null ? encodedResponse : new byte[0];
    Context c = new Context(trustDomain, certId, time, maxLifetimeDays);
    Result result;
    try {
      result = verifyEncoded(c, in);
    } catch (RuntimeException | StackOverflowError e) {
      // A defect, never a verdict about the input: fail closed.
      return new OcspVerification(Result.SEC_ERROR_LIBRARY_FAILURE, false, null, null, null, null,
          null);
    }
    boolean statusReached = result == Result.SUCCESS
        || result == Result.SEC_ERROR_REVOKED_CERTIFICATE
        || result == Result.SEC_ERROR_OCSP_UNKNOWN_CERT
        || result == Result.SEC_ERROR_OCSP_OLD_RESPONSE;
    if (!statusReached) {
      return new OcspVerification(result, false, null, null, null, null, c.responder);
    }
    return new OcspVerification(result, c.expiredOut, Instant.ofEpochSecond(c.thisUpdate),
        Instant.ofEpochSecond(c.validThrough), c.publicStatus(),
        c.hasNextUpdate ? Instant.ofEpochSecond(c.nextUpdate) : null, c.responder,
        result == Result.SUCCESS ? c.sctList : null);
  }

  /** The state of one verification (mozilla::pkix {@code Context}). */
  private static final class Context {
    final TrustDomain trustDomain;
    final CertId certId;
    final long time;
    final int maxLifetimeDays;

    /** The status so far; starts as unknown, as in mozilla::pkix. */
    int certStatus = STATUS_UNKNOWN;
    boolean expired;
    boolean matchFound;
    /** The SCT-list single extension's value, if one was seen in a matching entry. */
    Input signedCertificateTimestamps;
    /** Its OCTET STRING's contents (the TLS-encoded list), once unwrapped for a good status. */
    Input sctList;

    // Out-parameters: those of the last matching SingleResponse.
    long thisUpdate;
    long validThrough;
    long nextUpdate;
    boolean hasNextUpdate;
    boolean expiredOut;
    String responder;

    /** Memo of the issuer key's BIT STRING contents (KeyHash input). */
    private Input issuerKeyBits;
    /** Memo of the issuer name and key hashes, by DigestAlgorithm ordinal. */
    private final byte[][] nameHashes = new byte[DigestAlgorithm.values().length][];
    private final byte[][] keyHashes = new byte[DigestAlgorithm.values().length][];

    Context(TrustDomain trustDomain, CertId certId, long time, int maxLifetimeDays) {
      this.trustDomain = trustDomain;
      this.certId = certId;
      this.time = time;
      this.maxLifetimeDays = maxLifetimeDays;
    }

    CertStatus publicStatus() {
      switch (certStatus) {
        case STATUS_GOOD: return CertStatus.GOOD;
        case STATUS_REVOKED: return CertStatus.REVOKED;
        default: return CertStatus.UNKNOWN;
      }
    }

    byte[] issuerNameHash(DigestAlgorithm alg) {
      byte[] h = nameHashes[alg.ordinal()];
      if (h == null) {
        h = digest(alg, certId.issuer());
        nameHashes[alg.ordinal()] = h;
      }
      return h;
    }

    byte[] issuerKeyHash(DigestAlgorithm alg) throws PkixException {
      byte[] h = keyHashes[alg.ordinal()];
      if (h == null) {
        if (issuerKeyBits == null) {
          issuerKeyBits = subjectPublicKeyBits(certId.issuerSubjectPublicKeyInfo());
        }
        h = digest(alg, issuerKeyBits);
        keyHashes[alg.ordinal()] = h;
      }
      return h;
    }
  }

  private static PkixException bad() {
    return new PkixException(Result.SEC_ERROR_BAD_DER);
  }

  private static PkixException error(Result r) {
    return new PkixException(r);
  }

  private static Result mapBadDerToMalformed(Result r) {
    return r == Result.SEC_ERROR_BAD_DER ? Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE : r;
  }

  private static Result verifyEncoded(Context c, byte[] in) {
    try {
      DerReader input = new DerReader(in, 0, in.length);
      DerReader response = input.expectNested(DerReader.SEQUENCE);
      ocspResponse(response, c);
      response.end();
      input.end();
    } catch (PkixException e) {
      return mapBadDerToMalformed(e.result());
    }
    if (!c.matchFound) {
      return Result.MOZILLA_PKIX_ERROR_OCSP_RESPONSE_FOR_CERT_MISSING;
    }
    c.expiredOut = c.expired;
    switch (c.certStatus) {
      case STATUS_GOOD:
        if (c.expired) {
          return Result.SEC_ERROR_OCSP_OLD_RESPONSE;
        }
        if (c.signedCertificateTimestamps != null) {
          // ExtractSignedCertificateTimestampListFromExtension: an OCTET STRING and nothing else.
          try {
            DerReader r = c.signedCertificateTimestamps.reader();
            c.sctList = r.expectValue(DerReader.OCTET_STRING);
            r.end();
          } catch (PkixException e) {
            return mapBadDerToMalformed(e.result());
          }
        }
        return Result.SUCCESS;
      case STATUS_REVOKED:
        return Result.SEC_ERROR_REVOKED_CERTIFICATE;
      default:
        return Result.SEC_ERROR_OCSP_UNKNOWN_CERT;
    }
  }

  // OCSPResponse ::= SEQUENCE {
  //   responseStatus OCSPResponseStatus,
  //   responseBytes  [0] EXPLICIT ResponseBytes OPTIONAL }
  private static void ocspResponse(DerReader input, Context c) throws PkixException {
    int status = input.readSmallInteger(DerReader.ENUMERATED);
    switch (status) {
      case 0:
        break;
      case 1: throw error(Result.SEC_ERROR_OCSP_MALFORMED_REQUEST);
      case 2: throw error(Result.SEC_ERROR_OCSP_SERVER_ERROR);
      case 3: throw error(Result.SEC_ERROR_OCSP_TRY_SERVER_LATER);
      case 5: throw error(Result.SEC_ERROR_OCSP_REQUEST_NEEDS_SIG);
      case 6: throw error(Result.SEC_ERROR_OCSP_UNAUTHORIZED_REQUEST);
      default: throw error(Result.SEC_ERROR_OCSP_UNKNOWN_RESPONSE_STATUS);
    }
    DerReader explicit = input.expectNested(CSC);
    DerReader responseBytes = explicit.expectNested(DerReader.SEQUENCE);
    responseBytes(responseBytes, c);
    responseBytes.end();
    explicit.end();
  }

  // ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
  private static void responseBytes(DerReader input, Context c) throws PkixException {
    input.expect(DerReader.OID);
    if (!input.valueEquals(ID_PKIX_OCSP_BASIC)) {
      throw bad();
    }
    DerReader octets = input.expectNested(DerReader.OCTET_STRING);
    DerReader basic = octets.expectNested(DerReader.SEQUENCE);
    basicResponse(basic, c);
    basic.end();
    octets.end();
  }

  /** The signed part of a BasicOCSPResponse (mozilla::pkix {@code SignedDataWithSignature}). */
  private record SignedData(Input data, Input algorithm, Input signature) {}

  // BasicOCSPResponse ::= SEQUENCE {
  //   tbsResponseData    ResponseData,
  //   signatureAlgorithm AlgorithmIdentifier,
  //   signature          BIT STRING,
  //   certs          [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
  private static void basicResponse(DerReader input, Context c) throws PkixException {
    // der::SignedData
    DerReader tbsResponseData = input.expectNested(DerReader.SEQUENCE);
    Input data = input.tlv();
    Input algorithm = input.expectValue(DerReader.SEQUENCE);
    Input signature;
    try {
      signature = input.readBitStringNoUnusedBits();
    } catch (PkixException e) {
      // BAD_DER → BAD_SIGNATURE (der::SignedData) → OCSP_BAD_SIGNATURE (BasicResponse).
      throw e.result() == Result.SEC_ERROR_BAD_DER
          ? error(Result.SEC_ERROR_OCSP_BAD_SIGNATURE) : e;
    }
    SignedData signed = new SignedData(data, algorithm, signature);

    Input[] certs = new Input[MAX_EMBEDDED_CERTS];
    int numCerts = 0;
    if (!input.atEnd()) {
      DerReader explicit = input.expectNested(CSC);
      DerReader list = explicit.expectNested(DerReader.SEQUENCE);
      while (!list.atEnd()) {
        Input cert = list.expectTlv(DerReader.SEQUENCE);
        if (numCerts == MAX_EMBEDDED_CERTS) {
          throw bad(); // too many certificates
        }
        certs[numCerts++] = cert;
      }
      list.end();
      explicit.end();
    }

    responseData(tbsResponseData, c, signed, certs, numCerts);
  }

  // ResponseData ::= SEQUENCE {
  //   version            [0] EXPLICIT Version DEFAULT v1,
  //   responderID            ResponderID,
  //   producedAt             GeneralizedTime,
  //   responses              SEQUENCE OF SingleResponse,
  //   responseExtensions [1] EXPLICIT Extensions OPTIONAL }
  private static void responseData(DerReader input, Context c, SignedData signed, Input[] certs,
      int numCerts) throws PkixException {
    // der::OptionalVersion, then "only v1".
    if (input.peek(CSC)) {
      DerReader version = input.expectNested(CSC);
      int v = version.readSmallInteger(DerReader.INTEGER);
      if (v > 3) {
        throw bad();
      }
      version.end();
      if (v != 0) {
        throw bad();
      }
    }

    // ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
    int responderIdType = input.peek(BY_NAME) ? BY_NAME : BY_KEY;
    Input responderId = input.expectValue(responderIdType);

    // The signature, as soon as possible: before the rest is parsed.
    verifySignature(c, responderIdType, responderId, certs, numCerts, signed);

    input.readTime(DerReader.GENERALIZED_TIME); // producedAt: parsed, not used

    // responses: SEQUENCE OF SingleResponse, not empty.
    DerReader responses = input.expectNested(DerReader.SEQUENCE);
    if (responses.atEnd()) {
      throw bad();
    }
    do {
      DerReader single = responses.expectNested(DerReader.SEQUENCE);
      singleResponse(single, c);
      single.end();
    } while (!responses.atEnd());

    optionalExtensions(input, c, false);
    input.end(); // nothing may follow the response extensions
  }

  // SingleResponse ::= SEQUENCE {
  //   certID               CertID,
  //   certStatus           CertStatus,
  //   thisUpdate           GeneralizedTime,
  //   nextUpdate       [0] EXPLICIT GeneralizedTime OPTIONAL,
  //   singleExtensions [1] EXPLICIT Extensions OPTIONAL }
  private static void singleResponse(DerReader input, Context c) throws PkixException {
    DerReader certIdReader = input.expectNested(DerReader.SEQUENCE);
    boolean match = matchCertId(certIdReader, c);
    certIdReader.end();
    if (!match) {
      input.skipToEnd(); // about another certificate: not even its status is parsed
      return;
    }
    c.matchFound = true;

    // CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo,
    //                         unknown [2] IMPLICIT UnknownInfo }
    // Precedence: revoked > good > unknown.
    if (input.peek(STATUS_GOOD)) {
      if (input.expect(STATUS_GOOD) != 0) {
        throw bad();
      }
      if (c.certStatus != STATUS_REVOKED) {
        c.certStatus = STATUS_GOOD;
      }
    } else if (input.peek(STATUS_REVOKED)) {
      input.expect(STATUS_REVOKED); // RevokedInfo is not parsed
      c.certStatus = STATUS_REVOKED;
    } else {
      if (input.expect(STATUS_UNKNOWN) != 0) {
        throw bad();
      }
    }

    long thisUpdate = input.readTime(DerReader.GENERALIZED_TIME);
    if (thisUpdate > plus(c.time, ONE_DAY)) {
      throw error(Result.SEC_ERROR_OCSP_FUTURE_RESPONSE);
    }

    long notAfter;
    long nextUpdate = 0;
    boolean hasNextUpdate = false;
    if (input.peek(CSC)) {
      DerReader explicit = input.expectNested(CSC);
      nextUpdate = explicit.readTime(DerReader.GENERALIZED_TIME);
      explicit.end();
      hasNextUpdate = true;
      if (nextUpdate < thisUpdate) {
        throw error(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE);
      }
      notAfter = thisUpdate + c.maxLifetimeDays * ONE_DAY;
      if (nextUpdate <= notAfter) {
        notAfter = nextUpdate;
      }
    } else {
      // Without nextUpdate, a response must be recent (as NSS required).
      notAfter = thisUpdate + ONE_DAY;
    }
    long notAfterPlusSlop = notAfter + ONE_DAY;
    if (c.time > notAfterPlusSlop) {
      c.expired = true; // sticky over all matching entries
    }

    optionalExtensions(input, c, true);

    c.thisUpdate = thisUpdate;
    c.validThrough = notAfterPlusSlop;
    c.nextUpdate = nextUpdate;
    c.hasNextUpdate = hasNextUpdate;
  }

  private static long plus(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r; // saturate (b is positive)
  }

  // CertID ::= SEQUENCE {
  //   hashAlgorithm  AlgorithmIdentifier,
  //   issuerNameHash OCTET STRING,
  //   issuerKeyHash  OCTET STRING,
  //   serialNumber   CertificateSerialNumber }
  private static boolean matchCertId(DerReader input, Context c) throws PkixException {
    DigestAlgorithm hashAlgorithm = digestAlgorithmIdentifier(input);
    if (hashAlgorithm == null) {
      input.skipToEnd(); // a hash we do not support: not about our certificate
      return false;
    }
    Input issuerNameHash = input.expectValue(DerReader.OCTET_STRING);
    Input issuerKeyHash = input.expectValue(DerReader.OCTET_STRING);
    input.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.ANY);
    Input serialNumber = input.value();

    if (!serialNumber.contentEquals(c.certId.serialNumber())) {
      input.skipToEnd();
      return false;
    }
    if (issuerNameHash.len() != hashAlgorithm.length()) {
      throw error(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE);
    }
    if (!issuerNameHash.contentEquals(c.issuerNameHash(hashAlgorithm))) {
      input.skipToEnd();
      return false;
    }
    // MatchKeyHash: the length first, then the hash (nothing skipped on a mismatch).
    if (issuerKeyHash.len() != hashAlgorithm.length()) {
      throw error(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE);
    }
    return issuerKeyHash.contentEquals(c.issuerKeyHash(hashAlgorithm));
  }

  /**
   * der::DigestAlgorithmIdentifier: the parameters must be NULL or absent (else BAD_DER, whatever
   * the algorithm); returns null for a digest other than SHA-1/256/384/512 (ERROR_INVALID_ALGORITHM
   * in mozilla::pkix, which the caller turns into a skip).
   */
  private static DigestAlgorithm digestAlgorithmIdentifier(DerReader input) throws PkixException {
    DerReader algorithmIdentifier = input.expectNested(DerReader.SEQUENCE);
    algorithmIdentifier.expect(DerReader.OID);
    int oidOff = algorithmIdentifier.valueOff();
    int oidLen = algorithmIdentifier.valueLen();
    if (algorithmIdentifier.peek(DerReader.NULL)) {
      algorithmIdentifier.readNull();
    }
    if (!algorithmIdentifier.atEnd()) {
      throw bad();
    }
    byte[] buf = unsafeGetData(algorithmIdentifier);
    if (equalsAt(buf, oidOff, oidLen, ID_SHA1)) {
      return DigestAlgorithm.SHA1;
    } else if (equalsAt(buf, oidOff, oidLen, ID_SHA256)) {
      return DigestAlgorithm.SHA256;
    } else if (equalsAt(buf, oidOff, oidLen, ID_SHA384)) {
      return DigestAlgorithm.SHA384;
    } else if (equalsAt(buf, oidOff, oidLen, ID_SHA512)) {
      return DigestAlgorithm.SHA512;
    }
    return null;
  }

  private static boolean equalsAt(byte[] buf, int off, int len, byte[] expected) {
    return len == expected.length && Arrays.equals(buf, off, off + len, expected, 0, len);
  }

  /**
   * der::OptionalExtensions with {@code [1] EXPLICIT Extensions}; an empty list is accepted.
   * Single extensions: only the SCT list is understood. Response extensions: none is.
   */
  private static void optionalExtensions(DerReader input, Context c, boolean single)
      throws PkixException {
    if (!input.peek(CSC | 1)) {
      return;
    }
    DerReader tagged = input.expectNested(CSC | 1);
    DerReader list = tagged.expectNested(DerReader.SEQUENCE);
    while (!list.atEnd()) {
      DerReader extension = list.expectNested(DerReader.SEQUENCE);
      extension.expect(DerReader.OID);
      int oidOff = extension.valueOff();
      int oidLen = extension.valueLen();
      boolean critical = extension.readOptionalBoolean();
      Input value = extension.expectValue(DerReader.OCTET_STRING);
      boolean understood = false;
      if (single && equalsAt(unsafeGetData(extension), oidOff, oidLen, ID_SCT_LIST_SINGLE_EXTENSION)) {
        // Empty values are refused; so is a second one in any matching entry.
        if (value.isEmpty() || c.signedCertificateTimestamps != null) {
          throw error(Result.SEC_ERROR_EXTENSION_VALUE_INVALID);
        }
        c.signedCertificateTimestamps = value;
        understood = true;
      }
      if (critical && !understood) {
        throw error(Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION);
      }
      extension.end();
    }
    tagged.end();
  }

  // ---- Responder and signature ----

  /**
   * RFC 6960 §4.2.2.2: the responder is the issuer or a delegated responder certificate, embedded
   * in the response and issued directly by the issuer (mozilla::pkix {@code VerifySignature}).
   */
  private static void verifySignature(Context c, int responderIdType, Input responderId,
      Input[] certs, int numCerts, SignedData signed) throws PkixException {
    CertId certId = c.certId;
    if (matchResponderId(responderIdType, responderId, certId.issuer(),
        certId.issuerSubjectPublicKeyInfo())) {
      verifyOcspSignedData(signed, certId.issuerSubjectPublicKeyInfo());
      c.responder = NameDisplay.name(certId.issuer());
      return;
    }
    for (int i = 0; i < numCerts; i++) {
      // BackCert::Init: a certificate that does not parse stops everything with its error.
      Cert cert = Cert.of(certs[i].toByteArray());
      boolean match;
      try {
        match = matchResponderId(responderIdType, responderId, cert.subject(),
            cert.subjectPublicKeyInfo());
      } catch (PkixException e) {
        if (e.result().isFatal()) {
          throw e;
        }
        continue;
      }
      if (!match) {
        continue;
      }
      Result r = ResponderCertCheck.check(c.trustDomain, cert, certId, c.time);
      if (r != Result.SUCCESS) {
        if (r.isFatal()) {
          throw error(r);
        }
        continue;
      }
      verifyOcspSignedData(signed, cert.subjectPublicKeyInfo());
      c.responder = NameDisplay.name(cert.subject());
      return;
    }
    throw error(Result.SEC_ERROR_OCSP_INVALID_SIGNING_CERT);
  }

  private static boolean matchResponderId(int responderIdType, Input responderId,
      Input potentialSignerSubject, Input potentialSignerSpki) throws PkixException {
    if (responderIdType == BY_NAME) {
      return responderId.contentEquals(potentialSignerSubject);
    }
    // KeyHash ::= OCTET STRING (SHA-1 of the key's BIT STRING contents); anything after it is
    // ignored, as in mozilla::pkix.
    DerReader r = responderId.reader();
    Input keyHash = r.expectValue(DerReader.OCTET_STRING);
    if (keyHash.len() != DigestAlgorithm.SHA1.length()) {
      throw error(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE);
    }
    return keyHash.contentEquals(digest(DigestAlgorithm.SHA1,
        subjectPublicKeyBits(potentialSignerSpki)));
  }

  /** The subjectPublicKey BIT STRING's contents (KeyHash's input); BAD_DER if malformed. */
  private static Input subjectPublicKeyBits(Input spki) throws PkixException {
    DerReader outer = spki.reader();
    DerReader contents = outer.expectNested(DerReader.SEQUENCE);
    outer.end();
    contents.expect(DerReader.SEQUENCE); // algorithm, skipped
    Input bits = contents.readBitStringNoUnusedBits();
    contents.end();
    return bits;
  }

  /** VerifySignedData for the response: BAD_SIGNATURE becomes OCSP_BAD_SIGNATURE. */
  private static void verifyOcspSignedData(SignedData signed, Input spki) throws PkixException {
    SignatureAlgorithm alg = SignatureAlgorithm.parse(signed.algorithm().reader());
    Result r = SignatureVerifier.shared().verifySignedData(alg, signed.data(), signed.signature(), spki);
    if (r == Result.SEC_ERROR_BAD_SIGNATURE) {
      r = Result.SEC_ERROR_OCSP_BAD_SIGNATURE;
    }
    if (r != Result.SUCCESS) {
      throw error(r);
    }
  }

  // ---- Digests ----

  private static final ThreadLocal<MessageDigest[]> DIGESTS = ThreadLocal.withInitial(() -> {
    DigestAlgorithm[] algs = DigestAlgorithm.values();
    MessageDigest[] mds = new MessageDigest[algs.length];
    for (DigestAlgorithm a : algs) {
      try {
        mds[a.ordinal()] = MessageDigest.getInstance(a.jcaName());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(a.jcaName() + " missing from the JDK", e);
      }
    }
    return mds;
  });

  static byte[] digest(DigestAlgorithm alg, Input in) {
    MessageDigest md = DIGESTS.get()[alg.ordinal()];
    md.reset();
    md.update(unsafeGetData(in), in.off(), in.len());
    return md.digest();
  }

  // ---- Request ----

  /** The CertID hashAlgorithm: SEQUENCE { id-sha1, NULL }. */
  private static final byte[] SHA1_ALGORITHM_IDENTIFIER =
      {0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00};

  /**
   * mozilla::pkix {@code CreateEncodedOCSPRequest}: the DER OCSPRequest Firefox sends for {@code
   * certId}: one Request whose CertID uses SHA-1, no requestor name, no signature, no extensions
   * (no nonce). It is at most {@link #OCSP_REQUEST_MAX_LENGTH} bytes, so that every length is a
   * single byte; 67 bytes plus the serial number's length.
   *
   * @throws IllegalArgumentException if the serial number is empty or longer than 60 bytes, or
   *     the issuer SubjectPublicKeyInfo is malformed (mozilla::pkix: BAD_DER)
   */
  public static byte[] createRequest(CertId certId) {
    Objects.requireNonNull(certId, "certId");
    final int hashLen = DigestAlgorithm.SHA1.length();
    final int totalLenWithoutSerialNumberData = 2 // OCSPRequest
        + 2 //   tbsRequest
        + 2 //     requestList
        + 2 //       Request
        + 2 //         reqCert (CertID)
        + SHA1_ALGORITHM_IDENTIFIER.length
        + 2 + hashLen // issuerNameHash
        + 2 + hashLen // issuerKeyHash
        + 2; //        serialNumber header
    Input serial = certId.serialNumber();
    if (serial.len() > OCSP_REQUEST_MAX_LENGTH - totalLenWithoutSerialNumberData
        || serial.isEmpty()) {
      throw new IllegalArgumentException(Result.SEC_ERROR_BAD_DER.firefoxName()
          + ": serial number of " + serial.len() + " bytes");
    }
    Input keyBits;
    try {
      keyBits = subjectPublicKeyBits(certId.issuerSubjectPublicKeyInfo());
    } catch (PkixException e) {
      throw new IllegalArgumentException(e.result().firefoxName()
          + ": malformed issuer SubjectPublicKeyInfo");
    }
    int totalLen = totalLenWithoutSerialNumberData + serial.len();
    byte[] out = new byte[totalLen];
    int d = 0;
    out[d++] = 0x30; out[d++] = (byte) (totalLen - 2);  // OCSPRequest
    out[d++] = 0x30; out[d++] = (byte) (totalLen - 4);  //   tbsRequest
    out[d++] = 0x30; out[d++] = (byte) (totalLen - 6);  //     requestList
    out[d++] = 0x30; out[d++] = (byte) (totalLen - 8);  //       Request
    out[d++] = 0x30; out[d++] = (byte) (totalLen - 10); //         reqCert
    System.arraycopy(SHA1_ALGORITHM_IDENTIFIER, 0, out, d, SHA1_ALGORITHM_IDENTIFIER.length);
    d += SHA1_ALGORITHM_IDENTIFIER.length;
    out[d++] = 0x04; out[d++] = (byte) hashLen;
    byte[] nameHash = digest(DigestAlgorithm.SHA1, certId.issuer());
    System.arraycopy(nameHash, 0, out, d, hashLen);
    d += hashLen;
    out[d++] = 0x04; out[d++] = (byte) hashLen;
    byte[] keyHash = digest(DigestAlgorithm.SHA1, keyBits);
    System.arraycopy(keyHash, 0, out, d, hashLen);
    d += hashLen;
    out[d++] = 0x02; out[d++] = (byte) serial.len();
    System.arraycopy(unsafeGetData(serial), serial.off(), out, d, serial.len());
    d += serial.len();
    if (d != totalLen) {
      throw new IllegalStateException("request length " + d + " != " + totalLen);
    }
    return out;
  }
}
