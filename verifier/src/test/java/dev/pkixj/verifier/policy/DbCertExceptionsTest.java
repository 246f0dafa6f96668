package dev.pkixj.verifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exceptions stored in the certificate database, used by the browser layer. */
class DbCertExceptionsTest {
  @TempDir Path dir;

  @Test
  void anExceptionInTheDatabaseCoversTheErrorUntilRemoved() throws Exception {
    TestCert root = CertBuilder.root("DBX Root").build();
    TestCert selfSigned = CertBuilder.leaf("nas.home.example").build();
    byte[] fp = MessageDigest.getInstance("SHA-256").digest(selfSigned.der());
    TrustStore store = TrustStore.ofBuiltIns(
        List.of(new TrustEntry(root.der(), Trust.ANCHOR, null, "", Source.CERTDATA)));
    try (CertDb db = CertDb.open(dir.resolve("certdb"))) {
      BrowserVerifier b = BrowserVerifier.builder(new Verifier(store.trustDomains()))
          .exceptions(DbCertExceptions.live(db)).build();
      VerificationResult before = b.verify(List.of(selfSigned.der()), "nas.home.example", 5001,
          TestClock.NOW, TimeSource.GIVEN, null);
      assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, before.result());

      db.putOverride(new CertOverride("NAS.home.example", 5001, fp, TestClock.NOW));
      VerificationResult after = b.verify(List.of(selfSigned.der()), "nas.home.example", 5001,
          TestClock.NOW, TimeSource.GIVEN, null);
      assertTrue(after.isOverridden());
      assertEquals(Result.MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT, after.overriddenError());
      assertTrue(DbCertExceptions.find(db, "nas.home.example", 5001).isPresent());
      assertTrue(DbCertExceptions.of(db.snapshot()).matches("nas.home.example", 5001, fp));

      db.removeOverride("nas.home.example", 5001);
      assertFalse(b.verify(List.of(selfSigned.der()), "nas.home.example", 5001, TestClock.NOW,
          TimeSource.GIVEN, null).isOverridden());
    }
  }
}
