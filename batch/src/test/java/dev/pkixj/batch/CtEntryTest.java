package dev.pkixj.batch;

import static dev.pkixj.batch.CtEntries.chain;
import static dev.pkixj.batch.CtEntries.precertExtra;
import static dev.pkixj.batch.CtEntries.precertLeafInput;
import static dev.pkixj.batch.CtEntries.x509LeafInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.TestPki;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CtEntryTest {
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
