package dev.pkixj.cli;

import dev.pkixj.batch.CtRun;
import dev.pkixj.truststore.state.SecurityState;
import dev.pkixj.verifier.ct.CtLogList;
import dev.pkixj.verifier.ct.CtMode;
import dev.pkixj.verifier.ct.CtSettings;
import dev.pkixj.verifier.ct.KnownLogs;
import dev.pkixj.verifier.policy.PolicyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The Certificate Transparency options of {@code verify}, {@code check} and {@code batch}
 * (docs/ct.md, "Command line"); the Spark job takes the same ones. Each applies to its own run:
 * nothing here writes a file ({@code pkixj config set ct.mode …} and {@code pkixj ct update} do).
 * The settings are built by {@link CtRun}, shared with the Spark job.
 */
public final class CtOptions {
  @Option(names = "--ct", paramLabel = "MODE",
      description = "Certificate Transparency: auto (enforced under Mozilla's root program, as "
          + "Firefox), enforce (under every root), telemetry (reported, never an error) or off. "
          + "Default: the settings file's ct.mode, else auto.")
  String mode;

  @Option(names = "--ct-logs", paramLabel = "FILE",
      description = "The CT log list for this run (Chrome's v3 log_list.json). Default: the "
          + "newer of the built-in list and the one pkixj ct update stored.")
  Path logs;

  @Option(names = "--ct-exempt-host", paramLabel = "HOST",
      description = "Do not require CT for HOST and its subdomains (.HOST: that host only), "
          + "in addition to the settings file's ct.exempt.hosts. Repeatable.")
  List<String> exemptHosts = new ArrayList<>();

  @Option(names = "--ct-exempt-spki", paramLabel = "BASE64",
      description = "Do not require CT for chains with a certificate whose SubjectPublicKeyInfo "
          + "has this SHA-256 (standard base64), in addition to ct.exempt.spki. Repeatable.")
  List<String> exemptSpki = new ArrayList<>();

  /**
   * The run's CT settings over {@code config} (its {@code ct.*} keys): the log list of {@code
   * --ct-logs}, else the list in force ({@link KnownLogs#current(Path)}; its warning, if any, is
   * one line on {@code err}); the mode and exemptions of the options added.
   *
   * @param command the command's full name (pkixj verify), for the warning
   */
  public CtSettings settings(PolicyConfig config, PrintWriter err, String command)
      throws CliException {
    validate();
    CtLogList list;
    if (logs != null) {
      list = readLogs(logs);
    } else if (mode != null && CtRun.mode(mode) == CtMode.OFF) {
      list = CtSettings.OFF.logs(); // not evaluated: no list needed
    } else {
      KnownLogs.Loaded loaded = KnownLogs.current(SecurityState.defaultDir());
      loaded.warning().ifPresent(w -> err.println(command + ": warning: " + w));
      list = loaded.list();
    }
    CtSettings base;
    try {
      base = config.ctSettings(list);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    try {
      return CtRun.settings(base, mode, null, exemptHosts, exemptSpki);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  /** Checks the option values, before any file is read. */
  public void validate() throws CliException {
    try {
      if (mode != null) {
        CtRun.mode(mode);
      }
      exemptHosts.forEach(CtRun::exemptHost);
      exemptSpki.forEach(CtRun::exemptSpki);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  /** Whether {@code --ct-logs} was given. */
  public boolean logsGiven() {
    return logs != null;
  }

  /**
   * The mode of this run as far as the options say: {@code --ct}, else null (the settings
   * file's).
   */
  public CtMode modeGiven() throws CliException {
    validate();
    return mode == null ? null : CtRun.mode(mode);
  }

  /**
   * For {@code batch --sample}: CT enforced (unless {@code --ct} says otherwise) with the
   * sample's own log list, since its roots are not Mozilla's.
   */
  public void useSampleLogs(Path list) {
    logs = list;
    if (mode == null) {
      mode = CtMode.ENFORCE.cliName();
    }
  }

  /** A log list file: read (bounded) and checked, or one line naming it and why. */
  static CtLogList readLogs(Path file) throws CliException {
    String name = file.toString();
    byte[] data;
    try {
      if (Files.isDirectory(file)) {
        throw new CliException(CtRun.LOGS + ": " + name + ": is a directory, not a log list");
      }
      try (InputStream in = Files.newInputStream(file)) {
        data = in.readNBytes(dev.pkixj.verifier.ct.ChromeLogList.MAX_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw new CliException(CtRun.LOGS + ": " + name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new CliException(CtRun.LOGS + ": " + name + ": permission denied");
    } catch (IOException e) {
      throw new CliException(CtRun.LOGS + ": " + name + ": cannot be read ("
          + (e.getMessage() == null ? "I/O error" : e.getMessage()) + ")");
    }
    try {
      return CtRun.logList(data, name);
    } catch (IllegalArgumentException e) {
      throw new CliException(CtRun.LOGS + ": " + e.getMessage());
    }
  }

  /**
   * True if {@code b} is, by its framing alone, a SignedCertificateTimestampList (RFC 6962
   * section 3.3): a two-byte length equal to the rest of the file, and items each with a non-zero
   * two-byte length that fill it exactly. What is inside the SCTs is the verifier's to judge (an
   * SCT that does not decode is reported, docs/ct.md); a file that is not a list at all is the
   * user's mistake.
   */
  static boolean framedSctList(byte[] b) {
    if (b.length < 2 || ((b[0] & 0xff) << 8 | (b[1] & 0xff)) != b.length - 2) {
      return false;
    }
    int i = 2;
    while (i < b.length) {
      if (b.length - i < 2) {
        return false;
      }
      int n = (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
      if (n == 0 || n > b.length - i - 2) {
        return false;
      }
      i += 2 + n;
    }
    return true;
  }

  /** Largest {@code --sct-list} file: a two-byte length and at most 65,535 bytes of SCTs. */
  static final int MAX_SCT_LIST = 2 + 65535;

  /**
   * A TLS-encoded SignedCertificateTimestampList file ({@code verify --sct-list}): its raw
   * bytes, or one line naming it when it cannot be read, is empty or is larger than a list can be.
   */
  static byte[] readSctList(Path file) throws CliException {
    String name = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw new CliException("--sct-list: " + name + ": is a directory");
      }
      byte[] data;
      try (InputStream in = Files.newInputStream(file)) {
        data = in.readNBytes(MAX_SCT_LIST + 1);
      }
      if (data.length > MAX_SCT_LIST) {
        throw new CliException("--sct-list: " + name + ": larger than " + MAX_SCT_LIST
            + " bytes: not a TLS SignedCertificateTimestampList");
      }
      if (data.length == 0) {
        throw new CliException("--sct-list: " + name + ": empty file (expected a TLS-encoded "
            + "SignedCertificateTimestampList)");
      }
      if (!framedSctList(data)) {
        throw new CliException("--sct-list: " + name + ": not a TLS-encoded "
            + "SignedCertificateTimestampList (a two-byte length, then SCTs each with a two-byte "
            + "length, filling the file exactly)");
      }
      return data;
    } catch (NoSuchFileException e) {
      throw new CliException("--sct-list: " + name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new CliException("--sct-list: " + name + ": permission denied");
    } catch (IOException e) {
      throw new CliException("--sct-list: " + name + ": cannot be read ("
          + (e.getMessage() == null ? "I/O error" : e.getMessage()) + ")");
    }
  }
}
