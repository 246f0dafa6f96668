package dev.pkixj.pkix.crl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.CrlBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The DER CRL parser: fields, bounds, and every malformed form it must refuse. */
class CrlTest {
  private static final TestCert CA = CertBuilder.root("CRL Test CA").build();

  private static Input serial(BigInteger n) {
    return Input.of(n.toByteArray());
  }

  @Test
  void parsesTheFieldsOfAV2Crl() throws Exception {
    Crl crl = Crl.parse(CrlBuilder.issuer(CA).revoke(BigInteger.valueOf(1234))
        .revoke(BigInteger.valueOf(5678)).build());
    assertEquals(1, crl.version());
    assertTrue(crl.issuer().contentEquals(CA.subjectDer()));
    assertEquals(TestClock.daysAgo(1).getEpochSecond(), crl.thisUpdate());
    assertEquals(TestClock.daysFromNow(7).getEpochSecond(), crl.nextUpdate());
    assertTrue(crl.hasNextUpdate());
    assertTrue(crl.isRevoked(serial(BigInteger.valueOf(1234))));
    assertTrue(crl.isRevoked(serial(BigInteger.valueOf(5678))));
    assertFalse(crl.isRevoked(serial(BigInteger.valueOf(1235))));
    assertEquals(2, crl.revokedCount());
    assertNotNull(crl.crlNumber());
    assertFalse(crl.crlNumber().critical());
    assertNull(crl.deltaCrlIndicator());
    assertFalse(crl.hasUnknownCriticalExtension());
    assertFalse(crl.hasCriticalEntryExtension());
    assertFalse(crl.hasDuplicateEntry());
    assertEquals(Result.SUCCESS, crl.verifySignedBy(Input.of(CA.spkiDer())));
  }

  @Test
  void aSignatureByAnotherKeyDoesNotVerify() throws Exception {
    TestCert other = CertBuilder.root("CRL Other CA").build();
    Crl crl = Crl.parse(CrlBuilder.issuer(CA).build());
    assertEquals(Result.SEC_ERROR_BAD_SIGNATURE, crl.verifySignedBy(Input.of(other.spkiDer())));
  }

  @Test
  void v1WithoutNextUpdateOrExtensions() throws Exception {
    Crl crl = Crl.parse(CrlBuilder.issuer(CA).v1().nextUpdate(null).build());
    assertEquals(0, crl.version());
    assertFalse(crl.hasNextUpdate());
    assertEquals(Long.MAX_VALUE, crl.nextUpdate());
    assertNull(crl.crlNumber());
    assertEquals(0, crl.revokedCount());
  }

  @Test
  void criticalExtensionsAreReported() throws Exception {
    Crl crl = Crl.parse(CrlBuilder.issuer(CA).criticalCrlNumber()
        .extension(Oids.UNKNOWN_EXTENSION, true, Der.nul())
        .revoke(BigInteger.ONE, Oids.UNKNOWN_EXTENSION, true, Der.nul()).build());
    assertTrue(crl.crlNumber().critical());
    assertTrue(crl.hasUnknownCriticalExtension());
    assertTrue(crl.hasCriticalEntryExtension());
  }

  @Test
  void deltaIndicatorAndDuplicates() throws Exception {
    Crl crl = Crl.parse(CrlBuilder.issuer(CA).extension("2.5.29.27", true, Der.integer(1))
        .revoke(BigInteger.TWO).revoke(BigInteger.TWO).build());
    assertNotNull(crl.deltaCrlIndicator());
    assertTrue(crl.hasDuplicateEntry());
    assertEquals(1, crl.revokedCount());
    PkixException e = assertThrows(PkixException.class, () -> Crl.parse(CrlBuilder.issuer(CA)
        .extension("2.5.29.20", false, Der.integer(2)).build()));
    assertEquals(Result.SEC_ERROR_EXTENSION_VALUE_INVALID, e.result(), "a duplicate cRLNumber");
  }

  @Test
  void aCrlLongerThanTheDerReadersLimitParses() throws Exception {
    // 6,000 entries: the list, the TBS and revokedCertificates take 3-byte lengths.
    CrlBuilder b = CrlBuilder.issuer(CA);
    for (int i = 1; i <= 6000; i++) {
      b.revoke(BigInteger.valueOf(1_000_000L + i));
    }
    byte[] der = b.build();
    assertTrue(der.length > 65_539, "the test CRL is " + der.length + " bytes");
    Crl crl = Crl.parse(der);
    assertEquals(6000, crl.revokedCount());
    assertTrue(crl.isRevoked(serial(BigInteger.valueOf(1_006_000L))));
    assertEquals(Result.SUCCESS, crl.verifySignedBy(Input.of(CA.spkiDer())));
  }

  @Test
  void malformedInputIsBadDer() {
    byte[] good = CrlBuilder.issuer(CA).build();
    assertBad(new byte[0]);
    assertBad(new byte[] {0x30});
    assertBad(new byte[] {0x30, (byte) 0x80, 0, 0}); // indefinite length
    assertBad(Arrays.copyOf(good, good.length - 1)); // truncated
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertBad(trailing);
    byte[] notSequence = good.clone();
    notSequence[0] = 0x31;
    assertBad(notSequence);
    // A long-form length that is not the shortest (0x82 00 xx).
    assertBad(new byte[] {0x30, (byte) 0x82, 0, 3, 2, 1, 0});
    // A five-byte length.
    assertBad(new byte[] {0x30, (byte) 0x85, 0, 0, 0, 0, 1, 0});
    assertThrows(PkixException.class, () -> Crl.parse(null));
  }

  @Test
  void versionsAboveV2AreRefused() {
    TestCert ca = CA;
    byte[] alg = Der.seq(Der.oid("1.2.840.10045.4.3.2"));
    byte[] tbs = Der.seq(Der.integer(2), alg, ca.subjectDer(), Der.time(TestClock.NOW));
    assertBad(Der.seq(tbs, alg, Der.bitString(new byte[8])));
  }

  @Test
  void anEmptyExtensionListIsRefused() {
    byte[] alg = Der.seq(Der.oid("1.2.840.10045.4.3.2"));
    byte[] tbs = Der.seq(Der.integer(1), alg, CA.subjectDer(), Der.time(TestClock.NOW),
        Der.explicit(0, Der.seq()));
    assertBad(Der.seq(tbs, alg, Der.bitString(new byte[8])));
  }

  @Test
  void aNegativeCrlNumberIsRefused() {
    PkixException e = assertThrows(PkixException.class, () -> Crl.parse(CrlBuilder.issuer(CA)
        .noCrlNumber().extension("2.5.29.20", false, Der.integer(-1)).build()));
    assertEquals(Result.SEC_ERROR_EXTENSION_VALUE_INVALID, e.result());
  }

  private static void assertBad(byte[] der) {
    PkixException e = assertThrows(PkixException.class, () -> Crl.parse(der));
    assertTrue(e.result() == Result.SEC_ERROR_BAD_DER || e.result() == Result.SEC_ERROR_INVALID_TIME,
        "got " + e.result());
  }
}
