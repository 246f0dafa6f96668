package dev.pkixj.verifier.explain;

import dev.pkixj.pkix.Cert;
import dev.pkixj.pkix.Result;
import dev.pkixj.verifier.VerificationResult;
import dev.pkixj.verifier.ct.CtLog;
import dev.pkixj.verifier.ct.CtResult;
import dev.pkixj.verifier.ct.CtStatus;
import dev.pkixj.verifier.ct.SctOrigin;
import dev.pkixj.verifier.ct.SctStatus;
import dev.pkixj.verifier.ct.VerifiedSct;
import dev.pkixj.verifier.policy.ClockCheck;
import dev.pkixj.verifier.policy.PolicyNotes;
import dev.pkixj.verifier.policy.TimeSource;
import java.time.Duration;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;

/**
 * Builds the text Firefox's certificate error page shows for a verification result
 * ({@code aboutNetError.mjs} with the strings of {@code certError.ftl}, {@code netError.ftl} and
 * {@code nsserrors.ftl}).
 *
 * <p>Which text goes with which code, as in Firefox:
 * <ul>
 *   <li>an overridable error gets the title "Warning: Potential Security Risk Ahead", the "detected
 *       a potential security threat" introduction and the "Advanced" panel text for its code
 *       (unknown issuer, self-signed, expired issuer, …; otherwise "The certificate does not come
 *       from a trusted source." followed by the NSS description);</li>
 *   <li>a host-name mismatch lists the names the certificate is valid for: none ("not valid for
 *       &lt;host&gt;"), one ("only valid for &lt;name&gt;") or several ("only valid for the
 *       following names: a, b"), taken from the end-entity's dNSName entries only;</li>
 *   <li>the four validity errors get the "misconfigured or your clock is wrong" introduction, the
 *       relevant date of the certificate concerned, the verification time, and the advice to check
 *       the clock;</li>
 *   <li>INSUFFICIENT_CERTIFICATE_TRANSPARENCY gives Firefox's sentence ("couldn't prove it meets
 *       public certificate transparency requirements") and its advice ("Probably nothing"), says
 *       that Firefox's newer error page offers no exception for it (docs/ct.md, "Error page"),
 *       and, when the result carries the CT evaluation ({@link VerificationResult#ct()}), a
 *       technical paragraph: the CT status, how many valid SCTs from how many distinct logs and
 *       operators (by source), the SCTs that did not count and why, and the decoding
 *       errors;</li>
 *   <li>MITM_DETECTED names the intercepting software by the issuer's common name, as Firefox
 *       does (with the issuer's organisation in parentheses when it has a different one), and
 *       gives the page's advice (TLS scanning in security software, family-safety filters,
 *       corporate networks);</li>
 *   <li>with {@link VerificationResult#notes()} from the browser layer: an overridable error on
 *       an HSTS or pinned host gets "Did Not Connect: Potential Security Issue" and no exception;
 *       a time error whose clock check blames the clock gets "Your Computer Clock is Wrong"; a
 *       time error otherwise states the verification time used and where it came from; a
 *       success through a certificate exception says which error the exception covers;</li>
 *   <li>every other error gets "Secure Connection Failed", "An error occurred during a connection
 *       to &lt;host&gt;." with the NSS one-line description, and no exception button.</li>
 * </ul>
 * Dates are shown in UTC in the form "November 28, 2026" (the verification time with the time of
 * day). The strings live in {@code messages.properties} next to this class.
 *
 * <p>Thread-safe and stateless.
 */
public final class Explanations {
  private Explanations() {}

  private static final String BUNDLE = "dev.pkixj.verifier.explain.messages";
  /** Stands for the host while formatting neutral text; replaced by "this site"/"This site". */
  private static final String NEUTRAL = "\u0001";

