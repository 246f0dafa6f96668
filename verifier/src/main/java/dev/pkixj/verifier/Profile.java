package dev.pkixj.verifier;

/**
 * Which question a {@link Verifier} answers (docs/strict-profile.md).
 *
 * <ul>
 *   <li>{@link #FIREFOX} (the default): what Firefox says, exactly, including its deliberate
 *       leniency.</li>
 *   <li>{@link #STRICT}: whether the chain is correct by RFC 5280 and the CA/Browser Forum
 *       Baseline Requirements, and if not, which rules it breaks: Firefox's checks plus the
 *       rules of {@link dev.pkixj.verifier.strict.Rule}, every violation listed in {@link
 *       VerificationResult#violations()}.</li>
 * </ul>
 */
public enum Profile {
  FIREFOX,
  STRICT;

  /** The profile named {@code name} ("firefox" or "strict", any case), or null. */
  public static Profile lookup(String name) {
    if (name == null) {
      return null;
    }
    for (Profile p : values()) {
      if (p.name().equalsIgnoreCase(name.trim())) {
        return p;
      }
    }
    return null;
  }
}
