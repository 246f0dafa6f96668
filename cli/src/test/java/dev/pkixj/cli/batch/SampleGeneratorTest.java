package dev.pkixj.cli.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.cli.Cli;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.cli.batch.SampleGenerator.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample generator's fixed quotas of record kinds, and that each record is what it says. */
class SampleGeneratorTest {
  private static final int KINDS = Kind.values().length;

  @TempDir Path dir;

  @Test
  void quotasAddUpAndGiveEveryKindAtLeastOneRecord() {
    for (long n : new long[] {0, 1, 5, KINDS - 1, KINDS, KINDS + 1, 24, 25, 60, 399, 400, 1500,
        10_000, 1_000_000, 123_456_789}) {
      Map<Kind, Long> q = SampleGenerator.quotas(n);
      assertEquals(n, q.values().stream().mapToLong(Long::longValue).sum(), "n=" + n);
      for (Kind k : Kind.values()) {
        long expected = n >= KINDS ? 1 : k.ordinal() < n ? 1 : 0;
        assertTrue(q.get(k) >= expected, "n=" + n + " " + k + ": " + q);
        if (n < KINDS) {
          assertEquals(expected, q.get(k), "n=" + n + " " + k);
        }
      }
    }
  }

  @Test
  void quotasKeepTheStatedShares() {
    // The README and the class comment: about one record in ten carries one of the common
    // errors, one in two thousand is malformed.
    for (long n : new long[] {400, 1500, 10_000, 1_000_000}) {
      Map<Kind, Long> q = SampleGenerator.quotas(n);
      long errors = 0;
      long malformed = 0;
      for (Kind k : Kind.values()) {
        if (k == Kind.VALID) {
          continue;
        }
        assertEquals(Math.max(1, Math.round(k.share * n)), q.get(k), "n=" + n + " " + k);
        if (k.malformed()) {
          malformed += q.get(k);
        } else {
          errors += q.get(k);
        }
      }
      double errorShare = (double) errors / n;
      assertTrue(errorShare > 0.09 && errorShare < 0.11, "n=" + n + ": " + errorShare);
      if (n >= 10_000) {
        assertEquals(n / 2000, malformed, "n=" + n);
      }
    }
  }

  @Test
  void theLayoutHoldsExactlyTheQuotasAtPositionsShuffledByTheSeed() {
    for (long seed : new long[] {1, 7, 11}) {
      for (int n : new int[] {1, KINDS - 1, KINDS, KINDS + 1, 400, 1500, 4097}) {
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
          counts.put(k, 0L);
        }
        for (int i = 0; i < n; i++) {
          counts.merge(SampleGenerator.kindOf(n, seed, i), 1L, Long::sum);
        }
        assertEquals(SampleGenerator.quotas(n), counts, "seed " + seed + ", n=" + n);
      }
    }
    Kind[] a = layout(400, 1);
    Kind[] b = layout(400, 2);
    assertArrayEquals(a, layout(400, 1));
    assertFalse(java.util.Arrays.equals(a, b), "seeds 1 and 2 give the same layout");
    // Shuffled, not laid out kind after kind: the kinds do not come in the enum's order.
    boolean outOfOrder = false;
    for (int i = 1; i < a.length; i++) {
      outOfOrder |= a[i].ordinal() < a[i - 1].ordinal();
    }
    assertTrue(outOfOrder, "seed 1: kinds in quota order");
  }

  private static Kind[] layout(int n, long seed) {
    Kind[] k = new Kind[n];
    for (int i = 0; i < n; i++) {
      k[i] = SampleGenerator.kindOf(n, seed, i);
    }
    return k;
  }

  @Test
  void eachRecordGetsTheVerdictOfItsKindFromTheBatch() throws IOException {
    long seed = 5;
    int n = 300;
    Path corpus = dir.resolve("corpus.ndjson");
    SampleGenerator.Written w = SampleCommand.generate(
        SampleGenerator.Options.defaults(n).withSeed(seed), corpus);
    String where = "seed " + seed + ", " + n + " records";
    assertEquals(SampleGenerator.quotas(n), w.kinds(), where);
    assertTrue(w.recaptures() > 0, where + ": no re-capture, that path is not exercised");

    Path out = dir.resolve("out.ndjson");
    Cli.Run r = Cli.run("batch", corpus.toString(), "--roots",
        SampleCommand.rootsFile(corpus).toString(), "-o", out.toString(), "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals(n, lines.size(), where);
    for (int i = 0; i < n; i++) {
      JsonNode l = Json.MAPPER.readTree(lines.get(i));
      Kind k = SampleGenerator.kindOf(n, seed, i);
      String at = where + ", line " + (i + 1) + " (" + k + "): " + lines.get(i);
      assertEquals(i + 1, l.get("line").asLong(), at);
      if (k.malformed()) {
        assertEquals("malformed", l.get("verdict").asText(), at);
      } else {
        assertEquals(k == Kind.VALID ? "valid" : "invalid", l.get("verdict").asText(), at);
        assertEquals(k.code, l.get("code").asText(), at);
        assertEquals(String.format("s%09d", i + 1), l.get("id").asText(), at);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameCorpusAndAnotherSeedAnother() throws IOException {
    SampleGenerator.Options o = SampleGenerator.Options.defaults(60).withSeed(9).withThreads(1);
    assertArrayEquals(corpus(o), corpus(o), "seed 9");
    assertFalse(java.util.Arrays.equals(corpus(o), corpus(o.withSeed(10))), "seeds 9 and 10");
  }

  private static byte[] corpus(SampleGenerator.Options o) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    SampleGenerator.write(o, b, OutputStream.nullOutputStream());
    return b.toByteArray();
  }
}
