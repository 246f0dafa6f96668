package dev.pkixj.truststore.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.verifier.policy.ClockHints;
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
    assertFalse(Files.exists(dir.resolve("sub/config.properties.tmp")));

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
}
