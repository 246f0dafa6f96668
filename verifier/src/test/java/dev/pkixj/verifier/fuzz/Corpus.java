package dev.pkixj.verifier.fuzz;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.GeneralName;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.ocsp.OcspTestSupport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The genuine material the fuzz targets start from (deterministic: fixed keys and clock), and the
 * set of to-be-signed bytes that really were signed, for the "never accept by accident" oracle: a
 * verdict that accepts a certificate or an OCSP status whose signed bytes are not one of these
 * would mean a forged signature was accepted.
 */
final class Corpus {
  private Corpus() {}

  static final TestPki RSA = TestPki.rsa();
  static final TestPki EC = TestPki.ec();
  static final TestPki MIXED = TestPki.mixed();

  /** A name-constrained intermediate under the EC root, and a leaf inside its name space. */
  static final TestCert NC_CA = CertBuilder.ca("CN=Fuzz Constrained CA,O=pkixj Test,C=US")
      .issuer(EC.root()).key(TestKeys.ec(TestKeys.Curve.P256, "fuzz/nc-ca"))
      .permitted(GeneralName.dns("example.test"), GeneralName.ipSubnet("192.0.2.0/24"))
      .excluded(GeneralName.dns("bad.example.test")).build();
  static final TestCert NC_LEAF = CertBuilder.leaf(TestPki.LEAF_HOST).issuer(NC_CA)
      .key(TestKeys.ec(TestKeys.Curve.P256, "fuzz/nc-leaf"))
      .san(GeneralName.dns(TestPki.LEAF_HOST), GeneralName.dns("*.example.test"),
          GeneralName.ip("192.0.2.7"), GeneralName.email("a@example.test"))
      .mustStaple().build();
  /** A policy-carrying path with a second intermediate (pathLen 0 on the first). */
  static final TestCert POLICY_CA = CertBuilder.ca("CN=Fuzz Policy CA,O=pkixj Test,C=US")
      .issuer(RSA.root()).key(TestKeys.ec(TestKeys.Curve.P384, "fuzz/policy-ca"))
      .certificatePolicies(Oids.CABF_DV).build();
  static final TestCert POLICY_LEAF = CertBuilder.leaf(TestPki.LEAF_HOST).issuer(POLICY_CA)
      .key(TestKeys.ec(TestKeys.Curve.P256, "fuzz/policy-leaf"))
      .certificatePolicies(Oids.CABF_DV).ocspUrl(TestPki.OCSP_URL).build();

  /** The trust anchors of every target: the three standard roots. */
  static List<byte[]> roots() {
    return List.of(RSA.root().der(), EC.root().der(), MIXED.root().der());
  }

  /** Seed chains (end-entity first), by name. */
  static Map<String, List<byte[]>> chains() {
    Map<String, List<byte[]>> m = new LinkedHashMap<>();
    m.put("rsa", List.of(RSA.leaf().der(), RSA.intermediate().der()));
    m.put("ec", List.of(EC.leaf().der(), EC.intermediate().der()));
    m.put("mixed", List.of(MIXED.leaf().der(), MIXED.intermediate().der()));
    m.put("ec-reversed-extra", List.of(EC.leaf().der(), RSA.intermediate().der(),
        EC.intermediate().der(), EC.root().der()));
    m.put("name-constrained", List.of(NC_LEAF.der(), NC_CA.der()));
    m.put("policy", List.of(POLICY_LEAF.der(), POLICY_CA.der()));
    m.put("leaf-only", List.of(EC.leaf().der()));
    return m;
  }

