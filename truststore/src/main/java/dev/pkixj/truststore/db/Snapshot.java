package dev.pkixj.truststore.db;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.TrustEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of the database at one commit. Any number of threads may read it without
 * locks; it never changes (a later write publishes a new snapshot). No method does file I/O.
 *
 * <p>Certificates whose latest record was lost in a salvaged corruption ("suspects") appear in
 * {@link #entries()} as {@link dev.pkixj.truststore.Trust#DISTRUSTED} (the most restrictive
 * state, whatever the lost record said), and are listed by {@link #suspects()} even when no
 * entry survived: a trust domain must treat every certificate whose SHA-256 is a suspect as
 * distrusted. Putting or removing the certificate again clears the suspicion.
 *
 * <p>The DER arrays are shared, not copied: treat them as immutable.
 */
public final class Snapshot {
  /** What the file says about itself at this commit. */
  public record Metadata(int formatVersion, long generation, long commitSeq, int recordCount,
      Mode mode, long createdMillis) {
    /** When this generation of the file was written. */
    public Instant created() {
      return Instant.ofEpochMilli(createdMillis);
    }
  }

  static final class CertPart {
    final Map<ByteKey, TrustEntry> byKey;
    final List<TrustEntry> list;
    final List<ByteKey> suspects;
    final java.util.Set<ByteKey> suspectSet;

    CertPart(Map<ByteKey, TrustEntry> byKey, List<ByteKey> suspects) {
      this.byKey = byKey;
      this.list = Collections.unmodifiableList(new ArrayList<>(byKey.values()));
      this.suspects = List.copyOf(suspects);
      this.suspectSet = java.util.Set.copyOf(suspects);
    }
  }

  static final class OverridePart {
    final Map<State.OverrideKey, CertOverride> byKey;
    final List<CertOverride> list;

    OverridePart(Map<State.OverrideKey, CertOverride> byKey) {
      this.byKey = byKey;
      this.list = Collections.unmodifiableList(new ArrayList<>(byKey.values()));
    }
  }

  static final class IntermediatePart {
    final Map<ByteKey, TrustEntry> byKey;
    final List<TrustEntry> list;
    final Map<ByteKey, Long> ordinals;
    final long freshFrom;

    IntermediatePart(Map<ByteKey, TrustEntry> byKey, Map<ByteKey, Long> ordinals,
        long freshFrom) {
      this.byKey = byKey;
      this.list = Collections.unmodifiableList(new ArrayList<>(byKey.values()));
      this.ordinals = ordinals;
      this.freshFrom = freshFrom;
    }
  }

  private final CertPart certs;
  private final OverridePart overrides;
  private final IntermediatePart intermediates;
  private final Metadata metadata;

  Snapshot(CertPart certs, OverridePart overrides, IntermediatePart intermediates,
      Metadata metadata) {
    this.certs = certs;
    this.overrides = overrides;
    this.intermediates = intermediates;
    this.metadata = metadata;
  }

  /** The user's certificates with their (effective) trust, in insertion order. */
  public List<TrustEntry> entries() {
    return certs.list;
  }

  /** The entry for a certificate SHA-256. */
  public Optional<TrustEntry> entry(byte[] sha256) {
    return Optional.ofNullable(certs.byKey.get(new ByteKey(sha256)));
  }

  /** The SHA-256 fingerprints whose state was lost in a corruption: treat them as distrusted. */
  public List<byte[]> suspects() {
    return certs.suspects.stream().map(k -> k.bytes.clone()).toList();
  }

  /** True when this SHA-256 is a suspect (see the class comment): treat it as distrusted. */
  public boolean isSuspect(byte[] sha256) {
    return certs.suspectSet.contains(new ByteKey(sha256));
  }

  /** The certificate exceptions, in insertion order. */
  public List<CertOverride> overrides() {
    return overrides.list;
  }

  /** The exception for a host (compared in lower case) and port. */
  public Optional<CertOverride> override(String host, int port) {
    return Optional.ofNullable(
        overrides.byKey.get(new State.OverrideKey(host.toLowerCase(Locale.ROOT), port)));
  }

  /** The remembered intermediates (source SEEN, trust INHERIT), oldest first. */
  public List<TrustEntry> intermediates() {
    return intermediates.list;
  }

  /** A remembered intermediate by SHA-256. */
  public Optional<TrustEntry> intermediate(byte[] sha256) {
    return Optional.ofNullable(intermediates.byKey.get(new ByteKey(sha256)));
  }

  /** True when this intermediate is remembered and not in the older half (no refresh needed). */
  boolean freshIntermediate(ByteKey k) {
    Long o = intermediates.ordinals.get(k);
    return o != null && o >= intermediates.freshFrom;
  }

  /** Format version, generation, commit sequence, record count, mode. */
  public Metadata metadata() {
    return metadata;
  }

  @Override
  public String toString() {
    return "Snapshot[" + certs.list.size() + " entries, " + certs.suspects.size() + " suspects, "
        + overrides.list.size() + " overrides, " + intermediates.list.size()
        + " intermediates, generation " + metadata.generation() + ", seq "
        + metadata.commitSeq() + "]";
  }
}
