package dev.pkixj.truststore.crlite;

import static dev.pkixj.truststore.crlite.ClubcardTest.HINT;
import static dev.pkixj.truststore.crlite.ClubcardTest.LOG_A;
import static dev.pkixj.truststore.crlite.ClubcardTest.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.testdata.ClubcardWriter.Entry;
import dev.pkixj.testdata.ClubcardWriter.Model;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile filter files: always a ClubcardException naming the file, never another exception. */
class ClubcardHostileTest {
  static final Pattern JAVA_NAME =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b");

  /** A small valid filter: one issuer, a few serials, 2 columns or so. */
  static Model small(Random rnd) {
    byte[] issuer = ClubcardTest.filled(0x44);
    java.util.Set<String> seen = new java.util.HashSet<>();
    return new ClubcardWriter(rnd).coverage(LOG_A, 1, 1000)
        .issuer(issuer, ClubcardTest.Case.serials(rnd, 3, seen),
            ClubcardTest.Case.serials(rnd, 20, seen))
        .build();
  }

  /** Parses and expects a refusal whose message names the file and contains {@code what}. */
  static ClubcardException refused(byte[] data, String what) {
    try {
      Clubcard c = Clubcard.parse(data, "hostile.bin");
      fail("accepted: " + c + " (" + what + ")" + HINT);
      return null;
    } catch (ClubcardException e) {
      String m = e.getMessage();
      assertTrue(m.startsWith("hostile.bin: "), m);
      assertEquals("hostile.bin", e.file());
      assertTrue(m.contains(what), "'" + m + "' should say " + what + HINT);
      assertFalse(JAVA_NAME.matcher(m).find(), m);
      assertFalse(m.contains("\n"), m);
      return e;
    } catch (RuntimeException e) {
      throw new AssertionError("unchecked exception for " + what + HINT, e);
    }
  }

  @Test
  void everyTruncationIsRefused() {
    Model m = small(new Random(SEED + 20));
    for (byte[] full : List.of(ClubcardWriter.v3(m), ClubcardWriter.v4(m))) {
      ClubcardTest.parse(full, "whole");
      for (int n = 0; n < full.length; n++) {
        refused(Arrays.copyOf(full, n), n < 2 ? "too short" : "offset ");
      }
    }
  }

  @Test
  void trailingBytesRefusedInV4AndToleratedInV3() throws Exception {
    Model m = small(new Random(SEED + 21));
    byte[] v4 = ClubcardWriter.v4(m);
    refused(Arrays.copyOf(v4, v4.length + 1), "1 trailing bytes");
    byte[] v3 = ClubcardWriter.v3(m);
    Clubcard c = Clubcard.parse(Arrays.copyOf(v3, v3.length + 7), "v3+");
    assertEquals(1, c.blockCount());
  }

  @Test
  void versionsAndReservedByte() {
    Model m = small(new Random(SEED + 22));
    byte[] v4 = ClubcardWriter.v4(m);
    for (int v : new int[] {0, 1, 2, 5, 255}) {
      byte[] b = v4.clone();
      b[0] = (byte) v;
      refused(b, v <= 2 ? "legacy" : "unsupported version " + v);
    }
    byte[] b = v4.clone();
    b[1] = 1;
    refused(b, "reserved byte");
    refused(new byte[0], "too short");
    refused(new byte[] {4}, "too short");
  }

