package dev.pkixj.batch;

import java.util.List;

/**
 * One chain to verify, as read from any input format.
 *
 * @param id the record's id, or null when it has none (the output then names it by position)
 * @param host the host name to check, or null for none
 * @param time verification time in epoch seconds, or {@link #NO_TIME} for the run's default
 * @param chain DER certificates, end-entity first
 * @param entryType "x509" or "precert" for Certificate Transparency entries, else null
 */
public record ParsedRecord(String id, String host, long time, List<byte[]> chain,
    String entryType) {
  /** {@link #time()} when the record does not say. */
  public static final long NO_TIME = Long.MIN_VALUE;

  public ParsedRecord(String id, String host, long time, List<byte[]> chain) {
    this(id, host, time, chain, null);
  }
}
