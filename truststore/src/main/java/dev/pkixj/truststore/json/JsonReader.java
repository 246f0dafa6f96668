package dev.pkixj.truststore.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded JSON reader (RFC 8259). Accepts exactly the grammar of RFC 8259 in UTF-8:
 * no byte-order mark, no comments, no trailing commas, no single quotes, no leading zeros, no
 * NaN/Infinity, no control characters in strings, no invalid UTF-8 and no unpaired surrogate
 * escapes; member names must be unique within an object; any value may be the top level, with
 * only whitespace around it. Every error is a {@link JsonException} naming the line, the column
 * and what was wrong; never another exception, whatever the input.
 *
 * <p>Values: {@link JsonObject}, {@link List} (unmodifiable), {@link String}, {@link BigDecimal},
 * {@link Boolean}, {@link JsonNull#NULL}. Limits are in {@link Limits} and docs/limits.md.
 */
public final class JsonReader {
  /**
   * The bounds of one parse.
   *
   * @param maxBytes the largest input accepted, in bytes
   * @param maxDepth the deepest nesting of arrays and objects (the top-level value is depth 1)
   * @param maxStringLength the longest string (member names included), in UTF-16 chars
   * @param maxNumberLength the longest number, in characters
   * @param maxValues the most values (of any type, members and elements) in the whole document
   */
  public record Limits(int maxBytes, int maxDepth, int maxStringLength, int maxNumberLength,
      int maxValues) {
    /** 8 MiB, depth 64, strings of 1 Mi chars, numbers of 64 characters, 1 Mi values. */
    public static final Limits DEFAULT = new Limits(8 << 20, 64, 1 << 20, 64, 1 << 20);

    public Limits {
      if (maxBytes < 0 || maxDepth < 1 || maxStringLength < 0 || maxNumberLength < 1
          || maxValues < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
    }
  }

  private final byte[] in;
  private final int end;
  private final Limits limits;
  private int pos;
  private int values;
  private final StringBuilder sb = new StringBuilder();

  private JsonReader(byte[] in, Limits limits) {
    this.in = in;
    this.end = in.length;
    this.limits = limits;
  }

  /** Parses a whole document with the {@linkplain Limits#DEFAULT default limits}. */
  public static Object parse(byte[] utf8) throws JsonException {
    return parse(utf8, Limits.DEFAULT);
  }

  /** Parses a whole document. */
  public static Object parse(byte[] utf8, Limits limits) throws JsonException {
    if (utf8 == null) {
      throw new JsonException(1, 1, "no input");
    }
    JsonReader r = new JsonReader(utf8, limits);
    if (utf8.length > limits.maxBytes()) {
      throw new JsonException(1, 1, "input of " + utf8.length + " bytes is larger than the limit of "
          + limits.maxBytes() + " bytes");
    }
    if (utf8.length >= 3 && (utf8[0] & 0xff) == 0xEF && (utf8[1] & 0xff) == 0xBB
        && (utf8[2] & 0xff) == 0xBF) {
      throw r.error(0, "a byte-order mark is not allowed (RFC 8259 section 8.1)");
    }
    r.skipWhitespace();
    if (r.pos >= r.end) {
      throw r.error(r.pos, "empty input: expected a JSON value");
    }
    Object v = r.value(1, "");
    r.skipWhitespace();
    if (r.pos < r.end) {
      throw r.error(r.pos, "unexpected " + r.describe(r.pos) + " after the end of the value");
    }
    return v;
  }

  /** Parses a document whose top level must be an object. */
  public static JsonObject parseObject(byte[] utf8, Limits limits) throws JsonException {
    Object v = parse(utf8, limits);
    if (!(v instanceof JsonObject o)) {
      throw new JsonException(1, 1, "expected an object at the top level, found "
          + JsonObject.typeName(v));
    }
    return o;
  }

  /** {@link #parseObject(byte[], Limits)} with the default limits. */
  public static JsonObject parseObject(byte[] utf8) throws JsonException {
    return parseObject(utf8, Limits.DEFAULT);
  }

  // ---------------------------------------------------------------------------------------------

  private Object value(int depth, String path) throws JsonException {
    if (++values > limits.maxValues()) {
      throw error(pos, "more than " + limits.maxValues() + " values");
    }
    if (pos >= end) {
      throw error(pos, "unexpected end of input: expected a value");
    }
    int c = in[pos] & 0xff;
    switch (c) {
      case '{':
        return object(depth, path);
      case '[':
        return array(depth, path);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return JsonNull.NULL;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error(pos, "unexpected " + describe(pos) + ": expected a value");
    }
  }

  private void checkDepth(int depth) throws JsonException {
    if (depth > limits.maxDepth()) {
      throw error(pos, "nesting deeper than " + limits.maxDepth() + " levels");
    }
  }

  private JsonObject object(int depth, String path) throws JsonException {
    checkDepth(depth);
    pos++; // {
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (pos < end && in[pos] == '}') {
      pos++;
      return new JsonObject(members, path);
    }
    while (true) {
      skipWhitespace();
      if (pos >= end) {
        throw error(pos, "unexpected end of input: expected a member name");
      }
      if (in[pos] != '"') {
        throw error(pos, "unexpected " + describe(pos) + ": expected a member name in quotes");
      }
      int nameAt = pos;
      String name = string();
      if (members.containsKey(name)) {
        throw error(nameAt, "duplicate member name \"" + shorten(name) + "\"");
      }
      skipWhitespace();
      if (pos >= end || in[pos] != ':') {
        throw error(pos, (pos >= end ? "unexpected end of input" : "unexpected " + describe(pos))
            + ": expected ':' after the member name");
      }
      pos++;
      skipWhitespace();
      boolean nested = pos < end && (in[pos] == '{' || in[pos] == '[');
      members.put(name, value(depth + 1, !nested ? path : path.isEmpty() ? name
          : path + "." + name));
      skipWhitespace();
      if (pos >= end) {
        throw error(pos, "unexpected end of input: expected ',' or '}'");
      }
      byte b = in[pos++];
      if (b == '}') {
        return new JsonObject(members, path);
      }
      if (b != ',') {
        throw error(pos - 1, "unexpected " + describe(pos - 1) + ": expected ',' or '}'");
      }
      skipWhitespace();
      if (pos < end && in[pos] == '}') {
        throw error(pos, "a trailing comma is not allowed");
      }
    }
  }

  private List<Object> array(int depth, String path) throws JsonException {
    checkDepth(depth);
    pos++; // [
    List<Object> items = new ArrayList<>();
    skipWhitespace();
    if (pos < end && in[pos] == ']') {
      pos++;
      return Collections.unmodifiableList(items);
    }
    while (true) {
      skipWhitespace();
      if (pos < end && in[pos] == ']') {
        throw error(pos, "a trailing comma is not allowed");
      }
      // Only objects keep their path; scalars and arrays need none built.
      boolean nested = pos < end && (in[pos] == '{' || in[pos] == '[');
      items.add(value(depth + 1, nested ? path + "[" + items.size() + "]" : path));
      skipWhitespace();
      if (pos >= end) {
        throw error(pos, "unexpected end of input: expected ',' or ']'");
      }
      byte b = in[pos++];
      if (b == ']') {
        return Collections.unmodifiableList(items);
      }
      if (b != ',') {
        throw error(pos - 1, "unexpected " + describe(pos - 1) + ": expected ',' or ']'");
      }
    }
  }

  private void literal(String word) throws JsonException {
    int n = word.length();
    for (int i = 0; i < n; i++) {
      if (pos + i >= end || in[pos + i] != word.charAt(i)) {
        throw error(pos, "unexpected " + describe(pos) + ": expected a value");
      }
    }
    pos += n;
  }

  private BigDecimal number() throws JsonException {
    int start = pos;
    if (in[pos] == '-') {
      pos++;
    }
    if (pos >= end || !digit(in[pos])) {
      throw error(pos, "a number needs a digit after '-'");
    }
    if (in[pos] == '0') {
      pos++;
      if (pos < end && digit(in[pos])) {
        throw error(start, "a number may not have a leading zero");
      }
    } else {
      while (pos < end && digit(in[pos])) {
        pos++;
        checkNumberLength(start);
      }
    }
    if (pos < end && in[pos] == '.') {
      pos++;
      if (pos >= end || !digit(in[pos])) {
        throw error(pos, "a number needs a digit after '.'");
      }
      while (pos < end && digit(in[pos])) {
        pos++;
        checkNumberLength(start);
      }
    }
    if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
      pos++;
      if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
        pos++;
      }
      if (pos >= end || !digit(in[pos])) {
        throw error(pos, "a number needs a digit in its exponent");
      }
      while (pos < end && digit(in[pos])) {
        pos++;
        checkNumberLength(start);
      }
    }
    checkNumberLength(start);
    String text = new String(in, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII);
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw error(start, "number " + text + " is out of range");
    }
  }

  private void checkNumberLength(int start) throws JsonException {
    if (pos - start > limits.maxNumberLength()) {
      throw error(start, "a number longer than " + limits.maxNumberLength() + " characters");
    }
  }

  private static boolean digit(byte b) {
    return b >= '0' && b <= '9';
  }

  private String string() throws JsonException {
    int start = pos;
    pos++; // "
    sb.setLength(0);
    while (true) {
      if (pos >= end) {
        throw error(start, "a string is not terminated");
      }
      if (sb.length() > limits.maxStringLength()) {
        throw error(start, "a string longer than " + limits.maxStringLength() + " characters");
      }
      int b = in[pos] & 0xff;
      if (b == '"') {
        pos++;
        if (sb.length() > limits.maxStringLength()) {
          throw error(start, "a string longer than " + limits.maxStringLength() + " characters");
        }
        return sb.toString();
      }
      if (b == '\\') {
        escape();
      } else if (b < 0x20) {
        throw error(pos, "control character U+" + String.format("%04X", b)
            + " in a string (it must be escaped)");
      } else if (b < 0x80) {
        sb.append((char) b);
        pos++;
      } else {
        utf8(b);
      }
    }
  }

  private void escape() throws JsonException {
    int at = pos;
    pos++; // backslash
    if (pos >= end) {
      throw error(at, "a string is not terminated");
    }
    byte e = in[pos++];
    switch (e) {
      case '"' -> sb.append('"');
      case '\\' -> sb.append('\\');
      case '/' -> sb.append('/');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'u' -> {
        char c = hex4(at);
        if (Character.isHighSurrogate(c)) {
          if (pos + 1 < end && in[pos] == '\\' && in[pos + 1] == 'u') {
            int lowAt = pos;
            pos += 2;
            char low = hex4(lowAt);
            if (!Character.isLowSurrogate(low)) {
              throw error(at, "unpaired surrogate escape \\u" + String.format("%04X", (int) c));
            }
            sb.append(c).append(low);
          } else {
            throw error(at, "unpaired surrogate escape \\u" + String.format("%04X", (int) c));
          }
        } else if (Character.isLowSurrogate(c)) {
          throw error(at, "unpaired surrogate escape \\u" + String.format("%04X", (int) c));
        } else {
          sb.append(c);
        }
      }
      default -> throw error(at, "invalid escape \\" + printable(e & 0xff));
    }
  }

  private char hex4(int at) throws JsonException {
    if (pos + 4 > end) {
      throw error(at, "a \\u escape needs four hexadecimal digits");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(in[pos + i] & 0xff, 16);
      if (d < 0 || (in[pos + i] & 0xff) >= 0x80) {
        throw error(at, "a \\u escape needs four hexadecimal digits");
      }
      v = (v << 4) | d;
    }
    pos += 4;
    return (char) v;
  }

  /** Decodes one multi-byte UTF-8 sequence starting with lead byte {@code b} (≥ 0x80). */
  private void utf8(int b) throws JsonException {
    int need;
    int cp;
    int min;
    if (b >= 0xC2 && b <= 0xDF) {
      need = 1;
      cp = b & 0x1F;
      min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
      need = 2;
      cp = b & 0x0F;
      min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
      need = 3;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      throw error(pos, "invalid UTF-8 byte 0x" + String.format("%02X", b));
    }
    for (int i = 1; i <= need; i++) {
      if (pos + i >= end || (in[pos + i] & 0xC0) != 0x80) {
        throw error(pos, "invalid UTF-8 sequence starting with byte 0x" + String.format("%02X", b));
      }
      cp = (cp << 6) | (in[pos + i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw error(pos, "invalid UTF-8 sequence starting with byte 0x" + String.format("%02X", b));
    }
    sb.appendCodePoint(cp);
    pos += need + 1;
  }

  private void skipWhitespace() {
    while (pos < end) {
      byte b = in[pos];
      if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
        pos++;
      } else {
        return;
      }
    }
  }

  // --- messages --------------------------------------------------------------------------------

  private String describe(int at) {
    if (at >= end) {
      return "end of input";
    }
    int b = in[at] & 0xff;
    if (b >= 0x80) {
      return "byte 0x" + String.format("%02X", b);
    }
    return "character " + printable(b);
  }

  private static String printable(int b) {
    if (b >= 0x21 && b < 0x7f) {
      return "'" + (char) b + "'";
    }
    return "U+" + String.format("%04X", b);
  }

  private static String shorten(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 60; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 60 ? out + "…" : out.toString();
  }

  /** An error at byte offset {@code at}: line and column (in characters) counted from the start. */
  private JsonException error(int at, String what) {
    int line = 1;
    int col = 1;
    int stop = Math.min(at, end);
    for (int i = 0; i < stop; i++) {
      int b = in[i] & 0xff;
      if (b == '\n') {
        line++;
        col = 1;
      } else if ((b & 0xC0) != 0x80) { // count characters, not continuation bytes
        col++;
      }
    }
    return new JsonException(line, col, what);
  }
}
