package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.explain.CertDisplay;
import dev.pkixj.verifier.explain.Explanation;
import dev.pkixj.verifier.explain.Explanations;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.verifier.policy.DbCertExceptions;
import dev.pkixj.verifier.policy.PolicyConfig;
import dev.pkixj.verifier.policy.BrowserVerifier;
import dev.pkixj.verifier.policy.CertException;
import dev.pkixj.verifier.policy.CertExceptions;
import dev.pkixj.verifier.policy.ClockCheck;
import dev.pkixj.verifier.policy.MitmCanary;
import dev.pkixj.verifier.policy.TimeSource;
import dev.pkixj.verifier.policy.TlsPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pkixj verify}: verifies a TLS server certificate chain as Firefox does and prints the
 * chain that was built, the verdict with Firefox's error code, and the error page's explanation.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_USAGE,
    description = {
        "Verifies a TLS server certificate chain as Firefox does.",
        "Without any argument (or with --sample) it verifies a built-in sample chain for "
            + "www.example.test at " + VerifyCommand.SAMPLE_TIME + "."},
    footer = {"", "Exit status: 0 valid, 2 rejected, 1 usage or input error.",
        "", "Examples:",
        "  pkixj verify --sample",
        "  pkixj verify --sample --host other.example.test --json",
        "  pkixj verify leaf.pem intermediate.pem --host example.com   (OS roots + ~/.pkixj/certdb)",
        "  pkixj verify leaf.pem intermediate.pem --roots roots.pem --host example.com",
        "  openssl s_client -showcerts -connect example.com:443 </dev/null "
            + "| pkixj verify - --roots roots.pem --host example.com"})
