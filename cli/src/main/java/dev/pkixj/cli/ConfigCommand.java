package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.verifier.policy.PolicyConfig;
import dev.pkixj.verifier.policy.ClockHints;
import dev.pkixj.verifier.policy.DistinguishedName;
import dev.pkixj.verifier.policy.HstsHosts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pkixj config …}: the persistent settings ({@code ~/.pkixj/config.properties} by default;
 * the keys of {@link PolicyConfig}). The only command that writes that file: the options of
 * {@code verify} and {@code check} apply to their own run. Unknown keys and bad values are
 * refused before anything is written; a write replaces the file atomically and never replaces a
 * file that is not a settings file.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Show and change the persistent settings (default ~/.pkixj/config.properties) "
        + "that verify, check and exception add read.",
    subcommands = {ConfigCommand.Get.class, ConfigCommand.Set.class, ConfigCommand.Unset.class,
        ConfigCommand.ListCmd.class},
    footer = {"", "Keys:",
        "  " + PolicyConfig.MITM_CANARY + "    issuer DN of an intercepting product's "
            + "certificates (MOZILLA_PKIX_ERROR_MITM_DETECTED)",
        "  " + PolicyConfig.MITM_ENABLED + "   true (default) or false",
        "  " + PolicyConfig.HSTS_HOSTS + "             HSTS/pinned hosts, comma-separated; "
            + ".example.com includes subdomains",
        "  " + PolicyConfig.CLOCK_WINDOW + "      clock-skew window, ISO-8601 duration "
            + "(default PT24H)",
        "  " + PolicyConfig.CT_MODE + "               Certificate Transparency: auto (default), "
            + "enforce, telemetry or off",
        "  " + PolicyConfig.CT_EXEMPT_HOSTS + "       hosts CT is not required for, "
            + "comma-separated; .example.com is that host only",
        "  " + PolicyConfig.CT_EXEMPT_SPKI + "        base64 SHA-256 of SubjectPublicKeyInfo, "
            + "comma-separated: chains with such a key need no CT",
        "", "Examples:",
        "  pkixj config set mitm.canary.issuer 'CN=Acme Inspection CA, O=Acme'",
        "  pkixj config get hsts.hosts",
        "  pkixj config unset mitm.canary.issuer",
        "  pkixj config list --json",
        "", "Exit status: 0 success, 1 usage or I/O error (an unknown key, a bad value, a file "
            + "that is not a settings file), 3 internal error."})
final class ConfigCommand extends CommandGroup {


  /** The supported keys, in the order {@code list} shows them, with their defaults (or null). */
  static final Map<String, String> KEYS = keys();

