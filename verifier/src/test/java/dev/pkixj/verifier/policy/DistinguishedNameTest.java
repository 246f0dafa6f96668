package dev.pkixj.verifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.Der;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The canary's name normalisation (documented on {@link DistinguishedName}). */
class DistinguishedNameTest {

  private static DistinguishedName der(String rfc4514) {
    return DistinguishedName.fromDer(Der.name(rfc4514));
  }

  @Test
  void rfc4514AndNssFormsOfTheSameNameMatch() {
    DistinguishedName cert = der("CN=None,OU=NA,O=None\\, LLC,L=Dallas,ST=Texas,C=US");
    for (String text : new String[] {
        "CN=None,OU=NA,O=None\\, LLC,L=Dallas,ST=Texas,C=US",       // RFC 4514
        "CN=None, OU=NA, O=None\\2C LLC, L=Dallas, ST=Texas, C=US",   // hex escape, spaces
        "CN=None,OU=NA,O=\"None, LLC\",L=Dallas,ST=Texas,C=US",      // NSS quoting
        "cn=none; ou=na; o=\"NONE,  LLC\"; l=dallas; st=texas; c=us", // RFC 1485 ';', case, spaces
        "OID.2.5.4.3=None,2.5.4.11=NA,O=None\\, LLC,L=Dallas,S=Texas,C=US"}) {
      assertTrue(DistinguishedName.parse(text).matches(cert), text);
    }
  }

  @Test
  void orderOfRdnsMattersButNotOfAttributesInsideOne() {
    DistinguishedName cert = der("CN=mitmproxy,O=mitmproxy");
    assertTrue(DistinguishedName.parse("CN=mitmproxy,O=mitmproxy").matches(cert));
    assertFalse(DistinguishedName.parse("O=mitmproxy,CN=mitmproxy").matches(cert));
    DistinguishedName multi = DistinguishedName.parse("CN=a+OU=b,O=c");
    assertTrue(DistinguishedName.parse("OU=b + CN=a, O=c").matches(multi));
    assertFalse(DistinguishedName.parse("CN=a,OU=b,O=c").matches(multi));
  }

  @Test
  void emailKeywordsAndHexValues() {
    DistinguishedName a = DistinguishedName.parse("E=root@example.test,CN=X");
    assertTrue(DistinguishedName.parse("emailAddress=root@example.test, CN=X").matches(a));
    assertTrue(DistinguishedName.parse("1.2.840.113549.1.9.1=ROOT@example.test,CN=X").matches(a));
    // #hex: a DER UTF8String "X" (0c 01 58) equals the text X.
    assertTrue(DistinguishedName.parse("E=root@example.test,CN=#0c0158").matches(a));
  }

  @Test
  void unicodeIsNormalised() {
    // NFKC: the ligature "ﬁ" is "fi"; case is folded.
    assertTrue(DistinguishedName.parse("CN=\uFB01lter").matches(DistinguishedName.parse("CN=FILTER")));
    assertTrue(DistinguishedName.parse("CN=Caf\\C3\\A9").matches(DistinguishedName.parse("CN=café")));
  }

  @Test
  void derValuesOfOtherStringTypesAndNonStrings() {
    // A BMPString CN equals the same text.
    byte[] bmp = "Acme".getBytes(StandardCharsets.UTF_16BE);
    byte[] name = nameWith(new byte[] {0x55, 0x04, 0x03}, (byte) 0x1e, bmp);
    assertTrue(DistinguishedName.parse("CN=acme").matches(DistinguishedName.fromDer(name)));
    // An OCTET STRING value compares by its encoding.
    byte[] octets = nameWith(new byte[] {0x55, 0x04, 0x03}, (byte) 0x04, new byte[] {1, 2});
    DistinguishedName d = DistinguishedName.fromDer(octets);
    assertEquals("CN=#04020102", d.toString());
    assertTrue(DistinguishedName.parse("CN=#04020102").matches(d));
    assertFalse(DistinguishedName.parse("CN=\\01\\02").matches(d));
  }

  @Test
  void renderingsParseBackToEqualNames() {
    DistinguishedName d = DistinguishedName.parse(
        "CN=\\ lead space\\ ,O=a\\+b\\,c\\;d,OU=q\\\"uote#,C=ZZ");
    assertTrue(DistinguishedName.parse(d.toString()).matches(d), d.toString());
    assertTrue(DistinguishedName.parse(d.toNssString()).matches(d), d.toNssString());
    assertEquals("Example", der("CN=Example,O=Org").commonName());
    assertEquals("Org", der("CN=Example,O=Org").organization());
  }

  @Test
  void malformedTextIsRejectedWithAReason() {
    for (String bad : new String[] {"CN", "=x", "CN=a,", "CN=a,,O=b", "XYZ=a", "CN=\"open",
        "CN=a\"b", "CN=#0c", "CN=#0c0158ff", "CN=a\\", "1.02.3=x"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DistinguishedName.parse(bad), bad);
      assertFalse(e.getMessage().isBlank());
    }
    assertTrue(DistinguishedName.parse("").isEmpty());
    assertTrue(DistinguishedName.parse("   ").isEmpty());
  }

  @Test
  void malformedDerNamesAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> DistinguishedName.fromDer(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}));  // not a SET
    // An AVA without a value.
    byte[] noValue = {0x30, 0x09, 0x31, 0x07, 0x30, 0x05, 0x06, 0x03, 0x55, 0x04, 0x03};
    assertThrows(IllegalArgumentException.class, () -> DistinguishedName.fromDer(noValue));
    // An OID whose last byte continues.
    byte[] badOid = nameWith(new byte[] {0x55, 0x04, (byte) 0x83}, (byte) 0x0c, new byte[] {'x'});
    assertThrows(IllegalArgumentException.class, () -> DistinguishedName.fromDer(badOid));
  }

  /** Name { RDN { AVA { oid, tag value } } } by hand (all lengths short form). */
  static byte[] nameWith(byte[] oid, byte tag, byte[] value) {
    ByteArrayOutputStream ava = new ByteArrayOutputStream();
    ava.write(0x06);
    ava.write(oid.length);
    ava.writeBytes(oid);
    ava.write(tag);
    ava.write(value.length);
    ava.writeBytes(value);
    byte[] avaSeq = wrap(0x30, ava.toByteArray());
    return wrap(0x30, wrap(0x31, avaSeq));
  }

  static byte[] wrap(int tag, byte[] content) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(tag);
    o.write(content.length);
    o.writeBytes(content);
    return o.toByteArray();
  }
}
