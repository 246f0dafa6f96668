package dev.pkixj.pkix.names;

import static dev.pkixj.pkix.names.Der.ava;
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
import static dev.pkixj.pkix.names.Der.otherName;
import static dev.pkixj.pkix.names.Der.ou;
import static dev.pkixj.pkix.names.Der.permitted;
import static dev.pkixj.pkix.names.Der.rdn;
import static dev.pkixj.pkix.names.Der.registeredId;
import static dev.pkixj.pkix.names.Der.rfc822Name;
import static dev.pkixj.pkix.names.Der.san;
import static dev.pkixj.pkix.names.Der.seq;
import static dev.pkixj.pkix.names.Der.tlv;
import static dev.pkixj.pkix.names.Der.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import org.junit.jupiter.api.Test;

/** {@link NameConstraints} behaviours beyond the upstream tables: structure, types, chains. */
class NameConstraintsTest {
  private static final Result S = Result.SUCCESS;
  private static final Result N = Result.SEC_ERROR_CERT_NOT_IN_NAME_SPACE;
  private static final Result B = Result.SEC_ERROR_BAD_DER;
  private static final KeyPurposeId SERVER = KeyPurposeId.ID_KP_SERVER_AUTH;

  private static final Cert LEAF = Der.cert(name(rdn(cn("www.example.com"))),
      san(dnsName("www.example.com")));

  private static Result check(byte[] nc, KeyPurposeId eku, boolean endEntityFirst,
      Cert... chain) {
    try {
      NameConstraints.check(Input.of(nc), chain, chain.length, endEntityFirst, eku);
      return S;
    } catch (PkixException e) {
      return e.result();
    }
  }

  private static Result check(byte[] nc, Cert... chain) {
    return check(nc, SERVER, true, chain);
  }

  private static byte[] permittedDns(String... names) {
    byte[] subtrees = new byte[0];
    for (String n : names) {
      subtrees = cat(subtrees, generalSubtree(dnsName(n)));
    }
    return nameConstraints(permitted(subtrees));
  }

  @Test
  void malformedNameConstraintsAreBadDer() {
    byte[] ok = generalSubtree(dnsName("example.com"));
    assertEquals(S, check(nameConstraints(permitted(ok)), LEAF));
    // empty NameConstraints
    assertEquals(B, check(nameConstraints(), LEAF));
    // not a SEQUENCE, or something after it
    assertEquals(B, check(Der.set(permitted(ok)), LEAF));
    assertEquals(B, check(cat(nameConstraints(permitted(ok)), bytes(0)), LEAF));
    // empty GeneralSubtrees
    assertEquals(B, check(nameConstraints(permitted(new byte[0])), LEAF));
    assertEquals(B, check(nameConstraints(excluded(new byte[0])), LEAF));
    // minimum (even the DEFAULT 0) or maximum present
    assertEquals(B, check(nameConstraints(permitted(seq(dnsName("example.com"),
        tlv(0x80, bytes(0))))), LEAF));
    assertEquals(B, check(nameConstraints(permitted(seq(dnsName("example.com"),
        tlv(0x81, bytes(1))))), LEAF));
    // wrong order, duplicates, unknown fields
    assertEquals(B, check(nameConstraints(excluded(generalSubtree(dnsName("x.org"))),
        permitted(ok)), LEAF));
    assertEquals(B, check(nameConstraints(permitted(ok), permitted(ok)), LEAF));
    assertEquals(B, check(nameConstraints(permitted(ok), tlv(0xa2, ok)), LEAF));
    // a subtree that is not a SEQUENCE, or has no base
    assertEquals(B, check(nameConstraints(permitted(Der.set(dnsName("example.com")))), LEAF));
    assertEquals(B, check(nameConstraints(permitted(seq())), LEAF));
  }

  @Test
  void leadingDotAndEmptyDnsConstraints() {
    Cert apex = Der.cert(name(), san(dnsName("example.com")));
    Cert sub = Der.cert(name(), san(dnsName("a.b.example.com")));
    Cert other = Der.cert(name(), san(dnsName("notexample.com")));
    assertEquals(S, check(permittedDns("example.com"), apex));
    assertEquals(S, check(permittedDns("example.com"), sub));
    assertEquals(N, check(permittedDns("example.com"), other));
    assertEquals(N, check(permittedDns(".example.com"), apex));
    assertEquals(S, check(permittedDns(".example.com"), sub));
    assertEquals(S, check(permittedDns(""), other));
    assertEquals(N, check(nameConstraints(excluded(generalSubtree(dnsName("")))), other));
    // Case-insensitive; one matching permitted entry out of several is enough.
    assertEquals(S, check(permittedDns("x.org", "EXAMPLE.COM"), sub));
    // apex permitted, subdomains excluded: exact name only
    byte[] exactOnly = nameConstraints(permitted(generalSubtree(dnsName("example.com"))),
        excluded(generalSubtree(dnsName(".example.com"))));
    assertEquals(S, check(exactOnly, apex));
    assertEquals(N, check(exactOnly, sub));
  }