  private static Map<String, String> keys() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(PolicyConfig.MITM_CANARY, null);
    m.put(PolicyConfig.MITM_ENABLED, "true");
    m.put(PolicyConfig.HSTS_HOSTS, null);
    m.put(PolicyConfig.CLOCK_WINDOW, ClockHints.DEFAULT_WINDOW.toString());
    m.put(PolicyConfig.CT_MODE, dev.pkixj.verifier.ct.CtMode.AUTO.cliName());
    m.put(PolicyConfig.CT_EXEMPT_HOSTS, null);
    m.put(PolicyConfig.CT_EXEMPT_SPKI, null);
    return m;
  }

  /**
   * The value to store for {@code key}, after checking it as the readers of the file will.
   *
   * @throws CliException naming the key, for an unknown key or a bad value
   */
  static String check(String key, String value) throws CliException {
    knownKey(key);
    String v = value.trim();
    try {
      switch (key) {
        case PolicyConfig.MITM_CANARY -> {
          if (v.isEmpty() || DistinguishedName.parse(v).isEmpty()) {
            throw new IllegalArgumentException("an empty name (use pkixj config unset " + key
                + ")");
          }
        }
        case PolicyConfig.MITM_ENABLED -> {
          v = v.toLowerCase(Locale.ROOT);
          if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("must be true or false");
          }
        }
        case PolicyConfig.HSTS_HOSTS -> {
          if (HstsHosts.parse(v).isEmpty()) {
            throw new IllegalArgumentException("no host (use pkixj config unset " + key + ")");
          }
        }
        case PolicyConfig.CLOCK_WINDOW -> {
          Duration d;
          try {
            d = Duration.parse(v);
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 duration (e.g. PT24H)");
          }
          if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
          }
        }
        case PolicyConfig.CT_MODE -> v = dev.pkixj.verifier.ct.CtMode.parse(v).cliName();
        case PolicyConfig.CT_EXEMPT_HOSTS -> v = dev.pkixj.batch.CtRun.checkList(v, false);
        case PolicyConfig.CT_EXEMPT_SPKI -> v = dev.pkixj.batch.CtRun.checkList(v, true);
        default -> throw new AssertionError(key);
      }
    } catch (IllegalArgumentException e) {
      throw new CliException(key + ": '" + value + "': " + e.getMessage());
    }
    return v;
  }

  static void knownKey(String key) throws CliException {
    if (!KEYS.containsKey(key)) {
      throw new CliException("unknown key '" + key + "' (known: " + String.join(", ",
          KEYS.keySet()) + ")");
    }
  }

  /** Base of the subcommands: the settings file. */
  abstract static class Sub extends PkixjCommand {
    @Option(names = "--config", paramLabel = "FILE",
        description = "The settings file (default: ~/.pkixj/config.properties).")
    Path config;

    /**
     * The settings: a file named with {@code --config} must exist unless {@code create}; the
     * default file may be absent (no setting).
     */
    PolicyConfig load(boolean create) throws CliException {
      Path file = config != null ? config : PolicyConfig.defaultPath();
      try {
        return config != null && !create ? PolicyConfig.loadExisting(file)
            : PolicyConfig.load(file);
      } catch (IOException e) {
        throw new CliException(e.getMessage());
      }
    }

    static void save(PolicyConfig settings) throws CliException {
      try {
        settings.save();
      } catch (IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        throw new CliException(m.contains(settings.file().toString()) ? m
            : "settings file " + settings.file() + ": cannot be written ("
                + (e instanceof java.nio.file.FileSystemException f ? CertFiles.reason(f) : m)
                + ")");
      }
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Print a key's value (nothing when it is not set).")
  static final class Get extends Sub {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException {
      knownKey(key);
      load(false).get(key).ifPresent(out::println);
      return Main.EXIT_OK;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set a key (the file is created when missing).")
  static final class Set extends Sub {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE", description = "Its value.")
    String value;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException {
      String v = check(key, value);
      PolicyConfig settings = load(true);
      save(settings.set(key, v));
      err.println(name() + ": " + key + " = " + v + " in " + settings.file());
      return Main.EXIT_OK;
    }
  }

  @Command(name = "unset", mixinStandardHelpOptions = true,
      description = "Remove a key (its default applies again).")
  static final class Unset extends Sub {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException {
      knownKey(key);
      PolicyConfig settings = load(false);
      if (settings.get(key).isEmpty()) {
        return Main.EXIT_OK; // nothing to remove: the file is left as it is (or absent)
      }
      save(settings.set(key, null));
      return Main.EXIT_OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Every key with its value, or its default when not set.")
  static final class ListCmd extends Sub {
    @Option(names = "--json", description = "One JSON object: file, and per key its value "
        + "(null when not set) and default.")
    boolean json;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws CliException {
      PolicyConfig settings = load(false);
      if (json) {
        ObjectNode o = Json.object();
        o.put("file", settings.file().toString());
        o.put("exists", Files.isRegularFile(settings.file()));
        ObjectNode keys = o.putObject("settings");
        for (Map.Entry<String, String> k : KEYS.entrySet()) {
          ObjectNode e = keys.putObject(k.getKey());
          Optional<String> v = settings.get(k.getKey());
          if (v.isPresent()) {
            e.put("value", v.get());
          } else {
            e.putNull("value");
          }
          if (k.getValue() == null) {
            e.putNull("default");
          } else {
            e.put("default", k.getValue());
          }
        }
        out.println(Json.line(o));
        return Main.EXIT_OK;
      }
      for (Map.Entry<String, String> k : KEYS.entrySet()) {
        Optional<String> v = settings.get(k.getKey());
        out.println(k.getKey() + " = " + v.orElse(k.getValue() == null ? "(not set)"
            : k.getValue() + " (default)"));
      }
      return Main.EXIT_OK;
    }
  }
}
