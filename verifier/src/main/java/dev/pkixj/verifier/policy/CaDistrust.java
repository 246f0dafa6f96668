package dev.pkixj.verifier.policy;

import static dev.pkixj.pkix.internal.UnsafeArrays.unsafeGetData;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.pkix.der.DerReader;
import dev.pkixj.pkix.der.Input;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A distrust policy for a named certificate authority, modelled on Firefox's Symantec distrust
 * ({@code NSSCertDBTrustDomain::IsChainValid} with {@code CheckForSymantecDistrust}, bug 1409257;
 * spec §5.3): TLS chains that end at one of the listed roots are refused with {@link
 * Result#MOZILLA_PKIX_ERROR_ADDITIONAL_POLICY_CONSTRAINT_FAILED}, unless
 * <ul>
 *   <li>the date rule exempts the end-entity, or</li>
 *   <li>one of the intermediates (the certificates strictly between the end-entity and the root)
 *       has a public key on the allow-list (Firefox's "Apple and Google" managed sub-CAs).</li>
 * </ul>
 * A chain of the root alone (nothing to segment) is refused, as Firefox does. The rule applies to
 * TLS server verification with a host name only (Firefox keys it on {@code mHostname}).
 *
 * <p>Roots are matched by subject Name (DER bytes, as Firefox's {@code CertDNIsInList}) or by the
 * SHA-256 hash of their SubjectPublicKeyInfo; intermediates by the SHA-256 hash of their
 * SubjectPublicKeyInfo.
 *
 * <p><b>Date rules.</b> Firefox's two settings of {@code security.pki.distrust_ca_policy} were
 * {@link DateRule#ISSUED_BEFORE} 2016-06-01 (the source: "if the end entity's notBefore date is
 * after the permitAfter date, this algorithm doesn't apply", i.e. end-entities with notBefore
 * &ge; the date pass) and {@link DateRule#ALL}. {@link DateRule#ISSUED_ON_OR_AFTER} is the
 * opposite cut-off (refuse what was issued from the date on), for a CA distrusted going forward.
 *
 * <p>Immutable and thread-safe.
 */
public final class CaDistrust {
  /** Which end-entities under a listed root the policy refuses. */
  public enum DateRule {
    /** Every end-entity (Firefox's {@code DistrustSymantecRootsRegardlessOfDate}). */
    ALL,
    /** End-entities whose notBefore is before the date (Firefox's first Symantec phase). */
    ISSUED_BEFORE,
    /** End-entities whose notBefore is at or after the date. */
    ISSUED_ON_OR_AFTER
  }

  private final String name;
  private final List<byte[]> rootSubjects;
  private final List<byte[]> rootSpkiHashes;
  private final DateRule dateRule;
  private final Instant date;
  private final List<byte[]> allowedIntermediateSpkiHashes;

  private CaDistrust(Builder b) {
    this.name = b.name;
    this.rootSubjects = List.copyOf(b.rootSubjects);
    this.rootSpkiHashes = List.copyOf(b.rootSpkiHashes);
    this.dateRule = b.dateRule;
    this.date = b.date;
    this.allowedIntermediateSpkiHashes = List.copyOf(b.allowed);
  }

  /** A policy named {@code name} (for display, e.g. "Symantec"). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public DateRule dateRule() {
    return dateRule;
  }

  /** The date of the date rule, or null for {@link DateRule#ALL}. */
  public Instant date() {
    return date;
  }

  /** True if {@code root} is one of the listed roots. */
  public boolean coversRoot(Cert root) {
    for (byte[] s : rootSubjects) {
      if (root.subject().contentEquals(s)) {
        return true;
      }
    }
    if (!rootSpkiHashes.isEmpty()) {
      byte[] h = RevocationBlocklist.spkiSha256(root);
      for (byte[] x : rootSpkiHashes) {
        if (Arrays.equals(x, h)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * True if the policy refuses {@code chain[0..length)} (end-entity first, root last), whose root
   * is covered ({@link #coversRoot}).
   */
  public boolean refuses(Cert[] chain, int length) {
    if (length <= 1) {
      return true; // "this chain is supposed to be complete"
    }
    if (dateRule != DateRule.ALL) {
      long notBefore;
      try {
        DerReader validity = chain[0].validity().reader();
        notBefore = validity.readTime();
      } catch (PkixException e) {
        return true; // cannot tell: keep the distrust
      }
      boolean before = notBefore < date.getEpochSecond();
      boolean applies = dateRule == DateRule.ISSUED_BEFORE ? before : !before;
      if (!applies) {
        return false;
      }
    }
    if (!allowedIntermediateSpkiHashes.isEmpty()) {
      for (int i = 1; i < length - 1; i++) {
        byte[] h = RevocationBlocklist.spkiSha256(chain[i]);
        for (byte[] a : allowedIntermediateSpkiHashes) {
          if (Arrays.equals(a, h)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "CaDistrust[" + name + ": " + rootSubjects.size() + " root name(s), "
        + rootSpkiHashes.size() + " root key(s), " + dateRule
        + (date == null ? "" : " " + date) + ", " + allowedIntermediateSpkiHashes.size()
        + " allowed intermediate key(s)]";
  }

  /** Collects the roots, the date rule and the allow-list. */
  public static final class Builder {
    private final String name;
    private final List<byte[]> rootSubjects = new ArrayList<>();
    private final List<byte[]> rootSpkiHashes = new ArrayList<>();
    private DateRule dateRule = DateRule.ALL;
    private Instant date;
    private final List<byte[]> allowed = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Distrusts the roots with this subject Name (DER, tag and length included). */
    public Builder rootSubject(byte[] subjectNameDer) {
      rootSubjects.add(subjectNameDer.clone());
      return this;
    }

    /** Distrusts the root whose SubjectPublicKeyInfo has this SHA-256 hash. */
    public Builder rootSpkiSha256(byte[] hash) {
      rootSpkiHashes.add(check(hash));
      return this;
    }

    /** As {@link #rootSpkiSha256(byte[])} from hex (colons and spaces allowed). */
    public Builder rootSpkiSha256(String hex) {
      return rootSpkiSha256(parseHex(hex));
    }

    /** Distrusts {@code root} by its subject name (every root with that name). */
    public Builder root(Cert root) {
      return rootSubject(root.subject().toByteArray());
    }

    /** Refuses every end-entity under the listed roots (the default). */
    public Builder all() {
      this.dateRule = DateRule.ALL;
      this.date = null;
      return this;
    }

    /** Refuses only end-entities whose notBefore is before {@code date}. */
    public Builder issuedBefore(Instant date) {
      this.dateRule = DateRule.ISSUED_BEFORE;
      this.date = Objects.requireNonNull(date, "date");
      return this;
    }

    /** Refuses only end-entities whose notBefore is at or after {@code date}. */
    public Builder issuedOnOrAfter(Instant date) {
      this.dateRule = DateRule.ISSUED_ON_OR_AFTER;
      this.date = Objects.requireNonNull(date, "date");
      return this;
    }

    /** Exempts chains through an intermediate whose SPKI has this SHA-256 hash. */
    public Builder allowIntermediateSpkiSha256(byte[] hash) {
      allowed.add(check(hash));
      return this;
    }

    /** As {@link #allowIntermediateSpkiSha256(byte[])} from hex (colons and spaces allowed). */
    public Builder allowIntermediateSpkiSha256(String hex) {
      return allowIntermediateSpkiSha256(parseHex(hex));
    }

    /** Exempts chains through {@code intermediate}'s key. */
    public Builder allowIntermediate(Cert intermediate) {
      allowed.add(RevocationBlocklist.spkiSha256(intermediate));
      return this;
    }

    public CaDistrust build() {
      if (rootSubjects.isEmpty() && rootSpkiHashes.isEmpty()) {
        throw new IllegalStateException("a CA distrust policy needs at least one root");
      }
      return new CaDistrust(this);
    }

    private static byte[] check(byte[] hash) {
      if (hash == null || hash.length != 32) {
        throw new IllegalArgumentException("a SHA-256 hash has 32 bytes");
      }
      return hash.clone();
    }

    private static byte[] parseHex(String hex) {
      return HexFormat.of().parseHex(hex.replace(":", "").replace(" ", ""));
    }
  }

  /** The SHA-256 hash of a DER SubjectPublicKeyInfo, for building allow-lists. */
  public static byte[] spkiSha256(Input spki) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      md.update(unsafeGetData(spki), spki.off(), spki.len());
      return md.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
