package dev.pkixj.verifier.ct;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.internal.UnsafeArrays;
import dev.pkixj.pkix.sig.SignatureVerifier;
import dev.pkixj.pkix.sig.VerifiedSignatureCache;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies the SCTs of an end-entity certificate against a log list: Firefox's {@code
 * MultiLogCTVerifier} (spec part A2). Immutable and shared by all threads.
 *
 * <p>The sources are looked at in Firefox's order: the embedded list (only with an issuer, over
 * the precertificate entry), then the stapled OCSP response's list, then the TLS extension's
 * (both over the X.509 entry). Every decoded SCT is returned with its status; each check drops
 * only that SCT:
 * <ol>
 *   <li>no log with its id: {@link SctStatus#UNKNOWN_LOG} (also a log whose key Firefox would
 *       not load: RSA under 2048 bits, EC other than P-256, any other key);</li>
 *   <li>hash algorithm not SHA-256 (4), signature algorithm not the log's (RSA 1, ECDSA 3), or a
 *       signature that does not verify: {@link SctStatus#INVALID_SIGNATURE};</li>
 *   <li>{@code floor(timestamp / 1000)} after the verification time: {@link
 *       SctStatus#FUTURE};</li>
 *   <li>after the root's server distrust-after date: {@link SctStatus#AFTER_DISTRUST};</li>
 *   <li>else {@link SctStatus#VALID}.</li>
 * </ol>
 * A precertificate entry that cannot be rebuilt fails the whole verification ({@link
 * PkixException}), as it does in Firefox.
 */
public final class CtVerifier {
  /** No distrust-after date. */
  public static final long NO_DISTRUST_AFTER = Long.MAX_VALUE;

  private static final int HASH_SHA256 = 4;
  private static final int SIG_RSA = 1;
  private static final int SIG_ECDSA = 3;


  /** A log's key as CTLogVerifier::Init accepts it. */
  private record LogKey(SignatureAlgorithm algorithm, int tlsSignatureAlgorithm, Input spki) {}

  /**
   * The SCTs seen and the decoding errors.
   *
   * @param scts every decoded SCT with its status, embedded first, then OCSP, then TLS
   * @param decodingErrors lists and items that could not be decoded
   */
  public record Verified(List<VerifiedSct> scts, int decodingErrors) {
    public Verified {
      scts = List.copyOf(scts);
    }
  }

  private final CtLogList logs;
  private final Map<CtLog, LogKey> keys; // only usable logs; read-only after construction
  private final SignatureVerifier signatures;
  /**
   * Signatures already verified (Firefox's SCT signature cache): a repeated SCT over the same
   * entry costs a SHA-256 of the signed data instead of a signature verification.
   */
  private final VerifiedSignatureCache verified;

  /** Entries of the verified-signature cache. */
  static final int SIGNATURE_CACHE_SIZE = 1024;

  private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1][]);

  /** A verifier for {@code logs}, whose keys are checked once here. */
  public CtVerifier(CtLogList logs) {
    this(logs, SignatureVerifier.shared());
  }

  CtVerifier(CtLogList logs, SignatureVerifier signatures) {
    this.logs = Objects.requireNonNull(logs, "logs");
    this.signatures = signatures;
    this.verified = new VerifiedSignatureCache(SIGNATURE_CACHE_SIZE);
    IdentityHashMap<CtLog, LogKey> k = new IdentityHashMap<>();
    for (CtLog log : logs.logs()) {
      LogKey key = logKey(log.spkiRef());
      if (key != null) {
        k.put(log, key);
      }
    }
    this.keys = k;
  }

  public CtLogList logs() {
    return logs;
  }

  /**
   * CTLogVerifier::Init's key constraints ({@link LogKeys}): the key and its algorithms, or null
   * for a key Firefox would not load.
   */
  static LogKey logKey(byte[] spki) {
    LogKeys.Checked c = LogKeys.check(spki);
    if (c.kind() == LogKeys.Kind.P256) {
      return new LogKey(SignatureAlgorithm.ECDSA_SHA256, SIG_ECDSA, Input.of(spki));
    }
    if (c.kind() == LogKeys.Kind.RSA) {
      return new LogKey(SignatureAlgorithm.RSA_PKCS1_SHA256, SIG_RSA, Input.of(spki));
    }
    return null;
  }

  /**
   * True if {@code log} is in this verifier's list and has a key Firefox would load.
   */
  public boolean isUsable(CtLog log) {
    return keys.containsKey(log);
  }

  /**
   * Verifies every SCT of {@code leaf}.
   *
   * @param leaf the end-entity certificate
   * @param issuer its issuer in the built path, or null (no embedded SCT is then looked at)
   * @param tlsSctList the TLS extension's list, TLS-encoded, or null
   * @param ocspSctList the stapled OCSP response's list, TLS-encoded, or null
   * @param time the verification time, seconds since the epoch
   * @param distrustAfter the root's server distrust-after date in seconds, or {@link
   *     #NO_DISTRUST_AFTER}
   * @throws PkixException when the precertificate entry cannot be rebuilt, or a signature check
   *     fails with a fatal error
   */
  public Verified verify(Cert leaf, Cert issuer, byte[] tlsSctList, byte[] ocspSctList,
      long time, long distrustAfter) throws PkixException {
    return verifyWithIssuerKey(leaf, issuer == null ? null : issuer.subjectPublicKeyInfo(),
        tlsSctList, ocspSctList, time, distrustAfter);
  }

  /**
   * As {@link #verify(Cert, Cert, byte[], byte[], long, long)} with only the issuer's
   * SubjectPublicKeyInfo (all the precertificate entry needs; CRLite has only the CertID).
   */
  public Verified verifyWithIssuerKey(Cert leaf, Input issuerSpki, byte[] tlsSctList,
      byte[] ocspSctList, long time, long distrustAfter) throws PkixException {
    List<VerifiedSct> out = new ArrayList<>(4);
    List<Sct> decoded = new ArrayList<>(4);
    int errors = 0;
    byte[] der = leaf.der();

    Input embedded = leaf.signedCertificateTimestamps();
    if (issuerSpki != null && embedded != null) {
      Input list = SctList.unwrapExtension(embedded);
      if (list == null) {
        errors++;
      } else if (!list.isEmpty()) {
        byte[] buf = scratch(CtSignedData.HEADER_LENGTH + 37 + der.length + 2 + 0xffff);
        int entryLen = CtSignedData.writePrecertEntry(der, issuerSpki, buf,
            CtSignedData.HEADER_LENGTH);
        errors += SctList.decodeInto(UnsafeArrays.unsafeGetData(list), list.off(), list.len(),
            SctOrigin.EMBEDDED, decoded);
        verifyAll(decoded, buf, entryLen, time, distrustAfter, out);
      }
    }
    boolean ocsp = ocspSctList != null && ocspSctList.length > 0;
    boolean tls = tlsSctList != null && tlsSctList.length > 0;
    if (ocsp || tls) {
      byte[] buf = scratch(CtSignedData.HEADER_LENGTH + 5 + der.length + 2 + 0xffff);
      int entryLen = CtSignedData.writeX509Entry(der, buf, CtSignedData.HEADER_LENGTH);
      if (ocsp) {
        decoded.clear();
        errors += SctList.decodeInto(ocspSctList, 0, ocspSctList.length,
            SctOrigin.OCSP_RESPONSE, decoded);
        verifyAll(decoded, buf, entryLen, time, distrustAfter, out);
      }
      if (tls) {
        decoded.clear();
        errors += SctList.decodeInto(tlsSctList, 0, tlsSctList.length, SctOrigin.TLS_EXTENSION,
            decoded);
        verifyAll(decoded, buf, entryLen, time, distrustAfter, out);
      }
    }
    return new Verified(out, errors);
  }

  private void verifyAll(List<Sct> scts, byte[] buf, int entryLen, long time, long distrustAfter,
      List<VerifiedSct> out) throws PkixException {
    for (Sct sct : scts) {
      out.add(verifyOne(sct, buf, entryLen, time, distrustAfter));
    }
  }

  /**
   * One SCT; {@code buf} holds the log entry at {@link CtSignedData#HEADER_LENGTH} for {@code
   * entryLen} bytes and room for the extensions after it.
   */
  private VerifiedSct verifyOne(Sct sct, byte[] buf, int entryLen, long time, long distrustAfter)
      throws PkixException {
    CtLog log = logs.byId(sct.logId(), 0);
    LogKey key = log == null ? null : keys.get(log);
    if (key == null) {
      return new VerifiedSct(sct, SctStatus.UNKNOWN_LOG, null);
    }
    if (sct.hashAlgorithm() != HASH_SHA256
        || sct.signatureAlgorithm() != key.tlsSignatureAlgorithm()) {
      return new VerifiedSct(sct, SctStatus.INVALID_SIGNATURE, log);
    }
    CtSignedData.writeHeader(sct.timestampMillis(), buf);
    int end = CtSignedData.writeExtensions(sct.extensions(), buf,
        CtSignedData.HEADER_LENGTH + entryLen);
    Input signature = Input.of(sct.signature());
    byte[] cacheKey = VerifiedSignatureCache.key(key.algorithm(), buf, 0, end, signature,
        key.spki());
    if (!verified.contains(cacheKey)) {
      Result r = signatures.verify(key.algorithm(), buf, 0, end, signature, key.spki());
      if (r != Result.SUCCESS) {
        if (r.isFatal()) {
          throw new PkixException(r);
        }
        return new VerifiedSct(sct, SctStatus.INVALID_SIGNATURE, log);
      }
      verified.add(cacheKey);
    }
    long seconds = sct.timestampSeconds();
    if (seconds > time) {
      return new VerifiedSct(sct, SctStatus.FUTURE, log);
    }
    if (seconds > distrustAfter) {
      return new VerifiedSct(sct, SctStatus.AFTER_DISTRUST, log);
    }
    return new VerifiedSct(sct, SctStatus.VALID, log);
  }

  /** This thread's scratch buffer, grown to at least {@code size} bytes. */
  private static byte[] scratch(int size) {
    byte[][] holder = SCRATCH.get();
    byte[] b = holder[0];
    if (b == null || b.length < size) {
      b = new byte[Math.max(size, 8192)];
      holder[0] = b;
    }
    return b;
  }
}
