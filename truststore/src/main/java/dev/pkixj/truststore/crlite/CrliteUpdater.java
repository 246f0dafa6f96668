package dev.pkixj.truststore.crlite;

import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.remotesettings.Attachment;
import dev.pkixj.truststore.remotesettings.Changeset;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.remotesettings.RemoteSettingsException;
import dev.pkixj.truststore.remotesettings.RsRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Fetches Mozilla's CRLite filters from Remote Settings ({@code security-state/cert-revocations})
 * and stores them in a {@link CrliteStore}, choosing the records as Firefox's CRLiteFilters
 * (RemoteSecuritySettings.sys.mjs; spec firefox-ct-crlite.md B2 "Distribution"; docs/crlite.md
 * "Filters on disk and updates"): the newest full filter of the channel by {@code
 * effectiveTimestamp}, then the chain of incremental records linked by {@code parent} starting
 * from it, among the incremental records of the channel newer than the full filter; a broken
 * link ends the chain. A new generation is committed only when every attachment arrived whole
 * with its record's size and SHA-256 and parses as a filter; otherwise the filters in force stay.
 */
public final class CrliteUpdater {
  public static final String BUCKET = "security-state";
  public static final String COLLECTION = "cert-revocations";
  /** Firefox's default channel (security.pki.crlite_channel). */
  public static final String DEFAULT_CHANNEL = "default";

  private CrliteUpdater() {}

  /** The records chosen: the full filter and the deltas in the order they apply. */
  public record Selection(RsRecord full, List<RsRecord> deltas) {
    public Selection {
      deltas = List.copyOf(deltas);
    }
  }

  /**
   * The outcome of an update.
   *
   * @param before the generation in force before (empty if none)
   * @param after the generation in force now
   * @param changed whether a new generation was committed (false: the same filters were in force)
   * @param downloaded how many attachments were downloaded (the others were already on disk)
   * @param bytesDownloaded their total size
   */
  public record Result(Optional<CrliteStore.Loaded> before, CrliteStore.Loaded after,
      boolean changed, int downloaded, long bytesDownloaded) {
  }

  /** A record that cannot be used, with its path in the changeset. */
  private static RemoteSettingsException bad(Changeset cs, JsonException e) {
    return new RemoteSettingsException(cs.url() + ": " + e.getMessage());
  }

  /**
   * Firefox's choice among the records (tombstones and other channels left out).
   *
   * @return empty when the channel has no full filter
   * @throws RemoteSettingsException a record of the channel lacks what a filter record has
   *     (attachment, effectiveTimestamp, a boolean incremental, a parent for a delta)
   */
  public static Optional<Selection> select(Changeset cs, String channel)
      throws RemoteSettingsException {
    List<RsRecord> fulls = new ArrayList<>();
    List<RsRecord> incrementals = new ArrayList<>();
    Map<RsRecord, Long> effective = new HashMap<>();
    try {
      for (RsRecord r : cs.records()) {
        if (r.deleted()) {
          continue;
        }
        JsonObject j = r.json();
        if (!channel.equals(j.optString("channel").orElse(null))) {
          continue;
        }
        Object inc = j.get("incremental");
        if (inc != null && !(inc instanceof Boolean)) {
          throw new JsonException(j.pathOf("incremental") + ": expected a boolean");
        }
        if (r.attachment().isEmpty()) {
          throw new JsonException(j.pathOf("attachment") + ": missing");
        }
        effective.put(r, j.longValue("effectiveTimestamp"));
        if (Boolean.TRUE.equals(inc)) {
          j.string("parent");
          incrementals.add(r);
        } else {
          fulls.add(r);
        }
      }
    } catch (JsonException e) {
      throw bad(cs, e);
    }
    if (fulls.isEmpty()) {
      return Optional.empty();
    }
    Comparator<RsRecord> byTime = Comparator.comparingLong(effective::get);
    fulls.sort(byTime); // stable, as Firefox's sort; the last one is the newest
    RsRecord full = fulls.get(fulls.size() - 1);
    long fullTime = effective.get(full);
    List<RsRecord> newer = new ArrayList<>();
    for (RsRecord r : incrementals) {
      if (effective.get(r) > fullTime) {
        newer.add(r);
      }
    }
    newer.sort(byTime);
    Map<String, RsRecord> byParent = new HashMap<>();
    for (RsRecord r : newer) {
      try {
        byParent.putIfAbsent(r.json().string("parent"), r); // the first one seen wins
      } catch (JsonException e) {
        throw bad(cs, e);
      }
    }
    List<RsRecord> chain = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    ids.add(full.id());
    RsRecord next = byParent.get(full.id());
    // A record id seen before (a loop of parents) ends the chain, as does the delta limit.
    while (next != null && ids.add(next.id()) && chain.size() < CrliteStore.MAX_DELTAS) {
      chain.add(next);
      next = byParent.get(next.id());
    }
    return Optional.of(new Selection(full, chain));
  }

