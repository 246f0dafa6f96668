package dev.pkixj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.testdata.CtLogListWriter;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.testdata.TestClock;
import dev.pkixj.testdata.TestCtLog;
import dev.pkixj.testdata.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --crlite PATH --crlite-mode MODE} and the {@code revocation} object of {@code
 * --json} (docs/crlite.md, "Command line"), with filters built by {@link ClubcardWriter} for a
 * test log whose SCTs the leaves embed.
 */
class VerifyCrliteTest {
  static final TestPki PKI = TestPki.ec();
  static final TestCtLog LOG = TestCtLog.p256("CLI CRLite Log", "Operator One");
  static final long ISSUED = TestClock.daysAgo(30).toEpochMilli();
  static final String HOST = TestPki.LEAF_HOST;
  static final String TIME = Long.toString(TestClock.NOW.getEpochSecond());
  static final long SEED = 77_2026L;
  static final String REVOKED = "SEC_ERROR_REVOKED_CERTIFICATE";

  static final TestCert LEAF = PKI.leafBuilder().serial(BigInteger.valueOf(0x5151))
      .embeddedSct(LOG, ISSUED).build();

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private Cli.Run verify(String... more) throws IOException {
    Path logs = write("log_list.json", CtLogListWriter.create()
        .log(LOG, CtLogListWriter.State.USABLE, TestClock.daysAgo(400)).toJson());
    List<String> args = new ArrayList<>(List.of("verify",
        write("chain.pem", LEAF.pem() + PKI.intermediate().pem()).toString(),
        "--roots", write("roots.pem", PKI.root().pem()).toString(), "--host", HOST,
        "--time", TIME, "--ct-logs", logs.toString()));
    args.addAll(List.of(more));
    Cli.Run r = Cli.run(args.toArray(new String[0]));
    r.assertNoStackTrace();
    return r;
  }

