package dev.pkixj.pkix.internal;

import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The array behind an {@link Input} or a {@link DerReader}, for the parsers, digests and signature
 * checks that read it in place. Not API: this package is not exported by the module (see the
 * package documentation), and whoever holds the array could change bytes that were already
 * checked; callers only read it, from {@code off()} for {@code len()} bytes.
 */
public final class UnsafeArrays {
  private UnsafeArrays() {}

  private static final VarHandle INPUT_BUF;
  private static final VarHandle READER_BUF;

  static {
    try {
      INPUT_BUF = MethodHandles.privateLookupIn(Input.class, MethodHandles.lookup())
          .findVarHandle(Input.class, "buf", byte[].class);
      READER_BUF = MethodHandles.privateLookupIn(DerReader.class, MethodHandles.lookup())
          .findVarHandle(DerReader.class, "buf", byte[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The whole array {@code in} is a slice of (not a copy: never write to it). */
  public static byte[] unsafeGetData(Input in) {
    return (byte[]) INPUT_BUF.get(in);
  }

  /** The whole array {@code r} reads (not a copy: never write to it). */
  public static byte[] unsafeGetData(DerReader r) {
    return (byte[]) READER_BUF.get(r);
  }
}
