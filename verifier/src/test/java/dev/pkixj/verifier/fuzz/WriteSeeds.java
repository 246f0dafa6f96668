package dev.pkixj.verifier.fuzz;

import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.GeneralName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed inputs of the verifier's fuzz targets into their regression directories
 * ({@code src/test/resources/dev/pkixj/verifier/fuzz/<Class>Inputs/<method>/seed-*}). Run once
 * when the formats change (not a test):
 * <pre>
 * java -cp "$(cat verifier/target/test-classpath.txt):verifier/target/classes:verifier/target/test-classes" \
 *   dev.pkixj.verifier.fuzz.WriteSeeds verifier/src/test/resources/dev/pkixj/verifier/fuzz
 * </pre>
 * Findings are added next to the seeds under their crash names by Jazzer itself.
 */
public final class WriteSeeds {
  private WriteSeeds() {}

  public static void main(String[] args) throws IOException {
    Path base = Path.of(args[0]);
    // Parser targets: the certificates, and an OCSP response for the DER walker.
    for (Map.Entry<String, byte[]> e : Corpus.certificates().entrySet()) {
      write(base, "ParserFuzzTestInputs/certificate", e.getKey(), e.getValue());
    }
    write(base, "ParserFuzzTestInputs/derReader", "ec-leaf", Corpus.EC.leaf().der());
    write(base, "ParserFuzzTestInputs/derReader", "nc-ca", Corpus.NC_CA.der());
    write(base, "ParserFuzzTestInputs/derReader", "ocsp", Corpus.OCSP.get(1).response());

    for (Map.Entry<String, List<byte[]>> e : Corpus.chains().entrySet()) {
      write(base, "VerifierFuzzTestInputs/chain", e.getKey(), Corpus.concat(e.getValue()));
    }
    for (Corpus.OcspSample s : Corpus.OCSP) {
      write(base, "VerifierFuzzTestInputs/ocspResponse", s.name(), s.response());
    }

    byte[] san = san(GeneralName.dns("www.example.test"), GeneralName.dns("*.example.test"),
        GeneralName.ip("192.0.2.7"), GeneralName.ip("2001:db8::1"),
        GeneralName.email("a@example.test"), GeneralName.uri("https://example.test/"),
        GeneralName.dirName("CN=x,O=y"));
    write(base, "NamesFuzzTestInputs/hostname", "dns", NamesFuzzTest.hostnameInput(
        "www.example.test", san));
    write(base, "NamesFuzzTestInputs/hostname", "wildcard", NamesFuzzTest.hostnameInput(
        "foo.example.test.", san));
    write(base, "NamesFuzzTestInputs/hostname", "ipv6", NamesFuzzTest.hostnameInput(
        "2001:db8:0::1", san));
    write(base, "NamesFuzzTestInputs/hostname", "ipv4", NamesFuzzTest.hostnameInput(
        "192.0.2.7", san));

    byte[] nc = Der.seq(
        Der.implicit(0, true, Der.concat(
            subtree(GeneralName.dns("example.test")), subtree(GeneralName.dns(".example.org")),
            subtree(GeneralName.ipSubnet("192.0.2.0/24")),
            subtree(GeneralName.ipSubnet("2001:db8::/32")),
            subtree(GeneralName.email("example.test")),
            subtree(GeneralName.dirName("O=pkixj Test")))),
        Der.implicit(1, true, Der.concat(subtree(GeneralName.dns("bad.example.test")),
            subtree(GeneralName.uri("example.test")), subtree(GeneralName.email("a@b.test")))));
    write(base, "NamesFuzzTestInputs/nameConstraints", "server-ee", NamesFuzzTest.constraintsInput(
        3, nc, NamesFuzzTest.SUBJECT, san));
    write(base, "NamesFuzzTestInputs/nameConstraints", "no-san", NamesFuzzTest.constraintsInput(
        7, nc, NamesFuzzTest.SUBJECT, null));
    write(base, "NamesFuzzTestInputs/nameConstraints", "client-ca", NamesFuzzTest.constraintsInput(
        0, nc, Der.name("CN=1.2.3.4,O=pkixj Test"), san));
  }

  static byte[] san(GeneralName... names) {
    byte[][] ders = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      ders[i] = names[i].der();
    }
    return Der.seq(ders);
  }

  private static byte[] subtree(GeneralName base) {
    return Der.seq(base.der());
  }

  static void write(Path base, String dir, String name, byte[] content) throws IOException {
    Path d = base.resolve(dir);
    Files.createDirectories(d);
    Files.write(d.resolve("seed-" + name), content);
  }
}
