package dev.pkixj.truststore.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One scratch directory per JVM, reused by every fuzz input (on tmpfs when there is one, so that
 * the database's fsyncs cost nothing), emptied before each use. Reusing the same paths also keeps
 * per-path state in the code under test (CertDb's in-JVM locks) from growing with the inputs.
 */
final class Scratch {
  private Scratch() {}

  private static final Path DIR = create();

  private static Path create() {
    try {
      Path shm = Path.of("/dev/shm");
      Path base = Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "pkixj-fuzz-")
          : Files.createTempDirectory("pkixj-fuzz-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(base)));
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An empty directory {@code name} (emptied if it was used before). */
  static Path dir(String name) {
    Path d = DIR.resolve(name);
    delete(d);
    try {
      return Files.createDirectories(d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code name} in an emptied directory of its own. */
  static Path file(String name) {
    return dir(name + ".d").resolve(name);
  }

  static void delete(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
