package dev.pkixj.truststore;

/**
 * Something in an imported file that could not be used; the rest of the import goes on.
 *
 * <p>Messages quote the input they complain about; control characters in it (a tab, a newline, a
 * terminal escape) are shown escaped ({@code \t}, {@code \u001b}), so that a problem is always
 * one readable line and a hostile file cannot drive the user's terminal.
 *
 * @param file the file (or keystore) name
 * @param where the line number (1-based) or entry (alias, certificate index) in it
 * @param message what was wrong
 */
public record ImportProblem(String file, String where, String message) {
  public ImportProblem {
    where = escapeControls(where);
    message = escapeControls(message);
  }

  @Override
  public String toString() {
    return file + (where == null || where.isEmpty() ? "" : ":" + where) + ": " + message;
  }

  /** {@code s} with C0 and C1 control characters and DEL written as escapes. */
  public static String escapeControls(String s) {
    if (s == null) {
      return null;
    }
    int i = 0;
    while (i < s.length() && !isControl(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isControl(c)) {
        b.append(c);
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    return b.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }
}
