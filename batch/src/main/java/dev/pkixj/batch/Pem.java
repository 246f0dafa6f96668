package dev.pkixj.batch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Strict PEM and DER framing for certificate inputs (RFC 7468): blocks are found by their
 * {@code -----BEGIN LABEL-----} / {@code -----END LABEL-----} lines, text between blocks is
 * ignored, and the body must be valid base64 once whitespace is removed. Nothing here parses the
 * certificate itself: malformed DER inside a well-formed block is the verifier's business.
 * The batch readers frame their records with it, and so does the command line's certificate
 * input.
 */
public final class Pem {
  private Pem() {}

  /** A framing problem; the message says what and where, in one line. */
  public static final class PemException extends Exception {
    private static final long serialVersionUID = 1L;

    public PemException(String message) {
      super(message, null, false, false);
    }
  }

  /** One PEM block: its label ("CERTIFICATE") and the decoded body. */
  public record Block(String label, byte[] der) {}

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  /** A CERTIFICATE PEM block for {@code der}, lines of 64 characters, ending with a newline. */
  public static String encode(byte[] der) {
    String b64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
  }

  /** True if {@code data} looks like PEM text (contains a BEGIN line). */
  public static boolean looksLikePem(byte[] data) {
    return new String(data, StandardCharsets.ISO_8859_1).contains(BEGIN);
  }

  /** Every block in {@code text}, in order. */
  public static List<Block> blocks(String text) throws PemException {
    List<Block> blocks = new ArrayList<>();
    int pos = 0;
    while (true) {
      int begin = text.indexOf(BEGIN, pos);
      if (begin < 0) {
        return blocks;
      }
      int labelEnd = text.indexOf(DASHES, begin + BEGIN.length());
      int eol = lineEnd(text, begin);
      if (labelEnd < 0 || labelEnd > eol) {
        throw new PemException("block " + (blocks.size() + 1) + ": malformed BEGIN line");
      }
      String label = text.substring(begin + BEGIN.length(), labelEnd);
      String endLine = END + label + DASHES;
      int end = text.indexOf(endLine, labelEnd + DASHES.length());
      if (end < 0) {
        throw new PemException(
            "block " + (blocks.size() + 1) + " (" + label + "): no '" + endLine + "' line");
      }
      String body = text.substring(labelEnd + DASHES.length(), end);
      byte[] der;
      try {
        der = Base64.getDecoder().decode(body.replaceAll("[\\s]", ""));
      } catch (IllegalArgumentException e) {
        throw new PemException("block " + (blocks.size() + 1) + " (" + label
            + "): invalid base64 (" + e.getMessage() + ")");
      }
      blocks.add(new Block(label, der));
      pos = end + endLine.length();
    }
  }

  /** The bodies of the CERTIFICATE blocks of {@code text}; other blocks are skipped. */
  public static List<byte[]> certificates(String text) throws PemException {
    List<byte[]> certs = new ArrayList<>();
    for (Block b : blocks(text)) {
      if (b.label().equals("CERTIFICATE") || b.label().equals("X509 CERTIFICATE")
          || b.label().equals("TRUSTED CERTIFICATE")) {
        certs.add(b.der());
      }
    }
    return certs;
  }

  /**
   * Exactly one CERTIFICATE block, as a corpus field holds it.
   *
   * @throws PemException when there is no block, several, or a framing error
   */
  public static byte[] singleCertificate(String text) throws PemException {
    List<byte[]> certs = certificates(text);
    if (certs.size() != 1) {
      throw new PemException(certs.isEmpty() ? "no CERTIFICATE block"
          : certs.size() + " CERTIFICATE blocks where one was expected");
    }
    return certs.get(0);
  }

  /**
   * Splits binary input into the DER SEQUENCEs it is made of (one certificate, or several
   * concatenated); null if it is not exactly a run of complete SEQUENCE TLVs.
   */
  public static List<byte[]> splitDer(byte[] data) {
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < data.length) {
      if ((data[pos] & 0xff) != 0x30 || pos + 2 > data.length) {
        return null;
      }
      int l1 = data[pos + 1] & 0xff;
      int header = 2;
      long length;
      if (l1 < 0x80) {
        length = l1;
      } else {
        int n = l1 & 0x7f;
        if (n == 0 || n > 4 || pos + 2 + n > data.length) {
          return null;
        }
        length = 0;
        for (int i = 0; i < n; i++) {
          length = (length << 8) | (data[pos + 2 + i] & 0xff);
        }
        header += n;
      }
      long next = pos + header + length;
      if (next > data.length) {
        return null;
      }
      byte[] one = new byte[(int) (next - pos)];
      System.arraycopy(data, pos, one, 0, one.length);
      out.add(one);
      pos = (int) next;
    }
    return out.isEmpty() ? null : out;
  }

  private static int lineEnd(String text, int from) {
    int nl = text.indexOf('\n', from);
    return nl < 0 ? text.length() : nl;
  }
}
