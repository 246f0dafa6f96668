package dev.pkixj.cli;

import dev.pkixj.truststore.crlite.Clubcard;
import dev.pkixj.truststore.crlite.ClubcardException;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.truststore.revocation.CrliteMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * {@code --crlite PATH} (repeatable) and {@code --crlite-mode} for the commands that verify
 * ({@code verify}, {@code check} through {@link RevocationOptions}, and {@code batch}): filter
 * files given, else the ones {@code pkixj crlite update} stored (docs/crlite.md).
 */
public final class CrliteOptions {
  @Option(names = "--crlite", paramLabel = "PATH",
      description = "CRLite filters for the end-entity (repeatable): files, or directories of "
          + "them; exactly one full filter (a file whose name does not end in .delta) plus any "
          + "*.delta files. Freshness (10 days) is counted from the newest file's modification "
          + "time. Without it: the filters stored by 'pkixj crlite update', if any.")
  public List<Path> crlite = new ArrayList<>();

  @Option(names = "--crlite-mode", paramLabel = "off|telemetry|enforce",
      description = "Firefox's security.pki.crlite_mode: enforce (a covered answer is final, "
          + "and soft-fail OCSP is never fetched under built-in roots, with or without filters; "
          + "the default of verify and check, and of batch when there are filters), telemetry "
          + "(consulted and reported only) or off (batch's default without filters).")
  public String crliteMode;

  /** True if {@code --crlite} was given. */
  public boolean given() {
    return !crlite.isEmpty();
  }

  /** The mode of {@code --crlite-mode}, else {@code byDefault}. */
  public CrliteMode mode(CrliteMode byDefault) throws CliException {
    if (crliteMode == null) {
      return byDefault;
    }
    CrliteMode m = CrliteMode.parse(crliteMode);
    if (m == null) {
      throw new CliException("--crlite-mode must be off, telemetry or enforce, not '"
          + crliteMode + "'");
    }
    return m;
  }

  private CrliteFilters loaded;

  /**
   * The filters of {@code --crlite} (read once; the last update is the newest file's
   * modification time), else the stored ones ({@link #storedFilters}), else {@link
   * CrliteFilters#NONE}.
   */
  public CrliteFilters filters(PrintWriter err, String command) throws CliException {
    if (loaded != null) {
      return loaded;
    }
    if (crlite.isEmpty()) {
      return loaded = storedFilters(CrliteStore.defaultDir(), err, command);
    }
    List<Path> files = new ArrayList<>();
    for (Path p : crlite) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          s.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted().forEach(files::add);
        } catch (IOException | RuntimeException e) {
          throw new CliException("--crlite: cannot list the directory " + p);
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        throw new CliException("--crlite: " + p + ": no such file or directory");
      }
    }
    List<Path> full = new ArrayList<>();
    List<Path> deltas = new ArrayList<>();
    for (Path f : files) {
      (f.getFileName().toString().endsWith(".delta") ? deltas : full).add(f);
    }
    if (full.size() != 1) {
      StringBuilder given = new StringBuilder();
      for (Path p : crlite) {
        given.append(given.length() == 0 ? "" : ", ").append(p);
      }
      throw new CliException("--crlite " + given + ": expected exactly one full filter (a file "
          + "not named *.delta), found " + full.size() + (full.isEmpty() ? "" : ": " + full));
    }
    long newest = Long.MIN_VALUE;
    List<Clubcard> deltaFilters = new ArrayList<>();
    Clubcard fullFilter;
    try {
      fullFilter = Clubcard.read(full.get(0));
      for (Path d : deltas) {
        deltaFilters.add(Clubcard.read(d));
      }
      for (Path f : files) {
        newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
      }
    } catch (ClubcardException e) {
      throw new CliException(e.getMessage());
    } catch (IOException e) {
      throw new CliException("--crlite: cannot read the modification time of a filter file");
    }
    return loaded = CrliteFilters.of(fullFilter, deltaFilters, newest);
  }

  /**
   * The filters stored in {@code dir} by {@code pkixj crlite update} (freshness from the stored
   * update time), or {@link CrliteFilters#NONE} when none are stored or the store is damaged
   * (then one warning line on {@code err} naming the file).
   */
  public static CrliteFilters storedFilters(Path dir, PrintWriter err, String command) {
    try {
      return CrliteStore.load(dir).map(CrliteStore.Loaded::filters).orElse(CrliteFilters.NONE);
    } catch (CrliteStore.StoreException e) {
      err.println(command + ": warning: " + e.getMessage() + "; CRLite filters not used");
      return CrliteFilters.NONE;
    }
  }
}