  /** Every certificate of the seed chains (and the roots), for the parser targets. */
  static Map<String, byte[]> certificates() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("rsa-root", RSA.root().der());
    m.put("rsa-intermediate", RSA.intermediate().der());
    m.put("rsa-leaf", RSA.leaf().der());
    m.put("ec-leaf", EC.leaf().der());
    m.put("mixed-intermediate", MIXED.intermediate().der());
    m.put("nc-ca", NC_CA.der());
    m.put("nc-leaf", NC_LEAF.der());
    m.put("policy-ca", POLICY_CA.der());
    return m;
  }

  /** The TBSCertificate bytes of every certificate above: the only ones ever signed. */
  static final Set<Input> SIGNED_TBS = signedTbs();

  private static Set<Input> signedTbs() {
    Set<Input> s = new HashSet<>();
    List<byte[]> all = new ArrayList<>(roots());
    for (List<byte[]> chain : chains().values()) {
      all.addAll(chain);
    }
    for (byte[] der : all) {
      try {
        s.add(Input.of(Cert.parse(der).signedData().toByteArray()));
      } catch (PkixException e) {
        throw new AssertionError(e);
      }
    }
    return Set.copyOf(s);
  }

  /** Concatenated DER, the chain targets' input format. */
  static byte[] concat(List<byte[]> ders) {
    int n = 0;
    for (byte[] d : ders) {
      n += d.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    ders.forEach(b::put);
    return b.array();
  }

  /**
   * Splits fuzz input into certificates at top-level TLV boundaries, leniently: a header that does
   * not parse, or a length past the end, makes the rest one last "certificate". At most {@code
   * max} pieces.
   */
  static List<byte[]> split(byte[] data, int max) {
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < data.length && out.size() < max - 1) {
      int end = tlvEnd(data, pos);
      if (end < 0) {
        break;
      }
      out.add(java.util.Arrays.copyOfRange(data, pos, end));
      pos = end;
    }
    if (pos < data.length || out.isEmpty()) {
      out.add(java.util.Arrays.copyOfRange(data, pos, data.length));
    }
    return out;
  }

  private static int tlvEnd(byte[] d, int pos) {
    if (pos + 2 > d.length) {
      return -1;
    }
    int l1 = d[pos + 1] & 0xff;
    int header = 2;
    int len;
    if (l1 < 0x80) {
      len = l1;
    } else if (l1 == 0x81 && pos + 3 <= d.length) {
      len = d[pos + 2] & 0xff;
      header = 3;
    } else if (l1 == 0x82 && pos + 4 <= d.length) {
      len = (d[pos + 2] & 0xff) << 8 | (d[pos + 3] & 0xff);
      header = 4;
    } else {
      return -1;
    }
    long end = (long) pos + header + len;
    return end > d.length ? -1 : (int) end;
  }

  // ---- OCSP ----

  /** One OCSP verification setting: trust domain, CertID, and a genuine response. */
  record OcspSample(String name, TrustAnchors anchors, CertId certId, byte[] response) {
    InMemoryTrustDomain trustDomain() {
      return new InMemoryTrustDomain(anchors, List.of(), 2048);
    }
  }

  static final TestCert RESPONDER = CertBuilder.leaf("CN=Fuzz Responder")
      .issuer(RSA.intermediate()).key(TestKeys.rsa2048(11))
      .extendedKeyUsage(Oids.OCSP_SIGNING).build();

  static final List<OcspSample> OCSP = List.of(
      new OcspSample("ec-issuer", TrustAnchors.of(List.of(EC.root().der()), true),
          OcspTestSupport.certId(EC.intermediate(), EC.leaf()),
          OcspResponseBuilder.forIssuer(EC.intermediate()).good(EC.leaf()).good(EC.newLeaf(3))
              .responseExtension(Oids.OCSP_NONCE, false, new byte[] {4, 2, 0, 0}).build()),
      new OcspSample("rsa-delegated", TrustAnchors.of(List.of(RSA.root().der()), true),
          OcspTestSupport.certId(RSA.intermediate(), RSA.leaf()),
          OcspResponseBuilder.forIssuer(RSA.intermediate()).responder(RESPONDER).byName()
              .certs(RESPONDER)
              .revoked(RSA.leaf(), TestClock.daysAgo(3), OcspResponseBuilder.REASON_KEY_COMPROMISE)
              .build()),
      new OcspSample("ec-unknown-sha256", TrustAnchors.of(List.of(EC.root().der()), true),
          OcspTestSupport.certId(EC.intermediate(), EC.leaf()),
          OcspResponseBuilder.forIssuer(EC.intermediate()).certIdHash("SHA-256").noNextUpdate()
              .unknown(EC.leaf()).build()));


  /** The tbsResponseData TLVs of the genuine responses (the only signed ones). */
  static final Set<Input> SIGNED_RESPONSE_DATA = signedResponseData();

  private static Set<Input> signedResponseData() {
    Set<Input> s = new HashSet<>();
    for (OcspSample o : OCSP) {
      Input tbs = responseData(o.response());
      if (tbs == null) {
        throw new AssertionError(o.name());
      }
      s.add(Input.of(tbs.toByteArray()));
    }
    return Set.copyOf(s);
  }

  /**
   * The tbsResponseData TLV of an OCSPResponse, read leniently (trailing data ignored), or null
   * when there is none.
   */
  static Input responseData(byte[] response) {
    try {
      DerReader r = new DerReader(response, 0, response.length);
      DerReader resp = r.expectNested(DerReader.SEQUENCE);
      resp.expect(DerReader.ENUMERATED);
      DerReader bytes = resp.expectNested(0xa0).expectNested(DerReader.SEQUENCE);
      bytes.expect(DerReader.OID);
      DerReader basic = bytes.expectNested(DerReader.OCTET_STRING)
          .expectNested(DerReader.SEQUENCE);
      return basic.expectTlv(DerReader.SEQUENCE);
    } catch (PkixException e) {
      return null;
    }
  }
}
