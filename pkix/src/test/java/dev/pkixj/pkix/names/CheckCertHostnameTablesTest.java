package dev.pkixj.pkix.names;

import static dev.pkixj.pkix.names.Der.b;
import static dev.pkixj.pkix.names.Der.bytes;
import static dev.pkixj.pkix.names.Der.cat;
import static dev.pkixj.pkix.names.Der.cn;
import static dev.pkixj.pkix.names.Der.dnsName;
import static dev.pkixj.pkix.names.Der.ipAddress;
import static dev.pkixj.pkix.names.Der.name;
import static dev.pkixj.pkix.names.Der.otherName;
import static dev.pkixj.pkix.names.Der.ou;
import static dev.pkixj.pkix.names.Der.rdn;
import static dev.pkixj.pkix.names.Der.rfc822Name;
import static dev.pkixj.pkix.names.Der.san;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.names.HostnameMatcher.InvalidEntryPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CHECK_CERT_HOSTNAME_PARAMS of mozilla::pkix's {@code pkixnames_tests.cpp}. Upstream runs them
 * with a policy that falls back to the subject CN; each row here gives that result and the
 * result under Firefox's policy (no CN fallback), which differs exactly where the CN decided.
 */
class CheckCertHostnameTablesTest {
  private static final Result S = Result.SUCCESS;
  private static final Result D = Result.SSL_ERROR_BAD_CERT_DOMAIN;
  private static final Result B = Result.SEC_ERROR_BAD_DER;

