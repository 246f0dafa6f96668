package dev.pkixj.verifier.ct;

import java.util.Objects;

/**
 * One SCT with the outcome of its verification.
 *
 * @param sct the decoded SCT
 * @param status {@link SctStatus#VALID} if it counts for the policy
 * @param log the log that issued it, or null when {@link SctStatus#UNKNOWN_LOG}
 */
public record VerifiedSct(Sct sct, SctStatus status, CtLog log) {
  public VerifiedSct {
    Objects.requireNonNull(sct, "sct");
    Objects.requireNonNull(status, "status");
    if (log == null && status != SctStatus.UNKNOWN_LOG) {
      throw new IllegalArgumentException("only an unknown-log SCT has no log");
    }
  }

  public boolean isValid() {
    return status == SctStatus.VALID;
  }
}
