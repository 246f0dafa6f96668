package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.batch.Pem;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.crl.Crl;
import dev.pkixj.verifier.Profile;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.Verifier;
import dev.pkixj.verifier.explain.CertDisplay;
import dev.pkixj.verifier.strict.StrictOptions;
import dev.pkixj.verifier.strict.Violation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --profile firefox|strict}, {@code --crl FILE} (repeatable) and {@code --max-chain-depth
 * N} for the commands that verify (docs/strict-profile.md). {@code --crl} and {@code
 * --max-chain-depth} belong to the strict profile and are refused without it. Also renders a
 * result's violations (JSON and text) the same way for every command.
 */
public final class ProfileOptions {
  @Option(names = "--profile", paramLabel = "firefox|strict",
      description = "firefox (the default): Firefox's verdict, exactly. strict: Firefox's checks "
          + "plus the RFC 5280 and Baseline Requirements rules of docs/strict-profile.md, every "
          + "broken rule listed with its code, the certificate it concerns and its source.")
  public String profile;

  @Option(names = "--crl", paramLabel = "FILE",
      description = "With --profile strict: a CRL to check the chain against, RFC 5280 §6.3 "
          + "(repeatable; DER, or PEM with X509 CRL blocks).")
  public List<Path> crls = new ArrayList<>();

  @Option(names = "--max-chain-depth", paramLabel = "N",
      description = "With --profile strict: the most intermediates a path may have, not "
          + "counting self-issued ones.")
  public Integer maxChainDepth;

  /** The profile asked for (firefox when none). */
  public Profile profile() throws CliException {
    if (profile == null) {
      return Profile.FIREFOX;
    }
    Profile p = Profile.lookup(profile);
    if (p == null) {
      throw new CliException("--profile must be firefox or strict, not '" + profile + "'");
    }
    return p;
  }

  /**
   * The strict options of these flags, or null under the Firefox profile.
   *
   * @throws CliException for a bad value, a CRL file that cannot be read or parsed, or {@code
   *     --crl}/{@code --max-chain-depth} without {@code --profile strict}
   */
  public StrictOptions strictOptions() throws CliException {
    if (!resolved) {
      strict = resolve();
      resolved = true;
    }
    return strict;
  }

  /** Whether these flags ask for the strict profile (a bad value: CliException). */
  public boolean isStrict() throws CliException {
    return profile() == Profile.STRICT;
  }

  /** The options once read (the CRL files are read once per run). */
  private StrictOptions strict;
  private boolean resolved;

  private StrictOptions resolve() throws CliException {
    if (profile() != Profile.STRICT) {
      if (!crls.isEmpty()) {
        throw new CliException("--crl needs --profile strict");
      }
      if (maxChainDepth != null) {
        throw new CliException("--max-chain-depth needs --profile strict");
      }
      return null;
    }
    StrictOptions o = StrictOptions.defaults();
    if (maxChainDepth != null) {
      if (maxChainDepth < 0) {
        throw new CliException("--max-chain-depth must be 0 or more, not " + maxChainDepth);
      }
      o = o.withMaxChainDepth(maxChainDepth);
    }
    List<Crl> list = new ArrayList<>();
    for (Path p : crls) {
      list.addAll(readCrls(p));
    }
    return o.withCrls(list);
  }

  /**
   * {@code v} under the profile of these flags ({@code v} itself under the Firefox profile).
   *
   * @throws CliException as {@link #strictOptions()}, also under the Firefox profile (a strict
   *     flag without {@code --profile strict})
   */
  public Verifier apply(Verifier v) throws CliException {
    StrictOptions o = strictOptions();
    return o == null ? v : v.withProfile(Profile.STRICT, o);
  }

  /** The CRLs of one file: DER (one CRL) or PEM (every X509 CRL block, at least one). */
  static List<Crl> readCrls(Path file) throws CliException {
    byte[] data;
    try {
      if (Files.isDirectory(file)) {
        throw new CliException("--crl " + file + ": a directory, not a CRL file");
      }
      if (Files.size(file) > Crl.MAX_BYTES * 2L) {
        throw new CliException("--crl " + file + ": larger than a CRL may be (docs/limits.md)");
      }
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("--crl " + file + ": no such file");
    } catch (IOException e) {
      throw new CliException("--crl " + file + ": cannot read it");
    }
    List<byte[]> ders = new ArrayList<>();
    if (Pem.looksLikePem(data)) {
      try {
        for (Pem.Block b : Pem.blocks(new String(data, StandardCharsets.ISO_8859_1))) {
          if (b.label().equals("X509 CRL")) {
            ders.add(b.der());
          }
        }
      } catch (Pem.PemException e) {
        throw new CliException("--crl " + file + ": " + e.getMessage());
      }
      if (ders.isEmpty()) {
        throw new CliException("--crl " + file + ": no X509 CRL block");
      }
    } else {
      ders.add(data);
    }
    List<Crl> out = new ArrayList<>();
    for (int i = 0; i < ders.size(); i++) {
      try {
        out.add(Crl.parse(ders.get(i)));
      } catch (PkixException e) {
        throw new CliException("--crl " + file + ": " + (ders.size() > 1 ? "CRL " + (i + 1)
            + " " : "") + "is not a valid DER CRL (" + e.result().firefoxName() + ")");
      }
    }
    return out;
  }

  /**
   * Adds the strict profile's fields to a result's JSON (that of {@code verify --json}): {@code
   * "profile": "strict"}; {@code "code"}, the verdict's code (null when valid, as there; a
   * {@code PKIXJ_ERROR_…} name for a rule Firefox has no code for); {@code "reported_as"}, the
   * Firefox code that {@code nss_code} and {@code pkix_code} describe; and {@code "violations"}:
   * {@code [{"rule", "code", "cert", "subject", "source"}]}, every rule broken, in priority
   * order ({@code cert} = index in {@code "chain"}, -1 for none; {@code subject} = that
   * certificate's subject, null for none).
   */
  public static void putStrict(ObjectNode o, VerificationResult r) {
    o.put("profile", "strict");
    if (r.isValid()) {
      o.putNull("code");
      o.putNull("reported_as");
    } else {
      o.put("code", r.code());
      o.put("reported_as", r.result().firefoxName());
    }
    ArrayNode a = o.putArray("violations");
    for (Violation v : r.violations()) {
      ObjectNode n = a.addObject();
      n.put("rule", v.rule().name());
      n.put("code", v.code());
      n.put("cert", v.certIndex());
      if (v.certIndex() >= 0 && v.certIndex() < r.chain().size()) {
        n.put("subject", CertDisplay.subject(r.chain().get(v.certIndex())));
      } else {
        n.putNull("subject");
      }
      n.put("source", v.source());
    }
  }

  /** The violations as text, one per line ("no rule broken" when there is none). */
  public static void printViolations(PrintWriter out, VerificationResult r) {
    if (r.violations().isEmpty()) {
      out.println("Strict profile: no rule broken");
      return;
    }
    out.println("Strict profile: " + r.violations().size() + " rule"
        + (r.violations().size() == 1 ? "" : "s") + " broken");
    for (Violation v : r.violations()) {
      out.println("  " + v.code() + "  " + v.rule().name()
          + (v.certIndex() >= 0 ? "  certificate " + v.certIndex() : "")
          + "  (" + v.source() + ")");
    }
  }
}
