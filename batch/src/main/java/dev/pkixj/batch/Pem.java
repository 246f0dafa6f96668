package dev.pkixj.batch;

import dev.pkixj.truststore.importer.PemBundle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM and DER framing for certificate inputs, strict: a thin adapter over the trust store's
 * reader ({@link PemBundle#frame}, RFC 7468) that turns any framing problem into a {@link
 * PemException}. Blocks are found at their {@code -----BEGIN LABEL-----} / {@code -----END
 * LABEL-----} lines, text between blocks is ignored, and the body must be valid base64. Nothing
 * here parses the certificate itself: malformed DER inside a well-formed block is the verifier's
 * business.
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

  /** A CERTIFICATE PEM block for {@code der}, lines of 64 characters, ending with a newline. */
  public static String encode(byte[] der) {
    String b64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
  }

  /** True if {@code data} looks like PEM text (contains a BEGIN line). */
  public static boolean looksLikePem(byte[] data) {
    return new String(data, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
  }

  /**
   * Every block in {@code text}, in order.
   *
   * @throws PemException for the first block that is not well framed or whose body is not base64
   */
  public static List<Block> blocks(String text) throws PemException {
    List<Block> out = new ArrayList<>();
    List<PemBundle.Block> blocks = PemBundle.pemBlocks(text);
    for (int i = 0; i < blocks.size(); i++) {
      PemBundle.Block b = blocks.get(i);
      if (b.problem() != null) {
        throw problem(i, b);
      }
      out.add(new Block(b.label(), b.der()));
    }
    return out;
  }

  /**
   * The certificates of the CERTIFICATE, X509 CERTIFICATE and TRUSTED CERTIFICATE blocks of
   * {@code text} (OpenSSL's trust settings after a trusted certificate removed); other blocks are
   * skipped.
   *
   * @throws PemException for the first block that is not well framed, or a certificate block
   *     whose body is not base64
   */
  public static List<byte[]> certificates(String text) throws PemException {
    return certificates(PemBundle.pemBlocks(text));
  }

  /** The certificates of blocks already framed: every block must be a CERTIFICATE. */
  public static List<byte[]> certificates(List<PemBundle.Block> blocks) throws PemException {
    List<byte[]> certs = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      PemBundle.Block b = blocks.get(i);
      if (b.problem() != null && (b.framing() || b.isCertificate())) {
        throw problem(i, b);
      }
      if (b.isCertificate()) {
        certs.add(PemBundle.certificateOf(b));
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
    return PemBundle.splitDer(data);
  }

  private static PemException problem(int index, PemBundle.Block b) {
    return new PemException("block " + (index + 1) + " (" + b.label() + ") at " + b.where()
        + ": " + b.problem());
  }
}
