package dev.pkixj.verifier.sig;

/** An id-ecPublicKey on a supported curve, validated and with its comb table built. */
final class EcKey extends ParsedKey {
  final EcCurve curve;
  final EcCurve.Comb comb;

  EcKey(EcCurve curve, EcCurve.Comb comb) {
    this.curve = curve;
    this.comb = comb;
  }
}
