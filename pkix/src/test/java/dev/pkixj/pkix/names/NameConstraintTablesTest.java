package dev.pkixj.pkix.names;

import static dev.pkixj.pkix.names.Der.b;
import static dev.pkixj.pkix.names.Der.bytes;
import static dev.pkixj.pkix.names.Der.cat;
import static dev.pkixj.pkix.names.Der.cn;
import static dev.pkixj.pkix.names.Der.directoryName;
import static dev.pkixj.pkix.names.Der.dnsName;
import static dev.pkixj.pkix.names.Der.emailAddress;
import static dev.pkixj.pkix.names.Der.excluded;
import static dev.pkixj.pkix.names.Der.generalSubtree;
import static dev.pkixj.pkix.names.Der.ipAddress;
import static dev.pkixj.pkix.names.Der.name;
import static dev.pkixj.pkix.names.Der.nameConstraints;
import static dev.pkixj.pkix.names.Der.ou;
import static dev.pkixj.pkix.names.Der.permitted;
import static dev.pkixj.pkix.names.Der.rdn;
import static dev.pkixj.pkix.names.Der.rfc822Name;
import static dev.pkixj.pkix.names.Der.san;
import static dev.pkixj.pkix.names.Der.tlv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NAME_CONSTRAINT_PARAMS and NO_FALLBACK_NAME_CONSTRAINT_PARAMS of mozilla::pkix's {@code
 * pkixnames_tests.cpp}: each row's subtrees are tried as permittedSubtrees, as excludedSubtrees,
 * and as both.
 */
class NameConstraintTablesTest {
  private static final Result S = Result.SUCCESS;
  private static final Result N = Result.SEC_ERROR_CERT_NOT_IN_NAME_SPACE;
  private static final Result B = Result.SEC_ERROR_BAD_DER;

  private static final byte[] NO_NAME = name();

  static final byte[] IPV4 = bytes(1, 2, 3, 4);
  static final byte[] IPV4_FFFFFFFF = bytes(1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff);
  static final byte[] IPV4_OTHER = bytes(5, 6, 7, 8);
  static final byte[] IPV4_OTHER_FFFFFFFF = bytes(5, 6, 7, 8, 0xff, 0xff, 0xff, 0xff);
  static final byte[] IPV4_00000000 = bytes(0, 0, 0, 0);
  static final byte[] IPV4_CONSTRAINT_ALL_ZEROS = new byte[8];
  static final byte[] IPV6 = bytes(0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
      0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11);
  static final byte[] IPV6_OTHER = bytes(0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88,
      0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00);
  static final byte[] IPV6_ALL_ZEROS = new byte[16];
  static final byte[] IPV6_CONSTRAINT_ALL_ZEROS = new byte[32];
  static final byte[] IPV4_CIDR_16 = bytes(1, 2, 0, 0, 0xff, 0xff, 0, 0);
  static final byte[] IPV4_CIDR_17 = bytes(1, 2, 0, 0, 0xff, 0xff, 0x80, 0);
  /** 1.2.0.0/16 written as 1.2.3.0/16. */
  static final byte[] IPV4_CIDR_16_BAD_ADDR = bytes(1, 2, 3, 0, 0xff, 0xff, 0, 0);
  /** A non-contiguous mask (ones, zeros, ones, zeros). */
  static final byte[] IPV4_BAD_MASK = bytes(1, 2, 3, 0, 0xff, 0, 0xff, 0);
  static final byte[] IPV6_CIDR_16 = cat(bytes(0x11, 0x22), new byte[14], bytes(0xff, 0xff),
      new byte[14]);
  static final byte[] IPV6_CIDR_16_BAD_ADDR = cat(bytes(0x11, 0x22, 0x33, 0x44), new byte[12],
      bytes(0xff, 0xff), new byte[14]);
  static final byte[] IPV6_BAD_MASK = cat(bytes(0x11, 0x22, 0x33, 0x44, 0x55, 0x66),
      new byte[10], bytes(0xff, 0xff, 0, 0, 0xff, 0xff), new byte[10]);
  static final byte[] IPV4_TRUNCATED = bytes(1, 2, 3);
  static final byte[] IPV4_OVERLONG = bytes(1, 2, 3, 4, 5);
  static final byte[] IPV4_CONSTRAINT_TRUNCATED = new byte[7];
  static final byte[] IPV4_CONSTRAINT_OVERLONG = new byte[9];
  static final byte[] IPV6_TRUNCATED = java.util.Arrays.copyOf(IPV6, 15);
  static final byte[] IPV6_OVERLONG = cat(IPV6, bytes(0));
  static final byte[] IPV6_CONSTRAINT_TRUNCATED = java.util.Arrays.copyOf(IPV6_CIDR_16, 31);
  static final byte[] IPV6_CONSTRAINT_OVERLONG = cat(IPV6_CIDR_16, bytes(0));

