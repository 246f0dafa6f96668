package dev.pkixj.verifier.policy;

/** Where a verification time came from: it decides whether a time error can blame the clock. */
public enum TimeSource {
  /** This computer's clock ("now"): a time error may mean the clock is wrong. */
  SYSTEM_CLOCK,
  /** A time the caller chose (e.g. {@code --time}): the clock is not involved. */
  GIVEN
}
