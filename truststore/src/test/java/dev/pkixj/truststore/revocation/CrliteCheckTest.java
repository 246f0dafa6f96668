package dev.pkixj.truststore.revocation;

import static dev.pkixj.truststore.revocation.RevocationFixture.FAKE_URL;
import static dev.pkixj.truststore.revocation.RevocationFixture.NOW;
import static dev.pkixj.truststore.revocation.RevocationFixture.certId;
import static dev.pkixj.truststore.revocation.RevocationFixture.config;
import static dev.pkixj.truststore.revocation.RevocationFixture.leaf;
import static dev.pkixj.truststore.revocation.RevocationFixture.parse;
import static dev.pkixj.truststore.revocation.RevocationFixture.validity;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkixj.pkix.EndEntityOrCA;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.revocation.RevocationFixture.FakeFetcher;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The CRLite step of {@link RevocationChecker} around its timestamp source. */
class CrliteCheckTest {

  private static Result check(RevocationConfig c, EndEntityOrCA role, TestCert leaf,
      RevocationState state) {
    return new RevocationChecker(c).check(RevocationFixture.trustDomain(), role, certId(leaf),
        NOW, validity(leaf), null, parse(leaf).authorityInfoAccess(), null, state);
  }

  @Test
  void aFatalErrorOfTheTimestampSourceIsReturnedInEveryMode() {
    TestCert leaf = leaf(FAKE_URL);
    for (CrliteMode m : new CrliteMode[] {CrliteMode.TELEMETRY, CrliteMode.ENFORCE}) {
      FakeFetcher f = new FakeFetcher();
      RevocationState s = new RevocationState();
      s.useCrliteTimestamps((sct, id, time, distrust) -> {
        throw new PkixException(Result.SEC_ERROR_BAD_DER);
      });
      RevocationConfig c = config(RevocationConfig.Mode.SOFT, true, f)
          .withCrlite(m, CrliteFilters.NONE);
      assertEquals(Result.SEC_ERROR_BAD_DER, check(c, EndEntityOrCA.MUST_BE_END_ENTITY, leaf, s),
          m.toString());
      assertEquals(0, f.calls(), m.toString());
    }
  }

  @Test
  void certificateAuthoritiesAndModeOffNeverAskForTimestamps() {
    TestCert leaf = leaf(FAKE_URL);
    AtomicInteger asked = new AtomicInteger();
    RevocationState s = new RevocationState();
    s.useCrliteTimestamps((sct, id, time, distrust) -> {
      asked.incrementAndGet();
      return CrliteTimestamps.Pairs.EMPTY;
    });
    RevocationConfig enforce = config(RevocationConfig.Mode.SOFT, false, new FakeFetcher())
        .withCrlite(CrliteMode.ENFORCE, CrliteFilters.NONE);
    assertEquals(Result.SUCCESS, check(enforce, EndEntityOrCA.MUST_BE_CA, leaf, s));
    assertEquals(0, asked.get());
    RevocationConfig off = enforce.withCrlite(CrliteMode.OFF, CrliteFilters.NONE);
    assertEquals(Result.SUCCESS, check(off, EndEntityOrCA.MUST_BE_END_ENTITY, leaf, s));
    assertEquals(0, asked.get());
    assertEquals(RevocationInfo.NONE, s.info());
    assertEquals(Result.SUCCESS, check(enforce, EndEntityOrCA.MUST_BE_END_ENTITY, leaf, s));
    assertEquals(1, asked.get());
    assertEquals(new RevocationInfo(RevocationInfo.Source.NONE, RevocationInfo.Crlite.NO_FILTER),
        s.info());
  }

  @Test
  void theNoFetchRuleNeedsABuiltInRootSoftFailAndEnforce() {
    for (boolean builtIn : new boolean[] {false, true}) {
      for (RevocationConfig.Mode mode : new RevocationConfig.Mode[] {
          RevocationConfig.Mode.SOFT, RevocationConfig.Mode.HARD}) {
        for (CrliteMode m : CrliteMode.values()) {
          TestCert leaf = leaf(FAKE_URL);
          FakeFetcher f = new FakeFetcher();
          RevocationState s = new RevocationState();
          s.chainRoot(builtIn, Long.MAX_VALUE);
          RevocationConfig c = config(mode, true, f).withCrlite(m, CrliteFilters.NONE);
          check(c, EndEntityOrCA.MUST_BE_END_ENTITY, leaf, s);
          boolean skipped = builtIn && mode == RevocationConfig.Mode.SOFT
              && m == CrliteMode.ENFORCE;
          assertEquals(skipped ? 0 : 1, f.calls(), builtIn + " " + mode + " " + m);
        }
      }
    }
  }
}
