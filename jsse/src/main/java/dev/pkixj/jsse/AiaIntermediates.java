package dev.pkixj.jsse;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Completes a chain whose server left out an intermediate by following the "CA Issuers" URL of
 * the certificate's Authority Information Access extension, as Chromium (and the JDK with {@code
 * com.sun.security.enableAIAcaIssuers}) do. Firefox does not: it preloads the intermediates of
 * the CAs it trusts. So this is <b>off by default</b> everywhere in pkixj and, when it is used,
 * reported ({@link Completion#fetches()}).
 *
 * <p>Only {@code http:} URLs are followed (fetching over https would need a verified chain
 * itself), without a proxy, with a time limit and a size limit; at most a few fetches.
 */
public final class AiaIntermediates {
  private AiaIntermediates() {}

  /** The most bytes read from one URL. */
  public static final int MAX_BYTES = 64 * 1024;
  private static final byte[] ID_AD_CA_ISSUERS = {0x2b, 6, 1, 5, 5, 7, 0x30, 2};

  /**
   * One fetch.
   *
   * @param url the URL asked
   * @param certificates the certificates it gave (DER), empty on failure
   * @param error what went wrong, or null
   */
  public record Fetch(String url, List<byte[]> certificates, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * The outcome: the final verdict, the certificates verified (the presented ones plus the
   * fetched ones), and the fetches made (empty when none was needed or possible).
   */
  public record Completion(VerificationResult result, List<byte[]> chain, List<Fetch> fetches) {
    public boolean used() {
      return !fetches.isEmpty();
    }
  }

  /**
   * How {@link #complete} verifies a chain with its staple: a trust manager, or a command's
   * pipeline.
   */
  @FunctionalInterface
  public interface ChainVerifier {
    VerificationResult verify(List<byte[]> chain, byte[] staple);
  }

  /**
   * Verifies {@code chain} with {@code tm}; while the verdict is UNKNOWN_ISSUER and the topmost
   * certificate reached has a CA Issuers URL not tried yet, fetches it, adds what it gave to the
   * presented certificates and verifies again (at most {@code maxFetches} fetches).
   */
  public static Completion complete(FirefoxTrustManager tm, List<byte[]> chain, String host,
      byte[] staple, Duration timeout, int maxFetches) {
    ChainVerifier v = (c, s) -> tm.verifyServer(c, host, s);
    return complete(v, v.verify(new ArrayList<>(chain), staple), chain, staple, timeout,
        maxFetches);
  }

  /**
   * The same completion with any verifier, starting from the verdict {@code first} it already
   * gave for {@code chain}.
   */
  public static Completion complete(ChainVerifier verifier, VerificationResult first,
      List<byte[]> chain, byte[] staple, Duration timeout, int maxFetches) {
    List<byte[]> presented = new ArrayList<>(chain);
    List<Fetch> fetches = new ArrayList<>();
    List<String> tried = new ArrayList<>();
    VerificationResult r = first;
    while (r.result() == Result.SEC_ERROR_UNKNOWN_ISSUER && fetches.size() < maxFetches) {
      Cert top = r.chain().isEmpty() ? null
          : r.chain().get(Math.max(0, Math.min(r.certIndex(), r.chain().size() - 1)));
      if (top == null) {
        break;
      }
      String url = null;
      for (String u : caIssuersUrls(top.der())) {
        if (!tried.contains(u)) {
          url = u;
          break;
        }
      }
      if (url == null) {
        break;
      }
      tried.add(url);
      Fetch f = fetch(url, timeout);
      fetches.add(f);
      boolean added = false;
      for (byte[] c : f.certificates()) {
        if (presented.stream().noneMatch(p -> Arrays.equals(p, c))) {
          presented.add(c);
          added = true;
        }
      }
      if (added) {
        r = verifier.verify(presented, staple);
      }
    }
    return new Completion(r, List.copyOf(presented), List.copyOf(fetches));
  }

  /** The CA Issuers URLs of a certificate's AIA extension, in order (any scheme). */
  public static List<String> caIssuersUrls(byte[] certDer) {
    List<String> out = new ArrayList<>();
    try {
      java.security.cert.X509Certificate x = (java.security.cert.X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(certDer));
      byte[] ext = x.getExtensionValue("1.3.6.1.5.5.7.1.1");
      if (ext == null) {
        return out;
      }
      Tlv octets = Tlv.read(ext, 0);
      Tlv seq = Tlv.read(ext, octets.valueOff);
      int p = seq.valueOff;
      while (p < seq.end()) {
        Tlv ad = Tlv.read(ext, p);
        Tlv method = Tlv.read(ext, ad.valueOff);
        Tlv location = Tlv.read(ext, method.end());
        if (method.tag == 0x06 && Arrays.equals(Arrays.copyOfRange(ext, method.valueOff,
            method.end()), ID_AD_CA_ISSUERS) && location.tag == 0x86) {
          out.add(new String(ext, location.valueOff, location.len, StandardCharsets.US_ASCII));
        }
        p = ad.end();
      }
    } catch (CertificateException | RuntimeException e) {
      // unreadable: no URL
    }
    return out;
  }

  /** Fetches {@code url} (http only) and parses DER, PEM or PKCS#7 certificates from it. */
  public static Fetch fetch(String url, Duration timeout) {
    URL u;
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme() == null ? null
          : uri.getScheme().toLowerCase(Locale.ROOT))) {
        return new Fetch(url, List.of(), "not an http: URL");
      }
      u = uri.toURL();
    } catch (Exception e) {
      return new Fetch(url, List.of(), "malformed URL");
    }
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) u.openConnection(Proxy.NO_PROXY);
      int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      c.setConnectTimeout(ms);
      c.setReadTimeout(ms);
      c.setInstanceFollowRedirects(true);
      c.setUseCaches(false);
      int status = c.getResponseCode();
      if (status != 200) {
        return new Fetch(url, List.of(), "HTTP " + status);
      }
      byte[] body;
      try (InputStream in = c.getInputStream()) {
        body = readLimited(in);
      }
      List<byte[]> certs = new ArrayList<>();
      for (Certificate cert : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(body))) {
        certs.add(cert.getEncoded());
      }
      if (certs.isEmpty()) {
        return new Fetch(url, List.of(), "no certificate in the response");
      }
      return new Fetch(url, List.copyOf(certs), null);
    } catch (IOException e) {
      return new Fetch(url, List.of(), e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (CertificateException e) {
      return new Fetch(url, List.of(), "not a certificate: " + e.getMessage());
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > MAX_BYTES) {
        throw new IOException("response larger than " + MAX_BYTES + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** A minimal DER TLV header reader (definite lengths only). */
  private static final class Tlv {
    final int tag;
    final int valueOff;
    final int len;

    private Tlv(int tag, int valueOff, int len) {
      this.tag = tag;
      this.valueOff = valueOff;
      this.len = len;
    }

    int end() {
      return valueOff + len;
    }

    static Tlv read(byte[] b, int off) {
      int tag = b[off] & 0xff;
      int l = b[off + 1] & 0xff;
      int p = off + 2;
      if (l >= 0x80) {
        int n = l & 0x7f;
        if (n == 0 || n > 3) {
          throw new IllegalArgumentException("length");
        }
        l = 0;
        for (int i = 0; i < n; i++) {
          l = (l << 8) | (b[p++] & 0xff);
        }
      }
      if (p + l > b.length) {
        throw new IllegalArgumentException("truncated");
      }
      return new Tlv(tag, p, l);
    }
  }
}