  static final byte[] EXAMPLE_COM = b("example.com");
  static final byte[] IPV4 = bytes(1, 2, 3, 4);
  static final String IPV4_BYTES_AS_STR = "\u0001\u0002\u0003\u0004";
  static final String IPV4_STR = "1.2.3.4";
  static final byte[] IPV4_COMPATIBLE_IPV6 = bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4);
  static final String IPV4_COMPATIBLE_IPV6_STR = "::1.2.3.4";
  static final byte[] IPV4_MAPPED_IPV6 =
      bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4);
  static final String IPV4_MAPPED_IPV6_STR = "::FFFF:1.2.3.4";
  static final byte[] IPV6 = bytes(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
      0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11);
  static final String IPV6_BYTES_AS_STR = new String(IPV6, java.nio.charset.StandardCharsets.ISO_8859_1);
  static final String IPV6_STR = "1122:3344:5566:7788:99aa:bbcc:ddee:ff11";

  /** WITH_SAN: SAN extension holding {@code names} (possibly none). */
  private static Arguments withSan(String host, byte[] subject, byte[] names, Result cnFallback,
      Result firefox) {
    return Arguments.of(host, subject, san(names), cnFallback, firefox);
  }

  /** WITHOUT_SAN: no SAN extension at all. */
  private static Arguments withoutSan(String host, byte[] subject, Result cnFallback,
      Result firefox) {
    return Arguments.of(host, subject, null, cnFallback, firefox);
  }

  private static byte[] subject(byte[]... rdns) {
    return name(rdns);
  }

  static Stream<Arguments> cases() {
    byte[] none = new byte[0];
    return Stream.of(
        // '*' is not a PrintableString character, but such CNs exist and are read.
        withoutSan("foo.example.com", subject(rdn(cn("*.example.com", Der.PRINTABLE_STRING))), S, D),
        withoutSan("foo.example.com", subject(rdn(cn("*.example.com", Der.UTF8_STRING))), S, D),
        withoutSan("foo.example.com", subject(rdn(cn("*.example.com", Der.TELETEX_STRING))), S, D),
        // TeletexString escape sequences are invalid characters.
        withoutSan("foo.example.com",
            subject(rdn(cn("\u001B(B*.example.com", Der.TELETEX_STRING))), D, D),
        withoutSan("foo.example.com",
            subject(rdn(cn("*.example\u001B(B.com", Der.TELETEX_STRING))), D, D),
        withoutSan("foo.example.com",
            subject(rdn(cn("*.example.com\u001B(B", Der.TELETEX_STRING))), D, D),
        withoutSan("foo.example.com",
            subject(rdn(cn("\u001B$B*.example.com", Der.TELETEX_STRING))), D, D),
        withoutSan("foo.example.com",
            subject(rdn(cn("*.example.com\u001B$B", Der.TELETEX_STRING))), D, D),

        withSan("a", subject(rdn(cn("a"))), dnsName("a"), S, S),
        withSan("b", subject(rdn(cn("a"))), dnsName("b"), S, S),
        withSan("a", subject(rdn(cn("a"))), dnsName("b"), D, D),
        withSan("a", subject(rdn(cn("a"))), dnsName("!"), B, B),
        withSan("a", subject(rdn(cn("a"))), ipAddress(IPV4), D, D),
        withSan("a", subject(rdn(cn("a"))), ipAddress(EXAMPLE_COM), D, D),
        // a SAN without dNSName/iPAddress entries leaves the CN fallback on
        withSan("a", subject(rdn(cn("a"))), rfc822Name("foo@example.com"), S, D),
        withoutSan("a", subject(rdn(cn("a"))), S, D),
        withoutSan("a", subject(rdn(cn("b"))), D, D),

        withSan("a", subject(rdn(cn("foo"))), cat(dnsName("a"), dnsName("b")), S, S),
        withSan("b", subject(rdn(cn("foo"))), cat(dnsName("a"), dnsName("b")), S, S),
        withSan("b", subject(rdn(cn("foo"))), cat(dnsName("a"), dnsName("b"), dnsName("c")), S, S),
        withSan("b", subject(rdn(cn("foo"))), cat(ipAddress(IPV4), dnsName("b")), S, S),
        withSan("a", subject(rdn(cn("foo"))), cat(dnsName("a"), ipAddress(IPV4)), S, S),
        withSan("b", subject(rdn(cn("foo"))),
            cat(rfc822Name("foo@example.com"), dnsName("b"), ipAddress(IPV4)), S, S),
        withSan("a", subject(rdn(cn("foo"))), cat(dnsName("a"), dnsName("a")), S, S),
        withSan("b", subject(rdn(cn("foo"))), cat(dnsName("!"), dnsName("b")), B, B),

        // An empty SAN is tolerated (bug 1143085) and behaves like "no dNSName entries".
        withSan("a", subject(rdn(cn("a"))), none, S, D),
        withSan("a", subject(rdn(cn("b"))), none, D, D),

        // empty subject
        withSan("a", subject(), dnsName("a"), S, S),
        withoutSan("a", subject(), D, D),

        // several CNs: only the last one (the most specific) counts
        withoutSan("a", subject(rdn(cn("a"), cn("a"))), S, D),
        withoutSan("a", subject(rdn(cn("a"), cn("b"))), D, D),
        withoutSan("b", subject(rdn(cn("a"), cn("b"))), S, D),
        withoutSan("a", subject(rdn(cn("a"), cn("Not a DNSName"))), D, D),
        withoutSan("b", subject(rdn(cn("Not a DNSName"), cn("b"))), S, D),
        withoutSan("a", subject(rdn(cn("a")), rdn(cn("a"))), S, D),
        withoutSan("a", subject(rdn(cn("a")), rdn(cn("b"))), D, D),
        withoutSan("b", subject(rdn(cn("a")), rdn(cn("b"))), S, D),
        withoutSan("a", subject(rdn(cn("a")), rdn(cn("Not a DNSName"))), D, D),
        withoutSan("b", subject(rdn(cn("Not a DNSName")), rdn(cn("b"))), S, D),

        // CN position among other attributes
        withoutSan("a", subject(rdn(cn("a"), ou("b"))), S, D),
        withoutSan("b", subject(rdn(cn("a"), ou("b"))), D, D),
        withoutSan("b", subject(rdn(ou("a"), cn("b"))), S, D),
        withoutSan("a", subject(rdn(ou("a"), cn("b"))), D, D),
        withoutSan("a", subject(rdn(cn("a")), rdn(ou("b"))), S, D),
        withoutSan("b", subject(rdn(cn("a")), rdn(ou("b"))), D, D),
        withoutSan("b", subject(rdn(ou("a")), rdn(cn("b"))), S, D),
        withoutSan("a", subject(rdn(ou("a")), rdn(cn("b"))), D, D),
        withoutSan("b", subject(rdn(ou("a"), cn("b"), ou("c"))), S, D),
        withoutSan("b", subject(rdn(ou("a")), rdn(cn("b")), rdn(ou("c"))), S, D),

        withoutSan("example.com", subject(rdn(cn(""))), D, D),

        withoutSan("uses_underscore.example.com", subject(rdn(cn("*.example.com"))), S, D),
        withoutSan("a.uses_underscore.example.com",
            subject(rdn(cn("*.uses_underscore.example.com"))), S, D),
        withSan("uses_underscore.example.com", subject(rdn(cn("foo"))),
            dnsName("*.example.com"), S, S),
        withSan("a.uses_underscore.example.com", subject(rdn(cn("foo"))),
            dnsName("*.uses_underscore.example.com"), S, S),

        // a malformed iPAddress entry is just a mismatch for a DNS reference
        withSan("example.com", subject(rdn(cn("foo"))), ipAddress(EXAMPLE_COM), D, D),
        withSan("example.org", subject(rdn(cn("foo"))),
            cat(ipAddress(EXAMPLE_COM), dnsName("example.org")), S, S),
        withSan("example.com", subject(rdn(cn("foo"))),
            cat(dnsName("!"), dnsName("example.com")), B, B),

        // IPv4
        withSan(IPV4_STR, subject(rdn(cn("foo"))), ipAddress(IPV4), S, S),
        withoutSan(IPV4_STR, subject(rdn(cn(IPV4_STR))), S, D),
        withSan(IPV4_STR, subject(rdn(cn(IPV4_STR))), dnsName("example.com"), D, D),
        withSan(IPV4_STR, subject(rdn(cn(IPV4_STR))), ipAddress(IPV6), D, D),
        withSan(IPV4_STR, subject(rdn(cn(IPV4_STR))), rfc822Name("foo@example.com"), S, D),
        withSan(IPV4_STR, subject(rdn(cn(IPV4_STR))), ipAddress(EXAMPLE_COM), D, D),
        withSan(IPV4_STR, subject(rdn(cn(IPV4_STR))), dnsName("!"), D, D),

        // IPv6 is never matched against the CN
        withoutSan(IPV6_STR, subject(rdn(cn(IPV6_STR))), D, D),
        withSan(IPV6_STR, subject(rdn(cn(IPV6_STR))), dnsName("example.com"), D, D),
        withSan(IPV6_STR, subject(rdn(cn(IPV6_STR))), ipAddress(IPV6), S, S),
        withSan(IPV6_STR, subject(rdn(cn("foo"))), ipAddress(IPV6), S, S),

        // the binary form of an address in a CN or dNSName is not an address
        withoutSan(IPV4_STR, subject(rdn(cn(IPV4_BYTES_AS_STR))), D, D),
        withoutSan(IPV6_STR, subject(rdn(cn(IPV6_BYTES_AS_STR))), D, D),
        withSan(IPV4_STR, subject(rdn(cn("foo"))), dnsName(IPV4_BYTES_AS_STR), D, D),
        withSan(IPV4_STR, subject(rdn(cn("foo"))), dnsName(IPV4_STR), D, D),
        withSan(IPV6_STR, subject(rdn(cn("foo"))), dnsName(IPV6_BYTES_AS_STR), D, D),
        withSan(IPV6_STR, subject(rdn(cn("foo"))), dnsName(IPV6_STR), D, D),

        // IPv4 and IPv4-in-IPv6 forms never match each other
        withSan(IPV4_STR, subject(rdn(cn("foo"))), ipAddress(IPV4_COMPATIBLE_IPV6), D, D),
        withSan(IPV4_STR, subject(rdn(cn("foo"))), ipAddress(IPV4_MAPPED_IPV6), D, D),
        withSan(IPV4_COMPATIBLE_IPV6_STR, subject(rdn(cn("foo"))), ipAddress(IPV4), D, D),
        withSan(IPV4_MAPPED_IPV6_STR, subject(rdn(cn("foo"))), ipAddress(IPV4), D, D),

        // an otherName entry is a mismatch, not an error
        withSan("example.com", subject(), cat(otherName(none), dnsName("example.com")), S, S),
        withSan("example.com", subject(), otherName(none), D, D));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void checkCertHostname(String host, byte[] subject, byte[] sanExtnValue, Result cnFallback,
      Result firefox) {
    Cert cert = Der.cert(subject, sanExtnValue);
    assertEquals(cnFallback, HostnameMatcher.checkCertHostname(cert, b(host),
        InvalidEntryPolicy.HALT_ON_INVALID, true), "with CN fallback");
    assertEquals(firefox, HostnameMatcher.checkCertHostname(cert, b(host),
        InvalidEntryPolicy.HALT_ON_INVALID), "Firefox policy");
  }

  @Test
  void sanExtensionWithoutSequenceIsRejectedWhenParsing() {
    // An empty extnValue never reaches name matching: BackCert/Cert.parse refuses it.
    PkixException e = assertThrows(PkixException.class,
        () -> Cert.parse(Der.certDer(name(rdn(cn("a"))), new byte[0], false)));
    assertEquals(Result.SEC_ERROR_EXTENSION_VALUE_INVALID, e.result());
  }

  @Test
  void skipInvalidSubjectAlternativeNames() {
    // An IPv4 literal in a dNSName is not a valid presented DNS-ID.
    Cert cert = Der.cert(name(rdn(cn("invalid SAN example"))), san(dnsName("192.0.2.0")));
    assertEquals(B, HostnameMatcher.checkCertHostname(cert, b("example.com"),
        InvalidEntryPolicy.HALT_ON_INVALID));
    assertEquals(D, HostnameMatcher.checkCertHostname(cert, b("example.com"),
        InvalidEntryPolicy.SKIP_INVALID));
  }
}