  /** One row: subject Name, SAN extnValue (null: no SAN extension), subtrees, two results. */
  private static Arguments r(byte[] subject, byte[] sanExtnValue, byte[] subtrees,
      Result permittedResult, Result excludedResult) {
    return Arguments.of(subject, sanExtnValue, subtrees, permittedResult, excludedResult);
  }

  private static byte[] gs(byte[] base) {
    return generalSubtree(base);
  }

  static Stream<Arguments> nameConstraintParams() {
    byte[] ou = ou("Example Organization");
    byte[] otherOu = ou("Other Example Organization");
    byte[] cnExample = cn("example.com");
    return Stream.of(
        // Malformed constraints of a type the certificate does not present are not noticed...
        r(NO_NAME, null, gs(dnsName("!")), S, S),
        // ...but every certificate presents a directoryName (its subject), and an unknown
        // GeneralName tag is malformed whatever the type.
        r(NO_NAME, null, gs(tlv(0x30, b("!"))), B, B),
        r(NO_NAME, null, gs(ipAddress(IPV4_CONSTRAINT_TRUNCATED)), S, S),
        r(NO_NAME, null, gs(ipAddress(IPV4_CONSTRAINT_OVERLONG)), S, S),
        r(NO_NAME, null, gs(ipAddress(IPV6_CONSTRAINT_TRUNCATED)), S, S),
        r(NO_NAME, null, gs(ipAddress(IPV6_CONSTRAINT_OVERLONG)), S, S),
        r(NO_NAME, null, gs(rfc822Name("!")), S, S),

        // Equal names match.
        r(NO_NAME, san(dnsName("host.example.com")), gs(dnsName("host.example.com")), S, N),
        r(NO_NAME, san(dnsName("host1.example.com")), gs(dnsName("host.example.com")), N, S),
        r(NO_NAME, san(rfc822Name("a@host.example.com")), gs(rfc822Name("host.example.com")),
            S, N),
        r(NO_NAME, san(rfc822Name("a@host1.example.com")), gs(rfc822Name("host.example.com")),
            N, S),
        // Dotless constraints cover subdomains for dNSName, not for rfc822Name.
        r(NO_NAME, san(dnsName("www.host.example.com")), gs(dnsName("host.example.com")), S, N),
        r(NO_NAME, san(rfc822Name("a@www.host.example.com")),
            gs(rfc822Name("host.example.com")), N, S),
        // Only whole labels.
        r(NO_NAME, san(dnsName("bigfoo.bar.com")), gs(dnsName("foo.bar.com")), N, S),
        r(NO_NAME, san(rfc822Name("a@bigfoo.bar.com")), gs(rfc822Name("foo.bar.com")), N, S),
        // Leading-dot constraints: subdomains only.
        r(NO_NAME, san(dnsName("www.example.com")), gs(dnsName(".example.com")), S, N),
        r(NO_NAME, san(rfc822Name("a@www.example.com")), gs(rfc822Name(".example.com")), S, N),
        r(NO_NAME, san(rfc822Name("a@www.example.com")), gs(rfc822Name("a@.example.com")), B, B),
        r(NO_NAME, san(dnsName("example.com")), gs(dnsName(".example.com")), N, S),
        r(NO_NAME, san(rfc822Name("a@example.com")), gs(rfc822Name(".example.com")), N, S),
        r(NO_NAME, san(dnsName("bexample.com")), gs(dnsName(".example.com")), N, S),
        r(NO_NAME, san(rfc822Name("a@bexample.com")), gs(rfc822Name(".example.com")), N, S),
        // Absolute names are valid neither as constraints nor as presented names.
        r(NO_NAME, san(dnsName("example.com")), gs(dnsName("example.com.")), B, B),
        r(NO_NAME, san(rfc822Name("a@example.com")), gs(rfc822Name("example.com.")), B, B),
        r(NO_NAME, san(dnsName("example.com.")), gs(dnsName("example.com")), B, B),
        r(NO_NAME, san(rfc822Name("a@example.com.")), gs(rfc822Name("example.com")), B, B),
        r(NO_NAME, san(dnsName("p.example.com")), gs(dnsName(".example.com.")), B, B),
        r(NO_NAME, san(rfc822Name("a@p.example.com")), gs(rfc822Name(".example.com.")), B, B),
        r(NO_NAME, san(dnsName("*.example.com")), gs(dnsName(".example.com.")), B, B),
        r(NO_NAME, san(rfc822Name("a@*.example.com")), gs(rfc822Name(".example.com.")), B, B),
        // "" matches everything; "." is invalid.
        r(NO_NAME, san(dnsName("example.com")), gs(dnsName("")), S, N),
        r(NO_NAME, san(rfc822Name("a@example.com")), gs(rfc822Name("")), S, N),
        r(NO_NAME, san(dnsName("example.com.")), gs(dnsName("")), B, B),
        r(NO_NAME, san(rfc822Name("a@example.com.")), gs(rfc822Name("")), B, B),
        r(NO_NAME, san(dnsName("example.com")), gs(dnsName(".")), B, B),
        r(NO_NAME, san(rfc822Name("a@example.com")), gs(rfc822Name(".")), B, B),
        r(NO_NAME, san(dnsName("example.com.")), gs(dnsName(".")), B, B),
        r(NO_NAME, san(rfc822Name("a@example.com.")), gs(rfc822Name(".")), B, B),
        // Wildcard presented names.
        r(NO_NAME, san(dnsName("*.example.com")), gs(dnsName(".example.com")), S, N),
        r(NO_NAME, san(dnsName("*.example.com")), gs(dnsName("example.com")), S, N),
        r(NO_NAME, san(dnsName("*.example.com")), gs(dnsName("foo.example.com")), N, N),
        r(NO_NAME, san(dnsName("*.foo.example.com")), gs(dnsName("example.com")), S, N),
        r(NO_NAME, san(dnsName("*.example.com")), gs(dnsName("foo.example.org")), N, S),
        r(NO_NAME, san(dnsName("*invalid.example.com")), gs(dnsName("invalid.example.com")),
            B, B),

        // iPAddress
        r(NO_NAME, san(ipAddress(IPV4)), gs(ipAddress(IPV4_CONSTRAINT_ALL_ZEROS)), S, N),
        r(NO_NAME, san(ipAddress(IPV4_00000000)), gs(ipAddress(IPV4_CONSTRAINT_ALL_ZEROS)), S, N),
        r(NO_NAME, san(ipAddress(IPV4_00000000)), gs(ipAddress(IPV4_CONSTRAINT_ALL_ZEROS)), S, N),
        r(NO_NAME, san(ipAddress(IPV6)), gs(ipAddress(IPV6_CONSTRAINT_ALL_ZEROS)), S, N),
        r(NO_NAME, san(ipAddress(IPV6_ALL_ZEROS)), gs(ipAddress(IPV6_CONSTRAINT_ALL_ZEROS)), S, N),
        r(NO_NAME, san(ipAddress(IPV4)), gs(ipAddress(IPV6_CONSTRAINT_ALL_ZEROS)), N, S),
        r(NO_NAME, san(ipAddress(IPV6)), gs(ipAddress(IPV4_CONSTRAINT_ALL_ZEROS)), N, S),
        r(NO_NAME, san(ipAddress(IPV4)), gs(ipAddress(IPV4_CIDR_16)), S, N),
        r(NO_NAME, san(ipAddress(IPV4)), gs(ipAddress(IPV4_CIDR_17)), S, N),
        r(NO_NAME, san(ipAddress(IPV4_OTHER)), gs(ipAddress(IPV4_CIDR_16)), N, S),
        r(NO_NAME, san(ipAddress(IPV4)), gs(ipAddress(IPV4_CIDR_16_BAD_ADDR)), S, N),
        r(NO_NAME, san(ipAddress(IPV4_OTHER)), gs(ipAddress(IPV4_BAD_MASK)), N, S),
        r(NO_NAME, san(ipAddress(IPV6)), gs(ipAddress(IPV6_CIDR_16)), S, N),
        r(NO_NAME, san(ipAddress(IPV6_OTHER)), gs(ipAddress(IPV6_CIDR_16)), N, S),
        r(NO_NAME, san(ipAddress(IPV6)), gs(ipAddress(IPV6_CIDR_16_BAD_ADDR)), S, N),
        r(NO_NAME, san(ipAddress(IPV6_OTHER)), gs(ipAddress(IPV6_BAD_MASK)), N, S),
        r(NO_NAME, san(ipAddress(new byte[0])), gs(ipAddress(IPV4_CONSTRAINT_ALL_ZEROS)), B, B),
        r(NO_NAME, san(ipAddress(IPV4_TRUNCATED)), gs(ipAddress(IPV4_CONSTRAINT_ALL_ZEROS)), B, B),
        r(NO_NAME, san(ipAddress(IPV4_OVERLONG)), gs(ipAddress(IPV4_CONSTRAINT_ALL_ZEROS)), B, B),
        r(NO_NAME, san(ipAddress(IPV4)), gs(ipAddress(new byte[0])), B, B),
        r(NO_NAME, san(ipAddress(IPV4)), gs(ipAddress(IPV4_CONSTRAINT_TRUNCATED)), B, B),
        r(NO_NAME, san(ipAddress(IPV4)), gs(ipAddress(IPV4_CONSTRAINT_OVERLONG)), B, B),
        r(NO_NAME, san(ipAddress(new byte[0])), gs(ipAddress(IPV6_CONSTRAINT_ALL_ZEROS)), B, B),
        r(NO_NAME, san(ipAddress(IPV6_TRUNCATED)), gs(ipAddress(IPV6_CONSTRAINT_ALL_ZEROS)), B, B),
        r(NO_NAME, san(ipAddress(IPV6_OVERLONG)), gs(ipAddress(IPV6_CONSTRAINT_ALL_ZEROS)), B, B),
        r(NO_NAME, san(ipAddress(IPV6)), gs(ipAddress(new byte[0])), B, B),
        r(NO_NAME, san(ipAddress(IPV6)), gs(ipAddress(IPV6_CONSTRAINT_TRUNCATED)), B, B),
        r(NO_NAME, san(ipAddress(IPV6)), gs(ipAddress(IPV6_CONSTRAINT_OVERLONG)), B, B),

        // Malformed constraints of types not presented are not rejected.
        r(NO_NAME, null, gs(dnsName("!")), S, S),
        r(NO_NAME, null, gs(ipAddress(IPV4_OVERLONG)), S, S),
        r(NO_NAME, null, gs(ipAddress(IPV6_OVERLONG)), S, S),
        r(NO_NAME, null, gs(rfc822Name("\0")), S, S),

        // CN-ID as a DNS name (TLS server end-entity, no dNSName/iPAddress SAN entry).
        r(NO_NAME, null, gs(dnsName("a.example.com")), S, S),
        r(name(rdn(cn(""))), null, gs(dnsName("a.example.com")), S, S),
        r(name(rdn(cn("1.2.3.4"))), null, gs(dnsName("a.example.com")), S, S),
        r(name(rdn(ou("a.example.com"))), null, gs(dnsName("a.example.com")), S, S),
        r(name(rdn(ou("b.example.com"))), null, gs(dnsName("a.example.com")), S, S),
        r(name(rdn(cn("Not a DNSName"))), null, gs(dnsName("a.example.com")), S, S),
        r(name(rdn(cn("a.example.com"))), null, gs(dnsName("a.example.com")), S, N),
        r(name(rdn(cn("b.example.com"))), null, gs(dnsName("a.example.com")), N, S),
        r(name(rdn(cn("a.example.com"))), san(rfc822Name("foo@example.com")),
            gs(dnsName("a.example.com")), S, N),
        r(name(rdn(cn("a.example.com"))), san(rfc822Name("foo@example.com")),
            gs(dnsName("b.example.com")), N, S),
        r(name(rdn(cn("a.example.com"))), san(dnsName("b.example.com")),
            gs(dnsName("a.example.com")), N, S),
        r(name(rdn(cn("a.example.com"))), san(dnsName("b.example.com")),
            gs(dnsName("b.example.com")), S, N),
        r(name(rdn(cn("a.example.com"))), san(ipAddress(IPV4)), gs(dnsName("a.example.com")),
            S, S),
        r(name(rdn(cn("a.example.com"))), san(ipAddress(IPV4)), gs(dnsName("b.example.com")),
            S, S),

        // CN-ID as an IPv4 address.
        r(name(rdn(cn("1.2.3.4"))), san(rfc822Name("foo@example.com")),
            gs(ipAddress(IPV4_FFFFFFFF)), S, N),
        r(name(rdn(cn("1.2.3.4"))), san(rfc822Name("foo@example.com")),
            gs(ipAddress(IPV4_OTHER_FFFFFFFF)), N, S),
        r(name(rdn(cn("1.2.3.4"))), san(dnsName("b.example.com")),
            gs(ipAddress(IPV4_FFFFFFFF)), S, S),
        r(name(rdn(cn("1.2.3.4"))), san(dnsName("b.example.com")),
            gs(ipAddress(IPV4_FFFFFFFF)), S, S),
        r(name(rdn(cn("1.2.3.4"))), san(ipAddress(IPV4_OTHER)),
            gs(ipAddress(IPV4_FFFFFFFF)), N, S),
        r(name(rdn(cn("1.2.3.4"))), san(ipAddress(IPV4_OTHER)),
            gs(ipAddress(IPV4_OTHER_FFFFFFFF)), S, N),

        // Only the most specific (last) CN is constrained.
        r(name(rdn(cn("a.example.com"), cn("b.example.com"))), null,
            gs(dnsName("a.example.com")), N, S),
        r(name(rdn(cn("a.example.com")), rdn(cn("b.example.com"))), null,
            gs(dnsName("a.example.com")), N, S),
        r(name(rdn(cn("a.example.com"), cn("b.example.com"))), null,
            gs(dnsName("b.example.com")), S, N),
        r(name(rdn(cn("a.example.com")), rdn(cn("b.example.com"))), null,
            gs(dnsName("b.example.com")), S, N),

        // rfc822Name
        r(NO_NAME, san(rfc822Name("a@example.com")), gs(rfc822Name("a@example.com")), S, N),
        r(NO_NAME, san(rfc822Name("a@example.com")), gs(rfc822Name("@example.com")), B, B),
        r(NO_NAME, san(rfc822Name("@example.com")), gs(rfc822Name("@example.com")), B, B),
        r(NO_NAME, san(rfc822Name("example.com")), gs(rfc822Name("@example.com")), B, B),
        r(NO_NAME, san(rfc822Name("a@mail.example.com")), gs(rfc822Name("a@*.example.com")),
            B, B),
        r(NO_NAME, san(rfc822Name("a@*.example.com")), gs(rfc822Name(".example.com")), B, B),
        r(NO_NAME, san(rfc822Name("@example.com")), gs(rfc822Name(".example.com")), B, B),
        r(NO_NAME, san(rfc822Name("@a.example.com")), gs(rfc822Name(".example.com")), B, B),

        // underscores
        r(NO_NAME, san(dnsName("uses_underscore.example.com")),
            gs(dnsName("uses_underscore.example.com")), S, N),
        r(NO_NAME, san(dnsName("uses_underscore.example.com")), gs(dnsName("example.com")), S, N),
        r(NO_NAME, san(dnsName("a.uses_underscore.example.com")),
            gs(dnsName("uses_underscore.example.com")), S, N),
        r(NO_NAME, san(rfc822Name("a@uses_underscore.example.com")),
            gs(rfc822Name("uses_underscore.example.com")), S, N),
        r(NO_NAME, san(rfc822Name("uses_underscore@example.com")), gs(rfc822Name("example.com")),
            S, N),
        r(NO_NAME, san(rfc822Name("a@a.uses_underscore.example.com")),
            gs(rfc822Name(".uses_underscore.example.com")), S, N),

        // An empty SAN: the CN is still a CN-ID, but emailAddress is not read any more.
        r(name(rdn(cn("a.example.com"))), san(), gs(dnsName("a.example.com")), S, N),
        r(name(rdn(emailAddress("a@example.com"))), san(), gs(rfc822Name("a@example.com")), S, S),
        r(name(rdn(emailAddress("a@example.com"))), null, gs(rfc822Name("a@example.com")), S, N),

        // directoryName
        r(name(rdn(ou), rdn(cnExample)), null, gs(directoryName(name(rdn(ou), rdn(cnExample)))),
            S, N),
        r(name(rdn(ou, cnExample)), null, gs(directoryName(name(rdn(ou, cnExample)))), S, N),
        r(name(rdn(ou), rdn(cnExample)), null, gs(directoryName(name(rdn(ou)))), S, N),
        r(name(rdn(otherOu), rdn(cnExample)), null,
            gs(directoryName(name(rdn(ou), rdn(cnExample)))), N, N),
        r(name(rdn(otherOu, cnExample)), null, gs(directoryName(name(rdn(ou, cnExample)))), N, N),
        r(name(rdn(ou, cnExample)), null, gs(directoryName(name(rdn(ou)))), N, N),
        r(name(rdn(ou, cnExample)), null, gs(directoryName(name(rdn(ou), rdn(cnExample)))), N, N),
        r(name(rdn(ou), rdn(cnExample)), null, gs(directoryName(name(rdn(ou, cnExample)))), N, N),
        // UTF8String and PrintableString values compare equal; other string types do not.
        r(name(rdn(ou("Example Organization", Der.UTF8_STRING)), rdn(cnExample)), null,
            gs(directoryName(name(rdn(ou("Example Organization", Der.PRINTABLE_STRING)),
                rdn(cnExample)))), S, N),
        r(name(rdn(ou("Example Organization", Der.PRINTABLE_STRING)), rdn(cnExample)), null,
            gs(directoryName(name(rdn(ou("Example Organization", Der.UTF8_STRING)),
                rdn(cnExample)))), S, N),
        r(name(rdn(ou("Other Example Organization", Der.UTF8_STRING)), rdn(cnExample)), null,
            gs(directoryName(name(rdn(ou("Example Organization", Der.PRINTABLE_STRING)),
                rdn(cnExample)))), N, N),
        r(name(rdn(ou("Example Organization", Der.PRINTABLE_STRING)), rdn(cnExample)), null,
            gs(directoryName(name(rdn(ou("Example Organization", Der.TELETEX_STRING)),
                rdn(cnExample)))), N, N),

        // wildcards and multiple entries
        r(name(rdn(cn("*.example.com"))), null, gs(dnsName("example.com")), S, N),
        r(NO_NAME, san(dnsName("*.example.com")), gs(dnsName("example.com")), S, N),
        r(NO_NAME, san(dnsName("www.example.com")), gs(dnsName("*.example.com")), B, B),
        r(name(rdn(cnExample)), null, cat(gs(dnsName("example.org")), gs(dnsName("example.com"))),
            S, N),
        r(NO_NAME, san(dnsName("example.com")),
            cat(gs(dnsName("example.org")), gs(dnsName("example.com"))), S, N),
        r(NO_NAME, san(dnsName("example.com"), dnsName("example.org")),
            gs(dnsName("example.com")), N, N),
        r(name(rdn(ou)), san(dnsName("example.com")),
            cat(gs(directoryName(name(rdn(ou)))), gs(dnsName("example.com"))), S, N),
        r(name(rdn(otherOu)), san(dnsName("example.com")),
            cat(gs(directoryName(name(rdn(ou)))), gs(dnsName("example.com"))), N, N),
        r(name(rdn(ou)), san(dnsName("example.org")),
            cat(gs(directoryName(name(rdn(ou)))), gs(dnsName("example.com"))), N, N),
        r(NO_NAME, san(dnsName("example.com")), gs(directoryName(name(rdn(ou)))), N, N));
  }

