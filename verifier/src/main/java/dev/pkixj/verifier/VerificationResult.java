package dev.pkixj.verifier;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one verification: Firefox's code, the certificate it concerns, the chain that was
 * built, and what the error page would say.
 *
 * @param result the code ({@link Result#SUCCESS} when valid)
 * @param certIndex index of the certificate the code concerns, in {@code chain} when a chain was
 *     built (0 = end-entity), else in the presented certificates; -1 when it concerns none (e.g.
 *     an unknown issuer is about the topmost certificate reached, which is reported)
 * @param chain the certificates of the path that was built or, on failure, the longest partial
 *     path tried (end-entity first); never null
 * @param host the reference host name that was checked, or null when none was
 * @param time the verification time
 */
public record VerificationResult(
    Result result, int certIndex, List<Cert> chain, String host, Instant time) {

  public boolean isValid() {
    return result == Result.SUCCESS;
  }

  /**
   * What Firefox's certificate error page would say about this result: title, description with
   * the host, dates and valid names filled in, what to do, whether an exception is possible.
   */
  public dev.pkixj.verifier.explain.Explanation explanation() {
    return dev.pkixj.verifier.explain.Explanations.explain(this);
  }
}
