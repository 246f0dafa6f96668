package dev.pkixj.verifier.fuzz;

import static dev.pkixj.verifier.fuzz.Oracle.defined;
import static dev.pkixj.verifier.fuzz.Oracle.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.verifier.Profile;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.RootProgram;
import dev.pkixj.verifier.strict.Rule;
import dev.pkixj.verifier.strict.StrictOptions;
import dev.pkixj.verifier.strict.Violation;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Fuzz target for the strict profile's reading of certificates (docs/strict-profile.md: the
 * extension walk, AKI, SKI, AIA, SAN, keyUsage, extKeyUsage, RSA modulus, commonName, IP text).
 * The input is one certificate, trusted as its own root (so Firefox accepts any that parses and
 * every rule runs) and verified under the strict profile with its root public. Rule: a defined
 * result, never an exception; the verdict is valid exactly when no rule is broken; a violation
 * names a certificate of the chain and carries its rule's code and source.
 */
class StrictFuzzTest {
  @FuzzTest
  void strictCertificate(byte[] data) throws NoSuchAlgorithmException {
    byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(data);
    Verifier v = Verifier.withRoots(List.of(data)).withCt(CtSettings.OFF)
        .withProfile(Profile.STRICT, StrictOptions.defaults().withMaxChainDepth(1)
            .withPublicRoots(RootProgram.of(List.of(sha256), "fuzz")));
    VerificationResult r = v.verifyServer(List.of(data), "www.example.com", TestClock.NOW);
    defined(r.result(), "strict verification");
    require(r.isValid() == r.violations().isEmpty(), "a verdict without its violations");
    for (Violation x : r.violations()) {
      require(x.certIndex() >= -1 && x.certIndex() < Math.max(1, r.chain().size()),
          "violation on a certificate outside the chain: " + x);
      if (x.rule() != Rule.FIREFOX) {
        require(x.code().equals(x.rule().code()) && x.source().equals(x.rule().source()),
            "violation without its rule's code and source: " + x);
      }
    }
  }
}
