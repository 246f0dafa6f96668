package dev.pkixj.pkix;

/**
 * A verification step failed with a defined {@link Result}. Internal to the verifier's control
 * flow (the public API returns results, never throws this for a verdict). It carries no stack
 * trace: it is thrown for ordinary bad input, so building a trace would be waste.
 */
public final class PkixException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Result result;

  public PkixException(Result result) {
    super(result.firefoxName(), null, false, false);
    this.result = result;
  }

  public PkixException(Result result, String detail) {
    super(result.firefoxName() + ": " + detail, null, false, false);
    this.result = result;
  }

  public Result result() {
    return result;
  }
}
