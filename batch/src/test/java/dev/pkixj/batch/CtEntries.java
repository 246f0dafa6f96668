package dev.pkixj.batch;

import java.io.ByteArrayOutputStream;

/**
 * Builds the CT structures of a get-entries response (RFC 6962 §3.4, §4.6) for the tests: those
 * of {@link CtEntry} here, and those of cli's and spark's tests through this module's test jar.
 */
public final class CtEntries {
  private CtEntries() {}

  /** The log timestamp of the entries built here: 2026-06-01T00:00:00.123Z. */
  public static final long TIMESTAMP_MS = 1_780_272_000_123L;

  /** A MerkleTreeLeaf for an x509_entry of {@code cert}. */
  public static byte[] x509LeafInput(byte[] cert) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0);
    o.write(0);
    u64(o, TIMESTAMP_MS);
    u16(o, 0);
    opaque24(o, cert);
    u16(o, 0);
    return o.toByteArray();
  }

  /** A MerkleTreeLeaf for a precert_entry of {@code tbs} (issuer key hash all zero). */
  public static byte[] precertLeafInput(byte[] tbs) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0);
    o.write(0);
    u64(o, TIMESTAMP_MS);
    u16(o, 1);
    o.writeBytes(new byte[32]);
    opaque24(o, tbs);
    u16(o, 0);
    return o.toByteArray();
  }

  /** A certificate_chain (an x509_entry's extra_data). */
  public static byte[] chain(byte[]... certs) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    for (byte[] c : certs) {
      opaque24(list, c);
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    opaque24(o, list.toByteArray());
    return o.toByteArray();
  }

  /** A PrecertChainEntry (a precert_entry's extra_data). */
  public static byte[] precertExtra(byte[] precert, byte[]... chain) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    opaque24(o, precert);
    o.writeBytes(chain(chain));
    return o.toByteArray();
  }

  private static void u16(ByteArrayOutputStream o, int v) {
    o.write(v >> 8);
    o.write(v);
  }

  private static void u64(ByteArrayOutputStream o, long v) {
    for (int i = 7; i >= 0; i--) {
      o.write((int) (v >> (8 * i)));
    }
  }

  private static void opaque24(ByteArrayOutputStream o, byte[] v) {
    o.write(v.length >> 16);
    o.write(v.length >> 8);
    o.write(v.length);
    o.writeBytes(v);
  }
}
