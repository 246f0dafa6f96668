package dev.pkixj.pkix.names;

import static dev.pkixj.pkix.names.Der.b;
import static dev.pkixj.pkix.names.Der.cn;
import static dev.pkixj.pkix.names.Der.dnsName;
import static dev.pkixj.pkix.names.Der.name;
import static dev.pkixj.pkix.names.Der.rdn;
import static dev.pkixj.pkix.names.Der.san;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.names.HostnameMatcher.InvalidEntryPolicy;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DNS-ID tables of mozilla::pkix's {@code pkixnames_tests.cpp} (DNSID_MATCH_PARAMS,
 * DNSNAMES_VALIDITY, DNSNAMES_VALIDITY_TURKISH_I), restated as data and run against the Java
 * port, both directly and through certificates.
 */
class DnsIdTablesTest {

  /** Expected outcome of matching a presented DNS-ID against a reference DNS-ID. */
  enum Outcome { MATCH, MISMATCH, BAD_DER }

  private static Arguments m(String presented, String reference) {
    return Arguments.of(presented, reference, Outcome.MATCH);
  }

  private static Arguments x(String presented, String reference) {
    return Arguments.of(presented, reference, Outcome.MISMATCH);
  }

  private static Arguments bad(String presented, String reference) {
    return Arguments.of(presented, reference, Outcome.BAD_DER);
  }

