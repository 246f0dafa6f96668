package dev.pkixj.truststore;

/**
 * Something in an imported file that could not be used; the rest of the import goes on.
 *
 * @param file the file (or keystore) name
 * @param where the line number (1-based) or entry (alias, certificate index) in it
 * @param message what was wrong
 */
public record ImportProblem(String file, String where, String message) {
  @Override
  public String toString() {
    return file + (where == null || where.isEmpty() ? "" : ":" + where) + ": " + message;
  }
}
