package dev.pkixj.testdata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * A Remote Settings server on the loopback interface (port 0) for tests: {@code /v1/} with the
 * attachments base URL ({@code /att}, without the trailing slash a client must add), collections'
 * changesets, and attachments under {@code /att/}. An attachment may be served cut short (the
 * connection closes mid-body).
 *
 * <p>Signed collections (docs/remote-settings.md): {@link SigningPki} is a test content-signature
 * PKI (P-384 root, intermediate and end-entity for code signing, the end-entity named for the
 * signer), {@link #signedChangeset} serves a changeset whose {@code metadata.signature} signs the
 * canonical payload with it, and the chain is served as the x5u under {@code /x5u/}. A path may
 * also be given a status and headers ({@link #respond}, e.g. 503 with Retry-After), extra headers
 * on success ({@link #header}, e.g. Backoff), and JSON answers may be gzip-compressed when the
 * client accepts it ({@link #gzip}).
 */
public final class RemoteSettingsServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> changesets = new ConcurrentHashMap<>();
  private final Map<String, byte[]> attachments = new ConcurrentHashMap<>();
  private final Map<String, Boolean> cut = new ConcurrentHashMap<>();
  private final Map<String, byte[]> x5us = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> headers = new ConcurrentHashMap<>();
  private volatile boolean gzip;
  /** Paths requested, in order. */
  public final List<String> requests = new CopyOnWriteArrayList<>();
  /** The User-Agent and Accept-Encoding of each request, in order ("UA | encoding"). */
  public final List<String> requestHeaders = new CopyOnWriteArrayList<>();

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

  /** Serves {@code pem} at {@code /x5u/name}; returns its URL. */
  public String x5u(String name, byte[] pem) {
    x5us.put("/x5u/" + name, pem.clone());
    return x5uUrl(name);
  }

  /** The URL {@link #x5u} serves {@code name} at. */
  public String x5uUrl(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/x5u/" + name;
  }

  /**
   * Serves a changeset of {@code canonicalRecords} (each a record in canonical JSON: members
   * sorted, no whitespace, non-ASCII escaped) signed by {@code pki}, its chain at {@code
   * /x5u/BUCKET-COLLECTION.pem}. Returns the signed bytes.
   */
  public byte[] signedChangeset(String bucket, String collection, long timestamp,
      List<String> canonicalRecords, SigningPki pki) {
    byte[] payload = signedPayload(timestamp, canonicalRecords);
    String x5u = x5u(bucket + "-" + collection + ".pem",
        pki.pem().getBytes(StandardCharsets.US_ASCII));
    changeset(bucket, collection, changesetJson(timestamp, canonicalRecords,
        signatureJson(pki.sign(payload), x5u)));
    return payload;
  }

  /** Answers {@code path} (e.g. a changeset's) with {@code status} and these headers, no body. */
  public void respond(String path, int status, Map<String, String> responseHeaders) {
    statuses.put(path, status);
    headers.put(path, Map.copyOf(responseHeaders));
  }

  /** Adds these headers to the 200 answers of {@code path} (e.g. Backoff). */
  public void header(String path, Map<String, String> responseHeaders) {
    headers.put(path, Map.copyOf(responseHeaders));
  }

  /** The path of a collection's changeset, for {@link #respond} and {@link #header}. */
  public static String changesetPath(String bucket, String collection) {
    return "/v1/buckets/" + bucket + "/collections/" + collection + "/changeset";
  }

  /** Compresses JSON answers with gzip when the request accepts it. */
  public void gzip(boolean on) {
    gzip = on;
  }

  /** Serves that attachment's first half only, then closes the connection. */
  public void cut(String location, boolean on) {
    cut.put("/att/" + location, on);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    requests.add(x.getRequestURI().toString());
    String acceptEncoding = x.getRequestHeaders().getFirst("Accept-Encoding");
    requestHeaders.add(x.getRequestHeaders().getFirst("User-Agent") + " | " + acceptEncoding);
    try (x) {
      Map<String, String> extra = headers.getOrDefault(path, Map.of());
      extra.forEach((k, v) -> x.getResponseHeaders().add(k, v));
      Integer status = statuses.get(path);
      if (status != null) {
        x.sendResponseHeaders(status, -1);
        return;
      }
      byte[] body;
      boolean json = true;
      if (path.equals("/v1/") || path.equals("/v1")) {
        body = ("{\"capabilities\":{\"attachments\":{\"base_url\":\"http://127.0.0.1:"
            + server.getAddress().getPort() + "/att\"}}}").getBytes(StandardCharsets.UTF_8);
      } else if (changesets.containsKey(path)) {
        body = changesets.get(path);
      } else if (x5us.containsKey(path)) {
        body = x5us.get(path);
      } else if (attachments.containsKey(path)) {
        json = false;
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
      if (json && gzip && acceptEncoding != null && acceptEncoding.contains("gzip")) {
        body = gzipped(body);
        x.getResponseHeaders().add("Content-Encoding", "gzip");
      }
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
    }
  }

  /** {@code b} compressed with gzip. */
  public static byte[] gzipped(byte[] b) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(o)) {
      z.write(b);
    } catch (IOException e) {
      throw new IllegalStateException("gzip into memory failed", e);
    }
    return o.toByteArray();
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

  /**
   * A changeset body with this {@code metadata.signature} member value (JSON text, e.g. from
   * {@link #signatureJson}).
   */
  public static String changesetJson(long timestamp, List<String> records, String signature) {
    return "{\"metadata\":{\"signature\":" + signature + "},\"timestamp\":" + timestamp
        + ",\"changes\":[" + String.join(",", new ArrayList<>(records)) + "]}";
  }

  /** {@code {"mode":"p384ecdsa","ref":"test","signature":SIG,"x5u":URL}}. */
  public static String signatureJson(String signature, String x5u) {
    return "{\"mode\":\"p384ecdsa\",\"ref\":\"test\",\"signature\":\"" + signature
        + "\",\"x5u\":\"" + x5u + "\"}";
  }

  /**
   * The bytes a content signature covers, built independently of pkixj's serializer from
   * records already in canonical form: {@code Content-Signature:}, a NUL byte, then {@code
   * {"data":[records sorted by id, without those with "deleted":true],"last_modified":"TS"}}.
   */
  public static byte[] signedPayload(long timestamp, List<String> canonicalRecords) {
    List<String> sorted = new ArrayList<>(canonicalRecords);
    sorted.removeIf(r -> r.contains("\"deleted\":true"));
    sorted.sort(Comparator.comparing(RemoteSettingsServer::idOf));
    return ("Content-Signature:\u0000{\"data\":[" + String.join(",", sorted)
        + "],\"last_modified\":\"" + timestamp + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static String idOf(String record) {
    Matcher m = Pattern.compile("\"id\":\"([^\"]*)\"").matcher(record);
    if (!m.find()) {
      throw new IllegalArgumentException("a record without an id: " + record);
    }
    return m.group(1);
  }

  /**
   * A test content-signature PKI as Mozilla's (P-384 keys, ECDSA with SHA-384): a root, an
   * intermediate for code signing, and an end-entity for code signing whose subjectAltName is
   * the signer's DNS name. {@link #create(String, UnaryOperator)} can change the end-entity
   * (another EKU, SAN or validity) before it is issued.
   */
  public static final class SigningPki {
    private final TestCert root;
    private final TestCert intermediate;
    private final TestCert ee;

    private SigningPki(TestCert root, TestCert intermediate, TestCert ee) {
      this.root = root;
      this.intermediate = intermediate;
      this.ee = ee;
    }

    /** The PKI for {@code signer}, keys labelled by {@code signer}. */
    public static SigningPki create(String signer) {
      return create(signer, b -> b);
    }

    /** The PKI for {@code signer}, the end-entity's builder passed through {@code ee}. */
    public static SigningPki create(String signer, UnaryOperator<CertBuilder> ee) {
      return create(signer, "content-signature", ee);
    }

    /** The same with keys labelled {@code keyLabel} (another label: another, untrusted root). */
    public static SigningPki create(String signer, String keyLabel, UnaryOperator<CertBuilder> ee) {
      TestCert root = CertBuilder.root("CN=Test Content Signing Root " + keyLabel)
          .key(TestKeys.ec(TestKeys.Curve.P384, keyLabel + "/root"))
          .extendedKeyUsage(Oids.CODE_SIGNING).build();
      TestCert intermediate = CertBuilder.ca("CN=Test Content Signing Intermediate " + keyLabel)
          .issuer(root).key(TestKeys.ec(TestKeys.Curve.P384, keyLabel + "/intermediate"))
          .extendedKeyUsage(Oids.CODE_SIGNING).build();
      CertBuilder b = CertBuilder.blank("CN=" + signer).issuer(intermediate)
          .key(TestKeys.ec(TestKeys.Curve.P384, keyLabel + "/ee/" + signer))
          .keyUsage(KeyUsage.DIGITAL_SIGNATURE).extendedKeyUsage(Oids.CODE_SIGNING)
          .san(GeneralName.dns(signer)).authorityKeyId()
          .validity(TestClock.daysAgo(30), TestClock.daysFromNow(60));
      return new SigningPki(root, intermediate, ee.apply(b).build());
    }

    public TestCert root() {
      return root;
    }

    public TestCert intermediate() {
      return intermediate;
    }

    public TestCert endEntity() {
      return ee;
    }

    /** The x5u chain: end-entity, intermediate, root, PEM. */
    public String pem() {
      return Pem.certs(ee, intermediate, root);
    }

    /** base64url (no padding) of the 96-byte r‖s of ECDSA P-384 / SHA-384 over {@code data}. */
    public String sign(byte[] data) {
      byte[] der = SigAlg.ECDSA_SHA384.sign(ee.privateKey(), data);
      ASN1Sequence seq = ASN1Sequence.getInstance(der);
      byte[] rs = new byte[96];
      put(((ASN1Integer) seq.getObjectAt(0)).getValue(), rs, 0);
      put(((ASN1Integer) seq.getObjectAt(1)).getValue(), rs, 48);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(rs);
    }

    private static void put(BigInteger v, byte[] out, int off) {
      byte[] b = v.toByteArray();
      int n = Math.min(b.length, 48);
      System.arraycopy(b, b.length - n, out, off + 48 - n, n);
    }
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
