package dev.pkixj.verifier.fuzz;

import static dev.pkixj.verifier.fuzz.Oracle.allowed;
import static dev.pkixj.verifier.fuzz.Oracle.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.testdata.Der;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.HostnameMatcher;
import dev.pkixj.pkix.names.HostnameMatcher.InvalidEntryPolicy;
import dev.pkixj.pkix.names.NameConstraints;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fuzz targets for host-name matching and name-constraint checking. The certificates are built
 * around the fuzzed names (structure only: neither target looks at signatures).
 *
 * <p>Input formats (so that seeds can be written by hand, see {@link #hostnameInput} and {@link
 * #constraintsInput}):
 * <ul>
 *   <li>{@code hostname}: {@code [n][n bytes of host name][subjectAltName extnValue]}</li>
 *   <li>{@code nameConstraints}: {@code [flags][hi lo][NameConstraints extnValue][hi lo]
 *       [subject Name contents][subjectAltName extnValue or nothing]}; flags bit 0 = TLS server
 *       EKU, bit 1 = end-entity first, bit 2 = no SAN extension.</li>
 * </ul>
 */
class NamesFuzzTest {
  private static final Set<Result> HOSTNAME_RESULTS = EnumSet.of(Result.SUCCESS,
      Result.SSL_ERROR_BAD_CERT_DOMAIN, Result.SEC_ERROR_BAD_DER);
  private static final Set<Result> NC_ERRORS = EnumSet.of(Result.SEC_ERROR_BAD_DER,
      Result.SEC_ERROR_CERT_NOT_IN_NAME_SPACE);

  static final byte[] SUBJECT = Der.name("E=a@example.test,CN=www.example.test,O=pkixj Test");
  private static final byte[] CA_SUBJECT = Der.name("CN=Fuzz CA,O=pkixj Test");

  @FuzzTest
  void hostname(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int n = Math.min(data[0] & 0xff, data.length - 1);
    byte[] host = Arrays.copyOfRange(data, 1, 1 + n);
    byte[] san = Arrays.copyOfRange(data, 1 + n, data.length);
    Cert cert = parse(certDer(SUBJECT, san, false));
    // Host-name syntax on its own (reference identifiers come from users and URLs).
    HostnameMatcher.isValidReferenceDnsId(host);
    HostnameMatcher.isValidPresentedDnsId(host);
    byte[] v4 = HostnameMatcher.parseIPv4(host);
    byte[] v6 = HostnameMatcher.parseIPv6(host);
    require(v4 == null || v4.length == 4, "IPv4 length");
    require(v6 == null || v6.length == 16, "IPv6 length");
    if (cert == null) {
      return; // an empty SAN extension: the certificate never gets this far
    }
    for (InvalidEntryPolicy policy : InvalidEntryPolicy.values()) {
      Result r = HostnameMatcher.checkCertHostname(cert, host, policy);
      allowed(r, HOSTNAME_RESULTS, "checkCertHostname " + policy);
    }
    require(HostnameMatcher.dnsNamesForErrorPage(cert) != null, "error page names");
  }

  @FuzzTest
  void nameConstraints(byte[] data) {
    if (data.length < 3) {
      return;
    }
    int flags = data[0] & 0xff;
    int p = 1;
    int ncLen = Math.min((data[p] & 0xff) << 8 | (data[p + 1] & 0xff), data.length - p - 2);
    p += 2;
    byte[] nc = Arrays.copyOfRange(data, p, p + ncLen);
    p += ncLen;
    byte[] subject = SUBJECT;
    byte[] san = null;
    if (p + 2 <= data.length) {
      int sLen = Math.min((data[p] & 0xff) << 8 | (data[p + 1] & 0xff), data.length - p - 2);
      p += 2;
      subject = Der.seq(Arrays.copyOfRange(data, p, p + sLen));
      p += sLen;
      if ((flags & 4) == 0) {
        san = Arrays.copyOfRange(data, p, data.length);
      }
    }
    Cert leaf = parse(certDer(subject, san, false));
    Cert ca = parse(certDer(subject, null, true));
    if (leaf == null || ca == null) {
      return;
    }
    KeyPurposeId eku = (flags & 1) != 0 ? KeyPurposeId.ID_KP_SERVER_AUTH
        : KeyPurposeId.ID_KP_CLIENT_AUTH;
    boolean endEntityFirst = (flags & 2) != 0;
    Cert[][] chains = {{leaf}, {leaf, ca}, {ca}};
    for (Cert[] chain : chains) {
      try {
        NameConstraints.check(Input.of(nc), chain, chain.length, endEntityFirst, eku);
      } catch (PkixException e) {
        allowed(e.result(), NC_ERRORS, "NameConstraints.check");
      }
    }
  }

  private static Cert parse(byte[] der) {
    try {
      return Cert.parse(der);
    } catch (PkixException e) {
      allowed(e.result(), EnumSet.of(Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
          Result.SEC_ERROR_BAD_DER), "parse");
      return null;
    }
  }

  private static final byte[] SHA256_WITH_RSA = Der.seq(Der.oid("1.2.840.113549.1.1.11"),
      Der.nul());

  /**
   * A structurally valid v3 certificate with {@code subjectName} (a Name TLV), the SAN extension
   * {@code sanExtnValue} (omitted when null) and, for a CA, basicConstraints cA. Not signed: the
   * name checks never look at signatures.
   */
  static byte[] certDer(byte[] subjectName, byte[] sanExtnValue, boolean ca) {
    byte[] extensions = new byte[0];
    if (sanExtnValue != null) {
      extensions = Der.concat(extensions, Der.seq(Der.oid("2.5.29.17"),
          Der.octetString(sanExtnValue)));
    }
    if (ca) {
      extensions = Der.concat(extensions, Der.seq(Der.oid("2.5.29.19"), Der.bool(true),
          Der.octetString(Der.seq(Der.bool(true)))));
    }
    byte[] tbs = Der.seq(
        Der.explicit(0, Der.integer(2)),
        Der.integer(1),
        SHA256_WITH_RSA,
        CA_SUBJECT,
        Der.seq(Der.utcTime("200101000000Z"), Der.utcTime("491231235959Z")),
        subjectName,
        Der.seq(Der.seq(Der.oid("1.2.840.113549.1.1.1"), Der.nul()), Der.bitString(
            new byte[] {0x30, 0})),
        extensions.length == 0 ? new byte[0] : Der.explicit(3, Der.seq(extensions)));
    return Der.seq(tbs, SHA256_WITH_RSA, Der.bitString(new byte[] {1}));
  }

  /** A {@code hostname} input. */
  static byte[] hostnameInput(String host, byte[] sanExtnValue) {
    byte[] h = host.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return Der.concat(new byte[] {(byte) h.length}, h, sanExtnValue);
  }

  /** A {@code nameConstraints} input. */
  static byte[] constraintsInput(int flags, byte[] nc, byte[] subjectName, byte[] sanExtnValue) {
    byte[] subjectContents = Der.contents(subjectName);
    return Der.concat(new byte[] {(byte) flags, (byte) (nc.length >> 8), (byte) nc.length}, nc,
        new byte[] {(byte) (subjectContents.length >> 8), (byte) subjectContents.length},
        subjectContents, sanExtnValue == null ? new byte[0] : sanExtnValue);
  }
}
