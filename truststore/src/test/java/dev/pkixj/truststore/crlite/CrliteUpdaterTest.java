package dev.pkixj.truststore.crlite;

import static dev.pkixj.truststore.crlite.ClubcardTest.HINT;
import static dev.pkixj.truststore.crlite.ClubcardTest.LOG_A;
import static dev.pkixj.truststore.crlite.ClubcardTest.SEED;
import static dev.pkixj.truststore.crlite.ClubcardTest.filled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.truststore.remotesettings.LoopbackServer;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.remotesettings.RemoteSettingsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates from a loopback Remote Settings server into a {@link CrliteStore}: Firefox's choice of
 * records, the commit only of whole and checked downloads, and the store's generations.
 */
class CrliteUpdaterTest {
  static final byte[] ISSUER = filled(0x11);
  static final long T0 = 1_750_000_000_000L;
  static final long NOW = T0 + 3_600_000L;
  static final byte[] LOGS = LOG_A;
  static final long[] TS = {1000};

  @TempDir
  Path tmp;

  /** A filter revoking {@code revoked} among {@code revoked ∪ good} of ISSUER. */
  static byte[] filter(Random rnd, List<byte[]> revoked, List<byte[]> good) {
    ClubcardWriter.Model m = new ClubcardWriter(rnd).coverage(LOG_A, 0, 1L << 50)
        .issuer(ISSUER, revoked, good).build();
    return rnd.nextBoolean() ? ClubcardWriter.v3(m) : ClubcardWriter.v4(m);
  }

  static String rec(LoopbackServer s, String id, byte[] content, String channel, boolean inc,
      String parent, long effective) {
    s.attachment("crlite/" + id + ".bin", content);
    return LoopbackServer.record(id, effective + 1, "crlite/" + id + ".bin", content,
        "\"channel\":\"" + channel + "\",\"incremental\":" + inc + ",\"effectiveTimestamp\":"
            + effective + (parent == null ? "" : ",\"parent\":\"" + parent + "\""));
  }

  static void publish(LoopbackServer s, List<String> records) {
    s.changeset(CrliteUpdater.BUCKET, CrliteUpdater.COLLECTION,
        LoopbackServer.changesetJson(99, records));
  }

  /** Serials: 0..2 revoked in the full filter, one more revoked by each delta, the rest good. */
  static final class Fixture {
    final Random rnd;
    final List<byte[]> serials;
    final byte[] full;
    final byte[][] deltas = new byte[3][];

    Fixture(long seed) {
      rnd = new Random(seed);
      serials = ClubcardTest.Case.serials(rnd, 60, new HashSet<>());
      full = filter(rnd, serials.subList(0, 3), serials.subList(3, 60));
      for (int i = 0; i < 3; i++) {
        deltas[i] = filter(rnd, serials.subList(3 + i, 4 + i), rest(3 + i));
      }
    }

    List<byte[]> rest(int revokedAt) {
      List<byte[]> r = new ArrayList<>(serials);
      r.remove(revokedAt);
      return r;
    }

    CrliteStatus query(CrliteFilters f, int serial) {
      return f.query(ISSUER, serials.get(serial), LOGS, TS, NOW);
    }
  }

