package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.explain.Explanation;
import dev.pkixj.verifier.explain.Explanations;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pkixj explain CODE}: what Firefox's error page says about an error code. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_INTERNAL,
    description = "Prints what Firefox's certificate error page says about an error code.",
    footer = {"", "Examples:",
        "  pkixj explain SEC_ERROR_UNKNOWN_ISSUER",
        "  pkixj explain ERROR_EXPIRED_CERTIFICATE",
        "  pkixj explain -8179 --host example.com",
        "  pkixj explain --list"})
final class ExplainCommand extends PkixjCommand {
  @Parameters(paramLabel = "CODE", arity = "0..1",
      description = "A Firefox error name (SEC_ERROR_UNKNOWN_ISSUER), a mozilla::pkix name "
          + "(ERROR_UNKNOWN_ISSUER) or an NSS error number (-8179).")
  String code;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Word the text for this host instead of \"this site\".")
  String host;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--list", description = "List every code with its number and override class.")
  boolean list;

  @Override
  protected int run(PrintWriter out, PrintWriter err) throws CliException {
    if (list) {
      for (Result r : Result.values()) {
        out.printf("%-56s %7d  %-11s %s%n", r.firefoxName(), r.nssCode(),
            r.isOverridable() ? "overridable" : "-", r.pkixName());
      }
      return Main.EXIT_OK;
    }
    if (code == null) {
      throw new CliException("missing CODE (see pkixj explain --help)");
    }
    Result r = Result.lookup(code);
    if (r == null) {
      throw new CliException("unknown error code '" + code + "': give a Firefox name "
          + "(SEC_ERROR_UNKNOWN_ISSUER), a mozilla::pkix name (ERROR_UNKNOWN_ISSUER) or an NSS "
          + "number (-8179); pkixj explain --list shows them all");
    }
    Explanation e = host == null
        ? Explanations.forCode(r)
        : Explanations.explain(new VerificationResult(r, -1, List.of(), host,
            Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    if (json) {
      ObjectNode o = Json.object();
      o.put("code", r.firefoxName());
      o.put("nss_code", r.nssCode());
      o.put("pkix_code", r.pkixName());
      o.put("override_class", r.override().name().toLowerCase(java.util.Locale.ROOT));
      o.put("nss_description", Explanations.nssDescription(r));
      o.set("explanation", Json.explanation(e));
      out.println(Json.line(o));
    } else {
      out.println(r.firefoxName() + " (NSS " + r.nssCode() + ", mozilla::pkix "
          + r.pkixName() + ")" + (r.isOverridable()
              ? ", overridable (" + r.override().name().toLowerCase(java.util.Locale.ROOT)
                  + " exception)"
              : ", not overridable"));
      out.println();
      out.println(e.toText());
    }
    return Main.EXIT_OK;
  }
}
