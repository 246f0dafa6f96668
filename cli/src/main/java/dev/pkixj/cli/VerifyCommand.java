package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.explain.Explanation;
import dev.pkixj.verifier.explain.Explanations;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.verifier.policy.TimeSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pkixj verify}: verifies a TLS server certificate chain as Firefox does and prints the
 * chain that was built, the verdict with Firefox's error code, and the error page's explanation.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_INTERNAL,
    description = {
        "Verifies a TLS server certificate chain as Firefox does.",
        "Without any argument (or with --sample) it verifies a built-in sample chain for "
            + "www.example.test at " + VerifyCommand.SAMPLE_TIME + "."},
    footer = {"", "Exit status: 0 valid, 2 rejected (or the database was damaged), 1 usage or input error, "
        + "3 internal error.",
        "", "Examples:",
        "  pkixj verify --sample",
        "  pkixj verify --sample --host other.example.test --json",
        "  pkixj verify chain.pem --roots roots.pem --host example.com --profile strict --json",
        "  pkixj verify chain.pem --roots roots.pem --profile strict --crl issuer.crl",
        "  pkixj verify leaf.pem intermediate.pem --host example.com   (OS roots + ~/.pkixj/certdb)",
        "  pkixj verify leaf.pem intermediate.pem --roots roots.pem --host example.com",
        "  pkixj verify chain.pem --host example.com --ct enforce --ct-logs log_list.json "
            + "--sct-list scts.bin",
        "  openssl s_client -showcerts -connect example.com:443 </dev/null "
            + "| pkixj verify - --roots roots.pem --host example.com"})
final class VerifyCommand extends PkixjCommand {
  static final String SAMPLE_HOST = "www.example.test";
  static final String SAMPLE_TIME = "2026-06-01T00:00:00Z";
  static final String SAMPLE_CHAIN = "/sample/chain.pem";
  static final String SAMPLE_ROOTS = "/sample/roots.pem";

  @Parameters(paramLabel = "CERT", arity = "0..*",
      description = "LEAF [INTERMEDIATES...]: PEM or DER files, '-' for standard input. A PEM "
          + "file may hold several certificates: the first certificate overall is the leaf, "
          + "all others are offered as intermediates, in order.")
  List<String> files = new ArrayList<>();

  @Option(names = "--host", paramLabel = "HOST",
      description = "The host name (or IPv4/IPv6 address, no brackets) to check the leaf "
          + "against, passed as given. Without it the host name is not checked.")
  String host;

  @picocli.CommandLine.Mixin
  PolicyOptions policy = new PolicyOptions();

  @picocli.CommandLine.Mixin
  TrustOptions trust = new TrustOptions();

  @picocli.CommandLine.Mixin
  SecurityStateOptions state = new SecurityStateOptions();

  @picocli.CommandLine.Mixin
  RevocationOptions revocation = new RevocationOptions();

  @picocli.CommandLine.Mixin
  StapleOption stapleFile = new StapleOption();

  @picocli.CommandLine.Mixin
  CtOptions ct = new CtOptions();

  @picocli.CommandLine.Mixin
  ProfileOptions profile = new ProfileOptions();

