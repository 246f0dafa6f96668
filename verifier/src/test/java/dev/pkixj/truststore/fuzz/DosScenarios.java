package dev.pkixj.truststore.fuzz;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.GeneralName;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.Verifier;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Path-building denial-of-service scenarios, built with the testdata builder: each is a
 * verifier (a trust store or a root set), the chain a server sends, the host, and the verdict
 * mozilla::pkix reaches for it. {@code PathBuildingDosTest} checks their verdicts and budgets;
 * {@code bench/.../PathBuildingDosBench} times the same objects (this class reaches the bench
 * through the module's test-jar, which holds nothing else).
 *
 * <p>Certificates that path building can never reach with a valid issuer chain carry a dummy
 * signature (their signature is never checked); everything on a path that can succeed is really
 * signed.
 */
public final class DosScenarios {
  private DosScenarios() {}

  public static final Instant NOW = TestClock.NOW;
  static final String HOST = TestPki.LEAF_HOST;
  static final TestPki PKI = TestPki.ec();

  /** One scenario: what to verify and what Firefox answers. */
  public record Scenario(String name, Verifier verifier, List<byte[]> chain, String host,
      Result expected, String firefoxReason) {}

  /** The scenarios' short names, in the order of {@link #all()}. */
  public static final List<String> NAMES = List.of("same-subject-store",
      "same-subject-presented-roots", "same-subject-presented-store", "cross-sign-loop",
      "intermediate-cycle", "many-candidates", "huge-name-constraints", "long-san-list",
      "nc-crowd", "big-rsa-self-issued");

  public static List<Scenario> all() {
    List<Scenario> out = new ArrayList<>();
    for (String n : NAMES) {
      out.add(byName(n));
    }
    return out;
  }

  /** One scenario by its short name (each name is one fixed size). */
  public static Scenario byName(String name) {
    switch (name) {
      case "same-subject-store": return sameSubjectStore(2000);
      case "same-subject-presented-roots": return sameSubjectPresented(500, false);
      case "same-subject-presented-store": return sameSubjectPresented(500, true);
      case "cross-sign-loop": return crossSignLoop(12);
      case "intermediate-cycle": return intermediateCycle();
      case "many-candidates": return manyCandidatesPerLevel(40, 3);
      case "huge-name-constraints": return hugeNameConstraints(1500, 2000);
      case "long-san-list": return longSanList(2800);
      case "nc-crowd": return nameConstraintsOnACrowd(64, 50, 50);
      case "big-rsa-self-issued": return bigRsaSelfIssuedPresented(16);
      default: throw new IllegalArgumentException("unknown DoS scenario " + name);
    }
  }

  /**
   * A well-formed ECDSA-Sig-Value that verifies under no key, different for each {@code i} (real
   * certificates differ in their last bytes, which lie in the signature; identical ones would
   * also collide in every content hash keyed on them).
   */
  private static byte[] dummySignature(int i) {
    return new byte[] {0x30, 0x0a, 0x02, 0x03, 0x01, (byte) (i >> 8), (byte) i, 0x02, 0x03, 0x01,
        (byte) (i >> 16), (byte) (i * 7)};
  }

  private static KeyPair key(String label) {
    return TestKeys.ec(TestKeys.Curve.P256, "dos/" + label);
  }

  private static TrustEntry user(TestCert c, Trust t) {
    return new TrustEntry(c.der(), t, null, "", Source.USER);
  }

  private static Verifier storeVerifier(List<TrustEntry> userEntries) {
    TrustStore store = TrustStore.of(List.of(new TrustEntry(PKI.root().der(), Trust.ANCHOR, null,
        "root", Source.OS)), userEntries, List.of());
    return new Verifier(store.trustDomains());
  }

  /** A leaf for {@link #HOST} issued in the name of {@code issuerName}. */
  private static TestCert leafUnder(String issuerName, KeyPair signer) {
    return CertBuilder.leaf(HOST).issuerName(issuerName).signingKey(signer.getPrivate())
        .key(key("leaf")).removeExtension(dev.pkixj.testdata.Oids.AUTHORITY_KEY_ID).build();
  }

  /**
   * {@code n} intermediates sharing one subject, each issued in that same name, with keys from a
   * pool of 8, in the user's database; none chains to a root. The search tree is 8 keys deep
   * and {@code n} wide: only the 200,000-call budget ends it.
   */
  static Scenario sameSubjectStore(int n) {
    List<TrustEntry> entries = new ArrayList<>();
    for (TestCert c : crowd("CN=Crowd CA,O=pkixj DoS", n, null)) {
      entries.add(user(c, Trust.INHERIT));
    }
    TestCert leaf = leafUnder("CN=Crowd CA,O=pkixj DoS", key("crowd/0"));
    return new Scenario("same-subject-store-" + n, storeVerifier(entries), List.of(leaf.der()),
        HOST, Result.SEC_ERROR_UNKNOWN_ISSUER, "budget exhausted (no path exists)");
  }

  /**
   * The same crowd sent by the server in the handshake instead, to a verifier with a root set
   * ({@code store} false: {@code Verifier.withRoots}) or a trust store.
   */
  static Scenario sameSubjectPresented(int n, boolean store) {
    List<byte[]> chain = new ArrayList<>();
    TestCert leaf = leafUnder("CN=Crowd CA,O=pkixj DoS", key("crowd/0"));
    chain.add(leaf.der());
    for (TestCert c : crowd("CN=Crowd CA,O=pkixj DoS", n, null)) {
      chain.add(c.der());
    }
    return new Scenario("same-subject-presented-" + n + (store ? "-store" : "-roots"),
        store ? storeVerifier(List.of()) : Verifier.withRoots(List.of(PKI.root().der())), chain,
        HOST,
        Result.SEC_ERROR_UNKNOWN_ISSUER, "budget exhausted (no path exists)");
  }

  /** {@code n} self-issued CAs named {@code name}, keys from a pool of 8, dummy signatures. */
  private static List<TestCert> crowd(String name, int n, List<GeneralName> permitted) {
    List<TestCert> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      CertBuilder b = CertBuilder.ca(name).issuerName(name).key(key("crowd/" + (i % 8)))
          .serial(1000 + i).removeExtension(dev.pkixj.testdata.Oids.AUTHORITY_KEY_ID)
          .signatureValue(dummySignature(i));
      if (permitted != null) {
        b.permitted(permitted.toArray(new GeneralName[0]));
      }
      out.add(b.build());
    }
    return out;
  }

  /**
   * {@code m} CAs with distinct names, each cross-signed by every other one (m(m-1)
   * certificates), none chaining to a root: every path up to the depth limit is a loop through
   * distinct certificates.
   */
  static Scenario crossSignLoop(int m) {
    List<TrustEntry> entries = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (i != j) {
          entries.add(user(CertBuilder.ca("CN=Loop CA " + i + ",O=pkixj DoS")
              .issuerName("CN=Loop CA " + j + ",O=pkixj DoS").key(key("loop/" + i))
              .removeExtension(dev.pkixj.testdata.Oids.AUTHORITY_KEY_ID)
              .signatureValue(dummySignature(i * m + j)).build(), Trust.INHERIT));
        }
      }
    }
    TestCert leaf = leafUnder("CN=Loop CA 0,O=pkixj DoS", key("loop/0"));
    return new Scenario("cross-sign-loop-" + m, storeVerifier(entries), List.of(leaf.der()), HOST,
        Result.SEC_ERROR_UNKNOWN_ISSUER, "budget exhausted (no path exists)");
  }

  /** x509-limbo's pathological::intermediate-cycle-distinct-cas, sent in the handshake. */
  static Scenario intermediateCycle() {
    TestCert a = CertBuilder.ca("CN=Cycle A,O=pkixj DoS").issuerName("CN=Cycle B,O=pkixj DoS")
        .key(key("cycle/a")).signingKey(key("cycle/b").getPrivate())
        .removeExtension(dev.pkixj.testdata.Oids.AUTHORITY_KEY_ID).build();
    TestCert b = CertBuilder.ca("CN=Cycle B,O=pkixj DoS").issuerName("CN=Cycle A,O=pkixj DoS")
        .key(key("cycle/b")).signingKey(key("cycle/a").getPrivate())
        .removeExtension(dev.pkixj.testdata.Oids.AUTHORITY_KEY_ID).build();
    TestCert leaf = leafUnder("CN=Cycle A,O=pkixj DoS", key("cycle/a"));
    return new Scenario("intermediate-cycle", Verifier.withRoots(List.of(PKI.root().der())),
        List.of(leaf.der(), a.der(), b.der()), HOST, Result.SEC_ERROR_UNKNOWN_ISSUER,
        "limbo: mozpkix SEC_ERROR_UNKNOWN_ISSUER");
  }

  /**
   * {@code levels} levels of {@code c} intermediates each, every one of them validly issued in
   * the next level's name, but only the last candidate of each level holds the key that signed
   * the level below: each level's wrong candidates build a valid chain to the root and then fail
   * the signature check of the certificate below. The one good path is found last.
   */
  static Scenario manyCandidatesPerLevel(int c, int levels) {
    List<TrustEntry> entries = new ArrayList<>();
    TestCert issuer = PKI.root();
    KeyPair signer = null;
    String issuerName = null;
    for (int level = levels; level >= 1; level--) {
      String name = "CN=Level " + level + " CA,O=pkixj DoS";
      TestCert last = null;
      for (int i = 0; i < c; i++) {
        CertBuilder b = CertBuilder.ca(name).key(key("level" + level + "/" + i)).serial(i + 1)
            .removeExtension(dev.pkixj.testdata.Oids.AUTHORITY_KEY_ID);
        b = signer == null ? b.issuer(issuer) : b.issuerName(issuerName)
            .signingKey(signer.getPrivate());
        last = b.build();
        entries.add(user(last, Trust.INHERIT));
      }
      issuer = last;
      signer = last.keyPair();
      issuerName = name;
    }
    TestCert leaf = leafUnder(issuerName, signer);
    return new Scenario("many-candidates-" + c + "x" + levels, storeVerifier(entries),
        List.of(leaf.der()), HOST, Result.SUCCESS, "the last candidate of each level is right");
  }

  /**
   * An intermediate with {@code permitted} permitted and {@code excluded} excluded dNSName
   * subtrees (close to the 64 KiB DER limit), and a leaf whose names all fall under the last
   * permitted subtree only: every name is compared with every subtree.
   */
  static Scenario hugeNameConstraints(int permitted, int excluded) {
    List<GeneralName> p = new ArrayList<>();
    for (int i = 0; i < permitted; i++) {
      p.add(GeneralName.dns("p" + i + ".example"));
    }
    List<GeneralName> x = new ArrayList<>();
    for (int i = 0; i < excluded; i++) {
      x.add(GeneralName.dns("x" + i + ".example"));
    }
    String last = "p" + (permitted - 1) + ".example";
    TestCert ca = CertBuilder.ca("CN=Constrained CA,O=pkixj DoS").issuer(PKI.root())
        .key(key("nc-ca")).permitted(p.toArray(new GeneralName[0]))
        .excluded(x.toArray(new GeneralName[0])).build();
    List<GeneralName> names = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      names.add(GeneralName.dns("h" + i + "." + last));
    }
    TestCert leaf = CertBuilder.leaf("h1499." + last).issuer(ca).key(key("nc-leaf"))
        .san(names.toArray(new GeneralName[0])).build();
    return new Scenario("huge-name-constraints-" + permitted + "+" + excluded,
        Verifier.withRoots(List.of(PKI.root().der())), List.of(leaf.der(), ca.der()),
        "h1499." + last, Result.SUCCESS, "every name is inside the last permitted subtree");
  }

  /** A leaf with {@code n} dNSNames (close to the 64 KiB DER limit), none of them the host. */
  static Scenario longSanList(int n) {
    List<GeneralName> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(GeneralName.dns("n" + i + ".example.test"));
    }
    TestCert leaf = CertBuilder.leaf(HOST).issuer(PKI.intermediate()).key(key("san-leaf"))
        .san(names.toArray(new GeneralName[0])).build();
    return new Scenario("long-san-list-" + n, Verifier.withRoots(List.of(PKI.root().der())),
        List.of(leaf.der(), PKI.intermediate().der()), HOST, Result.SSL_ERROR_BAD_CERT_DOMAIN,
        "no SAN matches");
  }

  /**
   * A crowd of {@code n} same-name intermediates (as in {@link #sameSubjectStore}) each carrying
   * {@code subtrees} permitted dNSName subtrees, and a leaf with {@code sans} names that match
   * only the last subtree: the name constraints are checked for every candidate tried.
   */
  static Scenario nameConstraintsOnACrowd(int n, int subtrees, int sans) {
    List<GeneralName> p = new ArrayList<>();
    for (int i = 0; i < subtrees; i++) {
      p.add(GeneralName.dns("p" + i + ".example"));
    }
    String last = "p" + (subtrees - 1) + ".example";
    List<TrustEntry> entries = new ArrayList<>();
    for (TestCert c : crowd("CN=Constrained Crowd,O=pkixj DoS", n, p)) {
      entries.add(user(c, Trust.INHERIT));
    }
    List<GeneralName> names = new ArrayList<>();
    for (int i = 0; i < sans; i++) {
      names.add(GeneralName.dns("h" + i + "." + last));
    }
    TestCert leaf = CertBuilder.leaf("h0." + last).issuerName("CN=Constrained Crowd,O=pkixj DoS")
        .signingKey(key("crowd/0").getPrivate()).key(key("leaf"))
        .removeExtension(dev.pkixj.testdata.Oids.AUTHORITY_KEY_ID)
        .san(names.toArray(new GeneralName[0])).build();
    return new Scenario("nc-crowd-" + n + "x" + subtrees + "x" + sans, storeVerifier(entries),
        List.of(leaf.der()), "h0." + last, Result.SEC_ERROR_UNKNOWN_ISSUER,
        "budget exhausted (no path exists)");
  }

  /**
   * {@code n} self-issued certificates in the name of the leaf's issuer, sent by the server, each
   * with a 16,384-bit RSA key (NSS's maximum) and a 63-bit exponent and a signature that does not
   * verify: both trust domains skip a presented certificate that is self-signed, which costs one
   * 16,384-bit modular exponentiation per certificate to find out (memoized per certificate).
   * Nothing chains: UNKNOWN_ISSUER.
   */
  static Scenario bigRsaSelfIssuedPresented(int n) {
    java.math.BigInteger modulus = java.math.BigInteger.ONE.shiftLeft(16383)
        .add(java.math.BigInteger.valueOf(0x1234567)).setBit(0);
    java.math.BigInteger exponent = java.math.BigInteger.ONE.shiftLeft(63)
        .subtract(java.math.BigInteger.ONE);
    byte[] spki = dev.pkixj.testdata.Der.seq(dev.pkixj.testdata.Der.seq(
        dev.pkixj.testdata.Der.oid("1.2.840.113549.1.1.1"), dev.pkixj.testdata.Der.nul()),
        dev.pkixj.testdata.Der.bitString(dev.pkixj.testdata.Der.seq(
            dev.pkixj.testdata.Der.integer(modulus), dev.pkixj.testdata.Der.integer(exponent))));
    List<byte[]> chain = new ArrayList<>();
    chain.add(leafUnder("CN=Big Key CA,O=pkixj DoS", key("bigkey")).der());
    for (int i = 0; i < n; i++) {
      byte[] sig = new byte[2048];
      sig[0] = 0x40;
      sig[2047] = (byte) i;
      sig[2046] = (byte) (i >> 8);
      chain.add(CertBuilder.ca("CN=Big Key CA,O=pkixj DoS").issuerName("CN=Big Key CA,O=pkixj DoS")
          .spkiDer(spki).serial(5000 + i).sigAlg(dev.pkixj.testdata.SigAlg.SHA256_WITH_RSA)
          .signatureValue(sig).removeExtension(dev.pkixj.testdata.Oids.AUTHORITY_KEY_ID)
          .build().der());
    }
    return new Scenario("big-rsa-self-issued-presented-" + n,
        Verifier.withRoots(List.of(PKI.root().der())), chain, HOST,
        Result.SEC_ERROR_UNKNOWN_ISSUER, "nothing chains");
  }
}
