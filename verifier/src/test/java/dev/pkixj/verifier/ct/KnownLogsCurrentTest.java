package dev.pkixj.verifier.ct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownLogsCurrentTest {
  @TempDir
  Path dir;

  static byte[] listAt(String timestamp) {
    String log = ChromeLogListTest.log("Test 'Log'", ChromeLogListTest.KEY_A,
        ChromeLogListTest.id(ChromeLogListTest.KEY_A),
        ChromeLogListTest.state("usable", "2025-01-01T00:00:00Z"));
    return ("{\"version\": \"9\", \"log_list_timestamp\": \"" + timestamp + "\", \"operators\":"
        + " [{\"name\": \"Op\", \"email\": [], \"logs\": [" + log + "]}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void nothingStoredMeansTheEmbeddedList() {
    KnownLogs.Loaded l = KnownLogs.current(dir.resolve("absent"));
    assertSame(KnownLogs.embedded(), l.list());
    assertTrue(l.warning().isEmpty());
  }

  @Test
  void aNewerStoredListWinsAnOlderOneDoesNot() throws Exception {
    CtLogList stored = KnownLogs.store(dir, listAt("2030-01-01T00:00:00Z"), "new.json");
    assertEquals("new.json", stored.source());
    KnownLogs.Loaded l = KnownLogs.current(dir);
    assertEquals(dir.resolve(KnownLogs.STATE_NAME).toAbsolutePath().toString(), l.list().source());
    assertEquals(Instant.parse("2030-01-01T00:00:00Z"), l.list().timestamp());
    assertEquals(1, l.list().logs().size());
    assertTrue(l.warning().isEmpty());

    KnownLogs.store(dir, listAt("2020-01-01T00:00:00Z"), "old.json");
    l = KnownLogs.current(dir);
    assertSame(KnownLogs.embedded(), l.list());
    assertTrue(l.warning().isEmpty());
  }

  @Test
  void aStoredListThatNoLongerLoadsGivesAWarningAndTheEmbeddedList() throws Exception {
    Path file = dir.resolve(KnownLogs.STATE_NAME);
    Files.writeString(file, "{\"log_list_timestamp\": \"2030-01-01T00:00:00Z\", \"operators\": [");
    KnownLogs.Loaded l = KnownLogs.current(dir);
    assertSame(KnownLogs.embedded(), l.list());
    String w = l.warning().orElseThrow();
    assertTrue(w.startsWith("the stored CT log list does not load (" + file), w);
    assertTrue(w.endsWith("; using the embedded list"), w);
    assertTrue(!w.contains("Exception"), w);
    // ct update can replace it: it is a (damaged) log list
    KnownLogs.store(dir, listAt("2030-01-01T00:00:00Z"), "fixed.json");
    assertTrue(KnownLogs.current(dir).warning().isEmpty());
  }

  @Test
  void aStoredDirectoryInTheWayGivesAWarning() throws Exception {
    Files.createDirectories(dir.resolve(KnownLogs.STATE_NAME));
    KnownLogs.Loaded l = KnownLogs.current(dir);
    assertSame(KnownLogs.embedded(), l.list());
    assertTrue(l.warning().orElseThrow().contains("not a regular file"));
  }

  @Test
  void storeRefusesABadListAndKeepsTheOldOne() throws Exception {
    byte[] good = listAt("2030-01-01T00:00:00Z");
    KnownLogs.store(dir, good, "good.json");
    byte[] bad = new String(listAt("2031-01-01T00:00:00Z"), StandardCharsets.UTF_8)
        .replace(ChromeLogListTest.id(ChromeLogListTest.KEY_A),
            ChromeLogListTest.id(ChromeLogListTest.KEY_B)).getBytes(StandardCharsets.UTF_8);
    LogListException e = assertThrows(LogListException.class,
        () -> KnownLogs.store(dir, bad, "bad.json"));
    assertTrue(e.getMessage().startsWith("bad.json: log \"Test 'Log'\""), e.getMessage());
    assertArrayEquals(good, Files.readAllBytes(dir.resolve(KnownLogs.STATE_NAME)));
  }

  @Test
  void storeNeverReplacesAFileThatIsNotALogList() throws Exception {
    Path file = dir.resolve(KnownLogs.STATE_NAME);
    Files.writeString(file, "my notes");
    IOException e = assertThrows(IOException.class,
        () -> KnownLogs.store(dir, listAt("2030-01-01T00:00:00Z"), "x.json"));
    assertTrue(e.getMessage().contains("not replaced"), e.getMessage());
    assertEquals("my notes", Files.readString(file));
  }
}
