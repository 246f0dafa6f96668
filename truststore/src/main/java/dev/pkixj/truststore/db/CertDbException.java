package dev.pkixj.truststore.db;

/**
 * A database operation could not be carried out: a write in {@link Mode#READ_ONLY} mode, an I/O
 * error while writing (the write did not happen: nothing was acknowledged), or a closed database.
 * Corruption never raises it: corruption is salvaged and reported as a {@link CertDbEvent}.
 */
public class CertDbException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CertDbException(String message) {
    super(message);
  }

  public CertDbException(String message, Throwable cause) {
    super(message, cause);
  }
}
