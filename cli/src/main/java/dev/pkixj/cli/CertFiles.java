package dev.pkixj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads certificates from files, PEM or DER (auto-detected); {@code -} is standard input. */
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
    if (Pem.looksLikePem(data)) {
      List<byte[]> certs;
      try {
        certs = Pem.certificates(new String(data, StandardCharsets.ISO_8859_1));
      } catch (Pem.PemException e) {
        throw new CliException(shown + ": bad PEM: " + e.getMessage());
      }
      if (certs.isEmpty()) {
        throw new CliException(shown + ": no CERTIFICATE block in the PEM text");
      }
      return certs;
    }
    List<byte[]> der = Pem.splitDer(data);
    if (der == null) {
      throw new CliException(shown + ": not a certificate (neither PEM nor DER)");
    }
    return der;
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

  private static byte[] readBytes(String name, InputStream stdin) throws CliException {
    String shown = display(name);
    try {
      byte[] data;
      if (name.equals("-")) {
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
    } catch (NoSuchFileException e) {
      throw new CliException(shown + ": no such file");
    } catch (AccessDeniedException e) {
      throw new CliException(shown + ": permission denied");
    } catch (IOException | RuntimeException e) {
      throw new CliException(shown + ": cannot read: " + e.getMessage());
    }
  }
}
