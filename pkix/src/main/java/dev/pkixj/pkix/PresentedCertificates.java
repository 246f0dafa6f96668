package dev.pkixj.pkix;

import dev.pkixj.pkix.der.Input;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;

/**
 * The certificates a peer presented, for one verification: parsed once (through the shared
 * {@link Cert#of}) and, when there are many, indexed by subject, so that path building's
 * issuer lookups cost the same for a server that sends thousands of look-alike certificates as
 * for one that sends two (a linear scan per lookup made the 200,000-call budget cost seconds).
 * Not thread-safe: it belongs to one trust domain, which serves one verification.
 */
public final class PresentedCertificates {
  /** From this many certificates on, lookups go through indexes instead of a scan. */
  static final int INDEX_FROM = 16;

  private final List<byte[]> ders;
  /** Resolved on first use; null entries do not parse (and are never offered). */
  private Cert[] certs;
  private HashMap<Input, Cert[]> bySubject;
  private HashSet<ByteBuffer> fingerprints;

  public PresentedCertificates(List<byte[]> ders) {
    this.ders = ders;
  }

  /** All of them, in the order sent; null where a certificate does not parse. */
  public Cert[] all() {
    Cert[] c = certs;
    if (c == null) {
      c = new Cert[ders.size()];
      for (int i = 0; i < c.length; i++) {
        try {
          c[i] = CertCache.shared().get(ders.get(i));
        } catch (PkixException e) {
          c[i] = null;
        }
      }
      certs = c;
    }
    return c;
  }

  /**
   * The candidates for an issuer named {@code name}, in the order sent: a superset that may hold
   * nulls and other names (callers keep the entries whose subject is {@code name}, as they would
   * with {@link #all()}); exactly those with that subject when there are many.
   */
  public Cert[] candidates(Input name) {
    Cert[] all = all();
    if (all.length < INDEX_FROM) {
      return all;
    }
    if (bySubject == null) {
      HashMap<Input, Cert[]> m = new HashMap<>();
      for (Cert c : all) {
        if (c != null) {
          m.merge(c.subject(), new Cert[] {c}, PresentedCertificates::append);
        }
      }
      bySubject = m;
    }
    Cert[] hit = bySubject.get(name);
    return hit == null ? new Cert[0] : hit;
  }

  private static Cert[] append(Cert[] a, Cert[] b) {
    Cert[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** True if {@code c} (the same bytes) was presented. */
  public boolean contains(Cert c) {
    Cert[] all = all();
    if (all.length < INDEX_FROM) {
      for (Cert p : all) {
        if (p == c || (p != null && Arrays.equals(p.der(), c.der()))) {
          return true;
        }
      }
      return false;
    }
    if (fingerprints == null) {
      HashSet<ByteBuffer> s = new HashSet<>();
      for (Cert p : all) {
        if (p != null) {
          s.add(ByteBuffer.wrap(p.sha256()));
        }
      }
      fingerprints = s;
    }
    return fingerprints.contains(ByteBuffer.wrap(c.sha256()));
  }
}
