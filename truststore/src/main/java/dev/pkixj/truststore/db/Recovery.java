package dev.pkixj.truststore.db;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what a scanned file is (clean, torn tail, corrupt, unreadable, newer format) and builds
 * the content to use: docs/certdb-format.md §5 is the normative description of this algorithm.
 */
final class Recovery {
  private Recovery() {}

  enum Kind { CLEAN, TAIL, CORRUPT, UNREADABLE, NEWER }

  static final class Outcome {
    Kind kind;
    final List<String> problems = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** Synced records that could not be kept (CORRUPT, UNREADABLE). */
    final List<LostRecord> lost = new ArrayList<>();
    /** The incomplete write cut off (TAIL). */
    final List<LostRecord> tailDropped = new ArrayList<>();
    long truncateAt = -1;
    int adopted;
    int kept;
    State state;
    final List<ByteKey> newSuspects = new ArrayList<>();
    final List<State.OverrideKey> droppedOverrides = new ArrayList<>();
    Format.Slot slot;
    int liveRecords;
    /** A lost record could not be identified for sure (the broad fail-safe was applied). */
    boolean unidentified;
  }

  static Outcome classify(Scanner.Scan s, int maxIntermediates, String suspectReason) {
    Outcome o = new Outcome();
    o.slot = s.best;
    List<Rec> keep = new ArrayList<>();
    if (s.best == null) {
      if (s.newer != null) {
        o.kind = Kind.NEWER;
        o.problems.add("format version " + s.newer.version() + " is newer than this version ("
            + Format.VERSION + ") can read");
        o.state = new State(maxIntermediates);
        return o;
      }
      for (String p : s.slotProblem) {
        if (p != null) {
          o.problems.add(p);
        }
      }
      o.problems.add("no valid header: the number of committed records is unknown, so records"
          + " cut off the end of the file could not be counted");
      for (Scanner.Item it : s.items) {
        if (it.rec() != null) {
          keep.add(it.rec());
        } else {
          o.lost.add(it.lost());
        }
      }
      o.kind = keep.isEmpty() ? Kind.UNREADABLE : Kind.CORRUPT;
      return finish(o, keep, maxIntermediates, suspectReason);
    }

    Format.Slot best = s.best;
    long commitEnd = best.committedLength();
    if (s.paddingDirty) {
      o.problems.add("non-zero bytes in the header padding (bit rot in the header area)");
    }
    if (s.other != null) {
      Format.Slot x = s.other;
      if (x.generation() != best.generation() || x.seq() >= best.seq()
          || x.committedLength() > commitEnd || x.recordCount() > best.recordCount()) {
        o.problems.add("the two header slots disagree (slot " + x.index() + ": generation "
            + x.generation() + ", sequence " + x.seq() + "; slot " + best.index()
            + ": generation " + best.generation() + ", sequence " + best.seq() + ")");
      }
    }
    if (s.fileLength < commitEnd) {
      o.problems.add("the file is " + s.fileLength + " bytes but the header commits "
          + commitEnd + ": " + (commitEnd - s.fileLength) + " bytes of synced records are missing");
    }
    int validCommitted = 0;
    int lostCommitted = 0;
    List<Scanner.Item> tail = new ArrayList<>();
    for (Scanner.Item it : s.items) {
      if (it.offset() >= commitEnd) {
        tail.add(it);
        continue;
      }
      if (it.end() > commitEnd) {
        o.problems.add("a record at offset " + it.offset() + " runs past the commit point "
            + commitEnd);
      }
      if (it.rec() != null) {
        validCommitted++;
        keep.add(it.rec());
      } else {
        lostCommitted++;
        o.lost.add(it.lost());
        o.problems.add("damaged synced data: " + it.lost().describe());
      }
    }
    int missing = best.recordCount() - validCommitted - lostCommitted;
    boolean truncated = s.fileLength < commitEnd;
    if (missing != 0 && lostCommitted == 0 && !truncated) {
      o.problems.add("the header commits " + best.recordCount() + " records but "
          + validCommitted + " were found");
    }
    for (int m = 0; m < missing; m++) {
      o.lost.add(new LostRecord(null, null, null, 0, -1, 0, false, truncated
          ? "missing: cut off with the end of the file"
          : "missing: inside a damaged region"));
    }
    // Past the commit point: complete valid records first (adopted), then at most a torn write.
    int i = 0;
    while (i < tail.size() && tail.get(i).rec() != null) {
      keep.add(tail.get(i).rec());
      o.adopted++;
      i++;
    }
    long adoptedEnd = o.adopted > 0 ? tail.get(o.adopted - 1).end() : commitEnd;
    boolean validAfterDamage = false;
    for (int j = i; j < tail.size(); j++) {
      if (tail.get(j).rec() != null) {
        validAfterDamage = true;
      }
    }
    int otherIndex = 1 - best.index();
    String otherProblem = s.slotProblem[otherIndex];
    if (otherProblem != null) {
      boolean explainedByCrash = otherIndex == (best.seq() + 1) % 2 && o.adopted > 0;
      if (explainedByCrash) {
        o.notes.add(otherProblem + ": a crash while committing the record(s) past offset "
            + commitEnd + "; they check out and are kept");
      } else {
        o.problems.add(otherProblem);
      }
    }
    if (validAfterDamage) {
      o.problems.add("valid records follow a damaged region past the commit point");
    }
    if (o.problems.isEmpty()) {
      if (tail.isEmpty()) {
        o.kind = Kind.CLEAN;
      } else {
        o.kind = Kind.TAIL;
        o.truncateAt = adoptedEnd;
        for (int j = i; j < tail.size(); j++) {
          o.tailDropped.add(tail.get(j).lost());
        }
        if (o.adopted > 0) {
          o.notes.add(o.adopted + " complete record(s) after the commit point were adopted");
        }
        if (s.fileLength > adoptedEnd) {
          o.notes.add("torn tail: " + (s.fileLength - adoptedEnd)
              + " bytes of an incomplete write after offset " + adoptedEnd);
        }
      }
      return finish(o, keep, maxIntermediates, null);
    }
    for (int j = i; j < tail.size(); j++) {
      Scanner.Item it = tail.get(j);
      if (it.rec() != null) {
        keep.add(it.rec());
      } else {
        o.lost.add(it.lost());
      }
    }
    o.kind = Kind.CORRUPT;
    return finish(o, keep, maxIntermediates, suspectReason);
  }

