package dev.pkixj.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The TLS soak harness on a small scale (the full soak, 100,000 handshakes, is {@code bench/run
 * --soak}; docs/reliability.md): real handshakes on loopback with one shared pkixj trust manager,
 * every verdict equal to the verifier's, every case reached.
 */
class TlsSoakTest {
  @Test
  void everyHandshakeGetsTheVerifiersVerdict() throws Exception {
    long seed = new SplittableRandom().nextLong();
    TlsSoak.Report r = TlsSoak.run(300, 4, seed);
    String why = "seed " + seed + ": " + r.json() + " " + r.firstProblems();
    assertTrue(r.ok(), why);
    assertEquals(0, r.mismatches(), why);
    assertEquals(0, r.unexpected(), why);
    assertEquals(TlsLoopback.Case.values().length, r.perCase().size(), why);
    assertEquals(300L, r.perCase().values().stream().mapToLong(Long::longValue).sum(), why);
    assertTrue(r.heapFirstBytes() > 0 && r.heapLastBytes() > 0, why);
  }

  @Test
  void theMixIsDrawnFromTheSeed() {
    long seed = new SplittableRandom().nextLong();
    TlsLoopback.Case[] a = TlsSoak.plan(1000, seed);
    TlsLoopback.Case[] b = TlsSoak.plan(1000, seed);
    assertEquals(java.util.Arrays.asList(a), java.util.Arrays.asList(b), "seed " + seed);
    long valid = java.util.Arrays.stream(a).filter(c -> c == TlsLoopback.Case.VALID).count();
    assertTrue(valid > 450 && valid < 750, "seed " + seed + ": " + valid + " valid of 1000");
  }
}
