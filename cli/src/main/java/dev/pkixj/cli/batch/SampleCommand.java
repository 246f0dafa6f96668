package dev.pkixj.cli.batch;

import dev.pkixj.cli.CliException;
import dev.pkixj.cli.Main;
import dev.pkixj.cli.PkixjCommand;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pkixj sample}: writes a synthetic corpus of captured chains for {@code pkixj batch}. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_INTERNAL,
    description = {
        "Writes a realistic synthetic corpus of captured TLS chains as NDJSON, and its roots "
            + "(FILE.roots.pem) and CT log list (FILE.ct-logs.json, Chrome v3 JSON) beside it, "
            + "for pkixj batch.",
        "Tens of roots, a few hundred intermediates (a few issue most leaves), nearly all "
            + "leaves new, some re-captured, and about 10%% of the common errors "
            + "(expired, wrong host, missing intermediate, unknown root, self-signed, expired "
            + "intermediate, bad signature, SHA-1) plus a few malformed records.",
        "Leaves embed SCTs from the test logs that satisfy Firefox's CT policy, except about 3%% "
            + "of the valid ones (no SCTs, too few, one operator, a bad SCT signature), which "
            + "Firefox rejects when CT is enforced."},
    footer = {"", "Examples:",
        "  pkixj sample --chains 100000 -o corpus.ndjson",
        "  pkixj batch corpus.ndjson --roots corpus.ndjson.roots.pem -o results.ndjson"})
public final class SampleCommand extends PkixjCommand {
  @Option(names = "--chains", paramLabel = "N", defaultValue = "20000",
      description = "Number of records (default: ${DEFAULT-VALUE}).")
  long chains;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
      description = "The NDJSON file to write (gzip when it ends with .gz); the roots go to "
          + "FILE.roots.pem, the CT log list to FILE.ct-logs.json.")
  Path output;

  @Option(names = "--mix", paramLabel = "MIX", defaultValue = "mixed",
      description = "CA signatures: rsa, ecdsa or mixed (60%% RSA; default).")
  String mix;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: 1).")
  long seed;

  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
  Integer threads;

  @Override
  protected int run(PrintWriter out, PrintWriter err) throws CliException {
    SampleGenerator.Mix m;
    try {
      m = SampleGenerator.Mix.valueOf(mix.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CliException("--mix must be rsa, ecdsa or mixed");
    }
    if (chains < 1) {
      throw new CliException("--chains must be at least 1");
    }
    if (threads != null && threads < 1) {
      throw new CliException("--threads must be at least 1");
    }
    for (Path p : new Path[] {output, rootsFile(output), ctLogsFile(output)}) {
      if (Files.isDirectory(p)) {
        throw new CliException(p + ": is a directory (give -o a file name)");
      }
    }
    SampleGenerator.Options o = SampleGenerator.Options.defaults(chains).withMix(m).withSeed(seed);
    if (threads != null) {
      o = o.withThreads(threads);
    }
    try {
      long t0 = System.nanoTime();
      SampleGenerator.Written w = generate(o, output);
      double secs = (System.nanoTime() - t0) / 1e9;
      err.printf(Locale.ROOT, "pkixj sample: %,d records (%,d re-captured) under %d roots and "
              + "%d intermediates in %.1f s: %s, roots in %s, CT logs in %s%n", w.records(),
          w.recaptures(), w.roots(), w.intermediates(), secs, output, rootsFile(output),
          ctLogsFile(output));
      for (Map.Entry<String, Long> e : w.expectedCodes().entrySet()) {
        err.printf(Locale.ROOT, "  %-46s %,10d%n", e.getKey() == null ? "(malformed record)"
            : e.getKey(), e.getValue());
      }
      long faulty = w.records() - w.ctFaults().get(SampleGenerator.CtFault.NONE);
      err.printf(Locale.ROOT, "  %,d SCTs from %d CT logs; %,d of the valid records fail "
          + "Firefox's CT policy (%s when CT is enforced)%n", w.scts(), w.ctLogs(), faulty,
          SampleGenerator.CtFault.CODE);
      return Main.EXIT_OK;
    } catch (IOException e) {
      throw new CliException(output + ": cannot write: " + describe(e));
    }
  }

  /** What went wrong, in words: never only a path, never an exception class name. */
  static String describe(IOException e) {
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " exists and is not a directory";
    }
    if (e instanceof NoSuchFileException f) {
      return f.getFile() + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
    }
    return e.getMessage() == null ? "I/O error" : e.getMessage();
  }

  /** {@code FILE.roots.pem}. */
  public static Path rootsFile(Path output) {
    return output.resolveSibling(output.getFileName() + ".roots.pem");
  }

  /** {@code FILE.ct-logs.json}: the corpus's CT logs as a Chrome v3 log list. */
  public static Path ctLogsFile(Path output) {
    return output.resolveSibling(output.getFileName() + ".ct-logs.json");
  }

  /** Writes the corpus to {@code output}, and its roots and CT log list beside it. */
  public static SampleGenerator.Written generate(SampleGenerator.Options o, Path output)
      throws IOException {
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream file = Files.newOutputStream(output);
        OutputStream out = new BufferedOutputStream(output.toString().endsWith(".gz")
            ? new GZIPOutputStream(file, 1 << 16) : file, 1 << 20);
        OutputStream roots = Files.newOutputStream(rootsFile(output));
        OutputStream ctLogs = Files.newOutputStream(ctLogsFile(output))) {
      return SampleGenerator.write(o, out, roots, ctLogs);
    }
  }
}
