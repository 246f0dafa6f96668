package dev.pkixj.pkix;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.opentest4j.TestAbortedException;

/**
 * Registered for every test of this module (src/test/resources/META-INF/services, with
 * autodetection on in junit-platform.properties): restarts {@link TestSeed#perTest()} from the
 * test's id before the class, each test instance and each test, and attaches {@link
 * TestSeed#replayHint()} to every failure (also printed on standard error).
 */
public final class SeedReporter implements BeforeAllCallback, TestInstancePreConstructCallback,
    BeforeEachCallback, TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

  /** Carries the seed into the failure's report; it has no stack trace of its own. */
  static final class Seed extends Exception {
    private static final long serialVersionUID = 1L;

    Seed(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    TestSeed.startTest(context.getUniqueId());
  }

  @Override
  public void preConstructTestInstance(TestInstanceFactoryContext factory,
      ExtensionContext context) {
    TestSeed.startTest(context.getUniqueId() + "/instance");
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    TestSeed.startTest(context.getUniqueId());
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw note(context, t);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw note(context, t);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw note(context, t);
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw note(context, t);
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable t)
      throws Throwable {
    throw note(context, t);
  }

  static Throwable note(ExtensionContext context, Throwable t) {
    if (t instanceof TestAbortedException) {
      return t;
    }
    for (Throwable s : t.getSuppressed()) {
      if (s instanceof Seed) {
        return t;
      }
    }
    String hint = TestSeed.replayHint();
    t.addSuppressed(new Seed(hint));
    System.err.println(context.getDisplayName() + " failed with " + hint);
    return t;
  }
}
