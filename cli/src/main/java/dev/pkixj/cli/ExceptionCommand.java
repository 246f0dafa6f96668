package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.db.CertDbEvent;
import dev.pkixj.truststore.db.CertDbException;
import dev.pkixj.truststore.policy.CertOverrideFile;
import dev.pkixj.verifier.policy.PolicyConfig;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.explain.Explanations;
import dev.pkixj.verifier.policy.CertException;
import dev.pkixj.verifier.policy.TimeSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pkixj exception …}: certificate exceptions ("Accept the Risk and Continue"), kept in the
 * certificate database per host and port with the end-entity's SHA-256 fingerprint, and imported
 * from or exported to Firefox's {@code cert_override.txt}.
 *
 * <p>{@code add} verifies the chain first and refuses what Firefox would not offer: a valid chain
 * (nothing to except), an error that cannot be overridden, or a host marked HSTS or pinned in the
 * configuration. Exit status: 0 success, 1 usage or I/O error, 2 the exception was refused.
 */
@Command(name = "exception", mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_INTERNAL,
    description = "Certificate exceptions (\"Accept the Risk and Continue\"), per host and port, "
        + "in the certificate database (default ~/.pkixj/certdb).",
    subcommands = {ExceptionCommand.Add.class, ExceptionCommand.ListCmd.class,
        ExceptionCommand.Remove.class, ExceptionCommand.Import.class,
        ExceptionCommand.Export.class},
    footer = {"", "Examples:",
        "  pkixj exception add self-signed.example:8443 leaf.pem",
        "  pkixj exception add 10.0.0.5 --sha256 AB:CD:...:EF",
        "  pkixj exception list",
        "  pkixj exception remove self-signed.example:8443",
        "  pkixj exception import ~/.mozilla/firefox/PROFILE/cert_override.txt",
        "  pkixj exception export -o cert_override.txt",
        "", "Exit status: 0 success, 2 the exception was refused (or the database was damaged), 1 "
        + "usage or I/O error, 3 internal error."})
final class ExceptionCommand extends CommandGroup {


  /** A host and port from {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6. */
  record HostPort(String host, int port) {
    static HostPort parse(String arg) throws CliException {
      String a = arg.trim();
      String host = a;
      int port = 443;
      if (a.startsWith("[")) {
        int close = a.indexOf(']');
        if (close < 0) {
          throw new CliException("'" + arg + "': an IPv6 address needs its closing ']'");
        }
        host = a.substring(1, close);
        String rest = a.substring(close + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw new CliException("'" + arg + "': expected ':PORT' after ']'");
          }
          port = port(arg, rest.substring(1));
        }
      } else if (a.indexOf(':') >= 0 && a.indexOf(':') == a.lastIndexOf(':')) {
        host = a.substring(0, a.indexOf(':'));
        port = port(arg, a.substring(a.indexOf(':') + 1));
      }
      if (host.isEmpty()) {
        throw new CliException("'" + arg + "': no host");
      }
      return new HostPort(CertException.normaliseHost(host), port);
    }

    private static int port(String arg, String p) throws CliException {
      try {
        int n = Integer.parseInt(p);
        if (n >= 1 && n <= 65535) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new CliException("'" + arg + "': the port must be a number from 1 to 65535");
    }

    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** Base of the subcommands: error handling. */
  abstract static class Sub extends PkixjCommand {
    @Override
    protected abstract int run(PrintWriter out, PrintWriter err) throws CliException,
        CertDbException, IOException;

    /** A database that cannot be used is the user's problem, reported in one line. */
    @Override
    protected String inputError(Exception e) {
      return e instanceof CertDbException ? e.getMessage() : super.inputError(e);
    }

    static void printEvents(CertDb db, PrintWriter err) {
      for (CertDbEvent e : db.events()) {
        err.println("pkixj: database " + e.code() + ": " + e.message());
      }
    }

    static PolicyConfig config(Path file) throws CliException {
      Path p = file == null ? PolicyConfig.defaultPath() : file;
      try {
        return file == null ? PolicyConfig.load(p) : PolicyConfig.loadExisting(p);
      } catch (IOException e) {
        throw new CliException("--config: " + e.getMessage());
      }
    }
  }

  /** Subcommands that only use the database. */
  abstract static class DbSub extends Sub {
    @Option(names = "--db", paramLabel = "PATH",
        description = "The certificate database (default: ~/.pkixj/certdb).")
    Path db;

    Path path() {
      return db == null ? CertDb.defaultPath() : db;
    }

    CertDb openExisting() throws CliException, CertDbException {
      return openExisting(false);
    }

    /** Read-only unless {@code write}: a read-only command never changes the file. */
    CertDb openExisting(boolean write) throws CliException, CertDbException {
      Path p = path();
      if (!Files.exists(p)) {
        throw new CliException(p + ": no database (pkixj exception add or import creates it)");
      }
      return write ? CertDb.open(p) : CertDb.openReadOnly(p);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Add an exception for HOST[:PORT] (port 443 by default).",
          "With certificate files, the chain is verified first (at --time, or now): the "
              + "exception is added only for an error Firefox lets the user override, on a host "
              + "that is not HSTS or pinned (hsts.hosts in the configuration). With --sha256 the "
              + "fingerprint is stored as given, without verification."})
  static final class Add extends Sub {
    @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "The host (or IP "
        + "address; an IPv6 address with a port in brackets) and port.")
    String target;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "CERT",
        description = "LEAF [INTERMEDIATES...]: PEM or DER files, '-' for standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = "--sha256", paramLabel = "FINGERPRINT", description = "The end-entity's "
        + "SHA-256 fingerprint (AB:CD:… or plain hex) instead of certificate files.")
    String sha256;

