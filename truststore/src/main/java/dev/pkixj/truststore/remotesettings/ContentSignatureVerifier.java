package dev.pkixj.truststore.remotesettings;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertPolicy;
import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.InMemoryTrustDomain;
import dev.pkixj.pkix.KeyPurposeId;
import dev.pkixj.pkix.KeyUsage;
import dev.pkixj.pkix.Pkix;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.TrustAnchors;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.HostnameMatcher;
import dev.pkixj.pkix.sig.SignatureVerifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Checks a Remote Settings collection's content signature as Firefox does
 * (ContentSignatureVerifier.cpp with AppTrustDomain; docs/remote-settings.md): the x5u chain (PEM,
 * end-entity first) must build with pkixj's mozilla::pkix port to a configured root for
 * id-kp-codeSigning at the current time, the end-entity's subjectAltName must name the signer,
 * and the signature (base64url of the 96-byte r‖s) must be a valid ECDSA P-384 / SHA-384
 * signature of the signed bytes by the end-entity's key. Revocation (OneCRL) is not checked.
 * Thread-safe.
 */
public final class ContentSignatureVerifier {
  /** The signer of the security-state bucket (OneCRL, intermediates, CRLite). */
  public static final String SECURITY_STATE_SIGNER = "onecrl.content-signature.mozilla.org";
  /** The signer of every other bucket. */
  public static final String REMOTE_SETTINGS_SIGNER =
      "remote-settings.content-signature.mozilla.org";
  /** The largest x5u chain accepted, in bytes (Mozilla's are about 6 KiB). */
  public static final int MAX_X5U_BYTES = 64 << 10;
  /** The most certificates an x5u chain may hold. */
  public static final int MAX_CHAIN_CERTIFICATES = 8;

  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";
  /** SEQUENCE { OID id-ecPublicKey, OID secp384r1 }: the algorithm of a P-384 key's SPKI. */
  private static final byte[] P384_ALGORITHM = {0x30, 0x10, 0x06, 0x07, 0x2a, (byte) 0x86, 0x48,
      (byte) 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, (byte) 0x81, 0x04, 0x00, 0x22};

  private final ContentSignatureRoots roots;
  private final Clock clock;

