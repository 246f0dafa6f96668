package dev.pkixj.verifier;

import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the verifier tests. */
final class Chains {
  private Chains() {}

  static final Instant NOW = TestClock.NOW;
  static final String HOST = "www.example.test";

  static List<byte[]> ders(TestCert... certs) {
    List<byte[]> out = new ArrayList<>();
    for (TestCert c : certs) {
      out.add(c.der());
    }
    return out;
  }

  static Verifier trusting(TestCert... roots) {
    return Verifier.withRoots(ders(roots));
  }

  static Result verify(Verifier v, String host, TestCert... chain) {
    return v.verifyServer(ders(chain), host, NOW).result();
  }

  /** root → intermediate, with the given name prefix (keys derive from names: unique prefix = unique keys). */
  static TestCert[] rootAndCa(String prefix) {
    TestCert root = CertBuilder.root(prefix + " Root").build();
    TestCert ca = CertBuilder.ca(prefix + " CA").issuer(root).build();
    return new TestCert[] {root, ca};
  }
}
