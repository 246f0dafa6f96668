package dev.pkixj.pkix.crl;

import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.SignatureAlgorithm;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.sig.SignatureVerifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A DER X.509 v2 certificate revocation list (RFC 5280 §5), parsed strictly and within fixed
 * bounds (docs/limits.md, "CRLs"): at most {@link #MAX_BYTES} bytes and {@link #MAX_ENTRIES}
 * revoked certificates. The parser only decodes; what the strict profile requires of a CRL
 * (signature, issuer, crlNumber, times, scope) is judged by its caller from the fields here
 * (docs/strict-profile.md, the CRL rules).
 *
 * <p>The array given to {@link #parse} is kept, not copied: the fields are slices of it.
 */
public final class Crl {
  /** The largest CRL accepted, in bytes (16 MiB). */
  public static final int MAX_BYTES = 16 << 20;
  /** The most revoked-certificate entries accepted. */
  public static final int MAX_ENTRIES = 1_000_000;
  /** The most extensions accepted on the CRL or on one entry. */
  public static final int MAX_EXTENSIONS = 64;

  private static final byte[] ID_CE_CRL_NUMBER = {0x55, 0x1d, 0x14};
  private static final byte[] ID_CE_DELTA_CRL_INDICATOR = {0x55, 0x1d, 0x1b};
  private static final byte[] ID_CE_ISSUING_DISTRIBUTION_POINT = {0x55, 0x1d, 0x1c};
  private static final byte[] ID_CE_AUTHORITY_KEY_IDENTIFIER = {0x55, 0x1d, 0x23};
  private static final int CSC = DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED;

  /** One extension of the CRL: its OID (contents), criticality and extnValue contents. */
  public record Extension(Input oid, boolean critical, Input value) {}

  private final Input signedData;
  private final Input signatureAlgorithm;
  private final Input signature;
  private final int version;
  private final Input issuer;
  private final long thisUpdate;
  private final long nextUpdate;
  private final Set<Input> revokedSerials;
  private final boolean criticalEntryExtension;
  private final boolean duplicateEntry;
  private final List<Extension> extensions;
  private Extension crlNumber;
  private Extension deltaCrlIndicator;
  private Extension issuingDistributionPoint;
  private Extension authorityKeyIdentifier;
  private boolean unknownCriticalExtension;

  private Crl(byte[] der) throws PkixException {
    if (der.length > MAX_BYTES) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER);
    }
    // The outer SEQUENCE, the TBSCertList and revokedCertificates may be longer than the DER
    // reader's 65,535 bytes: their headers are read here (up to 4 length bytes, bounded by
    // MAX_BYTES); every other value goes through DerReader.
    long list = header(der, 0, der.length, DerReader.SEQUENCE);
    int listOff = valueOff(list);
    int listEnd = listOff + valueLen(list);
    if (listEnd != der.length) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER);
    }
    long tbsHeader = header(der, listOff, listEnd, DerReader.SEQUENCE);
    int tbsOff = valueOff(tbsHeader);
    int tbsEnd = tbsOff + valueLen(tbsHeader);
    signedData = new Input(der, listOff, tbsEnd - listOff);
    DerReader rest = new DerReader(der, tbsEnd, listEnd - tbsEnd);
    signatureAlgorithm = rest.expectValue(DerReader.SEQUENCE);
    signature = rest.readBitStringNoUnusedBits();
    rest.end();

    DerReader tbs = new DerReader(der, tbsOff, tbsEnd - tbsOff);
    version = tbs.peek(DerReader.INTEGER) ? tbs.readSmallInteger(DerReader.INTEGER) : 0;
    if (version > 1) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER);
    }
    tbs.expectValue(DerReader.SEQUENCE); // the inner signature algorithm
    issuer = tbs.expectTlv(DerReader.SEQUENCE);
    thisUpdate = tbs.readTime();
    nextUpdate = tbs.peek(DerReader.UTC_TIME) || tbs.peek(DerReader.GENERALIZED_TIME)
        ? tbs.readTime() : Long.MAX_VALUE;
    Set<Input> serials = new HashSet<>();
    boolean entryCritical = false;
    boolean duplicate = false;
    int after = tbs.pos();
    if (tbs.peek(DerReader.SEQUENCE)) {
      long entriesHeader = header(der, tbs.pos(), tbsEnd, DerReader.SEQUENCE);
      int entriesOff = valueOff(entriesHeader);
      after = entriesOff + valueLen(entriesHeader);
      DerReader entries = new DerReader(der, entriesOff, after - entriesOff);
      while (!entries.atEnd()) {
        if (serials.size() >= MAX_ENTRIES) {
          throw new PkixException(Result.SEC_ERROR_BAD_DER);
        }
        DerReader entry = entries.expectNested(DerReader.SEQUENCE);
        entry.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.ANY);
        Input serial = entry.value();
        entry.readTime();
        if (!entry.atEnd()) {
          for (Extension e : readExtensions(entry.expectNested(DerReader.SEQUENCE))) {
            entryCritical |= e.critical();
          }
        }
        entry.end();
        duplicate |= !serials.add(serial);
      }
    }
    revokedSerials = Collections.unmodifiableSet(serials);
    criticalEntryExtension = entryCritical;
    duplicateEntry = duplicate;
    tbs = new DerReader(der, after, tbsEnd - after);
    List<Extension> exts = List.of();
    if (tbs.peek(CSC)) {
      DerReader tagged = tbs.expectNested(CSC);
      exts = readExtensions(tagged.expectNested(DerReader.SEQUENCE));
      tagged.end();
    }
    tbs.end();
    extensions = exts;
    for (Extension e : exts) {
      Extension previous;
      if (e.oid().contentEquals(ID_CE_CRL_NUMBER)) {
        previous = crlNumber;
        crlNumber = e;
      } else if (e.oid().contentEquals(ID_CE_DELTA_CRL_INDICATOR)) {
        previous = deltaCrlIndicator;
        deltaCrlIndicator = e;
      } else if (e.oid().contentEquals(ID_CE_ISSUING_DISTRIBUTION_POINT)) {
        previous = issuingDistributionPoint;
        issuingDistributionPoint = e;
      } else if (e.oid().contentEquals(ID_CE_AUTHORITY_KEY_IDENTIFIER)) {
        previous = authorityKeyIdentifier;
        authorityKeyIdentifier = e;
      } else {
        previous = null;
        unknownCriticalExtension |= e.critical();
      }
      if (previous != null) {
        throw new PkixException(Result.SEC_ERROR_EXTENSION_VALUE_INVALID); // duplicate
      }
    }
    if (crlNumber != null) {
      // CRLNumber ::= INTEGER (0..MAX)
      DerReader n = crlNumber.value().reader();
      n.readIntegralBytes(DerReader.INTEGER, DerReader.IntegerRule.ANY);
      n.end();
      if ((n.value().at(0) & 0x80) != 0 || n.value().len() > 21) {
        throw new PkixException(Result.SEC_ERROR_EXTENSION_VALUE_INVALID);
      }
    }
  }

  /**
   * Reads the header of the TLV at {@code off} (before {@code end}), which must have {@code
   * tag}; definite lengths in the shortest form, up to 4 bytes. Returns the value's offset and
   * length packed as {@code (offset << 32) | length}.
   */
  private static long header(byte[] b, int off, int end, int tag) throws PkixException {
    if (end - off < 2 || (b[off] & 0xff) != tag) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER);
    }
    int l1 = b[off + 1] & 0xff;
    int p = off + 2;
    long length;
    if (l1 < 0x80) {
      length = l1;
    } else {
      int n = l1 & 0x7f;
      if (n == 0 || n > 4 || end - p < n || b[p] == 0) {
        throw new PkixException(Result.SEC_ERROR_BAD_DER); // indefinite, too long, not shortest
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (b[p++] & 0xff);
      }
      if (length < 0x80) {
        throw new PkixException(Result.SEC_ERROR_BAD_DER); // not the shortest form
      }
    }
    if (length > end - p) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER);
    }
    return ((long) p << 32) | length;
  }

  private static int valueOff(long header) {
    return (int) (header >>> 32);
  }

  private static int valueLen(long header) {
    return (int) header;
  }

  private static List<Extension> readExtensions(DerReader seq) throws PkixException {
    List<Extension> out = new ArrayList<>();
    if (seq.atEnd()) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER); // SIZE (1..MAX)
    }
    while (!seq.atEnd()) {
      if (out.size() >= MAX_EXTENSIONS) {
        throw new PkixException(Result.SEC_ERROR_BAD_DER);
      }
      DerReader ext = seq.expectNested(DerReader.SEQUENCE);
      Input oid = ext.expectValue(DerReader.OID);
      boolean critical = ext.readOptionalBoolean();
      Input value = ext.expectValue(DerReader.OCTET_STRING);
      ext.end();
      out.add(new Extension(oid, critical, value));
    }
    return out;
  }

  /**
   * Parses one DER CertificateList.
   *
   * @throws PkixException BAD_DER for a malformed or oversized list, INVALID_TIME for a bad time,
   *     EXTENSION_VALUE_INVALID for a duplicate CRL extension or a bad CRLNumber
   */
  public static Crl parse(byte[] der) throws PkixException {
    if (der == null) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER);
    }
    try {
      return new Crl(der);
    } catch (IndexOutOfBoundsException e) {
      throw new PkixException(Result.SEC_ERROR_BAD_DER);
    }
  }

  /** The encoded version: 0 = v1 (absent), 1 = v2. */
  public int version() { return version; }

  /** The issuer Name (TLV). */
  public Input issuer() { return issuer; }

  /** thisUpdate, seconds since the Unix epoch. */
  public long thisUpdate() { return thisUpdate; }

  /** nextUpdate, seconds since the Unix epoch; {@link Long#MAX_VALUE} when absent. */
  public long nextUpdate() { return nextUpdate; }

  public boolean hasNextUpdate() { return nextUpdate != Long.MAX_VALUE; }

  /** True if {@code serial} (INTEGER contents, as {@code Cert.serialNumber()}) is listed. */
  public boolean isRevoked(Input serial) { return revokedSerials.contains(serial); }

  public int revokedCount() { return revokedSerials.size(); }

  /** True if some entry carries a critical extension (none is understood). */
  public boolean hasCriticalEntryExtension() { return criticalEntryExtension; }

  /** True if a serial number is listed twice. */
  public boolean hasDuplicateEntry() { return duplicateEntry; }

  /** The CRL extensions, in order. */
  public List<Extension> extensions() { return extensions; }

  /** The cRLNumber extension, or null. */
  public Extension crlNumber() { return crlNumber; }

  /** The deltaCRLIndicator extension, or null. */
  public Extension deltaCrlIndicator() { return deltaCrlIndicator; }

  /** The issuingDistributionPoint extension, or null. */
  public Extension issuingDistributionPoint() { return issuingDistributionPoint; }

  /** True if a critical extension other than those named above is present. */
  public boolean hasUnknownCriticalExtension() { return unknownCriticalExtension; }

  /**
   * Verifies the CRL's signature with {@code issuerSpki} (a SubjectPublicKeyInfo TLV); the inner
   * and outer algorithms are not compared here.
   */
  public Result verifySignedBy(Input issuerSpki) {
    try {
      SignatureAlgorithm alg = SignatureAlgorithm.parse(signatureAlgorithm.reader());
      return SignatureVerifier.shared().verifySignedData(alg, signedData, signature, issuerSpki);
    } catch (PkixException e) {
      return e.result();
    }
  }
}
