package dev.pkixj.cli.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.TestPki;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CtEntryTest {
  static final long TIMESTAMP_MS = 1_780_272_000_123L;

  /** A MerkleTreeLeaf for an x509_entry. */
  static byte[] x509LeafInput(byte[] cert) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0);
    o.write(0);
    u64(o, TIMESTAMP_MS);
    u16(o, 0);
    opaque24(o, cert);
    u16(o, 0);
    return o.toByteArray();
  }

  static byte[] precertLeafInput(byte[] tbs) {
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

  static byte[] chain(byte[]... certs) {
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    for (byte[] c : certs) {
      opaque24(list, c);
    }
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    opaque24(o, list.toByteArray());
    return o.toByteArray();
  }

  static byte[] precertExtra(byte[] precert, byte[]... chain) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    opaque24(o, precert);
    o.writeBytes(chain(chain));
    return o.toByteArray();
  }

  static void u16(ByteArrayOutputStream o, int v) {
    o.write(v >> 8);
    o.write(v);
  }

  static void u64(ByteArrayOutputStream o, long v) {
    for (int i = 7; i >= 0; i--) {
      o.write((int) (v >> (8 * i)));
    }
  }

  static void opaque24(ByteArrayOutputStream o, byte[] v) {
    o.write(v.length >> 16);
    o.write(v.length >> 8);
    o.write(v.length);
    o.writeBytes(v);
  }

  private static final TestPki PKI = TestPki.ec();

  @Test
  void x509Entry() throws Exception {
    ParsedRecord r = CtEntry.decode(x509LeafInput(PKI.leaf().der()),
        chain(PKI.intermediate().der(), PKI.root().der()), UnaryOperator.identity());
    assertEquals("x509", r.entryType());
    assertEquals(1_780_272_000L, r.time());
    assertEquals(3, r.chain().size());
    assertArrayEquals(PKI.leaf().der(), r.chain().get(0));
    assertArrayEquals(PKI.root().der(), r.chain().get(2));
  }

  @Test
  void precertEntryVerifiesThePrecertificate() throws Exception {
    byte[] precert = PKI.leaf().der();
    ParsedRecord r = CtEntry.decode(precertLeafInput(new byte[] {0x30, 0}),
        precertExtra(precert, PKI.intermediate().der()), UnaryOperator.identity());
    assertEquals("precert", r.entryType());
    assertEquals(2, r.chain().size());
    assertArrayEquals(precert, r.chain().get(0));
  }

  @Test
  void malformedEntries() {
    byte[] leaf = x509LeafInput(PKI.leaf().der());
    byte[] extra = chain(PKI.intermediate().der());
    assertTrue(assertThrows(MalformedRecordException.class, () -> CtEntry.decode(
        Arrays.copyOf(leaf, leaf.length - 5), extra, UnaryOperator.identity())).getMessage()
        .startsWith("leaf_input: truncated"));
    assertTrue(assertThrows(MalformedRecordException.class, () -> CtEntry.decode(
        leaf, Arrays.copyOf(extra, extra.length + 1), UnaryOperator.identity())).getMessage()
        .contains("left over"));
    byte[] v1 = leaf.clone();
    v1[0] = 1;
    assertTrue(assertThrows(MalformedRecordException.class, () -> CtEntry.decode(
        v1, extra, UnaryOperator.identity())).getMessage().contains("unknown version"));
    assertEquals("no \"extra_data\"", assertThrows(MalformedRecordException.class,
        () -> CtEntry.decode(leaf, null, UnaryOperator.identity())).getMessage());
  }
}