  private ContentSignatureVerifier(ContentSignatureRoots roots, Clock clock) {
    this.roots = Objects.requireNonNull(roots, "roots");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A verifier trusting {@code roots}, at the system clock's time. */
  public static ContentSignatureVerifier of(ContentSignatureRoots roots) {
    return new ContentSignatureVerifier(roots, Clock.systemUTC());
  }

  /** A verifier trusting {@code roots}, at {@code clock}'s time (tests, replays). */
  public static ContentSignatureVerifier of(ContentSignatureRoots roots, Clock clock) {
    return new ContentSignatureVerifier(roots, clock);
  }

  /** Mozilla's production root ({@link ContentSignatureRoots#production()}). */
  public static ContentSignatureVerifier production() {
    return of(ContentSignatureRoots.production());
  }

  public ContentSignatureRoots roots() {
    return roots;
  }

  /** The signer name Firefox expects for a bucket (remote-settings.sys.mjs). */
  public static String signerFor(String bucket) {
    return "security-state".equals(bucket) ? SECURITY_STATE_SIGNER : REMOTE_SETTINGS_SIGNER;
  }

  /**
   * Verifies {@code signature} over {@code signedData} (already prefixed, see {@link
   * CanonicalJson#signedPayload}) with the chain {@code x5uPem}.
   *
   * @param signer the DNS name the end-entity must carry in its subjectAltName
   * @param what the start of every error message, e.g. "security-state/onecrl: content
   *     signature"
   * @throws RemoteSettingsException the first step that failed: "WHAT: no content-signature root
   *     configured", "…: the signature is not base64url", "…: the signature is N bytes, not 96",
   *     "…: x5u: …" (the chain does not parse), "…: the certificate chain does not verify: ERROR",
   *     "…: the signing certificate is not for SIGNER", "…: the signing key is not a P-384 key",
   *     "…: the signature does not match the collection's data"
   */
  public void verify(byte[] signedData, String signature, byte[] x5uPem, String signer,
      String what) throws RemoteSettingsException {
    if (roots.isEmpty()) {
      throw new RemoteSettingsException(what + ": cannot verify: no content-signature root"
          + " configured");
    }
    byte[] rs = decodeSignature(signature, what);
    List<byte[]> chain = parsePemChain(x5uPem, what + ": x5u");
    Cert ee = verifyChain(chain, signer, what);
    Input spki = ee.subjectPublicKeyInfo();
    if (spki.len() < 2 + P384_ALGORITHM.length || !Arrays.equals(spki.toByteArray(), 2,
        2 + P384_ALGORITHM.length, P384_ALGORITHM, 0, P384_ALGORITHM.length)) {
      throw new RemoteSettingsException(what + ": the signing key is not a P-384 key");
    }
    Result r = SignatureVerifier.shared().verify(SignatureAlgorithm.ECDSA_SHA384, signedData, 0,
        signedData.length, Input.of(ecdsaSigValue(rs)), spki);
    if (r != Result.SUCCESS) {
      throw new RemoteSettingsException(what + ": the signature does not match the collection's"
          + " data");
    }
  }

  /** The chain verified to a root for code signing, now, and the end-entity named for signer. */
  private Cert verifyChain(List<byte[]> chain, String signer, String what)
      throws RemoteSettingsException {
    Cert ee;
    try {
      ee = Cert.of(chain.get(0));
    } catch (PkixException e) {
      throw new RemoteSettingsException(what + ": the signing certificate does not parse: "
          + e.result().firefoxName());
    }
    List<byte[]> anchors = new ArrayList<>(roots.ders());
    HexFormat hex = HexFormat.of();
    for (byte[] der : chain) {
      if (roots.sha256().contains(hex.formatHex(sha256(der)))) {
        anchors.add(der);
      }
    }
    InMemoryTrustDomain domain = new InMemoryTrustDomain(TrustAnchors.of(anchors, false),
        chain.subList(1, chain.size()), 2048);
    long now = clock.instant().getEpochSecond();
    Result r = Pkix.buildCertChain(domain, ee, now, EndEntityOrCA.MUST_BE_END_ENTITY,
        KeyUsage.NO_PARTICULAR_KEY_USAGE_REQUIRED, KeyPurposeId.ID_KP_CODE_SIGNING,
        CertPolicy.ANY_POLICY, null);
    if (r != Result.SUCCESS) {
      throw new RemoteSettingsException(what + ": the certificate chain does not verify: "
          + r.firefoxName() + describe(r));
    }
    Result h = HostnameMatcher.checkCertHostname(ee, signer.getBytes(StandardCharsets.US_ASCII),
        HostnameMatcher.InvalidEntryPolicy.HALT_ON_INVALID);
    if (h != Result.SUCCESS) {
      throw new RemoteSettingsException(what + ": the signing certificate is not for " + signer
          + " (its subjectAltName does not name it)");
    }
    return ee;
  }

  private static String describe(Result r) {
    return switch (r) {
      case SEC_ERROR_UNKNOWN_ISSUER -> " (not issued by a trusted content-signature root)";
      case SEC_ERROR_INADEQUATE_CERT_TYPE -> " (not for code signing)";
      case SEC_ERROR_EXPIRED_CERTIFICATE -> " (the signing certificate has expired)";
      case SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE -> " (an issuer has expired)";
      case MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE ->
          " (the signing certificate is not valid yet)";
      default -> "";
    };
  }

  /** The 96 bytes r‖s of a base64url signature (padding optional, as Firefox ignores it). */
  static byte[] decodeSignature(String signature, String what) throws RemoteSettingsException {
    if (signature == null || signature.isEmpty()) {
      throw new RemoteSettingsException(what + ": the signature is empty");
    }
    if (signature.length() > 1024 || !signature.matches("[A-Za-z0-9_-]+={0,2}")) {
      throw new RemoteSettingsException(what + ": the signature is not base64url");
    }
    byte[] rs;
    try {
      rs = Base64.getUrlDecoder().decode(signature.replace("=", ""));
    } catch (IllegalArgumentException e) {
      throw new RemoteSettingsException(what + ": the signature is not base64url");
    }
    if (rs.length != 96) {
      throw new RemoteSettingsException(what + ": the signature is " + rs.length
          + " bytes, not 96 (the r and s of ECDSA P-384)");
    }
    return rs;
  }

  /**
   * The certificates of a PEM chain, in order (Firefox's ReadChainIntoCertList): at most {@link
   * #MAX_X5U_BYTES} and {@link #MAX_CHAIN_CERTIFICATES}; text outside the blocks is ignored.
   *
   * @throws RemoteSettingsException "WHAT: no certificate", "WHAT: certificate N is not valid
   *     base64", "WHAT: certificate N has no END line", "WHAT: more than 8 certificates",
   *     "WHAT: larger than 65536 bytes"
   */
  public static List<byte[]> parsePemChain(byte[] pem, String what)
      throws RemoteSettingsException {
    if (pem.length > MAX_X5U_BYTES) {
      throw new RemoteSettingsException(what + ": larger than " + MAX_X5U_BYTES + " bytes");
    }
    String text = new String(pem, StandardCharsets.ISO_8859_1);
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (true) {
      int b = text.indexOf(BEGIN, pos);
      if (b < 0) {
        break;
      }
      if (out.size() == MAX_CHAIN_CERTIFICATES) {
        throw new RemoteSettingsException(what + ": more than " + MAX_CHAIN_CERTIFICATES
            + " certificates");
      }
      int e = text.indexOf(END, b + BEGIN.length());
      int nextBegin = text.indexOf(BEGIN, b + BEGIN.length());
      if (e < 0 || (nextBegin >= 0 && nextBegin < e)) {
        throw new RemoteSettingsException(what + ": certificate " + (out.size() + 1)
            + " has no END line");
      }
      String body = text.substring(b + BEGIN.length(), e);
      ByteArrayOutputStream clean = new ByteArrayOutputStream(body.length());
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
          continue;
        }
        clean.write(c);
      }
      byte[] der;
      try {
        der = Base64.getDecoder().decode(clean.toByteArray());
      } catch (IllegalArgumentException ex) {
        throw new RemoteSettingsException(what + ": certificate " + (out.size() + 1)
            + " is not valid base64");
      }
      if (der.length == 0) {
        throw new RemoteSettingsException(what + ": certificate " + (out.size() + 1)
            + " is empty");
      }
      out.add(der);
      pos = e + END.length();
    }
    if (out.isEmpty()) {
      throw new RemoteSettingsException(what + ": no certificate (not a PEM chain)");
    }
    return out;
  }

  /** DER ECDSA-Sig-Value of the 48-byte r and s. */
  static byte[] ecdsaSigValue(byte[] rs) {
    byte[] r = integer(rs, 0, 48);
    byte[] s = integer(rs, 48, 48);
    int len = r.length + s.length;
    ByteArrayOutputStream o = new ByteArrayOutputStream(len + 3);
    o.write(0x30);
    if (len >= 128) {
      o.write(0x81);
    }
    o.write(len);
    o.writeBytes(r);
    o.writeBytes(s);
    return o.toByteArray();
  }

  /** A minimal DER INTEGER (tag and length) of the unsigned big-endian bytes. */
  private static byte[] integer(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end - 1 && b[i] == 0) {
      i++;
    }
    boolean pad = (b[i] & 0x80) != 0;
    int n = end - i + (pad ? 1 : 0);
    byte[] out = new byte[2 + n];
    out[0] = 0x02;
    out[1] = (byte) n;
    if (pad) {
      out[2] = 0;
    }
    System.arraycopy(b, i, out, pad ? 3 : 2, end - i);
    return out;
  }

  private static byte[] sha256(byte[] b) {
    return HexFormat.of().parseHex(RemoteSettingsClient.sha256Hex(b));
  }
}
