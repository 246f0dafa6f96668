package dev.pkixj.bench;

import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.sig.SignatureVerifier;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
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
 * One signature verification over a 1 KiB message (hashing included), per algorithm and
 * implementation:
 * <ul>
 *   <li>{@code *_hot}: the same key every call: pkixj with its key cache (an EC key has been
 *       promoted to its comb table during warm-up), BouncyCastle's lightweight {@code ECDSASigner}
 *       with a cached {@code ECPublicKeyParameters} (BC keeps its pre-computation on the point),
 *       and the JDK {@code Signature} with a decoded {@code PublicKey} (SunEC, SunRsaSign).</li>
 *   <li>{@code *_firstSeen}: a pool of {@code keyPool} (4,096) distinct keys, each with its own
 *       signature, cycled: pkixj with a 2-entry key cache, so every call parses and validates the
 *       SPKI and verifies with no per-key table; BouncyCastle with a fresh
 *       {@code ECPublicKeyParameters} (point decoded and validated) per call.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBench {
  /**
   * Distinct keys of the {@code *_firstSeen} benchmarks, a power of two (the latency guard, which
   * measures only {@code *_hot}, sets 2: generating 4,096 keys takes seconds).
   */
  @Param({"4096"})
  public int keyPool;

  private static final byte[] P256_SPKI_PREFIX = hex(
      "3059301306072a8648ce3d020106082a8648ce3d030107034200");

  private final SecureRandom random = new SecureRandom(new byte[] {42});
  private byte[] data;

  // RSA-2048, hot key.
  private SignatureVerifier rsaVerifier;
  private Input rsaSpki;
  private Input rsaSig;
  private byte[] rsaSigBytes;
  private Signature jdkRsa;
  private PublicKey jdkRsaKey;

  // P-256, hot key.
  private SignatureVerifier ecVerifier;
  private Input ecSpki;
  private Input ecSig;
  private byte[] ecSigBytes;
  private ECDSASigner bcHot;
  private BigInteger[] ecRs;
  private Signature jdkEc;
  private PublicKey jdkEcKey;

  // P-256, first-seen keys.
  private SignatureVerifier coldVerifier;
  private Input[] poolSpki;
  private Input[] poolSig;
  private byte[][] poolPoint;
  private BigInteger[][] poolRs;
  private ECDomainParameters domain;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (Integer.bitCount(keyPool) != 1) {
      throw new IllegalArgumentException("keyPool must be a power of two: " + keyPool);
    }
    data = new byte[1024];
    random.nextBytes(data);

    KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
    rsaGen.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
    KeyPair rsa = rsaGen.generateKeyPair();
    Signature rsaSigner = Signature.getInstance("SHA256withRSA");
    rsaSigner.initSign(rsa.getPrivate());
    rsaSigner.update(data);
    rsaSigBytes = rsaSigner.sign();
    rsaSpki = Input.of(rsa.getPublic().getEncoded());
    rsaSig = Input.of(rsaSigBytes);
    rsaVerifier = new SignatureVerifier(16);
    jdkRsa = Signature.getInstance("SHA256withRSA");
    jdkRsaKey = KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(rsa.getPublic().getEncoded()));

    X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
    domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
    poolSpki = new Input[keyPool];
    poolSig = new Input[keyPool];
    poolPoint = new byte[keyPool][];
    poolRs = new BigInteger[keyPool][];
    ECDSASigner signer = new ECDSASigner();
    for (int i = 0; i < keyPool; i++) {
      BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE,
          x9.getN().subtract(BigInteger.ONE), random);
      ECPoint q = x9.getG().multiply(d).normalize();
      signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, domain), random));
      BigInteger[] rs = signer.generateSignature(digest);
      poolPoint[i] = q.getEncoded(false);
      poolSpki[i] = Input.of(concat(P256_SPKI_PREFIX, poolPoint[i]));
      poolSig[i] = Input.of(derSig(rs[0], rs[1]));
      poolRs[i] = rs;
    }
    ecSpki = poolSpki[0];
    ecSig = poolSig[0];
    ecSigBytes = poolSig[0].toByteArray();
    ecRs = poolRs[0];
    ecVerifier = new SignatureVerifier(16);
    coldVerifier = new SignatureVerifier(2);
    bcHot = new ECDSASigner();
    bcHot.init(false, new ECPublicKeyParameters(x9.getCurve().decodePoint(poolPoint[0]), domain));
    jdkEc = Signature.getInstance("SHA256withECDSA");
    jdkEcKey = KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(ecSpki.toByteArray()));

    // Every implementation must accept what it is measured on.
    check(rsa_pkixj_hot() == Result.SUCCESS && rsa_jdk_hot() && ecdsaP256_pkixj_hot()
        == Result.SUCCESS && ecdsaP256_bc_hot() && ecdsaP256_jdk_hot());
    for (int i = 0; i < keyPool; i++) {
      check(ecdsaP256_pkixj_firstSeen() == Result.SUCCESS);
      check(ecdsaP256_bc_firstSeen());
    }
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw new IllegalStateException("a fixture signature does not verify");
    }
  }

  private int nextIndex() {
    int i = next;
    next = (i + 1) & (keyPool - 1);
    return i;
  }

  // ---- RSA-2048 PKCS#1 v1.5 SHA-256 ----

  @Benchmark
  public Result rsa_pkixj_hot() {
    return rsaVerifier.verify(SignatureAlgorithm.RSA_PKCS1_SHA256, data, 0, data.length, rsaSig,
        rsaSpki);
  }

  @Benchmark
  public boolean rsa_jdk_hot() throws Exception {
    jdkRsa.initVerify(jdkRsaKey);
    jdkRsa.update(data);
    return jdkRsa.verify(rsaSigBytes);
  }

  // ---- ECDSA P-256 SHA-256, hot key ----

  @Benchmark
  public Result ecdsaP256_pkixj_hot() {
    return ecVerifier.verify(SignatureAlgorithm.ECDSA_SHA256, data, 0, data.length, ecSig,
        ecSpki);
  }

  @Benchmark
  public boolean ecdsaP256_bc_hot() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
    return bcHot.verifySignature(digest, ecRs[0], ecRs[1]);
  }

  @Benchmark
  public boolean ecdsaP256_jdk_hot() throws Exception {
    jdkEc.initVerify(jdkEcKey);
    jdkEc.update(data);
    return jdkEc.verify(ecSigBytes);
  }

  // ---- ECDSA P-256 SHA-256, a key not seen before ----

  @Benchmark
  public Result ecdsaP256_pkixj_firstSeen() {
    int i = nextIndex();
    return coldVerifier.verify(SignatureAlgorithm.ECDSA_SHA256, data, 0, data.length, poolSig[i],
        poolSpki[i]);
  }

  @Benchmark
  public boolean ecdsaP256_bc_firstSeen() throws Exception {
    int i = nextIndex();
    ECDSASigner bc = new ECDSASigner();
    bc.init(false, new ECPublicKeyParameters(domain.getCurve().decodePoint(poolPoint[i]),
        domain));
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
    return bc.verifySignature(digest, poolRs[i][0], poolRs[i][1]);
  }

  // ---- helpers ----

  private static byte[] derSig(BigInteger r, BigInteger s) {
    byte[] rb = r.toByteArray();
    byte[] sb = s.toByteArray();
    byte[] out = new byte[6 + rb.length + sb.length];
    out[0] = 0x30;
    out[1] = (byte) (4 + rb.length + sb.length);
    out[2] = 0x02;
    out[3] = (byte) rb.length;
    System.arraycopy(rb, 0, out, 4, rb.length);
    out[4 + rb.length] = 0x02;
    out[5 + rb.length] = (byte) sb.length;
    System.arraycopy(sb, 0, out, 6 + rb.length, sb.length);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }
}
