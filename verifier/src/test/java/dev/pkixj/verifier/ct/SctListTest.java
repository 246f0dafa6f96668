package dev.pkixj.verifier.ct;

import static dev.pkixj.verifier.ct.CtFixtures.resource;
import static dev.pkixj.verifier.ct.CtFixtures.sctList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.pkix.der.Input;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SCT list decoder: Firefox's DecodeSCTs semantics and hostile inputs. */
class SctListTest {
  static final byte[] PROOF = resource("test-cert.proof");
  static final String HEAD =
      "00df1c2ec11500945247a96168325ddc5c7959e8f7c6d388fc002e0bbd3f74d7640000013ddb27ded9";
  static final String SIG = "0403004730450220606e10ae5c2d5a1b0aed49dc4937f48de71a4e9784e9c2"
      + "08dfbfe9ef536cf7f2022100beb29c72d7d06d61d06bdb38a069469aa86fe12e18bb7cc456"
      + "89a2c0187ef5a5";

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  static SctList.Decoded decode(byte[] list) {
    return SctList.decode(list, SctOrigin.TLS_EXTENSION);
  }

  @Test
  void decodesTheTestVector() {
    SctList.Decoded d = decode(sctList(PROOF));
    assertEquals(0, d.decodingErrors());
    Sct s = d.scts().get(0);
    assertEquals("df1c2ec11500945247a96168325ddc5c7959e8f7c6d388fc002e0bbd3f74d764",
        HexFormat.of().formatHex(s.logId()));
    assertEquals(1365181456089L, s.timestampMillis());
    assertEquals(4, s.hashAlgorithm());
    assertEquals(3, s.signatureAlgorithm());
    assertEquals(0x47, s.signature().length);
    assertEquals(0, s.extensions().length);
    assertEquals(-1, s.leafIndex());
    assertEquals(SctOrigin.TLS_EXTENSION, s.origin());
  }

  /** Firefox's CTSerializationTest extension cases (CTTestUtils.cpp). */
  @Test
  void leafIndexExtension() {
    Sct one = decode(sctList(hex(HEAD + "0008" + "0000050000000034" + SIG))).scts().get(0);
    assertEquals(52, one.leafIndex());
    assertArrayEquals(hex("0000050000000034"), one.extensions());
    assertEquals(-1, decode(sctList(hex(HEAD + "0008" + "0100050000000034" + SIG)))
        .scts().get(0).leafIndex()); // unknown type ignored
    assertEquals(81, decode(sctList(hex(HEAD + "0010" + "0100050000000034"
        + "0000050000000051" + SIG))).scts().get(0).leafIndex());
    for (String bad : new String[] {
        "0010" + "0000050000000034" + "0000050000000051", // two leaf_index
        "0008" + "000005000034", // Firefox's "too short" vector: the length swallows the hash
        "0005" + "0000020034", // leaf_index of 2 bytes
        "0006" + "000003000034", // wrong length
        "0009" + "000006000000003400", // too long
        "0002" + "0000", // truncated length
        "0004" + "01000500"}) { // data past the extensions
      SctList.Decoded d = decode(sctList(hex(HEAD + bad + SIG)));
      assertEquals(0, d.scts().size(), bad);
      assertEquals(1, d.decodingErrors(), bad);
    }
  }

  @Test
  void listLevelRules() {
    byte[] good = PROOF;
    byte[] v2 = good.clone();
    v2[0] = 1;
    // A bad item is skipped, the rest continue.
    SctList.Decoded d = decode(sctList(good, v2, good));
    assertEquals(2, d.scts().size());
    assertEquals(1, d.decodingErrors());
    // An empty item stops the list.
    d = decode(sctList(good, new byte[0], good));
    assertEquals(1, d.scts().size());
    assertEquals(1, d.decodingErrors());
    // Outer length past the input: one error, nothing decoded.
    byte[] list = sctList(good, good);
    list[1]++;
    d = decode(list);
    assertEquals(0, d.scts().size());
    assertEquals(1, d.decodingErrors());
    // Bytes after the list are ignored.
    d = decode(Arrays.copyOf(sctList(good), sctList(good).length + 3));
    assertEquals(1, d.scts().size());
    assertEquals(0, d.decodingErrors());
    // An empty list (length 0) and no list at all are not errors.
    assertEquals(0, decode(new byte[] {0, 0}).decodingErrors());
    assertEquals(0, decode(new byte[0]).decodingErrors());
    assertEquals(0, decode(null).decodingErrors());
    // Bytes after the signature of an item are ignored.
    d = decode(sctList(Arrays.copyOf(good, good.length + 5)));
    assertEquals(1, d.scts().size());
  }

