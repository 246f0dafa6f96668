package dev.pkixj.truststore.onecrl;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.der.Input;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Firefox's OneCRL as data (docs/onecrl.md; spec firefox-security-state.md section 2): a set of
 * entries, each naming certificates either by issuer Name and serial number or by subject Name
 * and the SHA-256 of the SubjectPublicKeyInfo. {@link #match} looks a certificate up the way
 * Firefox's cert_storage {@code get_revocation_state} does: issuer and serial first, then subject
 * and key hash; a match means {@code SEC_ERROR_REVOKED_CERTIFICATE} in GetCertTrust (TLS server
 * verification only; that choice is the caller's).
 *
 * <p>Bytes are compared exactly: names are whole DER Names (tag and length included), the serial
 * is the content octets of the serialNumber INTEGER (a leading 0x00 kept), the key hash is over
 * the whole SPKI DER.
 *
 * <p>Immutable and thread-safe. {@link #match} is on the per-chain path: it copies nothing from
 * the certificate (content hashes and comparisons read the {@link Input}s in place), allocates
 * nothing, and hashes the SPKI only when an entry with the certificate's subject exists.
 */
public final class OneCrl {
  /** How an entry names certificates. */
  public enum Kind {
    /** Issuer DER Name and serial number content octets ({@code issuerName}, {@code serialNumber}). */
    ISSUER_SERIAL,
    /** Subject DER Name and SHA-256 of the SPKI DER ({@code subject}, {@code pubKeyHash}). */
    SUBJECT_KEY
  }

  /**
   * The record's {@code details}, for people (Firefox does not read them); each may be null.
   */
  public record Details(String bug, String who, String why, String name, String created) {
    /** All null. */
    public static final Details NONE = new Details(null, null, null, null, null);

    /** True if no member is set. */
    public boolean isEmpty() {
      return bug == null && who == null && why == null && name == null && created == null;
    }
  }

  /**
   * One entry.
   *
   * @param id the record id
   * @param lastModified the record's {@code last_modified} (ms since the epoch; 0 if it had none)
   * @param kind how it names certificates
   * @param name the issuer DER Name ({@link Kind#ISSUER_SERIAL}) or subject DER Name
   * @param value the serial number's content octets, or the SPKI's SHA-256 (32 bytes)
   * @param details the record's details, {@link Details#NONE} if it had none
   */
  public record Entry(String id, long lastModified, Kind kind, byte[] name, byte[] value,
      Details details) {
    public Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(kind, "kind");
      name = Objects.requireNonNull(name, "name").clone();
      value = Objects.requireNonNull(value, "value").clone();
      if (kind == Kind.SUBJECT_KEY && value.length != 32) {
        throw new IllegalArgumentException("a SHA-256 hash has 32 bytes, not " + value.length);
      }
      details = details == null ? Details.NONE : details;
    }

    /** An issuer-and-serial entry. */
    public static Entry issuerSerial(String id, long lastModified, byte[] issuerDer,
        byte[] serialContents, Details details) {
      return new Entry(id, lastModified, Kind.ISSUER_SERIAL, issuerDer, serialContents, details);
    }

    /** A subject-and-key entry. */
    public static Entry subjectKey(String id, long lastModified, byte[] subjectDer,
        byte[] spkiSha256, Details details) {
      return new Entry(id, lastModified, Kind.SUBJECT_KEY, subjectDer, spkiSha256, details);
    }

    /** A copy of the issuer or subject DER Name. */
    @Override
    public byte[] name() {
      return name.clone();
    }

    /** A copy of the serial's content octets or of the key hash. */
    @Override
    public byte[] value() {
      return value.clone();
    }

    /** True if the two byte strings are these (no copy). */
    boolean sameKey(Entry o) {
      return kind == o.kind && Arrays.equals(name, o.name) && Arrays.equals(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && e.id.equals(id) && e.lastModified == lastModified
          && sameKey(e) && e.details.equals(details);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, lastModified, kind, Arrays.hashCode(name), Arrays.hashCode(value),
          details);
    }

    @Override
    public String toString() {
      HexFormat hex = HexFormat.of();
      return "Entry[" + id + ", " + kind + ", "
          + (kind == Kind.ISSUER_SERIAL ? "issuer " : "subject ") + hex.formatHex(name)
          + (kind == Kind.ISSUER_SERIAL ? ", serial " : ", key SHA-256 ") + hex.formatHex(value)
          + "]";
    }
  }

  /** No entries: {@link #match} returns null at once. */
  public static final OneCrl EMPTY = new OneCrl(List.of(), null, null);

  private final List<Entry> entries;
  /** Issuer-and-serial entries by {@code 31 * hash(issuer) + hash(serial)}; null if none. */
  private final Table issuerSerial;
  /** Subject-and-key entries by {@code hash(subject)}; null if none. */
  private final Table subjectKey;

  private OneCrl(List<Entry> entries, Table issuerSerial, Table subjectKey) {
    this.entries = entries;
    this.issuerSerial = issuerSerial;
    this.subjectKey = subjectKey;
  }

  /**
   * These entries, in this order.
   *
   * @throws IllegalArgumentException two entries have the same id
   */
  public static OneCrl of(Collection<Entry> entries) {
    if (entries.isEmpty()) {
      return EMPTY;
    }
    List<Entry> list = List.copyOf(entries);
    Set<String> ids = new HashSet<>();
    List<Entry> is = new ArrayList<>();
    List<Entry> sk = new ArrayList<>();
    for (Entry e : list) {
      if (!ids.add(e.id())) {
        throw new IllegalArgumentException("two entries have the id " + e.id());
      }
      (e.kind() == Kind.ISSUER_SERIAL ? is : sk).add(e);
    }
    return new OneCrl(list, is.isEmpty() ? null : Table.of(is, true),
        sk.isEmpty() ? null : Table.of(sk, false));
  }

  /** The number of entries. */
  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The entries, in the order given to {@link #of}. */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * The entry that revokes {@code cert}, or null: an issuer-and-serial entry with the
   * certificate's issuer Name and serial number first, else a subject-and-key entry with its
   * subject Name and the SHA-256 of its SPKI (Firefox cert_storage {@code get_revocation_state}).
   * When several entries name the same certificate, one of them (always the same) is returned.
   */
  public Entry match(Cert cert) {
    Table t = issuerSerial;
    if (t != null) {
      Input issuer = cert.issuer();
      Input serial = cert.serialNumber();
      int h = 31 * issuer.hashCode() + serial.hashCode();
      for (int i = h & t.mask; t.slots[i] != null; i = (i + 1) & t.mask) {
        Entry e = t.slots[i];
        if (t.hashes[i] == h && issuer.contentEquals(e.name) && serial.contentEquals(e.value)) {
          return e;
        }
      }
    }
    t = subjectKey;
    if (t != null) {
      Input subject = cert.subject();
      int h = subject.hashCode();
      byte[] digest = null;
      for (int i = h & t.mask; t.slots[i] != null; i = (i + 1) & t.mask) {
        Entry e = t.slots[i];
        if (t.hashes[i] == h && subject.contentEquals(e.name)) {
          if (digest == null) {
            digest = spkiSha256(cert.subjectPublicKeyInfo());
          }
          if (Arrays.equals(digest, e.value)) {
            return e;
          }
        }
      }
    }
    return null;
  }

  /** True if {@link #match} finds an entry. */
  public boolean isRevoked(Cert cert) {
    return match(cert) != null;
  }

  /** Equal if the entries are, in the same order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof OneCrl c && c.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "OneCrl(" + entries.size() + " entries)";
  }

  // --- lookup ------------------------------------------------------------------------------------

  /** One SHA-256 and its output buffer per thread (no allocation per certificate). */
  private static final class Sha256 {
    final MessageDigest md;
    final byte[] out = new byte[32];

    Sha256() {
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 missing from the JDK", e);
      }
    }
  }

  private static final ThreadLocal<Sha256> SHA256 = ThreadLocal.withInitial(Sha256::new);

  /** The SHA-256 of the SPKI DER into this thread's buffer (valid until its next call). */
  private static byte[] spkiSha256(Input spki) {
    Sha256 s = SHA256.get();
    s.md.reset();
    s.md.update(unsafeGetData(spki), spki.off(), spki.len());
    try {
      s.md.digest(s.out, 0, 32);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
    return s.out;
  }

  /** SHA-256 of a SubjectPublicKeyInfo DER, as OneCRL's {@code pubKeyHash} (a new array). */
  public static byte[] pubKeyHash(byte[] spkiDer) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(spkiDer);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** An open-addressing table (linear probing, at most half full) of entries by content hash. */
  private static final class Table {
    final int mask;
    final int[] hashes;
    final Entry[] slots;

    private Table(int capacity) {
      mask = capacity - 1;
      hashes = new int[capacity];
      slots = new Entry[capacity];
    }

    static Table of(List<Entry> entries, boolean issuerSerial) {
      int cap = Integer.highestOneBit(Math.max(2, entries.size()) * 2 - 1) << 1;
      Table t = new Table(cap);
      for (Entry e : entries) {
        int h = issuerSerial ? 31 * Input.hash(e.name, 0, e.name.length)
            + Input.hash(e.value, 0, e.value.length) : Input.hash(e.name, 0, e.name.length);
        int i = h & t.mask;
        while (t.slots[i] != null) {
          i = (i + 1) & t.mask;
        }
        t.slots[i] = e;
        t.hashes[i] = h;
      }
      return t;
    }
  }
}
