package dev.pkixj.verifier;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.truststore.revocation.RevocationInfo;
import dev.pkixj.verifier.ct.CtResult;
import dev.pkixj.verifier.policy.PolicyNotes;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of one verification: Firefox's code, the certificate it concerns, the chain that was
 * built, and what the error page would say.
 *
 * @param result the code ({@link Result#SUCCESS} when valid, including when a certificate
 *     exception covered an error: see {@link #isOverridden()})
 * @param certIndex index of the certificate the code concerns, in {@code chain} when a chain was
 *     built (0 = end-entity), else in the presented certificates; -1 when it concerns none (e.g.
 *     an unknown issuer is about the topmost certificate reached, which is reported)
 * @param chain the certificates of the path that was built or, on failure, the longest partial
 *     path tried (end-entity first); never null
 * @param host the reference host name that was checked, or null when none was
 * @param time the verification time
 * @param notes what the browser layer added (exception, HSTS, clock check); {@link
 *     PolicyNotes#NONE} for a plain verification, never null
 * @param ct what Certificate Transparency said ({@link CtResult#NOT_APPLICABLE} when it was not
 *     evaluated), never null
 * @param revocation what the end-entity's revocation check did in the build that gave this
 *     result (the deciding source and CRLite's answer; docs/crlite.md), {@link
 *     RevocationInfo#NONE} when there was none, never null
 * @param violations under the strict profile ({@link Profile#STRICT}), every rule the chain
 *     breaks in verdict priority order (docs/strict-profile.md); empty under the Firefox profile
 *     and for a chain that breaks none, never null
 */
public record VerificationResult(
    Result result, int certIndex, List<Cert> chain, String host, Instant time,
    PolicyNotes notes, CtResult ct, RevocationInfo revocation,
    List<dev.pkixj.verifier.strict.Violation> violations) {

  public VerificationResult {
    notes = notes == null ? PolicyNotes.NONE : notes;
    ct = ct == null ? CtResult.NOT_APPLICABLE : ct;
    revocation = revocation == null ? RevocationInfo.NONE : revocation;
    violations = violations == null ? List.of() : List.copyOf(violations);
  }

  /** A result without strict-profile violations. */
  public VerificationResult(Result result, int certIndex, List<Cert> chain, String host,
      Instant time, PolicyNotes notes, CtResult ct, RevocationInfo revocation) {
    this(result, certIndex, chain, host, time, notes, ct, revocation, List.of());
  }

  /** A result with no revocation information. */
  public VerificationResult(Result result, int certIndex, List<Cert> chain, String host,
      Instant time, PolicyNotes notes, CtResult ct) {
    this(result, certIndex, chain, host, time, notes, ct, RevocationInfo.NONE);
  }

  /** A result with browser-layer notes and no CT evaluation. */
  public VerificationResult(Result result, int certIndex, List<Cert> chain, String host,
      Instant time, PolicyNotes notes) {
    this(result, certIndex, chain, host, time, notes, CtResult.NOT_APPLICABLE);
  }

  /** A result without browser-layer notes. */
  public VerificationResult(Result result, int certIndex, List<Cert> chain, String host,
      Instant time) {
    this(result, certIndex, chain, host, time, PolicyNotes.NONE, CtResult.NOT_APPLICABLE);
  }

  /** This result with {@code newNotes}. */
  public VerificationResult withNotes(PolicyNotes newNotes) {
    return new VerificationResult(result, certIndex, chain, host, time, newNotes, ct,
        revocation, violations);
  }

  /** This result with {@code newViolations} (the verdict itself unchanged). */
  public VerificationResult withViolations(
      List<dev.pkixj.verifier.strict.Violation> newViolations) {
    return new VerificationResult(result, certIndex, chain, host, time, notes, ct, revocation,
        newViolations);
  }

  /** This result with another chain and {@code newViolations} (the verdict itself unchanged). */
  public VerificationResult withChainAndViolations(List<Cert> newChain,
      List<dev.pkixj.verifier.strict.Violation> newViolations) {
    return new VerificationResult(result, certIndex, newChain, host, time, notes, ct,
        revocation, newViolations);
  }

  /**
   * The verdict's code: Firefox's name of {@link #result()}, except under the strict profile,
   * where it is the first violation's code (a {@code PKIXJ_ERROR_…} name for a rule Firefox has
   * no code for).
   */
  public String code() {
    return violations.isEmpty() || result == Result.SUCCESS
        ? result.firefoxName() : violations.get(0).code();
  }

  /**
   * A success through a certificate exception: {@code covered}'s error was overridden for its
   * host and port. The result is {@link Result#SUCCESS}; {@link #overriddenError()} is the error.
   */
  public static VerificationResult overridden(VerificationResult covered, PolicyNotes notes) {
    PolicyNotes n = new PolicyNotes(covered.result(), covered.certIndex(), notes.port(),
        notes.strictTransportSecurity(), null);
    return new VerificationResult(Result.SUCCESS, -1, covered.chain(), covered.host(),
        covered.time(), n, covered.ct(), covered.revocation());
  }

  public boolean isValid() {
    return result == Result.SUCCESS;
  }

  /** True if the result is a success only because a certificate exception covered an error. */
  public boolean isOverridden() {
    return notes.isOverridden();
  }

  /** The error a certificate exception covered, or null. */
  public Result overriddenError() {
    return notes.overriddenError();
  }

  /**
   * What Firefox's certificate error page would say about this result: title, description with
   * the host, dates and valid names filled in, what to do, whether an exception is possible.
   */
  public dev.pkixj.verifier.explain.Explanation explanation() {
    return dev.pkixj.verifier.explain.Explanations.explain(this);
  }
}
