package dev.pkixj.cli;

import dev.pkixj.testdata.RemoteSettingsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The CRLite collection ({@code security-state/cert-revocations}) on a loopback Remote Settings
 * server ({@link RemoteSettingsServer}), with small filters built by hand, for the CLI tests and
 * the sweep.
 */
final class CrliteTestServer implements AutoCloseable {
  private final RemoteSettingsServer server = new RemoteSettingsServer();

  CrliteTestServer() throws IOException {
    publish(List.of(), null);
  }

  String url() {
    return server.url();
  }

  /** A filter record and its attachment (served at /att/ID.filter). */
  record Rec(String id, String channel, boolean incremental, String parent, long effective,
      byte[] content) {
  }

  /** Publishes these records; {@code wrongHash} serves the attachment with another hash. */
  void publish(List<Rec> recs, String wrongHash) {
    List<String> json = new ArrayList<>();
    for (Rec r : recs) {
      server.attachment(r.id() + ".filter", r.content());
      String hash = RemoteSettingsServer.sha256Hex(
          r.id().equals(wrongHash) ? new byte[] {1} : r.content());
      json.add(RemoteSettingsServer.record(r.id(), r.effective() + 5, r.id() + ".filter", hash,
          r.content().length, "\"channel\":\"" + r.channel() + "\",\"incremental\":"
          + r.incremental() + ",\"effectiveTimestamp\":" + r.effective()
          + (r.parent() == null ? "" : ",\"parent\":\"" + r.parent() + "\"")));
    }
    server.changeset("security-state", "cert-revocations",
        RemoteSettingsServer.changesetJson(7, json));
  }

  /** Serves that attachment's first half only, then closes the connection. */
  void cut(String id, boolean on) {
    server.cut(id + ".filter", on);
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * A small V4 clubcard: coverage of {@code logs} CT logs (ids 0x01.., 0x02.., …) and {@code
   * issuers} enrolled issuers whose serials are all revoked (an empty inverted block), the
   * {@code tag} making the bytes distinct.
   */
  static byte[] filter(int logs, int issuers, int tag) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(4);
    o.write(0);
    u(o, logs, 2);
    for (int i = 0; i < logs; i++) {
      for (int k = 0; k < 32; k++) {
        o.write(i + 1);
      }
      u(o, tag, 8); // low
      u(o, 1L << 50, 8); // high
    }
    u(o, issuers, 4);
    for (int i = 0; i < issuers; i++) {
      for (int k = 0; k < 32; k++) {
        o.write(0x40 + i);
      }
      u(o, 0, 4); // approximate m
      u(o, 0, 1); // rank
      u(o, 0, 4); // approximate offset
      u(o, 0, 4); // exact m
      u(o, 0, 4); // exact offset
      o.write(1); // inverted: every serial revoked
      u(o, 0, 2); // no exceptions
    }
    o.write(0); // no approximate columns
    u(o, 0, 4); // empty exact filter
    return o.toByteArray();
  }

  private static void u(ByteArrayOutputStream o, long v, int bytes) {
    for (int i = bytes - 1; i >= 0; i--) {
      o.write((int) (v >>> (8 * i)));
    }
  }

  static String sha256Hex(byte[] b) {
    return RemoteSettingsServer.sha256Hex(b);
  }

}
