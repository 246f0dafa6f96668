package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.truststore.crlite.CrliteUpdater;
import dev.pkixj.truststore.remotesettings.ContentSignatureRoots;
import dev.pkixj.truststore.remotesettings.ContentSignatureVerifier;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.remotesettings.RemoteSettingsException;
import dev.pkixj.truststore.state.SecurityState;
import dev.pkixj.truststore.update.SecurityStateStatus;
import dev.pkixj.truststore.update.SecurityStateUpdater;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.KnownLogs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pkixj update}: brings all of Firefox's security state pkixj keeps up to date from one
 * Remote Settings server ({@link SecurityStateUpdater}; docs/security-state.md), or with {@code
 * --status} shows what is stored.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
    description = {"Update Firefox's security state from Remote Settings: OneCRL "
        + "(security-state/onecrl), the preloaded intermediates (security-state/intermediates) "
        + "and the CRLite filters (security-state/cert-revocations), each in its own crash-safe "
        + "store; prints per collection what changed. A collection that fails keeps what was "
        + "stored and does not stop the others. Every attachment's size and SHA-256 is checked, "
        + "an intermediate's derHash too, and each changeset's content signature for the "
        + "production server (or against --signature-root). The CT log list is not published in "
        + "Remote Settings (Firefox compiles it in): `pkixj ct update FILE|URL` stores one.",
        "",
        "With --status: each collection's stored state. --json prints one object with the keys "
            + "state_dir, crlite_dir and, per collection (onecrl, intermediates, crlite, "
            + "ct-logs), an object with present, file, source, collection_timestamp, updated, "
            + "age_seconds, entries, bytes, error (crlite also generation, fresh; ct-logs "
            + "source embedded or the stored file, timestamp, expiry, expired, age_seconds "
            + "counted from the list's timestamp, entries = logs, bytes of the stored file)."},
    footer = {"", "Examples:",
        "  pkixj update",
        "  pkixj update --from http://localhost:8888/v1 --signature-root root.pem",
        "  pkixj update --status --json",
        "", "Exit status: 0 every collection updated or unchanged, 1 a collection failed (one "
            + "line each on standard error; what was stored is unchanged) or a usage error, 3 "
            + "internal error."})
final class UpdateCommand extends PkixjCommand {
  @Option(names = "--from", paramLabel = "URL",
      description = "The Remote Settings server (default: " + RemoteSettingsClient.PRODUCTION_SERVER
          + "); https, or http to localhost.")
  String from;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where OneCRL and the intermediates are kept (default: "
          + "~/.pkixj/security-state).")
  Path stateDir;

  @Option(names = "--crlite-dir", paramLabel = "DIR",
      description = "The CRLite filter directory (default: ~/.pkixj/crlite).")
  Path crliteDir;

