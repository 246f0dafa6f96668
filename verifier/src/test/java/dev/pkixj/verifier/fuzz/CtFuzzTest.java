package dev.pkixj.verifier.fuzz;

import static dev.pkixj.verifier.fuzz.Oracle.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.verifier.ct.CtLog;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.CtVerifier;
import dev.pkixj.verifier.ct.Sct;
import dev.pkixj.verifier.ct.SctList;
import dev.pkixj.verifier.ct.SctOrigin;
import dev.pkixj.verifier.ct.VerifiedSct;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Fuzz target for the TLS-encoded SignedCertificateTimestampList decoder and the SCT verifier
 * behind it (docs/limits.md, "Certificate Transparency"): any bytes as a delivered list, and as
 * the embedded list of a real certificate, end in decoded SCTs and a count of decoding errors,
 * never an exception. The test log of google/certificate-transparency is known, so SCTs naming it
 * reach the signature check.
 *
 * <p>Regression inputs: {@code src/test/resources/dev/pkixj/verifier/fuzz/CtFuzzTestInputs/
 * sctList/}; a plain {@code mvn test} runs them, {@code fuzz/run verifier.sctlist MINUTES}
 * fuzzes.
 */
class CtFuzzTest {
  private static final long NOW = Instant.parse("2015-01-01T00:00:00Z").getEpochSecond();
  private static final CtVerifier VERIFIER;
  private static final Cert LEAF;
  private static final Cert ISSUER;

