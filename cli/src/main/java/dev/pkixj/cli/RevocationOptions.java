package dev.pkixj.cli;

import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * Revocation for the commands that verify: a stapled OCSP response given as a file, Firefox's
 * soft-fail (default) or hard-fail mode, and whether to fetch from the end-entity's OCSP
 * responder (off by default for the command line: no network unless asked).
 */
final class RevocationOptions {
  @Option(names = "--ocsp-response", paramLabel = "FILE",
      description = "A DER OCSP response (or a PEM 'OCSP RESPONSE' block), treated as the "
          + "leaf's stapled response.")
  Path ocspResponse;

  @Option(names = "--revocation", paramLabel = "soft|hard|off",
      description = "Firefox's soft-fail (default), hard-fail, or no revocation checking.")
  String mode = "soft";

  @Option(names = "--ocsp-fetch",
      description = "Ask the leaf's OCSP responder (its first AIA OCSP URL) when no usable "
          + "stapled or cached answer exists.")
  boolean fetch;

  RevocationConfig config() throws CliException {
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "off":
        return RevocationConfig.off();
      case "soft":
        return RevocationConfig.batchDefaults().withMode(RevocationConfig.Mode.SOFT)
            .withFetch(fetch);
      case "hard":
        return RevocationConfig.batchDefaults().withMode(RevocationConfig.Mode.HARD)
            .withFetch(fetch);
      default:
        throw new CliException("--revocation must be soft, hard or off, not '" + mode + "'");
    }
  }

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

  /**
   * What the stapled response says about the leaf of the built chain, for display (the verdict
   * itself came from the revocation policy): null without a staple or without the leaf's issuer.
   */
  static OcspVerification describe(byte[] staple, VerificationResult r,
      TrustDomainFactory trustDomains, List<byte[]> presented) {
    if (staple == null || r.chain().size() < 2) {
      return null;
    }
    Cert leaf = r.chain().get(0);
    Cert issuer = r.chain().get(1);
    CertId id = new CertId(leaf.issuer(), issuer.subjectPublicKeyInfo(), leaf.serialNumber());
    return OcspVerifier.verify(trustDomains.create(presented, 2048, null), id,
        r.time().getEpochSecond(), 10, staple);
  }
}
