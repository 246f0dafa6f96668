package dev.pkixj.truststore.db;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of {@link CertDb#check()}: the whole file verified without changing it.
 *
 * @param file the file checked
 * @param ok true when the file is sound (a torn tail left by a crash is not a problem: it is
 *     listed in {@code notes} and repaired on the next read-write open)
 * @param problems what is wrong with synced data (empty when ok)
 * @param notes findings that are not corruption (torn tail, uncommitted complete records)
 * @param wouldLose the records a salvage would lose
 * @param formatVersion the format version in the header (0 when no header could be read)
 * @param generation the generation in the header (0 when no header could be read)
 * @param fileSize the file's size in bytes
 * @param committedLength the length the newest valid header commits (-1 when none)
 * @param records the number of valid records found
 * @param liveRecords how many of them are still live (the rest is garbage for compaction)
 */
public record Check(Path file, boolean ok, List<String> problems, List<String> notes,
    List<LostRecord> wouldLose, int formatVersion, long generation, long fileSize,
    long committedLength, int records, int liveRecords) {
  public Check {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
    wouldLose = List.copyOf(wouldLose);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(file).append(": ").append(ok ? "OK" : "CORRUPT")
        .append(" (format ").append(formatVersion).append(", generation ").append(generation)
        .append(", ").append(records).append(" records, ").append(liveRecords).append(" live, ")
        .append(fileSize).append(" bytes)");
    for (String p : problems) {
      sb.append("\n  problem: ").append(p);
    }
    for (LostRecord l : wouldLose) {
      sb.append("\n  would lose: ").append(l.describe());
    }
    for (String n : notes) {
      sb.append("\n  note: ").append(n);
    }
    return sb.toString();
  }
}
