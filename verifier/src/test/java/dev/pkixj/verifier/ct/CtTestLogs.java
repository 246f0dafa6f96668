package dev.pkixj.verifier.ct;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestKeys;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Test CT logs with private keys, signing SCTs with the JDK (test-only): embedded lists for
 * certificates built with CertBuilder, and delivered lists over an X.509 entry.
 */
final class CtTestLogs {
  static final String SCT_LIST_OID = "1.3.6.1.4.1.11129.2.4.2";

  /** A log and its private key. */
  record TestLog(CtLog log, KeyPair keys) {}

  private CtTestLogs() {}

  static TestLog newLog(String name, int operator, CtLog.State state, long stateTimestamp) {
    try {
      KeyPair kp = TestKeys.ec(TestKeys.Curve.P256, "ct log " + name);
      return new TestLog(new CtLog(name, "operator " + operator, operator, state, stateTimestamp,
          CtLog.Format.RFC6962, kp.getPublic().getEncoded()), kp);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static TestLog newLog(String name, int operator) {
    return newLog(name, operator, CtLog.State.ADMISSIBLE, 0);
  }

  static CtLogList list(Instant expiry, TestLog... logs) {
    List<CtLog> l = new ArrayList<>();
    for (TestLog t : logs) {
      l.add(t.log());
    }
    return new CtLogList(l, Instant.EPOCH, expiry, "test");
  }

  /** A serialized SCT by {@code log} over {@code entry}. */
  static byte[] sign(TestLog log, long timestampMillis, byte[] entry) {
    try {
      byte[] data = CtSignedData.v1SignedData(timestampMillis, entry, new byte[0]);
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(log.keys().getPrivate());
      s.update(data);
      byte[] sig = s.sign();
      return CtFixtures.sct(log.log().logId(), timestampMillis, new byte[0], 4, 3, sig);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code leaf} (which must not have an SCT-list extension) with one added, holding SCTs from
   * {@code logs} at {@code timestamp}, signed over its precertificate entry under {@code
   * issuer}. The precertificate TBS is {@code leaf}'s own TBS (independent of the code under
   * test); the caller's builder must be deterministic (fixed serial).
   */
  static TestCert withEmbeddedScts(CertBuilder leaf, TestCert issuer, long timestamp,
      TestLog... logs) throws PkixException {
    TestCert precert = leaf.build();
    byte[] tbs = Cert.parse(precert.der()).signedData().toByteArray();
    byte[] entry = precertEntry(tbs, issuer.spkiDer());
    byte[][] scts = new byte[logs.length][];
    for (int i = 0; i < logs.length; i++) {
      scts[i] = sign(logs[i], timestamp, entry);
    }
    TestCert withScts = leaf.addExtension(SCT_LIST_OID, false,
        Der.octetString(CtFixtures.sctList(scts))).build();
    if (!java.util.Arrays.equals(tbs, CtSignedData.precertTbs(withScts.der()))) {
      throw new IllegalStateException("the builder is not deterministic");
    }
    return withScts;
  }

  static byte[] precertEntry(byte[] tbs, byte[] issuerSpki) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(issuerSpki);
      byte[] out = new byte[2 + 32 + 3 + tbs.length];
      out[1] = 1;
      System.arraycopy(hash, 0, out, 2, 32);
      out[34] = (byte) (tbs.length >>> 16);
      out[35] = (byte) (tbs.length >>> 8);
      out[36] = (byte) tbs.length;
      System.arraycopy(tbs, 0, out, 37, tbs.length);
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS SCT list from {@code logs} over {@code cert}'s X.509 entry. */
  static byte[] deliveredList(TestCert cert, long timestamp, TestLog... logs) {
    byte[] der = cert.der();
    byte[] entry = new byte[5 + der.length];
    entry[2] = (byte) (der.length >>> 16);
    entry[3] = (byte) (der.length >>> 8);
    entry[4] = (byte) der.length;
    System.arraycopy(der, 0, entry, 5, der.length);
    byte[][] scts = new byte[logs.length][];
    for (int i = 0; i < logs.length; i++) {
      scts[i] = sign(logs[i], timestamp, entry);
    }
    return CtFixtures.sctList(scts);
  }
}
