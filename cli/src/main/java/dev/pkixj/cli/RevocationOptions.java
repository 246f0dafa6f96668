package dev.pkixj.cli;

import dev.pkixj.truststore.crlite.Clubcard;
import dev.pkixj.truststore.crlite.ClubcardException;
import dev.pkixj.truststore.crlite.CrliteFilters;
import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.truststore.revocation.CrliteMode;
import dev.pkixj.truststore.revocation.RevocationConfig;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.CertId;
import dev.pkixj.pkix.TrustDomainFactory;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.pkix.ocsp.OcspVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * Revocation for the commands that verify ({@code verify}, {@code check}): Firefox's soft-fail
 * (default) or hard-fail mode, and whether to fetch from the end-entity's OCSP responder (off by
 * default for the command line: no network unless asked). {@code verify} also takes a stapled
 * response from a file ({@link StapleOption}); {@code check} gets the one the server staples.
 * CRLite filters come from {@code --crlite}, else from the store {@code pkixj crlite update}
 * writes ({@link CrliteStore#defaultDir()}); CRLite is enforced by default, as in Firefox
 * (docs/crlite.md).
 */
final class RevocationOptions {
  @Option(names = "--revocation", paramLabel = "soft|hard|off",
      description = "Firefox's soft-fail (default), hard-fail, or no revocation checking.")
  String mode = "soft";

  @Option(names = "--ocsp-fetch",
      description = "Ask the leaf's OCSP responder (its first AIA OCSP URL) when no usable "
          + "stapled or cached answer exists.")
  boolean fetch;

  @Option(names = "--crlite", paramLabel = "PATH",
      description = "CRLite filters for the end-entity (repeatable): files, or directories of "
          + "them; exactly one full filter (a file whose name does not end in .delta) plus any "
          + "*.delta files. Freshness (10 days) is counted from the newest file's modification "
          + "time. Without it: the filters stored by 'pkixj crlite update', if any.")
  List<Path> crlite = new ArrayList<>();

  @Option(names = "--crlite-mode", paramLabel = "off|telemetry|enforce",
      description = "Firefox's security.pki.crlite_mode: enforce (the default: a covered answer "
          + "is final, and soft-fail OCSP is never fetched under built-in roots, with or without "
          + "filters), telemetry (consulted and reported only) or off.")
  String crliteMode;

  /**
   * The run's revocation settings.
   *
   * @param err where a damaged filter store's warning goes (one line)
   * @param command the command's full name (pkixj verify), for the warning
   */
  RevocationConfig config(PrintWriter err, String command) throws CliException {
    RevocationConfig c;
    switch (mode.toLowerCase(Locale.ROOT)) {
      case "off":
        c = RevocationConfig.off();
        break;
      case "soft":
        c = RevocationConfig.batchDefaults().withMode(RevocationConfig.Mode.SOFT)
            .withFetch(fetch);
        break;
      case "hard":
        c = RevocationConfig.batchDefaults().withMode(RevocationConfig.Mode.HARD)
            .withFetch(fetch);
        break;
      default:
        throw new CliException("--revocation must be soft, hard or off, not '" + mode + "'");
    }
    CrliteMode m;
    if (crliteMode == null) {
      m = CrliteMode.ENFORCE; // Firefox's default (security.pki.crlite_mode 2)
    } else {
      m = CrliteMode.parse(crliteMode);
      if (m == null) {
        throw new CliException("--crlite-mode must be off, telemetry or enforce, not '"
            + crliteMode + "'");
      }
    }
    return c.withCrlite(m, m == CrliteMode.OFF ? CrliteFilters.NONE : crliteFilters(err, command));
  }

  private CrliteFilters loaded;

  /**
   * The filters of {@code --crlite} (read once; the last update is the newest file's
   * modification time), else the stored ones ({@link #storedFilters}), else {@link
   * CrliteFilters#NONE}.
   */
  CrliteFilters crliteFilters(PrintWriter err, String command) throws CliException {
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
  static CrliteFilters storedFilters(Path dir, PrintWriter err, String command) {
    try {
      return CrliteStore.load(dir).map(CrliteStore.Loaded::filters).orElse(CrliteFilters.NONE);
    } catch (CrliteStore.StoreException e) {
      err.println(command + ": warning: " + e.getMessage() + "; CRLite filters not used");
      return CrliteFilters.NONE;
    }
  }

  /**
   * What the stapled response says about the leaf of the built chain, for display (the verdict
   * itself came from the revocation policy): null without a staple or without the leaf's issuer.
   */
  static OcspVerification describe(byte[] staple, VerificationResult r,
      TrustDomainFactory trustDomains, List<byte[]> presented) {
    if (staple == null || r.chain().size() < 2) {
      return null;
    }
    Cert leaf = r.chain().get(0);
    Cert issuer = r.chain().get(1);
    CertId id = new CertId(leaf.issuer(), issuer.subjectPublicKeyInfo(), leaf.serialNumber());
    return OcspVerifier.verify(trustDomains.create(presented, 2048, null), id,
        r.time().getEpochSecond(), 10, staple);
  }
}
