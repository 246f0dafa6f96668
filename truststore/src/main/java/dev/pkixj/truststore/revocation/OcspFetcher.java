package dev.pkixj.truststore.revocation;

import dev.pkixj.pkix.Result;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends an OCSP request to a responder and returns the raw response (Firefox's {@code
 * DoOCSPRequest}). Implementations are shared by all threads and must be thread-safe; {@link
 * #http()} is the real one. Tests and embedders may supply their own (e.g. a recording fake).
 *
 * <p>A fetcher only moves bytes: the response is verified by the caller ({@link
 * RevocationChecker}), which also caches a network error for five minutes, as Firefox does.
 */
@FunctionalInterface
public interface OcspFetcher {

  /**
   * POSTs {@code encodedRequest} to {@code url} and returns the body of a 200 response, or the
   * network error Firefox would see. Never throws for anything the network or the URL does.
   *
   * @param url the responder URL from the certificate's AIA extension (verbatim)
   * @param encodedRequest the DER OCSPRequest ({@code OcspVerifier.createRequest})
   * @param timeout the whole fetch's budget (Firefox: one timer from the request's start to the
   *     end of the response body)
   */
  Response fetch(String url, byte[] encodedRequest, Duration timeout);

  /** The HTTP fetcher Firefox's behaviour calls for: {@link HttpOcspFetcher#shared()}. */
  static OcspFetcher http() {
    return HttpOcspFetcher.shared();
  }

  /**
   * A fetch outcome: either {@code body} (the bytes of an HTTP 200 response) or {@code error}
   * (Firefox's result for a failed fetch: {@link Result#SEC_ERROR_OCSP_SERVER_ERROR} for a
   * timeout, a connection failure or a status other than 200; {@link
   * Result#SEC_ERROR_CERT_BAD_ACCESS_LOCATION} for a URL that is not a usable http URL; {@link
   * Result#SEC_ERROR_OCSP_MALFORMED_RESPONSE} for a body over 65,535 bytes, which mozilla::pkix
   * cannot hold in an {@code Input}).
   */
  record Response(byte[] body, Result error) {
    public Response {
      if ((body == null) == (error == null)) {
        throw new IllegalArgumentException("exactly one of body and error");
      }
      if (error == Result.SUCCESS) {
        throw new IllegalArgumentException("an error cannot be SUCCESS");
      }
    }

    public static Response ok(byte[] body) {
      return new Response(Objects.requireNonNull(body, "body"), null);
    }

    public static Response failure(Result error) {
      return new Response(null, Objects.requireNonNull(error, "error"));
    }

    public boolean isSuccess() {
      return body != null;
    }
  }
}
