package dev.pkixj.verifier.strict;

/**
 * One rule a chain breaks.
 *
 * @param rule the rule
 * @param code the error code ({@link Rule#code()}, or Firefox's code for {@link Rule#FIREFOX})
 * @param certIndex the certificate it concerns, in the verification result's chain (0 = the
 *     end-entity); -1 when it concerns none in particular
 * @param source where the requirement is written
 */
public record Violation(Rule rule, String code, int certIndex, String source) {
  static Violation of(Rule rule, int certIndex) {
    return new Violation(rule, rule.code(), certIndex, rule.source());
  }
}
