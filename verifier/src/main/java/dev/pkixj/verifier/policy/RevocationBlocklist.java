package dev.pkixj.verifier.policy;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.truststore.onecrl.OneCrl;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Actively distrusted certificates, the way Firefox's OneCRL works (spec §5.1; docs/onecrl.md): a
 * thin view over the truststore's {@link OneCrl}, whose entries name a certificate either by
 * issuer name and serial number, or by subject name and the SHA-256 hash of its
 * SubjectPublicKeyInfo. A listed certificate fails in {@code GetCertTrust}, before any other
 * check, with {@link Result#SEC_ERROR_REVOKED_CERTIFICATE}, wherever it appears in a TLS chain
 * (end-entity, intermediate or root), on every candidate path. Firefox applies it to TLS server
 * verification only.
 *
 * <p>Names and serials are compared byte for byte, as OneCRL does: the issuer and subject are DER
 * Names (tag and length included), the serial is the contents of the serialNumber INTEGER.
 *
 * <p>Which entry refused a chain is not recorded during the search (the per-certificate check
 * stays a lookup); {@link #matchIn} finds it afterwards, for reports.
 *
 * <p>Immutable and thread-safe.
 */
public final class RevocationBlocklist {
  private static final RevocationBlocklist EMPTY = new RevocationBlocklist(OneCrl.EMPTY);

  private final OneCrl oneCrl;

  private RevocationBlocklist(OneCrl oneCrl) {
    this.oneCrl = oneCrl;
  }

  public static RevocationBlocklist empty() {
    return EMPTY;
  }

  /** The blocklist of these OneCRL entries. */
  public static RevocationBlocklist of(OneCrl oneCrl) {
    Objects.requireNonNull(oneCrl, "oneCrl");
    return oneCrl.isEmpty() ? EMPTY : new RevocationBlocklist(oneCrl);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The entries. */
  public OneCrl oneCrl() {
    return oneCrl;
  }

  public boolean isEmpty() {
    return oneCrl.isEmpty();
  }

  public int size() {
    return oneCrl.size();
  }

  /** True if {@code cert} is listed by issuer and serial, or by subject and key. */
  public boolean isRevoked(Cert cert) {
    return oneCrl.match(cert) != null;
  }

  /**
   * The OneCRL entry that refused a verification, and where.
   *
   * @param entry the entry
   * @param certIndex the index of the listed certificate in the reported chain, or -1 when it is
   *     not in that chain (a certificate of another candidate path, found among those presented)
   */
  public record Match(OneCrl.Entry entry, int certIndex) {
    public Match {
      Objects.requireNonNull(entry, "entry");
    }
  }

  /**
   * Which entry refused a verification whose result was REVOKED_CERTIFICATE: the first listed
   * certificate of the reported {@code chain} (its index), else the first listed certificate
   * among those {@code presented} (index -1: it was on a candidate path that is not the one
   * reported), else null (the revocation came from elsewhere, e.g. CRLite or OCSP, or from a
   * listed certificate of the trust store that is neither in the chain nor presented). Meant to
   * be called after the fact, only for revoked results; it costs a lookup per certificate.
   */
  public Match matchIn(List<Cert> chain, List<Cert> presented) {
    if (oneCrl.isEmpty()) {
      return null;
    }
    for (int i = 0; i < chain.size(); i++) {
      OneCrl.Entry e = oneCrl.match(chain.get(i));
      if (e != null) {
        return new Match(e, i);
      }
    }
    for (Cert c : presented) {
      OneCrl.Entry e = oneCrl.match(c);
      if (e != null) {
        return new Match(e, -1);
      }
    }
    return null;
  }

  /** SHA-256 of the SubjectPublicKeyInfo (tag and length included), as OneCRL's pubKeyHash. */
  public static byte[] spkiSha256(Cert cert) {
    Input spki = cert.subjectPublicKeyInfo();
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(unsafeGetData(spki), spki.off(), spki.len());
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "RevocationBlocklist(" + oneCrl.size() + " entries)";
  }

  /** Collects entries (named {@code builder-N} in the order given, duplicates dropped). */
  public static final class Builder {
    private final List<OneCrl.Entry> entries = new ArrayList<>();

    private Builder() {}

    private Builder add(OneCrl.Kind kind, byte[] name, byte[] value) {
      for (OneCrl.Entry e : entries) {
        if (e.kind() == kind && Arrays.equals(e.name(), name)
            && Arrays.equals(e.value(), value)) {
          return this;
        }
      }
      entries.add(new OneCrl.Entry("builder-" + (entries.size() + 1), 0, kind, name, value,
          null));
      return this;
    }

    /**
     * Lists the certificate with this issuer (a DER Name) and serial number (the INTEGER's
     * contents, e.g. {@code {0x01, 0x23}}).
     */
    public Builder issuerSerial(byte[] issuerNameDer, byte[] serialContents) {
      return add(OneCrl.Kind.ISSUER_SERIAL, issuerNameDer, serialContents);
    }

    /** Lists every certificate with this subject (a DER Name) and SPKI SHA-256 hash. */
    public Builder subjectKey(byte[] subjectNameDer, byte[] spkiSha256) {
      if (spkiSha256.length != 32) {
        throw new IllegalArgumentException("a SHA-256 hash has 32 bytes");
      }
      return add(OneCrl.Kind.SUBJECT_KEY, subjectNameDer, spkiSha256);
    }

    /** Lists {@code cert} by its issuer and serial number. */
    public Builder cert(Cert cert) {
      return issuerSerial(cert.issuer().toByteArray(), cert.serialNumber().toByteArray());
    }

    /** Lists every certificate with {@code cert}'s subject and key (e.g. all its re-issues). */
    public Builder subjectAndKeyOf(Cert cert) {
      return subjectKey(cert.subject().toByteArray(), spkiSha256(cert));
    }

    public RevocationBlocklist build() {
      return of(OneCrl.of(entries));
    }
  }
}
