package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.truststore.crlite.Clubcard;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.truststore.crlite.CrliteUpdater;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.remotesettings.RemoteSettingsException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pkixj crlite …}: Mozilla's CRLite filters on disk (docs/crlite.md "Filters on disk and
 * updates"). {@code crlite update} fetches them from Remote Settings as Firefox does and stores a
 * new generation crash-safely; {@code crlite status} shows the filters in force.
 */
@Command(name = "crlite", mixinStandardHelpOptions = true,
    description = "Fetch Mozilla's CRLite revocation filters and show the ones in force.",
    subcommands = {CrliteCommand.Update.class, CrliteCommand.Status.class},
    footer = {"", "Examples:",
        "  pkixj crlite update",
        "  pkixj crlite update --channel compat",
        "  pkixj crlite status --json",
        "", "Exit status: 0 success, 1 usage, network or data error (the filters in force are "
            + "then unchanged), 3 internal error."})
final class CrliteCommand extends CommandGroup {

  /** Base of the subcommands: the filter directory. */
  abstract static class Sub extends PkixjCommand {
    @Option(names = "--dir", paramLabel = "DIR",
        description = "The CRLite filter directory (default: ~/.pkixj/crlite).")
    Path dir;

    /** The directory; one that exists must be a directory (absent: nothing stored yet). */
    Path dir() throws CliException {
      Path d = dir != null ? dir : CrliteStore.defaultDir();
      if (Files.exists(d) && !Files.isDirectory(d)) {
        throw new CliException(d + ": not a directory (the CRLite filter directory)");
      }
      return d;
    }

    @Override
    protected String inputError(Exception e) {
      if (e instanceof CrliteStore.StoreException || e instanceof RemoteSettingsException) {
        return e.getMessage();
      }
      return super.inputError(e);
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Fetch the newest CRLite filters of a channel from Remote Settings "
          + "(security-state/cert-revocations), check every download's size and SHA-256, and "
          + "store them as a new generation; prints what is in force and what changed. The "
          + "collection's content signature is checked for the production server "
          + "(docs/remote-settings.md).")
  static final class Update extends Sub {
    @Option(names = "--from", paramLabel = "URL",
        description = "The Remote Settings server (default: " + RemoteSettingsClient.PRODUCTION_SERVER
            + "); https, or http to localhost.")
    String from = RemoteSettingsClient.PRODUCTION_SERVER;

    @Option(names = "--channel", paramLabel = "CHANNEL",
        description = "The filter channel: default or compat (default: default).")
    String channel = CrliteUpdater.DEFAULT_CHANNEL;

    @Option(names = "--timeout", paramLabel = "SECONDS",
        description = "Deadline of each request, download included (default: 30 for the "
            + "collection, 120 for a filter).")
    Integer timeout;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      if (!channel.equals("default") && !channel.equals("compat")) {
        throw new CliException("--channel " + channel + ": not a channel (default or compat)");
      }
      if (timeout != null && (timeout < 1 || timeout > 3600)) {
        throw new CliException("--timeout " + timeout + ": not between 1 and 3600 seconds");
      }
      Path d = dir();
      RemoteSettingsClient client = timeout == null ? RemoteSettingsClient.of(from)
          : RemoteSettingsClient.of(from, Duration.ofSeconds(Math.min(timeout, 10)),
              Duration.ofSeconds(timeout), Duration.ofSeconds(timeout));
      CrliteUpdater.Result r = CrliteUpdater.update(client, d, channel,
          System::currentTimeMillis);
      CrliteStore.Loaded now = r.after();
      if (r.changed()) {
        out.println("stored generation " + now.generation() + " in " + now.directory()
            + " (channel " + channel + ", from " + now.meta().source() + ")");
      } else {
        out.println("no change: the filters in force (generation " + now.generation()
            + ") are the newest of channel " + channel + " at " + client.server());
      }
      printSummary(now, out);
      out.println("changes:      " + changes(r));
      return Main.EXIT_OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "The CRLite filters in force: full filter, deltas, coverage (CT logs), "
          + "enrolled issuers, age and freshness (fresh for 10 days after an update), size.")
  static final class Status extends Sub {
    @Option(names = "--json", description = "One JSON object: dir, stored, generation, channel, "
        + "source, updated, age_seconds, fresh, fresh_until, full, deltas, coverage_logs, "
        + "enrolled_issuers, bytes.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      Path d = dir();
      Optional<CrliteStore.Loaded> loaded = CrliteStore.load(d);
      long now = System.currentTimeMillis();
      if (json) {
        ObjectNode o = Json.object();
        o.put("dir", d.toAbsolutePath().toString());
        o.put("stored", loaded.isPresent());
        if (loaded.isPresent()) {
          CrliteStore.Loaded l = loaded.get();
          CrliteStore.Meta m = l.meta();
          o.put("generation", l.generation());
          o.put("channel", m.channel());
          o.put("source", m.source());
          o.put("updated", Instant.ofEpochMilli(m.updateEpochMillis()).toString());
          o.put("age_seconds", Math.max(0, (now - m.updateEpochMillis()) / 1000));
          o.put("fresh", l.filters().isFresh(now));
          o.put("fresh_until", freshUntil(l.filters()).toString());
          info(o.putObject("full"), m.full());
          ArrayNode ds = o.putArray("deltas");
          for (CrliteStore.FilterInfo i : m.deltas()) {
            info(ds.addObject(), i);
          }
          o.put("coverage_logs", coverageLogs(l));
          o.put("enrolled_issuers", l.full().blockCount());
          o.put("bytes", l.bytesOnDisk());
        }
        out.println(Json.line(o));
        return Main.EXIT_OK;
      }
      if (loaded.isEmpty()) {
        out.println("no CRLite filters stored in " + d.toAbsolutePath()
            + " (pkixj crlite update fetches them)");
        return Main.EXIT_OK;
      }
      CrliteStore.Loaded l = loaded.get();
      out.println("filters:      generation " + l.generation() + " in " + l.directory());
      out.println("channel:      " + l.meta().channel() + " (from " + l.meta().source() + ")");
      printSummary(l, out);
      long age = Math.max(0, now - l.meta().updateEpochMillis());
      out.println("updated:      " + Instant.ofEpochMilli(l.meta().updateEpochMillis()) + " ("
          + age(age) + " ago)");
      out.println("fresh:        " + (l.filters().isFresh(now) ? "yes, until "
          + freshUntil(l.filters()) : "no: older than 10 days, CRLite answers nothing until the"
          + " next update"));
      return Main.EXIT_OK;
    }
  }

