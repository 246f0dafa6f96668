package dev.pkixj.truststore.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.ClubcardWriter;
import dev.pkixj.testdata.RemoteSettingsServer;
import dev.pkixj.testdata.TestCert;
import dev.pkixj.truststore.crlite.CrliteStore;
import dev.pkixj.truststore.intermediates.IntermediatesStore;
import dev.pkixj.truststore.intermediates.PreloadedIntermediates;
import dev.pkixj.truststore.json.JsonReader;
import dev.pkixj.truststore.onecrl.OneCrl;
import dev.pkixj.truststore.onecrl.OneCrlRecord;
import dev.pkixj.truststore.onecrl.OneCrlStore;
import dev.pkixj.truststore.remotesettings.CanonicalJson;
import dev.pkixj.truststore.remotesettings.ContentSignatureRoots;
import dev.pkixj.truststore.remotesettings.ContentSignatureVerifier;
import dev.pkixj.truststore.remotesettings.RemoteSettingsClient;
import dev.pkixj.truststore.state.SecurityState;
import dev.pkixj.truststore.update.SecurityStateUpdater.Outcome;
import dev.pkixj.truststore.update.SecurityStateUpdater.Report;
import dev.pkixj.truststore.update.SecurityStateUpdater.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole update path against a loopback Remote Settings server with signed changesets. */
class SecurityStateUpdaterTest {
  static final long SEED = 0x5ec5eedL;
  static final long NOW = 1_750_000_000_000L;
  static final TestCert ROOT = CertBuilder.root("CN=Update Test Root").build();
  static final TestCert CA1 = CertBuilder.ca("CN=Update Test CA 1").issuer(ROOT).build();
  static final TestCert CA2 = CertBuilder.ca("CN=Update Test CA 2").issuer(ROOT).build();
  static final TestCert CA3 = CertBuilder.ca("CN=Update Test CA 3").issuer(ROOT).build();
  static final TestCert CA4 = CertBuilder.ca("CN=Update Test CA 4").issuer(ROOT).build();
  static final RemoteSettingsServer.SigningPki PKI =
      RemoteSettingsServer.SigningPki.create(ContentSignatureVerifier.SECURITY_STATE_SIGNER);
  static final RemoteSettingsServer.SigningPki OTHER_PKI = RemoteSettingsServer.SigningPki
      .create(ContentSignatureVerifier.SECURITY_STATE_SIGNER, "not-the-root", b -> b);
  static final Base64.Encoder B64 = Base64.getEncoder();

  @TempDir
  Path tmp;

