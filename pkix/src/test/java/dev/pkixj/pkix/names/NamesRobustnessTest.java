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
import static dev.pkixj.pkix.names.Der.otherName;
import static dev.pkixj.pkix.names.Der.ou;
import static dev.pkixj.pkix.names.Der.permitted;
import static dev.pkixj.pkix.names.Der.rdn;
import static dev.pkixj.pkix.names.Der.rfc822Name;
import static dev.pkixj.pkix.names.Der.san;
import static dev.pkixj.pkix.names.Der.seq;
import static dev.pkixj.pkix.names.Der.uri;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.HostnameMatcher.InvalidEntryPolicy;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random mutations (fixed seeds) of SAN values, subjects, NameConstraints and host names:
 * host-name matching never throws and returns only its documented results; name-constraint
 * checking throws nothing but PkixException with BAD_DER or CERT_NOT_IN_NAME_SPACE.
 */
class NamesRobustnessTest {
  private static final int ITERATIONS = 4000;
  private static final Set<Result> HOSTNAME_RESULTS = EnumSet.of(Result.SUCCESS,
      Result.SSL_ERROR_BAD_CERT_DOMAIN, Result.SEC_ERROR_BAD_DER);
  private static final Set<Result> NC_ERRORS = EnumSet.of(Result.SEC_ERROR_BAD_DER,
      Result.SEC_ERROR_CERT_NOT_IN_NAME_SPACE);
  private static final KeyPurposeId[] EKUS = {KeyPurposeId.ID_KP_SERVER_AUTH,
      KeyPurposeId.ID_KP_CLIENT_AUTH};

  private static final byte[] SUBJECT = name(rdn(ou("Org")), rdn(cn("www.example.com")),
      rdn(emailAddress("a@example.com")));

  private static final byte[][] SANS = {
      san(dnsName("www.example.com"), dnsName("*.example.com"), ipAddress(192, 0, 2, 1)),
      san(rfc822Name("a@example.com"), uri("https://example.com/"),
          directoryName(name(rdn(ou("Org")))), otherName(seq(Der.tlv(0x06, bytes(0x2a, 3))))),
      san(ipAddress(HostnameMatcher.parseIPv6(b("2001:db8::1"))), dnsName("a.b.c.example")),
      san(),
  };

  private static final byte[][] NAME_CONSTRAINTS = {
      nameConstraints(permitted(cat(generalSubtree(dnsName("example.com")),
          generalSubtree(dnsName(".example.org")), generalSubtree(ipAddress(192, 0, 2, 0,
              255, 255, 255, 0)), generalSubtree(rfc822Name("example.com")),
          generalSubtree(directoryName(name(rdn(ou("Org")))))))),
      nameConstraints(excluded(cat(generalSubtree(dnsName("")),
          generalSubtree(ipAddress(new byte[32])), generalSubtree(uri("x"))))),
      nameConstraints(permitted(generalSubtree(dnsName("example.com"))),
          excluded(generalSubtree(rfc822Name("a@example.com")))),
  };

  private static final String[] HOSTNAMES = {"www.example.com", "foo.example.com",
      "192.0.2.1", "2001:db8::1", "a.b.c.example.", "-x-.example.com"};

  private static final byte[] INTERESTING = bytes(0x00, 0xff, 0x80, 0x81, 0x82, 0x83, 0x30,
      0x31, 0xa0, 0xa1, 0xa4, 0x82, 0x87, '.', '*', '-', ':', '@', 'A', '0', '_', 0x7f);