final class VerifyCommand implements Callable<Integer> {
  static final String SAMPLE_HOST = "www.example.test";
  static final String SAMPLE_TIME = "2026-06-01T00:00:00Z";
  static final String SAMPLE_CHAIN = "/sample/chain.pem";
  static final String SAMPLE_ROOTS = "/sample/roots.pem";

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CERT", arity = "0..*",
      description = "LEAF [INTERMEDIATES...]: PEM or DER files, '-' for standard input. A PEM "
          + "file may hold several certificates: the first certificate overall is the leaf, "
          + "all others are offered as intermediates, in order.")
  List<String> files = new ArrayList<>();

  @Option(names = "--host", paramLabel = "HOST",
      description = "The host name (or IPv4/IPv6 address, no brackets) to check the leaf "
          + "against, passed as given. Without it the host name is not checked.")
  String host;

  @Option(names = "--time", paramLabel = "TIME", converter = TimeConverter.class,
      description = "Verification time: RFC 3339 (2026-01-01T00:00:00Z) or seconds since 1970. "
          + "Default: now.")
  Instant time;

  @picocli.CommandLine.Mixin
  TrustOptions trust = new TrustOptions();

  @picocli.CommandLine.Mixin
  RevocationOptions revocation = new RevocationOptions();

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Option(names = "--sample",
      description = "Verify the built-in sample chain (host " + SAMPLE_HOST + " and time "
          + SAMPLE_TIME + " unless --host/--time say otherwise).")
  boolean sample;

  // Policy: --now, --mitm-canary, --config, --port
  @Option(names = "--now",
      description = "Verify at this computer's clock (the default without --time). A time "
          + "error then gets the clock check of Firefox's page (\"Your Computer Clock is "
          + "Wrong\"); with --time the clock is never blamed.")
  boolean now;

  @Option(names = "--mitm-canary", paramLabel = "ISSUER_DN",
      description = "The issuer name (RFC 4514, e.g. 'CN=Acme Inspection CA, O=Acme') of the "
          + "certificates an intercepting product presents: an unknown issuer with this name is "
          + "MOZILLA_PKIX_ERROR_MITM_DETECTED. Saved in the configuration file for later runs; "
          + "'' clears it.")
  String mitmCanary;

  @Option(names = "--config", paramLabel = "FILE",
      description = "The configuration file: MITM canary, HSTS hosts, clock-skew window "
          + "(default: ~/.pkixj/config.properties).")
  Path config;

  @Option(names = "--port", paramLabel = "PORT",
      description = "The port, for certificate exceptions (default 443).")
  int port = 443;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (CliException e) {
      err.println("pkixj verify: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (RuntimeException | StackOverflowError e) {
      err.println("pkixj verify: internal error: " + e);
      return Main.EXIT_USAGE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int run(PrintWriter out, PrintWriter err) throws CliException {
    boolean noArguments = files.isEmpty() && trust.roots == null && trust.rootSource == null
        && trust.db == null && host == null && time == null;
    if (now && time != null) {
      throw new CliException("--now and --time are exclusive");
    }
    if (port < 1 || port > 65535) {
      throw new CliException("--port must be from 1 to 65535");
    }
    List<byte[]> chain;
    List<byte[]> anchors = null;
    String checkedHost = host;
    Instant at = time;
    if (sample || noArguments) {
      if (!files.isEmpty() || trust.roots != null || trust.rootSource != null || trust.db != null) {
        throw new CliException("--sample takes no CERT files, --roots, --root-source or --db");
      }
      if (!sample) {
        err.println("pkixj verify: no certificate given: verifying the built-in sample chain "
            + "(see pkixj verify --help)");
      }
      chain = CertFiles.readResource(SAMPLE_CHAIN);
      anchors = CertFiles.readResource(SAMPLE_ROOTS);
      checkedHost = host == null ? SAMPLE_HOST : host;
      at = time == null ? (now ? Instant.now().truncatedTo(ChronoUnit.SECONDS) // --now
          : Instant.parse(SAMPLE_TIME)) : time;
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
      if (at == null) {
        at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      }
    }

    byte[] staple = revocation.staple();
    dev.pkixj.pkix.TrustDomainFactory trustDomains;
    int anchorCount;
    Path database = null; // where exceptions are looked up
    if (anchors != null) {
      trustDomains = dev.pkixj.truststore.TrustStore.ofBuiltIns(builtIns(anchors))
          .trustDomains(revocation.config());
      anchorCount = anchors.size();
    } else {
      TrustOptions.Loaded loaded = trust.load(err);
      trustDomains = loaded.store().trustDomains(revocation.config());
      anchorCount = loaded.rootCount();
      database = loaded.database();
    }
    // Policy: configuration, MITM canary, exceptions, HSTS, clock hints
    PolicyConfig cfg = policyConfig(anchors != null);
    MitmCanary canary = cfg.toMitmCanary();
    Verifier verifier = new Verifier(trustDomains)
        .withPolicy(TlsPolicy.builder().mitmCanary(canary).build());
    BrowserVerifier browser;
    try {
      browser = BrowserVerifier.builder(verifier).exceptions(exceptionsIn(database))
          .hsts(cfg.hstsHosts()).clockHints(cfg.clockHints()).build();
    } catch (IllegalArgumentException e) {
      throw new CliException(cfg.file() + ": " + e.getMessage());
    }
    TimeSource source = time != null || (at != null && !now && (sample || noArguments))
        ? TimeSource.GIVEN : TimeSource.SYSTEM_CLOCK;
    VerificationResult r = browser.verify(chain, checkedHost, port, at, source, staple);
    Explanation e = Explanations.explain(r);
    dev.pkixj.pkix.ocsp.OcspVerification ocsp = RevocationOptions.describe(staple, r,
        trustDomains, chain.subList(1, chain.size()));
    if (json) {
      ObjectNode o = toJson(r, e, chain);
      putOcsp(o, ocsp);
      out.println(Json.line(o));
    } else {
      printText(out, r, e, chain, anchorCount);
      printOcsp(out, ocsp);
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

  /** The stapled response's status, under {@code "ocsp"} (null when none was given). */
  static void putOcsp(ObjectNode o, dev.pkixj.pkix.ocsp.OcspVerification v) {
    if (v == null) {
      o.putNull("ocsp");
      return;
    }
    ObjectNode s = o.putObject("ocsp");
    s.put("result", v.result().firefoxName());
    s.put("status", v.status() == null ? null : v.status().name().toLowerCase(java.util.Locale.ROOT));
    s.put("expired", v.expired());
    s.put("this_update", v.thisUpdate() == null ? null : v.thisUpdate().toString());
    s.put("next_update", v.nextUpdate() == null ? null : v.nextUpdate().toString());
    s.put("responder", v.responder());
  }

  static void printOcsp(PrintWriter out, dev.pkixj.pkix.ocsp.OcspVerification v) {
    if (v == null) {
      return;
    }
    out.println();
    out.println("OCSP (stapled): " + (v.status() == null ? v.result().firefoxName()
        : v.status().name().toLowerCase(java.util.Locale.ROOT)
            + (v.expired() ? " (expired)" : "")
            + ", thisUpdate " + v.thisUpdate()
            + (v.nextUpdate() == null ? "" : ", nextUpdate " + v.nextUpdate()))
        + (v.responder() == null ? "" : ", responder " + v.responder()));
  }

  /** The {@code --json} object for {@code r}. */
  static ObjectNode toJson(VerificationResult r, Explanation e, List<byte[]> presented) {
    ObjectNode o = Json.object();
    o.put("valid", r.isValid());
    if (r.isValid()) {
      o.putNull("code");
    } else {
      o.put("code", r.result().firefoxName());
    }
    o.put("nss_code", r.result().nssCode());
    o.put("pkix_code", r.result().pkixName());
    o.put("cert_index", r.certIndex());
    ArrayNode fingerprints = o.putArray("chain");
    ArrayNode details = o.putArray("chain_details");
    List<Cert> chain = r.chain();
    for (int i = 0; i < chain.size(); i++) {
      Cert c = chain.get(i);
      String hex = HexFormat.of().formatHex(c.sha256());
      fingerprints.add(hex);
      ObjectNode d = details.addObject();
      d.put("index", i);
      d.put("subject", CertDisplay.subject(c));
      d.put("issuer", CertDisplay.issuer(c));
      putTime(d, "not_before", CertDisplay.notBefore(c));
      putTime(d, "not_after", CertDisplay.notAfter(c));
      d.put("sha256", hex);
    }
    o.put("presented", presented.size());
    if (r.host() == null) {
      o.putNull("host");
    } else {
      o.put("host", r.host());
    }
    putTime(o, "time", r.time());
    o.set("explanation", Json.explanation(e));
    putPolicy(o, r, e);
    return o;
  }

  private static void putTime(ObjectNode o, String key, Instant t) {
    if (t == null) {
      o.putNull(key);
    } else {
      o.put(key, t.toString());
    }
  }

  /** The text report for {@code r}. */
  static void printText(PrintWriter out, VerificationResult r, Explanation e,
      List<byte[]> presented, int anchorCount) {
    out.println("Host:  " + (r.host() == null ? "(not checked)" : r.host()));
    out.println("Time:  " + r.time());
    out.println("Roots: " + anchorCount + " trust anchor(s); " + presented.size()
        + " certificate(s) presented");
    out.println();
    List<Cert> chain = r.chain();
    if (chain.isEmpty()) {
      out.println("No chain was built. Presented certificates:");
      for (int i = 0; i < presented.size(); i++) {
        printPresented(out, i, presented.get(i));
      }
    } else {
      out.println(r.isValid() ? "Chain (leaf first):" : "Chain tried (leaf first):");
      for (int i = 0; i < chain.size(); i++) {
        printCert(out, i, chain.get(i), i == r.certIndex() && !r.isValid());
      }
    }
    out.println();
    Result code = r.result();
    // Policy: a success through a certificate exception
    if (r.isOverridden()) {
      out.println("OK (exception): " + r.overriddenError().firefoxName() + " ("
          + r.overriddenError().nssCode() + ") is covered by the certificate exception for "
          + r.host() + (r.notes().port() == 443 ? "" : ":" + r.notes().port()));
      out.println();
      out.println(e.toText());
      return;
    }
    if (r.isValid()) {
      out.println("OK: the chain is valid"
          + (r.host() == null ? "" : " for " + r.host()) + " (Success)");
      return;
    }
    // openssl verify's form, with Firefox's code name.
    out.println("error " + code.firefoxName() + " (" + code.nssCode() + ") at "
        + r.certIndex() + " depth: " + Explanations.nssDescription(code));
    out.println();
    out.println(e.toText());
  }

  private static void printCert(PrintWriter out, int i, Cert c, boolean concerned) {
    out.println("  [" + i + "] " + CertDisplay.subject(c) + (concerned ? "   <-- error" : ""));
    out.println("      issuer:   " + CertDisplay.issuer(c));
    out.println("      validity: " + orUnreadable(CertDisplay.notBefore(c)) + " to "
        + orUnreadable(CertDisplay.notAfter(c)));
    out.println("      sha256:   " + c.fingerprintHex());
  }

  private static void printPresented(PrintWriter out, int i, byte[] der) {
    try {
      printCert(out, i, Cert.parse(der), false);
    } catch (PkixException ex) {
      out.println("  [" + i + "] (cannot be parsed: " + ex.result().firefoxName() + ")");
    }
  }

  private static String orUnreadable(Instant t) {
    return t == null ? CertDisplay.UNREADABLE : t.toString();
  }

  // Policy: helpers

  /**
   * The configuration: {@code --config} or the default file; {@code --mitm-canary} is applied and
   * saved. The sample run reads no default file (it stays reproducible) unless asked.
   */
  private PolicyConfig policyConfig(boolean sampleRun) throws CliException {
    Path file = config != null ? config : PolicyConfig.defaultPath();
    PolicyConfig cfg;
    try {
      cfg = sampleRun && config == null && mitmCanary == null ? PolicyConfig.empty(file)
          : config != null && mitmCanary == null ? PolicyConfig.loadExisting(file)
          : PolicyConfig.load(file); // --mitm-canary may create the file it names
    } catch (java.io.IOException ex) {
      throw new CliException("--config: " + ex.getMessage());
    }
    if (mitmCanary != null) {
      try {
        cfg.setMitmCanary(mitmCanary);
        cfg.save();
      } catch (IllegalArgumentException ex) {
        throw new CliException("--mitm-canary: " + ex.getMessage());
      } catch (java.io.IOException ex) {
        throw new CliException("--mitm-canary: cannot save " + file + ": " + ex.getMessage());
      }
    }
    return cfg;
  }

  /** The exceptions of the database, read only if an overridable error needs them. */
  private static CertExceptions exceptionsIn(Path database) {
    if (database == null) {
      return CertExceptions.none();
    }
    return (h, p) -> {
      if (!Files.isRegularFile(database)) {
        return Optional.empty();
      }
      try (CertDb db = CertDb.openReadOnly(database)) {
        Optional<CertOverride> o = DbCertExceptions.find(db, h, p);
        return o.map(DbCertExceptions::toException);
      } catch (dev.pkixj.truststore.db.CertDbException ex) {
        return Optional.empty();
      }
    };
  }

  /** The JSON fields the browser layer adds; existing fields are unchanged. */
  private static void putPolicy(ObjectNode o, VerificationResult r, Explanation e) {
    if (r.isOverridden()) {
      ObjectNode x = o.putObject("overridden");
      x.put("code", r.overriddenError().firefoxName());
      x.put("nss_code", r.overriddenError().nssCode());
      x.put("cert_index", r.notes().overriddenCertIndex());
      x.put("port", r.notes().port());
    } else {
      o.putNull("overridden");
    }
    o.put("port", r.notes().port());
    o.put("strict_transport_security", r.notes().strictTransportSecurity());
    ClockCheck c = r.notes().clock();
    if (c == null) {
      o.putNull("clock");
    } else {
      ObjectNode k = o.putObject("clock");
      k.put("time_source", c.source().name().toLowerCase(java.util.Locale.ROOT));
      putTime(k, "verification_time", c.verificationTime());
      putTime(k, "valid_from", c.validFrom());
      putTime(k, "valid_until", c.validUntil());
      if (c.shift() == null) {
        k.putNull("shift_seconds");
      } else {
        k.put("shift_seconds", c.shift().getSeconds());
      }
      k.put("probably_wrong", c.clockProbablyWrong());
      k.put("reason", c.reason().name().toLowerCase(java.util.Locale.ROOT));
      k.put("recent_similar_failures", c.recentSimilarFailures());
    }
    if (o.get("explanation") instanceof ObjectNode x) {
      x.put("clock_probably_wrong", e.clockProbablyWrong());
      if (e.overriddenError() == null) {
        x.putNull("overridden_error");
      } else {
        x.put("overridden_error", e.overriddenError().firefoxName());
      }
    }
  }
}