  @Test
  void namesOfConstrainedUnsupportedFormsAreOutOfNameSpace() {
    byte[][][] forms = {
        {uri("https://a.example/"), uri("https://a.example/")},
        {otherName(seq(tlv(0x06, bytes(0x2a, 3)), tlv(0xa0, tlv(0x0c, b("x"))))),
            otherName(seq(tlv(0x06, bytes(0x2a, 3)), tlv(0xa0, tlv(0x0c, b("x")))))},
        {registeredId(bytes(0x2a, 3)), registeredId(bytes(0x2a, 3))},
        {tlv(0xa3, seq()), tlv(0xa3, seq())},
        {tlv(0xa5, seq()), tlv(0xa5, seq())},
    };
    for (byte[][] form : forms) {
      Cert cert = Der.cert(name(), san(form[0]));
      byte[] subtree = generalSubtree(form[1]);
      assertEquals(N, check(nameConstraints(permitted(subtree)), cert));
      assertEquals(N, check(nameConstraints(excluded(subtree)), cert));
      // Constraints of other forms do not touch such names.
      assertEquals(S, check(permittedDns("example.com"), cert));
      // And such constraints do not touch certificates without names of that form.
      assertEquals(S, check(nameConstraints(excluded(subtree)), LEAF));
    }
  }

  @Test
  void ipAddressConstraints() {
    Cert v4 = Der.cert(name(), san(ipAddress(10, 1, 2, 3)));
    Cert v6 = Der.cert(name(), san(ipAddress(new byte[16])));
    byte[] tenSlash8 = generalSubtree(ipAddress(10, 0, 0, 0, 255, 0, 0, 0));
    assertEquals(S, check(nameConstraints(permitted(tenSlash8)), v4));
    assertEquals(N, check(nameConstraints(excluded(tenSlash8)), v4));
    // A v4 constraint never matches a v6 address: permitted fails, excluded passes.
    assertEquals(N, check(nameConstraints(permitted(tenSlash8)), v6));
    assertEquals(S, check(nameConstraints(excluded(tenSlash8)), v6));
    // A bad constraint length is BAD_DER once an address meets it.
    byte[] bad = generalSubtree(ipAddress(10, 0, 0, 0, 255));
    assertEquals(B, check(nameConstraints(excluded(bad)), v4));
    assertEquals(S, check(nameConstraints(excluded(bad)), LEAF));
  }

  @Test
  void directoryNamesInSubjectAndSan() {
    byte[] org = name(rdn(ou("Org")));
    byte[] orgPerson = name(rdn(ou("Org")), rdn(cn("Person")));
    byte[] other = name(rdn(ou("Other")));
    byte[] permitOrg = nameConstraints(permitted(generalSubtree(directoryName(org))));
    assertEquals(S, check(permitOrg, Der.cert(orgPerson, null)));
    assertEquals(N, check(permitOrg, Der.cert(other, null)));
    // A directoryName in the SAN is constrained as well as the subject.
    assertEquals(N, check(permitOrg, Der.cert(orgPerson, san(directoryName(other)))));
    assertEquals(S, check(permitOrg, Der.cert(orgPerson, san(directoryName(org)))));
    // Any excluded directoryName rejects every certificate with a non-empty subject...
    byte[] excludeOther = nameConstraints(excluded(generalSubtree(directoryName(other))));
    assertEquals(N, check(excludeOther, Der.cert(orgPerson, null)));
    // ...and an empty one rejects even an empty subject (the names then "match").
    byte[] excludeEmpty = nameConstraints(excluded(generalSubtree(directoryName(name()))));
    assertEquals(N, check(excludeEmpty, Der.cert(name(), null)));
    assertEquals(N, check(excludeEmpty, Der.cert(orgPerson, null)));
    // A malformed directoryName constraint is BAD_DER for everyone (all have a subject).
    byte[] malformed = nameConstraints(permitted(generalSubtree(directoryName(bytes(0x30, 0x03,
        0x31, 0x01, 0x00)))));
    assertEquals(B, check(malformed, LEAF));
  }

  @Test
  void subjectEmailAddressOnlyWithoutSan() {
    byte[] permitExample = nameConstraints(permitted(generalSubtree(rfc822Name("example.com"))));
    Cert good = Der.cert(name(rdn(emailAddress("a@example.com"))), null);
    Cert bad = Der.cert(name(rdn(emailAddress("a@example.org"))), null);
    assertEquals(S, check(permitExample, good));
    assertEquals(N, check(permitExample, bad));
    assertEquals(S, check(permitExample, Der.cert(name(rdn(emailAddress("a@example.org"))),
        san(dnsName("x.example")))));
    // Not an IA5String: BAD_DER, but only when emailAddress attributes are read at all.
    byte[] utf8Email = name(rdn(ava(Der.ID_EMAIL_ADDRESS, Der.UTF8_STRING, b("a@example.com"))));
    assertEquals(B, check(permitExample, Der.cert(utf8Email, null)));
    assertEquals(S, check(permitExample, Der.cert(utf8Email, san(dnsName("x.example")))));
    // An invalid emailAddress meeting rfc822Name constraints is BAD_DER.
    assertEquals(B, check(permitExample, Der.cert(name(rdn(emailAddress("no at sign"))), null)));
    // ... but not when there are no rfc822Name constraints.
    assertEquals(S, check(permittedDns("example.com"),
        Der.cert(name(rdn(emailAddress("no at sign"))), null)));
  }

