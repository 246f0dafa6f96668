package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.verifier.Verifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Runs the command line in-process with standard output and error captured. */
public final class Cli {
  private Cli() {}

  /** What one invocation did. */
  public record Run(int exit, String out, String err) {
    public List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException(out, e);
      }
    }

    public JsonNode lastLineJson() {
      List<String> lines = outLines();
      try {
        return Json.MAPPER.readTree(lines.get(lines.size() - 1));
      } catch (IOException e) {
        throw new UncheckedIOException(out, e);
      }
    }

    /**
     * No Java stack trace or exception class name leaked to the user, and no internal error (an
     * exception that escaped a command, exit {@link Main#EXIT_INTERNAL}): an input error must be
     * reported as one, never as a crash.
     */
    public void assertNoStackTrace() {
      for (String s : List.of(out, err)) {
        assertFalse(s.contains("\tat ") || s.contains("Exception in thread")
            || s.matches("(?s).*\\bat [a-z]+\\.[a-zA-Z.$]+\\(.*"), "stack trace printed:\n" + s);
        assertFalse(s.contains("internal error:"), "internal error reported:\n" + s);
      }
      assertFalse(exit == Main.EXIT_INTERNAL, "exit status " + exit + " (internal error):\n" + err);
    }
  }

  public static synchronized Run run(String... args) {
    return runWithStdin(new byte[0], args);
  }

  public static synchronized Run runWithStdin(byte[] stdin, String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new java.io.ByteArrayInputStream(stdin));
      exit = Main.commandLine().execute(args);
    } finally {
      System.out.flush();
      System.err.flush();
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
        err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }

  /** The sample chain's PEM text ({@code "chain"} or {@code "roots"}). */
  public static String samplePem(String which) {
    try (InputStream in = Cli.class.getResourceAsStream("/sample/" + which + ".pem")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<byte[]> sample(String resource) {
    try {
      return CertFiles.readResource(resource);
    } catch (CliException e) {
      throw new IllegalStateException(e);
    }
  }
}
