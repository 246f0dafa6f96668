package dev.pkixj.cli.conformance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.batch.Pem;
import dev.pkixj.cli.Json;
import dev.pkixj.cli.conformance.CaseResult.Outcome;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Profile;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.strict.StrictOptions;
import dev.pkixj.pkix.crl.Crl;
import dev.pkixj.verifier.ct.CtSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a conformance corpus through the verifier and compares each verdict with the corpus's.
 *
 * <p>The schema is detected from the content:
 * <ul>
 *   <li><b>x509-limbo</b> JSON, {@code {"version":1,"testcases":[…]}}. Each case is fed as
 *       {@code limbo-dev-mozpkix.md} describes: roots = {@code trusted_certs}, chain = {@code
 *       peer_certificate} then {@code untrusted_intermediates} in file order, time = {@code
 *       validation_time} truncated to whole seconds (now when null), host = {@code
 *       expected_peer_name.value} (no host check when null); SERVER cases go to {@link
 *       Verifier#verifyServer}, CLIENT cases to {@link Verifier#verifyChain} with
 *       id-kp-clientAuth. {@code extended_key_usage}, {@code key_usage}, {@code max_chain_depth}
 *       and {@code crls} are not passed: Firefox has no per-call setting for them. A case agrees
 *       when (pkixj said Success) == (limbo expects SUCCESS). Cases are skipped by feature only:
 *       {@code has-crl} and {@code max-chain-depth}, each with its reason.
 *       <p>With {@link Options#mozpkix()} set, each case is compared instead with Firefox's own
 *       verdict (exact code); then nothing is skipped by feature, since Firefox's verdict was
 *       obtained with the CRLs and the depth limit ignored exactly as here.</li>
 *   <li><b>Firefox-parity</b> JSONL (lines with {@code root_pems}, {@code leaf_pem}, {@code
 *       expected}; the host-name-parity corpus has the same schema), fed as {@code
 *       firefox-parity.md} says: roots = {@code root_pems} (built-in roots), chain = leaf then
 *       {@code intermediate_pems} in order, time = {@code validation_time}, host = {@code
 *       hostname} verbatim, through {@link Verifier#verifyServer}. A case agrees on an exact
 *       code match (under {@link Options#profile()} strict, the strict verdict's code: how far
 *       the strict profile departs from Firefox on that corpus).</li>
 *   <li><b>OCSP-parity</b> JSONL (lines with {@code ocsp_response_b64}): each response goes
 *       through {@code OcspVerifier.verify} exactly as {@code ocsp-parity.md} describes; a case
 *       agrees when both the result and the {@code expired} flag are Firefox's, and its line also
 *       carries {@code actual_expired}. The profile does not apply (an OCSP response is verified
 *       alike under both).</li>
 * </ul>
 * Under {@link Options#profile()} strict, a limbo case also gets its {@code crls} and {@code
 * max_chain_depth} (docs/strict-profile.md, "Conformance"), and only the features of {@link
 * #STRICT_SKIPPED_FEATURES} and the non-Web-PKI side of limbo's declared conflicts ({@link
 * #strictConflictSkip}) are skipped.
 * A certificate whose PEM cannot be decoded makes the case's verdict {@code SEC_ERROR_BAD_DER}
 * (that is what a malformed certificate gets), never a harness failure. Each case gets a fresh
 * {@link Verifier} with Certificate Transparency off ({@code CtSettings.OFF}): the corpora were
 * produced by mozilla::pkix alone, without Firefox's CT layer (docs/ct.md); nothing is cached
 * across cases except what the verifier caches itself. Each
 * verification runs under a time limit; past it the case's outcome is {@code TIMEOUT} (its
 * {@code actual} is {@code HANG}), counted apart from agreements and disagreements: a slow machine
 * is not a parity failure, and the ratchet tests report timed-out cases by id as such.
 */
public final class ConformanceRunner {
  private ConformanceRunner() {}

  /** The corpus schemas. */
  public enum Kind { LIMBO, FIREFOX_PARITY, OCSP_PARITY }

  /**
   * How to run.
   *
   * @param mozpkix for limbo: Firefox's verdict per case id (from {@link #loadMozpkix}), to
   *     compare against instead of limbo's expected result; null to use limbo's
   * @param timeout the limit per case
   * @param beforeVerify called with the case id on the verification thread just before each
   *     verification, inside the time limit; null for none (tests use it to hold a case past the
   *     limit)
   */
  public record Options(Map<String, String> mozpkix, Duration timeout, CaseHook beforeVerify,
      Profile profile) {
    public Options {
      profile = profile == null ? Profile.FIREFOX : profile;
    }

    public Options(Map<String, String> mozpkix, Duration timeout, CaseHook beforeVerify) {
      this(mozpkix, timeout, beforeVerify, Profile.FIREFOX);
    }

    public static Options defaults() {
      return new Options(null, Duration.ofSeconds(5), null);
    }

    public Options withMozpkix(Map<String, String> verdicts) {
      return new Options(verdicts, timeout, beforeVerify, profile);
    }

    public Options withTimeout(Duration t) {
      return new Options(mozpkix, t, beforeVerify, profile);
    }

    public Options withBeforeVerify(CaseHook hook) {
      return new Options(mozpkix, timeout, hook, profile);
    }

    /**
     * The verifier profile: under {@link Profile#STRICT} limbo's {@code crls} and {@code
     * max_chain_depth} are honoured, so only the cases of {@link #STRICT_SKIPPED_FEATURES} and
     * of {@link #strictConflictSkip} are
     * skipped (docs/strict-profile.md, "Conformance").
     */
    public Options withProfile(Profile p) {
      return new Options(mozpkix, timeout, beforeVerify, p);
    }
  }

  /** See {@link Options#beforeVerify()}. */
  @FunctionalInterface
  public interface CaseHook {
    void before(String caseId) throws Exception;
  }

  /** What one file gave. */
  public record Report(Path file, Kind kind, Summary summary, List<CaseResult> cases) {}

  static final String SUCCESS = "Success";
  /**
   * The limbo features whose cases the strict profile skips, with the reason: x509-limbo marks
   * an expectation that contradicts the Web PKI this way, and the strict profile follows the
   * Baseline Requirements where they deliberately depart from RFC 5280.
   */
  static final Map<String, String> STRICT_SKIPPED_FEATURES = Map.of(
      "rfc5280-incompatible-with-webpki", "limbo marks this RFC 5280 expectation incompatible "
          + "with the Web PKI; the strict profile follows the Baseline Requirements "
          + "(docs/strict-profile.md, \"Conformance\")");
  /**
   * x509-limbo's namespace of the Web PKI (CA/Browser Forum) cases: the side the strict profile
   * takes when limbo declares two cases mutually incompatible ({@code conflicts_with}).
   */
  static final String WEBPKI_NAMESPACE = "webpki::";

  /**
   * Why the strict profile skips limbo case {@code c}, or null: a case limbo declares mutually
   * incompatible ({@code conflicts_with}) with a case of the {@link #WEBPKI_NAMESPACE}, when
   * it is not itself one. No verifier can agree with both sides of such a pair (the same chain
   * with opposite expectations), and the strict profile follows the Baseline Requirements
   * (docs/strict-profile.md, "Conformance").
   */
  static String strictConflictSkip(JsonNode c) {
    if (c.path("id").asText("").startsWith(WEBPKI_NAMESPACE)) {
      return null;
    }
    for (JsonNode other : c.path("conflicts_with")) {
      if (other.isTextual() && other.asText().startsWith(WEBPKI_NAMESPACE)) {
        return "limbo declares it incompatible with " + other.asText() + " (conflicts_with); "
            + "the strict profile follows the Web PKI side (docs/strict-profile.md, "
            + "\"Conformance\")";
      }
    }
    return null;
  }

  private static final String SKIP_CRL = "CRLs are not taken per call by Firefox";
  private static final String SKIP_DEPTH = "mozilla::pkix has no caller-set depth limit";

  /** Runs {@code file} and keeps every case result in the report. */
  public static Report run(Path file, Options options) throws CorpusException {
    List<CaseResult> cases = new ArrayList<>();
    Report r = run(file, options, cases::add);
    return new Report(file, r.kind(), r.summary(), cases);
  }

  /**
   * Runs {@code file}, handing each case result to {@code sink} as soon as it is known (the
   * report's case list is then empty).
   *
   * @throws CorpusException if the file cannot be read or is none of the known schemas
   */
  public static Report run(Path file, Options options, Consumer<CaseResult> sink)
      throws CorpusException {
    try (Session s = new Session(options, sink)) {
      Kind kind = s.runFile(file);
      return new Report(file, kind, s.summary, List.of());
    }
  }

  /**
   * Reads {@code limbo-dev-mozpkix.jsonl}: {@code {"id": …, "mozpkix": …}} per line.
   *
   * @throws CorpusException if it cannot be read or a line is not of that form
   */
  public static Map<String, String> loadMozpkix(Path file) throws CorpusException {
    Map<String, String> verdicts = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
          throw new CorpusException(file + ": line " + n + ": not JSON");
        }
        if (!node.path("id").isTextual() || !node.path("mozpkix").isTextual()) {
          throw new CorpusException(file + ": line " + n + ": expected {\"id\", \"mozpkix\"}");
        }
        verdicts.put(node.get("id").asText(), node.get("mozpkix").asText());
      }
    } catch (NoSuchFileException e) {
      throw new CorpusException(file + ": no such file");
    } catch (IOException e) {
      throw new CorpusException(file + ": cannot read: " + e.getMessage());
    }
    return verdicts;
  }

  /** One run: the time-limited executor, the sink and the running summary. */
  private static final class Session implements AutoCloseable {
    private final Options options;
    private final Consumer<CaseResult> sink;
    private ExecutorService executor = newExecutor();
    Summary summary = Summary.EMPTY;

    Session(Options options, Consumer<CaseResult> sink) {
      this.options = options;
      this.sink = sink;
    }

    Kind runFile(Path file) throws CorpusException {
      ObjectNode first = Json.object();
      try (JsonParser p = new JsonFactory(Json.MAPPER).createParser(file.toFile())) {
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new CorpusException(file + ": empty file");
        }
        if (t != JsonToken.START_OBJECT) {
          throw new CorpusException(file + ": not a corpus: it does not start with a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (name.equals("testcases") && value == JsonToken.START_ARRAY) {
            runLimbo(file, p);
            return Kind.LIMBO;
          }
          first.set(name, Json.MAPPER.readTree(p));
        }
      } catch (JsonProcessingException e) {
        throw new CorpusException(file + ": not valid JSON: " + e.getOriginalMessage()
            + " (line " + e.getLocation().getLineNr() + ")");
      } catch (NoSuchFileException | java.io.FileNotFoundException e) {
        throw new CorpusException(file + ": no such file");
      } catch (IOException e) {
        throw new CorpusException(file + ": cannot read: " + e.getMessage());
      }
      Kind kind;
      if (first.has("ocsp_response_b64")) {
        kind = Kind.OCSP_PARITY;
      } else if (first.has("root_pems") && first.has("leaf_pem") && first.has("expected")) {
        kind = Kind.FIREFOX_PARITY;
      } else {
        throw new CorpusException(file + ": not a known corpus: expected x509-limbo JSON "
            + "({\"version\":1,\"testcases\":[...]}), Firefox-parity JSONL (root_pems, leaf_pem, "
            + "expected) or OCSP-parity JSONL (ocsp_response_b64)");
      }
      runJsonLines(file, kind);
      return kind;
    }

    // ---- x509-limbo ----

    private void runLimbo(Path file, JsonParser p) throws IOException, CorpusException {
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        JsonNode testcase = Json.MAPPER.readTree(p);
        emit(limboCase(testcase));
      }
      if (t != JsonToken.END_ARRAY) {
        throw new CorpusException(file + ": \"testcases\" holds something other than objects");
      }
    }

    private Counted limboCase(JsonNode c) {
      String id = c.path("id").asText("?");
      Map<String, String> mozpkix = options.mozpkix();
      String limboExpected = c.path("expected_result").asText(null);
      boolean strict = options.profile() == Profile.STRICT && mozpkix == null;
      if (strict) {
        for (JsonNode f : c.path("features")) {
          String reason = STRICT_SKIPPED_FEATURES.get(f.asText());
          if (reason != null) {
            return skip(id, limboExpected, reason, null);
          }
        }
        String conflict = strictConflictSkip(c);
        if (conflict != null) {
          return skip(id, limboExpected, conflict, null);
        }
      } else if (mozpkix == null) {
        for (JsonNode f : c.path("features")) {
          if (f.asText().equals("has-crl")) {
            return skip(id, limboExpected, SKIP_CRL, null);
          }
          if (f.asText().equals("max-chain-depth")) {
            return skip(id, limboExpected, SKIP_DEPTH, null);
          }
        }
      }
      String firefox = mozpkix == null ? null : mozpkix.get(id);
      if (mozpkix != null && firefox == null) {
        return skip(id, null, "no Firefox verdict for this case in the --mozpkix file", null);
      }
      String expected = mozpkix == null ? limboExpected : firefox;

      Instant time;
      JsonNode vt = c.path("validation_time");
      try {
        time = vt.isTextual()
            ? OffsetDateTime.parse(vt.asText()).toInstant().truncatedTo(ChronoUnit.SECONDS)
            : Instant.now().truncatedTo(ChronoUnit.SECONDS);
      } catch (DateTimeParseException e) {
        return skip(id, expected, "unreadable validation_time " + vt.asText(), firefox);
      }
      JsonNode peer = c.path("expected_peer_name");
      String host = peer.isObject() && peer.path("value").isTextual()
          ? peer.get("value").asText() : null;
      boolean client = "CLIENT".equals(c.path("validation_kind").asText());

      Verdict v;
      try {
        List<byte[]> roots = pems(c.path("trusted_certs"), "trusted_certs");
        List<byte[]> chain = new ArrayList<>();
        chain.add(pem(c.path("peer_certificate"), "peer_certificate"));
        chain.addAll(pems(c.path("untrusted_intermediates"), "untrusted_intermediates"));
        StrictOptions strictOptions = strict ? strictOptions(c) : null;
        v = verify(id, () -> {
          Verifier verifier = Verifier.withRoots(roots).withCt(CtSettings.OFF);
          if (strictOptions != null) {
            verifier = verifier.withProfile(Profile.STRICT, strictOptions);
          }
          VerificationResult r = client
              ? verifier.verifyChain(chain, time, KeyPurposeId.ID_KP_CLIENT_AUTH)
              : verifier.verifyServer(chain, host, time);
          return r.code();
        });
      } catch (BadPem e) {
        v = new Verdict(dev.pkixj.pkix.Result.SEC_ERROR_BAD_DER.firefoxName(), e.getMessage(),
            false);
      } catch (BadCrl e) {
        v = new Verdict("SEC_ERROR_CRL_INVALID", e.getMessage(), false);
      }

      boolean actualSuccess = SUCCESS.equals(v.actual());
      boolean expectedSuccess;
      boolean agree;
      if (mozpkix == null) {
        expectedSuccess = "SUCCESS".equals(expected);
        // A crash is never an agreement, even with an expected FAILURE.
        agree = !v.hungOrCrashed() && actualSuccess == expectedSuccess;
      } else {
        expectedSuccess = SUCCESS.equals(expected);
        agree = expected.equals(v.actual());
      }
      CaseResult r = new CaseResult(id, expected, v.actual(), v.outcome(agree), v.reason(),
          firefox);
      return new Counted(r, expectedSuccess, actualSuccess);
    }

    /**
     * The strict options of a limbo case: {@code max_chain_depth} and {@code crls} as given. The
     * public roots stay Mozilla's root program, which limbo's synthetic roots are not in: the
     * Baseline Requirements' issuance rules for a publicly-trusted leaf (scope BR_PUBLIC) do not
     * apply to limbo's chains (docs/strict-profile.md, "Conformance").
     */
    private StrictOptions strictOptions(JsonNode c) throws BadCrl {
      StrictOptions o = StrictOptions.defaults();
      JsonNode depth = c.path("max_chain_depth");
      if (depth.isInt() && depth.asInt() >= 0) {
        o = o.withMaxChainDepth(depth.asInt());
      }
      List<Crl> crls = new ArrayList<>();
      int i = 0;
      for (JsonNode n : c.path("crls")) {
        String field = "crls[" + i++ + "]";
        if (!n.isTextual()) {
          throw new BadCrl(field, "not a string");
        }
        try {
          List<Pem.Block> blocks = Pem.blocks(n.asText());
          if (blocks.size() != 1 || !blocks.get(0).label().equals("X509 CRL")) {
            throw new BadCrl(field, "not one X509 CRL block");
          }
          crls.add(Crl.parse(blocks.get(0).der()));
        } catch (Pem.PemException e) {
          throw new BadCrl(field, e.getMessage());
        } catch (PkixException e) {
          throw new BadCrl(field, e.result().firefoxName());
        }
      }
      return o.withCrls(crls);
    }

    // ---- JSON-lines corpora ----

    private void runJsonLines(Path file, Kind kind) throws CorpusException {
      try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          JsonNode c;
          try {
            c = Json.MAPPER.readTree(line);
          } catch (JsonProcessingException e) {
            emit(skip("line " + n, null, "unreadable JSON: " + e.getOriginalMessage(), null));
            continue;
          }
          emit(kind == Kind.OCSP_PARITY ? ocspCase(c, n) : parityCase(c, n));
        }
      } catch (IOException e) {
        throw new CorpusException(file + ": cannot read: " + e.getMessage());
      }
    }

    /**
     * One OCSP-parity case: CertID = (issuer subject, issuer SPKI, leaf serial), the case's time
     * and maximum lifetime, and a trust domain whose anchors are {@code root_pems} (as the
     * reference driver's). Agreement needs the same result and the same {@code expired} flag.
     */
    private Counted ocspCase(JsonNode c, int lineNumber) {
      String id = c.path("id").asText("line " + lineNumber);
      String expected = c.path("expected").asText(null);
      if (expected == null || !c.path("expected_expired").isBoolean()) {
        return skip(id, expected, "malformed case: no \"expected\" or \"expected_expired\"", null);
      }
      boolean expectedExpired = c.path("expected_expired").asBoolean();
      Attempt<OcspVerification> attempt;
      try {
        Cert issuer = Cert.parse(pem(c.path("issuer_pem"), "issuer_pem"));
        Cert leaf = Cert.parse(pem(c.path("leaf_pem"), "leaf_pem"));
        List<byte[]> roots = pems(c.path("root_pems"), "root_pems");
        long time = OffsetDateTime.parse(c.path("validation_time").asText()).toEpochSecond();
        int maxLifetime = c.path("max_lifetime_days").asInt(10);
        byte[] response = java.util.Base64.getDecoder().decode(c.path("ocsp_response_b64").asText());
        CertId certId = new CertId(issuer.subject(), issuer.subjectPublicKeyInfo(),
            leaf.serialNumber());
        attempt = call(id, () -> OcspVerifier.verify(
            new InMemoryTrustDomain(TrustAnchors.of(roots, true), List.of(), 2048), certId, time,
            maxLifetime, response));
      } catch (BadPem | PkixException | DateTimeParseException | IllegalArgumentException e) {
        return skip(id, expected, "malformed case: " + e.getMessage(), null);
      }
      if (attempt.failed() != null) {
        Verdict f = attempt.failed();
        return new Counted(new CaseResult(id, expected, f.actual(), f.outcome(false), f.reason(),
            null), SUCCESS.equals(expected), false);
      }
      OcspVerification v = attempt.value();
      String actual = v.result().firefoxName();
      boolean agree = actual.equals(expected) && v.expired() == expectedExpired;
      CaseResult r = new CaseResult(id, expected, actual,
          agree ? Outcome.AGREE : Outcome.DISAGREE,
          agree ? null : "expected_expired=" + expectedExpired + " actual_expired=" + v.expired(),
          null, v.expired());
      return new Counted(r, SUCCESS.equals(expected), v.result().isSuccess());
    }

    private Counted parityCase(JsonNode c, int lineNumber) {
      String id = c.path("id").asText("line " + lineNumber);
      String expected = c.path("expected").asText(null);
      if (expected == null) {
        return skip(id, null, "malformed case: no \"expected\"", null);
      }
      Instant time;
      try {
        time = OffsetDateTime.parse(c.path("validation_time").asText()).toInstant();
      } catch (DateTimeParseException e) {
        return skip(id, expected, "malformed case: unreadable validation_time", null);
      }
      JsonNode h = c.path("hostname");
      String host = h.isTextual() ? h.asText() : null;

      Verdict v;
      try {
        List<byte[]> roots = pems(c.path("root_pems"), "root_pems");
        List<byte[]> chain = new ArrayList<>();
        chain.add(pem(c.path("leaf_pem"), "leaf_pem"));
        chain.addAll(pems(c.path("intermediate_pems"), "intermediate_pems"));
        Profile profile = options.profile();
        v = verify(id, () -> Verifier.withRoots(roots).withCt(CtSettings.OFF)
            .withProfile(profile, null).verifyServer(chain, host, time).code());
      } catch (BadPem e) {
        v = new Verdict(dev.pkixj.pkix.Result.SEC_ERROR_BAD_DER.firefoxName(), e.getMessage(),
            false);
      }
      boolean agree = expected.equals(v.actual());
      String reason = v.reason();
      if (!agree && reason == null) {
        List<String> faults = new ArrayList<>();
        c.path("faults").forEach(f -> faults.add(f.asText()));
        reason = "faults: " + (faults.isEmpty() ? "none" : String.join(", ", faults));
      }
      CaseResult r = new CaseResult(id, expected, v.actual(), v.outcome(agree), reason, null);
      return new Counted(r, SUCCESS.equals(expected), SUCCESS.equals(v.actual()));
    }

    // ---- Shared ----

    private void emit(Counted c) {
      summary = summary.plus(c.result, c.expectedSuccess, c.actualSuccess);
      sink.accept(c.result);
    }

    private static Counted skip(String id, String expected, String reason, String firefox) {
      return new Counted(new CaseResult(id, expected, null, Outcome.SKIP, reason, firefox),
          false, false);
    }

    /** Runs one verification (giving a code name) under the time limit. */
    private Verdict verify(String id, Callable<String> task) {
      Attempt<String> a = call(id, task);
      return a.failed() != null ? a.failed() : new Verdict(a.value(), null, false);
    }

    /** Runs {@code task} under the time limit. */
    private <T> Attempt<T> call(String id, Callable<T> task) {
      CaseHook hook = options.beforeVerify();
      Future<T> f = executor.submit(hook == null ? task : () -> {
        hook.before(id);
        return task.call();
      });
      try {
        return new Attempt<>(f.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS), null);
      } catch (TimeoutException e) {
        f.cancel(true);
        // The stuck thread may never stop; abandon it (it is a daemon) and start a new one.
        executor.shutdownNow();
        executor = newExecutor();
        return new Attempt<>(null, new Verdict(CaseResult.HANG, "timed out: no verdict within "
            + options.timeout().toMillis() / 1000.0 + " s (the per-case limit, --timeout)", true));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        return new Attempt<>(null,
            new Verdict(CaseResult.EXCEPTION, "verifier threw " + cause, false));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f.cancel(true);
        return new Attempt<>(null, new Verdict(CaseResult.EXCEPTION, "interrupted", false));
      }
    }

    private static ExecutorService newExecutor() {
      return Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pkixj-conformance-case");
        t.setDaemon(true);
        return t;
      });
    }

    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  /** A case result with the success flags the summary needs. */
  private record Counted(CaseResult result, boolean expectedSuccess, boolean actualSuccess) {}

  /**
   * The verifier's answer: a code name, HANG (then {@code timedOut}) or EXCEPTION, with an
   * optional reason.
   */
  private record Verdict(String actual, String reason, boolean timedOut) {
    boolean hungOrCrashed() {
      return timedOut || CaseResult.EXCEPTION.equals(actual);
    }

    /** TIMEOUT when there was no verdict in time, else what {@code agree} says. */
    Outcome outcome(boolean agree) {
      return timedOut ? Outcome.TIMEOUT : agree ? Outcome.AGREE : Outcome.DISAGREE;
    }
  }

  /** A task's value, or (then {@code failed} is set) the timeout or exception instead. */
  private record Attempt<T>(T value, Verdict failed) {}

  /** A CRL of a limbo case that does not decode. */
  private static final class BadCrl extends Exception {
    private static final long serialVersionUID = 1L;

    BadCrl(String field, String why) {
      super("CRL does not decode: " + field + ": " + why, null, false, false);
    }
  }

  /** A corpus field that is not one decodable certificate PEM. */
  private static final class BadPem extends Exception {
    private static final long serialVersionUID = 1L;

    BadPem(String field, String why) {
      super("PEM does not decode: " + field + ": " + why, null, false, false);
    }
  }

  private static byte[] pem(JsonNode node, String field) throws BadPem {
    if (!node.isTextual()) {
      throw new BadPem(field, "not a string");
    }
    try {
      return Pem.singleCertificate(node.asText());
    } catch (Pem.PemException e) {
      throw new BadPem(field, e.getMessage());
    }
  }

  private static List<byte[]> pems(JsonNode array, String field) throws BadPem {
    List<byte[]> out = new ArrayList<>();
    if (array.isMissingNode() || array.isNull()) {
      return out;
    }
    if (!array.isArray()) {
      throw new BadPem(field, "not a list");
    }
    int i = 0;
    for (JsonNode n : array) {
      out.add(pem(n, field + "[" + i++ + "]"));
    }
    return out;
  }
}
