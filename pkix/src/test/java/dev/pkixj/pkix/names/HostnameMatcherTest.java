package dev.pkixj.pkix.names;

import static dev.pkixj.pkix.names.Der.b;
import static dev.pkixj.pkix.names.Der.bytes;
import static dev.pkixj.pkix.names.Der.cat;
import static dev.pkixj.pkix.names.Der.cn;
import static dev.pkixj.pkix.names.Der.directoryName;
import static dev.pkixj.pkix.names.Der.dnsName;
import static dev.pkixj.pkix.names.Der.ipAddress;
import static dev.pkixj.pkix.names.Der.name;
import static dev.pkixj.pkix.names.Der.rdn;
import static dev.pkixj.pkix.names.Der.registeredId;
import static dev.pkixj.pkix.names.Der.rfc822Name;
import static dev.pkixj.pkix.names.Der.san;
import static dev.pkixj.pkix.names.Der.seq;
import static dev.pkixj.pkix.names.Der.tlv;
import static dev.pkixj.pkix.names.Der.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.names.HostnameMatcher.InvalidEntryPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviours of {@link HostnameMatcher} beyond the upstream tables. */
class HostnameMatcherTest {
  private static final Result S = Result.SUCCESS;
  private static final Result D = Result.SSL_ERROR_BAD_CERT_DOMAIN;
  private static final Result B = Result.SEC_ERROR_BAD_DER;
  private static final byte[] SUBJECT = name(rdn(cn("www.example.com")));

  private static Result halt(Cert cert, String host) {
    return HostnameMatcher.checkCertHostname(cert, host.getBytes(StandardCharsets.UTF_8),
        InvalidEntryPolicy.HALT_ON_INVALID);
  }

  private static Result skip(Cert cert, String host) {
    return HostnameMatcher.checkCertHostname(cert, host.getBytes(StandardCharsets.UTF_8),
        InvalidEntryPolicy.SKIP_INVALID);
  }

  private static Cert withSan(byte[]... names) {
    return Der.cert(SUBJECT, san(names));
  }

  @Test
  void invalidEntryHaltsOrIsSkippedOnlyBeforeAMatch() {
    Cert invalidFirst = withSan(dnsName("*.com"), dnsName("www.example.com"));
    assertEquals(B, halt(invalidFirst, "www.example.com"));
    assertEquals(S, skip(invalidFirst, "www.example.com"));
    Cert invalidAfter = withSan(dnsName("www.example.com"), dnsName("bad..name"));
    assertEquals(S, halt(invalidAfter, "www.example.com"));
    Cert invalidOnly = withSan(dnsName("www.example.com."));
    assertEquals(B, halt(invalidOnly, "www.example.com"));
    assertEquals(D, skip(invalidOnly, "www.example.com"));
  }

  @Test
  void unknownGeneralNameTagHaltsUnderBothPolicies() {
    byte[] unknown = tlv(0x89, b("x")); // [9]: no such GeneralName
    Cert before = withSan(unknown, dnsName("www.example.com"));
    assertEquals(B, halt(before, "www.example.com"));
    assertEquals(B, skip(before, "www.example.com"));
    assertEquals(B, halt(before, "1.2.3.4"));
    Cert after = withSan(dnsName("www.example.com"), unknown);
    assertEquals(S, halt(after, "www.example.com"));
    assertEquals(S, skip(after, "www.example.com"));
    // A universal-class tag or a primitive encoding of a constructed form is unknown too.
    assertEquals(B, skip(withSan(tlv(0x16, b("x")), dnsName("a.example")), "a.example"));
    assertEquals(B, skip(withSan(tlv(0x84, name()), dnsName("a.example")), "a.example"));
  }

