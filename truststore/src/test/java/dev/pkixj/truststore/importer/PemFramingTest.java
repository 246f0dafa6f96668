package dev.pkixj.truststore.importer;

import static dev.pkixj.truststore.importer.Fixtures.ROOT_A;
import static dev.pkixj.truststore.importer.Fixtures.ROOT_B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.Pem;
import dev.pkixj.truststore.importer.PemBundle.Block;
import dev.pkixj.truststore.importer.PemBundle.Framing;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PemBundle#frame}: the one PEM/DER reader, framing without parsing. */
class PemFramingTest {
  private static Framing frame(String text) {
    return PemBundle.frame(text.getBytes(StandardCharsets.ISO_8859_1), "f.pem");
  }

  @Test
  void concatenatedDerCertificatesAreSplit() {
    byte[] both = new byte[ROOT_A.der().length + ROOT_B.der().length];
    System.arraycopy(ROOT_A.der(), 0, both, 0, ROOT_A.der().length);
    System.arraycopy(ROOT_B.der(), 0, both, ROOT_A.der().length, ROOT_B.der().length);
    Framing f = PemBundle.frame(both, "two.der");
    assertFalse(f.pem());
    assertTrue(f.problems().isEmpty(), f.problems().toString());
    assertEquals(2, f.blocks().size());
    assertArrayEquals(ROOT_A.der(), f.blocks().get(0).der());
    assertArrayEquals(ROOT_B.der(), f.blocks().get(1).der());
    assertEquals("", f.blocks().get(0).where());
  }

  @Test
  void malformedDerIsNeverACertificateOfItsOwn() {
    byte[] cut = Arrays.copyOf(ROOT_A.der(), ROOT_A.der().length - 1);
    Framing f = PemBundle.frame(cut, "cut.der");
    assertTrue(f.blocks().isEmpty());
    assertEquals("cut.der", f.problems().get(0).file());
    assertTrue(f.problems().get(0).message().contains("not a complete DER"),
        f.problems().get(0).message());
    Framing text = PemBundle.frame("hello\n".getBytes(StandardCharsets.US_ASCII), "t.txt");
    assertTrue(text.problems().get(0).message().contains("neither PEM"));
    assertTrue(PemBundle.frame(new byte[0], "e").problems().get(0).message()
        .contains("empty file"));
  }

  @Test
  void blocksOfEveryLabelAreDecodedWithTheirLine() {
    byte[] ocsp = Der.seq(Der.integer(7));
    String text = "notes\n" + Pem.certs(ROOT_A) + Pem.encode("OCSP RESPONSE", ocsp);
    Framing f = frame(text);
    assertTrue(f.pem());
    assertEquals(2, f.blocks().size());
    Block cert = f.blocks().get(0);
    assertTrue(cert.isCertificate());
    assertEquals(2, cert.line());
    assertArrayEquals(ROOT_A.der(), cert.der());
    Block other = f.blocks().get(1);
    assertFalse(other.isCertificate());
    assertEquals("OCSP RESPONSE", other.label());
    assertArrayEquals(ocsp, other.der());
  }

  @Test
  void bodyProblemsBelongToTheirBlockFramingProblemsToTheFile() {
    String text = "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"
        + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END CERTIFICATE-----\n"
        + "-----BEGIN CERTIFICATE-----\nMIIB\n";
    List<Block> blocks = frame(text).blocks();
    assertEquals(3, blocks.size());
    assertNull(blocks.get(0).der());
    assertTrue(blocks.get(0).problem().contains("malformed base64"), blocks.get(0).problem());
    assertFalse(blocks.get(0).framing());
    assertTrue(blocks.get(1).framing());
    assertTrue(blocks.get(1).problem().contains("END CERTIFICATE"), blocks.get(1).problem());
    assertTrue(blocks.get(2).framing());
    assertTrue(blocks.get(2).problem().contains("truncated"), blocks.get(2).problem());
    assertEquals("line 7", blocks.get(2).where());
  }

  @Test
  void aTrustedCertificateLosesItsTrustSettings() {
    byte[] aux = Der.seq(Der.seq());
    byte[] body = new byte[ROOT_A.der().length + aux.length];
    System.arraycopy(ROOT_A.der(), 0, body, 0, ROOT_A.der().length);
    System.arraycopy(aux, 0, body, ROOT_A.der().length, aux.length);
    Block b = frame(Pem.encode("TRUSTED CERTIFICATE", body)).blocks().get(0);
    assertArrayEquals(body, b.der());
    assertArrayEquals(ROOT_A.der(), PemBundle.certificateOf(b));
  }
}