  @Option(names = "--sct-list", paramLabel = "FILE",
      description = "SCTs as a server delivers them in the TLS signed_certificate_timestamp "
          + "extension: a raw TLS-encoded SignedCertificateTimestampList.")
  Path sctList;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--sample",
      description = "Verify the built-in sample chain (host " + SAMPLE_HOST + " and time "
          + SAMPLE_TIME + " unless --host/--time say otherwise).")
  boolean sample;

  @Option(names = "--port", paramLabel = "PORT",
      description = "The port, for certificate exceptions (default 443).")
  int port = 443;

  @Override
  protected int run(PrintWriter out, PrintWriter err) throws CliException {
    boolean noArguments = files.isEmpty() && trust.roots == null && trust.rootSource == null
        && trust.db == null && host == null && policy.time == null;
    policy.validate();
    ct.validate();
    profile.strictOptions(); // a bad --profile, --crl or --max-chain-depth, before anything else
    if (port < 1 || port > 65535) {
      throw new CliException("--port must be from 1 to 65535");
    }
    List<byte[]> chain;
    List<byte[]> anchors = null;
    String checkedHost = host;
    Instant at;
    TimeSource source;
    boolean sampleRun = sample || noArguments;
    if (sampleRun) {
      if (!files.isEmpty() || trust.roots != null || trust.rootSource != null || trust.db != null) {
        throw new CliException("--sample takes no CERT files, --roots, --root-source or --db");
      }
      if (!sample) {
        err.println(name() + ": no certificate given: verifying the built-in sample chain "
            + "(see pkixj verify --help)");
      }
      chain = CertFiles.readResource(SAMPLE_CHAIN);
      anchors = CertFiles.readResource(SAMPLE_ROOTS);
      checkedHost = host == null ? SAMPLE_HOST : host;
      // The sample is verified at its own time unless --time or --now says otherwise.
      at = policy.now || policy.time != null ? policy.at() : Instant.parse(SAMPLE_TIME);
      source = policy.now ? TimeSource.SYSTEM_CLOCK : TimeSource.GIVEN;
    } else {
      if (files.isEmpty()) {
        throw new CliException("missing the LEAF certificate file (see pkixj verify --help)");
      }
      if (files.stream().filter("-"::equals).count() > 1) {
        throw new CliException("standard input ('-') can be read only once");
      }
      chain = new ArrayList<>();
      for (String f : files) {
        chain.addAll(CertFiles.read(f, System.in));
      }
      at = policy.at();
      source = policy.source();
    }

    byte[] staple = stapleFile.staple();
    byte[] tlsScts = sctList == null ? null : CtOptions.readSctList(sctList);
    dev.pkixj.pkix.TrustDomainFactory trustDomains;
    int anchorCount;
    Path database = null; // where certificate exceptions are looked up
    // The sample run reads no stored security state (it stays reproducible) unless
    // --state-dir names one.
    dev.pkixj.truststore.SecurityStateLoader.Loaded stored = sampleRun && state.stateDir == null
        ? dev.pkixj.truststore.SecurityStateLoader.Loaded.none(state.dir())
        : state.load(err, name());
    dev.pkixj.truststore.TrustStore store;
    if (anchors != null) {
      store = SecurityStateOptions.apply(
          dev.pkixj.truststore.TrustStore.ofBuiltIns(builtIns(anchors)), stored);
      anchorCount = anchors.size();
    } else {
      TrustOptions.Loaded loaded = trust.load(err);
      store = SecurityStateOptions.apply(loaded.store(), stored);
      anchorCount = loaded.rootCount();
      database = loaded.database();
    }
    trustDomains = store.trustDomains(revocation.config(err, name()));
    // The sample run reads no default settings file (it stays reproducible) unless asked.
    VerifyPipeline pipeline = VerifyPipeline.build(trustDomains, database, policy, ct,
        !sampleRun, err, name(), stored.oneCrl(), profile);
    VerificationResult r = pipeline.verify(chain, checkedHost, port, at, source, staple,
        tlsScts);
    SecurityStateOptions.Report report = SecurityStateOptions.Report.of(store, pipeline, r, chain);
    Explanation e = Explanations.explain(r);
    OcspVerification ocsp = RevocationOptions.describe(staple, r, trustDomains,
        chain.subList(1, chain.size()));
    if (json) {
      ObjectNode o = ResultOutput.toJson(r, e, chain, report);
      ResultOutput.putOcsp(o, ocsp);
      if (profile.isStrict()) {
        ProfileOptions.putStrict(o, r);
      }
      out.println(Json.line(o));
    } else {
      ResultOutput.printText(out, r, e, chain, anchorCount, report);
      if (profile.isStrict()) {
        out.println();
        ProfileOptions.printViolations(out, r);
      }
      ResultOutput.printSecurityState(out, report);
      ResultOutput.printCt(out, r);
      ResultOutput.printRevocation(out, r.revocation());
      ResultOutput.printOcsp(out, ocsp);
    }
    // A damaged database (reported above) is exit 2 even for a valid chain: trust was lost.
    return r.isValid() && !trust.databaseDamaged ? Main.EXIT_OK : Main.EXIT_REJECTED;
  }

  private static List<dev.pkixj.truststore.TrustEntry> builtIns(List<byte[]> ders) {
    List<dev.pkixj.truststore.TrustEntry> out = new ArrayList<>();
    for (byte[] d : ders) {
      out.add(new dev.pkixj.truststore.TrustEntry(d, dev.pkixj.truststore.Trust.ANCHOR, null,
          "sample", dev.pkixj.truststore.Source.FILE));
    }
    return out;
  }

}
