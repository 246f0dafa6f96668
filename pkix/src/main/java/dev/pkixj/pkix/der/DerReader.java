package dev.pkixj.pkix.der;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;

/**
 * A strict, zero-copy DER reader over a slice of a byte array: the Java counterpart of
 * mozilla::pkix's {@code Reader} and {@code pkixder.h}.
 *
 * <p>Conventions (as in {@code pkixder.h}): {@code expect*} methods consume input and throw
 * {@link PkixException} with {@link Result#SEC_ERROR_BAD_DER} (or the documented code) when the
 * input is not as expected, leaving the reader in an undefined position; {@code match*} and
 * {@code peek} never fail and only consume on a match; {@code skip*} advance unconditionally.
 *
 * <p>Strictness, exactly as mozilla::pkix: single-byte tags only (high tag numbers are BAD_DER);
 * definite lengths only, in the shortest form, at most two length bytes (so at most 65,535 bytes
 * for one value, which also bounds every structure the verifier will look at); no indefinite
 * length; tags compared whole, so a constructed encoding of a primitive type is a wrong tag.
 * After a TLV has been read, its value is described by {@link #valueOff()} and {@link
 * #valueLen()} and its whole encoding starts at {@link #tlvOff()}.
 */
public final class DerReader {
  // Tag numbers (class and constructed bits included), pkixder.h.
  public static final int BOOLEAN = 0x01;
  public static final int INTEGER = 0x02;
  public static final int BIT_STRING = 0x03;
  public static final int OCTET_STRING = 0x04;
  public static final int NULL = 0x05;
  public static final int OID = 0x06;
  public static final int ENUMERATED = 0x0a;
  public static final int UTF8_STRING = 0x0c;
  public static final int SEQUENCE = 0x30;
  public static final int SET = 0x31;
  public static final int PRINTABLE_STRING = 0x13;
  public static final int TELETEX_STRING = 0x14;
  public static final int IA5_STRING = 0x16;
  public static final int UTC_TIME = 0x17;
  public static final int GENERALIZED_TIME = 0x18;
  public static final int CONTEXT_SPECIFIC = 0x80;
  public static final int CONSTRUCTED = 0x20;

  private final byte[] buf;
  private int pos;
  private final int end;

  private int tlvOff;
  private int valueOff;
  private int valueLen;

