package dev.pkixj.truststore.crlite;

/**
 * A CRLite filter file that cannot be used: unreadable, too large, or not a well-formed clubcard
 * (docs/crlite.md, docs/limits.md "CRLite filters"). The message is one line naming the file and,
 * for a malformed file, the byte offset and what was wrong there.
 */
public final class ClubcardException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;

  ClubcardException(String file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  ClubcardException(String file, long offset, String message) {
    this(file, "offset " + offset + ": " + message);
  }

  /** The name of the file (or the name given with the bytes). */
  public String file() {
    return file;
  }
}
