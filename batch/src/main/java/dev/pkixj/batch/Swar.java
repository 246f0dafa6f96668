package dev.pkixj.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte search eight bytes at a time (the "has zero byte" trick), for the hot input loops. */
final class Swar {
  private Swar() {}

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** The index of the first {@code c} in {@code b[from, to)}, or -1. */
  static int indexOf(byte[] b, int from, int to, byte c) {
    long pattern = ONES * (c & 0xff);
    int p = from;
    while (p + 8 <= to) {
      long x = (long) LONGS.get(b, p) ^ pattern;
      long found = (x - ONES) & ~x & HIGHS;
      if (found != 0) {
        return p + (Long.numberOfTrailingZeros(found) >>> 3);
      }
      p += 8;
    }
    while (p < to) {
      if (b[p] == c) {
        return p;
      }
      p++;
    }
    return -1;
  }
}
