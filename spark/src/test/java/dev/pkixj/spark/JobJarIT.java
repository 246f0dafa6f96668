package dev.pkixj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The job jar {@code package} built ({@code target/pkixj-spark-job.jar}), as spark-submit gets it.
 */
class JobJarIT {
  static final Path JAR = Path.of(System.getProperty("pkixj.spark.jobJar",
      "target/pkixj-spark-job.jar"));

  /**
   * BouncyCastle's classes for newer Java versions (META-INF/versions/N/) are used only when the
   * jar's manifest says {@code Multi-Release: true}; the shaded jar has them, so it must say so.
   */
  @Test
  void theJobJarIsAMultiReleaseJarAndHoldsVersionedClasses() throws IOException {
    assertTrue(Files.isRegularFile(JAR), JAR + ": run after package");
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertNotNull(jar.getManifest(), JAR + ": no manifest");
      assertEquals("true", jar.getManifest().getMainAttributes()
          .getValue(Attributes.Name.MULTI_RELEASE), JAR + ": manifest "
          + jar.getManifest().getMainAttributes().entrySet());
      assertTrue(jar.isMultiRelease(), JAR + ": not read as a multi-release jar");
      List<String> versioned = jar.stream().map(JarEntry::getName)
          .filter(n -> n.startsWith("META-INF/versions/") && n.endsWith(".class"))
          .collect(Collectors.toList());
      assertTrue(versioned.stream().anyMatch(n -> n.contains("/org/bouncycastle/")),
          JAR + ": no versioned BouncyCastle class, so the manifest entry is not what is tested: "
              + versioned.size() + " versioned classes");
      assertNotNull(jar.getEntry("dev/pkixj/spark/BatchJob.class"), JAR + ": no job class");
      assertNotNull(jar.getEntry("dev/pkixj/batch/RecordVerifier.class"),
          JAR + ": no batch engine");
    }
  }

  /** Spark, Hadoop, Scala and Jackson come from the cluster: none of them is in the jar. */
  @Test
  void theJobJarBringsNeitherSparkNorJackson() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> foreign = jar.stream().map(JarEntry::getName)
          .filter(n -> n.startsWith("org/apache/spark/") || n.startsWith("org/apache/hadoop/")
              || n.startsWith("scala/") || n.startsWith("com/fasterxml/jackson/"))
          .limit(5).collect(Collectors.toList());
      assertEquals(List.of(), foreign, JAR.toString());
    }
  }
}
