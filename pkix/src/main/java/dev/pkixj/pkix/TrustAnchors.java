package dev.pkixj.pkix;

import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable set of trust anchors indexed by subject name, shared by all verifications.
 *
 * <p>Anchors are kept as DER and offered to path building unparsed, as Firefox does for its
 * built-in roots (a malformed root then fails as that candidate's error). The index is keyed by a
 * hash of the DER subject Name and confirmed by byte equality; reads take no lock.
 */
public final class TrustAnchors {
  /** One anchor: its DER, its subject Name (TLV) and whether it counts as a built-in root. */
  public record Anchor(byte[] der, Input subject, boolean builtIn) {}

  private static final Anchor[] NONE = new Anchor[0];

  private final List<Anchor> anchors;
  private final Int2ObjectOpenHashMap<Anchor[]> bySubject;
  private final Int2ObjectOpenHashMap<Anchor[]> byDer;

  private TrustAnchors(List<Anchor> anchors) {
    this.anchors = List.copyOf(anchors);
    this.bySubject = new Int2ObjectOpenHashMap<>(anchors.size() * 2);
    this.byDer = new Int2ObjectOpenHashMap<>(anchors.size() * 2);
    for (Anchor a : anchors) {
      add(bySubject, a.subject().hashCode(), a);
      add(byDer, CertCache.hash(a.der()), a);
    }
  }

  private static void add(Int2ObjectOpenHashMap<Anchor[]> map, int key, Anchor a) {
    Anchor[] old = map.get(key);
    if (old == null) {
      map.put(key, new Anchor[] {a});
    } else {
      Anchor[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = a;
      map.put(key, grown);
    }
  }

  /**
   * Anchors from DER certificates, in order (order is the order candidates are tried). A DER
   * whose subject cannot even be located is kept out of the index (it can never match an issuer
   * name) but still counts for {@link #isAnchor}.
   */
  public static TrustAnchors of(Collection<byte[]> ders, boolean builtIn) {
    List<Anchor> list = new ArrayList<>(ders.size());
    for (byte[] der : ders) {
      Input subject = locateSubject(der);
      list.add(new Anchor(der, subject == null ? Input.EMPTY : subject, builtIn));
    }
    return new TrustAnchors(list);
  }

  public static TrustAnchors empty() {
    return new TrustAnchors(List.of());
  }

  public List<Anchor> all() {
    return anchors;
  }

  public int size() {
    return anchors.size();
  }

  /** Anchors whose subject is exactly {@code name} (a Name TLV), in insertion order. */
  public Anchor[] bySubject(Input name) {
    Anchor[] bucket = bySubject.get(name.hashCode());
    if (bucket == null) {
      return NONE;
    }
    int matching = 0;
    for (Anchor a : bucket) {
      if (a.subject().contentEquals(name)) {
        matching++;
      }
    }
    if (matching == bucket.length) {
      return bucket;
    }
    Anchor[] out = new Anchor[matching];
    int i = 0;
    for (Anchor a : bucket) {
      if (a.subject().contentEquals(name)) {
        out[i++] = a;
      }
    }
    return out;
  }

  /**
   * The anchor whose DER is byte-identical to {@code der}, or null. Indexed by a cheap hash of
   * the DER's tail (in the signature) and confirmed by comparing the whole DER: called for every
   * certificate of every path, so it must not read the whole DER twice.
   */
  public Anchor find(byte[] der) {
    Anchor[] bucket = byDer.get(CertCache.hash(der));
    if (bucket != null) {
      for (Anchor a : bucket) {
        if (Arrays.equals(a.der(), der)) {
          return a;
        }
      }
    }
    return null;
  }

  public boolean isAnchor(byte[] der) {
    return find(der) != null;
  }

  /**
   * Finds the subject Name of a certificate by walking its outer structure only (the strict parse
   * happens when the anchor is used). Returns null when even that fails.
   */
  static Input locateSubject(byte[] der) {
    try {
      DerReader r = new DerReader(der, 0, der.length);
      DerReader cert = r.expectNested(DerReader.SEQUENCE);
      DerReader tbs = cert.expectNested(DerReader.SEQUENCE);
      if (tbs.peek(DerReader.CONTEXT_SPECIFIC | DerReader.CONSTRUCTED)) {
        tbs.readTlv(); // version
      }
      tbs.readTlv(); // serialNumber
      tbs.readTlv(); // signature
      tbs.readTlv(); // issuer
      tbs.readTlv(); // validity
      return tbs.expectTlv(DerReader.SEQUENCE);
    } catch (PkixException e) {
      return null;
    }
  }
}
