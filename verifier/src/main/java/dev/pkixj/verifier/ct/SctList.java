package dev.pkixj.verifier.ct;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a TLS-encoded {@code SignedCertificateTimestampList} (RFC 6962 section 3.3) exactly as
 * Firefox's CTSerialization and MultiLogCTVerifier {@code DecodeSCTs} do (spec part A2):
 *
 * <ul>
 *   <li>the list is a u16 length and that many bytes; bytes after it are ignored. A list whose
 *       length cannot be read, or is longer than the input, is one decoding error and yields no
 *       SCT;</li>
 *   <li>each item is a u16 length and that many bytes. An item whose length cannot be read, that
 *       runs past the list, or whose length is 0 is a decoding error and ends the list;</li>
 *   <li>an item that does not decode as a v1 SCT is a decoding error and is skipped: version 0
 *       only; a 32-byte log id; a u64 timestamp; u16-length extensions; hash algorithm 0..6;
 *       signature algorithm 0..3; a u16-length signature. Bytes after the signature are
 *       ignored;</li>
 *   <li>the extensions are a sequence of (u8 type, u16-length data): type 0 (leaf_index) must be
 *       exactly 5 bytes and appear once; any other type is ignored; a truncated extension, a
 *       second leaf_index or one of another length makes the SCT a decoding error.</li>
 * </ul>
 *
 * <p>Never throws for any input; every length is checked against the bytes actually present
 * before anything is allocated (docs/limits.md, "SCT lists").
 */
public final class SctList {
  private SctList() {}

  /**
   * The SCTs of one list and the number of decoding errors.
   *
   * @param scts the decoded SCTs, in list order
   * @param decodingErrors lists or items that could not be decoded
   */
  public record Decoded(List<Sct> scts, int decodingErrors) {
    public Decoded {
      scts = List.copyOf(scts);
    }
  }

  static final Decoded EMPTY = new Decoded(List.of(), 0);

  /** As {@link #decode(byte[], int, int, SctOrigin)} over the whole array; null is empty. */
  public static Decoded decode(byte[] list, SctOrigin origin) {
    return list == null ? EMPTY : decode(list, 0, list.length, origin);
  }

  /** As {@link #decode(byte[], int, int, SctOrigin)} over a slice; null is empty. */
  public static Decoded decode(Input list, SctOrigin origin) {
    if (list == null) {
      return EMPTY;
    }
    return decode(list.toByteArray(), origin);
  }

  /**
   * Decodes {@code buf[off, off+len)}. An empty input is an empty result (no error: Firefox
   * does not look at an empty list at all).
   */
  public static Decoded decode(byte[] buf, int off, int len, SctOrigin origin) {
    List<Sct> out = new ArrayList<>(4);
    int errors = decodeInto(buf, off, len, origin, out);
    return new Decoded(out, errors);
  }

  /**
   * Decodes into {@code out}; returns the number of decoding errors. A null or out-of-range
   * slice, or an empty one, adds nothing.
   */
  static int decodeInto(byte[] buf, int off, int len, SctOrigin origin, List<Sct> out) {
    if (buf == null || off < 0 || len <= 0 || off > buf.length - len) {
      return 0;
    }
    int end = off + len;
    if (len < 2) {
      return 1;
    }
    int listLen = u16(buf, off);
    int pos = off + 2;
    if (listLen > end - pos) {
      return 1;
    }
    int listEnd = pos + listLen;
    int errors = 0;
    while (pos < listEnd) {
      if (listEnd - pos < 2) {
        return errors + 1;
      }
      int itemLen = u16(buf, pos);
      pos += 2;
      if (itemLen == 0 || itemLen > listEnd - pos) {
        return errors + 1;
      }
      Sct sct = decodeItem(buf, pos, itemLen, origin);
      if (sct == null) {
        errors++;
      } else {
        out.add(sct);
      }
      pos += itemLen;
    }
    return errors;
  }

  /** One SignedCertificateTimestamp, or null when it does not decode. */
  static Sct decodeItem(byte[] buf, int off, int len, SctOrigin origin) {
    int end = off + len;
    int p = off;
    // version(1) log_id(32) timestamp(8) extensions length(2)
    if (end - p < 1 + 32 + 8 + 2) {
      return null;
    }
    if (buf[p] != 0) {
      return null; // only v1
    }
    p++;
    int logIdOff = p;
    p += 32;
    long timestamp = 0;
    for (int i = 0; i < 8; i++) {
      timestamp = (timestamp << 8) | (buf[p + i] & 0xff);
    }
    p += 8;
    int extLen = u16(buf, p);
    p += 2;
    if (extLen > end - p) {
      return null;
    }
    int extOff = p;
    p += extLen;
    // hash(1) signature algorithm(1) signature length(2)
    if (end - p < 4) {
      return null;
    }
    int hash = buf[p] & 0xff;
    int sigAlg = buf[p + 1] & 0xff;
    if (hash > 6 || sigAlg > 3) {
      return null;
    }
    int sigLen = u16(buf, p + 2);
    p += 4;
    if (sigLen > end - p) {
      return null;
    }
    long leafIndex = leafIndex(buf, extOff, extLen);
    if (leafIndex == BAD_EXTENSIONS) {
      return null;
    }
    return new Sct(Arrays.copyOfRange(buf, logIdOff, logIdOff + 32), timestamp,
        Arrays.copyOfRange(buf, extOff, extOff + extLen), leafIndex, hash, sigAlg,
        Arrays.copyOfRange(buf, p, p + sigLen), origin);
  }

  private static final long BAD_EXTENSIONS = -2;

  /**
   * SignedCertificateTimestamp::DecodeExtensions: the leaf_index (-1 when absent), or {@link
   * #BAD_EXTENSIONS}.
   */
  private static long leafIndex(byte[] buf, int off, int len) {
    int end = off + len;
    int p = off;
    long leafIndex = -1;
    while (p < end) {
      int type = buf[p] & 0xff;
      p++;
      if (end - p < 2) {
        return BAD_EXTENSIONS;
      }
      int dataLen = u16(buf, p);
      p += 2;
      if (dataLen > end - p) {
        return BAD_EXTENSIONS;
      }
      if (type == 0) {
        if (leafIndex != -1 || dataLen != 5) {
          return BAD_EXTENSIONS;
        }
        long v = 0;
        for (int i = 0; i < 5; i++) {
          v = (v << 8) | (buf[p + i] & 0xff);
        }
        leafIndex = v;
      }
      p += dataLen;
    }
    return leafIndex;
  }

  private static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  /**
   * The TLS-encoded list inside the certificate extension's value (mozilla::pkix {@code
   * ExtractSignedCertificateTimestampListFromExtension}): the extnValue must be exactly one
   * OCTET STRING. Returns its contents, or null when it is not (path building has already
   * refused such a certificate, so null is never seen for a built chain).
   */
  public static Input unwrapExtension(Input extensionValue) {
    if (extensionValue == null) {
      return null;
    }
    try {
      DerReader r = extensionValue.reader();
      Input inner = r.expectValue(DerReader.OCTET_STRING);
      r.end();
      return inner;
    } catch (PkixException e) {
      return null;
    }
  }
}
