package dev.pkixj.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one NDJSON record, {@code {"id", "host", "time", "chain": [base64 DER, leaf first]}}:
 * {@code id} a string or number (optional), {@code host} a string or null (optional), {@code
 * time} RFC 3339 text or epoch seconds (optional), {@code chain} a non-empty array of base64 DER
 * certificates (PEM text is accepted too). Other fields are ignored.
 *
 * <p>Two paths with the same result: a byte-level scanner for the common shape (no escapes,
 * ASCII), which decodes each certificate through the shared {@link DerInterner} straight from the
 * line, and Jackson's streaming parser for everything else, which also words the error of a
 * malformed line. One instance per thread.
 */
public final class RecordParser {
  private static final JsonFactory JSON = new JsonFactory();
  private final DerInterner interner;

  public RecordParser(DerInterner interner) {
    this.interner = interner;
  }

  /**
   * Parses {@code b[off, off+len)}.
   *
   * @throws MalformedRecordException what is wrong with it (without the line number)
   */
  public ParsedRecord parse(byte[] b, int off, int len) throws MalformedRecordException {
    ParsedRecord r = fast(b, off, len);
    return r != null ? r : slow(b, off, len);
  }

  // ---- fast path: null whenever anything is unusual -------------------------------------------

  private static final byte[] K_ID = "id".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] K_HOST = "host".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] K_TIME = "time".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] K_CHAIN = "chain".getBytes(StandardCharsets.US_ASCII);

  private ParsedRecord fast(byte[] b, int off, int len) {
    int end = off + len;
    int p = ws(b, off, end);
    if (p >= end || b[p] != '{') {
      return null;
    }
    String id = null;
    String host = null;
    long time = ParsedRecord.NO_TIME;
    List<byte[]> chain = null;
    p = ws(b, p + 1, end);
    if (p < end && b[p] == '}') {
      return null; // no chain: let the slow path word it
    }
    while (true) {
      if (p >= end || b[p] != '"') {
        return null;
      }
      int ks = p + 1;
      int ke = plainStringEnd(b, ks, end);
      if (ke < 0) {
        return null;
      }
      p = ws(b, ke + 1, end);
      if (p >= end || b[p] != ':') {
        return null;
      }
      p = ws(b, p + 1, end);
      if (p >= end) {
        return null;
      }
      if (is(b, ks, ke, K_CHAIN)) {
        if (b[p] != '[') {
          return null;
        }
        chain = new ArrayList<>(4);
        p = ws(b, p + 1, end);
        if (p < end && b[p] == ']') {
          return null; // empty chain: slow path words it
        }
        while (true) {
          if (p >= end || b[p] != '"') {
            return null;
          }
          int s = p + 1;
          // The closing quote is where the certificate's own length says, else the first one:
          // a quote, an escape or a control character inside the text makes it invalid base64,
          // which sends the line to the slow path.
          int e = s + DerInterner.derTextLength(b, s, end);
          if (e <= s || e >= end || b[e] != '"') {
            e = Swar.indexOf(b, s, end, (byte) '"');
          }
          if (e <= s) {
            return null;
          }
          try {
            chain.add(interner.decode(b, s, e - s, chain.isEmpty()));
          } catch (IllegalArgumentException notBase64) {
            return null;
          }
          p = ws(b, e + 1, end);
          if (p < end && b[p] == ',') {
            p = ws(b, p + 1, end);
          } else if (p < end && b[p] == ']') {
            p++;
            break;
          } else {
            return null;
          }
        }
      } else if (is(b, ks, ke, K_ID)) {
        if (b[p] == '"') {
          int e = plainStringEnd(b, p + 1, end);
          if (e < 0) {
            return null;
          }
          id = new String(b, p + 1, e - p - 1, StandardCharsets.ISO_8859_1);
          p = e + 1;
        } else if (b[p] >= '0' && b[p] <= '9') {
          int s = p;
          while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
          }
          if (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E') || (b[s] == '0' && p - s > 1)) {
            return null;
          }
          id = new String(b, s, p - s, StandardCharsets.ISO_8859_1);
        } else if (isNull(b, p, end)) {
          id = null;
          p += 4;
        } else {
          return null;
        }
      } else if (is(b, ks, ke, K_HOST)) {
        if (b[p] == '"') {
          int e = plainStringEnd(b, p + 1, end);
          if (e < 0) {
            return null;
          }
          host = new String(b, p + 1, e - p - 1, StandardCharsets.ISO_8859_1);
          p = e + 1;
        } else if (isNull(b, p, end)) {
          host = null;
          p += 4;
        } else {
          return null;
        }
      } else if (is(b, ks, ke, K_TIME)) {
        if (b[p] == '"') {
          int e = plainStringEnd(b, p + 1, end);
          if (e < 0) {
            return null;
          }
          time = FastTime.tryParse(b, p + 1, e - p - 1);
          if (time == FastTime.DECLINED) {
            return null;
          }
          p = e + 1;
        } else if (isNull(b, p, end)) {
          time = ParsedRecord.NO_TIME;
          p += 4;
        } else {
          return null; // numbers: slow path (range checks)
        }
      } else {
        return null; // other fields: slow path skips them
      }
      p = ws(b, p, end);
      if (p < end && b[p] == ',') {
        p = ws(b, p + 1, end);
      } else if (p < end && b[p] == '}') {
        p = ws(b, p + 1, end);
        break;
      } else {
        return null;
      }
    }
    if (p != end || chain == null) {
      return null;
    }
    return new ParsedRecord(id, host, time, chain);
  }

  private static int ws(byte[] b, int p, int end) {
    while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r' || b[p] == '\n')) {
      p++;
    }
    return p;
  }

  /** Index of the closing quote of a printable-ASCII string without escapes, else -1. */
  private static int plainStringEnd(byte[] b, int p, int end) {
    while (p < end) {
      byte c = b[p];
      if (c == '"') {
        return p;
      }
      if (c == '\\' || c < 0x20) { // escapes, control characters and non-ASCII (negative)
        return -1;
      }
      p++;
    }
    return -1;
  }

  private static boolean is(byte[] b, int s, int e, byte[] key) {
    return e - s == key.length && java.util.Arrays.equals(b, s, e, key, 0, key.length);
  }

  private static boolean isNull(byte[] b, int p, int end) {
    return p + 4 <= end && b[p] == 'n' && b[p + 1] == 'u' && b[p + 2] == 'l' && b[p + 3] == 'l';
  }

  // ---- slow path: Jackson, and the error messages ---------------------------------------------

  private ParsedRecord slow(byte[] b, int off, int len) throws MalformedRecordException {
    try (JsonParser jp = JSON.createParser(b, off, len)) {
      if (jp.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedRecordException("not a JSON object");
      }
      String id = null;
      String host = null;
      long time = ParsedRecord.NO_TIME;
      List<byte[]> chain = null;
      JsonToken t;
      while ((t = jp.nextToken()) == JsonToken.FIELD_NAME) {
        String field = jp.currentName();
        JsonToken v = jp.nextToken();
        switch (field) {
          case "id":
            if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT
                || v == JsonToken.VALUE_NUMBER_FLOAT) {
              id = jp.getText();
            } else if (v == JsonToken.VALUE_NULL) {
              id = null;
            } else {
              throw new MalformedRecordException("\"id\" must be a string or a number");
            }
            break;
          case "host":
            if (v == JsonToken.VALUE_STRING) {
              host = jp.getText();
            } else if (v == JsonToken.VALUE_NULL) {
              host = null;
            } else {
              throw new MalformedRecordException("\"host\" must be a string or null");
            }
            break;
          case "time":
            time = time(jp, v);
            break;
          case "chain":
            chain = chain(jp, v);
            break;
          default:
            jp.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new MalformedRecordException("not a JSON object");
      }
      if (jp.nextToken() != null) {
        throw new MalformedRecordException("more than one JSON value on the line");
      }
      if (chain == null) {
        throw new MalformedRecordException("no \"chain\"");
      }
      return new ParsedRecord(id, host, time, chain);
    } catch (JsonProcessingException e) {
      throw new MalformedRecordException("invalid JSON: " + e.getOriginalMessage()
          + " (column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new MalformedRecordException("invalid JSON: " + e.getMessage());
    }
  }

  private static long time(JsonParser jp, JsonToken v) throws IOException,
      MalformedRecordException {
    switch (v) {
      case VALUE_NULL:
        return ParsedRecord.NO_TIME;
      case VALUE_NUMBER_INT:
        if (jp.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          throw new MalformedRecordException("\"time\" is out of range");
        }
        long s = jp.getLongValue();
        if (s < -62135596800L || s > 253402300799L) {
          throw new MalformedRecordException("\"time\" is out of range");
        }
        return s;
      case VALUE_STRING:
        try {
          return FastTime.parse(jp.getText());
        } catch (IllegalArgumentException e) {
          throw new MalformedRecordException("\"time\": " + e.getMessage());
        }
      default:
        throw new MalformedRecordException(
            "\"time\" must be RFC 3339 text or epoch seconds");
    }
  }

  private List<byte[]> chain(JsonParser jp, JsonToken v) throws IOException,
      MalformedRecordException {
    if (v != JsonToken.START_ARRAY) {
      throw new MalformedRecordException("\"chain\" must be an array of base64 certificates");
    }
    List<byte[]> chain = new ArrayList<>(4);
    JsonToken t;
    while ((t = jp.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING) {
        throw new MalformedRecordException("chain[" + chain.size() + "] is not a string");
      }
      chain.add(certificate(jp.getText(), chain.size()));
    }
    if (chain.isEmpty()) {
      throw new MalformedRecordException("\"chain\" is empty");
    }
    return chain;
  }

  private byte[] certificate(String text, int index) throws MalformedRecordException {
    if (text.startsWith("-----BEGIN")) {
      try {
        return Pem.singleCertificate(text);
      } catch (Pem.PemException e) {
        throw new MalformedRecordException("chain[" + index + "]: " + e.getMessage());
      }
    }
    byte[] ascii = text.getBytes(StandardCharsets.ISO_8859_1);
    if (ascii.length == 0) {
      throw new MalformedRecordException("chain[" + index + "] is empty");
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        throw new MalformedRecordException("chain[" + index + "]: invalid base64");
      }
    }
    try {
      return interner.decode(ascii, 0, ascii.length, index == 0);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecordException("chain[" + index + "]: " + e.getMessage());
    }
  }
}
