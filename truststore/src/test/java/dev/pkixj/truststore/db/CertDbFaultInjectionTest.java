package dev.pkixj.truststore.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.Trust;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection with figures: truncation at every byte of the last records, random bit flips,
 * random byte bursts, torn writes (every crash state of one append), kill -9 of a real writer
 * process, two real processes writing at once. Prints a table and writes it to
 * {@code target/certdb-fault-figures.md}.
 *
 * <p>System properties: {@code certdb.flips} (default 3000), {@code certdb.bursts} (300), {@code
 * certdb.kills} (30), {@code certdb.seed} (20260304).
 *
 * <p>"Undetected" = the database opened without reporting corruption but its content differs
 * from what was synced. "Weakened" = after a reported corruption the content is more permissive
 * than what was synced (an anchor or exception that was not there, a distrust silently gone).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertDbFaultInjectionTest {
  @TempDir static Path tmp;

  static final long SEED = Long.getLong("certdb.seed", 20260304L);
  static final Map<String, Row> FIGURES = new LinkedHashMap<>();

  /** One line of the figures table. */
  static final class Row {
    long faults;
    long detected;
    long undetected;
    long weakened;
    long syncedLost;
    long recordsLostToDamage;
    long tornTail;
    long tailRecovered;
    long clean;
    long quarantineOk;
    long regeneratedClean;
    long broadFailSafe;
    final List<String> failures = new ArrayList<>();
    long millis;

    void fail(String s) {
      if (failures.size() < 10) {
        failures.add(s);
      }
    }
  }

  static Row row(String name) {
    return FIGURES.computeIfAbsent(name, n -> new Row());
  }

  // ---------------------------------------------------------------- the golden database

  /** A database with every record kind, tombstones and superseded records; the last three
   *  records are a distrusted CERT, an OVERRIDE and a CERT_TOMBSTONE. */
  static byte[] golden(Path f) throws Exception {
    try (CertDb db = CertDb.open(f, CertDbOptions.defaults().withAutoCompact(false))) {
      for (int i = 0; i < 20; i++) {
        Trust t = i % 3 == 0 ? Trust.DISTRUSTED : i % 3 == 1 ? Trust.ANCHOR : Trust.INHERIT;
        db.put(Fixtures.entry("g" + i, t));
      }
      for (int i = 0; i < 10; i++) {
        db.putOverride(Fixtures.override("go" + i));
      }
      for (int i = 0; i < 15; i++) {
        db.rememberIntermediate(Fixtures.der("gi" + i, 500 + 40 * i));
      }
      for (int i = 0; i < 5; i++) {
        db.remove(Format.sha256(Fixtures.entry("g" + (i * 4 + 1), Trust.ANCHOR).der()));
      }
      for (int i = 0; i < 3; i++) {
        db.removeOverride(Fixtures.override("go" + i).host(), Fixtures.override("go" + i).port());
      }
      db.put(Fixtures.entry("g2", Trust.DISTRUSTED)); // supersedes an INHERIT
      db.put(Fixtures.entry("g6", Trust.ANCHOR));
      db.put(Fixtures.entry("last-cert", Trust.DISTRUSTED));
      db.putOverride(Fixtures.override("last-ov"));
      db.remove(Format.sha256(Fixtures.entry("g10", Trust.ANCHOR).der()));
    }
    return Files.readAllBytes(f);
  }

  static int committedRecords(byte[] img) {
    Scanner.Scan s = Scanner.scan(img, img.length);
    return s.best.recordCount();
  }

  static Map<String, String> modelOf(Path f) {
    try (CertDb db = CertDb.open(f)) {
      assertTrue(db.events().isEmpty(), db.events().toString());
      return Fixtures.model(db.snapshot());
    }
  }

  static void clean(Path d) throws IOException {
    try (var s = Files.list(d)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Opens a damaged copy and judges the outcome against the synced model.
   *
   * @param crash true when the fault is a crash (only unsynced data may differ: no corruption
   *     may be reported, no synced record may be lost)
   * @param allowed for crashes: the model that includes the in-flight write (it may or may not
   *     have survived), else null
   */
  static void judge(Row r, String what, Path d, byte[] faulty, Map<String, String> synced,
      boolean crash, Map<String, String> allowed) throws Exception {
    clean(d);
    Path f = d.resolve("certdb");
    Files.write(f, faulty);
    r.faults++;
    Map<String, String> got;
    CertDbEvent corruption;
    List<CertDbEvent> events;
    try (CertDb db = CertDb.open(f)) {
      got = Fixtures.model(db.snapshot());
      corruption = db.lastCorruption().orElse(null);
      events = db.events();
    }
    for (CertDbEvent e : events) {
      if (e.code() == EventCode.CERTDB_TORN_TAIL_TRUNCATED) {
        r.tornTail++;
      } else if (e.code() == EventCode.CERTDB_TAIL_RECOVERED) {
        r.tailRecovered++;
      }
    }
    if (events.isEmpty()) {
      r.clean++;
    }
    if (crash) {
      if (corruption != null) {
        r.fail(what + ": a crash state was reported as corruption: " + corruption.message());
        r.detected++;
      }
      for (Map.Entry<String, String> e : synced.entrySet()) {
        if (!e.getValue().equals(got.get(e.getKey()))) {
          r.syncedLost++;
          r.fail(what + ": synced item lost or changed: " + e.getKey());
        }
      }
      for (Map.Entry<String, String> e : got.entrySet()) {
        String want = synced.containsKey(e.getKey()) ? synced.get(e.getKey())
            : allowed == null ? null : allowed.get(e.getKey());
        if (!e.getValue().equals(want)) {
          r.undetected++;
          r.fail(what + ": unexpected content " + e);
        }
      }
    } else if (corruption == null) {
      if (!got.equals(synced)) {
        r.undetected++;
        r.fail(what + ": opened without a corruption report but content differs");
      }
    } else {
      r.detected++;
      r.recordsLostToDamage += corruption.lost().size();
      if (corruption.lost().stream().anyMatch(l -> l.type() == null || !l.headerVerified())) {
        r.broadFailSafe++;
      }
      judgeSalvage(r, what, got, synced, corruption);
      Path q = corruption.quarantinedFile();
      if (q != null && Arrays.equals(faulty, Files.readAllBytes(q))) {
        r.quarantineOk++;
      } else {
        r.fail(what + ": damaged file not kept aside as it was");
      }
    }
    // Whatever happened, the file left behind must be sound and reopen to the same content.
    try (CertDb db = CertDb.open(f)) {
      if (db.events().isEmpty() && got.equals(Fixtures.model(db.snapshot())) && db.check().ok()) {
        r.regeneratedClean++;
      } else {
        r.fail(what + ": the repaired file is not clean: " + db.events());
      }
    }
  }

  /** After a reported corruption: never more permissive than what was synced. */
  static void judgeSalvage(Row r, String what, Map<String, String> got,
      Map<String, String> synced, CertDbEvent ev) {
    boolean unidentifiedLoss = ev.lost().stream()
        .anyMatch(l -> l.type() == null || !l.headerVerified());
    for (Map.Entry<String, String> e : got.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("I ") || k.startsWith("S ")) {
        continue; // a cache, and suspicions (which only restrict)
      }
      if (k.startsWith("C ") && e.getValue().startsWith("DISTRUSTED")) {
        continue;
      }
      if (!e.getValue().equals(synced.get(k))) {
        r.weakened++;
        r.fail(what + ": salvage is more permissive than the synced state: " + e);
      }
    }
    for (Map.Entry<String, String> e : synced.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("C ") && e.getValue().startsWith("DISTRUSTED")) {
        boolean kept = got.getOrDefault(k, "").startsWith("DISTRUSTED")
            || got.containsKey("S " + k.substring(2));
        if (!kept && !unidentifiedLoss) {
          r.weakened++;
          r.fail(what + ": a distrust disappeared without being reported: " + k);
        }
      }
    }
  }

  // ---------------------------------------------------------------- scenarios

  @Test
  @Order(1)
  void truncationAtEveryByteOfTheLastThreeRecords() throws Exception {
    long t0 = System.nanoTime();
    Row r = row("truncation at every byte of the last 3 records");
    Path g = Files.createDirectories(tmp.resolve("trunc-golden"));
    byte[] img = golden(g.resolve("certdb"));
    Map<String, String> synced = modelOf(g.resolve("certdb"));
    List<Scanner.Item> items = new ArrayList<>();
    Scanner.scanRecords(img, Format.RECORDS_START, img.length, 0, items);
    int from = (int) items.get(items.size() - 3).offset();
    int records = committedRecords(img);
    Path d = Files.createDirectories(tmp.resolve("trunc"));
    for (int cut = from; cut < img.length; cut++) {
      byte[] faulty = Arrays.copyOf(img, cut);
      judge(r, "truncated at " + cut, d, faulty, synced, false, null);
      // the report must account for every committed record
      try (CertDb db = CertDb.open(d.resolve("certdb"))) {
        // reopen of the regenerated file: nothing to report
      }
    }
    // the report accounts for every committed record: kept + lost = committed
    byte[] cutImg = Arrays.copyOf(img, from + 5);
    clean(d);
    Files.write(d.resolve("certdb"), cutImg);
    try (CertDb db = CertDb.open(d.resolve("certdb"))) {
      CertDbEvent ev = db.lastCorruption().orElseThrow();
      assertEquals(records, ev.kept() + ev.lost().size(), ev.message());
    }
    r.millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(img.length - from, r.faults);
    assertClean(r, false);
  }

  @Test
  @Order(2)
  void randomBitFlipsAnywhereInTheFile() throws Exception {
    long t0 = System.nanoTime();
    Row r = row("random single-bit flips anywhere (seed " + SEED + ")");
    Path g = Files.createDirectories(tmp.resolve("flip-golden"));
    byte[] img = golden(g.resolve("certdb"));
    Map<String, String> synced = modelOf(g.resolve("certdb"));
    Path d = Files.createDirectories(tmp.resolve("flip"));
    SplittableRandom rnd = new SplittableRandom(SEED);
    int n = Integer.getInteger("certdb.flips", 3000);
    for (int i = 0; i < n; i++) {
      byte[] faulty = img.clone();
      int pos = rnd.nextInt(faulty.length);
      faulty[pos] ^= (byte) (1 << rnd.nextInt(8));
      judge(r, "bit flip at " + pos, d, faulty, synced, false, null);
    }
    r.millis = (System.nanoTime() - t0) / 1_000_000;
    assertClean(r, false);
    // Every byte of the file is covered by a check. The only flips not reported as corruption
    // hit the newest header slot: that is indistinguishable from a crash while writing it, the
    // record it committed checks out and is adopted, and the content is exactly the synced one.
    assertEquals(n, r.detected + r.tailRecovered);
  }

  @Test
  @Order(3)
  void randomByteBurstsInTheRecordArea() throws Exception {
    long t0 = System.nanoTime();
    Row r = row("random bursts of 2-64 garbage bytes in the records");
    Path g = Files.createDirectories(tmp.resolve("burst-golden"));
    byte[] img = golden(g.resolve("certdb"));
    Map<String, String> synced = modelOf(g.resolve("certdb"));
    Path d = Files.createDirectories(tmp.resolve("burst"));
    SplittableRandom rnd = new SplittableRandom(SEED + 1);
    int n = Integer.getInteger("certdb.bursts", 300);
    for (int i = 0; i < n; i++) {
      byte[] faulty = img.clone();
      int len = 2 + rnd.nextInt(63);
      int pos = Format.RECORDS_START + rnd.nextInt(faulty.length - Format.RECORDS_START - len);
      for (int j = 0; j < len; j++) {
        faulty[pos + j] = (byte) rnd.nextInt(256);
      }
      if (Arrays.equals(faulty, img)) {
        continue;
      }
      judge(r, "burst of " + len + " at " + pos, d, faulty, synced, false, null);
    }
    r.millis = (System.nanoTime() - t0) / 1_000_000;
    assertClean(r, false);
  }

  @Test
  @Order(4)
  void tornWritesEveryCrashStateOfOneAppend() throws Exception {
    long t0 = System.nanoTime();
    Row r = row("torn writes: every crash state of one append");
    Path g = Files.createDirectories(tmp.resolve("torn-golden"));
    Path gf = g.resolve("certdb");
    byte[] before = golden(gf);
    Map<String, String> synced = modelOf(gf);
    try (CertDb db = CertDb.open(gf)) {
      db.put(Fixtures.entry("in-flight", Trust.DISTRUSTED));
    }
    byte[] after = Files.readAllBytes(gf);
    Map<String, String> withNew = modelOf(gf);
    int L = before.length;
    int recLen = after.length - L;
    byte[] rec = Arrays.copyOfRange(after, L, after.length);
    int slot = -1;
    for (int i = 0; i < 2; i++) {
      if (!Arrays.equals(before, i * 4096, i * 4096 + 64, after, i * 4096, i * 4096 + 64)) {
        slot = i * 4096;
      }
    }
    assertTrue(slot >= 0);
    Path d = Files.createDirectories(tmp.resolve("torn"));
    SplittableRandom rnd = new SplittableRandom(SEED + 2);
    // (a) the record partly written, header not yet: every length
    for (int j = 1; j < recLen; j++) {
      byte[] s = Arrays.copyOf(before, L + j);
      System.arraycopy(rec, 0, s, L, j);
      judge(r, "record prefix " + j, d, s, synced, true, withNew);
    }
    // (b) the record partly written, the rest unsynced garbage or zeros (lost sectors)
    for (int j = 0; j < recLen; j += 16) {
      byte[] s = Arrays.copyOf(before, L + recLen);
      System.arraycopy(rec, 0, s, L, j);
      for (int k = L + j; k < s.length; k++) {
        s[k] = (byte) rnd.nextInt(256);
      }
      judge(r, "record prefix " + j + " + garbage", d, s, synced, true, withNew);
      byte[] z = Arrays.copyOf(before, L + recLen);
      System.arraycopy(rec, 0, z, L, j);
      judge(r, "record prefix " + j + " + zeros", d, z, synced, true, withNew);
    }
    // (c) the record synced, the committing header slot torn at every byte, or garbage
    for (int j = 0; j <= 64; j++) {
      byte[] s = Arrays.copyOf(before, L + recLen);
      System.arraycopy(rec, 0, s, L, recLen);
      System.arraycopy(after, slot, s, slot, j);
      judge(r, "slot torn at " + j, d, s, synced, true, withNew);
    }
    for (int j = 0; j < 16; j++) {
      byte[] s = Arrays.copyOf(before, L + recLen);
      System.arraycopy(rec, 0, s, L, recLen);
      for (int k = 0; k < 64; k++) {
        s[slot + k] = (byte) rnd.nextInt(256);
      }
      judge(r, "slot garbage " + j, d, s, synced, true, withNew);
    }
    // (d) killed during a compaction: the new file half written, not yet renamed
    for (int j = 0; j < 8; j++) {
      clean(d);
      Files.write(d.resolve("certdb"), before);
      Files.write(d.resolve("certdb.tmp-999-" + j), Arrays.copyOf(after, rnd.nextInt(L)));
      r.faults++;
      try (CertDb db = CertDb.open(d.resolve("certdb"))) {
        boolean ok = db.events().isEmpty() && synced.equals(Fixtures.model(db.snapshot()));
        try (var ls = Files.list(d)) {
          ok &= ls.noneMatch(p -> p.getFileName().toString().contains(".tmp-"));
        }
        if (ok) {
          r.clean++;
          r.regeneratedClean++;
        } else {
          r.syncedLost++;
          r.fail("compaction leftover not handled");
        }
      }
    }
    r.millis = (System.nanoTime() - t0) / 1_000_000;
    assertClean(r, true);
  }

  // ---- real processes

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String testClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  static Process startWriter(Path db, String prefix, int count, int compactEvery, Path log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(javaBin(), "-XX:TieredStopAtLevel=1", "-Xss512k",
        "-cp", testClasspath(), CertDbWriterMain.class.getName(), db.toString(), prefix,
        Integer.toString(count), Integer.toString(compactEvery));
    pb.redirectError(log.toFile());
    return pb.start();
  }

  @Test
  @Order(5)
  void killMinus9WriterProcess() throws Exception {
    long t0 = System.nanoTime();
    int iterations = Integer.getInteger("certdb.kills", 30);
    Row r = row("kill -9 of a writer process (" + iterations + " runs)");
    Path d = Files.createDirectories(tmp.resolve("kill"));
    Path f = d.resolve("certdb");
    SplittableRandom rnd = new SplittableRandom(SEED + 3);
    Map<String, Integer> acked = new TreeMap<>(); // prefix -> number of acknowledged records
    long totalAcks = 0;
    for (int it = 0; it < iterations; it++) {
      String prefix = "k" + it;
      Process p = startWriter(f, prefix, -1, it % 3 == 0 ? 5 : 0, tmp.resolve("kill-" + it
          + ".err"));
      int target = 1 + rnd.nextInt(40);
      int acks = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        acks = readAcks(out, acks, target);
        spinUpTo(rnd, 3_000_000); // 0-3 ms into the next write
        // SIGKILL on Linux. Through the ProcessHandle: Process.destroyForcibly() would also close
        // our end of the pipe, losing acknowledgements the child wrote just before it died.
        p.toHandle().destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        acks = readAcks(out, acks, Integer.MAX_VALUE); // acknowledgements already in the pipe
      }
      if (acks == 0) {
        r.fail("writer " + it + " acknowledged nothing: " + Files.readString(tmp.resolve("kill-"
            + it + ".err")));
      }
      acked.put(prefix, acks);
      totalAcks += acks;
      r.faults++;
      try (CertDb db = CertDb.open(f)) {
        for (CertDbEvent e : db.events()) {
          if (e.isCorruption()) {
            r.detected++;
            r.fail("kill " + it + " left what was reported as corruption: " + e.message());
          } else if (e.code() == EventCode.CERTDB_TORN_TAIL_TRUNCATED) {
            r.tornTail++;
          } else if (e.code() == EventCode.CERTDB_TAIL_RECOVERED) {
            r.tailRecovered++;
          }
        }
        if (db.events().isEmpty()) {
          r.clean++;
        }
        Snapshot s = db.snapshot();
        for (Map.Entry<String, Integer> a : acked.entrySet()) {
          for (int i = 0; i < a.getValue(); i++) {
            if (!CertDbWriterMain.present(s, a.getKey(), i)) {
              r.syncedLost++;
              r.fail("acknowledged record " + a.getKey() + "-" + i + " missing after kill " + it);
            }
          }
        }
        Check c = db.check();
        if (c.ok()) {
          r.regeneratedClean++;
        } else {
          r.fail("kill " + it + " (seed " + SEED + "): the file left behind does not pass check: "
              + c);
        }
      }
    }
    r.millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(iterations, r.regeneratedClean, "every file left behind passes check");
    System.out.println("[certdb] kill -9: " + iterations + " runs, " + totalAcks
        + " acknowledged records checked cumulatively after every run");
    assertClean(r, true);
  }

  /**
   * Creation is atomic (temporary file, sync, rename): a process killed while creating databases
   * never leaves an empty or magic-less file under a database's name, which the next open would
   * refuse as not a database (docs/certdb-format.md, "Files pkixj owns").
   */
  @Test
  @Order(6)
  void killMinus9WhileCreatingDatabases() throws Exception {
    long t0 = System.nanoTime();
    int iterations = Integer.getInteger("certdb.createKills", 8);
    Row r = row("kill -9 while creating databases (" + iterations + " runs)");
    SplittableRandom rnd = new SplittableRandom(SEED + 4);
    long created = 0;
    for (int it = 0; it < iterations; it++) {
      Path d = Files.createDirectories(tmp.resolve("create-" + it));
      Process p = startCreator(d, tmp.resolve("create-" + it + ".err"));
      int target = 1 + rnd.nextInt(20);
      int acks = 0;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8))) {
        acks = readAcks(out, acks, target);
        spinUpTo(rnd, 2_000_000); // 0-2 ms into the next creation
        p.toHandle().destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      }
      if (acks == 0) {
        r.fail("creator " + it + " created nothing: " + Files.readString(tmp.resolve("create-"
            + it + ".err")));
      }
      r.faults++;
      List<Path> dbs;
      try (var files = Files.list(d)) {
        dbs = files.filter(f -> f.getFileName().toString().matches("c[0-9]+")).sorted().toList();
      }
      created += dbs.size();
      if (dbs.size() < acks) {
        r.syncedLost++;
        r.fail("run " + it + " (seed " + SEED + "): " + acks + " creations acknowledged, "
            + dbs.size() + " files");
      }
      boolean ok = true;
      for (Path f : dbs) {
        if (Files.size(f) == 0) {
          ok = false;
          r.fail("run " + it + " (seed " + SEED + "): " + f + " left empty");
          continue;
        }
        try (CertDb db = CertDb.open(f)) {
          if (!db.events().isEmpty() || !db.check().ok()) {
            ok = false;
            r.fail("run " + it + " (seed " + SEED + "): " + f + ": " + db.events());
          }
        } catch (NotACertDbException e) {
          ok = false;
          r.fail("run " + it + " (seed " + SEED + "): " + e.getMessage());
        }
      }
      try (var files = Files.list(d)) {
        List<String> left = files.map(f -> f.getFileName().toString())
            .filter(n -> n.contains(".tmp-")).toList();
        // The temporary file of the database being created when the kill came: the next open
        // of that name creates the database and removes the leftover.
        for (String n : left) {
          Path owner = d.resolve(n.substring(0, n.indexOf(".tmp-")));
          if (!Files.exists(owner)) {
            CertDb.open(owner).close();
          }
          if (Files.exists(d.resolve(n)) || Files.size(owner) == 0) {
            ok = false;
            r.fail("run " + it + ": " + n + " survived an open of " + owner);
          }
        }
      }
      if (ok) {
        r.clean++;
        r.regeneratedClean++;
      }
    }
    r.millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("[certdb] kill -9 while creating: " + iterations + " runs, " + created
        + " databases created and checked");
    assertEquals(iterations, r.clean, String.join("\n", r.failures));
    assertClean(r, true);
  }

  static Process startCreator(Path dir, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(javaBin(), "-XX:TieredStopAtLevel=1", "-Xss512k",
        "-cp", testClasspath(), CertDbWriterMain.class.getName(), "--create", dir.toString());
    pb.redirectError(log.toFile());
    return pb.start();
  }

  @Test
  @Order(7)
  void twoProcessesWritingTheSameFileConcurrently() throws Exception {
    long t0 = System.nanoTime();
    Row r = row("two writer processes on one file (2 x 150 records, one compacting)");
    Path d = Files.createDirectories(tmp.resolve("two"));
    Path f = d.resolve("certdb");
    int count = 150;
    Process a = startWriter(f, "pa", count, 40, tmp.resolve("pa.err"));
    Process b = startWriter(f, "pb", count, 0, tmp.resolve("pb.err"));
    List<String> outA = new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().toList();
    List<String> outB = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .lines().toList();
    assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, a.exitValue(), Files.readString(tmp.resolve("pa.err")));
    assertEquals(0, b.exitValue(), Files.readString(tmp.resolve("pb.err")));
    assertEquals("DONE", outA.get(outA.size() - 1));
    assertEquals("DONE", outB.get(outB.size() - 1));
    r.faults = 1; // one contention run (2 x 150 acknowledged writes, 3 compactions)
    try (CertDb db = CertDb.open(f)) {
      if (db.events().isEmpty()) {
        r.clean++;
      }
      for (CertDbEvent e : db.events()) {
        if (e.isCorruption()) {
          r.detected++;
          r.fail("corruption after concurrent writers: " + e.message());
        }
      }
      for (String prefix : List.of("pa", "pb")) {
        for (int i = 0; i < count; i++) {
          if (!CertDbWriterMain.present(db.snapshot(), prefix, i)) {
            r.syncedLost++;
            r.fail("missing " + prefix + "-" + i);
          }
        }
      }
      Check c = db.check();
      if (c.ok()) {
        r.regeneratedClean++;
      } else {
        r.fail(c.toString());
      }
      System.out.println("[certdb] two processes: " + db.recordCount() + " records, generation "
          + db.generation() + ", check " + (c.ok() ? "OK" : "FAILED"));
    }
    r.millis = (System.nanoTime() - t0) / 1_000_000;
    assertClean(r, true);
  }

  static void assertClean(Row r, boolean crash) {
    assertTrue(r.failures.isEmpty(), String.join("\n", r.failures));
    assertEquals(0, r.undetected);
    assertEquals(0, r.weakened);
    assertEquals(0, r.syncedLost);
    if (crash) {
      assertEquals(0, r.detected);
    }
  }

  @AfterAll
  static void report() throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("| scenario | faults injected | corruption reported | undetected | weakened"
        + " | synced records lost | records lost to the damage (reported) | torn tail cut"
        + " | salvages with an unidentified loss | tail adopted | opened clean"
        + " | damaged file kept | left a sound file | time |\n");
    sb.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<String, Row> e : FIGURES.entrySet()) {
      Row r = e.getValue();
      sb.append("| ").append(e.getKey()).append(" | ").append(r.faults).append(" | ")
          .append(r.detected).append(" | ").append(r.undetected).append(" | ")
          .append(r.weakened).append(" | ").append(r.syncedLost).append(" | ")
          .append(r.recordsLostToDamage).append(" | ").append(r.tornTail).append(" | ")
          .append(r.broadFailSafe).append(" | ")
          .append(r.tailRecovered).append(" | ").append(r.clean).append(" | ")
          .append(r.quarantineOk).append(" | ").append(r.regeneratedClean).append(" | ")
          .append(String.format("%.1f s", r.millis / 1000.0)).append(" |\n");
    }
    sb.append("\ndirectory fsync: ").append(CertDb.directorySync).append('\n');
    System.out.println("[certdb] fault-injection figures\n" + sb);
    Path out = Path.of("target", "certdb-fault-figures.md");
    if (Files.isDirectory(out.getParent())) {
      Files.writeString(out, sb.toString());
    }
  }

  /**
   * Reads the child's "ACK n" lines until {@code target} acknowledgements (or the end of its
   * output); returns how many were acknowledged (n + 1 of the last line), starting from {@code
   * acks}.
   */
  private static int readAcks(BufferedReader out, int acks, int target) throws IOException {
    String line;
    while (acks < target && (line = out.readLine()) != null) {
      if (line.startsWith("ACK ")) {
        acks = Integer.parseInt(line.substring(4)) + 1;
      }
    }
    return acks;
  }

  /** Busy-waits a random 0 to {@code maxNanos} ns, to land the kill inside the next write. */
  private static void spinUpTo(SplittableRandom rnd, int maxNanos) {
    long spin = System.nanoTime() + rnd.nextInt(maxNanos);
    while (System.nanoTime() < spin) {
      Thread.onSpinWait();
    }
  }
}
