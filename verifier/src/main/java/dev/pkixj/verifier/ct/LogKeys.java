package dev.pkixj.verifier.ct;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;

/**
 * The log keys Firefox accepts (CTLogVerifier::Init, spec part A2): id-ecPublicKey on P-256 with
 * an uncompressed point, or rsaEncryption (NULL parameters) with a modulus of at least 2048 bits.
 * One parser for the log list (which refuses other keys, naming the problem) and the SCT verifier
 * (which treats a log with another key as unknown).
 */
final class LogKeys {
  private LogKeys() {}

  /** The two kinds of key a log may have. */
  enum Kind { P256, RSA }

  /** The kind of an acceptable key, or what is wrong with it. Exactly one is non-null. */
  record Checked(Kind kind, String problem) {}

  private static final byte[] ID_EC_PUBLIC_KEY =
      {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
  private static final byte[] PRIME256V1 =
      {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
  private static final byte[] RSA_ENCRYPTION =
      {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};

  private static Checked problem(String what) {
    return new Checked(null, what);
  }

  /** Checks {@code spki}, a DER SubjectPublicKeyInfo. */
  static Checked check(byte[] spki) {
    try {
      DerReader outer = new DerReader(spki, 0, spki.length);
      DerReader seq = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      DerReader alg = seq.expectNested(DerReader.SEQUENCE);
      Input bits = seq.readBitStringNoUnusedBits();
      seq.end();
      alg.expect(DerReader.OID);
      if (alg.valueEquals(ID_EC_PUBLIC_KEY)) {
        alg.expect(DerReader.OID);
        if (!alg.valueEquals(PRIME256V1)) {
          return problem("is an EC key on a curve other than P-256");
        }
        alg.end();
        if (bits.len() != 65 || bits.at(0) != 0x04) {
          return problem("is not an uncompressed P-256 point");
        }
        return new Checked(Kind.P256, null);
      }
      if (alg.valueEquals(RSA_ENCRYPTION)) {
        alg.readNull();
        alg.end();
        DerReader k = bits.reader();
        DerReader rsa = k.expectNested(DerReader.SEQUENCE);
        k.end();
        int modulusBytes = rsa.readIntegralBytes(DerReader.INTEGER,
            DerReader.IntegerRule.POSITIVE);
        // The reader works on spki itself: valueEnd() is an index into it.
        int first = spki[rsa.valueEnd() - modulusBytes] & 0xff;
        int modulusBits = (modulusBytes - 1) * 8 + (32 - Integer.numberOfLeadingZeros(first));
        rsa.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.POSITIVE);
        rsa.end();
        if (modulusBits < 2048) {
          return problem("is an RSA key of " + modulusBits + " bits (at least 2048 needed)");
        }
        return new Checked(Kind.RSA, null);
      }
      return problem("is neither an EC (P-256) nor an RSA key");
    } catch (PkixException e) {
      return problem("is not a DER SubjectPublicKeyInfo");
    }
  }
}
