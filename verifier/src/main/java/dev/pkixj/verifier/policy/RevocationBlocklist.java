package dev.pkixj.verifier.policy;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.Input;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Actively distrusted certificates, the way Firefox's OneCRL works (spec §5.1): an entry names a
 * certificate either by issuer name and serial number, or by subject name and the SHA-256 hash of
 * its SubjectPublicKeyInfo. A listed certificate fails in {@code GetCertTrust}, before any other
 * check, with {@link Result#SEC_ERROR_REVOKED_CERTIFICATE}, wherever it appears in a TLS chain
 * (end-entity, intermediate or root). Firefox applies it to TLS server verification only.
 *
 * <p>Names and serials are compared byte for byte, as OneCRL does: the issuer and subject are DER
 * Names (tag and length included), the serial is the contents of the serialNumber INTEGER.
 *
 * <p>Immutable and thread-safe.
 */
public final class RevocationBlocklist {
  private static final RevocationBlocklist EMPTY = new RevocationBlocklist(Set.of(), Set.of());

  private final Set<Key> issuerSerial;
  private final Set<Key> subjectKey;

  private RevocationBlocklist(Set<Key> issuerSerial, Set<Key> subjectKey) {
    this.issuerSerial = issuerSerial;
    this.subjectKey = subjectKey;
  }

  public static RevocationBlocklist empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean isEmpty() {
    return issuerSerial.isEmpty() && subjectKey.isEmpty();
  }

  public int size() {
    return issuerSerial.size() + subjectKey.size();
  }

  /** True if {@code cert} is listed by issuer and serial, or by subject and key. */
  public boolean isRevoked(Cert cert) {
    if (!issuerSerial.isEmpty()
        && issuerSerial.contains(Key.of(cert.issuer(), cert.serialNumber()))) {
      return true;
    }
    return !subjectKey.isEmpty()
        && subjectKey.contains(Key.of(cert.subject(), spkiSha256(cert)));
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

  private static Input input(byte[] b) {
    return Input.of(b);
  }

  /** Collects entries. */
  public static final class Builder {
    private final Set<Key> issuerSerial = new HashSet<>();
    private final Set<Key> subjectKey = new HashSet<>();

    private Builder() {}

    /**
     * Lists the certificate with this issuer (a DER Name) and serial number (the INTEGER's
     * contents, e.g. {@code {0x01, 0x23}}).
     */
    public Builder issuerSerial(byte[] issuerNameDer, byte[] serialContents) {
      issuerSerial.add(Key.of(input(issuerNameDer.clone()), input(serialContents.clone())));
      return this;
    }

    /** Lists every certificate with this subject (a DER Name) and SPKI SHA-256 hash. */
    public Builder subjectKey(byte[] subjectNameDer, byte[] spkiSha256) {
      if (spkiSha256.length != 32) {
        throw new IllegalArgumentException("a SHA-256 hash has 32 bytes");
      }
      subjectKey.add(Key.of(input(subjectNameDer.clone()), input(spkiSha256.clone())));
      return this;
    }

    /** Lists {@code cert} by its issuer and serial number. */
    public Builder cert(Cert cert) {
      issuerSerial.add(Key.of(cert.issuer(), cert.serialNumber()));
      return this;
    }

    /** Lists every certificate with {@code cert}'s subject and key (e.g. all its re-issues). */
    public Builder subjectAndKeyOf(Cert cert) {
      subjectKey.add(Key.of(cert.subject(), spkiSha256(cert)));
      return this;
    }

    public RevocationBlocklist build() {
      if (issuerSerial.isEmpty() && subjectKey.isEmpty()) {
        return EMPTY;
      }
      return new RevocationBlocklist(Set.copyOf(issuerSerial), Set.copyOf(subjectKey));
    }
  }

  /** Two byte strings, compared by content. */
  private static final class Key {
    private final byte[] a;
    private final byte[] b;
    private final int hash;

    private Key(byte[] a, byte[] b) {
      this.a = a;
      this.b = b;
      this.hash = 31 * Arrays.hashCode(a) + Arrays.hashCode(b);
    }

    static Key of(Input a, Input b) {
      return new Key(a.toByteArray(), b.toByteArray());
    }

    static Key of(Input a, byte[] b) {
      return new Key(a.toByteArray(), b);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.a, a)
          && Arrays.equals(k.b, b);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
