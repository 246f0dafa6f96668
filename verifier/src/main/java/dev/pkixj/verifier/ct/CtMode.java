package dev.pkixj.verifier.ct;

import java.util.Locale;

/**
 * How CT is applied ({@code security.pki.certificate_transparency.mode}, with pkixj's choice of
 * roots): see docs/ct.md.
 */
public enum CtMode {
  /**
   * Desktop Firefox (mode 2): enforced when the built path ends at a root of Mozilla's root
   * program, whatever store the root came from. The default.
   */
  AUTO,
  /** Enforced under every root (private CT deployments, tests). */
  ENFORCE,
  /**
   * Computed and reported, never an error (mode 1): under the same roots as {@link #AUTO}, the
   * policy's verdict is in the result but a failure is not an error.
   */
  TELEMETRY,
  /** Not evaluated (mode 0). */
  OFF;

  /** Parses auto, enforce, telemetry or off (any case). */
  public static CtMode parse(String s) {
    if (s != null) {
      for (CtMode m : values()) {
        if (m.name().equalsIgnoreCase(s.trim())) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException(
        "CT mode must be auto, enforce, telemetry or off, not '" + s + "'");
  }

  /** The lower-case name used on the command line and in the configuration. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
