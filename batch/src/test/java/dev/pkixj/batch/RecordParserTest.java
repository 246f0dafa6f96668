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
