package dev.pkixj.truststore.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.json.JsonNull;
import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target for the strict JSON reader (docs/limits.md, "JSON"). Rule: the reader returns a
 * value or throws {@link JsonException} with a position and a message, never anything else; a
 * value it returns, written back out as JSON, reads back as the same value.
 */
class JsonFuzzTest {
  private static final JsonReader.Limits LIMITS = new JsonReader.Limits(1 << 16, 32, 4096, 64,
      1 << 14);

  @FuzzTest
  void json(byte[] data) {
    Object v;
    try {
      v = JsonReader.parse(data, LIMITS);
    } catch (JsonException e) {
      ImporterFuzzTest.require(e.line() >= 1 && e.column() >= 1, "no position: " + e.getMessage());
      ImporterFuzzTest.require(e.getMessage() != null && !e.getMessage().isBlank(), "no message");
      ImporterFuzzTest.require(!ImporterFuzzTest.leaksJavaException(e.getMessage(),
          new String(data, StandardCharsets.UTF_8)), "a Java exception leaked: " + e.getMessage());
      return;
    }
    StringBuilder out = new StringBuilder();
    write(v, out);
    Object again;
    try {
      again = JsonReader.parse(out.toString().getBytes(StandardCharsets.UTF_8), LIMITS);
    } catch (JsonException e) {
      throw new AssertionError("written back, it no longer parses: " + e.getMessage());
    }
    StringBuilder out2 = new StringBuilder();
    write(again, out2);
    ImporterFuzzTest.require(out.toString().equals(out2.toString()), "round trip changed it");
  }

  /** Canonical JSON text of a value (numbers in BigDecimal's own form). */
  static void write(Object v, StringBuilder out) {
    if (v instanceof JsonObject o) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> m : o.members().entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString(m.getKey(), out);
        out.append(':');
        write(m.getValue(), out);
      }
      out.append('}');
    } else if (v instanceof List<?> l) {
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(l.get(i), out);
      }
      out.append(']');
    } else if (v instanceof String s) {
      writeString(s, out);
    } else if (v instanceof BigDecimal d) {
      out.append(d.toString().replace("E+", "e"));
    } else if (v instanceof Boolean b) {
      out.append(b);
    } else if (v == JsonNull.NULL) {
      out.append("null");
    } else {
      throw new AssertionError("unexpected value type " + v);
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
