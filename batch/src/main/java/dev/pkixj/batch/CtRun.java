package dev.pkixj.batch;

import dev.pkixj.verifier.ct.ChromeLogList;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.LogListException;
import java.util.Base64;
import java.util.List;

/**
 * The Certificate Transparency settings of one run, from its options, in one place for the
 * command line ({@code verify}, {@code check}, {@code batch}) and the Spark job: the mode ({@code
 * --ct}), the log list given for the run ({@code --ct-logs}) and the exemptions added for the run
 * ({@code --ct-exempt-host}, {@code --ct-exempt-spki}) over the settings the run starts from (the
 * settings file's, or Firefox's defaults). docs/ct.md, "Command line".
 *
 * <p>Every check throws {@link IllegalArgumentException} with a one-line message naming the
 * option or file and what is wrong.
 */
public final class CtRun {
  private CtRun() {}

  /** The option names, for messages. */
  public static final String MODE = "--ct";
  public static final String LOGS = "--ct-logs";
  public static final String EXEMPT_HOST = "--ct-exempt-host";
  public static final String EXEMPT_SPKI = "--ct-exempt-spki";

  /** The mode named by {@code --ct}: auto, enforce, telemetry or off (any case). */
  public static CtMode mode(String value) {
    try {
      return CtMode.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(MODE + ": " + e.getMessage());
    }
  }

  /**
   * A log list given for the run (Chrome's v3 {@code log_list.json}).
   *
   * @param name the file's name, for messages and the list's source
   * @throws IllegalArgumentException naming the file and why it is not a usable list
   */
  public static CtLogList logList(byte[] json, String name) {
    if (json.length > ChromeLogList.MAX_BYTES) {
      throw new IllegalArgumentException(name + ": larger than " + ChromeLogList.MAX_BYTES
          + " bytes: not a log list");
    }
    try {
      return ChromeLogList.parse(json, name);
    } catch (LogListException e) {
      throw new IllegalArgumentException(oneLine(e.getMessage()));
    }
  }

  /**
   * One host exemption as given on the command line: a host name, {@code .example.com} for that
   * host only (Firefox's syntax, docs/ct.md). Not empty, no comma (the list separator) and no
   * white space (Firefox does not trim entries, so it would never match).
   */
  public static String exemptHost(String host) {
    return checkHost(host, EXEMPT_HOST);
  }

  static String checkHost(String host, String option) {
    String what = option == null ? "" : option + ": ";
    if (host == null || host.isEmpty() || host.equals(".")) {
      throw new IllegalArgumentException(what + "an empty host");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == ',' || Character.isWhitespace(c) || c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(what + "'" + printable(host)
            + "': one host per entry, without commas or spaces");
      }
    }
    return host;
  }

  /**
   * One SPKI exemption: standard base64 of the SHA-256 of a SubjectPublicKeyInfo (32 bytes).
   */
  public static String exemptSpki(String base64) {
    return checkSpki(base64, EXEMPT_SPKI);
  }

  static String checkSpki(String base64, String option) {
    String what = option == null ? "" : option + ": ";
    byte[] b;
    try {
      b = Base64.getDecoder().decode(base64 == null ? "" : base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + "'" + printable(base64)
          + "' is not standard base64");
    }
    if (b.length != 32) {
      throw new IllegalArgumentException(what + "'" + printable(base64) + "' decodes to "
          + b.length + " bytes, not the 32 of a SHA-256 hash");
    }
    return base64;
  }

  /**
   * Checks a whole exemption list as the settings file holds it (comma-separated) and returns it
   * with the entries trimmed; the message of a bad list names the bad entry (the caller names
   * the key).
   *
   * @param spki true for SPKI hashes, false for hosts
   */
  public static String checkList(String value, boolean spki) {
    StringBuilder out = new StringBuilder();
    for (String entry : value.split(",", -1)) {
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      if (spki) {
        checkSpki(e, null);
      } else {
        checkHost(e, null);
      }
      out.append(out.length() == 0 ? "" : ",").append(e);
    }
    if (out.length() == 0) {
      throw new IllegalArgumentException("no entry (to remove the key, use pkixj config unset)");
    }
    return out.toString();
  }

  /**
   * The run's settings: {@code base} (the settings file's, or {@link CtSettings#firefox()}),
   * its mode replaced by {@code mode} and its list by {@code logs} when given, with {@code
   * hosts} and {@code spkiHashes} added to its exemptions (each checked as above).
   *
   * @param mode the {@code --ct} value, or null to keep the base's
   * @param logs the {@code --ct-logs} list, or null to keep the base's
   */
  public static CtSettings settings(CtSettings base, String mode, CtLogList logs,
      List<String> hosts, List<String> spkiHashes) {
    CtSettings s = base;
    if (mode != null) {
      s = s.withMode(mode(mode));
    }
    if (logs != null) {
      s = s.withLogs(logs);
    }
    String h = s.exemptHosts();
    for (String host : hosts) {
      h = join(h, exemptHost(host));
    }
    String k = s.exemptSpkiHashes();
    for (String spki : spkiHashes) {
      k = join(k, exemptSpki(spki));
    }
    return s.withExemptions(h, k);
  }

  private static String join(String list, String entry) {
    return list.isEmpty() ? entry : list + "," + entry;
  }

  private static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
