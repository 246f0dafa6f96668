package dev.pkixj.verifier.ct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.Cert;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Firefox's CT exemption preferences (spec part A5). */
class CtExemptionsTest {
  static CtExemptions hosts(String pref) {
    return CtExemptions.parse(pref, "");
  }

  @Test
  void suffixOnALabelBoundary() {
    CtExemptions e = hosts("example.com");
    assertTrue(e.exemptsHost("example.com"));
    assertTrue(e.exemptsHost("www.example.com"));
    assertTrue(e.exemptsHost("a.b.example.com"));
    assertFalse(e.exemptsHost("badexample.com"));
    assertFalse(e.exemptsHost("example.com.evil"));
    // The suffix comparison is case-sensitive, as in Firefox's code.
    assertFalse(e.exemptsHost("WWW.EXAMPLE.COM"));
    assertFalse(e.exemptsHost(null));
  }

  @Test
  void leadingDotIsThatHostOnlyIgnoringCase() {
    CtExemptions e = hosts(".example.com");
    assertTrue(e.exemptsHost("example.com"));
    assertTrue(e.exemptsHost("EXAMPLE.com"));
    assertFalse(e.exemptsHost("www.example.com"));
    // The suffix rule still runs for a dotted entry: the host ".example.com" itself, or a host
    // ending in an empty label before it.
    assertTrue(e.exemptsHost("a..example.com"));
  }

  @Test
  void entriesAreNotTrimmedAndEmptyOnesAreSkipped() {
    CtExemptions e = hosts(",, example.com,,other.test,");
    assertFalse(e.exemptsHost("example.com")); // " example.com" has a space
    assertTrue(e.exemptsHost(" example.com"));
    assertTrue(e.exemptsHost("x.other.test"));
    assertEquals(List.of(" example.com", "other.test"), e.hosts());
    assertFalse(hosts(",,,").exemptsHost(""));
    assertSame(CtExemptions.NONE, CtExemptions.parse("", ""));
    assertSame(CtExemptions.NONE, CtExemptions.parse(null, null));
    assertTrue(hosts("192.0.2.1").exemptsHost("192.0.2.1")); // IPs as strings
  }

  @Test
  void spkiHashes() throws Exception {
    Cert leaf = CtFixtures.cert("test-embedded-cert.pem");
    Cert ca = CtFixtures.cert("ca-cert.pem");
    byte[] caHash = MessageDigest.getInstance("SHA-256")
        .digest(ca.subjectPublicKeyInfo().toByteArray());
    String b64 = Base64.getEncoder().encodeToString(caHash);
    CtExemptions e = CtExemptions.parse("", "not base64!," + b64 + ",AAAA");
    assertEquals(2, e.spkiHashCount()); // the undecodable entry dropped, "AAAA" kept
    assertTrue(e.exemptsChain(List.of(leaf, ca))); // any certificate of the chain
    assertFalse(e.exemptsChain(List.of(leaf)));
    assertTrue(e.exempts("host.test", List.of(leaf, ca)));
    byte[] other = caHash.clone();
    other[0] ^= 1;
    assertFalse(CtExemptions.parse("", Base64.getEncoder().encodeToString(other))
        .exemptsChain(List.of(leaf, ca)));
    // The URL-safe alphabet is not standard base64.
    String urlSafe = Base64.getUrlEncoder().encodeToString(caHash);
    if (!urlSafe.equals(b64)) {
      assertFalse(CtExemptions.parse("", urlSafe).exemptsChain(List.of(ca)));
    }
  }
}