  static {
    byte[] logKey = pem("/ct/ct-server-key-public.pem");
    CtLog log = new CtLog("test", "test", 0, CtLog.State.ADMISSIBLE, 0, CtLog.Format.RFC6962,
        logKey);
    VERIFIER = new CtVerifier(new CtLogList(List.of(log), Instant.EPOCH,
        Instant.parse("2100-01-01T00:00:00Z"), "fuzz"));
    try {
      LEAF = Cert.parse(pem("/ct/test-cert.pem"));
      ISSUER = Cert.parse(pem("/ct/ca-cert.pem"));
      // The embedded path must be reachable: a list of one SCT embeds and decodes.
      byte[] one = new byte[4 + 47];
      one[1] = 49;
      one[3] = 47;
      one[4 + 43] = 4;
      one[4 + 44] = 3;
      Cert c = Cert.parse(withEmbeddedList(one));
      if (VERIFIER.verify(c, ISSUER, null, null, NOW, CtVerifier.NO_DISTRUST_AFTER).scts()
          .size() != 1) {
        throw new IllegalStateException("the embedded list is not seen");
      }
    } catch (PkixException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] pem(String resource) {
    try (InputStream in = CtFuzzTest.class.getResourceAsStream(resource)) {
      StringBuilder b64 = new StringBuilder();
      boolean inside = false;
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.startsWith("-----BEGIN")) {
          inside = true;
        } else if (line.startsWith("-----END")) {
          break;
        } else if (inside) {
          b64.append(line.trim());
        }
      }
      return Base64.getDecoder().decode(b64.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void sctList(byte[] data) throws PkixException {
    SctList.Decoded d = SctList.decode(data, SctOrigin.TLS_EXTENSION);
    require(d.decodingErrors() >= 0, "negative error count");
    // Each decoded SCT takes at least 47 bytes, each error at least one.
    require(d.scts().size() * 47L <= Math.max(0, data.length - 2), "more SCTs than bytes");
    for (Sct s : d.scts()) {
      require(s.logId().length == 32 && s.hashAlgorithm() <= 6 && s.signatureAlgorithm() <= 3,
          "an SCT outside the decoder's rules");
    }
    // The same bytes delivered by TLS and OCSP, and embedded in the certificate's extension.
    CtVerifier.Verified v = VERIFIER.verify(LEAF, ISSUER, data, data, NOW,
        CtVerifier.NO_DISTRUST_AFTER);
    require(v.scts().size() == 2 * d.scts().size(), "verification dropped SCTs");
    require(v.decodingErrors() == 2 * d.decodingErrors(), "different decoding errors");
    for (VerifiedSct s : v.scts()) {
      require(s.status() != null, "no status");
    }
    byte[] certWithList = withEmbeddedList(data);
    if (certWithList != null) {
      try {
        Cert embedded = Cert.parse(certWithList);
        CtVerifier.Verified e = VERIFIER.verify(embedded, ISSUER, null, null, NOW,
            CtVerifier.NO_DISTRUST_AFTER);
        require(e.scts().size() == (data.length == 0 ? 0 : d.scts().size()),
            "embedded list decoded differently");
      } catch (PkixException ex) {
        require(ex.result() != Result.SEC_ERROR_LIBRARY_FAILURE, "library failure");
      }
    }
  }

  /**
   * The test certificate's TBS with an SCT-list extension holding {@code list} (signature left as
   * is; only the embedded SCTs are looked at), or null when it would not fit.
   */
  private static byte[] withEmbeddedList(byte[] list) {
    if (list.length > 60000) {
      return null;
    }
    byte[] der = LEAF.der();
    Input tbs = LEAF.signedData();
    byte[] inner = tlv(0x04, list);
    byte[] ext = tlv(0x30, concat(tlv(0x06, new byte[] {0x2b, 0x06, 0x01, 0x04, 0x01,
        (byte) 0xd6, 0x79, 0x02, 0x04, 0x02}), tlv(0x04, inner)));
    // test-cert.pem's TBS ends with its [3] extensions: rebuild them with ext appended.
    byte[] tbsBytes = tbs.toByteArray();
    int p = headerLength(tbsBytes);
    int extStart = -1;
    while (p < tbsBytes.length) {
      if ((tbsBytes[p] & 0xff) == 0xa3) {
        extStart = p;
        break;
      }
      p += headerLength(tbsBytes, p) + length(tbsBytes, p);
    }
    if (extStart < 0) {
      return null;
    }
    byte[] context = java.util.Arrays.copyOfRange(tbsBytes, extStart, tbsBytes.length);
    byte[] seq = java.util.Arrays.copyOfRange(context, headerLength(context), context.length);
    byte[] seqContents = java.util.Arrays.copyOfRange(seq, headerLength(seq), seq.length);
    byte[] newExts = tlv(0xa3, tlv(0x30, concat(seqContents, ext)));
    byte[] before = java.util.Arrays.copyOfRange(tbsBytes, headerLength(tbsBytes), extStart);
    byte[] newTbs = tlv(0x30, concat(before, newExts));
    int afterTbs = tbs.end();
    byte[] rest = java.util.Arrays.copyOfRange(der, afterTbs, der.length);
    byte[] cert = tlv(0x30, concat(newTbs, rest));
    return cert.length > 65539 ? null : cert;
  }

  private static int headerLength(byte[] tlv) {
    return headerLength(tlv, 0);
  }

  private static int headerLength(byte[] b, int off) {
    int l = b[off + 1] & 0xff;
    return l < 0x80 ? 2 : 2 + (l & 0x7f);
  }

  private static int length(byte[] b, int off) {
    int l = b[off + 1] & 0xff;
    if (l < 0x80) {
      return l;
    }
    int n = l & 0x7f;
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (b[off + 2 + i] & 0xff);
    }
    return v;
  }

  private static byte[] tlv(int tag, byte[] content) {
    int n = content.length;
    byte[] header;
    if (n < 0x80) {
      header = new byte[] {(byte) tag, (byte) n};
    } else if (n < 0x100) {
      header = new byte[] {(byte) tag, (byte) 0x81, (byte) n};
    } else if (n < 0x10000) {
      header = new byte[] {(byte) tag, (byte) 0x82, (byte) (n >>> 8), (byte) n};
    } else {
      header = new byte[] {(byte) tag, (byte) 0x83, (byte) (n >>> 16), (byte) (n >>> 8),
          (byte) n};
    }
    return concat(header, content);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
