package dev.pkixj.truststore.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The corruption events of a database, kept across opens in a sidecar file next to it
 * ({@code certdb.events}): one line per event, appended and synced when the event happens, so
 * that {@code pkixj db status} can say what happened last even after the damaged file was set
 * aside and regenerated.
 *
 * <p>Line format (UTF-8, fields separated by TAB, each field escaped: backslash, TAB and newline
 * as {@code \\}, {@code \t}, {@code \n}): {@code v1, code, detected-at (ISO-8601), quarantined
 * file (empty when none), kept, message}, then 8 fields per lost record: {@code type (empty when
 * unknown), sha256 hex, host, port, offset, length, header-verified (0/1), reason}. Unreadable
 * lines (e.g. a torn last line after a crash) are skipped: the log is a report, never a source of
 * trust.
 */
final class EventLog {
  private EventLog() {}

  static Path pathFor(Path db) {
    return db.resolveSibling(db.getFileName() + ".events");
  }

  /** Appends {@code e} and syncs; returns false when the log cannot be written. */
  static boolean append(Path db, CertDbEvent e) {
    List<String> f = new ArrayList<>();
    f.add("v1");
    f.add(e.code().name());
    f.add(e.detectedAt().toString());
    f.add(e.quarantinedFile() == null ? "" : e.quarantinedFile().toString());
    f.add(Integer.toString(e.kept()));
    f.add(e.message());
    for (LostRecord l : e.lostRecords()) {
      f.add(l.type() == null ? "" : l.type().name());
      f.add(l.sha256() == null ? "" : HexFormat.of().formatHex(l.sha256()));
      f.add(l.host() == null ? "" : l.host());
      f.add(Integer.toString(l.port()));
      f.add(Long.toString(l.offset()));
      f.add(Long.toString(l.length()));
      f.add(l.headerVerified() ? "1" : "0");
      f.add(l.reason());
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < f.size(); i++) {
      if (i > 0) {
        line.append('\t');
      }
      escape(f.get(i), line);
    }
    line.append('\n');
    Path log = pathFor(db);
    if (Files.exists(log) && !isOurs(log)) {
      return false; // something else has that name: never append to it
    }
    try (FileChannel c = FileChannel.open(log, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        c.write(b);
      }
      c.force(true);
      return true;
    } catch (IOException | RuntimeException ex) {
      return false;
    }
  }

  /**
   * Whether an existing file is an event log written here: a regular file that is empty (a crash
   * before the first line was synced) or starts with this format's first field.
   */
  static boolean isOurs(Path log) {
    if (!Files.isRegularFile(log)) {
      return false;
    }
    try (FileChannel c = FileChannel.open(log, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(3);
      while (b.hasRemaining() && c.read(b) >= 0) {
        // fill
      }
      return b.position() == 0 || (b.position() == 3
          && new String(b.array(), StandardCharsets.US_ASCII).equals("v1\t"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The newest readable event in the log, if any. */
  static Optional<CertDbEvent> last(Path db) {
    Path log = pathFor(db);
    if (!Files.isRegularFile(log)) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      CertDbEvent e = parse(db, lines.get(i));
      if (e != null) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  static CertDbEvent parse(Path db, String line) {
    try {
      List<String> f = split(line);
      if (f.size() < 6 || !f.get(0).equals("v1") || (f.size() - 6) % 8 != 0) {
        return null;
      }
      EventCode code = EventCode.valueOf(f.get(1));
      Instant at = Instant.parse(f.get(2));
      Path quarantined = f.get(3).isEmpty() ? null : Path.of(f.get(3));
      int kept = Integer.parseInt(f.get(4));
      List<LostRecord> lost = new ArrayList<>();
      for (int i = 6; i < f.size(); i += 8) {
        RecordType type = f.get(i).isEmpty() ? null : RecordType.valueOf(f.get(i));
        byte[] sha = f.get(i + 1).isEmpty() ? null : HexFormat.of().parseHex(f.get(i + 1));
        String host = f.get(i + 2).isEmpty() ? null : f.get(i + 2);
        lost.add(new LostRecord(type, sha, host, Integer.parseInt(f.get(i + 3)),
            Long.parseLong(f.get(i + 4)), Long.parseLong(f.get(i + 5)), f.get(i + 6).equals("1"),
            f.get(i + 7)));
      }
      return new CertDbEvent(code, at, db, quarantined, kept, lost, f.get(5));
    } catch (RuntimeException e) {
      return null; // unreadable line: skipped
    }
  }

  private static void escape(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\': out.append("\\\\"); break;
        case '\t': out.append("\\t"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        default: out.append(c);
      }
    }
  }

  private static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\t') {
        out.add(cur.toString());
        cur.setLength(0);
      } else if (c == '\\') {
        if (++i >= line.length()) {
          throw new IllegalArgumentException("dangling escape");
        }
        char n = line.charAt(i);
        cur.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
