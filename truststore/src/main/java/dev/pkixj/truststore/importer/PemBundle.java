package dev.pkixj.truststore.importer;

import static dev.pkixj.truststore.importer.ImportCollector.describe;
import static dev.pkixj.truststore.importer.ImportCollector.line;

import dev.pkixj.truststore.ImportProblem;
import dev.pkixj.truststore.ImportResult;
import dev.pkixj.truststore.Source;
import dev.pkixj.truststore.Trust;
import dev.pkixj.truststore.TrustEntry;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads certificates from a PEM bundle, a DER file, or a directory of such files.
 *
 * <ul>
 *   <li><b>Files</b>: PEM (any number of {@code CERTIFICATE}, {@code X509 CERTIFICATE} or
 *       {@code TRUSTED CERTIFICATE} blocks; text outside blocks and blocks of other types, such as
 *       keys or CRLs, are ignored) or one DER certificate, detected from the content whatever the
 *       file name.
 *   <li><b>Directories</b> (not recursive): files named {@code *.pem}, {@code *.crt}, {@code
 *       *.cer}, {@code *.der} (any case) and OpenSSL hash links ({@code 1a2b3c4d.0}); a file
 *       reached twice through symbolic links is read once.
 *   <li><b>OpenSSL "TRUSTED CERTIFICATE"</b>: the certificate is followed by OpenSSL's auxiliary
 *       trust settings. If they reject serverAuth (1.3.6.1.5.5.7.3.1) or anyExtendedKeyUsage the
 *       entry is {@link Trust#DISTRUSTED}; if they list trusted uses without serverAuth it is
 *       {@link Trust#INHERIT} (not a TLS anchor); otherwise it gets the requested trust. Their
 *       alias, when present, becomes the label.
 * </ul>
 *
 * Labels are the subject's common name, else the file name. The same certificate found twice in
 * one import is kept once (the more restrictive trust wins). Nothing here throws for bad
 * content: an unreadable file, malformed base64, a truncated block or a certificate that {@link
 * Cert#parse} rejects becomes an {@link dev.pkixj.truststore.ImportProblem} naming the file and
 * the line where the block starts, and the rest is still imported.
 */
public final class PemBundle {
  /** Files larger than this are refused (a trust bundle is a few hundred KiB). */
  static final long MAX_FILE_SIZE = 64L << 20;

  private static final List<String> EXTENSIONS = List.of(".pem", ".crt", ".cer", ".der");
  private static final Pattern HASH_LINK = Pattern.compile("[0-9a-fA-F]{8}\\.[0-9]+");
  private static final Set<String> CERT_LABELS =
      Set.of("CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE");

  private PemBundle() {}

  /**
   * Reads a file or directory; every certificate becomes a {@link Trust#ANCHOR} (a root store).
   *
   * @param path a PEM/DER file or a directory of them
   * @param source what to record as the entries' origin (usually {@link Source#OS} or {@link
   *     Source#FILE})
   */
  public static ImportResult read(Path path, Source source) {
    return read(path, source, Trust.ANCHOR);
  }

  /**
   * Reads a file or directory, giving every certificate {@code trust} (OpenSSL trust settings may
   * lower it, see the class comment).
   *
   * @param path a PEM/DER file or a directory of them
   * @param source what to record as the entries' origin
   * @param trust the trust of a plain certificate, e.g. {@link Trust#INHERIT} for intermediates
   */
  public static ImportResult read(Path path, Source source, Trust trust) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(trust, "trust");
    ImportCollector c = new ImportCollector();
    readInto(path, source, trust, c);
    return c.result();
  }

  /**
   * Parses content already in memory (for example standard input).
   *
   * @param content PEM text or one DER certificate
   * @param fileName the name to use in problems and as the fallback label
   * @param source what to record as the entries' origin
   * @param trust the trust of a plain certificate
   */
  public static ImportResult parse(byte[] content, String fileName, Source source, Trust trust) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(trust, "trust");
    ImportCollector c = new ImportCollector();
    parseInto(content, fileName, fileName, source, trust, c);
    return c.result();
  }

  /** True if a directory entry with this name is read when a directory is imported. */
  static boolean isCertificateFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String ext : EXTENSIONS) {
      if (lower.endsWith(ext) && lower.length() > ext.length()) {
        return true;
      }
    }
    return HASH_LINK.matcher(name).matches();
  }

  static void readInto(Path path, Source source, Trust trust, ImportCollector c) {
    if (Files.isDirectory(path)) {
      readDirectory(path, source, trust, c);
    } else {
      readFile(path, source, trust, c);
    }
  }

  private static void readDirectory(Path dir, Source source, Trust trust, ImportCollector c) {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName() != null
              && isCertificateFileName(p.getFileName().toString()))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .collect(Collectors.toList());
    } catch (IOException e) {
      c.problem(dir.toString(), "", "cannot list directory: " + describe(e));
      return;
    } catch (UncheckedIOException e) {
      c.problem(dir.toString(), "", "cannot list directory: " + describe(e.getCause()));
      return;
    }
    if (files.isEmpty()) {
      c.problem(dir.toString(), "",
          "no certificate files (*.pem, *.crt, *.cer, *.der or OpenSSL hash links) in this directory");
      return;
    }
    Set<Path> seen = new HashSet<>();
    for (Path f : files) {
      if (Files.isDirectory(f)) {
        continue;
      }
      Path real;
      try {
        real = f.toRealPath();
      } catch (IOException e) {
        c.problem(f.toString(), "", (Files.isSymbolicLink(f) ? "broken symbolic link: " : "cannot read: ")
            + describe(e));
        continue;
      }
      if (seen.add(real)) {
        readFile(f, source, trust, c);
      }
    }
  }

  private static void readFile(Path file, Source source, Trust trust, ImportCollector c) {
    byte[] bytes = readBytes(file, c);
    if (bytes != null) {
      Path name = file.getFileName();
      parseInto(bytes, file.toString(), name == null ? file.toString() : name.toString(), source,
          trust, c);
    }
  }

  /** The file's bytes, or null after recording a problem naming it and the OS error. */
  static byte[] readBytes(Path file, ImportCollector c) {
    try {
      if (Files.isDirectory(file)) {
        c.problem(file.toString(), "", "is a directory, expected a file");
        return null;
      }
      long size = Files.size(file);
      if (size > MAX_FILE_SIZE) {
        c.problem(file.toString(), "", "file too large (" + size + " bytes; the limit is "
            + MAX_FILE_SIZE + ")");
        return null;
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      c.problem(file.toString(), "", "cannot read: " + describe(e));
      return null;
    } catch (OutOfMemoryError e) {
      c.problem(file.toString(), "", "cannot read: out of memory");
      return null;
    }
  }

  /**
   * One block of framed content.
   *
   * @param label the PEM label ("CERTIFICATE", "OCSP RESPONSE", …); "CERTIFICATE" for a DER
   *     certificate of binary content
   * @param line the line its BEGIN is on (1-based), 0 for binary content
   * @param der the decoded body, or null when {@code problem} is set
   * @param problem why the body could not be used (PEM headers, malformed base64, empty), or why
   *     the block is not well framed (no END line, closed by another label); null when fine
   * @param framing true if {@code problem} is about the framing of the file itself (a truncated
   *     block or a mismatched END line), which concerns every reader whatever the label
   */
  public record Block(String label, int line, byte[] der, String problem, boolean framing) {
    /** True for the labels that hold a certificate. */
    public boolean isCertificate() {
      return CERT_LABELS.contains(label);
    }

    /** "line N" for a PEM block, "" for binary content. */
    public String where() {
      return line == 0 ? "" : ImportCollector.line(line);
    }
  }

  /**
   * How content is framed.
   *
   * @param pem true for PEM text, false for binary (DER) content
   * @param blocks the blocks in order (see {@link Block})
   * @param problems what keeps the content as a whole from being framed (empty, neither PEM nor
   *     DER, incomplete DER), naming the file; empty when it was framed
   */
  public record Framing(boolean pem, List<Block> blocks, List<ImportProblem> problems) {
    public Framing {
      blocks = List.copyOf(blocks);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Frames {@code content} without parsing what is in it (RFC 7468 PEM, or DER): PEM text is cut
   * into blocks of any label, each at its own BEGIN and END lines (text between blocks is
   * ignored, a UTF-8 byte order mark is skipped) and its body base64-decoded; binary content that
   * is a run of complete DER SEQUENCEs (one certificate, or several concatenated) gives one
   * CERTIFICATE block each. This is the one PEM/DER reader: the importers, the CLI and the JSSE
   * layer all frame certificate files here. The size of the content is the caller's to bound
   * ({@link #MAX_FILE_SIZE} for files).
   *
   * @param content the bytes of the file
   * @param fileName the name problems give
   */
  public static Framing frame(byte[] content, String fileName) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(fileName, "fileName");
    if (content.length == 0) {
      return new Framing(false, List.of(),
          List.of(new ImportProblem(fileName, "", "empty file")));
    }
    List<byte[]> der = splitDer(content);
    if (der != null) {
      List<Block> blocks = new ArrayList<>();
      for (byte[] d : der) {
        blocks.add(new Block("CERTIFICATE", 0, d, null, false));
      }
      return new Framing(false, blocks, List.of());
    }
    if (containsAscii(content, "-----BEGIN ")) {
      // PEM is ASCII; Latin-1 maps every byte to one char, so decoding cannot fail.
      return new Framing(true, pemBlocks(new String(content, StandardCharsets.ISO_8859_1)),
          List.of());
    }
    String why = (content[0] & 0xff) == 0x30
        ? "not a complete DER certificate (truncated, or followed by other data)"
        : "neither PEM (no -----BEGIN line) nor a DER certificate";
    return new Framing(false, List.of(), List.of(new ImportProblem(fileName, "", why)));
  }

  /**
   * The DER SEQUENCEs {@code data} is made of (one certificate, or several concatenated); null
   * if it is not exactly a run of complete SEQUENCE TLVs.
   */
  public static List<byte[]> splitDer(byte[] data) {
    List<byte[]> out = new ArrayList<>();
    int pos = 0;
    while (pos < data.length) {
      int n = (data[pos] & 0xff) == 0x30 ? Asn1.tlvLength(data, pos) : -1;
      if (n <= 0) {
        return null;
      }
      out.add(Arrays.copyOfRange(data, pos, pos + n));
      pos += n;
    }
    return out.isEmpty() ? null : out;
  }

  /**
   * The PEM blocks of {@code text}, in order (see {@link #frame}); text without a BEGIN line has
   * none.
   */
  public static List<Block> pemBlocks(String text) {
    if (text.startsWith("\u00ef\u00bb\u00bf")) {
      text = text.substring(3); // UTF-8 byte order mark
    }
    String[] lines = text.split("\n", -1);
    List<Block> blocks = new ArrayList<>();
    String label = null; // the open block's label, null outside a block
    int start = 0;
    List<String> body = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String t = lines[i].strip();
      int lineNo = i + 1;
      if (label == null) {
        String begin = boundary(t, "-----BEGIN ");
        if (begin != null) {
          label = begin;
          start = lineNo;
          body.clear();
        }
        continue;
      }
      String end = boundary(t, "-----END ");
      String begin = boundary(t, "-----BEGIN ");
      if (end != null) {
        if (!end.equals(label)) {
          blocks.add(new Block(label, start, null, "PEM block \"BEGIN " + label
              + "\" is closed by \"END " + end + "\" at line " + lineNo, true));
        } else {
          blocks.add(decode(label, start, body));
        }
        label = null;
      } else if (begin != null) {
        blocks.add(new Block(label, start, null, "truncated PEM block: no \"-----END " + label
            + "-----\" line before the next BEGIN at line " + lineNo, true));
        label = begin;
        start = lineNo;
        body.clear();
      } else {
        body.add(t);
      }
    }
    if (label != null) {
      blocks.add(new Block(label, start, null, "truncated PEM block: no \"-----END " + label
          + "-----\" line before the end of the file", true));
    }
    return blocks;
  }

  /** The label of a "-----BEGIN X-----"/"-----END X-----" line, or null. */
  private static String boundary(String t, String prefix) {
    if (t.startsWith(prefix) && t.endsWith("-----") && t.length() >= prefix.length() + 5) {
      return t.substring(prefix.length(), t.length() - 5).strip();
    }
    return null;
  }

  private static Block decode(String label, int start, List<String> body) {
    StringBuilder b64 = new StringBuilder();
    for (String l : body) {
      if (l.indexOf(':') >= 0) {
        return new Block(label, start, null, "PEM headers (\"" + l + "\") are not allowed in a "
            + (CERT_LABELS.contains(label) ? "certificate" : label) + " block", false);
      }
      b64.append(l);
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(b64.toString().replaceAll("\\s+", ""));
    } catch (IllegalArgumentException e) {
      return new Block(label, start, null, "malformed base64 in the " + label + " block: "
          + e.getMessage(), false);
    }
    if (der.length == 0) {
      return new Block(label, start, null, "empty " + label + " block", false);
    }
    return new Block(label, start, der, null, false);
  }

  private static void parseInto(byte[] bytes, String file, String fallbackLabel, Source source,
      Trust trust, ImportCollector c) {
    Framing f = frame(bytes, file);
    for (ImportProblem p : f.problems()) {
      c.problem(p.file(), p.where(), p.message());
    }
    int problemsBefore = c.problemCount();
    int certBlocks = 0;
    Set<String> otherLabels = new TreeSet<>();
    for (Block b : f.blocks()) {
      if (b.isCertificate()) {
        certBlocks++;
      } else if (!b.framing()) {
        otherLabels.add(b.label());
        continue; // keys, CRLs, …: not ours to judge
      }
      if (b.problem() != null) {
        c.problem(file, b.where(), b.problem());
      } else {
        certificateBlock(b, file, fallbackLabel, source, trust, c);
      }
    }
    if (f.pem() && certBlocks == 0 && c.problemCount() == problemsBefore) {
      c.problem(file, "", otherLabels.isEmpty()
          ? "no complete PEM block"
          : "no certificate in this file (only " + String.join(", ", otherLabels) + ")");
    }
  }

  private static void certificateBlock(Block b, String file, String fallbackLabel,
      Source source, Trust trust, ImportCollector c) {
    String where = b.where();
    byte[] der = b.der();
    OpenSslAux aux = null;
    if (b.label().equals("TRUSTED CERTIFICATE")) {
      int n = Asn1.tlvLength(der, 0);
      if ((der[0] & 0xff) != 0x30 || n < 0) {
        c.problem(file, where, "TRUSTED CERTIFICATE block does not start with a certificate");
        return;
      }
      try {
        aux = OpenSslAux.parse(Arrays.copyOfRange(der, n, der.length));
      } catch (IllegalArgumentException e) {
        c.problem(file, where, "malformed OpenSSL trust settings after the certificate; the "
            + "certificate is not imported (its trust is unknown)");
        return;
      }
      der = Arrays.copyOf(der, n);
    }
    addCertificate(der, file, where, fallbackLabel, aux, source, trust, c);
  }

  /**
   * The certificate of a TRUSTED CERTIFICATE block's body (OpenSSL's trust settings that follow
   * it removed), or {@code body} itself for the other labels.
   */
  public static byte[] certificateOf(Block b) {
    if (b.der() != null && b.label().equals("TRUSTED CERTIFICATE")) {
      int n = Asn1.tlvLength(b.der(), 0);
      if (n > 0 && n < b.der().length) {
        return Arrays.copyOf(b.der(), n);
      }
    }
    return b.der();
  }

  private static void addCertificate(byte[] der, String file, String where, String fallbackLabel,
      OpenSslAux aux, Source source, Trust trust, ImportCollector c) {
    Cert cert;
    try {
      cert = Cert.parse(der);
    } catch (PkixException e) {
      c.problem(file, where, "certificate does not parse (" + e.result().name() + ")");
      return;
    } catch (RuntimeException e) {
      c.problem(file, where, "certificate does not parse (" + e + ")");
      return;
    }
    String labelText = aux != null && aux.alias != null ? aux.alias : Asn1.commonName(cert);
    Trust t = aux == null ? trust : aux.apply(trust);
    c.add(new TrustEntry(der, t, null, labelText != null ? labelText : fallbackLabel, source));
  }

  private static boolean containsAscii(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + n.length <= haystack.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (haystack[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
