package dev.pkixj.truststore.update;

import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.truststore.crlite.CrliteUpdater;
import dev.pkixj.truststore.intermediates.IntermediatesException;
import dev.pkixj.truststore.intermediates.IntermediatesImport;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import dev.pkixj.truststore.intermediates.RecordAttachment;
import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.onecrl.OneCrlException;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.remotesettings.Changeset;
import dev.pkixj.truststore.remotesettings.ContentSignatureRoots;
import dev.pkixj.truststore.remotesettings.ContentSignatureVerifier;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.remotesettings.RemoteSettingsException;
import dev.pkixj.truststore.remotesettings.RsRecord;
import dev.pkixj.truststore.state.SecurityState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * One update of all of Firefox's security state from one Remote Settings server
 * (docs/security-state.md; spec firefox-security-state.md sections 1 to 3): the monitor's change
 * feed says which collections changed; OneCRL ({@code security-state/onecrl}), the preloaded
 * intermediates ({@code security-state/intermediates}) and the CRLite filters ({@code
 * security-state/cert-revocations}) are each fetched and stored in their own crash-safe store. A
 * collection that fails keeps what was stored and does not stop the others. The CT log list is
 * compiled into Firefox (CTKnownLogs.h), not published in Remote Settings: it is reported, not
 * fetched.
 *
 * <p>Each changeset's content signature is checked when the client checks signatures (by default
 * for the production server; {@link #client} with roots for another server). Intermediates:
 * only attachments of records whose derHash is not stored are downloaded, at most {@link
 * #DOWNLOADS_PER_POLL} per run, {@link #PARALLEL_DOWNLOADS} at a time, each checked for size and
 * SHA-256 and then its derHash; a record whose attachment fails is skipped with a warning (as
 * Firefox's BadContentError), the rest stored. A server's {@code Backoff} is reported; a {@code
 * Retry-After} (or Backoff on an error) stops the run: the collections not yet asked are reported
 * failed, never retried in a loop. One update at a time per instance (not thread-safe).
 */
public final class SecurityStateUpdater {
  /** The bucket of every collection updated. */
  public static final String BUCKET = "security-state";
  /** OneCRL's collection. */
  public static final String ONECRL = "onecrl";
  /** The preloaded intermediates' collection. */
  public static final String INTERMEDIATES = "intermediates";
  /** CRLite's collection. */
  public static final String CRLITE = CrliteUpdater.COLLECTION;
  /** The CT log list's name in reports (not a Remote Settings collection). */
  public static final String CT_LOGS = "ct-logs";
  /** Firefox's {@code security.remote_settings.intermediates.downloads_per_poll}. */
  public static final int DOWNLOADS_PER_POLL = 5000;
  /** Firefox's {@code security.remote_settings.intermediates.parallel_downloads}. */
  public static final int PARALLEL_DOWNLOADS = 8;

  /** What happened to one collection. */
  public enum Status {
    /** New data was stored. */
    UPDATED,
    /** The stored data is the server's newest; nothing written. */
    UNCHANGED,
    /** The collection could not be updated; what was stored is unchanged. */
    FAILED,
    /** The data is not published in Remote Settings (the CT log list). */
    NOT_PUBLISHED,
    /** The server lists a collection of this name whose format pkixj does not know. */
    NOT_READ;

    /** Lower case with a space, as printed: "not published". */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * One collection's outcome.
   *
   * @param collection {@code onecrl}, {@code intermediates}, {@code cert-revocations} or {@code
   *     ct-logs}
   * @param added entries (records, certificates, CRLite filters) that were not stored before
   * @param removed entries no longer stored
   * @param replaced entries stored in a new version (OneCRL records; CRLite: 1 for a new full
   *     filter)
   * @param generation the CRLite generation in force after the update, if any
   * @param downloads attachments downloaded
   * @param bytesDownloaded their total size
   * @param warnings one line each (records skipped, Backoff)
   * @param error why the collection failed or is not read; empty otherwise
   */
  public record Outcome(String collection, Status status, int added, int removed, int replaced,
      OptionalLong generation, int downloads, long bytesDownloaded, List<String> warnings,
      Optional<String> error) {
    public Outcome {
      Objects.requireNonNull(collection, "collection");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(generation, "generation");
      warnings = List.copyOf(warnings);
      Objects.requireNonNull(error, "error");
    }

    static Outcome failed(String collection, String error) {
      return new Outcome(collection, Status.FAILED, 0, 0, 0, OptionalLong.empty(), 0, 0,
          List.of(), Optional.of(error));
    }

    static Outcome unchanged(String collection) {
      return new Outcome(collection, Status.UNCHANGED, 0, 0, 0, OptionalLong.empty(), 0, 0,
          List.of(), Optional.empty());
    }

    /** What changed, in one line ("3 added, 1 removed, …"), or the reason. */
    public String describe() {
      switch (status) {
        case FAILED:
        case NOT_PUBLISHED:
        case NOT_READ:
          return error.orElse("");
        case UNCHANGED:
          return "the stored data is the newest";
        default:
          StringBuilder s = new StringBuilder();
          s.append(added).append(" added, ").append(removed).append(" removed, ")
              .append(replaced).append(" replaced");
          generation.ifPresent(g -> s.append(", generation ").append(g));
          s.append(", ").append(downloads).append(" download").append(downloads == 1 ? "" : "s")
              .append(" (").append(bytesDownloaded).append(" bytes)");
          return s.toString();
      }
    }
  }

  /**
   * The whole run.
   *
   * @param server the server asked
   * @param monitorUsed whether the server's change feed said which collections changed (false:
   *     it has none, every collection was fetched)
   * @param backoffSeconds the longest Backoff the server asked for (0: none)
   * @param collections onecrl, intermediates, cert-revocations, ct-logs, in this order
   */
  public record Report(String server, boolean monitorUsed, long backoffSeconds,
      List<Outcome> collections) {
    public Report {
      collections = List.copyOf(collections);
    }

    /** Whether every collection was updated, unchanged, or is not published there. */
    public boolean ok() {
      return collections.stream().noneMatch(o -> o.status() == Status.FAILED);
    }

    /** The outcome of {@code collection}. */
    public Outcome get(String collection) {
      return collections.stream().filter(o -> o.collection().equals(collection)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no outcome for " + collection));
    }
  }

  private final RemoteSettingsClient client;
  private final Path stateDir;
  private final Path crliteDir;
  private String channel = CrliteUpdater.DEFAULT_CHANNEL;
  private LongSupplier clock = System::currentTimeMillis;
  private int downloadsPerPoll = DOWNLOADS_PER_POLL;
  private int parallelDownloads = PARALLEL_DOWNLOADS;

  private SecurityStateUpdater(RemoteSettingsClient client, Path stateDir, Path crliteDir) {
    this.client = Objects.requireNonNull(client, "client");
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    this.crliteDir = Objects.requireNonNull(crliteDir, "crliteDir");
  }

  /**
   * An updater storing OneCRL and the intermediates in {@code stateDir} (e.g. {@link
   * SecurityState#defaultDir()}) and the CRLite filters in {@code crliteDir} (e.g. {@link
   * CrliteStore#defaultDir()}).
   */
  public static SecurityStateUpdater of(RemoteSettingsClient client, Path stateDir,
      Path crliteDir) {
    return new SecurityStateUpdater(client, stateDir, crliteDir);
  }

  /**
   * A client of {@code serverUrl}: every request's deadline {@code timeout} (null: the client's
   * defaults); changesets checked against {@code roots} when given, otherwise as the client does
   * by default (Mozilla's production root for the production server, no check for another).
   */
  public static RemoteSettingsClient client(String serverUrl, Duration timeout,
      ContentSignatureRoots roots) throws RemoteSettingsException {
    return client(serverUrl, timeout, roots, Clock.systemUTC());
  }

  /**
   * {@link #client(String, Duration, ContentSignatureRoots)} checking the signing certificates'
   * validity at {@code clock}'s time (tests).
   */
  public static RemoteSettingsClient client(String serverUrl, Duration timeout,
      ContentSignatureRoots roots, Clock clock) throws RemoteSettingsException {
    RemoteSettingsClient c = timeout == null ? RemoteSettingsClient.of(serverUrl)
        : RemoteSettingsClient.of(serverUrl,
            timeout.compareTo(RemoteSettingsClient.CONNECT_TIMEOUT) < 0 ? timeout
                : RemoteSettingsClient.CONNECT_TIMEOUT, timeout, timeout);
    return roots == null ? c : c.withSignatureCheck(ContentSignatureVerifier.of(roots, clock));
  }

  /** The CRLite channel ({@code default} or {@code compat}). */
  public SecurityStateUpdater channel(String channel) {
    this.channel = Objects.requireNonNull(channel, "channel");
    return this;
  }

  /** The update time recorded (epoch ms). */
  public SecurityStateUpdater clock(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** At most this many intermediate downloads per run (default {@link #DOWNLOADS_PER_POLL}). */
  public SecurityStateUpdater downloadsPerPoll(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("downloadsPerPoll < 0");
    }
    this.downloadsPerPoll = n;
    return this;
  }

  /** At most this many downloads at a time (default {@link #PARALLEL_DOWNLOADS}). */
  public SecurityStateUpdater parallelDownloads(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("parallelDownloads < 1");
    }
    this.parallelDownloads = n;
    return this;
  }

  /** Runs one update. Never throws for the server's or the data's faults: see the outcomes. */
  public Report update() {
    List<Outcome> out = new ArrayList<>();
    long backoff = 0;
    Map<String, Long> announced = new HashMap<>();
    boolean ctLogsListed = false;
    boolean monitorUsed = false;
    String stop = null;
    try {
      Optional<Changeset> monitor = client.monitorChanges();
      if (monitor.isPresent()) {
        monitorUsed = true;
        backoff = Math.max(backoff, monitor.get().backoffSeconds());
        for (RsRecord r : monitor.get().records()) {
          String bucket = r.json().optString("bucket").orElse("");
          String collection = r.json().optString("collection").orElse("");
          if (collection.equals(CT_LOGS)) {
            ctLogsListed = true;
          }
          if (bucket.equals(BUCKET)) {
            announced.merge(collection, r.lastModified(), Math::max);
          }
        }
      }
    } catch (RemoteSettingsException e) {
      if (e.retryAfterSeconds().isPresent()) {
        backoff = Math.max(backoff, e.retryAfterSeconds().getAsLong());
        stop = e.getMessage();
      }
      // any other failure of the feed: every collection is fetched, as without one
    } catch (JsonException e) {
      // a feed entry of the wrong shape: fetch every collection
    }
    String[] names = {ONECRL, INTERMEDIATES, CRLITE};
    for (String name : names) {
      if (stop != null) {
        out.add(Outcome.failed(name, "not asked: " + stop));
        continue;
      }
      OptionalLong expected = announced.containsKey(name)
          ? OptionalLong.of(announced.get(name)) : OptionalLong.empty();
      Outcome o;
      try {
        o = switch (name) {
          case ONECRL -> oneCrl(expected);
          case INTERMEDIATES -> intermediates(expected);
          default -> crlite(expected);
        };
      } catch (Failure f) {
        o = Outcome.failed(name, f.getMessage());
        if (f.backoff > 0) {
          backoff = Math.max(backoff, f.backoff);
          stop = f.getMessage();
        }
      }
      backoff = Math.max(backoff, lastBackoff);
      lastBackoff = 0;
      out.add(o);
    }
    out.add(ctLogsListed
        ? new Outcome(CT_LOGS, Status.NOT_READ, 0, 0, 0, OptionalLong.empty(), 0, 0, List.of(),
            Optional.of("not read (unknown format): the server lists a ct-logs collection, but"
                + " Firefox compiles its CT log list in (CTKnownLogs.h); `pkixj ct update"
                + " FILE|URL` stores one"))
        : new Outcome(CT_LOGS, Status.NOT_PUBLISHED, 0, 0, 0, OptionalLong.empty(), 0, 0,
            List.of(), Optional.of("not published in Remote Settings (Firefox compiles its CT"
                + " log list in, CTKnownLogs.h); `pkixj ct update FILE|URL` stores one")));
    return new Report(client.server(), monitorUsed, backoff, out);
  }

  private long lastBackoff;

  /** A collection failed; {@code backoff} > 0 when the server asked to wait. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final long backoff;

    Failure(String message, long backoff) {
      super(message, null, false, false);
      this.backoff = backoff;
    }

    static Failure of(RemoteSettingsException e) {
      return new Failure(e.getMessage(), e.retryAfterSeconds().orElse(0));
    }
  }

  private Changeset fetch(String collection, OptionalLong expected) throws Failure {
    try {
      Changeset cs = client.changeset(BUCKET, collection, expected.orElse(0));
      lastBackoff = Math.max(lastBackoff, cs.backoffSeconds());
      return cs;
    } catch (RemoteSettingsException e) {
      throw Failure.of(e);
    }
  }

  private static List<String> backoffWarning(Changeset cs) {
    return cs.backoffSeconds() > 0 ? List.of(cs.url() + ": the server asked to back off for "
        + cs.backoffSeconds() + " s (Backoff)") : List.of();
  }

  // ------------------------------------------------------------------------------------------
  // OneCRL

  private Outcome oneCrl(OptionalLong expected) throws Failure {
    SecurityState state = SecurityState.at(stateDir);
    if (expected.isPresent()) {
      try {
        Optional<OneCrlStore.Loaded> l = OneCrlStore.load(state);
        if (l.isPresent() && l.get().collectionTimestamp().isPresent()
            && l.get().collectionTimestamp().getAsLong() == expected.getAsLong()) {
          return Outcome.unchanged(ONECRL);
        }
      } catch (OneCrlStore.StoreException e) {
        // damaged: replaced by the update
      }
    }
    Changeset cs = fetch(ONECRL, expected);
    try {
      OneCrlStore.Change c = OneCrlStore.replace(state, cs, clock.getAsLong());
      List<String> w = new ArrayList<>(c.warnings());
      w.addAll(backoffWarning(cs));
      boolean changed = c.added() + c.removed() + c.replaced() > 0;
      return new Outcome(ONECRL, changed ? Status.UPDATED : Status.UNCHANGED, c.added(),
          c.removed(), c.replaced(), OptionalLong.empty(), 0, 0, w, Optional.empty());
    } catch (OneCrlException | OneCrlStore.StoreException e) {
      throw new Failure(e.getMessage(), 0);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Preloaded intermediates

  private Outcome intermediates(OptionalLong expected) throws Failure {
    Optional<IntermediatesStore.Loaded> stored;
    try {
      stored = IntermediatesStore.load(stateDir);
    } catch (IntermediatesStore.StoreException e) {
      stored = Optional.empty(); // damaged: replaced by the update
    }
    if (expected.isPresent() && stored.isPresent()
        && stored.get().collectionTimestamp() == expected.getAsLong()) {
      return Outcome.unchanged(INTERMEDIATES);
    }
    Changeset cs = fetch(INTERMEDIATES, expected);
    Map<String, PreloadedIntermediates.Entry> byDerHash = new HashMap<>();
    stored.ifPresent(l -> l.intermediates().entries().forEach(e -> byDerHash.put(e.derHash(), e)));
    List<String> warnings = new ArrayList<>();
    List<PreloadedIntermediates.Entry> kept = new ArrayList<>();
    List<RsRecord> toDownload = new ArrayList<>();
    int notDownloaded = 0;
    for (RsRecord r : cs.records()) {
      if (r.deleted()) {
        continue;
      }
      String derHash;
      try {
        derHash = r.json().optString("derHash").orElse("");
      } catch (JsonException e) {
        derHash = ""; // downloaded, then refused with the record's error
      }
      PreloadedIntermediates.Entry e = byDerHash.get(derHash);
      if (e != null) {
        kept.add(new PreloadedIntermediates.Entry(e.cert(), r.id(), r.lastModified(),
            cs.url() + " record " + r.id()));
      } else if (toDownload.size() < downloadsPerPoll) {
        toDownload.add(r);
      } else {
        notDownloaded++;
      }
    }
    if (notDownloaded > 0) {
      warnings.add(cs.url() + ": " + notDownloaded + " attachment" + (notDownloaded == 1 ? ""
          : "s") + " left for the next update (at most " + downloadsPerPoll + " downloads per"
          + " update)");
    }
    List<RecordAttachment> good = new ArrayList<>();
    long bytes = 0;
    int downloads = 0;
    List<Download> done = downloadAll(toDownload);
    for (Download d : done) {
      if (d.error != null) {
        warnings.add("record " + d.record.id() + " skipped: " + d.error);
        continue;
      }
      downloads++;
      bytes += d.bytes.length;
      RecordAttachment ra = new RecordAttachment(d.record, d.bytes);
      try {
        IntermediatesImport.fromRecords(List.of(ra), cs.url());
        good.add(ra);
      } catch (IntermediatesException e) {
        warnings.add("record " + d.record.id() + " skipped: " + e.getMessage());
      }
    }
    // Records skipped or left for later: the collection timestamp is not stored, so that the
    // next update fetches the collection again even when the change feed shows no change.
    Changeset toStore = warnings.isEmpty() ? cs
        : new Changeset(cs.url(), 0, cs.metadata(), cs.records(), cs.backoffSeconds(),
            cs.signatureVerified());
    warnings.addAll(backoffWarning(cs));
    try {
      IntermediatesStore.Change c = IntermediatesStore.replace(stateDir, good, kept, toStore,
          Instant.ofEpochMilli(clock.getAsLong()));
      List<String> w = new ArrayList<>(c.warnings());
      w.addAll(warnings);
      boolean changed = !c.added().isEmpty() || !c.removed().isEmpty();
      return new Outcome(INTERMEDIATES, changed ? Status.UPDATED : Status.UNCHANGED,
          c.added().size(), c.removed().size(), 0, OptionalLong.empty(), downloads, bytes, w,
          Optional.empty());
    } catch (IntermediatesException | IntermediatesStore.StoreException e) {
      throw new Failure(e.getMessage(), 0);
    }
  }

  /** One attachment download: its bytes, or why it failed. */
  private record Download(RsRecord record, byte[] bytes, String error) {}

  private List<Download> downloadAll(List<RsRecord> records) {
    List<Download> out = new ArrayList<>();
    if (records.isEmpty()) {
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelDownloads,
        records.size()), r -> {
          Thread t = new Thread(r, "pkixj-intermediates-download");
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<Download>> futures = new ArrayList<>();
      for (RsRecord r : records) {
        futures.add(pool.submit(() -> download(r)));
      }
      for (int i = 0; i < futures.size(); i++) {
        try {
          out.add(futures.get(i).get());
        } catch (ExecutionException e) {
          out.add(new Download(records.get(i), null, "the download failed"));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          out.add(new Download(records.get(i), null, "interrupted"));
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private Download download(RsRecord r) {
    if (r.attachment().isEmpty()) {
      return new Download(r, null, "the record has no attachment");
    }
    try {
      return new Download(r, client.download(r.attachment().get()), null);
    } catch (RemoteSettingsException e) {
      return new Download(r, null, e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------------------
  // CRLite

  private Outcome crlite(OptionalLong expected) throws Failure {
    Optional<CrliteStore.Loaded> before;
    try {
      before = CrliteStore.load(crliteDir);
    } catch (CrliteStore.StoreException e) {
      before = Optional.empty();
    }
    if (expected.isPresent() && before.isPresent()
        && before.get().meta().collectionTimestamp() == expected.getAsLong()
        && before.get().meta().channel().equals(channel)) {
      return Outcome.unchanged(CRLITE);
    }
    try {
      CrliteUpdater.Result r = CrliteUpdater.update(client, crliteDir, channel, clock);
      if (!r.changed()) {
        return new Outcome(CRLITE, Status.UNCHANGED, 0, 0, 0,
            OptionalLong.of(r.after().generation()), 0, 0, List.of(), Optional.empty());
      }
      int added = 0;
      int removed = 0;
      int replaced = 0;
      List<String> now = ids(r.after().meta());
      if (r.before().isPresent()) {
        CrliteStore.Meta b = r.before().get().meta();
        List<String> was = ids(b);
        if (!b.full().id().equals(r.after().meta().full().id())) {
          replaced = 1;
        }
        for (String id : now.subList(1, now.size())) {
          if (!was.contains(id)) {
            added++;
          }
        }
        for (String id : was.subList(1, was.size())) {
          if (!now.contains(id)) {
            removed++;
          }
        }
      } else {
        added = now.size();
      }
      return new Outcome(CRLITE, Status.UPDATED, added, removed, replaced,
          OptionalLong.of(r.after().generation()), r.downloaded(), r.bytesDownloaded(),
          List.of(), Optional.empty());
    } catch (RemoteSettingsException e) {
      throw Failure.of(e);
    } catch (CrliteStore.StoreException e) {
      throw new Failure(e.getMessage(), 0);
    }
  }

  private static List<String> ids(CrliteStore.Meta m) {
    List<String> ids = new ArrayList<>();
    ids.add(m.full().id());
    m.deltas().forEach(d -> ids.add(d.id()));
    return ids;
  }
}
