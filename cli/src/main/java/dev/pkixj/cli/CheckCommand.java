package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.jsse.AiaIntermediates;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.explain.Explanation;
import dev.pkixj.verifier.explain.Explanations;
import dev.pkixj.verifier.policy.TimeSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pkixj check}: connects to a TLS server as Firefox would, shows the chain it sent, and
 * gives Firefox's verdict with its code and explanation, the stapled OCSP response's status and,
 * when asked, the intermediates fetched from AIA.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_INTERNAL,
    description = {
        "Connects to a TLS server and verifies the certificate chain it sends as Firefox does.",
        "The chain and the stapled OCSP response the server sends are verified exactly as "
            + "pkixj verify verifies files (the same options, the same verdict; host name and "
            + "port from the target, for certificate exceptions too); the handshake goes on only "
            + "if that verdict accepts the chain, and nothing is sent after it.",
        "Every option applies to this run only: check never writes a file."},
    footer = {"", "Exit status: 0 valid, 2 rejected (or the database was damaged), 1 usage, connection or "
        + "I/O error, 3 internal error.",
        "", "Examples:",
        "  pkixj check https://example.com",
        "  pkixj check example.com:8443 --json",
        "  pkixj check https://example.com --profile strict",
        "  pkixj check https://localhost:8443/ --roots my-ca.pem",
        "  pkixj check https://incomplete-chain.example --fetch-intermediates",
        "  pkixj check intercepted.example --mitm-canary 'CN=Acme Inspection CA, O=Acme'"})
final class CheckCommand extends PkixjCommand {
  @Parameters(index = "0", paramLabel = "TARGET",
      description = "https://HOST[:PORT][/...], HOST:PORT or HOST (port 443); IPv6 as [ADDR]:PORT.")
  String target;

  @Mixin
  PolicyOptions policy = new PolicyOptions();

  @Mixin
  TrustOptions trust = new TrustOptions();

  @Mixin
  RevocationOptions revocation = new RevocationOptions();

  @Mixin
  CtOptions ct = new CtOptions();

  @Mixin
  SecurityStateOptions state = new SecurityStateOptions();

  @Mixin
  ProfileOptions profile = new ProfileOptions();

  @Option(names = "--json", description = "Print one JSON object (the keys of verify --json, "
      + "plus the connection, the chain sent, OCSP and AIA).")
  boolean json;

  @Option(names = "--fetch-intermediates",
      description = "When the issuer is unknown, fetch the missing intermediate from the "
          + "certificate's AIA CA Issuers URL (http only), as Chromium does; Firefox does not "
          + "(off by default; reported when used).")
  boolean fetchIntermediates;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Connect, handshake and fetch time limit in seconds (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /** Most AIA fetches with {@code --fetch-intermediates}. */
  private static final int MAX_FETCHES = 4;

  @Override
  protected int run(PrintWriter out, PrintWriter err) throws CliException {
    Target t = Target.parse(target);
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw new CliException("--timeout must be between 1 and 600 seconds");
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    policy.validate();
    ct.validate();
    profile.strictOptions(); // a bad --profile, --crl or --max-chain-depth
    // Everything that reads a file comes before the connection.
    TrustOptions.Loaded loaded = trust.load(err);
    dev.pkixj.truststore.SecurityStateLoader.Loaded stored = state.load(err, name());
    dev.pkixj.truststore.TrustStore store = SecurityStateOptions.apply(loaded.store(), stored);
    TrustDomainFactory trustDomains = store.trustDomains(revocation.config(err, name()));
    VerifyPipeline pipeline = VerifyPipeline.build(trustDomains, loaded.database(), policy, ct,
        true, err, name(), stored.oneCrl(), profile);
    Instant at = policy.at();
    TimeSource source = policy.source();
    TlsProbe.Verdict verdict = (chain, staple) ->
        pipeline.verify(chain, t.host(), t.port(), at, source, staple, null);

    TlsProbe.Handshake hs = TlsProbe.connect(t, verdict, timeout);
    List<byte[]> presented = hs.chain;
    AiaIntermediates.Completion c = fetchIntermediates
        ? withIntermediates(verdict, hs, timeout) : new AiaIntermediates.Completion(hs.verdict,
            presented, List.of());
    VerificationResult r = c.result();
    SecurityStateOptions.Report report =
        SecurityStateOptions.Report.of(store, pipeline, r, c.chain());
    Explanation e = Explanations.explain(r);
    OcspVerification ocsp = RevocationOptions.describe(hs.staple, r, trustDomains,
        c.chain().subList(1, c.chain().size()));
    boolean stapled = hs.staple != null && hs.staple.length > 0;

    if (json) {
      ObjectNode o = ResultOutput.toJson(r, e, presented, report);
      o.put("target", target);
      o.put("port", t.port());
      o.set("connection", CheckOutput.connectionJson(hs));
      ArrayNode details = o.putArray("presented_details");
      for (int i = 0; i < presented.size(); i++) {
        details.add(CheckOutput.certJson(i, presented.get(i)));
      }
      o.set("ocsp", CheckOutput.ocspJson(stapled, ocsp));
      o.set("aia", CheckOutput.aiaJson(fetchIntermediates, c));
      if (profile.isStrict()) {
        ProfileOptions.putStrict(o, r);
      }
      out.println(Json.line(o));
    } else {
      CheckOutput.printConnection(out, t, hs, r.isValid());
      out.println();
      out.println("Certificates sent by the server (" + presented.size() + "):");
      for (int i = 0; i < presented.size(); i++) {
        CheckOutput.printCert(out, i, presented.get(i));
      }
      out.println();
      out.println("OCSP: " + CheckOutput.ocspText(stapled, ocsp));
      out.println("AIA:  " + CheckOutput.aiaText(fetchIntermediates, c));
      out.println();
      ResultOutput.printText(out, r, e, presented, loaded.rootCount(), report);
      if (profile.isStrict()) {
        out.println();
        ProfileOptions.printViolations(out, r);
      }
      ResultOutput.printSecurityState(out, report);
      ResultOutput.printCt(out, r);
    }
    return r.isValid() && !trust.databaseDamaged ? Main.EXIT_OK : Main.EXIT_REJECTED;
  }

  /**
   * Chromium's AIA completion, on request: while the verdict is UNKNOWN_ISSUER and the topmost
   * certificate reached has a CA Issuers URL not tried yet, fetch it, add what it gave to the
   * presented certificates and run the same verdict again.
   */
  private static AiaIntermediates.Completion withIntermediates(TlsProbe.Verdict verdict,
      TlsProbe.Handshake hs, Duration timeout) {
    return AiaIntermediates.complete(verdict::verify, hs.verdict, hs.chain, hs.staple, timeout,
        MAX_FETCHES);
  }
}
