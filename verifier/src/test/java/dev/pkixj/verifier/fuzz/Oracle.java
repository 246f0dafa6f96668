package dev.pkixj.verifier.fuzz;

import dev.pkixj.pkix.Result;
import java.util.EnumSet;
import java.util.Set;

/**
 * The fuzz targets' rule: every input ends in a defined result or error code. A result outside
 * the set a function documents, an exception other than the documented one, a verifier reporting
 * its own failure (LIBRARY_FAILURE, INVALID_ARGS), a hang or an excessive allocation is a bug.
 */
final class Oracle {
  private Oracle() {}

  /** Results that always mean a defect when a verifier API returns them for bad input. */
  static final Set<Result> NEVER = EnumSet.of(Result.SEC_ERROR_LIBRARY_FAILURE,
      Result.SEC_ERROR_INVALID_ARGS);

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  static void allowed(Result r, Set<Result> allowed, String what) {
    require(r != null, what + ": null result");
    require(allowed.contains(r), what + ": undocumented result " + r);
  }

  static void defined(Result r, String what) {
    require(r != null, what + ": null result");
    require(!NEVER.contains(r), what + ": " + r);
  }
}