  @Test
  void malformedSubjectAltNameIsBadDer() {
    byte[] notASequence = Der.set(dnsName("www.example.com"));
    byte[] trailing = cat(san(dnsName("www.example.com")), bytes(0));
    byte[] truncatedEntry = seq(bytes(0x82, 0x05, 'w', 'w'));
    for (byte[] sanValue : new byte[][] {notASequence, trailing, truncatedEntry}) {
      Cert cert = Der.cert(SUBJECT, sanValue);
      assertEquals(B, halt(cert, "www.example.com"));
      assertEquals(B, skip(cert, "www.example.com"));
      assertEquals(B, halt(cert, "1.2.3.4"));
    }
    // An empty GeneralNames is tolerated and simply has no names.
    assertEquals(D, halt(Der.cert(SUBJECT, san()), "www.example.com"));
  }

  @Test
  void otherEntryTypesAreMismatchesNotErrors() {
    Cert cert = withSan(uri("https://www.example.com/"), rfc822Name("not an email"),
        registeredId(bytes(0x2a, 3)), directoryName(name(rdn(cn("www.example.com")))),
        ipAddress(1, 2, 3), dnsName("www.example.com"));
    assertEquals(S, halt(cert, "www.example.com"));
    Cert noDns = withSan(uri("https://www.example.com/"), rfc822Name("a@www.example.com"));
    assertEquals(D, halt(noDns, "www.example.com"));
  }

  @Test
  void ipReferencesIgnoreDnsNamesAndCompareBytes() {
    // Invalid dNSNames are never looked at for an IP reference, whatever the policy.
    Cert cert = withSan(dnsName("1.2.3.4"), dnsName("!!"), ipAddress(1, 2, 3, 4, 0),
        ipAddress(1, 2, 3), ipAddress(1, 2, 3, 4));
    assertEquals(S, halt(cert, "1.2.3.4"));
    assertEquals(D, halt(withSan(dnsName("1.2.3.4"), ipAddress(1, 2, 3, 4, 0)), "1.2.3.4"));
    byte[] v6 = HostnameMatcher.parseIPv6(b("2001:db8::1"));
    assertEquals(S, halt(withSan(dnsName("!!"), ipAddress(v6)), "2001:DB8:0:0:0:0:0:1"));
    // ::ffff:1.2.3.4 is not 1.2.3.4, and vice versa.
    assertEquals(D, halt(withSan(ipAddress(1, 2, 3, 4)), "::ffff:1.2.3.4"));
    assertEquals(D, halt(withSan(ipAddress(HostnameMatcher.parseIPv6(b("::ffff:1.2.3.4")))),
        "1.2.3.4"));
  }

  @Test
  void referenceClassification() {
    Cert cert = withSan(dnsName("www.example.com"), ipAddress(1, 2, 3, 4),
        ipAddress(new byte[16]));
    assertEquals(S, halt(cert, "www.example.com"));
    assertEquals(S, halt(cert, "WWW.EXAMPLE.COM."));
    assertEquals(S, halt(cert, "1.2.3.4"));
    assertEquals(S, halt(cert, "0:0:0:0:0:0:0:0"));
    // Not a DNS name, IPv6 or IPv4 literal: refused at once.
    for (String bad : new String[] {"", ".", "::", "[::1]", "fe80::1%eth0", "01.2.3.4",
        "1.2.3.4.", "www.example.com:443", "https://www.example.com", "www.example.com/",
        " www.example.com", "www.example.com\0", "wWw.exämple.com", "www..example.com",
        "user@www.example.com", "www.example.com..", "*.example.com"}) {
      assertEquals(D, halt(cert, bad), bad);
    }
  }

  @Test
  void referenceLengthLimitIncludesTrailingDot() {
    String label = "a".repeat(63);
    String name253 = label + "." + label + "." + label + "." + "a".repeat(61); // 253 bytes
    assertEquals(253, name253.length());
    Cert cert = withSan(dnsName(name253));
    assertEquals(S, halt(cert, name253));
    assertEquals(D, halt(cert, name253 + ".")); // 254 with the dot: not a reference
    String name252 = name253.substring(1);
    assertEquals(S, halt(withSan(dnsName(name252)), name252 + "."));
  }

