package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.truststore.state.SecurityState;
import dev.pkixj.verifier.ct.ChromeLogList;
import dev.pkixj.verifier.ct.CtLog;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.KnownLogs;
import dev.pkixj.verifier.ct.LogListException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pkixj ct …}: the Certificate Transparency log list (docs/ct.md, "Log list"). {@code ct logs}
 * shows the list in force; {@code ct update} checks a newer list and stores it crash-safely in
 * the security-state directory, where every later run finds it.
 */
@Command(name = "ct", mixinStandardHelpOptions = true,
    description = "Show and update the Certificate Transparency log list.",
    subcommands = {CtCommand.Logs.class, CtCommand.Update.class},
    footer = {"", "Examples:",
        "  pkixj ct logs",
        "  pkixj ct logs --json",
        "  pkixj ct update https://www.gstatic.com/ct/log_list/v3/log_list.json",
        "  pkixj ct update log_list.json",
        "", "Exit status: 0 success, 1 usage or input error (a list that does not load, a "
            + "download that fails), 3 internal error."})
final class CtCommand extends CommandGroup {
  /** How long a download may take, in all. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Base of the subcommands: the security-state directory. */
  abstract static class Sub extends PkixjCommand {
    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "The security-state directory (default: ~/.pkixj/security-state).")
    Path stateDir;

    /** The directory; one that exists must be a directory (absent: nothing stored yet). */
    Path stateDir() throws CliException {
      Path d = stateDir != null ? stateDir : SecurityState.defaultDir();
      if (Files.exists(d) && !Files.isDirectory(d)) {
        throw new CliException(d + ": not a directory (the security-state directory)");
      }
      return d;
    }

