package dev.pkixj.truststore.fuzz;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.importer.CertdataWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Writes the seed inputs of the trust store's fuzz targets into their regression directories
 * ({@code src/test/resources/dev/pkixj/truststore/fuzz/<Class>Inputs/<method>/seed-*}). Run once
 * when the formats change (not a test); see the verifier's {@code WriteSeeds} for the command.
 */
public final class WriteSeeds {
  private WriteSeeds() {}

  static final TestPki EC = TestPki.ec();
  static final TestPki RSA = TestPki.rsa();
  static final TestCert OTHER_ROOT = CertBuilder.root("CN=Fuzz Seed Root,O=pkixj Test").build();

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);

    // PEM bundle: text around blocks, a key-like block, a TRUSTED CERTIFICATE with OpenSSL aux.
    byte[] aux = Der.seq(Der.seq(Der.oid("1.3.6.1.5.5.7.3.2")),
        Der.implicit(0, true, Der.oid("1.3.6.1.5.5.7.3.1")), Der.utf8("fuzz alias"));
    String pem = "Bundle of test roots\n" + EC.root().pem() + "\n# comment\n"
        + block("PRIVATE KEY", new byte[] {0x30, 0}) + RSA.root().pem()
        + block("TRUSTED CERTIFICATE", Der.concat(OTHER_ROOT.der(), aux));
    write(base, "ImporterFuzzTestInputs/pemBundle", "bundle", pem.getBytes(StandardCharsets.US_ASCII));
    write(base, "ImporterFuzzTestInputs/pemBundle", "der", EC.intermediate().der());

    List<TrustEntry> entries = List.of(
        new TrustEntry(EC.root().der(), Trust.ANCHOR, null, "EC root", Source.FILE),
        new TrustEntry(RSA.root().der(), Trust.ANCHOR, Instant.parse("2025-11-30T23:59:59Z"),
            "RSA root", Source.FILE),
        new TrustEntry(OTHER_ROOT.der(), Trust.DISTRUSTED, null, "distrusted", Source.FILE));
    write(base, "ImporterFuzzTestInputs/certdata", "export",
        CertdataWriter.toText(entries).getBytes(StandardCharsets.UTF_8));

    for (String type : new String[] {"JKS", "PKCS12"}) {
      KeyStore ks = KeyStore.getInstance(type);
      ks.load(null, null);
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      ks.setCertificateEntry("ec root", cf.generateCertificate(
          new ByteArrayInputStream(EC.root().der())));
      ks.setCertificateEntry("other", cf.generateCertificate(
          new ByteArrayInputStream(OTHER_ROOT.der())));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, "changeit".toCharArray());
      write(base, "ImporterFuzzTestInputs/keystore", type.toLowerCase(), out.toByteArray());
    }

    // A real database file.
    Path dir = Files.createTempDirectory("pkixj-seed-db");
    Path f = dir.resolve("certdb");
    try (CertDb db = CertDb.open(f)) {
      db.putAll(entries);
      db.putOverride(new CertOverride("www.example.test", 443, CertDb.fingerprint(
          EC.leaf().der()), Instant.ofEpochSecond(1_780_000_000L)));
      db.rememberIntermediate(EC.intermediate().der());
      db.remove(CertDb.fingerprint(OTHER_ROOT.der()));
    }
    write(base, "CertDbFuzzTestInputs/file", "db", Files.readAllBytes(f));

    // Records for the framing target: [type][K][B hi][B lo][key][body]; K = 0xFF: computed key.
    ByteArrayOutputStream recs = new ByteArrayOutputStream();
    rec(recs, 0x10, null, certBody(1, 4, null, "EC root", EC.root().der()));
    rec(recs, 0x10, null, certBody(3, 5, Instant.parse("2025-11-30T23:59:59Z"), "x",
        OTHER_ROOT.der()));
    rec(recs, 0x30, null, EC.intermediate().der());
    rec(recs, 0x20, overrideKey("www.example.test", 443), ByteBuffer.allocate(44)
        .put(CertDb.fingerprint(EC.leaf().der())).putLong(1_780_000_000L).putInt(5).array());
    rec(recs, 0x12, CertDb.fingerprint(RSA.root().der()), ByteBuffer.allocate(14)
        .putLong(1_780_000_000_000L).putShort((short) 4).put("lost".getBytes(
            StandardCharsets.US_ASCII)).array());
    rec(recs, 0x11, CertDb.fingerprint(OTHER_ROOT.der()), new byte[0]);
    rec(recs, 0x80, new byte[] {1, 2}, new byte[] {3});
    write(base, "CertDbFuzzTestInputs/records", "mixed", recs.toByteArray());
  }

  private static byte[] overrideKey(String host, int port) {
    byte[] h = host.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + h.length).putShort((short) port).put(h).array();
  }

  private static byte[] certBody(int trust, int source, Instant distrustAfter, String label,
      byte[] der) {
    byte[] l = label.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(22 + l.length + der.length).put((byte) trust).put((byte) source)
        .put((byte) (distrustAfter == null ? 0 : 1)).put((byte) 0)
        .putLong(distrustAfter == null ? 0 : distrustAfter.getEpochSecond())
        .putInt(distrustAfter == null ? 0 : distrustAfter.getNano())
        .putShort((short) l.length).put(l).putInt(der.length).put(der).array();
  }

  private static void rec(ByteArrayOutputStream out, int type, byte[] key, byte[] body) {
    out.write(type);
    out.write(key == null ? 0xff : key.length);
    out.write(body.length >> 8);
    out.write(body.length);
    if (key != null) {
      out.writeBytes(key);
    }
    out.writeBytes(body);
  }

  private static String block(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  static void write(Path base, String dir, String name, byte[] content) throws Exception {
    Path d = base.resolve(dir);
    Files.createDirectories(d);
    Files.write(d.resolve("seed-" + name), content);
  }
}