  /** A V3 filter file whose block for the test intermediate lists LEAF as revoked or not. */
  private Path filter(String name, boolean revoked, long seed) throws Exception {
    byte[] issuer = MessageDigest.getInstance("SHA-256").digest(PKI.intermediate().spkiDer());
    byte[] serial = BigInteger.valueOf(0x5151).toByteArray();
    List<byte[]> good = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      good.add(new byte[] {0x60, (byte) i});
    }
    List<byte[]> rev = new ArrayList<>();
    (revoked ? rev : good).add(serial);
    ClubcardWriter.Model m = new ClubcardWriter(new Random(seed))
        .coverage(LOG.logId(), 0, TestClock.NOW.toEpochMilli()).issuer(issuer, rev, good).build();
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, ClubcardWriter.v3(m));
    return p;
  }

  private static JsonNode revocation(Cli.Run r) {
    return r.json().get("revocation");
  }

  private static void assertRevocation(String source, String crlite, Cli.Run r) {
    assertEquals(source, revocation(r).get("source").asText(), "seed " + SEED + ": " + r.out());
    assertEquals(crlite, revocation(r).get("crlite").asText(), "seed " + SEED + ": " + r.out());
    assertEquals(2, revocation(r).size());
  }

  @Test
  void aRevokedLeafIsRejectedAndTheJsonSaysWhy() throws Exception {
    Path f = filter("full", true, SEED);
    Cli.Run r = verify("--crlite", f.toString(), "--json");
    assertEquals(Main.EXIT_REJECTED, r.exit(), r.err());
    assertEquals(REVOKED, r.json().get("code").asText());
    assertRevocation("crlite", "revoked", r);

    Cli.Run text = verify("--crlite", f.toString());
    assertEquals(Main.EXIT_REJECTED, text.exit());
    assertTrue(text.out().contains("Revocation: decided by crlite, CRLite revoked"), text.out());
  }

  @Test
  void aDirectoryWithAFullFilterAndDeltas() throws Exception {
    filter("filters/20261201-full", false, SEED + 1);
    Cli.Run good = verify("--crlite", dir.resolve("filters").toString(), "--json");
    assertEquals(Main.EXIT_OK, good.exit(), good.err());
    assertRevocation("crlite", "good", good);

    filter("filters/20261202-1.delta", true, SEED + 2);
    Cli.Run r = verify("--crlite", dir.resolve("filters").toString(), "--json");
    assertEquals(REVOKED, r.json().get("code").asText());
    assertRevocation("crlite", "revoked", r);

    // The same as files given one by one.
    Cli.Run files = verify("--crlite", dir.resolve("filters/20261201-full").toString(),
        "--crlite", dir.resolve("filters/20261202-1.delta").toString(), "--json");
    assertEquals(REVOKED, files.json().get("code").asText());
  }

  @Test
  void modes() throws Exception {
    Path f = filter("full", true, SEED + 3);
    Cli.Run telemetry = verify("--crlite", f.toString(), "--crlite-mode", "telemetry", "--json");
    assertEquals(Main.EXIT_OK, telemetry.exit(), telemetry.err());
    assertRevocation("none", "revoked", telemetry);

    Cli.Run off = verify("--crlite", f.toString(), "--crlite-mode", "OFF", "--json");
    assertEquals(Main.EXIT_OK, off.exit(), off.err());
    assertRevocation("none", "off", off);

    // No --crlite and nothing stored (the tests' home): enforce, Firefox's default, without
    // filters.
    Cli.Run none = verify("--json");
    assertEquals(Main.EXIT_OK, none.exit(), none.err());
    assertRevocation("none", "no_filter", none);

    Cli.Run noFilter = verify("--crlite-mode", "enforce", "--json");
    assertEquals(Main.EXIT_OK, noFilter.exit(), noFilter.err());
    assertRevocation("none", "no_filter", noFilter);

    // Unverified embedded timestamps with CT off, verified ones with CT on: the same answer.
    Cli.Run ctOff = verify("--crlite", f.toString(), "--ct", "off", "--json");
    assertRevocation("crlite", "revoked", ctOff);
  }

  @Test
  void withoutCrliteTheStoredFiltersAreUsedAndADamagedStoreIsAWarning() throws Exception {
    Path home = dir.resolve("home");
    byte[] full = Files.readAllBytes(filter("stored-full", true, SEED + 8));
    String saved = System.getProperty("user.home");
    try {
      System.setProperty("user.home", home.toString());
      CrliteStore.Loaded stored = CrliteStore.commit(CrliteStore.defaultDir(), full, List.of(),
          new CrliteStore.Meta(System.currentTimeMillis(), "default", "test", 1,
              new CrliteStore.FilterInfo("full", 1, 1, CrliteTestServer.sha256Hex(full),
                  full.length, "full"), List.of()));
      Cli.Run r = verify("--json");
      assertEquals(Main.EXIT_REJECTED, r.exit(), r.err());
      assertEquals(REVOKED, r.json().get("code").asText());
      assertRevocation("crlite", "revoked", r);
      assertEquals("", r.err());

      Cli.Run off = verify("--crlite-mode", "off", "--json");
      assertEquals(Main.EXIT_OK, off.exit(), off.err());
      assertRevocation("none", "off", off);

      // --crlite replaces the stored filters.
      Cli.Run given = verify("--crlite", filter("given", false, SEED + 9).toString(), "--json");
      assertEquals(Main.EXIT_OK, given.exit(), given.err());
      assertRevocation("crlite", "good", given);

      Path file = stored.directory().resolve(CrliteStore.FULL);
      Files.write(file, new byte[full.length]);
      Cli.Run damaged = verify("--json");
      assertEquals(Main.EXIT_OK, damaged.exit(), damaged.err());
      assertRevocation("none", "no_filter", damaged);
      assertEquals(1, damaged.err().strip().lines().count(), damaged.err());
      assertTrue(damaged.err().contains("warning") && damaged.err().contains(file.toString()),
          damaged.err());
      assertFalse(damaged.err().contains("Exception"), damaged.err());
    } finally {
      System.setProperty("user.home", saved);
    }
  }

  @Test
  void filtersOlderThanTenDaysAreStale() throws Exception {
    Path f = filter("old/full", true, SEED + 4);
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofDays(11))));
    Cli.Run r = verify("--crlite", dir.resolve("old").toString(), "--json");
    assertEquals(Main.EXIT_OK, r.exit(), r.err());
    assertRevocation("none", "stale", r);
  }

  @Test
  void badFiltersAndOptionsAreUsageErrors() throws Exception {
    Path junk = write("junk-filter", "this is not a clubcard");
    Cli.Run bad = verify("--crlite", junk.toString(), "--json");
    assertEquals(Main.EXIT_USAGE, bad.exit(), bad.out());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("junk-filter"), bad.err());
    assertFalse(bad.err().contains("Exception"), bad.err());

    filter("two/a", true, SEED + 5);
    filter("two/b", true, SEED + 6);
    Cli.Run two = verify("--crlite", dir.resolve("two").toString());
    assertEquals(Main.EXIT_USAGE, two.exit());
    assertTrue(two.err().contains("exactly one full filter"), two.err());

    filter("deltas-only/x.delta", true, SEED + 7);
    Cli.Run onlyDeltas = verify("--crlite", dir.resolve("deltas-only").toString());
    assertEquals(Main.EXIT_USAGE, onlyDeltas.exit());
    assertTrue(onlyDeltas.err().contains("found 0"), onlyDeltas.err());

    Cli.Run missing = verify("--crlite", dir.resolve("nope").toString());
    assertEquals(Main.EXIT_USAGE, missing.exit());
    assertTrue(missing.err().contains("nope"), missing.err());

    Cli.Run mode = verify("--crlite-mode", "sometimes");
    assertEquals(Main.EXIT_USAGE, mode.exit());
    assertTrue(mode.err().contains("--crlite-mode"), mode.err());
  }
}