  public DerReader(byte[] buf, int off, int len) {
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  public DerReader(Input in) {
    this(in.buf(), in.off(), in.len());
  }

  /** The array behind this view (not a copy); outside this package: {@code internal.UnsafeArrays}. */
  byte[] buf() { return buf; }

  public int pos() { return pos; }

  public int limit() { return end; }

  public boolean atEnd() { return pos == end; }

  public int remaining() { return end - pos; }

  /** Start of the last TLV read. */
  public int tlvOff() { return tlvOff; }

  /** Start of the value of the last TLV read. */
  public int valueOff() { return valueOff; }

  /** Length of the value of the last TLV read. */
  public int valueLen() { return valueLen; }

  /** End (exclusive) of the value of the last TLV read. */
  public int valueEnd() { return valueOff + valueLen; }

  public Input value() { return new Input(buf, valueOff, valueLen); }

  public Input tlv() { return new Input(buf, tlvOff, valueOff + valueLen - tlvOff); }

  /** A reader over the value of the last TLV read. */
  public DerReader valueReader() { return new DerReader(buf, valueOff, valueLen); }

  /** True if the next byte is {@code tag}; consumes nothing. */
  public boolean peek(int tag) {
    return pos < end && (buf[pos] & 0xff) == tag;
  }

  public int readByte() throws PkixException {
    if (pos >= end) {
      throw bad();
    }
    return buf[pos++] & 0xff;
  }

  /**
   * Reads one TLV whatever its tag; returns the tag. pkixder {@code ReadTagAndGetValue}.
   */
  public int readTlv() throws PkixException {
    tlvOff = pos;
    int tag = readByte();
    if ((tag & 0x1f) == 0x1f) {
      throw bad(); // high tag number form
    }
    int l1 = readByte();
    int length;
    if ((l1 & 0x80) == 0) {
      length = l1;
    } else if (l1 == 0x81) {
      length = readByte();
      if (length < 128) {
        throw bad(); // not the shortest form
      }
    } else if (l1 == 0x82) {
      length = (readByte() << 8) | readByte();
      if (length < 256) {
        throw bad(); // not the shortest form
      }
    } else {
      throw bad(); // indefinite length, or a length over 65,535
    }
    if (length > end - pos) {
      throw bad();
    }
    valueOff = pos;
    valueLen = length;
    pos += length;
    return tag;
  }

  /** Reads one TLV that must have {@code tag}; returns its value length. */
  public int expect(int tag) throws PkixException {
    if (readTlv() != tag) {
      throw bad();
    }
    return valueLen;
  }

  /** Reads one TLV that must have {@code tag} and returns a reader over its value. */
  public DerReader expectNested(int tag) throws PkixException {
    expect(tag);
    return valueReader();
  }

  public Input expectValue(int tag) throws PkixException {
    expect(tag);
    return value();
  }

  public Input expectTlv(int tag) throws PkixException {
    expect(tag);
    return tlv();
  }

  /** Skips one TLV with {@code tag} if it is next; pkixder {@code SkipOptionalImplicitPrimitiveTag}. */
  public boolean skipOptional(int tag) throws PkixException {
    if (!peek(tag)) {
      return false;
    }
    expect(tag);
    return true;
  }

  /** The rest of the input, consumed. */
  public Input skipToEnd() {
    Input rest = new Input(buf, pos, end - pos);
    pos = end;
    return rest;
  }

  /** pkixder {@code End}: BAD_DER unless everything was consumed. */
  public void end() throws PkixException {
    if (pos != end) {
      throw bad();
    }
  }

  /** True, and consumes it all, if the rest of the input is exactly {@code expected}. */
  public boolean matchRest(byte[] expected) {
    if (end - pos != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (buf[pos + i] != expected[i]) {
        return false;
      }
    }
    pos = end;
    return true;
  }

  /** True if the value of the last TLV read is exactly {@code expected}. */
  public boolean valueEquals(byte[] expected) {
    if (valueLen != expected.length) {
      return false;
    }
    for (int i = 0; i < valueLen; i++) {
      if (buf[valueOff + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  // ---- Universal types ----

  /** BOOLEAN: only 0x00 and 0xFF are accepted. */
  public boolean readBoolean() throws PkixException {
    expect(BOOLEAN);
    if (valueLen != 1) {
      throw bad();
    }
    int v = buf[valueOff] & 0xff;
    if (v == 0) {
      return false;
    }
    if (v == 0xff) {
      return true;
    }
    throw bad();
  }

  /**
   * BOOLEAN DEFAULT FALSE. An explicit FALSE is accepted, as mozilla::pkix does, because many
   * encoders include it although DER forbids it.
   */
  public boolean readOptionalBoolean() throws PkixException {
    return peek(BOOLEAN) && readBoolean();
  }

  /** What an INTEGER may hold (pkixder {@code IntegralValueRestriction}). */
  public enum IntegerRule { ANY, POSITIVE, ZERO_TO_127 }

  /**
   * Reads an INTEGER (or ENUMERATED) with minimal two's-complement encoding; returns the number of
   * significant bytes (the value length less a 0x00/0xFF sign byte). The value is at {@link
   * #valueOff()}. Errors are {@link Result#MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING}, except a
   * wrong tag, which is BAD_DER.
   */
  public int readIntegralBytes(int tag, IntegerRule rule) throws PkixException {
    expect(tag);
    if (valueLen == 0) {
      throw new PkixException(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING);
    }
    int first = buf[valueOff] & 0xff;
    boolean prefixed = valueLen > 1 && (first == 0 || first == 0xff);
    if (prefixed && ((first & 0x80) == (buf[valueOff + 1] & 0x80))) {
      throw new PkixException(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING);
    }
    switch (rule) {
      case ZERO_TO_127:
        if (valueLen != 1 || (first & 0x80) != 0) {
          throw new PkixException(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING);
        }
        break;
      case POSITIVE:
        if ((valueLen == 1 && first == 0) || (first & 0x80) != 0) {
          throw new PkixException(Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING);
        }
        break;
      default:
        break;
    }
    return prefixed ? valueLen - 1 : valueLen;
  }

  /** An INTEGER in 0..127 (all the small integers X.509 and OCSP need). */
  public int readSmallInteger(int tag) throws PkixException {
    readIntegralBytes(tag, IntegerRule.ZERO_TO_127);
    return buf[valueOff];
  }

  /** BIT STRING whose unused-bits count must be 0; returns the bits as a slice. */
  public Input readBitStringNoUnusedBits() throws PkixException {
    expect(BIT_STRING);
    if (valueLen < 1 || buf[valueOff] != 0) {
      throw bad();
    }
    return new Input(buf, valueOff + 1, valueLen - 1);
  }

  /** NULL with an empty value. */
  public void readNull() throws PkixException {
    if (expect(NULL) != 0) {
      throw bad();
    }
  }

  /**
   * A UTCTime or GeneralizedTime (whichever is next), in the RFC 5280 forms only
   * ({@code YYMMDDHHMMSSZ}, {@code YYYYMMDDHHMMSSZ}); returns seconds since the Unix epoch. Times
   * before 1970 are refused. Errors: BAD_DER for a bad TLV, {@link
   * Result#SEC_ERROR_INVALID_TIME} (ERROR_INVALID_DER_TIME) for bad contents.
   */
  public long readTime() throws PkixException {
    int tag = peek(UTC_TIME) ? UTC_TIME : GENERALIZED_TIME;
    return readTime(tag);
  }

  public long readTime(int tag) throws PkixException {
    expect(tag);
    return Time.parse(buf, valueOff, valueLen, tag == GENERALIZED_TIME);
  }

  private static PkixException bad() {
    return new PkixException(Result.SEC_ERROR_BAD_DER);
  }
}