  /**
   * Fetches the collection, chooses the filters of {@code channel}, downloads those not already
   * in force and commits a new generation in {@code dir}; nothing changes when the filters chosen
   * are the ones in force.
   *
   * @param clock the time recorded as the update time (epoch ms)
   * @throws RemoteSettingsException the server, a download or the data failed (nothing stored)
   * @throws CrliteStore.StoreException the store cannot be read or written (nothing changed)
   */
  public static Result update(RemoteSettingsClient client, Path dir, String channel,
      LongSupplier clock) throws RemoteSettingsException, CrliteStore.StoreException {
    Optional<CrliteStore.Loaded> before;
    try {
      before = CrliteStore.load(dir);
    } catch (CrliteStore.StoreException e) {
      before = Optional.empty(); // a damaged store is replaced by the update
    }
    Changeset cs = client.changeset(BUCKET, COLLECTION, 0);
    Selection sel = select(cs, channel).orElseThrow(() -> new RemoteSettingsException(cs.url()
        + ": no full CRLite filter for channel '" + channel + "'"));
    List<RsRecord> all = new ArrayList<>();
    all.add(sel.full());
    all.addAll(sel.deltas());
    if (before.isPresent() && same(before.get(), all, channel)) {
      return new Result(before, before.get(), false, 0, 0);
    }
    Map<String, Path> local = new HashMap<>();
    if (before.isPresent()) {
      CrliteStore.Loaded b = before.get();
      local.put(b.meta().full().sha256(), b.directory().resolve(CrliteStore.FULL));
      for (int i = 0; i < b.meta().deltas().size(); i++) {
        local.put(b.meta().deltas().get(i).sha256(),
            b.directory().resolve(CrliteStore.deltaName(i)));
      }
    }
    List<byte[]> bytes = new ArrayList<>();
    List<CrliteStore.FilterInfo> infos = new ArrayList<>();
    int downloaded = 0;
    long downloadedBytes = 0;
    for (RsRecord r : all) {
      Attachment a = r.attachment().orElseThrow();
      byte[] b = reuse(local.get(a.sha256Hex()), a);
      if (b == null) {
        b = client.download(a);
        downloaded++;
        downloadedBytes += b.length;
      }
      bytes.add(b);
      long eff;
      try {
        eff = r.json().longValue("effectiveTimestamp");
      } catch (JsonException e) {
        throw bad(cs, e);
      }
      String name = a.filename().isEmpty() ? r.id() : a.filename();
      infos.add(new CrliteStore.FilterInfo(r.id(), eff, r.lastModified(), a.sha256Hex(),
          b.length, name));
    }
    CrliteStore.Meta meta = new CrliteStore.Meta(clock.getAsLong(), channel, cs.url(),
        cs.timestamp(), infos.get(0), infos.subList(1, infos.size()));
    CrliteStore.Loaded after = CrliteStore.commit(dir, bytes.get(0),
        bytes.subList(1, bytes.size()), meta);
    return new Result(before, after, true, downloaded, downloadedBytes);
  }

  private static boolean same(CrliteStore.Loaded b, List<RsRecord> all, String channel) {
    List<CrliteStore.FilterInfo> have = new ArrayList<>();
    have.add(b.meta().full());
    have.addAll(b.meta().deltas());
    if (!b.meta().channel().equals(channel) || have.size() != all.size()) {
      return false;
    }
    for (int i = 0; i < all.size(); i++) {
      RsRecord r = all.get(i);
      if (!have.get(i).id().equals(r.id())
          || !have.get(i).sha256().equals(r.attachment().orElseThrow().sha256Hex())) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of a file in force with this content, checked again; null if none or changed. */
  private static byte[] reuse(Path file, Attachment a) {
    if (file == null) {
      return null;
    }
    try {
      if (Files.size(file) != a.size()) {
        return null;
      }
      byte[] b = Files.readAllBytes(file);
      return RemoteSettingsClient.sha256Hex(b).equals(a.sha256Hex()) ? b : null;
    } catch (IOException e) {
      return null;
    }
  }
}