  static void printSummary(CrliteStore.Loaded l, PrintWriter out) {
    CrliteStore.Meta m = l.meta();
    out.println("full filter:  " + describe(m.full()));
    out.println("deltas:       " + m.deltas().size() + (m.deltas().isEmpty() ? ""
        : " (newest " + describe(m.deltas().get(m.deltas().size() - 1)) + ")"));
    out.println("coverage:     " + coverageLogs(l) + " CT logs; enrolled issuers: "
        + l.full().blockCount());
    out.println("on disk:      " + l.bytesOnDisk() + " bytes");
  }

  private static String describe(CrliteStore.FilterInfo i) {
    return i.name() + " (" + Instant.ofEpochMilli(i.effectiveTimestamp()) + ", " + i.size()
        + " bytes)";
  }

  private static void info(ObjectNode o, CrliteStore.FilterInfo i) {
    o.put("id", i.id());
    o.put("name", i.name());
    o.put("effective", Instant.ofEpochMilli(i.effectiveTimestamp()).toString());
    o.put("size", i.size());
    o.put("sha256", i.sha256());
  }

  /** Distinct CT logs in the coverage of the full filter and the deltas. */
  static int coverageLogs(CrliteStore.Loaded l) {
    Set<String> ids = new HashSet<>();
    for (Clubcard c : l.filters().filters()) {
      for (int i = 0; i < c.coverageCount(); i++) {
        ids.add(Base64.getEncoder().encodeToString(c.coverageLogId(i)));
      }
    }
    return ids.size();
  }

  private static Instant freshUntil(CrliteFilters f) {
    return Instant.ofEpochSecond(f.lastUpdateEpochSeconds() + CrliteFilters.FRESHNESS_SECONDS);
  }

  private static String age(long ms) {
    long min = ms / 60_000;
    if (min < 60) {
      return min + " min";
    }
    if (min < 48 * 60) {
      return (min / 60) + " h " + (min % 60) + " min";
    }
    return (min / (24 * 60)) + " days " + (min / 60 % 24) + " h";
  }

  private static String changes(CrliteUpdater.Result r) {
    if (!r.changed()) {
      return "none";
    }
    if (r.before().isEmpty()) {
      return "first filters stored (" + r.downloaded() + " file" + (r.downloaded() == 1 ? "" : "s")
          + " downloaded, " + r.bytesDownloaded() + " bytes)";
    }
    CrliteStore.Meta a = r.before().get().meta();
    CrliteStore.Meta b = r.after().meta();
    StringBuilder s = new StringBuilder();
    s.append(a.full().id().equals(b.full().id()) ? "full filter unchanged"
        : "new full filter (was " + a.full().name() + ")");
    Set<String> old = new HashSet<>();
    a.deltas().forEach(i -> old.add(i.id()));
    List<CrliteStore.FilterInfo> added = b.deltas().stream().filter(i -> !old.contains(i.id()))
        .toList();
    Set<String> neu = new HashSet<>();
    b.deltas().forEach(i -> neu.add(i.id()));
    long removed = a.deltas().stream().filter(i -> !neu.contains(i.id())).count();
    s.append("; ").append(added.size()).append(" delta").append(added.size() == 1 ? "" : "s")
        .append(" added");
    if (removed > 0) {
      s.append(", ").append(removed).append(" dropped");
    }
    if (!a.channel().equals(b.channel())) {
      s.append("; channel ").append(a.channel()).append(" -> ").append(b.channel());
    }
    s.append(" (").append(r.downloaded()).append(" file").append(r.downloaded() == 1 ? "" : "s")
        .append(" downloaded, ").append(r.bytesDownloaded()).append(" bytes)");
    return s.toString();
  }
}
