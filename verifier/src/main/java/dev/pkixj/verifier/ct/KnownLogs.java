package dev.pkixj.verifier.ct;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The known CT logs pkixj ships with and the list in force for a run (docs/ct-logs.md). The
 * embedded list ({@code log_list.json} beside this class, Chrome's v3 format; where it comes from
 * is in the README beside it) is read once, on first use.
 */
public final class KnownLogs {
  /** The embedded list's resource name, relative to this class. */
  static final String RESOURCE = "log_list.json";

  /** {@link CtLogList#source()} of the embedded list. */
  public static final String EMBEDDED_SOURCE = "embedded";

  private KnownLogs() {}

  private static final class Embedded {
    static final CtLogList LIST = load();

    private static CtLogList load() {
      try (InputStream in = KnownLogs.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the embedded CT log list " + RESOURCE
              + " is missing from the class path");
        }
        return ChromeLogList.parse(in.readNBytes(ChromeLogList.MAX_BYTES + 1), EMBEDDED_SOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (LogListException e) {
        // The build's tests check the embedded list; reaching this means a broken build.
        throw new IllegalStateException("the embedded CT log list does not load: "
            + e.getMessage(), e);
      }
    }
  }

  /** The list built into pkixj (loaded once; shared by all threads). */
  public static CtLogList embedded() {
    return Embedded.LIST;
  }
}
