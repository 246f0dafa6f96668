package dev.pkixj.verifier.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config.properties}: MITM canary, HSTS hosts, clock window. */
class PolicyConfigTest {
  @TempDir Path dir;

  @Test
  void aMissingFileIsEmptyAndSavingCreatesIt() throws Exception {
    Path f = dir.resolve("sub/config.properties");
    PolicyConfig c = PolicyConfig.load(f);
    assertEquals(Optional.empty(), c.mitmCanary());
    assertFalse(c.toMitmCanary().isSet());
    assertTrue(c.hstsHosts().isEmpty());
    assertEquals(ClockHints.DEFAULT_WINDOW, c.clockHints().window());
    c.setMitmCanary("CN=Acme Inspector, O=Acme \u00c9ditions")
        .set(PolicyConfig.HSTS_HOSTS, "bank.example, .secure.example")
        .set(PolicyConfig.CLOCK_WINDOW, "PT12H")
        .set("some.other.key", "kept");
    c.save();
    assertTrue(Files.exists(f));
    try (var files = Files.list(f.getParent())) {
      assertEquals(java.util.List.of(f), files.toList(), "no temporary file left");
    }

    PolicyConfig back = PolicyConfig.load(f);
    assertEquals("CN=Acme Inspector, O=Acme \u00c9ditions", back.mitmCanary().orElseThrow());
    assertTrue(back.toMitmCanary().isSet());
    assertTrue(back.hstsHosts().contains("bank.example"));
    assertTrue(back.hstsHosts().contains("www.secure.example"));
    assertFalse(back.hstsHosts().contains("www.bank.example"));
    assertEquals(Duration.ofHours(12), back.clockHints().window());
    assertEquals("kept", back.get("some.other.key").orElseThrow());

    back.setMitmCanary("").save();
    assertEquals(Optional.empty(), PolicyConfig.load(f).mitmCanary());
  }

  @Test
  void badValuesAreRejected() throws Exception {
    PolicyConfig c = PolicyConfig.load(dir.resolve("c.properties"));
    assertThrows(IllegalArgumentException.class, () -> c.setMitmCanary("no equals sign"));
    c.set(PolicyConfig.CLOCK_WINDOW, "one day");
    assertThrows(IllegalArgumentException.class, c::clockHints);
    c.set(PolicyConfig.MITM_ENABLED, "false").setMitmCanary("CN=x");
    assertFalse(c.toMitmCanary().isEnabled());
  }

  /** SHA-256 of the file, to show it was not changed. */
  static String sha(Path f) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(Files.readAllBytes(f)));
  }

  void refused(Path f, String why) throws Exception {
    for (int i = 0; i < 2; i++) {
      java.io.IOException e = assertThrows(java.io.IOException.class,
          i == 0 ? () -> PolicyConfig.load(f) : () -> PolicyConfig.loadExisting(f));
      assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(why),
          e.getMessage());
      assertFalse(e.getMessage().contains("Exception"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  @Test
  void aGivenFileMustExistTheDefaultMayBeMissing() throws Exception {
    Path f = dir.resolve("nosuch.properties");
    java.io.IOException e = assertThrows(java.io.IOException.class,
        () -> PolicyConfig.loadExisting(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("no such file"),
        e.getMessage());
    assertTrue(PolicyConfig.load(f).hstsHosts().isEmpty());
    assertFalse(Files.exists(f));
  }

  @Test
  void whatIsNotASettingsFileIsRefusedAndNeverReplaced() throws Exception {
    Path d = Files.createDirectory(dir.resolve("config.d"));
    refused(d, "is a directory");
    Path bin = dir.resolve("binary.properties");
    long seed = 11;
    byte[] junk = new byte[4096];
    new java.util.SplittableRandom(seed).nextBytes(junk);
    junk[100] = 0;
    Files.write(bin, junk);
    refused(bin, "NUL bytes");
    Path latin1 = dir.resolve("latin1.properties");
    Files.write(latin1, "hsts.hosts=caf\u00e9.example\nname=Caf\351\n".getBytes(
        java.nio.charset.StandardCharsets.ISO_8859_1));
    refused(latin1, "not UTF-8");
    Path escape = dir.resolve("escape.properties");
    Files.writeString(escape, "key=\\u12G4\n");
    refused(escape, "not a properties file");
    // save() recognises the file before replacing it: a foreign file is left as it was.
    for (Path f : java.util.List.of(bin, latin1, escape)) {
      String before = sha(f);
      PolicyConfig c = PolicyConfig.empty(f).set(PolicyConfig.HSTS_HOSTS, "x.example");
      assertThrows(java.io.IOException.class, c::save, f.toString());
      assertEquals(before, sha(f), f.toString());
    }
    assertThrows(java.io.IOException.class, PolicyConfig.empty(d)::save);
    assertTrue(Files.isDirectory(d));
    try (var files = Files.list(dir)) {
      assertEquals(4, files.count(), "no temporary file left beside them");
    }
  }

  @Test
  void aSettingsFileIsReplacedAtomically() throws Exception {
    Path f = dir.resolve("config.properties");
    Files.writeString(f, "# mine\nhsts.hosts=a.example\n");
    PolicyConfig.loadExisting(f).set(PolicyConfig.CLOCK_WINDOW, "PT2H").save();
    PolicyConfig back = PolicyConfig.loadExisting(f);
    assertTrue(back.hstsHosts().contains("a.example"));
    assertEquals(Duration.ofHours(2), back.clockHints().window());
  }
}
