package dev.pkixj.verifier.ct;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.testdata.Pem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** The google/certificate-transparency vectors (resources/ct/README.md) and small helpers. */
final class CtFixtures {
  private CtFixtures() {}

  static byte[] resource(String name) {
    try (InputStream in = CtFixtures.class.getResourceAsStream("/ct/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource ct/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] pemDer(String name) {
    return Pem.decodeOne(new String(resource(name), StandardCharsets.US_ASCII));
  }

  /** A public key PEM's SubjectPublicKeyInfo DER. */
  static byte[] publicKey(String name) {
    String s = new String(resource(name), StandardCharsets.US_ASCII);
    StringBuilder b64 = new StringBuilder();
    for (String line : s.split("\n")) {
      if (!line.startsWith("-----")) {
        b64.append(line.trim());
      }
    }
    return Base64.getDecoder().decode(b64.toString());
  }

  static Cert cert(String name) {
    try {
      return Cert.parse(pemDer(name));
    } catch (PkixException e) {
      throw new IllegalStateException(name + ": " + e.result(), e);
    }
  }

  static byte[] hexResource(String name) {
    return HexFormat.of().parseHex(
        new String(resource(name), StandardCharsets.US_ASCII).replaceAll("\\s", ""));
  }

  static final byte[] EC_LOG_KEY = publicKey("ct-server-key-public.pem");
  static final byte[] RSA_LOG_KEY = publicKey("rsa/ct-server-key-public-rsa.pem");

  static CtLog log(String name, int operator, byte[] spki) {
    return new CtLog(name, "operator " + operator, operator, CtLog.State.ADMISSIBLE, 0,
        CtLog.Format.RFC6962, spki);
  }

  static CtLogList list(CtLog... logs) {
    return new CtLogList(List.of(logs), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"),
        "test");
  }

  /** The TLS SignedCertificateTimestampList holding these serialized SCTs. */
  static byte[] sctList(byte[]... scts) {
    ByteArrayOutputStream items = new ByteArrayOutputStream();
    for (byte[] s : scts) {
      items.write(s.length >>> 8);
      items.write(s.length);
      items.writeBytes(s);
    }
    byte[] body = items.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(body.length >>> 8);
    out.write(body.length);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** A serialized v1 SCT. */
  static byte[] sct(byte[] logId, long timestamp, byte[] extensions, int hash, int sigAlg,
      byte[] signature) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(0);
    o.writeBytes(logId);
    for (int i = 7; i >= 0; i--) {
      o.write((int) (timestamp >>> (8 * i)));
    }
    o.write(extensions.length >>> 8);
    o.write(extensions.length);
    o.writeBytes(extensions);
    o.write(hash);
    o.write(sigAlg);
    o.write(signature.length >>> 8);
    o.write(signature.length);
    o.writeBytes(signature);
    return o.toByteArray();
  }
}