  private static final ResourceBundle MESSAGES = ResourceBundle.getBundle(BUNDLE, Locale.ROOT,
      Explanations.class.getClassLoader(),
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));

  private static final DateTimeFormatter DATE = DateTimeFormatter
      .ofPattern(MESSAGES.getString("date.pattern"), Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter
      .ofPattern(MESSAGES.getString("time.pattern"), Locale.US).withZone(ZoneOffset.UTC);

  /**
   * Explains {@code r}: the host that was checked, the dates of the certificate the code concerns
   * ({@link VerificationResult#certIndex()}), the names of the end-entity certificate, the issuer
   * of the end-entity (for MITM_DETECTED) and the verification time are filled in. A result with
   * no host (a client certificate, or no host check) is worded for "this site".
   */
  public static Explanation explain(VerificationResult r) {
    List<Cert> chain = r.chain() == null ? List.of() : r.chain();
    Cert leaf = chain.isEmpty() ? null : chain.get(0);
    PolicyNotes notes = r.notes();
    if (notes.isOverridden()) {
      return overridden(r, leaf, notes);
    }
    Cert concerned = concernedCert(r.result(), r.certIndex(), chain, r.time());
    return build(r.result(), r.host(), leaf, concerned, r.time(), notes, r.ct());
  }

  /** The generic explanation of {@code code}: no host ("this site"), no dates and no names. */
  public static Explanation forCode(Result code) {
    return build(code, null, null, null, null, PolicyNotes.NONE, null);
  }

  /** The formatted date ("November 28, 2026") of {@code t} in UTC, as the pages show it. */
  public static String formatDate(Instant t) {
    return DATE.format(t);
  }

  /** The formatted date and time of {@code t} in UTC, as the pages show "the current time". */
  public static String formatTime(Instant t) {
    return TIME.format(t);
  }

  /** The NSS one-line description of {@code code} ("Peer's Certificate has been revoked."). */
  public static String nssDescription(Result code) {
    return text("nss." + code.name());
  }

  // ---- Assembly ----

  private static Explanation build(Result code, String host, Cert leaf, Cert concerned,
      Instant time, PolicyNotes notes, CtResult ct) {
    String h = host == null ? NEUTRAL : host;
    String now = time == null ? null : formatTime(time);
    List<String> names = leaf == null ? List.of() : CertDisplay.dnsNames(leaf);
    boolean overridable = code.isOverridable();
    ClockCheck clock = code.isTimeRelated() ? notes.clock() : null;
    boolean clockWrong = clock != null && clock.clockProbablyWrong();
    boolean sts = overridable && notes.strictTransportSecurity() && !clockWrong;

    if (clockWrong) {
      return clockIsWrong(code, h, names, clock);
    }

    String title;
    List<String> paragraphs = new ArrayList<>();
    if (code == Result.SUCCESS) {
      title = text("title.success");
      paragraphs.add(text("intro.success", h));
    } else if (overridable) {
      title = text(sts ? "title.sts" : "title.overridable");
      describeOverridable(code, h, names, concerned, now, leaf, paragraphs);
      if (code == Result.MOZILLA_PKIX_ERROR_INSUFFICIENT_CERTIFICATE_TRANSPARENCY) {
        paragraphs.add(text("detail.ct.exception", h));
        if (ct != null && ct.status() != CtStatus.NOT_APPLICABLE) {
          paragraphs.add(ctTechnical(ct));
        }
      }
      if (sts) {
        stsParagraphs(code, h, paragraphs);
      }
    } else {
      title = text("title.failed");
      paragraphs.add(text("intro.failed", h, nssDescription(code)));
      paragraphs.add(text("intro.failed.notVerified", h));
    }
    if (clock != null) {
      paragraphs.add(clockParagraph(h, clock));
    }

    String whatToDo;
    if (code == Result.SUCCESS) {
      whatToDo = text("todo.success", h);
    } else if (code.isFatal()) {
      whatToDo = text("todo.fatal", h);
    } else if (code.isTimeRelated()) {
      if (clock != null && clock.source() == TimeSource.GIVEN) {
        whatToDo = text("todo.clock.given", h, "", now);
      } else {
        whatToDo = now == null ? text("todo.clock.nodate", h) : text("todo.clock", h, "", now);
      }
    } else if (sts && has("todo." + code.name() + ".sts")) {
      whatToDo = text("todo." + code.name() + ".sts", h, mitmName(leaf));
    } else if (has("todo." + code.name())) {
      whatToDo = text("todo." + code.name(), h, mitmName(leaf));
    } else {
      whatToDo = text(overridable ? "todo.overridable" : "todo.failed", h);
    }

    return new Explanation(code, title, neutral(String.join("\n\n", paragraphs)),
        neutral(whatToDo), overridable && !sts, code.isTimeRelated(), names, false, null);
  }

  /** Firefox's clock-skew page ({@code clockSkewError}): no exception button. */
  private static Explanation clockIsWrong(Result code, String h, List<String> names,
      ClockCheck clock) {
    String now = formatTime(clock.verificationTime());
    List<String> paragraphs = new ArrayList<>();
    paragraphs.add(text("intro.clockWrong", h, formatDate(clock.verificationTime()), now));
    paragraphs.add(text("detail.clockWrong." + clock.reason().name(), h,
        clock.reason() == ClockCheck.Reason.REPEATED_FAILURES
            ? String.valueOf(clock.recentSimilarFailures())
            : clock.shift() == null ? "" : describeShift(clock.shift()), now));
    paragraphs.add(validityParagraph(h, clock));
    paragraphs.add(text("errorCode.underlying", h, code.firefoxName()));
    return new Explanation(code, text("title.clockWrong"),
        neutral(String.join("\n\n", paragraphs)), neutral(text("todo.clockWrong", h, "", now)),
        false, true, names, true, null);
  }

  /** The time used and where it came from, and what the clock check found. */
  private static String clockParagraph(String h, ClockCheck clock) {
    String now = formatTime(clock.verificationTime());
    StringBuilder sb = new StringBuilder(text(clock.source() == TimeSource.GIVEN
        ? "clock.timeUsed.given" : "clock.timeUsed.system", h, "", now));
    String validity = validityParagraph(h, clock);
    if (!validity.isEmpty()) {
      sb.append(' ').append(validity);
    }
    if (clock.source() == TimeSource.SYSTEM_CLOCK) {
      sb.append(' ').append(text("clock.notBlamed", h));
    }
    return sb.toString();
  }

  /** When the whole chain is valid, and how far the time is from it. */
  private static String validityParagraph(String h, ClockCheck clock) {
    if (clock.validFrom() == null || clock.validUntil() == null) {
      return "";
    }
    if (clock.shift() == null) {
      return text("clock.neverValid", h);
    }
    String range = text("clock.validRange", h, formatTime(clock.validFrom()),
        formatTime(clock.validUntil()));
    if (clock.shift().isZero()) {
      return range;
    }
    return range + " " + text(clock.shift().isNegative() ? "clock.shift.earlier"
        : "clock.shift.later", h, describeShift(clock.shift()));
  }

  /** "3 hours", "2 days", "45 minutes" for the absolute value of {@code d}. */
  static String describeShift(Duration d) {
    Duration a = d.abs();
    if (a.toDays() >= 2) {
      return text("duration.days", "", String.valueOf(a.toDays()));
    }
    if (a.toHours() >= 2) {
      return text("duration.hours", "", String.valueOf(a.toHours()));
    }
    if (a.toMinutes() >= 1) {
      return text("duration.minutes", "", String.valueOf(Math.max(1, a.toMinutes())));
    }
    return text("duration.seconds", "", String.valueOf(a.getSeconds()));
  }

  /**
   * The HSTS page's changes ({@code aboutNetError.mjs} with {@code badStsCert}): the STS
   * introduction replaces the generic one (the time and MITM pages keep their own), the expired
   * page's second paragraph loses the "if you visit this site" sentence, and a last paragraph
   * says why no exception can be added.
   */
  private static void stsParagraphs(Result code, String h, List<String> paragraphs) {
    for (int i = 0; i < paragraphs.size(); i++) {
      String p = paragraphs.get(i);
      if (p.equals(text("intro.overridable", h))) {
        paragraphs.set(i, text("intro.sts", h));
      } else if (p.equals(text("intro.expired", h))) {
        paragraphs.set(i, text("intro.expired.sts", h));
      }
    }
    paragraphs.add(text("detail.sts", h));
  }

  /** A success through a certificate exception ("Accept the Risk and Continue"). */
  private static Explanation overridden(VerificationResult r, Cert leaf, PolicyNotes notes) {
    String h = r.host() == null ? NEUTRAL : r.host();
    Result covered = notes.overriddenError();
    List<String> names = leaf == null ? List.of() : CertDisplay.dnsNames(leaf);
    String where = r.host() == null ? h
        : notes.port() > 0 && notes.port() != 443 ? r.host() + ":" + notes.port() : r.host();
    List<String> paragraphs = new ArrayList<>();
    paragraphs.add(text("intro.overridden", where, covered.firefoxName()));
    Cert concerned = concernedCert(covered, notes.overriddenCertIndex(), r.chain(), r.time());
    Explanation underlying = build(covered, r.host(), leaf, concerned, r.time(),
        PolicyNotes.NONE, r.ct());
    paragraphs.add(text("detail.overridden", h));
    paragraphs.add(underlying.description());
    return new Explanation(Result.SUCCESS, text("title.overridden"),
        neutral(String.join("\n\n", paragraphs)), neutral(text("todo.overridden", where)),
        false, false, names, false, covered);
  }

  private static void describeOverridable(Result code, String h, List<String> names,
      Cert concerned, String now, Cert leaf, List<String> out) {
    String invalid = text("detail.invalidCert", h);
    switch (code) {
      case SEC_ERROR_EXPIRED_CERTIFICATE: {
        out.add(text("intro.time", h));
        out.add(text("intro.expired", h));
        Instant notAfter = concerned == null ? null : CertDisplay.notAfter(concerned);
        out.add(notAfter != null && now != null
            ? text("detail.expired", h, formatDate(notAfter), now)
            : text("detail.expired.nodate", h));
        return;
      }
      case MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE: {
        out.add(text("intro.time", h));
        Instant notBefore = concerned == null ? null : CertDisplay.notBefore(concerned);
        out.add(notBefore != null && now != null
            ? text("detail.notYetValid", h, formatDate(notBefore), now)
            : text("detail.notYetValid.nodate", h));
        return;
      }
      case SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE: {
        out.add(text("intro.time", h));
        Instant notAfter = concerned == null ? null : CertDisplay.notAfter(concerned);
        String detail = invalid + " " + text("detail." + code.name(), h);
        if (notAfter != null && now != null) {
          detail += " " + text("detail.issuerExpired", h, formatDate(notAfter), now);
        }
        out.add(detail);
        return;
      }
      case MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE: {
        out.add(text("intro.time", h));
        Instant notBefore = concerned == null ? null : CertDisplay.notBefore(concerned);
        String detail = invalid + " " + text("detail.untrustedDefault", h) + " "
            + nssDescription(code);
        if (notBefore != null && now != null) {
          detail += " " + text("detail.issuerNotYetValid", h, formatDate(notBefore), now);
        }
        out.add(detail);
        return;
      }
      case MOZILLA_PKIX_ERROR_MITM_DETECTED:
        out.add(text("heading.mitm", h) + ".");
        out.add(text("detail." + code.name(), h, mitmName(leaf)));
        out.add(text("detail.mitm.store", h));
        return;
      case SSL_ERROR_BAD_CERT_DOMAIN: {
        out.add(text("intro.overridable", h));
        String list;
        if (names.isEmpty()) {
          list = text("detail.domain.none", h);
        } else if (names.size() == 1) {
          list = text("detail.domain.single", h, names.get(0));
        } else {
          list = text("detail.domain.multiple", h, String.join(", ", names));
        }
        out.add(invalid + " " + list);
        return;
      }
      case SEC_ERROR_UNKNOWN_ISSUER:
        out.add(text("intro.overridable", h));
        out.add(text("detail." + code.name(), h));
        return;
      default:
        out.add(text("intro.overridable", h));
        if (has("detail." + code.name())) {
          out.add(invalid + " " + text("detail." + code.name(), h));
        } else if (code == Result.SEC_ERROR_INVALID_TIME) {
          out.add(invalid + " " + nssDescription(code));
        } else {
          out.add(invalid + " " + text("detail.untrustedDefault", h) + " " + nssDescription(code));
        }
    }
  }

  /**
   * The technical paragraph of the CT error: the status, the valid SCTs (how many, from how many
   * distinct logs and operators, by source), the SCTs that did not count by status, and the
   * decoding errors.
   */
  static String ctTechnical(CtResult ct) {
    int valid = 0;
    int[] bySource = new int[SctOrigin.values().length];
    int[] byStatus = new int[SctStatus.values().length];
    Set<CtLog> logs = new HashSet<>(); // one object per log in a list
    Set<Integer> operators = new HashSet<>();
    for (VerifiedSct v : ct.scts()) {
      if (v.isValid()) {
        valid++;
        bySource[v.sct().origin().ordinal()]++;
        logs.add(v.log());
        operators.add(v.log().operatorId());
      } else {
        byStatus[v.status().ordinal()]++;
      }
    }
    StringBuilder sb = new StringBuilder(format("ct.technical", ct.status().jsonName(),
        text("ct.status." + ct.status().jsonName()), valid, logs.size(), operators.size(),
        bySource[SctOrigin.EMBEDDED.ordinal()], bySource[SctOrigin.OCSP_RESPONSE.ordinal()],
        bySource[SctOrigin.TLS_EXTENSION.ordinal()]));
    List<String> dropped = new ArrayList<>();
    for (SctStatus st : SctStatus.values()) {
      if (byStatus[st.ordinal()] > 0) {
        dropped.add(byStatus[st.ordinal()] + " " + st.jsonName());
      }
    }
    sb.append(' ').append(dropped.isEmpty() ? text("ct.technical.noneDropped")
        : format("ct.technical.dropped", String.join(", ", dropped)));
    if (ct.decodingErrors() > 0) {
      sb.append(' ').append(format("ct.technical.decoding", ct.decodingErrors()));
    }
    return sb.toString();
  }

  /** Formats message {@code key} with its own arguments (numbers as plain digits). */
  private static String format(String key, Object... args) {
    Object[] all = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      all[i] = args[i] instanceof Integer ? String.valueOf(args[i]) : args[i];
    }
    return new MessageFormat(MESSAGES.getString(key), Locale.ROOT).format(all);
  }

  /**
   * The certificate a code is about: {@code chain[certIndex]} when that is in range; otherwise,
   * for the validity errors, the end-entity (own validity) or the first issuer outside its
   * validity period at {@code time} (issuer validity).
   */
  private static Cert concernedCert(Result code, int certIndex, List<Cert> chain, Instant time) {
    if (certIndex >= 0 && certIndex < chain.size()) {
      return chain.get(certIndex);
    }
    if (chain.isEmpty()) {
      return null;
    }
    switch (code) {
      case SEC_ERROR_EXPIRED_CERTIFICATE:
      case MOZILLA_PKIX_ERROR_NOT_YET_VALID_CERTIFICATE:
        return chain.get(0);
      case SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE:
      case MOZILLA_PKIX_ERROR_NOT_YET_VALID_ISSUER_CERTIFICATE:
        if (time == null) {
          return null;
        }
        for (int i = 1; i < chain.size(); i++) {
          Instant nb = CertDisplay.notBefore(chain.get(i));
          Instant na = CertDisplay.notAfter(chain.get(i));
          boolean expired = na != null && time.isAfter(na);
          boolean early = nb != null && time.isBefore(nb);
          if (code == Result.SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE ? expired : early) {
            return chain.get(i);
          }
        }
        return null;
      default:
        return null;
    }
  }

  /**
   * The name Firefox gives the intercepting software: the common name of the end-entity's issuer
   * ({@code getMitmName} in aboutNetError.mjs), else its organisation.
   */
  private static String mitmName(Cert leaf) {
    if (leaf != null) {
      String cn = CertDisplay.issuerCommonName(leaf);
      String org = CertDisplay.issuerOrganization(leaf);
      if (cn != null && !cn.isEmpty()) {
        return org == null || org.isEmpty() || org.equals(cn) ? cn
            : text("detail.mitm.nameWithOrganization", "", cn, org);
      }
      String o = CertDisplay.issuerOrganization(leaf);
      if (o != null && !o.isEmpty()) {
        return o;
      }
    }
    return text("detail.mitm.unknownSoftware");
  }

  // ---- Message access ----

  static boolean has(String key) {
    return MESSAGES.containsKey(key);
  }

  /**
   * Formats message {@code key} with the host {@code args[0]} and the key-specific {@code
   * args[1]}, the verification time {@code args[2]}, and the brand as {3}.
   */
  static String text(String key, String... args) {
    String pattern;
    try {
      pattern = MESSAGES.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("message " + key + " missing from " + BUNDLE, e);
    }
    Object[] all = new Object[4];
    for (int i = 0; i < 3; i++) {
      all[i] = i < args.length && args[i] != null ? args[i] : "";
    }
    all[3] = MESSAGES.getString("brand");
    return new MessageFormat(pattern, Locale.ROOT).format(all);
  }

  /** Replaces the neutral host marker: "This site" at the start of a sentence, else "this site". */
  private static String neutral(String s) {
    if (s.indexOf(NEUTRAL) < 0) {
      return s;
    }
    String lower = MESSAGES.getString("neutral.host");
    String upper = MESSAGES.getString("neutral.host.start");
    StringBuilder sb = new StringBuilder(s.length() + 32);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != NEUTRAL.charAt(0)) {
        sb.append(c);
        continue;
      }
      int j = sb.length() - 1;
      while (j >= 0 && sb.charAt(j) == ' ') {
        j--;
      }
      boolean sentenceStart = j < 0 || ".!?\n".indexOf(sb.charAt(j)) >= 0;
      sb.append(sentenceStart ? upper : lower);
    }
    return sb.toString();
  }
}
