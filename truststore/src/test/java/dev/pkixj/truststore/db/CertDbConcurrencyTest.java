package dev.pkixj.truststore.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertDbConcurrencyTest {
  @TempDir Path dir;

  @Test
  void readersNeverSeeATornViewWhileOneThreadWrites() throws Exception {
    Path f = dir.resolve("certdb");
    int commits = 300;
    try (CertDb db = CertDb.open(f)) {
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong views = new AtomicLong();
      ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        Thread r = new Thread(() -> {
          long lastSeq = -1;
          while (!done.get() && failures.isEmpty()) {
            Snapshot s = db.snapshot();
            long seq = s.metadata().commitSeq();
            if (seq < lastSeq && s.metadata().generation() == 1) {
              failures.add("commit sequence went back: " + lastSeq + " -> " + seq);
            }
            lastSeq = seq;
            // Each commit adds a pair of entries in one putAll: a view is torn if odd.
            if (s.entries().size() % 2 != 0) {
              failures.add("odd entry count " + s.entries().size());
            }
            for (TrustEntry e : s.entries()) {
              if (s.entry(CertDb.fingerprint(e.der())).orElse(null) != e) {
                failures.add("list and index disagree");
              }
            }
            views.incrementAndGet();
          }
        });
        r.start();
        readers.add(r);
      }
      for (int i = 0; i < commits; i++) {
        db.putAll(List.of(Fixtures.entry("a" + i, Trust.ANCHOR),
            Fixtures.entry("b" + i, Trust.DISTRUSTED)));
      }
      done.set(true);
      for (Thread r : readers) {
        r.join();
      }
      assertTrue(failures.isEmpty(), failures.toString());
      assertEquals(2 * commits, db.snapshot().entries().size());
      System.out.println("[certdb] concurrent readers: " + views.get() + " snapshot views checked"
          + " during " + commits + " commits, 0 torn");
    }
  }

  @Test
  void twoInstancesOnOneFileSeeEachOtherAcrossCompactions() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb a = CertDb.open(f); CertDb b = CertDb.open(f)) {
      a.put(Fixtures.entry("from-a", Trust.ANCHOR));
      assertTrue(b.refresh());
      assertEquals(1, b.snapshot().entries().size());
      b.compact(); // replaces the file (new inode)
      a.putOverride(Fixtures.override("from-a")); // must catch up with the new file first
      b.put(Fixtures.entry("from-b", Trust.DISTRUSTED));
      a.reload();
      assertEquals(Fixtures.model(a.snapshot()), Fixtures.model(b.snapshot()));
      assertEquals(2, a.snapshot().entries().size());
      assertTrue(a.check().ok());
    }
    try (CertDb c = CertDb.open(f)) {
      Map<String, String> m = Fixtures.model(c.snapshot());
      assertEquals(3, m.size(), m.toString());
      assertTrue(c.events().isEmpty());
    }
  }
}
