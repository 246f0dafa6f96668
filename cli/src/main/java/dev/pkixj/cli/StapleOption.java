package dev.pkixj.cli;

import dev.pkixj.batch.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code verify --ocsp-response FILE}: a stapled OCSP response given as a file. */
final class StapleOption {
  @Option(names = "--ocsp-response", paramLabel = "FILE",
      description = "A DER OCSP response (or a PEM 'OCSP RESPONSE' block), treated as the "
          + "leaf's stapled response.")
  Path ocspResponse;

  /**
   * The stapled response's bytes, or null. The file must be an OCSP response at all before the
   * verifier sees it: a DER {@code OCSPResponse} (RFC 6960 4.2.1: a SEQUENCE spanning exactly the
   * file, starting with the ENUMERATED responseStatus), or one PEM "OCSP RESPONSE" block holding
   * one. Anything else is the user's mistake, reported naming the file, not a response a server
   * sent ({@code SEC_ERROR_OCSP_MALFORMED_RESPONSE} stays for what fails inside).
   */
  byte[] staple() throws CliException {
    if (ocspResponse == null) {
      return null;
    }
    String name = ocspResponse.toString();
    byte[] b = CertFiles.readFile(name);
    if (b.length == 0) {
      throw new CliException(name + ": empty file (expected a DER OCSP response)");
    }
    if (startsWithPemBegin(b)) {
      List<Pem.Block> blocks;
      try {
        blocks = Pem.blocks(new String(b, StandardCharsets.ISO_8859_1));
      } catch (Pem.PemException e) {
        throw new CliException(name + ": bad PEM: " + e.getMessage());
      }
      if (blocks.size() != 1 || !blocks.get(0).label().equals("OCSP RESPONSE")) {
        throw new CliException(name + ": not an OCSP response (a PEM file needs exactly one "
            + "'OCSP RESPONSE' block" + (blocks.isEmpty() ? ")"
                : ", found " + blocks.get(0).label() + (blocks.size() > 1 ? " and others)" : ")")));
      }
      b = blocks.get(0).der();
      if (!looksLikeOcspResponse(b)) {
        throw new CliException(name + ": the OCSP RESPONSE block is not a DER OCSP response");
      }
      return b;
    }
    if (!looksLikeOcspResponse(b)) {
      throw new CliException(name + ": not a DER OCSP response");
    }
    return b;
  }

  private static boolean startsWithPemBegin(byte[] b) {
    int i = 0;
    while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
    byte[] begin = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);
    if (b.length - i < begin.length) {
      return false;
    }
    for (int k = 0; k < begin.length; k++) {
      if (b[i + k] != begin[k]) {
        return false;
      }
    }
    return true;
  }

  /**
   * True if {@code b} is, by its outer structure, a DER OCSPResponse: a SEQUENCE with a definite
   * length whose encoding ends exactly at the end of {@code b}, whose first element is an
   * ENUMERATED of one byte. What is inside (the status, the response bytes) is not judged here.
   */
  static boolean looksLikeOcspResponse(byte[] b) {
    if (b.length < 5 || (b[0] & 0xff) != 0x30) {
      return false;
    }
    int l1 = b[1] & 0xff;
    long length;
    int header;
    if (l1 < 0x80) {
      length = l1;
      header = 2;
    } else {
      int n = l1 & 0x7f;
      if (n == 0 || n > 4 || b.length < 2 + n) {
        return false;
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (b[2 + i] & 0xff);
      }
      header = 2 + n;
    }
    if (header + length != b.length || length < 3) {
      return false;
    }
    return (b[header] & 0xff) == 0x0a && (b[header + 1] & 0xff) == 0x01;
  }

}