  @Option(names = "--channel", paramLabel = "CHANNEL",
      description = "The CRLite filter channel: default or compat (default: default).")
  String channel;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "Deadline of each request, download included (default: 30 for a "
          + "collection, 120 for an attachment).")
  Integer timeout;

  @Option(names = "--signature-root", paramLabel = "FILE",
      description = "Check every changeset's content signature against this root (PEM or DER)"
          + " instead of the default (Mozilla's production root for the production server, no "
          + "check for another server).")
  Path signatureRoot;

  @Option(names = "--status", description = "Show each collection's stored state instead of "
      + "updating.")
  boolean status;

  @Option(names = "--json", description = "With --status: one JSON object (keys above).")
  boolean json;

  static Path dir(Path given, Path dflt, String what) throws CliException {
    Path d = given != null ? given : dflt;
    if (Files.exists(d) && !Files.isDirectory(d)) {
      throw new CliException(d + ": not a directory (" + what + ")");
    }
    return d;
  }

  @Override
  protected int run(PrintWriter out, PrintWriter err) throws Exception {
    Path state = dir(stateDir, SecurityState.defaultDir(), "the security-state directory");
    Path crlite = dir(crliteDir, CrliteStore.defaultDir(), "the CRLite filter directory");
    if (status) {
      if (from != null || channel != null || timeout != null || signatureRoot != null) {
        throw new CliException("--status shows what is stored: --from, --channel, --timeout "
            + "and --signature-root are for an update");
      }
      return status(state, crlite, out, err);
    }
    if (json) {
      throw new CliException("--json goes with --status");
    }
    String ch = channel == null ? CrliteUpdater.DEFAULT_CHANNEL : channel;
    if (!ch.equals("default") && !ch.equals("compat")) {
      throw new CliException("--channel " + ch + ": not a channel (default or compat)");
    }
    if (timeout != null && (timeout < 1 || timeout > 3600)) {
      throw new CliException("--timeout " + timeout + ": not between 1 and 3600 seconds");
    }
    ContentSignatureRoots roots = signatureRoot == null ? null : root(signatureRoot);
    RemoteSettingsClient client = SecurityStateUpdater.client(
        from == null ? RemoteSettingsClient.PRODUCTION_SERVER : from,
        timeout == null ? null : Duration.ofSeconds(timeout), roots);
    SecurityStateUpdater.Report r = SecurityStateUpdater.of(client, state, crlite).channel(ch)
        .update();
    out.println("server: " + r.server() + (r.monitorUsed() ? ""
        : " (no change feed: every collection fetched)"));
    for (SecurityStateUpdater.Outcome o : r.collections()) {
      out.println(String.format("%-17s %-14s %s", o.collection() + ":", o.status().label(),
          o.status() == SecurityStateUpdater.Status.FAILED ? "(see standard error)"
              : o.describe()));
      for (String w : o.warnings()) {
        out.println("  warning: " + w);
      }
      if (o.status() == SecurityStateUpdater.Status.FAILED) {
        err.println(name() + ": " + o.collection() + ": " + o.error().orElse("failed")
            + "; the stored data is unchanged");
      }
    }
    if (r.backoffSeconds() > 0) {
      out.println("backoff: the server asked clients to wait " + r.backoffSeconds()
          + " s before the next update");
    }
    return r.ok() ? Main.EXIT_OK : Main.EXIT_USAGE;
  }

  private static ContentSignatureRoots root(Path file) throws CliException {
    byte[] b;
    try {
      if (Files.size(file) > ContentSignatureVerifier.MAX_X5U_BYTES) {
        throw new CliException(file + ": --signature-root: larger than "
            + ContentSignatureVerifier.MAX_X5U_BYTES + " bytes");
      }
      b = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException(file + ": --signature-root: " + CertFiles.reason(e));
    }
    byte[] der = b;
    if (b.length > 0 && b[0] != 0x30) {
      try {
        List<byte[]> certs = ContentSignatureVerifier.parsePemChain(b, file.toString());
        if (certs.size() != 1) {
          throw new CliException(file + ": --signature-root: " + certs.size()
              + " certificates, expected one");
        }
        der = certs.get(0);
      } catch (RemoteSettingsException e) {
        throw new CliException(file + ": --signature-root: not a PEM or DER certificate ("
            + e.getMessage() + ")");
      }
    }
    try {
      dev.pkixj.pkix.Cert.parse(der);
    } catch (dev.pkixj.pkix.PkixException e) {
      throw new CliException(file + ": --signature-root: not a certificate");
    }
    return ContentSignatureRoots.of(der);
  }

  private int status(Path state, Path crlite, PrintWriter out, PrintWriter err) {
    long now = System.currentTimeMillis();
    List<SecurityStateStatus.Collection> cs = SecurityStateStatus.of(state, crlite, now);
    KnownLogs.Loaded logs = KnownLogs.current(state);
    logs.warning().ifPresent(w -> err.println(name() + ": warning: " + w));
    CtLogList list = logs.list();
    boolean embedded = list.source().equals(KnownLogs.EMBEDDED_SOURCE);
    Path stored = SecurityState.at(state).path(KnownLogs.STATE_NAME);
    long storedBytes = 0;
    try {
      storedBytes = embedded ? 0 : Files.size(stored);
    } catch (IOException e) {
      storedBytes = 0;
    }
    long ctAge = Math.max(0, (now - list.timestamp().toEpochMilli()) / 1000);
    if (json) {
      ObjectNode o = Json.object();
      o.put("state_dir", state.toAbsolutePath().toString());
      o.put("crlite_dir", crlite.toAbsolutePath().toString());
      for (SecurityStateStatus.Collection c : cs) {
        String key = c.collection().equals(SecurityStateUpdater.CRLITE) ? "crlite"
            : c.collection();
        ObjectNode j = o.putObject(key);
        j.put("present", c.present());
        j.put("file", c.file().toAbsolutePath().toString());
        j.put("source", c.source());
        if (c.collectionTimestamp().isPresent()) {
          j.put("collection_timestamp", c.collectionTimestamp().getAsLong());
        } else {
          j.putNull("collection_timestamp");
        }
        if (c.present()) {
          j.put("updated", Instant.ofEpochMilli(c.updatedMillis()).toString());
          j.put("age_seconds", c.ageSeconds());
        } else {
          j.putNull("updated");
          j.putNull("age_seconds");
        }
        j.put("entries", c.entries());
        j.put("bytes", c.bytes());
        if (key.equals("crlite")) {
          if (c.generation().isPresent()) {
            j.put("generation", c.generation().getAsLong());
          } else {
            j.putNull("generation");
          }
          j.put("fresh", c.fresh().orElse(false));
        }
        if (c.error().isPresent()) {
          j.put("error", c.error().get());
        } else {
          j.putNull("error");
        }
      }
      ObjectNode ct = o.putObject(SecurityStateUpdater.CT_LOGS);
      ct.put("present", true);
      ct.put("file", embedded ? null : stored.toAbsolutePath().toString());
      ct.put("source", list.source());
      ct.putNull("collection_timestamp");
      ct.put("timestamp", list.timestamp().toString());
      ct.put("expiry", list.expiry().toString());
      ct.put("expired", list.isExpiredAt(now / 1000));
      ct.put("updated", list.timestamp().toString());
      ct.put("age_seconds", ctAge);
      ct.put("entries", list.logs().size());
      ct.put("bytes", storedBytes);
      if (logs.warning().isPresent()) {
        ct.put("error", logs.warning().get());
      } else {
        ct.putNull("error");
      }
      out.println(Json.line(o));
      return Main.EXIT_OK;
    }
    for (SecurityStateStatus.Collection c : cs) {
      String label = c.collection().equals(SecurityStateUpdater.CRLITE) ? "crlite"
          : c.collection();
      if (!c.present()) {
        out.println(String.format("%-14s %s", label + ":", c.error().map(e -> "unreadable: " + e)
            .orElse("nothing stored (" + c.file().toAbsolutePath() + ")")));
        continue;
      }
      StringBuilder s = new StringBuilder();
      s.append(c.entries()).append(label.equals("crlite") ? " filter" + (c.entries() == 1 ? ""
          : "s") + ", generation " + c.generation().getAsLong()
          + (c.fresh().orElse(false) ? ", fresh" : ", not fresh") : label.equals("onecrl")
          ? " entr" + (c.entries() == 1 ? "y" : "ies")
          : " certificate" + (c.entries() == 1 ? "" : "s"));
      s.append(", ").append(c.bytes()).append(" bytes, updated ")
          .append(Instant.ofEpochMilli(c.updatedMillis())).append(" (").append(age(c.ageSeconds()))
          .append(" ago)");
      c.collectionTimestamp().ifPresent(t -> s.append(", collection timestamp ").append(t));
      s.append(", from ").append(c.source());
      out.println(String.format("%-14s %s", label + ":", s));
    }
    out.println(String.format("%-14s %s", "ct-logs:", list.logs().size() + " logs, "
        + (embedded ? "embedded" : "stored in " + list.source() + " (" + storedBytes
            + " bytes)") + ", timestamp " + list.timestamp() + " (" + age(ctAge) + " ago), expiry "
        + list.expiry() + (list.isExpiredAt(now / 1000) ? " (expired)" : "")));
    return Main.EXIT_OK;
  }

  static String age(long seconds) {
    long min = seconds / 60;
    if (min < 60) {
      return min + " min";
    }
    if (min < 48 * 60) {
      return (min / 60) + " h " + (min % 60) + " min";
    }
    return (min / (24 * 60)) + " days " + (min / 60 % 24) + " h";
  }

  @Override
  protected String inputError(Exception e) {
    if (e instanceof RemoteSettingsException) {
      return e.getMessage();
    }
    return super.inputError(e);
  }
}