  static byte[] mutate(byte[] in, Random rnd) {
    byte[] b = in.clone();
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int op = rnd.nextInt(6);
      if (b.length == 0) {
        op = 3;
      }
      switch (op) {
        case 0: // flip a bit
          b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
          break;
        case 1: // interesting byte
          b[rnd.nextInt(b.length)] = INTERESTING[rnd.nextInt(INTERESTING.length)];
          break;
        case 2: { // delete a byte
          int i = rnd.nextInt(b.length);
          byte[] d = new byte[b.length - 1];
          System.arraycopy(b, 0, d, 0, i);
          System.arraycopy(b, i + 1, d, i, b.length - i - 1);
          b = d;
          break;
        }
        case 3: { // insert a byte
          int i = rnd.nextInt(b.length + 1);
          byte[] d = new byte[b.length + 1];
          System.arraycopy(b, 0, d, 0, i);
          d[i] = rnd.nextBoolean() ? (byte) rnd.nextInt(256)
              : INTERESTING[rnd.nextInt(INTERESTING.length)];
          System.arraycopy(b, i, d, i + 1, b.length - i);
          b = d;
          break;
        }
        case 4: // truncate
          b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
          break;
        default: { // duplicate a slice at the end
          int from = rnd.nextInt(b.length);
          int to = from + rnd.nextInt(b.length - from + 1);
          b = cat(b, Arrays.copyOfRange(b, from, to));
        }
      }
    }
    return b;
  }

  private static Cert parseOrNull(byte[] subject, byte[] san, boolean ca) {
    try {
      return Cert.parse(Der.certDer(subject, san, ca));
    } catch (PkixException e) {
      return null; // e.g. a mutation emptied the extension: the certificate never gets here
    }
  }

  /** Outcomes seen by the current test, to show the mutations reach every path. */
  private final Set<Result> seen = EnumSet.noneOf(Result.class);

  private void exerciseHostname(Cert cert, byte[] hostname) {
    for (InvalidEntryPolicy policy : InvalidEntryPolicy.values()) {
      for (boolean cnFallback : new boolean[] {false, true}) {
        Result r;
        try {
          r = HostnameMatcher.checkCertHostname(cert, hostname, policy, cnFallback);
        } catch (Throwable t) {
          throw new AssertionError("checkCertHostname threw for " + Arrays.toString(hostname), t);
        }
        assertTrue(HOSTNAME_RESULTS.contains(r), r.toString());
        seen.add(r);
      }
    }
    try {
      assertNotNull(HostnameMatcher.dnsNamesForErrorPage(cert));
    } catch (Throwable t) {
      throw new AssertionError("dnsNamesForErrorPage threw", t);
    }
  }

  private void exerciseConstraints(byte[] nc, Cert... chain) {
    for (KeyPurposeId eku : EKUS) {
      for (boolean endEntityFirst : new boolean[] {true, false}) {
        try {
          NameConstraints.check(Input.of(nc), chain, chain.length, endEntityFirst, eku);
          seen.add(Result.SUCCESS);
        } catch (PkixException e) {
          assertTrue(NC_ERRORS.contains(e.result()), e.result().toString());
          seen.add(e.result());
        } catch (Throwable t) {
          throw new AssertionError("NameConstraints.check threw", t);
        }
      }
    }
  }

  @Test
  void mutatedSubjectAltNames() {
    Random rnd = new Random(0x5a17);
    int parsed = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] sanValue = mutate(SANS[rnd.nextInt(SANS.length)], rnd);
      Cert cert = parseOrNull(SUBJECT, sanValue, false);
      if (cert == null) {
        continue;
      }
      parsed++;
      exerciseHostname(cert, b(HOSTNAMES[rnd.nextInt(HOSTNAMES.length)]));
      exerciseConstraints(NAME_CONSTRAINTS[rnd.nextInt(NAME_CONSTRAINTS.length)], cert);
    }
    assertTrue(parsed > ITERATIONS / 2, "too few mutated certificates parsed: " + parsed);
    assertTrue(seen.containsAll(HOSTNAME_RESULTS) && seen.containsAll(NC_ERRORS), seen::toString);
  }

  @Test
  void mutatedSubjects() {
    Random rnd = new Random(0x50b7);
    byte[] content = Arrays.copyOfRange(SUBJECT, 2, SUBJECT.length);
    int parsed = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] subject = seq(mutate(content, rnd));
      byte[] sanValue = rnd.nextInt(3) == 0 ? SANS[rnd.nextInt(SANS.length)] : null;
      Cert leaf = parseOrNull(subject, sanValue, false);
      Cert ca = parseOrNull(subject, null, true);
      if (leaf == null || ca == null) {
        continue;
      }
      parsed++;
      exerciseHostname(leaf, b(HOSTNAMES[rnd.nextInt(HOSTNAMES.length)]));
      exerciseConstraints(NAME_CONSTRAINTS[rnd.nextInt(NAME_CONSTRAINTS.length)], leaf, ca);
    }
    assertTrue(parsed > ITERATIONS / 2, "too few mutated certificates parsed: " + parsed);
    assertTrue(seen.containsAll(NC_ERRORS), seen::toString);
  }

  @Test
  void mutatedNameConstraints() {
    Random rnd = new Random(0xc0ffee);
    List<Cert> certs = List.of(Der.cert(SUBJECT, SANS[0]), Der.cert(SUBJECT, SANS[1]),
        Der.cert(SUBJECT, SANS[2]), Der.cert(SUBJECT, null), Der.cert(name(), SANS[3]),
        Der.cert(name(rdn(cn("1.2.3.4"))), null, true));
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] nc = mutate(NAME_CONSTRAINTS[rnd.nextInt(NAME_CONSTRAINTS.length)], rnd);
      Cert leaf = certs.get(rnd.nextInt(certs.size()));
      Cert ca = certs.get(certs.size() - 1);
      exerciseConstraints(nc, leaf, ca);
    }
    assertTrue(seen.contains(Result.SUCCESS) && seen.containsAll(NC_ERRORS), seen::toString);
  }

  @Test
  void mutatedAndRandomHostnames() {
    Random rnd = new Random(0x4057);
    Cert cert = Der.cert(SUBJECT, SANS[0]);
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] host;
      if (rnd.nextBoolean()) {
        host = mutate(b(HOSTNAMES[rnd.nextInt(HOSTNAMES.length)]), rnd);
      } else {
        host = new byte[rnd.nextInt(300)];
        rnd.nextBytes(host);
      }
      exerciseHostname(cert, host);
      try {
        HostnameMatcher.isValidReferenceDnsId(host);
        HostnameMatcher.isValidPresentedDnsId(host);
        byte[] v4 = HostnameMatcher.parseIPv4(host);
        byte[] v6 = HostnameMatcher.parseIPv6(host);
        assertTrue(v4 == null || v4.length == 4);
        assertTrue(v6 == null || v6.length == 16);
      } catch (Throwable t) {
        fail("name syntax check threw for " + Arrays.toString(host), t);
      }
    }
    assertTrue(seen.contains(Result.SUCCESS) && seen.contains(Result.SSL_ERROR_BAD_CERT_DOMAIN),
        seen::toString);
  }
}
