package dev.pkixj.truststore.remotesettings;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The roots a content-signature chain must end in (docs/remote-settings.md "Trusted roots"):
 * root certificates given as DER, and roots pinned by the SHA-256 of their DER, which the x5u
 * chain itself must then carry (as Firefox's old {@code security.content.signature.root_hash}
 * preference and application-services' Remote Settings client do). Immutable.
 *
 * @param ders root certificates (DER)
 * @param sha256 SHA-256 fingerprints of roots, 64 lower-case hex digits each
 */
public record ContentSignatureRoots(List<byte[]> ders, Set<String> sha256) {
  /**
   * The SHA-256 of Mozilla's production content-signature root, as application-services
   * ({@code PROD_CERT_ROOT_HASH}) and Firefox's former {@code security.content.signature.root_hash}
   * preference give it. Firefox itself now compiles in the root's DER (AppTrustDomain
   * {@code contentSignatureProdRoots}, from content-signature-prod.crt), which was not available
   * to check against this fingerprint.
   */
  public static final String PRODUCTION_ROOT_SHA256 =
      "97:E8:BA:9C:F1:2F:B3:DE:53:CC:42:A4:E6:57:7E:D6:4D:F4:93:C2:47:B4:14:FE:A0:36:81:8D:38:23:56:0E";

  public ContentSignatureRoots {
    List<byte[]> copy = new ArrayList<>(ders.size());
    for (byte[] d : ders) {
      copy.add(d.clone());
    }
    ders = List.copyOf(copy);
    sha256 = Set.copyOf(sha256);
  }

  /** Mozilla's production root, by its fingerprint ({@link #PRODUCTION_ROOT_SHA256}). */
  public static ContentSignatureRoots production() {
    return ofFingerprints(PRODUCTION_ROOT_SHA256);
  }

  /** No root at all: every verification fails with "no content-signature root configured". */
  public static ContentSignatureRoots none() {
    return new ContentSignatureRoots(List.of(), Set.of());
  }

  /** These root certificates (DER). */
  public static ContentSignatureRoots of(byte[]... ders) {
    return new ContentSignatureRoots(List.of(ders), Set.of());
  }

  /**
   * Roots by SHA-256 fingerprint: 64 hex digits, optionally in colon-separated pairs, either case.
   *
   * @throws IllegalArgumentException a fingerprint is not 32 bytes of hex
   */
  public static ContentSignatureRoots ofFingerprints(String... fingerprints) {
    Set<String> set = new LinkedHashSet<>();
    for (String f : fingerprints) {
      set.add(normalize(f));
    }
    return new ContentSignatureRoots(List.of(), set);
  }

  /** True when no root is configured. */
  public boolean isEmpty() {
    return ders.isEmpty() && sha256.isEmpty();
  }

  static String normalize(String fingerprint) {
    String h = fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
    if (!h.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 fingerprint: " + fingerprint);
    }
    return HexFormat.of().formatHex(HexFormat.of().parseHex(h));
  }
}