  static Stream<Arguments> presentedVsReference() {
    return Stream.of(
        bad("", "a"),
        m("a", "a"),
        x("b", "a"),
        m("*.b.a", "c.b.a"),
        x("*.b.a", "b.a"),
        x("*.b.a", "b.a."),
        // underscores are tolerated (bugs 1136616, 1139039)
        m("a_b", "a_b"),
        m("*.example.com", "uses_underscore.example.com"),
        m("*.uses_underscore.example.com", "a.uses_underscore.example.com"),
        m("_.example.com", "_.example.com"),
        m("*.example.com", "_.example.com"),
        m("_", "_"),
        m("___", "___"),
        m("example_", "example_"),
        m("_example", "_example"),
        m("*._._", "x._._"),
        // reference labels may start and end with '-', presented ones may not
        m("*.example.com", "-.example.com"),
        m("*.example.com", "-hyphenstart.example.com"),
        m("*.example.com", "hyphenend-.example.com"),
        bad("-.example.com", "-.example.com"),
        bad("-hyphenstart.example.com", "-hyphenstart.example.com"),
        bad("hyphenend-.example.com", "hyphenend-.example.com"),
        // '_' is not a digit, so these last labels are not all-numeric
        m("_1", "_1"),
        m("example._1", "example._1"),
        m("example.1_", "example.1_"),
        // wildcard not in the leftmost label, or not a whole label
        m("d.c.b.a", "d.c.b.a"),
        bad("d.*.b.a", "d.c.b.a"),
        bad("d.c*.b.a", "d.c.b.a"),
        bad("d.c*.b.a", "d.cc.b.a"),
        // ASCII case folding
        m("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        m("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"),
        m("aBc", "Abc"),
        m("a1", "a1"),
        // absolute names: only the reference may end with '.'
        m("example", "example"),
        bad("example.", "example."),
        m("example", "example."),
        bad("example.", "example"),
        m("example.com", "example.com"),
        bad("example.com.", "example.com."),
        m("example.com", "example.com."),
        bad("example.com.", "example.com"),
        bad("example.com..", "example.com."),
        bad("example.com..", "example.com"),
        bad("example.com...", "example.com."),
        // partial wildcards and the IDNA prefix
        bad("x*.b.a", "xa.b.a"),
        bad("x*.b.a", "xna.b.a"),
        bad("x*.b.a", "xn-a.b.a"),
        bad("x*.b.a", "xn--a.b.a"),
        bad("xn*.b.a", "xn--a.b.a"),
        bad("xn-*.b.a", "xn--a.b.a"),
        bad("xn--*.b.a", "xn--a.b.a"),
        bad("xn---*.b.a", "xn--a.b.a"),
        bad("c*.b.a", "c.b.a"),
        // adapted from Chromium's x509_certificate_unittest.cc
        m("foo.com", "foo.com"),
        m("f", "f"),
        x("i", "h"),
        m("*.foo.com", "bar.foo.com"),
        m("*.test.fr", "www.test.fr"),
        m("*.test.FR", "wwW.tESt.fr"),
        bad(".uk", "f.uk"),
        bad("?.bar.foo.com", "w.bar.foo.com"),
        bad("(www|ftp).foo.com", "www.foo.com"),
        bad("www.foo.com\0", "www.foo.com"),
        bad("www.foo.com\0*.foo.com", "www.foo.com"),
        x("ww.house.example", "www.house.example"),
        x("www.test.org", "test.org"),
        x("*.test.org", "test.org"),
        bad("*.org", "test.org"),
        bad("w*.bar.foo.com", "w.bar.foo.com"),
        bad("ww*ww.bar.foo.com", "www.bar.foo.com"),
        bad("ww*ww.bar.foo.com", "wwww.bar.foo.com"),
        bad("w*w.bar.foo.com", "wwww.bar.foo.com"),
        bad("w*w.bar.foo.c0m", "wwww.bar.foo.com"),
        bad("wa*.bar.foo.com", "WALLY.bar.foo.com"),
        bad("*Ly.bar.foo.com", "wally.bar.foo.com"),
        x("*.test.de", "www.test.co.jp"),
        bad("*.jp", "www.test.co.jp"),
        x("www.test.co.uk", "www.test.co.jp"),
        bad("www.*.co.jp", "www.test.co.jp"),
        m("www.bar.foo.com", "www.bar.foo.com"),
        x("*.foo.com", "www.bar.foo.com"),
        bad("*.*.foo.com", "www.bar.foo.com"),
        m("www.bath.org", "www.bath.org"),
        // IDN
        m("xn--poema-9qae5a.com.br", "xn--poema-9qae5a.com.br"),
        m("*.xn--poema-9qae5a.com.br", "www.xn--poema-9qae5a.com.br"),
        x("*.xn--poema-9qae5a.com.br", "xn--poema-9qae5a.com.br"),
        bad("xn--poema-*.com.br", "xn--poema-9qae5a.com.br"),
        bad("xn--*-9qae5a.com.br", "xn--poema-9qae5a.com.br"),
        bad("*--poema-9qae5a.com.br", "xn--poema-9qae5a.com.br"),
        // RFC 6125 §6.4.3 examples
        m("*.example.com", "foo.example.com"),
        x("*.example.com", "bar.foo.example.com"),
        x("*.example.com", "example.com"),
        bad("baz*.example.net", "baz1.example.net"),
        bad("*baz.example.net", "foobaz.example.net"),
        bad("b*z.example.net", "buzz.example.net"),
        // two labels after the wildcard, and no public-suffix knowledge
        m("*.test.example", "www.test.example"),
        m("*.example.co.uk", "test.example.co.uk"),
        bad("*.exmaple", "test.example"),
        m("*.co.uk", "example.co.uk"),
        bad("*.com", "foo.com"),
        bad("*.us", "foo.us"),
        bad("*", "foo"),
        m("*.xn--poema-9qae5a.com.br", "www.xn--poema-9qae5a.com.br"),
        m("*.example.xn--mgbaam7a8h", "test.example.xn--mgbaam7a8h"),
        m("*.com.br", "xn--poema-9qae5a.com.br"),
        bad("*.xn--mgbaam7a8h", "example.xn--mgbaam7a8h"),
        m("*.appspot.com", "www.appspot.com"),
        m("*.s3.amazonaws.com", "foo.s3.amazonaws.com"),
        bad("*.*.com", "foo.example.com"),
        bad("*.bar.*.com", "foo.bar.example.com"),
        // absolute vs relative
        bad("foo.com.", "foo.com"),
        m("foo.com", "foo.com."),
        bad("foo.com.", "foo.com."),
        bad("f.", "f"),
        m("f", "f."),
        bad("f.", "f."),
        bad("*.bar.foo.com.", "www-3.bar.foo.com"),
        m("*.bar.foo.com", "www-3.bar.foo.com."),
        bad("*.bar.foo.com.", "www-3.bar.foo.com."),
        bad("*.com.", "example.com"),
        bad("*.com", "example.com."),
        bad("*.com.", "example.com."),
        bad("*.", "foo."),
        bad("*.", "foo"),
        m("*.co.uk", "foo.co.uk"),
        m("*.co.uk", "foo.co.uk."),
        bad("*.co.uk.", "foo.co.uk"),
        bad("*.co.uk.", "foo.co.uk."),
        x("*.example.com", "localhost"),
        x("*.example.com", "localhost."));
  }

  private static Result toResult(Outcome o) {
    switch (o) {
      case MATCH: return Result.SUCCESS;
      case MISMATCH: return Result.SSL_ERROR_BAD_CERT_DOMAIN;
      default: return Result.SEC_ERROR_BAD_DER;
    }
  }

  @ParameterizedTest(name = "[{index}] {0} vs {1}: {2}")
  @MethodSource("presentedVsReference")
  void matchPresentedDnsIdWithReferenceDnsId(String presented, String reference, Outcome expected) {
    assertTrue(HostnameMatcher.isValidReferenceDnsId(b(reference)), "test sanity: reference");
    assertEquals(toResult(expected), HostnameMatcher.matchPresentedDnsId(b(presented), b(reference)));
  }

  @ParameterizedTest(name = "[{index}] SAN {0} vs {1}: {2}")
  @MethodSource("presentedVsReference")
  void checkCertHostnameWithPresentedIdInSan(String presented, String reference,
      Outcome expected) {
    // A dNSName SAN entry decides, whatever the CN; both policies and CN settings agree here
    // except that an invalid entry is skipped under SKIP_INVALID.
    Cert cert = Der.cert(name(rdn(cn("Common Name"))), san(dnsName(presented)));
    Result halting = toResult(expected);
    assertEquals(halting, HostnameMatcher.checkCertHostname(cert, b(reference),
        InvalidEntryPolicy.HALT_ON_INVALID));
    assertEquals(halting, HostnameMatcher.checkCertHostname(cert, b(reference),
        InvalidEntryPolicy.HALT_ON_INVALID, true));
    Result skipping = expected == Outcome.MATCH ? Result.SUCCESS : Result.SSL_ERROR_BAD_CERT_DOMAIN;
    assertEquals(skipping, HostnameMatcher.checkCertHostname(cert, b(reference),
        InvalidEntryPolicy.SKIP_INVALID));
  }

  @ParameterizedTest(name = "[{index}] CN {0} vs {1}: {2}")
  @MethodSource("presentedVsReference")
  void checkCertHostnameWithPresentedIdInCommonName(String presented, String reference,
      Outcome expected) {
    Cert cert = Der.cert(name(rdn(cn(presented))), null);
    // With mozilla::pkix's CN fallback (the upstream tests' default policy) the CN decides...
    assertEquals(expected == Outcome.MATCH ? Result.SUCCESS : Result.SSL_ERROR_BAD_CERT_DOMAIN,
        HostnameMatcher.checkCertHostname(cert, b(reference), InvalidEntryPolicy.HALT_ON_INVALID,
            true));
    // ...and Firefox, which never falls back to the CN, finds no name at all.
    assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, HostnameMatcher.checkCertHostname(cert,
        b(reference), InvalidEntryPolicy.HALT_ON_INVALID));
  }

