package dev.pkixj.truststore.intermediates;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Certificates, collection records and bundles for the preloaded-intermediates tests. */
final class Fixtures {
  static final TestCert ROOT = CertBuilder.root("CN=Intermediates Test Root").build();
  static final TestCert CA1 = CertBuilder.ca("CN=Intermediates Test CA 1,O=pkixj").issuer(ROOT)
      .build();
  static final TestCert CA2 = CertBuilder.ca("CN=Intermediates Test CA 2,O=pkixj").issuer(ROOT)
      .build();
  static final TestCert CA3 = CertBuilder.ca("CN=Intermediates Test CA 3,O=Example")
      .issuer(ROOT).build();
  static final TestCert LEAF = CertBuilder.leaf("leaf.intermediates.test").issuer(CA1).build();

  private Fixtures() {}

  static byte[] pem(TestCert... certs) {
    StringBuilder b = new StringBuilder();
    for (TestCert c : certs) {
      b.append(c.pem());
    }
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static String derHash(byte[] der) {
    return Base64.getEncoder().encodeToString(sha256(der));
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record of the collection, in Remote Settings' shape. */
  static String record(String id, long lastModified, String derHash, byte[] attachment,
      String location, String filename) {
    return "{\"schema\":1,\"derHash\":\"" + derHash + "\",\"attachment\":{\"hash\":\""
        + RemoteSettingsClient.sha256Hex(attachment) + "\",\"size\":" + attachment.length
        + ",\"filename\":\"" + filename + "\",\"location\":\"" + location
        + "\",\"mimetype\":\"application/x-pem-file\"},\"id\":\"" + id
        + "\",\"last_modified\":" + lastModified + "}";
  }

  /** The record of {@code cert} with its PEM as attachment. */
  static String record(String id, long lastModified, TestCert cert) {
    return record(id, lastModified, derHash(cert.der()), pem(cert),
        "security-state-staging/intermediates/" + id + ".pem", id + "-by-name.pem");
  }

  static byte[] collection(long timestamp, String... records) {
    return ("{\"data\":[" + String.join(",\n", records) + "],\"timestamp\":" + timestamp + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A zip of these entries, in this order (DEFLATED). */
  static byte[] zip(Map<String, byte[]> entries) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      z.setLevel(java.util.zip.Deflater.BEST_SPEED);
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return b.toByteArray();
  }
}