  /** A record in canonical JSON (what the server signs). */
  static String canonical(String json) {
    try {
      return CanonicalJson.stringify(JsonReader.parse(json.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(json, e);
    }
  }

  static String issuerSerial(String id, TestCert c, byte[] serial) {
    return canonical("{\"id\":\"" + id + "\",\"last_modified\":100,\"issuerName\":\""
        + B64.encodeToString(c.issuerDer()) + "\",\"serialNumber\":\""
        + B64.encodeToString(serial) + "\"}");
  }

  static String subjectKey(String id, TestCert c) {
    return canonical("{\"id\":\"" + id + "\",\"last_modified\":200,\"subject\":\""
        + B64.encodeToString(c.subjectDer()) + "\",\"pubKeyHash\":\""
        + B64.encodeToString(OneCrl.pubKeyHash(c.spkiDer())) + "\"}");
  }

  /** An intermediates record of {@code c}, its PEM served at /att/int/ID.pem. */
  static String intermediate(RemoteSettingsServer s, String id, TestCert c) {
    byte[] pem = c.pem().getBytes(StandardCharsets.US_ASCII);
    s.attachment("int/" + id + ".pem", pem);
    return canonical(RemoteSettingsServer.record(id, 300, "int/" + id + ".pem", pem,
        "\"derHash\":\"" + B64.encodeToString(sha256(c.der())) + "\""));
  }

  static String crliteFull(RemoteSettingsServer s, String id, byte[] filter, long effective) {
    s.attachment("crlite/" + id + ".bin", filter);
    return canonical(RemoteSettingsServer.record(id, effective + 1, "crlite/" + id + ".bin",
        filter, "\"channel\":\"default\",\"incremental\":false,\"effectiveTimestamp\":"
            + effective));
  }

  static byte[] filter(Random rnd) {
    byte[] issuer = new byte[32];
    java.util.Arrays.fill(issuer, (byte) 0x11);
    byte[] log = new byte[32];
    java.util.Arrays.fill(log, (byte) 0xA1);
    ClubcardWriter.Model m = new ClubcardWriter(rnd).coverage(log, 0, 1L << 50)
        .issuer(issuer, List.of(new byte[] {1}), List.of(new byte[] {2})).build();
    return ClubcardWriter.v4(m);
  }

  static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The monitor feed announcing each collection at its timestamp. */
  static void monitor(RemoteSettingsServer s, Map<String, Long> timestamps) {
    List<String> entries = new ArrayList<>();
    long max = 0;
    for (Map.Entry<String, Long> e : timestamps.entrySet()) {
      entries.add("{\"id\":\"" + e.getKey() + "\",\"last_modified\":" + e.getValue()
          + ",\"bucket\":\"security-state\",\"collection\":\"" + e.getKey()
          + "\",\"host\":\"test\"}");
      max = Math.max(max, e.getValue());
    }
    s.changeset("monitor", "changes", RemoteSettingsServer.changesetJson(max, entries));
  }

  SecurityStateUpdater updater(RemoteSettingsServer s, long now) throws Exception {
    RemoteSettingsClient c = SecurityStateUpdater.client(s.url(), null,
        ContentSignatureRoots.of(PKI.root().der()),
        java.time.Clock.fixed(dev.pkixj.testdata.TestClock.NOW, java.time.ZoneOffset.UTC));
    return SecurityStateUpdater.of(c, tmp.resolve("state"), tmp.resolve("crlite"))
        .clock(() -> now);
  }

  static long attachmentRequests(RemoteSettingsServer s) {
    return s.requests.stream().filter(r -> r.startsWith("/att/")).count();
  }

  @Test
  void allCollectionsThenUnchangedThenAddedAndDeletedRecords() throws Exception {
    Random rnd = new Random(SEED);
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      s.signedChangeset("security-state", "onecrl", 1000,
          List.of(issuerSerial("a", CA1, new byte[] {5, 6}), subjectKey("b", CA2)), PKI);
      s.signedChangeset("security-state", "intermediates", 2000,
          List.of(intermediate(s, "i1", CA1), intermediate(s, "i2", CA2)), PKI);
      byte[] full = filter(rnd);
      s.signedChangeset("security-state", "cert-revocations", 3000,
          List.of(crliteFull(s, "full-1", full, 2500)), PKI);
      monitor(s, Map.of("onecrl", 1000L, "intermediates", 2000L, "cert-revocations", 3000L));

      Report r1 = updater(s, NOW).update();
      assertTrue(r1.ok(), "seed " + SEED + ": " + r1);
      assertTrue(r1.monitorUsed());
      Outcome o = r1.get("onecrl");
      assertEquals(Status.UPDATED, o.status(), o.toString());
      assertEquals(2, o.added());
      Outcome i = r1.get("intermediates");
      assertEquals(Status.UPDATED, i.status(), i.toString());
      assertEquals(2, i.added());
      assertEquals(2, i.downloads());
      Outcome c = r1.get("cert-revocations");
      assertEquals(Status.UPDATED, c.status(), c.toString());
      assertEquals(1, c.generation().getAsLong());
      assertEquals(full.length, c.bytesDownloaded());
      assertEquals(Status.NOT_PUBLISHED, r1.get("ct-logs").status());
      assertTrue(r1.get("ct-logs").describe().contains("pkixj ct update FILE|URL"));
      SecurityState state = SecurityState.at(tmp.resolve("state"));
      assertEquals(List.of("a", "b"), OneCrlStore.load(state).orElseThrow().records().stream()
          .map(OneCrlRecord::id).toList());
      assertEquals(1000, OneCrlStore.load(state).orElseThrow().collectionTimestamp()
          .getAsLong());
      PreloadedIntermediates p = IntermediatesStore.load(tmp.resolve("state")).orElseThrow()
          .intermediates();
      assertTrue(p.contains(dev.pkixj.pkix.Cert.parse(CA1.der())));
      assertTrue(p.contains(dev.pkixj.pkix.Cert.parse(CA2.der())));
      assertEquals(1, CrliteStore.load(tmp.resolve("crlite")).orElseThrow().generation());

      // The status of what was stored.
      List<SecurityStateStatus.Collection> st = SecurityStateStatus.of(tmp.resolve("state"),
          tmp.resolve("crlite"), NOW + 5000);
      assertEquals(List.of("onecrl", "intermediates", "cert-revocations"),
          st.stream().map(SecurityStateStatus.Collection::collection).toList());
      assertTrue(st.stream().allMatch(SecurityStateStatus.Collection::present), st.toString());
      assertEquals(List.of(2, 2, 1),
          st.stream().map(SecurityStateStatus.Collection::entries).toList());
      assertEquals(List.of(5L, 5L, 5L),
          st.stream().map(SecurityStateStatus.Collection::ageSeconds).toList());
      assertEquals(2000, st.get(1).collectionTimestamp().getAsLong());
      assertEquals(Files.size(st.get(0).file()), st.get(0).bytes());
      assertTrue(st.get(2).fresh().orElseThrow());

      // Second run: the monitor announces the stored timestamps, nothing is fetched.
      byte[] oneCrlBytes = Files.readAllBytes(state.path(OneCrlStore.FILE));
      int requestsBefore = s.requests.size();
      Report r2 = updater(s, NOW + 1).update();
      assertTrue(r2.ok(), r2.toString());
      for (String name : List.of("onecrl", "intermediates", "cert-revocations")) {
        assertEquals(Status.UNCHANGED, r2.get(name).status(), name);
      }
      assertEquals(List.of("/v1/buckets/monitor/collections/changes/changeset?_expected=0"),
          s.requests.subList(requestsBefore, s.requests.size()));
      assertArrayEquals(oneCrlBytes, Files.readAllBytes(state.path(OneCrlStore.FILE)));

      // Third run: OneCRL gains c and loses b; intermediates gain i3 (its download cut: skipped
      // with a warning) and i4, lose i2; i1 is kept without a download.
      s.signedChangeset("security-state", "onecrl", 1100,
          List.of(issuerSerial("a", CA1, new byte[] {5, 6}),
              issuerSerial("c", CA3, new byte[] {7})), PKI);
      s.signedChangeset("security-state", "intermediates", 2100,
          List.of(intermediate(s, "i1", CA1), intermediate(s, "i3", CA3),
              intermediate(s, "i4", CA4)), PKI);
      s.cut("int/i3.pem", true);
      monitor(s, Map.of("onecrl", 1100L, "intermediates", 2100L, "cert-revocations", 3000L));
      long attBefore = attachmentRequests(s);
      Report r3 = updater(s, NOW + 2).update();
      assertTrue(r3.ok(), r3.toString());
      o = r3.get("onecrl");
      assertEquals(Status.UPDATED, o.status());
      assertEquals(List.of(1, 1, 0), List.of(o.added(), o.removed(), o.replaced()));
      i = r3.get("intermediates");
      assertEquals(Status.UPDATED, i.status());
      assertEquals(List.of(1, 1), List.of(i.added(), i.removed()), i.toString());
      assertEquals(1, i.downloads());
      assertEquals(1, i.warnings().size(), i.warnings().toString());
      assertTrue(i.warnings().get(0).startsWith("record i3 skipped: "), i.warnings().get(0));
      assertEquals(2, attachmentRequests(s) - attBefore); // i3 and i4 only
      assertEquals(Status.UNCHANGED, r3.get("cert-revocations").status());
      p = IntermediatesStore.load(tmp.resolve("state")).orElseThrow().intermediates();
      assertEquals(2, p.size());
      assertTrue(p.contains(dev.pkixj.pkix.Cert.parse(CA1.der())));
      assertTrue(p.contains(dev.pkixj.pkix.Cert.parse(CA4.der())));
      assertFalse(p.contains(dev.pkixj.pkix.Cert.parse(CA2.der())));
      assertEquals(List.of("a", "c"), OneCrlStore.load(state).orElseThrow().records().stream()
          .map(OneCrlRecord::id).toList());
      // i3 was skipped: the collection timestamp is not stored, the next run fetches again
      assertEquals(0, IntermediatesStore.load(tmp.resolve("state")).orElseThrow()
          .collectionTimestamp());

      // Fourth run, the download whole again: only i3 is downloaded.
      s.cut("int/i3.pem", false);
      attBefore = attachmentRequests(s);
      Report r4 = updater(s, NOW + 3).update();
      assertTrue(r4.ok(), r4.toString());
      i = r4.get("intermediates");
      assertEquals(Status.UPDATED, i.status());
      assertEquals(List.of(1, 0, 1), List.of(i.added(), i.removed(), i.downloads()));
      assertEquals(List.of(), i.warnings());
      assertEquals(1, attachmentRequests(s) - attBefore);
      assertEquals(Status.UNCHANGED, r4.get("onecrl").status());
      assertEquals(2100, IntermediatesStore.load(tmp.resolve("state")).orElseThrow()
          .collectionTimestamp());
    }
  }

  @Test
  void aBadSignatureFailsThatCollectionOnlyAndWritesNothing() throws Exception {
    Random rnd = new Random(SEED + 1);
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      s.signedChangeset("security-state", "onecrl", 1000,
          List.of(subjectKey("b", CA2)), PKI);
      s.signedChangeset("security-state", "intermediates", 2000,
          List.of(intermediate(s, "i1", CA1)), PKI);
      s.signedChangeset("security-state", "cert-revocations", 3000,
          List.of(crliteFull(s, "full-1", filter(rnd), 2500)), PKI);
      monitor(s, Map.of("onecrl", 1000L, "intermediates", 2000L, "cert-revocations", 3000L));
      assertTrue(updater(s, NOW).update().ok());
      Path file = SecurityState.at(tmp.resolve("state")).path(OneCrlStore.FILE);
      byte[] before = Files.readAllBytes(file);

      // OneCRL now signed by a key under another root; the intermediates change as well.
      s.signedChangeset("security-state", "onecrl", 1200,
          List.of(subjectKey("b", CA2), subjectKey("z", CA3)), OTHER_PKI);
      s.signedChangeset("security-state", "intermediates", 2200,
          List.of(intermediate(s, "i1", CA1), intermediate(s, "i2", CA2)), PKI);
      monitor(s, Map.of("onecrl", 1200L, "intermediates", 2200L, "cert-revocations", 3000L));
      Report r = updater(s, NOW + 1).update();
      assertFalse(r.ok());
      Outcome o = r.get("onecrl");
      assertEquals(Status.FAILED, o.status());
      assertTrue(o.error().orElseThrow().startsWith("security-state/onecrl: content signature"),
          o.error().orElseThrow());
      assertArrayEquals(before, Files.readAllBytes(file));
      assertEquals(Status.UPDATED, r.get("intermediates").status());
      assertEquals(1, r.get("intermediates").added());
      assertEquals(Status.UNCHANGED, r.get("cert-revocations").status());
    }
  }

