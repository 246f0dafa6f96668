package dev.pkixj.pkix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.pkixj.testdata.TestPki;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CertFingerprintTest {
  @Test
  void theFingerprintsAreTheJdksSha256OfTheDer() throws Exception {
    for (TestPki pki : new TestPki[] {TestPki.rsa(), TestPki.ec()}) {
      byte[] der = pki.leaf().der();
      String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
      Cert c = Cert.parse(der);
      assertEquals(want, c.sha256Hex());
      assertSame(c.sha256Hex(), c.sha256Hex(), "computed once");
      assertEquals(HexFormat.ofDelimiter(":").formatHex(c.sha256()).toUpperCase(Locale.ROOT),
          c.fingerprintHex());
    }
  }
}
