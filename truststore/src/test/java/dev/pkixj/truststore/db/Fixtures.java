package dev.pkixj.truststore.db;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** Deterministic test content and a canonical view of a snapshot for comparisons. */
final class Fixtures {
  private Fixtures() {}

  /**
   * A certificate-sized DER-looking blob (SEQUENCE with a two-byte length, pseudo-random content):
   * the database never parses certificates, it hashes and stores them.
   */
  static byte[] der(String seed, int len) {
    SplittableRandom r = new SplittableRandom(seed.hashCode() * 0x9E3779B97F4A7C15L + len);
    byte[] b = new byte[len];
    r.nextBytes(b);
    b[0] = 0x30;
    b[1] = (byte) 0x82;
    b[2] = (byte) ((len - 4) >> 8);
    b[3] = (byte) (len - 4);
    return b;
  }

  static int sizeFor(String seed) {
    return 400 + Math.floorMod(seed.hashCode(), 1200);
  }

  static TrustEntry entry(String seed, Trust trust) {
    Instant after = trust == Trust.ANCHOR && Math.floorMod(seed.hashCode(), 3) == 0
        ? Instant.parse("2025-11-30T23:59:59Z") : null;
    Source src = Source.values()[1 + Math.floorMod(seed.hashCode(), 4)]; // OS, KEYSTORE, FILE, USER
    return new TrustEntry(der(seed, sizeFor(seed)), trust, after, "label " + seed, src);
  }

  static CertOverride override(String seed) {
    return new CertOverride(seed.toLowerCase() + ".example.test",
        443 + Math.floorMod(seed.hashCode(), 7), Format.sha256(seed.getBytes(
            StandardCharsets.UTF_8)), Instant.ofEpochSecond(1_700_000_000L
                + Math.floorMod(seed.hashCode(), 100_000), 123_000_000));
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** Canonical content: one string per live item (entries, suspects, overrides, intermediates). */
  static Map<String, String> model(Snapshot s) {
    Map<String, String> m = new TreeMap<>();
    for (TrustEntry e : s.entries()) {
      m.put("C " + hex(Format.sha256(e.der())), e.trust() + " " + e.distrustAfter() + " "
          + e.label() + " " + e.source());
    }
    for (byte[] k : s.suspects()) {
      m.put("S " + hex(k), "suspect");
    }
    for (CertOverride o : s.overrides()) {
      m.put("O " + o.host() + ":" + o.port(), hex(o.sha256()) + " " + o.created());
    }
    for (TrustEntry e : s.intermediates()) {
      m.put("I " + hex(Format.sha256(e.der())), "seen");
    }
    return m;
  }
}
