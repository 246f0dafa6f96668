package dev.pkixj.truststore.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.Trust;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last corruption event survives reopening (pkixj db status reports it). */
class EventLogTest {
  @TempDir Path dir;

  @Test
  void lastCorruptionIsReportedAfterReopen() throws Exception {
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f)) {
      db.put(Fixtures.entry("a", Trust.ANCHOR));
      db.put(Fixtures.entry("b", Trust.DISTRUSTED));
    }
    byte[] img = Files.readAllBytes(f);
    for (int i = img.length - 40; i < img.length - 30; i++) {
      img[i] ^= 0x5a; // damage the last record
    }
    Files.write(f, img);
    CertDbEvent during;
    try (CertDb db = CertDb.open(f)) {
      during = db.lastCorruption().orElseThrow();
      assertTrue(during.isCorruption());
    }
    try (CertDb db = CertDb.open(f)) {
      assertTrue(db.events().stream().noneMatch(CertDbEvent::isCorruption), "clean this time");
      CertDbEvent persisted = db.lastCorruption().orElseThrow();
      assertEquals(during.code(), persisted.code());
      assertEquals(during.kept(), persisted.kept());
      assertEquals(during.lostRecords().size(), persisted.lostRecords().size());
      assertEquals(during.quarantinedFile(), persisted.quarantinedFile());
      assertNotNull(persisted.quarantinedFile());
      assertTrue(Files.exists(persisted.quarantinedFile()), "the damaged file is kept aside");
      assertEquals(during.message(), persisted.message());
      for (int i = 0; i < during.lostRecords().size(); i++) {
        assertEquals(during.lostRecords().get(i).describe(),
            persisted.lostRecords().get(i).describe());
      }
    }
  }

  @Test
  void escapingRoundTripsAndTornLinesAreSkipped() throws Exception {
    Path f = dir.resolve("db2");
    LostRecord lost = new LostRecord(RecordType.OVERRIDE, null, "a\tb\\c\nd", 8443, 17, 99, false,
        "reason with\ttab");
    CertDbEvent e = new CertDbEvent(EventCode.CERTDB_CORRUPT_SALVAGED,
        Instant.parse("2026-11-28T10:00:00Z"), f, dir.resolve("q"), 3, List.of(lost),
        "two\nlines");
    assertTrue(EventLog.append(f, e));
    Files.writeString(EventLog.pathFor(f), "v1\tCERTDB_CORRUPT_SALV", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND); // a torn line, as after a crash
    CertDbEvent back = EventLog.last(f).orElseThrow();
    assertEquals(e.message(), back.message());
    assertEquals(lost.describe(), back.lostRecords().get(0).describe());
    assertEquals(e.detectedAt(), back.detectedAt());
  }
}
