package dev.pkixj.verifier.ct;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The known CT logs in force for a verification, with the list's timestamp and expiry (Firefox's
 * CTKnownLogs.h and kCTExpirationTime). Immutable and shared by all threads.
 */
public final class CtLogList {
  private final List<CtLog> logs;
  private final CtLog[] byIdTable; // open addressing on the id's first 4 bytes; ≤ a few hundred logs
  private final int mask;
  private final Instant timestamp;
  private final Instant expiry;
  private final String source;

  /**
   * @param logs the admissible and retired logs (no two with the same log id)
   * @param timestamp when the list was published
   * @param expiry after this verification time CT is not enforced (the list is too old)
   * @param source where the list came from, for messages ("embedded", a file name, a URL)
   * @throws IllegalArgumentException on a duplicate log id
   */
  public CtLogList(List<CtLog> logs, Instant timestamp, Instant expiry, String source) {
    this.logs = List.copyOf(logs);
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.expiry = Objects.requireNonNull(expiry, "expiry");
    this.source = Objects.requireNonNull(source, "source");
    int size = Integer.highestOneBit(Math.max(4, this.logs.size() * 4) - 1) << 1;
    this.byIdTable = new CtLog[size];
    this.mask = size - 1;
    for (CtLog log : this.logs) {
      byte[] id = log.logIdRef();
      int i = slot(id, 0);
      while (byIdTable[i] != null) {
        if (Arrays.equals(byIdTable[i].logIdRef(), id)) {
          throw new IllegalArgumentException("two logs with the id of " + log.name());
        }
        i = (i + 1) & mask;
      }
      byIdTable[i] = log;
    }
  }

  private int slot(byte[] id, int off) {
    int h = ((id[off] & 0xff) << 24) | ((id[off + 1] & 0xff) << 16) | ((id[off + 2] & 0xff) << 8)
        | (id[off + 3] & 0xff);
    return (h ^ (h >>> 16)) & mask;
  }

  /**
   * The log whose id is the 32 bytes at {@code id[off..off+32)}, or null. Allocates nothing.
   */
  public CtLog byId(byte[] id, int off) {
    if (id == null || off < 0 || off > id.length - 32) {
      return null;
    }
    int i = slot(id, off);
    CtLog log;
    while ((log = byIdTable[i]) != null) {
      if (Arrays.equals(log.logIdRef(), 0, 32, id, off, off + 32)) {
        return log;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** The log whose id is {@code id} (32 bytes), or null. */
  public CtLog byId(byte[] id) {
    return id == null || id.length != 32 ? null : byId(id, 0);
  }

  public List<CtLog> logs() {
    return logs;
  }

  public Instant timestamp() {
    return timestamp;
  }

  public Instant expiry() {
    return expiry;
  }

  /** True if CT is no longer enforced at {@code epochSeconds} (after the expiry). */
  public boolean isExpiredAt(long epochSeconds) {
    return epochSeconds > expiry.getEpochSecond();
  }

  public String source() {
    return source;
  }

  /** The distinct operator names, in operator-id order of first appearance. */
  public List<String> operators() {
    List<String> out = new ArrayList<>();
    for (CtLog l : logs) {
      if (!out.contains(l.operator())) {
        out.add(l.operator());
      }
    }
    return out;
  }
}
