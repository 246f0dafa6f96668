package dev.pkixj.verifier.ct;

import java.util.Locale;

/** The CT outcome of one verification (CTPolicyCompliance plus pkixj's two non-policy cases). */
public enum CtStatus {
  /** The policy is met. */
  COMPLIANT,
  /** Too few qualifying SCTs (also: a chain of length 1). */
  NOT_ENOUGH_SCTS,
  /** Enough SCTs, but not from enough distinct logs or operators. */
  NOT_DIVERSE_SCTS,
  /**
   * CT was not evaluated: not a TLS server verification, the path build failed, CT is off, the
   * root is not one CT applies to, or the log list has expired at the verification time.
   */
  NOT_APPLICABLE,
  /** Not compliant, but a host or SPKI-hash exemption turned the error into success. */
  EXEMPT;

  /** The name used in JSON output: compliant, not_enough_scts, … */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the two policy failures. */
  public boolean isFailure() {
    return this == NOT_ENOUGH_SCTS || this == NOT_DIVERSE_SCTS;
  }
}
