package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.db.CertDb;
import dev.pkixj.verifier.policy.PolicyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Verifying reads the user's database and settings and never writes them: a full {@code verify}
 * and a full {@code batch} with the default trust (the database in {@code ~/.pkixj} plus the
 * built-in roots) and the default configuration leave a sentinel home byte for byte as it was.
 *
 * <p>The home is {@code user.home}, which {@link CertDb#defaultPath()} reads on every call; the
 * test sets it for its runs only and restores it, and runs alone ({@link Isolated}) since the
 * property is global.
 */
@Isolated
class HermeticHomeTest {
  @TempDir Path dir;

  private static final String HOST = "www.example.test";
  private static final String TIME = "2026-06-01T00:00:00Z";

  @Test
  void verifyAndBatchLeaveTheHomeUntouched() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path pkixj = Files.createDirectories(home.resolve(".pkixj"));
    Path db = pkixj.resolve("certdb");
    Path config = pkixj.resolve("config.properties");
    Path roots = write("roots.pem", Cli.samplePem("roots"));
    Path chain = write("chain.pem", Cli.samplePem("chain"));
    // Built-in roots that do not hold the sample root: only the database can make it trusted.
    TestCert other = CertBuilder.root("CN=pkixj Unrelated Root,O=pkixj Test,C=ZZ").build();
    Path builtIns = write("builtins.pem", other.pem());

    // The sentinel: a database made by the code (the sample root as an anchor, a certificate
    // exception) and a configuration file, created through explicit paths.
    Cli.Run imp = Cli.run("db", "--db", db.toString(), "import", roots.toString());
    assertEquals(Main.EXIT_OK, imp.exit(), imp.err());
    Files.writeString(config, PolicyConfig.HSTS_HOSTS + "=hsts.example.test\n",
        StandardCharsets.UTF_8);
    Cli.Run exc = Cli.run("exception", "add", "other.example.test", "--sha256", "ab".repeat(32),
        "--db", db.toString(), "--config", config.toString());
    assertEquals(Main.EXIT_OK, exc.exit(), exc.err());
    Path corpus = dir.resolve("corpus.ndjson");
    StringBuilder records = new StringBuilder();
    java.util.List<String> ders = new java.util.ArrayList<>();
    for (byte[] d : CertFiles.read(chain.toString(), System.in)) {
      ders.add(Base64.getEncoder().encodeToString(d));
    }
    for (int i = 0; i < 20; i++) {
      records.append("{\"id\":\"r").append(i).append("\",\"host\":\"").append(HOST)
          .append("\",\"chain\":[\"").append(String.join("\",\"", ders)).append("\"]}\n");
    }
    Files.writeString(corpus, records, StandardCharsets.UTF_8);
    Map<String, byte[]> before = snapshot(home);
    assertTrue(before.containsKey(".pkixj/certdb")
        && before.containsKey(".pkixj/config.properties"),
        before.keySet().toString());

    String saved = System.getProperty("user.home");
    Cli.Run verify;
    Cli.Run verifyText;
    Cli.Run batch;
    try {
      System.setProperty("user.home", home.toString());
      assertEquals(db, CertDb.defaultPath());
      verify = Cli.run("verify", chain.toString(), "--host", HOST, "--time", TIME,
          "--root-source", "pem:" + builtIns, "--json");
      verifyText = Cli.run("verify", chain.toString(), "--host", "other.example.test", "--time",
          TIME, "--root-source", "pem:" + builtIns);
      batch = Cli.run("batch", corpus.toString(), "--root-source", "pem:" + builtIns, "--time",
          TIME, "-o", dir.resolve("results.ndjson").toString(), "--json");
    } finally {
      System.setProperty("user.home", saved);
    }

    // The runs did use the home: the sample root is trusted only through its database.
    verify.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, verify.exit(), verify.out() + verify.err());
    assertTrue(verify.json().get("valid").asBoolean(), verify.out());
    verifyText.assertNoStackTrace();
    assertEquals(Main.EXIT_REJECTED, verifyText.exit(), verifyText.out() + verifyText.err());
    assertTrue(verifyText.out().contains("SSL_ERROR_BAD_CERT_DOMAIN"), verifyText.out());
    batch.assertNoStackTrace();
    assertEquals(Main.EXIT_OK, batch.exit(), batch.err());
    JsonNode summary = batch.lastLineJson();
    assertEquals(20, summary.get("records").asLong(), summary.toString());
    assertEquals(20, summary.get("valid").asLong(), summary.toString());

    // ... and left it exactly as it was: no file added, removed or changed.
    Map<String, byte[]> after = snapshot(home);
    assertEquals(before.keySet(), after.keySet(), "files under the home");
    for (Map.Entry<String, byte[]> e : before.entrySet()) {
      assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " changed");
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  /** Every file and directory under {@code root}: relative path to content (directories: none). */
  private static Map<String, byte[]> snapshot(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        out.put(Files.isDirectory(p) ? rel + "/" : rel,
            Files.isDirectory(p) ? new byte[0] : Files.readAllBytes(p));
      }
    }
    return out;
  }
}
