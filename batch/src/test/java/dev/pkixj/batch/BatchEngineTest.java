package dev.pkixj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.verifier.Verifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BatchEngineTest {
  private static String corpus(int n) {
    TestPki pki = TestPki.ec();
    String intermediate = Base64.getEncoder().encodeToString(pki.intermediate().der());
    String[] leaves = new String[50];
    for (int i = 0; i < leaves.length; i++) {
      leaves[i] = Base64.getEncoder().encodeToString(pki.newLeaf(i).der());
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("{\"id\":\"r").append(i).append("\",\"host\":\"www.example.test\",\"chain\":[\"")
          .append(leaves[i % 50]).append("\",\"")
          .append(intermediate).append("\"]}\n");
    }
    return sb.toString();
  }

  private static BatchEngine engine(int threads) {
    Verifier v = Verifier.withRoots(List.of(TestPki.ec().root().der()));
    return new BatchEngine(new RecordVerifier(v, null, TestClock.NOW.getEpochSecond()),
        new DerInterner(1024), threads);
  }

  @Test
  void resultsComeOutInInputOrderWhateverTheThreads() throws Exception {
    String in = corpus(3000);
    for (int threads : new int[] {1, 4}) {
      InputReader reader = new InputReader(List.of("-"),
          new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), new DerInterner(64), 0);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      RunStats stats = new RunStats();
      BatchEngine.Outcome o = engine(threads).run(reader, out, stats, new AtomicBoolean(), null);
      assertTrue(o.completed());
      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      assertEquals(3000, lines.length);
      for (int i = 0; i < lines.length; i++) {
        assertTrue(lines[i].startsWith("{\"id\":\"r" + i + "\",\"line\":" + (i + 1) + ","),
            lines[i]);
        assertTrue(lines[i].contains("\"verdict\":\"valid\""), lines[i]);
      }
      assertEquals(3000, stats.valid);
    }
  }

  @Test
  void stoppingLeavesWholeLinesThatAreAPrefixOfTheInput() throws Exception {
    String in = corpus(20_000);
    InputReader reader = new InputReader(List.of("-"),
        new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), new DerInterner(64), 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunStats stats = new RunStats();
    AtomicBoolean stop = new AtomicBoolean();
    int[] chunks = new int[1];
    BatchEngine.Outcome o = engine(2).run(reader, out, stats, stop, () -> {
      if (++chunks[0] == 3) {
        stop.set(true); // as Ctrl-C does
      }
    });
    assertTrue(o.interrupted());
    assertFalse(o.completed());
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\n"));
    String[] lines = text.split("\n");
    assertTrue(lines.length > 0 && lines.length < 20_000, "" + lines.length);
    assertEquals(lines.length, stats.records);
    for (int i = 0; i < lines.length; i++) {
      assertTrue(lines[i].startsWith("{\"id\":\"r" + i + "\","), lines[i]);
    }
  }

  @Test
  void skipsTheRecordsAlreadyDone() throws Exception {
    String in = "\n" + corpus(10);
    InputReader reader = new InputReader(List.of("-"),
        new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), new DerInterner(64), 7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    engine(2).run(reader, out, new RunStats(), new AtomicBoolean(), null);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(3, lines.length);
    assertTrue(lines[0].startsWith("{\"id\":\"r7\",\"line\":9,"), lines[0]);
  }
}