  static Result check(byte[] nameConstraints, Cert cert, boolean endEntity, KeyPurposeId eku) {
    try {
      NameConstraints.check(Input.of(nameConstraints), new Cert[] {cert}, 1, endEntity, eku);
      return Result.SUCCESS;
    } catch (PkixException e) {
      return e.result();
    }
  }

  @ParameterizedTest(name = "[{index}]")
  @MethodSource("nameConstraintParams")
  void directlyIssuedServerEndEntity(byte[] subject, byte[] sanExtnValue, byte[] subtrees,
      Result permittedResult, Result excludedResult) {
    Cert cert = Der.cert(subject, sanExtnValue);
    KeyPurposeId serverAuth = KeyPurposeId.ID_KP_SERVER_AUTH;
    assertEquals(permittedResult,
        check(nameConstraints(permitted(subtrees)), cert, true, serverAuth), "permitted");
    assertEquals(excludedResult,
        check(nameConstraints(excluded(subtrees)), cert, true, serverAuth), "excluded");
    assertEquals(permittedResult == excludedResult ? excludedResult : N,
        check(nameConstraints(permitted(subtrees), excluded(subtrees)), cert, true, serverAuth),
        "both");
  }

  /** Rows where only the CN fallback could differ: for CAs and non-TLS uses there is none. */
  static Stream<Arguments> noFallbackParams() {
    return Stream.of(
        r(name(rdn(cn("Not a DNSName"))), null, gs(dnsName("a.example.com")), S, S),
        r(name(rdn(cn("a.example.com"))), null, gs(dnsName("a.example.com")), S, S),
        r(name(rdn(cn("b.example.com"))), null, gs(dnsName("a.example.com")), S, S),
        r(name(rdn(cn("Example Name"))), null,
            gs(directoryName(name(rdn(cn("Example Name"))))), S, N),
        r(name(rdn(cn("Other Example Name"))), null,
            gs(directoryName(name(rdn(cn("Example Name"))))), N, N));
  }

