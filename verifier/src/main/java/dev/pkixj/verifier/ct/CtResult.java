package dev.pkixj.verifier.ct;

import java.util.List;
import java.util.Objects;

/**
 * What CT said about one verification: the status and every SCT seen, valid or not.
 *
 * @param status the outcome
 * @param scts every decoded SCT in the order Firefox verifies them (embedded, then the stapled
 *     OCSP response's, then the TLS extension's), each with its verification status; empty when
 *     CT was not evaluated
 * @param decodingErrors SCTs or lists that could not be decoded (dropped; never fatal by
 *     themselves)
 */
public record CtResult(CtStatus status, List<VerifiedSct> scts, int decodingErrors) {
  /** CT not evaluated, nothing seen. */
  public static final CtResult NOT_APPLICABLE = new CtResult(CtStatus.NOT_APPLICABLE, List.of(), 0);

  public CtResult {
    Objects.requireNonNull(status, "status");
    scts = List.copyOf(scts);
    if (decodingErrors < 0) {
      throw new IllegalArgumentException("decodingErrors " + decodingErrors);
    }
  }

  /** This result with another status (an exemption, telemetry). */
  public CtResult withStatus(CtStatus newStatus) {
    return new CtResult(newStatus, scts, decodingErrors);
  }
}
