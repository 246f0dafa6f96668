package dev.pkixj.verifier.policy;

import dev.pkixj.truststore.CertOverride;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.truststore.db.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Certificate exceptions kept in the certificate database ({@link CertDb} override records). */
public final class DbCertExceptions {
  private DbCertExceptions() {}

  /** A live view: each lookup reads the database's current snapshot. */
  public static CertExceptions live(CertDb db) {
    return (host, port) -> db.snapshot().override(CertException.normaliseHost(host), port)
        .map(DbCertExceptions::toException);
  }

  /** The exceptions of one snapshot, fixed. */
  public static CertExceptions of(Snapshot snapshot) {
    return of(snapshot.overrides());
  }

  /** A fixed set of stored exceptions. */
  public static CertExceptions of(Collection<CertOverride> overrides) {
    List<CertException> list = new ArrayList<>();
    for (CertOverride o : overrides) {
      list.add(toException(o));
    }
    return CertExceptions.of(list);
  }

  /** The verifier's view of a stored exception. */
  public static CertException toException(CertOverride o) {
    return new CertException(o.host(), o.port(), o.sha256());
  }

  /** An exception as the database stores it. */
  public static CertOverride toOverride(CertException e, java.time.Instant created) {
    return new CertOverride(e.host(), e.port(), e.sha256(), created);
  }

  /** The stored exception for a host and port, if any. */
  public static Optional<CertOverride> find(CertDb db, String host, int port) {
    return db.snapshot().override(CertException.normaliseHost(host), port);
  }
}
