package dev.pkixj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.PkixException;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.explain.CertDisplay;
import dev.pkixj.verifier.explain.Explanation;
import dev.pkixj.verifier.explain.Explanations;
import dev.pkixj.pkix.ocsp.OcspVerification;
import dev.pkixj.verifier.policy.ClockCheck;
import dev.pkixj.verifier.ct.CtResult;
import dev.pkixj.verifier.ct.CtStatus;
import dev.pkixj.verifier.ct.VerifiedSct;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The verdict as {@code verify} and {@code check} print it: the text report (the chain built,
 * openssl's "error CODE at N depth" line with Firefox's code, the error page's explanation) and
 * the {@code --json} object. One printer, so that the two commands show the same verdict the same
 * way; {@code check} adds what only it knows ({@link CheckOutput}).
 */
final class ResultOutput {
  private ResultOutput() {}

  /** The stapled response's status, under {@code "ocsp"} (null when none was given). */
  static void putOcsp(ObjectNode o, OcspVerification v) {
    if (v == null) {
      o.putNull("ocsp");
      return;
    }
    ObjectNode s = o.putObject("ocsp");
    s.put("result", v.result().firefoxName());
    s.put("status", v.status() == null ? null : v.status().name().toLowerCase(java.util.Locale.ROOT));
    s.put("expired", v.expired());
    s.put("this_update", v.thisUpdate() == null ? null : v.thisUpdate().toString());
    s.put("next_update", v.nextUpdate() == null ? null : v.nextUpdate().toString());
    s.put("responder", v.responder());
  }

  static void printOcsp(PrintWriter out, OcspVerification v) {
    if (v == null) {
      return;
    }
    out.println();
    out.println("OCSP (stapled): " + (v.status() == null ? v.result().firefoxName()
        : v.status().name().toLowerCase(java.util.Locale.ROOT)
            + (v.expired() ? " (expired)" : "")
            + ", thisUpdate " + v.thisUpdate()
            + (v.nextUpdate() == null ? "" : ", nextUpdate " + v.nextUpdate()))
        + (v.responder() == null ? "" : ", responder " + v.responder()));
  }

  /** The {@code --json} object for {@code r}. */
  static ObjectNode toJson(VerificationResult r, Explanation e, List<byte[]> presented) {
    return toJson(r, e, presented, SecurityStateOptions.Report.NONE);
  }

  /**
   * The {@code --json} object for {@code r}, with what the stored security state did: {@code
   * "preloaded"} on each {@code chain_details} element (true if that certificate came from the
   * preloaded intermediates: not presented, offered by preloading) and {@code "onecrl"} (null, or
   * the entry that refused the chain: {@code id}, {@code kind} issuer_serial|subject_key, {@code
   * cert_index} in {@code chain}, -1 when the listed certificate was presented but is not in the
   * chain reported, and {@code bug} when the record names one).
   */
  static ObjectNode toJson(VerificationResult r, Explanation e, List<byte[]> presented,
      SecurityStateOptions.Report state) {
    ObjectNode o = Json.object();
    o.put("valid", r.isValid());
    if (r.isValid()) {
      o.putNull("code");
    } else {
      o.put("code", r.result().firefoxName());
    }
    o.put("nss_code", r.result().nssCode());
    o.put("pkix_code", r.result().pkixName());
    o.put("cert_index", r.certIndex());
    ArrayNode fingerprints = o.putArray("chain");
    ArrayNode details = o.putArray("chain_details");
    List<Cert> chain = r.chain();
    for (int i = 0; i < chain.size(); i++) {
      Cert c = chain.get(i);
      String hex = HexFormat.of().formatHex(c.sha256());
      fingerprints.add(hex);
      ObjectNode d = details.addObject();
      d.put("index", i);
      d.put("subject", CertDisplay.subject(c));
      d.put("issuer", CertDisplay.issuer(c));
      putTime(d, "not_before", CertDisplay.notBefore(c));
      putTime(d, "not_after", CertDisplay.notAfter(c));
      d.put("sha256", hex);
      d.put("preloaded", state.preloaded(i));
    }
    o.put("presented", presented.size());
    if (r.host() == null) {
      o.putNull("host");
    } else {
      o.put("host", r.host());
    }
    putTime(o, "time", r.time());
    o.set("explanation", Json.explanation(e));
    putPolicy(o, r, e);
    o.set("ct", ctJson(r.ct()));
    o.set("revocation", revocationJson(r.revocation()));
    o.set("onecrl", oneCrlJson(state.oneCrl()));
    return o;
  }

  /** The {@code "onecrl"} value: null, or the entry that matched (see {@link #toJson}). */
  static com.fasterxml.jackson.databind.JsonNode oneCrlJson(
      dev.pkixj.verifier.policy.RevocationBlocklist.Match m) {
    if (m == null) {
      return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    ObjectNode x = Json.object();
    x.put("id", m.entry().id());
    x.put("kind", kindName(m.entry().kind()));
    x.put("cert_index", m.certIndex());
    if (m.entry().details().bug() != null) {
      x.put("bug", m.entry().details().bug());
    }
    return x;
  }

  /** issuer_serial or subject_key. */
  static String kindName(dev.pkixj.truststore.onecrl.OneCrl.Kind k) {
    return k == dev.pkixj.truststore.onecrl.OneCrl.Kind.ISSUER_SERIAL ? "issuer_serial"
        : "subject_key";
  }

  /** One line each: a preloaded intermediate completed the chain; the OneCRL entry matched. */
  static void printSecurityState(PrintWriter out, SecurityStateOptions.Report state) {
    if (state.anyPreloaded()) {
      out.println();
      out.println("The chain was completed by a preloaded intermediate (not sent by the server).");
    }
    if (state.oneCrl() != null) {
      var m = state.oneCrl();
      out.println();
      out.println("OneCRL: entry " + m.entry().id() + " (" + kindName(m.entry().kind()) + ") lists "
          + (m.certIndex() >= 0 ? "certificate [" + m.certIndex() + "] of the chain"
              : "a presented certificate of another candidate path")
          + (m.entry().details().bug() == null ? "" : ", bug " + m.entry().details().bug()));
    }
  }

  /**
   * What the end-entity's revocation check did: {@code {"source", "crlite"}} (docs/crlite.md,
   * "Command line"): source none, crlite, ocsp_staple, ocsp_cache or ocsp_fetch; crlite off,
   * revoked, good, not_enrolled, not_covered, no_filter or stale.
   */
  static ObjectNode revocationJson(dev.pkixj.truststore.revocation.RevocationInfo info) {
    ObjectNode o = Json.object();
    o.put("source", info.source().jsonName());
    o.put("crlite", info.crlite().jsonName());
    return o;
  }

  /** One line on the revocation check when CRLite was consulted or a source decided. */
  static void printRevocation(PrintWriter out,
      dev.pkixj.truststore.revocation.RevocationInfo info) {
    if (info.equals(dev.pkixj.truststore.revocation.RevocationInfo.NONE)) {
      return;
    }
    out.println("Revocation: decided by " + info.source().jsonName() + ", CRLite "
        + info.crlite().jsonName());
  }

  /** RFC 3339, UTC, with milliseconds: how SCT timestamps are shown. */
  private static final DateTimeFormatter SCT_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** An SCT's timestamp (milliseconds since 1970) as RFC 3339 UTC with milliseconds. */
  static String sctTime(long millis) {
    return SCT_TIME.format(Instant.ofEpochMilli(millis));
  }

  /**
   * What Certificate Transparency said: {@code {"status", "scts": [{"log", "operator",
   * "origin", "timestamp", "status"}]}} (docs/ct.md, "Command line").
   */
  static ObjectNode ctJson(CtResult ct) {
    ObjectNode o = Json.object();
    o.put("status", ct.status().jsonName());
    ArrayNode scts = o.putArray("scts");
    for (VerifiedSct v : ct.scts()) {
      ObjectNode j = scts.addObject();
      j.put("log", logName(v));
      if (v.log() == null) {
        j.putNull("operator");
      } else {
        j.put("operator", v.log().operator());
      }
      j.put("origin", v.sct().origin().jsonName());
      j.put("timestamp", sctTime(v.sct().timestampMillis()));
      j.put("status", v.status().jsonName());
    }
    return o;
  }

  /** The log's name, or its id in base64 when the log is not known. */
  private static String logName(VerifiedSct v) {
    return v.log() != null ? v.log().name()
        : Base64.getEncoder().encodeToString(v.sct().logId());
  }

  /**
   * The SCTs (origin, log, operator, time, status; one line each) and the CT status, when CT was
   * evaluated; nothing otherwise.
   */
  static void printCt(PrintWriter out, VerificationResult r) {
    CtResult ct = r.ct();
    if (ct.status() == CtStatus.NOT_APPLICABLE && ct.scts().isEmpty()) {
      return;
    }
    out.println();
    out.println("Certificate Transparency: " + ct.status().jsonName() + " ("
        + ct.scts().size() + " SCT(s)"
        + (ct.decodingErrors() > 0 ? ", " + ct.decodingErrors() + " not decodable" : "") + ")");
    for (VerifiedSct v : ct.scts()) {
      out.println(String.format(Locale.ROOT, "  %-8s %s (%s)  %s  %s",
          v.sct().origin().jsonName(), logName(v),
          v.log() == null ? "unknown operator" : v.log().operator(),
          sctTime(v.sct().timestampMillis()), v.status().jsonName()));
    }
  }

  private static void putTime(ObjectNode o, String key, Instant t) {
    if (t == null) {
      o.putNull(key);
    } else {
      o.put(key, t.toString());
    }
  }

  /** The text report for {@code r}. */
  static void printText(PrintWriter out, VerificationResult r, Explanation e,
      List<byte[]> presented, int anchorCount) {
    printText(out, r, e, presented, anchorCount, SecurityStateOptions.Report.NONE);
  }

  /** As above, marking the chain elements that came from preloading. */
  static void printText(PrintWriter out, VerificationResult r, Explanation e,
      List<byte[]> presented, int anchorCount, SecurityStateOptions.Report state) {
    out.println("Host:  " + (r.host() == null ? "(not checked)" : r.host()));
    out.println("Time:  " + r.time());
    out.println("Roots: " + anchorCount + " trust anchor(s); " + presented.size()
        + " certificate(s) presented");
    out.println();
    List<Cert> chain = r.chain();
    if (chain.isEmpty()) {
      out.println("No chain was built. Presented certificates:");
      for (int i = 0; i < presented.size(); i++) {
        printPresented(out, i, presented.get(i));
      }
    } else {
      out.println(r.isValid() ? "Chain (leaf first):" : "Chain tried (leaf first):");
      for (int i = 0; i < chain.size(); i++) {
        printCert(out, i, chain.get(i), i == r.certIndex() && !r.isValid());
        if (state.preloaded(i)) {
          out.println("      (preloaded intermediate: not sent by the server)");
        }
      }
    }
    out.println();
    Result code = r.result();
    // A success through a certificate exception (README, "Browser policy").
    if (r.isOverridden()) {
      out.println("OK (exception): " + r.overriddenError().firefoxName() + " ("
          + r.overriddenError().nssCode() + ") is covered by the certificate exception for "
          + r.host() + (r.notes().port() == 443 ? "" : ":" + r.notes().port()));
      out.println();
      out.println(e.toText());
      return;
    }
    if (r.isValid()) {
      out.println("OK: the chain is valid"
          + (r.host() == null ? "" : " for " + r.host()) + " (Success)");
      return;
    }
    // openssl verify's form, with Firefox's code name.
    out.println("error " + code.firefoxName() + " (" + code.nssCode() + ") at "
        + r.certIndex() + " depth: " + Explanations.nssDescription(code));
    out.println();
    out.println(e.toText());
  }

  private static void printCert(PrintWriter out, int i, Cert c, boolean concerned) {
    out.println("  [" + i + "] " + CertDisplay.subject(c) + (concerned ? "   <-- error" : ""));
    out.println("      issuer:   " + CertDisplay.issuer(c));
    out.println("      validity: " + orUnreadable(CertDisplay.notBefore(c)) + " to "
        + orUnreadable(CertDisplay.notAfter(c)));
    out.println("      sha256:   " + c.fingerprintHex());
  }

  private static void printPresented(PrintWriter out, int i, byte[] der) {
    try {
      printCert(out, i, Cert.parse(der), false);
    } catch (PkixException ex) {
      out.println("  [" + i + "] (cannot be parsed: " + ex.result().firefoxName() + ")");
    }
  }

  private static String orUnreadable(Instant t) {
    return t == null ? CertDisplay.UNREADABLE : t.toString();
  }

  /** The JSON fields the browser layer adds; existing fields are unchanged. */
  private static void putPolicy(ObjectNode o, VerificationResult r, Explanation e) {
    if (r.isOverridden()) {
      ObjectNode x = o.putObject("overridden");
      x.put("code", r.overriddenError().firefoxName());
      x.put("nss_code", r.overriddenError().nssCode());
      x.put("cert_index", r.notes().overriddenCertIndex());
      x.put("port", r.notes().port());
    } else {
      o.putNull("overridden");
    }
    o.put("port", r.notes().port());
    o.put("strict_transport_security", r.notes().strictTransportSecurity());
    ClockCheck c = r.notes().clock();
    if (c == null) {
      o.putNull("clock");
    } else {
      ObjectNode k = o.putObject("clock");
      k.put("time_source", c.source().name().toLowerCase(java.util.Locale.ROOT));
      putTime(k, "verification_time", c.verificationTime());
      putTime(k, "valid_from", c.validFrom());
      putTime(k, "valid_until", c.validUntil());
      if (c.shift() == null) {
        k.putNull("shift_seconds");
      } else {
        k.put("shift_seconds", c.shift().getSeconds());
      }
      k.put("probably_wrong", c.clockProbablyWrong());
      k.put("reason", c.reason().name().toLowerCase(java.util.Locale.ROOT));
      k.put("recent_similar_failures", c.recentSimilarFailures());
    }
    if (o.get("explanation") instanceof ObjectNode x) {
      x.put("clock_probably_wrong", e.clockProbablyWrong());
      if (e.overriddenError() == null) {
        x.putNull("overridden_error");
      } else {
        x.put("overridden_error", e.overriddenError().firefoxName());
      }
    }
  }
}
