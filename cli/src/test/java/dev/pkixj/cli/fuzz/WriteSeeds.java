package dev.pkixj.cli.fuzz;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Writes the seed inputs of the command line's fuzz targets into their regression directories
 * ({@code src/test/resources/dev/pkixj/cli/fuzz/CliFuzzTestInputs/<method>/seed-*}). Run once when
 * the formats change (not a test); see the verifier's {@code WriteSeeds} for the command.
 */
public final class WriteSeeds {
  private WriteSeeds() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]).resolve("CliFuzzTestInputs");
    TestPki ec = TestPki.ec();
    TestPki rsa = TestPki.rsa();
    write(base, "verifyInput", "pem-chain", (ec.leaf().pem() + ec.intermediate().pem())
        .getBytes(StandardCharsets.US_ASCII));
    write(base, "verifyInput", "der-chain", dev.pkixj.testdata.Der.concat(rsa.leaf().der(),
        rsa.intermediate().der()));
    write(base, "rootsFile", "pem", (ec.root().pem() + "junk between blocks\n"
        + rsa.root().pem()).getBytes(StandardCharsets.US_ASCII));
    write(base, "rootsFile", "der", ec.root().der());
    write(base, "dbImport", "bundle", (ec.root().pem() + rsa.intermediate().pem())
        .getBytes(StandardCharsets.US_ASCII));

    ObjectMapper m = new ObjectMapper();
    ObjectNode parity = m.createObjectNode();
    parity.put("id", "seed-parity");
    parity.putArray("root_pems").add(ec.root().pem());
    parity.put("leaf_pem", ec.leaf().pem());
    parity.putArray("intermediate_pems").add(ec.intermediate().pem());
    parity.put("hostname", TestPki.LEAF_HOST);
    parity.put("validation_time", "2026-06-01T00:00:00Z");
    parity.put("expected", "Success");
    parity.putArray("faults");
    ObjectNode ocsp = m.createObjectNode();
    ocsp.put("id", "seed-ocsp");
    ocsp.put("issuer_pem", ec.intermediate().pem());
    ocsp.put("leaf_pem", ec.leaf().pem());
    ocsp.putArray("root_pems").add(ec.root().pem());
    ocsp.put("validation_time", "2026-06-01T00:00:00Z");
    ocsp.put("max_lifetime_days", 10);
    ocsp.put("ocsp_response_b64", Base64.getEncoder().encodeToString(
        OcspResponseBuilder.forIssuer(ec.intermediate()).good(ec.leaf()).build()));
    ocsp.put("expected", "Success");
    ocsp.put("expected_expired", false);
    write(base, "conformanceFile", "parity", (m.writeValueAsString(parity) + "\n"
        + m.writeValueAsString(parity).replace("seed-parity", "second")).getBytes(
            StandardCharsets.UTF_8));
    write(base, "conformanceFile", "ocsp", (m.writeValueAsString(ocsp) + "\n").getBytes(
        StandardCharsets.UTF_8));
    ObjectNode limbo = m.createObjectNode();
    limbo.put("version", 1);
    ArrayNode cases = limbo.putArray("testcases");
    ObjectNode c = cases.addObject();
    c.put("id", "seed::limbo");
    c.putArray("features");
    c.put("expected_result", "SUCCESS");
    c.put("validation_time", "2026-06-01T00:00:00Z");
    c.putObject("expected_peer_name").put("kind", "DNS").put("value", TestPki.LEAF_HOST);
    c.put("validation_kind", "SERVER");
    c.putArray("trusted_certs").add(ec.root().pem());
    c.put("peer_certificate", ec.leaf().pem());
    c.putArray("untrusted_intermediates").add(ec.intermediate().pem());
    write(base, "conformanceFile", "limbo", m.writeValueAsBytes(limbo));

    // Batch readers.
    Path batch = Path.of(args[0]).resolve("BatchFuzzTestInputs");
    Base64.Encoder b64 = Base64.getEncoder();
    String leaf = b64.encodeToString(ec.leaf().der());
    String ica = b64.encodeToString(ec.intermediate().der());
    String fast = "{\"id\":\"r1\",\"host\":\"www.example.test\",\"time\":"
        + "\"2026-06-01T00:00:00Z\",\"chain\":[\"" + leaf + "\",\"" + ica + "\"]}";
    String slow = "{ \"id\": 7, \"host\": \"www.example\\u002etest\", \"time\": 1780272000,"
        + " \"extra\": [1, {\"x\": null}], \"chain\": [\"" + rsa.leaf().pem().replace("\n",
            "\\n") + "\", \"" + b64.encodeToString(rsa.intermediate().der()) + "\"] }";
    write(batch, "record", "fast", fast.getBytes(StandardCharsets.US_ASCII));
    write(batch, "record", "slow", slow.getBytes(StandardCharsets.US_ASCII));
    String ct = ctResponse(ec.leaf().der(), ec.intermediate().der());
    write(batch, "ctResponse", "x509", ct.getBytes(StandardCharsets.US_ASCII));
    write(batch, "batchFile", "ndjson", (fast + "\n" + slow + "\n{\"id\":\"bad\",\"chain\":[\"@@\"]}\n"
        + "not json\n").getBytes(StandardCharsets.US_ASCII));
    write(batch, "batchFile", "pem", (ec.leaf().pem() + ec.intermediate().pem())
        .getBytes(StandardCharsets.US_ASCII));
    write(batch, "batchFile", "ct", ct.getBytes(StandardCharsets.US_ASCII));
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
      z.write((fast + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    write(batch, "batchFile", "gzip", gz.toByteArray());
  }

  /** A CT get-entries response with one x509 entry. */
  static String ctResponse(byte[] cert, byte[] issuer) {
    java.nio.ByteBuffer leaf = java.nio.ByteBuffer.allocate(2 + 8 + 2 + 3 + cert.length + 2);
    leaf.put((byte) 0).put((byte) 0).putLong(1_780_272_000_000L).putShort((short) 0);
    leaf.put(u24(cert.length)).put(cert).putShort((short) 0);
    java.nio.ByteBuffer extra = java.nio.ByteBuffer.allocate(3 + 3 + issuer.length);
    extra.put(u24(3 + issuer.length)).put(u24(issuer.length)).put(issuer);
    Base64.Encoder e = Base64.getEncoder();
    return "{\"entries\":[{\"leaf_input\":\"" + e.encodeToString(leaf.array())
        + "\",\"extra_data\":\"" + e.encodeToString(extra.array()) + "\"}]}";
  }

  private static byte[] u24(int n) {
    return new byte[] {(byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }

  static void write(Path base, String dir, String name, byte[] content) throws Exception {
    Path d = base.resolve(dir);
    Files.createDirectories(d);
    Files.write(d.resolve("seed-" + name), content);
  }
}
