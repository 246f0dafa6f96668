package dev.pkixj.cli.batch;

import java.io.ByteArrayOutputStream;

/** Builds CT structures for the Spark test (RFC 6962 §3.4, §4.6). */
public final class CtEntryTestAccess {
  private CtEntryTestAccess() {}

  /** A MerkleTreeLeaf for an x509_entry logged at 2026-06-01. */
  public static byte[] x509LeafInput(byte[] cert) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0);
    o.write(0);
    long ms = 1_780_272_000_000L;
    for (int i = 7; i >= 0; i--) {
      o.write((int) (ms >> (8 * i)));
    }
    o.write(0);
    o.write(0);
    opaque24(o, cert);
    o.write(0);
    o.write(0);
    return o.toByteArray();
  }

  /** A certificate_chain. */
  public static byte[] chain(byte[]... certs) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    for (byte[] c : certs) {
      opaque24(list, c);
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    opaque24(o, list.toByteArray());
    return o.toByteArray();
  }

  private static void opaque24(ByteArrayOutputStream o, byte[] v) {
    o.write(v.length >> 16);
    o.write(v.length >> 8);
    o.write(v.length);
    o.writeBytes(v);
  }
}
