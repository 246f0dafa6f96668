package dev.pkixj.verifier.fuzz;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import static dev.pkixj.verifier.fuzz.Oracle.allowed;
import static dev.pkixj.verifier.fuzz.Oracle.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.KeyUsage;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.internal.EngineAccess;
import dev.pkixj.verifier.explain.CertDisplay;
import dev.pkixj.pkix.names.HostnameMatcher;
import dev.pkixj.pkix.sig.SignatureVerifier;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzz targets for the strict DER reader and for certificate parsing (with everything that looks
 * at a parsed certificate without its issuer: the issuer-independent checks, the signature
 * algorithm, a self-signature check with the certificate's own key, and the error page's
 * rendering of names and dates).
 *
 * <p>Regression inputs: {@code src/test/resources/dev/pkixj/verifier/fuzz/ParserFuzzTestInputs/
 * <method>/}; a plain {@code mvn test} runs them, {@code fuzz/run <target> MINUTES} fuzzes.
 */
class ParserFuzzTest {
  private static final Set<Result> DER_ERRORS = EnumSet.of(Result.SEC_ERROR_BAD_DER,
      Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING, Result.SEC_ERROR_INVALID_TIME);

  /** What {@link Cert#parse} documents. */
  private static final Set<Result> PARSE_ERRORS = EnumSet.of(Result.SEC_ERROR_BAD_DER,
      Result.SEC_ERROR_BAD_SIGNATURE, Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
      Result.SEC_ERROR_EXTENSION_VALUE_INVALID, Result.SEC_ERROR_UNKNOWN_CRITICAL_EXTENSION);

  private static final long NOW = TestClock.NOW.getEpochSecond();
  private static final InMemoryTrustDomain TD =
      new InMemoryTrustDomain(TrustAnchors.empty(), List.of(), 2048);

  /** Walks any bytes as a DER tree, decoding every primitive the reader knows. */
  @FuzzTest
  void derReader(byte[] data) {
    try {
      walk(new DerReader(data, 0, data.length), 0);
    } catch (PkixException e) {
      allowed(e.result(), DER_ERRORS, "DerReader");
    }
  }

  private static void walk(DerReader r, int depth) throws PkixException {
    while (!r.atEnd()) {
      int before = r.pos();
      int tag = r.readTlv();
      require(r.tlvOff() == before && r.valueOff() > before && r.valueEnd() == r.pos()
          && r.pos() <= r.limit() && r.valueLen() <= 0xffff, "inconsistent TLV bounds");
      Input tlv = r.tlv();
      if ((tag & DerReader.CONSTRUCTED) != 0) {
        if (depth < 40) {
          walk(r.valueReader(), depth + 1);
        }
        continue;
      }
      DerReader one = tlv.reader();
      try {
        switch (tag) {
          case DerReader.BOOLEAN: one.readBoolean(); break;
          case DerReader.INTEGER:
          case DerReader.ENUMERATED:
            for (DerReader.IntegerRule rule : DerReader.IntegerRule.values()) {
              DerReader again = tlv.reader();
              try {
                int n = again.readIntegralBytes(tag, rule);
                require(n >= 1 && n <= again.valueLen(), "significant bytes " + n);
              } catch (PkixException e) {
                allowed(e.result(), DER_ERRORS, "INTEGER " + rule);
              }
            }
            break;
          case DerReader.BIT_STRING: one.readBitStringNoUnusedBits(); break;
          case DerReader.NULL: one.readNull(); break;
          case DerReader.UTC_TIME:
          case DerReader.GENERALIZED_TIME:
            require(one.readTime() >= 0, "time before 1970 accepted");
            break;
          case DerReader.OID:
            DerReader alg = new DerReader(unsafeGetData(tlv), tlv.off(), tlv.len());
            try {
              SignatureAlgorithm.parse(alg);
            } catch (PkixException e) {
              allowed(e.result(), EnumSet.of(Result.SEC_ERROR_BAD_DER,
                  Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED), "AlgorithmIdentifier");
            }
            break;
          default:
            break;
        }
      } catch (PkixException e) {
        allowed(e.result(), DER_ERRORS, "primitive 0x" + Integer.toHexString(tag));
      }
    }
  }

  /**
   * Parses any bytes as a certificate; a certificate that parses then goes through everything
   * that looks at it before path building.
   */
  @FuzzTest
  void certificate(byte[] data) {
    Cert cert;
    try {
      cert = Cert.parse(data);
    } catch (PkixException e) {
      allowed(e.result(), PARSE_ERRORS, "Cert.parse");
      return;
    }
    require(cert.der() == data && cert.signedData().end() <= data.length, "slices");
    for (EndEntityOrCA role : EndEntityOrCA.values()) {
      try {
        EngineAccess.get().checkIssuerIndependentProperties(TD, cert, role, NOW,
            role == EndEntityOrCA.MUST_BE_CA ? KeyUsage.KEY_CERT_SIGN : KeyUsage.DIGITAL_SIGNATURE,
            KeyPurposeId.ID_KP_SERVER_AUTH, CertPolicy.ANY_POLICY, 0);
      } catch (PkixException e) {
        Oracle.defined(e.result(), "checkIssuerIndependentProperties " + role);
        require(!e.result().isFatal() && e.result() != Result.SUCCESS, "fatal " + e.result());
      }
    }
    // The self-signature check Firefox makes for MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT.
    try {
      SignatureAlgorithm alg = cert.signatureAlgorithm();
      Input tbs = cert.signedData();
      Result r = SignatureVerifier.shared().verify(alg, unsafeGetData(tbs), tbs.off(), tbs.len(),
          cert.signature(), cert.subjectPublicKeyInfo());
      Oracle.defined(r, "self-signature");
    } catch (PkixException e) {
      Oracle.defined(e.result(), "signatureAlgorithm");
    }
    InMemoryTrustDomain.verifiesWithOwnKey(cert);
    // What the CLI and the error page print about a hostile certificate.
    require(CertDisplay.subject(cert) != null && CertDisplay.issuer(cert) != null, "names");
    CertDisplay.subjectCommonName(cert);
    CertDisplay.issuerCommonName(cert);
    CertDisplay.issuerOrganization(cert);
    CertDisplay.notBefore(cert);
    CertDisplay.notAfter(cert);
    require(HostnameMatcher.dnsNamesForErrorPage(cert) != null, "error page names");
    for (String san : CertDisplay.subjectAltNames(cert)) {
      require(san.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7f), "printable SAN " + san);
    }
    require(cert.fingerprintHex().length() == 95, "fingerprint");
  }
}
