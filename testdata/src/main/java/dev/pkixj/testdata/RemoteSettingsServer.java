package dev.pkixj.testdata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Remote Settings server on the loopback interface (port 0) for tests: {@code /v1/} with the
 * attachments base URL ({@code /att}, without the trailing slash a client must add), collections'
 * changesets, and attachments under {@code /att/}. An attachment may be served cut short (the
 * connection closes mid-body).
 */
public final class RemoteSettingsServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> changesets = new ConcurrentHashMap<>();
  private final Map<String, byte[]> attachments = new ConcurrentHashMap<>();
  private final Map<String, Boolean> cut = new ConcurrentHashMap<>();
  /** Paths requested, in order. */
  public final List<String> requests = new CopyOnWriteArrayList<>();

  public RemoteSettingsServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT/v1}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public void changeset(String bucket, String collection, String json) {
    changesets.put("/v1/buckets/" + bucket + "/collections/" + collection + "/changeset",
        json.getBytes(StandardCharsets.UTF_8));
  }

  /** Serves {@code bytes} at {@code /att/location}. */
  public void attachment(String location, byte[] bytes) {
    attachments.put("/att/" + location, bytes.clone());
  }

  /** Serves that attachment's first half only, then closes the connection. */
  public void cut(String location, boolean on) {
    cut.put("/att/" + location, on);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    requests.add(x.getRequestURI().toString());
    try (x) {
      byte[] body;
      if (path.equals("/v1/") || path.equals("/v1")) {
        body = ("{\"capabilities\":{\"attachments\":{\"base_url\":\"http://127.0.0.1:"
            + server.getAddress().getPort() + "/att\"}}}").getBytes(StandardCharsets.UTF_8);
      } else if (changesets.containsKey(path)) {
        body = changesets.get(path);
      } else if (attachments.containsKey(path)) {
        body = attachments.get(path);
        if (Boolean.TRUE.equals(cut.get(path))) {
          x.sendResponseHeaders(200, body.length);
          OutputStream o = x.getResponseBody();
          o.write(body, 0, body.length / 2);
          o.flush();
          // Closing the exchange now leaves the body short of its Content-Length: the client
          // sees the connection end mid-body.
          return;
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

  /** A changeset body: the records (JSON objects) and the collection timestamp. */
  public static String changesetJson(long timestamp, List<String> records) {
    return "{\"metadata\":{\"signature\":{}},\"timestamp\":" + timestamp + ",\"changes\":["
        + String.join(",", new ArrayList<>(records)) + "]}";
  }

  /** A record with an attachment at {@code location}, and extra members (JSON text, or ""). */
  public static String record(String id, long lastModified, String location, byte[] content,
      String extra) {
    return record(id, lastModified, location, sha256Hex(content), content.length, extra);
  }

  /**
   * A record whose attachment claims {@code sha256Hex} and {@code size} (tests of bad hashes),
   * and extra members (JSON text, or "").
   */
  public static String record(String id, long lastModified, String location, String sha256Hex,
      long size, String extra) {
    return "{\"id\":\"" + id + "\",\"last_modified\":" + lastModified
        + ",\"attachment\":{\"location\":\"" + location + "\",\"hash\":\""
        + sha256Hex + "\",\"size\":" + size
        + ",\"filename\":\"" + location.substring(location.lastIndexOf('/') + 1)
        + "\",\"mimetype\":\"application/octet-stream\"}" + (extra.isEmpty() ? "" : "," + extra)
        + "}";
  }

  /** SHA-256 of {@code b}, lower-case hex (an attachment's hash). */
  public static String sha256Hex(byte[] b) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
