package dev.pkixj.cli;

import dev.pkixj.testdata.CertBuilder;
import dev.pkixj.testdata.RemoteSettingsServer;
import dev.pkixj.testdata.TestCert;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The three security-state collections (onecrl, intermediates, cert-revocations) and the
 * monitor's change feed on a loopback Remote Settings server, unsigned, for the CLI tests of
 * {@code pkixj update} and the sweep.
 */
final class SecurityStateTestServer implements AutoCloseable {
  static final TestCert ROOT = CertBuilder.root("CN=CLI Update Test Root").build();
  static final TestCert CA1 = CertBuilder.ca("CN=CLI Update Test CA 1").issuer(ROOT).build();
  static final TestCert CA2 = CertBuilder.ca("CN=CLI Update Test CA 2").issuer(ROOT).build();
  static final TestCert CA3 = CertBuilder.ca("CN=CLI Update Test CA 3").issuer(ROOT).build();
  static final Base64.Encoder B64 = Base64.getEncoder();

  final RemoteSettingsServer server = new RemoteSettingsServer();
  private long oneCrlTs;
  private long intermediatesTs;
  private long crliteTs;

  SecurityStateTestServer() throws IOException {
  }

  String url() {
    return server.url();
  }

  /** A OneCRL issuer-and-serial record listing {@code c}'s issuer with this serial. */
  static String oneCrlRecord(String id, TestCert c, int serial) {
    return "{\"id\":\"" + id + "\",\"last_modified\":100,\"issuerName\":\""
        + B64.encodeToString(c.issuerDer()) + "\",\"serialNumber\":\""
        + B64.encodeToString(new byte[] {(byte) serial}) + "\",\"details\":{\"bug\":\"bug-" + id
        + "\"}}";
  }

  void oneCrl(long ts, String... records) {
    oneCrlTs = ts;
    server.changeset("security-state", "onecrl",
        RemoteSettingsServer.changesetJson(ts, List.of(records)));
    monitor();
  }

  /** The intermediates collection with these certificates (record ids i0, i1, …). */
  void intermediates(long ts, TestCert... certs) {
    intermediatesTs = ts;
    List<String> recs = new ArrayList<>();
    for (int i = 0; i < certs.length; i++) {
      byte[] pem = certs[i].pem().getBytes(StandardCharsets.US_ASCII);
      String id = "i" + ts + "-" + i;
      server.attachment("int/" + id + ".pem", pem);
      recs.add(RemoteSettingsServer.record(id, ts, "int/" + id + ".pem", pem,
          "\"derHash\":\"" + B64.encodeToString(sha256(certs[i].der())) + "\""));
    }
    server.changeset("security-state", "intermediates",
        RemoteSettingsServer.changesetJson(ts, recs));
    monitor();
  }

  /** One full CRLite filter. */
  void crlite(long ts, byte[] filter) {
    crliteTs = ts;
    server.attachment("crlite/full-" + ts + ".filter", filter);
    server.changeset("security-state", "cert-revocations", RemoteSettingsServer.changesetJson(ts,
        List.of(RemoteSettingsServer.record("full-" + ts, ts, "crlite/full-" + ts + ".filter",
            filter, "\"channel\":\"default\",\"incremental\":false,\"effectiveTimestamp\":"
                + ts))));
    monitor();
  }

  /** All three collections with small content. */
  SecurityStateTestServer publishAll() {
    oneCrl(1000, oneCrlRecord("a", CA1, 5));
    intermediates(2000, CA1, CA2);
    crlite(3000, CrliteTestServer.filter(1, 1, 0));
    return this;
  }

  private void monitor() {
    List<String> e = new ArrayList<>();
    e.add(entry("onecrl", oneCrlTs));
    e.add(entry("intermediates", intermediatesTs));
    e.add(entry("cert-revocations", crliteTs));
    server.changeset("monitor", "changes", RemoteSettingsServer.changesetJson(
        Math.max(oneCrlTs, Math.max(intermediatesTs, crliteTs)), e));
  }

  private static String entry(String collection, long ts) {
    return "{\"id\":\"" + collection + "\",\"last_modified\":" + ts
        + ",\"bucket\":\"security-state\",\"collection\":\"" + collection + "\",\"host\":\"t\"}";
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
