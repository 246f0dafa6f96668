package dev.pkixj.verifier.ct;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * One known CT log, as Firefox's CTKnownLogs.h describes it: name, operator, state with its
 * timestamp, format and key. The log id is SHA-256 of the key's SubjectPublicKeyInfo DER,
 * computed here (spec part A6).
 */
public final class CtLog {
  /** Firefox's two log states; pending and rejected logs are not in the list at all. */
  public enum State {
    /** Chrome's usable, qualified or readonly. */
    ADMISSIBLE,
    /** Chrome's retired; its timestamp is the retirement time. */
    RETIRED
  }

  /** How the log serves its entries; it does not affect SCT verification or the policy. */
  public enum Format {
    RFC6962,
    /** static-ct-api (Chrome's tiled_logs). */
    TILED
  }

  private final String name;
  private final String operator;
  private final int operatorId;
  private final State state;
  private final long stateTimestampMillis;
  private final Format format;
  private final byte[] spki;
  private final byte[] logId;

  /**
   * @param operatorId the operator's position in the list; logs with the same id have the same
   *     operator (only equality matters to the policy)
   * @param stateTimestampMillis when the log entered {@code state} (for a retired log: its
   *     retirement time), milliseconds since the epoch
   * @param spki the log key's SubjectPublicKeyInfo, DER
   */
  public CtLog(String name, String operator, int operatorId, State state,
      long stateTimestampMillis, Format format, byte[] spki) {
    this.name = Objects.requireNonNull(name, "name");
    this.operator = Objects.requireNonNull(operator, "operator");
    this.operatorId = operatorId;
    this.state = Objects.requireNonNull(state, "state");
    this.stateTimestampMillis = stateTimestampMillis;
    this.format = Objects.requireNonNull(format, "format");
    this.spki = Objects.requireNonNull(spki, "spki").clone();
    this.logId = sha256(this.spki);
  }

  public String name() {
    return name;
  }

  public String operator() {
    return operator;
  }

  public int operatorId() {
    return operatorId;
  }

  public State state() {
    return state;
  }

  public long stateTimestampMillis() {
    return stateTimestampMillis;
  }

  public Format format() {
    return format;
  }

  /** The key's SubjectPublicKeyInfo (a copy). */
  public byte[] spki() {
    return spki.clone();
  }

  /** SHA-256 of the key's SubjectPublicKeyInfo (a copy). */
  public byte[] logId() {
    return logId.clone();
  }

  /** The SPKI without copying, for the verifier in this package. */
  byte[] spkiRef() {
    return spki;
  }

  /** The log id without copying, for lookups in this package. */
  byte[] logIdRef() {
    return logId;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return name + " (" + operator + ", " + state + ")";
  }
}