  @Test
  void wildcardsMatchExactlyOneNonEmptyLabel() {
    Cert cert = withSan(dnsName("*.example.com"));
    assertEquals(S, halt(cert, "www.example.com"));
    assertEquals(S, halt(cert, "xn--bcher-kva.example.com"));
    assertEquals(S, halt(cert, "_x.example.com"));
    assertEquals(S, halt(cert, "-x-.example.com"));
    assertEquals(D, halt(cert, "example.com"));
    assertEquals(D, halt(cert, "a.b.example.com"));
    assertEquals(S, halt(withSan(dnsName("*.co.uk")), "example.co.uk"));
    assertEquals(S, halt(withSan(dnsName("*.xn--x.com")), "a.xn--x.com"));
    assertEquals(B, halt(withSan(dnsName("xn--*.example.com")), "xn--a.example.com"));
    assertEquals(B, halt(withSan(dnsName("f*.example.com")), "foo.example.com"));
  }

  @Test
  void malformedValidityIsInvalidTimeAsUpstream() throws PkixException {
    byte[] inverted = seq(tlv(0x17, b("300101000000Z")), tlv(0x17, b("200101000000Z")));
    Cert cert = Cert.parse(Der.certDerWithValidity(SUBJECT, san(dnsName("a.example")), false,
        inverted));
    assertEquals(Result.SEC_ERROR_INVALID_TIME, halt(cert, "a.example"));
    byte[] garbage = seq(tlv(0x17, b("2001")), tlv(0x17, b("200101000000Z")));
    cert = Cert.parse(Der.certDerWithValidity(SUBJECT, san(dnsName("a.example")), false,
        garbage));
    assertEquals(Result.SEC_ERROR_INVALID_TIME, skip(cert, "a.example"));
  }

  @Test
  void nullArgumentsAreReportedNotThrown() {
    Cert cert = withSan(dnsName("a.example"));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS,
        HostnameMatcher.checkCertHostname(null, b("a"), InvalidEntryPolicy.SKIP_INVALID));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS,
        HostnameMatcher.checkCertHostname(cert, null, InvalidEntryPolicy.SKIP_INVALID));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS,
        HostnameMatcher.checkCertHostname(cert, b("a"), null));
    assertFalse(HostnameMatcher.isValidReferenceDnsId(null));
    assertFalse(HostnameMatcher.isValidPresentedDnsId(null));
    assertEquals(null, HostnameMatcher.parseIPv4(null));
    assertEquals(null, HostnameMatcher.parseIPv6(null));
    assertEquals(List.of(), HostnameMatcher.dnsNamesForErrorPage(null));
  }

  @Test
  void dnsNamesForErrorPage() {
    Cert cert = withSan(dnsName("b.example"), ipAddress(1, 2, 3, 4), dnsName("*.a.example"),
        rfc822Name("x@y.example"), dnsName(b("caf\u00c3\u00a9.example")), dnsName("not valid!"));
    assertEquals(List.of("b.example", "*.a.example", "not valid!"),
        HostnameMatcher.dnsNamesForErrorPage(cert));
    assertEquals(List.of(), HostnameMatcher.dnsNamesForErrorPage(Der.cert(SUBJECT, null)));
    assertEquals(List.of(), HostnameMatcher.dnsNamesForErrorPage(Der.cert(SUBJECT, san())));
    // An undecodable list yields no names at all, as when NSS fails to decode it.
    assertEquals(List.of(), HostnameMatcher.dnsNamesForErrorPage(
        withSan(dnsName("a.example"), tlv(0x89, b("x")))));
    assertEquals(List.of(), HostnameMatcher.dnsNamesForErrorPage(
        Der.cert(SUBJECT, cat(san(dnsName("a.example")), bytes(5)))));
    assertTrue(HostnameMatcher.dnsNamesForErrorPage(withSan(dnsName("a.example")))
        .contains("a.example"));
  }

  @Test
  void publicParsersReturnCopies() {
    byte[] v4 = HostnameMatcher.parseIPv4(b("192.0.2.1"));
    assertEquals(4, v4.length);
    assertEquals((byte) 192, v4[0]);
    byte[] v6 = HostnameMatcher.parseIPv6(b("::ffff:192.0.2.1"));
    assertEquals(16, v6.length);
    assertEquals((byte) 0xff, v6[10]);
    assertEquals((byte) 1, v6[15]);
  }
}
