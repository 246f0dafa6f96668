package dev.pkixj.truststore;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.TrustDomain;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.truststore.revocation.RevocationChecker;
import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.pkix.der.Input;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything the browser trusts or distrusts, as one immutable, lock-free snapshot shared by all
 * verifications: the built-in roots (read-only: the OS store, certdata.txt or a keystore, never
 * stored in the database), the user's certificates and trust settings from the database, and the
 * intermediates remembered from verified chains.
 *
 * <p>Lookups go through two indexes built once: by a hash of the DER subject Name (issuer
 * candidates) and by a hash of the whole DER (trust of a given certificate); both confirm by byte
 * equality. Certificates that do not parse are dropped at build time and listed in {@link
 * #rejected()}.
 */
public final class TrustStore {
  /** A usable entry: its parsed view and where it stands. */
  public record Stored(Cert cert, TrustEntry entry, boolean builtIn) {}

  private static final Stored[] NONE = new Stored[0];

  private final List<Stored> builtIns;
  private final List<Stored> user;
  private final List<Stored> seen;
  private final List<ImportProblem> rejected;
  /** SHA-256 fingerprints (hex) whose trust state was lost in a corruption: treated as distrusted. */
  private final java.util.Set<String> suspects;
  private final Int2ObjectOpenHashMap<Stored[]> builtInsBySubject;
  private final Int2ObjectOpenHashMap<Stored[]> dbBySubject;
  private final Int2ObjectOpenHashMap<Stored[]> byDer;
  /** Firefox's preloaded intermediates: issuer candidates only, never a source of trust. */
  private final PreloadedIntermediates preloaded;

  /** {@code base} with other preloaded intermediates; everything else is shared. */
  private TrustStore(TrustStore base, PreloadedIntermediates preloaded) {
    this.builtIns = base.builtIns;
    this.user = base.user;
    this.seen = base.seen;
    this.rejected = base.rejected;
    this.suspects = base.suspects;
    this.builtInsBySubject = base.builtInsBySubject;
    this.dbBySubject = base.dbBySubject;
    this.byDer = base.byDer;
    this.preloaded = preloaded;
  }

  private TrustStore(List<TrustEntry> builtInEntries, List<TrustEntry> userEntries,
      List<byte[]> seenDers, List<byte[]> suspectFingerprints) {
    this.builtInsBySubject = new Int2ObjectOpenHashMap<>();
    this.dbBySubject = new Int2ObjectOpenHashMap<>();
    this.byDer = new Int2ObjectOpenHashMap<>();
    this.preloaded = PreloadedIntermediates.EMPTY;
    java.util.Set<String> sus = new java.util.HashSet<>();
    for (byte[] f : suspectFingerprints) {
      sus.add(java.util.HexFormat.of().formatHex(f));
    }
    this.suspects = java.util.Set.copyOf(sus);
    List<ImportProblem> problems = new ArrayList<>();
    this.builtIns = parse(builtInEntries, true, problems);
    this.user = parse(userEntries, false, problems);
    List<TrustEntry> seenEntries = new ArrayList<>(seenDers.size());
    for (byte[] der : seenDers) {
      seenEntries.add(new TrustEntry(der, Trust.INHERIT, null, "", Source.SEEN));
    }
    this.seen = parse(seenEntries, false, problems);
    this.rejected = List.copyOf(problems);
    for (Stored s : builtIns) {
      add(builtInsBySubject, s.cert().subject().hashCode(), s);
      add(byDer, s.cert().contentHash(), s);
    }
    // The database: roots (anchors and distrusted certificates) before others, as NSS does.
    for (Stored s : user) {
      if (s.entry().trust() != Trust.INHERIT) {
        add(dbBySubject, s.cert().subject().hashCode(), s);
      }
    }
    for (Stored s : user) {
      if (s.entry().trust() == Trust.INHERIT) {
        add(dbBySubject, s.cert().subject().hashCode(), s);
      }
    }
    for (Stored s : seen) {
      add(dbBySubject, s.cert().subject().hashCode(), s);
    }
    // A user setting overrides a built-in one for the same certificate: added later, found first.
    for (Stored s : user) {
      addFirst(byDer, s.cert().contentHash(), s);
    }
  }

  private static List<Stored> parse(List<TrustEntry> entries, boolean builtIn,
      List<ImportProblem> problems) {
    List<Stored> out = new ArrayList<>(entries.size());
    for (TrustEntry e : entries) {
      try {
        out.add(new Stored(Cert.of(e.der()), e, builtIn));
      } catch (PkixException ex) {
        problems.add(new ImportProblem(e.source().name().toLowerCase(java.util.Locale.ROOT),
            e.label(), "certificate does not parse: " + ex.result().firefoxName()));
      }
    }
    return List.copyOf(out);
  }

  private static void add(Int2ObjectOpenHashMap<Stored[]> map, int key, Stored s) {
    Stored[] old = map.get(key);
    if (old == null) {
      map.put(key, new Stored[] {s});
    } else {
      Stored[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = s;
      map.put(key, grown);
    }
  }

  private static void addFirst(Int2ObjectOpenHashMap<Stored[]> map, int key, Stored s) {
    Stored[] old = map.get(key);
    if (old == null) {
      map.put(key, new Stored[] {s});
    } else {
      Stored[] grown = new Stored[old.length + 1];
      grown[0] = s;
      System.arraycopy(old, 0, grown, 1, old.length);
      map.put(key, grown);
    }
  }

  /**
   * A store of built-in roots, the user's entries (from the database) and remembered
   * intermediates.
   */
  public static TrustStore of(List<TrustEntry> builtIns, List<TrustEntry> user,
      List<byte[]> seenIntermediates) {
    return new TrustStore(builtIns, user, seenIntermediates, List.of());
  }

  /**
   * As {@link #of(List, List, List)}, with the SHA-256 fingerprints of certificates whose trust
   * setting was lost in a database corruption: they are treated as actively distrusted, so that a
   * damaged database can never make a verification accept what it would otherwise reject.
   */
  public static TrustStore of(List<TrustEntry> builtIns, List<TrustEntry> user,
      List<byte[]> seenIntermediates, List<byte[]> suspects) {
    return new TrustStore(builtIns, user, seenIntermediates, suspects);
  }

  /** A store of built-in roots only. */
  public static TrustStore ofBuiltIns(List<TrustEntry> builtIns) {
    return new TrustStore(builtIns, List.of(), List.of(), List.of());
  }

  /**
   * This store with {@code preloaded} as its preloaded intermediates (spec
   * firefox-security-state.md section 1; docs/intermediates.md), sharing everything else. Path
   * building offers them as issuers after the certificates the server sent and before the
   * database; they never make a certificate trusted.
   */
  public TrustStore withPreloaded(PreloadedIntermediates preloaded) {
    return new TrustStore(this, java.util.Objects.requireNonNull(preloaded, "preloaded"));
  }

  /** The preloaded intermediates ({@link PreloadedIntermediates#EMPTY} unless given). */
  public PreloadedIntermediates preloaded() {
    return preloaded;
  }

  /**
   * True if path building finds {@code cert} among the preloaded intermediates before any other
   * source of this store: it is preloaded and not a built-in trust anchor (those are offered
   * first). Whether it was also presented is the caller's to know (a presented copy is offered
   * before the preloaded one): a chain element that was not presented and for which this is true
   * came from preloading.
   */
  public boolean isPreloaded(Cert cert) {
    return !preloaded.isEmpty() && preloaded.contains(cert) && !isBuiltInRoot(cert);
  }

  /** True if {@code cert}'s trust setting was lost in a database corruption. */
  public boolean isSuspect(Cert cert) {
    return !suspects.isEmpty() && suspects.contains(java.util.HexFormat.of().formatHex(cert.sha256()));
  }

  public List<Stored> builtIns() {
    return builtIns;
  }

  public List<Stored> user() {
    return user;
  }

  /** Entries dropped because their certificate does not parse. */
  public List<ImportProblem> rejected() {
    return rejected;
  }

  /** The entry that decides {@code cert}'s trust (a user setting first), or null. */
  public Stored lookup(Cert cert) {
    Stored[] bucket = byDer.get(cert.contentHash());
    if (bucket != null) {
      for (Stored s : bucket) {
        if (s.cert() == cert || Arrays.equals(s.cert().der(), cert.der())) {
          return s;
        }
      }
    }
    return null;
  }

  Stored[] builtInsBySubject(Input name) {
    return matching(builtInsBySubject.get(name.hashCode()), name);
  }

  Stored[] databaseBySubject(Input name) {
    return matching(dbBySubject.get(name.hashCode()), name);
  }

  private static Stored[] matching(Stored[] bucket, Input name) {
    if (bucket == null) {
      return NONE;
    }
    for (Stored s : bucket) {
      if (!s.cert().subject().contentEquals(name)) {
        List<Stored> out = new ArrayList<>(bucket.length);
        for (Stored t : bucket) {
          if (t.cert().subject().contentEquals(name)) {
            out.add(t);
          }
        }
        return out.toArray(NONE);
      }
    }
    return bucket;
  }

  /**
   * The factory the verifier uses: one {@link BrowserTrustDomain} per verification pass, with no
   * revocation checking (staples are ignored).
   */
  public TrustDomainFactory trustDomains() {
    return trustDomains(RevocationConfig.off());
  }

  /**
   * As {@link #trustDomains()}, checking the end-entity's revocation as Firefox does under {@code
   * revocation} (its cache is shared by every verification made through the returned factory;
   * the stapled response given to the verifier is used).
   */
  public TrustDomainFactory trustDomains(RevocationConfig revocation) {
    TrustStore store = this;
    RevocationChecker checker = revocation.checksAnything()
        ? new RevocationChecker(revocation) : null;
    return new TrustDomainFactory() {
      @Override
      public TrustDomain create(List<byte[]> presented, int minRsaBits, byte[] staple) {
        return new BrowserTrustDomain(store, presented, minRsaBits, staple, checker);
      }

      @Override
      public boolean isBuiltInRoot(Cert anchor) {
        return store.isBuiltInRoot(anchor);
      }

      @Override
      public java.time.Instant serverDistrustAfter(Cert anchor) {
        return store.serverDistrustAfter(anchor);
      }
    };
  }

  /** Whether {@code anchor} is a built-in root that is a trust anchor. */
  public boolean isBuiltInRoot(Cert anchor) {
    Stored s = lookup(anchor);
    return s != null && s.builtIn() && s.entry().trust() == Trust.ANCHOR;
  }

  /**
   * The distrust-after date in force for {@code root}: the one the user set for it in the
   * database if any (it replaces a built-in one), else the built-in root's own (certdata.txt
   * {@code CKA_NSS_SERVER_DISTRUST_AFTER}), which stays in force when the user changes the root's
   * trust without giving a date. Null when it has none (or is not in this store).
   */
  public java.time.Instant serverDistrustAfter(Cert root) {
    Stored stored = lookup(root);
    if (stored == null) {
      return null;
    }
    java.time.Instant date = stored.entry().distrustAfter();
    if (date == null && !stored.builtIn()) {
      for (Stored b : builtInsBySubject(root.subject())) {
        if (java.util.Arrays.equals(b.cert().der(), root.der())) {
          return b.entry().distrustAfter();
        }
      }
    }
    return date;
  }
}
