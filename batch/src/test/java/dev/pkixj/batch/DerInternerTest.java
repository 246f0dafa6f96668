package dev.pkixj.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DerInternerTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The decoder's answer, or the exception's class when it refuses. */
  private static Object outcome(byte[] text) {
    try {
      return DerInterner.decodeBase64(text, 0, text.length);
    } catch (IllegalArgumentException e) {
      return IllegalArgumentException.class;
    }
  }

  private static Object jdk(byte[] text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException e2) {
        return IllegalArgumentException.class;
      }
    }
  }

  private static void assertSameOutcome(byte[] text) {
    Object want = jdk(text);
    Object got = outcome(text);
    if (want instanceof byte[]) {
      assertArrayEquals((byte[]) want, (byte[]) got, new String(text, StandardCharsets.ISO_8859_1));
    } else {
      assertEquals(want, got, new String(text, StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void theTextLengthOfADerSequenceIsReadFromItsHeader() {
    long seed = 13;
    Random r = new Random(seed);
    for (int n = 128; n < 16384; n += 1 + r.nextInt(97)) {
      byte[] der = new byte[4 + n];
      r.nextBytes(der);
      der[0] = 0x30;
      der[1] = (byte) 0x82;
      der[2] = (byte) (n >> 8);
      der[3] = (byte) n;
      byte[] line = ascii("[\"" + Base64.getEncoder().encodeToString(der) + "\"]");
      assertEquals(line.length - 4, DerInterner.derTextLength(line, 2, line.length),
          "content length " + n + " (seed " + seed + ")");
    }
    assertEquals(0, DerInterner.derTextLength(ascii("MIGfMA0GCSqG"), 0, 12), "one-byte length");
    assertEquals(0, DerInterner.derTextLength(ascii("MIJAAAAA"), 0, 8), "64 KiB and more");
    assertEquals(0, DerInterner.derTextLength(ascii("MIIB"), 0, 4), "too short to tell");
    assertEquals(0, DerInterner.derTextLength(ascii("MII!AAAA"), 0, 8), "not base64");
  }

  @Test
  void canonicalTextTakesTheFastPathAndDecodesLikeTheJdk() {
    Random r = new Random(7);
    for (int n = 1; n < 200; n++) {
      byte[] data = new byte[n];
      r.nextBytes(data);
      byte[] text = Base64.getEncoder().encode(data);
      assertArrayEquals(data, DerInterner.decodeCanonical(text, 0, text.length), "length " + n);
      assertSameOutcome(text);
    }
  }

  @Test
  void everythingElseGetsTheJdksAnswer() {
    // Unpadded, URL-safe, non-zero unused bits, stray padding, bad characters, empty.
    for (String s : new String[] {"", "QQ", "QUI", "QQ==", "QR==", "QUJ=", "QUI=", "-_-_", "+/+/",
        "Q===", "====", "QQ=A", "QQ==QQ==", "Q Q=", "QUJD\n", "\u00e9QUJ"}) {
      assertSameOutcome(s.getBytes(StandardCharsets.ISO_8859_1));
    }
    assertNull(DerInterner.decodeCanonical(ascii("QR=="), 0, 4), "unused bits set");
    assertNull(DerInterner.decodeCanonical(ascii("-_-_"), 0, 4), "URL-safe alphabet");
  }

  @Test
  void randomMutationsOfValidTextAgreeWithTheJdk() {
    Random r = new Random(11);
    byte[] alphabet = ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\"\\");
    for (int i = 0; i < 20_000; i++) {
      byte[] data = new byte[1 + r.nextInt(40)];
      r.nextBytes(data);
      byte[] text = Base64.getEncoder().encode(data);
      for (int m = r.nextInt(3); m >= 0; m--) {
        text[r.nextInt(text.length)] = alphabet[r.nextInt(alphabet.length)];
      }
      assertSameOutcome(text);
    }
  }

  @Test
  void decodesAtAnOffsetAndInternsRepeatedText() {
    byte[] line = ascii("xx\"QUJD\"yy");
    DerInterner interner = new DerInterner(16);
    byte[] once = interner.decode(line, 3, 4, true);
    assertArrayEquals(ascii("ABC"), once);
    byte[] second = interner.decode(ascii("QUJD"), 0, 4, true);
    assertNotSame(once, second, "admitted on the second sighting, not the first");
    assertSame(second, interner.decode(ascii("xQUJD"), 1, 4, true), "the same array for the same text");
    assertEquals(1, interner.hits());
    assertEquals(3, interner.leafLookups());
    assertNotNull(interner.decode(ascii("QUJE"), 0, 4));
    assertThrows(IllegalArgumentException.class, () -> interner.decode(ascii("Q!=="), 0, 4));
  }
}
