package dev.pkixj.verifier.ct;

import dev.pkixj.truststore.state.SecurityState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The known CT logs pkixj ships with and the list in force for a run (docs/ct.md, "Log list"). The
 * embedded list ({@code log_list.json} beside this class, Chrome's v3 format; where it comes from
 * is in the README beside it) is read once, on first use. A newer list can be stored with
 * {@link #store} ({@code pkixj ct update}) in the security-state directory as {@value
 * #STATE_NAME}; {@link #current} picks the newer of the two.
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

  /** The name of the stored list in the security-state directory. */
  public static final String STATE_NAME = "ct-log-list.json";

  /**
   * The list in force and, when the stored list could not be used, a one-line warning for the
   * user (the embedded list is then in force).
   */
  public record Loaded(CtLogList list, Optional<String> warning) {
    public Loaded {
      Objects.requireNonNull(list, "list");
      Objects.requireNonNull(warning, "warning");
    }
  }

  /** {@link #current(Path)} for {@link SecurityState#defaultDir()}. */
  public static Loaded current() {
    return current(SecurityState.defaultDir());
  }

  /**
   * The list for a run: the list stored in {@code stateDir} if there is one that loads and its
   * {@code log_list_timestamp} is newer than the embedded list's, else the embedded list. Its
   * {@link CtLogList#source()} says which ({@code embedded} or the stored file's path). A stored
   * list that cannot be read or no longer loads is not an error: the embedded list is used and
   * {@link Loaded#warning()} says why. Never throws for anything on disk.
   */
  public static Loaded current(Path stateDir) {
    CtLogList embedded = embedded();
    SecurityState state = SecurityState.at(stateDir);
    Path file = state.path(STATE_NAME);
    Optional<byte[]> stored;
    try {
      stored = state.read(STATE_NAME, ChromeLogList.MAX_BYTES);
    } catch (IOException e) {
      return new Loaded(embedded, Optional.of("the stored CT log list cannot be read ("
          + e.getMessage() + "); using the embedded list"));
    }
    if (stored.isEmpty()) {
      return new Loaded(embedded, Optional.empty());
    }
    CtLogList list;
    try {
      list = ChromeLogList.parse(stored.get(), file.toString());
    } catch (LogListException e) {
      return new Loaded(embedded, Optional.of("the stored CT log list does not load ("
          + e.getMessage() + "); using the embedded list"));
    }
    return new Loaded(list.timestamp().isAfter(embedded.timestamp()) ? list : embedded,
        Optional.empty());
  }

  /**
   * Checks a list and stores it crash-safely in {@code stateDir} as the list for later runs.
   *
   * @param json the list (Chrome's v3 format)
   * @param origin where it came from (a file or URL), for messages
   * @return the list as parsed, with {@code origin} as its source
   * @throws LogListException if it does not load (nothing is stored)
   * @throws IOException if it cannot be stored (the old stored list is then intact), or the file
   *     in the way is not a log list
   */
  public static CtLogList store(Path stateDir, byte[] json, String origin)
      throws LogListException, IOException {
    CtLogList list = ChromeLogList.parse(json, origin);
    SecurityState.at(stateDir).write(STATE_NAME, out -> out.write(json),
        KnownLogs::looksLikeJsonObject, ChromeLogList.MAX_BYTES);
    return list;
  }

  /** What may be replaced by {@link #store}: a JSON object (a log list, even a damaged one). */
  private static boolean looksLikeJsonObject(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
        return x == '{';
      }
    }
    return true; // empty: nothing to lose
  }
}