  // ---- DNSNAMES_VALIDITY: (input, valid as a reference ID, valid as a presented ID) ----

  private static Arguments v(String input, boolean reference, boolean presented) {
    return Arguments.of(input, reference, presented);
  }

  private static String repeat(String s, int n) {
    return s.repeat(n);
  }

  static Stream<Arguments> validity() {
    String ten = "1234567890";
    return Stream.of(
        v("a", true, true),
        v("a.b", true, true),
        v("a.b.c", true, true),
        v("a.b.c.d", true, true),
        // empty labels
        v("", false, false),
        v(".", false, false),
        v(".a", false, false),
        v(".a.b", false, false),
        v("..a", false, false),
        v("a..b", false, false),
        v("a...b", false, false),
        v("a..b.c", false, false),
        v("a.b..c", false, false),
        v(".a.b.c.", false, false),
        // absolute names are for references only
        v("a.", true, false),
        v("a.b.", true, false),
        v("a.b.c.", true, false),
        v("a..", false, false),
        v("a.b..", false, false),
        v("a.b.c..", false, false),
        v("a...", false, false),
        // punycode: a bare "xn--" label ends with '-', so only references accept it
        v("xn--", true, false),
        v("xn--.", true, false),
        v("xn--.a", true, false),
        v("a.xn--", true, false),
        v("a.xn--.", true, false),
        v("a.xn--.b", true, false),
        v("a.xn--\0.b", false, false),
        v("a.xn--a.b", true, true),
        v("xn--a", true, true),
        v("a.xn--a", true, true),
        v("a.xn--a.a", true, true),
        v("\u00c4\u0095.com", false, false), // UTF-8 bytes of U+0115
        v("xn--jea.com", true, true),
        v("xn--\u00c4\u0095.com", false, false),
        v("xn--google.com", true, true),
        v("xn--citibank.com", true, true),
        v("xn--cnn.com", true, true),
        v("a.xn--cnn", true, true),
        v("a.xn--cnn.com", true, true),
        // IP addresses are not DNS names
        v("1.2.3.4", false, false),
        v("1::2", false, false),
        // whitespace
        v(" ", false, false),
        v(" a", false, false),
        v("a ", false, false),
        v("a b", false, false),
        v("a.b 1", false, false),
        v("a\t", false, false),
        // NUL
        v("\0", false, false),
        v("a\0", false, false),
        v("example.org\0.example.com", false, false),
        v("\0a", false, false),
        v("xn--\0", false, false),
        // character set
        v("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z", true, true),
        v("A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R.S.T.U.V.W.X.Y.Z", true, true),
        v("0.1.2.3.4.5.6.7.8.9.a", true, true),
        v("a-b", true, true),
        v("a_b", true, true),
        v("_", true, true),
        v("a_", true, true),
        v("_a", true, true),
        v("_1", true, true),
        v("1_", true, true),
        v("___", true, true),
        // one invalid character anywhere
        v("!", false, false),
        v("!a", false, false),
        v("a!", false, false),
        v("a!b", false, false),
        v("a.!", false, false),
        v("a.a!", false, false),
        v("a.!a", false, false),
        v("a.a!a", false, false),
        v("a.!a.a", false, false),
        v("a.a!.a", false, false),
        v("a.a!a.a", false, false),
        v("a@", false, false),
        v("a#", false, false),
        v("a$", false, false),
        v("a%", false, false),
        v("a^", false, false),
        v("a&", false, false),
        v("a*", false, false),
        v("a(", false, false),
        v("a)", false, false),
        // the last label cannot be all digits; others can
        v("1", false, false),
        v("a.1", false, false),
        v("1.a", true, true),
        v("1.2.a", true, true),
        v("1.2.3.a", true, true),
        v("1a", true, true),
        v("1.1a", true, true),
        v("1-1", true, true),
        v("a.1-1", true, true),
        v("a.1-a", true, true),
        // hyphens at label edges: references only
        v("-", true, false),
        v("-1", true, false),
        v("1-", true, false),
        v("1-.a", true, false),
        v("a-", true, false),
        v("a-.a", true, false),
        v("a.1-.a", true, false),
        v("a.a-.a", true, false),
        v("a-b", true, true),
        v("1-2", true, true),
        v("a.a-1", true, true),
        v("a--1", true, true),
        v("1---a", true, true),
        v("a-----------------b", true, true),
        // wildcards: never references; presented only as "*" + at least two labels
        v("*.a", false, false),
        v("a*", false, false),
        v("a*.", false, false),
        v("a*.a", false, false),
        v("a*.a.", false, false),
        v("*.a.b", false, true),
        v("*.a.b.", false, false),
        v("a*.b.c", false, false),
        v("*.a.b.c", false, true),
        v("a*.b.c.d", false, false),
        v("a**.b.c", false, false),
        v("a*b*.c.d", false, false),
        v("a*.b*.c", false, false),
        v("a.*", false, false),
        v("a.*.b", false, false),
        v("a.b.*", false, false),
        v("a.b*.c", false, false),
        v("*.b*.c", false, false),
        v(".*.a.b", false, false),
        v(".a*.b.c", false, false),
        v("*a.b.c", false, false),
        v("a*b.c.d", false, false),
        v("x*.a.b", false, false),
        v("xn*.a.b", false, false),
        v("xn-*.a.b", false, false),
        v("xn--*.a.b", false, false),
        v("xn--w*.a.b", false, false),
        v("(PRIVATE).foo", false, false),
        // label length ≤ 63, name length ≤ 253
        v(repeat(ten, 6) + "abc", true, true),
        v(repeat(ten, 6) + "abcd", false, false),
        v(repeat(repeat(ten, 5) + ".", 4) + repeat(ten, 4) + "12345678" + "a", true, true),
        v(repeat(repeat(ten, 5) + ".", 4) + repeat(ten, 4) + "123456789" + "a", false, false));
  }

