package dev.pkixj.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RecordParserTest {
  private static final TestPki PKI = TestPki.rsa();
  private static final String LEAF = Base64.getEncoder().encodeToString(PKI.leaf().der());
  private static final String INT = Base64.getEncoder().encodeToString(PKI.intermediate().der());
  private static final long JUNE = Instant.parse("2026-06-01T00:00:00Z").getEpochSecond();

  private final DerInterner interner = new DerInterner(64);
  private final RecordParser parser = new RecordParser(interner);

  private ParsedRecord parse(String line) throws MalformedRecordException {
    byte[] b = ("  " + line + " ").getBytes(StandardCharsets.UTF_8);
    return parser.parse(b, 2, b.length - 3);
  }

  private String error(String line) {
    return assertThrows(MalformedRecordException.class, () -> parse(line)).getMessage();
  }

  @Test
  void theCommonShape() throws Exception {
    ParsedRecord r = parse("{\"id\":\"a1\",\"host\":\"www.example.test\",\"time\":"
        + "\"2026-06-01T00:00:00Z\",\"chain\":[\"" + LEAF + "\",\"" + INT + "\"]}");
    assertEquals("a1", r.id());
    assertEquals("www.example.test", r.host());
    assertEquals(JUNE, r.time());
    assertEquals(2, r.chain().size());
    assertArrayEquals(PKI.leaf().der(), r.chain().get(0));
    assertArrayEquals(PKI.intermediate().der(), r.chain().get(1));
  }

  @Test
  void repeatedCertificatesAreDecodedAndSharedFromTheirSecondSighting() throws Exception {
    String line = "{\"chain\":[\"" + LEAF + "\",\"" + INT + "\"]}";
    ParsedRecord a = parse(line);
    ParsedRecord b = parse(line);
    ParsedRecord c = parse(line);
    assertNotSame(a.chain().get(0), b.chain().get(0), "seen once: decoded, not kept");
    assertSame(b.chain().get(1), c.chain().get(1));
    assertSame(b.chain().get(0), c.chain().get(0));
    assertArrayEquals(a.chain().get(0), c.chain().get(0));
    assertEquals(6, interner.lookups());
    assertEquals(2, interner.hits());
    assertEquals(3, interner.leafLookups());
    assertEquals(1, interner.leafHits());
  }

  @Test
  void aHeaderThatPointsAtAnotherQuoteDoesNotCutTheChainWrong() throws Exception {
    // The first text's DER header claims a length whose base64 ends exactly at the second text's
    // closing quote; both texts are unpadded (valid for the JDK decoder). The end found from the
    // header spans '","', which is not base64, so the line goes the slow way, with the same
    // answer as cutting at the first quote.
    byte[] der1 = new byte[4 + 3 * 40];
    der1[0] = 0x30;
    der1[1] = (byte) 0x82;
    byte[] der2 = new byte[1 + 3 * 10];
    for (int i = 4; i < der1.length; i++) {
      der1[i] = (byte) (i * 7);
    }
    for (int i = 0; i < der2.length; i++) {
      der2[i] = (byte) (i * 13 + 1);
    }
    String t2 = Base64.getEncoder().withoutPadding().encodeToString(der2); // 42 characters
    // der1's text: 163 characters for its 122 bytes; its claimed length L makes the predicted
    // end 4 * ceil((4 + L) / 3) = 163 + 3 + 42 = 208 characters after its start.
    int claimed = 208 / 4 * 3 - 4;
    der1[2] = (byte) (claimed >> 8);
    der1[3] = (byte) claimed;
    byte[] der1Short = java.util.Arrays.copyOf(der1, der1.length - 2); // 122 bytes: unpadded
    String t1 = Base64.getEncoder().withoutPadding().encodeToString(der1Short);
    assertEquals(208, t1.length() + 3 + t2.length(), "the test's own arithmetic");
    ParsedRecord r = parse("{\"chain\":[\"" + t1 + "\",\"" + t2 + "\"]}");
    assertEquals(2, r.chain().size());
    assertArrayEquals(der1Short, r.chain().get(0));
    assertArrayEquals(der2, r.chain().get(1));
  }

  @Test
  void everyOtherFormGivesTheSameRecord() throws Exception {
    String escapedLeaf = LEAF.replace("/", "\\/");
    String pem = "-----BEGIN CERTIFICATE-----\\n" + LEAF + "\\n-----END CERTIFICATE-----\\n";
    String[] lines = {
        "{\"chain\":[\"" + escapedLeaf + "\"],\"time\":1780272000,\"id\":7,\"host\":null}",
        "{\"extra\":{\"nested\":[1,2,{\"x\":\"}\"}]},\"chain\":[\"" + pem + "\"],"
            + "\"time\":\"2026-06-01\",\"id\":7}",
        "{ \"id\" : 7 , \"chain\" : [ \"" + LEAF + "\" ] , \"time\" : \"2026-06-01T02:00:00+02:00\" }",
    };
    for (String l : lines) {
      ParsedRecord r = parse(l);
      assertEquals("7", r.id(), l);
      assertNull(r.host(), l);
      assertEquals(JUNE, r.time(), l);
      assertArrayEquals(PKI.leaf().der(), r.chain().get(0), l);
    }
  }

  @Test
  void optionalFieldsMayBeMissing() throws Exception {
    ParsedRecord r = parse("{\"chain\":[\"" + LEAF + "\"]}");
    assertNull(r.id());
    assertNull(r.host());
    assertEquals(ParsedRecord.NO_TIME, r.time());
  }

  @Test
  void malformedRecordsSayWhy() {
    assertTrue(error("not json").startsWith("invalid JSON"), error("not json"));
    assertEquals("not a JSON object", error("[1,2]"));
    assertEquals("no \"chain\"", error("{\"id\":\"x\"}"));
    assertEquals("\"chain\" is empty", error("{\"chain\":[]}"));
    assertEquals("\"chain\" must be an array of base64 certificates", error("{\"chain\":\"x\"}"));
    assertEquals("chain[0] is not a string", error("{\"chain\":[1]}"));
    assertTrue(error("{\"chain\":[\"not base64!\"]}").startsWith("chain[0]: invalid base64"));
    assertTrue(error("{\"chain\":[\"" + LEAF + "\"],\"time\":\"soon\"}").startsWith("\"time\""));
    assertEquals("\"host\" must be a string or null",
        error("{\"chain\":[\"" + LEAF + "\"],\"host\":3}"));
    assertEquals("more than one JSON value on the line",
        error("{\"chain\":[\"" + LEAF + "\"]} {}"));
    assertTrue(error("{\"chain\":[\"" + LEAF).startsWith("invalid JSON"));
  }
}