  @Test
  void goodChainIsStoredThenOnlyNewDeltasAreDownloaded() throws Exception {
    Fixture fx = new Fixture(SEED + 100);
    Path dir = tmp.resolve("crlite");
    try (LoopbackServer s = new LoopbackServer()) {
      List<String> records = new ArrayList<>(List.of(
          rec(s, "full-1", fx.full, "default", false, null, 100),
          rec(s, "d1", fx.deltas[0], "default", true, "full-1", 200),
          rec(s, "d2", fx.deltas[1], "default", true, "d1", 300)));
      publish(s, records);
      RemoteSettingsClient c = RemoteSettingsClient.of(s.url());
      CrliteUpdater.Result r = CrliteUpdater.update(c, dir, "default", () -> T0);
      assertTrue(r.changed());
      assertTrue(r.before().isEmpty());
      assertEquals(3, r.downloaded());
      assertEquals(2, r.after().deltas().size());
      CrliteStore.Loaded loaded = CrliteStore.load(dir).orElseThrow();
      assertEquals(1, loaded.generation());
      assertEquals("full-1", loaded.meta().full().id());
      assertEquals(List.of("d1", "d2"), loaded.meta().deltas().stream()
          .map(CrliteStore.FilterInfo::id).toList());
      assertEquals(T0 / 1000, loaded.filters().lastUpdateEpochSeconds());
      assertEquals(fx.full.length + fx.deltas[0].length + fx.deltas[1].length,
          loaded.bytesOnDisk());
      assertTrue(Files.isRegularFile(dir.resolve("gen-1/full.filter")));
      assertTrue(Files.isRegularFile(dir.resolve("gen-1/0001.delta")));
      assertTrue(Files.isRegularFile(dir.resolve("gen-1/0002.delta")));
      assertEquals("gen-1", Files.readString(dir.resolve("CURRENT")).strip());
      for (int i = 0; i < 5; i++) {
        assertEquals(CrliteStatus.REVOKED, fx.query(loaded.filters(), i), "serial " + i + HINT);
      }
      assertEquals(CrliteStatus.GOOD, fx.query(loaded.filters(), 5), HINT);

      // The same records again: nothing downloaded, nothing written.
      int before = s.requests.size();
      CrliteUpdater.Result same = CrliteUpdater.update(c, dir, "default", () -> T0 + 1);
      assertFalse(same.changed());
      assertEquals(0, same.downloaded());
      assertTrue(s.requests.subList(before, s.requests.size()).stream()
          .noneMatch(p -> p.startsWith("/att/")), s.requests.toString());
      assertEquals(1, CrliteStore.load(dir).orElseThrow().generation());

      // A third delta: only it is downloaded; the old generation is gone.
      records.add(rec(s, "d3", fx.deltas[2], "default", true, "d2", 400));
      publish(s, records);
      before = s.requests.size();
      CrliteUpdater.Result next = CrliteUpdater.update(c, dir, "default", () -> T0 + 2);
      assertTrue(next.changed());
      assertEquals(1, next.downloaded());
      assertEquals(List.of("/att/crlite/d3.bin"), s.requests.subList(before, s.requests.size())
          .stream().filter(p -> p.startsWith("/att/")).toList());
      CrliteStore.Loaded now = CrliteStore.load(dir).orElseThrow();
      assertEquals(2, now.generation());
      assertEquals(3, now.deltas().size());
      assertFalse(Files.exists(dir.resolve("gen-1")));
      assertEquals(CrliteStatus.REVOKED, fx.query(now.filters(), 5), HINT);
    }
  }

  @Test
  void brokenChainStopsAtTheBreakAndOlderDeltasAreIgnored() throws Exception {
    Fixture fx = new Fixture(SEED + 101);
    Path dir = tmp.resolve("crlite");
    try (LoopbackServer s = new LoopbackServer()) {
      byte[] old = filter(fx.rnd, fx.serials.subList(10, 11), fx.rest(10));
      publish(s, List.of(
          rec(s, "d2", fx.deltas[1], "default", true, "gone", 300), // parent not published
          rec(s, "old-full", fx.deltas[2], "default", false, null, 50),
          rec(s, "d3", fx.deltas[2], "default", true, "d2", 400),
          rec(s, "older", old, "default", true, "full-1", 90), // older than the full filter
          rec(s, "full-1", fx.full, "default", false, null, 100),
          rec(s, "d1", fx.deltas[0], "default", true, "full-1", 200)));
      CrliteUpdater.Result r = CrliteUpdater.update(RemoteSettingsClient.of(s.url()), dir,
          "default", () -> T0);
      assertEquals("full-1", r.after().meta().full().id());
      assertEquals(List.of("d1"), r.after().meta().deltas().stream()
          .map(CrliteStore.FilterInfo::id).toList());
      assertEquals(CrliteStatus.REVOKED, fx.query(r.after().filters(), 3), HINT);
      assertEquals(CrliteStatus.GOOD, fx.query(r.after().filters(), 4), HINT);
      assertEquals(CrliteStatus.GOOD, fx.query(r.after().filters(), 10), HINT);
      assertTrue(s.requests.stream().noneMatch(p -> p.contains("d2.bin") || p.contains("d3.bin")
          || p.contains("older.bin") || p.contains("old-full.bin")), s.requests.toString());
    }
  }

