package dev.pkixj.verifier.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.Oids;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.der.Input;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertDisplayTest {

  @Test
  void namesMostSpecificFirstWithEscaping() throws Exception {
    TestCerts.Spec s = TestCerts.cert();
    s.subjectCn = "leaf.example";
    s.subjectO = "Example, Inc.";
    Cert c = s.build();
    assertEquals("CN=leaf.example, O=Example\\, Inc., C=ZZ", CertDisplay.subject(c));
    assertEquals("CN=Example Issuing CA, O=Example CA Org, C=ZZ", CertDisplay.issuer(c));
    assertEquals("Example Issuing CA", CertDisplay.issuerCommonName(c));
    assertEquals("Example CA Org", CertDisplay.issuerOrganization(c));
    assertEquals("leaf.example", CertDisplay.subjectCommonName(c));
  }

  @Test
  void emptyAndMalformedNames() {
    assertEquals("", CertDisplay.name(Input.of(new byte[] {0x30, 0x00})));
    assertEquals(CertDisplay.UNREADABLE, CertDisplay.name(Input.of(new byte[] {0x31, 0x00})));
    assertEquals(CertDisplay.UNREADABLE, CertDisplay.name(Input.of(new byte[] {0x30, 0x05})));
  }

  @Test
  void unknownAttributeTypeIsShownAsAnOid() {
    // SEQUENCE { SET { SEQUENCE { OID 1.2.3.4, UTF8String "x" } } }
    byte[] name = {0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x2a, 0x03, 0x04, 0x0c, 0x01,
        'x'};
    assertEquals("1.2.3.4=x", CertDisplay.name(Input.of(name)));
  }

  @Test
  void validityDates() {
    Cert c = TestCerts.cert().validity("2026-01-01T00:00:00Z", "2036-01-01T00:00:00Z").build();
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), CertDisplay.notBefore(c));
    assertEquals(Instant.parse("2036-01-01T00:00:00Z"), CertDisplay.notAfter(c));
  }

  @Test
  void dnsNamesSkipOtherKinds() {
    Cert c = TestCerts.cert().ip("192.0.2.7").dns("a.example").ip("::1").dns("b.example").build();
    assertEquals(List.of("a.example", "b.example"), CertDisplay.dnsNames(c));
    assertEquals(List.of(), CertDisplay.dnsNames(TestCerts.cert().build()));
  }

  @Test
  void anUndecodableSubjectAltNameListsNoNames() throws Exception {
    // dNSName "a.example", then an unknown tag [9]: NSS rejects the whole extension.
    byte[] san = Der.seq(Der.tlv(0x82, "a.example".getBytes(StandardCharsets.US_ASCII)),
        Der.tlv(0x89, new byte[] {1}));
    Cert c = Cert.parse(CertBuilder.blank("CN=x").extension(Oids.SUBJECT_ALT_NAME, false, san)
        .build().der());
    assertEquals(List.of(), CertDisplay.dnsNames(c));
    // A non-ASCII dNSName is left out; the others stay.
    san = Der.seq(Der.tlv(0x82, "b.example".getBytes(StandardCharsets.US_ASCII)),
        Der.tlv(0x82, "\u00e9.example".getBytes(StandardCharsets.UTF_8)));
    c = Cert.parse(CertBuilder.blank("CN=x").extension(Oids.SUBJECT_ALT_NAME, false, san)
        .build().der());
    assertEquals(List.of("b.example"), CertDisplay.dnsNames(c));
  }

  @Test
  void missingCommonName() {
    TestCerts.Spec s = TestCerts.cert();
    s.issuerCn = null;
    assertNull(CertDisplay.issuerCommonName(s.build()));
  }
}
