package dev.pkixj.cli.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.batch.BatchEngine;
import dev.pkixj.batch.DerInterner;
import dev.pkixj.batch.HtmlReport;
import dev.pkixj.batch.InputReader;
import dev.pkixj.batch.Progress;
import dev.pkixj.batch.RecordVerifier;
import dev.pkixj.batch.RunStats;
import dev.pkixj.cli.CliException;
import dev.pkixj.cli.CtOptions;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.cli.PkixjCommand;
import dev.pkixj.cli.ProfileOptions;
import dev.pkixj.cli.TimeConverter;
import dev.pkixj.cli.CrliteOptions;
import dev.pkixj.cli.TrustMixin;
import dev.pkixj.cli.SecurityStateOptions;
import dev.pkixj.truststore.SecurityStateLoader;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.verifier.policy.RevocationBlocklist;
import dev.pkixj.verifier.policy.TlsPolicy;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.revocation.CrliteMode;
import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.policy.PolicyConfig;
import java.util.Map;
import java.util.TreeMap;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pkixj batch}: verifies millions of captured chains as Firefox would, on every core, with
 * bounded memory; one NDJSON result per input record, and a summary.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_INTERNAL,
    sortOptions = false,
    description = {
        "Verifies captured TLS chains in bulk as Firefox does: one NDJSON result per input "
            + "record, then a summary.",
        "INPUT: NDJSON ({\"id\",\"host\",\"time\",\"chain\":[base64 DER, leaf first]}, host and "
            + "time optional), PEM or DER files (one chain each), directories of them, CT "
            + "get-entries responses ({\"entries\":[{\"leaf_input\",\"extra_data\"}]}); gzip is "
            + "read transparently; '-' is standard input.",
        "Result fields: id, line, verdict (valid/invalid/malformed), code (Firefox's name, "
            + "\"Success\" when valid), nss_code, cert_index, host, chain (SHA-256 of the path "
            + "built, leaf first), issuer (invalid only), error (malformed only), entry_type (CT), "
            + "ct_status (Certificate Transparency: compliant, not_enough_scts, not_diverse_scts, "
            + "not_applicable, exempt; null when malformed), crlite (CRLite's answer for the "
            + "leaf: off, revoked, good, not_enrolled, not_covered, no_filter, stale; null when "
            + "malformed), preloaded (true if a preloaded intermediate completed the chain), "
            + "onecrl (the id of the OneCRL entry that refused it, else null); with --profile "
            + "strict, violations ([{\"rule\",\"code\",\"cert\"}], every rule the chain "
            + "breaks; code is then the Firefox code the verdict is reported as).",
        "Strict profile (--profile strict, docs/strict-profile.md): --crl and --max-chain-depth "
            + "apply to every record; the summary and the report count the chains per rule "
            + "broken.",
        "Security state: the preloaded intermediates and OneCRL stored in "
            + "~/.pkixj/security-state (--state-dir DIR for another; --no-preloaded-intermediates, "
            + "--no-onecrl to leave either out); --sample reads none unless --state-dir is given.",
        "Revocation: CRLite only (--crlite, else the filters 'pkixj crlite update' stored); "
            + "batch makes no network request, so OCSP is never fetched."},
    footer = {"", "Exit status: 0 the run completed (whatever the verdicts), 2 it completed with a damaged "
        + "database (read with what could be kept), 1 usage or I/O error, 3 internal error.",
        "", "Examples:",
        "  pkixj batch --sample                        (10,000 generated chains, their roots)",
        "  pkixj batch captures.ndjson.gz --roots roots.pem -o results.ndjson --report report.html",
        "  pkixj batch ct-entries/ -o ct.ndjson --json",
        "  pkixj batch captures.ndjson --ct enforce --ct-logs log_list.json -o results.ndjson",
        "  pkixj batch captures.ndjson --roots roots.pem --profile strict --report report.html",
        "  pkixj batch captures.ndjson -o results.ndjson --resume   (after an interruption)"})
