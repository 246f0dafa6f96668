package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.batch.Pem;
import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.RootSource;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.db.CertDbEvent;
import dev.pkixj.truststore.db.CertDbException;
import dev.pkixj.truststore.db.Check;
import dev.pkixj.truststore.db.LostRecord;
import dev.pkixj.truststore.db.NotACertDbException;
import dev.pkixj.truststore.db.Snapshot;
import dev.pkixj.truststore.importer.CertdataImporter;
import dev.pkixj.truststore.importer.CertdataWriter;
import dev.pkixj.truststore.importer.KeystoreImporter;
import dev.pkixj.truststore.importer.PemBundle;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.verifier.explain.CertDisplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pkixj db …}: the user's certificate database (user roots and intermediates with their
 * trust, certificate exceptions, remembered intermediates). Built-in roots are never stored in
 * it. Exit status: 0 success, 1 usage or I/O error (and a file that is not a pkixj database), 2
 * {@code check} found the file corrupt, or a read-only command ({@code status}, {@code list},
 * {@code export}) worked with what could be read from a damaged database.
 */
@Command(name = "db", mixinStandardHelpOptions = true,
    description = "Inspect and change the certificate database (default ~/.pkixj/certdb).",
    subcommands = {DbCommand.Status.class, DbCommand.CheckCmd.class, DbCommand.Import.class,
        DbCommand.Export.class, DbCommand.ListCmd.class, DbCommand.TrustCmd.class,
        DbCommand.Distrust.class, DbCommand.Repair.class})
final class DbCommand extends CommandGroup {

  @Option(names = "--db", paramLabel = "PATH", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "The database file (default: ~/.pkixj/certdb).")
  Path db;

  /** Exit status of {@code check} when the file is corrupt. */
  static final int EXIT_CORRUPT = 2;


  Path path() {
    return db == null ? CertDb.defaultPath() : db;
  }

  /** Base of the subcommands: error handling and the database path. */
  abstract static class Sub extends PkixjCommand {
    @ParentCommand DbCommand parent;

    @Override
    protected abstract int run(PrintWriter out, PrintWriter err) throws CliException,
        CertDbException, IOException;

    /** A database that cannot be used is the user's problem, reported in one line. */
    @Override
    protected String inputError(Exception e) {
      return e instanceof CertDbException ? e.getMessage() : super.inputError(e);
    }

    CertDb openExisting() throws CliException, CertDbException {
      return openExisting(false);
    }

    /** Read-only unless {@code write}: a read-only command never changes the file. */
    CertDb openExisting(boolean write) throws CliException, CertDbException {
      Path p = parent.path();
      if (!Files.exists(p)) {
        throw new CliException(p + ": no database (create it with pkixj db import)");
      }
      return write ? CertDb.open(p) : CertDb.openReadOnly(p);
    }

    /** Exit status of a read-only command: 2 when it worked with a damaged database. */
    static int readOnlyExit(CertDb db) {
      return db.damageFound().isPresent() ? EXIT_CORRUPT : Main.EXIT_OK;
    }

