package dev.pkixj.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Remote Settings server on the loopback interface (port 0) serving the CRLite collection
 * ({@code security-state/cert-revocations}) with small filters built by hand, for the CLI tests
 * and the sweep.
 */
final class CrliteTestServer implements AutoCloseable {
  private final HttpServer server;
  private volatile byte[] changeset = "{\"timestamp\":1,\"changes\":[]}".getBytes(
      StandardCharsets.UTF_8);
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Boolean> cut = new ConcurrentHashMap<>();

  CrliteTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** A filter record and its attachment (served at /att/ID). */
  record Rec(String id, String channel, boolean incremental, String parent, long effective,
      byte[] content) {
  }

  /** Publishes these records; {@code wrongHash} serves the attachment with another hash. */
  void publish(List<Rec> recs, String wrongHash) {
    StringBuilder sb = new StringBuilder("{\"metadata\":{},\"timestamp\":7,\"changes\":[");
    for (int i = 0; i < recs.size(); i++) {
      Rec r = recs.get(i);
      files.put("/att/" + r.id(), r.content());
      String hash = r.id().equals(wrongHash) ? sha256Hex(new byte[] {1}) : sha256Hex(r.content());
      sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(r.id())
          .append("\",\"last_modified\":").append(r.effective() + 5)
          .append(",\"channel\":\"").append(r.channel()).append("\",\"incremental\":")
          .append(r.incremental()).append(",\"effectiveTimestamp\":").append(r.effective())
          .append(r.parent() == null ? "" : ",\"parent\":\"" + r.parent() + "\"")
          .append(",\"attachment\":{\"location\":\"").append(r.id()).append("\",\"hash\":\"")
          .append(hash).append("\",\"size\":").append(r.content().length)
          .append(",\"filename\":\"").append(r.id()).append(".filter\"}}");
    }
    changeset = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Serves that attachment's first half only, then closes the connection. */
  void cut(String id, boolean on) {
    cut.put("/att/" + id, on);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    try (x) {
      byte[] body;
      if (path.equals("/v1/")) {
        body = ("{\"capabilities\":{\"attachments\":{\"base_url\":\"" + "http://127.0.0.1:"
            + server.getAddress().getPort() + "/att/\"}}}").getBytes(StandardCharsets.UTF_8);
      } else if (path.equals("/v1/buckets/security-state/collections/cert-revocations/changeset")) {
        body = changeset;
      } else if (files.containsKey(path)) {
        body = files.get(path);
        if (Boolean.TRUE.equals(cut.get(path))) {
          x.sendResponseHeaders(200, body.length);
          OutputStream o = x.getResponseBody();
          o.write(body, 0, body.length / 2);
          o.flush();
          return; // closed short of its Content-Length
        }
      } else {
        x.sendResponseHeaders(404, -1);
        return;
      }
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
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
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