  @Test
  void algorithmRanges() {
    int at = 1 + 32 + 8 + 2;
    for (int hash = 0; hash <= 7; hash++) {
      for (int sig = 0; sig <= 4; sig++) {
        byte[] b = PROOF.clone();
        b[at] = (byte) hash;
        b[at + 1] = (byte) sig;
        boolean ok = hash <= 6 && sig <= 3;
        assertEquals(ok ? 1 : 0, decode(sctList(b)).scts().size(), hash + "/" + sig);
      }
    }
  }

  @Test
  void everyTruncationIsDefined() {
    byte[] list = sctList(PROOF, PROOF);
    int itemEnd = 2 + 2 + PROOF.length;
    for (int n = 0; n < list.length; n++) {
      byte[] cut = Arrays.copyOf(list, n);
      SctList.Decoded d = decode(cut);
      if (n == 0) {
        assertEquals(0, d.decodingErrors());
      } else {
        // The outer length always promises more than a truncation holds.
        assertEquals(1, d.decodingErrors(), "length " + n);
        assertEquals(0, d.scts().size());
      }
      // With the outer length fixed to what is left, items are cut instead.
      if (n >= 2) {
        cut[0] = (byte) ((n - 2) >>> 8);
        cut[1] = (byte) (n - 2);
        d = decode(cut);
        int whole = n >= itemEnd ? 1 : 0;
        assertEquals(whole, d.scts().size(), "length " + n);
        boolean clean = n == 2 || n == itemEnd;
        assertEquals(clean ? 0 : 1, d.decodingErrors(), "length " + n);
      }
    }
    // Truncations of one item inside a consistent list: a decoding error each.
    for (int n = 1; n < PROOF.length - 1; n++) {
      SctList.Decoded d = decode(sctList(Arrays.copyOf(PROOF, n)));
      assertEquals(0, d.scts().size(), "item length " + n);
      assertEquals(1, d.decodingErrors(), "item length " + n);
    }
  }

  @Test
  void hugeCountsAndLengthsAllocateNothing() {
    // 65,535-byte list of zero-length items and of maximal item lengths.
    byte[] zeros = new byte[2 + 0xffff];
    zeros[0] = (byte) 0xff;
    zeros[1] = (byte) 0xff;
    SctList.Decoded d = decode(zeros);
    assertEquals(1, d.decodingErrors());
    byte[] huge = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertEquals(1, decode(huge).decodingErrors());
    // Many minimal SCTs: every one decoded.
    byte[] minimal = hex(HEAD + "0000" + "040300" + "00");
    byte[][] many = new byte[1000][];
    Arrays.fill(many, minimal);
    d = decode(sctList(many));
    assertEquals(1000, d.scts().size());
    assertEquals(0, d.decodingErrors());
  }

  @Test
  void randomBytesNeverThrow() {
    // A fixed seed (this module's tests do not share pkix's per-run seed); printed on failure.
    long seed = 20261207L;
    Random r = new Random(seed);
    byte[] valid = sctList(PROOF, PROOF);
    for (int i = 0; i < 20000; i++) {
      byte[] b;
      if (r.nextBoolean()) {
        b = new byte[r.nextInt(300)];
        r.nextBytes(b);
        if (b.length >= 2 && r.nextBoolean()) {
          b[0] = (byte) ((b.length - 2) >>> 8);
          b[1] = (byte) (b.length - 2);
        }
      } else {
        b = valid.clone();
        for (int k = r.nextInt(4); k >= 0; k--) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
      }
      SctList.Decoded d = decode(b);
      assertNotNull(d, "seed " + seed + ", input " + i);
      assertTrue(d.decodingErrors() >= 0 && d.decodingErrors() + d.scts().size() <= b.length,
          "seed " + seed + ", input " + i);
    }
  }

  @Test
  void unwrapsTheExtensionValue() {
    byte[] inner = sctList(PROOF);
    byte[] wrapped = new byte[inner.length + 2];
    wrapped[0] = 4;
    wrapped[1] = (byte) inner.length;
    System.arraycopy(inner, 0, wrapped, 2, inner.length);
    Input got = SctList.unwrapExtension(Input.of(wrapped));
    assertArrayEquals(inner, got.toByteArray());
    assertNull(SctList.unwrapExtension(Input.of(inner)));
    assertNull(SctList.unwrapExtension(Input.of(Arrays.copyOf(wrapped, wrapped.length + 1))));
    assertNull(SctList.unwrapExtension(null));
  }
}
