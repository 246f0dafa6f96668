package dev.pkixj.truststore.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Recovery reporting for one {@link CertDb}: the events it reports (kept in memory, corruption
 * also appended to the event log beside the file, docs/certdb-format.md §9), the messages that
 * say what was found, kept and lost, and the naming and keeping of a damaged file as {@code
 * <name>.corrupt-<UTC time>} (docs/certdb-format.md §5). What {@link Recovery} decided is only
 * described here, never changed.
 */
final class RecoveryReport {
  private static final DateTimeFormatter QUARANTINE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int MESSAGE_LIST_LIMIT = 20;

  private final Path path;
  private final Clock clock;
  private final CopyOnWriteArrayList<CertDbEvent> events = new CopyOnWriteArrayList<>();

  RecoveryReport(Path path, Clock clock) {
    this.path = path;
    this.clock = clock;
  }

  // ---- events

  /**
   * Records an event, unless it repeats the previous one; a corruption is also appended to the
   * event log when {@code log} (best effort).
   */
  void event(EventCode code, Path quarantined, int kept, List<LostRecord> lost, String message,
      boolean log) {
    CertDbEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
    if (last != null && last.code() == code && last.message().equals(message)) {
      return; // the same finding again (e.g. a read-only reload of the same torn tail)
    }
    CertDbEvent e = new CertDbEvent(code, clock.instant(), path, quarantined, kept, lost,
        message);
    events.add(e);
    if (e.isCorruption() && log) {
      EventLog.append(path, e); // best effort: the event stands in memory either way
    }
  }

  /** Every event of this session, oldest first. */
  List<CertDbEvent> events() {
    return List.copyOf(events);
  }

