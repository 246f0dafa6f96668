package dev.pkixj.batch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.verifier.Verifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A worker that fails outside a record's own verification ends the run as an internal error,
 * which {@code pkixj batch} reports with its own exit status, not as an input or I/O error.
 */
class BatchWorkerErrorTest {
  @Test
  void aWorkerFailureEndsTheRunAsAnInternalError() throws Exception {
    TestPki pki = TestPki.ec();
    // An Error escapes the per-record handling (which turns exceptions into record outcomes).
    TrustDomainFactory failing = new TrustDomainFactory() {
      @Override
      public TrustDomain create(List<byte[]> presented, int minRsaBits, byte[] staple) {
        throw new AssertionError("forced by the test");
      }

      @Override
      public boolean isBuiltInRoot(Cert anchor) {
        return false;
      }
    };
    BatchEngine engine = new BatchEngine(new RecordVerifier(new Verifier(failing), null,
        TestClock.NOW.getEpochSecond()), new DerInterner(64), 2);
    String record = "{\"id\":\"r1\",\"chain\":[\""
        + Base64.getEncoder().encodeToString(pki.leaf().der()) + "\"]}\n";
    InputReader reader = new InputReader(List.of("-"),
        new ByteArrayInputStream(record.repeat(10).getBytes(StandardCharsets.UTF_8)),
        new DerInterner(64), 0);
    BatchEngine.Outcome o = engine.run(reader, new ByteArrayOutputStream(), new RunStats(),
        new AtomicBoolean(), null);
    assertTrue(o.internalError(), o.toString());
    assertFalse(o.completed(), o.toString());
    assertTrue(o.ioError() != null && o.ioError().startsWith("internal error: ")
        && o.ioError().contains("forced by the test"), o.toString());
  }

  @Test
  void aNormalRunIsNoInternalError() throws Exception {
    TestPki pki = TestPki.ec();
    BatchEngine engine = new BatchEngine(new RecordVerifier(
        Verifier.withRoots(List.of(pki.root().der())), null, TestClock.NOW.getEpochSecond()),
        new DerInterner(64), 2);
    String record = "{\"id\":\"r1\",\"chain\":[\""
        + Base64.getEncoder().encodeToString(pki.leaf().der()) + "\",\""
        + Base64.getEncoder().encodeToString(pki.intermediate().der()) + "\"]}\n";
    InputReader reader = new InputReader(List.of("-"),
        new ByteArrayInputStream(record.repeat(10).getBytes(StandardCharsets.UTF_8)),
        new DerInterner(64), 0);
    BatchEngine.Outcome o = engine.run(reader, new ByteArrayOutputStream(), new RunStats(),
        new AtomicBoolean(), null);
    assertTrue(o.completed(), o.toString());
    assertFalse(o.internalError(), o.toString());
  }
}
