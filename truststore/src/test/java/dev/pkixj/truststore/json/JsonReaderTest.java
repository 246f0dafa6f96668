package dev.pkixj.truststore.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  private static Object parse(String s) throws JsonException {
    return JsonReader.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonException fails(String s) {
    return assertThrows(JsonException.class, () -> parse(s), s);
  }

  private static JsonException fails(byte[] b) {
    return assertThrows(JsonException.class, () -> JsonReader.parse(b));
  }

  @Test
  void readsEveryKindOfValue() throws JsonException {
    JsonObject o = (JsonObject) parse(
        " {\"s\": \"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00é\", \"n\": -12.5e+2,"
            + " \"z\": 0, \"t\": true, \"f\": false, \"nul\": null, \"a\": [1, [], {}],"
            + " \"o\": {\"x\": \"y\"}}\n");
    assertEquals("a\"b\\c/\b\f\n\r\té\uD83D\uDE00é", o.string("s"));
    assertEquals(new BigDecimal("-12.5e+2"), o.get("n"));
    assertEquals(0L, o.longValue("z"));
    assertEquals(Boolean.TRUE, o.get("t"));
    assertEquals(Boolean.FALSE, o.get("f"));
    assertSame(JsonNull.NULL, o.get("nul"));
    List<Object> a = o.array("a");
    assertEquals(3, a.size());
    assertEquals("y", o.object("o").string("x"));
    assertEquals("o", o.object("o").path());
    assertEquals(List.of("s", "n", "z", "t", "f", "nul", "a", "o"), List.copyOf(o.names()));
    assertEquals("x", parse("\"x\""));
    assertEquals(new BigDecimal("7"), parse(" 7 "));
  }

  @Test
  void rejectsWhatRfc8259DoesNotAllowNamingLineAndColumn() {
    assertEquals("line 1, column 8: a trailing comma is not allowed",
        fails("[1, 2, ]").getMessage());
    assertEquals("line 2, column 9: a trailing comma is not allowed",
        fails("{\"a\": 1,\n        }").getMessage());
    assertEquals("line 1, column 1: unexpected character ''': expected a value",
        fails("'a'").getMessage());
    assertTrue(fails("{\"a\":1,\"a\":2}").getMessage().contains("duplicate member name \"a\""));
    assertTrue(fails("01").getMessage().contains("leading zero"));
    assertTrue(fails("1.").getMessage().contains("digit after '.'"));
    assertTrue(fails("-").getMessage().contains("digit after '-'"));
    assertTrue(fails("1e").getMessage().contains("exponent"));
    assertTrue(fails("NaN").getMessage().contains("expected a value"));
    assertTrue(fails("// c\n1").getMessage().contains("expected a value"));
    assertTrue(fails("\"a\tb\"").getMessage().contains("control character U+0009"));
    assertTrue(fails("\"\\x\"").getMessage().contains("invalid escape \\'x'"));
    assertTrue(fails("\"\\ud800\"").getMessage().contains("unpaired surrogate"));
    assertTrue(fails("\"\\udc00\"").getMessage().contains("unpaired surrogate"));
    assertTrue(fails("\"\\u12\"").getMessage().contains("four hexadecimal digits"));
    assertTrue(fails("\"abc").getMessage().contains("not terminated"));
    assertTrue(fails("1 2").getMessage().contains("after the end of the value"));
    assertTrue(fails("").getMessage().contains("empty input"));
    assertTrue(fails("{\"a\" 1}").getMessage().contains("expected ':'"));
    assertTrue(fails("{1:2}").getMessage().contains("member name in quotes"));
    assertTrue(fails("[1 2]").getMessage().contains("expected ',' or ']'"));
    assertTrue(fails("tru").getMessage().contains("expected a value"));
    assertTrue(fails("1e99999999999").getMessage().contains("out of range"));
  }

  @Test
  void rejectsBadUtf8AndAByteOrderMark() {
    assertTrue(fails(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'}).getMessage()
        .contains("byte-order mark"));
    assertTrue(fails(new byte[] {'"', (byte) 0xC3, '"'}).getMessage().contains("invalid UTF-8"));
    assertTrue(fails(new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'}).getMessage()
        .contains("invalid UTF-8 byte 0xC0")); // overlong NUL
    assertTrue(fails(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}).getMessage()
        .contains("invalid UTF-8")); // an encoded surrogate
    assertTrue(fails(new byte[] {(byte) 0xFF}).getMessage().contains("byte 0xFF"));
  }

  @Test
  void columnsCountCharactersNotBytes() {
    JsonException e = fails("[\"éé\", x]");
    assertEquals(1, e.line());
    assertEquals(8, e.column());
  }

  @Test
  void enforcesItsLimits() {
    JsonReader.Limits small = new JsonReader.Limits(100, 3, 5, 4, 10);
    assertTrue(assertThrows(JsonException.class,
        () -> JsonReader.parse(new byte[101], small)).getMessage().contains("larger than the limit"));
    assertTrue(assertThrows(JsonException.class,
        () -> JsonReader.parse("[[[[1]]]]".getBytes(StandardCharsets.UTF_8), small)).getMessage()
        .contains("nesting deeper than 3"));
    assertTrue(assertThrows(JsonException.class,
        () -> JsonReader.parse("\"abcdef\"".getBytes(StandardCharsets.UTF_8), small)).getMessage()
        .contains("string longer than 5"));
    assertTrue(assertThrows(JsonException.class,
        () -> JsonReader.parse("12345".getBytes(StandardCharsets.UTF_8), small)).getMessage()
        .contains("number longer than 4"));
    assertTrue(assertThrows(JsonException.class,
        () -> JsonReader.parse("[1,2,3,4,5,6,7,8,9,10]".getBytes(StandardCharsets.UTF_8), small))
        .getMessage().contains("more than 10 values"));
    // exactly at the limits is fine
    assertEquals("abcde", assertDoesNotThrow("\"abcde\"", small));
    assertEquals(new BigDecimal("1234"), assertDoesNotThrow("1234", small));
    assertEquals(1, ((List<?>) assertDoesNotThrow("[[1]]", small)).size());
  }

  private static Object assertDoesNotThrow(String s, JsonReader.Limits l) {
    try {
      return JsonReader.parse(s.getBytes(StandardCharsets.UTF_8), l);
    } catch (JsonException e) {
      throw new AssertionError(s + ": " + e.getMessage());
    }
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    String deep = "[".repeat(100_000);
    assertTrue(fails(deep).getMessage().contains("nesting deeper than 64"));
  }

  @Test
  void typedAccessorsNameThePath() throws JsonException {
    JsonObject o = JsonReader.parseObject(
        "{\"ops\": [{\"logs\": [{\"key\": 5}]}]}".getBytes(StandardCharsets.UTF_8));
    JsonObject log = o.objects("ops", true).get(0).objects("logs", true).get(0);
    assertEquals("ops[0].logs[0]", log.path());
    assertEquals("ops[0].logs[0].key: expected a string, found a number",
        assertThrows(JsonException.class, () -> log.string("key")).getMessage());
    assertEquals("ops[0].logs[0]: member \"url\" is missing",
        assertThrows(JsonException.class, () -> log.string("url")).getMessage());
    assertEquals("member \"x\" is missing",
        assertThrows(JsonException.class, () -> o.object("x")).getMessage());
    assertTrue(o.objects("none", false).isEmpty());
    assertEquals("expected an object at the top level, found an array",
        assertThrows(JsonException.class, () -> JsonReader.parseObject("[]".getBytes()))
            .getMessage().substring("line 1, column 1: ".length()));
    JsonObject n = JsonReader.parseObject("{\"big\": 1e30, \"frac\": 1.5}".getBytes());
    assertTrue(assertThrows(JsonException.class, () -> n.longValue("big")).getMessage()
        .contains("not an integer"));
    assertTrue(assertThrows(JsonException.class, () -> n.longValue("frac")).getMessage()
        .contains("not an integer"));
  }
}