    @Option(names = "--time", paramLabel = "TIME", converter = TimeConverter.class,
        description = "Verify at this time instead of now.")
    Instant time;

    @Option(names = "--config", paramLabel = "FILE",
        description = "The configuration file (default: ~/.pkixj/config.properties).")
    Path config;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, CertDbException {
      HostPort hp = HostPort.parse(target);
      PolicyConfig cfg = config(config);
      Path dbPath = trust.db == null ? CertDb.defaultPath() : trust.db;
      byte[] fingerprint;
      Result covered = null;
      if (sha256 != null) {
        if (!files.isEmpty()) {
          throw new CliException("give certificate files or --sha256, not both");
        }
        fingerprint = parseFingerprint(sha256);
        // An IPv6 literal always allows an exception (Firefox's OverrideAllowedForHost).
        if (hp.host().indexOf(':') < 0 && cfg.hstsHosts().contains(hp.host())) {
          return refuseHsts(err, hp);
        }
      } else {
        if (files.isEmpty()) {
          throw new CliException("missing the LEAF certificate file (or --sha256)");
        }
        if (files.stream().filter("-"::equals).count() > 1) {
          throw new CliException("standard input ('-') can be read only once");
        }
        List<byte[]> chain = new ArrayList<>();
        for (String f : files) {
          chain.addAll(CertFiles.read(f, System.in));
        }
        if (trust.db != null && !Files.exists(trust.db)) {
          CertDb.open(trust.db).close(); // the database named for the exception: create it
        }
        TrustOptions.Loaded loaded = trust.load(err);
        // verify's pipeline without exceptions: the error an exception would cover.
        VerifyPipeline pipeline = VerifyPipeline.build(loaded.store().trustDomains(), null, cfg,
            cfg.toMitmCanary(), new CtOptions().settings(cfg, err, name()));
        Instant at = time == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : time;
        VerificationResult r = pipeline.verify(chain, hp.host(), hp.port(), at,
            time == null ? TimeSource.SYSTEM_CLOCK : TimeSource.GIVEN, null, null);
        if (r.isValid()) {
          out.println("nothing to add: the certificate is valid for " + hp.host() + " at " + at
              + " (no exception needed)");
          return Main.EXIT_OK;
        }
        Result code = r.result();
        if (!code.isOverridable()) {
          err.println("pkixj exception add: refused: " + code.firefoxName() + " ("
              + code.nssCode() + ") cannot be overridden: "
              + Explanations.nssDescription(code));
          return Main.EXIT_REJECTED;
        }
        if (r.notes().strictTransportSecurity()) {
          return refuseHsts(err, hp);
        }
        fingerprint = sha256(chain.get(0));
        covered = code;
      }
      try (CertDb db = CertDb.open(dbPath)) {
        printEvents(db, err);
        db.putOverride(new CertOverride(hp.host(), hp.port(), fingerprint,
            Instant.now().truncatedTo(ChronoUnit.SECONDS)));
      }
      out.println("added exception for " + hp + ": " + CertException.fingerprint(fingerprint)
          + (covered == null ? "" : " (covers " + covered.firefoxName() + ")") + " in "
          + dbPath);
      return Main.EXIT_OK;
    }

    private static int refuseHsts(PrintWriter err, HostPort hp) {
      err.println("pkixj exception add: refused: " + hp.host() + " is marked HSTS or pinned "
          + "(hsts.hosts in the configuration): Firefox allows no exception for it");
      return Main.EXIT_REJECTED;
    }