  @Test
  void channelSelection() throws Exception {
    Fixture fx = new Fixture(SEED + 102);
    try (LoopbackServer s = new LoopbackServer()) {
      byte[] compat = filter(fx.rnd, fx.serials.subList(20, 22), fx.rest(20));
      publish(s, List.of(
          rec(s, "full-default", fx.full, "default", false, null, 100),
          rec(s, "full-compat", compat, "compat", false, null, 100),
          rec(s, "d-compat", fx.deltas[0], "compat", true, "full-compat", 200),
          rec(s, "full-newer-other", fx.deltas[1], "experimental", false, null, 500),
          rec(s, "d-default", fx.deltas[1], "default", true, "full-default", 200)));
      RemoteSettingsClient c = RemoteSettingsClient.of(s.url());
      CrliteUpdater.Result d = CrliteUpdater.update(c, tmp.resolve("d"), "default", () -> T0);
      assertEquals("full-default", d.after().meta().full().id());
      assertEquals("d-default", d.after().meta().deltas().get(0).id());
      CrliteUpdater.Result k = CrliteUpdater.update(c, tmp.resolve("c"), "compat", () -> T0);
      assertEquals("full-compat", k.after().meta().full().id());
      assertEquals("compat", CrliteStore.load(tmp.resolve("c")).orElseThrow().meta().channel());
      assertEquals(CrliteStatus.REVOKED, fx.query(k.after().filters(), 20), HINT);
      assertEquals(CrliteStatus.GOOD, fx.query(d.after().filters(), 20), HINT);
      RemoteSettingsException e = assertThrows(RemoteSettingsException.class,
          () -> CrliteUpdater.update(c, tmp.resolve("n"), "nightly", () -> T0));
      assertTrue(e.getMessage().contains("no full CRLite filter for channel 'nightly'"),
          e.getMessage());
      assertFalse(Files.exists(tmp.resolve("n/CURRENT")));
    }
  }

  @Test
  void badHashOrCutDownloadOrBadFilterCommitsNothing() throws Exception {
    Fixture fx = new Fixture(SEED + 103);
    Path dir = tmp.resolve("crlite");
    try (LoopbackServer s = new LoopbackServer()) {
      RemoteSettingsClient c = RemoteSettingsClient.of(s.url());
      List<String> records = new ArrayList<>(List.of(
          rec(s, "full-1", fx.full, "default", false, null, 100)));
      publish(s, records);
      CrliteUpdater.update(c, dir, "default", () -> T0);

      // A delta whose published bytes differ from its record's hash.
      records.add(rec(s, "d1", fx.deltas[0], "default", true, "full-1", 200));
      s.attachment("crlite/d1.bin", fx.deltas[1]);
      publish(s, records);
      RemoteSettingsException e = assertThrows(RemoteSettingsException.class,
          () -> CrliteUpdater.update(c, dir, "default", () -> T0 + 1));
      assertTrue(e.getMessage().contains("/att/crlite/d1.bin: "), e.getMessage());
      assertUnchanged(dir, fx);

      // The right bytes, but the connection closes in the middle of the body.
      s.attachment("crlite/d1.bin", fx.deltas[0]);
      s.cut("crlite/d1.bin", true);
      e = assertThrows(RemoteSettingsException.class,
          () -> CrliteUpdater.update(c, dir, "default", () -> T0 + 1));
      assertTrue(e.getMessage().contains("/att/crlite/d1.bin: "), e.getMessage());
      assertFalse(e.getMessage().contains("Exception"), e.getMessage());
      assertUnchanged(dir, fx);

      // Bytes that match their hash but are not a filter.
      s.cut("crlite/d1.bin", false);
      byte[] junk = "not a clubcard".getBytes(StandardCharsets.US_ASCII);
      records.set(1, rec(s, "d1", junk, "default", true, "full-1", 200));
      publish(s, records);
      CrliteStore.StoreException se = assertThrows(CrliteStore.StoreException.class,
          () -> CrliteUpdater.update(c, dir, "default", () -> T0 + 1));
      assertTrue(se.getMessage().contains("not stored"), se.getMessage());
      assertUnchanged(dir, fx);

      // Fixed: the update goes through.
      records.set(1, rec(s, "d1", fx.deltas[0], "default", true, "full-1", 200));
      publish(s, records);
      assertEquals(2, CrliteUpdater.update(c, dir, "default", () -> T0 + 2).after()
          .generation());
    }
  }

