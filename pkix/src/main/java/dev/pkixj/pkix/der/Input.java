package dev.pkixj.pkix.der;

import java.util.Arrays;

/**
 * An immutable view of {@code length} bytes of a shared array, starting at {@code offset}: the
 * Java counterpart of mozilla::pkix's {@code Input}. Nothing is copied; the owner of the array
 * promises never to change it. Equality and hashing are by content, so a slice can key a map.
 */
public final class Input {
  public static final Input EMPTY = new Input(new byte[0], 0, 0);

  private final byte[] buf;
  private final int off;
  private final int len;

  public Input(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IndexOutOfBoundsException("slice " + off + "+" + len + " of " + buf.length);
    }
    this.buf = buf;
    this.off = off;
    this.len = len;
  }

  /** A view of the whole array (not copied). */
  public static Input of(byte[] whole) {
    return new Input(whole, 0, whole.length);
  }

  /** The array behind this view (not a copy); outside this package: {@code internal.UnsafeArrays}. */
  byte[] buf() { return buf; }

  public int off() { return off; }

  public int len() { return len; }

  public int end() { return off + len; }

  public boolean isEmpty() { return len == 0; }

  /** The byte at {@code i} (0-based within the slice), as an unsigned value. */
  public int at(int i) {
    if (i < 0 || i >= len) {
      throw new IndexOutOfBoundsException(i);
    }
    return buf[off + i] & 0xff;
  }

  public byte[] toByteArray() {
    return Arrays.copyOfRange(buf, off, off + len);
  }

  public DerReader reader() {
    return new DerReader(buf, off, len);
  }

  /** True if this slice's bytes equal {@code expected} exactly. */
  public boolean contentEquals(byte[] expected) {
    return Arrays.equals(buf, off, off + len, expected, 0, expected.length);
  }

  public boolean contentEquals(Input other) {
    return other != null
        && Arrays.equals(buf, off, off + len, other.buf, other.off, other.off + other.len);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Input && contentEquals((Input) o);
  }

  @Override
  public int hashCode() {
    return hash(buf, off, len);
  }

  /** The same content hash as {@link #hashCode()}, for callers holding raw offsets. */
  public static int hash(byte[] b, int off, int len) {
    // The polynomial h = 31 * h + b[i] (Arrays.hashCode's), four bytes per step: the same value
    // with a quarter of the dependent multiplications (names are hashed on every issuer lookup).
    int h = 1;
    int i = off;
    int end = off + len;
    for (; i + 3 < end; i += 4) {
      h = 923_521 * h + 29_791 * b[i] + 961 * b[i + 1] + 31 * b[i + 2] + b[i + 3];
    }
    for (; i < end; i++) {
      h = 31 * h + b[i];
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(len * 2);
    for (int i = 0; i < len; i++) {
      sb.append(Character.forDigit((buf[off + i] >> 4) & 0xf, 16))
          .append(Character.forDigit(buf[off + i] & 0xf, 16));
    }
    return sb.toString();
  }
}
