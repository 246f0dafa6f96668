package dev.pkixj.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.Pem;
import dev.pkixj.testdata.TestPki;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link InputReader#chainFile}: a PEM or DER certificate file as one record. */
class ChainFileTest {
  private static final TestPki PKI = TestPki.ec();
  private final DerInterner interner = new DerInterner(64);

  @Test
  void pemBlocksInOrderOtherBlocksSkipped() throws Exception {
    String pem = Pem.certs(PKI.leaf()) + "-----BEGIN PRIVATE KEY-----\nAAAA\n"
        + "-----END PRIVATE KEY-----\n" + Pem.certs(PKI.intermediate());
    ParsedRecord r = InputReader.chainFile(pem.getBytes(StandardCharsets.US_ASCII), interner);
    assertEquals(2, r.chain().size());
    assertArrayEquals(PKI.leaf().der(), r.chain().get(0));
    assertArrayEquals(PKI.intermediate().der(), r.chain().get(1));
    assertEquals(ParsedRecord.NO_TIME, r.time());
  }

  @Test
  void concatenatedDerIsTheChain() throws Exception {
    ParsedRecord r = InputReader.chainFile(Der.concat(PKI.leaf().der(),
        PKI.intermediate().der()), interner);
    assertEquals(2, r.chain().size());
    assertArrayEquals(PKI.intermediate().der(), r.chain().get(1));
  }

  @Test
  void whatIsNoChainIsMalformedWithAReason() {
    assertEquals("neither PEM nor DER", assertThrows(MalformedRecordException.class,
        () -> InputReader.chainFile("hello\n".getBytes(StandardCharsets.US_ASCII), interner))
        .getMessage());
    assertEquals("no CERTIFICATE block", assertThrows(MalformedRecordException.class,
        () -> InputReader.chainFile(("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE "
            + "KEY-----\n").getBytes(StandardCharsets.US_ASCII), interner)).getMessage());
    assertEquals("bad PEM: block 1 (CERTIFICATE) at line 1: truncated PEM block: no "
        + "\"-----END CERTIFICATE-----\" line before the end of the file",
        assertThrows(MalformedRecordException.class, () -> InputReader.chainFile(
            "-----BEGIN CERTIFICATE-----\nAAAA\n".getBytes(StandardCharsets.US_ASCII),
            interner)).getMessage());
  }
}