  @ParameterizedTest(name = "[{index}]")
  @MethodSource("noFallbackParams")
  void intermediate(byte[] subject, byte[] sanExtnValue, byte[] subtrees,
      Result permittedResult, Result excludedResult) {
    Cert ca = Der.cert(subject, sanExtnValue, true);
    KeyPurposeId serverAuth = KeyPurposeId.ID_KP_SERVER_AUTH;
    assertEquals(permittedResult,
        check(nameConstraints(permitted(subtrees)), ca, false, serverAuth));
    assertEquals(excludedResult, check(nameConstraints(excluded(subtrees)), ca, false, serverAuth));
    assertEquals(excludedResult,
        check(nameConstraints(permitted(subtrees), excluded(subtrees)), ca, false, serverAuth));
  }

  @ParameterizedTest(name = "[{index}]")
  @MethodSource("noFallbackParams")
  void nonServerAuthEndEntity(byte[] subject, byte[] sanExtnValue, byte[] subtrees,
      Result permittedResult, Result excludedResult) {
    Cert cert = Der.cert(subject, sanExtnValue);
    KeyPurposeId clientAuth = KeyPurposeId.ID_KP_CLIENT_AUTH;
    assertEquals(permittedResult,
        check(nameConstraints(permitted(subtrees)), cert, true, clientAuth));
    assertEquals(excludedResult, check(nameConstraints(excluded(subtrees)), cert, true, clientAuth));
    assertEquals(excludedResult,
        check(nameConstraints(permitted(subtrees), excluded(subtrees)), cert, true, clientAuth));
  }
}
