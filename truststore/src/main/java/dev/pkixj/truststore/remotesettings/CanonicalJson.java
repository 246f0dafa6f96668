package dev.pkixj.truststore.remotesettings;

import dev.pkixj.truststore.json.JsonNull;
import dev.pkixj.truststore.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Firefox's canonical JSON (toolkit/modules/CanonicalJSON.sys.mjs with jsesc 1.0 in its
 * {@code json: true, lowercaseHex: true} mode), the text a collection's content signature covers
 * (docs/remote-settings.md "What is signed"):
 *
 * <ul>
 *   <li>objects: members sorted by name in UTF-16 code-unit order (JavaScript's default sort), no
 *       whitespace; arrays in order;</li>
 *   <li>strings: printable ASCII as is except {@code "} and {@code \}; {@code \" \\ \b \f \n \r
 *       \t}; every other UTF-16 code unit (controls, DEL, all non-ASCII, each half of a surrogate
 *       pair) as {@code \}{@code uXXXX} with lower-case hex; {@code '} and {@code /} unescaped;</li>
 *   <li>numbers: as JavaScript prints the double the JSON text denotes (ECMAScript
 *       Number::toString: shortest round-trip digits, exponent form below 1e-6 and from 1e21,
 *       {@code -0} for negative zero, {@code null} for a number too large for a double);</li>
 *   <li>{@code true}, {@code false}, {@code null}.</li>
 * </ul>
 *
 * <p>Values are those of {@link dev.pkixj.truststore.json.JsonReader}. One divergence: the reader
 * keeps numbers as {@link BigDecimal}, which has no negative zero, so a literal {@code -0} (or
 * {@code -0.0}) is written {@code 0} where Firefox writes {@code -0}; such a record fails
 * verification (fail closed).
 */
public final class CanonicalJson {
  /** The bytes put before the canonical JSON when signing (ContentSignatureVerifier.cpp). */
  public static final String SIGNATURE_PREFIX = "Content-Signature:\u0000";

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final BigDecimal TWO_53 = BigDecimal.valueOf(1L << 53);

  private CanonicalJson() {}

  /** The canonical JSON text of a {@link dev.pkixj.truststore.json.JsonReader} value. */
  public static String stringify(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  /**
   * The bytes a collection's content signature covers: {@code Content-Signature:} and a NUL
   * byte ({@link #SIGNATURE_PREFIX}), then the canonical JSON of {@code {"data":[records
   * sorted by id, tombstones removed, one per id],"last_modified":"<timestamp>"}} (Firefox's
   * RemoteSettings.worker.mjs {@code canonicalStringify}). Of records with the same id the last
   * one given is kept, as Firefox keeps the server's version over the local one; a record is a
   * tombstone when its {@code deleted} member is truthy in JavaScript's sense.
   */
  public static byte[] signedPayload(List<RsRecord> records, long timestamp) {
    List<JsonObject> objects = new ArrayList<>(records.size());
    for (RsRecord r : records) {
      objects.add(r.json());
    }
    return signedPayloadOf(objects, timestamp);
  }

  /** {@link #signedPayload} for records as parsed JSON objects (each must have a string id). */
  public static byte[] signedPayloadOf(List<JsonObject> records, long timestamp) {
    // A stable sort by id (code-unit order, as JavaScript's < on strings), then the last of
    // each run of equal ids, without tombstones.
    List<JsonObject> sorted = new ArrayList<>(records);
    sorted.sort((a, b) -> id(a).compareTo(id(b)));
    StringBuilder sb = new StringBuilder(SIGNATURE_PREFIX).append("{\"data\":[");
    boolean first = true;
    for (int i = 0; i < sorted.size(); i++) {
      JsonObject r = sorted.get(i);
      if (i + 1 < sorted.size() && id(sorted.get(i + 1)).equals(id(r))) {
        continue;
      }
      if (truthy(r.get("deleted"))) {
        continue;
      }
      if (!first) {
        sb.append(',');
      }
      first = false;
      write(sb, withoutLocalFields(r));
    }
    sb.append("],\"last_modified\":");
    quote(sb, Long.toString(timestamp));
    sb.append('}');
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String id(JsonObject r) {
    Object id = r.get("id");
    return id instanceof String s ? s : "";
  }

  /** Kinto's local bookkeeping member, never part of what the server signed. */
  private static Object withoutLocalFields(JsonObject r) {
    if (!r.has("_status")) {
      return r;
    }
    Map<String, Object> m = new LinkedHashMap<>(r.members());
    m.remove("_status");
    return m;
  }

  /** JavaScript truthiness of a JSON value (absent is undefined, so false). */
  static boolean truthy(Object v) {
    if (v == null || v == JsonNull.NULL) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof BigDecimal d) {
      return d.signum() != 0;
    }
    return true; // objects and arrays
  }

  @SuppressWarnings("unchecked")
  private static void write(StringBuilder sb, Object v) {
    if (v instanceof JsonObject o) {
      writeObject(sb, o.members());
    } else if (v instanceof Map<?, ?> m) {
      writeObject(sb, (Map<String, Object>) m);
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, l.get(i));
      }
      sb.append(']');
    } else if (v instanceof String s) {
      quote(sb, s);
    } else if (v instanceof BigDecimal d) {
      sb.append(number(d));
    } else if (v instanceof Boolean b) {
      sb.append(b ? "true" : "false");
    } else if (v == JsonNull.NULL || v == null) {
      sb.append("null");
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getSimpleName());
    }
  }

  private static void writeObject(StringBuilder sb, Map<String, Object> members) {
    List<String> names = new ArrayList<>(members.keySet());
    names.sort(null); // String.compareTo: UTF-16 code units, as Array.prototype.sort()
    sb.append('{');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      quote(sb, names.get(i));
      sb.append(':');
      write(sb, members.get(names.get(i)));
    }
    sb.append('}');
  }

  /** jsesc 1.0 with {@code json: true, lowercaseHex: true}: the string with its quotes. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    quote(sb, s);
    return sb.toString();
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c >= 0x20 && c <= 0x7e) {
            sb.append(c);
          } else {
            sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
          }
        }
      }
    }
    sb.append('"');
  }

  /**
   * How JavaScript prints the number {@code JSON.parse} makes of this value: ECMAScript
   * Number::toString of the nearest double ({@code null} when it overflows to infinity, as
   * JSON.stringify does).
   */
  public static String number(BigDecimal d) {
    BigDecimal abs = d.abs();
    if (abs.compareTo(TWO_53) <= 0 && (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0)) {
      // An integer a double holds exactly: its plain digits.
      return d.signum() == 0 ? "0" : d.setScale(0, RoundingMode.UNNECESSARY).toPlainString();
    }
    double x = Double.parseDouble(d.toString());
    return number(x);
  }

  /** ECMAScript Number::toString(x) for a double, and "-0" for negative zero (CanonicalJSON). */
  public static String number(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return "null";
    }
    if (x == 0) {
      return (Double.doubleToRawLongBits(x) < 0) ? "-0" : "0";
    }
    String sign = x < 0 ? "-" : "";
    double ax = Math.abs(x);
    BigDecimal exact = new BigDecimal(ax);
    BigDecimal shortest = null;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (Double.parseDouble(r.toString()) == ax) {
        shortest = r;
        break;
      }
    }
    if (shortest == null) {
      shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // x = 0.digits * 10^n
    StringBuilder sb = new StringBuilder(sign);
    if (k <= n && n <= 21) {
      sb.append(digits);
      for (int i = k; i < n; i++) {
        sb.append('0');
      }
    } else if (0 < n && n <= 21) {
      sb.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.");
      for (int i = n; i < 0; i++) {
        sb.append('0');
      }
      sb.append(digits);
    } else {
      int e = n - 1;
      sb.append(digits.charAt(0));
      if (k > 1) {
        sb.append('.').append(digits, 1, k);
      }
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return sb.toString();
  }
}
