package dev.pkixj.testdata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Where the shared conformance corpora are, and what a test does when one is missing: the one rule
 * every corpus test follows (docs/conformance.md, "How the suite guards against silent skips").
 *
 * <ul>
 *   <li>corpus file present: the test runs;</li>
 *   <li>missing and required (environment variable {@code CI} set to anything but empty, {@code
 *       false} or {@code 0}, or system property {@code pkixj.conformance.required} empty or
 *       {@code true}): the test fails, naming the file;</li>
 *   <li>missing otherwise: the test is skipped (aborted) with a message naming the file.</li>
 * </ul>
 *
 * <p>This module has no JUnit on its main class path, so the caller passes how to skip (e.g.
 * {@code Assumptions::abort}); a failure is an {@link AssertionError}, which every test framework
 * reports as a failure.
 */
public final class ConformanceCorpora {
  /** System property: the corpus folder (the parent pom sets it for every module's tests). */
  public static final String DIR_PROPERTY = "pkixj.conformance.dir";
  /** System property: when {@code true} (or empty), a missing corpus fails instead of skipping. */
  public static final String REQUIRED_PROPERTY = "pkixj.conformance.required";
  /** Environment variable that CI sets; when set, a missing corpus fails. */
  public static final String CI_ENV = "CI";

  /** The corpus files the test suite reads; {@code .ci/run} checks the same list. */
  public static final List<String> FILES = List.of(
      "firefox-parity-dev.jsonl",
      "hostname-parity-dev.jsonl",
      "limbo-dev.json",
      "limbo-dev-mozpkix.jsonl",
      "ocsp-parity-dev.jsonl");

  private ConformanceCorpora() {}

  /**
   * The corpus folder: system property {@link #DIR_PROPERTY} when set, else {@code
   * ../../shared/conformance} relative to the module directory the tests run in. It may not exist.
   */
  public static Path dir() {
    return dir(System.getProperties());
  }

  /** The corpus folder given system properties {@code props}. */
  public static Path dir(Properties props) {
    String d = props.getProperty(DIR_PROPERTY);
    return Path.of(d == null || d.isBlank() ? "../../shared/conformance" : d);
  }

  /** Whether a missing corpus must fail the build in this environment. */
  public static boolean required() {
    return required(System.getenv(), System.getProperties());
  }

  /** Whether a missing corpus must fail, given an environment and system properties. */
  public static boolean required(Map<String, String> env, Properties props) {
    String ci = env.get(CI_ENV);
    if (ci != null && !ci.isBlank()) {
      String v = ci.strip().toLowerCase(Locale.ROOT);
      if (!v.equals("false") && !v.equals("0")) {
        return true;
      }
    }
    String p = props.getProperty(REQUIRED_PROPERTY);
    return p != null && (p.isBlank() || p.strip().equalsIgnoreCase("true"));
  }

  /**
   * The corpus file {@code name} in {@link #dir()}, if it is a regular file; otherwise fails or
   * skips as the class comment says.
   *
   * @param skip called with the message when the test is to be skipped; it must throw (pass
   *     {@code org.junit.jupiter.api.Assumptions::abort})
   */
  public static Path require(String name, Consumer<String> skip) {
    return require(dir().resolve(name), required(), skip);
  }

  /**
   * {@code file} if it is a regular file. Otherwise: an {@link AssertionError} naming it when
   * {@code required}, else {@code skip} with a message naming it.
   */
  public static Path require(Path file, boolean required, Consumer<String> skip) {
    if (Files.isRegularFile(file)) {
      return file;
    }
    Path shown = file.toAbsolutePath().normalize();
    if (required) {
      throw new AssertionError("conformance corpus " + shown + " is missing, and it is required "
          + "here (environment variable CI is set, or -D" + REQUIRED_PROPERTY + "): put the "
          + "shared corpora in ../shared/conformance or point -D" + DIR_PROPERTY + " at them");
    }
    String message = "conformance corpus " + shown + " not found: skipped (set CI=true or -D"
        + REQUIRED_PROPERTY + "=true to make this a failure)";
    System.out.println("NOTICE: " + message);
    skip.accept(message);
    throw new IllegalStateException("the skip action returned instead of throwing: " + message);
  }
}
