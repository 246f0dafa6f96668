package dev.pkixj.pkix.sig;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Verifies signatures with pre-parsed, cached public keys, with the semantics of mozilla::pkix's
 * {@code VerifyRSAPKCS1SignedDataNSS}, {@code VerifyRSAPSSSignedDataNSS} and {@code
 * VerifyECDSASignedDataNSS} (pkixnss.cpp) over NSS's softoken and freebl. Thread-safe and
 * lock-free: any number of threads may call {@link #verify} concurrently.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>The key is parsed as {@link SpkiParser} describes; a key that cannot be used yields its
 *       error (BAD_DER, UNSUPPORTED_KEYALG, UNSUPPORTED_ELLIPTIC_CURVE, UNSUPPORTED_EC_POINT_FORM,
 *       INVALID_KEY, INVALID_INTEGER_ENCODING) whatever the signature.</li>
 *   <li>A key of the wrong family for the algorithm (an ECDSA signature with an RSA key, …) is
 *       {@link Result#SEC_ERROR_BAD_SIGNATURE}. RSA-PSS uses rsaEncryption keys.</li>
 *   <li>ECDSA: the signature must be a strict DER {@code ECDSA-Sig-Value} as mozilla::pkix's
 *       {@code der::ECDSASigValue} reads it (positive minimal INTEGERs, nothing trailing); r and s
 *       in [1, n−1]; high s accepted; any of the four digests with any of the three curves, a
 *       digest longer than the order truncated to the order's bit length (FIPS 186-4).</li>
 *   <li>RSA: the signature must be exactly as long as the modulus and less than it. PKCS#1 v1.5
 *       accepts only the DigestInfo with NULL parameters; PSS uses MGF1 with the same hash, a salt
 *       as long as the hash and trailer 0xbc. Keys NSS's public operation refuses (exponent over
 *       64 bits or longer than the modulus, modulus over 16384 bits) fail every signature with
 *       BAD_SIGNATURE, as in NSS.</li>
 *   <li>Never throws: null arguments or a data range outside the array are {@link
 *       Result#SEC_ERROR_INVALID_ARGS}.</li>
 * </ul>
 *
 * <h2>Key cache</h2>
 * A 2-way set-associative table in an {@link AtomicReferenceArray}, indexed by a hash of the SPKI's
 * tail and confirmed by comparing the whole SPKI, so a hit can only return the key parsed from
 * identical bytes. Entries are immutable (but for a use counter) and published by a volatile
 * write; readers never lock, writers never wait (two threads parsing the same new key both insert;
 * the loser's entry is just an extra copy). SPKIs that cannot be used are not cached: they are
 * cheap to refuse again, and must not be able to evict useful keys.
 *
 * <p>An EC key starts without a table (verified with a per-call wNAF; nothing is built for a key
 * seen once) and gets its comb on its {@value #PROMOTE_AFTER}th cache hit (P-256: 2 tables of 255
 * points, ~49 KiB, ~3.5x fewer field multiplications per verification; P-384 33 KiB, P-521 45
 * KiB); see {@link EcCurve}. A P-256 key gets wider tables on its {@value #HOT_AFTER}th hit (2 ×
 * 2,047 points, ~393 KiB, about a fifth fewer multiplications again), at most {@link #HOT_KEYS}
 * keys per instance at a time. Memory is therefore bounded by the capacity: at most ~49 KiB per
 * entry plus ~6.3 MiB for the hot keys, so at most ~56 MiB for the {@linkplain #shared() shared}
 * instance's 1024 entries; RSA entries are about the size of the SPKI. P-256's generator table,
 * ~786 KiB, is built once per process.
 *
 * <h2>Performance</h2>
 * Thread-CPU-time medians (µs per verification of a 1 KiB message, hashing included, one thread,
 * JDK 17.0.15, 2-vCPU AMD EPYC VM), measured 2026-11-28 while other jobs kept the load average
 * at 10–16, so ±15 %; {@code openssl speed} (CPU time, same moment): RSA-2048 verify 24, P-256
 * verify 80. JMH figures: {@code bench/…/SignatureBench}.
 * <pre>
 *                          this class                    alternatives measured
 * ECDSA P-256 / SHA-256    83–92  hot key (2 × 2 combs)  101–145 BC ECDSASigner, cached key
 *                                                        1700 JDK SunEC
 *                         280–375  key seen once (parse,  255–370 BC ECDSASigner, new
 *                                  validate, wNAF)          ECPublicKeyParameters per call
 *   before this change     91–96  hot, 460 first use (table built at parse)
 * RSA-2048 PKCS#1 SHA-256  45–53  BigInteger.modPow       (unchanged)
 * </pre>
 * Older figures (same machine, quieter, 256-byte messages): P-384 257 hot / 1568 first use, P-521
 * 715 / 2701, RSA-3072 108, RSA-4096 179 (modPow; JDK Signature and BC RSAEngine within noise).
 *
 * <p>A key seen once needs ~bits(n) doublings for u2·Q whatever the method (P-256 has no
 * endomorphism), so its cost is bounded by the field multiplication, BouncyCastle's
 * {@code SecP256R1Field} (70 % of the samples of a hot verification). Alternatives measured for
 * it, per operation against BC's: a radix-2^52 Montgomery field on long[5] with {@code
 * Math.multiplyHigh} (multiplication at parity, squaring ~15 % faster, a whole doubling ~15 %
 * faster: not worth a second P-256 implementation), a 32-bit product-scanning (Comba)
 * multiplication (~35 % slower: register spills), and earlier a 64-bit-limb Montgomery
 * multiplication (~40 % slower; Java 17 has no unsigned high multiply and no carry flag). The
 * 4 × 64-bit Montgomery field with the shift-only P-256 reduction ({@link P256Mont}, whole
 * verifications with {@code pkixj.p256.field=mont64}) measured at parity: its squaring is faster,
 * its multiplication level, its addition and subtraction slower (bench/RESULTS.md).
 *
 * <p>For RSA, JDK Signature, BC RSAEngine and this class all end in {@link
 * java.math.BigInteger#modPow}, whose Montgomery multiplication and squaring HotSpot
 * intrinsifies (≈ 1.65 µs each for 2048 bits; modPow(3) costs 23 µs, so ≈ 20 µs of a 45 µs
 * modPow(65537) is its conversion into and out of Montgomery form, which the public API cannot
 * skip). Pure-Java e = 65537 chains were measured at 2–4x modPow: 16 squarings with
 * multiply().mod(); a CIOS Montgomery on int limbs; a CIOS on 64-bit limbs with {@code
 * Math.multiplyHigh} (≈ 130 µs); radix-2^62 CIOS (≈ 105 µs); radix-2^56 product scanning with a
 * dedicated squaring and R² cached per key (≈ 90–100 µs, 4.5–6 µs per 2048-bit multiplication
 * against the intrinsic's 1.65). So modPow it is.
 */
public final class SignatureVerifier {
  private final AtomicReferenceArray<Entry> table;
  private final int setMask;
  private final int promoteAfter;
  private final int hotAfter;
  /**
   * How many more keys may get the {@link EcCurve#Q_TEETH_HOT} tables; an evicted key with them
   * gives its place back (approximately: racing evictions may lose a place, never add one).
   */
  private final AtomicInteger hotKeysLeft = new AtomicInteger(HOT_KEYS);

  /**
   * A process-wide default instance: 1024 cached keys, or the system property {@code
   * pkixj.sigCache.keys} (benchmarks shrink it to measure first-seen keys).
   */
  public static SignatureVerifier shared() {
    return Shared.INSTANCE;
  }

  /**
   * Holds the shared instance, created on first use, once this class's static fields (among them
   * {@link #HOT_KEYS}, which the constructor reads) are all set: a static field of this class
   * initialised before {@code HOT_KEYS} would see it as 0 and never give a key the hot tables.
   */
  private static final class Shared {
    static final SignatureVerifier INSTANCE =
        new SignatureVerifier(Integer.getInteger("pkixj.sigCache.keys", 1024));
  }

  /** Keys that may still get the hot tables (for tests). */
  int hotKeyPlacesLeft() {
    return hotKeysLeft.get();
  }

  /**
   * @param keyCacheSize the number of parsed keys to keep (rounded up to a power of two, at least
   *     2)
   */
  public SignatureVerifier(int keyCacheSize) {
    this(keyCacheSize, PROMOTE_AFTER);
  }

  /**
   * For tests: {@code promoteAfter} = 0 builds every EC key's comb table when it is parsed, so
   * every verification takes the comb path; a large value keeps every key on the wNAF path.
   */
  SignatureVerifier(int keyCacheSize, int promoteAfter) {
    this(keyCacheSize, promoteAfter,
        promoteAfter == Integer.MAX_VALUE ? Integer.MAX_VALUE : Math.max(promoteAfter, HOT_AFTER));
  }

  /**
   * For tests: also the hit on which a P-256 key gets its {@link EcCurve#Q_TEETH_HOT} tables
   * ({@code Integer.MAX_VALUE}: never).
   */
  SignatureVerifier(int keyCacheSize, int promoteAfter, int hotAfter) {
    this.promoteAfter = promoteAfter;
    this.hotAfter = hotAfter;
    if (keyCacheSize < 1 || keyCacheSize > (1 << 24)) {
      throw new IllegalArgumentException("keyCacheSize " + keyCacheSize);
    }
    int size = Math.max(2, Integer.highestOneBit(keyCacheSize - 1) << 1);
    this.table = new AtomicReferenceArray<>(size);
    this.setMask = size - 2;
  }

  /** The number of keys the cache can hold. */
  public int keyCacheCapacity() {
    return table.length();
  }

  /**
   * Verifies {@code signature} over {@code data[off, off+len)} with the key in {@code
   * subjectPublicKeyInfo} (a whole SPKI TLV). See the class documentation for the results.
   */
  public Result verify(SignatureAlgorithm alg, byte[] data, int off, int len, Input signature,
      Input subjectPublicKeyInfo) {
    if (alg == null || data == null || signature == null || subjectPublicKeyInfo == null
        || off < 0 || len < 0 || off > data.length - len) {
      return Result.SEC_ERROR_INVALID_ARGS;
    }
    try {
      ParsedKey key = key(subjectPublicKeyInfo);
      if (key instanceof ParsedKey.Unusable) {
        return ((ParsedKey.Unusable) key).error;
      }
      switch (alg.publicKeyAlgorithm()) {
        case ECDSA:
          if (!(key instanceof EcKey)) {
            return Result.SEC_ERROR_BAD_SIGNATURE;
          }
          return verifyEcdsa((EcKey) key, alg, data, off, len, signature);
        case RSA_PKCS1:
          if (!(key instanceof RsaKey)) {
            return Result.SEC_ERROR_BAD_SIGNATURE;
          }
          return ((RsaKey) key).verifyPkcs1(alg.digestAlgorithm(), data, off, len,
              unsafeGetData(signature), signature.off(), signature.len());
        case RSA_PSS:
          if (!(key instanceof RsaKey)) {
            return Result.SEC_ERROR_BAD_SIGNATURE;
          }
          return ((RsaKey) key).verifyPss(alg.digestAlgorithm(), data, off, len,
              unsafeGetData(signature), signature.off(), signature.len());
        default:
          return Result.SEC_ERROR_CERT_SIGNATURE_ALGORITHM_DISABLED;
      }
    } catch (RuntimeException e) {
      // Not reachable for any input we know of (the tests fuzz for it); never let it escape.
      return Result.SEC_ERROR_LIBRARY_FAILURE;
    }
  }

  private static Result verifyEcdsa(EcKey key, SignatureAlgorithm alg, byte[] data, int off,
      int len, Input signature) {
    // ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, as der::ECDSASigValue reads it.
    int rOff;
    int rLen;
    int sOff;
    int sLen;
    try {
      DerReader outer = signature.reader();
      DerReader seq = outer.expectNested(DerReader.SEQUENCE);
      outer.end();
      rLen = seq.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.POSITIVE);
      rOff = seq.valueEnd() - rLen;
      sLen = seq.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.POSITIVE);
      sOff = seq.valueEnd() - sLen;
      seq.end();
    } catch (PkixException e) {
      return Result.SEC_ERROR_BAD_SIGNATURE;
    }
    byte[] digest = Digests.digest(alg.digestAlgorithm(), data, off, len);
    return key.curve.verify(key, digest, unsafeGetData(signature), rOff, rLen, sOff, sLen);
  }

  // ---- Key cache ----

  /**
   * Cache hits of an EC key (uses after the one that parsed it) until its comb is built, on that
   * hit: for P-256 the comb costs about three wNAF verifications (≈ 10^4 field multiplications)
   * and saves about 2/3 of each later one.
   */
  static final int PROMOTE_AFTER = 4;

  /**
   * Cache hits of a P-256 key until it gets the {@link EcCurve#Q_TEETH_HOT} tables (2 × 2,047
   * points, ≈ 393 KiB, built in ≈ 6·10^4 field multiplications, about 20 hot verifications; each
   * later verification saves about a fifth), for at most {@link #HOT_KEYS} keys at a time.
   */
  static final int HOT_AFTER = 256;

  /**
   * Keys with the {@link EcCurve#Q_TEETH_HOT} tables at a time, ≤ 6.3 MiB per instance: 16, or the
   * system property {@code pkixj.sigCache.hotKeys} (0 turns them off; benchmarks compare).
   */
  static final int HOT_KEYS = Math.max(0, Integer.getInteger("pkixj.sigCache.hotKeys", 16));

  private static final class Entry {
    final byte[] spki;
    final int hash;
    final ParsedKey key;
    /**
     * Hits so far, up to {@link #HOT_AFTER}. A plain field: racing increments may be lost, which
     * only delays promotion; no write happens once the count is reached.
     */
    int uses;

    Entry(byte[] spki, int hash, ParsedKey key, int uses) {
      this.spki = spki;
      this.hash = hash;
      this.key = key;
      this.uses = uses;
    }

    boolean matches(int h, byte[] buf, int off, int len) {
      return hash == h && Arrays.equals(spki, 0, spki.length, buf, off, off + len);
    }
  }

  ParsedKey key(Input spki) {
    byte[] buf = unsafeGetData(spki);
    int off = spki.off();
    int len = spki.len();
    int h = hash(buf, off, len);
    int set = h & setMask;
    Entry e = table.get(set);
    if (e != null && e.matches(h, buf, off, len)) {
      return hit(set, e);
    }
    Entry e2 = table.get(set + 1);
    if (e2 != null && e2.matches(h, buf, off, len)) {
      return hit(set + 1, e2);
    }
    ParsedKey key = SpkiParser.parse(buf, off, len);
    if (promoteAfter == 0 && key instanceof EcKey) {
      key = promote((EcKey) key);
    }
    if (!(key instanceof ParsedKey.Unusable)) {
      Entry fresh = new Entry(Arrays.copyOfRange(buf, off, off + len), h, key, 0);
      int way;
      if (e == null) {
        way = 0;
      } else if (e2 == null) {
        way = 1;
      } else {
        way = ThreadLocalRandom.current().nextInt() & 1;
      }
      Entry old = table.getAndSet(set + way, fresh);
      if (old != null && isHot(old.key)) {
        hotKeysLeft.incrementAndGet();
      }
    }
    return key;
  }

  /**
   * Counts a use of a cached key; the {@code promoteAfter}th hit of an EC key builds its comb
   * table ({@link EcCurve#Q_TEETH_PROMOTED} teeth) and replaces the entry, unless it has changed
   * meanwhile.
   */
  private ParsedKey hit(int index, Entry e) {
    int uses = e.uses;
    if (uses >= hotAfter || !(e.key instanceof EcKey)) {
      return e.key;
    }
    e.uses = ++uses;
    EcKey ec = (EcKey) e.key;
    if (uses == promoteAfter && ec.comb == null) {
      EcKey promoted = promote(ec);
      if (promoted != ec) {
        table.compareAndSet(index, e, new Entry(e.spki, e.hash, promoted, uses));
      }
      return promoted;
    }
    if (uses == hotAfter && ec.curve.hasHotTables() && !isHot(ec)) {
      if (hotKeysLeft.getAndDecrement() <= 0) {
        hotKeysLeft.incrementAndGet();
        return ec;
      }
      EcCurve.Comb comb = ec.curve.keyComb(ec, EcCurve.Q_TEETH_HOT);
      if (comb == null) {
        hotKeysLeft.incrementAndGet();
        return ec;
      }
      EcKey hot = new EcKey(ec.curve, ec.x, ec.y, comb);
      if (!table.compareAndSet(index, e, new Entry(e.spki, e.hash, hot, uses))) {
        hotKeysLeft.incrementAndGet(); // the entry changed meanwhile; this table is dropped
      }
      return hot;
    }
    return ec;
  }

  private static boolean isHot(ParsedKey key) {
    return key instanceof EcKey && ((EcKey) key).comb != null
        && ((EcKey) key).comb.teeth == EcCurve.Q_TEETH_HOT;
  }

  private static EcKey promote(EcKey ec) {
    EcCurve.Comb comb = ec.curve.keyComb(ec);
    return comb == null ? ec : new EcKey(ec.curve, ec.x, ec.y, comb);
  }

  /**
   * Hashes the length and the last (up to) 32 bytes: an SPKI ends with key material (the RSA
   * modulus's low bytes and exponent, the EC point's Y), so that is as distinctive as the whole.
   */
  private static int hash(byte[] buf, int off, int len) {
    int h = len * 0x9E3779B9;
    for (int i = Math.max(off, off + len - 32), end = off + len; i < end; i++) {
      h = (h ^ buf[i]) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h;
  }

  /**
   * mozilla::pkix's {@code VerifySignedData} with NSS's error codes, for certificates and OCSP
   * responses alike. {@link #verify} reports a key of
   * the wrong family as BAD_SIGNATURE; NSS, which mozilla::pkix passes through here, says
   * SEC_ERROR_INVALID_KEY (the key cannot do that mechanism) — except for an ECDSA algorithm whose
   * signature is not an ECDSA-Sig-Value that fits the key's signature length, which mozilla::pkix
   * itself rejects first as BAD_SIGNATURE.
   */
  public Result verifySignedData(SignatureAlgorithm alg, Input data, Input signature,
      Input spki) {
    Result r = verify(alg, unsafeGetData(data), data.off(), data.len(),
        signature, spki);
    if (r != Result.SEC_ERROR_BAD_SIGNATURE) {
      return r;
    }
    try {
      DerReader outer = spki.reader();
      DerReader contents = outer.expectNested(DerReader.SEQUENCE);
      DerReader algorithm = contents.expectNested(DerReader.SEQUENCE);
      algorithm.expect(DerReader.OID);
      boolean rsaKey = algorithm.valueEquals(SpkiParser.RSA_ENCRYPTION);
      boolean ecKey = algorithm.valueEquals(SpkiParser.ID_EC_PUBLIC_KEY);
      if (alg.publicKeyAlgorithm() == SignatureAlgorithm.PublicKeyAlgorithm.ECDSA) {
        if (!rsaKey) {
          return r;
        }
        // EncodedECDSASignatureToRawPoint with an RSA key: the signature must parse, and each of
        // r and s fit in half of SECKEY_SignatureLen (the modulus's significant bytes).
        DerReader keyReader = contents.readBitStringNoUnusedBits().reader();
        DerReader rsaPublicKey = keyReader.expectNested(DerReader.SEQUENCE);
        int modulusBytes = rsaPublicKey.readIntegralBytes(DerReader.INTEGER,
            DerReader.IntegerRule.POSITIVE);
        int rLen;
        int sLen;
        try {
          DerReader sigOuter = signature.reader();
          DerReader rs = sigOuter.expectNested(DerReader.SEQUENCE);
          sigOuter.end();
          rLen = rs.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.POSITIVE);
          sLen = rs.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.POSITIVE);
          rs.end();
        } catch (PkixException e) {
          return r; // not an ECDSA-Sig-Value
        }
        if (modulusBytes % 2 != 0) {
          return Result.SEC_ERROR_LIBRARY_FAILURE; // mozilla::pkix: an odd signature length
        }
        if (rLen > modulusBytes / 2 || sLen > modulusBytes / 2) {
          return r;
        }
        return Result.SEC_ERROR_INVALID_KEY;
      }
      // RSA PKCS#1 or PSS with an EC key.
      return ecKey ? Result.SEC_ERROR_INVALID_KEY : r;
    } catch (PkixException e) {
      return r;
    }
  }

}
