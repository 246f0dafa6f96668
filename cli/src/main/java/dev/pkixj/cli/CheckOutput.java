package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.jsse.AiaIntermediates;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.verifier.explain.CertDisplay;
import dev.pkixj.verifier.explain.Explanations;
import dev.pkixj.pkix.ocsp.OcspVerification;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What {@code pkixj check} shows beside the verdict ({@link ResultOutput}): the connection, the
 * certificates the server sent (with their subjectAltNames and fingerprints), the stapled OCSP
 * response and the AIA fetches, as text and as the extra keys of {@code check --json}.
 */
final class CheckOutput {
  private CheckOutput() {}

  /** Why a stapled response was not checked: the certificate's issuer is not in the chain. */
  static final String NOT_CHECKED = "the issuer of the certificate is unknown";

  // ------------------------------------------------------------------ text

  static void printConnection(PrintWriter out, Target t, TlsProbe.Handshake hs, boolean valid) {
    String where = "Connected to " + t.display() + " (" + hs.address + ")";
    if (hs.failure == null) {
      out.println(where + ": " + hs.protocol + ", " + hs.cipherSuite);
    } else if (!valid) {
      out.println(where + ": the handshake was refused by pkixj's verdict below");
    } else {
      out.println(where + ": the handshake failed after the certificate check: " + hs.failure);
    }
  }

  static void printCert(PrintWriter out, int i, byte[] der) {
    Cert c;
    try {
      c = Cert.of(der);
    } catch (PkixException e) {
      out.println("  [" + i + "] (cannot be parsed: " + e.result().firefoxName() + ")");
      out.println("      sha256:   " + hex("SHA-256", der));
      return;
    }
    out.println("  [" + i + "] " + CertDisplay.subject(c));
    out.println("      issuer:   " + CertDisplay.issuer(c));
    out.println("      validity: " + orUnreadable(CertDisplay.notBefore(c)) + " to "
        + orUnreadable(CertDisplay.notAfter(c)));
    List<String> sans = CertDisplay.subjectAltNames(c);
    out.println("      names:    " + (sans.isEmpty() ? "(no subjectAltName)" : String.join(", ",
        sans)));
    out.println("      sha256:   " + hex("SHA-256", der));
    out.println("      sha1:     " + hex("SHA-1", der));
  }

  /** The stapled response's status: {@code v} is null when it could not be checked. */
  static String ocspText(boolean stapled, OcspVerification v) {
    if (!stapled) {
      return "no stapled response";
    }
    if (v == null) {
      return "stapled response not checked: " + NOT_CHECKED;
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

  static String aiaText(boolean fetchIntermediates, AiaIntermediates.Completion c) {
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

  static ObjectNode connectionJson(TlsProbe.Handshake hs) {
    ObjectNode o = Json.object();
    o.put("address", hs.address);
    o.put("handshake", hs.failure == null ? "completed" : "refused");
    putOrNull(o, "protocol", hs.protocol);
    putOrNull(o, "cipher_suite", hs.cipherSuite);
    putOrNull(o, "handshake_error", hs.failure);
    return o;
  }

  static ObjectNode certJson(int i, byte[] der) {
    ObjectNode d = Json.object();
    d.put("index", i);
    Cert c;
    try {
      c = Cert.of(der);
    } catch (PkixException e) {
      c = null;
    }
    if (c != null) {
      d.put("subject", CertDisplay.subject(c));
      d.put("issuer", CertDisplay.issuer(c));
      putOrNull(d, "not_before", instantOrNull(CertDisplay.notBefore(c)));
      putOrNull(d, "not_after", instantOrNull(CertDisplay.notAfter(c)));
      ArrayNode sans = d.putArray("sans");
      CertDisplay.subjectAltNames(c).forEach(sans::add);
    } else {
      d.putNull("subject");
    }
    d.put("sha256", hex("SHA-256", der).replace(":", "").toLowerCase(Locale.ROOT));
    d.put("sha1", hex("SHA-1", der).replace(":", "").toLowerCase(Locale.ROOT));
    return d;
  }

  static ObjectNode ocspJson(boolean stapled, OcspVerification v) {
    ObjectNode o = Json.object();
    o.put("stapled", stapled);
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
    putOrNull(o, "note", !stapled ? "no stapled response" : v == null ? NOT_CHECKED : null);
    return o;
  }

  static ObjectNode aiaJson(boolean fetchIntermediates, AiaIntermediates.Completion c) {
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

  private static String orUnreadable(Instant t) {
    return t == null ? CertDisplay.UNREADABLE : t.toString();
  }

  private static String instantOrNull(Instant t) {
    return t == null ? null : t.toString();
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
