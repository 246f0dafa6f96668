package dev.pkixj.bench;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.GeneralName;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.SigAlg;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestKeys;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.verifier.PathBuilder;
import dev.pkixj.verifier.Result;
import dev.pkixj.verifier.Verifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Path-building denial of service (issue 9): the time of one whole {@code verifyServer} for each
 * pathological scenario, single shots, so that the report's maximum is the worst case seen. The
 * scenarios are those of {@code truststore/src/test/.../fuzz/DosScenarios} (which asserts their
 * verdicts and the 200,000-call budget); keep the two in step.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar PathBuildingDosBench           # JMH, wall-clock
 * java -cp bench/target/benchmarks.jar dev.pkixj.bench.PathBuildingDosBench 10
 *                                        # quick report: verdict, calls, worst wall and CPU time
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PathBuildingDosBench {
  @Param({"same-subject-store", "same-subject-presented-roots", "same-subject-presented-store",
      "cross-sign-loop", "many-candidates", "huge-name-constraints", "long-san-list",
      "nc-crowd", "big-rsa-self-issued"})
  public String scenario;

  private Scenario s;

  @Setup(Level.Trial)
  public void setUp() {
    s = Scenarios.byName(scenario);
  }

  @Benchmark
  public Result verify() {
    return s.verifier().verifyServer(s.chain(), s.host(), Scenarios.NOW).result();
  }

  /** Quick report without JMH: each scenario {@code args[0]} times (default 5). */
  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.printf("%-34s %-28s %8s %10s %10s %10s%n", "scenario", "result", "calls",
        "first ms", "worst ms", "worst cpu");
    for (Scenario sc : Scenarios.all()) {
      double first = 0;
      double worst = 0;
      double worstCpu = 0;
      Result r = null;
      int calls = 0;
      for (int i = 0; i <= runs; i++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        r = sc.verifier().verifyServer(sc.chain(), sc.host(), Scenarios.NOW).result();
        double ms = (System.nanoTime() - t0) / 1e6;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        calls = PathBuilder.forThread().lastBuildCalls();
        if (i == 0) {
          first = ms;
        } else {
          worst = Math.max(worst, ms);
          worstCpu = Math.max(worstCpu, cpu);
        }
      }
      System.out.printf("%-34s %-28s %8d %10.1f %10.1f %10.1f%s%n", sc.name(), r, calls, first,
          worst, worstCpu, r == sc.expected() ? "" : "   UNEXPECTED, wanted " + sc.expected());
    }
  }

  /** One scenario: what to verify and what Firefox answers. */
  record Scenario(String name, Verifier verifier, List<byte[]> chain, String host,
      Result expected) {}

  /** A copy of the test module's DosScenarios (the bench cannot depend on test classes). */
  static final class Scenarios {
    private Scenarios() {}

    static final Instant NOW = TestClock.NOW;
    static final String HOST = TestPki.LEAF_HOST;
    static final TestPki PKI = TestPki.ec();

    static List<Scenario> all() {
      List<Scenario> out = new ArrayList<>();
      for (String n : new String[] {"same-subject-store", "same-subject-presented-roots",
          "same-subject-presented-store", "cross-sign-loop", "many-candidates",
          "huge-name-constraints", "long-san-list", "nc-crowd", "big-rsa-self-issued"}) {
        out.add(byName(n));
      }
      return out;
    }

    static Scenario byName(String name) {
      switch (name) {
        case "same-subject-store": return sameSubjectStore(2000);
        case "same-subject-presented-roots": return sameSubjectPresented(500, false);
        case "same-subject-presented-store": return sameSubjectPresented(500, true);
        case "cross-sign-loop": return crossSignLoop(12);
        case "many-candidates": return manyCandidatesPerLevel(40, 3);
        case "huge-name-constraints": return hugeNameConstraints(1500, 2000);
        case "long-san-list": return longSanList(2800);
        case "nc-crowd": return nameConstraintsOnACrowd(64, 50, 50);
        case "big-rsa-self-issued": return bigRsaSelfIssuedPresented(16);
        default: throw new IllegalArgumentException(name);
      }
    }

    private static byte[] dummySignature(int i) {
      return new byte[] {0x30, 0x0a, 0x02, 0x03, 0x01, (byte) (i >> 8), (byte) i, 0x02, 0x03,
          0x01, (byte) (i >> 16), (byte) (i * 7)};
    }

    private static KeyPair key(String label) {
      return TestKeys.ec(TestKeys.Curve.P256, "dos/" + label);
    }

    private static TrustEntry user(TestCert c) {
      return new TrustEntry(c.der(), Trust.INHERIT, null, "", Source.USER);
    }

    private static Verifier storeVerifier(List<TrustEntry> userEntries) {
      TrustStore store = TrustStore.of(List.of(new TrustEntry(PKI.root().der(), Trust.ANCHOR,
          null, "root", Source.OS)), userEntries, List.of());
      return new Verifier(store.trustDomains());
    }

    private static TestCert leafUnder(String issuerName, KeyPair signer) {
      return CertBuilder.leaf(HOST).issuerName(issuerName).signingKey(signer.getPrivate())
          .key(key("leaf")).removeExtension(Oids.AUTHORITY_KEY_ID).build();
    }

    private static List<TestCert> crowd(String name, int n, List<GeneralName> permitted) {
      List<TestCert> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        CertBuilder b = CertBuilder.ca(name).issuerName(name).key(key("crowd/" + (i % 8)))
            .serial(1000 + i).removeExtension(Oids.AUTHORITY_KEY_ID)
            .signatureValue(dummySignature(i));
        if (permitted != null) {
          b.permitted(permitted.toArray(new GeneralName[0]));
        }
        out.add(b.build());
      }
      return out;
    }

    static Scenario sameSubjectStore(int n) {
      List<TrustEntry> entries = new ArrayList<>();
      for (TestCert c : crowd("CN=Crowd CA,O=pkixj DoS", n, null)) {
        entries.add(user(c));
      }
      TestCert leaf = leafUnder("CN=Crowd CA,O=pkixj DoS", key("crowd/0"));
      return new Scenario("same-subject-store-" + n, storeVerifier(entries),
          List.of(leaf.der()), HOST, Result.SEC_ERROR_UNKNOWN_ISSUER);
    }

    static Scenario sameSubjectPresented(int n, boolean store) {
      List<byte[]> chain = new ArrayList<>();
      chain.add(leafUnder("CN=Crowd CA,O=pkixj DoS", key("crowd/0")).der());
      for (TestCert c : crowd("CN=Crowd CA,O=pkixj DoS", n, null)) {
        chain.add(c.der());
      }
      return new Scenario("same-subject-presented-" + n + (store ? "-store" : "-roots"),
          store ? storeVerifier(List.of()) : Verifier.withRoots(List.of(PKI.root().der())),
          chain, HOST, Result.SEC_ERROR_UNKNOWN_ISSUER);
    }

    static Scenario crossSignLoop(int m) {
      List<TrustEntry> entries = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          if (i != j) {
            entries.add(user(CertBuilder.ca("CN=Loop CA " + i + ",O=pkixj DoS")
                .issuerName("CN=Loop CA " + j + ",O=pkixj DoS").key(key("loop/" + i))
                .removeExtension(Oids.AUTHORITY_KEY_ID)
                .signatureValue(dummySignature(i * m + j)).build()));
          }
        }
      }
      TestCert leaf = leafUnder("CN=Loop CA 0,O=pkixj DoS", key("loop/0"));
      return new Scenario("cross-sign-loop-" + m, storeVerifier(entries), List.of(leaf.der()),
          HOST, Result.SEC_ERROR_UNKNOWN_ISSUER);
    }

    static Scenario manyCandidatesPerLevel(int c, int levels) {
      List<TrustEntry> entries = new ArrayList<>();
      TestCert issuer = PKI.root();
      KeyPair signer = null;
      String issuerName = null;
      for (int level = levels; level >= 1; level--) {
        String name = "CN=Level " + level + " CA,O=pkixj DoS";
        TestCert last = null;
        for (int i = 0; i < c; i++) {
          CertBuilder b = CertBuilder.ca(name).key(key("level" + level + "/" + i))
              .serial(i + 1).removeExtension(Oids.AUTHORITY_KEY_ID);
          b = signer == null ? b.issuer(issuer) : b.issuerName(issuerName)
              .signingKey(signer.getPrivate());
          last = b.build();
          entries.add(user(last));
        }
        issuer = last;
        signer = last.keyPair();
        issuerName = name;
      }
      TestCert leaf = leafUnder(issuerName, signer);
      return new Scenario("many-candidates-" + c + "x" + levels, storeVerifier(entries),
          List.of(leaf.der()), HOST, Result.SUCCESS);
    }

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
          "h1499." + last, Result.SUCCESS);
    }

    static Scenario longSanList(int n) {
      List<GeneralName> names = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        names.add(GeneralName.dns("n" + i + ".example.test"));
      }
      TestCert leaf = CertBuilder.leaf(HOST).issuer(PKI.intermediate()).key(key("san-leaf"))
          .san(names.toArray(new GeneralName[0])).build();
      return new Scenario("long-san-list-" + n, Verifier.withRoots(List.of(PKI.root().der())),
          List.of(leaf.der(), PKI.intermediate().der()), HOST, Result.SSL_ERROR_BAD_CERT_DOMAIN);
    }

    static Scenario nameConstraintsOnACrowd(int n, int subtrees, int sans) {
      List<GeneralName> p = new ArrayList<>();
      for (int i = 0; i < subtrees; i++) {
        p.add(GeneralName.dns("p" + i + ".example"));
      }
      String last = "p" + (subtrees - 1) + ".example";
      List<TrustEntry> entries = new ArrayList<>();
      for (TestCert c : crowd("CN=Constrained Crowd,O=pkixj DoS", n, p)) {
        entries.add(user(c));
      }
      List<GeneralName> names = new ArrayList<>();
      for (int i = 0; i < sans; i++) {
        names.add(GeneralName.dns("h" + i + "." + last));
      }
      TestCert leaf = CertBuilder.leaf("h0." + last)
          .issuerName("CN=Constrained Crowd,O=pkixj DoS")
          .signingKey(key("crowd/0").getPrivate()).key(key("leaf"))
          .removeExtension(Oids.AUTHORITY_KEY_ID)
          .san(names.toArray(new GeneralName[0])).build();
      return new Scenario("nc-crowd-" + n + "x" + subtrees + "x" + sans, storeVerifier(entries),
          List.of(leaf.der()), "h0." + last, Result.SEC_ERROR_UNKNOWN_ISSUER);
    }

    static Scenario bigRsaSelfIssuedPresented(int n) {
      java.math.BigInteger modulus = java.math.BigInteger.ONE.shiftLeft(16383)
          .add(java.math.BigInteger.valueOf(0x1234567)).setBit(0);
      java.math.BigInteger exponent = java.math.BigInteger.ONE.shiftLeft(63)
          .subtract(java.math.BigInteger.ONE);
      byte[] spki = Der.seq(Der.seq(Der.oid("1.2.840.113549.1.1.1"), Der.nul()),
          Der.bitString(Der.seq(Der.integer(modulus), Der.integer(exponent))));
      List<byte[]> chain = new ArrayList<>();
      chain.add(leafUnder("CN=Big Key CA,O=pkixj DoS", key("bigkey")).der());
      for (int i = 0; i < n; i++) {
        byte[] sig = new byte[2048];
        sig[0] = 0x40;
        sig[2047] = (byte) i;
        sig[2046] = (byte) (i >> 8);
        chain.add(CertBuilder.ca("CN=Big Key CA,O=pkixj DoS")
            .issuerName("CN=Big Key CA,O=pkixj DoS").spkiDer(spki).serial(5000 + i)
            .sigAlg(SigAlg.SHA256_WITH_RSA).signatureValue(sig)
            .removeExtension(Oids.AUTHORITY_KEY_ID).build().der());
      }
      return new Scenario("big-rsa-self-issued-presented-" + n,
          Verifier.withRoots(List.of(PKI.root().der())), chain, HOST,
          Result.SEC_ERROR_UNKNOWN_ISSUER);
    }
  }
}
