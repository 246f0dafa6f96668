package dev.pkixj.verifier.ct;

import java.util.Arrays;
import java.util.List;

/**
 * Firefox's CT policy ({@code CTPolicyEnforcer.cpp}, {@code CheckCTPolicyCompliance}; spec part
 * A3) over verified SCTs. Only {@link SctStatus#VALID} SCTs count.
 *
 * <ol>
 *   <li>Delivered SCTs (TLS extension and OCSP response together; embedded ones ignored): the
 *       SCTs from admissible logs. At least 2, from at least 2 distinct logs and 2 distinct
 *       operators: compliant.</li>
 *   <li>Otherwise the embedded SCTs decide. The issuance time is the earliest timestamp of any
 *       SCT from an admissible log, whatever its origin. An SCT from an admissible log always
 *       qualifies; one from a retired log qualifies only when both the issuance time and its own
 *       timestamp are strictly before the retirement time. With A the embedded SCTs from
 *       admissible logs, Q the qualifying embedded SCTs and N = 2 for a lifetime of at most 180
 *       days (180 × 86,400 s), else 3: A &lt; 1 or Q &lt; N is {@link CtStatus#NOT_ENOUGH_SCTS};
 *       fewer than N distinct logs or fewer than 2 distinct operators among the qualifying SCTs
 *       is {@link CtStatus#NOT_DIVERSE_SCTS}; otherwise compliant.</li>
 * </ol>
 * The two cases are never mixed: one embedded SCT and one delivered SCT satisfy neither. An SCT
 * of a static-ct-api ({@link CtLog.Format#TILED}) log without the leaf_index extension counts in
 * neither case (it still sets the issuance time).
 */
public final class CtPolicy {
  private CtPolicy() {}

  /** 180 days in seconds: the longest lifetime that needs only 2 embedded SCTs. */
  public static final long SHORT_LIFETIME_SECONDS = 180L * 86400;

  /**
   * The policy's verdict.
   *
   * @param scts the verified SCTs (any status; only valid ones count)
   * @param lifetimeSeconds the end-entity's notAfter − notBefore in seconds (no +1)
   * @return {@link CtStatus#COMPLIANT}, {@link CtStatus#NOT_ENOUGH_SCTS} or {@link
   *     CtStatus#NOT_DIVERSE_SCTS}
   */
  public static CtStatus check(List<VerifiedSct> scts, long lifetimeSeconds) {
    if (delivered(scts) == CtStatus.COMPLIANT) {
      return CtStatus.COMPLIANT;
    }
    return embedded(scts, issuanceTime(scts), lifetimeSeconds);
  }

  /** The number of embedded SCTs needed for a certificate of this lifetime: 2 or 3. */
  public static int requiredEmbeddedScts(long lifetimeSeconds) {
    return lifetimeSeconds > SHORT_LIFETIME_SECONDS ? 3 : 2;
  }

  private static boolean admissible(VerifiedSct v) {
    return v.log().state() == CtLog.State.ADMISSIBLE;
  }

  /**
   * An SCT of a static-ct-api (Tiled) log without the leaf_index extension: CTPolicyEnforcer
   * skips it in both cases (it still sets the issuance time).
   */
  private static boolean tiledWithoutLeafIndex(VerifiedSct v) {
    return v.log().format() == CtLog.Format.TILED && v.sct().leafIndex() < 0;
  }

  static CtStatus delivered(List<VerifiedSct> scts) {
    int count = 0;
    byte[][] logIds = new byte[scts.size()][];
    int[] operators = new int[scts.size()];
    int distinctLogs = 0;
    int distinctOperators = 0;
    for (VerifiedSct v : scts) {
      if (!v.isValid() || v.sct().origin() == SctOrigin.EMBEDDED || !admissible(v)
          || tiledWithoutLeafIndex(v)) {
        continue;
      }
      count++;
      distinctLogs = addLogId(logIds, distinctLogs, v.sct().logId());
      distinctOperators = addOperator(operators, distinctOperators, v.log().operatorId());
    }
    if (count < 2) {
      return CtStatus.NOT_ENOUGH_SCTS;
    }
    if (distinctLogs < 2 || distinctOperators < 2) {
      return CtStatus.NOT_DIVERSE_SCTS;
    }
    return CtStatus.COMPLIANT;
  }

  /**
   * The effective issuance time: the earliest timestamp (unsigned milliseconds) of a valid SCT
   * from an admissible log, any origin; -1 (the unsigned maximum) when there is none.
   */
  static long issuanceTime(List<VerifiedSct> scts) {
    long min = -1L;
    for (VerifiedSct v : scts) {
      if (v.isValid() && admissible(v)
          && Long.compareUnsigned(v.sct().timestampMillis(), min) < 0) {
        min = v.sct().timestampMillis();
      }
    }
    return min;
  }

  /** LogWasQualifiedForSct, with unsigned millisecond comparisons. */
  static boolean qualified(VerifiedSct v, long issuanceTime) {
    if (admissible(v)) {
      return true;
    }
    long retired = v.log().stateTimestampMillis();
    return Long.compareUnsigned(issuanceTime, retired) < 0
        && Long.compareUnsigned(v.sct().timestampMillis(), retired) < 0;
  }

  static CtStatus embedded(List<VerifiedSct> scts, long issuanceTime, long lifetimeSeconds) {
    int admissibleCount = 0;
    int qualifiedCount = 0;
    byte[][] logIds = new byte[scts.size()][];
    int[] operators = new int[scts.size()];
    int distinctLogs = 0;
    int distinctOperators = 0;
    for (VerifiedSct v : scts) {
      if (!v.isValid() || v.sct().origin() != SctOrigin.EMBEDDED
          || !qualified(v, issuanceTime) || tiledWithoutLeafIndex(v)) {
        continue;
      }
      if (admissible(v)) {
        admissibleCount++;
      }
      qualifiedCount++;
      distinctLogs = addLogId(logIds, distinctLogs, v.sct().logId());
      distinctOperators = addOperator(operators, distinctOperators, v.log().operatorId());
    }
    int required = requiredEmbeddedScts(lifetimeSeconds);
    if (admissibleCount < 1 || qualifiedCount < required) {
      return CtStatus.NOT_ENOUGH_SCTS;
    }
    if (distinctLogs < required || distinctOperators < 2) {
      return CtStatus.NOT_DIVERSE_SCTS;
    }
    return CtStatus.COMPLIANT;
  }

  private static int addLogId(byte[][] ids, int n, byte[] id) {
    for (int i = 0; i < n; i++) {
      if (Arrays.equals(ids[i], id)) {
        return n;
      }
    }
    ids[n] = id;
    return n + 1;
  }

  private static int addOperator(int[] ops, int n, int op) {
    for (int i = 0; i < n; i++) {
      if (ops[i] == op) {
        return n;
      }
    }
    ops[n] = op;
    return n + 1;
  }
}