    @Override
    protected String inputError(Exception e) {
      if (e instanceof LogListException) {
        return e.getMessage();
      }
      return super.inputError(e);
    }
  }

  @Command(name = "logs", mixinStandardHelpOptions = true,
      description = "The CT logs in force: per log its state and since when, format, log id, "
          + "operator and name; and the list's source, timestamp and expiry.")
  static final class Logs extends Sub {
    @Option(names = "--json", description = "One JSON object: source, timestamp, "
        + "expiry, expired, and the logs.")
    boolean json;

    @Option(names = "--ct-logs", paramLabel = "FILE",
        description = "Show this log list (Chrome's v3 format) instead of the one in force.")
    Path file;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      CtLogList list;
      if (file != null) {
        list = ChromeLogList.parse(readFile(file), file.toString());
      } else {
        KnownLogs.Loaded loaded = KnownLogs.current(stateDir());
        loaded.warning().ifPresent(w -> err.println(name() + ": warning: " + w));
        list = loaded.list();
      }
      Instant now = Instant.now();
      boolean expired = list.isExpiredAt(now.getEpochSecond());
      if (json) {
        ObjectNode o = Json.object();
        o.put("source", list.source());
        o.put("timestamp", list.timestamp().toString());
        o.put("expiry", list.expiry().toString());
        o.put("expired", expired);
        o.put("operators", list.operators().size());
        ArrayNode logs = o.putArray("logs");
        for (CtLog l : list.logs()) {
          ObjectNode j = logs.addObject();
          j.put("name", l.name());
          j.put("operator", l.operator());
          j.put("operator_id", l.operatorId());
          j.put("state", l.state().name().toLowerCase(Locale.ROOT));
          j.put("state_since", Instant.ofEpochMilli(l.stateTimestampMillis()).toString());
          j.put("format", l.format().name().toLowerCase(Locale.ROOT));
          j.put("log_id", Base64.getEncoder().encodeToString(l.logId()));
        }
        out.println(Json.line(o));
        return Main.EXIT_OK;
      }
      long retired = list.logs().stream().filter(l -> l.state() == CtLog.State.RETIRED).count();
      out.println("source:    " + list.source());
      out.println("timestamp: " + list.timestamp());
      out.println("expiry:    " + list.expiry() + (expired
          ? " (expired: CT is not enforced for verification times after it)" : " (in force)"));
      out.println("logs:      " + list.logs().size() + " (" + (list.logs().size() - retired)
          + " admissible, " + retired + " retired), " + list.operators().size() + " operators");
      out.println();
      out.println(String.format("%-10s %-10s %-7s %-44s %s", "STATE", "SINCE", "FORMAT",
          "LOG ID", "OPERATOR / NAME"));
      for (CtLog l : list.logs()) {
        out.println(String.format("%-10s %-10s %-7s %-44s %s / %s",
            l.state().name().toLowerCase(Locale.ROOT),
            Instant.ofEpochMilli(l.stateTimestampMillis()).toString().substring(0, 10),
            l.format() == CtLog.Format.TILED ? "tiled" : "rfc6962",
            Base64.getEncoder().encodeToString(l.logId()), l.operator(), l.name()));
      }
      return Main.EXIT_OK;
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Check a log list (Chrome's v3 log_list.json: a file, file:// or https:// "
          + "URL) and store it for later runs; prints what changed.")
  static final class Update extends Sub {
    @Parameters(index = "0", paramLabel = "FILE|URL", description = "The new list.")
    String source;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      byte[] bytes = fetch(source);
      CtLogList before = KnownLogs.current(stateDir()).list();
      CtLogList list;
      try {
        list = KnownLogs.store(stateDir(), bytes, source);
      } catch (IOException e) {
        Path stored = SecurityState.at(stateDir()).path(KnownLogs.STATE_NAME);
        String m = e.getMessage() == null ? "" : e.getMessage();
        throw new CliException(m.contains(stored.toString()) ? m : stored
            + ": cannot be written (" + (e instanceof java.nio.file.FileSystemException f
                ? CertFiles.reason(f) : m) + ")");
      }
      Path stored = SecurityState.at(stateDir()).path(KnownLogs.STATE_NAME);
      out.println("stored " + source + " as " + stored + ": timestamp " + list.timestamp()
          + ", expiry " + list.expiry() + ", " + list.logs().size() + " logs");
      CtLogList now = KnownLogs.current(stateDir()).list();
      if (!now.source().equals(stored.toString())) {
        out.println("note: this list is not newer than the embedded list (" + now.timestamp()
            + "), which stays in force");
      }
      printChanges(before, list, out);
      return Main.EXIT_OK;
    }
  }

  /** Logs added, removed and changed (state or its time) from {@code a} to {@code b}. */
  static void printChanges(CtLogList a, CtLogList b, PrintWriter out) {
    Map<String, CtLog> old = byId(a);
    Map<String, CtLog> neu = byId(b);
    int changes = 0;
    for (Map.Entry<String, CtLog> e : neu.entrySet()) {
      CtLog o = old.get(e.getKey());
      CtLog n = e.getValue();
      if (o == null) {
        out.println("added:   " + n.name() + " (" + n.operator() + ", " + describe(n) + ")");
        changes++;
      } else if (o.state() != n.state() || o.stateTimestampMillis() != n.stateTimestampMillis()) {
        out.println("changed: " + n.name() + ": " + describe(o) + " -> " + describe(n));
        changes++;
      }
    }
    for (Map.Entry<String, CtLog> e : old.entrySet()) {
      if (!neu.containsKey(e.getKey())) {
        out.println("removed: " + e.getValue().name() + " (" + e.getValue().operator() + ")");
        changes++;
      }
    }
    if (changes == 0) {
      out.println("no change in the logs (compared with " + a.source() + ")");
    } else {
      out.println(changes + " change" + (changes == 1 ? "" : "s") + " compared with "
          + a.source());
    }
  }

  private static String describe(CtLog l) {
    return l.state().name().toLowerCase(Locale.ROOT) + " since "
        + Instant.ofEpochMilli(l.stateTimestampMillis());
  }

  private static Map<String, CtLog> byId(CtLogList list) {
    Map<String, CtLog> m = new LinkedHashMap<>();
    for (CtLog l : list.logs()) {
      m.put(Base64.getEncoder().encodeToString(l.logId()), l);
    }
    return m;
  }

  /** A local file, bounded. */
  static byte[] readFile(Path file) throws IOException, CliException {
    if (Files.isDirectory(file)) {
      throw new CliException(file + ": is a directory, not a log list");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(ChromeLogList.MAX_BYTES + 1);
      if (b.length > ChromeLogList.MAX_BYTES) {
        throw new CliException(file + ": larger than " + ChromeLogList.MAX_BYTES
            + " bytes: not a log list");
      }
      return b;
    }
  }

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  /** A file, a file:// URL, an https:// URL (or http:// to a loopback host), bounded. */
  static byte[] fetch(String source) throws IOException, CliException {
    String lower = source.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("https://") && !lower.startsWith("http://")
        && !lower.startsWith("file:")) {
      return readFile(Path.of(source));
    }
    URI uri;
    try {
      uri = new URI(source);
    } catch (URISyntaxException e) {
      throw new CliException(source + ": not a valid URL");
    }
    if (lower.startsWith("file:")) {
      try {
        return readFile(Path.of(uri));
      } catch (IllegalArgumentException e) {
        throw new CliException(source + ": not a file URL");
      }
    }
    if (uri.getHost() == null) {
      throw new CliException(source + ": not a valid URL (no host)");
    }
    if (lower.startsWith("http://") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      throw new CliException(source + ": plain http is accepted only from this machine"
          + " (localhost); use https");
    }
    HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET()
        .header("Accept", "application/json").build();
    try {
      HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = r.body()) {
        if (r.statusCode() != 200) {
          throw new CliException(source + ": the server answered HTTP " + r.statusCode());
        }
        byte[] b = body.readNBytes(ChromeLogList.MAX_BYTES + 1);
        if (b.length > ChromeLogList.MAX_BYTES) {
          throw new CliException(source + ": larger than " + ChromeLogList.MAX_BYTES
              + " bytes: not a log list");
        }
        return b;
      }
    } catch (HttpTimeoutException e) {
      throw new CliException(source + ": timed out");
    } catch (java.net.ConnectException e) {
      throw new CliException(source + ": cannot connect");
    } catch (IOException e) {
      throw new CliException(source + ": cannot be fetched" + (e.getMessage() == null
          || e.getMessage().isBlank() ? "" : " (" + e.getMessage().strip() + ")"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(source + ": interrupted");
    } catch (IllegalArgumentException e) {
      throw new CliException(source + ": not a valid URL");
    }
  }
}
