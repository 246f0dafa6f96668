package dev.pkixj.truststore.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.pkix.Cert;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Firefox's cert_override.txt (spec §6). */
class CertOverrideFileTest {
  static final Instant T = Instant.parse("2026-06-01T00:00:00Z");
  static final String FP =
      "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
  static final String OID = CertOverrideFile.SHA256_OID;

  @Test
  void readsWhatFirefoxWrites() {
    String file = CertOverrideFile.HEADER
        + "self-signed.example:443:\t" + OID + "\t" + FP + "\t\tAAAAAAAAAAAAAAAAAAAAAA==\n"
        + "[2001:db8::1]:8443:\t" + OID + "\t" + FP + "\t\tAAAAAAAAAAAAAAAAAAAAAA==\r\n"
        // Legacy: no origin-attribute suffix, override bits.
        + "legacy.example:443\t" + OID + "\t" + FP + "\tMUT\tAAAAAAAAAAAAAAAAAAAAAA==\n"
        // The short form of the spec: nothing after the fingerprint but a TAB.
        + "short.example:8443:\t" + OID + "\t" + FP + "\t\n"
        + "\n# a comment\n";
    CertOverrideFile.Parsed p = CertOverrideFile.parse(file, T);
    assertEquals(List.of(), p.dropped());
    assertEquals(4, p.overrides().size());
    CertOverride first = p.overrides().get(0);
    assertEquals("self-signed.example", first.host());
    assertEquals(443, first.port());
    assertEquals(FP, CertOverrideFile.fingerprint(first.sha256()));
    assertEquals(T, first.created());
    assertEquals("2001:db8::1", p.overrides().get(1).host());
    assertEquals(8443, p.overrides().get(1).port());
    assertEquals("legacy.example", p.overrides().get(2).host());
    assertEquals("short.example", p.overrides().get(3).host());
  }

  @Test
  void dropsMalformedLinesWithAReason() {
    String[] bad = {
        "nohost\t" + OID + "\t" + FP + "\t\tK",                         // no port
        ":443:\t" + OID + "\t" + FP + "\t\tK",                          // empty host
        "[::1:443:\t" + OID + "\t" + FP + "\t\tK",                      // unclosed bracket
        "h.example:abc:\t" + OID + "\t" + FP + "\t\tK",                 // port not a number
        "h.example:70000:\t" + OID + "\t" + FP + "\t\tK",               // port out of range
        "h.example:443:\tOID.2.16.840.1.101.3.4.2.2\t" + FP + "\t\tK",  // SHA-384
        "h.example:443:\t" + OID + "\t" + FP.toLowerCase() + "\t\tK",   // never matches
        "h.example:443:\t" + OID + "\tAB:CD\t\tK",                      // too short
        "h.example:443:\t" + OID,                                       // no fingerprint
        "h.example:443:^privateBrowsingId=1\t" + OID + "\t" + FP + "\t\tK", // private window
        "h.example:443:^^bad\t" + OID + "\t" + FP + "\t\tK",            // malformed suffix
        "h.example:443:x" + OID + "\t" + FP,                            // no white space
    };
    StringBuilder sb = new StringBuilder("# header\n");
    for (String b : bad) {
      sb.append(b).append('\n');
    }
    sb.append("good.example:443:\t").append(OID).append('\t').append(FP).append("\t\tK\n");
    CertOverrideFile.Parsed p = CertOverrideFile.parse(sb.toString(), T);
    assertEquals(1, p.overrides().size());
    assertEquals("good.example", p.overrides().get(0).host());
    assertEquals(bad.length, p.dropped().size(), p.dropped().toString());
    for (int i = 0; i < bad.length; i++) {
      CertOverrideFile.Dropped d = p.dropped().get(i);
      assertEquals(i + 2, d.line(), d.toString());
      assertEquals(bad[i], d.text());
      assertTrue(!d.reason().isBlank() && d.toString().startsWith("line " + (i + 2) + ": "));
    }
    assertTrue(p.dropped().get(6).reason().contains("uppercase"), p.dropped().get(6).reason());
    assertTrue(p.dropped().get(9).reason().contains("private browsing"));
  }

  @Test
  void aLaterLineForTheSameHostAndPortWins() {
    String fp2 = FP.replace("AB:CD", "00:11");
    CertOverrideFile.Parsed p = CertOverrideFile.parse(
        "A.example:443:\t" + OID + "\t" + FP + "\t\tK\n"
            + "a.example:-1:\t" + OID + "\t" + fp2 + "\t\tK\n", T);
    assertEquals(1, p.overrides().size());
    assertEquals(fp2, CertOverrideFile.fingerprint(p.overrides().get(0).sha256()));
  }

  @Test
  void writesWhatFirefoxReadsAndRoundTrips() throws Exception {
    Cert leaf = Cert.parse(CertBuilder.leaf("site.example").serial(0x1234).build().der());
    CertOverride withCert = new CertOverride("site.example", 443, leaf.sha256(), T);
    CertOverride without = new CertOverride("::1", 8443, CertOverrideFile.parseFingerprint(FP), T);
    String text = CertOverrideFile.write(List.of(withCert, without),
        o -> o == withCert ? leaf : null);
    String[] lines = text.split("\n");
    assertEquals("# PSM Certificate Override Settings file", lines[0]);
    assertEquals("# This is a generated file!  Do not edit.", lines[1]);
    assertEquals("site.example:443:\t" + OID + "\t" + leaf.fingerprintHex() + "\t\t"
        + CertOverrideFile.dbKey(leaf), lines[2]);
    assertEquals("[::1]:8443:\t" + OID + "\t" + FP + "\t\t"
        + CertOverrideFile.PLACEHOLDER_DB_KEY, lines[3]);
    CertOverrideFile.Parsed back = CertOverrideFile.parse(text, T);
    assertEquals(List.of(withCert, without), back.overrides());
    // The dbKey: zero module and slot, lengths, serial, issuer DER.
    byte[] k = Base64.getDecoder().decode(CertOverrideFile.dbKey(leaf));
    ByteBuffer b = ByteBuffer.wrap(k);
    assertEquals(0, b.getInt());
    assertEquals(0, b.getInt());
    assertEquals(2, b.getInt());
    assertEquals(leaf.issuer().len(), b.getInt());
    assertEquals(0x12, k[16]);
    assertEquals(0x34, k[17]);
    assertArrayEquals(leaf.issuer().toByteArray(),
        java.util.Arrays.copyOfRange(k, 18, k.length));
    assertThrows(IllegalArgumentException.class, () -> CertOverrideFile.parseFingerprint("AB"));
  }
}
