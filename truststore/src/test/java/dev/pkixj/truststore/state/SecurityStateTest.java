package dev.pkixj.truststore.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityStateTest {
  @TempDir
  Path tmp;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void defaultDirIsBesideTheCertificateDatabaseUnderUserHome() {
    assertEquals(Path.of(System.getProperty("user.home"), ".pkixj", "security-state")
        .toAbsolutePath(), SecurityState.defaultDir());
  }

  @Test
  void writesReadsReplacesAndDeletes() throws IOException {
    SecurityState s = SecurityState.at(tmp.resolve("state"));
    assertTrue(s.read("ct-log-list.json", 100).isEmpty());
    s.write("ct-log-list.json", utf8("one"));
    assertArrayEquals(utf8("one"), s.read("ct-log-list.json", 100).orElseThrow());
    s.write("ct-log-list.json", utf8("two"));
    assertArrayEquals(utf8("two"), s.read("ct-log-list.json", 100).orElseThrow());
    assertEquals(List.of("ct-log-list.json"), files(s.dir()));
    assertTrue(s.delete("ct-log-list.json"));
    assertFalse(s.delete("ct-log-list.json"));
    assertTrue(s.read("ct-log-list.json", 100).isEmpty());
  }

  @Test
  void aFailedWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
    SecurityState s = SecurityState.at(tmp);
    s.write("crlite.filter", utf8("old content"));
    IOException e = assertThrows(IOException.class, () -> s.write("crlite.filter", out -> {
      out.write(utf8("half of the new con"));
      throw new IOException("disk full");
    }, null, 0));
    assertEquals("disk full", e.getMessage());
    assertArrayEquals(utf8("old content"), s.read("crlite.filter", 100).orElseThrow());
    assertEquals(List.of("crlite.filter"), files(tmp));
    // A runtime failure of the content writer too.
    assertThrows(IllegalStateException.class, () -> s.write("crlite.filter", out -> {
      out.write(new byte[100_000]);
      throw new IllegalStateException("bug");
    }, null, 0));
    assertArrayEquals(utf8("old content"), s.read("crlite.filter", 100).orElseThrow());
    assertEquals(List.of("crlite.filter"), files(tmp));
  }

  @Test
  void refusesToReplaceAFileItDoesNotRecognise() throws IOException {
    SecurityState s = SecurityState.at(tmp);
    Files.write(tmp.resolve("onecrl.json"), utf8("somebody else's notes"));
    IOException e = assertThrows(IOException.class, () -> s.write("onecrl.json",
        out -> out.write(utf8("{}")), b -> b.length > 0 && b[0] == '{', 1000));
    assertTrue(e.getMessage().endsWith("onecrl.json: exists and is not a file pkixj wrote"
        + " there; not replaced"), e.getMessage());
    assertArrayEquals(utf8("somebody else's notes"), Files.readAllBytes(tmp.resolve("onecrl.json")));
    // recognised: replaced
    Files.write(tmp.resolve("onecrl.json"), utf8("{\"old\": 1}"));
    s.write("onecrl.json", out -> out.write(utf8("{}")), b -> b.length > 0 && b[0] == '{', 1000);
    assertArrayEquals(utf8("{}"), Files.readAllBytes(tmp.resolve("onecrl.json")));
    // a directory in the way is never replaced
    Files.createDirectory(tmp.resolve("dir"));
    assertTrue(assertThrows(IOException.class, () -> s.write("dir", utf8("x"))).getMessage()
        .endsWith("not a regular file; not replaced"));
    assertTrue(Files.isDirectory(tmp.resolve("dir")));
  }

  @Test
  void readsAreBounded() throws IOException {
    SecurityState s = SecurityState.at(tmp);
    s.write("big", new byte[11]);
    assertEquals(11, s.read("big", 11).orElseThrow().length);
    IOException e = assertThrows(IOException.class, () -> s.read("big", 10));
    assertTrue(e.getMessage().endsWith("big: larger than 10 bytes"), e.getMessage());
    Files.createDirectory(tmp.resolve("adir"));
    assertTrue(assertThrows(IOException.class, () -> s.read("adir", 10)).getMessage()
        .endsWith("adir: not a regular file"));
  }

  @Test
  void namesCannotEscapeTheDirectory() {
    SecurityState s = SecurityState.at(tmp);
    for (String bad : new String[] {"", "../x", "a/b", ".hidden", "UPPER", "x.tmp-1", "a".repeat(65)}) {
      assertThrows(IllegalArgumentException.class, () -> s.path(bad), bad);
    }
  }

  @Test
  void staleTemporaryFilesFromACrashAreRemovedFreshOnesKept() throws IOException {
    SecurityState s = SecurityState.at(tmp);
    Path stale = tmp.resolve("ct-log-list.json.tmp-1-abc");
    Path fresh = tmp.resolve("ct-log-list.json.tmp-2-def");
    Files.write(stale, utf8("torn"));
    Files.write(fresh, utf8("another writer"));
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(7200)));
    s.write("ct-log-list.json", utf8("new"));
    assertEquals(List.of("ct-log-list.json", "ct-log-list.json.tmp-2-def"), files(tmp));
  }
}
