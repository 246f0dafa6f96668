package dev.pkixj.pkix.sig;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm.DigestAlgorithm;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An RSA public key from an rsaEncryption SPKI, with NSS's (freebl {@code rsapkcs.c}) PKCS#1 v1.5
 * and PSS verification.
 *
 * <p>The public operation is {@link BigInteger#modPow}: HotSpot intrinsifies its Montgomery
 * multiplication and squaring, which made it the fastest of the implementations measured (see
 * {@link SignatureVerifier}).
 */
final class RsaKey extends ParsedKey {
  /** NSS (freebl {@code RSA_MAX_MODULUS_BITS}) refuses moduli over 16384 bits. */
  static final int MAX_MODULUS_BYTES = 16384 / 8;
  /** NSS (freebl {@code RSA_MAX_EXPONENT_BITS}) refuses exponents over 64 bits. */
  static final int MAX_EXPONENT_BYTES = 64 / 8;

  private static final byte[][] DIGEST_INFO_PREFIX = new byte[DigestAlgorithm.values().length][];

  static {
    DIGEST_INFO_PREFIX[DigestAlgorithm.SHA1.ordinal()] = hex("3021300906052b0e03021a05000414");
    DIGEST_INFO_PREFIX[DigestAlgorithm.SHA256.ordinal()] =
        hex("3031300d060960864801650304020105000420");
    DIGEST_INFO_PREFIX[DigestAlgorithm.SHA384.ordinal()] =
        hex("3041300d060960864801650304020205000430");
    DIGEST_INFO_PREFIX[DigestAlgorithm.SHA512.ordinal()] =
        hex("3051300d060960864801650304020305000440");
  }

  private static final byte[] EIGHT_ZEROS = new byte[8];

  /** Modulus bytes without a sign byte: the modulus length k. */
  private final byte[] modulus;
  private final BigInteger n;
  private final BigInteger e;
  private final int modulusBits;
  /**
   * False when NSS's public operation would refuse the key (exponent over 64 bits or longer than
   * the modulus, modulus over 16384 bits): every signature is then BAD_SIGNATURE, as NSS's
   * {@code RSA_HashCheckSign} / {@code RSA_CheckSignPSS} report it.
   */
  private final boolean usable;

  RsaKey(byte[] buf, int modOff, int modLen, int expOff, int expLen) {
    // Strip the sign byte of a DER INTEGER (the values are known positive and minimal).
    if (modLen > 1 && buf[modOff] == 0) {
      modOff++;
      modLen--;
    }
    if (expLen > 1 && buf[expOff] == 0) {
      expOff++;
      expLen--;
    }
    this.modulus = Arrays.copyOfRange(buf, modOff, modOff + modLen);
    this.n = new BigInteger(1, modulus);
    this.e = new BigInteger(1, buf, expOff, expLen);
    this.modulusBits = n.bitLength();
    this.usable = modLen <= MAX_MODULUS_BYTES && expLen <= MAX_EXPONENT_BYTES && expLen <= modLen;
  }

  int modulusBits() {
    return modulusBits;
  }

  /**
   * The public operation on the signature (NSS {@code RSA_PublicKeyOp}): null unless the signature
   * is exactly k bytes and less than the modulus; otherwise the k-byte result.
   */
  private byte[] publicOp(byte[] sig, int off, int len) {
    int k = modulus.length;
    if (!usable || len != k) {
      return null;
    }
    if (Arrays.compareUnsigned(sig, off, off + len, modulus, 0, k) >= 0) {
      return null;
    }
    BigInteger m = new BigInteger(1, sig, off, len).modPow(e, n);
    return toFixed(m, k);
  }

  static byte[] toFixed(BigInteger m, int k) {
    byte[] raw = m.toByteArray();
    if (raw.length == k) {
      return raw;
    }
    byte[] out = new byte[k];
    if (raw.length > k) {
      // Only a sign byte can be in excess (m < n < 2^(8k)).
      System.arraycopy(raw, raw.length - k, out, 0, k);
    } else {
      System.arraycopy(raw, 0, out, k - raw.length, raw.length);
    }
    return out;
  }

  /**
   * RSASSA-PKCS1-v1_5 (NSS {@code RSA_HashCheckSign}): EM must be exactly 00 01 FF…FF 00
   * DigestInfo(hash, NULL parameters) H, with at least eight FF bytes. The DigestInfo without the
   * NULL parameters is refused, as NSS's softoken does ({@code unsafeAllowMissingParameters} false).
   */
  Result verifyPkcs1(DigestAlgorithm da, byte[] data, int off, int len, byte[] sig, int sOff,
      int sLen) {
    byte[] em = publicOp(sig, sOff, sLen);
    if (em == null) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    byte[] prefix = DIGEST_INFO_PREFIX[da.ordinal()];
    int hLen = da.length();
    int tLen = prefix.length + hLen;
    int k = em.length;
    if (k < tLen + 11) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    int bad = em[0] | (em[1] ^ 1);
    int psEnd = k - tLen - 1; // index of the 00 separator
    for (int i = 2; i < psEnd; i++) {
      bad |= em[i] ^ (byte) 0xff;
    }
    bad |= em[psEnd];
    if (bad != 0 || !Arrays.equals(em, psEnd + 1, psEnd + 1 + prefix.length, prefix, 0,
        prefix.length)) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    byte[] h = Digests.digest(da, data, off, len);
    return Arrays.equals(em, k - hLen, k, h, 0, hLen)
        ? Result.SUCCESS
        : Result.SEC_ERROR_BAD_SIGNATURE;
  }

  /**
   * RSASSA-PSS with MGF1 over the same hash and a salt as long as the hash (NSS
   * {@code RSA_CheckSignPSS} / {@code emsa_pss_verify}). Like NSS, when the modulus length is
   * 1 mod 8 bits the (then always 0 or 1) top byte of the k-byte result is not examined.
   */
  Result verifyPss(DigestAlgorithm da, byte[] data, int off, int len, byte[] sig, int sOff,
      int sLen) {
    byte[] buffer = publicOp(sig, sOff, sLen);
    if (buffer == null) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    int emOff = 0;
    int emLen = buffer.length;
    if (modulusBits % 8 == 1) {
      emOff = 1;
      emLen--;
    }
    int emBits = modulusBits - 1;
    int hLen = da.length();
    int saltLen = hLen;
    if (emLen < hLen + saltLen + 2 || buffer[emOff + emLen - 1] != (byte) 0xbc) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    int zeroBits = 8 * emLen - emBits;
    if (((buffer[emOff] & 0xff) >>> (8 - zeroBits)) != 0) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    int dbLen = emLen - hLen - 1;
    int hOff = emOff + dbLen;
    MessageDigest md = Digests.get(da);
    // db = maskedDB XOR MGF1(H, dbLen)
    byte[] db = new byte[dbLen];
    byte[] counter = new byte[4];
    for (int done = 0, c = 0; done < dbLen; c++) {
      counter[3] = (byte) c;
      counter[2] = (byte) (c >>> 8);
      md.update(buffer, hOff, hLen);
      md.update(counter);
      byte[] block = md.digest();
      int n = Math.min(hLen, dbLen - done);
      for (int i = 0; i < n; i++) {
        db[done + i] = (byte) (block[i] ^ buffer[emOff + done + i]);
      }
      done += n;
    }
    db[0] &= (byte) (0xff >>> zeroBits);
    int bad = 0;
    int sepIndex = dbLen - saltLen - 1;
    for (int i = 0; i < sepIndex; i++) {
      bad |= db[i];
    }
    if (bad != 0 || db[sepIndex] != 1) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    md.update(data, off, len);
    byte[] mHash = md.digest();
    md.update(EIGHT_ZEROS);
    md.update(mHash);
    md.update(db, dbLen - saltLen, saltLen);
    byte[] h2 = md.digest();
    return Arrays.equals(h2, 0, hLen, buffer, hOff, hOff + hLen)
        ? Result.SUCCESS
        : Result.SEC_ERROR_BAD_SIGNATURE;
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
