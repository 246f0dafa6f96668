package dev.pkixj.verifier.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.GeneralName;
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
  void subjectAltNamesDnsAndIpAsCheckPrintsThem() throws Exception {
    Cert c = Cert.parse(CertBuilder.blank("CN=x").san(GeneralName.dns("www.example.com"),
        GeneralName.ip("192.0.2.7"), GeneralName.ip("2001:db8::1"), GeneralName.ip("::1"),
        GeneralName.dns("*.example.net"), GeneralName.ip("fe80:0:0:0:abcd:ff:1:2")).build().der());
    assertEquals(List.of("DNS:www.example.com", "IP:192.0.2.7", "IP:2001:db8:0:0:0:0:0:1",
        "IP:0:0:0:0:0:0:0:1", "DNS:*.example.net", "IP:fe80:0:0:0:abcd:ff:1:2"),
        CertDisplay.subjectAltNames(c));
  }

  @Test
  void subjectAltNamesOfOtherTypesWithFirefoxsNames() throws Exception {
    byte[] upn = Der.utf8("alice@corp.example");
    Cert c = Cert.parse(CertBuilder.blank("CN=x").san(GeneralName.email("alice@example.com"),
        GeneralName.uri("https://example.com/a"), GeneralName.dirName("CN=Dir, O=Org"),
        GeneralName.registeredId("1.2.3.4"),
        GeneralName.otherName("1.3.6.1.4.1.311.20.2.3", upn),
        GeneralName.otherName("1.2.3.5", Der.integer(7)),
        GeneralName.ipBytes(10, 0, 0, 0, 255, 0, 0, 0),
        GeneralName.raw(Der.tlv(0xa3, Der.seq())),
        GeneralName.raw(Der.tlv(0xa5, Der.seq(Der.tlv(0x81, Der.utf8("edi")))))).build().der());
    assertEquals(List.of("RFC 822 Name:alice@example.com", "URI:https://example.com/a",
        "Directory Name:CN=Dir, O=Org", "Registered ID:1.2.3.4",
        "Other Name:1.3.6.1.4.1.311.20.2.3=alice@corp.example", "Other Name:1.2.3.5",
        "IP:(unknown IP address, 8 bytes)", "X.400 Address:(2 bytes)",
        "EDI Party Name:(9 bytes)"), CertDisplay.subjectAltNames(c));
  }

  @Test
  void subjectAltNamesEscapeWhatIsNotPrintable() throws Exception {
    byte[] san = Der.seq(Der.tlv(0x82, "a\u001b[2J.example".getBytes(StandardCharsets.UTF_8)),
        Der.tlv(0x82, "\u00e9.example".getBytes(StandardCharsets.UTF_8)),
        GeneralName.otherName("1.2.3.6", Der.utf8("x\u202ey\ny")).der());
    Cert c = Cert.parse(CertBuilder.blank("CN=x").extension(Oids.SUBJECT_ALT_NAME, false, san)
        .build().der());
    assertEquals(List.of("DNS:a\\x1b[2J.example", "DNS:\\xc3\\xa9.example",
        "Other Name:1.2.3.6=x\\u202ey\\x0ay"), CertDisplay.subjectAltNames(c));
  }

  @Test
  void subjectAltNamesAbsentEmptyAndMalformed() throws Exception {
    assertEquals(List.of(), CertDisplay.subjectAltNames(Cert.parse(
        CertBuilder.blank("CN=x").build().der())));
    assertEquals(List.of(), CertDisplay.subjectAltNames(Cert.parse(
        CertBuilder.blank("CN=x").extension(Oids.SUBJECT_ALT_NAME, false, Der.seq()).build()
            .der())));
    // What comes before an entry with a tag that is no GeneralName, then the marker.
    byte[] san = Der.seq(Der.tlv(0x82, "a.example".getBytes(StandardCharsets.US_ASCII)),
        Der.tlv(0x89, new byte[] {1}),
        Der.tlv(0x82, "b.example".getBytes(StandardCharsets.US_ASCII)));
    Cert c = Cert.parse(CertBuilder.blank("CN=x").extension(Oids.SUBJECT_ALT_NAME, false, san)
        .build().der());
    assertEquals(List.of("DNS:a.example", CertDisplay.UNREADABLE_SUBJECT_ALT_NAME),
        CertDisplay.subjectAltNames(c));
    // A broken otherName is shown as unreadable, the others as they are.
    san = Der.seq(Der.tlv(0xa0, Der.utf8("not an oid")),
        Der.tlv(0x87, new byte[] {(byte) 198, 51, 100, 1}));
    c = Cert.parse(CertBuilder.blank("CN=x").extension(Oids.SUBJECT_ALT_NAME, false, san)
        .build().der());
    assertEquals(List.of("Other Name:" + CertDisplay.UNREADABLE, "IP:198.51.100.1"),
        CertDisplay.subjectAltNames(c));
  }

  @Test
  void missingCommonName() {
    TestCerts.Spec s = TestCerts.cert();
    s.issuerCn = null;
    assertNull(CertDisplay.issuerCommonName(s.build()));
  }
}
