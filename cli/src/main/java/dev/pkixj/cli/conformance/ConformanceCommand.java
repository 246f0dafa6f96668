package dev.pkixj.cli.conformance;

import dev.pkixj.cli.Json;
import dev.pkixj.cli.Main;
import dev.pkixj.cli.PkixjCommand;
import dev.pkixj.verifier.Profile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pkixj conformance FILE…}: runs corpora (schema auto-detected) and prints one NDJSON line
 * per case, then one summary line. See {@link ConformanceRunner} for the harness rules.
 */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_INTERNAL,
    description = {
        "Runs conformance corpora through the verifier: x509-limbo JSON, Firefox-parity or "
            + "host-name-parity JSONL, OCSP-parity JSONL.",
        "Prints one JSON line per case {\"id\",\"expected\",\"actual\",\"outcome\",\"reason\"} "
            + "(outcome: agree, disagree, skip or timeout), then one summary line {\"cases\","
            + "\"agree\",\"disagree\",\"skipped\",\"timeouts\",\"false_accepts\","
            + "\"false_rejects\"} over all files. A one-line summary per file goes to standard "
            + "error."},
    footer = {"", "Exit status: 0 whatever the agreement; 1 if a file cannot be read or is not a "
        + "known corpus; 3 internal error.",
        "", "Examples:",
        "  pkixj conformance firefox-parity-dev.jsonl hostname-parity-dev.jsonl --quiet",
        "  pkixj conformance limbo-dev.json --mozpkix limbo-dev-mozpkix.jsonl "
            + "| jq -c 'select(.outcome==\"disagree\")'"})
public final class ConformanceCommand extends PkixjCommand {
  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Corpus files.")
  List<Path> files;

  @Option(names = "--mozpkix", paramLabel = "FILE",
      description = "For limbo corpora: compare with Firefox's verdicts from this file "
          + "(limbo-dev-mozpkix.jsonl) instead of limbo's expected results; each line then also "
          + "carries \"firefox\".")
  Path mozpkix;

  @Option(names = "--profile", paramLabel = "firefox|strict", defaultValue = "firefox",
      description = "The verifier profile (default: ${DEFAULT-VALUE}). strict: Firefox's checks "
          + "plus the RFC 5280 and Baseline Requirements rules of docs/strict-profile.md; for "
          + "limbo it honours the cases' crls and max_chain_depth and skips only the cases "
          + "limbo marks rfc5280-incompatible-with-webpki and those it declares in conflict "
          + "(conflicts_with) with a webpki:: case.")
  String profile;

  @Option(names = "--quiet", description = "Print only the summary line.")
  boolean quiet;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
      description = "Time limit per case, in seconds (default: ${DEFAULT-VALUE}); past it the "
          + "case's outcome is timeout (actual HANG), counted apart from disagreements.")
  double timeoutSeconds;

  @Override
  protected int run(PrintWriter out, PrintWriter err) {
    int status = Main.EXIT_OK;
    Summary total = Summary.EMPTY;
    if (!(timeoutSeconds >= 0.001) || Double.isInfinite(timeoutSeconds)) {
      err.println(name() + ": --timeout must be a number of seconds, at least 0.001");
      return Main.EXIT_USAGE;
    }
    Profile p = Profile.lookup(profile);
    if (p == null) {
      err.println(name() + ": --profile must be firefox or strict, not '" + profile + "'");
      return Main.EXIT_USAGE;
    }
    ConformanceRunner.Options options = ConformanceRunner.Options.defaults()
        .withTimeout(Duration.ofMillis((long) Math.min(timeoutSeconds * 1000, Long.MAX_VALUE)))
        .withProfile(p);
    if (mozpkix != null) {
      try {
        Map<String, String> verdicts = ConformanceRunner.loadMozpkix(mozpkix);
        options = options.withMozpkix(verdicts);
      } catch (CorpusException e) {
        err.println(name() + ": " + e.getMessage());
        return Main.EXIT_USAGE;
      }
    }
    for (Path file : files) {
      try {
        ConformanceRunner.Report report = ConformanceRunner.run(file, options, r -> {
          if (!quiet) {
            out.println(Json.line(r.toJson()));
          }
        });
        err.println(file.getFileName() + " (" + report.kind().name().toLowerCase(
            java.util.Locale.ROOT).replace('_', '-') + "): " + report.summary());
        total = total.plus(report.summary());
      } catch (CorpusException e) {
        err.println(name() + ": " + e.getMessage());
        status = Main.EXIT_USAGE;
      }
    }
    out.println(Json.line(total.toJson()));
    return status;
  }
}
