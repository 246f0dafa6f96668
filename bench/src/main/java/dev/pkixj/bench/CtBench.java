package dev.pkixj.bench;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.sig.SignatureVerifier;
import dev.pkixj.testdata.OcspResponseBuilder;
import dev.pkixj.testdata.SctListEncoder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.truststore.TrustStore;
import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.testdata.TestPki;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.ct.CtLog;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.CtStatus;
import dev.pkixj.verifier.ct.RootProgram;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Certificate Transparency on a new leaf (docs/ct.md, "Costs"): the {@code newLeaf} state of
 * {@link ChainValidationBench} for the P-256 chain ({@code TestPki.ec()}), each leaf carrying 3
 * embedded SCTs from 3 P-256 test logs of 3 operators (its lifetime is over 180 days, so 3 are
 * needed), verified with CT in enforce mode against a log list of exactly those logs. A pool of
 * {@code pool} leaves is cycled: more SCTs than the CT verifier's signature cache holds (1,024)
 * and more leaves than pkixj's certificate cache (shrunk to 256 slots), so each SCT signature and
 * each leaf signature is verified: 4 P-256 verifications with known keys per operation.
 * <ul>
 *   <li>{@code newLeafCt}: CT enforced (the result must be compliant);</li>
 *   <li>{@code newLeafNoCt}: the same leaves with CT off, for the cost of CT alone;</li>
 *   <li>{@code stapledCt_revocationOff} and {@code stapledCt_revocationOn}: other new leaves,
 *       without embedded SCTs, each with a stapled OCSP response ("good", signed by the
 *       intermediate) carrying 2 SCTs from 2 of the logs; CT enforced, revocation checking off
 *       (the Verifier verifies the staple once, for its SCTs) or on (soft-fail, no fetching,
 *       {@code TrustStore.trustDomains}: path building verifies the staple too, so it is
 *       verified twice).</li>
 *   <li>{@code p256Hot}: one hot-key P-256 verification, the unit of the ratio;
 *       {@code p256HotVarying}: the same key over {@code pool} different signatures in turn.</li>
 * </ul>
 * {@code newLeafCt}, {@code newLeafNoCt}, {@code p256Hot} and {@code p256HotVarying} also report
 * the benchmark thread's CPU time and calls per iteration ({@code cpuNanos}, {@code calls}: {@link Cpu}), for A/B
 * comparisons on a loaded machine (bench/RESULTS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dpkixj.certCache.slots=256"})
public class CtBench {
  /** Distinct leaves cycled (smaller in the CI smoke run). */
  @Param({"4096"})
  public int pool;

  private Verifier ct;
  private Verifier noCt;
  private byte[] intermediateDer;
  private List<byte[]> leaves;
  private int next;
  private Verifier ctRevocation;
  private List<byte[]> stapledLeaves;
  private List<byte[]> staples;
  private int nextStapled;
  private SignatureVerifier hotVerifier;
  private byte[] hotData;
  private Input hotSig;
  private Input hotSpki;
  private byte[][] varyingData;
  private Input[] varyingSig;
  private int nextVarying;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    TestPki pki = TestPki.ec();
    List<TestCtLog> testLogs = List.of(
        TestCtLog.p256("Bench CT Log 1", "Bench Operator 1"),
        TestCtLog.p256("Bench CT Log 2", "Bench Operator 2"),
        TestCtLog.p256("Bench CT Log 3", "Bench Operator 3"));
    List<CtLog> logs = new ArrayList<>();
    for (int i = 0; i < testLogs.size(); i++) {
      TestCtLog t = testLogs.get(i);
      logs.add(new CtLog(t.name(), t.operator(), i, CtLog.State.ADMISSIBLE, 0,
          CtLog.Format.RFC6962, t.spkiDer()));
    }
    CtLogList list = new CtLogList(logs, Fixtures.NOW.minus(Duration.ofDays(1)),
        Fixtures.NOW.plus(Duration.ofDays(70)), "bench");
    Verifier base = Verifier.withRoots(List.of(pki.root().der()));
    ct = base.withCt(new CtSettings(CtMode.ENFORCE, list, RootProgram.NONE, "", ""));
    noCt = base.withCt(CtSettings.OFF);
    intermediateDer = pki.intermediate().der();

    long sctTime = Fixtures.NOW.minus(Duration.ofDays(2)).toEpochMilli();
    leaves = new ArrayList<>(pool);
    for (int i = 0; i < pool; i++) {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(("CtBench/leaf-serial/" + i).getBytes(StandardCharsets.UTF_8));
      byte[] s = Arrays.copyOf(h, 16);
      s[0] = (byte) ((s[0] & 0x7F) | 0x40);
      var b = pki.leafBuilder().key(pki.leafKey(i)).serial(new BigInteger(s));
      for (TestCtLog t : testLogs) {
        b.embeddedSct(t, sctTime);
      }
      leaves.add(b.build().der());
    }
    // Leaves whose SCTs come only from their stapled OCSP responses.
    TrustStore store = TrustStore.ofBuiltIns(List.of(new TrustEntry(pki.root().der(),
        Trust.ANCHOR, null, "bench root", Source.FILE)));
    ctRevocation = new Verifier(store.trustDomains(RevocationConfig.batchDefaults()))
        .withCt(new CtSettings(CtMode.ENFORCE, list, RootProgram.NONE, "", ""));
    stapledLeaves = new ArrayList<>(pool);
    staples = new ArrayList<>(pool);
    for (int i = 0; i < pool; i++) {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(("CtBench/stapled-leaf-serial/" + i).getBytes(StandardCharsets.UTF_8));
      byte[] s = Arrays.copyOf(h, 16);
      s[0] = (byte) ((s[0] & 0x7F) | 0x40);
      TestCert leaf = pki.leafBuilder().key(pki.leafKey(i)).serial(new BigInteger(s)).build();
      byte[] scts = SctListEncoder.list(testLogs.get(0).x509Sct(leaf.der(), sctTime),
          testLogs.get(1).x509Sct(leaf.der(), sctTime));
      stapledLeaves.add(leaf.der());
      staples.add(OcspResponseBuilder.forIssuer(pki.intermediate())
          .producedAt(Fixtures.NOW.minus(Duration.ofHours(1)))
          .thisUpdate(Fixtures.NOW.minus(Duration.ofHours(1)))
          .nextUpdate(Fixtures.NOW.plus(Duration.ofDays(3))).good(leaf).sctList(scts).build());
    }
    for (Verifier v : List.of(ct, ctRevocation)) {
      VerificationResult r = v.verifyServer(List.of(stapledLeaves.get(0), intermediateDer),
          Fixtures.HOST, Fixtures.NOW, staples.get(0));
      if (r.result() != Result.SUCCESS || r.ct().status() != CtStatus.COMPLIANT) {
        throw new IllegalStateException("stapled fixture does not pass CT: " + r.result() + " "
            + r.ct());
      }
    }

    // The hot-key unit: a P-256 key of its own, signed over 1 KiB, past 256 hits.
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom(new byte[] {7}));
    KeyPair kp = gen.generateKeyPair();
    hotData = new byte[1024];
    new java.util.Random(7).nextBytes(hotData);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(kp.getPrivate());
    signer.update(hotData);
    hotSig = Input.of(signer.sign());
    java.util.Random messages = new java.util.Random(8);
    varyingData = new byte[pool][1024];
    varyingSig = new Input[pool];
    for (int i = 0; i < pool; i++) {
      messages.nextBytes(varyingData[i]);
      signer.update(varyingData[i]);
      varyingSig[i] = Input.of(signer.sign());
    }
    hotSpki = Input.of(kp.getPublic().getEncoded());
    hotVerifier = new SignatureVerifier(16);
    for (int i = 0; i < 300; i++) {
      if (hotVerifier.verify(SignatureAlgorithm.ECDSA_SHA256, hotData, 0, hotData.length, hotSig,
          hotSpki) != Result.SUCCESS) {
        throw new IllegalStateException("the hot-key fixture does not verify");
      }
    }
    for (int i = 0; i < pool; i++) {
      if (hotVerifier.verify(SignatureAlgorithm.ECDSA_SHA256, varyingData[i], 0, 1024,
          varyingSig[i], hotSpki) != Result.SUCCESS) {
        throw new IllegalStateException("a varying-signature fixture does not verify");
      }
    }

    VerificationResult check = ct.verifyServer(List.of(leaves.get(0), intermediateDer),
        Fixtures.HOST, Fixtures.NOW);
    if (check.result() != Result.SUCCESS || check.ct().status() != CtStatus.COMPLIANT) {
      throw new IllegalStateException("fixture chain does not pass CT: " + check.result() + " "
          + check.ct());
    }
  }

  /**
   * The benchmark thread's CPU time over an iteration and the calls made in it (warm-down calls
   * included in both): read once per iteration, not per call as in {@link P256VerifyBench.Cpu},
   * so the measured average time carries no clock reads.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Cpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public long cpuNanos;
    public long calls;
    private long start;

    @Setup(Level.Iteration)
    public void begin() {
      calls = 0;
      cpuNanos = 0;
      start = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void end() {
      cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
    }
  }

  private byte[] nextLeaf() {
    byte[] leaf = leaves.get(next);
    next = (next + 1) % pool;
    return leaf;
  }

  @Benchmark
  public Result newLeafCt(Cpu cpu) {
    Result r = ct.verifyServer(List.of(nextLeaf(), intermediateDer), Fixtures.HOST, Fixtures.NOW)
        .result();
    cpu.calls++;
    return r;
  }

  @Benchmark
  public Result stapledCt_revocationOff() {
    int i = nextStapled;
    nextStapled = (i + 1) % pool;
    return ct.verifyServer(List.of(stapledLeaves.get(i), intermediateDer), Fixtures.HOST,
        Fixtures.NOW, staples.get(i)).result();
  }

  @Benchmark
  public Result stapledCt_revocationOn() {
    int i = nextStapled;
    nextStapled = (i + 1) % pool;
    return ctRevocation.verifyServer(List.of(stapledLeaves.get(i), intermediateDer),
        Fixtures.HOST, Fixtures.NOW, staples.get(i)).result();
  }

  @Benchmark
  public Result newLeafNoCt(Cpu cpu) {
    Result r = noCt.verifyServer(List.of(nextLeaf(), intermediateDer), Fixtures.HOST,
        Fixtures.NOW).result();
    cpu.calls++;
    return r;
  }

  /**
   * One P-256 verification with a hot key (a 1 KiB message, hashing included, the key past its
   * wide tables' promotion), as {@code SignatureBench.ecdsaP256_pkixj_hot}: the unit of {@code
   * ct_new_leaf_vs_4sig}, measured in the same process so the ratio can be read from one run.
   */
  @Benchmark
  public Result p256Hot(Cpu cpu) {
    Result r = hotVerifier.verify(SignatureAlgorithm.ECDSA_SHA256, hotData, 0, hotData.length,
        hotSig, hotSpki);
    cpu.calls++;
    return r;
  }

  /**
   * The same hot key verifying {@code pool} different messages and signatures in turn, as the SCT
   * and certificate signatures of {@code newLeafCt} are: each call uses other comb-table entries
   * and other scalars, where {@code p256Hot} repeats one signature (docs/ct.md, "Costs").
   */
  @Benchmark
  public Result p256HotVarying(Cpu cpu) {
    int i = nextVarying;
    nextVarying = (i + 1) % pool;
    Result r = hotVerifier.verify(SignatureAlgorithm.ECDSA_SHA256, varyingData[i], 0, 1024,
        varyingSig[i], hotSpki);
    cpu.calls++;
    return r;
  }
}