  /**
   * Applies the kept records, then fails safe for every lost record that nothing later
   * superseded: a certificate key becomes a SUSPECT (treated as distrusted), an exception is
   * dropped. Remembered intermediates are a cache and need nothing.
   */
  private static Outcome finish(Outcome o, List<Rec> keep, int maxIntermediates,
      String suspectReason) {
    State st = new State(maxIntermediates);
    Map<ByteKey, Long> lastCert = new HashMap<>();
    Map<State.OverrideKey, Long> lastOverride = new HashMap<>();
    for (Rec r : keep) {
      st.apply(r);
      if (r.type().isCertTrust()) {
        lastCert.put(new ByteKey(r.key()), r.offset());
      } else if (r.type().isOverride()) {
        lastOverride.put(new State.OverrideKey(Format.overrideHost(r.key()),
            Format.overridePort(r.key())), r.offset());
      }
    }
    o.kept = keep.size();
    st.records = keep.size();
    if (o.slot != null) {
      st.generation = Math.max(st.generation, o.slot.generation());
      st.seq = o.slot.seq();
      st.createdMillis = o.slot.createdMillis();
    }
    if (suspectReason != null) {
      // A lost record that cannot be identified for sure could have been any certificate's
      // distrust or removal, or any exception's removal: everything set before it fails safe.
      long unknownFrom = Long.MAX_VALUE;
      boolean unknown = false;
      for (LostRecord l : o.lost) {
        if (l.type() == null || !l.headerVerified()) {
          unknown = true;
          unknownFrom = Math.min(unknownFrom, l.offset() < 0 ? Long.MAX_VALUE : l.offset());
        }
      }
      if (unknown) {
        o.unidentified = true;
        for (Map.Entry<ByteKey, Long> e : lastCert.entrySet()) {
          ByteKey k = e.getKey();
          dev.pkixj.truststore.TrustEntry cur = st.entries.get(k);
          boolean distrusted = cur != null && cur.trust() == dev.pkixj.truststore.Trust.DISTRUSTED;
          if (e.getValue() < unknownFrom && !distrusted && !st.suspects.containsKey(k)) {
            st.apply(new Rec(RecordType.SUSPECT, RecordType.SUSPECT.code(), k.bytes,
                suspectReason, -1, null));
            o.newSuspects.add(k);
          }
        }
        for (Map.Entry<State.OverrideKey, Long> e : lastOverride.entrySet()) {
          State.OverrideKey k = e.getKey();
          if (e.getValue() < unknownFrom && st.overrides.containsKey(k)) {
            st.apply(new Rec(RecordType.OVERRIDE_TOMBSTONE, RecordType.OVERRIDE_TOMBSTONE.code(),
                Format.overrideKey(k.host(), k.port()), null, -1, null));
            o.droppedOverrides.add(k);
          }
        }
      }
      for (LostRecord l : o.lost) {
        if (l.type() == null || !l.headerVerified()) {
          continue;
        }
        if (l.type().isCertTrust() && l.sha256() != null) {
          ByteKey k = new ByteKey(l.sha256());
          Long last = lastCert.get(k);
          if ((last == null || last < l.offset()) && !st.suspects.containsKey(k)) {
            st.apply(new Rec(RecordType.SUSPECT, RecordType.SUSPECT.code(), l.sha256(),
                suspectReason, -1, null));
            o.newSuspects.add(k);
          }
        } else if (l.type().isOverride() && l.host() != null) {
          State.OverrideKey k = new State.OverrideKey(l.host(), l.port());
          Long last = lastOverride.get(k);
          if ((last == null || last < l.offset()) && st.overrides.containsKey(k)) {
            st.apply(new Rec(RecordType.OVERRIDE_TOMBSTONE, RecordType.OVERRIDE_TOMBSTONE.code(),
                Format.overrideKey(l.host(), l.port()), null, -1, null));
            o.droppedOverrides.add(k);
          }
        }
      }
    }
    o.state = st;
    o.liveRecords = st.live();
    return o;
  }
}
