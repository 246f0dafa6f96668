package dev.pkixj.pkix.sig;

import dev.pkixj.pkix.Result;

/**
 * A subjectPublicKeyInfo parsed once and cached: an {@link RsaKey}, an {@link EcKey}, or an {@link
 * Unusable} key remembering why it cannot be used. Immutable, so safely shared between threads.
 */
abstract class ParsedKey {
  ParsedKey() {}

  /** A key the SPKI parser refused, with the error every verification with it reports. */
  static final class Unusable extends ParsedKey {
    final Result error;

    Unusable(Result error) {
      this.error = error;
    }
  }
}
