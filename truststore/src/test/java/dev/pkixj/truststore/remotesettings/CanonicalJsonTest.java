package dev.pkixj.truststore.remotesettings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Canonical JSON against Firefox's own expectations (toolkit/modules/tests/xpcshell/
 * test_CanonicalJSON.js), jsesc 1.0's escaping rules and ECMAScript Number::toString.
 */
class CanonicalJsonTest {
  private static String canon(String json) throws Exception {
    return CanonicalJson.stringify(JsonReader.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void firefoxTestVectors() throws Exception {
    assertEquals("[\"one\",\"two\",\"three\"]", canon("[\"one\", \"two\", \"three\"]"));
    assertEquals("[{\"a\":[\"zero\",\"one\"],\"b\":[\"two\",\"three\"]}]",
        canon("[{\"b\": [\"two\", \"three\"], \"a\": [\"zero\", \"one\"]}]"));
    assertEquals("[{\"a\":{\"a\":\"a\",\"b\":\"b\"},\"b\":{\"c\":\"c\",\"d\":\"d\"}}]",
        canon("[{\"b\": {\"d\": \"d\", \"c\": \"c\"}, \"a\": {\"b\": \"b\", \"a\": \"a\"}}]"));
    assertEquals("[{\"key\":\"\\u2713\"}]", canon("[{\"key\": \"\u2713\"}]"));
    assertEquals("[{\"key\":\"\\u00e9\"}]", canon("[{\"key\": \"\u00e9\"}]"));
    assertEquals("[{\"\\u00e9\":\"check\"}]", canon("[{\"\u00e9\": \"check\"}]"));
    assertEquals("[{\"foo\":\"bar\",\"id\":\"1\",\"last_modified\":\"12345\"},"
        + "{\"bar\":\"baz\",\"id\":\"2\",\"last_modified\":\"45678\"}]",
        canon("[{\"foo\": \"bar\", \"last_modified\": \"12345\", \"id\": \"1\"},"
            + " {\"bar\": \"baz\", \"last_modified\": \"45678\", \"id\": \"2\"}]"));
    assertEquals("{}", canon("{ }"));
    assertEquals("[]", canon("[ ]"));
    assertEquals("\"\"", canon("\"\""));
    assertEquals("\"This\\\\and this\"", canon("\"This\\\\and this\""));
    assertEquals("0", canon("0"));
    assertEquals("-0", CanonicalJson.number(-0.0));
    assertEquals("[{\"a\":{\"a\":\"a\",\"b\":\"b\",\"c\":{\"a\":\"a\",\"b\":\"b\",\"c\":[\"b\",\"a\","
        + "\"c\"],\"d\":{\"a\":\"a\",\"b\":\"b\"},\"e\":1,\"f\":[2,3,1],\"g\":{\"1\":{\"a\":\"a\","
        + "\"b\":\"b\",\"c\":\"c\"},\"2\":2,\"3\":3},\"id\":\"1\"}},\"id\":\"1\"}]",
        canon("[{\"a\": {\"b\": \"b\", \"a\": \"a\", \"c\": {\"b\": \"b\", \"a\": \"a\","
            + " \"c\": [\"b\", \"a\", \"c\"], \"d\": {\"b\": \"b\", \"a\": \"a\"}, \"id\": \"1\","
            + " \"e\": 1, \"f\": [2, 3, 1], \"g\": {\"2\": 2, \"3\": 3, \"1\": {\"b\": \"b\","
            + " \"a\": \"a\", \"c\": \"c\"}}}}, \"id\": \"1\"}]"));
  }

  @Test
  void jsescEscapesEveryCodeUnitOutsidePrintableAscii() {
    StringBuilder in = new StringBuilder();
    StringBuilder want = new StringBuilder("\"");
    for (char c = 0; c < 0x100; c++) {
      in.append(c);
      switch (c) {
        case '"' -> want.append("\\\"");
        case '\\' -> want.append("\\\\");
        case '\b' -> want.append("\\b");
        case '\f' -> want.append("\\f");
        case '\n' -> want.append("\\n");
        case '\r' -> want.append("\\r");
        case '\t' -> want.append("\\t");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            want.append(c); // ' and / included
          } else {
            want.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    want.append('"');
    assertEquals(want.toString(), CanonicalJson.quote(in.toString()));
    // A character outside the BMP: each surrogate on its own (jsesc without es6).
    assertEquals("\"\\ud83d\\ude00\"", CanonicalJson.quote("\ud83d\ude00"));
    assertEquals("\"\\u007f\\u2028\\ufeff\"", CanonicalJson.quote("\u007f\u2028\ufeff"));
  }

  @Test
  void membersSortByUtf16CodeUnits() throws Exception {
    // U+1F600 is the surrogates D83D DE00, below U+FF21 in UTF-16 code units, so it sorts
    // first, as JavaScript's sort does (code-point order would put U+FF21 first).
    assertEquals("{\"B\":1,\"a\":2,\"\\ud83d\\ude00\":4,\"\\uff21\":3}",
        canon("{\"a\":2,\"\uff21\":3,\"B\":1,\"\ud83d\ude00\":4}"));
  }

  @Test
  void numbersAsJavaScriptPrintsThem() throws Exception {
    String[][] cases = {
        {"1", "1"}, {"1.0", "1"}, {"-1.50", "-1.5"}, {"1e2", "100"}, {"1E+2", "100"},
        {"0.1", "0.1"}, {"1e21", "1e+21"}, {"1e20", "100000000000000000000"},
        {"123456789012345678901", "123456789012345680000"},
        {"12345678901234567890", "12345678901234567000"},
        {"9007199254740993", "9007199254740992"},
        {"0.000001", "0.000001"}, {"1e-7", "1e-7"}, {"-1.5e-10", "-1.5e-10"},
        {"123e-20", "1.23e-18"}, {"0.30000000000000004", "0.30000000000000004"},
        {"1.7976931348623157e308", "1.7976931348623157e+308"}, {"5e-324", "5e-324"},
        {"1e400", "null"}, {"-1e-400", "-0"}, {"1.5e300", "1.5e+300"},
        {"1608200321491", "1608200321491"}, {"-42", "-42"}, {"2.5e-3", "0.0025"},
    };
    for (String[] c : cases) {
      assertEquals(c[1], canon(c[0]), c[0]);
    }
    assertEquals("0", CanonicalJson.number(new BigDecimal("-0")),
        "the documented divergence: BigDecimal keeps no negative zero");
  }

  @Test
  void signedPayloadSortsDropsTombstonesAndKeepsTheLastOfAnId() throws Exception {
    List<JsonObject> records = new ArrayList<>();
    for (String r : new String[] {
        "{\"id\":\"c\",\"last_modified\":3,\"z\":\"\u00e9\",\"a\":[1.0,true,null]}",
        "{\"id\":\"a\",\"last_modified\":1}",
        "{\"id\":\"b\",\"last_modified\":2,\"deleted\":true}",
        "{\"id\":\"a\",\"last_modified\":5,\"_status\":\"synced\"}",
        "{\"id\":\"d\",\"last_modified\":6,\"deleted\":false}",
        "{\"id\":\"e\",\"last_modified\":7,\"deleted\":1}"}) {
      records.add(JsonReader.parseObject(r.getBytes(StandardCharsets.UTF_8)));
    }
    String got = new String(CanonicalJson.signedPayloadOf(records, 1700000000123L),
        StandardCharsets.UTF_8);
    assertEquals("Content-Signature:\u0000{\"data\":[{\"id\":\"a\",\"last_modified\":5},"
        + "{\"a\":[1,true,null],\"id\":\"c\",\"last_modified\":3,\"z\":\"\\u00e9\"},"
        + "{\"deleted\":false,\"id\":\"d\",\"last_modified\":6}],"
        + "\"last_modified\":\"1700000000123\"}", got);
    assertEquals("Content-Signature:\u0000{\"data\":[],\"last_modified\":\"0\"}",
        new String(CanonicalJson.signedPayloadOf(List.of(), 0), StandardCharsets.UTF_8));
  }
}
