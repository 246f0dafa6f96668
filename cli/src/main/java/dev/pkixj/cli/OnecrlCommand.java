package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.truststore.onecrl.OneCrlException;
import dev.pkixj.truststore.onecrl.OneCrlParser;
import dev.pkixj.truststore.onecrl.OneCrlRecord;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.state.SecurityState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pkixj onecrl …}: Firefox's OneCRL kept offline (docs/onecrl.md, docs/security-state.md):
 * import the collection's JSON records, list, remove.
 */
@Command(name = "onecrl", mixinStandardHelpOptions = true,
    description = "Import, list and remove OneCRL entries (Firefox's security-state/onecrl; "
        + "`pkixj update` downloads them).",
    subcommands = {OnecrlCommand.Import.class, OnecrlCommand.ListCmd.class,
        OnecrlCommand.Remove.class},
    footer = {"", "Examples:",
        "  pkixj onecrl import onecrl.json",
        "  pkixj onecrl list --json",
        "  pkixj onecrl remove 0a1b2c3d-…",
        "", "Exit status: 0 success, 1 usage or input error (the store is then unchanged), 3 "
            + "internal error."})
final class OnecrlCommand extends CommandGroup {

  /** Base of the subcommands: the state directory. */
  abstract static class Sub extends PkixjCommand {
    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "The security-state directory (default: ~/.pkixj/security-state).")
    Path stateDir;

    SecurityState state() throws CliException {
      return SecurityState.at(UpdateCommand.dir(stateDir, SecurityState.defaultDir(),
          "the security-state directory"));
    }

    @Override
    protected String inputError(Exception e) {
      if (e instanceof OneCrlException || e instanceof OneCrlStore.StoreException) {
        return e.getMessage();
      }
      return super.inputError(e);
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Merge the records of these files (a changeset, a records list or dump "
          + "{\"data\":[…]}, a bare array of records, or a copy of pkixj's store) into the stored "
          + "set: a record replaces the stored one of its id, a tombstone removes it. All files "
          + "are checked before anything is written: one bad file and nothing changes.")
  static final class Import extends Sub {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The files.")
    List<Path> files;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      SecurityState s = state();
      for (Path f : files) {
        OneCrlParser.read(f); // every file checked before the first is merged
      }
      OneCrlStore.load(s); // a damaged store is refused before anything is merged
      long now = System.currentTimeMillis();
      for (Path f : files) {
        OneCrlStore.Change c = OneCrlStore.importFile(s, f, now);
        for (String w : c.warnings()) {
          out.println("warning: " + w);
        }
        out.println(f + ": added " + c.added() + ", replaced " + c.replaced() + ", unchanged "
            + c.unchanged() + ", removed " + c.removed() + ", ignored " + c.ignored());
      }
      out.println(OneCrlStore.load(s).map(OneCrlStore.Loaded::describe).orElse("nothing stored"));
      return Main.EXIT_OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The stored records: id, kind, and the bug that listed it.")
  static final class ListCmd extends Sub {
    @Option(names = "--json", description = "One JSON object: file, stored, source, "
        + "collection_timestamp, updated, bytes, records (each id, last_modified, kind "
        + "issuer_serial or subject_key, issuer_name, serial_number, subject, pub_key_hash, "
        + "bug).")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      SecurityState s = state();
      Optional<OneCrlStore.Loaded> l = OneCrlStore.load(s);
      List<OneCrlRecord> records = l.map(OneCrlStore.Loaded::records).orElse(List.of());
      if (json) {
        ObjectNode o = Json.object();
        o.put("file", s.path(OneCrlStore.FILE).toAbsolutePath().toString());
        o.put("stored", l.isPresent());
        o.put("source", l.map(OneCrlStore.Loaded::source).orElse(""));
        if (l.isPresent() && l.get().collectionTimestamp().isPresent()) {
          o.put("collection_timestamp", l.get().collectionTimestamp().getAsLong());
        } else {
          o.putNull("collection_timestamp");
        }
        if (l.isPresent()) {
          o.put("updated", Instant.ofEpochMilli(l.get().updatedMillis()).toString());
        } else {
          o.putNull("updated");
        }
        o.put("bytes", l.map(OneCrlStore.Loaded::bytes).orElse(0L));
        ArrayNode a = o.putArray("records");
        for (OneCrlRecord r : records) {
          ObjectNode j = a.addObject();
          j.put("id", r.id());
          j.put("last_modified", r.lastModified());
          j.put("kind", kind(r));
          j.put("issuer_name", r.issuerName());
          j.put("serial_number", r.serialNumber());
          j.put("subject", r.subject());
          j.put("pub_key_hash", r.pubKeyHash());
          j.put("bug", r.details().bug());
        }
        out.println(Json.line(o));
        return Main.EXIT_OK;
      }
      if (l.isEmpty()) {
        out.println("no OneCRL stored in " + s.dir().toAbsolutePath()
            + " (pkixj update or pkixj onecrl import stores it)");
        return Main.EXIT_OK;
      }
      out.println(l.get().describe());
      for (OneCrlRecord r : records) {
        out.println(r.id() + "  " + kind(r) + (r.details().bug() == null
            || r.details().bug().isEmpty() ? "" : "  " + r.details().bug()));
      }
      return Main.EXIT_OK;
    }
  }

  static String kind(OneCrlRecord r) {
    return r.issuerName() != null && r.serialNumber() != null ? "issuer_serial" : "subject_key";
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove the records with these ids (a warning for an id not stored), or "
          + "all with --all.")
  static final class Remove extends Sub {
    @Parameters(arity = "0..*", paramLabel = "ID", description = "Record ids.")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Delete the stored file.")
    boolean all;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      if (all == !ids.isEmpty()) {
        throw new CliException("give either record ids or --all");
      }
      SecurityState s = state();
      if (all) {
        boolean had = OneCrlStore.removeAll(s);
        out.println(had ? "removed " + s.path(OneCrlStore.FILE)
            : "nothing stored in " + s.dir().toAbsolutePath());
        return Main.EXIT_OK;
      }
      OneCrlStore.Change c = OneCrlStore.remove(s, ids, System.currentTimeMillis());
      for (String w : c.warnings()) {
        err.println(name() + ": warning: " + w);
      }
      out.println("removed " + c.removed() + ", kept " + c.stored().records().size());
      return Main.EXIT_OK;
    }
  }
}
