package dev.pkixj.verifier.fuzz;

import static dev.pkixj.verifier.fuzz.Oracle.allowed;
import static dev.pkixj.verifier.fuzz.Oracle.defined;
import static dev.pkixj.verifier.fuzz.Oracle.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.crl.Crl;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.verifier.Profile;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.strict.StrictOptions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzz target for the DER CRL parser and the strict profile's CRL rules (docs/limits.md,
 * "CRLs"). Rule: a CRL either parses, with consistent fields, or is refused with one of the
 * errors {@link Crl#parse} documents; a parsed CRL given to a strict verification of a fixed
 * chain gives a defined verdict (never a library failure or an exception).
 */
class CrlFuzzTest {
  private static final Set<Result> PARSE_ERRORS = EnumSet.of(Result.SEC_ERROR_BAD_DER,
      Result.SEC_ERROR_INVALID_TIME, Result.SEC_ERROR_EXTENSION_VALUE_INVALID,
      Result.MOZILLA_PKIX_ERROR_INVALID_INTEGER_ENCODING);
  private static final TestCert ROOT = CertBuilder.root("CRL Fuzz Root").build();
  private static final TestCert CA = CertBuilder.ca("CRL Fuzz CA").issuer(ROOT).build();
  private static final TestCert LEAF = CertBuilder.leaf("crl.example.com").issuer(CA).build();
  private static final Verifier VERIFIER = Verifier.withRoots(List.of(ROOT.der()))
      .withCt(CtSettings.OFF);

  @FuzzTest
  void crl(byte[] data) {
    Crl crl;
    try {
      crl = Crl.parse(data);
    } catch (PkixException e) {
      allowed(e.result(), PARSE_ERRORS, "Crl.parse");
      return;
    }
    require(crl.version() == 0 || crl.version() == 1, "version");
    require(crl.thisUpdate() >= 0 && crl.nextUpdate() >= 0, "times");
    require(crl.revokedCount() <= Crl.MAX_ENTRIES, "entries");
    require(crl.hasNextUpdate() == (crl.nextUpdate() != Long.MAX_VALUE), "nextUpdate");
    defined(crl.verifySignedBy(Input.of(CA.spkiDer())), "Crl.verifySignedBy");
    VerificationResult r = VERIFIER.withProfile(Profile.STRICT,
        StrictOptions.defaults().withCrls(List.of(crl)))
        .verifyServer(List.of(LEAF.der(), CA.der()), "crl.example.com", TestClock.NOW);
    defined(r.result(), "strict verification with a CRL");
    require(r.isValid() == r.violations().isEmpty(), "a verdict without its violations");
  }
}
