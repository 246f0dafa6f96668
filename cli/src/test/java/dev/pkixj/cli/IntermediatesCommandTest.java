package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.intermediates.IntermediatesImport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pkixj intermediates import|list|remove}. */
class IntermediatesCommandTest {
  static final long SEED = 0x1A7E;

  @TempDir
  Path tmp;

  String state() {
    return tmp.resolve("state").toString();
  }

  Path pem(String name, TestCert... certs) throws Exception {
    StringBuilder b = new StringBuilder();
    for (TestCert c : certs) {
      b.append(c.pem());
    }
    return Files.writeString(tmp.resolve(name), b, StandardCharsets.US_ASCII);
  }

  static String sha256(TestCert c) {
    return HexFormat.of().formatHex(SecurityStateTestServer.sha256(c.der()));
  }

  @Test
  void importListRemove() throws Exception {
    Path f = pem("cas.pem", SecurityStateTestServer.CA1, SecurityStateTestServer.CA2);
    Cli.Run r = Cli.run("intermediates", "import", f.toString(), "--state-dir", state());
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertTrue(r.out().startsWith("added 2, unchanged 0; 2 preloaded intermediates in "),
        r.out());
    Path leafFile = pem("leaf.pem", CertBuilder.leaf("leaf.update.test")
        .issuer(SecurityStateTestServer.CA1).build());
    Cli.Run w = Cli.run("intermediates", "import", leafFile.toString(), f.toString(),
        "--state-dir", state());
    assertEquals(Main.EXIT_OK, w.exit(), w.err());
    assertTrue(w.out().startsWith("warning: "), w.out());
    assertTrue(w.out().contains("added 1, unchanged 2;"), w.out());

    Cli.Run l = Cli.run("intermediates", "list", "--state-dir", state());
    assertEquals(Main.EXIT_OK, l.exit(), l.err());
    assertEquals(4, l.outLines().size(), l.out());
    assertTrue(l.outLines().get(1).startsWith(sha256(SecurityStateTestServer.CA1) + "  "),
        l.out());
    assertTrue(l.outLines().get(1).endsWith("CN=CLI Update Test CA 1"), l.out());

    JsonNode j = Cli.run("intermediates", "list", "--json", "--state-dir", state()).json();
    assertEquals(Set.of("file", "stored", "source", "collection_timestamp", "updated", "bytes",
        "certificates"), UpdateCommandTest.names(j));
    assertEquals(Set.of("sha256", "der_hash", "record_id", "last_modified", "subject", "origin"),
        UpdateCommandTest.names(j.get("certificates").get(0)));
    assertEquals(3, j.get("certificates").size());

    Cli.Run rm = Cli.run("intermediates", "remove", sha256(SecurityStateTestServer.CA2)
        .substring(0, 12), "--state-dir", state());
    assertEquals(Main.EXIT_OK, rm.exit(), rm.err());
    assertTrue(rm.out().endsWith("removed 1, kept 2\n"), rm.out());
    Cli.Run nothing = Cli.run("intermediates", "remove", "no such subject", "--state-dir",
        state());
    assertEquals(Main.EXIT_USAGE, nothing.exit(), nothing.out());
    assertEquals(1, nothing.err().lines().count(), nothing.err());
    Cli.Run all = Cli.run("intermediates", "remove", "--all", "--state-dir", state());
    assertEquals(Main.EXIT_OK, all.exit(), all.err());
    assertFalse(Files.exists(tmp.resolve("state").resolve("preloaded-intermediates")));
  }

  @Test
  void hostileFilesLeaveTheStoreByteIdentical() throws Exception {
    Path good = pem("good.pem", SecurityStateTestServer.CA1);
    assertEquals(Main.EXIT_OK, Cli.run("intermediates", "import", good.toString(),
        "--state-dir", state()).exit());
    Path stored = tmp.resolve("state").resolve("preloaded-intermediates");
    byte[] before = Files.readAllBytes(stored);
    String p = SecurityStateTestServer.CA3.pem();
    Path truncated = Files.writeString(tmp.resolve("truncated.pem"), p.substring(0,
        p.length() / 2));
    Path wrongType = Files.writeString(tmp.resolve("wrong-type.json"),
        "{\"data\":[{\"id\":\"x\",\"last_modified\":\"soon\",\"derHash\":7}],\"timestamp\":1}");
    Path truncatedJson = Files.writeString(tmp.resolve("truncated.json"),
        "{\"data\":[{\"id\":\"x\",");
    Path huge = tmp.resolve("huge.pem");
    Random rnd = new Random(SEED);
    byte[] big = new byte[IntermediatesImport.MAX_FILE_BYTES + 1];
    rnd.nextBytes(big);
    Files.write(huge, big);
    for (Path bad : List.of(truncated, wrongType, truncatedJson, huge)) {
      Cli.Run r = Cli.run("intermediates", "import", good.toString(), bad.toString(),
          "--state-dir", state());
      assertEquals(Main.EXIT_USAGE, r.exit(), "seed " + SEED + ", " + bad + ": " + r.out());
      r.assertNoStackTrace();
      List<String> err = r.err().lines().toList();
      assertEquals(1, err.size(), r.err());
      assertTrue(err.get(0).startsWith("pkixj intermediates import: " + bad), err.get(0));
      assertArrayEquals(before, Files.readAllBytes(stored), bad.toString());
    }
  }

  @Test
  void usageErrors() throws Exception {
    for (List<String> args : List.of(List.of("intermediates", "remove", "--state-dir", state()),
        List.of("intermediates", "remove", "x", "--all", "--state-dir", state()),
        List.of("intermediates", "import", tmp.resolve("missing.pem").toString(),
            "--state-dir", state()))) {
      Cli.Run r = Cli.run(args.toArray(String[]::new));
      assertEquals(Main.EXIT_USAGE, r.exit(), args + ": " + r.out());
      r.assertNoStackTrace();
      assertEquals(1, r.err().lines().count(), args + ": " + r.err());
    }
    assertEquals(Main.EXIT_USAGE, Cli.run("intermediates").exit());
  }
}
