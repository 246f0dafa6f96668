package dev.pkixj.truststore.db;

import java.nio.file.Path;

/**
 * The file given as a database is not one: a directory, an empty file, a PEM bundle, anything
 * without the database's magic (docs/certdb-format.md, "Files pkixj owns"). Raised by every way
 * of opening, read-only or read-write; the file was neither renamed nor written, and nothing was
 * created beside it.
 */
public final class NotACertDbException extends CertDbException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  NotACertDbException(Path file, String what) {
    super("not a pkixj database: " + file + " (" + what + "); it was left untouched");
    this.file = file;
  }

  /** The file (or directory) that was refused. */
  public Path file() {
    return file;
  }
}