public final class BatchCommand extends PkixjCommand {
  /** Records in the sample of {@code --sample} without a number. */
  public static final String SAMPLE_DEFAULT = "10000";


  @Parameters(paramLabel = "INPUT", arity = "0..*",
      description = "NDJSON, PEM/DER or CT files, directories, '-' for standard input.")
  List<String> inputs = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where the results go (NDJSON; gzip if FILE ends with .gz). Default: "
          + "standard output.")
  Path output;

  @Option(names = "--json",
      description = "Print the summary as one JSON object, the last line on standard output.")
  boolean json;

  @Option(names = "--summary", paramLabel = "FILE",
      description = "Where the summary is written (default: OUTPUT.summary.json or "
          + ".summary.csv; none when the results go to standard output).")
  Path summaryFile;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
      description = "Format of the summary file: json (default) or csv (section,key,value).")
  String format;

  @Option(names = "--report", paramLabel = "FILE.html",
      description = "Also write a self-contained HTML report (charts of verdicts per code, "
          + "throughput, top issuers and hosts per error code).")
  Path report;

  @Option(names = "--resume",
      description = "Continue an interrupted run: keep OUTPUT's complete lines and verify the "
          + "records after them (same INPUTs and options).")
  boolean resume;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Host name to check for records that have none (default: no host check).")
  String host;

  @Option(names = "--time", paramLabel = "TIME", converter = TimeConverter.class,
      description = "Verification time for records that have none (default: the start of the "
          + "run); RFC 3339 or epoch seconds. CT entries use their timestamp.")
  Instant time;

  @Mixin TrustMixin trust = new TrustMixin();

  @Mixin CtOptions ct = new CtOptions();

  @Mixin CrliteOptions crlite = new CrliteOptions();

  @Mixin SecurityStateOptions state = new SecurityStateOptions();

  @Mixin ProfileOptions profile = new ProfileOptions();

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads (default: one per core).")
  Integer threads;

  @Option(names = "--progress", negatable = true,
      description = "Show a progress bar on standard error (default: only on a terminal).")
  Boolean progress;

  @Option(names = "--cache", paramLabel = "N", defaultValue = "16384",
      description = "Certificates kept decoded (default: ${DEFAULT-VALUE}).")
  int cacheSize;

  @Option(names = "--sample", arity = "0..1", paramLabel = "N", fallbackValue = SAMPLE_DEFAULT,
      description = "Generate N chains (default " + SAMPLE_DEFAULT + ") with pkixj sample into "
          + "a temporary directory and verify them with their roots.")
  Long sample;

  @Override
  protected int run(PrintWriter out, PrintWriter err) throws CliException {
    return run(err);
  }

  private int run(PrintWriter err) throws CliException {
    boolean csv = format.equalsIgnoreCase("csv");
    if (!csv && !format.equalsIgnoreCase("json")) {
      throw new CliException("--format must be json or csv");
    }
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (workers < 1) {
      throw new CliException("--threads must be at least 1");
    }
    if (cacheSize < 1 || cacheSize > (1 << 24)) {
      throw new CliException("--cache must be between 1 and 16777216 (certificates kept decoded)");
    }
    ct.validate();
    profile.strictOptions(); // a bad --profile, --crl or --max-chain-depth, before any input
    if (sample != null) {
      prepareSample(err);
    }
    if (inputs.isEmpty()) {
      throw new CliException("give INPUT files, directories or '-' (or --sample); see "
          + "pkixj batch --help");
    }
    if (inputs.stream().filter("-"::equals).count() > 1) {
      throw new CliException("standard input ('-') can be read only once");
    }
    for (String in : inputs) {
      if (!in.equals("-") && !Files.exists(Path.of(in))) {
        throw new CliException(in + ": no such file or directory");
      }
    }
    // Files to write must be files: refused before anything is read or written.
    for (Path p : new Path[] {output, summaryFile, report}) {
      if (p != null && Files.isDirectory(p)) {
        throw new CliException(p + ": is a directory (name the file to write)");
      }
    }
    if (resume && output == null) {
      throw new CliException("--resume needs -o OUTPUT (the results of the interrupted run)");
    }
    if (resume && output.toString().endsWith(".gz")) {
      throw new CliException("--resume cannot continue a gzip output; write plain NDJSON");
    }
    Path summaryPath = summaryFile != null ? summaryFile
        : output != null ? output.resolveSibling(output.getFileName() + ".summary."
            + (csv ? "csv" : "json")) : null;

    // Defaults: the run's start, or what the interrupted run used.
    Instant defaultTime = time != null ? time : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String defaultHost = host;
    RunStats stats = new RunStats();
    stats.startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    long skip = 0;
    if (resume && Files.exists(output)) {
      JsonNode previous = readPreviousSummary(output, summaryPath, csv);
      earlierPart(previous, output, stats);
      if (previous != null) {
        List<String> before = new ArrayList<>();
        previous.path("inputs").forEach(n -> before.add(n.asText()));
        if (!before.isEmpty() && !before.equals(inputs)) {
          throw new CliException("--resume: the interrupted run read " + before
              + ", not " + inputs);
        }
        if (time == null && previous.hasNonNull("default_time")) {
          defaultTime = Instant.parse(previous.get("default_time").asText());
        }
        if (host == null && previous.hasNonNull("default_host")) {
          defaultHost = previous.get("default_host").asText();
        }
        if (previous.path("completed").asBoolean()) {
          err.println("pkixj batch: " + output + ": that run had completed; verifying nothing "
              + "new unless the input grew");
        }
      }
      skip = readPreviousOutput(output, stats);
      err.printf(Locale.ROOT, "pkixj batch: resuming after %,d records%n", skip);
    }

    CtSettings ctSettings = ctSettings(err);
    RevocationConfig revocation = revocation(err);
    // The sample reads no stored security state (it stays reproducible) unless --state-dir
    // names one, as it reads no stored CT log list.
    SecurityStateLoader.Loaded stored = sample != null && state.stateDir == null
        ? SecurityStateLoader.Loaded.none(state.dir()) : state.load(err, name());
    TrustStore store = SecurityStateOptions.apply(trust.loadStore(err), stored);
    Verifier verifier = new Verifier(store.trustDomains(revocation))
        .withPolicy(TlsPolicy.builder().blocklist(RevocationBlocklist.of(stored.oneCrl()))
            .build())
        .withCt(ctSettings);
    verifier = profile.apply(verifier);
    stats.strict = profile.isStrict();
    RecordVerifier rv = new RecordVerifier(verifier, defaultHost, defaultTime.getEpochSecond(),
        store);
    DerInterner base64 = new DerInterner(cacheSize);
    DerInterner der = new DerInterner(cacheSize);
    BatchEngine engine = new BatchEngine(rv, base64, workers);

    InputReader reader;
    try {
      reader = new InputReader(inputs, System.in, der, skip);
    } catch (IOException e) {
      throw new CliException("cannot read the input: " + e.getMessage());
    }
    List<String> inputNames = List.copyOf(inputs);
    String outputName = output == null ? null : output.toString();

    // A first summary, so that a run killed outright can still be resumed with its settings.
    if (summaryPath != null && !csv) {
      RunStats.RunInfo first = new RunStats.RunInfo(0, workers, inputNames, outputName,
          defaultTime.toString(), defaultHost, false, false, null, 0, 0, 0, 0, -1,
          Runtime.getRuntime().maxMemory(), -1);
      writeAtomically(summaryPath, Json.line(stats.toJson(first)) + "\n");
    }

    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.set(true);
      try {
        finished.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "pkixj-batch-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintStream stdout = System.out;
    Progress bar = null;
    try {
      OutputStream out;
      try {
        out = openOutput(stdout);
      } catch (IOException e) {
        throw new CliException(output + ": cannot write: " + ioReason(e));
      }
      boolean showProgress = progress != null ? progress : System.console() != null;
      if (showProgress) {
        bar = new Progress(System.err, stats, reader::bytesRead, reader.totalBytes());
        bar.start();
      }
      long t0 = System.nanoTime();
      double cpu0 = RunStats.processCpuSeconds();
      BatchEngine.Outcome outcome = engine.run(reader, out, stats, stop, null);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = cpu0 < 0 ? -1 : RunStats.processCpuSeconds() - cpu0;
      String ioError = outcome.ioError();
      try {
        if (output != null) {
          out.close();
        } else {
          out.flush();
        }
      } catch (IOException e) {
        ioError = ioError != null ? ioError : "writing the output: " + e.getMessage();
      }
      if (stdout.checkError() && output == null && ioError == null) {
        ioError = "writing the output: standard output was closed";
      }
      if (bar != null) {
        bar.stop();
        bar = null;
      }
      RunStats.RunInfo info = new RunStats.RunInfo(seconds, workers, inputNames, outputName,
          defaultTime.toString(), defaultHost, outcome.completed() && ioError == null,
          outcome.interrupted(), ioError, base64.lookups() + der.lookups(),
          base64.hits() + der.hits(), base64.leafLookups(), base64.leafHits(),
          RunStats.peakRss(), Runtime.getRuntime().maxMemory(), cpu);
      ObjectNode summary = stats.toJson(info);
      if (summaryPath != null) {
        writeAtomically(summaryPath, csv ? RunStats.toCsv(summary)
            : Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
      }
      if (report != null) {
        writeAtomically(report, HtmlReport.render(summary));
      }
      if (json) {
        stdout.println(Json.line(summary));
        stdout.flush();
      } else {
        PrintStream to = output == null ? System.err : stdout;
        to.print(RunStats.toText(summary));
        if (sampleWritten != null) {
          to.println("  sample check: " + sampleCheck(summary));
        }
        if (output != null) {
          to.println("  results: " + output + (summaryPath == null ? ""
              : "   summary: " + summaryPath) + (report == null ? "" : "   report: " + report));
        }
        to.flush();
      }
      if (ioError != null) {
        err.println("pkixj batch: " + ioError);
        return outcome.internalError() ? Main.EXIT_INTERNAL : Main.EXIT_USAGE;
      }
      if (sampleWritten != null && sampleCheck(summary).startsWith("MISMATCH")) {
        // The generator's kinds and the verifier disagree: a bug in pkixj, not in the input.
        err.println("pkixj batch: internal error: sample check " + sampleCheck(summary));
        return Main.EXIT_INTERNAL;
      }
      // Verified with what could be read of a damaged database (reported when it was loaded).
      return trust.databaseDamaged() ? Main.EXIT_REJECTED : Main.EXIT_OK;
    } catch (IOException e) {
      throw new CliException("cannot write the summary: " + e.getMessage());
    } finally {
      if (bar != null) {
        bar.stop();
      }
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for `finished`
      }
    }
  }

  private OutputStream openOutput(PrintStream stdout) throws IOException {
    if (output == null) {
      return new BufferedOutputStream(stdout, 1 << 16);
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    OutputStream file = resume
        ? Files.newOutputStream(output, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
        : Files.newOutputStream(output);
    if (output.toString().endsWith(".gz")) {
      return new BufferedOutputStream(new GZIPOutputStream(file, 1 << 16), 1 << 20);
    }
    return new BufferedOutputStream(file, 1 << 20);
  }

  /**
   * The run's CT settings: the options over the default settings file's {@code ct.*} keys (the
   * sample reads no settings file: it stays reproducible).
   */
  /**
   * CRLite only (docs/crlite.md): batch has no network, so OCSP is never fetched. The filters of
   * {@code --crlite}, else the stored ones; enforced by default when there are filters, else off.
   */
  private RevocationConfig revocation(PrintWriter err) throws CliException {
    if (!crlite.given() && crlite.mode(CrliteMode.ENFORCE) == CrliteMode.OFF) {
      return RevocationConfig.off(); // asked for off: the store is not even read
    }
    CrliteFilters filters = crlite.filters(err, name());
    CrliteMode m = crlite.mode(filters == CrliteFilters.NONE ? CrliteMode.OFF
        : CrliteMode.ENFORCE);
    return RevocationConfig.off().withCrlite(m, m == CrliteMode.OFF ? CrliteFilters.NONE
        : filters);
  }

  private CtSettings ctSettings(PrintWriter err) throws CliException {
    PolicyConfig config;
    try {
      config = sample != null ? PolicyConfig.empty(PolicyConfig.defaultPath())
          : PolicyConfig.load(PolicyConfig.defaultPath());
    } catch (IOException e) {
      throw new CliException(e.getMessage());
    }
    return ct.settings(config, err, name());
  }

  /** What {@code --sample} wrote, for its check; null otherwise. */
  private SampleGenerator.Written sampleWritten;
  /** Whether the sample runs with CT enforced (its expected codes then count CT failures). */
  private boolean sampleCtEnforced;

  /**
   * The sample's self-check: the codes found against the codes of the records written
   * ({@link SampleGenerator.Written#expectedCodes(boolean)}, under CT enforcement when the run
   * enforces it).
   */
  private String sampleCheck(ObjectNode summary) {
    Map<String, Long> expected = new TreeMap<>();
    sampleWritten.expectedCodes(sampleCtEnforced)
        .forEach((k, v) -> expected.put(k == null ? "malformed" : k, v));
    Map<String, Long> found = new TreeMap<>();
    summary.get("codes").fields().forEachRemaining(e -> found.put(e.getKey(),
        e.getValue().asLong()));
    long malformed = summary.get("malformed").asLong();
    if (malformed > 0) {
      found.put("malformed", malformed);
    }
    String ctNote = sampleCtEnforced ? " (CT enforced)" : " (CT not enforced)";
    if (!summary.get("completed").asBoolean()) {
      return "not made: the run did not complete";
    }
    if (summary.has("rules")) {
      return "not made: the generator's codes are the Firefox profile's, not the strict one's";
    }
    return expected.equals(found) ? "every code as generated" + ctNote
        : "MISMATCH" + ctNote + ": expected " + expected + ", found " + found;
  }

  /** Generates the sample into a temporary directory and points the run at it. */
  private void prepareSample(PrintWriter err) throws CliException {
    if (!inputs.isEmpty() || trust.given() || resume || ct.logsGiven()) {
      throw new CliException("--sample takes no INPUT, --roots, --root-source, --db, --ct-logs "
          + "or --resume");
    }
    if (sample < 1) {
      throw new CliException("--sample needs at least 1 chain");
    }
    try {
      Path dir = Files.createTempDirectory("pkixj-batch-sample-");
      Path corpus = dir.resolve("sample.ndjson");
      long t0 = System.nanoTime();
      SampleGenerator.Written w = SampleCommand.generate(SampleGenerator.Options.defaults(sample),
          corpus);
      // Its roots are not Mozilla's, so auto would not apply CT: enforce it with its log list.
      Path logs = SampleCommand.ctLogsFile(corpus);
      ct.useSampleLogs(logs);
      sampleWritten = w;
      sampleCtEnforced = ct.modeGiven() == CtMode.ENFORCE;
      err.printf(Locale.ROOT, "pkixj batch: generated %,d sample chains (%d roots, %d "
              + "intermediates) in %.1f s into %s; CT %s with its log list %s%n", w.records(),
          w.roots(), w.intermediates(), (System.nanoTime() - t0) / 1e9, dir,
          sampleCtEnforced ? "enforced" : ct.modeGiven().cliName(), logs.getFileName());
      err.flush();
      inputs.add(corpus.toString());
      trust.useRoots(SampleCommand.rootsFile(corpus).toString());
      if (output == null) {
        output = dir.resolve("results.ndjson");
      }
    } catch (IOException e) {
      throw new CliException("cannot write the sample: " + ioReason(e));
    }
  }

  /**
   * The elapsed and CPU seconds of the part of the run done before the interruption, so that the
   * summary's time and rates cover the same records as its counts: from the interrupted run's
   * final summary (its own times are whole-run ones already), or, when it was killed before
   * writing one, from the start its first summary recorded to the last write of its output (CPU
   * time then unknown). Unknown without a summary.
   */
  static void earlierPart(JsonNode previous, Path output, RunStats stats) {
    stats.resumedSeconds = Double.NaN;
    stats.resumedCpuSeconds = -1;
    if (previous == null) {
      return;
    }
    // The summary written at the end of a run says how it ended; the one written at its start
    // (all a run killed outright leaves) says neither.
    boolean ended = previous.path("completed").asBoolean() || previous.path("interrupted")
        .asBoolean() || previous.has("io_error");
    if (ended && previous.path("seconds").isNumber()) {
      stats.resumedSeconds = previous.get("seconds").asDouble();
      stats.resumedCpuSeconds = previous.path("cpu_seconds").isNumber()
          ? previous.get("cpu_seconds").asDouble() : -1;
      return;
    }
    JsonNode started = previous.path("invocation").path("started_at");
    JsonNode before = previous.path("resumed_seconds");
    if (!started.isTextual() || !(before.isNumber() || previous.path("resumed_records")
        .asLong() == 0)) {
      return;
    }
    try {
      long lastWrite = Files.getLastModifiedTime(output).toMillis();
      long start = Instant.parse(started.asText()).toEpochMilli();
      stats.resumedSeconds = (before.isNumber() ? before.asDouble() : 0)
          + Math.max(0, lastWrite - start) / 1000.0;
    } catch (IOException | java.time.format.DateTimeParseException e) {
      // unknown: the summary says so
    }
  }

  private static JsonNode readPreviousSummary(Path output, Path summaryPath, boolean csv) {
    Path p = summaryPath;
    if (p == null || csv) {
      p = output.resolveSibling(output.getFileName() + ".summary.json");
    }
    try {
      return Files.exists(p) ? Json.MAPPER.readTree(p.toFile()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Counts the complete result lines of an interrupted run into {@code stats}, cuts the file
   * after the last good one, and returns how many records that is.
   */
  static long readPreviousOutput(Path output, RunStats stats) throws CliException {
    long count = 0;
    long goodEnd = 0;
    try (RandomAccessFile f = new RandomAccessFile(output.toFile(), "rw")) {
      java.io.InputStream in = new java.io.BufferedInputStream(
          java.nio.channels.Channels.newInputStream(f.getChannel()), 1 << 20);
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(1024);
      long pos = 0;
      int c;
      while ((c = in.read()) >= 0) {
        pos++;
        if (c != '\n') {
          line.write(c);
          continue;
        }
        JsonNode n;
        try {
          n = Json.MAPPER.readTree(line.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
          n = null;
        }
        if (n == null || !n.isObject() || !n.has("verdict")) {
          if (count == 0) {
            // Not a single result line: not ours to cut (a torn first line was never
            // followed by a newline, so it does not get here).
            throw new CliException(output + ": not the results of a pkixj batch run (its "
                + "first line is no result line); --resume leaves it as it is");
          }
          break; // a damaged line: resume from here
        }
        stats.addPreviousOutputLine(n);
        count++;
        goodEnd = pos;
        line.reset();
      }
      if (count == 0 && line.size() > 0 && line.toByteArray()[0] != '{') {
        throw new CliException(output + ": not the results of a pkixj batch run (no result "
            + "line); --resume leaves it as it is");
      }
      f.getChannel().truncate(goodEnd);
    } catch (IOException e) {
      throw new CliException(output + ": cannot read the interrupted run's results: "
          + ioReason(e));
    }
    return count;
  }

  /** What went wrong, in words, without the exception's class name or a repeated path. */
  static String ioReason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  private static void writeAtomically(Path p, String text) throws CliException {
    try {
      Path parent = p.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp); // gone after the move; left behind by nothing else
      }
    } catch (IOException e) {
      throw new CliException(p + ": cannot write: " + ioReason(e));
    }
  }
}
