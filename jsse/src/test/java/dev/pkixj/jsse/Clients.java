package dev.pkixj.jsse;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The four HTTP clients of the matrix, each wired to pkixj exactly as the README's recipes say.
 * A client either gets a response (status and body) or fails; the failure's cause chain is kept
 * so the test can find pkixj's {@link FirefoxCertificateException} in it.
 */
enum Clients {
  JDK_HTTP_CLIENT {
    @Override
    Outcome get(String url, PkixjTrust trust) throws Exception {
      // README recipe: java.net.http.HttpClient
      SSLContext ctx = trust.sslContext();
      HttpClient client = HttpClient.newBuilder().sslContext(ctx).connectTimeout(TIMEOUT).build();
      HttpResponse<String> r = client.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return new Outcome(r.statusCode(), r.body());
    }
  },

  OKHTTP {
    @Override
    Outcome get(String url, PkixjTrust trust) throws Exception {
      // README recipe: OkHttp 5
      FirefoxTrustManager tm = trust.trustManager();
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
      OkHttpClient client = new OkHttpClient.Builder()
          .sslSocketFactory(ctx.getSocketFactory(), tm)
          .connectTimeout(TIMEOUT).readTimeout(TIMEOUT).callTimeout(TIMEOUT.multipliedBy(2))
          .retryOnConnectionFailure(false)
          .build();
      try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
        return new Outcome(r.code(), r.body().string());
      } finally {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      }
    }
  },

  APACHE_HTTPCLIENT5 {
    @Override
    Outcome get(String url, PkixjTrust trust) throws Exception {
      // README recipe: Apache HttpClient 5
      PoolingHttpClientConnectionManager cm = PoolingHttpClientConnectionManagerBuilder.create()
          .setTlsSocketStrategy(new DefaultClientTlsStrategy(trust.sslContext()))
          .setDefaultConnectionConfig(ConnectionConfig.custom()
              .setConnectTimeout(Timeout.of(TIMEOUT)).setSocketTimeout(Timeout.of(TIMEOUT)).build())
          .build();
      try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(cm)
          .disableAutomaticRetries().build()) {
        return client.execute(new HttpGet(url),
            r -> new Outcome(r.getCode(), EntityUtils.toString(r.getEntity())));
      }
    }
  },

  NETTY {
    @Override
    Outcome get(String url, PkixjTrust trust) throws Exception {
      URI u = URI.create(url);
      // README recipe: Netty (SslContextBuilder with pkixj's TrustManagerFactory)
      SslContext ssl = SslContextBuilder.forClient()
          .sslProvider(SslProvider.JDK)
          .trustManager(trust.trustManagerFactory())
          .endpointIdentificationAlgorithm("HTTPS")
          .build();
      CompletableFuture<Outcome> result = new CompletableFuture<>();
      EventLoopGroup group = new NioEventLoopGroup(1);
      try {
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT.toMillis())
            .handler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(ssl.newHandler(ch.alloc(), u.getHost(), u.getPort()),
                    new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                    new SimpleChannelInboundHandler<FullHttpResponse>() {
                      @Override
                      protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                        result.complete(new Outcome(r.status().code(),
                            r.content().toString(StandardCharsets.UTF_8)));
                        ctx.close();
                      }

                      @Override
                      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        result.completeExceptionally(cause);
                        ctx.close();
                      }

                      @Override
                      public void channelInactive(ChannelHandlerContext ctx) {
                        result.completeExceptionally(
                            new java.io.IOException("connection closed before a response"));
                      }
                    });
              }
            });
        io.netty.channel.Channel ch = b.connect(u.getHost(), u.getPort()).sync().channel();
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
            HttpMethod.GET, "/");
        req.headers().set(HttpHeaderNames.HOST, u.getHost() + ":" + u.getPort());
        req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ch.writeAndFlush(req);
        try {
          return result.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          throw asException(e.getCause());
        }
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      }
    }
  };

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** What the client got: an HTTP status and body. */
  record Outcome(int status, String body) {}

  abstract Outcome get(String url, PkixjTrust trust) throws Exception;

  private static Exception asException(Throwable t) {
    return t instanceof Exception ? (Exception) t : new Exception(t);
  }
}
