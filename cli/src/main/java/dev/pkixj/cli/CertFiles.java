package dev.pkixj.cli;

import dev.pkixj.batch.Pem;
import dev.pkixj.truststore.importer.PemBundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads certificates from files, PEM or DER (auto-detected, framed by the trust store's reader,
 * {@link PemBundle#frame}); {@code -} is standard input. Errors are one line naming the file.
 */
final class CertFiles {
  private CertFiles() {}

  /**
   * All certificates in {@code name}: every CERTIFICATE block of a PEM file, in order, or the
   * DER certificate(s) of a binary file.
   *
   * @throws CliException naming the file and the problem (missing, unreadable, empty, bad PEM,
   *     neither PEM nor DER, no certificate)
   */
  static List<byte[]> read(String name, InputStream stdin) throws CliException {
    byte[] data = readBytes(name, stdin);
    String shown = display(name);
    if (data.length == 0) {
      throw new CliException(shown + ": empty file");
    }
    PemBundle.Framing f = PemBundle.frame(data, shown);
    if (!f.problems().isEmpty()) {
      throw new CliException(shown + ": not a certificate (" + f.problems().get(0).message()
          + ")");
    }
    if (!f.pem()) {
      List<byte[]> der = new ArrayList<>();
      for (PemBundle.Block b : f.blocks()) {
        der.add(b.der());
      }
      return der;
    }
    List<byte[]> certs;
    try {
      certs = Pem.certificates(f.blocks());
    } catch (Pem.PemException e) {
      throw new CliException(shown + ": bad PEM: " + e.getMessage());
    }
    if (certs.isEmpty()) {
      throw new CliException(shown + ": no CERTIFICATE block in the PEM text");
    }
    return certs;
  }

  /** Resource-path variant for the built-in sample. */
  static List<byte[]> readResource(String resource) throws CliException {
    try (InputStream in = CertFiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new CliException("built-in " + resource + " is missing from this build");
      }
      return Pem.certificates(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    } catch (IOException | Pem.PemException e) {
      throw new CliException("built-in " + resource + ": " + e.getMessage());
    }
  }

  static String display(String name) {
    return name.equals("-") ? "<stdin>" : name;
  }

  /**
   * The most a certificate file may hold (docs/limits.md): certificates are at most 64 KiB each,
   * so this is thousands of them. Without a cap, {@code /dev/zero} or an endless pipe ran the JVM
   * out of memory.
   */
  static final int MAX_BYTES = 64 << 20;

  /** The bytes of the file {@code name} (not standard input), at most {@link #MAX_BYTES}. */
  static byte[] readFile(String name) throws CliException {
    return readBytes(name, null);
  }

  /**
   * The bytes of {@code name} ({@code -}: {@code stdin} when it is not null), at most {@link
   * #MAX_BYTES}; a missing file, a directory or an unreadable file is reported naming it.
   */
  static byte[] readBytes(String name, InputStream stdin) throws CliException {
    String shown = display(name);
    try {
      byte[] data;
      if (name.equals("-") && stdin != null) {
        data = stdin.readNBytes(MAX_BYTES + 1);
      } else {
        Path p = Path.of(name);
        if (Files.isDirectory(p)) {
          throw new CliException(shown + ": is a directory");
        }
        try (InputStream in = Files.newInputStream(p)) {
          data = in.readNBytes(MAX_BYTES + 1);
        }
      }
      if (data.length > MAX_BYTES) {
        throw new CliException(shown + ": larger than " + (MAX_BYTES >> 20)
            + " MiB: not a certificate file");
      }
      return data;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CliException(shown + ": no such file");
    } catch (AccessDeniedException e) {
      throw new CliException(shown + ": permission denied");
    } catch (IOException e) {
      throw new CliException(shown + ": cannot read: " + reason(e));
    } catch (RuntimeException e) {
      throw new CliException(shown + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * What went wrong in {@code e}, in words, without the exception's class name and without the
   * file name (the caller names the file): "no such file", "permission denied", "is a directory",
   * or the system's reason.
   */
  static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NotDirectoryException) {
      return "a parent is not a directory";
    }
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "already exists";
    }
    if (e instanceof java.nio.file.DirectoryNotEmptyException) {
      return "is a directory (not empty)";
    }
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "not UTF-8 text";
    }
    if (e instanceof java.nio.file.FileSystemException f) {
      String r = f.getReason();
      if (r != null && !r.isBlank()) {
        return r.trim().replaceFirst("^[Ii]s a directory$", "is a directory");
      }
      return "input/output error";
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return "input/output error";
    }
    // A message naming the file ("/x/y (Is a directory)") keeps only the reason.
    int open = m.lastIndexOf(" (");
    if (open > 0 && m.endsWith(")")) {
      return m.substring(open + 2, m.length() - 1).replaceFirst("^Is a directory$",
          "is a directory");
    }
    return m;
  }

  /**
   * An error naming {@code file} and what {@code action} ("cannot read", "cannot write") met: a
   * directory is called one, whatever the operating system's message.
   */
  /**
   * Writes an export's text to {@code output} ({@code -o}): a directory is refused naming it, and a
   * write error names the output file, never the database it came from.
   */
  static void writeText(Path output, String text) throws CliException {
    if (Files.isDirectory(output)) {
      throw new CliException(output + ": is a directory (-o names the file to write)");
    }
    try {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw io(output, "cannot write", e);
    }
  }

  static CliException io(Path file, String action, IOException e) {
    if (file != null && Files.isDirectory(file)) {
      return new CliException(file + ": is a directory");
    }
    return new CliException((file == null ? "" : file + ": ") + action + ": " + reason(e));
  }
}