  /** The newest corruption event of this session. */
  Optional<CertDbEvent> lastCorruption() {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).isCorruption()) {
        return Optional.of(events.get(i));
      }
    }
    return Optional.empty();
  }

  /** The message of the newest event with this code. */
  Optional<String> lastMessage(EventCode code) {
    return events.stream().filter(e -> e.code() == code)
        .map(CertDbEvent::message).reduce((a, b) -> b);
  }

  void removeIf(Predicate<CertDbEvent> filter) {
    events.removeIf(filter);
  }

  // ---- quarantine

  /** A free name {@code <name>.corrupt-<UTC time>[-n]} beside the database. */
  Path quarantineTarget(Instant now) {
    String base = path.getFileName() + ".corrupt-" + QUARANTINE_TIME.format(now);
    Path q = path.resolveSibling(base);
    for (int n = 2; Files.exists(q, LinkOption.NOFOLLOW_LINKS); n++) {
      q = path.resolveSibling(base + "-" + n);
    }
    return q;
  }

  /** Keeps the damaged file under {@code q}: a hard link when possible, else a synced copy. */
  void quarantine(Path q) throws IOException {
    try {
      Files.createLink(q, path);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(path, q, StandardCopyOption.COPY_ATTRIBUTES);
      try (FileChannel c = FileChannel.open(q, StandardOpenOption.WRITE)) {
        c.force(true);
      }
    }
  }

  /** Moves the unreadable file aside as {@code q} (atomic rename). */
  void moveAside(Path q) throws IOException {
    Files.move(path, q, StandardCopyOption.ATOMIC_MOVE);
  }

  // ---- messages

  /**
   * What a torn or adopted tail was: {@code dropped} bytes cut off (or ignored when not {@code
   * repair}) and the complete records adopted.
   */
  String tailMessage(Recovery.Outcome o, long dropped, boolean repair) {
    StringBuilder m = new StringBuilder("certdb ").append(path).append(": ");
    if (dropped > 0) {
      m.append(repair ? "cut off " : "ignored ").append(dropped)
          .append(" bytes of an incomplete write at the end (a crash during a write that had"
              + " not returned; no acknowledged data is affected)");
      for (LostRecord l : o.tailDropped) {
        if (l.type() != null) {
          m.append("; the incomplete write was ").append(l.describe());
        }
      }
    }
    if (o.adopted > 0) {
      m.append(dropped > 0 ? "; " : "").append("adopted ").append(o.adopted)
          .append(" complete record(s) written after the last commit point");
    }
    m.append(". Kept ").append(o.kept).append(" record(s).");
    return m.toString();
  }

  /** A file that could not be read at all was moved aside as {@code q} and started again. */
  String unreadableMessage(Path q, String reason) {
    return "certdb " + path
        + ": the file could not be read (" + reason + "); it was moved aside as " + q
        + " (never deleted) and an empty database was created. Kept 0 records; lost: unknown."
        + " WARNING: any certificate you had distrusted in it is no longer distrusted;"
        + " review your trust settings.";
  }

  String corruptionMessage(Recovery.Outcome o, Path quarantined, boolean repaired,
      boolean readOnly) {
    StringBuilder m = new StringBuilder("certdb ").append(path).append(": ");
    m.append(o.kind == Recovery.Kind.UNREADABLE
        ? "the file is not a readable certificate database" : "corruption detected");
    m.append(" (").append(String.join("; ", o.problems.subList(0,
        Math.min(o.problems.size(), 5))));
    if (o.problems.size() > 5) {
      m.append("; and ").append(o.problems.size() - 5).append(" more");
    }
    m.append("). ");
    if (repaired) {
      m.append("The damaged file was moved aside as ").append(quarantined)
          .append(" (never deleted) and a regenerated database was written from the records"
              + " that check out. ");
    } else if (readOnly) {
      m.append("Opened read-only: the file was left as it is and the records that check out"
          + " are used in memory (a command that writes, e.g. pkixj db repair, salvages it). ");
    } else {
      m.append("The database is read-only, so the file was left as it is and the records that"
          + " check out are used in memory. ");
    }
    m.append("Kept ").append(o.kept).append(" record(s); lost ").append(o.lost.size())
        .append(" record(s)");
    if (!o.lost.isEmpty()) {
      m.append(": ");
      for (int i = 0; i < Math.min(o.lost.size(), MESSAGE_LIST_LIMIT); i++) {
        m.append(i == 0 ? "" : "; ").append(o.lost.get(i).describe());
      }
      if (o.lost.size() > MESSAGE_LIST_LIMIT) {
        m.append("; and ").append(o.lost.size() - MESSAGE_LIST_LIMIT).append(" more");
      }
    }
    m.append('.');
    long unknown = o.lost.stream().filter(l -> l.type() == null).count();
    if (!o.newSuspects.isEmpty() || !o.droppedOverrides.isEmpty() || unknown > 0
        || o.lost.stream().anyMatch(LostRecord::mayHaveBeenDistrust)) {
      m.append(" WARNING: a lost record may have been a distrust or the removal of trust.");
      if (!o.newSuspects.isEmpty()) {
        m.append(" ").append(o.newSuspects.size()).append(" certificate(s) are now treated as"
            + " distrusted until you put or remove them again:");
        for (int i = 0; i < Math.min(o.newSuspects.size(), MESSAGE_LIST_LIMIT); i++) {
          m.append(" sha256=").append(o.newSuspects.get(i));
        }
        m.append('.');
      }
      if (!o.droppedOverrides.isEmpty()) {
        m.append(" ").append(o.droppedOverrides.size()).append(" exception(s) were dropped:");
        for (State.OverrideKey k : o.droppedOverrides) {
          m.append(' ').append(k.host()).append(':').append(k.port());
        }
        m.append('.');
      }
      if (o.unidentified) {
        m.append(" Some lost record(s) could not be identified for sure (").append(unknown)
            .append(" unidentified), so every certificate whose trust was set before the damage"
                + " is treated as distrusted and every exception set before it was dropped; a"
                + " distrust of a certificate the database held no other record of cannot be"
                + " restored: if you had distrusted certificates, distrust them again.");
      }
    }
    return m.toString();
  }
}
