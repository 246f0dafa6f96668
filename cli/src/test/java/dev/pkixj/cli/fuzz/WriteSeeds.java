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
  }

  static void write(Path base, String dir, String name, byte[] content) throws Exception {
    Path d = base.resolve(dir);
    Files.createDirectories(d);
    Files.write(d.resolve("seed-" + name), content);
  }
}
