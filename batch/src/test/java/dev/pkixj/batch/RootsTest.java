package dev.pkixj.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootsTest {
  private static final TestPki EC = TestPki.ec();
  private static final TestPki RSA = TestPki.rsa();

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aPemBundleGivesEveryCertificateInOrder() throws Exception {
    List<byte[]> anchors = Roots.anchors(ascii("a comment\n" + Pem.certs(EC.root())
        + "between\n" + Pem.certs(RSA.root())), "roots.pem");
    assertEquals(2, anchors.size());
    assertArrayEquals(EC.root().der(), anchors.get(0));
    assertArrayEquals(RSA.root().der(), anchors.get(1));
  }

  @Test
  void oneDerCertificateIsOneAnchor() throws Exception {
    List<byte[]> anchors = Roots.anchors(RSA.root().der(), "root.der");
    assertEquals(1, anchors.size());
    assertArrayEquals(RSA.root().der(), anchors.get(0));
  }

  @Test
  void unusableFilesAreOneLineNamingTheFile() {
    String badBase64 = "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n";
    String truncated = Pem.certs(EC.root()).substring(0, 100);
    for (String content : List.of("these are not roots\n", badBase64, truncated,
        Pem.certs(EC.root()) + badBase64)) {
      String m = assertThrows(Roots.RootsException.class,
          () -> Roots.anchors(ascii(content), "dir/roots.pem")).getMessage();
      assertTrue(m.startsWith("dir/roots.pem"), m);
      assertTrue(!m.contains("\n") && !m.contains("Exception"), m);
    }
    assertEquals("dir/empty.pem: no certificate (the file is empty)", assertThrows(
        Roots.RootsException.class, () -> Roots.anchors(new byte[0], "dir/empty.pem"))
        .getMessage());
  }
}