  @ParameterizedTest(name = "[{index}] {0}: reference={1} presented={2}")
  @MethodSource("validity")
  void isValidReferenceAndPresentedDnsId(String input, boolean reference, boolean presented) {
    assertEquals(reference, HostnameMatcher.isValidReferenceDnsId(b(input)));
    assertEquals(presented, HostnameMatcher.isValidPresentedDnsId(b(input)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validity")
  void validityDrivesCheckCertHostname(String input, boolean reference, boolean presented) {
    // The same name as SAN dNSName and as the reference identifier.
    Cert cert = Der.cert(name(rdn(cn("x"))), san(dnsName(input)));
    byte[] ref = b(input);
    Result halting = HostnameMatcher.checkCertHostname(cert, ref,
        InvalidEntryPolicy.HALT_ON_INVALID);
    Result skipping = HostnameMatcher.checkCertHostname(cert, ref,
        InvalidEntryPolicy.SKIP_INVALID);
    if (reference) {
      if (presented) {
        assertEquals(Result.SUCCESS, halting);
        assertEquals(Result.SUCCESS, skipping);
      } else {
        // Either not a valid presented ID (BAD_DER / skipped), or a valid absolute reference
        // that the relative-only presented form could never equal.
        assertEquals(Result.SEC_ERROR_BAD_DER, halting);
        assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, skipping);
      }
    } else {
      // Not a DNS reference: an IP literal (none here matches a dNSName) or nothing at all.
      assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, halting);
      assertEquals(Result.SSL_ERROR_BAD_CERT_DOMAIN, skipping);
    }
  }

  // ---- DNSNAMES_VALIDITY_TURKISH_I: only ASCII case folding ----

  static Stream<Arguments> turkishI() {
    return Stream.of(
        v("I", true, true),
        v("i", true, true),
        v("\u00c4\u00b0", false, false), // U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE (UTF-8)
        v("\u00c4\u00b1", false, false), // U+0131 LATIN SMALL LETTER DOTLESS I (UTF-8)
        v("xn--i-9bb", true, true),
        v("xn--cfa", true, true),
        v("xn--\u00c4\u00b0", false, false),
        v("xn--\u00c4\u00b1", false, false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("turkishI")
  void turkishIValidity(String input, boolean reference, boolean presented) {
    assertEquals(reference, HostnameMatcher.isValidReferenceDnsId(b(input)));
    assertEquals(presented, HostnameMatcher.isValidPresentedDnsId(b(input)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("turkishI")
  void turkishIComparison(String input, boolean reference, boolean presented) {
    boolean ascii = input.equals("i") || input.equals("I");
    for (String ref : new String[] {"i", "I"}) {
      Result expected = !presented ? Result.SEC_ERROR_BAD_DER
          : ascii ? Result.SUCCESS : Result.SSL_ERROR_BAD_CERT_DOMAIN;
      assertEquals(expected, HostnameMatcher.matchPresentedDnsId(b(input), b(ref)));

      Cert withSan = Der.cert(name(rdn(cn("Common Name"))), san(dnsName(input)));
      assertEquals(expected, HostnameMatcher.checkCertHostname(withSan, b(ref),
          InvalidEntryPolicy.HALT_ON_INVALID));

      Cert cnOnly = Der.cert(name(rdn(cn(input))), null);
      assertEquals(ascii ? Result.SUCCESS : Result.SSL_ERROR_BAD_CERT_DOMAIN,
          HostnameMatcher.checkCertHostname(cnOnly, b(ref), InvalidEntryPolicy.HALT_ON_INVALID,
              true));
    }
  }

  @org.junit.jupiter.api.Test
  void tablesAreNotEmpty() {
    // Guards against rows being lost by accident (upstream's exact duplicates are not repeated).
    assertEquals(130, presentedVsReference().count());
    assertEquals(140, validity().count());
    assertEquals(8, turkishI().count());
  }
}
