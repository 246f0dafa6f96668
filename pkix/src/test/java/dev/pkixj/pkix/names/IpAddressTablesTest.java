package dev.pkixj.pkix.names;

import static dev.pkixj.pkix.names.Der.b;
import static dev.pkixj.pkix.names.Der.cn;
import static dev.pkixj.pkix.names.Der.ipAddress;
import static dev.pkixj.pkix.names.Der.name;
import static dev.pkixj.pkix.names.Der.rdn;
import static dev.pkixj.pkix.names.Der.san;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.names.HostnameMatcher.InvalidEntryPolicy;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The IPV4_ADDRESSES and IPV6_ADDRESSES tables of mozilla::pkix's {@code pkixnames_tests.cpp}. */
class IpAddressTablesTest {

  /** Stands for "invalid" (the bytes upstream uses so that an accidental match is unlikely). */
  private static final byte[] INVALID_V4 = {73, 73, 73, 73};

  private static Arguments v4(String text, int a, int b, int c, int d) {
    return Arguments.of(text, Der.bytes(a, b, c, d));
  }

  private static Arguments bad4(String text) {
    return Arguments.of(text, null);
  }

  static Stream<Arguments> ipv4() {
    return Stream.of(
        bad4(""),
        bad4("1"),
        bad4("1.2"),
        bad4("1.2.3"),
        v4("1.2.3.4", 1, 2, 3, 4),
        bad4("1.2.3.4.5"),
        bad4("1.2.3.4a"),
        bad4("a.2.3.4"),
        bad4("1::2"),
        bad4(" 1.2.3.4"),
        bad4("1.2.3.4 "),
        bad4("1 .2.3.4"),
        bad4("\n1.2.3.4"),
        bad4("1.2.3.4\n"),
        bad4("\0"),
        bad4("\0" + "1.2.3.4"),
        bad4("1.2.3.4\0"),
        bad4("1.2.3.4\0.5"),
        v4("0.0.0.0", 0, 0, 0, 0),
        v4("255.255.255.255", 255, 255, 255, 255),
        bad4("256.0.0.0"),
        bad4("0.256.0.0"),
        bad4("0.0.256.0"),
        bad4("0.0.0.256"),
        bad4("999.0.0.0"),
        bad4("9999999999999999999.0.0.0"),
        v4("0.1.2.3", 0, 1, 2, 3),
        v4("4.5.6.7", 4, 5, 6, 7),
        v4("8.9.0.1", 8, 9, 0, 1),
        // no leading zeros
        bad4("01.2.3.4"),
        bad4("001.2.3.4"),
        bad4("00000000001.2.3.4"),
        bad4("010.2.3.4"),
        bad4("1.02.3.4"),
        bad4("1.2.03.4"),
        bad4("1.2.3.04"),
        // empty or extra components
        bad4(".2.3.4"),
        bad4("1..3.4"),
        bad4("1.2..4"),
        bad4("1.2.3."),
        bad4("1.2.3.4.5.6"),
        bad4("0.1.2.3.4"),
        bad4("1.2.3.4.0"),
        bad4(".1.2.3.4"),
        bad4("1.2.3.4."),
        // other historical notations are refused
        v4("192.0.2.235", 192, 0, 2, 235),
        bad4("0xC0.0x00.0x02.0xEB"),
        bad4("0301.0000.0002.0353"),
        bad4("0xC00002EB"),
        bad4("3221226219"),
        bad4("030000001353"),
        bad4("192.0.0002.0xEB"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ipv4")
  void parseIPv4(String text, byte[] expected) {
    byte[] parsed = HostnameMatcher.parseIPv4(b(text));
    if (expected == null) {
      assertNull(parsed);
    } else {
      assertArrayEquals(expected, parsed);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ipv4")
  void ipv4ReferenceAgainstIpAddressSan(String text, byte[] expected) {
    Cert cert = Der.cert(name(rdn(cn("Common Name"))),
        san(ipAddress(expected == null ? INVALID_V4 : expected)));
    Result want = expected != null ? Result.SUCCESS : Result.SSL_ERROR_BAD_CERT_DOMAIN;
    assertEquals(want, HostnameMatcher.checkCertHostname(cert, b(text),
        InvalidEntryPolicy.HALT_ON_INVALID));
    assertEquals(want, HostnameMatcher.checkCertHostname(cert, b(text),
        InvalidEntryPolicy.HALT_ON_INVALID, true));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ipv4")
  void ipv4ReferenceAgainstCommonName(String text, byte[] expected) {
    Cert cert = Der.cert(name(rdn(cn(text))), null);
    // Some of the invalid addresses are DNS names, which the CN then matches.
    boolean cnMatches = expected != null || HostnameMatcher.isValidReferenceDnsId(b(text));
    assertEquals(cnMatches ? Result.SUCCESS : Result.SSL_ERROR_BAD_CERT_DOMAIN,
        HostnameMatcher.checkCertHostname(cert, b(text), InvalidEntryPolicy.HALT_ON_INVALID,
            true));
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN,
        HostnameMatcher.checkCertHostname(cert, b(text), InvalidEntryPolicy.HALT_ON_INVALID));
  }

  private static Arguments v6(String text, String hex) {
    return Arguments.of(text, HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  private static Arguments bad6(String text) {
    return Arguments.of(text, null);
  }

  static Stream<Arguments> ipv6() {
    return Stream.of(
        bad6(""),
        bad6("1234"),
        bad6("1234:5678"),
        bad6("1234:5678:9abc"),
        bad6("1234:5678:9abc:def0"),
        bad6("1234:5678:9abc:def0:1234:"),
        bad6("1234:5678:9abc:def0:1234:5678:"),
        bad6("1234:5678:9abc:def0:1234:5678:9abc:"),
        v6("1234:5678:9abc:def0:1234:5678:9abc:def0", "123456789abcdef0 123456789abcdef0"),
        bad6("1234:5678:9abc:def0:1234:5678:9abc:def0:"),
        bad6(":1234:5678:9abc:def0:1234:5678:9abc:def0"),
        bad6("1234:5678:9abc:def0:1234:5678:9abc:def0:0000"),
        // contractions
        v6("::1", "0000000000000000 0000000000000001"),
        v6("::1234", "0000000000000000 0000000000001234"),
        v6("1234::", "1234000000000000 0000000000000000"),
        v6("1234::5678", "1234000000000000 0000000000005678"),
        v6("1234:5678::abcd", "1234567800000000 000000000000abcd"),
        v6("1234:5678:9abc:def0:1234:5678:9abc::", "123456789abcdef0 123456789abc0000"),
        bad6("::1234:5678:9abc:def0:1234:5678:9abc:def0"),
        bad6("1234:5678:9abc:def0:1234:5678:9abc:def0::"),
        bad6("1234:5678::9abc:def0:1234:5678:9abc:def0"),
        bad6("::1::"),
        bad6("::1::2"),
        bad6("1::2::"),
        // colons
        bad6(":"),
        bad6("::"),
        bad6(":::"),
        bad6("::::"),
        bad6(":::1"),
        bad6("::::1"),
        bad6("1:::2"),
        bad6("1::::2"),
        bad6("1:2:::"),
        bad6("1:2::::"),
        bad6("::1234:"),
        bad6(":1234::"),
        bad6("01234::"),
        bad6("12345678::"),
        // case
        v6("ABCD:EFAB::", "abcdefab00000000 0000000000000000"),
        v6("aBcd:eFAb::", "abcdefab00000000 0000000000000000"),
        // IPv4 tails
        v6("::2.3.4.5", "0000000000000000 0000000002030405"),
        v6("1234::2.3.4.5", "1234000000000000 0000000002030405"),
        v6("::abcd:2.3.4.5", "0000000000000000 0000abcd02030405"),
        v6("1234:5678:9abc:def0:1234:5678:252.253.254.255", "123456789abcdef0 12345678fcfdfeff"),
        v6("1234:5678:9abc:def0:1234::252.253.254.255", "123456789abcdef0 12340000fcfdfeff"),
        bad6("1234::252.253.254"),
        bad6("::252.253.254"),
        bad6("::252.253.254.300"),
        bad6("1234::252.253.254.255:"),
        bad6("1234::252.253.254.255:5678"),
        // contractions that stand for nothing
        bad6("1234:5678:9abc:def0::1234:5678:9abc:def0"),
        bad6("1234:5678:9abc:def0:1234:5678::252.253.254.255"),
        // leading zeros within four digits are fine
        v6("::123", "0000000000000000 0000000000000123"),
        v6("::0123", "0000000000000000 0000000000000123"),
        v6("::012", "0000000000000000 0000000000000012"),
        v6("::0012", "0000000000000000 0000000000000012"),
        v6("::01", "0000000000000000 0000000000000001"),
        v6("::001", "0000000000000000 0000000000000001"),
        v6("::0001", "0000000000000000 0000000000000001"),
        v6("::0", "0000000000000000 0000000000000000"),
        v6("::00", "0000000000000000 0000000000000000"),
        v6("::000", "0000000000000000 0000000000000000"),
        v6("::0000", "0000000000000000 0000000000000000"),
        bad6("::01234"),
        bad6("::00123"),
        bad6("::000123"),
        bad6("::12340"),
        // whitespace
        bad6(" 1234:5678:9abc:def0:1234:5678:9abc:def0"),
        bad6("\t1234:5678:9abc:def0:1234:5678:9abc:def0"),
        bad6("\t1234:5678:9abc:def0:1234:5678:9abc:def0\n"),
        bad6("1234 :5678:9abc:def0:1234:5678:9abc:def0"),
        bad6("1234: 5678:9abc:def0:1234:5678:9abc:def0"),
        bad6(":: 2.3.4.5"),
        bad6("1234::252.253.254.255 "),
        bad6("1234::252.253.254.255\n"),
        bad6("1234::252.253. 254.255"),
        // NUL
        bad6("\0"),
        bad6("::1\0:2"),
        bad6("::1\0"),
        bad6("::1.2.3.4\0"),
        bad6("::1.2\0" + "2.3.4"),
        bad6("::1.2\u0002.3.4")); // upstream writes this 0x02 byte as an octal escape
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ipv6")
  void parseIPv6(String text, byte[] expected) {
    byte[] parsed = HostnameMatcher.parseIPv6(b(text));
    if (expected == null) {
      assertNull(parsed);
    } else {
      assertArrayEquals(expected, parsed);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("ipv6")
  void ipv6ReferenceAgainstIpAddressSan(String text, byte[] expected) {
    if (expected == null) {
      return; // covered by parseIPv6; an unparsable literal is simply not an IPv6 reference
    }
    Cert match = Der.cert(name(rdn(cn("x"))), san(ipAddress(expected)));
    assertEquals(Result.SUCCESS, HostnameMatcher.checkCertHostname(match, b(text),
        InvalidEntryPolicy.HALT_ON_INVALID));
    byte[] other = expected.clone();
    other[15] ^= 1;
    Cert mismatch = Der.cert(name(rdn(cn("x"))), san(ipAddress(other)));
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, HostnameMatcher.checkCertHostname(mismatch,
        b(text), InvalidEntryPolicy.HALT_ON_INVALID));
    // An IPv6 literal in the CN is never used, even with the CN fallback.
    Cert cnOnly = Der.cert(name(rdn(cn(text))), null);
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, HostnameMatcher.checkCertHostname(cnOnly,
        b(text), InvalidEntryPolicy.HALT_ON_INVALID, true));
  }
}
