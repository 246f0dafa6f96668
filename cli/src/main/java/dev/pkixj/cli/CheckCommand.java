package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.jsse.AiaIntermediates;
import dev.pkixj.jsse.FirefoxTrustManager;
import dev.pkixj.jsse.OcspStaple;
import dev.pkixj.jsse.PkixjTrust;
import dev.pkixj.pkix.CertCache;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.explain.CertDisplay;
import dev.pkixj.verifier.explain.Explanation;
import dev.pkixj.verifier.explain.Explanations;
import dev.pkixj.pkix.ocsp.OcspVerification;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.IDN;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pkixj check}: connects to a TLS server as Firefox would, shows the chain it sent, and
 * gives Firefox's verdict with its code and explanation, the stapled OCSP response's status and,
 * when asked, the intermediates fetched from AIA.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = Main.EXIT_USAGE,
    exitCodeOnExecutionException = Main.EXIT_USAGE,
    description = {
        "Connects to a TLS server and verifies the certificate chain it sends as Firefox does.",
        "The handshake uses pkixj's trust manager (host name from the target, stapled OCSP "
            + "response requested); nothing is sent after the handshake."},
    footer = {"", "Exit status: 0 valid, 2 rejected, 1 usage, connection or I/O error.",
        "", "Examples:",
        "  pkixj check https://example.com",
        "  pkixj check example.com:8443 --json",
        "  pkixj check https://localhost:8443/ --roots my-ca.pem",
        "  pkixj check https://incomplete-chain.example --fetch-intermediates"})
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET",
      description = "https://HOST[:PORT][/...], HOST:PORT or HOST (port 443); IPv6 as [ADDR]:PORT.")
  String target;

  @Mixin
  TrustOptions trust = new TrustOptions();

  @Option(names = "--json", description = "Print one JSON object (the keys of verify --json, "
      + "plus the connection, the chain sent, OCSP and AIA).")
  boolean json;

  @Option(names = "--fetch-intermediates",
      description = "When the issuer is unknown, fetch the missing intermediate from the "
          + "certificate's AIA CA Issuers URL (http only), as Chromium does; Firefox does not "
          + "(off by default; reported when used).")
  boolean fetchIntermediates;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
      description = "Connect, handshake and fetch time limit in seconds (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  /** The host and port to connect to. */
  record Target(String host, int port) {
    String display() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (CliException e) {
      err.println("pkixj check: " + e.getMessage());
      return Main.EXIT_USAGE;
    } catch (RuntimeException | StackOverflowError e) {
      err.println("pkixj check: internal error: " + e);
      return Main.EXIT_USAGE;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int run(PrintWriter out, PrintWriter err) throws CliException {
    Target t = parseTarget(target);
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      throw new CliException("--timeout must be between 1 and 600 seconds");
    }
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    TrustOptions.Loaded loaded = trust.load(err);
    // Revocation: PkixjTrust's default, Firefox's soft-fail with OCSP fetching.
    PkixjTrust config;
    try {
      config = PkixjTrust.builder().trustStore(loaded.store())
          .clock(Clock.tickSeconds(ZoneOffset.UTC)).build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    FirefoxTrustManager tm = config.trustManager();

    Handshake hs = connect(t, tm, timeout);
    List<byte[]> presented = hs.recorder.chain;
    byte[] staple = hs.recorder.staple;

    AiaIntermediates.Completion c = AiaIntermediates.complete(tm, presented, t.host(), staple,
        timeout, fetchIntermediates ? 4 : 0);
    VerificationResult r = c.result();
    Explanation e = Explanations.explain(r);
    OcspStaple ocsp = OcspStaple.inspect(config, c.chain(), r, staple, r.time());

    if (json) {
      ObjectNode o = VerifyCommand.toJson(r, e, presented);
      o.put("target", target);
      o.put("port", t.port());
      o.set("connection", connectionJson(hs));
      ArrayNode details = o.putArray("presented_details");
      for (int i = 0; i < presented.size(); i++) {
        details.add(certJson(i, presented.get(i)));
      }
      o.set("ocsp", ocspJson(ocsp));
      o.set("aia", aiaJson(c));
      out.println(Json.line(o));
    } else {
      printConnection(out, t, hs, r.isValid());
      out.println();
      out.println("Certificates sent by the server (" + presented.size() + "):");
      for (int i = 0; i < presented.size(); i++) {
        printCert(out, i, presented.get(i));
      }
      out.println();
      out.println("OCSP: " + ocspText(ocsp));
      out.println("AIA:  " + aiaText(c));
      out.println();
      VerifyCommand.printText(out, r, e, presented, loaded.rootCount());
    }
    return r.isValid() && !trust.databaseDamaged ? Main.EXIT_OK : Main.EXIT_REJECTED;
  }

  // ------------------------------------------------------------------ target

  static Target parseTarget(String s) throws CliException {
    if (s == null || s.isBlank()) {
      throw new CliException("missing TARGET (https://host[:port] or host:port)");
    }
    String in = s.trim();
    int scheme = in.indexOf("://");
    if (scheme >= 0) {
      if (!in.substring(0, scheme).equalsIgnoreCase("https")) {
        throw new CliException(in + ": only https:// URLs can be checked");
      }
      in = in.substring(scheme + 3);
    }
    int end = in.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = in.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String authority = in.substring(0, end);
    if (authority.indexOf('@') >= 0) {
      throw new CliException(s + ": user information is not allowed in the target");
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new CliException(s + ": unclosed IPv6 literal");
      }
      host = authority.substring(1, close);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new CliException(s + ": expected ':' after the IPv6 literal");
        }
        portText = rest.substring(1);
      }
      if (host.indexOf(':') < 0) {
        throw new CliException(s + ": not an IPv6 literal");
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0 && authority.indexOf(':') != colon) {
        throw new CliException(s + ": an IPv6 address needs brackets: [ADDR]:PORT");
      }
      host = colon >= 0 ? authority.substring(0, colon) : authority;
      portText = colon >= 0 ? authority.substring(colon + 1) : null;
      try {
        host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new CliException(s + ": bad host name");
      }
    }
    if (host.isEmpty()) {
      throw new CliException(s + ": no host name");
    }
    int port = 443;
    if (portText != null) {
      try {
        port = Integer.parseInt(portText);
      } catch (NumberFormatException e) {
        throw new CliException(s + ": bad port '" + portText + "'");
      }
      if (port < 1 || port > 65535) {
        throw new CliException(s + ": port out of range");
      }
    }
    return new Target(host, port);
  }

  // ------------------------------------------------------------------ connection

  /** What the handshake gave. */
  static final class Handshake {
    final Recorder recorder;
    String address;
    String protocol;
    String cipherSuite;
    String failure;

    Handshake(Recorder recorder) {
      this.recorder = recorder;
    }
  }

  private static Handshake connect(Target t, FirefoxTrustManager tm, Duration timeout)
      throws CliException {
    Recorder rec = new Recorder(tm);
    Handshake hs = new Handshake(rec);
    int ms = (int) timeout.toMillis();
    SSLContext ctx;
    try {
      ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {rec}, null);
    } catch (GeneralSecurityException e) {
      throw new CliException("TLS is not available: " + e.getMessage());
    }
    Socket raw = new Socket();
    try {
      raw.connect(new InetSocketAddress(t.host(), t.port()), ms);
      raw.setSoTimeout(ms);
      hs.address = raw.getInetAddress().getHostAddress();
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, t.host(), t.port(),
          true)) {
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(t.host())) {
          try {
            p.setServerNames(List.of(new SNIHostName(t.host())));
          } catch (IllegalArgumentException e) {
            // not a valid SNI name: none sent
          }
        }
        s.setSSLParameters(p);
        try {
          s.startHandshake();
          SSLSession session = s.getSession();
          hs.protocol = session.getProtocol();
          hs.cipherSuite = session.getCipherSuite();
        } catch (SSLException e) {
          if (rec.chain == null) {
            throw new CliException("TLS handshake with " + t.display() + " failed before the "
                + "server sent its certificate: " + e.getMessage());
          }
          hs.failure = e.getMessage();
        }
      }
    } catch (UnknownHostException e) {
      throw new CliException(t.host() + ": unknown host");
    } catch (SocketTimeoutException e) {
      throw new CliException(t.display() + ": timed out after " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new CliException(t.display() + ": " + e.getMessage());
    } finally {
      try {
        raw.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    if (rec.chain == null) {
      throw new CliException(t.display() + ": the server sent no certificate");
    }
    return hs;
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
  }

  /**
   * Records what the server sent, then lets pkixj's trust manager decide: the handshake goes on
   * only if the chain is valid. Not a "trust all" device.
   */
  static final class Recorder extends X509ExtendedTrustManager {
    private final FirefoxTrustManager tm;
    volatile List<byte[]> chain;
    volatile byte[] staple;

    Recorder(FirefoxTrustManager tm) {
      this.tm = tm;
    }

    private void record(X509Certificate[] certs, SSLSession session)
        throws CertificateException {
      List<byte[]> ders = new ArrayList<>();
      for (X509Certificate c : certs) {
        ders.add(c.getEncoded());
      }
      chain = ders;
      staple = session == null ? null : FirefoxTrustManager.stapledOcspResponse(session);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, Socket s)
        throws CertificateException {
      record(c, s instanceof SSLSocket ? ((SSLSocket) s).getHandshakeSession() : null);
      tm.checkServerTrusted(c, a, s);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e)
        throws CertificateException {
      record(c, e == null ? null : e.getHandshakeSession());
      tm.checkServerTrusted(c, a, e);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a) throws CertificateException {
      record(c, null);
      tm.checkServerTrusted(c, a);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, Socket s)
        throws CertificateException {
      tm.checkClientTrusted(c, a, s);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e)
        throws CertificateException {
      tm.checkClientTrusted(c, a, e);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException {
      tm.checkClientTrusted(c, a);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return tm.getAcceptedIssuers();
    }
  }

  // ------------------------------------------------------------------ text

  private static void printConnection(PrintWriter out, Target t, Handshake hs, boolean valid) {
    String where = "Connected to " + t.display() + " (" + hs.address + ")";
    if (hs.failure == null) {
      out.println(where + ": " + hs.protocol + ", " + hs.cipherSuite);
    } else if (!valid) {
      out.println(where + ": the handshake was refused by pkixj's verdict below");
    } else {
      out.println(where + ": the handshake failed after the certificate check: " + hs.failure);
    }
  }

  private static void printCert(PrintWriter out, int i, byte[] der) {
    X509Certificate x = x509(der);
    if (x == null) {
      out.println("  [" + i + "] (cannot be parsed)");
      out.println("      sha256:   " + hex("SHA-256", der));
      return;
    }
    out.println("  [" + i + "] " + subject(der, x));
    out.println("      issuer:   " + issuer(der, x));
    out.println("      validity: " + x.getNotBefore().toInstant() + " to "
        + x.getNotAfter().toInstant());
    List<String> sans = sans(x);
    out.println("      names:    " + (sans.isEmpty() ? "(no subjectAltName)" : String.join(", ",
        sans)));
    out.println("      sha256:   " + hex("SHA-256", der));
    out.println("      sha1:     " + hex("SHA-1", der));
  }

  private static String ocspText(OcspStaple s) {
    if (!s.stapled()) {
      return "no stapled response";
    }
    OcspVerification v = s.verification();
    if (v == null) {
      return "stapled response not checked: " + s.note();
    }
    if (!v.statusReached()) {
      return "stapled response is unusable: " + v.result().firefoxName() + " ("
          + Explanations.nssDescription(v.result()) + ")";
    }
    StringBuilder sb = new StringBuilder("stapled response: ")
        .append(v.status().name().toLowerCase(Locale.ROOT));
    if (!v.result().isSuccess()) {
      sb.append(" (").append(v.result().firefoxName()).append(')');
    }
    sb.append("; this update ").append(v.thisUpdate());
    if (v.nextUpdate() != null) {
      sb.append(", next update ").append(v.nextUpdate());
    }
    if (v.responder() != null) {
      sb.append("; signed by ").append(v.responder());
    }
    return sb.toString();
  }

  private String aiaText(AiaIntermediates.Completion c) {
    if (!fetchIntermediates) {
      return "intermediate fetching off (Firefox does not fetch; --fetch-intermediates to try)";
    }
    if (!c.used()) {
      return "intermediate fetching on, not used";
    }
    List<String> parts = new ArrayList<>();
    for (AiaIntermediates.Fetch f : c.fetches()) {
      parts.add(f.ok() ? "fetched " + f.url() + " (" + f.certificates().size()
          + " certificate(s))" : f.url() + ": " + f.error());
    }
    return "USED, as Chromium would: " + String.join("; ", parts);
  }

  // ------------------------------------------------------------------ JSON

  private static ObjectNode connectionJson(Handshake hs) {
    ObjectNode o = Json.object();
    o.put("address", hs.address);
    o.put("handshake", hs.failure == null ? "completed" : "refused");
    putOrNull(o, "protocol", hs.protocol);
    putOrNull(o, "cipher_suite", hs.cipherSuite);
    putOrNull(o, "handshake_error", hs.failure);
    return o;
  }

  private static ObjectNode certJson(int i, byte[] der) {
    ObjectNode d = Json.object();
    d.put("index", i);
    X509Certificate x = x509(der);
    if (x != null) {
      d.put("subject", subject(der, x));
      d.put("issuer", issuer(der, x));
      d.put("not_before", x.getNotBefore().toInstant().toString());
      d.put("not_after", x.getNotAfter().toInstant().toString());
      ArrayNode sans = d.putArray("sans");
      sans(x).forEach(sans::add);
    } else {
      d.putNull("subject");
    }
    d.put("sha256", hex("SHA-256", der).replace(":", "").toLowerCase(Locale.ROOT));
    d.put("sha1", hex("SHA-1", der).replace(":", "").toLowerCase(Locale.ROOT));
    return d;
  }

  private static ObjectNode ocspJson(OcspStaple s) {
    ObjectNode o = Json.object();
    o.put("stapled", s.stapled());
    OcspVerification v = s.verification();
    if (v == null) {
      o.putNull("result");
      o.putNull("status");
    } else {
      o.put("result", v.result().firefoxName());
      putOrNull(o, "status", v.status() == null ? null
          : v.status().name().toLowerCase(Locale.ROOT));
      putOrNull(o, "this_update", v.thisUpdate() == null ? null : v.thisUpdate().toString());
      putOrNull(o, "next_update", v.nextUpdate() == null ? null : v.nextUpdate().toString());
      putOrNull(o, "responder", v.responder());
    }
    putOrNull(o, "note", s.note());
    return o;
  }

  private ObjectNode aiaJson(AiaIntermediates.Completion c) {
    ObjectNode o = Json.object();
    o.put("enabled", fetchIntermediates);
    o.put("used", c.used());
    ArrayNode fetches = o.putArray("fetches");
    for (AiaIntermediates.Fetch f : c.fetches()) {
      ObjectNode j = fetches.addObject();
      j.put("url", f.url());
      j.put("ok", f.ok());
      j.put("certificates", f.certificates().size());
      putOrNull(j, "error", f.error());
    }
    return o;
  }

  private static void putOrNull(ObjectNode o, String k, String v) {
    if (v == null) {
      o.putNull(k);
    } else {
      o.put(k, v);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The subject as the rest of pkixj shows names (CertDisplay), else as the JDK does. */
  private static String subject(byte[] der, X509Certificate x) {
    try {
      return CertDisplay.subject(CertCache.shared().get(der));
    } catch (PkixException e) {
      return x.getSubjectX500Principal().getName();
    }
  }

  private static String issuer(byte[] der, X509Certificate x) {
    try {
      return CertDisplay.issuer(CertCache.shared().get(der));
    } catch (PkixException e) {
      return x.getIssuerX500Principal().getName();
    }
  }

  private static X509Certificate x509(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | ClassCastException e) {
      return null;
    }
  }

  /** subjectAltName entries as "DNS:a", "IP:1.2.3.4", "email:…", "URI:…". */
  static List<String> sans(X509Certificate x) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> names = x.getSubjectAlternativeNames();
      if (names == null) {
        return out;
      }
      for (List<?> n : names) {
        int type = (Integer) n.get(0);
        Object v = n.get(1);
        String prefix;
        switch (type) {
          case 1: prefix = "email:"; break;
          case 2: prefix = "DNS:"; break;
          case 6: prefix = "URI:"; break;
          case 7: prefix = "IP:"; break;
          case 4: prefix = "dirName:"; break;
          default: prefix = "type" + type + ":"; break;
        }
        out.add(prefix + (v instanceof String ? v : "(binary)"));
      }
    } catch (CertificateException | RuntimeException e) {
      out.add("(unreadable subjectAltName)");
    }
    return out;
  }

  private static String hex(String alg, byte[] der) {
    try {
      return HexFormat.ofDelimiter(":").withUpperCase()
          .formatHex(MessageDigest.getInstance(alg).digest(der));
    } catch (GeneralSecurityException e) {
      return "?";
    }
  }
}
