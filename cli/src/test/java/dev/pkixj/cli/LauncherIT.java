package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user runs it: the repository's {@code ./pkixj} launcher and {@code java
 * -jar} on the shaded jar that {@code package} built (run by Failsafe after {@code package}).
 *
 * <p>The launcher rebuilds the jar with Maven when it looks stale; a test must never start a
 * nested build, so it runs a byte-identical copy of the launcher in a directory of its own whose
 * {@code cli/target/pkixj.jar} is the built jar and which holds no sources and no {@code mvnw}:
 * nothing there can look newer than the jar, and no build could start. Every child process gets a
 * home of its own and is killed, failing the test, if it has not ended within {@link #LIMIT_S}.
 */
class LauncherIT {
  /** A bound on each child process, so that a hang fails instead of blocking the build. */
  static final long LIMIT_S = 120;

  static final Path LAUNCHER = Path.of(System.getProperty("pkixj.launcher", "../pkixj"));
  static final Path JAR = Path.of(System.getProperty("pkixj.jar", "target/pkixj.jar"));
  static final String VERSION = System.getProperty("pkixj.version", "(set pkixj.version)");
  static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  @TempDir Path dir;
  Path home;
  Path root;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void setUp() throws IOException {
    assertTrue(Files.isRegularFile(JAR), JAR + ": run after package");
    assertTrue(Files.isRegularFile(LAUNCHER), LAUNCHER + ": no launcher");
    home = Files.createDirectories(dir.resolve("home"));
    root = Files.createDirectories(dir.resolve("checkout"));
    Path script = root.resolve("pkixj");
    Files.copy(LAUNCHER, script);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(root.resolve("cli/target"));
    Files.createSymbolicLink(root.resolve("cli/target/pkixj.jar"), JAR.toAbsolutePath());
  }

  private Run launcher(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("pkixj").toString()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  private Run jar(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "-Duser.home=" + home,
        "-jar", JAR.toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  private Run run(List<String> cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    // Java takes user.home from the password database, not from HOME: the launcher passes
    // JAVA_OPTS to the JVM.
    env.put("JAVA_OPTS", "-Duser.home=" + home);
    env.remove("PKIXJ_JAVA_OPTS");
    env.put("PATH", JAVA.getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(LIMIT_S, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
      fail(String.join(" ", cmd) + ": still running after " + LIMIT_S + " s; killed\n"
          + Files.readString(err));
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The checks every way of running it must pass. */
  private void checkAll(java.util.function.Function<String[], Run> pkixj) throws Exception {
    Run version = pkixj.apply(new String[] {"--version"});
    assertEquals(0, version.exit(), version.err());
    assertEquals("pkixj " + VERSION, version.out().strip());

    Run explain = pkixj.apply(new String[] {"explain", "SEC_ERROR_UNKNOWN_ISSUER"});
    assertEquals(0, explain.exit(), explain.err());
    assertTrue(explain.out().startsWith("SEC_ERROR_UNKNOWN_ISSUER (NSS -8179"), explain.out());
    assertEquals("", explain.err());

    Run sample = pkixj.apply(new String[] {"verify", "--sample"});
    assertEquals(0, sample.exit(), sample.out() + sample.err());
    assertTrue(sample.out().contains("OK: the chain is valid for www.example.test"), sample.out());

    Path chain = Files.writeString(dir.resolve("chain.pem"), Cli.samplePem("chain"));
    Path roots = Files.writeString(dir.resolve("roots.pem"), Cli.samplePem("roots"));
    Run valid = pkixj.apply(new String[] {"verify", chain.toString(), "--roots",
        roots.toString(), "--host", "www.example.test", "--time", VerifyCommand.SAMPLE_TIME,
        "--json"});
    assertEquals(0, valid.exit(), valid.out() + valid.err());
    assertTrue(valid.out().contains("\"valid\":true"), valid.out());
    Run rejected = pkixj.apply(new String[] {"verify", chain.toString(), "--roots",
        roots.toString(), "--host", "other.example.test", "--time", VerifyCommand.SAMPLE_TIME,
        "--json"});
    assertEquals(2, rejected.exit(), rejected.out() + rejected.err());
    assertTrue(rejected.out().contains("\"code\":\"SSL_ERROR_BAD_CERT_DOMAIN\""), rejected.out());

    Run usage = pkixj.apply(new String[] {"verify", "--bogus-option"});
    assertEquals(1, usage.exit(), usage.out() + usage.err());
    assertTrue(usage.err().contains("'--bogus-option'"), usage.err());
    assertFalse(usage.err().contains("\tat ") || usage.err().contains("Exception"), usage.err());
    Run missing = pkixj.apply(new String[] {"verify", dir.resolve("nope.pem").toString(),
        "--roots", roots.toString()});
    assertEquals(1, missing.exit(), missing.err());
    assertTrue(missing.err().contains("nope.pem: no such file"), missing.err());

    // Nothing of the user's was written: the home is as empty as it was.
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(List.of(), files.toList());
    }
  }

  private java.util.function.Function<String[], Run> unchecked(Call call) {
    return args -> {
      try {
        return call.run(args);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
  }

  interface Call {
    Run run(String[] args) throws Exception;
  }

  @Test
  void theLauncherRunsTheBuiltJar() throws Exception {
    assertArrayEquals(Files.readAllBytes(LAUNCHER), Files.readAllBytes(root.resolve("pkixj")));
    checkAll(unchecked(this::launcher));
    // It never built anything: no "building" notice, and the checkout holds only what it had.
    Run again = launcher("--version");
    assertFalse(again.err().contains("building"), again.err());
    try (Stream<Path> files = Files.walk(root)) {
      assertEquals(List.of(root, root.resolve("cli"), root.resolve("cli/target"),
          root.resolve("cli/target/pkixj.jar"), root.resolve("pkixj")),
          files.sorted().toList());
    }
  }

  @Test
  void theShadedJarRunsWithJavaJar() throws Exception {
    checkAll(unchecked(this::jar));
  }
}