  @Test
  void hugeCountsAreRefusedBeforeAllocating() {
    Model empty = new Model();
    // V3: coverage count, index count, column count, exact word count (each a u64 at the end).
    byte[] v3 = ClubcardWriter.v3(empty);
    for (int at : new int[] {2, 10, 18, 26}) {
      for (long huge : new long[] {-1L, Long.MAX_VALUE, 1L << 40}) {
        byte[] b = v3.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, huge);
        refused(b, "exceeds");
      }
    }
    // V4: u16 coverage, u32 index, u8 columns, u32 exact words.
    byte[] v4 = ClubcardWriter.v4(empty);
    assertEquals(2 + 2 + 4 + 1 + 4, v4.length);
    ByteBuffer bb = ByteBuffer.wrap(v4.clone());
    bb.putShort(2, (short) 0xFFFF);
    refused(bb.array(), "exceeds");
    bb = ByteBuffer.wrap(v4.clone());
    bb.putInt(4, -1);
    refused(bb.array(), "exceeds");
    bb = ByteBuffer.wrap(v4.clone());
    bb.put(8, (byte) 0xFF);
    refused(bb.array(), "exceeds");
    bb = ByteBuffer.wrap(v4.clone());
    bb.putInt(9, 0x7FFF_FFFF);
    refused(bb.array(), "exceeds");
    // Exception counts and lengths inside an entry.
    Model m = small(new Random(SEED + 23));
    Entry e = m.index.firstEntry().getValue();
    e.exceptions.add(new byte[] {7});
    byte[] ok = ClubcardWriter.v3(m);
    int lenAt = indexOf(ok, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 7}); // length 1, serial 07
    byte[] b = ok.clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(lenAt, -2L);
    refused(b, "exceeds");
  }

  static int indexOf(byte[] hay, byte[] needle) {
    for (int i = hay.length - needle.length; i >= 0; i--) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("pattern not found");
  }

  @Test
  void badIndexValuesAreRefused() {
    Random rnd = new Random(SEED + 24);
    Model m = small(rnd);
    Entry e = m.index.firstEntry().getValue();
    long rank = e.rank;
    e.approxM = Math.max(1, e.approxM);
    e.rank = m.approx.length + 1;
    refused(ClubcardWriter.v3(m), "approximate filter columns");
    refused(ClubcardWriter.v4(m), "approximate filter columns");
    e.rank = rank;
    e.approxOffset = 1L << 32;
    refused(ClubcardWriter.v3(m), "approx_offset 4294967296 does not fit in 32 bits");
    e.approxOffset = 0;
    e.exactM = -1L;
    refused(ClubcardWriter.v3(m), "exact_m 18446744073709551615");
    e.exactM = 0;
    e.rank = 256;
    refused(ClubcardWriter.v3(m), "rank 256");
    e.rank = rank;
    // V3 bool: only 0 or 1.
    e.inverted = true;
    byte[] v3 = ClubcardWriter.v3(m);
    int at = 2 + 8 + 48 + 8 + 8 + 32 + 40; // version, coverage, index count, id length+id, 5 u64
    assertEquals(1, v3[at]);
    v3[at] = 2;
    refused(v3, "inverted flag is 2");
  }

  @Test
  void offsetsPastTheStoredWordsReadAsZero() throws Exception {
    Model m = small(new Random(SEED + 25));
    Entry e = m.index.firstEntry().getValue();
    e.approxM = 5;
    e.rank = Math.min(1, m.approx.length);
    e.approxOffset = 0xFFFF_FFF0L;
    e.exactM = 0xFFFF_FFFFL;
    e.exactOffset = 0xFFFF_FFFFL;
    e.inverted = false;
    e.exceptions.clear();
    for (byte[] b : List.of(ClubcardWriter.v3(m), ClubcardWriter.v4(m))) {
      Clubcard c = Clubcard.parse(b, "far");
      // every parity reads zeros: raw member, not inverted → revoked
      byte[] issuer = ClubcardTest.filled(0x44);
      assertEquals(CrliteStatus.REVOKED, ClubcardTest.q(c, issuer, new byte[] {9}, LOG_A, 5));
    }
  }

  @Test
  void randomMutationsNeverThrowUnchecked() {
    Random rnd = new Random(SEED + 26);
    for (int round = 0; round < 3000; round++) {
      Model m = small(rnd);
      byte[] b = rnd.nextBoolean() ? ClubcardWriter.v3(m) : ClubcardWriter.v4(m);
      int flips = 1 + rnd.nextInt(4);
      for (int i = 0; i < flips; i++) {
        int at = rnd.nextInt(b.length);
        b[at] = rnd.nextInt(3) == 0 ? (byte) 0xFF : (byte) rnd.nextInt(256);
      }
      if (rnd.nextInt(4) == 0) {
        b = Arrays.copyOf(b, rnd.nextInt(b.length + 16));
      }
      try {
        Clubcard c = Clubcard.parse(b, "mutant");
        for (int k = 0; k < 8; k++) {
          byte[] serial = new byte[rnd.nextInt(22)];
          rnd.nextBytes(serial);
          c.query(ClubcardTest.filled(0x44), serial, LOG_A, new long[] {rnd.nextInt(2000)});
        }
      } catch (ClubcardException e) {
        assertTrue(e.getMessage().startsWith("mutant: "), e.getMessage());
        assertFalse(JAVA_NAME.matcher(e.getMessage()).find(), e.getMessage());
      } catch (RuntimeException e) {
        throw new AssertionError("round " + round + HINT, e);
      }
    }
  }

  @Test
  void filesAreReadWithTheirNameAndSizeBound(@TempDir Path dir) throws Exception {
    Model m = small(new Random(SEED + 27));
    Path f = dir.resolve("20201017-0-filter");
    Files.write(f, ClubcardWriter.v4(m));
    assertEquals(f.toString(), Clubcard.read(f).name());
    Path missing = dir.resolve("nope");
    ClubcardException e = org.junit.jupiter.api.Assertions.assertThrows(ClubcardException.class,
        () -> Clubcard.read(missing));
    assertEquals(missing + ": no such file", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(ClubcardException.class,
        () -> Clubcard.read(dir));
    assertTrue(e.getMessage().startsWith(dir + ": cannot be read"), e.getMessage());
    Path big = dir.resolve("big");
    try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
      raf.setLength(Clubcard.MAX_FILE_BYTES + 1L); // sparse
    }
    e = org.junit.jupiter.api.Assertions.assertThrows(ClubcardException.class,
        () -> Clubcard.read(big));
    assertTrue(e.getMessage().startsWith(big + ": larger than 256 MiB"), e.getMessage());
    Files.write(f, new byte[] {3, 0, 1});
    e = org.junit.jupiter.api.Assertions.assertThrows(ClubcardException.class,
        () -> Clubcard.read(f));
    assertTrue(e.getMessage().startsWith(f + ": offset 2: truncated"), e.getMessage());
  }
}
