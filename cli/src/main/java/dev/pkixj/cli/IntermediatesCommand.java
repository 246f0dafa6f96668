package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.truststore.intermediates.IntermediatesException;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
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
 * {@code pkixj intermediates …}: the preloaded intermediates kept offline (docs/intermediates.md,
 * docs/security-state.md): import PEM/DER bundles, the collection's JSON export or Firefox's
 * attachments zip; list; remove.
 */
@Command(name = "intermediates", mixinStandardHelpOptions = true,
    description = "Import, list and remove the preloaded intermediate CA certificates "
        + "(Firefox's security-state/intermediates; `pkixj update` downloads them).",
    subcommands = {IntermediatesCommand.Import.class, IntermediatesCommand.ListCmd.class,
        IntermediatesCommand.Remove.class},
    footer = {"", "Examples:",
        "  pkixj intermediates import ca-bundle.pem",
        "  pkixj intermediates import intermediates.json",
        "  pkixj intermediates list --json",
        "  pkixj intermediates remove 3f2a9c41",
        "", "Exit status: 0 success, 1 usage or input error (the store is then unchanged), 3 "
            + "internal error."})
final class IntermediatesCommand extends CommandGroup {

  /** Base of the subcommands: the state directory. */
  abstract static class Sub extends PkixjCommand {
    @Option(names = "--state-dir", paramLabel = "DIR",
        description = "The security-state directory (default: ~/.pkixj/security-state).")
    Path stateDir;

    Path dir() throws CliException {
      return UpdateCommand.dir(stateDir, SecurityState.defaultDir(),
          "the security-state directory");
    }

    @Override
    protected String inputError(Exception e) {
      if (e instanceof IntermediatesException || e instanceof IntermediatesStore.StoreException) {
        return e.getMessage();
      }
      return super.inputError(e);
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Add the certificates of these files: PEM or DER, the collection's JSON "
          + "export (attachments beside it), or Firefox's attachments zip. All files are checked "
          + "before anything is written: one bad file and nothing changes.")
  static final class Import extends Sub {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The files.")
    List<Path> files;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      IntermediatesStore.Change c = IntermediatesStore.importFiles(dir(), files, Instant.now());
      for (String w : c.warnings()) {
        out.println("warning: " + w);
      }
      out.println("added " + c.added().size() + ", unchanged " + c.unchanged() + "; "
          + c.store().describe());
      return Main.EXIT_OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The stored certificates: SHA-256, record id, subject.")
  static final class ListCmd extends Sub {
    @Option(names = "--json", description = "One JSON object: file, source, "
        + "collection_timestamp, updated, bytes, certificates (each sha256, der_hash, record_id, "
        + "last_modified, subject, origin).")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      Path d = dir();
      Optional<IntermediatesStore.Loaded> l = IntermediatesStore.load(d);
      List<PreloadedIntermediates.Entry> entries = l.map(x -> x.intermediates().entries())
          .orElse(List.of());
      if (json) {
        ObjectNode o = Json.object();
        o.put("file", IntermediatesStore.file(d).toAbsolutePath().toString());
        o.put("stored", l.isPresent());
        o.put("source", l.map(IntermediatesStore.Loaded::source).orElse(""));
        o.put("collection_timestamp", l.map(IntermediatesStore.Loaded::collectionTimestamp)
            .orElse(0L));
        if (l.isPresent()) {
          o.put("updated", Instant.ofEpochMilli(l.get().updatedMillis()).toString());
        } else {
          o.putNull("updated");
        }
        o.put("bytes", l.map(IntermediatesStore.Loaded::bytes).orElse(0L));
        ArrayNode a = o.putArray("certificates");
        for (PreloadedIntermediates.Entry e : entries) {
          ObjectNode j = a.addObject();
          j.put("sha256", e.sha256Hex());
          j.put("der_hash", e.derHash());
          j.put("record_id", e.recordId());
          j.put("last_modified", e.lastModified());
          j.put("subject", e.subject());
          j.put("origin", e.origin());
        }
        out.println(Json.line(o));
        return Main.EXIT_OK;
      }
      if (l.isEmpty()) {
        out.println("no preloaded intermediates stored in " + d.toAbsolutePath()
            + " (pkixj update or pkixj intermediates import stores them)");
        return Main.EXIT_OK;
      }
      out.println(l.get().describe());
      for (PreloadedIntermediates.Entry e : entries) {
        out.println(e.sha256Hex() + "  " + e.recordId() + "  " + e.subject());
      }
      return Main.EXIT_OK;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove stored certificates by SHA-256 (hex, or a unique prefix of at least "
          + "8 digits), record id, or text of the subject; or all with --all. A selector that "
          + "matches nothing is an error and nothing is removed.")
  static final class Remove extends Sub {
    @Parameters(arity = "0..*", paramLabel = "SELECTOR", description = "What to remove.")
    List<String> selectors = new ArrayList<>();

    @Option(names = "--all", description = "Delete the stored file.")
    boolean all;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws Exception {
      if (all == !selectors.isEmpty()) {
        throw new CliException("give either selectors or --all");
      }
      Path d = dir();
      if (all) {
        boolean had = IntermediatesStore.removeAll(d);
        out.println(had ? "removed " + IntermediatesStore.file(d)
            : "nothing stored in " + d.toAbsolutePath());
        return Main.EXIT_OK;
      }
      IntermediatesStore.Change c = IntermediatesStore.remove(d, selectors, Instant.now());
      for (PreloadedIntermediates.Entry e : c.removed()) {
        out.println("removed " + e.sha256Hex() + "  " + e.subject());
      }
      out.println("removed " + c.removed().size() + ", kept " + c.unchanged());
      return Main.EXIT_OK;
    }
  }
}