    static void printEvents(CertDb db, PrintWriter err) {
      for (CertDbEvent e : db.events()) {
        err.println("pkixj: database " + e.code() + ": " + e.message());
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "The file, its format, record counts and the last "
      + "corruption event.")
  static final class Status extends Sub {
    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, CertDbException {
      try (CertDb db = openExisting()) {
        Snapshot s = db.snapshot();
        Optional<CertDbEvent> last = db.lastCorruption();
        if (json) {
          printEvents(db, err);
          ObjectNode o = Json.object();
          o.put("file", db.path().toString());
          o.put("format_version", db.formatVersion());
          o.put("generation", db.generation());
          o.put("mode", db.mode().name().toLowerCase(Locale.ROOT));
          o.put("records", db.recordCount());
          o.put("certificates", s.entries().size());
          o.put("exceptions", s.overrides().size());
          o.put("intermediates", s.intermediates().size());
          o.put("suspects", s.suspects().size());
          if (last.isEmpty()) {
            o.putNull("last_corruption");
          } else {
            o.set("last_corruption", eventJson(last.get()));
          }
          out.println(Json.line(o));
        } else {
          printEvents(db, err);
          out.println("Database:       " + db.path());
          out.println("Format version: " + db.formatVersion() + ", generation " + db.generation()
              + ", mode " + db.mode().name().toLowerCase(Locale.ROOT));
          out.println("Records:        " + db.recordCount() + " (" + s.entries().size()
              + " certificates, " + s.overrides().size() + " exceptions, "
              + s.intermediates().size() + " remembered intermediates)");
          if (!s.suspects().isEmpty()) {
            out.println("Suspects:       " + s.suspects().size()
                + " certificates treated as distrusted (their settings were lost)");
          }
          out.println("Last corruption: " + last.map(CertDbEvent::message).orElse("none"));
        }
        return readOnlyExit(db);
      }
    }
  }

  static ObjectNode eventJson(CertDbEvent e) {
    ObjectNode c = Json.object();
    c.put("code", e.code().name());
    c.put("detected_at", e.detectedAt().toString());
    c.put("kept", e.kept());
    c.put("lost", e.lostRecords().size());
    if (e.quarantinedFile() == null) {
      c.putNull("quarantined_file");
    } else {
      c.put("quarantined_file", e.quarantinedFile().toString());
    }
    ArrayNode lost = c.putArray("lost_records");
    for (LostRecord l : e.lostRecords()) {
      lost.add(l.describe());
    }
    c.put("message", e.message());
    return c;
  }

  @Command(name = "check", mixinStandardHelpOptions = true, description = "Verify the whole file without changing it; exit 2 "
      + "when it is corrupt, naming what is wrong.")
  static final class CheckCmd extends Sub {
    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, IOException {
      Path p = parent.path();
      if (!Files.exists(p)) {
        throw new CliException(p + ": no database");
      }
      Check c;
      try {
        c = CertDb.checkFile(p);
      } catch (NotACertDbException e) {
        // A directory or a file that never was a pkixj database: exit 1 like every command.
        throw new CliException(e.getMessage());
      } catch (IOException e) {
        throw CertFiles.io(p, "cannot read", e);
      }
      out.println(c);
      return c.ok() ? Main.EXIT_OK : EXIT_CORRUPT;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true, description = "Add certificates from PEM bundles, DER files, "
      + "directories, keystores (.p12/.pfx/.jks/cacerts) or Mozilla certdata.txt.")
  static final class Import extends Sub {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import.")
    List<Path> files;

    @Option(names = "--trust", paramLabel = "anchor|inherit|distrusted",
        description = "Trust for PEM/DER certificates (default anchor; certdata.txt carries its "
            + "own).")
    String trust = "anchor";

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, CertDbException {
      Trust t = Trust.parse(trust);
      if (t == null) {
        throw new CliException("--trust must be anchor, inherit or distrusted, not '" + trust + "'");
      }
      List<TrustEntry> entries = new ArrayList<>();
      List<ImportProblem> found = new ArrayList<>();
      for (Path f : files) {
        ImportResult r = read(f, t);
        found.addAll(r.problems());
        for (TrustEntry e : r.entries()) {
          // Whatever the file calls itself, in the database it is the user's own addition.
          entries.add(new TrustEntry(e.der(), e.trust(), e.distrustAfter(), e.label(), Source.FILE));
        }
      }
      int problems = found.size();
      if (entries.isEmpty() && problems == 1) {
        // Nothing usable: leave the database (or its absence) as it was; one problem, one line.
        throw new CliException(found.get(0) + "; nothing imported into " + parent.path());
      }
      for (ImportProblem p : found) {
        err.println(name() + ": " + p);
      }
      if (entries.isEmpty() && problems > 0) {
        // Nothing usable: leave the database (or its absence) as it was.
        out.println("nothing imported into " + parent.path() + "; " + problems
            + " problem(s) reported above");
        return Main.EXIT_USAGE;
      }
      try (CertDb db = CertDb.open(parent.path())) {
        printEvents(db, err);
        db.putAll(entries);
      }
      out.println("imported " + entries.size() + " certificate(s) into " + parent.path()
          + (problems == 0 ? "" : "; " + problems + " problem(s) reported above"));
      return entries.isEmpty() && problems > 0 ? Main.EXIT_USAGE : Main.EXIT_OK;
    }

    private static ImportResult read(Path f, Trust t) {
      RootSource s = RootSource.parse(f.toString());
      switch (s.kind()) {
        case CERTDATA:
          return CertdataImporter.read(f);
        case KEYSTORE:
          return KeystoreImporter.read(f);
        default:
          return PemBundle.read(f, Source.FILE, t);
      }
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the database's certificates as PEM or "
      + "certdata.txt.")
  static final class Export extends Sub {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file "
        + "(default: standard output).")
    Path output;

    @Option(names = "--format", paramLabel = "pem|certdata", description = "Default pem.")
    String format = "pem";

    @Override
    protected int run(PrintWriter out, PrintWriter err)
        throws CliException, CertDbException, IOException {
      String text;
      int exit;
      try (CertDb db = openExisting()) {
        printEvents(db, err);
        exit = readOnlyExit(db);
        List<TrustEntry> entries = db.snapshot().entries();
        if ("certdata".equalsIgnoreCase(format)) {
          text = CertdataWriter.toText(entries);
        } else if ("pem".equalsIgnoreCase(format)) {
          StringBuilder sb = new StringBuilder();
          for (TrustEntry e : entries) {
            sb.append("# ").append(e.trust().text()).append(' ').append(e.label()).append('\n');
            sb.append(Pem.encode(e.der()));
          }
          text = sb.toString();
        } else {
          throw new CliException("--format must be pem or certdata, not '" + format + "'");
        }
      }
      if (output == null) {
        out.print(text);
      } else {
        CertFiles.writeText(output, text);
        err.println("pkixj db export: wrote " + output);
      }
      return exit;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the certificates, exceptions and remembered "
      + "intermediates.")
  static final class ListCmd extends Sub {
    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, CertDbException {
      try (CertDb db = openExisting()) {
        printEvents(db, err);
        Snapshot s = db.snapshot();
        ObjectNode o = Json.object();
        ArrayNode certs = o.putArray("certificates");
        for (TrustEntry e : s.entries()) {
          ObjectNode c = certs.addObject();
          c.put("sha256", CertDb.hex(CertDb.fingerprint(e.der())));
          c.put("trust", e.trust().text());
          c.put("subject", subject(e.der()));
          c.put("label", e.label());
          c.put("source", e.source().name().toLowerCase(Locale.ROOT));
          if (e.distrustAfter() == null) {
            c.putNull("distrust_after");
          } else {
            c.put("distrust_after", e.distrustAfter().toString());
          }
          if (!json) {
            out.printf("%-10s %s  %s%s%n", e.trust().text(), c.get("sha256").asText(),
                c.get("subject").asText(),
                e.distrustAfter() == null ? "" : "  (distrust after " + e.distrustAfter() + ")");
          }
        }
        ArrayNode exceptions = o.putArray("exceptions");
        for (var x : s.overrides()) {
          ObjectNode c = exceptions.addObject();
          c.put("host", x.host());
          c.put("port", x.port());
          c.put("sha256", CertDb.hex(x.sha256()));
          if (!json) {
            out.printf("exception  %s:%d  %s%n", x.host(), x.port(), c.get("sha256").asText());
          }
        }
        o.put("intermediates", s.intermediates().size());
        if (json) {
          out.println(Json.line(o));
        } else {
          out.println(s.intermediates().size() + " remembered intermediate(s)");
        }
        return readOnlyExit(db);
      }
    }
  }

  static String subject(byte[] der) {
    try {
      return CertDisplay.name(Cert.of(der).subject());
    } catch (PkixException | RuntimeException e) {
      return "(unreadable)";
    }
  }

  /** Reads the certificate named by {@code arg}: a file, or the SHA-256 of a stored entry. */
  static byte[] certificate(CertDb db, String arg) throws CliException {
    String hex = arg.replace(":", "");
    if (hex.length() == 64 && hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
      Optional<TrustEntry> e = db.snapshot().entry(HexFormat.of().parseHex(hex));
      if (e.isEmpty()) {
        throw new CliException("no certificate with SHA-256 " + arg + " in " + db.path()
            + " (give the certificate file instead)");
      }
      return e.get().der();
    }
    List<byte[]> ders = CertFiles.read(arg, System.in);
    if (ders.size() != 1) {
      throw new CliException(arg + ": holds " + ders.size() + " certificates; give exactly one");
    }
    try {
      Cert.parse(ders.get(0));
    } catch (PkixException e) {
      throw new CliException(arg + ": not a usable certificate: " + e.result().firefoxName());
    }
    return ders.get(0);
  }

  @Command(name = "trust", mixinStandardHelpOptions = true, description = "Trust a certificate as an anchor (or set another "
      + "trust), optionally with a distrust-after date.")
  static final class TrustCmd extends Sub {
    @Parameters(paramLabel = "CERT", description = "A certificate file, or the SHA-256 of a "
        + "stored certificate.")
    String cert;

    @Option(names = "--as", paramLabel = "anchor|inherit", description = "Default anchor.")
    String as = "anchor";

    @Option(names = "--distrust-after", paramLabel = "TIME", converter = TimeConverter.class,
        description = "End-entities issued after this time are refused (RFC 3339 or a date).")
    Instant distrustAfter;

    @Option(names = "--label", description = "A name for the certificate.")
    String label;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, CertDbException {
      Trust t = Trust.parse(as);
      if (t == null || t == Trust.DISTRUSTED) {
        throw new CliException("--as must be anchor or inherit (use pkixj db distrust)");
      }
      return set(parent.path(), cert, t, distrustAfter, label, out, err);
    }
  }

  @Command(name = "distrust", mixinStandardHelpOptions = true, description = "Actively distrust a certificate "
      + "(UNTRUSTED_CERT / UNTRUSTED_ISSUER wherever it appears).")
  static final class Distrust extends Sub {
    @Parameters(paramLabel = "CERT", description = "A certificate file, or the SHA-256 of a "
        + "stored certificate.")
    String cert;

    @Option(names = "--label", description = "A name for the certificate.")
    String label;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, CertDbException {
      return set(parent.path(), cert, Trust.DISTRUSTED, null, label, out, err);
    }
  }

  static int set(Path path, String cert, Trust t, Instant distrustAfter, String label,
      PrintWriter out, PrintWriter err) throws CliException, CertDbException {
    try (CertDb db = CertDb.open(path)) {
      Sub.printEvents(db, err);
      byte[] der = certificate(db, cert);
      db.put(new TrustEntry(der, t, distrustAfter, label == null ? subject(der) : label,
          Source.USER));
      out.println(t.text() + ": " + subject(der) + " (" + CertDb.hex(CertDb.fingerprint(der))
          + ") in " + path);
      return Main.EXIT_OK;
    }
  }

  @Command(name = "repair", mixinStandardHelpOptions = true, description = "Salvage a damaged database now: keep every sound "
      + "record, set the damaged file aside, regenerate, and report what was kept and lost.")
  static final class Repair extends Sub {
    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, CertDbException {
      try (CertDb db = openExisting(true)) {
        List<CertDbEvent> events = db.events();
        for (CertDbEvent e : events) {
          out.println(e.code() + ": " + e.message());
        }
        db.compact();
        out.println(events.isEmpty() ? "no damage found; " + db.path() + " compacted ("
            + db.recordCount() + " records)" : "repaired: " + db.path() + " now holds "
            + db.recordCount() + " records");
        return Main.EXIT_OK;
      }
    }
  }
}
