package dev.pkixj.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {

    @Test
    void roundTrip() throws Exception {
        TestPki pki = TestPki.ec();
        String bundle = Pem.certs(pki.leaf(), pki.intermediate(), pki.root());
        List<byte[]> ders = Pem.decodeAll("junk before\n" + bundle + "trailing");
        assertEquals(3, ders.size());
        assertArrayEquals(pki.leaf().der(), ders.get(0));
        assertArrayEquals(pki.root().der(), ders.get(2));
        assertEquals(3, CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bundle.getBytes(StandardCharsets.US_ASCII))).size());
        for (String line : pki.leaf().pem().split("\n")) {
            assertTrue(line.length() <= 64);
        }
        String key = Pem.encode("PRIVATE KEY", pki.leaf().privateKey().getEncoded());
        assertTrue(key.startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals(1, Pem.decodeAll(bundle + key, "PRIVATE KEY").size());
        assertEquals(3, Pem.decodeAll(bundle + key, "CERTIFICATE").size());
        assertEquals(4, Pem.decodeAll(bundle + key).size());
        assertArrayEquals(new byte[0], Pem.decodeAll(Pem.encode("X", new byte[0])).get(0));
    }
}
