package dev.pkixj.pkix.sig;

/**
 * An id-ecPublicKey on a supported curve, validated: its affine point and, once the key has proved
 * hot, its comb table (null until then; see {@link SignatureVerifier}). Immutable.
 */
final class EcKey extends ParsedKey {
  final EcCurve curve;
  /** The affine coordinates, as field elements. */
  final int[] x;
  final int[] y;
  /** The key's comb table, or null for a key verified with a per-call wNAF. */
  final EcCurve.Comb comb;

  EcKey(EcCurve curve, int[] x, int[] y, EcCurve.Comb comb) {
    this.curve = curve;
    this.x = x;
    this.y = y;
    this.comb = comb;
  }
}
