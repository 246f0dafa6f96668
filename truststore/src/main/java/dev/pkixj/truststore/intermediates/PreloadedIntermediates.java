package dev.pkixj.truststore.intermediates;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.pkix.names.NameDisplay;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of preloaded intermediate certificates (Firefox's {@code cert_storage} certificates from
 * the Remote Settings collection {@code security-state/intermediates}; spec
 * firefox-security-state.md section 1, docs/intermediates.md). Immutable and thread-safe: one
 * set is shared by every verification.
 *
 * <p>Path building looks certificates up by the <b>exact DER bytes</b> of their subject Name
 * ({@link #bySubject}), as cert_storage's {@code find_certs_by_subject} does: through a hash of
 * the name, confirmed by byte equality, without copying the name or allocating. Preloading never
 * makes a certificate a trust anchor: the trust domain offers these as issuer candidates only,
 * and their trust is whatever the trust store says for the same DER (usually: inherited).
 *
 * <p>Each certificate is kept once (by its DER); the first entry given for a DER wins.
 */
public final class PreloadedIntermediates {
  /**
   * One preloaded certificate and where it came from.
   *
   * @param cert the certificate (parsed with {@link Cert#of})
   * @param recordId the Remote Settings record id, or "" when it came from a plain file
   * @param lastModified the record's {@code last_modified} (ms since the epoch), 0 when unknown
   * @param origin where it was imported from (a file name, a file and record, or a changeset
   *     URL); informative
   */
  public record Entry(Cert cert, String recordId, long lastModified, String origin) {
    public Entry {
      Objects.requireNonNull(cert, "cert");
      Objects.requireNonNull(recordId, "recordId");
      Objects.requireNonNull(origin, "origin");
    }

    /** The SHA-256 of the DER in lower-case hex (the certificate's fingerprint). */
    public String sha256Hex() {
      return HexFormat.of().formatHex(cert.sha256());
    }

    /** Firefox's {@code derHash}: the SHA-256 of the DER in standard base64. */
    public String derHash() {
      return Base64.getEncoder().encodeToString(cert.sha256());
    }

    /** The subject as RFC 4514 text, for display and selection. */
    public String subject() {
      return NameDisplay.name(cert.subject());
    }
  }

  private static final Cert[] NONE = new Cert[0];

  /** No preloaded certificates: every lookup finds nothing, at no cost. */
  public static final PreloadedIntermediates EMPTY = new PreloadedIntermediates(List.of());

  private final List<Entry> entries;
  /** Subject hash → groups of certificates with the same subject bytes, in entry order. */
  private final Int2ObjectOpenHashMap<Cert[][]> bySubject = new Int2ObjectOpenHashMap<>();
  /** {@link Cert#contentHash()} → entries with that hash. */
  private final Int2ObjectOpenHashMap<Entry[]> byDer = new Int2ObjectOpenHashMap<>();

  private PreloadedIntermediates(Collection<Entry> given) {
    List<Entry> kept = new ArrayList<>(given.size());
    for (Entry e : given) {
      Objects.requireNonNull(e, "entry");
      if (find(e.cert()) != null) {
        continue;
      }
      kept.add(e);
      int h = e.cert().contentHash();
      Entry[] old = byDer.get(h);
      if (old == null) {
        byDer.put(h, new Entry[] {e});
      } else {
        Entry[] grown = Arrays.copyOf(old, old.length + 1);
        grown[old.length] = e;
        byDer.put(h, grown);
      }
      addBySubject(e.cert());
    }
    this.entries = List.copyOf(kept);
  }

  private void addBySubject(Cert c) {
    int h = c.subject().hashCode();
    Cert[][] groups = bySubject.get(h);
    if (groups == null) {
      bySubject.put(h, new Cert[][] {{c}});
      return;
    }
    for (int i = 0; i < groups.length; i++) {
      if (groups[i][0].subject().contentEquals(c.subject())) {
        Cert[] g = Arrays.copyOf(groups[i], groups[i].length + 1);
        g[groups[i].length] = c;
        groups[i] = g;
        return;
      }
    }
    Cert[][] grown = Arrays.copyOf(groups, groups.length + 1);
    grown[groups.length] = new Cert[] {c};
    bySubject.put(h, grown);
  }

  /** A set of these entries (a DER given twice is kept once, the first entry winning). */
  public static PreloadedIntermediates of(Collection<Entry> entries) {
    Objects.requireNonNull(entries, "entries");
    return entries.isEmpty() ? EMPTY : new PreloadedIntermediates(entries);
  }

  /**
   * The certificates whose subject Name is exactly {@code encodedName} (its DER bytes), in entry
   * order; an empty array if none. The array is shared: the caller must not change it.
   */
  public Cert[] bySubject(Input encodedName) {
    if (entries.isEmpty()) {
      return NONE;
    }
    Cert[][] groups = bySubject.get(encodedName.hashCode());
    if (groups != null) {
      for (Cert[] g : groups) {
        if (g[0].subject().contentEquals(encodedName)) {
          return g;
        }
      }
    }
    return NONE;
  }

  /** True if a certificate with the same DER as {@code cert} is in this set. */
  public boolean contains(Cert cert) {
    return !entries.isEmpty() && find(cert) != null;
  }

  /** The entry of the certificate with {@code cert}'s DER, if it is in this set. */
  public Optional<Entry> entry(Cert cert) {
    return entries.isEmpty() ? Optional.empty() : Optional.ofNullable(find(cert));
  }

  private Entry find(Cert cert) {
    Entry[] bucket = byDer.get(cert.contentHash());
    if (bucket != null) {
      for (Entry e : bucket) {
        if (e.cert() == cert || Arrays.equals(e.cert().der(), cert.der())) {
          return e;
        }
      }
    }
    return null;
  }

  /** Every entry, in the order given (duplicates removed). */
  public List<Entry> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public String toString() {
    return "PreloadedIntermediates(" + entries.size() + " certificates)";
  }
}
