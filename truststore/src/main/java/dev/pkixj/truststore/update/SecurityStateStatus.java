package dev.pkixj.truststore.update;

import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.state.SecurityState;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What is stored of Firefox's security state (docs/security-state.md): for OneCRL, the preloaded
 * intermediates and the CRLite filters, whether each is present, where it came from, its
 * collection timestamp, when it was updated, its age, its entries and its size on disk. A store
 * that cannot be read is reported with its error, never thrown. (The CT log list in force lives
 * in the verifier: {@code KnownLogs.current(stateDir)}.)
 */
public final class SecurityStateStatus {
  private SecurityStateStatus() {}

  /**
   * One collection's stored state.
   *
   * @param collection {@code onecrl}, {@code intermediates} or {@code cert-revocations}
   * @param present whether anything is stored (false also when the store is damaged)
   * @param file the file (OneCRL, intermediates) or directory (CRLite)
   * @param source where the data came from (a changeset URL or a file), empty if absent
   * @param collectionTimestamp the collection's timestamp when known
   * @param updatedMillis when it was last written (epoch ms), 0 if absent
   * @param ageSeconds seconds since then (0 if absent)
   * @param entries OneCRL entries, intermediate certificates, or CRLite filters (full and
   *     deltas)
   * @param bytes bytes on disk
   * @param generation the CRLite generation
   * @param fresh CRLite: whether the filters are fresh (10 days after an update); empty for the
   *     others
   * @param error why the store cannot be read, if so
   */
  public record Collection(String collection, boolean present, Path file, String source,
      OptionalLong collectionTimestamp, long updatedMillis, long ageSeconds, int entries,
      long bytes, OptionalLong generation, Optional<Boolean> fresh, Optional<String> error) {
    public Collection {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(collectionTimestamp, "collectionTimestamp");
      Objects.requireNonNull(generation, "generation");
      Objects.requireNonNull(fresh, "fresh");
      Objects.requireNonNull(error, "error");
    }

    static Collection absent(String collection, Path file, Optional<String> error) {
      return new Collection(collection, false, file, "", OptionalLong.empty(), 0, 0, 0, 0,
          OptionalLong.empty(), Optional.empty(), error);
    }
  }

  /** OneCRL, intermediates, CRLite, in this order, at {@code nowMillis}. */
  public static List<Collection> of(Path stateDir, Path crliteDir, long nowMillis) {
    return List.of(oneCrl(stateDir, nowMillis), intermediates(stateDir, nowMillis),
        crlite(crliteDir, nowMillis));
  }

  private static long age(long now, long updated) {
    return Math.max(0, (now - updated) / 1000);
  }

  /** The stored OneCRL's state. */
  public static Collection oneCrl(Path stateDir, long nowMillis) {
    SecurityState state = SecurityState.at(stateDir);
    Path file = state.path(OneCrlStore.FILE);
    try {
      Optional<OneCrlStore.Loaded> l = OneCrlStore.load(state);
      if (l.isEmpty()) {
        return Collection.absent(SecurityStateUpdater.ONECRL, file, Optional.empty());
      }
      OneCrlStore.Loaded o = l.get();
      return new Collection(SecurityStateUpdater.ONECRL, true, file, o.source(),
          o.collectionTimestamp(), o.updatedMillis(), age(nowMillis, o.updatedMillis()),
          o.oneCrl().size(), o.bytes(), OptionalLong.empty(), Optional.empty(),
          Optional.empty());
    } catch (OneCrlStore.StoreException e) {
      return Collection.absent(SecurityStateUpdater.ONECRL, file, Optional.of(e.getMessage()));
    }
  }

  /** The stored preloaded intermediates' state. */
  public static Collection intermediates(Path stateDir, long nowMillis) {
    Path file = IntermediatesStore.file(stateDir);
    try {
      Optional<IntermediatesStore.Loaded> l = IntermediatesStore.load(stateDir);
      if (l.isEmpty()) {
        return Collection.absent(SecurityStateUpdater.INTERMEDIATES, file, Optional.empty());
      }
      IntermediatesStore.Loaded o = l.get();
      return new Collection(SecurityStateUpdater.INTERMEDIATES, true, file, o.source(),
          o.collectionTimestamp() == 0 ? OptionalLong.empty()
              : OptionalLong.of(o.collectionTimestamp()), o.updatedMillis(),
          age(nowMillis, o.updatedMillis()), o.intermediates().size(), o.bytes(),
          OptionalLong.empty(), Optional.empty(), Optional.empty());
    } catch (IntermediatesStore.StoreException e) {
      return Collection.absent(SecurityStateUpdater.INTERMEDIATES, file,
          Optional.of(e.getMessage()));
    }
  }

  /** The CRLite filters in force. */
  public static Collection crlite(Path crliteDir, long nowMillis) {
    try {
      Optional<CrliteStore.Loaded> l = CrliteStore.load(crliteDir);
      if (l.isEmpty()) {
        return Collection.absent(SecurityStateUpdater.CRLITE, crliteDir, Optional.empty());
      }
      CrliteStore.Loaded o = l.get();
      CrliteStore.Meta m = o.meta();
      return new Collection(SecurityStateUpdater.CRLITE, true, o.directory(), m.source(),
          OptionalLong.of(m.collectionTimestamp()), m.updateEpochMillis(),
          age(nowMillis, m.updateEpochMillis()), 1 + m.deltas().size(), o.bytesOnDisk(),
          OptionalLong.of(o.generation()), Optional.of(o.filters().isFresh(nowMillis)),
          Optional.empty());
    } catch (CrliteStore.StoreException e) {
      return Collection.absent(SecurityStateUpdater.CRLITE, crliteDir,
          Optional.of(e.getMessage()));
    }
  }
}
