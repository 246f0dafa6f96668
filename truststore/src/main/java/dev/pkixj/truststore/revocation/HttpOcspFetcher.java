package dev.pkixj.truststore.revocation;

import dev.pkixj.pkix.Result;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Firefox's OCSP fetch ({@code DoOCSPRequest} / {@code OCSPRequest} in {@code
 * nsNSSCallbacks.cpp}) over {@link java.net.http.HttpClient}:
 * <ul>
 *   <li>only {@code http} URLs (case-insensitive scheme; Firefox never fetches OCSP over https,
 *       to avoid loops); a URL that does not parse or has another scheme is {@link
 *       Result#SEC_ERROR_CERT_BAD_ACCESS_LOCATION}, before anything is sent. User information is
 *       dropped and the fragment is not sent;</li>
 *   <li>{@code POST} of the DER request with {@code Content-Type: application/ocsp-request},
 *       HTTP/1.1 (Firefox disables HTTP/2 and HTTP/3 for OCSP), redirects followed (except
 *       https to http), one attempt;</li>
 *   <li>one timeout for the whole fetch, from the start of the request to the end of the body
 *       (Firefox's single timer); a timeout, a connection or I/O failure, or any status other
 *       than 200 is {@link Result#SEC_ERROR_OCSP_SERVER_ERROR};</li>
 *   <li>a body over 65,535 bytes is {@link Result#SEC_ERROR_OCSP_MALFORMED_RESPONSE}
 *       (mozilla::pkix's {@code Input} cannot hold it; Firefox treats it like a network
 *       error).</li>
 * </ul>
 * Proxies follow the {@link HttpClient} defaults (the JDK's default proxy selector). Thread-safe;
 * the shared instance's client is created on its first fetch (no threads before that).
 */
public final class HttpOcspFetcher implements OcspFetcher {
  /** mozilla::pkix's {@code Input} length limit. */
  public static final int MAX_RESPONSE_LENGTH = 0xffff;

  public static final String CONTENT_TYPE = "application/ocsp-request";

  private static final HttpOcspFetcher SHARED = new HttpOcspFetcher();

  /** The default client, created on the first fetch that needs it (no threads before). */
  private static final class DefaultClient {
    static final HttpClient CLIENT = defaultClient();
  }

  /** The process-wide instance (over {@link #defaultClient()}, created lazily). */
  public static HttpOcspFetcher shared() {
    return SHARED;
  }

  /** The client {@link #shared()} uses: HTTP/1.1, normal redirects, default proxy selector. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** The client, or null for the lazily created default one. */
  private final HttpClient client;

  private HttpOcspFetcher() {
    this.client = null;
  }

  /** A fetcher over {@code client} (which should use HTTP/1.1 and follow redirects). */
  public HttpOcspFetcher(HttpClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  private HttpClient client() {
    return client != null ? client : DefaultClient.CLIENT;
  }

  @Override
  public Response fetch(String url, byte[] encodedRequest, Duration timeout) {
    Objects.requireNonNull(encodedRequest, "encodedRequest");
    Objects.requireNonNull(timeout, "timeout");
    URI target = requestUri(url);
    if (target == null) {
      return Response.failure(Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION);
    }
    long nanos = Math.max(1, timeout.toNanos());
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(target)
          .timeout(Duration.ofNanos(nanos))
          .header("Content-Type", CONTENT_TYPE)
          .POST(HttpRequest.BodyPublishers.ofByteArray(encodedRequest))
          .build();
    } catch (IllegalArgumentException e) {
      return Response.failure(Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION);
    }
    BodyHandler<byte[]> handler = info -> info.statusCode() == 200
        ? new LimitedBody(MAX_RESPONSE_LENGTH)
        : BodySubscribers.replacing(null);
    CompletableFuture<HttpResponse<byte[]>> pending;
    try {
      pending = client().sendAsync(request, handler);
    } catch (IllegalArgumentException e) {
      return Response.failure(Result.SEC_ERROR_CERT_BAD_ACCESS_LOCATION);
    } catch (RuntimeException e) {
      return Response.failure(Result.SEC_ERROR_OCSP_SERVER_ERROR);
    }
    HttpResponse<byte[]> response;
    try {
      response = pending.get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      return Response.failure(Result.SEC_ERROR_OCSP_SERVER_ERROR);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      return Response.failure(Result.SEC_ERROR_OCSP_SERVER_ERROR);
    } catch (ExecutionException | RuntimeException e) {
      return Response.failure(Result.SEC_ERROR_OCSP_SERVER_ERROR);
    }
    if (response.statusCode() != 200) {
      return Response.failure(Result.SEC_ERROR_OCSP_SERVER_ERROR);
    }
    byte[] body = response.body();
    if (body == null) {
      return Response.failure(Result.SEC_ERROR_OCSP_MALFORMED_RESPONSE); // over 65,535 bytes
    }
    return Response.ok(body);
  }

  /**
   * The URI to send the request to, or null if {@code url} is not a usable http URL (Firefox:
   * NS_ERROR_MALFORMED_URI, i.e. CERT_BAD_ACCESS_LOCATION).
   */
  static URI requestUri(String url) {
    if (url == null) {
      return null;
    }
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = u.getScheme();
    if (scheme == null || !scheme.toLowerCase(Locale.ROOT).equals("http") || u.isOpaque()) {
      return null;
    }
    String host = u.getHost();
    if (host == null || host.isEmpty()) {
      return null;
    }
    StringBuilder s = new StringBuilder("http://");
    s.append(host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host);
    if (u.getPort() != -1) {
      s.append(':').append(u.getPort());
    }
    String path = u.getRawPath();
    s.append(path == null || path.isEmpty() ? "/" : path);
    if (u.getRawQuery() != null) {
      s.append('?').append(u.getRawQuery());
    }
    try {
      return new URI(s.toString());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Collects a body of at most {@code limit} bytes; completes with null past the limit. */
  private static final class LimitedBody implements BodySubscriber<byte[]> {
    private final int limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private boolean tooBig;

    LimitedBody(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      this.subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (tooBig) {
        return;
      }
      for (ByteBuffer b : items) {
        int n = b.remaining();
        if (out.size() + (long) n > limit) {
          tooBig = true;
          subscription.cancel();
          result.complete(null);
          return;
        }
        byte[] chunk = new byte[n];
        b.get(chunk);
        out.write(chunk, 0, n);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      if (!tooBig) {
        result.complete(out.toByteArray());
      }
    }
  }

  @Override
  public String toString() {
    return "HttpOcspFetcher";
  }
}
