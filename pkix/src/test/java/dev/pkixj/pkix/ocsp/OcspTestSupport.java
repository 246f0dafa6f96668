package dev.pkixj.pkix.ocsp;

import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;

/** Hand-built OCSP pieces for the tests (complementing testdata's {@link OcspResponseBuilder}). */
public final class OcspTestSupport {
  private OcspTestSupport() {}

  static final long NOW = TestClock.NOW.getEpochSecond();
  static final long DAY = 86_400;

  /** Firefox's trust domain for a responder: root anchor, SHA-1 refused, RSA ≥ 2048. */
  static InMemoryTrustDomain trustDomain(TestCert root) {
    return new InMemoryTrustDomain(TrustAnchors.of(List.of(root.der()), true), List.of(), 2048);
  }

  /** The CertID mozilla::pkix builds for {@code leaf} issued by {@code issuer}. */
  public static CertId certId(TestCert issuer, TestCert leaf) {
    try {
      Cert i = Cert.parse(issuer.der());
      Cert l = Cert.parse(leaf.der());
      return new CertId(i.subject(), i.subjectPublicKeyInfo(), l.serialNumber());
    } catch (PkixException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] digest(String alg, byte[] data) {
    try {
      return MessageDigest.getInstance(alg).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The subjectPublicKey BIT STRING contents of a certificate's key. */
  static byte[] keyBits(TestCert cert) {
    try {
      DerReader r = Input.of(cert.spkiDer()).reader();
      DerReader spki = r.expectNested(DerReader.SEQUENCE);
      spki.expect(DerReader.SEQUENCE);
      return spki.readBitStringNoUnusedBits().toByteArray();
    } catch (PkixException e) {
      throw new AssertionError(e);
    }
  }

  static String hashOid(String alg) {
    switch (alg) {
      case "SHA-1": return Oids.SHA1;
      case "SHA-256": return Oids.SHA256;
      case "SHA-384": return Oids.SHA384;
      case "SHA-512": return Oids.SHA512;
      case "MD5": return "1.2.840.113549.2.5";
      case "SHA-224": return "2.16.840.1.101.3.4.2.4";
      default: throw new IllegalArgumentException(alg);
    }
  }

  /** CertID { hashAlgorithm (with NULL), issuerNameHash, issuerKeyHash, serialNumber }. */
  static byte[] certIdDer(String alg, TestCert issuer, BigInteger serial) {
    return Der.seq(Der.seq(Der.oid(hashOid(alg)), Der.nul()),
        Der.octetString(digest(alg, issuer.subjectDer())),
        Der.octetString(digest(alg, keyBits(issuer))),
        Der.integer(serial));
  }

  static byte[] good() {
    return Der.implicit(0, false, new byte[0]);
  }

  static byte[] revoked(Instant when) {
    return Der.implicit(1, true, Der.generalizedTime(when));
  }

  static byte[] unknown() {
    return Der.implicit(2, false, new byte[0]);
  }

  /** A SingleResponse; {@code nextUpdate} and {@code extensions} (the Extensions SEQUENCE) may be null. */
  static byte[] single(byte[] certId, byte[] status, Instant thisUpdate, Instant nextUpdate,
      byte[] extensions) {
    return Der.seq(certId, status, Der.generalizedTime(thisUpdate),
        nextUpdate == null ? null : Der.explicit(0, Der.generalizedTime(nextUpdate)),
        extensions == null ? null : Der.explicit(1, extensions));
  }

  static byte[] extension(String oid, boolean critical, byte[] value) {
    return Der.seq(Der.oid(oid), critical ? Der.bool(true) : null, Der.octetString(value));
  }

  static byte[] byKey(TestCert responder) {
    return Der.explicit(2, Der.octetString(digest("SHA-1", keyBits(responder))));
  }

  static byte[] byName(TestCert responder) {
    return Der.explicit(1, responder.subjectDer());
  }

  /** ResponseData with the given parts; {@code extensions} (a SEQUENCE) may be null. */
  static byte[] responseData(byte[] responderId, byte[] extensions, byte[]... singles) {
    return Der.seq(responderId, Der.generalizedTime(TestClock.daysAgo(1)), Der.seq(singles),
        extensions == null ? null : Der.explicit(1, extensions));
  }

  /**
   * The three signed parts of a BasicOCSPResponse built by {@link OcspResponseBuilder}, and its
   * certs field (or null).
   */
  record Parts(byte[] tbs, byte[] algorithm, byte[] signature, byte[] certs) {
    /** Reassembles a successful OCSPResponse, optionally with another certs field. */
    byte[] response(byte[] certsField) {
      byte[] basic = Der.seq(tbs, algorithm, signature, certsField);
      return Der.seq(Der.enumerated(0),
          Der.explicit(0, Der.seq(Der.oid(Oids.OCSP_BASIC), Der.octetString(basic))));
    }

    /** Reassembles with another signature BIT STRING TLV. */
    byte[] withSignature(byte[] signatureTlv) {
      return new Parts(tbs, algorithm, signatureTlv, certs).response(certs);
    }

    /** A certs field embedding raw DER items. */
    static byte[] certsField(byte[]... items) {
      return Der.explicit(0, Der.seq(items));
    }
  }

  static Parts parts(byte[] response) {
    try {
      DerReader r = Input.of(response).reader();
      DerReader resp = r.expectNested(DerReader.SEQUENCE);
      resp.expect(DerReader.ENUMERATED);
      DerReader rb = resp.expectNested(0xa0).expectNested(DerReader.SEQUENCE);
      rb.expect(DerReader.OID);
      DerReader basic = rb.expectNested(DerReader.OCTET_STRING).expectNested(DerReader.SEQUENCE);
      byte[] tbs = basic.expectTlv(DerReader.SEQUENCE).toByteArray();
      byte[] alg = basic.expectTlv(DerReader.SEQUENCE).toByteArray();
      byte[] sig = basic.expectTlv(DerReader.BIT_STRING).toByteArray();
      byte[] certs = basic.atEnd() ? null : basic.expectTlv(0xa0).toByteArray();
      return new Parts(tbs, alg, sig, certs);
    } catch (PkixException e) {
      throw new AssertionError(e);
    }
  }
}