  @Test
  void commonNameIsOnlyADnsNameForTlsServerEndEntities() {
    Cert cnOnly = Der.cert(name(rdn(cn("b.example.com"))), null);
    byte[] nc = permittedDns("a.example.com");
    assertEquals(N, check(nc, SERVER, true, cnOnly));
    assertEquals(S, check(nc, KeyPurposeId.ID_KP_CLIENT_AUTH, true, cnOnly));
    assertEquals(S, check(nc, KeyPurposeId.ANY_EXTENDED_KEY_USAGE, true, cnOnly));
    assertEquals(S, check(nc, SERVER, false, cnOnly));
    // Only chain[0] is the end-entity.
    Cert ca = Der.cert(name(rdn(cn("b.example.com"))), null, true);
    assertEquals(S, check(nc, SERVER, true, leafIn("a.example.com"), ca));
    assertEquals(N, check(nc, SERVER, true, cnOnly, ca));
    // A wildcard CN must be wholly within a permitted subtree.
    assertEquals(S, check(permittedDns("example.com"), Der.cert(name(rdn(cn("*.example.com"))),
        null)));
    assertEquals(N, check(permittedDns("a.example.com"), Der.cert(name(rdn(cn("*.example.com"))),
        null)));
    // The CN's string type must be Printable, UTF8 or Teletex to count.
    Cert bmp = Der.cert(name(rdn(cn(b("b.example.com"), 0x1e))), null);
    assertEquals(S, check(nc, bmp));
    Cert ia5 = Der.cert(name(rdn(cn(b("b.example.com"), 0x16))), null);
    assertEquals(S, check(nc, ia5));
    Cert teletex = Der.cert(name(rdn(cn("b.example.com", Der.TELETEX_STRING))), null);
    assertEquals(N, check(nc, teletex));
  }

  private static Cert leafIn(String dns) {
    return Der.cert(name(rdn(cn("ignored.example"))), san(dnsName(dns)));
  }

  @Test
  void commonNameMeetingMalformedConstraintsIsOutOfNameSpaceNotBadDer() {
    byte[] malformedDns = permittedDns("bad..constraint");
    // A SAN dNSName meeting it: BAD_DER.
    assertEquals(B, check(malformedDns, LEAF));
    // A CN-ID meeting it: the error just makes the CN a mismatch.
    assertEquals(N, check(malformedDns, Der.cert(name(rdn(cn("www.example.com"))), null)));
    // A CN that is not a DNS name or IPv4 address never meets it.
    assertEquals(S, check(malformedDns, Der.cert(name(rdn(cn("Not a host"))), null)));
  }

  @Test
  void chainIsCheckedFromTheTopDown() {
    // chain[1] was issued by the constraining CA; its violation (BAD_DER) is found first.
    Cert caWithBadSan = Der.cert(name(rdn(cn("CA"))), san(dnsName("bad..name")), true);
    Cert outsideLeaf = leafIn("www.example.org");
    byte[] nc = permittedDns("example.com");
    assertEquals(B, check(nc, SERVER, true, outsideLeaf, caWithBadSan));
    Cert caOutside = Der.cert(name(rdn(cn("CA"))), san(dnsName("ca.example.org")), true);
    Cert leafWithBadSan = Der.cert(name(), san(dnsName("bad..name")));
    assertEquals(N, check(nc, SERVER, true, leafWithBadSan, caOutside));
    assertEquals(S, check(nc, SERVER, true, leafIn("a.example.com"),
        Der.cert(name(rdn(cn("CA"))), null, true)));
  }

  @Test
  void argumentsAreChecked() throws PkixException {
    byte[] nc = permittedDns("example.com");
    NameConstraints.check(Input.of(nc), new Cert[0], 0, true, SERVER); // nothing to check
    NameConstraints.check(Input.of(nameConstraints()), new Cert[] {LEAF}, 0, true, SERVER);
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, invalidArgs(null, new Cert[] {LEAF}, 1));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, invalidArgs(Input.of(nc), null, 0));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, invalidArgs(Input.of(nc), new Cert[] {LEAF}, 2));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, invalidArgs(Input.of(nc), new Cert[] {LEAF}, -1));
    assertEquals(Result.SEC_ERROR_INVALID_ARGS, invalidArgs(Input.of(nc), new Cert[1], 1));
  }

  private static Result invalidArgs(Input nc, Cert[] chain, int count) {
    try {
      NameConstraints.check(nc, chain, count, true, SERVER);
      return S;
    } catch (PkixException e) {
      return e.result();
    }
  }
}
