package dev.pkixj.verifier.ct;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What a CT log signs for an SCT (RFC 6962 section 3.2, Firefox's CTSerialization {@code
 * EncodeV1SCTSignedData} and CTObjectsExtractor; spec part A2):
 *
 * <pre>
 * 0x00 (v1) || 0x00 (certificate_timestamp) || timestamp u64 || log entry || u16-length extensions
 * log entry = u16 entry_type, then
 *   X.509   (0): u24-length DER of the whole certificate as sent;
 *   precert (1): issuer_key_hash (SHA-256 of the issuer's SubjectPublicKeyInfo DER) ||
 *                u24-length precertificate TBSCertificate
 * </pre>
 *
 * The precertificate TBSCertificate is the certificate's own with only the embedded SCT-list
 * extension (1.3.6.1.4.1.11129.2.4.2) left out: every field before the {@code [3]} extensions
 * and every other extension are copied byte for byte, the extensions SEQUENCE, the {@code [3]}
 * wrapper and the TBSCertificate SEQUENCE get new minimal headers (at most two length bytes,
 * else an error), and {@code [3]} is omitted when no extension remains.
 */
public final class CtSignedData {
  private CtSignedData() {}

  static final byte[] EMBEDDED_SCT_LIST_OID =
      {0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0xd6, 0x79, 0x02, 0x04, 0x02};
  private static final int EXTENSIONS_TAG =
      DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED | 3;

  /** Bytes before the log entry in the signed data: version, type, timestamp. */
  static final int HEADER_LENGTH = 10;

  /** The most extensions the reconstruction keeps track of before failing. */
  private static final int MAX_EXTENSIONS = 256;

  /**
   * The precertificate TBSCertificate of {@code certDer} (see the class documentation).
   *
   * @throws PkixException BAD_DER when the certificate or its extensions do not parse, {@link
   *     Result#SEC_ERROR_INVALID_ARGS} when a re-encoded length would need more than two bytes
   */
  public static byte[] precertTbs(byte[] certDer) throws PkixException {
    byte[] out = new byte[certDer.length];
    int len = writePrecertTbs(certDer, out, 0);
    return Arrays.copyOf(out, len);
  }

  /**
   * Writes the precertificate TBSCertificate of {@code certDer} at {@code out[off]}; {@code out}
   * must have {@code certDer.length} bytes free there (the result is never longer than the
   * certificate). Returns the number of bytes written.
   */
  static int writePrecertTbs(byte[] certDer, byte[] out, int off) throws PkixException {
    DerReader whole = new DerReader(certDer, 0, certDer.length);
    DerReader certificate = whole.expectNested(DerReader.SEQUENCE);
    whole.end();
    DerReader tbs = certificate.expectNested(DerReader.SEQUENCE);
    int beforeStart = tbs.pos();
    while (!tbs.atEnd() && !tbs.peek(EXTENSIONS_TAG)) {
      tbs.readTlv();
    }
    int beforeEnd = tbs.pos();
    int beforeLen = beforeEnd - beforeStart;

    // The kept extensions, as (offset, length) pairs of their whole TLVs.
    int[] kept = null;
    int keptCount = 0;
    int keptLen = 0;
    if (tbs.peek(EXTENSIONS_TAG)) {
      DerReader context = tbs.expectNested(EXTENSIONS_TAG);
      tbs.end();
      DerReader extensions = context.expectNested(DerReader.SEQUENCE);
      context.end();
      kept = new int[8];
      while (!extensions.atEnd()) {
        int tlvStart = extensions.pos();
        DerReader extension = extensions.expectNested(DerReader.SEQUENCE);
        int tlvLen = extensions.pos() - tlvStart;
        extension.expect(DerReader.OID);
        if (extension.valueEquals(EMBEDDED_SCT_LIST_OID)) {
          continue;
        }
        if (keptCount * 2 == kept.length) {
          if (keptCount >= MAX_EXTENSIONS) {
            throw new PkixException(Result.SEC_ERROR_INVALID_ARGS);
          }
          kept = Arrays.copyOf(kept, kept.length * 2);
        }
        kept[keptCount * 2] = tlvStart;
        kept[keptCount * 2 + 1] = tlvLen;
        keptCount++;
        keptLen += tlvLen;
      }
    }

    int p = off;
    if (keptCount > 0) {
      int extensionsHeader = headerLength(keptLen);
      int contextLen = extensionsHeader + keptLen;
      int contextHeader = headerLength(contextLen);
      int tbsLen = beforeLen + contextHeader + contextLen;
      p = writeHeader(DerReader.SEQUENCE, tbsLen, out, p);
      System.arraycopy(certDer, beforeStart, out, p, beforeLen);
      p += beforeLen;
      p = writeHeader(EXTENSIONS_TAG, contextLen, out, p);
      p = writeHeader(DerReader.SEQUENCE, keptLen, out, p);
      for (int i = 0; i < keptCount; i++) {
        System.arraycopy(certDer, kept[i * 2], out, p, kept[i * 2 + 1]);
        p += kept[i * 2 + 1];
      }
    } else {
      p = writeHeader(DerReader.SEQUENCE, beforeLen, out, p);
      System.arraycopy(certDer, beforeStart, out, p, beforeLen);
      p += beforeLen;
    }
    return p - off;
  }

  /** The length of a minimal DER header for {@code length}; INVALID_ARGS past 65,535. */
  private static int headerLength(int length) throws PkixException {
    if (length < 128) {
      return 2;
    } else if (length < 256) {
      return 3;
    } else if (length < 65536) {
      return 4;
    }
    throw new PkixException(Result.SEC_ERROR_INVALID_ARGS);
  }

  private static int writeHeader(int tag, int length, byte[] out, int p) throws PkixException {
    out[p++] = (byte) tag;
    switch (headerLength(length)) {
      case 2:
        out[p++] = (byte) length;
        break;
      case 3:
        out[p++] = (byte) 0x81;
        out[p++] = (byte) length;
        break;
      default:
        out[p++] = (byte) 0x82;
        out[p++] = (byte) (length >>> 8);
        out[p++] = (byte) length;
        break;
    }
    return p;
  }

  /**
   * The serialized precertificate log entry: {@code 0x0001 || issuerKeyHash || u24 tbs}.
   */
  public static byte[] precertEntry(byte[] certDer, Input issuerSpki) throws PkixException {
    byte[] out = new byte[2 + 32 + 3 + certDer.length];
    int len = writePrecertEntry(certDer, issuerSpki, out, 0);
    return Arrays.copyOf(out, len);
  }

  /**
   * Writes the precertificate log entry at {@code out[off]}; needs {@code 37 + certDer.length}
   * bytes there. Returns the number of bytes written.
   */
  static int writePrecertEntry(byte[] certDer, Input issuerSpki, byte[] out, int off)
      throws PkixException {
    out[off] = 0;
    out[off + 1] = 1;
    byte[] keyHash = sha256(issuerSpki);
    System.arraycopy(keyHash, 0, out, off + 2, 32);
    int tbsLen = writePrecertTbs(certDer, out, off + 2 + 32 + 3);
    writeU24(tbsLen, out, off + 2 + 32);
    return 2 + 32 + 3 + tbsLen;
  }

  /** The serialized X.509 log entry: {@code 0x0000 || u24 certificate}. */
  public static byte[] x509Entry(byte[] certDer) throws PkixException {
    byte[] out = new byte[5 + certDer.length];
    writeX509Entry(certDer, out, 0);
    return out;
  }

  /** Writes the X.509 log entry at {@code out[off]}; returns the number of bytes written. */
  static int writeX509Entry(byte[] certDer, byte[] out, int off) throws PkixException {
    if (certDer.length > 0xffffff) {
      throw new PkixException(Result.SEC_ERROR_INVALID_ARGS);
    }
    out[off] = 0;
    out[off + 1] = 0;
    writeU24(certDer.length, out, off + 2);
    System.arraycopy(certDer, 0, out, off + 5, certDer.length);
    return 5 + certDer.length;
  }

  /**
   * The whole v1 signed data for an SCT with {@code timestampMillis} and {@code extensions}
   * over a serialized log entry.
   */
  public static byte[] v1SignedData(long timestampMillis, byte[] entry, byte[] extensions) {
    byte[] out = new byte[HEADER_LENGTH + entry.length + 2 + extensions.length];
    writeHeader(timestampMillis, out);
    System.arraycopy(entry, 0, out, HEADER_LENGTH, entry.length);
    writeExtensions(extensions, out, HEADER_LENGTH + entry.length);
    return out;
  }

  /** Writes version, signature type and timestamp at {@code out[0..10)}. */
  static void writeHeader(long timestampMillis, byte[] out) {
    out[0] = 0;
    out[1] = 0;
    for (int i = 0; i < 8; i++) {
      out[2 + i] = (byte) (timestampMillis >>> (56 - 8 * i));
    }
  }

  /** Writes {@code u16 length || extensions} at {@code out[off]}; returns the end offset. */
  static int writeExtensions(byte[] extensions, byte[] out, int off) {
    out[off] = (byte) (extensions.length >>> 8);
    out[off + 1] = (byte) extensions.length;
    System.arraycopy(extensions, 0, out, off + 2, extensions.length);
    return off + 2 + extensions.length;
  }

  private static void writeU24(int v, byte[] out, int off) {
    out[off] = (byte) (v >>> 16);
    out[off + 1] = (byte) (v >>> 8);
    out[off + 2] = (byte) v;
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(CtSignedData::sha256Digest);

  static byte[] sha256(Input in) {
    MessageDigest md = SHA256.get();
    byte[] b = dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData(in);
    md.update(b, in.off(), in.len());
    return md.digest();
  }

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
