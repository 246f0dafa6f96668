package dev.pkixj.testdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestPkiTest {

    static Stream<TestPki> pkis() {
        return Stream.of(TestPki.rsa(), TestPki.ec(), TestPki.mixed());
    }

    static void validate(TestCert root, List<TestCert> path) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        CertPath cp = cf.generateCertPath(path.stream().map(TestCert::x509).toList());
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root.x509(), null)));
        params.setRevocationEnabled(false);
        params.setDate(TestClock.nowDate());
        CertPathValidator.getInstance("PKIX").validate(cp, params);
    }

    @ParameterizedTest
    @MethodSource("pkis")
    void chainValidatesWithJdkPkix(TestPki pki) throws Exception {
        validate(pki.root(), List.of(pki.leaf(), pki.intermediate()));
        validate(pki.root(), List.of(pki.newLeaf(7), pki.intermediate()));
        assertEquals(List.of(pki.leaf(), pki.intermediate(), pki.root()), pki.chain());
        assertEquals(pki.chain(), pki.leaf().chain());
    }

    @ParameterizedTest
    @MethodSource("pkis")
    void chainIsRejectedOutsideValidity(TestPki pki) throws Exception {
        CertPath cp = CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(pki.leaf().x509(), pki.intermediate().x509()));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(pki.root().x509(), null)));
        params.setRevocationEnabled(false);
        params.setDate(java.util.Date.from(TestClock.daysFromNow(400)));
        assertThrows(CertPathValidatorException.class, () -> CertPathValidator.getInstance("PKIX").validate(cp, params));
    }

    @ParameterizedTest
    @MethodSource("pkis")
    void leafHasRealisticExtensions(TestPki pki) throws Exception {
        X509Certificate leaf = pki.leaf().x509();
        boolean rsa = leaf.getPublicKey().getAlgorithm().equals("RSA");
        boolean[] ku = leaf.getKeyUsage();
        assertTrue(ku[0]);
        assertEquals(rsa, ku[2]);
        assertEquals(List.of(Oids.SERVER_AUTH, Oids.CLIENT_AUTH), leaf.getExtendedKeyUsage());
        assertEquals(2, leaf.getSubjectAlternativeNames().size());
        assertTrue(leaf.getSubjectAlternativeNames().contains(List.of(2, "www.example.test")));
        assertTrue(leaf.getSubjectAlternativeNames().contains(List.of(2, "example.test")));
        assertTrue(Asn1.contains(Asn1.extValue(pki.leaf(), Oids.AUTHORITY_INFO_ACCESS),
                TestPki.OCSP_URL.getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(Der.seq(Der.seq(Der.oid(Oids.CABF_DV))), Asn1.extValue(pki.leaf(), Oids.CERTIFICATE_POLICIES));
        assertTrue(Asn1.ext(pki.leaf(), Oids.SUBJECT_KEY_ID) != null);
        assertTrue(Asn1.ext(pki.leaf(), Oids.AUTHORITY_KEY_ID) != null);
        assertEquals(0, pki.intermediate().x509().getBasicConstraints());
        assertEquals(-1, leaf.getBasicConstraints());
    }

    @Test
    void keyTypes() {
        assertEquals("RSA", TestPki.rsa().root().publicKey().getAlgorithm());
        assertEquals("RSA", TestPki.rsa().leaf().publicKey().getAlgorithm());
        assertEquals("EC", TestPki.ec().root().publicKey().getAlgorithm());
        assertEquals("RSA", TestPki.mixed().root().publicKey().getAlgorithm());
        assertEquals("EC", TestPki.mixed().intermediate().publicKey().getAlgorithm());
        assertEquals("EC", TestPki.mixed().leaf().publicKey().getAlgorithm());
        assertEquals(Oids.SHA256_WITH_RSA, TestPki.mixed().intermediate().x509().getSigAlgOID());
        assertEquals(Oids.ECDSA_SHA256, TestPki.mixed().leaf().x509().getSigAlgOID());
        assertSame(TestPki.rsa(), TestPki.rsa());
        assertNotEquals(TestPki.rsa().root().publicKey(), TestPki.mixed().root().publicKey());
    }

    @Test
    void newLeavesAreDistinctAndVerify() throws Exception {
        TestPki pki = TestPki.rsa();
        pki.newLeaf(0);
        Set<java.math.BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            TestCert c = pki.newLeaf(i);
            assertTrue(serials.add(c.serial()));
            assertEquals(pki.leafKey(i).getPublic(), c.publicKey());
            assertSame(pki.intermediate(), c.issuer());
        }
        pki.newLeaf(3).x509().verify(pki.intermediate().publicKey());
        assertArrayEquals(pki.newLeaf(3).der(), pki.newLeaf(3).der());
        assertEquals(pki.leafKey(1).getPublic(), pki.leafKey(1 + TestPki.LEAF_KEY_POOL).getPublic());
        assertFalse(serials.contains(pki.leaf().serial()));
    }

    @Test
    void leafBuilderMakesVariants() throws Exception {
        TestPki pki = TestPki.ec();
        TestCert expired = pki.leafBuilder().validity(TestClock.daysAgo(400), TestClock.daysAgo(1)).build();
        expired.x509().verify(pki.intermediate().publicKey());
        assertEquals(pki.leaf().publicKey(), expired.publicKey());
        TestCert ica2 = pki.intermediateBuilder().removeExtension(Oids.BASIC_CONSTRAINTS).build();
        assertEquals(-1, ica2.x509().getBasicConstraints());
        ica2.x509().verify(pki.root().publicKey());
    }

    @Test
    void opensslAgrees(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(opensslAvailable(), "openssl not on PATH");
        for (TestPki pki : pkis().toList()) {
            Path root = write(dir, "root.pem", pki.root().pem());
            Path ica = write(dir, "ica.pem", pki.intermediate().pem());
            Path leaf = write(dir, "leaf.pem", pki.leaf().pem());
            Result ok = openssl("verify", "-x509_strict", "-attime", String.valueOf(TestClock.NOW.getEpochSecond()),
                    "-CAfile", root.toString(), "-untrusted", ica.toString(), leaf.toString());
            assertEquals(0, ok.exit, pki + ": " + ok.output);
            assertTrue(ok.output.contains("OK"), ok.output);

            Path bad = write(dir, "bad.pem", pki.leafBuilder().corruptSignature().build().pem());
            Result fail = openssl("verify", "-attime", String.valueOf(TestClock.NOW.getEpochSecond()),
                    "-CAfile", root.toString(), "-untrusted", ica.toString(), bad.toString());
            assertNotEquals(0, fail.exit, fail.output);
        }
    }

    private static Path write(Path dir, String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private record Result(int exit, String output) {}

    private static Result openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    private static boolean opensslAvailable() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
