package dev.pkixj.cli.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Inputs larger than the documented limits (docs/limits.md) end in a one-line message and exit
 * status 1, never an OutOfMemoryError (found by hand while writing the limits down: {@code pkixj
 * verify /dev/zero} read until the heap was full).
 */
class InputLimitsTest {
  private static final String TIME = "2026-06-01T00:00:00Z";

  @Test
  void endlessFile() {
    assertTrue(Files.isReadable(Path.of("/dev/zero")), "the test needs Linux's /dev/zero");
    Cli.Run r = CliFuzzTest.run(new byte[0], "verify", "/dev/zero", "--roots", "/dev/zero",
        "--time", TIME);
    assertEquals(1, r.exit(), r.err());
    assertEquals("pkixj verify: /dev/zero: larger than 64 MiB: not a certificate file",
        r.err().trim());
  }

  @Test
  void oversizedStandardInput() {
    Cli.Run r = CliFuzzTest.run(new byte[(64 << 20) + 1], "verify", "-", "--roots", "-",
        "--time", TIME);
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.err().contains("<stdin>: larger than 64 MiB"), r.err());
  }
}
