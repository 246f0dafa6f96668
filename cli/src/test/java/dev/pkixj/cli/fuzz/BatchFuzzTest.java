package dev.pkixj.cli.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.cli.Cli;
import dev.pkixj.testdata.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * Fuzz target for a whole input file through {@code pkixj batch} (format detection,
 * NDJSON/PEM/DER/CT/gzip readers, verification, result lines); the readers' own targets, one
 * record and one CT response, are the batch module's {@code ReaderFuzzTest}.
 *
 * <p>Rule: {@code pkixj batch} exits 0 and prints one well-formed result per record (a malformed
 * one says which record and what was wrong) and the summary, and nothing leaks a stack trace.
 */
class BatchFuzzTest {
  private static final Path ROOTS = CliFuzzTest.write("batch-roots.pem", (TestPki.ec().root()
      .pem() + TestPki.rsa().root().pem()).getBytes(StandardCharsets.US_ASCII));
  private static final Set<String> VERDICTS = Set.of("valid", "invalid", "malformed");

  @FuzzTest
  void batchFile(byte[] data) {
    Path in = CliFuzzTest.write("batch-input", data);
    Cli.Run r = CliFuzzTest.run(new byte[0], "batch", in.toString(), "--roots", ROOTS.toString(),
        "--time", "2026-06-01T00:00:00Z", "--threads", "1", "--no-progress", "--json");
    CliFuzzTest.common(r, data);
    // Exit 0 whatever the records hold; 1 only when the file itself cannot be read to its end
    // (a damaged gzip stream): then the message names the file, and what was read before the
    // damage is still reported, whole lines and the summary.
    boolean readError = r.exit() == 1
        && r.err().contains("pkixj batch: reading the input: " + in + ": ");
    CliFuzzTest.require(r.exit() == 0 || readError, "exit " + r.exit() + ": " + r.err());
    if (readError) {
      CliFuzzTest.require(data.length > 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b,
          "a read error without gzip: " + r.err());
    }
    String[] lines = r.out().split("\n");
    CliFuzzTest.require(lines.length >= 1, "no summary");
    for (int i = 0; i < lines.length - 1; i++) {
      JsonNode o = CliFuzzTest.json(lines[i]);
      String verdict = o.path("verdict").asText("");
      CliFuzzTest.require(VERDICTS.contains(verdict), "verdict " + verdict + " in " + lines[i]);
      CliFuzzTest.require(o.hasNonNull("id") || o.hasNonNull("line"), "which record? " + lines[i]);
      if (verdict.equals("malformed")) {
        CliFuzzTest.require(!o.path("error").asText("").isBlank(), "what was wrong? " + lines[i]);
      } else {
        CliFuzzTest.require(o.path("code").isTextual(), "no code: " + lines[i]);
      }
    }
    CliFuzzTest.require(CliFuzzTest.json(lines[lines.length - 1]).isObject(), "no summary line");
  }
}
