package dev.pkixj.truststore.db;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live content: the result of applying the file's records in order. Mutated only under the
 * writer lock; readers only ever see the immutable {@link Snapshot}s it produces.
 */
final class State {
  record OverrideKey(String host, int port) {}

  record Inter(byte[] der, long ordinal) {}

  final int maxIntermediates;
  final LinkedHashMap<ByteKey, TrustEntry> entries = new LinkedHashMap<>();
  final LinkedHashMap<ByteKey, String> suspects = new LinkedHashMap<>();
  final LinkedHashMap<OverrideKey, CertOverride> overrides = new LinkedHashMap<>();
  final LinkedHashMap<ByteKey, Inter> intermediates = new LinkedHashMap<>();
  final List<byte[]> extensions = new ArrayList<>();
  long nextOrdinal;

  // What the file holds (meaningless in memory-only mode).
  int records;
  long generation = 1;
  long seq;
  long committedLength = Format.RECORDS_START;
  long createdMillis;

  // Cached immutable parts of the snapshot, rebuilt only for the namespace that changed.
  private Snapshot.CertPart certPart;
  private Snapshot.OverridePart overridePart;
  private Snapshot.IntermediatePart intermediatePart;

  State(int maxIntermediates) {
    this.maxIntermediates = maxIntermediates;
  }

  void apply(Rec r) {
    ByteKey k = r.type() == RecordType.META || r.type() == RecordType.EXTENSION
        || r.type().isOverride() ? null : new ByteKey(r.key());
    switch (r.type()) {
      case META -> {
        long[] m = (long[]) r.value();
        generation = Math.max(generation, m[0]);
      }
      case CERT -> {
        entries.put(k, (TrustEntry) r.value());
        suspects.remove(k);
        certPart = null;
      }
      case CERT_TOMBSTONE -> {
        entries.remove(k);
        suspects.remove(k);
        certPart = null;
      }
      case SUSPECT -> {
        suspects.put(k, (String) r.value());
        certPart = null;
      }
      case OVERRIDE -> {
        CertOverride o = (CertOverride) r.value();
        overrides.put(new OverrideKey(o.host(), o.port()), o);
        overridePart = null;
      }
      case OVERRIDE_TOMBSTONE -> {
        overrides.remove(new OverrideKey(Format.overrideHost(r.key()),
            Format.overridePort(r.key())));
        overridePart = null;
      }
      case INTERMEDIATE -> {
        intermediates.remove(k);
        intermediates.put(k, new Inter((byte[]) r.value(), nextOrdinal++));
        Iterator<ByteKey> it = intermediates.keySet().iterator();
        while (intermediates.size() > maxIntermediates && it.hasNext()) {
          it.next();
          it.remove();
        }
        intermediatePart = null;
      }
      case INTERMEDIATE_TOMBSTONE -> {
        intermediates.remove(k);
        intermediatePart = null;
      }
      case EXTENSION -> extensions.add(r.framed());
      default -> throw new IllegalStateException("unexpected " + r.type());
    }
  }

  /** Intermediates with an ordinal below this are in the older half: seeing them refreshes them. */
  long freshFrom() {
    return nextOrdinal - Math.max(1, maxIntermediates / 2);
  }

  /** The number of records a compacted file holds: META, extensions and every live item. */
  int live() {
    return 1 + extensions.size() + entries.size() + suspects.size() + overrides.size()
        + intermediates.size();
  }

  /** The framed records of a compacted file for this content, META first. */
  List<byte[]> compactRecords(long newGeneration, long created) {
    List<byte[]> out = new ArrayList<>(live());
    out.add(Format.frame(RecordType.META.code(), new byte[0],
        Format.metaBody(newGeneration, created)));
    for (Map.Entry<ByteKey, TrustEntry> e : entries.entrySet()) {
      out.add(Format.frame(RecordType.CERT.code(), e.getKey().bytes,
          Format.certBody(e.getValue())));
    }
    for (Map.Entry<ByteKey, String> e : suspects.entrySet()) {
      out.add(Format.frame(RecordType.SUSPECT.code(), e.getKey().bytes,
          Format.suspectBody(created, e.getValue())));
    }
    for (CertOverride o : overrides.values()) {
      out.add(Format.frame(RecordType.OVERRIDE.code(), Format.overrideKey(o.host(), o.port()),
          Format.overrideBody(o)));
    }
    for (Map.Entry<ByteKey, Inter> e : intermediates.entrySet()) {
      out.add(Format.frame(RecordType.INTERMEDIATE.code(), e.getKey().bytes,
          e.getValue().der()));
    }
    out.addAll(extensions);
    return out;
  }

  Snapshot snapshot(Mode mode) {
    if (certPart == null) {
      LinkedHashMap<ByteKey, TrustEntry> effective = new LinkedHashMap<>(entries);
      for (ByteKey k : suspects.keySet()) {
        TrustEntry e = effective.get(k);
        if (e != null && e.trust() != Trust.DISTRUSTED) {
          effective.put(k, new TrustEntry(e.der(), Trust.DISTRUSTED, null, e.label(),
              e.source()));
        }
      }
      certPart = new Snapshot.CertPart(effective, new ArrayList<>(suspects.keySet()));
    }
    if (overridePart == null) {
      overridePart = new Snapshot.OverridePart(new LinkedHashMap<>(overrides));
    }
    if (intermediatePart == null) {
      LinkedHashMap<ByteKey, TrustEntry> m = new LinkedHashMap<>();
      java.util.HashMap<ByteKey, Long> ord = new java.util.HashMap<>();
      for (Map.Entry<ByteKey, Inter> e : intermediates.entrySet()) {
        m.put(e.getKey(), new TrustEntry(e.getValue().der(), Trust.INHERIT, null, "",
            Source.SEEN));
        ord.put(e.getKey(), e.getValue().ordinal());
      }
      intermediatePart = new Snapshot.IntermediatePart(m, ord, freshFrom());
    }
    return new Snapshot(certPart, overridePart, intermediatePart,
        new Snapshot.Metadata(Format.VERSION, generation, seq, records, mode, createdMillis));
  }
}
