package dev.pkixj.pkix.der;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DerReaderTest {

  private static DerReader reader(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new DerReader(b, 0, b.length);
  }

  private static Result error(ThrowingRunnable r) {
    PkixException e = assertThrows(PkixException.class, r::run);
    return e.result();
  }

  interface ThrowingRunnable {
    void run() throws PkixException;
  }

  @Test
  void shortAndLongLengths() throws PkixException {
    DerReader r = reader(0x04, 0x02, 0xaa, 0xbb);
    assertEquals(2, r.expect(0x04));
    assertTrue(r.atEnd());

    byte[] longForm = new byte[3 + 200];
    longForm[0] = 0x04;
    longForm[1] = (byte) 0x81;
    longForm[2] = (byte) 200;
    DerReader lr = new DerReader(longForm, 0, longForm.length);
    assertEquals(200, lr.expect(0x04));

    byte[] twoBytes = new byte[4 + 300];
    twoBytes[0] = 0x04;
    twoBytes[1] = (byte) 0x82;
    twoBytes[2] = 0x01;
    twoBytes[3] = 0x2c;
    assertEquals(300, new DerReader(twoBytes, 0, twoBytes.length).expect(0x04));
  }

  @Test
  void nonMinimalLengthsAreBadDer() {
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x04, 0x81, 0x05, 1, 2, 3, 4, 5).readTlv()));
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x04, 0x82, 0x00, 0x05, 1, 2, 3, 4, 5).readTlv()));
  }

  @Test
  void indefiniteAndHugeLengthsAreBadDer() {
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x30, 0x80, 0x00, 0x00).readTlv()));
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x04, 0x83, 0x01, 0x00, 0x00).readTlv()));
  }

  @Test
  void highTagNumberAndTruncationAreBadDer() {
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x1f, 0x01, 0x00).readTlv()));
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x04, 0x05, 1, 2).readTlv()));
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x04).readTlv()));
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader().readTlv()));
  }

  @Test
  void wrongTagAndTrailingDataAreBadDer() {
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x04, 0x00).expect(0x30)));
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> {
      DerReader r = reader(0x04, 0x00, 0x00);
      r.expect(0x04);
      r.end();
    }));
    // A constructed OCTET STRING (a BER form) is simply a different tag.
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x24, 0x02, 0x04, 0x00).expect(0x04)));
  }

  @Test
  void booleans() throws PkixException {
    assertTrue(reader(0x01, 0x01, 0xff).readBoolean());
    assertFalse(reader(0x01, 0x01, 0x00).readBoolean());
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x01, 0x01, 0x01).readBoolean()));
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x01, 0x02, 0xff, 0xff).readBoolean()));
    // DEFAULT FALSE: absent = false, explicit FALSE tolerated.
    assertFalse(reader(0x04, 0x00).readOptionalBoolean());
    assertFalse(reader(0x01, 0x01, 0x00).readOptionalBoolean());
  }

  @Test
  void integers() throws PkixException {
    assertEquals(1, reader(0x02, 0x01, 0x00).readIntegralBytes(0x02, DerReader.IntegerRule.ANY));
    assertEquals(1, reader(0x02, 0x02, 0x00, 0x80).readIntegralBytes(0x02, DerReader.IntegerRule.POSITIVE));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        error(() -> reader(0x02, 0x00).readIntegralBytes(0x02, DerReader.IntegerRule.ANY)));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        error(() -> reader(0x02, 0x02, 0x00, 0x01).readIntegralBytes(0x02, DerReader.IntegerRule.ANY)));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        error(() -> reader(0x02, 0x02, 0xff, 0x80).readIntegralBytes(0x02, DerReader.IntegerRule.ANY)));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        error(() -> reader(0x02, 0x01, 0x00).readIntegralBytes(0x02, DerReader.IntegerRule.POSITIVE)));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        error(() -> reader(0x02, 0x01, 0x80).readIntegralBytes(0x02, DerReader.IntegerRule.POSITIVE)));
    assertEquals(5, reader(0x02, 0x01, 0x05).readSmallInteger(0x02));
    assertEquals(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING,
        error(() -> reader(0x02, 0x02, 0x00, 0x80).readSmallInteger(0x02)));
  }

  @Test
  void bitStrings() throws PkixException {
    assertArrayEquals(new byte[] {0x0a}, reader(0x03, 0x02, 0x00, 0x0a).readBitStringNoUnusedBits().toByteArray());
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x03, 0x02, 0x01, 0x0a).readBitStringNoUnusedBits()));
    assertEquals(Result.SEC_ERROR_BAD_DER, error(() -> reader(0x03, 0x00).readBitStringNoUnusedBits()));
  }

  private static DerReader time(int tag, String text) {
    byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] b = new byte[t.length + 2];
    b[0] = (byte) tag;
    b[1] = (byte) t.length;
    System.arraycopy(t, 0, b, 2, t.length);
    return new DerReader(b, 0, b.length);
  }

  @Test
  void times() throws PkixException {
    assertEquals(Instant.parse("2026-11-28T10:17:08Z").getEpochSecond(), time(0x17, "261128101708Z").readTime());
    assertEquals(Instant.parse("1970-01-01T00:00:00Z").getEpochSecond(), time(0x17, "700101000000Z").readTime());
    assertEquals(Instant.parse("2049-12-31T23:59:59Z").getEpochSecond(), time(0x17, "491231235959Z").readTime());
    assertEquals(Instant.parse("2050-01-01T00:00:00Z").getEpochSecond(), time(0x18, "20500101000000Z").readTime());
    assertEquals(Instant.parse("2024-02-29T12:00:00Z").getEpochSecond(), time(0x18, "20240229120000Z").readTime());
    assertEquals(Instant.parse("9999-12-31T23:59:59Z").getEpochSecond(), time(0x18, "99991231235959Z").readTime());
    for (String bad : new String[] {"20230229120000Z", "19691231235959Z", "20240101000000+0000",
        "202401010000Z", "20240101000060Z", "20241301000000Z", "20240100000000Z", "2024010100000aZ",
        "20240101240000Z", "20240101000000z", "20240101000000.5Z"}) {
      assertEquals(Result.SEC_ERROR_INVALID_TIME, error(() -> time(0x18, bad).readTime()), bad);
    }
    // UTCTime years 50-99 are 1950-1999: before 1970 is refused.
    assertEquals(Result.SEC_ERROR_INVALID_TIME, error(() -> time(0x17, "690101000000Z").readTime()));
  }

  @Test
  void inputEqualityIsByContent() {
    byte[] a = {1, 2, 3, 4};
    byte[] b = {9, 2, 3, 4, 9};
    assertEquals(new Input(a, 1, 3), new Input(b, 1, 3));
    assertEquals(new Input(a, 1, 3).hashCode(), new Input(b, 1, 3).hashCode());
    assertFalse(new Input(a, 0, 3).contentEquals(new Input(b, 0, 3)));
  }

  @Test
  void inputHashIsThePolynomialOfArraysHashCode() {
    java.util.Random random = dev.pkixj.pkix.TestSeed.random("input-hash");
    for (int n = 0; n < 2000; n++) {
      byte[] data = new byte[random.nextInt(200)];
      random.nextBytes(data);
      int off = data.length == 0 ? 0 : random.nextInt(data.length);
      int len = random.nextInt(data.length - off + 1);
      int expected = 1;
      for (int i = off; i < off + len; i++) {
        expected = 31 * expected + data[i];
      }
      assertEquals(expected, Input.hash(data, off, len), dev.pkixj.pkix.TestSeed.replayHint());
      assertEquals(expected, new Input(data, off, len).hashCode());
      assertEquals(java.util.Arrays.hashCode(java.util.Arrays.copyOfRange(data, off, off + len)),
          Input.hash(data, off, len));
    }
  }
}