  private static void assertUnchanged(Path dir, Fixture fx) throws Exception {
    CrliteStore.Loaded l = CrliteStore.load(dir).orElseThrow();
    assertEquals(1, l.generation());
    assertEquals(0, l.deltas().size());
    assertEquals(T0 / 1000, l.filters().lastUpdateEpochSeconds());
    try (Stream<Path> st = Files.list(dir)) {
      assertEquals(Set.of("CURRENT", "gen-1", "lock"), st.map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toSet()));
    }
    assertEquals(CrliteStatus.GOOD, fx.query(l.filters(), 3), HINT);
  }

  @Test
  void malformedFilterRecordIsAnErrorNamingTheMember() throws Exception {
    Fixture fx = new Fixture(SEED + 104);
    try (LoopbackServer s = new LoopbackServer()) {
      s.attachment("x", fx.full);
      publish(s, List.of(LoopbackServer.record("f", 1, "x", fx.full,
          "\"channel\":\"default\",\"incremental\":false")));
      RemoteSettingsException e = assertThrows(RemoteSettingsException.class,
          () -> CrliteUpdater.update(RemoteSettingsClient.of(s.url()), tmp, "default",
              () -> T0));
      assertTrue(e.getMessage().contains("effectiveTimestamp"), e.getMessage());
      assertTrue(CrliteStore.load(tmp).isEmpty());
    }
  }

  @Test
  void damagedGenerationsAreErrorsNamingTheFile() throws Exception {
    Fixture fx = new Fixture(SEED + 105);
    Path dir = tmp.resolve("crlite");
    assertEquals(Optional.empty(), CrliteStore.load(dir));
    CrliteStore.Loaded l = commit(dir, fx, 2, T0);
    Path g = l.directory();

    Files.write(g.resolve("0002.delta"), new byte[] {4, 0, 0});
    assertStoreError(dir, g.resolve("0002.delta") + ": 3 bytes, meta.json gives ");
    byte[] bad = fx.deltas[1].clone();
    bad[0] = 9;
    Files.write(g.resolve("0002.delta"), bad);
    assertStoreError(dir, g.resolve("0002.delta") + ": offset 0: unsupported version 9");
    Files.delete(g.resolve("0002.delta"));
    assertStoreError(dir, g.resolve("0002.delta") + ": missing");
    Files.writeString(g.resolve("meta.json"), "{\"format\":1}");
    assertStoreError(dir, g.resolve("meta.json") + ": ");
    Files.delete(g.resolve("meta.json"));
    assertStoreError(dir, g.resolve("meta.json") + ": missing");
    Files.writeString(dir.resolve("CURRENT"), "../etc\n");
    assertStoreError(dir, dir.resolve("CURRENT") + ": does not name a generation");
    Files.writeString(dir.resolve("CURRENT"), "gen-77\n");
    assertStoreError(dir, dir.resolve("gen-77") + ": the generation named by CURRENT is missing");

    // An update replaces a damaged store.
    CrliteStore.Loaded again = commit(dir, fx, 1, T0);
    assertEquals(l.generation() + 1, again.generation());
    assertEquals(1, CrliteStore.load(dir).orElseThrow().deltas().size());
  }

  private static void assertStoreError(Path dir, String prefix) {
    CrliteStore.StoreException e = assertThrows(CrliteStore.StoreException.class,
        () -> CrliteStore.load(dir));
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage() + " / expected " + prefix);
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
  }

  static CrliteStore.Loaded commit(Path dir, Fixture fx, int deltas, long time)
      throws CrliteStore.StoreException {
    List<byte[]> ds = new ArrayList<>();
    List<CrliteStore.FilterInfo> infos = new ArrayList<>();
    for (int i = 0; i < deltas; i++) {
      ds.add(fx.deltas[i]);
      infos.add(info("d" + i, fx.deltas[i]));
    }
    return CrliteStore.commit(dir, fx.full, ds, new CrliteStore.Meta(time, "default",
        "test", 1, info("full", fx.full), infos));
  }

  static CrliteStore.FilterInfo info(String id, byte[] b) {
    return new CrliteStore.FilterInfo(id, 1, 1, RemoteSettingsClient.sha256Hex(b), b.length, id);
  }

  @Test
  void leftoversOfAnInterruptedUpdateAreIgnoredThenRemoved() throws Exception {
    Fixture fx = new Fixture(SEED + 106);
    Path dir = tmp.resolve("crlite");
    commit(dir, fx, 1, T0);
    // A crash while writing generation 5 and the new CURRENT: neither is in force.
    Files.createDirectories(dir.resolve("gen-5"));
    Files.write(dir.resolve("gen-5/full.filter"), new byte[] {4});
    Files.writeString(dir.resolve("CURRENT.tmp-1-2"), "gen-5\n");
    CrliteStore.Loaded l = CrliteStore.load(dir).orElseThrow();
    assertEquals(1, l.generation());
    CrliteStore.Loaded n = commit(dir, fx, 2, T0 + 1);
    assertEquals(6, n.generation());
    try (Stream<Path> st = Files.list(dir)) {
      assertEquals(Set.of("CURRENT", "gen-6", "lock"), st.map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toSet()));
    }
  }

  @Test
  void readersKeepWorkingWhileUpdatesCommit() throws Exception {
    Fixture fx = new Fixture(SEED + 107);
    Path dir = tmp.resolve("crlite");
    CrliteFilters first = commit(dir, fx, 0, T0).filters();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
    Thread querier = new Thread(() -> {
      try {
        while (!stop.get() || queries.get() < 1000) {
          // The filters loaded before the updates: serial 3 stays good, serial 0 revoked.
          if (fx.query(first, 3) != CrliteStatus.GOOD || fx.query(first, 0)
              != CrliteStatus.REVOKED) {
            throw new AssertionError("answer changed under a reader");
          }
          queries.incrementAndGet();
        }
      } catch (Throwable t) {
        failures.add(t);
      }
    });
    Thread loader = new Thread(() -> {
      try {
        while (!stop.get() || loads.get() < 20) {
          CrliteStore.Loaded l = CrliteStore.load(dir).orElseThrow();
          // Each generation is whole: its deltas agree with its description.
          if (l.deltas().size() != l.meta().deltas().size()
              || (l.deltas().size() >= 1) != (fx.query(l.filters(), 3) == CrliteStatus.REVOKED)) {
            throw new AssertionError("a generation loaded half: " + l.describe());
          }
          loads.incrementAndGet();
        }
      } catch (Throwable t) {
        failures.add(t);
      }
    });
    querier.start();
    loader.start();
    for (int i = 0; i < 30; i++) {
      commit(dir, fx, i % 3, T0 + i);
    }
    stop.set(true);
    querier.join();
    loader.join();
    assertEquals(List.of(), failures, HINT);
    assertTrue(queries.get() >= 1000 && loads.get() >= 20);
    assertEquals(31, CrliteStore.load(dir).orElseThrow().generation());
  }
}
