package dev.pkixj.truststore.remotesettings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkixj.testdata.RemoteSettingsServer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Remote Settings client against a loopback server. */
class RemoteSettingsClientTest {
  static final long SEED = Long.getLong("pkixj.test.seed", System.nanoTime());
  static final String HINT = " [random seed " + SEED + ", replay with -Dpkixj.test.seed=" + SEED
      + "]";

  @Test
  void changesetAttachmentsBaseAndDownload() throws Exception {
    Random rnd = new Random(SEED);
    byte[] content = new byte[1000 + rnd.nextInt(5000)];
    rnd.nextBytes(content);
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      s.attachment("x/a.bin", content);
      s.changeset("b", "c", RemoteSettingsServer.changesetJson(42, List.of(
          RemoteSettingsServer.record("r1", 7, "x/a.bin", content, "\"k\":1"),
          "{\"id\":\"r2\",\"last_modified\":8,\"deleted\":true}")));
      RemoteSettingsClient c = RemoteSettingsClient.of(s.url() + "/");
      assertEquals(s.url(), c.server());
      Changeset cs = c.changeset("b", "c", 5);
      assertTrue(cs.url().endsWith("/v1/buckets/b/collections/c/changeset?_expected=5"), cs.url());
      assertEquals(42, cs.timestamp());
      assertEquals(2, cs.records().size());
      RsRecord r = cs.records().get(0);
      assertEquals("r1", r.id());
      assertEquals(7, r.lastModified());
      assertFalse(r.deleted());
      assertEquals(1, r.json().longValue("k"));
      assertTrue(cs.records().get(1).deleted());
      assertTrue(cs.records().get(1).attachment().isEmpty());
      // base_url has no trailing slash on the server: one is added.
      assertTrue(c.attachmentsBaseUrl().endsWith("/att/"), c.attachmentsBaseUrl());
      assertArrayEquals(content, c.download(r.attachment().orElseThrow()), HINT);
    }
  }

  @Test
  void badHashWrongSizeCutShortAndMissingAreErrorsNamingTheUrl() throws Exception {
    Random rnd = new Random(SEED + 1);
    byte[] content = new byte[20_000 + rnd.nextInt(20_000)];
    rnd.nextBytes(content);
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      RemoteSettingsClient c = RemoteSettingsClient.of(s.url());
      s.attachment("a", content);
      String good = RemoteSettingsClient.sha256Hex(content);
      String bad = good.substring(0, 63) + (good.charAt(63) == '0' ? '1' : '0');
      RemoteSettingsException e = assertThrows(RemoteSettingsException.class,
          () -> c.download(new Attachment("a", bad, content.length, "a")));
      assertTrue(e.getMessage().contains("/att/a: SHA-256"), e.getMessage() + HINT);
      e = assertThrows(RemoteSettingsException.class,
          () -> c.download(new Attachment("a", good, content.length + 1, "a")));
      assertTrue(e.getMessage().contains("/att/a: " + content.length + " bytes"), e.getMessage());
      e = assertThrows(RemoteSettingsException.class,
          () -> c.download(new Attachment("a", good, content.length - 1, "a")));
      assertTrue(e.getMessage().contains("/att/a: larger than"), e.getMessage());
      s.cut("a", true);
      e = assertThrows(RemoteSettingsException.class,
          () -> c.download(new Attachment("a", good, content.length, "a")));
      assertTrue(e.getMessage().contains("/att/a: "), e.getMessage());
      e = assertThrows(RemoteSettingsException.class,
          () -> c.download(new Attachment("nope", good, 1, "a")));
      assertTrue(e.getMessage().endsWith("/att/nope: the server answered HTTP 404"),
          e.getMessage());
      e = assertThrows(RemoteSettingsException.class,
          () -> c.download(new Attachment("../v1/", good, 1, "a")));
      assertTrue(e.getMessage().contains("is not a relative path"), e.getMessage());
    }
  }

  @Test
  void malformedChangesetsAreErrorsNamingTheMember() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      RemoteSettingsClient c = RemoteSettingsClient.of(s.url());
      String[][] cases = {
          {"{\"timestamp\":1}", "changes"},
          {"{\"timestamp\":1,\"changes\":[{\"id\":\"a\"}]}", "last_modified"},
          {"{\"timestamp\":1,\"changes\":[{\"id\":\"a\",\"last_modified\":1,\"attachment\":"
              + "{\"location\":\"x\",\"hash\":\"zz\",\"size\":1}}]}", "hash"},
          {"[1]", "not a JSON object"},
          {"{\"timestamp\":1,", "not a JSON object"},
      };
      for (String[] k : cases) {
        s.changeset("b", "c", k[0]);
        RemoteSettingsException e = assertThrows(RemoteSettingsException.class,
            () -> c.changeset("b", "c", 0), k[0]);
        assertTrue(e.getMessage().contains("/changeset?_expected=0: "), e.getMessage());
        assertTrue(e.getMessage().contains(k[1]), k[0] + " -> " + e.getMessage());
      }
      RemoteSettingsException e = assertThrows(RemoteSettingsException.class,
          () -> c.changeset("b", "missing", 0));
      assertTrue(e.getMessage().endsWith("HTTP 404"), e.getMessage());
    }
  }

  @Test
  void monitorChangesIsTheFeedOrEmptyWithoutOne() throws Exception {
    try (RemoteSettingsServer s = new RemoteSettingsServer()) {
      RemoteSettingsClient c = RemoteSettingsClient.of(s.url());
      assertTrue(c.monitorChanges().isEmpty(), "a server without the feed (404)");
      s.changeset("monitor", "changes", RemoteSettingsServer.changesetJson(42, List.of(
          "{\"id\":\"x\",\"last_modified\":41,\"bucket\":\"security-state\","
              + "\"collection\":\"onecrl\",\"host\":\"h\"}")));
      s.header("/v1/buckets/monitor/collections/changes/changeset", Map.of("Backoff", "30"));
      Changeset feed = c.monitorChanges().orElseThrow();
      assertEquals(42, feed.timestamp());
      assertEquals(30, feed.backoffSeconds());
      assertEquals(List.of("x"), feed.records().stream().map(RsRecord::id).toList());
      assertEquals("onecrl", feed.records().get(0).json().string("collection"));
      assertEquals(s.url() + "/buckets/monitor/collections/changes/changeset?_expected=0",
          feed.url());
      s.respond("/v1/buckets/monitor/collections/changes/changeset", 503,
          Map.of("Retry-After", "60"));
      RemoteSettingsException e = assertThrows(RemoteSettingsException.class,
          c::monitorChanges);
      assertEquals(60, e.retryAfterSeconds().getAsLong());
      s.respond("/v1/buckets/monitor/collections/changes/changeset", 500, Map.of());
      e = assertThrows(RemoteSettingsException.class, c::monitorChanges);
      assertTrue(e.getMessage().endsWith("HTTP 500"), e.getMessage());
    }
  }

  @Test
  void onlyHttpsOrLoopbackHttp() {
    for (String u : new String[] {"http://example.com/v1", "ftp://127.0.0.1/v1", "/v1",
        "https:///v1", "https://h/v1?x=1"}) {
      RemoteSettingsException e = assertThrows(RemoteSettingsException.class,
          () -> RemoteSettingsClient.of(u), u);
      assertTrue(e.getMessage().startsWith(u + ": "), e.getMessage());
    }
    assertEquals("https://h.example/v1",
        assertDoesNotThrow(() -> RemoteSettingsClient.of("https://h.example/v1/")).server());
  }

  private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
    return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
  }
}
