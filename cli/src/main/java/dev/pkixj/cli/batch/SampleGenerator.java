package dev.pkixj.cli.batch;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.CtLogListWriter;
import dev.pkixj.testdata.Der;
import dev.pkixj.testdata.GeneralName;
import dev.pkixj.testdata.Oids;
import dev.pkixj.testdata.SctListEncoder;
import dev.pkixj.testdata.SigAlg;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestCtLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ArrayBlockingQueue;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Writes a realistic synthetic corpus of captured TLS chains as NDJSON ({@code {"id", "host",
 * "time", "chain"}}), and its trust anchors as PEM.
 *
 * <p>The PKI: tens of roots, a few hundred intermediates under them (a few issue most
 * certificates, as on the web), and end-entity certificates that are nearly all new: each record
 * has its own leaf, signed when it is generated, except the re-captures, which repeat an earlier
 * record's chain a little later. Leaves look like today's DV certificates: a host name and
 * {@code www.} in the subjectAltName, 90-day validity (398 days for one in eight), key usage,
 * serverAuth, key identifiers, an OCSP URL, the DV policy and embedded SCTs. Records carry their
 * capture time, spread over a month. About one record in ten carries one of the common errors ({@link Kind} gives each
 * kind's share) and one in two thousand is malformed; the generator returns how many of each it
 * wrote, which is what the batch must find.
 *
 * <p>Certificate Transparency: six test logs of four operators (one log retired, one a tiled
 * static-ct-api log whose SCTs carry a leaf index, one with an RSA key), written as a Chrome v3 log
 * list beside the roots. Every leaf embeds SCTs signed over its precertificate that satisfy
 * Firefox's CT policy (two SCTs from distinct logs of distinct operators for a lifetime up to 180
 * days, three above; one leaf in eight lives 398 days; one in ten has an SCT more than needed;
 * SCTs from the retired log only when issued before its retirement), except about 3% of the
 * otherwise valid records ({@link CtFault}), which Firefox rejects with {@link CtFault#CODE} when
 * CT is enforced: no SCTs, one SCT too few, all SCTs from one operator, or one SCT with a bad
 * signature. Without CT enforcement those records are valid; {@link Written#expectedCodes(boolean)}
 * gives both views.
 *
 * <p>The kinds are not drawn by chance: a corpus of N records has a fixed quota of each ({@link
 * #quotas}: the kind's share of N, rounded, and at least one of every kind once N is at least the
 * number of kinds), laid out at positions shuffled by the seed ({@link #kindOf}), so that even a
 * small test corpus exercises every error and every kind of malformed record. A re-capture
 * repeats an earlier record of its own kind (and CT fault). The CT faults have fixed quotas too
 * ({@link #ctQuotas}), taken from the valid records' positions ({@link #ctFaultOf}).
 *
 * <p>Keys: the CAs' and leaves' RSA keys come from a small shipped pool of RSA-2048 keys (RSA key
 * generation is slow; see {@code sample-rsa-2048.keys}), EC P-256 keys are generated from the seed.
 * The corpus is deterministic for a given seed, size and mix, whatever the number of threads.
 */
public final class SampleGenerator {
  /** Which signatures the CAs make. */
  public enum Mix {
    RSA, ECDSA, MIXED
  }

  /** What a record is meant to be, and the code Firefox gives it. */
  public enum Kind {
    VALID("Success", 0),
    EXPIRED("SEC_ERROR_EXPIRED_CERTIFICATE", 0.020),
    NOT_YET_VALID("MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE", 0.004),
    WRONG_HOST("SSL_ERROR_BAD_CERT_DOMAIN", 0.020),
    MISSING_INTERMEDIATE("SEC_ERROR_UNKNOWN_ISSUER", 0.020),
    UNKNOWN_ROOT("SEC_ERROR_UNKNOWN_ISSUER", 0.010),
    SELF_SIGNED("MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT", 0.010),
    EXPIRED_INTERMEDIATE("SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE", 0.008),
    BAD_SIGNATURE("SEC_ERROR_BAD_SIGNATURE", 0.003),
    SHA1_SIGNATURE("SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED", 0.002),
    /** Malformed: a JSON line cut short. */
    TRUNCATED_JSON(null, 0.0002),
    /** Malformed: a chain element that is not base64. */
    BAD_BASE64(null, 0.0002),
    /** Malformed: a record without a chain. */
    NO_CHAIN(null, 0.0001);

    /** Firefox's code name, null for a malformed record. */
    public final String code;
    final double share;

    Kind(String code, double share) {
      this.code = code;
      this.share = share;
    }

    /** Whether the batch must report the record as malformed. */
    public boolean malformed() {
      return code == null;
    }
  }

  /**
   * How an otherwise valid record's embedded SCTs fail Firefox's CT policy; {@link #NONE} when
   * they satisfy it (every record that is not {@link Kind#VALID} has compliant SCTs, so its code
   * does not change when CT is enforced).
   */
  public enum CtFault {
    NONE(0),
    /** No SCT-list extension. */
    NO_SCTS(0.010),
    /** One SCT fewer than the lifetime needs (from distinct logs and operators). */
    TOO_FEW(0.010),
    /** As many SCTs as needed, all from the logs of one operator. */
    ONE_OPERATOR(0.005),
    /** As many SCTs as needed, but one has a bad signature, which leaves one too few. */
    BAD_SCT_SIGNATURE(0.005);

    /** The code Firefox gives a record with a fault when CT is enforced. */
    public static final String CODE = "MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY";

    final double share;

    CtFault(double share) {
      this.share = share;
    }
  }

  /** The generation settings. */
  public record Options(long chains, long seed, Mix mix, Instant start, Duration span,
      double recaptureShare, int threads) {
    public static Options defaults(long chains) {
      return new Options(chains, 1, Mix.MIXED, Instant.parse("2026-05-01T00:00:00Z"),
          Duration.ofDays(30), 0.08, Runtime.getRuntime().availableProcessors());
    }

    public Options withMix(Mix m) {
      return new Options(chains, seed, m, start, span, recaptureShare, threads);
    }

    public Options withSeed(long s) {
      return new Options(chains, s, mix, start, span, recaptureShare, threads);
    }

    public Options withThreads(int t) {
      return new Options(chains, seed, mix, start, span, recaptureShare, t);
    }
  }

  /** What was written. */
  public record Written(long records, Map<Kind, Long> kinds, long recaptures, int roots,
      int intermediates, long rsaSignedLeaves, long ecdsaSignedLeaves, Map<CtFault, Long> ctFaults,
      int ctLogs, long scts) {
    /** Expected count per Firefox code without CT enforcement (malformed records under null). */
    public Map<String, Long> expectedCodes() {
      return expectedCodes(false);
    }

    /**
     * Expected count per Firefox code (malformed records under null); with {@code ctEnforced}
     * (the log list beside the corpus, CT enforced for its roots) the records with a {@link
     * CtFault} get {@link CtFault#CODE} instead of Success.
     */
    public Map<String, Long> expectedCodes(boolean ctEnforced) {
      Map<String, Long> m = new java.util.TreeMap<>(java.util.Comparator.nullsFirst(
          java.util.Comparator.naturalOrder()));
      kinds.forEach((k, n) -> {
        if (n > 0) {
          m.merge(k.code, n, Long::sum);
        }
      });
      if (ctEnforced) {
        ctFaults.forEach((f, n) -> {
          if (f != CtFault.NONE && n > 0) {
            m.merge(CtFault.CODE, n, Long::sum);
            m.merge(Kind.VALID.code, -n, Long::sum);
          }
        });
        m.values().removeIf(n -> n == 0);
      }
      return m;
    }
  }

  private static final int BLOCK = 1000;
  private static final ECDomainParameters P256;

  static {
    X9ECParameters x9 = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("secp256r1");
    P256 = new org.bouncycastle.crypto.params.ECNamedDomainParameters(
        org.bouncycastle.asn1.x9.X9ObjectIdentifiers.prime256v1, x9);
  }

  private static final String[] WORDS = {"alpine", "harbor", "maple", "cedar", "quartz", "lumen",
      "nimbus", "orbit", "pixel", "river", "summit", "tundra", "violet", "willow", "zephyr", "amber",
      "beacon", "cobalt", "delta", "ember", "falcon", "garnet", "helix", "indigo", "juniper", "kestrel",
      "lagoon", "meadow", "nectar", "onyx", "prairie", "quill", "raven", "sierra", "topaz", "umber"};
  private static final String[] PREFIXES = {"www", "www", "www", "api", "shop", "mail", "cdn",
      "app", "blog", "login", "static", "m"};
  private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "JP", "NL", "CH", "CA", "SE",
      "ES", "IT", "BE"};
  private static final String[] CA_WORDS = {"Trust", "Secure", "Global", "Digital", "Cert",
      "Sign", "Net", "Web", "Root", "Assured"};

  private final Options o;
  private final List<Ca> roots = new ArrayList<>();
  private final List<Ca> goodIntermediates = new ArrayList<>();
  private final List<Ca> expiredIntermediates = new ArrayList<>();
  private final List<Ca> orphanIntermediates = new ArrayList<>();
  private final double[] cumulativeWeight;
  private final Layout layout;
  private final List<LeafKey> ecLeafKeys = new ArrayList<>();
  private final List<LeafKey> rsaLeafKeys = new ArrayList<>();
  private final CtLogs ct;

  /** A CA: its certificate and its signer. */
  private record Ca(TestCert cert, Signer signer, String base64, byte[] ski) {}

  /** A leaf key: its SPKI, key identifier and signer (for self-signed leaves). */
  private record LeafKey(byte[] spki, byte[] ski, Signer signer, boolean rsa) {}

  private SampleGenerator(Options o) {
    this.o = o;
    this.layout = new Layout(o.chains(), o.seed());
    loadRsaPool();
    SecureRandom rnd = seeded("pki", o.seed());
    int rootCount = 24;
    int intermediateCount = (int) Math.max(6, Math.min(300, o.chains() / 40));
    // Roots: 24 listed ones (written to the roots file), 3 unlisted ("private" roots).
    Instant now = o.start();
    for (int i = 0; i < rootCount + 3; i++) {
      boolean rsa = isRsa(i);
      KeyPair kp = rsa ? rsaKeyPair(i % 12) : ecKeyPair(rnd);
      String org = CA_WORDS[i % CA_WORDS.length] + " " + WORDS[(i * 7) % WORDS.length];
      String cn = (i < rootCount ? "Sample " : "Private ") + org + " Root " + (rsa ? "R" : "E")
          + (i + 1);
      TestCert c = CertBuilder.root("CN=" + cn + ",O=" + org + " Services,C="
              + COUNTRIES[i % COUNTRIES.length])
          .key(kp).validity(now.minus(Duration.ofDays(3650)), now.plus(Duration.ofDays(7300)))
          .build();
      roots.add(new Ca(c, signer(kp.getPrivate()), null, c.subjectKeyId()));
    }
    // Intermediates: mostly under the listed roots; a few expired, a few under unlisted roots.
    double[] weights = new double[intermediateCount];
    int orphans = Math.max(1, intermediateCount / 40);
    int expired = Math.max(1, intermediateCount / 50);
    for (int i = 0; i < intermediateCount + orphans + expired; i++) {
      boolean orphan = i >= intermediateCount && i < intermediateCount + orphans;
      boolean isExpired = i >= intermediateCount + orphans;
      Ca root = orphan ? roots.get(rootCount + i % 3) : roots.get(i % rootCount);
      boolean rsa = isRsa(i);
      KeyPair kp = rsa ? rsaKeyPair(i % 12) : ecKeyPair(rnd);
      String name = "CN=" + CA_WORDS[(i * 3) % CA_WORDS.length] + " " + (rsa ? "RSA" : "ECC")
          + " " + (i % 3 == 0 ? "DV" : i % 3 == 1 ? "TLS" : "Server") + " CA " + (2024 + i % 3)
          + "-" + (i + 1) + ",O=" + CA_WORDS[i % CA_WORDS.length] + " "
          + WORDS[(i * 5) % WORDS.length] + ",C=" + COUNTRIES[i % COUNTRIES.length];
      Instant from = isExpired ? now.minus(Duration.ofDays(3 * 365)) : now.minus(Duration.ofDays(700));
      Instant to = isExpired ? now.minus(Duration.ofDays(30)) : now.plus(Duration.ofDays(1100));
      TestCert c = CertBuilder.ca(name).issuer(root.cert()).key(kp).pathLen(0)
          .extendedKeyUsage(Oids.SERVER_AUTH, Oids.CLIENT_AUTH)
          .validity(from, to).build();
      Ca ca = new Ca(c, signer(kp.getPrivate()),
          Base64.getEncoder().encodeToString(c.der()), c.subjectKeyId());
      if (orphan) {
        orphanIntermediates.add(ca);
      } else if (isExpired) {
        expiredIntermediates.add(ca);
      } else {
        weights[goodIntermediates.size()] = 1.0 / Math.pow(goodIntermediates.size() + 1, 0.9);
        goodIntermediates.add(ca);
      }
    }
    cumulativeWeight = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulativeWeight[i] = sum;
    }
    for (int i = 0; i < cumulativeWeight.length; i++) {
      cumulativeWeight[i] /= sum;
    }
    for (int i = 0; i < 32; i++) {
      KeyPair kp = ecKeyPair(rnd);
      byte[] spki = kp.getPublic().getEncoded();
      ecLeafKeys.add(new LeafKey(spki, keyId(spki), signer(kp.getPrivate()), false));
    }
    for (int i = 12; i < 16; i++) {
      KeyPair kp = rsaKeyPair(i);
      byte[] spki = kp.getPublic().getEncoded();
      rsaLeafKeys.add(new LeafKey(spki, keyId(spki), signer(kp.getPrivate()), true));
    }
    ct = new CtLogs(o.start(), rsaKeyPair(15));
  }

  /**
   * The corpus's CT logs: fixed keys (P-256 from {@code TestKeys}, whatever the seed; the RSA log
   * uses key 15 of the shipped pool, which some RSA leaves share: generating an RSA key would cost
   * seconds), operators in the log list's order, a retirement 16 days before the capture period
   * starts.
   */
  private static final class CtLogs {
    static final String ALPHA = "Sample CT Alpha";
    static final String BETA = "Sample CT Beta";
    static final String GAMMA = "Sample CT Gamma";
    static final String DELTA = "Sample CT Delta";
    final TestCtLog alpha = TestCtLog.p256("Sample Alpha 2026", ALPHA);
    final TestCtLog alphaLegacy = TestCtLog.p256("Sample Alpha Legacy", ALPHA);
    final TestCtLog betaA = TestCtLog.p256("Sample Beta 2026 A", BETA);
    final TestCtLog betaB = TestCtLog.p256("Sample Beta 2026 B", BETA);
    final TestCtLog gammaTiled = TestCtLog.p256("Sample Gamma Tiled 2026", GAMMA);
    final TestCtLog deltaRsa;
    /**
     * Operators with their weights in the draw; the RSA log's operator is drawn rarely (an RSA
     * signature costs several ECDSA ones).
     */
    final String[] operators = {ALPHA, BETA, GAMMA, DELTA};
    final int[] weights = {38, 36, 24, 2};
    final long retiredAtMillis;
    final Instant listTime;
    final Instant usableSince;

    CtLogs(Instant start, KeyPair rsaKey) {
      deltaRsa = TestCtLog.of("Sample Delta RSA 2026", DELTA, rsaKey);
      retiredAtMillis = start.minus(Duration.ofDays(16)).toEpochMilli();
      listTime = start.minus(Duration.ofDays(1));
      usableSince = start.minus(Duration.ofDays(400));
    }

    int count() {
      return 6;
    }

    byte[] logListJson() {
      return CtLogListWriter.create().version("1.0").timestamp(listTime)
          .log(alpha, CtLogListWriter.State.USABLE, usableSince)
          .log(alphaLegacy, CtLogListWriter.State.RETIRED, Instant.ofEpochMilli(retiredAtMillis))
          .log(betaA, CtLogListWriter.State.USABLE, usableSince)
          .log(betaB, CtLogListWriter.State.USABLE, usableSince)
          .tiledLog(gammaTiled, CtLogListWriter.State.USABLE, usableSince)
          .log(deltaRsa, CtLogListWriter.State.USABLE, usableSince)
          .toBytes();
    }

    /** A log of {@code operator} that may sign at {@code ts} (the retired one only well before its retirement). */
    TestCtLog logOf(String operator, long ts, SplittableRandom r) {
      switch (operator) {
        case ALPHA:
          return ts + 10_000 < retiredAtMillis && r.nextBoolean() ? alphaLegacy : alpha;
        case BETA:
          return r.nextBoolean() ? betaA : betaB;
        case GAMMA:
          return gammaTiled;
        default:
          return deltaRsa;
      }
    }

    /** {@code n} distinct operators drawn by weight without replacement. */
    String[] drawOperators(int n, SplittableRandom r) {
      int[] w = weights.clone();
      String[] out = new String[n];
      for (int k = 0; k < n; k++) {
        int total = 0;
        for (int x : w) {
          total += x;
        }
        int pick = r.nextInt(total);
        int i = 0;
        while (pick >= w[i]) {
          pick -= w[i++];
        }
        out[k] = operators[i];
        w[i] = 0;
      }
      return out;
    }
  }

  private boolean isRsa(int i) {
    switch (o.mix()) {
      case RSA:
        return true;
      case ECDSA:
        return false;
      default:
        return i % 5 != 1 && i % 5 != 3; // 60 % RSA
    }
  }

  /**
   * Generates the corpus into {@code out} (NDJSON) and returns what was written; {@link
   * #rootsPem} gives the trust anchors.
   */
  public static Written write(Options o, OutputStream out, OutputStream rootsPem)
      throws IOException {
    return write(o, out, rootsPem, OutputStream.nullOutputStream());
  }

  /**
   * Generates the corpus into {@code out} (NDJSON), its trust anchors into {@code rootsPem} and its
   * CT logs into {@code ctLogsJson} (a Chrome v3 log list), and returns what was written.
   */
  public static Written write(Options o, OutputStream out, OutputStream rootsPem,
      OutputStream ctLogsJson) throws IOException {
    SampleGenerator g = new SampleGenerator(o);
    ctLogsJson.write(g.ct.logListJson());
    StringBuilder pem = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      pem.append("# ").append(g.roots.get(i).cert().toString()).append('\n')
          .append(g.roots.get(i).cert().pem());
    }
    rootsPem.write(pem.toString().getBytes(StandardCharsets.US_ASCII));
    return g.generate(out);
  }

  private Written generate(OutputStream out) throws IOException {
    long blocks = (o.chains() + BLOCK - 1) / BLOCK;
    int threads = Math.max(1, o.threads());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "pkixj-sample");
      t.setDaemon(true);
      return t;
    });
    EnumMap<Kind, Long> kinds = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      kinds.put(k, 0L);
    }
    EnumMap<CtFault, Long> faults = new EnumMap<>(CtFault.class);
    for (CtFault f : CtFault.values()) {
      faults.put(f, 0L);
    }
    long[] totals = new long[4];
    try {
      ArrayBlockingQueue<Future<Block>> pending = new ArrayBlockingQueue<>(threads * 3);
      long next = 0;
      long written = 0;
      while (written < blocks) {
        while (next < blocks && pending.remainingCapacity() > 0) {
          long b = next++;
          pending.add(pool.submit(() -> block(b)));
        }
        Block blk = pending.remove().get();
        out.write(blk.bytes);
        for (int k = 0; k < blk.kinds.length; k++) {
          kinds.merge(Kind.values()[k], blk.kinds[k], Long::sum);
        }
        totals[0] += blk.recaptures;
        totals[1] += blk.rsa;
        totals[2] += blk.ec;
        totals[3] += blk.scts;
        for (int f = 0; f < blk.faults.length; f++) {
          faults.merge(CtFault.values()[f], blk.faults[f], Long::sum);
        }
        written++;
      }
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("sample generation failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new Written(o.chains(), kinds, totals[0], 24, goodIntermediates.size()
        + expiredIntermediates.size() + orphanIntermediates.size(), totals[1], totals[2], faults,
        ct.count(), totals[3]);
  }

  private static final class Block {
    byte[] bytes;
    long[] kinds = new long[Kind.values().length];
    long recaptures;
    long rsa;
    long ec;
    long scts;
    long[] faults = new long[CtFault.values().length];
  }

  /** A generated record, kept for re-captures within the block. */
  private record Made(String host, long time, String chainJson, Kind kind) {}

  private Block block(long b) {
    SplittableRandom r = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + b);
    long first = b * BLOCK;
    long last = Math.min(o.chains(), first + BLOCK);
    StringBuilder sb = new StringBuilder((int) (last - first) * 3600);
    Block blk = new Block();
    Map<Integer, List<Made>> made = new java.util.HashMap<>();
    long spanSeconds = o.span().getSeconds();
    for (long i = first; i < last; i++) {
      long time = o.start().getEpochSecond() + spanSeconds * i / Math.max(1, o.chains());
      String id = String.format("s%09d", i + 1);
      long position = layout.position(i);
      Kind kind = layout.kindAt(position);
      CtFault fault = layout.ctFaultAt(position);
      blk.kinds[kind.ordinal()]++;
      blk.faults[fault.ordinal()]++;
      if (kind.malformed()) {
        malformed(sb, id, kind);
        continue;
      }
      List<Made> earlier = made.computeIfAbsent(kind.ordinal() * 8 + fault.ordinal(),
          k -> new ArrayList<>());
      if (!earlier.isEmpty() && r.nextDouble() < o.recaptureShare()) {
        Made m = earlier.get(earlier.size() - 1 - r.nextInt(Math.min(earlier.size(), 200)));
        long t = m.time() + 1 + r.nextInt(3600);
        line(sb, id, m.host(), t, m.chainJson());
        blk.recaptures++;
        continue;
      }
      Made m = leafRecord(r, kind, fault, time, blk);
      earlier.add(m);
      line(sb, id, m.host(), m.time(), m.chainJson());
    }
    blk.bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
    return blk;
  }

  /**
   * How many records of each kind a corpus of {@code n} records holds: each kind other than
   * {@link Kind#VALID} gets its share of {@code n} rounded to the nearest whole number, but at least
   * one, and the valid records are the rest. A corpus smaller than the number of kinds gets one
   * record of each kind in the enum's order (valid first) until it is full.
   */
  public static Map<Kind, Long> quotas(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative record count " + n);
    }
    EnumMap<Kind, Long> q = new EnumMap<>(Kind.class);
    Kind[] kinds = Kind.values();
    if (n < kinds.length) {
      for (int k = 0; k < kinds.length; k++) {
        q.put(kinds[k], k < n ? 1L : 0L);
      }
      return q;
    }
    long errors = 0;
    for (Kind k : kinds) {
      if (k != Kind.VALID) {
        long c = Math.max(1, Math.round(k.share * n));
        q.put(k, c);
        errors += c;
      }
    }
    // The shares add up to about a tenth and the minimum to one per kind: valid records remain.
    q.put(Kind.VALID, n - errors);
    return q;
  }

  /**
   * The kind of the record at {@code index} (0 for the first line) in a corpus of {@code chains}
   * records made with {@code seed}: the {@link #quotas} laid out one kind after the other, then
   * shuffled by a permutation of the positions derived from the seed.
   */
  public static Kind kindOf(long chains, long seed, long index) {
    Layout l = new Layout(chains, seed);
    return l.kindAt(l.position(index));
  }

  /**
   * How many records of a corpus of {@code n} records have each CT fault: each fault other than
   * {@link CtFault#NONE} gets its share of {@code n} rounded, but at least one, provided the valid
   * records can hold them all and still leave one without a fault (otherwise there are none); the
   * rest, every record that is not a faulty valid one, has {@link CtFault#NONE}.
   */
  public static Map<CtFault, Long> ctQuotas(long n) {
    long valid = quotas(n).get(Kind.VALID);
    EnumMap<CtFault, Long> q = new EnumMap<>(CtFault.class);
    long faulty = 0;
    for (CtFault f : CtFault.values()) {
      if (f != CtFault.NONE) {
        long c = Math.max(1, Math.round(f.share * n));
        q.put(f, c);
        faulty += c;
      }
    }
    if (faulty >= valid) {
      q.replaceAll((f, c) -> 0L);
      faulty = 0;
    }
    q.put(CtFault.NONE, n - faulty);
    return q;
  }

  /**
   * The CT fault of the record at {@code index} in a corpus of {@code chains} records made with
   * {@code seed}: always {@link CtFault#NONE} unless {@link #kindOf} is {@link Kind#VALID}; the
   * faults take the first of the valid records' shuffled positions, in {@link #ctQuotas}.
   */
  public static CtFault ctFaultOf(long chains, long seed, long index) {
    Layout l = new Layout(chains, seed);
    return l.ctFaultAt(l.position(index));
  }

  /** Which kind goes where: the quotas, and a seeded permutation of the positions. */
  private static final class Layout {
    private final long n;
    private final long[] ends = new long[Kind.values().length];
    private final long[] faultEnds = new long[CtFault.values().length]; // within the valid range
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[6];

    Layout(long n, long seed) {
      this.n = n;
      Map<Kind, Long> q = quotas(n);
      long end = 0;
      for (Kind k : Kind.values()) {
        end += q.get(k);
        ends[k.ordinal()] = end;
      }
      Map<CtFault, Long> cq = ctQuotas(n);
      long fend = 0;
      for (CtFault f : CtFault.values()) {
        if (f != CtFault.NONE) {
          fend += cq.get(f);
        }
        faultEnds[f.ordinal()] = fend;
      }
      int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(Math.max(0, n - 1)));
      halfBits = (bits + 1) / 2;
      halfMask = (1L << halfBits) - 1;
      SplittableRandom r = new SplittableRandom(seed ^ 0x6B696E64L); // "kind"
      for (int i = 0; i < roundKeys.length; i++) {
        roundKeys[i] = r.nextLong();
      }
    }

    /** The shuffled position of record {@code index}, which decides its kind and CT fault. */
    long position(long index) {
      if (index < 0 || index >= n) {
        throw new IndexOutOfBoundsException("record " + index + " of " + n);
      }
      return permute(index);
    }

    /**
     * The CT fault at a position: the valid records hold positions [0, valid quota) (valid is the
     * first kind); the faults take the start of that range, one after the other.
     */
    CtFault ctFaultAt(long p) {
      CtFault[] faults = CtFault.values();
      for (int f = 1; f < faults.length; f++) {
        if (p >= faultEnds[f - 1] && p < faultEnds[f]) {
          return faults[f];
        }
      }
      return CtFault.NONE;
    }

    Kind kindAt(long p) {
      Kind[] kinds = Kind.values();
      for (int k = 0; k < kinds.length; k++) {
        if (p < ends[k]) {
          return kinds[k];
        }
      }
      throw new IllegalStateException("quotas do not add up to " + n);
    }

    /**
     * A bijection of [0, n): a balanced Feistel network on the smallest even number of bits that
     * holds n, applied again while the result is out of range (cycle walking; the domain is at
     * most 4n, so a few rounds on average).
     */
    private long permute(long x) {
      do {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (long key : roundKeys) {
          long t = left ^ (mix(right ^ key) & halfMask);
          left = right;
          right = t;
        }
        x = (left << halfBits) | right;
      } while (x >= n);
      return x;
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }

  private static void line(StringBuilder sb, String id, String host, long time, String chainJson) {
    sb.append("{\"id\":\"").append(id).append("\",\"host\":\"").append(host)
        .append("\",\"time\":\"").append(Instant.ofEpochSecond(time)).append("\",\"chain\":")
        .append(chainJson).append("}\n");
  }

  private static void malformed(StringBuilder sb, String id, Kind kind) {
    switch (kind) {
      case TRUNCATED_JSON:
        sb.append("{\"id\":\"").append(id).append("\",\"host\":\"truncated.example\",\"chain\":[\"MIIB")
            .append('\n');
        break;
      case BAD_BASE64:
        sb.append("{\"id\":\"").append(id)
            .append("\",\"host\":\"bad-base64.example\",\"chain\":[\"not base64!\"]}\n");
        break;
      default:
        sb.append("{\"id\":\"").append(id).append("\",\"host\":\"no-chain.example\"}\n");
    }
  }

  private Made leafRecord(SplittableRandom r, Kind kind, CtFault fault, long time, Block blk) {
    Ca ca;
    switch (kind) {
      case EXPIRED_INTERMEDIATE:
        ca = expiredIntermediates.get(r.nextInt(expiredIntermediates.size()));
        break;
      case UNKNOWN_ROOT:
        ca = orphanIntermediates.get(r.nextInt(orphanIntermediates.size()));
        break;
      default:
        int idx = Arrays.binarySearch(cumulativeWeight, r.nextDouble());
        ca = goodIntermediates.get(Math.min(goodIntermediates.size() - 1,
            idx >= 0 ? idx : -idx - 1));
    }
    String site = WORDS[r.nextInt(WORDS.length)] + "-" + WORDS[r.nextInt(WORDS.length)]
        + (r.nextInt(1_000_000) + 1) + ".example";
    String host = kind == Kind.WRONG_HOST ? "other-" + site
        : (r.nextInt(4) == 0 ? site : PREFIXES[r.nextInt(PREFIXES.length)] + "." + site);
    boolean rsaLeafKey = kind == Kind.SELF_SIGNED ? r.nextBoolean() : ca.signer().rsa();
    LeafKey key = rsaLeafKey ? rsaLeafKeys.get(r.nextInt(rsaLeafKeys.size()))
        : ecLeafKeys.get(r.nextInt(ecLeafKeys.size()));
    long day = 86_400;
    long notBefore = time - day * (1 + r.nextInt(80)) - r.nextInt(86_400);
    long notAfter = notBefore + (r.nextInt(8) == 0 ? 398 : 90) * day;
    if (kind == Kind.EXPIRED) {
      notAfter = time - day * (1 + r.nextInt(60)) - r.nextInt(86_400);
      notBefore = notAfter - 90 * day;
    } else if (kind == Kind.NOT_YET_VALID) {
      notBefore = time + day * (2 + r.nextInt(28));
      notAfter = notBefore + 90 * day;
    }
    String certHost = host.startsWith("www.") ? host.substring(4) : host;
    if (kind == Kind.WRONG_HOST) {
      certHost = site;
    }
    byte[] serial = new byte[16];
    for (int i = 0; i < serial.length; i++) {
      serial[i] = (byte) r.nextInt(256);
    }
    serial[0] = (byte) ((serial[0] & 0x7f) | 0x40);
    Signer signer = kind == Kind.SELF_SIGNED ? key.signer() : ca.signer();
    boolean sha1 = kind == Kind.SHA1_SIGNATURE;
    byte[] subject = Der.seq(Der.set(Der.seq(Der.oid("2.5.4.3"), Der.utf8(certHost))));
    byte[] issuer = kind == Kind.SELF_SIGNED ? subject : ca.cert().subjectDer();
    byte[] aki = kind == Kind.SELF_SIGNED ? key.ski() : ca.ski();
    byte[] algId = signer.algId(sha1);
    List<byte[]> exts = new ArrayList<>();
    exts.add(ext(Oids.KEY_USAGE, true, dev.pkixj.testdata.KeyUsage.bitString(key.rsa()
        ? new dev.pkixj.testdata.KeyUsage[] {dev.pkixj.testdata.KeyUsage.DIGITAL_SIGNATURE,
            dev.pkixj.testdata.KeyUsage.KEY_ENCIPHERMENT}
        : new dev.pkixj.testdata.KeyUsage[] {dev.pkixj.testdata.KeyUsage.DIGITAL_SIGNATURE})));
    exts.add(ext(Oids.EXT_KEY_USAGE, false,
        Der.seq(Der.oid(Oids.SERVER_AUTH), Der.oid(Oids.CLIENT_AUTH))));
    exts.add(ext(Oids.BASIC_CONSTRAINTS, true, Der.seq()));
    exts.add(ext(Oids.SUBJECT_KEY_ID, false, Der.octetString(key.ski())));
    exts.add(ext(Oids.AUTHORITY_KEY_ID, false, Der.seq(Der.implicit(0, false, aki))));
    exts.add(ext(Oids.AUTHORITY_INFO_ACCESS, false, Der.seq(
        Der.seq(Der.oid(Oids.AD_OCSP), GeneralName.uri("http://ocsp.ca.example").der()),
        Der.seq(Der.oid(Oids.AD_CA_ISSUERS), GeneralName.uri("http://ca.example/i.der").der()))));
    exts.add(ext(Oids.SUBJECT_ALT_NAME, false,
        Der.seq(GeneralName.dns(certHost).der(), GeneralName.dns("*." + certHost).der())));
    exts.add(ext(Oids.CERTIFICATE_POLICIES, false, Der.seq(Der.seq(Der.oid(Oids.CABF_DV)))));
    byte[] head = Der.concat(Der.explicit(0, Der.integer(2)), Der.integerRaw(serial), algId, issuer,
        Der.seq(Der.time(Instant.ofEpochSecond(notBefore)), Der.time(Instant.ofEpochSecond(notAfter))),
        subject, key.spki());
    byte[] precert = Der.seq(head, Der.explicit(3, Der.seq(exts.toArray(new byte[0][]))));
    byte[] issuerSpki = kind == Kind.SELF_SIGNED ? key.spki() : ca.cert().spkiDer();
    List<byte[]> scts = scts(r, fault, Math.min(notBefore, time - 7200), notAfter - notBefore,
        issuerSpki, precert);
    blk.scts += scts.size();
    if (!scts.isEmpty()) {
      exts.add(SctListEncoder.certificateExtension(SctListEncoder.list(scts)));
    }
    byte[] tbs = scts.isEmpty() ? precert
        : Der.seq(head, Der.explicit(3, Der.seq(exts.toArray(new byte[0][]))));
    byte[] sig = signer.sign(tbs, sha1);
    if (kind == Kind.BAD_SIGNATURE) {
      sig[sig.length / 2] ^= 0x01;
    }
    if (signer.rsa()) {
      blk.rsa++;
    } else {
      blk.ec++;
    }
    byte[] leaf = Der.seq(tbs, algId, Der.bitString(sig));
    StringBuilder chain = new StringBuilder(4000);
    chain.append("[\"").append(Base64.getEncoder().encodeToString(leaf)).append('"');
    if (kind != Kind.MISSING_INTERMEDIATE && kind != Kind.SELF_SIGNED) {
      chain.append(",\"").append(ca.base64()).append('"');
      if (r.nextInt(10) == 0) {
        Ca root = rootOf(ca);
        chain.append(",\"").append(Base64.getEncoder().encodeToString(root.cert().der()))
            .append('"');
      }
    }
    chain.append(']');
    return new Made(host, time, chain.toString(), kind);
  }

  /**
   * The embedded SCTs of a leaf: what Firefox's policy needs for its lifetime (2 up to 180 days, 3
   * above; sometimes one more) from logs of distinct operators, issued within the hour after
   * {@code issued} (notBefore, or two hours before the capture for a certificate not yet valid),
   * or what {@code fault} says instead.
   */
  private List<byte[]> scts(SplittableRandom r, CtFault fault, long issued, long lifetime,
      byte[] issuerSpki, byte[] precert) {
    int needed = lifetime <= 180 * 86_400L ? 2 : 3;
    long ts = issued * 1000 + r.nextInt(3_600_000);
    List<TestCtLog.SctRequest> requests = new ArrayList<>(4);
    switch (fault) {
      case NO_SCTS:
        break;
      case ONE_OPERATOR:
        for (int i = 0; i < needed; i++) {
          requests.add((i % 2 == 0 ? ct.betaA : ct.betaB).sct(ts + 7L * i));
        }
        break;
      default:
        int count = fault == CtFault.TOO_FEW ? needed - 1
            : needed + (fault == CtFault.NONE && r.nextInt(10) == 0 ? 1 : 0);
        for (String operator : ct.drawOperators(count, r)) {
          TestCtLog log = ct.logOf(operator, ts, r);
          long t = ts + r.nextInt(2000);
          TestCtLog.SctRequest req = log.sct(t);
          if (log == ct.gammaTiled) {
            req.leafIndex((t - ct.usableSince.toEpochMilli()) / 50);
          }
          requests.add(req);
        }
        if (fault == CtFault.BAD_SCT_SIGNATURE) {
          requests.get(r.nextInt(requests.size())).corruptSignature();
        }
    }
    List<byte[]> out = new ArrayList<>(requests.size());
    for (TestCtLog.SctRequest req : requests) {
      out.add(req.forPrecert(issuerSpki, precert));
    }
    return out;
  }

  private Ca rootOf(Ca ca) {
    for (Ca root : roots) {
      if (Arrays.equals(root.cert().subjectDer(), ca.cert().issuerDer())) {
        return root;
      }
    }
    throw new IllegalStateException("no root for " + ca.cert());
  }

  private static byte[] ext(String oid, boolean critical, byte[] value) {
    return Der.seq(Der.oid(oid), critical ? Der.bool(true) : null, Der.octetString(value));
  }

  // ---- keys and signing -----------------------------------------------------------------------

  /** Signs TBS data with SHA-256 (or SHA-1 for the disabled-algorithm error). */
  private interface Signer {
    boolean rsa();

    byte[] algId(boolean sha1);

    byte[] sign(byte[] tbs, boolean sha1);
  }

  private static Signer signer(PrivateKey k) {
    if (k instanceof RSAPrivateCrtKey) {
      return new RsaSigner((RSAPrivateCrtKey) k);
    }
    return new EcSigner(((ECPrivateKey) k).getS());
  }

  /** RSASSA-PKCS1-v1_5 with the Chinese remainder theorem (no blinding: these are test keys). */
  private static final class RsaSigner implements Signer {
    private static final byte[] SHA256_PREFIX = Der.hex("3031300d060960864801650304020105000420");
    private static final byte[] SHA1_PREFIX = Der.hex("3021300906052b0e03021a05000414");
    private final BigInteger p;
    private final BigInteger q;
    private final BigInteger dp;
    private final BigInteger dq;
    private final BigInteger qInv;
    private final int k;

    RsaSigner(RSAPrivateCrtKey key) {
      p = key.getPrimeP();
      q = key.getPrimeQ();
      dp = key.getPrimeExponentP();
      dq = key.getPrimeExponentQ();
      qInv = key.getCrtCoefficient();
      k = (key.getModulus().bitLength() + 7) / 8;
    }

    @Override
    public boolean rsa() {
      return true;
    }

    @Override
    public byte[] algId(boolean sha1) {
      return Der.seq(Der.oid(sha1 ? Oids.SHA1_WITH_RSA : Oids.SHA256_WITH_RSA), Der.nul());
    }

    @Override
    public byte[] sign(byte[] tbs, boolean sha1) {
      byte[] prefix = sha1 ? SHA1_PREFIX : SHA256_PREFIX;
      byte[] hash = digest(sha1 ? "SHA-1" : "SHA-256", tbs);
      byte[] em = new byte[k];
      em[1] = 1;
      int t = prefix.length + hash.length;
      Arrays.fill(em, 2, k - t - 1, (byte) 0xff);
      System.arraycopy(prefix, 0, em, k - t, prefix.length);
      System.arraycopy(hash, 0, em, k - hash.length, hash.length);
      BigInteger m = new BigInteger(1, em);
      BigInteger s1 = m.modPow(dp, p);
      BigInteger s2 = m.modPow(dq, q);
      BigInteger h = qInv.multiply(s1.subtract(s2)).mod(p);
      byte[] s = s2.add(h.multiply(q)).toByteArray();
      byte[] out = new byte[k];
      int n = Math.min(s.length, k);
      System.arraycopy(s, s.length - n, out, k - n, n);
      return out;
    }
  }

  /** ECDSA P-256 with deterministic nonces (RFC 6979), BouncyCastle's lightweight API. */
  private static final class EcSigner implements Signer {
    private final ECPrivateKeyParameters key;

    EcSigner(BigInteger d) {
      key = new ECPrivateKeyParameters(d, P256);
    }

    @Override
    public boolean rsa() {
      return false;
    }

    @Override
    public byte[] algId(boolean sha1) {
      return Der.seq(Der.oid(sha1 ? Oids.ECDSA_SHA1 : Oids.ECDSA_SHA256));
    }

    @Override
    public byte[] sign(byte[] tbs, boolean sha1) {
      ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(sha1 ? new SHA1Digest()
          : new SHA256Digest()));
      s.init(true, key);
      BigInteger[] rs = s.generateSignature(digest(sha1 ? "SHA-1" : "SHA-256", tbs));
      return Der.seq(Der.integer(rs[0]), Der.integer(rs[1]));
    }
  }

  private static byte[] digest(String alg, byte[] data) {
    try {
      return MessageDigest.getInstance(alg).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] keyId(byte[] spki) {
    // RFC 5280 method 1 would hash only the key bits; any stable identifier will do here.
    return Arrays.copyOf(digest("SHA-256", spki), 20);
  }

  private static SecureRandom seeded(String label, long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed((label + "/" + seed).getBytes(StandardCharsets.UTF_8));
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair ecKeyPair(SecureRandom rnd) {
    ECKeyPairGenerator g = new ECKeyPairGenerator();
    g.init(new ECKeyGenerationParameters(P256, rnd));
    AsymmetricCipherKeyPair kp = g.generateKeyPair();
    try {
      KeyFactory kf = KeyFactory.getInstance("EC");
      PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(kp.getPublic()).getEncoded()));
      PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(
          PrivateKeyInfoFactory.createPrivateKeyInfo(kp.getPrivate()).getEncoded()));
      return new KeyPair(pub, priv);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private KeyPair rsaKeyPair(int i) {
    return rsaPairs.get(i % rsaPairs.size());
  }

  private final List<KeyPair> rsaPairs = new ArrayList<>();

  private void loadRsaPool() {
    try (InputStream in = SampleGenerator.class.getResourceAsStream("/batch/sample-rsa-2048.keys")) {
      if (in == null) {
        throw new IllegalStateException("sample-rsa-2048.keys is missing from this build");
      }
      BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      KeyFactory kf = KeyFactory.getInstance("RSA");
      String l;
      while ((l = br.readLine()) != null) {
        if (l.isBlank() || l.startsWith("#")) {
          continue;
        }
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) kf.generatePrivate(
            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(l.trim())));
        PublicKey pub = kf.generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
        rsaPairs.add(new KeyPair(pub, k));
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("sample-rsa-2048.keys: " + e.getMessage(), e);
    }
  }
}
