package dev.pkixj.pkix.names;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.der.Input;

/**
 * A non-throwing DER cursor used by the name code, so that mismatches and malformed names are
 * plain return values on the hot path instead of exceptions. TLV decoding follows exactly the same
 * rules as {@link dev.pkixj.pkix.der.DerReader} (mozilla::pkix {@code ReadTagAndGetValue}):
 * single-byte tags (high tag numbers refused), definite lengths in the shortest form with at most
 * two length bytes, and the value must fit in the remaining input.
 *
 * <p>After a successful {@link #read()}, {@link #tag}, {@link #valueOff} and {@link #valueLen}
 * describe the TLV just read. The AVA fields are filled by {@link #readAva()}.
 */
final class NameReader {
  static final int OID = 0x06;
  static final int UTF8_STRING = 0x0c;
  static final int PRINTABLE_STRING = 0x13;
  static final int TELETEX_STRING = 0x14;
  static final int IA5_STRING = 0x16;
  static final int SEQUENCE = 0x30;
  static final int SET = 0x31;

  final byte[] buf;
  int pos;
  int end;

  int tag;
  int valueOff;
  int valueLen;

  int avaTypeOff;
  int avaTypeLen;
  int avaValueTag;
  int avaValueOff;
  int avaValueLen;

  NameReader(byte[] buf, int off, int len) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  NameReader(Input in) {
    this(unsafeGetData(in), in.off(), in.len());
  }

  boolean atEnd() {
    return pos >= end;
  }

  /** True if the next byte is {@code b}; consumes nothing. */
  boolean peek(int b) {
    return pos < end && (buf[pos] & 0xff) == b;
  }

  /** Reads one TLV of any tag; false on any encoding error (the position is then undefined). */
  boolean read() {
    if (end - pos < 2) {
      return false;
    }
    int t = buf[pos] & 0xff;
    if ((t & 0x1f) == 0x1f) {
      return false; // high tag number form
    }
    int l1 = buf[pos + 1] & 0xff;
    int p = pos + 2;
    int length;
    if (l1 < 0x80) {
      length = l1;
    } else if (l1 == 0x81) {
      if (p >= end) {
        return false;
      }
      length = buf[p++] & 0xff;
      if (length < 128) {
        return false; // not the shortest form
      }
    } else if (l1 == 0x82) {
      if (end - p < 2) {
        return false;
      }
      length = ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
      p += 2;
      if (length < 256) {
        return false; // not the shortest form
      }
    } else {
      return false; // indefinite length, or longer than 65,535
    }
    if (length > end - p) {
      return false;
    }
    tag = t;
    valueOff = p;
    valueLen = length;
    pos = p + length;
    return true;
  }

  /** Reads one TLV that must carry {@code expectedTag}. */
  boolean expect(int expectedTag) {
    return read() && tag == expectedTag;
  }

  /**
   * pkixder {@code ExpectTagAndGetValueAtEnd}: the whole remaining input must be exactly one TLV
   * with {@code expectedTag}; on success the reader is narrowed to that TLV's value.
   */
  boolean enterOnly(int expectedTag) {
    if (!expect(expectedTag) || pos != end) {
      return false;
    }
    pos = valueOff;
    end = valueOff + valueLen;
    return true;
  }

  /** A new reader over the value of the TLV just read. */
  NameReader child() {
    return new NameReader(buf, valueOff, valueLen);
  }

  /**
   * mozilla::pkix {@code ReadAVA}: SEQUENCE { OBJECT IDENTIFIER, any single TLV } with nothing
   * after the value. On success the {@code ava*} fields describe the type and the value.
   */
  boolean readAva() {
    if (!expect(SEQUENCE)) {
      return false;
    }
    int avaEnd = pos;
    int savedEnd = end;
    pos = valueOff;
    end = avaEnd;
    boolean ok = false;
    if (expect(OID)) {
      avaTypeOff = valueOff;
      avaTypeLen = valueLen;
      if (read()) {
        avaValueTag = tag;
        avaValueOff = valueOff;
        avaValueLen = valueLen;
        ok = pos == end;
      }
    }
    pos = avaEnd;
    end = savedEnd;
    return ok;
  }
}
