package dev.pkixj.truststore.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.truststore.fuzz.DosScenarios.Scenario;
import dev.pkixj.pkix.Pkix;
import dev.pkixj.verifier.VerificationResult;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Path-building DoS scenarios end within mozilla::pkix's budget of 200,000 BuildForward calls per
 * build, with the verdict mozilla::pkix reaches. Results and budgets only: the time each takes is
 * measured by the JMH benchmark {@code PathBuildingDosBench}, never by a timed test.
 */
class PathBuildingDosTest {
  static final int BUDGET = 200_000;

  static Stream<Scenario> scenarios() {
    return DosScenarios.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void endsWithinTheBudgetWithFirefoxsResult(Scenario s) {
    VerificationResult r = s.verifier().verifyServer(s.chain(), s.host(), DosScenarios.NOW);
    int calls = Pkix.lastBuildCalls();
    System.out.printf("%s: %s, last build %d calls%n", s.name(), r.result(), calls);
    assertEquals(s.expected(), r.result(), s.name() + " (" + s.firefoxReason() + ")");
    assertTrue(calls <= BUDGET, s.name() + ": " + calls + " calls");
    // Twice: the second run starts from warm caches and must reach the same verdict.
    assertEquals(s.expected(), s.verifier().verifyServer(s.chain(), s.host(), DosScenarios.NOW)
        .result(), s.name() + " again");
  }
}
