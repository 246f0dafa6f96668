package dev.pkixj.truststore.remotesettings;

import dev.pkixj.truststore.json.JsonException;
import dev.pkixj.truststore.json.JsonObject;
import dev.pkixj.truststore.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A small client of a Remote Settings (Kinto) server, as Firefox's RemoteSettingsClient uses it
 * (spec firefox-security-state.md section 3; docs/crlite.md "Filters on disk and updates"): a
 * collection's changeset, the attachments base URL from the server's capabilities, and
 * attachments checked against their size and SHA-256.
 *
 * <p>Only https is used, except plain http to a loopback host (tests, local mirrors). Every
 * request has a connect timeout and a whole-request deadline (headers and body), and every body
 * a size bound ({@link #MAX_JSON_BYTES}, {@link #MAX_ATTACHMENT_BYTES}), also after gzip
 * decoding. With a {@linkplain #withSignatureCheck signature check} (the default for {@link
 * #PRODUCTION_SERVER}) a changeset is returned only if its content signature verifies
 * (docs/remote-settings.md); an attachment is accepted only if its size and SHA-256 match its
 * record. Requests say {@code User-Agent: pkixj/VERSION} and {@code Accept-Encoding: gzip}; a
 * server's {@code Backoff} is reported in {@link Changeset#backoffSeconds()}, its {@code
 * Retry-After} on an error in {@link RemoteSettingsException#retryAfterSeconds()}. Thread-safe.
 */
public final class RemoteSettingsClient {
  /** Firefox's production server (AppConstants REMOTE_SETTINGS_SERVER_URL). */
  public static final String PRODUCTION_SERVER = "https://firefox.settings.services.mozilla.com/v1";
  /** The largest JSON answer (server root, changeset) accepted. */
  public static final int MAX_JSON_BYTES = 16 << 20;
  /** The most records a changeset may hold. */
  public static final int MAX_RECORDS = 10_000;
  /** The largest attachment accepted. */
  public static final int MAX_ATTACHMENT_BYTES = 64 << 20;
  /** Default time to connect. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Default deadline of a JSON request, headers and body. */
  public static final Duration JSON_TIMEOUT = Duration.ofSeconds(30);
  /** Default deadline of an attachment download, headers and body. */
  public static final Duration ATTACHMENT_TIMEOUT = Duration.ofSeconds(120);

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final JsonReader.Limits JSON_LIMITS =
      new JsonReader.Limits(MAX_JSON_BYTES, 32, 1 << 20, 64, 1 << 20);

  /** The User-Agent of every request: {@code pkixj/VERSION}. */
  public static final String USER_AGENT = "pkixj/" + version();

  private final URI server;
  private final String serverText;
  private final HttpClient http;
  private final Duration jsonTimeout;
  private final Duration attachmentTimeout;
  private final ContentSignatureVerifier verifier;
  private volatile String attachmentsBase;

  private RemoteSettingsClient(URI server, String serverText, HttpClient http, Duration json,
      Duration attachment, ContentSignatureVerifier verifier) {
    this.server = server;
    this.serverText = serverText;
    this.http = http;
    this.jsonTimeout = json;
    this.attachmentTimeout = attachment;
    this.verifier = verifier;
  }

  private static String version() {
    String v = RemoteSettingsClient.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "dev" : v.strip();
  }

  /** A client of {@code serverUrl} (e.g. {@link #PRODUCTION_SERVER}) with the default timeouts. */
  public static RemoteSettingsClient of(String serverUrl) throws RemoteSettingsException {
    return of(serverUrl, CONNECT_TIMEOUT, JSON_TIMEOUT, ATTACHMENT_TIMEOUT);
  }

  /**
   * A client of {@code serverUrl} with these timeouts.
   *
   * @throws RemoteSettingsException the URL is not https (or http to a loopback host) or not valid
   */
  public static RemoteSettingsClient of(String serverUrl, Duration connect, Duration json,
      Duration attachment) throws RemoteSettingsException {
    Objects.requireNonNull(serverUrl, "serverUrl");
    String s = serverUrl.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    URI uri = checkUrl(s, serverUrl);
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new RemoteSettingsException(serverUrl + ": a server URL has no query or fragment");
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(connect)
        .followRedirects(HttpClient.Redirect.NORMAL).build();
    return new RemoteSettingsClient(uri, s, http, json, attachment,
        s.equals(PRODUCTION_SERVER) ? ContentSignatureVerifier.production() : null);
  }

  /**
   * This client, checking every changeset's content signature with {@code verifier}
   * (docs/remote-settings.md). A client of {@link #PRODUCTION_SERVER} does so by default with
   * Mozilla's production root; a client of another server does not, since its root is unknown.
   */
  public RemoteSettingsClient withSignatureCheck(ContentSignatureVerifier verifier) {
    Objects.requireNonNull(verifier, "verifier");
    return new RemoteSettingsClient(server, serverText, http, jsonTimeout, attachmentTimeout,
        verifier);
  }

  /** This client, not checking content signatures (local mirrors, tests). */
  public RemoteSettingsClient withoutSignatureCheck() {
    return new RemoteSettingsClient(server, serverText, http, jsonTimeout, attachmentTimeout,
        null);
  }

  /** The content-signature check changesets get, if any. */
  public Optional<ContentSignatureVerifier> signatureCheck() {
    return Optional.ofNullable(verifier);
  }

  /** The server URL, without a trailing slash. */
  public String server() {
    return serverText;
  }

  private static URI checkUrl(String s, String shown) throws RemoteSettingsException {
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new RemoteSettingsException(shown + ": not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new RemoteSettingsException(shown + ": not an https URL with a host");
    }
    if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      throw new RemoteSettingsException(shown + ": plain http is accepted only from this machine"
          + " (localhost); use https");
    }
    return uri;
  }

  /**
   * The attachments base URL: {@code capabilities.attachments.base_url} of {@code GET {server}/},
   * with a trailing slash added if missing (Firefox's Utils.baseAttachmentsURL). Fetched once.
   */
  public String attachmentsBaseUrl() throws RemoteSettingsException {
    String b = attachmentsBase;
    if (b != null) {
      return b;
    }
    String url = serverText + "/";
    JsonObject root = json(url);
    try {
      String base = root.object("capabilities").object("attachments").string("base_url");
      if (!base.endsWith("/")) {
        base = base + "/";
      }
      URI u = checkUrl(base, url + ": capabilities.attachments.base_url " + base);
      if (u.getRawQuery() != null || u.getRawFragment() != null) {
        throw new RemoteSettingsException(url + ": capabilities.attachments.base_url has a query"
            + " or fragment");
      }
      attachmentsBase = base;
      return base;
    } catch (JsonException e) {
      throw new RemoteSettingsException(url + ": " + e.getMessage());
    }
  }

  /**
   * {@code GET {server}/buckets/{bucket}/collections/{collection}/changeset?_expected=N}: the
   * whole collection (no {@code _since}: Firefox's full refetch), so no tombstones are expected.
   * With a {@linkplain #withSignatureCheck signature check} the changeset is returned only if its
   * content signature verifies ({@link #verifySignature}).
   *
   * @param expected the {@code _expected} cache-busting value (0, or the timestamp the change
   *     feed announced)
   * @throws RemoteSettingsException the request failed (with {@link
   *     RemoteSettingsException#retryAfterSeconds()} when the server asked to back off), the
   *     answer is not a changeset, or its signature does not verify
   */
  public Changeset changeset(String bucket, String collection, long expected)
      throws RemoteSettingsException {
    if (!NAME.matcher(bucket).matches() || !NAME.matcher(collection).matches()) {
      throw new IllegalArgumentException("not a bucket or collection name");
    }
    String url = serverText + "/buckets/" + bucket + "/collections/" + collection
        + "/changeset?_expected=" + expected;
    Fetched f = fetch(url, MAX_JSON_BYTES, jsonTimeout, "application/json", true);
    Changeset cs = parseChangeset(f.body(), url);
    boolean verified = false;
    if (verifier != null) {
      verifySignature(cs, bucket, collection, verifier);
      verified = true;
    }
    return new Changeset(cs.url(), cs.timestamp(), cs.metadata(), cs.records(),
        f.backoffSeconds(), verified);
  }

  /**
   * {@code GET {server}/buckets/monitor/collections/changes/changeset?_expected=0}: the change
   * feed Firefox polls first (spec firefox-security-state.md section 3), one record per collection
   * with its {@code bucket}, {@code collection} and newest timestamp ({@code last_modified}).
   * Like Firefox, the feed itself is not signed: each collection's changeset is.
   *
   * @return the feed, or empty when the server has none (HTTP 404: a mirror serving only some
   *     collections)
   * @throws RemoteSettingsException the request failed (with {@link
   *     RemoteSettingsException#retryAfterSeconds()} when the server asked to back off) or the
   *     answer is not a changeset
   */
  public Optional<Changeset> monitorChanges() throws RemoteSettingsException {
    String url = serverText + "/buckets/monitor/collections/changes/changeset?_expected=0";
    Fetched f = fetch(url, MAX_JSON_BYTES, jsonTimeout, "application/json", true, true);
    if (f == null) {
      return Optional.empty();
    }
    Changeset cs = parseChangeset(f.body(), url);
    return Optional.of(new Changeset(cs.url(), cs.timestamp(), cs.metadata(), cs.records(),
        f.backoffSeconds(), false));
  }

  /**
   * Checks a whole collection's content signature as Firefox does (docs/remote-settings.md):
   * fetches {@code metadata.signature.x5u} (at most {@link
   * ContentSignatureVerifier#MAX_X5U_BYTES}, https or loopback http as every request), and
   * verifies {@code metadata.signature.signature} over {@link CanonicalJson#signedPayload} of the
   * records and the changeset's timestamp, for the signer of {@code bucket}.
   *
   * @throws RemoteSettingsException "BUCKET/COLLECTION: content signature: STEP…", naming the
   *     step that failed
   */
  public void verifySignature(Changeset cs, String bucket, String collection,
      ContentSignatureVerifier with) throws RemoteSettingsException {
    String what = bucket + "/" + collection + ": content signature";
    JsonObject sig;
    String signature;
    String x5u;
    try {
      if (cs.metadata().isEmpty() || !cs.metadata().get().has("signature")) {
        throw new RemoteSettingsException(what + ": the changeset has no metadata.signature");
      }
      sig = cs.metadata().get().object("signature");
      if (!sig.has("signature") || !sig.has("x5u")) {
        throw new RemoteSettingsException(what + ": metadata.signature has no "
            + (sig.has("signature") ? "x5u" : "signature"));
      }
      signature = sig.string("signature");
      x5u = sig.string("x5u");
    } catch (dev.pkixj.truststore.json.JsonException e) {
      throw new RemoteSettingsException(what + ": " + e.getMessage());
    }
    if (with.roots().isEmpty()) {
      throw new RemoteSettingsException(what + ": cannot verify: no content-signature root"
          + " configured");
    }
    ContentSignatureVerifier.decodeSignature(signature, what);
    byte[] pem;
    try {
      pem = fetch(x5u, ContentSignatureVerifier.MAX_X5U_BYTES, jsonTimeout, "*/*", true).body();
    } catch (RemoteSettingsException e) {
      throw new RemoteSettingsException(what + ": x5u: " + e.getMessage(),
          e.retryAfterSeconds());
    }
    with.verify(CanonicalJson.signedPayload(cs.records(), cs.timestamp()), signature, pem,
        ContentSignatureVerifier.signerFor(bucket), what);
  }

  /**
   * Parses a changeset answer ({@code {"metadata":…,"timestamp":N,"changes":[records]}}) within
   * the limits of docs/limits.md "CRLite updates".
   *
   * @param url where it came from, for messages
   * @throws RemoteSettingsException it is not JSON, or a member is missing or of the wrong type
   *     (the message names the URL and the member)
   */
  public static Changeset parseChangeset(byte[] json, String url)
      throws RemoteSettingsException {
    JsonObject o;
    try {
      if (json.length > MAX_JSON_BYTES) {
        throw new RemoteSettingsException(url + ": larger than " + MAX_JSON_BYTES + " bytes");
      }
      o = JsonReader.parseObject(json, JSON_LIMITS);
    } catch (JsonException e) {
      throw new RemoteSettingsException(url + ": not a JSON object: " + e.getMessage());
    }
    try {
      long timestamp = o.longValue("timestamp");
      Optional<JsonObject> metadata = o.optObject("metadata");
      List<JsonObject> changes = o.objects("changes", true);
      if (changes.size() > MAX_RECORDS) {
        throw new RemoteSettingsException(url + ": " + changes.size() + " records, more than "
            + MAX_RECORDS);
      }
      List<RsRecord> records = new ArrayList<>(changes.size());
      for (JsonObject r : changes) {
        records.add(record(r));
      }
      return new Changeset(url, timestamp, metadata, records);
    } catch (JsonException e) {
      throw new RemoteSettingsException(url + ": " + e.getMessage());
    }
  }

  private static RsRecord record(JsonObject r) throws JsonException {
    String id = r.string("id");
    if (id.isEmpty() || id.length() > 256) {
      throw new JsonException(r.pathOf("id") + ": not a record id");
    }
    long lastModified = r.longValue("last_modified");
    Object del = r.get("deleted");
    boolean deleted = Boolean.TRUE.equals(del);
    Optional<Attachment> attachment = Optional.empty();
    Optional<JsonObject> a = deleted ? Optional.empty() : r.optObject("attachment");
    if (a.isPresent()) {
      JsonObject at = a.get();
      String location = at.string("location");
      String hash = at.string("hash").toLowerCase(Locale.ROOT);
      if (!HEX64.matcher(hash).matches()) {
        throw new JsonException(at.pathOf("hash") + ": not a SHA-256 in hex");
      }
      long size = at.longValue("size");
      if (size < 0) {
        throw new JsonException(at.pathOf("size") + ": negative");
      }
      attachment = Optional.of(new Attachment(location, hash, size,
          at.optString("filename").orElse("")));
    }
    return new RsRecord(id, lastModified, deleted, attachment, r);
  }

  /**
   * The attachment's bytes: at most {@link #MAX_ATTACHMENT_BYTES} and the size the record gives,
   * with the record's SHA-256.
   *
   * @throws RemoteSettingsException the download fails or is cut short, or the size or hash
   *     differs (the message names the URL)
   */
  public byte[] download(Attachment a) throws RemoteSettingsException {
    String loc = a.location();
    while (loc.startsWith("/")) {
      loc = loc.substring(1);
    }
    String base = attachmentsBaseUrl();
    if (loc.isEmpty() || loc.contains("..") || loc.contains("\\") || loc.contains("://")
        || loc.contains("?") || loc.contains("#")) {
      throw new RemoteSettingsException(base + ": attachment location '" + a.location()
          + "' is not a relative path");
    }
    String url = base + loc;
    if (a.size() > MAX_ATTACHMENT_BYTES) {
      throw new RemoteSettingsException(url + ": the record gives " + a.size()
          + " bytes, more than " + MAX_ATTACHMENT_BYTES);
    }
    byte[] b = fetch(url, (int) a.size(), attachmentTimeout, "application/octet-stream", false)
        .body();
    if (b.length != a.size()) {
      throw new RemoteSettingsException(url + ": " + b.length + " bytes, the record gives "
          + a.size());
    }
    String got = sha256Hex(b);
    if (!got.equals(a.sha256Hex())) {
      throw new RemoteSettingsException(url + ": SHA-256 " + got + " differs from the record's "
          + a.sha256Hex());
    }
    return b;
  }

  /** SHA-256 in lower-case hex. */
  public static String sha256Hex(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private JsonObject json(String url) throws RemoteSettingsException {
    byte[] b = fetch(url, MAX_JSON_BYTES, jsonTimeout, "application/json", true).body();
    try {
      return JsonReader.parseObject(b, JSON_LIMITS);
    } catch (JsonException e) {
      throw new RemoteSettingsException(url + ": not a JSON object: " + e.getMessage());
    }
  }

  /** A body, decoded, and the server's Backoff in seconds (0: none). */
  private record Fetched(byte[] body, long backoffSeconds) {}

  private Fetched fetch(String url, int maxBytes, Duration deadline, String accept,
      boolean gzip) throws RemoteSettingsException {
    return fetch(url, maxBytes, deadline, accept, gzip, false);
  }

  /** With {@code absentIsNull}, an HTTP 404 answer returns null instead of failing. */
  private Fetched fetch(String url, int maxBytes, Duration deadline, String accept,
      boolean gzip, boolean absentIsNull) throws RemoteSettingsException {
    URI uri = checkUrl(url, url);
    HttpRequest request;
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(deadline).GET()
          .header("Accept", accept).header("User-Agent", USER_AGENT);
      if (gzip) {
        b.header("Accept-Encoding", "gzip");
      }
      request = b.build();
    } catch (IllegalArgumentException e) {
      throw new RemoteSettingsException(url + ": not a valid URL");
    }
    CompletableFuture<HttpResponse<byte[]>> f =
        http.sendAsync(request, info -> new Bounded(info, maxBytes));
    try {
      HttpResponse<byte[]> r = f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      long backoff = seconds(r.headers().firstValue("Backoff").orElse(null));
      if (r.statusCode() == 404 && absentIsNull) {
        return null;
      }
      if (r.statusCode() != 200) {
        long retryAfter = seconds(r.headers().firstValue("Retry-After").orElse(null));
        long wait = Math.max(retryAfter, backoff);
        if (wait > 0) {
          throw new RemoteSettingsException(url + ": the server asked to back off for " + wait
              + " s (HTTP " + r.statusCode() + ", "
              + (retryAfter >= backoff ? "Retry-After" : "Backoff") + ")", wait);
        }
        throw new RemoteSettingsException(url + ": the server answered HTTP " + r.statusCode());
      }
      String encoding = r.headers().firstValue("Content-Encoding").orElse("identity").strip()
          .toLowerCase(Locale.ROOT);
      byte[] body = r.body();
      if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
        body = gunzip(body, maxBytes, url);
      } else if (!encoding.equals("identity") && !encoding.isEmpty()) {
        throw new RemoteSettingsException(url + ": unsupported Content-Encoding '" + encoding
            + "'");
      }
      return new Fetched(body, backoff);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new RemoteSettingsException(url + ": timed out after " + deadline.toSeconds() + " s");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new RemoteSettingsException(url + ": interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      for (Throwable t = c; t != null; t = t.getCause()) {
        if (t instanceof TooLarge) {
          c = t;
          break;
        }
      }
      if (c instanceof TooLarge) {
        throw new RemoteSettingsException(url + ": larger than " + maxBytes + " bytes");
      }
      if (c instanceof HttpTimeoutException) {
        throw new RemoteSettingsException(url + ": timed out");
      }
      if (c instanceof java.net.ConnectException) {
        throw new RemoteSettingsException(url + ": cannot connect");
      }
      if (c instanceof IOException io) {
        String m = io.getMessage();
        throw new RemoteSettingsException(url + ": the download failed or was cut short"
            + (m == null || m.isBlank() ? "" : " (" + m.strip() + ")"));
      }
      throw new RemoteSettingsException(url + ": cannot be fetched");
    }
  }

  /**
   * A header's seconds: a non-negative integer (Backoff, Retry-After) or an HTTP-date
   * (Retry-After) counted from now; 0 when absent or not understood. At most a day, so a
   * scheduler is never told to stop for years.
   */
  static long seconds(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    String h = header.strip();
    long s;
    if (h.matches("[0-9]{1,12}")) {
      s = Long.parseLong(h);
    } else {
      try {
        Instant t = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        s = Math.max(0, Duration.between(Instant.now(), t).getSeconds());
      } catch (DateTimeParseException e) {
        return 0;
      }
    }
    return Math.min(s, MAX_BACKOFF_SECONDS);
  }

  /** The longest back-off reported: a day. */
  public static final long MAX_BACKOFF_SECONDS = 86_400;

  private static byte[] gunzip(byte[] gz, int maxBytes, String url)
      throws RemoteSettingsException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, gz.length * 4));
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + (long) n > maxBytes) {
          throw new RemoteSettingsException(url + ": larger than " + maxBytes
              + " bytes once decompressed");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new RemoteSettingsException(url + ": the gzip-compressed body is corrupt");
    }
  }

  /** The size bound was exceeded. */
  private static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** Collects a body up to a bound; a larger body (or Content-Length) fails the request. */
  private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final int max;
    private final boolean tooLargeDeclared;
    private Flow.Subscription subscription;

    Bounded(HttpResponse.ResponseInfo info, int max) {
      this.max = max;
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      this.tooLargeDeclared = info.statusCode() == 200 && declared > max;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (tooLargeDeclared) {
        s.cancel();
        result.completeExceptionally(new TooLarge());
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        if (buf.size() + (long) b.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new TooLarge());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        buf.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(buf.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }
  }
}