  @Test
  void withoutMonitorEveryCollectionIsFetchedAndRetryAfterStopsTheRun() throws Exception {
    Random rnd = new Random(SEED + 2);
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      s.signedChangeset("security-state", "onecrl", 1000, List.of(subjectKey("b", CA2)), PKI);
      s.signedChangeset("security-state", "intermediates", 2000,
          List.of(intermediate(s, "i1", CA1)), PKI);
      s.signedChangeset("security-state", "cert-revocations", 3000,
          List.of(crliteFull(s, "full-1", filter(rnd), 2500)), PKI);
      s.header(RemoteSettingsServer.changesetPath("security-state", "onecrl"),
          Map.of("Backoff", "60"));
      Report r = updater(s, NOW).update();
      assertTrue(r.ok(), r.toString());
      assertFalse(r.monitorUsed());
      assertEquals(60, r.backoffSeconds());
      assertTrue(r.get("onecrl").warnings().stream().anyMatch(w -> w.contains("Backoff")));
      // a second run without a monitor fetches again: the same data is "unchanged"
      Report again = updater(s, NOW + 1).update();
      assertEquals(List.of(Status.UNCHANGED, Status.UNCHANGED, Status.UNCHANGED),
          again.collections().subList(0, 3).stream().map(Outcome::status).toList());

      s.respond("/v1/buckets/monitor/collections/changes/changeset", 503,
          Map.of("Retry-After", "120"));
      Path state = tmp.resolve("state");
      Map<Path, byte[]> files = snapshot(state);
      int before = s.requests.size();
      Report stopped = updater(s, NOW + 2).update();
      assertFalse(stopped.ok());
      assertEquals(120, stopped.backoffSeconds());
      for (String name : List.of("onecrl", "intermediates", "cert-revocations")) {
        assertEquals(Status.FAILED, stopped.get(name).status(), name);
        assertTrue(stopped.get(name).error().orElseThrow().startsWith("not asked: "),
            stopped.get(name).error().orElseThrow());
      }
      assertEquals(1, s.requests.size() - before);
      assertEquals(files.keySet(), snapshot(state).keySet());
      for (Map.Entry<Path, byte[]> e : files.entrySet()) {
        assertArrayEquals(e.getValue(), snapshot(state).get(e.getKey()));
      }
    }
  }

  @Test
  void downloadsBeyondTheLimitAreLeftForTheNextUpdate() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      s.signedChangeset("security-state", "intermediates", 2000, List.of(
          intermediate(s, "i1", CA1), intermediate(s, "i2", CA2), intermediate(s, "i3", CA3)),
          PKI);
      monitor(s, Map.of("intermediates", 2000L));
      Report r = updater(s, NOW).downloadsPerPoll(2).parallelDownloads(2).update();
      Outcome i = r.get("intermediates");
      assertEquals(Status.UPDATED, i.status(), i.toString());
      assertEquals(2, i.downloads());
      assertEquals(List.of(1), List.of(i.warnings().size()));
      assertTrue(i.warnings().get(0).endsWith(": 1 attachment left for the next update (at most"
          + " 2 downloads per update)"), i.warnings().get(0));
      assertEquals(2, IntermediatesStore.load(tmp.resolve("state")).orElseThrow().intermediates()
          .size());
      Report next = updater(s, NOW + 1).downloadsPerPoll(2).update();
      i = next.get("intermediates");
      assertEquals(List.of(1, 1, 0), List.of(i.added(), i.downloads(), i.warnings().size()),
          i.toString());
      assertEquals(2000, IntermediatesStore.load(tmp.resolve("state")).orElseThrow()
          .collectionTimestamp());
    }
  }

  @Test
  void aCtLogsCollectionInTheFeedIsReportedNotRead() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      s.changeset("monitor", "changes", RemoteSettingsServer.changesetJson(5, List.of(
          "{\"id\":\"x\",\"last_modified\":5,\"bucket\":\"main\",\"collection\":\"ct-logs\"}")));
      Report r = updater(s, NOW).update();
      assertEquals(Status.NOT_READ, r.get("ct-logs").status());
      assertTrue(r.get("ct-logs").describe().startsWith("not read (unknown format)"));
      // the security-state collections are missing on this server: each failed, named
      assertTrue(r.get("onecrl").error().orElseThrow().contains("HTTP 404"),
          r.get("onecrl").toString());
    }
  }

  static Map<Path, byte[]> snapshot(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).collect(Collectors.toMap(f -> f, f -> {
        try {
          return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }));
    }
  }
}