    private static byte[] parseFingerprint(String s) throws CliException {
      String hex = s.replace(":", "").replace(" ", "");
      if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        throw new CliException("--sha256: '" + s + "' is not a SHA-256 fingerprint "
            + "(32 bytes of hex, colons allowed)");
      }
      return java.util.HexFormat.of().parseHex(hex);
    }

    private static byte[] sha256(byte[] der) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(der);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the exceptions: host:port, fingerprint, when added.")
  static final class ListCmd extends DbSub {
    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, CertDbException {
      List<CertOverride> all;
      boolean damaged = false; // read with what could be kept: exit 2
      if (!Files.exists(path())) {
        all = List.of();
      } else {
        try (CertDb d = openExisting()) {
          printEvents(d, err);
          all = d.snapshot().overrides();
          damaged = d.damageFound().isPresent();
        }
      }
      if (json) {
        ObjectNode o = Json.object();
        ArrayNode a = o.putArray("exceptions");
        for (CertOverride x : all) {
          ObjectNode e = a.addObject();
          e.put("host", x.host());
          e.put("port", x.port());
          e.put("sha256", CertException.fingerprint(x.sha256()));
          e.put("created", x.created().toString());
        }
        out.println(Json.line(o));
      } else {
        for (CertOverride x : all) {
          out.println(new HostPort(x.host(), x.port()) + "  "
              + CertException.fingerprint(x.sha256()) + "  added " + x.created());
        }
        out.println(all.size() + " exception(s)");
      }
      return damaged ? Main.EXIT_REJECTED : Main.EXIT_OK;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove the exception for HOST[:PORT] (port 443 by default).")
  static final class Remove extends DbSub {
    @Parameters(paramLabel = "HOST[:PORT]")
    String target;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException, CertDbException {
      HostPort hp = HostPort.parse(target);
      try (CertDb d = openExisting(true)) {
        printEvents(d, err);
        if (!d.removeOverride(hp.host(), hp.port())) {
          err.println("pkixj exception remove: no exception for " + hp);
          return Main.EXIT_USAGE;
        }
      }
      out.println("removed the exception for " + hp);
      return Main.EXIT_OK;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Import Firefox's cert_override.txt (from a profile directory).",
          "Lines Firefox would drop are reported on standard error with their number and "
              + "reason, and skipped."})
  static final class Import extends DbSub {
    @Parameters(paramLabel = "FILE", description = "A cert_override.txt file ('-' for "
        + "standard input).")
    String file;

    @Override
    protected int run(PrintWriter out, PrintWriter err)
        throws CliException, CertDbException, IOException {
      String text = overrideText(file);
      CertOverrideFile.Parsed parsed = CertOverrideFile.parse(text,
          Instant.now().truncatedTo(ChronoUnit.SECONDS));
      for (CertOverrideFile.Dropped d : parsed.dropped()) {
        err.println("pkixj exception import: " + CertFiles.display(file) + " " + d);
      }
      try (CertDb d = CertDb.open(path())) {
        printEvents(d, err);
        for (CertOverride o : parsed.overrides()) {
          d.putOverride(o);
        }
      }
      out.println("imported " + parsed.overrides().size() + " exception(s) into " + path()
          + (parsed.dropped().isEmpty() ? ""
              : "; " + parsed.dropped().size() + " line(s) dropped, reported above"));
      return parsed.overrides().isEmpty() && !parsed.dropped().isEmpty()
          ? Main.EXIT_USAGE : Main.EXIT_OK;
    }
  }

  /**
   * The text of a cert_override.txt file ({@code -}: standard input): UTF-8 text (Firefox writes
   * it so), not empty. A binary file, a directory or a missing file is reported naming it.
   */
  static String overrideText(String file) throws CliException {
    byte[] bytes = CertFiles.readBytes(file, System.in);
    String shown = CertFiles.display(file);
    if (bytes.length == 0) {
      throw new CliException(shown + ": empty file (expected Firefox's cert_override.txt)");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CliException(shown + ": not a cert_override.txt file (not UTF-8 text)");
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Write the exceptions as Firefox's cert_override.txt.",
          "Firefox reads the file back (the dbKey field, which pkixj does not keep, is a "
              + "placeholder; Firefox matches exceptions by fingerprint only)."})
  static final class Export extends DbSub {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
        description = "Output file (default: standard output).")
    Path output;

    @Override
    protected int run(PrintWriter out, PrintWriter err)
        throws CliException, CertDbException, IOException {
      List<CertOverride> all;
      boolean damaged = false; // read with what could be kept: exit 2
      if (!Files.exists(path())) {
        all = List.of();
      } else {
        try (CertDb d = openExisting()) {
          printEvents(d, err);
          all = d.snapshot().overrides();
          damaged = d.damageFound().isPresent();
        }
      }
      String text = CertOverrideFile.write(all, null);
      if (output == null) {
        out.print(text);
      } else {
        CertFiles.writeText(output, text);
        err.println("pkixj exception export: wrote " + all.size() + " exception(s) to "
            + output);
      }
      return damaged ? Main.EXIT_REJECTED : Main.EXIT_OK;
    }
  }
}
